"""The raw floors measured in the same run: bare websockets echo and broadcast, a bare fsync'ed SQLite commit."""
import asyncio
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.processes import ServerProcess
from bench.wire import FanOut, close_all, open_many, request_loop

# Frames the size of the real ones, so the transport carries the same bytes.
ISSUE_LIKE = '{"type":"issue_ticket","id":"kiosk-01:5d1c9e2b:123","service":"DD","priority":false}'
CALLED_LIKE = ('{"type":"called","call_id":1089,"ticket":{"number":"100123","service":"DD"},"counter":2,'
               '"at":"2026-11-29T09:42:10+07:00"}')


@dataclass
class Floors:
    echo_alone: list = field(default_factory=list)
    echo_concurrent: list = field(default_factory=list)
    broadcast: list = field(default_factory=list)
    sqlite_commit: list = field(default_factory=list)
    rss_idle: int = 0
    rss_connected: int = 0


async def _measure_ws(floors: Floors, url: str, server: ServerProcess, concurrent: int, requests: int,
                      screens: int, rounds: int, connections: int) -> None:
    [alone] = await open_many(url, ["echo"], expect_reply=False)
    floors.echo_alone = [t for t, _ in await request_loop(alone, [(ISSUE_LIKE, None)] * (requests * 5))]
    await alone.close()

    clients = await open_many(url, ["echo"] * concurrent, expect_reply=False)
    per_client = await asyncio.gather(*(request_loop(c, [(ISSUE_LIKE, None)] * requests) for c in clients))
    floors.echo_concurrent = [t for results in per_client for t, _ in results]
    await close_all(clients)

    floors.rss_idle = server.rss()
    fan_out = FanOut(await open_many(url, ["listen"] * screens, expect_reply=False), '"type":"called"')
    [trigger] = await open_many(url, ["trigger"], expect_reply=False)
    await asyncio.sleep(0.2)  # the server registers listeners after reading their first frame
    floors.broadcast = [await fan_out.time_to_last(lambda: trigger.send(CALLED_LIKE)) for _ in range(rounds)]
    more = await open_many(url, ["listen"] * (connections - screens - 1), expect_reply=False)
    await asyncio.sleep(0.5)
    floors.rss_connected = server.rss()
    await close_all(more + [trigger])
    await fan_out.close()


def sqlite_commits(count: int) -> list[float]:
    """One-row insert and commit, WAL and synchronous=FULL like the store (the WAL fsync'ed at each commit),
    in a temporary folder on the same disk as the bench hall's database: the storage floor."""
    with tempfile.TemporaryDirectory(prefix="xephang-bench-") as directory:
        db = sqlite3.connect(Path(directory) / "floor.db", isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("create table t (id integer primary key, day text, number text, at real)")
        samples = []
        for i in range(count):
            started = time.perf_counter()
            db.execute("begin")
            db.execute("insert into t (day, number, at) values (?, ?, ?)", ("2026-11-29", str(i), time.time()))
            db.execute("commit")
            samples.append(time.perf_counter() - started)
        db.close()
    return samples


async def _measure_same_frames(url: str, concurrent: int, requests: int, frames_per_command: float) -> list[float]:
    events = max(0.0, (frames_per_command - 1) / concurrent)  # each event is read by every client
    clients = await open_many(url, [f"hall {events}"] * concurrent, expect_reply=False)
    loads = [[(ISSUE_LIKE.replace(":123", f":{c}-{i}"), f":{c}-{i}\"") for i in range(requests)]
             for c in range(concurrent)]
    loops = (request_loop(client, load) for client, load in zip(clients, loads, strict=True))
    per_client = await asyncio.gather(*loops)
    await close_all(clients)
    return [t for results in per_client for t, _ in results]


def same_frames(concurrent: int, requests: int, frames_per_command: float) -> list[float]:
    """Echo for `concurrent` clients at once, each also reading the events a hall sends them: as many frames
    read per command as the hall's clients read, from a bare websockets server (no queue, no storage)."""
    with ServerProcess("-m", "bench.floor_server") as server:
        return asyncio.run(_measure_same_frames(server.url, concurrent, requests, frames_per_command))


def measure(concurrent: int, requests: int, screens: int, rounds: int, connections: int) -> Floors:
    floors = Floors()
    with ServerProcess("-m", "bench.floor_server") as server:
        asyncio.run(_measure_ws(floors, server.url, server, concurrent, requests, screens, rounds, connections))
    floors.sqlite_commit = sqlite_commits(1000)
    return floors
