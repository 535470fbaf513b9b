"""A ticket image as the ESC/POS bytes a printer needs: initialise, raster image (GS v 0), feed and cut."""
from functools import cache

from escpos.capabilities import get_profile, get_profile_class
from escpos.printer import Dummy
from PIL import Image

from .errors import PrinterError
from .raster import raster_blocks

PAPER_WIDTH_PX = {80: 576, 58: 384}
FRAGMENT_ROWS = 960  # escpos's default: small enough for the receive buffer of cheap printers
_BASE_PROFILE = "TM-T20II"  # 576 dots at 203 dpi, full and partial cut: what kiosk printers are sold as


@cache
def ticket_profile(width_mm: int = 80, name: str | None = None):
    """A python-escpos profile that knows the paper width (escpos ignores centring without one)."""
    if name:
        return get_profile(name)
    if width_mm not in PAPER_WIDTH_PX:
        raise ValueError(f"paper width must be one of {sorted(PAPER_WIDTH_PX)} mm, not {width_mm}")
    base = get_profile_class(_BASE_PROFILE)
    if width_mm == 80:
        return base()
    # escpos's own 58 mm profiles claim no cutter, and kiosk printers have one.
    media = {"dpi": 203, "width": {"mm": 48, "pixels": PAPER_WIDTH_PX[width_mm]}}
    return type(f"Xephang{width_mm}mmProfile", (base,), {"profile_data": {**base.profile_data, "media": media}})()


def profile_width_px(profile) -> int:
    return int(profile.profile_data["media"]["width"]["pixels"])


@cache
def _framing(profile) -> tuple[bytes, bytes]:
    """(before, after) the image for this profile, as escpos writes them: initialise; feed and cut."""
    printer = Dummy()
    printer.profile = profile  # escpos's constructor only takes profile names or its own Profile class
    printer.hw("INIT")
    before = printer.output
    printer.clear()
    printer.cut()
    return before, printer.output


def encode_ticket(image: Image.Image, profile) -> bytes:
    """Pure: the bytes to send. Raises PrinterError("image-too-wide") if the image exceeds the paper."""
    paper_px = profile_width_px(profile)
    if image.width > paper_px:
        raise PrinterError("image-too-wide", f"{image.width} > {paper_px}")
    before, after = _framing(profile)
    # escpos's own image() converts the image through RGBA and greyscale first, which costs more than
    # rendering the ticket: the raster goes straight from Pillow's packed bits instead.
    return before + raster_blocks(image, paper_px, FRAGMENT_ROWS) + after
