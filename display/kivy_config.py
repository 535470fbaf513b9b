"""The hall screen's Kivy settings, applied before Kivy's clock and window start."""

# A hall screen changes a few times a second at most; 20 frames a second instead of Kivy's 60 cut the
# idle CPU use from about 5 % to under 2 % on a 2-core PC (bench/display.py).
MAX_FPS = 20


def configure_kivy(window: tuple[int, int] | None = None) -> None:
    from kivy.config import Config
    Config.set("graphics", "maxfps", str(MAX_FPS))
    if window:
        Config.set("graphics", "fullscreen", "0")
        Config.set("graphics", "width", str(window[0]))
        Config.set("graphics", "height", str(window[1]))
    else:
        Config.set("graphics", "fullscreen", "auto")
