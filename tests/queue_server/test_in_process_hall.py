"""The in-process hall (tests/in_process_hall.py) is the real server with only the transport replaced: the same
day through memory and over real websockets gives every device the same frames, byte for byte, and a refused
hello is closed with the same code."""
import asyncio

import pytest
from websockets.exceptions import ConnectionClosed

from tests.in_process_hall import on_a_port
from tests.support import nine_am_today


async def a_short_day(connect) -> list[list[str]]:
    """Every frame a screen, a kiosk and a counter receive: tickets, a call, a recall, a refusal, a bad frame."""
    async with connect("screen-1") as screen, connect("kiosk-1") as kiosk, connect("counter-2") as counter:
        for i in range(2):
            await kiosk.request("issue_ticket", id=f"k{i}", service="DD")
        await counter.request("call_next", id="c1")
        await counter.request("recall", id="c2")
        await kiosk.request("issue_ticket", id="k9", service="NOPE")
        await kiosk.send_text("not json")
        await kiosk.reply()
        for session in (screen, kiosk, counter):
            await session.request("ping", id="last")  # answered after every event the day caused
        return [session.frames for session in (screen, kiosk, counter)]


def test_memory_and_websockets_give_every_device_the_same_frames(make_in_process_hall):
    at = nine_am_today().timestamp()
    # A clock that stands still: both halls stamp their frames with the same times.
    through_memory, over_sockets = make_in_process_hall(clock=lambda: at), make_in_process_hall(clock=lambda: at)

    async def on_sockets():
        async with on_a_port(over_sockets):
            return await a_short_day(over_sockets.websocket)

    memory = through_memory.run(a_short_day(through_memory.session))
    sockets = asyncio.run(on_sockets())
    assert [len(frames) for frames in memory] == [len(frames) for frames in sockets]
    assert min(len(frames) for frames in memory) >= 5 and '"called"' in "".join(memory[0])
    assert memory == sockets


def test_a_refused_hello_is_closed_with_the_same_code_through_memory(in_process_hall):
    async def refused(token):
        with pytest.raises(ConnectionClosed) as closed:
            async with in_process_hall.session("kiosk-1", token=token):
                pass
        return closed.value.rcvd.code, closed.value.rcvd.reason

    assert in_process_hall.run(refused("nope")) == (4401, "unknown device or wrong token")
