"""A ticket image as the ESC/POS bytes a printer needs: initialise, raster image (GS v 0), feed and cut."""
from functools import cache
from typing import Any

from escpos.capabilities import CAPABILITIES, get_profile, get_profile_class
from escpos.printer import Dummy
from PIL import Image

from .errors import PrinterConfigError, PrinterError
from .raster import raster_blocks

PAPER_WIDTH_PX = {80: 576, 58: 384}
FRAGMENT_ROWS = 960  # escpos's default: small enough for the receive buffer of cheap printers
_BASE_PROFILE = "TM-T20II"  # 576 dots at 203 dpi, full and partial cut: what kiosk printers are sold as


@cache
def ticket_profile(width_mm: int = 80, name: str | None = None) -> Any:  # escpos has no types
    """A python-escpos profile that knows the paper width (escpos ignores centring without one).

    Raises PrinterConfigError for a paper width we have no profile for, a profile escpos does not know, or
    one that does not say how many dots wide its paper is.
    """
    if name:
        return _named_profile(name)
    if width_mm not in PAPER_WIDTH_PX:
        raise PrinterConfigError(
            f"khổ giấy (paper_mm) phải là 80 hoặc 58 mm, không phải {width_mm!r}",
            f"the paper width (paper_mm) must be 80 or 58 mm, not {width_mm!r}")
    base = get_profile_class(_BASE_PROFILE)
    if width_mm == 80:
        return base()
    # escpos's own 58 mm profiles claim no cutter, and kiosk printers have one.
    media = {"dpi": 203, "width": {"mm": 48, "pixels": PAPER_WIDTH_PX[width_mm]}}
    return type(f"Xephang{width_mm}mmProfile", (base,), {"profile_data": {**base.profile_data, "media": media}})()


def _named_profile(name: str) -> Any:
    if name not in CAPABILITIES["profiles"]:
        raise PrinterConfigError(
            f"python-escpos không có profile máy in {name!r}; hãy chọn một tên có sẵn (ví dụ TM-T20II, "
            f"TM-T88V, POS-5890) hoặc bỏ '?profile={name}' khỏi địa chỉ máy in để dùng khổ giấy paper_mm",
            f"python-escpos has no printer profile {name!r}; name one it has (e.g. TM-T20II, TM-T88V, "
            f"POS-5890) or remove '?profile={name}' from the printer URL to go by the paper width paper_mm")
    profile = get_profile(name)
    pixels = profile.profile_data.get("media", {}).get("width", {}).get("pixels")
    if not isinstance(pixels, int) or pixels <= 0:  # "Unknown" in several profiles, absent in some
        raise PrinterConfigError(
            f"profile máy in {name!r} của python-escpos không ghi bề rộng giấy tính bằng điểm "
            f"(media.width.pixels: {'không có' if pixels is None else pixels}), nên không căn được phiếu. "
            f"Hãy bỏ '?profile={name}' khỏi địa chỉ "
            f"máy in và đặt paper_mm = 80 hoặc 58 trong bảng [kiosk] (khổ giấy của máy), hoặc chọn một profile "
            f"có ghi bề rộng, ví dụ TM-T20II",
            f"python-escpos printer profile {name!r} does not give the paper width in dots "
            f"(media.width.pixels: {'missing' if pixels is None else pixels}), so tickets cannot be laid out for it. "
            f"Remove '?profile={name}' from "
            f"the printer URL and set paper_mm = 80 or 58 in the [kiosk] table (the printer's paper width), or "
            f"name a profile that gives its width, e.g. TM-T20II")
    return profile


def profile_width_px(profile: Any) -> int:
    return int(profile.profile_data["media"]["width"]["pixels"])


@cache
def _framing(profile: Any) -> tuple[bytes, bytes]:
    """(before, after) the image for this profile, as escpos writes them: initialise; feed and cut."""
    printer = Dummy()
    printer.profile = profile  # escpos's constructor only takes profile names or its own Profile class
    printer.hw("INIT")
    before = printer.output
    printer.clear()
    printer.cut()
    return before, printer.output


def encode_ticket(image: Image.Image, profile: Any) -> bytes:
    """Pure: the bytes to send. Raises PrinterError("image-too-wide") if the image exceeds the paper."""
    paper_px = profile_width_px(profile)
    if image.width > paper_px:
        raise PrinterError("image-too-wide", f"{image.width} > {paper_px}")
    before, after = _framing(profile)
    # escpos's own image() converts the image through RGBA and greyscale first, which costs more than
    # rendering the ticket: the raster goes straight from Pillow's packed bits instead.
    return before + raster_blocks(image, paper_px, FRAGMENT_ROWS) + after
