"""The websocket shell around the engine: hello and roles, snapshot then broadcasts, one reply per command.

Commands are applied to the engine one at a time as they arrive, and stored in groups: while one group's
transaction is fsync'ed on the writer thread, the loop goes on applying what arrives, and all of it goes
into the next transaction, one fsync for the whole group. Nothing leaves the server (a reply, an event, a
welcome's snapshot) before the transaction holding every change it shows has returned, so nobody ever sees
a state that a power cut or a failed write takes back. Each step says why it is there; the rules themselves
live in the engine.
"""
import asyncio
import functools
import hmac
import json
import logging
import socket
import ssl
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from http import HTTPStatus
from pathlib import Path
from typing import Any

import msgspec
from websockets.asyncio.server import ServerConnection, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.frames import CloseCode
from websockets.http11 import Request, Response

from queue_protocol import errors, limits, messages as m, paging
from queue_protocol.commands import rule_of
from queue_protocol.roles import SIGHTS, Role
from queue_server import views
from queue_server.clock_steps import STEP_S, ClockWatch, Elapsed, since_boot
from queue_server.config import HallConfig
from queue_server.device_limits import DeviceLimits
from queue_server.devices import DeviceBoard
from queue_server.dossiers import normalize_day
from queue_server.engine import Engine, Outcome
from queue_server.failed_hellos import FailedHellos
from queue_server.peers import Framed, Peer, WebsocketPeer
from queue_server.personal_data import FullNamesRead, PersonKey
from queue_server.pins import PinGate
from queue_server.reports import day_figures
from queue_server.store import Change, DatabaseGone, Store
from queue_server.writer import Writer

log = logging.getLogger(__name__)

HELLO_TIMEOUT_S = 10
VIEW_KEPT_S = 1.0
TICK_INTERVAL_S = 5
# What one connection may have waiting to be sent, in the server's memory, before it is dropped: four frames
# of the largest size (a welcome) and much more than a screen falls behind in a busy minute.
MAX_UNSENT_BYTES = 4 * m.MAX_FRAME_BYTES
# The kernel's send buffer per connection (Linux doubles it): small enough that a client that stops reading
# shows up in MAX_UNSENT_BYTES soon, instead of first filling up to 4 MB of kernel memory per socket.
SOCKET_SEND_BUFFER_BYTES = 2 * m.MAX_FRAME_BYTES
KEEPALIVE_S = 20  # a ping after this long without a frame; no pong within as long again closes the connection


# What goes out after a group's replies: (topic, None, frame) to a topic's audience, (None, connection, frame) to one.
Sealed = list[tuple[str | None, Peer | None, str]]


@dataclass(frozen=True)
class Client:
    role: Role
    device: str
    counter: int | None


Listeners = list[tuple[Peer, Client]]


@dataclass
class Waiting:
    """Something handled that leaves the server once its group is stored: a reply (with the events its
    command caused), a welcome, or a tick of the clock (events only)."""
    connection: Peer | None = None
    frame: str | None = None                  # the reply or the welcome, for `connection`
    change: Change | None = None              # what the transaction stores for it
    events: list[tuple[str, str]] = field(default_factory=list)  # (topic, frame): calls and dossiers, after the reply
    outcome: Outcome | None = None            # its queue and counter changes, sent once per group
    request_id: str | None = None
    answers_from_state: bool = False             # a reply computed from the engine: void if the group fails
    welcomes: Client | None = None            # a welcome: from here on the connection hears events
    parts: list[str] = field(default_factory=list)  # a welcome's snapshot_part frames, right after it


class HallServer:
    def __init__(self, config: HallConfig, store: Store, person_key: PersonKey, clock: Callable[[], float] = time.time,
                 monotonic: Callable[[], float] = since_boot):
        self.config = config
        self.store = store
        self.person_key = person_key
        self.clock = clock
        # For paces and to see the clock's steps: a wall clock set back or forward must not change them.
        self.monotonic = monotonic
        self.clock_watch = ClockWatch()
        self.limits = DeviceLimits(config)
        self.failed_hellos = FailedHellos()
        self._held_back: set[str] = set()  # devices whose last command was over their limits
        self.engine: Engine = self._load(Elapsed.UNKNOWN)
        self.clients: dict[Peer, Client] = {}
        self.devices = DeviceBoard(config)
        self.broken = asyncio.Event()    # set when the database cannot even be read back: the process stops
        self.gone: str | None = None  # "deleted" or "replaced": the database file, under the running server
        self._welcoming: set[Peer] = set()
        self._seats: dict[str, list[Peer]] = {}  # each device's sessions, oldest first
        # (role, counter) -> (made at, snapshot, first, parts): see _view
        self._views: dict[tuple[Role, int | None], tuple[float, m.Snapshot, m.Snapshot, list[str]]] = {}
        self._behind_by_parts: dict[Peer, int] = {}  # snapshot parts still unread: see _write
        self._replaced: set[asyncio.Task[None]] = set()  # closings of replaced sessions, under way
        self._audiences: dict[str, list[Peer]] = {}
        self._open: list[Waiting] = []   # handled since the running transaction began
        self._reload_after_open = False  # an unexpected error: rebuild the engine once the open group is stored
        self._committing = False
        self._unanswered: dict[tuple[str, str], Waiting] = {}  # request ids handled, not yet stored
        self._ready = asyncio.Event()    # cleared while the engine waits to be rebuilt from the database
        self._ready.set()
        self._writer = Writer()  # one thread owns the writing connection: an fsync leaves the loop free
        self.pins = PinGate(config, clock)

    def _load(self, elapsed: Elapsed | None = None) -> Engine:
        """The engine as stored, brought to the present (a new day, closing time) and stored so at once:
        only at start (elapsed UNKNOWN) and after a failure, when nothing else is being written and nobody is
        answered."""
        engine = self.store.load_engine(self.config, self.person_key)
        now = self.clock()
        outcome = self._tick(engine, now, elapsed)
        last = self.store.last_moment()
        if elapsed is Elapsed.UNKNOWN and last is not None and now < last - STEP_S:
            log.warning("the clock reads %s, before the last moment stored (%s): it was set back while the server "
                        "was stopped; the hall's day is %s", engine.iso(now), engine.iso(last), engine.day)
        if outcome.events:
            self.store.commit(Change(outcome, now))
        self.limits.start_day(self.store.given_by_kiosks(engine.day))
        return engine

    def close(self) -> None:
        """Let the running transaction finish, then release the writer thread."""
        self._writer.close()

    # --- time ------------------------------------------------------------------------------------

    def _advance_time(self, now: float) -> None:
        """A new day, closing time, a service opening: stored first, then told to whoever listens."""
        outcome = self._tick(self.engine, now)
        if outcome.events:
            self._views.clear()
            self._open.append(Waiting(change=Change(outcome, now), outcome=outcome))
        if views.starts_new_day(outcome):
            self.limits.start_day(Counter())

    def _tick(self, engine: Engine, now: float, elapsed: Elapsed | None = None) -> Outcome:
        """The engine brought to `now`, told whether the clock was set since its last reading (then logged:
        one line, both times, the day that follows)."""
        step = self.clock_watch.read(now, self.monotonic())
        outcome = engine.tick(now, elapsed or (Elapsed.KNOWN if step is None else Elapsed.JUMPED))
        if step is not None:
            log.warning("the clock was set %s by %s: it reads %s where it would have read %s; the hall's day is %s",
                        "forward" if step.seconds > 0 else "back", timedelta(seconds=round(abs(step.seconds))),
                        engine.iso(step.read), engine.iso(step.expected), engine.day)
        return outcome

    async def tick_forever(self) -> None:
        while True:
            await asyncio.sleep(TICK_INTERVAL_S)
            await self._ready.wait()
            try:
                self.store.check_file()  # a hall at rest must notice it too
                self._advance_time(self.clock())
                self._flush()
            except DatabaseGone as gone:
                self._database_gone(gone, [])
            except Exception:  # the hall's clock must keep ticking whatever one tick met
                self._unexpected(None, None, "the clock's tick")

    # --- HTTP on the same port -------------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        return {"status": f"database_{self.gone}" if self.gone else "ok", "hall": self.config.hall.name,
                "day": self.engine.day,
                "protocol": m.PROTOCOL_VERSION, "connections": len(self.clients),
                "waiting": sum(self.engine.waiting_count.values()), "transactions": self.store.transactions}

    def process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        if request.path == "/healthz":
            body = json.dumps(self.health(), ensure_ascii=False).encode()
            status = HTTPStatus.SERVICE_UNAVAILABLE if self.gone else HTTPStatus.OK
            return Response(status.value, status.phrase, Headers(
                [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(body)))]), body)
        if request.path.startswith("/clerks/"):
            return self._clerk_photo(connection, request.path)
        if request.headers.get("Upgrade", "").lower() != "websocket":
            return connection.respond(HTTPStatus.NOT_FOUND, "xephang: websocket at /, health at /healthz\n")
        return None

    def _clerk_photo(self, connection: ServerConnection, path: str) -> Response:
        """The photo a rating tablet shows of the clerk serving its citizen."""
        photo = next((c.photo for c in self.config.clerks if c.photo and views.photo_path(c.id) == path), None)
        if photo is None:
            return connection.respond(HTTPStatus.NOT_FOUND, "no such photo\n")
        body = Path(photo).read_bytes()
        kind = "image/png" if photo.lower().endswith(".png") else "image/jpeg"
        return Response(HTTPStatus.OK.value, "OK", Headers(
            [("Content-Type", kind), ("Content-Length", str(len(body))), ("Cache-Control", "max-age=300")]), body)

    # --- a connection ----------------------------------------------------------------------------

    async def handler(self, connection: Peer) -> None:
        client = await self._greet(connection)
        if client is None:
            return
        self._take_seat(connection, client)
        self._tell_device(self.devices.connected(client.device, self.engine.iso(self.clock())))
        try:
            await self._ready.wait()
            self._welcome(connection, client)
            async for frame in connection:
                if connection not in self._seats[client.device]:
                    break  # replaced: nothing it sent after the newer hello is acted on
                wrong_pin = await self.pins.refusal(client.role, frame)  # argon2 on a thread, not on this loop
                await self._ready.wait()
                if wrong_pin is not None:  # after the replies before it, like any other answer
                    self._open.append(Waiting(connection, wrong_pin))
                    self._flush()
                    continue
                try:
                    self._open.append(self._handle(connection, client, frame))
                    self._flush()
                except Exception:  # a bug, not the client's fault: answered, and the connection stays
                    self._unexpected(connection, _request_id(frame), f"a frame from {client.device}")
        except ConnectionClosed as closed:
            # An oversized frame closes with 1009 and surfaces here; the rest of the hall carries on.
            log.info("%s disconnected: %s", client.device, closed)
        finally:
            self._welcoming.discard(connection)
            self._behind_by_parts.pop(connection, None)
            if self.clients.pop(connection, None) is not None:
                self._audiences.clear()
            self._tell_device(self.devices.disconnected(client.device, self.engine.iso(self.clock())))
            seats = self._seats[client.device]
            if connection in seats:
                seats.remove(connection)

    def _take_seat(self, connection: Peer, client: Client) -> None:
        """A device holds at most its configured number of sessions; a newer hello replaces the oldest. A
        replayed hello thus shows: the real device is closed with a reason it puts on its screen, and the log
        names both addresses."""
        seats = self._seats.setdefault(client.device, [])
        device = self.config.device(client.device)
        assert device is not None  # greeted: a device of the configuration
        while len(seats) >= device.sessions:
            old = seats.pop(0)
            log.warning("device %s: a new hello from %s replaces its session from %s (a second machine uses this "
                        "device's id and token, or its hello was captured and replayed)",
                        client.device, _address(connection), _address(old))
            self._welcoming.discard(old)
            if self.clients.pop(old, None) is not None:
                self._audiences.clear()
            # Not awaited: a peer that never answers the close must not hold up the new session's welcome.
            closing = asyncio.ensure_future(old.close(m.CLOSE_REPLACED, f"replaced by a new session from "
                                                                        f"{_address(connection, port=False)}"))
            self._replaced.add(closing)
            closing.add_done_callback(self._replaced.discard)
        seats.append(connection)

    def _welcome(self, connection: Peer, client: Client) -> None:
        """The snapshot as the engine holds it now. It waits, like a reply, until everything it shows is
        stored; from then on the connection hears the events that follow it, and only those."""
        self._welcoming.add(connection)
        now = self.clock()
        snapshot, _, _ = self._view(client, now)
        shown = self._full_names_shown(client, "welcome", snapshot.dossiers_ready)
        welcome, *parts = self._welcome_frames(client, now)
        self._open.append(Waiting(connection, welcome, Change(Outcome(events=[*shown]), now, client.device)
                                  if shown else None, welcomes=client, parts=parts))
        self._flush()

    def _welcome_frames(self, client: Client, now: float) -> list[str]:
        """The welcome, then the parts of its snapshot that did not fit in its frame."""
        _, first, parts = self._view(client, now)
        return [m.encode(m.Welcome(role=client.role, device=client.device, protocol=m.PROTOCOL_VERSION,
                                   snapshot=first))] + parts

    def _view(self, client: Client, now: float) -> tuple[m.Snapshot, m.Snapshot, list[str]]:
        """What a client of this role (and counter) is shown now: the whole snapshot, and as split for its
        frames (paging.split). Kept while the engine does not change (nor the devices, for a role shown them),
        for at most a second: a hundred screens coming back at once cost one snapshot of a busy hall, not a
        hundred."""
        key = (client.role, client.counter)
        kept = self._views.get(key)
        if kept is None or now - kept[0] > VIEW_KEPT_S:
            snapshot = views.snapshot(self.engine, client.role, now, client.counter, tuple(self.devices.all()))
            kept = (now, snapshot, *paging.split(snapshot))
            self._views[key] = kept
        return kept[1:]

    async def _greet(self, connection: Peer) -> Client | None:
        """Read the hello, check device, token and role; close with a clear code when wrong."""
        try:
            frame = await asyncio.wait_for(connection.recv(), HELLO_TIMEOUT_S)
            hello = m.decode_client(frame)
        except (TimeoutError, ConnectionClosed):
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
        address = connection.remote_address[0] if connection.remote_address else "?"
        wait = self.failed_hellos.turn(address, self.monotonic())
        if wait < 0:
            await connection.close(CloseCode.TRY_AGAIN_LATER, "too many failed hellos from this address")
            return None
        if wait:
            await asyncio.sleep(wait)
        device = self.config.device(hello.device)
        if device is None or not hmac.compare_digest(device.token.encode(), hello.token.encode()):
            failures = self.failed_hellos.failed(address, self.monotonic())
            # The device id as sent (at most 64 characters, quoted), never the token.
            log.warning("failed hello from %s: %s %r as %s, %d in a row from there%s", address,
                        "unknown device" if device is None else "wrong token for", hello.device, hello.role,
                        failures, f" (its hellos now wait their turn, {wait:.1f} s this one)" if wait else "")
            await connection.close(m.CLOSE_BAD_CREDENTIALS, "unknown device or wrong token")
            return None
        if device.role != hello.role:
            await connection.close(m.CLOSE_ROLE_NOT_ALLOWED, f"device {device.id} is a {device.role}")
            return None
        return Client(role=device.role, device=device.id, counter=device.counter)

    # --- one command -----------------------------------------------------------------------------

    def _handle(self, connection: Peer, client: Client, frame: str | bytes) -> Waiting:
        """One frame in: applied to the engine now, its reply waiting for the transaction that stores it."""
        if self.broken.is_set():  # stopping: the database is gone or unreadable, nothing more is done
            return Waiting(connection, self._error(_request_id(frame), errors.StorageFailed()))
        now = self.clock()
        if isinstance(frame, bytes):
            return Waiting(connection, self._error(None, errors.Malformed(detail="JSON text frames only")))
        try:
            command = m.decode_client(frame)
        except msgspec.ValidationError as exc:  # a field out of its limits is named; the engine never sees it
            return Waiting(connection, self._error(_request_id(frame), limits.refusal(exc)))
        except msgspec.DecodeError as exc:
            return Waiting(connection, self._error(_request_id(frame), errors.Malformed(detail=str(exc))))
        if isinstance(command, m.Hello):
            return Waiting(connection, self._error(None, errors.Malformed(detail="hello was already received")))
        rule = rule_of(command)
        if client.role not in rule.senders:
            return Waiting(connection, self._error(command.id, errors.NotAllowed(client.role, m.tag_of(type(command)))))
        if rule.about_device:  # the device's own state (its printer), not the queue's: no engine, no store
            assert isinstance(command, m.ReportPrinter)  # the one command about the device
            info = self.devices.printer(client.device, command.state)
            events = [("device", m.encode(m.DeviceChanged(device=info)))] if info else []
            return Waiting(connection, m.encode(m.Ok(id=command.id)), events=events)
        key = (client.device, command.id)
        changes_state = rule.changes_state
        if changes_state:
            first = self._unanswered.get(key)
            previous = first.frame if first is not None else self.store.previous_reply(*key)
            if previous is not None:  # a retry: the first answer again (once it is stored), nothing done twice
                return Waiting(connection, previous, request_id=command.id, answers_from_state=True)
        too_much = self.limits.refusal(client.role, client.device, command, self.monotonic())
        if too_much is not None:
            if client.device not in self._held_back:  # one line per run of refusals, not one per frame
                log.warning("%s held back: %s", client.device, too_much.message.en)
                self._held_back.add(client.device)
            return Waiting(connection, self._error(command.id, too_much))
        self._held_back.discard(client.device)
        self._advance_time(now)
        try:
            outcome = self.engine.handle(command, now, client.counter if rule.own_counter else None)
            stats = self._stats(command) if isinstance(command, m.Stats) else None
        except errors.QueueError as refusal:
            # A refusal changes nothing; only its reply is stored, so that a retry gets the same answer.
            reply = self._error(command.id, refusal)
            waiting = Waiting(connection, reply, Change(Outcome(), now, *key, reply) if changes_state else None,
                              request_id=command.id, answers_from_state=True)
        else:
            self._views.clear()
            if isinstance(command, m.IssueTicket) and outcome.ticket is not None:
                self.limits.gave(client.device, outcome.ticket.service)
            ok = views.ok_reply(command.id, self.engine, outcome, client.role, now, stats)
            reply = m.encode(ok)
            shown = self._full_names_shown(client, m.tag_of(type(command)), [ok.dossier, *(ok.dossiers or [])])
            outcome.events += shown
            # A read stores only its audit row: its reply names applicants, and a retry may simply read again.
            change = Change(outcome, now, *key, reply if changes_state else None) if changes_state or shown else None
            waiting = Waiting(connection, reply, change,
                              [(topic, m.encode(e)) for topic, e in views.ordered_events(self.engine, outcome, now)],
                              outcome, command.id, answers_from_state=True)
        if changes_state:
            self._unanswered[key] = waiting
        return waiting

    def _unexpected(self, connection: Peer | None, request_id: str | None, what: str) -> None:
        """A bug met while handling: what was handled before it is stored, the engine (which it may have left
        half-changed) is rebuilt from the database, and the request is answered internal_error."""
        # Called only from an except block: the exception being handled is the one logged.
        log.exception("unexpected error while handling %s; the queue is rebuilt from the database", what)  # noqa: LOG004
        if connection is not None:
            self._open.append(Waiting(connection, self._error(request_id, errors.InternalError())))
        self._reload_after_open = True
        self._ready.clear()  # nothing more is applied to this engine
        self._flush()

    def _full_names_shown(self, client: Client, via: str,
                          dossiers: Sequence[m.Dossier | None]) -> list[FullNamesRead]:
        """An admin about to be shown applicants' full names: the audit log (events table) and the server's
        log say so."""
        named = tuple(d.code for d in dossiers if d is not None and d.applicant)
        if client.role != Role.ADMIN or not named:
            return []
        log.info("%s was shown the full names of %d dossier(s) (%s)", client.device, len(named), via)
        return [FullNamesRead(via, named)]

    def _stats(self, command: m.Stats) -> dict[str, Any]:
        day = normalize_day(command.day) if command.day else self.engine.day
        return day_figures(day, self.store.tickets_of_day(day), self.store.ratings_between(day, day))

    @staticmethod
    def _error(request_id: str | None, error: errors.QueueError) -> str:
        return m.encode(m.Error(id=request_id, code=error.code, message=error.message))

    # --- group commit ----------------------------------------------------------------------------

    def _flush(self) -> None:
        """Start a transaction with everything handled since the last one began, unless one is running."""
        if self._committing or not (self._open or self._reload_after_open):
            return
        group, reload_after = self._open, self._reload_after_open
        self._open, self._reload_after_open = [], False
        changes = [w.change for w in group if w.change is not None]
        if not changes and not reload_after:  # nothing to store, nothing stored pending: send it now
            self._deliver(group, self._seal(group))
            return
        self._committing = True
        # Valued now, while the engine holds exactly this group's changes and nothing of the next one.
        sealed = None if reload_after else self._seal(group)
        future = self._writer.submit(functools.partial(self.store.commit, *changes))
        future.add_done_callback(functools.partial(self._committed, group, sealed))

    def _seal(self, group: list[Waiting]) -> Sealed:
        """What goes out after the group's own replies and events: each queue and counter it touched once,
        at its last value; or, when a new day started or the day was redated, a fresh snapshot for every client."""
        outcomes = [w.outcome for w in group if w.outcome is not None]
        now = self.clock()
        if any(views.changes_day(outcome) for outcome in outcomes):
            listeners = list(self.clients.items()) + [(w.connection, w.welcomes) for w in group
                                                      if w.welcomes and w.connection is not None]
            return [(None, connection, frame) for connection, frames in self._snapshots(listeners, now)
                    for frame in frames]
        return [(topic, None, m.encode(event)) for topic, event in views.latest_states(self.engine, outcomes, now)]

    def _committed(self, group: list[Waiting], sealed: Sealed | None, future: asyncio.Future[None]) -> None:
        self._committing = False
        self._forget_unanswered(group)
        if isinstance(gone := future.exception(), DatabaseGone):
            self._database_gone(gone, group, sealed)
        elif future.exception() is not None:
            log.error("could not store a group of %d; every command in it is refused and the queue is "
                      "reloaded from the database", len(group), exc_info=future.exception())
            self._storage_failed(group)
        elif sealed is None:  # an unexpected error: what came before it is stored, now rebuild
            self._deliver(group, [])
            if self._reload():
                self._resync(list(self.clients.items()), self.clock())
        else:
            self._deliver(group, sealed)
        self._flush()

    def _deliver(self, group: list[Waiting], sealed: Sealed) -> None:
        """Each reply, then the events its command caused, in the order handled; then the group's latest states.
        Each connection's frames of the group go out in one socket write; each frame is made once for all."""
        outbox: dict[Peer, list[Framed]] = defaultdict(list)

        def post(connections: Sequence[Peer | None], frame: str) -> None:
            framed = Framed.of(frame)
            for connection in connections:
                if connection is not None:
                    outbox[connection].append(framed)

        for waiting in group:
            if waiting.welcomes is not None:
                if waiting.connection is not None and self._register(waiting.connection, waiting.welcomes):
                    for part in [waiting.frame or "", *waiting.parts]:  # a welcome always has its frame
                        post([waiting.connection], part)
                continue
            if waiting.frame is not None:
                post([waiting.connection], waiting.frame)
            for topic, event in waiting.events:
                post(list(self._audience(topic)), event)
        for sealed_topic, connection, frame in sealed:
            if connection is None and sealed_topic is not None:
                post(list(self._audience(sealed_topic)), frame)
            elif connection in self.clients:
                post([connection], frame)
        for connection, frames in outbox.items():
            self._write(connection, frames)

    def _storage_failed(self, group: list[Waiting]) -> None:
        """The disk refused: this group and the one applied on top of it are void. Memory goes back to what
        the disk holds, every command is answered storage_failed and every client is resynced."""
        void = group + self._open
        self._open, self._reload_after_open = [], False
        self._forget_unanswered(void)
        listening = list(self.clients.items())
        if not self._reload():
            return
        now = self.clock()
        for waiting in void:
            if waiting.welcomes is not None:
                if waiting.connection is not None and self._register(waiting.connection, waiting.welcomes):
                    for frame in self._welcome_frames(waiting.welcomes, now):
                        self._send(waiting.connection, frame)
            else:
                self._refuse(waiting)
        self._resync(listening, now)

    def _refuse(self, waiting: Waiting) -> None:
        """A reply that was going to say what a void group did says storage_failed instead."""
        if waiting.frame is not None and waiting.connection is not None:
            self._send(waiting.connection, self._error(waiting.request_id, errors.StorageFailed())
                       if waiting.answers_from_state else waiting.frame)

    def _forget_unanswered(self, group: list[Waiting]) -> None:
        """Their requests are answered (or refused) now: a retry finds the stored reply instead."""
        for waiting in group:
            change = waiting.change
            if change is not None and change.device is not None and change.request_id is not None:
                self._unanswered.pop((change.device, change.request_id), None)

    def _database_gone(self, gone: DatabaseGone, group: list[Waiting], sealed: Sealed | None = None) -> None:
        """The database file was deleted or replaced: from now on nothing is confirmed. What the server holds
        (the group just stored with it) is copied where it belongs: back at the path of a deleted file, where
        the restarted server finds it, so that group is confirmed; beside a file that took its place, which
        the restarted server opens, so that group is refused. Then the process stops for systemd to restart it."""
        confirmed = False
        if self.gone is None:
            self.gone = gone.what
            log.critical("the database %s was %s while the server ran", gone.file.path, gone.what)
            try:
                saved = gone.file.rescue(self.store.db.conn, gone.what)
                log.critical("what the server held is copied to %s; stopping for a restart", saved)
                confirmed = saved == gone.file.path and sealed is not None
            except Exception:
                log.critical("could not copy what the server held; stopping for a restart", exc_info=True)
        if confirmed and sealed is not None:
            self._deliver(group, sealed)
        else:
            for waiting in group:
                self._refuse(waiting)
        for waiting in self._open:
            self._refuse(waiting)
        self._open = []
        self.broken.set()

    def _reload(self) -> bool:
        """Rebuild the engine from the database; if even reading fails, stop the server (systemd starts it
        again) rather than serve from a memory the disk does not hold."""
        try:
            self.engine = self._load()
            self._views.clear()
        except Exception:
            log.critical("cannot read the database back: stopping the server", exc_info=True)
            self.broken.set()
            return False
        finally:
            self._ready.set()  # handlers waiting on the engine go on: to it, or to be refused while stopping
        return True

    # --- events ----------------------------------------------------------------------------------

    def _register(self, connection: Peer, client: Client) -> bool:
        """From now on the connection hears events; not if it closed while its welcome waited."""
        if connection not in self._welcoming:
            return False
        self._welcoming.discard(connection)
        self.clients[connection] = client
        self._audiences.clear()
        return True

    def _audience(self, topic: str) -> list[Peer]:
        if topic not in self._audiences:
            self._audiences[topic] = [c for c, client in self.clients.items()
                                      if topic in views.SUBSCRIPTIONS[client.role]]
        return self._audiences[topic]

    def _snapshots(self, listeners: Listeners, now: float) -> list[tuple[Peer, list[str]]]:
        """A resync (and its parts) for each listener, each distinct view encoded once."""
        frames = {}
        for _connection, client in listeners:
            key = (client.role, client.counter)
            if key not in frames:
                _, first, parts = self._view(client, now)
                frames[key] = [m.encode(m.Resync(snapshot=first))] + parts
        return [(connection, frames[(client.role, client.counter)]) for connection, client in listeners]

    def _resync(self, listeners: Listeners, now: float) -> None:
        for connection, frames in self._snapshots(listeners, now):
            for frame in frames:
                self._send(connection, frame)

    def _send(self, connection: Peer, frame: str) -> None:
        self._write(connection, [Framed.of(frame)])

    def _write(self, connection: Peer, frames: list[Framed]) -> None:
        """Queue the frames without waiting (a slow client must not hold up the hall); then drop the client
        if more than MAX_UNSENT_BYTES are still unsent to it: it has stopped reading."""
        unsent = connection.send_frames(frames)
        # A snapshot's parts were asked for (a welcome) or go to everyone at once (a new day): a client may be
        # behind by them, on top of the bound, until it has read them.
        parts = sum(len(frame.wire) for frame in frames if frame.part)
        allowance = self._behind_by_parts.pop(connection, 0) + parts
        if unsent > MAX_UNSENT_BYTES + allowance:
            self._drop(connection, unsent)
        elif unsent > MAX_UNSENT_BYTES:
            self._behind_by_parts[connection] = allowance

    def _drop(self, connection: Peer, unsent: int) -> None:
        """No close handshake: the client reads nothing, so the socket is cut and its buffer freed now. It
        reconnects when it wakes and is welcomed with the state of that moment."""
        client = self.clients.pop(connection, None)
        if client is not None:
            self._audiences.clear()
        log.warning("dropped %s: %d bytes it has not read (a frozen or unreachable device)",
                    client.device if client else "a connection", unsent)
        connection.cut()

    def _tell_device(self, info: m.DeviceInfo | None) -> None:
        """A device's presence is no queue state: nothing to store first, it is told at once."""
        if info is not None:
            # Only the roles whose snapshot lists the devices: a hundred screens connecting keep theirs.
            self._views = {key: view for key, view in self._views.items() if not SIGHTS[Role(key[0])].devices}
            frame = Framed.of(m.encode(m.DeviceChanged(device=info)))
            for connection in list(self._audience("device")):
                self._write(connection, [frame])


def _address(connection: Peer, port: bool = True) -> str:
    address = connection.remote_address
    if not address:
        return "?"
    return f"{address[0]}:{address[1]}" if port else str(address[0])


class _RequestIdOnly(msgspec.Struct):
    id: limits.RequestId | None = None


def _request_id(frame: str | bytes) -> str | None:
    """The id of a frame that failed validation, so its error can still be matched to the request (not an id
    out of its limits: that is not a request any client could be waiting for)."""
    try:
        return msgspec.json.decode(frame, type=_RequestIdOnly).id
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):
        return None


async def run_server(hall: HallServer, host: str, port: int, ready: Callable[[int], None] = lambda port: None,
                     stop: asyncio.Future[None] | None = None, keepalive_s: float = KEEPALIVE_S,
                     tls: ssl.SSLContext | None = None) -> None:
    """tls: the hall's certificate (queue_server/tls.py); then wss:// and https:// only. None: plain ws://."""
    # write_limit: websockets' own writes (the keepalive ping, a close) wait for the buffer only above the
    # bound that drops a connection anyway, so a ping still goes out to a client that stopped reading.
    # close_timeout: a client that answers no ping will not answer a close either; its socket is cut sooner.
    async def on_connection(connection: ServerConnection) -> None:
        assert isinstance(connection, WebsocketPeer)  # create_connection below
        connection.transport.get_extra_info("socket").setsockopt(
            socket.SOL_SOCKET, socket.SO_SNDBUF, SOCKET_SEND_BUFFER_BYTES)
        await hall.handler(connection)

    async with serve(on_connection, host, port, process_request=hall.process_request, ssl=tls,
                     max_size=m.MAX_FRAME_BYTES, compression=None, ping_interval=keepalive_s,
                     ping_timeout=keepalive_s, close_timeout=keepalive_s / 4,
                     write_limit=MAX_UNSENT_BYTES, create_connection=WebsocketPeer) as server:
        ticker = asyncio.create_task(hall.tick_forever())
        broken = asyncio.create_task(hall.broken.wait())
        ready(server.sockets[0].getsockname()[1])
        try:
            await asyncio.wait([stop if stop is not None else asyncio.get_running_loop().create_future(), broken],
                               return_when=asyncio.FIRST_COMPLETED)
        finally:
            ticker.cancel()
            broken.cancel()
    hall.close()
