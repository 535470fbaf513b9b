"""Widget classes the console's kv rules dress: a painted box and a big action button."""
from functools import lru_cache

from kivy.core.text import Label as CoreLabel
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.widget import Widget

_MEASURE_SIZE = 100


class Tinted(Widget):
    tint = ColorProperty((0.06, 0.13, 0.27, 1))
    radius = NumericProperty(0)


class ClerkButton(ButtonBehavior, Tinted, FloatLayout):
    action = StringProperty("next")  # a name from counter.actions.ACTIONS: label, English text and key
    color_on = ColorProperty((0.15, 0.45, 0.85, 1))
    big = BooleanProperty(False)
    compact = BooleanProperty(False)  # always one line: the Vietnamese label and the key
    two_line = BooleanProperty(True)  # set by the kv rule from the button's height
    pad = NumericProperty(0)


def fitting_font_size(text: str, bold: bool, largest: float, width: float) -> float:
    """The largest font size up to `largest` at which `text` fits on one line in `width` pixels."""
    if not text or width <= 0:
        return largest
    return min(largest, width / _width_per_font_unit(text, bold))


@lru_cache(maxsize=256)
def _width_per_font_unit(text: str, bold: bool) -> float:
    label = CoreLabel(text=text, font_size=_MEASURE_SIZE, bold=bold)
    label.refresh()
    return label.texture.size[0] * 1.04 / _MEASURE_SIZE  # a margin for hinting at small sizes
