"""The kiosk's pure parts: what the screens say, computed from the hall's state; its settings."""
import subprocess
import sys

import pytest

from kiosk.config import KioskConfigError, load_kiosk_config, window_size
from kiosk.view_model import (
    ahead_text,
    all_closed,
    closed_text,
    dossier_text,
    grid_columns,
    service_tiles,
    ticket_reference,
)
from queue_protocol.durations import NO_COUNTER_OPEN, NO_WAIT
from queue_protocol.messages import Dossier, ServiceInfo
from queue_protocol.text import Text
from tests.support import ROOT


def service(code, open=True, pickup=False, hours=(), waiting=0, wait_s=0, name_en="X", counters_open=None,
            open_today=None):
    return ServiceInfo(code=code, name=f"Lĩnh vực {code}", name_en=name_en, priority_allowed=True, pickup=pickup,
                       hours=list(hours), open=open, waiting=waiting, waiting_priority=0, estimated_wait_s=wait_s,
                       counters=[1], counters_open=counters_open, open_today=open_today)


def test_a_service_buttons_wait_line():
    def line(waiting, wait_s, counters_open=None):
        return service_tiles([service("DD", waiting=waiting, wait_s=wait_s, counters_open=counters_open)])[0].status

    assert line(0, 0) == NO_WAIT == Text("Không phải chờ", "No wait")  # as the number screen and the ticket say
    assert line(4, 950).vi == "Đang chờ 4 · khoảng 20 phút"
    assert line(12, 5700) == Text("Đang chờ 12 · khoảng 1 giờ 35 phút", "12 waiting · about 1 h 35 min")
    assert line(1, 5, counters_open=1).vi == "Đang chờ 1 · dưới 5 phút"
    # Nobody serves it now: no estimate, whether or not anyone waits (issue 12 item 11).
    assert line(3, 1200, counters_open=0) == Text("Đang chờ 3 · chưa có quầy phục vụ", "3 waiting · no counter open")
    assert line(0, 0, counters_open=0).vi == "Đang chờ 0 · chưa có quầy phục vụ"


def test_the_line_under_a_number_just_issued():
    assert ahead_text(0, NO_WAIT) == Text("Bạn là người tiếp theo · không phải chờ", "You are next · no wait")
    assert ahead_text(0, NO_COUNTER_OPEN).vi == "Bạn là người tiếp theo · chưa có quầy phục vụ"
    assert ahead_text(3, Text("khoảng 15 phút", "about 15 min")).en == "3 ahead of you · about 15 min"


def test_tiles_leave_out_pickup_and_grey_closed_services():
    tiles = service_tiles([service("DD", waiting=2, wait_s=600), service("TKQ", pickup=True),
                           service("CT", open=False, hours=["07:30-11:30"]),
                           service("HT", open=False, hours=["07:30-11:30"], open_today=False)])
    assert [t.code for t in tiles] == ["DD", "CT", "HT"]
    assert tiles[0].open and tiles[0].status.vi == "Đang chờ 2 · khoảng 10 phút"
    assert not tiles[1].open and tiles[1].status.vi == "Đã hết giờ · mở 07:30–11:30"
    # Closed early by the hall manager: its hours would mislead.
    assert not tiles[2].open and tiles[2].status == Text("Hôm nay đã ngừng cấp số", "No more numbers today")
    assert tiles[0].colour != tiles[1].colour


def test_all_closed_ignores_the_pickup_service():
    assert all_closed([service("DD", open=False), service("TKQ", pickup=True)])
    assert not all_closed([service("DD", open=False), service("HT")])
    assert not all_closed([service("TKQ", pickup=True)])
    assert closed_text([]).en == "Not issuing tickets now"


def test_grid_columns():
    assert grid_columns(4, landscape=False) == 2 and grid_columns(6, landscape=False) == 2
    assert grid_columns(3, landscape=False) == 1 and grid_columns(6, landscape=True) == 3


def test_dossier_text_and_ticket_reference():
    dossier = Dossier(code="000.00.16.G04-261120-0020", applicant="Nguyễn V. A.", service="DD",
                      status="needs_more_documents", due_at="2026-12-02", overdue=True)
    text = dossier_text(dossier)
    assert text.vi.startswith("Cần bổ sung giấy tờ") and "Ngày hẹn trả: 02/12/2026" in text.vi
    assert "overdue" in text.en
    assert ticket_reference("2026-11-29", "DD", "1023") == "XEPHANG|2026-11-29|DD|1023"


def test_config_file_then_options(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text('[kiosk]\nserver = "ws://10.0.0.2:8765"\ndevice = "kiosk-2"\nidle_timeout_s = 45\n')
    config = load_kiosk_config(str(path), {"device": "kiosk-3", "token": None})
    assert (config.server, config.device, config.idle_timeout_s) == ("ws://10.0.0.2:8765", "kiosk-3", 45)
    with pytest.raises(KioskConfigError, match="invalid value"):
        load_kiosk_config(None, {"paper_mm": "wide"})
    with pytest.raises(KioskConfigError, match="WIDTHxHEIGHT"):
        window_size("big")
    assert window_size("1080x1920") == (1080, 1920)


@pytest.mark.parametrize("value", ["0", "-2.5"])
def test_a_printer_timeout_of_zero_or_less_stops_the_kiosk_naming_the_key_and_its_line(tmp_path, value):
    path = tmp_path / "kiosk.toml"
    path.write_text(f'# the kiosk by the door\n[kiosk]\nserver = "ws://10.0.0.2:8765"\nprinter_timeout_s = {value}\n')
    started = subprocess.run([sys.executable, "-m", "xephang.cli", "kiosk", "--config", str(path)], cwd=ROOT,
                             capture_output=True, text=True, timeout=30)
    assert started.returncode == 2 and "Traceback" not in started.stderr
    assert started.stderr.strip() == (
        f"Lỗi cấu hình / Configuration error: {path}: [kiosk], khóa printer_timeout_s (dòng 4): phải lớn hơn 0 "
        f"(đang là {value}) / [kiosk], key printer_timeout_s (line 4): must be more than 0 (is {value})")
    with pytest.raises(KioskConfigError, match="option idle_timeout_s: must be more than 0"):
        load_kiosk_config(None, {"idle_timeout_s": -1})


def test_a_printer_profile_without_a_paper_width_stops_the_kiosk_at_start_saying_what_to_set(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text('[kiosk]\nprinter = "tcp://192.168.1.50:9100?profile=RP326"\n')
    started = subprocess.run([sys.executable, "-m", "xephang.cli", "kiosk", "--config", str(path)], cwd=ROOT,
                             capture_output=True, text=True, timeout=30)
    assert started.returncode == 2
    assert started.stderr.startswith(
        f"Lỗi cấu hình / Configuration error: {path}: profile máy in 'RP326' của python-escpos không ghi bề rộng "
        "giấy tính bằng điểm (media.width.pixels: Unknown), nên không căn được phiếu. Hãy bỏ '?profile=RP326' khỏi "
        "địa chỉ máy in và đặt paper_mm = 80 hoặc 58 trong bảng [kiosk]")
    assert "Remove '?profile=RP326' from the printer URL and set paper_mm = 80 or 58 in the [kiosk] table" \
        in started.stderr
    assert "Traceback" not in started.stderr


def test_a_due_date_with_a_time():
    dossier = Dossier(code="000.00.16.G04-261120-0020", applicant="Nguyễn V. A.", service="DD",
                      status="processing", due_at="2026-12-03T10:00")
    assert "Ngày hẹn trả: 03/12/2026 10:00" in dossier_text(dossier).vi
