"""The ticket font: Roboto as bundled with Kivy (Apache 2.0), which has every Vietnamese letter."""
import importlib.util
from functools import cache
from pathlib import Path

from PIL import ImageFont

# find_spec locates Kivy's files without importing Kivy (whose import starts logging and reads argv).
FONT_DIR = Path(importlib.util.find_spec("kivy").submodule_search_locations[0]) / "data" / "fonts"
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
    return -face.getbbox(_TALLEST, anchor="ls")[1], face.getbbox(_DEEPEST, anchor="ls")[3]
