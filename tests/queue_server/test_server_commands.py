"""Every command as each role would send it, with what the others then see: in this process, devices connected
through memory (tests/in_process_hall.py); bad frames and one over the size limit over a real websocket."""
import asyncio

import pytest
from websockets.exceptions import ConnectionClosed

from queue_protocol.messages import MAX_FRAME_BYTES
from tests.support import nine_am_today, ws_session


def session(server, device):
    role = {"kiosk": "kiosk", "screen": "display", "counter": "counter", "integration": "integration",
            "admin": "admin"}[device.rsplit("-", 1)[0]]
    return ws_session(server.url, role, device, server.token(device))


def test_a_clerks_commands_and_what_the_screen_sees(in_process_hall):
    hall = in_process_hall

    async def scenario():
        async with hall.session("screen-1") as screen, hall.session("kiosk-1") as kiosk, \
                hall.session("counter-1") as c1, hall.session("counter-3") as c3:
            for _ in range(3):
                await kiosk.request("issue_ticket", service="DD")
            opened = await c1.request("open_counter")
            assert opened["counter"]["state"] == "open"
            assert (await screen.next_event("counter"))["state"] == "open"

            call = await c1.request("call_next")
            assert call["ticket"]["number"] == "1001"
            recall = await c1.request("recall")
            assert recall["ticket"]["recalls"] == 1
            heard = [await screen.next_event("called"), await screen.next_event("called")]
            assert [e["recall"] for e in heard] == [False, True]
            assert heard[1]["call_id"] > heard[0]["call_id"]

            no_show = await c1.request("no_show")
            assert no_show["ticket"]["state"] == "no_show"
            await c1.request("call_next")
            started = await c1.request("start_serving")
            assert started["ticket"]["state"] == "serving"
            moved = await c1.request("transfer", service="HT")
            assert moved["ticket"]["service"] == "HT" and moved["ticket"]["number"] == "1002"
            assert moved["counter"].get("serving") is None

            taken = await c3.request("call_next")
            assert (taken["ticket"]["number"], taken["ticket"]["service"]) == ("1002", "HT")
            done = await c3.request("complete")
            assert done["ticket"]["state"] == "done" and done["counter"]["served_today"] == 1

            out_of_turn = await c1.request("call_number", number="1003")
            assert out_of_turn["ticket"]["number"] == "1003"
            await c1.request("complete")
            paused = await c1.request("pause")
            assert paused["counter"]["state"] == "paused"
            # Since when: the server's clock at the pause, on the reply and on the screen's event alike.
            assert paused["counter"]["state_since"] >= opened["counter"]["state_since"] > "2026"
            assert (await screen.wait_for("counter", lambda e: e["state"] == "paused"))["state_since"] == \
                paused["counter"]["state_since"]
            refused = await c1.request("call_next")
            assert refused["code"] == "counter_paused" and "tạm nghỉ" in refused["message"]["vi"]
            resumed = await c1.request("resume")
            assert resumed["counter"]["state"] == "open"
            empty = await c1.request("call_next")
            assert empty["code"] == "queue_empty"
            closed = await c1.request("close_counter")
            assert closed["counter"]["state"] == "closed"
            assert await screen.wait_for("counter", lambda e: e["counter"] == 1 and e["state"] == "closed")
    hall.run(scenario())


def test_transfer_to_a_counter_is_served_there_first(in_process_hall):
    hall = in_process_hall

    async def scenario():
        async with hall.session("kiosk-1") as kiosk, hall.session("counter-1") as c1, \
                hall.session("counter-2") as c2:
            for _ in range(3):
                await kiosk.request("issue_ticket", service="DD")
            await c1.request("call_next")
            await c1.request("transfer", counter=2)
            assert (await c1.request("call_next"))["ticket"]["number"] == "1002"
            assert (await c2.request("call_next"))["ticket"]["number"] == "1001"
    hall.run(scenario())


def test_a_ticket_transferred_to_a_counter_is_ahead_of_the_line_of_every_service_there(in_process_hall):
    """Counter 1 sends 1001 (Đất đai) to counter 4, the pickup counter: 4 calls it first, so the pickup ticket
    issued next is told one citizen is ahead, and every screen and console counts it in pickup's line, not DD's."""
    hall = in_process_hall
    code = "000.00.16.G04-261120-0021"

    async def scenario():
        async with hall.session("screen-1") as screen, hall.session("kiosk-1") as kiosk, \
                hall.session("integration-1") as one_stop, hall.session("counter-1") as c1, \
                hall.session("counter-4") as pickup:
            await one_stop.request("upsert_dossier", code=code, applicant="Nguyễn Văn An", service="DD",
                                   due_at="2026-12-03")
            await one_stop.request("set_dossier_status", code=code, status="ready", counter=4)
            await kiosk.request("issue_ticket", service="DD")
            await c1.request("call_next")
            await c1.request("transfer", counter=4)
            queued = await screen.wait_for("queue", lambda e: e["service"] == "TKQ" and e["waiting"] == 1)
            assert queued["waiting_transferred"] == 1 and queued["estimated_wait_s"] > 0
            async with hall.session("screen-2") as late_screen:
                lines = {s["code"]: s["waiting"] for s in late_screen.welcome["snapshot"]["services"]}
            assert (lines["DD"], lines["TKQ"]) == (0, 1)
            issued = await kiosk.request("issue_ticket", service="TKQ", dossier=code)
            assert issued["ticket"]["number"] == "9001"
            assert issued["ticket"]["ahead"] == 1 and issued["ticket"]["estimated_wait_s"] > 0
            assert (await pickup.request("call_next"))["ticket"]["number"] == "1001"
            assert (await pickup.request("call_next"))["ticket"]["number"] == "9001"
    hall.run(scenario())


def test_dossiers_from_integration_to_kiosk_pickup_and_masked_on_screens(in_process_hall):
    hall = in_process_hall
    code = "000.00.16.G04-261120-0020"

    async def scenario():
        async with hall.session("screen-1") as screen, hall.session("kiosk-1") as kiosk, \
                hall.session("integration-1") as one_stop, hall.session("counter-4") as pickup:
            stored = await one_stop.request("upsert_dossier", code=code.lower(), applicant="Nguyễn Văn An",
                                            phone="0912345678", service="DD", due_at="2026-12-03")
            assert stored["dossier"]["code"] == code and stored["dossier"]["applicant"] == "Nguyễn Văn An"
            looked = await kiosk.request("lookup_dossier", code=code)
            assert looked["dossier"]["applicant"] == "Nguyễn V. A." and "phone" not in looked["dossier"]
            early = await kiosk.request("issue_ticket", service="TKQ", dossier=code)
            assert early["code"] == "dossier_not_ready" and "2026-12-03" in early["message"]["vi"]

            await one_stop.request("set_dossier_status", code=code, status="ready", counter=4)
            shown = await screen.wait_for("dossier", lambda e: e["dossier"]["status"] == "ready")
            assert shown["dossier"]["applicant"] == "Nguyễn V. A." and shown["dossier"]["counter"] == 4
            ticket = await kiosk.request("issue_ticket", service="TKQ", dossier=code)
            assert ticket["ticket"]["dossier"] == code and ticket["ticket"]["number"] == "9001"
            called = await pickup.request("call_next")
            assert called["ticket"]["dossier"] == code
            returned = await pickup.request("set_dossier_status", code=code, status="returned")
            assert returned["dossier"]["status"] == "returned"
            gone = await screen.next_event("dossier")
            assert gone["dossier"]["status"] == "returned"

            unknown = await kiosk.request("lookup_dossier", code="000.00.16.G04-261120-9999")
            assert unknown["code"] == "unknown_dossier"
            bad = await kiosk.request("lookup_dossier", code="xyz")
            assert bad["code"] == "invalid_dossier_code"
    hall.run(scenario())


@pytest.mark.parametrize("device, command, fields", [
    ("screen-1", "call_next", {}),
    ("kiosk-1", "call_next", {}),
    ("counter-1", "issue_ticket", {"service": "DD"}),
    ("integration-1", "issue_ticket", {"service": "DD"}),
    ("kiosk-1", "upsert_dossier", {"code": "000.00.16.G04-261120-0020", "applicant": "A B",
                                    "service": "DD", "due_at": "2026-12-03"}),
    ("counter-1", "stats", {}),
])
def test_roles_are_held_to_their_commands(in_process_hall, device, command, fields):
    hall = in_process_hall

    async def scenario():
        async with hall.session(device) as client:
            refused = await client.request(command, **fields)
            assert refused["code"] == "not_allowed"
            assert refused["message"]["vi"] and refused["message"]["en"]
            assert (await client.request("ping"))["type"] == "ok"
    hall.run(scenario())
    assert hall.health()["waiting"] == 0


def test_bad_frames_get_errors_and_change_nothing(hall_server):
    async def scenario():
        async with session(hall_server, "kiosk-1") as kiosk, session(hall_server, "screen-1") as screen:
            await kiosk.request("issue_ticket", service="DD")
            frames = ["not json", "[1, 2]", '{"type": "launch_rockets", "id": "x1"}',
                      '{"type": "issue_ticket", "id": "x2"}', '{"type": "issue_ticket", "id": "x3", "service": 7}',
                      '{"type": "hello", "role": "kiosk", "device": "kiosk-1", "token": "token-kiosk-1"}']
            for frame in frames:
                await kiosk.connection.send(frame)
                reply = await kiosk.reply()
                assert reply["type"] == "error" and reply["code"] == "malformed", frame
            refused = await kiosk.request("issue_ticket", service="NOPE")
            assert refused["code"] == "unknown_service"
            await kiosk.connection.send("x" * (MAX_FRAME_BYTES + 1))
            with pytest.raises(ConnectionClosed) as closed:
                await asyncio.wait_for(kiosk.connection.recv(), 5)
            assert closed.value.rcvd.code == 1009
            assert (await screen.request("ping"))["type"] == "ok"
        async with session(hall_server, "kiosk-2") as kiosk:
            assert (await kiosk.request("issue_ticket", service="DD"))["ticket"]["number"] == "1002"
    asyncio.run(scenario())


def test_closed_service_is_refused_in_both_languages(make_in_process_hall):
    hall = make_in_process_hall(start=nine_am_today().replace(hour=20))

    async def scenario():
        async with hall.session("kiosk-1") as kiosk:
            services = {s["code"]: s["open"] for s in kiosk.welcome["snapshot"]["services"]}
            assert services["CT"] is False and services["DD"] is True
            refused = await kiosk.request("issue_ticket", service="CT")
            assert refused["code"] == "service_closed"
            assert "07:30-11:30" in refused["message"]["vi"] and "Certification" in refused["message"]["en"]
    hall.run(scenario())


def test_counter_snapshot_holds_its_current_ticket_after_reconnect(in_process_hall):
    hall = in_process_hall

    async def scenario():
        async with hall.session("kiosk-1") as kiosk:
            await kiosk.request("issue_ticket", service="DD", priority=True)
            await kiosk.request("issue_ticket", service="HT")
        async with hall.session("counter-1") as c1:
            await c1.request("call_next")
        async with hall.session("counter-1") as c1:
            snapshot = c1.welcome["snapshot"]
            assert snapshot["me"]["number"] == 1 and snapshot["current"]["number"] == "1001"
            assert snapshot["current"]["priority"] is True
            assert [t["number"] for t in snapshot["waiting"]] == ["2001"]
    hall.run(scenario())


def test_admin_sees_the_days_figures(in_process_hall):
    hall = in_process_hall

    async def scenario():
        async with hall.session("kiosk-1") as kiosk, hall.session("counter-2") as c2, \
                hall.session("admin-1") as admin:
            for _ in range(3):
                await kiosk.request("issue_ticket", service="DD")
            await c2.request("call_next")
            await c2.request("complete")
            stats = (await admin.request("stats"))["stats"]
            assert (stats["issued"], stats["served"], stats["waiting"]) == (3, 1, 2)
            assert stats["by_service"]["DD"]["issued"] == 3
            expired = await admin.request("expire_waiting")
            assert expired["type"] == "ok"
            assert hall.health()["waiting"] == 0
    hall.run(scenario())
