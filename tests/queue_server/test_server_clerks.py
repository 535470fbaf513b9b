"""Clerks signing in and citizens rating, in this process with devices connected through memory
(tests/in_process_hall.py); a clerk's photo over HTTP from a real server process."""
import io
import urllib.error
import urllib.request

import pytest
from PIL import Image

from tests.support import CLERK_PINS, hall_with_clerks


@pytest.fixture
def clerks_hall(make_in_process_hall, tmp_path):
    return make_in_process_hall(config=hall_with_clerks(tmp_path))


def test_a_wrong_pin_is_refused_then_throttled_and_the_right_one_opens_the_counter(clerks_hall):
    async def scenario():
        async with clerks_hall.session("counter-1") as counter, clerks_hall.session("screen-1") as screen:
            assert [c["name"] for c in counter.welcome["snapshot"]["clerks"]] == ["Nguyễn Thị Lan", "Trần Văn Hùng"]
            assert "pin_hash" not in str(counter.welcome["snapshot"])
            refused = await counter.request("open_counter")
            assert refused["code"] == "no_clerk"
            replies = [await counter.request("sign_in", clerk="lan", pin="0000") for _ in range(6)]
            assert [r["code"] for r in replies] == ["wrong_pin"] * 4 + ["pin_locked"] * 2
            assert replies[0]["message"]["vi"] == "Mã PIN không đúng. Còn 4 lần thử trước khi bị tạm khóa."
            assert replies[4]["message"]["en"] == "Too many wrong PINs: please try again in 30 seconds."
            locked = await counter.request("sign_in", clerk="lan", pin=CLERK_PINS["lan"])
            assert locked["code"] == "pin_locked"  # even the right PIN waits out the lock
            ok = await counter.request("sign_in", clerk="hung", pin=CLERK_PINS["hung"])
            assert ok["type"] == "ok" and ok["counter"]["state"] == "open"
            assert ok["counter"]["clerk"] == {"id": "hung", "name": "Trần Văn Hùng", "title": "Công chức"}
            event = await screen.wait_for("counter", lambda e: e["counter"] == 1 and e.get("clerk"))
            assert event["clerk"]["name"] == "Trần Văn Hùng" and event["state"] == "open"
            closed = await counter.request("close_counter")
            assert closed["counter"]["state"] == "closed" and "clerk" not in closed["counter"]

    clerks_hall.run(scenario())


def test_complete_asks_the_counters_tablet_and_one_rating_is_kept(clerks_hall):
    async def scenario():
        async with clerks_hall.session("kiosk-1") as kiosk:
            for _ in range(3):
                await kiosk.request("issue_ticket", service="DD")
        async with clerks_hall.session("counter-1") as counter, clerks_hall.session("rating-1") as tablet, \
                clerks_hall.session("rating-2") as other_tablet:
            snapshot = tablet.welcome["snapshot"]
            assert snapshot["me"]["number"] == 1 and "clerk" not in snapshot["me"] and "rating" not in snapshot
            assert [level["name"]["vi"] for level in snapshot["rating_form"]["levels"]] == [
                "Rất hài lòng", "Hài lòng", "Không hài lòng"]
            await counter.request("sign_in", clerk="lan", pin=CLERK_PINS["lan"])
            signed = await tablet.wait_for("counter", lambda e: e["counter"] == 1 and e.get("clerk"))
            assert signed["clerk"]["photo"] == "/clerks/lan/photo"
            await counter.request("call_next")
            await counter.request("complete")
            asked = await tablet.wait_for("rating_requested")
            assert (asked["counter"], asked["ticket"]["number"], asked["clerk"]["name"]) == (
                1, "1001", "Nguyễn Thị Lan")

            rate = dict(ticket="1001", level="unsatisfied", reasons=["waiting_time"])
            first = await tablet.request("rate", id="rating-1:a:1", **rate)
            assert first["type"] == "ok" and first["ticket"]["number"] == "1001"
            again = await tablet.request("rate", id="rating-1:a:1", **rate)  # resent after a reconnect
            assert again == first
            second = await tablet.request("rate", id="rating-1:a:2", **rate)
            assert second["code"] == "already_rated"
            elsewhere = await other_tablet.request("rate", ticket="1001", level="satisfied")
            assert elsewhere["code"] == "not_ratable"

            await counter.request("call_next")
            await counter.request("call_next")  # Next while serving completes 1002 first
            asked = await tablet.wait_for("rating_requested", lambda e: e["ticket"]["number"] == "1002")
        async with clerks_hall.session("rating-1") as tablet:  # a tablet back from a lost connection still asks
            assert tablet.welcome["snapshot"]["rating"]["ticket"]["number"] == "1002"
            assert tablet.welcome["snapshot"]["me"]["clerk"]["name"] == "Nguyễn Thị Lan"

    clerks_hall.run(scenario())


def test_a_clerks_photo_is_served_for_the_tablets(make_hall_server, tmp_path):
    clerks_hall = make_hall_server(config=hall_with_clerks(tmp_path))
    with urllib.request.urlopen(f"http://127.0.0.1:{clerks_hall.port}/clerks/lan/photo", timeout=5) as response:
        assert response.headers["Content-Type"] == "image/png"
        assert Image.open(io.BytesIO(response.read())).size == (240, 320)
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"http://127.0.0.1:{clerks_hall.port}/clerks/hung/photo", timeout=5)
    missing.value.close()  # left open, the connection holds up the server's stop for its close timeout
    assert missing.value.code == 404
