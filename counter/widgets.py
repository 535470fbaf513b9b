"""Widget classes the console's kv rules dress: a painted box and a big action button."""
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.widget import Widget


class Tinted(Widget):
    tint = ColorProperty((0.06, 0.13, 0.27, 1))
    radius = NumericProperty(0)


class ClerkButton(ButtonBehavior, Tinted, FloatLayout):
    action = StringProperty("next")  # a name from counter.actions.ACTIONS: label, English text and key
    color_on = ColorProperty((0.15, 0.45, 0.85, 1))
    big = BooleanProperty(False)
    two_line = BooleanProperty(True)  # set by the kv rule from the button's height
    pad = NumericProperty(0)
