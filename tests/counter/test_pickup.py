"""A citizen collects a result: the pickup ticket's dossier is at hand, and returned in one key."""
import asyncio

from tests.counter.console_driver import Listener, running_console, until
from tests.screen_text import visible_labels
from tests.support import device_session

DOSSIER = "000.00.16.G04-261129-0042"


def test_completing_a_pickup_offers_its_dossier_returned_in_one_key(hall_server):
    asyncio.run(pickup(hall_server))


async def pickup(server):
    async with device_session(server, "integration", "integration-1") as integration, \
            device_session(server, "kiosk", "kiosk-1") as kiosk:
        await integration.request("upsert_dossier", code=DOSSIER, applicant="Trần Thị Bích Ngọc", service="HT",
                                  due_at="2026-12-03", status="ready", counter=4)
        ticket = (await kiosk.request("issue_ticket", service="TKQ", dossier=DOSSIER))["ticket"]["number"]
    async with device_session(server, "display", "screen-1") as display_session, \
            running_console(server.url, "counter-4", server.token("counter-4")) as console:
        display = Listener(display_session)
        await console.key("f1")
        await until(lambda: console.text("number") == ticket, what=f"{ticket} called")
        assert f"Hồ sơ {DOSSIER}" in console.text("ticket_details")

        await console.key("f9")  # the dossier dialog: the ticket's dossier already filled in and found
        await console.dialog_opened("the dossier dialog")
        ids = console.dialog_ids()
        assert ids.first.text == DOSSIER
        await until(lambda: "Trần Thị Bích Ngọc" in ids.dossier_info.text, what="the dossier shown")
        assert "Đã có kết quả" in ids.dossier_info.text and not ids.returned.disabled
        await console.key("escape")
        await until(lambda: console.app.dialog is None, what="the dialog closed")

        await console.key("f4")  # complete: the dossier is offered to be marked returned
        await until(lambda: console.ids.returned.opacity == 1 and console.enabled("returned"),
                    what="the offer to mark it returned")
        assert "Đã trả kết quả" in [label.text for label in visible_labels(console.ids.returned)]
        assert console.text("service_name") == f"Hồ sơ {DOSSIER}"
        await console.screenshot("9-pickup-completed")

        await console.key("enter")  # one key
        returned = await display.wait_for("dossier", dossier__code=DOSSIER, dossier__status="returned")
        assert returned["dossier"]["code"] == DOSSIER
        await until(lambda: console.ids.returned.opacity == 0, what="the offer gone")
        assert f"Hồ sơ {DOSSIER}: đã trả kết quả" in console.text("feedback")
        assert "Nhấn Gọi số tiếp" in console.text("idle_hint")
        display.close()
