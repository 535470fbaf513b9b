"""Font sizes that make a text fit its box, found with Kivy's own text layout (no texture is drawn).

One place for the Kivy apps' "largest size at which this text shows whole": on one line, or wrapped at
word boundaries within a box.
"""
import re
from functools import lru_cache

from kivy.core.text import Label as CoreLabel
from kivy.core.text.markup import MarkupLabel

STEP = 0.94  # each try is 6 % smaller: fine enough to look fitted, coarse enough for a few tries
_TAGS = re.compile(r"\[/?[a-z]+(?:=[^\]]*)?\]")


def fitting_font_size(text: str, largest: float, width: float, height: float | None = None,
                      bold: bool = False, smallest: float = 1.0, markup: bool = False,
                      font_name: str = "Roboto") -> float:
    """The largest size up to `largest` at which `text` fits `width` on one line (no `height`), or wrapped at
    spaces in width x height without breaking a word; `smallest` when nothing larger fits."""
    if not text:
        return max(largest, smallest)
    if width <= 1 or largest <= smallest:  # a box not laid out yet, or hidden (no height)
        return smallest
    # Whole pixels, rounded down: a text measured to fit 121 px would wrap in a 120.6 px label.
    return _fitting(text, round(largest, 1), int(width), None if height is None else int(height),
                    bold, smallest, markup, font_name)


def joined_or_stacked(first: str, second: str, largest: float, width: float, bold: bool = False,
                      keep: float = 0.8, separator: str = "  ·  ") -> str:
    """`first · second` on one line when it fits at `keep` x largest or more, else `first` above `second`:
    a two-part text breaks between its parts, not wherever the width ends."""
    if not (first and second):
        return first or second
    joined = first + separator + second
    if fitting_font_size(joined, largest, width, bold=bold) >= keep * largest:
        return joined
    return first + "\n" + second


@lru_cache(maxsize=2048)
def _fitting(text, largest, width, height, bold, smallest, markup, font_name) -> float:
    size = largest
    while size > smallest:
        if _fits(text, size, width, height, bold, markup, font_name):
            return size
        size *= STEP
    return smallest


def _fits(text, size, width, height, bold, markup, font_name) -> bool:
    wrap = height is not None
    label = (MarkupLabel if markup else CoreLabel)(text=text, font_size=size, bold=bold, font_name=font_name,
                                                    text_size=(width if wrap else None, None))
    label.resolve_font_name()
    label.render()
    used_width, used_height = _internal_size(label)
    if not wrap:
        return used_width <= width
    shown = [word for line in label._cached_lines for part in line.words for word in part.text.split()]
    plain = _TAGS.sub("", text) if markup else text
    return used_width <= width and used_height <= height and shown == plain.split()


def _internal_size(label) -> tuple[float, float]:
    lines = label._cached_lines
    return (max((line.w for line in lines), default=0), sum(line.h for line in lines))
