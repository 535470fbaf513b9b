"""The largest font at which a text fits its box, measured by Kivy's own text layout."""
from kivy.core.text import Label as CoreLabel

from xephang.text_fit import fitting_font_size, joined_or_stacked

LONG = "Lao động - Thương binh và Xã hội"


def laid_out(text, size, width=None):
    label = CoreLabel(text=text, font_size=size, text_size=(width, None))
    label.resolve_font_name()
    label.render()
    return [" ".join(w.text for w in line.words).strip() for line in label._cached_lines], \
        max(line.w for line in label._cached_lines), sum(line.h for line in label._cached_lines)


def test_one_line_fits_the_width_and_grows_no_larger_than_asked():
    size = fitting_font_size(LONG, 60, 300)
    lines, width, _ = laid_out(LONG, size)
    assert width <= 300 and len(lines) == 1
    assert laid_out(LONG, size / 0.94 * 1.001)[1] > 300  # one step larger would not fit
    assert fitting_font_size("1", 60, 300) == 60


def test_wrapped_text_fits_the_box_without_breaking_a_word():
    size = fitting_font_size(LONG, 40, 150, 90)
    lines, width, height = laid_out(LONG, size, 150)
    assert len(lines) > 1 and width <= 150 and height <= 90
    assert " ".join(lines).split() == LONG.split()


def test_nothing_fits_gives_the_smallest_size():
    assert fitting_font_size("Supercalifragilistic", 40, 20, 200, smallest=9) == 9
    assert fitting_font_size("x", 0, 100) == 1  # a hidden box (no height)


def test_two_parts_break_between_them():
    assert joined_or_stacked("Nguyễn V. A.", "Đất đai", 28, 600) == "Nguyễn V. A.  ·  Đất đai"
    assert joined_or_stacked("Nguyễn V. A.", LONG, 28, 300) == "Nguyễn V. A.\n" + LONG
    assert joined_or_stacked("", LONG, 28, 300) == LONG
