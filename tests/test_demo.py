"""`xephang demo` on a machine with no screen: it says so, and the whole hall runs offscreen."""
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

from tests.support import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def health(port: int):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return json.loads(response.read())
    except OSError:
        return None


def test_demo_without_a_screen_runs_every_part_offscreen(tmp_path):
    port, printer_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    demo = subprocess.Popen(
        [sys.executable, "-m", "xephang.cli", "demo", "--seconds", "60", "--data-dir", str(tmp_path),
         "--port", str(port), "--printer-port", str(printer_port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 45
        status = None
        while time.monotonic() < deadline:
            status = health(port)
            if status and status["connections"] >= 4:  # kiosk, hall screen, two counters
                break
            assert demo.poll() is None, demo.stdout.read()
            time.sleep(0.5)
        assert status and status["connections"] >= 4, status
        assert "Trung tâm Phục vụ hành chính công" in status["hall"]
    finally:
        demo.terminate()
        output, _ = demo.communicate(timeout=30)
    assert "no screen here" in output and "offscreen" in output
    assert f"ws://127.0.0.1:{port}" in output and "Ctrl+C" in output
    assert "Traceback" not in output
    assert (tmp_path / "demo-hall.db").exists()
    logs = {path.name: path.read_text(errors="replace") for path in (tmp_path / "logs").iterdir()}
    assert set(logs) == {"server.log", "virtual-printer.log", "kiosk-kiosk-1.log", "display-screen-1.log",
                         "counter-counter-1.log", "counter-counter-6.log"}
    assert not [name for name, text in logs.items() if "Traceback" in text]
    pids = [int(pid) for pid in re.findall(r"pid (\d+)", output)]
    assert len(pids) == 6
    assert not [pid for pid in pids if os.path.exists(f"/proc/{pid}")], "the demo left processes running"
