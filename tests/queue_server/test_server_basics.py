"""The server over real websockets on 127.0.0.1 with a real SQLite file."""
import asyncio
import json

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.support import ws_session


def run(coro):
    return asyncio.run(coro)


def test_kiosk_issues_and_display_hears_the_call(hall_server):
    async def scenario():
        url = hall_server.url
        async with ws_session(url, "display", "screen-1", "token-screen-1") as display, \
                ws_session(url, "kiosk", "kiosk-1", "token-kiosk-1") as kiosk, \
                ws_session(url, "counter", "counter-2", "token-counter-2") as counter:
            assert display.welcome["type"] == "welcome"
            assert [s["code"] for s in display.welcome["snapshot"]["services"]] == ["DD", "HT", "KD", "CT", "TKQ"]
            first = await kiosk.request("issue_ticket", service="DD")
            second = await kiosk.request("issue_ticket", service="DD")
            assert (first["ticket"]["number"], second["ticket"]["number"]) == ("1001", "1002")
            assert second["ticket"]["ahead"] == 1
            queue = await display.next_event("queue")
            assert queue["service"] == "DD"
            called = await counter.request("call_next")
            assert called["ticket"]["number"] == "1001" and called["counter"]["serving"]["number"] == "1001"
            event = await display.next_event("called")
            assert event["ticket"] == {"number": "1001", "service": "DD"} and event["counter"] == 2
            assert event["recall"] is False
    run(scenario())


def test_repeated_request_id_acts_once(hall_server):
    async def scenario():
        async with ws_session(hall_server.url, "kiosk", "kiosk-1", "token-kiosk-1") as kiosk:
            first = await kiosk.request("issue_ticket", id="same", service="HT")
            again = await kiosk.request("issue_ticket", id="same", service="HT")
            other = await kiosk.request("issue_ticket", service="HT")
            assert first == again
            assert other["ticket"]["number"] == "2002"
    run(scenario())


def test_bad_token_and_wrong_role_are_closed_with_codes(hall_server):
    async def closed_code(hello):
        async with connect(hall_server.url) as connection:
            await connection.send(json.dumps(hello))
            try:
                await connection.recv()
            except ConnectionClosed as closed:
                return closed.rcvd.code
    assert run(closed_code({"type": "hello", "role": "kiosk", "device": "kiosk-1", "token": "nope",
                            "protocol": 1})) == 4401
    assert run(closed_code({"type": "hello", "role": "admin", "device": "kiosk-1", "token": "token-kiosk-1",
                            "protocol": 1})) == 4403
    assert run(closed_code({"type": "issue_ticket", "id": "1", "service": "DD"})) == 4400
    assert hall_server.health()["status"] == "ok"


def test_sigkill_keeps_every_acknowledged_ticket(hall_server):
    async def issue(n):
        async with ws_session(hall_server.url, "kiosk", "kiosk-1", "token-kiosk-1") as kiosk:
            return [(await kiosk.request("issue_ticket", service="DD"))["ticket"]["number"] for _ in range(n)]
    before = run(issue(5))
    hall_server.kill()
    hall_server.start()
    after = run(issue(2))
    assert before == ["1001", "1002", "1003", "1004", "1005"]
    assert after == ["1006", "1007"]
    assert hall_server.health()["waiting"] == 7
