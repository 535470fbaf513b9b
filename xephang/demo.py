"""`xephang demo`: a whole hall on one machine — server, virtual printer, kiosk, hall screen, two counters with a
clerk signed in at each, a rating tablet at counter 1, the web dashboard, and four dossiers ready for pickup.

The demo behaves like a hall: a part that stops (killed, crashed, its window closed) is started again and
the terminal says so, while the other parts go on, show that they are offline and recover by themselves.
A part that dies right after starting is retried after longer and longer waits. Ctrl+C or SIGTERM stops
every part.
"""
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from websockets.exceptions import WebSocketException
from websockets.sync.client import connect

from queue_protocol import messages as m
from queue_protocol.states import DossierStatus
from queue_protocol.text import Text
from queue_server.config import DEMO_CONFIG_PATH, load_config
from queue_server.paths import DEMO_DIR, default_db_path

# Who the demo signs in, so that its two consoles can call at once: counter device -> (clerk, PIN), as in
# demo_hall.toml; the other counters' clerks sign in at a console.
SIGNED_IN = {"counter-1": ("lan", "1111"), "counter-6": ("hung", "2222")}
SIGN_IN_WITHIN_S = 30.0
RESTART_DELAY_S = 1.0  # long enough to see the other parts go offline when the server is restarted
SETTLED_AFTER_S = 10.0  # a part that ran this long had started fine (a Kivy app needs a few seconds)
MAX_RESTART_DELAY_S = 30.0
# Dossiers the demo makes ready for pickup, as the one-stop software would (applicant, service): the hall screen
# lists them and their codes give a pickup number at the kiosk.
READY_DOSSIERS = (("Nguyễn Văn An", "DD"), ("Trần Thị Bích", "HT"), ("Lê Hoàng", "CT"), ("Phạm Quốc Dũng", "XD"))


@dataclass(frozen=True)
class Part:
    name: str  # English; also the name of its log file
    name_vi: str
    args: tuple[str, ...]
    position: tuple[int, int] | None = None  # top-left corner of an app's window on a 1920x1080 desktop

    @property
    def is_app(self) -> bool:
        return self.position is not None

    @property
    def file_name(self) -> str:
        return self.name.replace(" ", "-")

    @property
    def log_name(self) -> str:
        return self.file_name + ".log"

    def env(self, kivy_homes: Path) -> dict[str, str]:
        """Kivy reads KCFG_<SECTION>_<KEY> over its config: side by side windows, quiet logs. Each app has a Kivy
        home of its own: Kivy's first start copies its icons into an empty home, and four apps starting at once
        in one home raced on it (a FileExistsError traceback in a log, on a fresh machine's first demo)."""
        if self.position is None:
            return {}
        left, top = self.position
        return {"KIVY_HOME": str(kivy_homes / self.file_name), "KCFG_GRAPHICS_POSITION": "custom",
                "KCFG_GRAPHICS_LEFT": str(left), "KCFG_GRAPHICS_TOP": str(top), "KCFG_KIVY_LOG_LEVEL": "info"}


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "demo", help="chạy thử cả sảnh trên máy này / run a whole demo hall on this machine",
        description="Máy chủ, máy in ảo, ki-ốt, màn hình sảnh, hai quầy có cán bộ đăng nhập, máy đánh giá tại quầy 1 "
                    "/ Server, virtual printer, kiosk, hall screen, two counters with a clerk signed in, a rating "
                    "tablet at counter 1.")
    parser.add_argument("--port", type=int, default=8765, help="queue server port (default 8765)")
    parser.add_argument("--printer-port", type=int, default=9100, help="virtual printer port (default 9100)")
    parser.add_argument("--dashboard-port", type=int, default=8080, help="web dashboard port (default 8080)")
    parser.add_argument("--data-dir", type=Path, default=DEMO_DIR,
                        help=f"where the demo keeps its SQLite file and printed tickets (default {DEMO_DIR})")
    parser.add_argument("--seconds", type=float, help="stop by itself after this many seconds")
    parser.set_defaults(run=run)


def has_screen() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def demo_parts(port: int, printer_port: int, data_dir: Path, dashboard_port: int = 8080) -> list[Part]:
    devices = {d.id: d.token for d in load_config(DEMO_CONFIG_PATH).devices}
    server = f"ws://127.0.0.1:{port}"

    def app(kind: str, device: str, name_vi: str, position: tuple[int, int], *extra: str) -> Part:
        return Part(f"{kind} {device}", name_vi,
                    (kind, "--server", server, "--device", device, "--token", devices[device], *extra), position)
    return [
        Part("server", "máy chủ", ("server", "--db", str(default_db_path(None, data_dir)), "--host", "127.0.0.1",
                                   "--port", str(port))),
        Part("virtual printer", "máy in ảo", ("virtual-printer", "--port", str(printer_port),
                                              "--save-dir", str(data_dir / "tickets"))),
        app("display", "screen-1", "màn hình sảnh", (0, 0), "--window", "960x540"),
        app("kiosk", "kiosk-1", "ki-ốt", (960, 0), "--printer", f"tcp://127.0.0.1:{printer_port}",
            "--window", "540x960"),
        app("counter", "counter-1", "quầy 1", (1500, 0), "--window", "420x520"),
        app("counter", "counter-6", "quầy 6", (1500, 550), "--window", "420x520"),
        app("rating", "rating-1", "máy đánh giá quầy 1", (0, 560), "--window", "800x500",
            "--outbox", str(data_dir / "rating-outbox.json")),
        Part("dashboard", "bảng điều hành", ("dashboard", "--db", str(default_db_path(None, data_dir)), "--server",
                                              server, "--host", "127.0.0.1", "--port", str(dashboard_port))),
    ]


def restart_delay(ran_for: float, last_delay: float | None) -> float:
    """Seconds to wait before starting a stopped part again: the usual second after a part that had been
    running, twice the last wait (up to 30 s) after one that died again right after starting."""
    if last_delay is None or ran_for >= SETTLED_AFTER_S:
        return RESTART_DELAY_S
    return min(last_delay * 2, MAX_RESTART_DELAY_S)


def how_it_stopped(returncode: int) -> tuple[str, str]:
    if returncode < 0:
        name = signal.Signals(-returncode).name
        return f"bị dừng bằng {name}", f"killed by {name}"
    return f"mã thoát {returncode}", f"exit code {returncode}"


class Supervised:
    """One part of the demo: its process while it runs, when to start it again after it stops."""

    def __init__(self, part: Part, env: dict[str, str], log_dir: Path):
        self.part, self.env, self.log_path = part, env | part.env(log_dir.parent / "kivy"), log_dir / part.log_name
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0
        self.last_delay: float | None = None
        self.restart_at: float | None = None

    def start(self) -> None:
        restarting = self.process is not None
        with open(self.log_path, "a" if restarting else "w") as log:  # the child keeps its own handle
            if restarting:
                log.write(f"--- xephang demo: restarted at {time.strftime('%H:%M:%S')} ---\n")
                log.flush()
            # A process group of its own: Ctrl+C in the terminal reaches the demo, which stops every part itself.
            self.process = subprocess.Popen([sys.executable, "-m", "xephang.cli", *self.part.args], stdout=log,
                                            stderr=subprocess.STDOUT, env=self.env, process_group=0)
        self.started_at, self.restart_at = time.monotonic(), None

    def check(self, now: float) -> None:
        """Notice a stop and schedule the restart; restart when its time has come."""
        if self.process is None:
            return  # not started
        if self.restart_at is None and self.process.poll() is not None:
            self.last_delay = delay = restart_delay(now - self.started_at, self.last_delay)
            self.restart_at = now + delay
            vi_how, en_how = how_it_stopped(self.process.returncode)
            vi, en = self.part.name_vi, self.part.name
            if delay > RESTART_DELAY_S:
                _say(f"{vi} lại dừng ngay sau khi khởi động ({vi_how}); chờ {delay:g} giây rồi thử lại, "
                     f"xem {self.log_path}",
                     f"{en} stopped again right after starting ({en_how}); trying again in {delay:g} s, "
                     f"see {self.log_path}")
            else:
                _say(f"{vi} đã dừng ({vi_how}); khởi động lại sau {delay:g} giây",
                     f"{en} stopped ({en_how}); restarting in {delay:g} s")
        elif self.restart_at is not None and now >= self.restart_at:
            self.start()
            _say(f"đã khởi động lại {self.part.name_vi}, pid {self.pid}", f"{self.part.name} restarted, pid {self.pid}")

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)

    def wait(self) -> None:
        if self.process is None:
            return
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _say(vi: str, en: str) -> None:
    print(f"xephang demo: {vi}\n              {en}", flush=True)


def run(args) -> int:
    # A service manager or `kill` stops the demo with SIGTERM: stop every part with it, leave no orphans.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl+C, even where a shell started it ignoring SIGINT
    args.data_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    if has_screen():
        _say("đã thấy màn hình; mỗi ứng dụng mở một cửa sổ riêng.",
             "a screen was found; each app opens its own window.")
    else:
        _say("máy này không có màn hình (chưa đặt DISPLAY): máy chủ và máy in chạy như thường, các ứng dụng chạy ẩn\n"
             "              (SDL_VIDEODRIVER=offscreen), vẫn hoạt động nhưng không nhìn thấy. Chạy `make demo` trên\n"
             "              một máy có màn hình để thấy các cửa sổ.",
             "no screen here (DISPLAY is not set): the server and printer run as usual and the apps run offscreen\n"
             "              (SDL_VIDEODRIVER=offscreen), working but invisible. Run `make demo` on a desktop to see\n"
             "              the windows.")
        env.update(SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="dummy")
    log_dir = args.data_dir / "logs"
    log_dir.mkdir(exist_ok=True)
    (args.data_dir / "kivy").mkdir(exist_ok=True)  # Kivy makes its home there, not the folders above it
    parts = [Supervised(part, env, log_dir) for part in demo_parts(args.port, args.printer_port, args.data_dir,
                                                                             args.dashboard_port)]
    try:
        for supervised in parts:
            supervised.start()
            if not supervised.part.is_app:
                time.sleep(1.0)  # server and printer listen before the apps connect
        _tell(parts, args)
        _sign_in_clerks(args.port)
        _make_dossiers_ready(args.port)
        deadline = None if args.seconds is None else time.monotonic() + args.seconds
        while deadline is None or time.monotonic() < deadline:
            for supervised in parts:
                supervised.check(time.monotonic())
            time.sleep(0.2)
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        _stop(parts)


def _tell(parts: list[Supervised], args) -> None:
    """What runs and where to reach it: Vietnamese first, English second, one value per line."""
    logs = args.data_dir / "logs"
    _say(f"đang chạy; nhật ký của từng phần trong {logs}", f"running; each part's log is in {logs}")
    for supervised in parts:
        print(f"  {supervised.part.name_vi + ' / ' + supervised.part.name:<46} pid {supervised.pid}")
    for label_vi, label_en, value in (
            ("Máy chủ xếp hàng", "Queue server", f"ws://127.0.0.1:{args.port}"),
            ("Tình trạng máy chủ", "Server health", f"http://127.0.0.1:{args.port}/healthz"),
            ("Cơ sở dữ liệu", "Database", default_db_path(None, args.data_dir)),
            ("Phiếu đã in (ảnh PNG)", "Printed tickets (PNG)", args.data_dir / "tickets"),
            ("Bảng điều hành web", "Web dashboard", f"http://127.0.0.1:{args.dashboard_port}"),
            ("  đăng nhập quản lý", "manager sign-in", "quanly, mật khẩu / password demo-quanly"),
            ("  đăng nhập chỉ xem", "viewer sign-in", "xem, mật khẩu / password demo-xem")):
        print(f"  {label_vi + ' / ' + label_en + ':':<46} {value}")
    _say("phần nào dừng (kể cả khi đóng cửa sổ) sẽ được khởi động lại; nhấn Ctrl+C để dừng tất cả.",
         "a part that stops (a window closed too) is started again; press Ctrl+C to stop everything.")


def _sign_in_clerks(port: int) -> None:
    """Sign the demo's clerks in, as each would at their console (name, PIN), so the counters can call at once."""
    config = load_config(DEMO_CONFIG_PATH)
    for device, (clerk, pin) in SIGNED_IN.items():
        reply = _request_as(port, config.device(device), m.SignIn(id=f"demo-{time.time_ns()}", clerk=clerk, pin=pin))
        clerk_config, device_config = config.clerk(clerk), config.device(device)
        assert clerk_config is not None and device_config is not None  # the demo hall has them
        name, counter = clerk_config.name, device_config.counter
        if isinstance(reply, m.Ok):
            _say(f"{name} đã đăng nhập tại quầy {counter} (mã PIN {pin})",
                 f"{name} is signed in at counter {counter} (PIN {pin})")
        else:
            _say(f"chưa đăng nhập được {name} tại quầy {counter}: {reply.message.vi}",
                 f"could not sign {name} in at counter {counter}: {reply.message.en}")


def ready_dossiers(today: date) -> list[m.UpsertDossier]:
    """Ready, due `today`, under the same codes at every start (the hall screen does not fill up): the server
    refuses to make a dossier returned meanwhile ready again, and it stays returned."""
    started = time.time_ns()  # new request ids at each start: the server answers what is true now
    return [m.UpsertDossier(id=f"demo-{started}-{number}", code=f"000.00.16.G04-261126-{number:04d}",
                            applicant=applicant, service=service, due_at=today.isoformat(), status=DossierStatus.READY)
            for number, (applicant, service) in enumerate(READY_DOSSIERS, start=20)]


def _make_dossiers_ready(port: int) -> None:
    config = load_config(DEMO_CONFIG_PATH)
    dossiers = ready_dossiers(datetime.now(config.zone).date())
    replies = [_request_as(port, config.device("integration-1"), dossier) for dossier in dossiers]
    ready = [dossier.code for dossier, reply in zip(dossiers, replies, strict=True) if isinstance(reply, m.Ok)]
    if ready:
        _say(f"{len(ready)} hồ sơ đã có kết quả chờ trả (màn hình sảnh liệt kê); "
             f"thử nhập hoặc quét mã {ready[0]} tại ki-ốt",
             f"{len(ready)} dossiers are ready for pickup (listed on the hall screen); "
             f"type or scan {ready[0]} at the kiosk")
    else:
        _say(f"không có hồ sơ mẫu nào chờ trả: {replies[0].message.vi}",
             f"no sample dossier is ready: {replies[0].message.en}")


def _request_as(port: int, device, command: m.Command):
    """One command from a device, once the server answers; an error reply if it never does."""
    deadline = time.monotonic() + SIGN_IN_WITHIN_S
    while True:
        try:
            with connect(f"ws://127.0.0.1:{port}", open_timeout=2) as ws:
                ws.send(m.encode(m.Hello(role=device.role, device=device.id, token=device.token)))
                ws.recv(timeout=5)
                ws.send(m.encode(command))
                while True:
                    reply = m.decode_server(ws.recv(timeout=10))
                    if isinstance(reply, (m.Ok, m.Error)) and reply.id == command.id:
                        return reply
        except (OSError, TimeoutError, WebSocketException):
            if time.monotonic() > deadline:
                return m.Error(id=command.id, code="no_answer", message=Text(
                    "máy chủ không trả lời", "the server did not answer"))
            time.sleep(0.5)


def _stop(parts: list[Supervised]) -> None:
    # A second Ctrl+C while the parts shut down would otherwise leave some of them running.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    for supervised in reversed(parts):
        supervised.stop()
    for supervised in reversed(parts):
        supervised.wait()
    if parts:
        _say("đã dừng tất cả.", "everything stopped.")
