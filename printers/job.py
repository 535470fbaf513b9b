"""A ticket image as the ESC/POS bytes a printer needs: initialise, raster image (GS v 0), feed and cut."""
from functools import cache

from escpos.capabilities import get_profile, get_profile_class
from escpos.exceptions import ImageWidthError
from escpos.printer import Dummy
from PIL import Image

from .errors import PrinterError

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


def encode_ticket(image: Image.Image, profile) -> bytes:
    """Pure: the bytes to send. Raises PrinterError("image-too-wide") if the image exceeds the paper."""
    printer = Dummy()
    printer.profile = profile  # escpos's constructor only takes profile names or its own Profile class
    printer.hw("INIT")
    try:
        # escpos would convert the whole image, then each fragment again: fragmenting here halves the time.
        for top in range(0, image.height, FRAGMENT_ROWS):
            printer.image(image.crop((0, top, image.width, min(top + FRAGMENT_ROWS, image.height))), center=True)
    except ImageWidthError as error:
        raise PrinterError("image-too-wide", str(error)) from None
    printer.cut()
    return printer.output
