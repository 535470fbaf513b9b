"""The rating tablet: time from the clerk's Complete to the question on the tablet facing the citizen.

The real rating app offscreen (800x1280) against a real server process; each round a kiosk issues a ticket,
counter 1 calls it, then completes it while the clock runs. Two moments: the app switches to its question
screen (all its own work done), and the first frame drawn after that (Window on_flip: the pixels are there;
offscreen here, drawn in software by llvmpipe, so this part depends on the machine's load, not the app).
The floor: the same Complete heard by a raw websocket of another rating device (the rating_requested event).

    python -m bench.rows bench.rating      (or: python -m bench, which runs every section)
"""
import asyncio
import json
import os
import time

from bench.hall_setup import temporary_hall_server, token
from bench.stats import against, p50_p99, percentile
from bench.wire import hello, open_connection, round_trip

ROUNDS = 30
TARGET_S = 0.100  # issue 14: complete -> rating screen, p50 under 100 ms


async def _heard(connection, marker: str) -> float:
    while True:
        frame = await asyncio.wait_for(connection.recv(), 10)
        if marker in frame:
            return time.perf_counter()


class Moments:
    """When the tablet switched to its question screen, and when the next frame was drawn after that."""

    def __init__(self, app):
        from kivy.core.window import Window
        self.switched: list[float] = []
        self.drawn: list[float] = []
        app.root.bind(current=lambda _, name: self.switched.append(time.perf_counter()) if name == "question" else None)
        Window.bind(on_flip=self._flipped)

    def _flipped(self, *_) -> None:
        if len(self.drawn) < len(self.switched):
            self.drawn.append(time.perf_counter())

    async def question_drawn(self, count: int) -> None:
        deadline = time.monotonic() + 10
        while len(self.drawn) < count:
            if time.monotonic() > deadline:
                raise RuntimeError("the tablet did not ask within 10 s")
            await asyncio.sleep(0.001)


async def _measure(server) -> dict:
    from tests.rating.driver import RatingDriver

    kiosk = await open_connection(server.url, hello("kiosk", "kiosk-01", token("kiosk-01")), True)
    counter = await open_connection(server.url, hello("counter", "counter-01", token("counter-01")), True)
    listener = await open_connection(server.url, hello("rating", "rating-02", token("rating-02")), True)
    tablet = await RatingDriver.start(server.url, "rating-01", token("rating-01"), window=(800, 1280))
    starts, heard = [], []

    async def command(connection, type_: str, **fields) -> dict:
        frame = json.dumps({"type": type_, "id": f"bench-{time.monotonic_ns()}", **fields})
        _, reply = await round_trip(connection, frame, '"id":"bench-')
        return json.loads(reply)

    try:
        await tablet.until(lambda: tablet.app.view.me is not None, what="the tablet connected")
        moments = Moments(tablet.app)
        for round_ in range(ROUNDS):
            await command(kiosk, "issue_ticket", service="DD")
            await command(counter, "call_next")
            await tablet.until(lambda: tablet.app.view.me.serving is not None, what="the next ticket served")
            started = time.perf_counter()
            await counter.send(json.dumps({"type": "complete", "id": f"bench-{time.monotonic_ns()}"}))
            heard_at, _ = await asyncio.gather(_heard(listener, '"rating_requested"'),
                                               moments.question_drawn(round_ + 1))
            starts.append(started)
            heard.append(heard_at - started)
            tablet.app.choose("satisfied")  # answered: the tablet thanks, then asks the next citizen
            await tablet.until(lambda: tablet.screen == "thanks", what="the thank-you")
    finally:
        await tablet.stop()
        for connection in (kiosk, counter, listener):
            await connection.close()
    return {"switched": [t - s for t, s in zip(moments.switched, starts, strict=True)],
            "shown": [t - s for t, s in zip(moments.drawn, starts, strict=True)], "heard": heard}


def run() -> list[tuple[str, str, str]]:
    with temporary_hall_server() as server:
        figures = asyncio.run(_measure(server))
    load = os.getloadavg()[0]
    return [
        ("rating: Complete -> tablet switched to its question", p50_p99(figures["switched"]),
         against(figures["switched"], figures["heard"], "rating_requested on a raw websocket")),
        ("rating: Complete -> question drawn (next frame)", p50_p99(figures["shown"]),
         f"target p50 < {TARGET_S * 1000:.0f} ms: {'met' if percentile(figures['shown'], 50) < TARGET_S else 'NOT met'}"
         f"; {ROUNDS} rounds, 800x1280 offscreen (llvmpipe), load average {load:.1f}"),
    ]


def main() -> None:
    for row in run():
        print(" | ".join(row))


if __name__ == "__main__":
    main()
