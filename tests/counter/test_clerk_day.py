"""A clerk's day at counter 1, on the real console against a real server, as a hall screen hears it."""
import asyncio
import os
import signal
from datetime import date, timedelta

from tests.counter.console_driver import Listener, Window, running_console, until
from tests.screen_text import window_title
from tests.support import ws_session

DOSSIER = "000.00.16.G04-261129-0031"


def test_a_clerks_day(hall_server):
    asyncio.run(clerks_day(hall_server))


async def clerks_day(hall_server):
    url = hall_server.url
    async with ws_session(url, "kiosk", "kiosk-1", hall_server.token("kiosk-1")) as kiosk:
        for _ in range(4):
            await kiosk.request("issue_ticket", service="DD")  # 1001..1004
        await kiosk.request("issue_ticket", service="HT", category="elderly")  # 2001, priority: called first
    async with ws_session(url, "display", "screen-1", hall_server.token("screen-1")) as display_session, \
            running_console(url, "counter-1", hall_server.token("counter-1")) as console:
        display = Listener(display_session)
        await morning(console, display)
        await transfers_and_refusals(console, display)
        await pause_and_resume(console, display)
        await dossiers(console, display)
        display.close()
        await server_restart(console, hall_server)
        await action_in_flight_across_restart(console, hall_server)


async def morning(console, display):
    assert window_title() == "Xếp hàng — Máy tính quầy (counter-1)"
    assert console.text("counter_title") == "Quầy 1"
    assert console.text("services") == "Đất đai · Hộ tịch"
    assert "5" in console.text("waiting_total")
    assert console.text("number") == "—"
    assert console.enabled("next") and not console.enabled("recall") and not console.enabled("complete")
    await console.screenshot("1-idle")

    await console.press("next")  # by touch
    await until(lambda: console.text("number") == "2001", what="2001 called")
    assert console.ids.priority.opacity == 1
    assert "ĐANG GỌI" in console.text("card_title")
    assert console.text("service_name") == "Hộ tịch"
    assert console.text("priority").endswith("Người cao tuổi[/size]") and "Đã chờ" in console.text("ticket_details")
    assert "Đã gọi số 2001" in console.text("feedback")
    assert not console.enabled("next") or console.enabled("recall")
    await display.wait_for("called", ticket__number="2001", counter=1, recall=False)
    await console.screenshot("2-called")

    await console.key("f2")  # recall
    await display.wait_for("called", ticket__number="2001", recall=True)
    await until(lambda: "Đã gọi lại 1 lần" in console.text("ticket_details"), what="recall shown")

    await console.key("f5")  # no-show, allowed after one recall in the test hall
    await until(lambda: console.text("number") == "—", what="no-show clears the card")
    await display.wait_for("counter", counter=1, serving=None)
    await console.settled()
    assert "vắng mặt" in console.text("feedback")

    await console.key("spacebar")  # next
    await until(lambda: console.text("number") == "1001", what="1001 called")
    await console.key("f3")  # start
    await until(lambda: "ĐANG PHỤC VỤ" in console.text("card_title"), what="serving")
    assert not console.enabled("recall") and console.enabled("complete")
    await console.screenshot("3-serving")
    await console.key("f4")  # complete
    await until(lambda: console.text("number") == "—", what="complete clears the card")
    assert "]1[/size]" in console.text("served_today")
    await display.wait_for("counter", counter=1, served_today=1)

    await console.settled()
    console.touch(console.ids.next)
    console.touch(console.ids.next)  # a double click: one request, one call (checked at the next event)
    await display.wait_for("called", ticket__number="1002")
    await until(lambda: console.text("number") == "1002", what="1002 on the console")


async def transfers_and_refusals(console, display):
    await console.key("f6")  # transfer 1002 to Hộ tịch, typed
    await console.dialog_opened("transfer dialog")
    await console.screenshot("4-transfer")
    console.type_into(console.dialog_ids().first, "ht")
    await console.key("enter")
    await until(lambda: console.app.dialog is None, what="transfer dialog closed")
    assert console.text("number") == "—"
    await display.wait_for("queue", service="HT", waiting=1)
    # The double click before: had it sent a second call_next, 1003 would have been called before this event.
    assert [e["ticket"]["number"] for e in display.of("called")][-1] == "1002"
    assert "Đã chuyển số 1002" in console.text("feedback")

    await console.key("f1")
    called = await until(lambda: console.text("number") if console.text("number") != "—" else None,
                         what="the next ticket called")
    assert called in ("1002", "1003")  # 1002 waits again in Hộ tịch, which counter 1 serves too
    await console.key("f6")  # transfer to counter 2, by touch
    await console.dialog_opened("transfer dialog")
    counter_2 = next(b for b in console.dialog_ids().counter_buttons.children if "2" in b.text)
    console.touch(counter_2)
    await until(lambda: console.app.dialog is None, what="transfer dialog closed")
    await display.wait_for("counter", counter=1, serving=None)

    await console.key("f7")  # call a number nobody holds: the server's refusal, in both languages
    await console.dialog_opened("call-number dialog")
    console.type_into(console.dialog_ids().first, "1999")
    await console.key("enter")
    await until(lambda: console.app.feedback.error, what="refusal")
    refusal = console.app.feedback.text
    assert "1999" in refusal.vi and refusal.en
    await console.screenshot("5-refused")
    await console.key("escape")
    await until(lambda: console.app.dialog is None, what="dialog closed by Esc")
    assert console.app.root is not None  # Esc closed the dialog, not the console
    assert refusal.vi in console.text("feedback")

    await console.key("f7")
    await console.dialog_opened("call-number dialog")
    console.type_into(console.dialog_ids().first, "1004")
    console.touch(console.dialog_ids().call)
    await until(lambda: console.text("number") == "1004", what="1004 called out of turn")
    await display.wait_for("called", ticket__number="1004", counter=1)
    await console.press("complete")  # straight from called: the citizen came, no need for Start
    await until(lambda: console.text("number") == "—", what="1004 completed")


async def pause_and_resume(console, display):
    await console.key("f8")
    await until(lambda: "Tạm nghỉ" in console.text("counter_state"), what="paused")
    await display.wait_for("counter", counter=1, state="paused")
    await console.settled()
    assert not console.enabled("next") and console.ids.pause.action == "resume" and console.enabled("pause")
    calls = len(display.of("called"))
    await console.key("f1")  # disabled: nothing happens (and no Kivy settings panel either)
    await console.screenshot("6-paused")
    assert Window.children == [console.app.root]
    await console.key("f8")
    await until(lambda: "Đang mở" in console.text("counter_state"), what="resumed")
    await display.wait_for("counter", counter=1, state="open")
    assert len(display.of("called")) == calls


async def dossiers(console, display):
    due = date.today() + timedelta(days=4)
    await console.key("f9")
    await console.dialog_opened("dossier dialog")
    ids = console.dialog_ids()
    console.type_into(ids.first, DOSSIER)
    console.type_into(ids.applicant, "Trần Thị Bích Ngọc")
    console.type_into(ids.due_at, due.strftime("%d/%m/%Y"))
    await console.key("f2")  # register
    await until(lambda: "Đã tiếp nhận" in ids.dossier_info.text, what="dossier registered")
    assert "Trần Thị Bích Ngọc" in ids.dossier_info.text and due.strftime("%d/%m/%Y") in ids.dossier_info.text
    assert ids.returned.disabled and not ids.ready.disabled

    await console.key("f3")  # ready for pickup
    ready = await display.wait_for("dossier", dossier__code=DOSSIER, dossier__status="ready")
    assert ready["dossier"]["applicant"] != "Trần Thị Bích Ngọc"  # the hall screen gets the masked name
    await until(lambda: "Đã có kết quả" in ids.dossier_info.text, what="ready shown")
    await console.screenshot("7-dossier-ready")

    console.type_into(ids.first, DOSSIER.lower())  # search by code: staff see the full name
    await console.key("enter")
    await until(lambda: console.app.feedback.text and "Hồ sơ" in console.app.feedback.text.vi, what="lookup")
    assert "Trần Thị Bích Ngọc" in ids.dossier_info.text

    await console.key("f4")  # the citizen collected it
    await display.wait_for("dossier", dossier__code=DOSSIER, dossier__status="returned")
    await until(lambda: "Đã trả kết quả" in ids.dossier_info.text, what="returned shown")
    assert ids.ready.disabled and ids.returned.disabled
    await console.key("escape")
    await until(lambda: console.app.dialog is None, what="dossier dialog closed")


async def server_restart(console, hall_server):
    await console.key("f1")
    called = await until(lambda: console.text("number") if console.text("number") != "—" else None,
                         what="the last ticket called")
    hall_server.kill()
    await until(lambda: "Mất kết nối" in console.text("banner"), what="offline banner")
    assert not any(console.enabled(name) for name in ("next", "recall", "complete", "dossiers", "pause"))
    await console.key("f4")  # disabled while offline
    await console.screenshot("8-offline")
    hall_server.start()
    await until(lambda: console.text("banner") == "", timeout=10, what="reconnected")
    assert console.text("number") == called and "ĐANG GỌI" in console.text("card_title")
    assert console.enabled("recall")


async def action_in_flight_across_restart(console, hall_server):
    """Complete sent to a frozen server, which then dies: resent with the same id, done exactly once."""
    served = console.app.view.me.served_today
    os.kill(hall_server.process.pid, signal.SIGSTOP)
    await console.press("complete")
    await until(lambda: console.app.busy, what="request in flight")
    assert not console.enabled("next") and not console.enabled("complete")
    console.touch(console.ids.complete)  # impatient clerk: ignored while in flight
    console.key_now("f4")
    hall_server.kill()
    hall_server.start()
    await until(lambda: not console.app.busy, timeout=10, what="the answer after the restart")
    assert console.app.view.me.served_today == served + 1
    assert console.text("number") == "—"
    async with ws_session(hall_server.url, "display", "screen-2", hall_server.token("screen-2")) as display:
        counter_1 = next(c for c in display.welcome["snapshot"]["counters"] if c["number"] == 1)
        assert counter_1.get("served_today") == served + 1 and counter_1.get("serving") is None
