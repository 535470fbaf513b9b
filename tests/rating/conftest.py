"""The rating app's tests: a real server with clerks, the real app offscreen, driven by touches."""
import asyncio
import sqlite3

import pytest

from counter.cli import configure_window

# Before the first Kivy window: offscreen, a window drawn larger than it was created shows garbage.
configure_window((1280, 1280))

from tests.rating.driver import RatingDriver  # noqa: E402
from tests.support import CLERK_PINS, hall_with_clerks, ws_session  # noqa: E402

PORTRAIT, LANDSCAPE = (800, 1280), (1280, 800)


@pytest.fixture
def make_clerks_hall(make_hall_server, tmp_path):
    def make(rating_toml: str = ""):
        return make_hall_server(config=hall_with_clerks(tmp_path, rating_toml))
    return make


def run_tablet(server, scenario, window=PORTRAIT, outbox=None, device="rating-1", url=None, ca_file=None) -> None:
    """Run the real rating app until scenario(driver) returns (or fails), then stop it."""
    async def main():
        driver = await RatingDriver.start(url or server.url, device, server.token(device), window=window,
                                          outbox=outbox, ca_file=ca_file)
        try:
            await scenario(driver)
        finally:
            await driver.stop()

    asyncio.run(main())


class Clerk:
    """Counter 1's console, as raw websocket commands: sign in, call, complete."""

    def __init__(self, server):
        self.server = server

    async def do(self, *commands: str, counter_device: str = "counter-1") -> list[dict]:
        async with ws_session(self.server.url, "counter", counter_device, self.server.token(counter_device)) as c:
            return [await c.request(command) for command in commands]

    async def sign_in(self, clerk: str = "lan") -> dict:
        async with ws_session(self.server.url, "counter", "counter-1", self.server.token("counter-1")) as c:
            return await c.request("sign_in", clerk=clerk, pin=CLERK_PINS[clerk])

    async def issue(self, count: int, service: str = "DD") -> None:
        async with ws_session(self.server.url, "kiosk", "kiosk-1", self.server.token("kiosk-1")) as kiosk:
            for _ in range(count):
                await kiosk.request("issue_ticket", service=service)


def stored_ratings(server) -> list[dict]:
    with sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True) as db:
        db.row_factory = sqlite3.Row
        return [dict(row) for row in db.execute("select * from ratings order by ticket_id")]
