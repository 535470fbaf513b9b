"""`xephang demo`: a whole hall on one machine — server, virtual printer, kiosk, hall screen, two counters."""
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import platformdirs

from queue_server.config import DEMO_CONFIG_PATH, load_config


@dataclass(frozen=True)
class Part:
    name: str
    args: tuple[str, ...]
    position: Optional[tuple[int, int]] = None  # top-left corner of an app's window on a 1920x1080 desktop

    @property
    def is_app(self) -> bool:
        return self.position is not None

    def env(self) -> dict[str, str]:
        """Kivy reads KCFG_<SECTION>_<KEY> over its config: side by side windows, quiet logs."""
        if self.position is None:
            return {}
        left, top = self.position
        return {"KCFG_GRAPHICS_POSITION": "custom", "KCFG_GRAPHICS_LEFT": str(left),
                "KCFG_GRAPHICS_TOP": str(top), "KCFG_KIVY_LOG_LEVEL": "info"}


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "demo", help="chạy thử cả sảnh trên máy này / run a whole demo hall on this machine",
        description="Máy chủ, máy in ảo, ki-ốt, màn hình sảnh và hai quầy / Server, virtual printer, kiosk, "
                    "hall screen and two counters.")
    parser.add_argument("--port", type=int, default=8765, help="queue server port (default 8765)")
    parser.add_argument("--printer-port", type=int, default=9100, help="virtual printer port (default 9100)")
    parser.add_argument("--data-dir", type=Path, default=Path(platformdirs.user_data_dir("xephang")) / "demo",
                        help="where the demo keeps its SQLite file and printed tickets")
    parser.add_argument("--seconds", type=float, help="stop by itself after this many seconds")
    parser.set_defaults(run=run)


def has_screen() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def demo_parts(port: int, printer_port: int, data_dir: Path) -> list[Part]:
    devices = {d.id: d.token for d in load_config(DEMO_CONFIG_PATH).devices}
    server = f"ws://127.0.0.1:{port}"

    def app(kind: str, device: str, position: tuple[int, int], *extra: str) -> Part:
        return Part(f"{kind} {device}", (kind, "--server", server, "--device", device, "--token", devices[device],
                                         *extra), position)
    return [
        Part("server", ("server", "--db", str(data_dir / "demo-hall.db"), "--host", "127.0.0.1",
                        "--port", str(port))),
        Part("virtual printer", ("virtual-printer", "--port", str(printer_port),
                                 "--save-dir", str(data_dir / "tickets"))),
        app("display", "screen-1", (0, 0), "--window", "960x540"),
        app("kiosk", "kiosk-1", (960, 0), "--printer", f"tcp://127.0.0.1:{printer_port}", "--window", "540x960"),
        app("counter", "counter-1", (1500, 0), "--window", "420x520"),
        app("counter", "counter-6", (1500, 550), "--window", "420x520"),
    ]


def run(args) -> int:
    # A service manager or `kill` stops the demo with SIGTERM: stop every part with it, leave no orphans.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    args.data_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    if has_screen():
        print("xephang demo: a screen was found; each app opens its own window.")
    else:
        print("xephang demo: no screen here (DISPLAY is not set): the server and printer run as usual and the\n"
              "  apps run offscreen (SDL_VIDEODRIVER=offscreen), working but invisible. Run `make demo` on a\n"
              "  desktop to see the windows.")
        env.update(SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="dummy")
    processes: list[tuple[Part, subprocess.Popen]] = []
    log_dir = args.data_dir / "logs"
    log_dir.mkdir(exist_ok=True)
    try:
        for part in demo_parts(args.port, args.printer_port, args.data_dir):
            log_path = log_dir / (part.name.replace(" ", "-") + ".log")
            with open(log_path, "w") as log:  # the child keeps its own handle
                process = subprocess.Popen([sys.executable, "-m", "xephang.cli", *part.args],
                                           stdout=log, stderr=subprocess.STDOUT, env=env | part.env())
            processes.append((part, process))
            if not part.is_app:
                time.sleep(1.0)  # server and printer listen before the apps connect
        _tell(processes, args)
        return _watch(processes, args.seconds)
    except KeyboardInterrupt:
        return 0
    finally:
        _stop(processes)


def _tell(processes, args) -> None:
    print(f"xephang demo: running (logs in {args.data_dir / 'logs'}):")
    for part, process in processes:
        print(f"  {part.name:<22} pid {process.pid}")
    print(f"  queue server:   ws://127.0.0.1:{args.port}   health: http://127.0.0.1:{args.port}/healthz")
    print(f"  database:       {args.data_dir / 'demo-hall.db'}")
    print(f"  printed tickets are saved as PNG in {args.data_dir / 'tickets'}")
    print("xephang demo: press Ctrl+C to stop everything.", flush=True)


def _watch(processes, seconds) -> int:
    deadline = None if seconds is None else time.monotonic() + seconds
    while deadline is None or time.monotonic() < deadline:
        for part, process in processes:
            if process.poll() is not None:
                print(f"xephang demo: {part.name} stopped (exit code {process.returncode}); "
                      f"see its log. Stopping the demo.", file=sys.stderr)
                return 1
        time.sleep(0.5)
    return 0


def _stop(processes) -> None:
    for _, process in reversed(processes):
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for part, process in reversed(processes):
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    if processes:
        print("xephang demo: stopped.")
