"""`python -m bench.reading_client URL DEVICE`: a hall screen as a process of its own that reads everything
it is sent, so a bench can freeze it with SIGSTOP as a hung TV PC would be, and its socket stop being read."""
import asyncio
import sys

from websockets.asyncio.client import connect

from bench.hall_setup import token
from bench.wire import hello


async def main(url: str, device: str) -> None:
    async with connect(url, compression=None, max_size=None) as connection:
        await connection.send(hello("display", device, token(device)))
        await connection.recv()
        print("welcomed", flush=True)
        async for _ in connection:
            pass


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:3]))
