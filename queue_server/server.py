"""The websocket shell around the engine: hello and roles, snapshot then broadcasts, one reply per command.

Each step of a connection says why it is there; the rules themselves live in the engine.
"""
import asyncio
import hmac
import json
import logging
import sqlite3
import time
from dataclasses import dataclass
from http import HTTPStatus
from typing import Callable, Optional

import msgspec
from websockets.asyncio.server import ServerConnection, broadcast, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Response

from queue_protocol import errors, messages as m
from queue_protocol.commands import rule_of
from queue_server import views
from queue_server.config import HallConfig
from queue_server.dossiers import normalize_day
from queue_server.engine import Engine, Outcome
from queue_server.reports import day_figures
from queue_server.store import Store

log = logging.getLogger(__name__)

HELLO_TIMEOUT_S = 10
TICK_INTERVAL_S = 5


@dataclass(frozen=True)
class Client:
    role: str
    device: str
    counter: Optional[int]


class HallServer:
    def __init__(self, config: HallConfig, store: Store, clock: Callable[[], float] = time.time):
        self.config = config
        self.store = store
        self.clock = clock
        self.engine: Engine = store.load_engine(config)
        self.clients: dict[ServerConnection, Client] = {}
        self._advance_time(clock())

    # --- time ------------------------------------------------------------------------------------

    def _advance_time(self, now: float) -> None:
        """A new day, closing time, a service opening: stored first, then told to whoever listens."""
        outcome = self.engine.tick(now)
        if outcome.events and self._commit(outcome, now):
            self._broadcast(outcome, now)

    async def tick_forever(self) -> None:
        while True:
            await asyncio.sleep(TICK_INTERVAL_S)
            self._advance_time(self.clock())

    # --- HTTP on the same port -------------------------------------------------------------------

    def health(self) -> dict:
        return {"status": "ok", "hall": self.config.hall.name, "day": self.engine.day,
                "protocol": m.PROTOCOL_VERSION, "connections": len(self.clients),
                "waiting": sum(self.engine.waiting_count.values())}

    def process_request(self, connection: ServerConnection, request) -> Optional[Response]:
        if request.path == "/healthz":
            body = json.dumps(self.health(), ensure_ascii=False).encode()
            return Response(HTTPStatus.OK.value, "OK", Headers(
                [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(body)))]), body)
        if request.headers.get("Upgrade", "").lower() != "websocket":
            return connection.respond(HTTPStatus.NOT_FOUND, "xephang: websocket at /, health at /healthz\n")
        return None

    # --- a connection ----------------------------------------------------------------------------

    async def handler(self, connection: ServerConnection) -> None:
        client = await self._greet(connection)
        if client is None:
            return
        # Registered before the welcome is sent, so no event can fall between snapshot and broadcasts.
        self.clients[connection] = client
        try:
            now = self.clock()
            await connection.send(m.encode(m.Welcome(
                role=client.role, device=client.device, protocol=m.PROTOCOL_VERSION,
                snapshot=views.snapshot(self.engine, client.role, now, client.counter))))
            async for frame in connection:
                reply, outcome, now = self.handle_frame(client, frame)
                # Reply first, then the events it caused: both written now, in this order.
                self._send(connection, reply)
                if outcome is not None:
                    self._broadcast(outcome, now)
        except ConnectionClosed as closed:
            # An oversized frame closes with 1009 and surfaces here; the rest of the hall carries on.
            log.info("%s disconnected: %s", client.device, closed)
        finally:
            self.clients.pop(connection, None)

    async def _greet(self, connection: ServerConnection) -> Optional[Client]:
        """Read the hello, check device, token and role; close with a clear code when wrong."""
        try:
            frame = await asyncio.wait_for(connection.recv(), HELLO_TIMEOUT_S)
            hello = m.decode_client(frame)
        except (asyncio.TimeoutError, ConnectionClosed):
            await connection.close(m.CLOSE_BAD_HELLO, "expected hello")
            return None
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            await connection.close(m.CLOSE_BAD_HELLO, f"malformed hello: {exc}"[:120])
            return None
        if not isinstance(hello, m.Hello):
            await connection.close(m.CLOSE_BAD_HELLO, "the first message must be hello")
            return None
        if hello.protocol != m.PROTOCOL_VERSION:
            await connection.close(m.CLOSE_PROTOCOL_VERSION, f"protocol {m.PROTOCOL_VERSION} only")
            return None
        device = self.config.device(hello.device)
        if device is None or not hmac.compare_digest(device.token.encode(), hello.token.encode()):
            await connection.close(m.CLOSE_BAD_CREDENTIALS, "unknown device or wrong token")
            return None
        if device.role != hello.role:
            await connection.close(m.CLOSE_ROLE_NOT_ALLOWED, f"device {device.id} is a {device.role}")
            return None
        return Client(role=device.role, device=device.id, counter=device.counter)

    # --- one command -----------------------------------------------------------------------------

    def handle_frame(self, client: Client, frame) -> tuple[str, Optional[Outcome], float]:
        """One frame in, one reply out (with the outcome to broadcast); state changes only by a commit."""
        now = self.clock()
        if isinstance(frame, bytes):
            return self._error(None, errors.Malformed(detail="JSON text frames only")), None, now
        try:
            command = m.decode_client(frame)
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            return self._error(_request_id(frame), errors.Malformed(detail=str(exc))), None, now
        if isinstance(command, m.Hello):
            return self._error(None, errors.Malformed(detail="hello was already received")), None, now
        rule = rule_of(command)
        if client.role not in rule.senders:
            return self._error(command.id, errors.NotAllowed(client.role, m.tag_of(type(command)))), None, now
        changes_state = rule.changes_state
        previous = self.store.previous_reply(client.device, command.id) if changes_state else None
        if previous is not None:  # a retry: the first answer again, nothing done twice
            return previous, None, now
        self._advance_time(now)
        try:
            outcome = self.engine.handle(command, now, client.counter if rule.own_counter else None)
            stats = self._stats(command) if isinstance(command, m.Stats) else None
        except errors.QueueError as refusal:
            reply = self._error(command.id, refusal)
            if changes_state:
                self._commit(Outcome(), now, client.device, command.id, reply)
            return reply, None, now
        reply = m.encode(views.ok_reply(command.id, self.engine, outcome, client.role, now, stats))
        if changes_state and not self._commit(outcome, now, client.device, command.id, reply):
            return self._error(command.id, errors.StorageFailed()), None, now
        return reply, outcome, now

    def _commit(self, outcome: Outcome, now: float, device=None, request_id=None, reply=None) -> bool:
        """Store an outcome; if the disk refuses, forget it in memory too, so memory never runs ahead."""
        try:
            self.store.commit(outcome, now, device, request_id, reply)
            return True
        except sqlite3.Error:
            log.exception("could not store the outcome of %s from %s; reloading from the database",
                          request_id, device)
            self.engine = self.store.load_engine(self.config)
            return False

    def _stats(self, command: m.Stats) -> dict:
        day = normalize_day(command.day) if command.day else self.engine.day
        return day_figures(day, self.store.tickets_of_day(day))

    @staticmethod
    def _error(request_id: Optional[str], error: errors.QueueError) -> str:
        return m.encode(m.Error(id=request_id, code=error.code, message=error.message))

    # --- events ----------------------------------------------------------------------------------

    def _broadcast(self, outcome: Outcome, now: float) -> None:
        if views.starts_new_day(outcome):
            for connection, client in list(self.clients.items()):
                self._send(connection, m.encode(m.Resync(
                    snapshot=views.snapshot(self.engine, client.role, now, client.counter))))
            return
        for topic, messages in views.broadcasts(self.engine, outcome, now).items():
            if not messages:
                continue
            audience = [c for c, client in self.clients.items() if topic in views.SUBSCRIPTIONS[client.role]]
            for message in messages:
                broadcast(audience, m.encode(message))

    @staticmethod
    def _send(connection: ServerConnection, frame: str) -> None:
        broadcast([connection], frame)


class _RequestIdOnly(msgspec.Struct):
    id: Optional[str] = None


def _request_id(frame) -> Optional[str]:
    """The id of a frame that failed validation, so its error can still be matched to the request."""
    try:
        return msgspec.json.decode(frame, type=_RequestIdOnly).id
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):
        return None


async def run_server(hall: HallServer, host: str, port: int, ready: Callable[[int], None] = lambda port: None,
                     stop: Optional[asyncio.Future] = None) -> None:
    async with serve(hall.handler, host, port, process_request=hall.process_request,
                     max_size=m.MAX_FRAME_BYTES, compression=None, ping_interval=20, ping_timeout=20) as server:
        ticker = asyncio.create_task(hall.tick_forever())
        ready(server.sockets[0].getsockname()[1])
        try:
            await (stop if stop is not None else asyncio.get_running_loop().create_future())
        finally:
            ticker.cancel()
