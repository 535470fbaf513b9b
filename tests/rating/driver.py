"""Drive the real rating app from a test, a screenshot script or a benchmark: start it, touch what the screen
shows, read it back. The kiosk's driver does the rest: both apps are screens of BigButtons."""
import asyncio
import time
from pathlib import Path

from rating.app import RatingApp
from tests.kiosk.driver import KioskDriver


class RatingDriver(KioskDriver):
    @classmethod
    async def start(cls, server: str, device: str, token: str, window=(800, 1280),
                    outbox: Path | None = None, ca_file: str | None = None) -> "RatingDriver":
        driver = cls(RatingApp(server=server, device=device, token=token, window=window, outbox=outbox,
                               ca_file=ca_file))
        driver._task = asyncio.ensure_future(driver.app.serve())
        await driver.until(lambda: driver.app.root is not None and driver.app.root.get_root_window() is not None,
                           what="the app to start")
        return driver

    async def until(self, predicate, timeout: float = 8.0, what: str = "a condition") -> None:
        """Let the app run until predicate() holds, then let it draw; fail with what the screen shows.
        (The kiosk's also waits for its flow to take touches again, which this tablet has no need of.)"""
        deadline = time.monotonic() + timeout
        while not predicate():
            if self._task is not None and self._task.done():
                self._task.result()  # the app died: its exception says why
                raise AssertionError(f"the app stopped while waiting for {what}")
            if time.monotonic() > deadline:
                shown = self.texts() if self.app.root is not None else []
                raise AssertionError(f"timed out waiting for {what}; screen {self.screen!r} shows {shown}")
            await asyncio.sleep(0.02)
        await self.frames(2)
