"""The real kiosk app, offscreen, against a real queue server and a virtual network printer: every path
a citizen or a fault can take, tapped through with simulated touches."""
import asyncio
import os
import signal

from pyzbar.pyzbar import decode as decode_qr

from kiosk import flow as kiosk_flow
from kiosk.ticket import ticket_content
from printers.ticket import render_ticket
from queue_protocol.durations import NO_COUNTER_OPEN, NO_WAIT
from tests.developer_keys import press_developer_keys
from tests.kiosk.conftest import kiosk_config, run_kiosk, unplug_after_issue
from tests.screen_text import window_title
from tests.support import TEST_HALL, ws_session

READY = "000.00.16.G04-261120-0020"
PROCESSING = "000.00.16.G04-261125-0031"
UNKNOWN = "000.00.16.G04-261120-0099"


def waiting(server) -> int:
    return server.health()["waiting"]


def printed_qr(printer) -> list[str]:
    """What the QR code on each ticket the printer received says: the raster decoded from the bytes."""
    return [decode_qr(image.convert("L"))[0].data.decode() for image in printer.printer.ticket_images()]


def hall_with(tmp_path, service: str, line: str):
    """The test hall with one more setting for one service."""
    text = TEST_HALL.read_text(encoding="utf-8").replace(f'code = "{service}"\n', f'code = "{service}"\n{line}\n')
    path = tmp_path / "hall.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_home_shows_the_hall_and_every_open_service(hall_server, printer):
    async def scenario(kiosk):
        await kiosk.until_screen("home")
        texts = kiosk.texts()
        assert texts[0] == "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG HẢI CHÂU"
        assert window_title() == "Xếp hàng — Ki-ốt (kiosk-1)"
        for name in ("Đất đai", "Hộ tịch", "Đăng ký kinh doanh", "Chứng thực", "Land", "Civil status"):
            assert name in texts
        assert "Trả kết quả" not in texts  # reached through the pickup button, not a service button
        assert kiosk.shows("NHẬN KẾT QUẢ HỒ SƠ")
        # Nobody serves it yet: no made-up wait. Then counter 1 (Đất đai, Hộ tịch) opens.
        assert kiosk.button("Đất đai").detail == "Đang chờ 0 · chưa có quầy phục vụ"
        async with ws_session(hall_server.url, "counter", "counter-1", "token-counter-1") as clerk:
            assert (await clerk.request("open_counter"))["type"] == "ok"
        await kiosk.until(lambda: kiosk.button("Đất đai").detail == "Không phải chờ", what="Đất đai served")
        assert kiosk.button("Chứng thực").detail2 == "0 waiting · no counter open"
        kiosk.tap("English")
        await kiosk.until(lambda: kiosk.shows("Please choose a service  ·  Xin mời chọn lĩnh vực"))
        await kiosk.until(lambda: any(b.title == "Land" for b in kiosk.buttons()), what="English buttons")
        assert kiosk.button("Land").subtitle == "Đất đai" and kiosk.shows("No wait")

    run_kiosk(kiosk_config(hall_server, printer), scenario)


def test_regular_ticket_is_issued_printed_shown_then_home(hall_server, printer):
    day = hall_server.health()["day"]

    async def scenario(kiosk):
        await kiosk.until_screen("home")
        kiosk.tap("Đất đai")
        await kiosk.until_screen("priority")
        assert kiosk.button("Người cao tuổi").subtitle == "Older person · 60+"  # the hall's categories
        kiosk.tap("Phiếu thường")
        await kiosk.until_screen("issued")
        assert "1001" in kiosk.texts() and kiosk.shows("Vui lòng nhận phiếu")
        assert printed_qr(printer) == [f"XEPHANG|{day}|DD|1001"]
        assert printer.printer.received.endswith(b"\x1dV\x42\x00") or printer.printer.tickets[0][-1].name == "cut"
        await kiosk.until_screen("home", timeout=5)  # after result_s
        await kiosk.until(lambda: kiosk.button("Đất đai").detail.startswith("Đang chờ 1 "), what="the new count")

    run_kiosk(kiosk_config(hall_server, printer, result_s=1.0), scenario)
    assert waiting(hall_server) == 1


def test_a_ticket_nobody_serves_yet_says_so_on_screen_and_on_paper(hall_server, printer):
    async def scenario(kiosk):
        await kiosk.until_screen("home")
        kiosk.tap("Chứng thực")  # no priority question there; its counter 3 is closed
        await kiosk.until(lambda: kiosk.screen == "issued" and kiosk.app.flow.printed, what="the ticket printed")
        assert kiosk.shows("Bạn là người tiếp theo · chưa có quầy phục vụ")
        assert kiosk.shows("You are next · no counter open")
        app = kiosk.app
        said = ticket_content(app.view.hall, app.view.services["CT"], app.flow.ticket, NO_COUNTER_OPEN)
        [printed] = printer.printer.ticket_images()
        assert printed.tobytes() == render_ticket(said, printed.width).tobytes()   # the same words on paper

    run_kiosk(kiosk_config(hall_server, printer), scenario)


def test_no_wait_reads_the_same_on_the_button_the_number_screen_and_the_paper(hall_server, printer):
    async def scenario(kiosk):
        await kiosk.until_screen("home")
        async with ws_session(hall_server.url, "counter", "counter-1", "token-counter-1") as clerk:
            assert (await clerk.request("open_counter"))["type"] == "ok"
        await kiosk.until(lambda: kiosk.button("Đất đai").detail == "Không phải chờ", what="Đất đai served")
        assert kiosk.button("Đất đai").detail2 == "No wait"
        kiosk.tap("Đất đai")
        await kiosk.until_screen("priority")
        kiosk.tap("Phiếu thường")
        await kiosk.until(lambda: kiosk.screen == "issued" and kiosk.app.flow.printed, what="the ticket printed")
        assert kiosk.shows("Bạn là người tiếp theo · không phải chờ") and kiosk.shows("You are next · no wait")
        app = kiosk.app
        said = ticket_content(app.view.hall, app.view.services["DD"], app.flow.ticket, NO_WAIT)
        [printed] = printer.printer.ticket_images()
        assert printed.tobytes() == render_ticket(said, printed.width).tobytes()   # "Không phải chờ" on paper

    run_kiosk(kiosk_config(hall_server, printer), scenario)


def screens_shown(kiosk) -> list[str]:
    """Every screen the kiosk goes to from now on."""
    shown = []
    kiosk.app.root.bind(current=lambda manager, name: shown.append(name))
    return shown


def test_a_quick_ticket_goes_straight_to_its_number(hall_server, printer, monkeypatch):
    """The printing screen would only flash (and slow the ticket down): it is left out when printing is quick."""
    monkeypatch.setattr(kiosk_flow, "PRINTING_SCREEN_AFTER_S", 30.0)  # "quick", however busy the test machine

    async def scenario(kiosk):
        await kiosk.until_screen("home")
        kiosk.tap("Đất đai")
        await kiosk.until_screen("priority")
        shown = screens_shown(kiosk)
        kiosk.tap("Phiếu thường")
        await kiosk.until_screen("issued")
        assert shown == ["issued"] and len(printer.printer.tickets) == 1

    run_kiosk(kiosk_config(hall_server, printer), scenario)


def test_a_slow_printer_shows_the_printing_screen(hall_server, printer, monkeypatch):
    monkeypatch.setattr(kiosk_flow, "PRINTING_SCREEN_AFTER_S", 0.05)  # well inside the printer's 0.5 s timeout

    async def scenario(kiosk):
        await kiosk.until_screen("home")
        kiosk.tap("Đất đai")
        await kiosk.until_screen("priority")
        shown = screens_shown(kiosk)
        printer.printer.status = "silent"  # the status check now waits its whole timeout (0.5 s)
        kiosk.tap("Phiếu thường")
        await kiosk.until(lambda: kiosk.screen == "out_of_service", what="the printer fault")
        assert shown == ["printing", "out_of_service"]

    run_kiosk(kiosk_config(hall_server, printer, printer_retry_s=30), scenario)


def test_priority_ticket_of_a_category(hall_server, printer):
    async def scenario(kiosk):
        await kiosk.until_screen("home")
        kiosk.tap("Hộ tịch")
        await kiosk.until_screen("priority")
        assert kiosk.shows("[b]Phiếu ưu tiên[/b]  ·  Priority ticket")
        kiosk.tap("Người khuyết tật")
        await kiosk.until_screen("issued")
        assert "2001" in kiosk.texts() and kiosk.shows("Hộ tịch  ·  Người khuyết tật")
        assert kiosk.app.flow.ticket.category == "disability"

    run_kiosk(kiosk_config(hall_server, printer), scenario)
    assert len(printer.printer.tickets) == 1


def test_a_hall_without_categories_has_one_priority_button(make_hall_server, printer, tmp_path):
    hall = tmp_path / "hall.toml"
    hall.write_text("priority_categories = []\n" + TEST_HALL.read_text(encoding="utf-8"), encoding="utf-8")
    server = make_hall_server(config=hall)

    async def scenario(kiosk):
        await kiosk.until_screen("home")
        kiosk.tap("Hộ tịch")
        await kiosk.until_screen("priority")
        assert [b.title for b in kiosk.buttons()] == ["Phiếu thường", "Phiếu ưu tiên", "‹  Quay lại"]
        assert kiosk.shows("Người cao tuổi từ 60 tuổi")
        kiosk.tap("Phiếu ưu tiên")
        await kiosk.until_screen("issued")
        assert "2001" in kiosk.texts() and kiosk.shows("Hộ tịch  ·  Phiếu ưu tiên")
        assert kiosk.app.flow.ticket.category is None and kiosk.app.flow.ticket.priority

    run_kiosk(kiosk_config(server, printer), scenario)


def test_double_tap_issues_one_ticket(hall_server, printer):
    async def scenario(kiosk):
        await kiosk.until_screen("home")
        tile = kiosk.button("Chứng thực")  # no priority: the tap issues at once
        kiosk.tap(tile)
        kiosk.tap(tile)
        await kiosk.until_screen("issued")
        kiosk.app.go_home()
        await kiosk.until_screen("home")
        kiosk.tap("Đất đai")
        await kiosk.until_screen("priority")
        regular = kiosk.button("Phiếu thường")
        kiosk.tap(regular)
        kiosk.tap(regular)
        await kiosk.until_screen("issued")
        await kiosk.frames(10)

    run_kiosk(kiosk_config(hall_server, printer), scenario)
    assert waiting(hall_server) == 2
    assert len(printer.printer.tickets) == 2


def test_a_new_screen_ignores_the_second_tap_of_a_double_tap(hall_server, printer):
    async def scenario(kiosk):
        await kiosk.until_screen("home")
        kiosk.tap("Đất đai")
        await kiosk.until(lambda: kiosk.screen == "priority", touchable=False)
        kiosk.tap("Phiếu thường")  # the second tap of a quick double tap on the tile lands here
        await kiosk.until(lambda: kiosk.screen == "priority", what="the question, taking touches again")
        kiosk.tap("Người cao tuổi")  # the citizen answers it
        await kiosk.until_screen("issued")
        assert "1001" in kiosk.texts() and kiosk.shows("Đất đai  ·  Người cao tuổi")

    run_kiosk(kiosk_config(hall_server, printer, touch_guard_s=1.0), scenario)
    assert waiting(hall_server) == 1 and len(printer.printer.tickets) == 1


def test_pickup_unknown_not_ready_ready_and_ready_again(hall_server, printer):
    async def add_dossiers():
        async with ws_session(hall_server.url, "integration", "integration-1",
                              hall_server.token("integration-1")) as hub:
            for code, status in ((READY, "ready"), (PROCESSING, "processing")):
                reply = await hub.request("upsert_dossier", code=code, applicant="Nguyễn Văn An", service="DD",
                                          due_at="2026-12-02", status=status)
                assert reply["type"] == "ok", reply

    asyncio.run(add_dossiers())

    async def scenario(kiosk):
        await kiosk.until_screen("home")
        kiosk.tap(kiosk.app.screen("home").ids.pickup_button)
        await kiosk.until_screen("pickup")
        for key in UNKNOWN:  # typed on the on-screen keyboard
            kiosk.tap(key)
        assert kiosk.app.screen("pickup").code == UNKNOWN
        kiosk.tap("Tra cứu")
        await kiosk.until_screen("notice")
        assert kiosk.shows("Không tìm thấy hồ sơ") and kiosk.shows("Dossier not found")
        assert not kiosk.shows(UNKNOWN)  # what was typed is not said back
        kiosk.tap("Về trang chủ")
        await kiosk.until_screen("home")
        kiosk.tap(kiosk.app.screen("home").ids.pickup_button)
        await kiosk.until_screen("pickup")
        kiosk.type(PROCESSING + "\n")  # a USB scanner types the code and Enter
        await kiosk.until_screen("notice")
        assert kiosk.shows("Đang giải quyết\nNgày hẹn trả: 02/12/2026")
        kiosk.app.go_home()
        await kiosk.until_screen("home")
        kiosk.type(READY + "\n")  # scanned at the home screen
        await kiosk.until_screen("issued")
        assert "9001" in kiosk.texts() and kiosk.shows("Trả kết quả")
        kiosk.app.go_home()
        await kiosk.until_screen("home")
        kiosk.type(READY + "\n")  # the same dossier again, while its number waits
        await kiosk.until_screen("notice")
        assert kiosk.shows("Hồ sơ đã có số thứ tự")
        assert kiosk.shows("Hồ sơ này đã có số 9001. Vui lòng chờ gọi số trên màn hình.")
        assert kiosk.shows("This dossier already has number 9001. Please wait for it to be called on the screen.")

    run_kiosk(kiosk_config(hall_server, printer), scenario)
    assert printed_qr(printer) == [READY]


def test_out_of_paper_issues_nothing_and_recovers_by_itself(hall_server, printer):
    printer.printer.status = "no-paper"
    told = []  # what the hall manager's side (the admin role) hears of this kiosk's printer

    async def scenario(kiosk):
        async with ws_session(hall_server.url, "admin", "admin-1", hall_server.token("admin-1")) as admin:
            known = {d["id"]: d.get("printer") for d in admin.welcome["snapshot"]["devices"]}

            async def heard(state):
                if known.pop("kiosk-1", None) != state:  # the first report may come before the admin connects
                    await admin.wait_for("device", lambda e: e["device"].get("printer") == state, timeout=10)
                told.append(state)
            await kiosk.until_screen("out_of_service")  # the check at start already finds it
            await kiosk.until(lambda: kiosk.shows("Máy in hết giấy"))
            assert kiosk.shows("Tạm ngừng phục vụ") and kiosk.shows("Cán bộ: kiểm tra máy in")
            await heard("out_of_paper")
            printer.printer.status = "ok"
            await kiosk.until_screen("home")
            await heard("ok")
            kiosk.tap("Đất đai")
            await kiosk.until_screen("priority")
            printer.printer.status = "offline"
            kiosk.tap("Phiếu thường")
            await kiosk.until(lambda: kiosk.screen == "out_of_service" and kiosk.shows("Máy in đang ngừng hoạt động"))
            assert waiting(hall_server) == 0  # no ticket issued on a printer that cannot print it
            await heard("offline")
            printer.printer.status = "near-end"
            await kiosk.until_screen("home")
            await kiosk.until(lambda: kiosk.shows("Máy in sắp hết giấy"), what="the staff notice")
            await heard("paper_near_end")

    run_kiosk(kiosk_config(hall_server, printer), scenario)
    assert printer.printer.tickets == []
    assert told == ["out_of_paper", "ok", "offline", "paper_near_end"]


def test_silent_printer_is_out_of_service(hall_server, printer):
    printer.printer.status = "silent"

    async def scenario(kiosk):
        await kiosk.until(lambda: kiosk.screen == "out_of_service" and kiosk.shows("Máy in không phản hồi"))
        assert kiosk.button("Thử lại")

    run_kiosk(kiosk_config(hall_server, printer, printer_retry_s=30), scenario)


def test_print_failure_keeps_the_number_and_reprints(hall_server, printer):
    async def scenario(kiosk):
        await kiosk.until_screen("home")
        unplug_after_issue(kiosk.app, printer)
        kiosk.tap("Chứng thực")
        await kiosk.until(lambda: kiosk.screen == "issued" and kiosk.shows("Chưa in được phiếu"))
        assert "3001" in kiosk.texts()
        assert waiting(hall_server) == 1  # the ticket stays in the queue
        assert kiosk.shows("Không kết nối được máy in")
        printer.plug()
        kiosk.tap("In lại")
        await kiosk.until(lambda: kiosk.shows("Vui lòng nhận phiếu"))
        assert "3001" in kiosk.texts()

    run_kiosk(kiosk_config(hall_server, printer), scenario)
    assert printed_qr(printer)[-1].endswith("|CT|3001") and len(printer.printer.tickets) == 1
    assert waiting(hall_server) == 1


def test_server_unreachable_then_back(hall_server, printer):
    async def scenario(kiosk):
        await kiosk.until_screen("home")
        hall_server.kill()  # as in a power cut
        await kiosk.until(lambda: kiosk.screen == "out_of_service" and kiosk.shows("Mất kết nối"))
        assert kiosk.shows("Kiosk sẽ tự hoạt động lại khi có kết nối.")
        hall_server.start()
        await kiosk.until_screen("home", timeout=10)
        kiosk.tap("Chứng thực")
        await kiosk.until_screen("issued")

    run_kiosk(kiosk_config(hall_server, printer), scenario)


def test_retry_after_no_answer_reuses_the_request_id(hall_server, printer):
    async def scenario(kiosk):
        await kiosk.until_screen("home")
        os.kill(hall_server.process.pid, signal.SIGSTOP)  # the server hangs: no answer
        try:
            kiosk.tap("Chứng thực")
            await kiosk.until(lambda: kiosk.screen == "out_of_service" and kiosk.shows("Đang chờ máy chủ để cấp số"))
        finally:
            os.kill(hall_server.process.pid, signal.SIGCONT)
        await kiosk.until_screen("issued", timeout=10)
        assert "3001" in kiosk.texts()

    run_kiosk(kiosk_config(hall_server, printer, request_timeout_s=0.5), scenario)
    assert waiting(hall_server) == 1 and len(printer.printer.tickets) == 1


def test_daily_cap_refusal_shows_the_servers_text(make_hall_server, printer, tmp_path):
    server = make_hall_server(config=hall_with(tmp_path, "CT", "daily_cap = 1"))

    async def scenario(kiosk):
        await kiosk.until_screen("home")
        kiosk.tap("Chứng thực")
        await kiosk.until_screen("issued")
        kiosk.app.go_home()
        await kiosk.until_screen("home")
        kiosk.tap("Chứng thực")
        await kiosk.until_screen("notice")
        assert kiosk.shows("Không cấp được số")
        assert kiosk.shows("đã hết số trong ngày hôm nay (1 số)")

    run_kiosk(kiosk_config(server, printer), scenario)
    assert len(printer.printer.tickets) == 1


def test_a_service_the_hall_manager_closes_for_the_day_turns_grey_at_once(hall_server, printer):
    async def scenario(kiosk):
        await kiosk.until_screen("home")
        assert kiosk.button("Hộ tịch").enabled
        async with ws_session(hall_server.url, "admin", "admin-1", "token-admin-1") as admin:  # as the dashboard does
            reply = await admin.request("set_service_open", service="HT", open=False, by="quanly")
            assert reply["type"] == "ok", reply
        await kiosk.until(lambda: not kiosk.button("Hộ tịch").enabled, what="Hộ tịch closed")
        tile = kiosk.button("Hộ tịch")
        assert (tile.detail, tile.detail2) == ("Hôm nay đã ngừng cấp số", "No more numbers today")
        kiosk.tap(tile)
        await kiosk.frames(3)
        assert kiosk.screen == "home" and kiosk.button("Đất đai").enabled

    run_kiosk(kiosk_config(hall_server, printer), scenario)
    assert waiting(hall_server) == 0


def test_closed_service_and_closed_hall(make_hall_server, printer, tmp_path):
    evening = make_hall_server(clock_start="2026-11-30T19:00:00")

    async def one_closed(kiosk):
        await kiosk.until_screen("home")
        tile = kiosk.button("Chứng thực")
        assert not tile.enabled and tile.detail == "Đã hết giờ · mở 07:30–11:30, 13:30–17:00"
        kiosk.tap(tile)
        await kiosk.frames(3)
        assert kiosk.screen == "home"

    run_kiosk(kiosk_config(evening, printer), one_closed)
    evening.stop()

    closed_hall = tmp_path / "closed"
    closed_hall.mkdir()
    config = TEST_HALL.read_text(encoding="utf-8").replace(
        'name_en = "Land"', 'name_en = "Land"\nhours = ["07:30-11:30"]').replace(
        'name_en = "Civil status"', 'name_en = "Civil status"\nhours = ["07:30-11:30"]').replace(
        'prefix = "A"', 'prefix = "A"\nhours = ["13:30-17:00"]')
    (closed_hall / "hall.toml").write_text(config, encoding="utf-8")
    night = make_hall_server(config=closed_hall / "hall.toml", clock_start="2026-11-30T19:00:00")

    async def all_closed(kiosk):
        await kiosk.until_screen("home")
        await kiosk.until(lambda: kiosk.shows("Giờ làm việc"))
        assert kiosk.shows("Ngoài giờ làm việc") and "07:30–11:30" in kiosk.texts()
        assert not any(b.title == "Đất đai" for b in kiosk.buttons())

    run_kiosk(kiosk_config(night, printer), all_closed)


def test_left_alone_the_kiosk_returns_home_in_vietnamese(hall_server, printer):
    async def scenario(kiosk):
        await kiosk.until_screen("home")
        kiosk.tap("English")
        kiosk.tap(kiosk.app.screen("home").ids.pickup_button)
        await kiosk.until_screen("pickup")
        assert kiosk.app.lang == "en"
        await kiosk.until(lambda: kiosk.screen == "home" and kiosk.app.lang == "vi", timeout=5)
        kiosk.tap("English")  # a citizen chooses English, then leaves without a ticket
        await kiosk.until(lambda: kiosk.shows("Please choose a service  ·  Xin mời chọn lĩnh vực"))
        await kiosk.until(lambda: kiosk.shows("Xin mời chọn lĩnh vực  ·  Please choose a service"), timeout=5)
        assert kiosk.screen == "home" and kiosk.button("Đất đai").subtitle == "Land"

    run_kiosk(kiosk_config(hall_server, printer, idle_timeout_s=1.5), scenario)


def test_landscape_fits_the_window(hall_server, printer):
    async def scenario(kiosk):
        await kiosk.until_screen("home")
        assert kiosk.app.landscape
        for button in kiosk.buttons():
            x, y = button.to_window(*button.pos)
            assert 0 <= x and x + button.width <= 960 and 0 <= y and y + button.height <= 540, button.title

    run_kiosk(kiosk_config(hall_server, printer, window="960x540"), scenario)


def test_a_keyboard_on_the_kiosk_opens_no_settings_panel_and_closes_nothing(hall_server, printer):
    async def scenario(kiosk):
        await kiosk.until_screen("home")
        await press_developer_keys(lambda: kiosk.frames(3))
        assert kiosk.screen == "home" and kiosk.shows("NHẬN KẾT QUẢ HỒ SƠ")

    run_kiosk(kiosk_config(hall_server, printer), scenario)
