"""Devices as the admin role hears of them: who is connected, since when, and each kiosk's printer. In this
process, devices connected through memory (tests/in_process_hall.py)."""


def test_admin_hears_devices_come_and_go_and_a_kiosk_run_out_of_paper(in_process_hall):
    hall = in_process_hall

    async def scenario():
        async with hall.session("admin-1") as admin:
            devices = {d["id"]: d for d in admin.welcome["snapshot"]["devices"]}
            assert devices["admin-1"]["connected"] is True and devices["admin-1"]["since"]
            assert devices["kiosk-1"] == {"id": "kiosk-1", "role": "kiosk", "connected": False}
            assert devices["counter-3"]["counter"] == 3
            async with hall.session("kiosk-1") as kiosk:
                came = await admin.wait_for("device", lambda e: e["device"]["id"] == "kiosk-1")
                assert came["device"]["connected"] is True
                assert kiosk.welcome["snapshot"].get("devices") is None  # only the admin role sees devices
                reply = await kiosk.request("report_printer", state="out_of_paper")
                assert reply == {"type": "ok", "id": reply["id"]}
                out = await admin.wait_for("device", lambda e: e["device"]["id"] == "kiosk-1")
                assert out["device"]["printer"] == "out_of_paper" and out["device"]["connected"] is True
                assert (await kiosk.request("report_printer", state="out_of_paper"))["type"] == "ok"
                await kiosk.request("report_printer", state="ok")
                back = await admin.wait_for("device", lambda e: e["device"]["id"] == "kiosk-1")
                assert back["device"]["printer"] == "ok"  # the repeated out_of_paper told nobody anything
                refused = await kiosk.request("report_printer", state="on fire")
                assert refused["type"] == "error" and refused["code"] == "malformed"
            gone = await admin.wait_for("device", lambda e: e["device"]["id"] == "kiosk-1")
            assert gone["device"]["connected"] is False and gone["device"]["printer"] == "ok"
        async with hall.session("admin-1") as admin:
            kiosk = next(d for d in admin.welcome["snapshot"]["devices"] if d["id"] == "kiosk-1")
            assert kiosk["connected"] is False and kiosk["since"] and kiosk["printer"] == "ok"
    hall.run(scenario())
