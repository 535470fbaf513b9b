"""Client-side measurements shared by the hall and the floor, so both are timed by the same code."""
import asyncio
import json
import time
from collections import Counter
from collections.abc import Awaitable, Callable

from websockets.asyncio.client import connect

MAX_FRAME_BYTES = 64 * 1024
REPLY_TIMEOUT_S = 10
FAN_OUT_TIMEOUT_S = 10
# Frames read by round trips (replies and the events before them): what a client's reading costs.
read: Counter[str] = Counter()


async def open_connection(url: str, first_frame: str, expect_reply: bool):
    """A connection past its first frame (hello: wait for the welcome; floor kinds: nothing comes back)."""
    connection = await connect(url, compression=None, max_size=None, open_timeout=30,
                               ping_interval=None, close_timeout=2)
    await connection.send(first_frame)
    if expect_reply:
        await asyncio.wait_for(connection.recv(), REPLY_TIMEOUT_S)
    return connection


async def open_many(url: str, first_frames: list[str], expect_reply: bool, batch: int = 50) -> list:
    """Many connections, opened in batches so the listen backlog never overflows."""
    connections = []
    for start in range(0, len(first_frames), batch):
        connections += await asyncio.gather(*(open_connection(url, frame, expect_reply)
                                              for frame in first_frames[start:start + batch]))
    return connections


async def close_all(connections: list) -> None:
    await asyncio.gather(*(c.close() for c in connections), return_exceptions=True)


def hello(role: str, device: str, token: str) -> str:
    return json.dumps({"type": "hello", "role": role, "device": device, "token": token, "protocol": 1})


async def round_trip(connection, frame: str, reply_marker: str | None) -> tuple[float, str]:
    """Send one frame, wait for the frame carrying reply_marker (any frame when None): (seconds, reply)."""
    started = time.perf_counter()
    # One deadline for the whole round trip: a wait_for per frame read costs a task each, and a client
    # that hears many events would time its own reading more than the server.
    async with asyncio.timeout(REPLY_TIMEOUT_S):
        await connection.send(frame)
        while True:
            reply = await connection.recv()
            read["frames"] += 1
            if reply_marker is None or reply_marker in reply:
                return time.perf_counter() - started, reply


async def request_loop(connection, frames: list[tuple[str, str]]) -> list[tuple[float, str]]:
    """(frame, reply marker) one after another on one connection: each round trip and its reply."""
    return [await round_trip(connection, frame, marker) for frame, marker in frames]


class FanOut:
    """Listeners that note when each one receives a frame containing `marker`, to time broadcasts."""

    def __init__(self, connections: list, marker: str):
        self.connections = connections
        self.marker = marker
        self.arrivals: list[float] = []
        self.all_arrived = asyncio.Event()
        self.readers = [asyncio.ensure_future(self._read(c)) for c in connections]

    async def _read(self, connection) -> None:
        async for frame in connection:
            if self.marker in frame:
                self.arrivals.append(time.perf_counter())
                if len(self.arrivals) == len(self.connections):
                    self.all_arrived.set()

    async def time_to_last(self, trigger: Callable[[], Awaitable[None]]) -> float:
        """Seconds from just before trigger() sends to the last listener receiving the marked frame."""
        self.arrivals.clear()
        self.all_arrived.clear()
        started = time.perf_counter()
        await trigger()
        await asyncio.wait_for(self.all_arrived.wait(), FAN_OUT_TIMEOUT_S)
        await asyncio.sleep(0.02)  # let the frames that follow the marked one (queue, counter) drain
        return max(self.arrivals) - started

    async def close(self) -> None:
        for reader in self.readers:
            reader.cancel()
        await close_all(self.connections)
