"""Print through every transport we can fake and read the bytes back."""
import time

import pytest
from PIL import Image
from pyzbar.pyzbar import decode as decode_barcodes

from printers import PrinterError, PrinterRefused, open_printer
from printers.raster import parse, raster_image
from printers.sample import sample_ticket
from printers.status import QUERY_ONLINE, QUERY_PAPER
from queue_protocol.text import Text

from .conftest import TEST_TIMEOUT_S

CUT = b"\x1dV\x00"
STATUS_QUERIES = QUERY_ONLINE + QUERY_PAPER


def dummy_job(image) -> bytes:
    with open_printer("dummy://") as printer:
        printer.print_ticket(image)
        return printer.transport.output


def test_printed_raster_is_the_rendered_ticket_and_is_cut(ticket_image):
    job = dummy_job(ticket_image)
    commands, rest = parse(job)
    assert rest == b""
    assert commands[0].name == "init" and commands[-1].name == "cut" and job.endswith(CUT)
    printed = raster_image(commands)
    assert printed.tobytes() == ticket_image.tobytes() and printed.size == ticket_image.size
    [symbol] = decode_barcodes(printed.convert("L"))
    assert symbol.data.decode() == sample_ticket("priority").qr_text


def test_58mm_printer_takes_58mm_tickets_and_refuses_80mm(ticket_image):
    with open_printer("dummy://", width_mm=58) as printer:
        assert printer.width_px == 384
        with pytest.raises(PrinterError) as error:
            printer.print_ticket(ticket_image)
        assert error.value.code == "image-too-wide"


def test_tcp_and_serial_receive_the_same_bytes(ticket_image, tcp_printer, serial_printer):
    expected = STATUS_QUERIES + dummy_job(ticket_image)
    network = tcp_printer("ok")
    serial_url, serial_peer = serial_printer("ok")
    for url, peer in ((network.url, network.printer), (serial_url, serial_peer)):
        with open_printer(url, timeout_s=TEST_TIMEOUT_S) as printer:
            status = printer.check()
            assert (status.summary, status.online, status.paper, status.warning) == ("ok", True, "ok", None)
            printer.print_ticket(ticket_image)
        assert peer.wait_for(lambda p: len(p.received) >= len(expected), timeout_s=5), url
        assert bytes(peer.received) == expected, url
        assert len(peer.tickets) == 1 and peer.ticket_images()[0].tobytes() == ticket_image.tobytes()


@pytest.mark.parametrize(
    ("status", "outcome"),
    [("ok", "ok"), ("near-end", "paper-near-end"), ("no-paper", "no-paper"), ("offline", "offline"),
     ("silent", "no-answer")],
)
@pytest.mark.parametrize("transport", ["tcp", "serial"])
def test_status_outcomes_within_the_timeout(transport, status, outcome, tcp_printer, serial_printer):
    url = tcp_printer(status).url if transport == "tcp" else serial_printer(status)[0]
    started = time.monotonic()
    with open_printer(url, timeout_s=TEST_TIMEOUT_S) as printer:
        if outcome in ("ok", "paper-near-end"):
            result = printer.check()
            assert (result.warning.code if result.warning else "ok") == outcome
        else:
            with pytest.raises(PrinterRefused) as refused:
                printer.check()
            assert refused.value.code == outcome
    elapsed = time.monotonic() - started
    assert elapsed < TEST_TIMEOUT_S + 0.5  # silence costs one timeout, not one per query
    if outcome != "no-answer":
        assert elapsed < 0.5


def test_connection_refused_is_unreachable_at_once(refused_url):
    started = time.monotonic()
    with pytest.raises(PrinterRefused) as refused:
        open_printer(refused_url, timeout_s=TEST_TIMEOUT_S)
    assert refused.value.code == "unreachable"
    assert refused.value.message == Text("Không kết nối được máy in", "Cannot connect to the printer")
    assert time.monotonic() - started < TEST_TIMEOUT_S


def test_missing_serial_device_is_unreachable(tmp_path):
    with pytest.raises(PrinterRefused) as refused:
        open_printer(f"serial://{tmp_path}/ttyNothing", timeout_s=TEST_TIMEOUT_S)
    assert refused.value.code == "unreachable"


def test_file_printer_writes_the_job_and_cannot_read_status(ticket_image, tmp_path):
    device = tmp_path / "lp0"
    with open_printer(f"file://{device}") as printer:
        status = printer.check()
        assert (status.readable, status.summary, status.paper) == (False, "unknown-ok", "unknown")
        printer.print_ticket(ticket_image)
    assert device.read_bytes() == dummy_job(ticket_image)


def test_closed_printer_refuses_to_print(ticket_image, tcp_printer):
    printer = open_printer(tcp_printer().url, timeout_s=TEST_TIMEOUT_S)
    printer.close()
    with pytest.raises(PrinterError) as error:
        printer.print_ticket(ticket_image)
    assert error.value.code == "print-failed"


def test_virtual_printer_saves_each_ticket_as_png(ticket_image, tcp_printer, tmp_path):
    server = tcp_printer("ok", save_dir=tmp_path / "tickets")
    with open_printer(server.url, timeout_s=TEST_TIMEOUT_S) as printer:
        printer.print_ticket(ticket_image)
        printer.print_ticket(ticket_image.transpose(Image.Transpose.FLIP_TOP_BOTTOM))
    assert server.printer.wait_for_tickets(2)
    first, second = (Image.open(path) for path in server.printer.saved)
    assert first.tobytes() == ticket_image.tobytes()
    assert second.tobytes() == ticket_image.transpose(Image.Transpose.FLIP_TOP_BOTTOM).tobytes()
