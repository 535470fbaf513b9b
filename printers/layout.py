"""Small pure building blocks for a 1-bit ticket: wrapped text, fitted text, bands, rules, stacking."""
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw

from .fonts import font, line_extent

WHITE, BLACK = 1, 0


def wrap(text: str, path: Path, size: int, width: int) -> list[str]:
    """Greedy word wrap that never overflows: a word wider than the line is cut between letters."""
    face, lines = font(path, size), []
    for paragraph in text.splitlines() or [""]:
        if face.getlength(paragraph) <= width:  # most texts fit on one line: one measurement, not one per word
            lines.append(" ".join(paragraph.split()))
            continue
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if face.getlength(candidate) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            for letter in word:
                if line and face.getlength(line + letter) > width:
                    lines.append(line)
                    line = ""
                line += letter
        lines.append(line)
    return lines


def fitted_size(text: str, path: Path, width: int, height: int, largest: int, smallest: int) -> int:
    """The largest size (down to `smallest`, in steps of 2 from `largest`) at which `text` fits in
    width x height of ink."""
    left, top, right, bottom = font(path, largest).getbbox(text, anchor="ls")
    # Ink grows in proportion to the size: start one step above the estimate instead of at `largest`.
    estimate = largest * min(1, width / max(1, right - left), height / max(1, bottom - top))
    start = min(largest, largest - 2 * int((largest - estimate) / 2) + 2)
    for size in range(start, smallest, -2):
        left, top, right, bottom = font(path, size).getbbox(text, anchor="ls")
        if right - left <= width and bottom - top <= height:
            return size
    return smallest


@lru_cache(maxsize=256)  # a kiosk prints the same hall, service, labels and footer on every ticket
def text_block(
    text: str, path: Path, size: int, width: int, *, align: str = "center", line_gap: float = 0.12,
    ink: int = BLACK, paper: int = WHITE,
) -> Image.Image:
    """`text` wrapped to `width` and drawn; the image is shared between calls: paste it, never draw on it."""
    lines = wrap(text, path, size, width)
    above, below = line_extent(path, size)
    pitch = above + below + round(size * line_gap)
    image = Image.new("1", (width, pitch * len(lines) - round(size * line_gap)), paper)
    draw = ImageDraw.Draw(image)
    x, anchor = {"center": (width // 2, "ms"), "left": (0, "ls"), "right": (width, "rs")}[align]
    for index, line in enumerate(lines):
        draw.text((x, above + index * pitch), line, font=font(path, size), fill=ink, anchor=anchor)
    return image


def ink_block(text: str, path: Path, size: int, width: int) -> Image.Image:
    """One line cropped to its ink, centred: for the big number, where font line spacing wastes paper."""
    left, top, right, bottom = font(path, size).getbbox(text, anchor="ls")
    image = Image.new("1", (width, int(bottom - top)), WHITE)
    ImageDraw.Draw(image).text(((width - (right - left)) // 2 - left, -top), text, font=font(path, size), fill=BLACK,
                               anchor="ls")
    return image


def band(content: Image.Image, width: int, padding: int, radius: int) -> Image.Image:
    """`content` (drawn white on black) inside a rounded black band across the width."""
    image = Image.new("1", (width, content.height + 2 * padding), WHITE)
    ImageDraw.Draw(image).rounded_rectangle((0, 0, width - 1, image.height - 1), radius=radius, fill=BLACK)
    image.paste(content, ((width - content.width) // 2, padding))
    return image


def rule(width: int, thickness: int) -> Image.Image:
    return Image.new("1", (width, thickness), BLACK)


def side_by_side(columns: list[Image.Image], width: int, divider: int) -> Image.Image:
    """Equal columns with a vertical line between them, each column's content centred."""
    column_width = width // len(columns)
    image = Image.new("1", (width, max(column.height for column in columns)), WHITE)
    draw = ImageDraw.Draw(image)
    for index, column in enumerate(columns):
        image.paste(column, (index * column_width + (column_width - column.width) // 2, 0))
        if index:
            left = index * column_width - divider // 2
            draw.rectangle((left, 0, left + divider - 1, image.height - 1), fill=BLACK)
    return image


def stack(items: list[Image.Image | int], width: int, margin: int) -> Image.Image:
    """Blocks top to bottom, centred between the side margins; an int is that much blank space."""
    height = sum(item if isinstance(item, int) else item.height for item in items)
    page = Image.new("1", (width, height), WHITE)
    y = 0
    for item in items:
        if isinstance(item, int):
            y += item
            continue
        page.paste(item, (margin + (width - 2 * margin - item.width) // 2, y))
        y += item.height
    return page
