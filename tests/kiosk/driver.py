"""Drive the real kiosk app from a script or a test: start it, tap what the screen shows, read it back.

Used by tests/kiosk, tests/rating's driver and bench/kiosk.py (simulated touches, as a finger would).
"""
import asyncio
import time

from kivy.core.window import Window
from kivy.tests.common import UnitTestTouch
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from kiosk.app import KioskApp
from kiosk.config import KioskConfig
from kiosk.widgets import BigButton, Key


class KioskDriver:
    def __init__(self, app: KioskApp):
        self.app = app
        self._task = None

    @classmethod
    async def start(cls, config: KioskConfig) -> "KioskDriver":
        driver = cls(KioskApp(config))
        driver._task = asyncio.ensure_future(driver.app.serve())
        await driver.until(lambda: driver.app.root is not None and driver.app.root.get_root_window() is not None,
                           what="the app to start")
        return driver

    async def stop(self) -> None:
        self.app.stop()
        await asyncio.wait_for(self._task, 10)
        for child in Window.children[:]:
            Window.remove_widget(child)

    @property
    def screen(self) -> str:
        return self.app.root.current

    async def until(self, predicate, timeout: float = 8.0, what: str = "a condition", touchable: bool = True) -> None:
        """Let the app run until predicate() holds, then lay out; fail with what the screen shows.

        touchable: wait too until the screen takes touches (a new screen ignores them for a moment), as a
        finger slower than a double tap would.
        """
        deadline = time.monotonic() + timeout
        while not (predicate() and (not touchable or self.app.flow.takes_touch(time.monotonic()))):
            if self._task is not None and self._task.done():
                self._task.result()  # the app died: its exception says why
                raise AssertionError(f"the app stopped while waiting for {what}")
            if time.monotonic() > deadline:
                shown = self.texts() if self.app.root is not None else []
                raise AssertionError(f"timed out waiting for {what}; screen "
                                     f"{self.app.root.current if self.app.root else None!r} shows {shown}")
            await asyncio.sleep(0.02)
        await self.frames(2)  # so that what changed has its place on screen before a tap

    async def until_screen(self, name: str, timeout: float = 8.0) -> None:
        await self.until(lambda: self.screen == name and not self.app.root.transition.is_active,
                         timeout, what=f"screen {name!r}")

    async def frames(self, count: int = 2) -> None:
        """Let Kivy draw: layouts settle and texts get their final sizes."""
        for _ in range(count):
            await asyncio.sleep(1 / 30)

    def _visible(self, root: Widget = None):
        root = root or self.app.root.current_screen
        stack = [root]
        while stack:
            widget = stack.pop()
            if widget.opacity == 0 or widget.disabled and isinstance(widget, BigButton):
                continue
            yield widget
            stack.extend(widget.children)

    def texts(self) -> list[str]:
        """Every text on the current screen, top to bottom."""
        labels = [w for w in self._visible() if isinstance(w, Label) and w.text.strip()]
        labels.sort(key=lambda w: (-w.to_window(*w.center)[1], w.to_window(*w.center)[0]))
        return [w.text for w in labels]

    def shows(self, fragment: str) -> bool:
        return any(fragment in text for text in self.texts())

    def buttons(self) -> list[BigButton]:
        return [w for w in self._visible() if isinstance(w, BigButton)]

    def button(self, title: str):
        """The button (or keyboard key) showing this title."""
        matches = [b for b in self.buttons() if b.title == title or b.title.strip("‹ ") == title]
        matches += [k for k in self._visible() if isinstance(k, Key) and k.text == title]
        if not matches:
            raise AssertionError(f"no button {title!r} on screen {self.screen!r}; "
                                 f"buttons: {[b.title for b in self.buttons()]}")
        return matches[0]

    def tap(self, target) -> None:
        """A finger down and up on the middle of a button (or the button with that title)."""
        widget = self.button(target) if isinstance(target, str) else target
        x, y = widget.to_window(*widget.center)
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        touch.touch_up()

    async def drag(self, widget, dy: float, steps: int = 6) -> None:
        """A finger laid on the widget's middle, moved dy pixels up (negative: down), held still, lifted: a list
        scrolls by dy and no further (a quick flick would carry on)."""
        x, y = widget.to_window(*widget.center)
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        for step in range(1, steps + 1):  # at once: a finger that rests would be taken for a tap
            touch.touch_move(x, y + dy * step / steps)
        await asyncio.sleep(0.18)  # still for longer than a scroll's velocity looks back (1/6 s)
        touch.touch_up()
        await self.frames(3)

    def type(self, text: str) -> None:
        """Keys as a USB scanner sends them: characters, then Enter."""
        for char in text:
            if char == "\n":
                Window.dispatch("on_key_down", 13, 40, None, [])
            else:
                Window.dispatch("on_textinput", char)

    def screenshot(self, path) -> None:
        self.app.root.export_to_png(str(path))
