"""A thin asyncio client for every app: hello, welcome, replies matched to requests, events, reconnect.

Each step of the connection loop carries its reason; the rules of what to do with the messages live in
HallView and the apps.
"""
import asyncio
import itertools
import logging
import secrets
from typing import Callable, Optional

import msgspec
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from queue_protocol.messages import (
    MAX_FRAME_BYTES, PROTOCOL_VERSION, Command, Error, Hello, Ok, Welcome, decode_server, encode,
)

log = logging.getLogger(__name__)
# websockets logs every frame at DEBUG; an app running all day needs connections, not frames.
_websocket_log = logging.getLogger(__name__ + ".websocket")
_websocket_log.setLevel(logging.INFO)

BACKOFF_FIRST_S = 0.2
BACKOFF_MAX_S = 3.0


class CommandRefused(Exception):
    """The server answered a command with an error; .error holds the code and both messages."""

    def __init__(self, error: Error):
        super().__init__(f"{error.code}: {error.message.en}")
        self.error = error


class ServerUnavailable(Exception):
    """No reply in time: the server is unreachable or did not answer."""

    def __init__(self, timeout: float):
        super().__init__(f"no reply from the server within {timeout:g} s / "
                         f"máy chủ không trả lời trong {timeout:g} giây")


class HelloRefused(Exception):
    """The server closed the connection at hello: bad token, wrong role. Retrying will not help."""


class QueueClient:
    def __init__(self, url: str, role: str, device: str, token: str,
                 on_welcome: Callable[[Welcome], None] = lambda welcome: None,
                 on_event: Callable[[object], None] = lambda event: None,
                 on_connection: Callable[[bool], None] = lambda connected: None):
        self.url = url
        self.hello = Hello(role=role, device=device, token=token, protocol=PROTOCOL_VERSION)
        self.on_welcome = on_welcome
        self.on_event = on_event
        self.on_connection = on_connection
        self.refused: Optional[str] = None
        self._ids = itertools.count(1)
        # A fresh prefix per process: ids never repeat across restarts of the app.
        self._id_prefix = f"{device}:{secrets.token_hex(4)}"
        self._pending: dict[str, tuple[Command, asyncio.Future]] = {}
        self._connection = None
        self._connected = asyncio.Event()
        self._closing = False

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    def new_id(self) -> str:
        return f"{self._id_prefix}:{next(self._ids)}"

    async def run(self) -> None:
        """Stay connected until close(): reconnect with backoff, resync and resend what is unanswered."""
        backoff = BACKOFF_FIRST_S
        while not self._closing:
            try:
                async with connect(self.url, max_size=MAX_FRAME_BYTES, compression=None, logger=_websocket_log,
                                   open_timeout=5, ping_interval=5, ping_timeout=5) as connection:
                    await self._session(connection)
                    backoff = BACKOFF_FIRST_S
            except HelloRefused as refused:
                self.refused = str(refused)
                log.error("server refused this device: %s", refused)
                self._set_connected(False)
                return
            except (OSError, ConnectionClosed, InvalidHandshake, asyncio.TimeoutError) as exc:
                log.info("connection to %s lost or refused: %s", self.url, exc)
            self._set_connected(False)
            if self._closing:
                return
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, BACKOFF_MAX_S)

    async def _session(self, connection) -> None:
        await connection.send(encode(self.hello))
        try:
            first = decode_server(await connection.recv())
        except ConnectionClosed as closed:
            if closed.rcvd is not None and 4400 <= closed.rcvd.code < 4500:
                raise HelloRefused(f"{closed.rcvd.code} {closed.rcvd.reason}") from closed
            raise
        if not isinstance(first, Welcome):
            raise HelloRefused(f"expected welcome, got {type(first).__name__}")
        self._connection = connection
        self.on_welcome(first)
        self._set_connected(True)
        # Requests sent before the loss may or may not have arrived: the same id makes resending safe.
        for command, _ in list(self._pending.values()):
            await connection.send(encode(command))
        try:
            async for frame in connection:
                self._dispatch(frame)
        finally:
            self._connection = None

    def _dispatch(self, frame) -> None:
        try:
            message = decode_server(frame)
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            log.warning("ignoring a frame this client does not understand: %s", exc)
            return
        if isinstance(message, (Ok, Error)):
            pending = self._pending.pop(message.id, None) if message.id else None
            if pending is not None and not pending[1].done():
                pending[1].set_result(message)
        else:
            self.on_event(message)

    def _set_connected(self, connected: bool) -> None:
        if connected != self._connected.is_set():
            if connected:
                self._connected.set()
            else:
                self._connected.clear()
            self.on_connection(connected)

    async def request(self, command: Command, timeout: float = 10.0) -> Ok:
        """Send a command and wait for its one reply; survives reconnects by resending the same id."""
        future = asyncio.get_running_loop().create_future()
        self._pending[command.id] = (command, future)
        try:
            if self._connection is not None:
                try:
                    await self._connection.send(encode(command))
                except ConnectionClosed:
                    pass  # resent by _session after the reconnect
            reply = await asyncio.wait_for(asyncio.shield(future), timeout)
        except asyncio.TimeoutError:
            raise ServerUnavailable(timeout) from None
        finally:
            self._pending.pop(command.id, None)
        if isinstance(reply, Error):
            raise CommandRefused(reply)
        return reply

    async def wait_connected(self, timeout: float) -> bool:
        try:
            await asyncio.wait_for(self._connected.wait(), timeout)
            return True
        except asyncio.TimeoutError:
            return False

    async def close(self) -> None:
        self._closing = True
        if self._connection is not None:
            await self._connection.close()
