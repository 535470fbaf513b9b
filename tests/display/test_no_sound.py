"""Without a sound device the calls are silent: the screen says so, small, for staff."""
import asyncio
import json
import os
import subprocess
import sys

from display.announcer import KivyPlayer
from tests.display.live import running_display, until
from tests.screen_text import visible_labels
from tests.support import ROOT

MARK = ("không có âm thanh", "no sound")


def test_a_screen_that_cannot_play_sound_says_so(hall_server, tmp_path):
    environment = dict(os.environ, SDL_AUDIODRIVER="no-such-driver")  # SDL finds no device to open
    shown = subprocess.run(
        [sys.executable, "-m", "tests.display.screen_process", hall_server.url, "screen-1",
         hall_server.token("screen-1"), str(tmp_path / "sound")],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60, check=True)
    texts = json.loads(shown.stdout.strip().splitlines()[-1])
    assert all(text in texts for text in MARK), texts
    assert "Mời lấy số" in texts  # the rest of the screen as usual


def test_a_screen_with_sound_shows_no_mark(hall_server, tmp_path):
    async def scenario():
        async with running_display(hall_server, tmp_path / "sound", player=KivyPlayer()) as app:
            # The mark would be set before the first frame (on_start): the hall drawn is the later event.
            await until(lambda: "Mời lấy số" in [label.text for label in visible_labels(app.root)],
                        what="the hall drawn")
            texts = [label.text for label in visible_labels(app.root)]
            assert not any(text in texts for text in MARK), texts

    asyncio.run(scenario())
