"""dummy:// — keeps the bytes in memory (`output`): for demos without paper and for tests."""
from escpos.printer import Dummy

from ..address import PrinterAddress


class DummyTransport:
    can_read = False

    def __init__(self, printer: Dummy):
        self.printer = printer

    @property
    def output(self) -> bytes:
        output: bytes = self.printer.output
        return output

    def write(self, data: bytes) -> None:
        self.printer._raw(data)

    def read_reply(self) -> bytes:
        return b""

    def close(self) -> None:
        self.printer.close()


def open_transport(address: PrinterAddress, timeout_s: float) -> DummyTransport:
    return DummyTransport(Dummy())
