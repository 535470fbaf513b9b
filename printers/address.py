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


def _hex_id(text: str, url: str) -> int:
    try:
        return int(text, 16)
    except ValueError:
        raise PrinterConfigError(f"{url!r}: USB ids are hexadecimal, like usb://04b8:0202") from None


def parse_printer_url(url: str) -> PrinterAddress:
    """usb://VID:PID, serial:///dev/ttyUSB0?baudrate=19200, tcp://HOST[:PORT], file:///dev/usb/lp0, dummy://

    Any of them may add ?profile=NAME (a python-escpos profile such as TM-T20II).
    """
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    allowed = _OPTIONS | (_SERIAL_OPTIONS if parts.scheme == "serial" else set())
    if unknown := set(options) - allowed:
        raise PrinterConfigError(f"{url!r}: unknown option {', '.join(sorted(unknown))}")
    common = {"profile": options.get("profile"), "url": url}
    match parts.scheme:
        case "usb":
            vendor, _, product = parts.netloc.partition(":")
            if not vendor or not product:
                raise PrinterConfigError(f"{url!r}: expected usb://VID:PID")
            return PrinterAddress("usb", vendor_id=_hex_id(vendor, url), product_id=_hex_id(product, url), **common)
        case "serial":
            if not parts.path:
                raise PrinterConfigError(f"{url!r}: expected serial:///dev/ttyUSB0")
            try:
                baudrate = int(options.get("baudrate", DEFAULT_BAUDRATE))
            except ValueError:
                raise PrinterConfigError(f"{url!r}: baudrate must be a number") from None
            return PrinterAddress("serial", path=parts.path, baudrate=baudrate, **common)
        case "tcp":
            try:
                port = parts.port or DEFAULT_TCP_PORT
            except ValueError:
                raise PrinterConfigError(f"{url!r}: bad port") from None
            if not parts.hostname:
                raise PrinterConfigError(f"{url!r}: expected tcp://HOST:PORT")
            return PrinterAddress("tcp", host=parts.hostname, port=port, **common)
        case "file":
            if not parts.path:
                raise PrinterConfigError(f"{url!r}: expected file:///dev/usb/lp0")
            return PrinterAddress("file", path=parts.path, **common)
        case "dummy":
            return PrinterAddress("dummy", **common)
    raise PrinterConfigError(f"{url!r}: the scheme must be usb, serial, tcp, file or dummy")
