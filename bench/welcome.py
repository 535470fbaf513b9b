"""Welcomes in a busy hall (issue 11, finding 13): 1,500 dossiers ready, every field at its longest, and 20,000
tickets waiting, so a screen's snapshot comes in parts. Timed from hello sent to the last part read, by a
client that refuses frames over 64 KiB as the apps' client does; one screen at a time, then 100 at once.
"""
import asyncio
import tempfile
import time
from pathlib import Path

from websockets.asyncio.client import connect

from bench.hall_setup import hall_server, seed, token, write_config
from bench.stats import ms, p50_p99, percentile
from bench.wire import MAX_FRAME_BYTES, hello

READY, WAITING = 1_500, 20_000
ROUNDS = 20
AT_ONCE = 100


async def _welcomed(url: str, role: str, device: str) -> tuple[float, int, int]:
    """(seconds from hello to the last part of the welcome, frames, bytes) for one new connection."""
    async with connect(url, compression=None, max_size=MAX_FRAME_BYTES, open_timeout=60, ping_interval=None,
                       close_timeout=2) as connection:
        started = time.perf_counter()
        await connection.send(hello(role, device, token(device)))
        frames = [await asyncio.wait_for(connection.recv(), 60)]
        while '"more":true' in frames[-1]:  # the last part leaves "more" out
            frames.append(await asyncio.wait_for(connection.recv(), 60))
        return time.perf_counter() - started, len(frames), sum(len(frame.encode()) for frame in frames)


async def _measure(server) -> dict:
    url = server.url
    screen = [await _welcomed(url, "display", "screen-001") for _ in range(ROUNDS)]
    counter = [await _welcomed(url, "counter", "counter-01") for _ in range(ROUNDS)]
    started, cpu = time.perf_counter(), server.cpu_s()
    # 100 screens whose server came back: each connects and says hello at the same moment.
    crowd = await asyncio.gather(*(_welcomed(url, "display", f"screen-{i:03d}") for i in range(1, AT_ONCE + 1)))
    return {"screen": screen, "counter": counter, "crowd": crowd, "crowd_s": time.perf_counter() - started,
            "crowd_cpu_s": server.cpu_s() - cpu}


def run() -> list[tuple[str, str, str]]:
    with tempfile.TemporaryDirectory(prefix="xephang-bench-welcome-") as directory:
        config = write_config(Path(directory) / "hall.toml")
        db = Path(directory) / "hall.db"
        seed(config, db, waiting=WAITING, ready_dossiers=READY)
        with hall_server(config, db) as server:
            figures = asyncio.run(_measure(server))
    screen, counter, crowd = figures["screen"], figures["counter"], figures["crowd"]
    _, frames, size = screen[0]
    _, counter_frames, counter_size = counter[0]
    busy = f"{READY:,} ready (longest fields), {WAITING:,} waiting"
    return [
        (f"screen welcome, {busy}", p50_p99([s for s, _, _ in screen]),
         f"first (snapshot made) {ms(screen[0][0])}; {frames} frames, {size / 1024:.0f} KiB, each within 64 KiB; "
         f"{ROUNDS} one after another"),
        (f"counter welcome, {busy}", p50_p99([s for s, _, _ in counter]),
         f"first (snapshot made) {ms(counter[0][0])}; {counter_frames} frames, {counter_size / 1024:.0f} KiB "
         f"(50 of the waiting tickets)"),
        (f"{AT_ONCE} screens welcomed at once, {busy}", f"last whole after {ms(figures['crowd_s'])}",
         f"each: p50 {ms(percentile([s for s, _, _ in crowd], 50))} / max {ms(max(s for s, _, _ in crowd))}; "
         f"server CPU {ms(figures['crowd_cpu_s'])}; {sum(n for _, n, _ in crowd)} frames, "
         f"{sum(b for _, _, b in crowd) / 2**20:.1f} MiB sent"),
    ]


def main() -> None:
    for row in run():
        print(" | ".join(row))


if __name__ == "__main__":
    main()
