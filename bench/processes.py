"""Servers as real subprocesses on 127.0.0.1: start, read the port they print, keep their output drained."""
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
LISTENING = re.compile(r"listening on ws://127\.0\.0\.1:(\d+)")


class ServerProcess:
    def __init__(self, *args: str, timeout: float = 60.0):
        started = time.perf_counter()
        self.process = subprocess.Popen([sys.executable, *args], cwd=ROOT, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
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

    def rss(self) -> int:
        return psutil.Process(self.process.pid).memory_info().rss

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def __enter__(self) -> "ServerProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
