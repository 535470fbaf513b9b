"""Test helpers that drive real parts: a server process, raw websocket sessions."""
import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import tomllib
import urllib.request
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from websockets.asyncio.client import connect

TEST_HALL = Path(__file__).with_name("hall.toml")
ROOT = Path(__file__).resolve().parent.parent


def nine_am_today(timezone="Asia/Ho_Chi_Minh") -> str:
    return datetime.now(ZoneInfo(timezone)).replace(hour=9, minute=0, second=0, microsecond=0) \
        .replace(tzinfo=None).isoformat()


class HallServerProcess:
    """A real `xephang server` subprocess on 127.0.0.1 with a real SQLite file."""

    def __init__(self, db_path, config_path=None, clock_start=None):
        self.db_path = Path(db_path)
        self.config_path = Path(config_path or TEST_HALL)
        self.clock_start = clock_start or nine_am_today()
        self.port = 0
        self.process = None
        self.output = []

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def token(self, device_id: str) -> str:
        config = tomllib.loads(self.config_path.read_text(encoding="utf-8"))
        return next(d["token"] for d in config["devices"] if d["id"] == device_id)

    def start(self, timeout: float = 15.0) -> None:
        command = [sys.executable, "-m", "xephang.cli", "server", "--config", str(self.config_path),
                   "--db", str(self.db_path), "--host", "127.0.0.1", "--port", str(self.port),
                   "--clock-start", self.clock_start]
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, env=dict(os.environ, PYTHONUNBUFFERED="1"))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.output.append(line)
            found = re.search(r"listening on ws://127\.0\.0\.1:(\d+)", line)
            if found:
                self.port = int(found.group(1))
                # Keep reading: a full pipe would block the server in the middle of a long test.
                threading.Thread(target=self._drain, args=(self.process.stdout,), daemon=True).start()
                return
        self.stop()
        raise RuntimeError("server did not start:\n" + "".join(self.output))

    def _drain(self, stream) -> None:
        for line in stream:
            self.output.append(line)

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as in a power cut."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def health(self) -> dict:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=5) as response:
            return json.loads(response.read())


class WsSession:
    """A raw websocket past hello: send commands, read replies and events."""

    def __init__(self, connection, welcome):
        self.connection = connection
        self.welcome = welcome
        self.events = []
        self._ids = 0

    async def send(self, message: dict) -> None:
        await self.connection.send(json.dumps(message, ensure_ascii=False))

    async def request(self, type_: str, timeout: float = 5.0, **fields) -> dict:
        """Send a command and return its reply; events that arrive meanwhile are kept in .events."""
        self._ids += 1
        request_id = fields.pop("id", f"t{self._ids}-{time.monotonic_ns()}")
        await self.send({"type": type_, "id": request_id, **fields})
        deadline = time.monotonic() + timeout
        while True:
            message = json.loads(await asyncio.wait_for(self.connection.recv(), deadline - time.monotonic()))
            if message["type"] in ("ok", "error") and message.get("id") == request_id:
                return message
            self.events.append(message)

    async def reply(self, timeout: float = 5.0) -> dict:
        """The next ok or error, whatever its id (for frames sent raw); events meanwhile go to .events."""
        deadline = time.monotonic() + timeout
        while True:
            message = json.loads(await asyncio.wait_for(self.connection.recv(), deadline - time.monotonic()))
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
            message = json.loads(await asyncio.wait_for(self.connection.recv(), deadline - time.monotonic()))
            if message["type"] == type_:
                return message
            self.events.append(message)


@asynccontextmanager
async def ws_session(url: str, role: str, device: str, token: str):
    async with connect(url, compression=None) as connection:
        await connection.send(json.dumps({"type": "hello", "role": role, "device": device, "token": token,
                                          "protocol": 1}))
        welcome = json.loads(await asyncio.wait_for(connection.recv(), 5))
        yield WsSession(connection, welcome)
