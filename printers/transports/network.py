"""tcp://HOST:PORT — an Ethernet or Wi-Fi printer (raw port 9100)."""
from escpos.printer import Network

from ..address import PrinterAddress


class NetworkTransport:
    can_read = True

    def __init__(self, printer: Network):
        self.printer = printer

    def write(self, data: bytes) -> None:
        self.printer.device.sendall(data)

    def read_reply(self) -> bytes:
        try:
            reply: bytes = self.printer.device.recv(16)
            return reply
        except TimeoutError:
            return b""

    def close(self) -> None:
        self.printer.close()


def open_transport(address: PrinterAddress, timeout_s: float) -> NetworkTransport:
    printer = Network(address.host, address.port, timeout=timeout_s)
    printer.open()
    return NetworkTransport(printer)
