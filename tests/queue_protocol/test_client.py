"""The client every app uses, against a real server that is killed and restarted under it."""
import asyncio
import logging
import socket

import pytest

from queue_protocol.client import (
    RECONNECT_JITTER_S,
    RECONNECT_MAX_S,
    CommandRefused,
    QueueClient,
    ServerUnavailable,
    _reconnect_delays,
)
from queue_protocol.hall_view import HallView
from queue_protocol.messages import CallNext, IssueTicket
from tests.support import wait_until, ws_session


def test_client_resyncs_after_restart_and_resends_the_same_request(hall_server):
    async def scenario():
        view = HallView()
        welcomes, connection_changes = [], []

        def on_welcome(welcome):
            welcomes.append(welcome)
            view.load(welcome.snapshot)

        client = QueueClient(hall_server.url, "display", "screen-1", hall_server.token("screen-1"),
                             on_welcome=on_welcome, on_event=view.apply, on_connection=connection_changes.append)
        kiosk = QueueClient(hall_server.url, "kiosk", "kiosk-1", hall_server.token("kiosk-1"))
        tasks = [asyncio.ensure_future(client.run()), asyncio.ensure_future(kiosk.run())]
        try:
            first = await kiosk.request(IssueTicket(id=kiosk.new_id(), service="DD"))
            assert first.ticket.number == "1001"
            await wait_until(lambda: view.services["DD"].waiting == 1)

            hall_server.kill()
            await wait_until(lambda: not client.connected)
            retried = IssueTicket(id=kiosk.new_id(), service="DD")
            pending = asyncio.ensure_future(kiosk.request(retried, timeout=20))
            await asyncio.sleep(0.3)
            hall_server.start()
            second = await pending
            again = await kiosk.request(retried)  # the same id once more: the first answer, nothing new
            assert second.ticket.number == again.ticket.number == "1002"
            await wait_until(lambda: len(welcomes) == 2 and view.services["DD"].waiting == 2)
            assert connection_changes[:3] == [True, False, True]
        finally:
            await client.close()
            await kiosk.close()
            for task in tasks:
                await asyncio.wait_for(task, 5)
    asyncio.run(scenario())


def test_refusal_and_unreachable_server(hall_server):
    async def scenario():
        counter = QueueClient(hall_server.url, "counter", "counter-1", hall_server.token("counter-1"))
        task = asyncio.ensure_future(counter.run())
        with pytest.raises(CommandRefused) as refused:
            await counter.request(CallNext(id=counter.new_id()))
        assert refused.value.error.code == "queue_empty"
        assert "chờ" in refused.value.error.message.vi
        await asyncio.to_thread(hall_server.stop)  # in a thread: this loop must answer the closing handshake
        with pytest.raises(ServerUnavailable):
            await counter.request(CallNext(id=counter.new_id()), timeout=0.5)
        await counter.close()
        await asyncio.wait_for(task, 5)
    asyncio.run(scenario())


def test_a_refused_hello_stops_reconnecting(hall_server):
    async def scenario():
        states = []
        client = QueueClient(hall_server.url, "kiosk", "kiosk-1", "wrong-token", on_connection=states.append)
        await asyncio.wait_for(client.run(), 5)
        assert client.refused.startswith("4401")
        assert states == []
        async with ws_session(hall_server.url, "kiosk", "kiosk-1", "token-kiosk-1") as kiosk:
            assert kiosk.welcome["type"] == "welcome"
    asyncio.run(scenario())


def test_reconnect_delays_start_at_random_so_devices_spread_out():
    firsts = [next(_reconnect_delays()) for _ in range(50)]
    assert all(0 <= delay <= RECONNECT_JITTER_S for delay in firsts)
    assert len(set(firsts)) == 50   # a restarted server is not hit by every device at the same instant
    delays = _reconnect_delays()
    later = [next(delays) for _ in range(12)][1:]
    assert later == sorted(later) and later[-1] == RECONNECT_MAX_S


def test_close_ends_run_while_it_waits_between_attempts():
    async def scenario():
        with socket.socket() as unused:   # a port nobody listens on: every attempt is refused
            unused.bind(("127.0.0.1", 0))
            url = f"ws://127.0.0.1:{unused.getsockname()[1]}"
        client = QueueClient(url, "kiosk", "kiosk-1", "token")
        waiting = asyncio.Event()
        websocket_log = logging.getLogger("queue_protocol.client.websocket")
        handler = logging.Handler()
        handler.emit = lambda record: "reconnecting in" in record.getMessage() and waiting.set()
        websocket_log.addHandler(handler)
        try:
            task = asyncio.ensure_future(client.run())
            await asyncio.wait_for(waiting.wait(), 5)   # websockets says it waits before the next attempt
            await client.close()
            await asyncio.wait_for(task, 1)
        finally:
            websocket_log.removeHandler(handler)
        assert client.refused is None and not client.connected
    asyncio.run(scenario())
