"""The kiosk's printer: check status, print a ticket image, close — each an explicit step."""
from typing import Any

from PIL import Image

from .address import PrinterAddress, parse_printer_url
from .errors import PrinterError
from .job import encode_ticket, profile_width_px, ticket_profile
from .status import QUERY_ONLINE, QUERY_PAPER, UNREADABLE, PrinterStatus, judge
from .transports import Transport, open_transport

CHUNK_BYTES = 4096  # the timeout then bounds each stall, not the whole ~80 kB ticket


class TicketPrinter:
    def __init__(self, transport: Transport, profile: Any, url: str = ""):
        self.transport = transport
        self.profile = profile
        self.url = url
        self.closed = False

    @property
    def width_px(self) -> int:
        """Render tickets this wide."""
        return profile_width_px(self.profile)

    def _ask(self, query: bytes) -> bytes:
        self._write(query)
        try:
            return self.transport.read_reply()
        except OSError:
            return b""

    def _write(self, data: bytes) -> None:
        if self.closed:
            raise PrinterError("print-failed", f"{self.url}: printer already closed")
        try:
            self.transport.write(data)
        except OSError as error:
            raise PrinterError("print-failed", f"{self.url}: {error}") from None

    def check(self) -> PrinterStatus:
        """Ask online and paper status; raises PrinterRefused (no paper, offline, no answer)."""
        if not self.transport.can_read:
            return UNREADABLE
        online_reply = self._ask(QUERY_ONLINE)
        paper_reply = self._ask(QUERY_PAPER) if online_reply else b""  # silent once: don't wait twice
        return judge(online_reply, paper_reply)

    def print_ticket(self, image: Image.Image) -> None:
        """Send the image and cut; raises PrinterError. Call check() first where it matters."""
        job = encode_ticket(image, self.profile)
        for start in range(0, len(job), CHUNK_BYTES):
            self._write(job[start : start + CHUNK_BYTES])

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.transport.close()

    def __enter__(self) -> "TicketPrinter":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def printer_settings(url: str, width_mm: int = 80) -> tuple[PrinterAddress, object]:
    """The address and python-escpos profile a config names, without touching the device: a kiosk checks
    them at start. Raises PrinterConfigError."""
    address = parse_printer_url(url)
    return address, ticket_profile(width_mm, address.profile)


def open_printer(url: str, timeout_s: float = 3.0, width_mm: int = 80) -> TicketPrinter:
    """Open the printer named by a config URL (see printers.address); raises PrinterError."""
    address, profile = printer_settings(url, width_mm)
    return TicketPrinter(open_transport(address, timeout_s), profile, url)
