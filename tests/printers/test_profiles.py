"""A printer profile named in the config: used when escpos knows its paper width, otherwise a clear Vietnamese and
English configuration error naming the profile and what to set, raised before the printer is touched."""
import pytest
from escpos.capabilities import CAPABILITIES

from printers import PrinterConfigError, open_printer, printer_settings
from printers.sample import sample_ticket
from printers.ticket import render_ticket


def test_a_profile_that_knows_its_width_prints_at_that_width(tcp_printer):
    server = tcp_printer("ok")
    with open_printer(f"{server.url}?profile=TM-T88V", timeout_s=1) as printer:
        assert printer.width_px == 512  # 180 dpi: narrower than our 576-dot default
        printer.print_ticket(render_ticket(sample_ticket(), printer.width_px))
    assert server.printer.wait_for_tickets(1)
    assert server.printer.ticket_images()[0].width == 512


@pytest.mark.parametrize("name, pixels_vi, pixels_en", [
    ("RP326", "Unknown", "Unknown"),  # escpos says "Unknown"
    ("TUP500", "không có", "missing"),  # escpos gives the millimetres only
])
def test_a_profile_without_a_pixel_width_is_a_configuration_error_saying_what_to_set(
        name, pixels_vi, pixels_en, tcp_printer):
    assert CAPABILITIES["profiles"][name]["media"]["width"].get("pixels", "missing") in ("Unknown", "missing")
    server = tcp_printer("ok")
    with pytest.raises(PrinterConfigError) as raised:
        open_printer(f"{server.url}?profile={name}", timeout_s=1)
    error = raised.value
    assert error.code == "bad-url"
    assert error.message.vi == "Cấu hình máy in không hợp lệ"  # what the kiosk's screen says
    assert error.explanation.vi == (
        f"profile máy in '{name}' của python-escpos không ghi bề rộng giấy tính bằng điểm (media.width.pixels: "
        f"{pixels_vi}), nên không căn được phiếu. Hãy bỏ '?profile={name}' khỏi địa chỉ máy in và đặt paper_mm = 80 "
        f"hoặc 58 trong bảng [kiosk] (khổ giấy của máy), hoặc chọn một profile có ghi bề rộng, ví dụ TM-T20II")
    assert error.explanation.en == (
        f"python-escpos printer profile '{name}' does not give the paper width in dots (media.width.pixels: "
        f"{pixels_en}), so tickets cannot be laid out for it. Remove '?profile={name}' from the printer URL and set "
        f"paper_mm = 80 or 58 in the [kiosk] table (the printer's paper width), or name a profile that gives its "
        f"width, e.g. TM-T20II")
    assert server.printer.received == b""  # refused before a byte was sent


def test_an_unknown_profile_names_itself_and_the_way_out():
    with pytest.raises(PrinterConfigError) as raised:
        printer_settings("tcp://192.168.1.50?profile=TM-T99")
    assert "python-escpos không có profile máy in 'TM-T99'" in raised.value.explanation.vi
    assert "bỏ '?profile=TM-T99' khỏi địa chỉ máy in" in raised.value.explanation.vi
    assert "python-escpos has no printer profile 'TM-T99'" in raised.value.explanation.en


def test_a_paper_width_without_a_profile_is_a_configuration_error():
    with pytest.raises(PrinterConfigError) as raised:
        printer_settings("dummy://", width_mm=70)
    assert raised.value.explanation.vi == "khổ giấy (paper_mm) phải là 80 hoặc 58 mm, không phải 70"
    assert raised.value.explanation.en == "the paper width (paper_mm) must be 80 or 58 mm, not 70"
