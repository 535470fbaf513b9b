"""One small module per transport; each opens its python-escpos device explicitly, with a short timeout."""
from typing import Protocol

from escpos.exceptions import DeviceNotFoundError

from ..address import PrinterAddress
from ..errors import PrinterRefused


class Transport(Protocol):
    can_read: bool  # False: the device cannot tell its status (file, dummy)

    def write(self, data: bytes) -> None: ...

    def read_reply(self) -> bytes:
        """Whatever the printer answered within the timeout; b"" when it said nothing."""

    def close(self) -> None: ...


def open_transport(address: PrinterAddress, timeout_s: float) -> Transport:
    """Open now (never lazily on first use); raises PrinterRefused("unreachable")."""
    from . import device_file, dummy, network, serial_port, usb

    opener = {"usb": usb, "serial": serial_port, "tcp": network, "file": device_file, "dummy": dummy}[address.scheme]
    try:
        transport: Transport = opener.open_transport(address, timeout_s)
        return transport
    except (DeviceNotFoundError, OSError) as error:
        raise PrinterRefused("unreachable", f"{address.url}: {error}".replace("\n", " ")) from None
