"""Printer URLs from the hall config, parsed into what a transport needs to open the device."""
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from .errors import PrinterConfigError

DEFAULT_TCP_PORT = 9100
DEFAULT_BAUDRATE = 9600
_OPTIONS = {"profile"}
_SERIAL_OPTIONS = {"baudrate"}


@dataclass(frozen=True)
class PrinterAddress:
    scheme: str  # usb, serial, tcp, file, dummy
    host: str = ""
    port: int = DEFAULT_TCP_PORT
    path: str = ""
    vendor_id: int = 0
    product_id: int = 0
    baudrate: int = DEFAULT_BAUDRATE
    profile: str | None = None  # python-escpos profile name; None: chosen from the paper width
    url: str = field(default="", compare=False)


def _bad(url: str, vi: str, en: str) -> PrinterConfigError:
    return PrinterConfigError(f"địa chỉ máy in {url!r}: {vi}", f"printer URL {url!r}: {en}")


def _hex_id(text: str, url: str) -> int:
    try:
        return int(text, 16)
    except ValueError:
        raise _bad(url, "mã USB viết ở hệ 16, ví dụ usb://04b8:0202",
                   "USB ids are hexadecimal, like usb://04b8:0202") from None


def parse_printer_url(url: str) -> PrinterAddress:
    """usb://VID:PID, serial:///dev/ttyUSB0?baudrate=19200, tcp://HOST[:PORT], file:///dev/usb/lp0, dummy://

    Any of them may add ?profile=NAME (a python-escpos profile such as TM-T20II).
    """
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    allowed = _OPTIONS | (_SERIAL_OPTIONS if parts.scheme == "serial" else set())
    if unknown := sorted(set(options) - allowed):
        raise _bad(url, f"không có tùy chọn {', '.join(unknown)} (chỉ có {', '.join(sorted(allowed))})",
                   f"unknown option {', '.join(unknown)} (there is only {', '.join(sorted(allowed))})")
    profile = options.get("profile")
    match parts.scheme:
        case "usb":
            vendor, _, product = parts.netloc.partition(":")
            if not vendor or not product:
                raise _bad(url, "cần dạng usb://VID:PID, ví dụ usb://04b8:0202",
                           "expected usb://VID:PID, like usb://04b8:0202")
            return PrinterAddress("usb", vendor_id=_hex_id(vendor, url), product_id=_hex_id(product, url),
                                  profile=profile, url=url)
        case "serial":
            if not parts.path:
                raise _bad(url, "cần dạng serial:///dev/ttyUSB0", "expected serial:///dev/ttyUSB0")
            baudrate = options.get("baudrate", str(DEFAULT_BAUDRATE))
            if not baudrate.isdigit() or int(baudrate) == 0:
                raise _bad(url, f"baudrate phải là một số dương, ví dụ 9600 hoặc 19200 (nhận được {baudrate!r})",
                           f"baudrate must be a positive number, like 9600 or 19200 (got {baudrate!r})")
            return PrinterAddress("serial", path=parts.path, baudrate=int(baudrate), profile=profile, url=url)
        case "tcp":
            try:
                port = DEFAULT_TCP_PORT if parts.port is None else parts.port
            except ValueError:
                port = 0
            if not 0 < port < 65536 or not parts.hostname:
                raise _bad(url, "cần dạng tcp://MÁY:CỔNG, cổng từ 1 đến 65535, ví dụ tcp://192.168.1.50:9100",
                           "expected tcp://HOST:PORT with a port from 1 to 65535, like tcp://192.168.1.50:9100")
            return PrinterAddress("tcp", host=parts.hostname, port=port, profile=profile, url=url)
        case "file":
            if not parts.path:
                raise _bad(url, "cần dạng file:///dev/usb/lp0", "expected file:///dev/usb/lp0")
            return PrinterAddress("file", path=parts.path, profile=profile, url=url)
        case "dummy":
            return PrinterAddress("dummy", profile=profile, url=url)
    raise _bad(url, "phải bắt đầu bằng usb://, serial://, tcp://, file:// hoặc dummy://",
               "the scheme must be usb, serial, tcp, file or dummy")
