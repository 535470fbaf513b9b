"""`xephang demo` on a machine with no screen: it says so, the whole hall runs offscreen, a part that stops is
started again while the others go on, and Ctrl+C or SIGTERM leaves no process behind."""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from queue_protocol import messages as m
from queue_server.config import DEMO_CONFIG_PATH, load_config
from tests.support import ROOT
from xephang.demo import _request_as, how_it_stopped, restart_delay

APPS = ("display screen-1", "kiosk kiosk-1", "counter counter-1", "counter counter-6", "rating rating-1")


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


class Demo:
    """`xephang demo` in a session of its own (as a terminal runs it), its output read line by line."""

    def __init__(self, *args: str, env: dict, printer_port: int = 0):
        self.port, self.printer_port, self.dashboard_port = free_port(), printer_port or free_port(), free_port()
        self.env = {k: v for k, v in env.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "xephang.cli", "demo", "--seconds", "120", "--port", str(self.port),
             "--printer-port", str(self.printer_port), "--dashboard-port", str(self.dashboard_port), *args],
            cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True)
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, what, timeout: float = 45.0):
        """Until what() is true (returned), failing with the output if the demo stops or time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = what()
            if found:
                return found
            assert self.process.poll() is None, self.output
            time.sleep(0.2)
        raise AssertionError(f"gave up waiting; the demo said:\n{self.output}")

    def all_connected(self):
        status = health(self.port)
        # kiosk, hall screen, two counters, the rating tablet, the dashboard
        return status if status and status["connections"] >= 6 else None

    def pids(self) -> dict[str, int]:
        """The pid of each part (by its English name) as the demo announced it at start."""
        return {name: int(pid) for name, pid in re.findall(r"^  \S.*? / (\S.*?) +pid (\d+)$", self.output, re.M)}

    def restarted(self, name: str):
        found = re.search(rf"^ +{name} restarted, pid (\d+)$", self.output, re.M)
        return int(found.group(1)) if found else None

    def every_pid(self) -> set[int]:
        return {int(pid) for pid in re.findall(r"pid (\d+)", self.output)}

    def finish(self) -> str:
        self.process.wait(timeout=30)
        self.reader.join(timeout=10)
        return self.output


def running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_demo_without_a_screen_runs_every_part_offscreen_and_the_report_finds_its_database(tmp_path):
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path))  # the user's data folder, where the demo keeps its files
    demo = Demo(env=env)
    try:
        status = demo.wait_for(demo.all_connected)
        assert "Trung tâm Phục vụ hành chính công" in status["hall"]
        assert demo.wait_for(lambda: health(demo.dashboard_port))["queue_server"] == "connected"
        demo.wait_for(lambda: "dossiers are ready for pickup" in demo.output)
        # The code the demo suggests, looked up as the kiosk does when it is typed or scanned.
        kiosk = load_config(DEMO_CONFIG_PATH).device("kiosk-1")
        found = _request_as(demo.port, kiosk, m.LookupDossier(id="test-lookup", code="000.00.16.G04-261126-0020"))
        # masked, as the kiosk shows it
        assert (found.dossier.applicant, found.dossier.status) == ("Nguyễn V. A.", "ready")
    finally:
        demo.process.terminate()  # SIGTERM, as a service manager or `kill` stops it
    output = demo.finish()
    assert demo.process.returncode == 0
    data_dir = tmp_path / "xephang" / "demo"
    # What a person reads first in the terminal: Vietnamese first, English second, the addresses and logins.
    assert output.startswith(
        "xephang demo: máy này không có màn hình (chưa đặt DISPLAY): máy chủ và máy in chạy như thường, các ứng "
        "dụng chạy ẩn\n")
    assert "              no screen here (DISPLAY is not set): the server and printer run as usual and the apps run " \
           "offscreen\n" in output
    assert (f"xephang demo: đang chạy; nhật ký của từng phần trong {data_dir / 'logs'}\n"
            f"              running; each part's log is in {data_dir / 'logs'}\n") in output
    assert re.search(r"^  máy chủ / server +pid \d+$", output, re.M)
    assert re.search(r"^  quầy 6 / counter counter-6 +pid \d+$", output, re.M)
    labelled = dict(re.findall(r"^  +(\S[^:\n]*): +(\S.*)$", output, re.M))
    assert labelled["Máy chủ xếp hàng / Queue server"] == f"ws://127.0.0.1:{demo.port}"
    assert labelled["Tình trạng máy chủ / Server health"] == f"http://127.0.0.1:{demo.port}/healthz"
    assert labelled["Cơ sở dữ liệu / Database"] == str(data_dir / "demo-hall.db")
    assert labelled["Phiếu đã in (ảnh PNG) / Printed tickets (PNG)"] == str(data_dir / "tickets")
    assert labelled["Bảng điều hành web / Web dashboard"] == f"http://127.0.0.1:{demo.dashboard_port}"
    assert labelled["đăng nhập quản lý / manager sign-in"] == "quanly, mật khẩu / password demo-quanly"
    assert labelled["đăng nhập chỉ xem / viewer sign-in"] == "xem, mật khẩu / password demo-xem"
    assert ("xephang demo: phần nào dừng (kể cả khi đóng cửa sổ) sẽ được khởi động lại; nhấn Ctrl+C để dừng tất cả.\n"
            "              a part that stops (a window closed too) is started again; press Ctrl+C to stop everything.\n"
            ) in output
    assert output.endswith("xephang demo: đã dừng tất cả.\n              everything stopped.\n")
    assert "Traceback" not in output
    assert ("xephang demo: Nguyễn Thị Lan đã đăng nhập tại quầy 1 (mã PIN 1111)\n"
            "              Nguyễn Thị Lan is signed in at counter 1 (PIN 1111)\n") in output
    assert "Trần Văn Hùng is signed in at counter 6" in output
    assert ("xephang demo: 4 hồ sơ đã có kết quả chờ trả (màn hình sảnh liệt kê); thử nhập hoặc quét mã "
            "000.00.16.G04-261126-0020 tại ki-ốt\n"
            "              4 dossiers are ready for pickup (listed on the hall screen); type or scan "
            "000.00.16.G04-261126-0020 at the kiosk\n") in output
    assert (data_dir / "demo-hall.db").exists()
    logs = {path.name: path.read_text(errors="replace") for path in (data_dir / "logs").iterdir()}
    assert set(logs) == {"server.log", "virtual-printer.log", "kiosk-kiosk-1.log", "display-screen-1.log",
                         "counter-counter-1.log", "counter-counter-6.log", "rating-rating-1.log", "dashboard.log"}
    # Each app in a Kivy home of its own (apps sharing an empty one raced on copying Kivy's icons into it).
    assert {path.name for path in (data_dir / "kivy").iterdir()} == {
        "kiosk-kiosk-1", "display-screen-1", "counter-counter-1", "counter-counter-6", "rating-rating-1"}
    assert all((data_dir / "kivy" / name / "icon").is_dir() for name in ("kiosk-kiosk-1", "rating-rating-1"))
    failed = {name: text[text.index("Traceback"):][:3000] for name, text in logs.items() if "Traceback" in text}
    assert not failed, failed  # the traceback itself: a part that failed once under load says why
    assert len(demo.pids()) == 8
    assert not [pid for pid in demo.every_pid() if running(pid)], "the demo left processes running"

    # no --config, no --db: the demo hall and the demo's database
    report = subprocess.run([sys.executable, "-m", "xephang.cli", "report"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=30)
    assert report.returncode == 0, report.stderr
    assert report.stdout.splitlines()[0] == "Trung tâm Phục vụ hành chính công phường Ba Đình"
    assert "Cả sảnh / Whole hall" in report.stdout


def test_a_part_that_stops_is_started_again_while_the_others_go_on(tmp_path):
    # Something else holds the printer's port: the virtual printer dies each time it starts.
    with socket.create_server(("127.0.0.1", 0)) as taken:
        demo = Demo("--data-dir", str(tmp_path), env=dict(os.environ), printer_port=taken.getsockname()[1])
        try:
            demo.wait_for(demo.all_connected)
            first = demo.pids()
            os.kill(first["server"], signal.SIGKILL)
            os.kill(first["counter counter-6"], signal.SIGTERM)  # as when its window is closed
            server = demo.wait_for(lambda: demo.restarted("server"))
            counter_6 = demo.wait_for(lambda: demo.restarted("counter counter-6"))
            assert server != first["server"] and counter_6 != first["counter counter-6"]
            demo.wait_for(lambda: health(demo.port) is not None)
            demo.wait_for(demo.all_connected)  # the apps saw the server go and reconnected by themselves
            demo.wait_for(lambda: "trying again in 4 s" in demo.output)
            assert all(running(first[app]) for app in APPS if app != "counter counter-6")
            assert running(server) and running(counter_6)
        finally:
            os.killpg(demo.process.pid, signal.SIGINT)  # Ctrl+C: the terminal signals the demo's process group
        output = demo.finish()
    assert demo.process.returncode == 0
    assert ("xephang demo: máy chủ đã dừng (bị dừng bằng SIGKILL); khởi động lại sau 1 giây\n"
            "              server stopped (killed by SIGKILL); restarting in 1 s\n") in output
    assert f"xephang demo: đã khởi động lại máy chủ, pid {server}\n" in output
    assert "xephang demo: quầy 6 đã dừng (mã thoát 0); khởi động lại sau 1 giây\n" in output
    printer_log = tmp_path / "logs" / "virtual-printer.log"
    assert (f"xephang demo: máy in ảo lại dừng ngay sau khi khởi động (mã thoát 1); chờ 2 giây rồi thử lại, "
            f"xem {printer_log}\n") in output
    assert f"virtual printer stopped again right after starting (exit code 1); trying again in 4 s, " \
           f"see {printer_log}\n" in output
    assert not re.search(r"(display|kiosk|counter counter-1) restarted", output)
    assert "xephang demo: đã dừng tất cả.\n" in output
    assert not [pid for pid in demo.every_pid() if running(pid)], "the demo left processes running"


@pytest.mark.parametrize("ran_for, last_delay, delay", [
    (600, None, 1), (2, None, 1),  # a first stop: the usual second
    (2, 1, 2), (2, 2, 4), (3, 16, 30), (3, 30, 30),  # died again at once: longer each time, at most 30 s
    (600, 30, 1),  # it had been running well: back to the usual second
])
def test_restart_delay_backs_off_for_a_part_that_keeps_dying_at_once(ran_for, last_delay, delay):
    assert restart_delay(ran_for, last_delay) == delay


def test_how_a_part_stopped():
    assert how_it_stopped(-9) == ("bị dừng bằng SIGKILL", "killed by SIGKILL")
    assert how_it_stopped(1) == ("mã thoát 1", "exit code 1")
