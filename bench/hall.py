"""Queue server figures, each beside its raw floor measured in the same run.

A real `xephang server` subprocess on the bench hall (bench/hall_setup.py), with 100 and with 100,000
tickets waiting; clients are raw websockets in this process, timed by the same code as the floors.
"""
import asyncio
import json
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench import floors as floor_bench, wire
from bench.hall_setup import COUNTERS, KIOSKS, SERVICES, hall_server, seed, token, write_config
from bench.processes import ServerProcess
from bench.stats import against, against_values, mib, ms, p50_p99, percentile, ratio
from bench.wire import FanOut, close_all, hello, open_many, request_loop, round_trip

REQUESTS_PER_CLIENT = 20
ALONE_REQUESTS = 200
SCREENS = 200
FAN_OUT_ROUNDS = 30
CONNECTIONS = 500
SMALL, LARGE = 100, 100_000


@dataclass
class HallFigures:
    waiting: int
    startup_s: float = 0.0
    startup_cpu_s: float = 0.0
    issue_alone: list = field(default_factory=list)
    ping_alone: list = field(default_factory=list)
    issue: list = field(default_factory=list)
    call_next: list = field(default_factory=list)
    queue_empty: int = 0
    burst_s: float = 0.0         # wall time of the 30 clients' commands, for commands per second
    burst_commands: int = 0
    burst_transactions: int = 0  # database transactions they took (/healthz), for commands per fsync
    burst_frames: int = 0        # frames the 30 clients read: replies, and the events the server sent them
    burst_client_cpu_s: float = 0.0  # what reading them cost this process, on the same cores as the server
    fan_out: list = field(default_factory=list)
    rss_idle: int = 0
    rss_connected: int = 0


def _transactions(server: ServerProcess) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/healthz", timeout=10) as response:
        return json.loads(response.read())["transactions"]


def _command(type_: str, request_id: str, **fields) -> tuple[str, str]:
    """A command frame and the marker of its reply (events in between are skipped)."""
    return json.dumps({"type": type_, "id": request_id, **fields}), f'"id":"{request_id}"'


async def _measure(figures: HallFigures, server: ServerProcess, with_rss: bool) -> None:
    url = server.url
    figures.rss_idle = server.rss()
    [alone] = await open_many(url, [hello("kiosk", "kiosk-01", token("kiosk-01"))], expect_reply=True)
    figures.ping_alone = [t for t, _ in await request_loop(
        alone, [_command("ping", f"alone-ping-{i}") for i in range(ALONE_REQUESTS)])]
    figures.issue_alone = [t for t, _ in await request_loop(
        alone, [_command("issue_ticket", f"alone-{i}", service=SERVICES[i % 5][0]) for i in range(ALONE_REQUESTS)])]
    await alone.close()

    kiosk_ids = [f"kiosk-{i:02d}" for i in range(1, KIOSKS + 1)]
    counter_ids = [f"counter-{i:02d}" for i in range(1, COUNTERS + 1)]
    kiosks = await open_many(url, [hello("kiosk", d, token(d)) for d in kiosk_ids], expect_reply=True)
    counters = await open_many(url, [hello("counter", d, token(d)) for d in counter_ids], expect_reply=True)
    kiosk_loads = [[_command("issue_ticket", f"{d}-{i}", service=SERVICES[(k + i) % 5][0])
                    for i in range(REQUESTS_PER_CLIENT)] for k, d in enumerate(kiosk_ids)]
    counter_loads = [[_command("call_next", f"{d}-{i}") for i in range(REQUESTS_PER_CLIENT)] for d in counter_ids]
    transactions_before, frames_before = _transactions(server), wire.read["frames"]
    started, cpu_before = time.perf_counter(), time.process_time()
    loads = zip(kiosks + counters, kiosk_loads + counter_loads, strict=True)
    results = await asyncio.gather(*(request_loop(c, load) for c, load in loads))
    figures.burst_s = time.perf_counter() - started
    figures.burst_client_cpu_s = time.process_time() - cpu_before
    figures.burst_frames = wire.read["frames"] - frames_before
    figures.burst_transactions = _transactions(server) - transactions_before
    figures.burst_commands = sum(len(load) for load in kiosk_loads + counter_loads)
    figures.issue = [t for per_kiosk in results[:KIOSKS] for t, _ in per_kiosk]
    calls = [(t, reply) for per_counter in results[KIOSKS:] for t, reply in per_counter]
    figures.call_next = [t for t, reply in calls if '"type":"ok"' in reply]
    figures.queue_empty = sum('"queue_empty"' in reply for _, reply in calls)
    await close_all(kiosks)

    screens = [f"screen-{i:03d}" for i in range(1, CONNECTIONS + 1)]
    fan_out = FanOut(await open_many(url, [hello("display", d, token(d)) for d in screens[:SCREENS]],
                                     expect_reply=True), '"type":"called"')
    counter = counters[0]
    figures.fan_out = [await fan_out.time_to_last(
        lambda i=i: round_trip(counter, *_command("call_next", f"fan-out-{i}"))) for i in range(FAN_OUT_ROUNDS)]
    if with_rss:
        more = await open_many(url, [hello("display", d, token(d)) for d in screens[SCREENS:CONNECTIONS - COUNTERS]],
                               expect_reply=True)
        await asyncio.sleep(0.5)
        figures.rss_connected = server.rss()
        await close_all(more)
    await fan_out.close()
    await close_all(counters)


def measure_hall(config: Path, db: Path, waiting: int, with_rss: bool) -> HallFigures:
    seed(config, db, waiting)
    figures = HallFigures(waiting)
    with hall_server(config, db) as server:
        figures.startup_s, figures.startup_cpu_s = server.startup_s, server.cpu_s()
        asyncio.run(_measure(figures, server, with_rss))
    return figures


def _hall_rows(f: HallFigures, floors: floor_bench.Floors, same_frames: list[float],
               at_small: HallFigures = None) -> list[tuple[str, str, str]]:
    """The figures under load; with 100,000 waiting (at_small given), each also against its value at 100.
    same_frames: the echo floor with as many frames read per command as the clients read at 100 waiting."""
    where = f"{f.waiting:,} waiting"
    empty = f" ({f.queue_empty} queue_empty left out)" if f.queue_empty else ""
    rate = (f", {f.burst_commands / f.burst_s:.0f} commands/s, "
            f"{f.burst_commands / max(1, f.burst_transactions):.1f} per transaction, "
            f"the clients' CPU {f.burst_client_cpu_s / f.burst_commands * 1e6:.0f} µs per command")
    echo_commit_50 = percentile(floors.echo_concurrent, 50) + percentile(floors.sqlite_commit, 50)
    echo_commit_99 = percentile(floors.echo_concurrent, 99) + percentile(floors.sqlite_commit, 99)
    floor_name = "echo, 30 clients at once + fsync'ed commit"
    same_50 = percentile(same_frames, 50) + percentile(floors.sqlite_commit, 50)
    small = at_small or f

    def versus_small(samples: list[float], small_samples) -> str:
        if at_small is None:
            return ""
        return (f"; at 100 waiting p50 {ms(percentile(small_samples, 50))} -> "
                f"{ratio(percentile(samples, 50), percentile(small_samples, 50))} (target <= x1.2)")

    def burst_row(command: str, field: str, value_extra: str) -> tuple[str, str, str]:
        """issue_ticket or call_next in the burst (field: its samples in HallFigures), against both floors."""
        samples = getattr(f, field)
        return (f"{command}, 20 kiosks + 10 counters at once ({where})", p50_p99(samples) + value_extra,
                against_values(samples, echo_commit_50, echo_commit_99, floor_name) + " (target <= x2 at p50)"
                + f"; {f.burst_frames / f.burst_commands:.1f} frames read per command: the same "
                  f"{small.burst_frames / small.burst_commands:.1f} from a bare websockets server + fsync'ed commit "
                  f"p50 {ms(same_50)} -> {ratio(percentile(samples, 50), same_50)}"
                + versus_small(samples, at_small and getattr(at_small, field)))

    return [
        burst_row("issue_ticket", "issue", rate),
        burst_row("call_next", "call_next", empty),
        (f"call_next -> last of {SCREENS} screens has `called` ({where})", p50_p99(f.fan_out),
         against(f.fan_out, floors.broadcast, f"bare broadcast to {SCREENS}") + " (target <= x1.3 at p50)"
         + versus_small(f.fan_out, at_small and at_small.fan_out)),
    ]


def rows_from(floors: floor_bench.Floors, small: HallFigures, large: HallFigures,
              same_frames: list[float]) -> list[tuple[str, str, str]]:
    echo_commit_50 = percentile(floors.echo_alone, 50) + percentile(floors.sqlite_commit, 50)
    echo_commit_99 = percentile(floors.echo_alone, 99) + percentile(floors.sqlite_commit, 99)
    per_connection = (small.rss_connected - small.rss_idle) / (CONNECTIONS - 1)
    floor_per_connection = (floors.rss_connected - floors.rss_idle) / CONNECTIONS
    return [
        ("ping through the server, 1 client", p50_p99(small.ping_alone),
         against(small.ping_alone, floors.echo_alone, "echo, 1 client")),
        ("issue_ticket, 1 kiosk alone", p50_p99(small.issue_alone),
         against_values(small.issue_alone, echo_commit_50, echo_commit_99, "echo + fsync'ed commit")
         + " (target <= x1.5 at p50)"),
        *_hall_rows(small, floors, same_frames),
        *_hall_rows(large, floors, same_frames, at_small=small),
        (f"server start with {LARGE:,} waiting", f"{large.startup_s:.2f} s (CPU {large.startup_cpu_s:.2f} s)",
         f"start with {SMALL} waiting {small.startup_s:.2f} s (CPU {small.startup_cpu_s:.2f} s) -> "
         f"{ratio(large.startup_s, small.startup_s)} (target < 1 s)"),
        (f"server RSS, {CONNECTIONS} connections", f"{mib(small.rss_connected)} "
         f"(idle {mib(small.rss_idle)}, {per_connection / 1024:.0f} KiB per connection)",
         f"bare websockets server {mib(floors.rss_connected)} (idle {mib(floors.rss_idle)}, "
         f"{floor_per_connection / 1024:.0f} KiB per connection) -> "
         f"{ratio(per_connection, floor_per_connection)} per connection"),
        ("floor: SQLite one-row commit (WAL, synchronous=FULL: fsync'ed), same disk", p50_p99(floors.sqlite_commit),
         "(the floor)"),
    ]


def run() -> list[tuple[str, str, str]]:
    floors = floor_bench.measure(concurrent=KIOSKS + COUNTERS, requests=REQUESTS_PER_CLIENT, screens=SCREENS,
                                 rounds=FAN_OUT_ROUNDS, connections=CONNECTIONS)
    with tempfile.TemporaryDirectory(prefix="xephang-bench-") as directory:
        config = write_config(Path(directory) / "bench-hall.toml")
        small = measure_hall(config, Path(directory) / "small.db", SMALL, with_rss=True)
        large = measure_hall(config, Path(directory) / "large.db", LARGE, with_rss=False)
    same_frames = floor_bench.same_frames(KIOSKS + COUNTERS, REQUESTS_PER_CLIENT,
                                          small.burst_frames / small.burst_commands)
    return rows_from(floors, small, large, same_frames)
