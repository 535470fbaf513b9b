"""What a person sees of a Kivy screen: the labels shown, where their letters are drawn, texts cut short.

Shared by the hall screen's and the counter console's layout tests (each runs in its own process).
"""
import re

from kivy.uix.label import Label
from kivy.uix.scrollview import ScrollView
from PIL import Image

_TAGS = re.compile(r"\[/?[a-z]+(?:=[^\]]*)?\]")


def visible_labels(widget, shown: bool = True) -> list[Label]:
    """Labels a person can see: with text, in no transparent part of the screen."""
    shown = shown and widget.opacity > 0
    found = [widget] if shown and isinstance(widget, Label) and widget.text.strip() else []
    for child in reversed(widget.children):  # Kivy keeps the last added first
        found += visible_labels(child, shown)
    return found


def ink_box(label: Label):
    """Where the label's letters are drawn, in window pixels (left, bottom, right, top); None if blank."""
    texture = label.texture
    if texture is None:
        return None
    box = Image.frombytes("RGBA", texture.size, texture.pixels).getchannel("A").getbbox()
    if box is None:
        return None
    left, top, right, bottom = box  # image rows run down from the text's top line
    # Kivy's Label rule draws its texture centred on the widget, at whole pixels.
    x = int(label.center_x - texture.width / 2)
    y = int(label.center_y - texture.height / 2)
    x, y = label.to_window(x, y)
    return x + left, y + texture.height - bottom, x + right, y + texture.height - top


def words_left_out(label: Label) -> list[str]:
    """Words of the label's text that Kivy did not draw: lines beyond its height, or shortened to '…'."""
    lines = label._label._cached_lines
    drawn = [word for line in lines for part in line.words for word in part.text.split()]
    written = (_TAGS.sub("", label.text) if label.markup else label.text).split()
    return [] if drawn == written else written[len(drawn) - 1 if drawn else 0:]


def scrolling_area(widget):
    """The window rect of the scrolling list the widget is in (what of it can be seen), or None."""
    parent = widget.parent
    while parent is not None and parent is not parent.parent:
        if isinstance(parent, ScrollView):
            return window_rect(parent)
        parent = parent.parent
    return None


def window_rect(widget) -> tuple[float, float, float, float]:
    x, y = widget.to_window(widget.x, widget.y)
    return x, y, x + widget.width, y + widget.height


def inside(inner, outer, slack: float = 1) -> bool:
    return inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack and inner[2] <= outer[2] + slack \
        and inner[3] <= outer[3] + slack


def overlap(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def short(text: str, length: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= length else text[:length - 3] + "..."


def rounded(box) -> tuple[int, ...]:
    return tuple(round(v) for v in box)
