"""A server as a real subprocess on 127.0.0.1, for tests, drills and benchmarks: started, the port it prints
read, its output kept draining, stopped or killed."""
import os
import re
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
LISTENING = re.compile(r"listening on (?:wss?|https?)://127\.0\.0\.1:(\d+)")


def nine_am_today(timezone: str = "Asia/Ho_Chi_Minh") -> datetime:
    """A --clock-start at which every service of the test and bench halls is open."""
    return datetime.now(ZoneInfo(timezone)).replace(hour=9, minute=0, second=0, microsecond=0)


class ServerProcess:
    def __init__(self, *args: str, timeout: float = 60.0):
        started = time.perf_counter()
        self.process = subprocess.Popen([sys.executable, *args], cwd=ROOT, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True,
                                        env=dict(os.environ, PYTHONUNBUFFERED="1"))
        self.output: list[str] = []
        self.port = self._read_port(time.monotonic() + timeout)
        self.startup_s = time.perf_counter() - started
        # A server that logs into a full pipe would block: keep reading its output until it ends.
        threading.Thread(target=self._drain, daemon=True).start()

    def _read_port(self, deadline: float) -> int:
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.output.append(line)
            found = LISTENING.search(line)
            if found:
                return int(found.group(1))
        self.stop()
        raise RuntimeError(f"{' '.join(self.process.args)} did not start:\n" + "".join(self.output))

    def _drain(self) -> None:
        for line in self.process.stdout:
            self.output.append(line)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as in a power cut."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> "ServerProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
