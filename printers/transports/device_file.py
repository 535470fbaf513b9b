"""file:///dev/usb/lp0 — a printer the kernel exposes as a file; writes only, so its status is unknown."""
from escpos.printer import File

from ..address import PrinterAddress


class FileTransport:
    can_read = False

    def __init__(self, printer: File):
        self.printer = printer

    def write(self, data: bytes) -> None:
        self.printer.device.write(data)
        self.printer.device.flush()

    def read_reply(self) -> bytes:
        return b""

    def close(self) -> None:
        self.printer.close()


def open_transport(address: PrinterAddress, timeout_s: float) -> FileTransport:
    printer = File(address.path, auto_flush=False)
    printer.open()
    return FileTransport(printer)
