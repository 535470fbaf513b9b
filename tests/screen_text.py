"""What a person sees of a Kivy screen: the labels shown, where their letters are drawn, texts cut short.

Shared by the hall screen's, the counter console's and the rating tablet's layout tests (each runs in its own process).
"""
import ctypes
import re
from functools import cache
from pathlib import Path

import kivy
from kivy.core.text import Label as CoreLabel
from kivy.uix.label import Label
from kivy.uix.scrollview import ScrollView
from kivy.uix.textinput import TextInput
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
    written = plain_text(label).split()
    return [] if drawn == written else written[len(drawn) - 1 if drawn else 0:]


def plain_text(label: Label) -> str:
    """The label's text as read: without its markup tags."""
    return _TAGS.sub("", label.text) if label.markup else label.text


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


def text_problems(root, area) -> list[str]:
    """Every text shown whole, inside its box and the window or dialog, over no other text."""
    problems, drawn = [], []
    for label in visible_labels(root):
        box = ink_box(label)
        left_out = words_left_out(label)
        where = f"'{short(label.text)}'" + (f" {rounded(box)}" if box else "")
        if label.is_shortened or left_out:
            problems.append(f"{where} is cut: {' '.join(left_out) or 'shortened'} not shown")
        if box is None:
            continue
        seen_through = scrolling_area(label)
        if seen_through is not None and not overlap(box, seen_through):
            continue  # scrolled out of sight
        if seen_through is not None and not inside(box, seen_through):
            problems.append(f"{where} is cut by the edge of its scrolling list")
        drawn.append((label, box))
        if not inside(box, area):
            problems.append(f"{where} is not wholly in {rounded(area)}")
        if not inside(box, window_rect(label.parent)):
            problems.append(f"{where} spills out of its box {rounded(window_rect(label.parent))}")
    problems += [f"'{short(a.text)}' {rounded(box_a)} overlaps '{short(b.text)}' {rounded(box_b)}"
                 for i, (a, box_a) in enumerate(drawn) for b, box_b in drawn[i + 1:] if overlap(box_a, box_b)]
    for field in (w for w in root.walk() if isinstance(w, TextInput) and w.opacity > 0 and not w.text):
        needs = _text_width(field.hint_text, field.font_size)
        room = field.width - field.padding[0] - field.padding[2]
        if needs > room + 1:
            problems.append(f"the hint '{field.hint_text}' needs {needs} px, its field has {room:.0f}")
    return problems


def _text_width(text: str, font_size: float) -> int:
    core = CoreLabel(text=text, font_size=font_size)
    core.resolve_font_name()
    return core.get_extents(text)[0]


@cache
def _sdl():
    """The SDL library Kivy's wheel carries, already loaded by its window: asked what the window's title is."""
    [path] = (Path(kivy.__file__).parent.parent / "Kivy.libs").glob("libSDL2-2*")
    sdl = ctypes.CDLL(str(path))
    sdl.SDL_GetWindowFromID.restype = ctypes.c_void_p
    sdl.SDL_GetWindowTitle.argtypes = [ctypes.c_void_p]
    sdl.SDL_GetWindowTitle.restype = ctypes.c_char_p
    return sdl


def window_title() -> str:
    """The title the window system shows for the app's window (SDL's, not what Kivy last asked for)."""
    sdl = _sdl()
    return sdl.SDL_GetWindowTitle(sdl.SDL_GetWindowFromID(1)).decode()
