"""Test helpers that drive real parts: a server process, raw websocket sessions."""
import asyncio
import json
import ssl
import time
import tomllib
import urllib.request
from contextlib import asynccontextmanager
from pathlib import Path

from PIL import Image
from websockets.asyncio.client import connect

from queue_server.config import DEMO_CONFIG_PATH
from tests.server_process import ROOT, ServerProcess, nine_am_today  # noqa: F401 (ROOT: for tests)

TEST_HALL = Path(__file__).with_name("hall.toml")


def demo_hall_at_test_speed(tmp_path) -> Path:
    """The demo hall with tests/hall.toml's [device_limits]: tests issue and call in bursts no kiosk or clerk
    could, and the demo hall keeps the defaults made for people."""
    hall = TEST_HALL.read_text(encoding="utf-8")
    limits = hall[hall.index("\n# Tests issue and call in bursts"):]
    path = tmp_path / "demo.toml"
    path.write_text(DEMO_CONFIG_PATH.read_text(encoding="utf-8") + limits, encoding="utf-8")
    return path

# Two clerks for halls where counters need someone signed in. The hashes are argon2id at m=1 MiB, t=1 so that
# tests sign in in a millisecond; `xephang hash-password` makes costlier ones, which the server checks the same way.
CLERK_PINS = {"lan": "2468", "hung": "1357"}
CLERKS_TOML = """
[[clerks]]
id = "lan"
name = "Nguyễn Thị Lan"
title = "Chuyên viên"
pin_hash = "$argon2id$v=19$m=1024,t=1,p=1$qvhNJWFZ0pxZfMfFVop6Mg$JIsBKdXae9Qh685IDehiD1CiNh+Xh//VTKm5rsc+ymo"
photo = "lan.png"

[[clerks]]
id = "hung"
name = "Trần Văn Hùng"
title = "Công chức"
pin_hash = "$argon2id$v=19$m=1024,t=1,p=1$UhVCngVv8v7T7pDj9y1v0Q$AIlBTcX8BP1J8xt424b0Vqt22uiCdg2fF5MWHt6P6cc"
"""


# The demo hall's clerks (queue_server/demo_hall.toml), one per counter: counter -> (clerk id, PIN).
DEMO_CLERKS = {1: ("lan", "1111"), 2: ("minh", "1212"), 3: ("ha", "3333"), 4: ("tuan", "4444"), 5: ("mai", "5555"),
               6: ("hung", "2222")}


async def sign_in_demo_clerks(server, counters=tuple(DEMO_CLERKS)) -> None:
    """The demo hall lists clerks, so its counters call only with one signed in: sign one in at each."""
    for number in counters:
        clerk, pin = DEMO_CLERKS[number]
        async with ws_session(server.url, "counter", f"counter-{number}", server.token(f"counter-{number}")) as c:
            reply = await c.request("sign_in", clerk=clerk, pin=pin)
            assert reply["type"] == "ok", reply


def hall_with_clerks(folder: Path, extra: str = "") -> Path:
    """The test hall with two clerks (Lan has a photo beside the file), and `extra` TOML at its end."""
    Image.new("RGB", (240, 320), "#5b7fb0").save(folder / "lan.png")
    path = folder / "hall-clerks.toml"
    path.write_text(TEST_HALL.read_text(encoding="utf-8") + CLERKS_TOML + extra, encoding="utf-8")
    return path


def busy_hall(folder: Path, ready: int = 1_500, waiting: int = 20_000) -> tuple[Path, Path]:
    """(config, database) of the bench hall with `ready` dossiers ready for pickup, every field at its longest,
    and `waiting` tickets waiting: a snapshot far larger than one frame."""
    from bench.hall_setup import seed, write_config
    config = write_config(folder / "busy-hall.toml")
    seed(config, folder / "busy-hall.db", waiting=waiting, ready_dossiers=ready)
    return config, folder / "busy-hall.db"


def hall_with_sessions(folder: Path, sessions: dict[str, int]) -> Path:
    """The test hall where these devices may each hold that many sessions at once (several kiosks under one
    device id in a drill): by default a newer hello replaces a device's session."""
    text = TEST_HALL.read_text(encoding="utf-8")
    for device, count in sessions.items():
        entry = f'id = "{device}"\n'
        assert entry in text, device
        text = text.replace(entry, f"{entry}sessions = {count}\n")
    path = folder / "hall-sessions.toml"
    path.write_text(text, encoding="utf-8")
    return path


class HallServerProcess:
    """A real `xephang server` subprocess on 127.0.0.1 with a real SQLite file, restartable on its port."""

    def __init__(self, db_path, config_path=None, clock_start=None):
        self.db_path = Path(db_path)
        self.config_path = Path(config_path or TEST_HALL)
        self.clock_start = clock_start or nine_am_today().replace(tzinfo=None).isoformat()
        self.port = 0
        self.server = None

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    @property
    def process(self):
        return self.server.process

    def token(self, device_id: str) -> str:
        config = tomllib.loads(self.config_path.read_text(encoding="utf-8"))
        return next(d["token"] for d in config["devices"] if d["id"] == device_id)

    def start(self, timeout: float = 15.0) -> None:
        self.server = ServerProcess("-m", "xephang.cli", "server", "--config", str(self.config_path),
                                    "--db", str(self.db_path), "--host", "127.0.0.1", "--port", str(self.port),
                                    "--clock-start", self.clock_start, timeout=timeout)
        self.port = self.server.port

    def kill(self) -> None:
        if self.server:
            self.server.kill()

    def stop(self) -> None:
        if self.server:
            self.server.stop()

    def health(self) -> dict:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=5) as response:
            return json.loads(response.read())


def device_session(server: HallServerProcess, role: str, device: str):
    """A raw session as one of the hall's devices, with the token its configuration gives it."""
    return ws_session(server.url, role, device, server.token(device))


class Session:
    """A device's session past hello, whatever carries it (a websocket here, or a server in this process:
    tests/in_process_hall.py): send commands, read replies and events."""

    def __init__(self, welcome, first_frame):
        self.welcome = welcome
        self.events = []
        self.frames = [first_frame]  # every frame received, as it came: what a screen could show
        self._ids = 0

    async def receive_text(self, timeout: float) -> str:
        """The next frame from the server; websockets' ConnectionClosed once the server closed the session."""
        raise NotImplementedError

    async def send_text(self, frame: str | bytes) -> None:
        """A frame to the server, as it is (a test's malformed ones too)."""
        raise NotImplementedError

    async def _recv(self, timeout: float) -> dict:
        frame = await self.receive_text(timeout)
        self.frames.append(frame)
        return json.loads(frame)

    async def send(self, message: dict) -> None:
        await self.send_text(json.dumps(message, ensure_ascii=False))

    async def request(self, type_: str, timeout: float = 5.0, **fields) -> dict:
        """Send a command and return its reply; events that arrive meanwhile are kept in .events."""
        self._ids += 1
        request_id = fields.pop("id", f"t{self._ids}-{time.monotonic_ns()}")
        await self.send({"type": type_, "id": request_id, **fields})
        deadline = time.monotonic() + timeout
        while True:
            message = await self._recv(deadline - time.monotonic())
            if message["type"] in ("ok", "error") and message.get("id") == request_id:
                return message
            self.events.append(message)

    async def reply(self, timeout: float = 5.0) -> dict:
        """The next ok or error, whatever its id (for frames sent raw); events meanwhile go to .events."""
        deadline = time.monotonic() + timeout
        while True:
            message = await self._recv(deadline - time.monotonic())
            if message["type"] in ("ok", "error"):
                return message
            self.events.append(message)

    async def wait_for(self, type_: str, predicate=lambda event: True, timeout: float = 5.0) -> dict:
        """The first event of this type that satisfies predicate; others of the type are dropped."""
        deadline = time.monotonic() + timeout
        while True:
            event = await self.next_event(type_, deadline - time.monotonic())
            if predicate(event):
                return event

    async def next_event(self, type_: str, timeout: float = 5.0) -> dict:
        """The first kept or incoming event of this type (removed from .events)."""
        for i, event in enumerate(self.events):
            if event["type"] == type_:
                return self.events.pop(i)
        deadline = time.monotonic() + timeout
        while True:
            message = await self._recv(deadline - time.monotonic())
            if message["type"] == type_:
                return message
            self.events.append(message)


class WsSession(Session):
    """A raw websocket past hello."""

    def __init__(self, connection, welcome, first_frame):
        super().__init__(welcome, first_frame)
        self.connection = connection

    async def receive_text(self, timeout: float) -> str:
        return await asyncio.wait_for(self.connection.recv(), timeout)

    async def send_text(self, frame: str | bytes) -> None:
        await self.connection.send(frame)


async def wait_until(predicate, timeout: float = 10.0) -> None:
    """Poll predicate until it holds; fail the test after timeout."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)


@asynccontextmanager
async def ws_session(url: str, role: str, device: str, token: str, tls: ssl.SSLContext | None = None):
    # No flow control: a session that leaves events unread must still see the server's close at once.
    async with connect(url, compression=None, max_queue=None, **({"ssl": tls} if tls else {})) as connection:
        await connection.send(json.dumps({"type": "hello", "role": role, "device": device, "token": token,
                                          "protocol": 1}))
        first = await asyncio.wait_for(connection.recv(), 5)
        yield WsSession(connection, json.loads(first), first)
