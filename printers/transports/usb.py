"""usb://VID:PID — a USB printer claimed through pyusb (needs Debian libusb-1.0-0 and device permissions)."""
import usb.core
from escpos.printer import Usb

from ..address import PrinterAddress


class UsbTransport:
    can_read = True

    def __init__(self, printer: Usb, timeout_ms: int):
        self.printer = printer
        self.timeout_ms = timeout_ms

    def write(self, data: bytes) -> None:
        self.printer.device.write(self.printer.out_ep, data, self.timeout_ms)

    def read_reply(self) -> bytes:
        try:
            return bytes(self.printer.device.read(self.printer.in_ep, 16, self.timeout_ms))
        except usb.core.USBTimeoutError:
            return b""

    def close(self) -> None:
        self.printer.close()


def open_transport(address: PrinterAddress, timeout_s: float) -> UsbTransport:
    timeout_ms = round(timeout_s * 1000)
    printer = Usb(address.vendor_id, address.product_id, timeout=timeout_ms)
    printer.open()
    return UsbTransport(printer, timeout_ms)
