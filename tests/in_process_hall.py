"""The hall's server in the test's own process, its devices connected through memory instead of sockets.

Modelled on h11's ConnectionPair: everything the server does runs as in a hall (hello checks, seats, the
welcome, each frame handled, group commit on the writer thread over a real SQLite file, replies, events,
closes, the clock's ticks); only the transport is replaced. On the server's side each device is a MemoryPeer
(a queue_server.peers.Peer); on the test's side a Session (tests/support.py) with the calls of a websocket
session: request(), reply(), next_event(), wait_for(), .welcome, .events, .frames. The server's frames reach
it as the bytes the server would write on a socket, parsed as a client parses them. No process to start
and no socket round trip: a test here costs milliseconds where a server process costs half a second.

Which kind of test goes where:
- A rule of the server as devices see it (commands, roles and permissions, replies, events, adjustments,
  clerks, personal data, validation, device limits, ratings) runs here: the `in_process_hall` and
  `make_in_process_hall` fixtures (tests/conftest.py), its scenario run with `hall.run(scenario())`.
- What is about sockets, HTTP or processes runs against a real `xephang server` process (`hall_server`,
  `make_hall_server`): TLS, /healthz and HTTP, hellos over the wire and the addresses they come from, frames
  over the size limit (1009), the database file and its lock, restarts, SIGKILL and power cuts, the CLI.
  Each area also keeps one end-to-end test over real websockets, so that the production adapter
  (queue_server.peers.WebsocketPeer) stays covered; test_in_process_hall.py checks that both transports
  give the devices the same frames.
- About sockets, but needing a hand on the server (its clock, its tick, its failed-hello pace):
  on_a_port(hall) serves this same hall on 127.0.0.1 through run_server (keepalive drops, failed hellos).
"""
import asyncio
import itertools
import json
import time
from collections.abc import Callable, Coroutine
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from websockets.exceptions import ConnectionClosed
from websockets.frames import Close, CloseCode, Frame, Opcode
from websockets.streams import StreamReader

from queue_protocol import messages as m
from queue_server.config import load_config
from queue_server.peers import Framed
from queue_server.server import HallServer, run_server
from queue_server.store import Store
from tests.queue_server.engine_helpers import TEST_KEY
from tests.support import TEST_HALL, Session, nine_am_today, ws_session

T = TypeVar("T")


class HallClock:
    """The hall's clock for a server in this process: from `start` at real speed, as `--clock-start` runs a
    server process. advance() is time passing: the server's steady clock moves with it, so it sees no step."""

    def __init__(self, start: datetime):
        self._offset = start.timestamp() - time.monotonic()

    def __call__(self) -> float:
        return time.monotonic() + self._offset

    def advance(self, seconds: float) -> None:
        self._offset += seconds


class MemoryPeer:
    """The server's end of a device connected through memory: what a websocket gives the server, nothing
    of a socket. The device reads every frame at once, so nothing is ever left unsent."""

    def __init__(self, number: int):
        self.remote_address = ("in-process", number)
        self.from_device: asyncio.Queue[str | bytes | None] = asyncio.Queue()  # None: the connection ended
        self.to_device: asyncio.Queue[str | Close] = asyncio.Queue()
        self.closed: Close | None = None  # the code and reason the server closed it with
        self.open = True

    async def recv(self) -> str | bytes:
        frame = await self.from_device.get()
        if frame is None:
            raise ConnectionClosed(self.closed, None)
        return frame

    async def __aiter__(self):
        while (frame := await self.from_device.get()) is not None:
            yield frame

    async def close(self, code: int, reason: str) -> None:
        self._end(Close(code, reason))

    def cut(self) -> None:
        self._end(Close(CloseCode.ABNORMAL_CLOSURE, ""))

    def send_frames(self, frames: list[Framed]) -> int:
        if self.open:
            for framed in frames:
                self.to_device.put_nowait(text_of(framed.wire))
        return 0

    def device_leaves(self) -> None:
        self.open = False
        self.from_device.put_nowait(None)

    def _end(self, close: Close) -> None:
        if self.open:
            self.open, self.closed = False, close
            self.to_device.put_nowait(close)
            self.from_device.put_nowait(None)  # the server's reading of it ends too


def text_of(wire: bytes) -> str:
    """The text of one frame as the server writes it on a socket, parsed as a client's websockets parses it:
    one whole unmasked text frame within the protocol's limit, nothing before or after it."""
    reader = StreamReader()
    reader.feed_data(wire)
    reader.feed_eof()
    parser = Frame.parse(reader.read_exact, mask=False, max_size=m.MAX_FRAME_BYTES)
    try:
        next(parser)
    except StopIteration as parsed:
        frame = parsed.value
    else:
        raise AssertionError(f"an incomplete frame: {wire[:40]!r}")
    assert frame.opcode is Opcode.TEXT and frame.fin and not reader.buffer, wire[:40]
    return frame.data.decode()


async def next_text(peer: MemoryPeer, timeout: float) -> str:
    """The next frame the server sent to this device; websockets' ConnectionClosed once the server closed it."""
    item = await asyncio.wait_for(peer.to_device.get(), timeout)
    if isinstance(item, Close):
        peer.to_device.put_nowait(item)  # every later read is told too, as on a closed websocket
        raise ConnectionClosed(item, None)
    return item


class MemorySession(Session):
    """A device's session through memory, past hello."""

    def __init__(self, peer: MemoryPeer, first_frame: str):
        super().__init__(json.loads(first_frame), first_frame)
        self.peer = peer

    async def receive_text(self, timeout: float) -> str:
        return await next_text(self.peer, timeout)

    async def send_text(self, frame: str | bytes) -> None:
        if not self.peer.open:
            raise ConnectionClosed(self.peer.closed, None)
        self.peer.from_device.put_nowait(frame)


class InProcessHall:
    """A HallServer over a real SQLite file (tests/hall.toml's hall unless told), its clock at 09:00 today
    unless told, whose devices connect through memory. For tests about sockets, on_a_port() serves the same
    server on 127.0.0.1."""

    def __init__(self, db_path: Path, config: Path | None = None, start: datetime | None = None,
                 clock: Callable[[], float] | None = None, monotonic: Callable[[], float] | None = None,
                 open_store: Callable[[Path], Store] = Store.open):
        self.config_path = Path(config or TEST_HALL)
        self.config = load_config(self.config_path)
        self.db_path = Path(db_path)
        self.clock = clock or HallClock(start or nine_am_today())
        self.store = open_store(self.db_path)
        self.server = HallServer(self.config, self.store, TEST_KEY, clock=self.clock, monotonic=monotonic or self.clock)
        self.url: str | None = None  # while on_a_port serves it
        self._numbers = itertools.count(1)

    def token(self, device_id: str) -> str:
        return self.config.device(device_id).token

    def health(self) -> dict:
        return self.server.health()

    def run(self, scenario: Coroutine[Any, Any, T]) -> T:
        """The test's scenario on a loop of its own, the server's clock ticking meanwhile as in run_server."""
        return asyncio.run(self._ticking(scenario))

    async def _ticking(self, scenario: Coroutine[Any, Any, T]) -> T:
        ticker = asyncio.create_task(self.server.tick_forever())
        try:
            return await scenario
        finally:
            ticker.cancel()

    @asynccontextmanager
    async def session(self, device: str, role: str | None = None, token: str | None = None):
        """A device's session: its hello (with its configuration's role and token unless told), then the
        welcome. Leaving the block closes it, and waits until the server is done with it."""
        peer = MemoryPeer(next(self._numbers))
        handling = asyncio.create_task(self.server.handler(peer))
        try:
            peer.from_device.put_nowait(json.dumps({
                "type": "hello", "role": role or self.config.device(device).role, "device": device,
                "token": token or self.token(device), "protocol": m.PROTOCOL_VERSION}))
            yield MemorySession(peer, await next_text(peer, 5))
        finally:
            peer.device_leaves()
            await asyncio.wait_for(handling, 5)

    def websocket(self, device: str):
        """A device's session over a real websocket, while on_a_port serves the hall."""
        assert self.url is not None, "on_a_port(hall) first"
        return ws_session(self.url, self.config.device(device).role, device, self.token(device))

    async def until(self, condition: Callable[[], object], what: str, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, f"timed out waiting for {what}"
            await asyncio.sleep(0.005)

    def close(self) -> None:
        self.server.close()


@asynccontextmanager
async def on_a_port(hall: InProcessHall, **options: Any):
    """The hall's server on a free port of 127.0.0.1, as run_server serves it (its clock ticking), for tests
    about sockets: hall.url and hall.websocket() while it lasts. options: run_server's (keepalive_s, tls)."""
    stop = asyncio.get_running_loop().create_future()
    ports: list[int] = []
    serving = asyncio.ensure_future(run_server(hall.server, "127.0.0.1", 0, ready=ports.append, stop=stop, **options))
    await hall.until(lambda: ports or serving.done(), "the server to listen")
    hall.url = f"ws://127.0.0.1:{ports[0]}"
    try:
        yield hall
    finally:
        hall.url = None
        stop.set_result(None)
        await serving
