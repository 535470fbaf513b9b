"""A device holds its configured number of sessions: a newer hello replaces the oldest (issue 11, finding 9)."""
import asyncio

from websockets.exceptions import ConnectionClosed

from queue_protocol.client import QueueClient
from tests.support import TEST_HALL, wait_until, ws_session


async def closed_with(session, timeout: float = 5.0):
    """The close code and reason the server ended this session with (events before it are skipped)."""
    try:
        while True:
            await asyncio.wait_for(session.connection.recv(), timeout)
    except ConnectionClosed as closed:
        return closed.rcvd.code, closed.rcvd.reason


def test_a_second_hello_replaces_the_first_session_and_is_logged(hall_server):
    async def scenario():
        url = hall_server.url
        async with ws_session(url, "display", "screen-1", "token-screen-1") as first, \
                ws_session(url, "kiosk", "kiosk-1", "token-kiosk-1") as kiosk:
            async with ws_session(url, "display", "screen-1", "token-screen-1") as second:
                assert second.welcome["type"] == "welcome"
                assert await closed_with(first) == (4409, "replaced by a new session from 127.0.0.1")
                await kiosk.request("issue_ticket", service="DD")
                queue = await second.next_event("queue")   # the new session hears the hall
                assert queue["waiting"] == 1
                assert hall_server.health()["connections"] == 2
    asyncio.run(scenario())
    replaced = [line for line in hall_server.server.output if "replaces its session" in line]
    assert len(replaced) == 1 and "WARNING" in replaced[0]
    assert "device screen-1: a new hello from 127.0.0.1:" in replaced[0]
    assert "replaces its session from 127.0.0.1:" in replaced[0]


def test_a_device_may_hold_the_sessions_its_configuration_gives(make_hall_server, tmp_path):
    config = tmp_path / "hall.toml"
    config.write_text(TEST_HALL.read_text(encoding="utf-8").replace(
        'id = "screen-2"\nrole = "display"\n', 'id = "screen-2"\nrole = "display"\nsessions = 2\n'), encoding="utf-8")
    server = make_hall_server(config=config)

    async def scenario():
        url = server.url
        async with ws_session(url, "display", "screen-2", "token-screen-2") as one, \
                ws_session(url, "display", "screen-2", "token-screen-2") as two:
            async with ws_session(url, "display", "screen-2", "token-screen-2") as three:
                assert await closed_with(one) == (4409, "replaced by a new session from 127.0.0.1")
                async with ws_session(url, "kiosk", "kiosk-1", "token-kiosk-1") as kiosk:
                    await kiosk.request("issue_ticket", service="HT")
                for session in (two, three):
                    assert (await session.next_event("queue"))["service"] == "HT"
    asyncio.run(scenario())


def test_the_device_takes_its_session_back_once_from_a_replayed_hello_then_stops(hall_server):
    """A captured hello replayed: the real screen says so, takes its place back, and when the replayer comes
    again it stops and says so instead of pushing the other off all day."""
    async def scenario():
        reasons = []
        screen = QueueClient(hall_server.url, "display", "screen-1", "token-screen-1",
                             on_offline_reason=reasons.append)
        running = asyncio.ensure_future(screen.run())
        assert await screen.wait_connected(10)
        async with ws_session(hall_server.url, "display", "screen-1", "token-screen-1") as replayer:
            assert replayer.welcome["type"] == "welcome"
            await wait_until(lambda: reasons)
            assert reasons[0].vi == "Thiết bị này vừa được kết nối từ máy khác (127.0.0.1): đang kết nối lại."
            assert reasons[0].en == "This device was just connected from another machine (127.0.0.1): reconnecting."
            # The real screen comes back and the replayer is the one closed.
            assert await closed_with(replayer, timeout=10) == (4409, "replaced by a new session from 127.0.0.1")
            await wait_until(lambda: screen.connected and screen.offline_reason is None)
        async with ws_session(hall_server.url, "display", "screen-1", "token-screen-1") as again:
            await asyncio.wait_for(running, 10)   # replaced twice in a short while: it stops
            assert again.welcome["type"] == "welcome"
            assert screen.refused.startswith("4409")
            assert screen.offline_reason.vi == ("Thiết bị này đang được dùng trên máy khác (127.0.0.1): đã ngừng kết "
                                                "nối. Hãy báo quản trị.")
            assert screen.offline_reason.en == ("This device is in use on another machine (127.0.0.1): stopped. "
                                                "Tell the administrator.")
            await again.send({"type": "ping", "id": "still-here"})
            assert (await again.reply())["id"] == "still-here"   # the last one to say hello keeps the device
    asyncio.run(scenario())


def test_two_machines_with_one_device_id_settle_instead_of_pushing_each_other_off(hall_server):
    async def scenario():
        screens = [QueueClient(hall_server.url, "display", "screen-1", "token-screen-1") for _ in range(2)]
        runs = [asyncio.ensure_future(screen.run()) for screen in screens]
        assert await screens[0].wait_connected(10)
        done, _ = await asyncio.wait(runs, timeout=20, return_when=asyncio.FIRST_COMPLETED)
        assert len(done) == 1   # one of them gave up, saying why
        stopped, kept = (0, 1) if runs[0] in done else (1, 0)
        assert screens[stopped].refused.startswith("4409")
        await wait_until(lambda: screens[kept].connected)
        await screens[kept].close()
        await asyncio.wait_for(runs[kept], 5)
    asyncio.run(scenario())
    assert sum("replaces its session" in line for line in hall_server.server.output) <= 3
