"""Drive the real counter console offscreen: touches, keys, bounded waits, what the screen shows."""
import asyncio
import json
import os
import time
from contextlib import asynccontextmanager
from pathlib import Path

from counter.cli import DEFAULT_WINDOW, configure_window
from queue_protocol.device_options import window_size

# Before the first Kivy window exists: offscreen, a window drawn larger than it was created shows garbage.
configure_window((1366, 940))

from kivy.core.window import Keyboard, Window  # noqa: E402

Window.size = window_size(DEFAULT_WINDOW)
from kivy.tests.common import UnitTestTouch  # noqa: E402

from counter.app import CounterApp  # noqa: E402

SCREENSHOT_DIR = os.environ.get("XEPHANG_SCREENSHOTS")  # e.g. docs/images/counter: write the docs' images


async def until(predicate, timeout: float = 8.0, what: str = "condition"):
    """Let the app and the network run until predicate() is true; fail after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


class Console:
    def __init__(self, app: CounterApp):
        self.app = app

    @property
    def ids(self):
        return self.app.root.ids

    def text(self, widget_id: str) -> str:
        return self.ids[widget_id].text

    def dialog_ids(self):
        return self.app.dialog.ids

    def enabled(self, widget_id: str) -> bool:
        return not self.ids[widget_id].disabled

    def touch(self, widget) -> None:
        x, y = widget.to_window(*widget.center)
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        touch.touch_up()

    async def settled(self) -> None:
        """A clerk waits for the answer to the last action before the next one."""
        await until(lambda: not self.app.busy, what="the answer to the last action")

    async def press(self, widget_id: str) -> None:
        await self.settled()
        self.touch(self.ids[widget_id])

    async def key(self, name: str) -> None:
        await self.settled()
        self.key_now(name)

    def key_now(self, name: str, text: str = None) -> None:
        """As SDL2 delivers a key: on_key_down, else on_keyboard, then on_key_up."""
        code = Keyboard.keycodes[name]
        if not Window.dispatch("on_key_down", code, 0, text, []):
            Window.dispatch("on_keyboard", code, 0, text, [])
        Window.dispatch("on_key_up", code, 0)

    def type_into(self, widget, text: str) -> None:
        """Focus the field and type, as the keyboard's text arrives from SDL2."""
        widget.focus = True
        widget.select_all()
        widget.delete_selection()
        Window.dispatch("on_textinput", text)

    async def dialog_opened(self, what: str) -> None:
        await until(lambda: self.app.dialog is not None, what=what)
        await asyncio.sleep(0.3)  # the open animation and the first layout, before typing into its fields

    async def screenshot(self, name: str) -> None:
        if SCREENSHOT_DIR:
            await asyncio.sleep(0.2)  # the last change drawn
            target = Path(SCREENSHOT_DIR) / f"{name}.png"
            if self.app.dialog is None:
                # The console drawn on its own: the offscreen window's pixels are garbage where it grew
                # past the size it was created at, and skewed when a row is not a multiple of 4 bytes.
                self.app.root.export_to_png(str(target))
            else:
                taken = Window.screenshot(name=str(target))  # Kivy appends a counter: name0001.png
                os.replace(taken, target)


@asynccontextmanager
async def running_console(url: str, device: str, token: str):
    app = CounterApp(server=url, device=device, token=token)
    task = asyncio.ensure_future(app.serve())
    console = Console(app)
    try:
        await until(lambda: app.root is not None and app.model.enabled, what="the console connected")
        yield console
    finally:
        if app.dialog is not None:
            app.dialog.dismiss(animation=False)
        app.stop()
        await asyncio.wait_for(task, 10)


class Listener:
    """A raw session's incoming events, read continuously so the server never waits on a test."""

    def __init__(self, session):
        self.session = session
        self.events: list[dict] = []
        self._task = asyncio.ensure_future(self._read())

    async def _read(self):
        async for frame in self.session.connection:
            self.events.append(json.loads(frame))

    def of(self, type_: str, **fields) -> list[dict]:
        return [e for e in self.events if e["type"] == type_ and all(_matches(e, k, v) for k, v in fields.items())]

    async def wait_for(self, type_: str, timeout: float = 8.0, **fields) -> dict:
        found = await until(lambda: self.of(type_, **fields), timeout, what=f"a {type_} event {fields}")
        return found[-1]

    def close(self):
        self._task.cancel()


def _matches(event: dict, key: str, expected) -> bool:
    value = event
    for part in key.split("__"):
        value = value.get(part) if isinstance(value, dict) else None
    return value == expected
