"""The hall manager's adjustments over a real server: every device hears them at once, a viewer's are refused,
a restart keeps them, and the audit log names the manager and the dashboard that sent them."""
import asyncio
import json
import sqlite3

from tests.support import device_session


def test_every_device_hears_an_adjustment_at_once(hall_server):
    async def scenario():
        async with device_session(hall_server, "kiosk", "kiosk-1") as kiosk:
            await kiosk.request("issue_ticket", service="HT")
            async with device_session(hall_server, "admin", "dashboard-1") as dashboard, \
                    device_session(hall_server, "display", "screen-1") as screen, \
                    device_session(hall_server, "counter", "counter-2") as counter:
                assert counter.welcome["snapshot"]["me"]["services"] == ["DD"]
                ok = await dashboard.request("set_counter_services", counter=2, services=["HT", "DD"], by="quanly")
                assert ok["type"] == "ok" and set(ok) == {"type", "id"}
                for listener in (screen, counter):
                    changed = await listener.wait_for("counter", lambda e: e["counter"] == 2)
                    assert changed["services"] == ["DD", "HT"]
                    civil = await listener.wait_for("queue", lambda e: e["service"] == "HT")
                    assert civil["counters"] == [1, 2, 3] and civil["waiting"] == 1
                called = await counter.request("call_next")
                assert called["ticket"]["number"] == "2001"  # from its new service, at once

                assert (await dashboard.request("set_service_open", service="DD", open=False, by="quanly"))["type"] \
                    == "ok"
                heard = await kiosk.wait_for("queue", lambda e: e["service"] == "DD" and "open_today" in e)
                assert (heard["open"], heard["open_today"]) == (False, False)
                refused = await kiosk.request("issue_ticket", service="DD")
                assert refused["code"] == "service_closed" and "trong hôm nay" in refused["message"]["vi"]

                await dashboard.request("set_announcement", text="Quầy 2 nhận thêm Hộ tịch", by="quanly")
                announced = await screen.wait_for("announcement")
                assert announced == {"type": "announcement", "text": "Quầy 2 nhận thêm Hộ tịch"}

                refusal = await dashboard.request("set_announcement", text="Nghỉ", by="xem")  # a viewer's account
                assert refusal["code"] == "not_a_manager"
        async with device_session(hall_server, "display", "screen-1") as screen:
            hall = screen.welcome["snapshot"]["hall"]
            assert hall["announcement"] == "Quầy 2 nhận thêm Hộ tịch"  # a screen that connects later sees it too
    asyncio.run(scenario())

    hall_server.stop()
    hall_server.start()  # the day's adjustments survive a restart

    async def after_restart():
        async with device_session(hall_server, "counter", "counter-2") as counter:
            snapshot = counter.welcome["snapshot"]
            assert snapshot["me"]["services"] == ["DD", "HT"]
            assert [s["open"] for s in snapshot["services"] if s["code"] == "DD"] == [False]
            assert snapshot["hall"]["announcement"] == "Quầy 2 nhận thêm Hộ tịch"
    asyncio.run(after_restart())

    with sqlite3.connect(hall_server.db_path) as db:
        audit = db.execute("select device, data from events where kind = 'adjusted' order by id").fetchall()
    assert [(device, json.loads(data)["what"], json.loads(data)["by"]) for device, data in audit] == [
        ("dashboard-1", "counter_services", "quanly"), ("dashboard-1", "service_open", "quanly"),
        ("dashboard-1", "announcement", "quanly")]
