"""The raw floor: a bare websockets server doing nothing but echo and broadcast, for ratios.

`python -m bench.floor_server` prints "listening on ws://127.0.0.1:PORT". The first frame of a connection
picks what it is: "echo" (every frame sent back), "listen" (receives broadcasts), "trigger" (every frame
it sends is broadcast to all listeners), "hall E" (every frame sent back, and E events per frame, on average,
broadcast to every "hall" connection: the frames a hall's clients read, without a hall behind them).
"""
import asyncio

from websockets.asyncio.server import broadcast, serve
from websockets.exceptions import ConnectionClosed

MAX_FRAME_BYTES = 64 * 1024
# A queue event the size of the hall's: what "hall" connections are sent besides their replies.
QUEUE_LIKE = ('{"type":"queue","service":"DD","waiting":123,"waiting_priority":4,"estimated_wait_s":1860,'
              '"open":true,"counters_open":2,"counters":[1,2]}')
listeners = set()
hall_clients = set()
events_owed = [0.0]


async def handler(connection) -> None:
    try:
        kind = await connection.recv()
        if kind == "echo":
            async for frame in connection:
                await connection.send(frame)
        elif kind == "listen":
            listeners.add(connection)
            await connection.wait_closed()
        elif kind == "trigger":
            async for frame in connection:
                broadcast(listeners, frame)
        elif kind.startswith("hall "):
            hall_clients.add(connection)
            events_per_frame = float(kind.split()[1])
            async for frame in connection:
                await connection.send(frame)
                events_owed[0] += events_per_frame
                while events_owed[0] >= 1:
                    events_owed[0] -= 1
                    broadcast(hall_clients, QUEUE_LIKE)
    except ConnectionClosed:
        pass
    finally:
        listeners.discard(connection)
        hall_clients.discard(connection)


async def main() -> None:
    async with serve(handler, "127.0.0.1", 0, max_size=MAX_FRAME_BYTES, compression=None,
                     ping_interval=20, ping_timeout=20) as server:
        print(f"floor server: listening on ws://127.0.0.1:{server.sockets[0].getsockname()[1]}", flush=True)
        await asyncio.get_running_loop().create_future()


if __name__ == "__main__":
    asyncio.run(main())
