"""Kivy's developer keys, off in every app a hall runs: without this, F1 opens Kivy's settings panel over a hall
screen, a kiosk or a tablet, and Esc closes the app, whenever a keyboard (or a scanner) is plugged in."""
from kivy.config import Config


class WithoutDeveloperKeys:
    """Mixin for a Kivy App, listed before App."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        Config.set("kivy", "exit_on_escape", "0")  # read by the window at each key press

    def open_settings(self, *_):
        """Never Kivy's settings panel (F1 is Next on the counter console)."""
        return False
