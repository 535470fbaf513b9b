"""The hall screen: time from a clerk's call_next to the screen showing the call, with 1 and with 50
screens connected (the real screen offscreen at 1920x1080 plus 49 plain websocket listeners), and the
screen's CPU use while nothing happens.

    python -m bench.rows bench.display      (or: python -m bench, which runs every section)
"""
import asyncio
import json
import time

from display.kivy_config import configure_kivy

configure_kivy((1920, 1080))  # as `xephang display` runs, before Kivy's clock starts

import psutil  # noqa: E402

from bench.hall_setup import temporary_hall_server, token  # noqa: E402
from bench.processes import ServerProcess  # noqa: E402
from bench.stats import p50_p99  # noqa: E402
from bench.wire import close_all, hello, open_connection, round_trip  # noqa: E402

CALLS = 30
IDLE_S = 10.0
OTHER_SCREENS = 49


async def _drain(connection) -> None:
    """A plain screen reads everything, as a real one would, so the server never waits on it."""
    try:
        async for _ in connection:
            pass
    except Exception:
        pass


async def _time_calls(app, kiosk, counter, calls: int) -> list[float]:
    samples = []
    for _i in range(calls):
        await round_trip(kiosk, json.dumps({"type": "issue_ticket", "id": f"bk-{time.monotonic_ns()}",
                                            "service": "DD"}), '"type":"ok"')
        shown = len(app.shown_at)
        started = time.perf_counter()
        await counter.send(json.dumps({"type": "call_next", "id": f"bc-{time.monotonic_ns()}"}))
        deadline = time.monotonic() + 10
        while len(app.shown_at) == shown:
            if time.monotonic() > deadline:
                raise RuntimeError("the screen did not show the call within 10 s")
            await asyncio.sleep(0.0005)
        samples.append(max(app.shown_at.values()) - started)
        await asyncio.sleep(0.05)
    return samples


async def _measure(server: ServerProcess) -> dict:
    from kivy.core.window import Window

    from display.app import HIGHLIGHT_S, DisplayApp, DisplaySettings

    app = DisplayApp(DisplaySettings(server=server.url, device="screen-001", token=token("screen-001"),
                                     sound=False))
    runner = asyncio.ensure_future(app.serve())
    deadline = time.monotonic() + 20
    while not (app.root is not None and app.connected and app.model is not None):
        if time.monotonic() > deadline:
            raise RuntimeError("the screen did not connect")
        await asyncio.sleep(0.05)
    Window.size = (1920, 1080)
    kiosk = await open_connection(server.url, hello("kiosk", "kiosk-01", token("kiosk-01")), True)
    counter = await open_connection(server.url, hello("counter", "counter-01", token("counter-01")), True)
    drains = [asyncio.ensure_future(_drain(c)) for c in (counter,)]
    figures = {"one": await _time_calls(app, kiosk, counter, CALLS)}

    others = [await open_connection(server.url, hello("display", f"screen-{i:03d}", token(f"screen-{i:03d}")),
                                    True) for i in range(2, 2 + OTHER_SCREENS)]
    drains += [asyncio.ensure_future(_drain(c)) for c in others]
    figures["fifty"] = await _time_calls(app, kiosk, counter, CALLS)
    await close_all(others + [kiosk, counter])

    await asyncio.sleep(HIGHLIGHT_S + 1)  # the last call has stopped blinking
    me = psutil.Process()
    me.cpu_percent(None)
    await asyncio.sleep(IDLE_S)
    figures["idle_cpu"] = me.cpu_percent(None)
    app.stop()
    await runner
    for task in drains:
        task.cancel()
    return figures


def run() -> list[tuple[str, str, str]]:
    with temporary_hall_server() as server:
        figures = asyncio.run(_measure(server))
    return [
        ("call_next -> screen shows it, 1 screen", p50_p99(figures["one"]), f"{CALLS} calls"),
        ("call_next -> screen shows it, 50 screens", p50_p99(figures["fifty"]),
         f"{CALLS} calls, 49 plain listeners"),
        ("screen CPU while idle (1920x1080, offscreen)", f"{figures['idle_cpu']:.1f} %",
         f"psutil over {IDLE_S:.0f} s, clock ticking"),
    ]


def main() -> None:
    for figure, value, note in run():
        print(f"{figure}: {value} ({note})")


if __name__ == "__main__":
    main()
