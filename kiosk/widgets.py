"""The kiosk's building blocks; their look is in kv/widgets.kv."""
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label


class KLabel(Label):
    """A label that wraps inside its box, centred unless told otherwise."""


class Panel(BoxLayout):
    bg = ColorProperty("#FFFFFF")
    border = ColorProperty([0, 0, 0, 0])
    radius = NumericProperty(0)


class BigButton(ButtonBehavior, Panel):
    """A rounded button with a title and up to two smaller lines under it."""
    title = StringProperty("")
    subtitle = StringProperty("")
    detail = StringProperty("")  # shown in a darker band at the bottom
    detail2 = StringProperty("")  # under detail, smaller: its other language
    title_weight = NumericProperty(1.5)  # the title's share of the height, against 0.8 for the subtitle
    detail_weight = NumericProperty(0.75)
    fg = ColorProperty("#FFFFFF")
    title_size = NumericProperty(40)
    line_size = NumericProperty(24)
    enabled = BooleanProperty(True)

    def on_touch_down(self, touch):
        if not self.enabled:
            return self.collide_point(*touch.pos)  # swallowed: a closed service does nothing
        return super().on_touch_down(touch)


class Key(ButtonBehavior, KLabel):
    """One key of the on-screen keyboard: a single label, light enough for forty of them."""
    bg = ColorProperty("#ECEFF1")


class ServiceTile(BigButton):
    code = StringProperty("")


class Header(Panel):
    line1 = StringProperty("")
    line2 = StringProperty("")
