"""The ticket font: Roboto (Apache 2.0, bundled in printers/roboto), which has every Vietnamese letter."""
from functools import cache
from pathlib import Path

from PIL import ImageFont

FONT_DIR = Path(__file__).with_name("roboto")
REGULAR = FONT_DIR / "Roboto-Regular.ttf"
BOLD = FONT_DIR / "Roboto-Bold.ttf"

_TALLEST = "ẤẦẨẪẬỖỮỄ"  # capitals with stacked marks reach above the font's declared ascent
_DEEPEST = "gjpyỵậ"


@cache
def font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


@cache
def line_extent(path: Path, size: int) -> tuple[int, int]:
    """(above, below) the baseline that any Vietnamese line of this font can reach, in pixels."""
    face = font(path, size)
    return -int(face.getbbox(_TALLEST, anchor="ls")[1]), int(face.getbbox(_DEEPEST, anchor="ls")[3])
