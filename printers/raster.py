"""The GS v 0 raster image both ways: a 1-bit image as ESC/POS bytes, and ESC/POS bytes read back.

Encoding is what the printer gets. Reading back is used by the tests (is the printed image the rendered
one?) and the virtual printers (save tickets as PNG, answer DLE EOT status queries without mistaking image
data for a query).
"""
import struct
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

ESC, GS, DLE = 0x1B, 0x1D, 0x10
_INVERT = bytes(255 - value for value in range(256))  # ESC/POS: bit 1 is a black dot; Pillow "1": bit 1 is white


def raster_blocks(image: Image.Image, paper_px: int, block_rows: int) -> bytes:
    """`image` centred on paper `paper_px` dots wide, as GS v 0 blocks of at most `block_rows` rows each.

    Pillow keeps a mode "1" image as packed rows, most significant bit first, as GS v 0 wants them: only
    the bits need inverting. The caller checks that the image is not wider than the paper.
    """
    if image.mode != "1":
        raise ValueError(f"a ticket image is 1-bit (mode '1'), not mode {image.mode!r}")
    width_bytes = (paper_px + 7) // 8
    if image.width != width_bytes * 8:
        # Centre on white paper, padded to whole bytes (Pillow pads a row's last byte with black bits).
        paper = Image.new("1", (width_bytes * 8, image.height), 1)
        paper.paste(image, ((paper_px - image.width) // 2, 0))
        image = paper
    data = image.tobytes().translate(_INVERT)
    block_bytes = width_bytes * block_rows
    return b"".join(
        struct.pack("<4sHH", b"\x1dv0\x00", width_bytes, min(block_rows, image.height - top))
        + data[top * width_bytes : top * width_bytes + block_bytes]
        for top in range(0, image.height, block_rows)
    )


@dataclass(frozen=True)
class Command:
    name: str  # init, raster, feed, cut, status-query, other
    raw: bytes
    argument: int = 0  # status-query: n of DLE EOT n; feed: lines
    width_bytes: int = 0  # raster only
    height: int = 0  # raster only

    @property
    def raster_data(self) -> bytes:
        return self.raw[8:]


def _fixed(name: str, length: int, argument_at: int | None = None) -> Callable[[bytes, int], Command | None]:
    def read(stream: bytes, start: int) -> Command | None:
        if start + length > len(stream):
            return None
        raw = stream[start : start + length]
        return Command(name, raw, raw[argument_at] if argument_at is not None else 0)

    return read


def _raster(stream: bytes, start: int) -> Command | None:
    header = stream[start : start + 8]  # GS v 0 m xL xH yL yH
    if len(header) < 8:
        return None
    width_bytes = header[4] | header[5] << 8
    height = header[6] | header[7] << 8
    end = start + 8 + width_bytes * height
    if end > len(stream):
        return None
    return Command("raster", stream[start:end], width_bytes=width_bytes, height=height)


def _cut(stream: bytes, start: int) -> Command | None:
    if start + 3 > len(stream):
        return None
    length = 4 if stream[start + 2] in (65, 66, 97, 98) else 3  # GS V m [n]: function B/C/D take n
    return _fixed("cut", length)(stream, start)


_COMMANDS = {
    bytes((ESC, ord("@"))): _fixed("init", 2),
    bytes((ESC, ord("d"))): _fixed("feed", 3, argument_at=2),
    bytes((GS, ord("V"))): _cut,
    bytes((GS, ord("v"))): _raster,
    bytes((DLE, 0x04)): _fixed("status-query", 3, argument_at=2),
}


def parse(stream: bytes) -> tuple[list[Command], bytes]:
    """Commands found in `stream` and the unfinished tail to prepend to the next chunk."""
    commands, position = [], 0
    while position < len(stream):
        reader = _COMMANDS.get(stream[position : position + 2])
        if reader is None and stream[position] in (ESC, GS, DLE) and position + 1 == len(stream):
            break  # a prefix byte whose command has not arrived yet
        command = reader(stream, position) if reader else Command("other", stream[position : position + 1])
        if command is None:
            break
        commands.append(command)
        position += len(command.raw)
    return commands, stream[position:]


def raster_image(commands: list[Command]) -> Image.Image | None:
    """The raster blocks stacked top to bottom as one mode "1" image (escpos splits tall images)."""
    rasters = [command for command in commands if command.name == "raster"]
    if not rasters:
        return None
    widths = {command.width_bytes for command in rasters}
    if len(widths) != 1:
        raise ValueError(f"raster blocks of different widths: {sorted(widths)} bytes")
    width = widths.pop() * 8
    data = b"".join(command.raster_data for command in rasters).translate(_INVERT)
    return Image.frombytes("1", (width, sum(command.height for command in rasters)), data)


def split_tickets(commands: list[Command]) -> list[list[Command]]:
    """One command list per cut; commands after the last cut (an unfinished ticket) are left out."""
    tickets, current = [], []
    for command in commands:
        current.append(command)
        if command.name == "cut":
            tickets.append(current)
            current = []
    return tickets
