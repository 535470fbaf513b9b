"""The real hall screen in a process of its own: prints what it shows, as JSON, once it is connected.

For what cannot change once Kivy runs in the test process: which audio driver SDL opens.

    python -m tests.display.screen_process URL DEVICE TOKEN CACHE_DIR
"""
import asyncio
import json
import sys
from pathlib import Path

from tests.offscreen import use_offscreen_kivy

use_offscreen_kivy()  # keeps the caller's SDL_AUDIODRIVER: that is what is being tried

from display.app import DisplayApp, DisplaySettings, sound_announcer  # noqa: E402
from tests.display.live import showing_the_hall, until  # noqa: E402
from tests.screen_text import visible_labels  # noqa: E402


async def shown(url: str, device: str, token: str, cache_dir: str) -> list[str]:
    settings = DisplaySettings(server=url, device=device, token=token, cache_dir=Path(cache_dir))
    app = DisplayApp(settings, sound_announcer(settings))
    task = asyncio.ensure_future(app.serve())
    try:
        await until(lambda: showing_the_hall(app), timeout=15, what="the screen connected")
        await asyncio.sleep(0.3)  # the frame after the last change
        return [label.text for label in visible_labels(app.root)]
    finally:
        app.stop()
        await asyncio.wait_for(task, 10)


if __name__ == "__main__":
    print(json.dumps(asyncio.run(shown(*sys.argv[1:5])), ensure_ascii=False))
