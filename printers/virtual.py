"""A virtual ESC/POS printer: keeps every byte, answers DLE EOT status queries, can save tickets as PNG.

Transport-free; virtual_tcp connects it to a socket (tests/printers/virtual_serial.py, to a serial port).
"""
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PIL import Image

from . import raster

# Reply bytes to DLE EOT 1 (online) and DLE EOT 4 (paper) for each state; None: the printer stays silent.
STATUS_REPLIES: dict[str, tuple[bytes, bytes] | None] = {
    "ok": (b"\x12", b"\x12"),
    "near-end": (b"\x12", b"\x1e"),
    "no-paper": (b"\x1a", b"\x7e"),  # out of paper also takes a real printer offline
    "offline": (b"\x1a", b"\x12"),  # cover open
    "silent": None,
}
_QUERIES = {1: 0, 4: 1}


class VirtualPrinter:
    """Thread-safe: transports call feed() from their own threads; tests wait with wait_for_tickets()."""

    def __init__(self, status: str = "ok", save_dir: Path | None = None):
        if status not in STATUS_REPLIES:
            raise ValueError(f"status must be one of {sorted(STATUS_REPLIES)}, not {status!r}")
        self.status = status
        self.save_dir = Path(save_dir) if save_dir else None
        self.received = bytearray()
        self.tickets: list[list[raster.Command]] = []
        self.saved: list[Path] = []
        self._pending = b""
        self._current: list[raster.Command] = []
        self._changed = threading.Condition()

    def feed(self, data: bytes) -> bytes:
        """Take bytes as they arrive; return the bytes to answer (status replies)."""
        with self._changed:
            self.received += data
            commands, self._pending = raster.parse(self._pending + data)
            answer = b"".join(self._handle(command) for command in commands)
            self._changed.notify_all()
        return answer

    def _handle(self, command: raster.Command) -> bytes:
        if command.name == "status-query":
            replies = STATUS_REPLIES[self.status]
            return replies[_QUERIES[command.argument]] if replies and command.argument in _QUERIES else b""
        self._current.append(command)
        if command.name == "cut":
            self.tickets.append(self._current)
            self._current = []
            if self.save_dir and (image := raster.raster_image(self.tickets[-1])):
                self.saved.append(self._save(image, self.save_dir))
        return b""

    def _save(self, image: Image.Image, save_dir: Path) -> Path:
        save_dir.mkdir(parents=True, exist_ok=True)
        path = save_dir / f"ticket-{datetime.now():%Y%m%d-%H%M%S}-{len(self.tickets):04d}.png"
        image.save(path)
        return path

    def ticket_images(self) -> list[Image.Image | None]:
        with self._changed:
            return [raster.raster_image(ticket) for ticket in self.tickets]

    def wait_for(self, predicate: Callable[["VirtualPrinter"], bool], timeout_s: float) -> bool:
        """Block until predicate(self) holds or the timeout passes; returns whether it holds."""
        deadline = time.monotonic() + timeout_s
        with self._changed:
            while not predicate(self):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._changed.wait(remaining)
            return True

    def wait_for_tickets(self, count: int, timeout_s: float = 2.0) -> bool:
        return self.wait_for(lambda printer: len(printer.tickets) >= count, timeout_s)
