"""serial:///dev/ttyUSB0?baudrate=19200 — an RS-232 printer, through pyserial."""
from escpos.printer import Serial

from ..address import PrinterAddress


class SerialTransport:
    can_read = True

    def __init__(self, printer: Serial):
        self.printer = printer

    def write(self, data: bytes) -> None:
        self.printer.device.write(data)

    def read_reply(self) -> bytes:
        # read(16), as escpos does, would wait out the whole timeout even after the 1-byte reply came.
        port = self.printer.device
        first = port.read(1)
        return first + port.read(port.in_waiting) if first else b""

    def close(self) -> None:
        self.printer.close()


def open_transport(address: PrinterAddress, timeout_s: float) -> SerialTransport:
    printer = Serial(address.path, baudrate=address.baudrate, timeout=timeout_s)
    printer.open()
    return SerialTransport(printer)
