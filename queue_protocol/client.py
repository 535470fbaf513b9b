"""A thin asyncio client for every app: hello, welcome, replies matched to requests, events, reconnect.

Each step of the connection loop carries its reason; the rules of what to do with the messages live in
HallView and the apps.
"""
import asyncio
import contextlib
import itertools
import logging
import random
import secrets
import ssl
import time
from collections.abc import AsyncIterator, Callable, Generator

import msgspec
from websockets.asyncio.client import ClientConnection, connect
from websockets.client import backoff, process_exception
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from queue_protocol import offline
from queue_protocol.errors import FrameTooLarge
from queue_protocol.messages import (
    CLOSE_REPLACED,
    MAX_FRAME_BYTES,
    PROTOCOL_VERSION,
    Command,
    Error,
    Hello,
    Ok,
    Resync,
    SnapshotPart,
    Welcome,
    decode_server,
    encode,
)
from queue_protocol.paging import Joining
from queue_protocol.roles import Role
from queue_protocol.text import Text

log = logging.getLogger(__name__)
# websockets logs every frame at DEBUG; an app running all day needs connections, not frames.
_websocket_log = logging.getLogger(__name__ + ".websocket")
_websocket_log.setLevel(logging.INFO)

# Reconnecting: first after a random delay up to RECONNECT_JITTER_S (so a restarted server is not hit by
# every device at the same instant), then RECONNECT_MIN_S growing to RECONNECT_MAX_S.
RECONNECT_JITTER_S = 1.0
RECONNECT_MIN_S = 1.0
RECONNECT_MAX_S = 5.0
# A device whose session another connection takes over (close code 4409) takes it back once; replaced again
# within this window, it stops: two machines with one device id must not push each other off all day.
REPLACED_WINDOW_S = 600.0


class TlsSetupError(Exception):
    """The CA file cannot be used, or one was given for a plain ws:// server. .text says it in vi and en."""

    def __init__(self, text: Text):
        super().__init__(text.on_one_line())
        self.text = text


def tls_context(url: str, ca_file: str | None) -> ssl.SSLContext | None:
    """How a client checks the server of a wss:// url: signed by the CA in ca_file (else by one the machine
    trusts), for the url's host name, not expired. None for ws://, which has nothing to check."""
    if not url.startswith("wss://"):
        if ca_file:
            raise TlsSetupError(Text(f"Đã cho tệp CA nhưng địa chỉ máy chủ {url} không phải wss://.",
                                     f"A CA file is given but the server address {url} is not wss://."))
        return None
    try:
        return ssl.create_default_context(cafile=ca_file)
    except (OSError, ssl.SSLError) as exc:
        reason = getattr(exc, "reason", None) or exc.strerror or str(exc)
        raise TlsSetupError(Text(f"Không dùng được tệp CA {ca_file} ({reason}).",
                                 f"The CA file {ca_file} cannot be used ({reason}).")) from None


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
    """The server closed the connection at hello (bad token, wrong role), or this device's session was taken
    over twice: retrying will not help. .reason says it for the screen."""

    def __init__(self, detail: str, reason: Text):
        super().__init__(detail)
        self.reason = reason


class QueueClient:
    """ca_file: for a wss:// url, the hall CA's certificate (PEM) the server's must be signed by; without
    it, the machine's own trusted authorities. Raises TlsSetupError when it cannot be used."""

    def __init__(self, url: str, role: str, device: str, token: str,
                 on_welcome: Callable[[Welcome], None] = lambda welcome: None,
                 on_event: Callable[[object], None] = lambda event: None,
                 on_connection: Callable[[bool], None] = lambda connected: None,
                 on_offline_reason: Callable[[Text | None], None] = lambda reason: None,
                 ca_file: str | None = None):
        self.url = url
        self._tls = tls_context(url, ca_file)
        self.hello = Hello(role=Role(role), device=device, token=token, protocol=PROTOCOL_VERSION)
        self.on_welcome = on_welcome
        self.on_event = on_event
        self.on_connection = on_connection
        self.on_offline_reason = on_offline_reason
        self.refused: str | None = None
        # Why it is offline, for the app's banner: None while connected or just after an ordinary loss.
        self.offline_reason: Text | None = None
        self._replaced_at: float | None = None  # monotonic time this device's session was last taken over
        self._ids = itertools.count(1)
        # A fresh prefix per process: ids never repeat across restarts of the app.
        self._id_prefix = f"{device}:{secrets.token_hex(4)}"
        self._pending: dict[str, tuple[Command, asyncio.Future[Ok | Error]]] = {}
        self._connection: ClientConnection | None = None
        self._connected = asyncio.Event()
        self._closing = False
        self._staying: asyncio.Task[None] | None = None
        self._joining: Joining | None = None  # a resync whose parts are arriving

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    def new_id(self) -> str:
        return f"{self._id_prefix}:{next(self._ids)}"

    async def run(self) -> None:
        """Stay connected until close(): reconnect, resync and resend what is unanswered.

        Returns after close() or when the server refuses this device's hello (see .refused).
        """
        self._staying = asyncio.ensure_future(self._stay_connected())
        try:
            await self._staying
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if not self._closing or (current is not None and current.cancelling()):
                raise  # run() itself was cancelled, not ended by close()
        except HelloRefused as refused:
            self.refused = str(refused)
            self._set_offline_reason(refused.reason)
            log.error("server refused this device: %s", refused)
        finally:
            self._set_connected(False)

    async def _stay_connected(self) -> None:
        # websockets' own reconnecting iterator: it retries what _failed_attempt allows, with _reconnect_delays.
        connections = connect(self.url, ssl=self._tls, max_size=MAX_FRAME_BYTES, compression=None,
                              logger=_websocket_log,
                              open_timeout=5, ping_interval=5, ping_timeout=5,
                              process_exception=self._failed_attempt, reconnect_delays=_reconnect_delays)
        # aclosing: leaving the loop closes the connection now, not whenever the generator is collected.
        # (connect's __aiter__ is an async generator, which has aclose; its annotation says AsyncIterator.)
        async with contextlib.aclosing(aiter(connections)) as attempts:  # type: ignore[type-var]
            async for connection in attempts:
                try:
                    await self._session(connection)
                except ConnectionClosed as lost:
                    log.info("connection to %s lost: %s", self.url, lost)
                    welcomed = self.connected
                    self._set_connected(False)
                    if lost.rcvd is not None and lost.rcvd.code == CLOSE_REPLACED:
                        self._taken_over(lost.rcvd.reason)
                        await asyncio.sleep(random.uniform(0, RECONNECT_JITTER_S))
                    elif not welcomed:  # closed before its welcome: wait, as after a failed attempt
                        await asyncio.sleep(random.uniform(0, RECONNECT_MAX_S))
                self._set_connected(False)
                if self._closing:
                    return

    async def _session(self, connection: ClientConnection) -> None:
        self._joining = None  # a resync cut off by the loss: the welcome replaces it
        await connection.send(encode(self.hello))
        try:
            first = decode_server(await connection.recv())
        except ConnectionClosed as closed:
            rcvd = closed.rcvd
            if rcvd is not None and 4400 <= rcvd.code < 4500 and rcvd.code != CLOSE_REPLACED:
                raise HelloRefused(f"{rcvd.code} {rcvd.reason}", offline.refused(rcvd.code, rcvd.reason)) from closed
            raise
        if not isinstance(first, Welcome):
            detail = f"expected welcome, got {type(first).__name__}"
            raise HelloRefused(detail, offline.refused(0, detail))
        joining = Joining(first.snapshot)
        while not joining.complete:  # a busy hall's snapshot comes in parts, right after the welcome
            part = decode_server(await connection.recv())
            if isinstance(part, SnapshotPart):
                joining.add(part)
        first = msgspec.structs.replace(first, snapshot=joining.snapshot)
        self._connection = connection
        self.on_welcome(first)
        self._set_offline_reason(None)
        self._set_connected(True)
        # Requests sent before the loss may or may not have arrived: the same id makes resending safe.
        for command, _ in list(self._pending.values()):
            await connection.send(encode(command))
        try:
            async for frame in connection:
                self._dispatch(frame)
        finally:
            self._connection = None

    def _dispatch(self, frame: str | bytes) -> None:
        try:
            message = decode_server(frame)
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            log.warning("ignoring a frame this client does not understand: %s", exc)
            return
        if isinstance(message, (Ok, Error)):
            pending = self._pending.pop(message.id, None) if message.id else None
            if pending is not None and not pending[1].done():
                pending[1].set_result(message)
        elif isinstance(message, Resync) and message.snapshot.more:
            self._joining = Joining(message.snapshot)  # the app hears it once its parts are joined
        elif isinstance(message, SnapshotPart):
            if self._joining is not None:
                self._joining.add(message)
                if self._joining.complete:
                    joined, self._joining = self._joining.snapshot, None
                    self.on_event(Resync(snapshot=joined))
        else:
            self.on_event(message)

    def _failed_attempt(self, exc: Exception) -> Exception | None:
        """websockets' process_exception: what its default retries (network errors, timeouts, 5xx answers),
        and any refused handshake too: a hall's server that is starting may answer oddly for a moment. A
        network error leaves the offline reason to the app's own "reconnecting" words; a certificate that is
        wrong, for another host or expired is said plainly, and retried: once fixed on the server, it connects."""
        self._set_offline_reason(offline.attempt_failed(exc, self.url))
        if isinstance(exc, (InvalidHandshake, ConnectionClosed)):
            return None
        return process_exception(exc)

    def _taken_over(self, close_reason: str) -> None:
        """Another connection said hello as this device. Once, take the session back (a replayed hello loses
        it again at once, and the server logs both addresses); twice within the window, stop."""
        address = offline.replaced_by(close_reason)
        now = time.monotonic()
        again = self._replaced_at is not None and now - self._replaced_at < REPLACED_WINDOW_S
        self._replaced_at = now
        log.warning("this device's session was taken over by a connection from %s", address)
        if again:
            raise HelloRefused(f"{CLOSE_REPLACED} {close_reason}", offline.replaced(address, again=True))
        self._set_offline_reason(offline.replaced(address, again=False))

    def _set_offline_reason(self, reason: Text | None) -> None:
        if reason != self.offline_reason:
            self.offline_reason = reason
            self.on_offline_reason(reason)

    def _set_connected(self, connected: bool) -> None:
        if connected != self._connected.is_set():
            if connected:
                self._connected.set()
            else:
                self._connected.clear()
            self.on_connection(connected)

    async def request(self, command: Command, timeout: float = 10.0) -> Ok:
        """Send a command and wait for its one reply; survives reconnects by resending the same id."""
        if len(encode(command).encode()) > MAX_FRAME_BYTES:  # the server would close at once, and again on resending
            too_large = FrameTooLarge()
            raise CommandRefused(Error(id=command.id, code=too_large.code, message=too_large.message))
        future: asyncio.Future[Ok | Error] = asyncio.get_running_loop().create_future()
        self._pending[command.id] = (command, future)
        try:
            if self._connection is not None:
                try:
                    await self._connection.send(encode(command))
                except ConnectionClosed:
                    pass  # resent by _session after the reconnect
            reply = await asyncio.wait_for(asyncio.shield(future), timeout)
        except TimeoutError:
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
        except TimeoutError:
            return False

    @contextlib.asynccontextmanager
    async def session(self, timeout: float = 10.0) -> AsyncIterator["QueueClient"]:
        """For a command-line tool: connected within `timeout` (else ServerUnavailable), closed however the
        work inside ends."""
        running = asyncio.ensure_future(self.run())
        try:
            if not await self.wait_connected(timeout):
                raise ServerUnavailable(timeout)
            yield self
        finally:
            await self.close()
            await asyncio.wait_for(running, 5)

    def unreachable(self) -> str:
        """Why a session could not start, in Vietnamese and English."""
        if self.refused:
            return (f"Máy chủ từ chối thiết bị {self.hello.device} / The server refused device {self.hello.device}: "
                    f"{self.refused}")
        return f"Không kết nối được máy chủ {self.url} / Cannot reach the server {self.url}"

    async def close(self) -> None:
        """Ends run(): the connection is closed cleanly, a pause between attempts is cut short."""
        self._closing = True
        if self._connection is not None:
            await self._connection.close()
        if self._staying is not None and not self._staying.done():
            self._staying.cancel()




def _reconnect_delays() -> Generator[float, None, None]:
    return backoff(initial_delay=RECONNECT_JITTER_S, min_delay=RECONNECT_MIN_S, max_delay=RECONNECT_MAX_S)
