"""Kivy with no screen and no sound card: what tests and benchmarks set before Kivy is first imported."""
import os
import tempfile

OFFSCREEN_ENV = {
    "KIVY_NO_ARGS": "1", "KIVY_NO_CONSOLELOG": "1", "KIVY_NO_FILELOG": "1", "KIVY_USE_DEFAULTCONFIG": "1",
    "SDL_VIDEODRIVER": "offscreen",  # renders through EGL/llvmpipe, screenshots included
    "SDL_AUDIODRIVER": "dummy",
}


def use_offscreen_kivy() -> None:
    for name, value in OFFSCREEN_ENV.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp(prefix="xephang-kivy-"))
