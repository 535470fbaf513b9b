import pytest

from printers.address import PrinterAddress, parse_printer_url
from printers.errors import PrinterConfigError


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("usb://04b8:0202", PrinterAddress("usb", vendor_id=0x04B8, product_id=0x0202)),
        ("usb://0x0416:0x5011?profile=POS-5890",
         PrinterAddress("usb", vendor_id=0x0416, product_id=0x5011, profile="POS-5890")),
        ("serial:///dev/ttyUSB0?baudrate=19200", PrinterAddress("serial", path="/dev/ttyUSB0", baudrate=19200)),
        ("serial:///dev/ttyS0", PrinterAddress("serial", path="/dev/ttyS0", baudrate=9600)),
        ("tcp://192.168.1.50:9100", PrinterAddress("tcp", host="192.168.1.50", port=9100)),
        ("tcp://printer.local", PrinterAddress("tcp", host="printer.local", port=9100)),
        ("file:///dev/usb/lp0", PrinterAddress("file", path="/dev/usb/lp0")),
        ("dummy://", PrinterAddress("dummy")),
    ],
)
def test_parses(url, expected):
    assert parse_printer_url(url) == expected


@pytest.mark.parametrize(
    "url",
    ["lpt://x", "usb://04b8", "usb://zz:01", "serial://", "serial:///dev/ttyS0?baudrate=fast", "tcp://:9100",
     "tcp://host:port", "file://", "tcp://host:9100?speed=1", "/dev/usb/lp0", "tcp://host:0", "tcp://host:70000",
     "serial:///dev/ttyS0?baudrate=0", "serial:///dev/ttyS0?baudrate=-9600"],
)
def test_rejects(url):
    with pytest.raises(PrinterConfigError) as error:
        parse_printer_url(url)
    assert error.value.code == "bad-url"
    assert error.value.explanation.vi.startswith(f"địa chỉ máy in {url!r}: ")
    assert error.value.explanation.en.startswith(f"printer URL {url!r}: ")


def test_rejection_says_what_to_write():
    with pytest.raises(PrinterConfigError) as error:
        parse_printer_url("serial:///dev/ttyS0?baudrate=fast")
    assert error.value.explanation.vi == ("địa chỉ máy in 'serial:///dev/ttyS0?baudrate=fast': baudrate phải là một "
                                          "số dương, ví dụ 9600 hoặc 19200 (nhận được 'fast')")
    assert error.value.explanation.en == ("printer URL 'serial:///dev/ttyS0?baudrate=fast': baudrate must be a "
                                          "positive number, like 9600 or 19200 (got 'fast')")
