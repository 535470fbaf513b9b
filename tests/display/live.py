"""Running the real hall screen offscreen beside a test, and reading what it shows and says."""
import asyncio
import time
from contextlib import asynccontextmanager
from pathlib import Path

from kivy.uix.label import Label

from display.announcer import Announcer
from display.app import DisplayApp, DisplaySettings
from display.chime import wav_duration_s
from display.scope import Scope


class RecordingPlayer:
    """Plays nothing: records each clip with its start time, and fast-forwards time by `speed`."""

    def __init__(self, speed: float = 20.0):
        self.speed = speed
        self.played: list[tuple[float, Path, float]] = []  # (started, clip, seconds it lasts here)

    def play(self, clip: Path) -> float:
        length = wav_duration_s(clip) / self.speed
        self.played.append((time.monotonic(), clip, length))
        return length

    def can_play(self, clip: Path) -> bool:
        return True


def texts(widget) -> list[str]:
    """Every non-empty label text under widget, as a person would read the screen."""
    found = [widget.text] if isinstance(widget, Label) and widget.text else []
    for child in reversed(widget.children):  # Kivy keeps the last added first
        found += texts(child)
    return found


def screen_text(app) -> str:
    return "\n".join(texts(app.root))


async def until(predicate, timeout: float = 8.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def showing_the_hall(app) -> bool:
    """Connected and drawn from the server's welcome (a first frame drawn before it shows an empty hall)."""
    return app.connected and app.model is not None and bool(app.model.hall_name)


@asynccontextmanager
async def running_display(server, sound_dir: Path = None, scope: Scope = Scope(), device="screen-1", player=None,
                          connect_timeout: float = 8.0):
    announcer = Announcer(sound_dir, player or RecordingPlayer()) if sound_dir else None
    settings = DisplaySettings(server=server.url, device=device, token=server.token(device), scope=scope,
                               sound=sound_dir is not None)
    app = DisplayApp(settings, announcer)
    task = asyncio.ensure_future(app.serve())
    try:
        await until(lambda: showing_the_hall(app), timeout=connect_timeout, what="the display to connect")
        yield app
    finally:
        app.stop()
        await asyncio.wait_for(task, 10)

