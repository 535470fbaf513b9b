"""The citizen's ID card at the real kiosk, offscreen, against a real server and a virtual network printer,
scanned as a keyboard-mode scanner types it (the QR line, then Enter): at home for a ticket ("Người cao tuổi"
proposed first for a 75-year-old), past the per-person limit, and at "Nhận kết quả" for one's dossiers. What the
card says is on no screen, paper or log, and its number in no file or frame."""
import asyncio
import logging
import sqlite3
from dataclasses import replace
from datetime import date

import pytest

from kiosk.ticket import ticket_content
from printers.ticket import render_ticket
from queue_protocol.text import Text
from tests.kiosk.conftest import kiosk_config, run_kiosk
from tests.kiosk.test_kiosk_app import printed_qr
from tests.support import TEST_HALL, ws_session

PID, OTHER_PID = "001050012345", "079301004567"
NAME = "Nguyễn Văn An"
BORN = f"0101{date.today().year - 75}"  # 75 this year, whatever today is
CARD = f"{PID}|123456789|{NAME}|{BORN}|Nam|Thôn 1, Xã Hộ Hải, Ninh Hải, Ninh Thuận|15082021"
SECRETS = CARD.split("|")[:4] + ["Thôn 1", "15082021"]  # what no screen, paper or log may carry
HIS_READY, HIS_PROCESSING = "000.00.16.G04-261117-0041", "000.00.16.G04-261119-0042"
SOMEONE_ELSES, NOBODYS = "000.00.16.G04-261118-0051", "000.00.16.G04-261118-0052"
# Ten dossiers of one citizen, more than a screen holds in either orientation: six ready, four not.
MANY = [(f"000.00.16.G04-2611{day:02}-00{60 + day}", status, service) for day, status, service in (
    (1, "ready", "HT"), (2, "ready", "DD"), (3, "ready", "KD"), (4, "ready", "CT"), (5, "ready", "HT"),
    (6, "ready", "DD"), (7, "processing", "HT"), (8, "received", "DD"), (9, "needs_more_documents", "KD"),
    (10, "processing", "CT"))]


def stored_bytes(db_path) -> bytes:
    """The database and, while the server runs, its write-ahead log: everything SQLite keeps on disk."""
    return b"".join(path.read_bytes() for path in sorted(db_path.parent.glob(db_path.name + "*")))


def nothing_of_the_card(texts) -> list[str]:
    return [part for part in SECRETS if any(part in text for text in texts)]


async def scan_at(kiosk, seen: list) -> None:
    """The card, typed as the scanner types it; what the screen shows meanwhile goes to `seen`."""
    kiosk.type(CARD[:60])  # mid-scan: half of it in, no Enter yet
    await kiosk.frames(2)
    seen.extend(kiosk.texts())
    kiosk.type(CARD[60:] + "\n")


def test_a_75_year_olds_card_offers_nguoi_cao_tuoi_first_and_the_ticket_prints_it(hall_server, printer, caplog):
    caplog.set_level(logging.DEBUG)
    seen = []

    async def scenario(kiosk):
        home = kiosk.app.screen("home")
        await kiosk.until_screen("home")
        await scan_at(kiosk, seen)
        await kiosk.until(lambda: home.card, what="the card read")
        seen.extend(kiosk.texts())
        assert kiosk.shows("Đã đọc thẻ căn cước  ·  ID card read")
        assert kiosk.shows("Kiosk chỉ đọc số định danh và ngày sinh trên thẻ")  # what is read, why, how long
        assert kiosk.shows("the server keeps only a hash of the ID number, until the day ends")
        kiosk.tap("Đất đai")
        await kiosk.until_screen("priority")
        seen.extend(kiosk.texts())
        proposed = kiosk.app.screen("priority").ids.proposed
        assert proposed in kiosk.buttons() and (proposed.title, proposed.subtitle) == ("Người cao tuổi", "Older person")
        back = kiosk.app.screen("priority").ids.back
        others = [b for b in kiosk.buttons() if b not in (proposed, back)]
        assert {b.title for b in others} == {"Phiếu thường", "Người khuyết tật", "Phụ nữ mang thai",
                                             "Người nuôi con nhỏ", "Người có công với cách mạng"}
        top = proposed.to_window(*proposed.center)[1]
        assert all(b.to_window(*b.center)[1] < top for b in others)  # first: above every other answer
        kiosk.tap(proposed)  # one tap
        await kiosk.until(lambda: kiosk.screen == "issued" and kiosk.app.flow.printed, what="the ticket printed")
        seen.extend(kiosk.texts())
        assert "1001" in kiosk.texts() and kiosk.shows("Đất đai  ·  Người cao tuổi")
        assert kiosk.shows("Land  ·  Older person")
        app = kiosk.app
        ticket = app.flow.ticket
        assert (ticket.category, ticket.priority) == ("elderly", True)
        said = ticket_content(app.view.hall, app.view.services["DD"], ticket, app.flow.wait)
        assert said.category == Text("Người cao tuổi", "Older person")
        [printed] = printer.printer.ticket_images()
        assert printed.tobytes() == render_ticket(said, printed.width).tobytes()
        assert printed.tobytes() != render_ticket(replace(said, category=None), printed.width).tobytes()
        await kiosk.until(lambda: kiosk.screen == "home", timeout=5)  # after result_s
        assert not home.card and not kiosk.shows("Đã đọc thẻ căn cước")  # forgotten with its ticket

    run_kiosk(kiosk_config(hall_server, printer, result_s=1.0), scenario)
    assert nothing_of_the_card(seen) == []
    assert nothing_of_the_card([caplog.text, "".join(hall_server.server.output)]) == []
    with sqlite3.connect(hall_server.db_path) as db:
        [(category, person)] = db.execute("select category, person from tickets").fetchall()
    assert category == "elderly" and len(person) == 64 and PID not in person  # the card went with it, hashed


def test_a_third_ticket_past_the_per_person_limit_is_refused_and_the_next_citizen_is_not_counted_against_the_card(
        make_hall_server, printer, tmp_path):
    hall = tmp_path / "hall.toml"
    hall.write_text(TEST_HALL.read_text(encoding="utf-8") + "\n[fair_share]\ntickets_per_day = 2\n", encoding="utf-8")
    server = make_hall_server(config=hall)

    async def scenario(kiosk):
        home = kiosk.app.screen("home")
        for _ in range(2):
            await kiosk.until_screen("home")
            kiosk.type(CARD + "\n")
            await kiosk.until(lambda: home.card, what="the card read")
            kiosk.tap("Chứng thực")  # no priority question there: the tap takes the ticket
            await kiosk.until(lambda: kiosk.screen == "issued" and kiosk.app.flow.printed, what="a ticket")
            kiosk.app.go_home()
        await kiosk.until_screen("home")
        kiosk.type(CARD + "\n")
        await kiosk.until(lambda: home.card, what="the card read")
        kiosk.tap("Chứng thực")
        await kiosk.until_screen("notice")
        assert kiosk.shows("Đã lấy đủ số trong ngày") and kiosk.shows("Daily limit reached")
        assert kiosk.shows("Mỗi người chỉ được lấy 2 số trong một ngày; hôm nay quý vị đã lấy đủ 2 số.")
        assert kiosk.shows("Each person may take 2 number(s) a day; you have taken 2 today.")
        assert nothing_of_the_card(kiosk.texts()) == []
        kiosk.tap("Về trang chủ")  # the refused citizen leaves; the next one taps at once, with no card
        await kiosk.until_screen("home")
        assert not home.card and not kiosk.shows("Đã đọc thẻ căn cước")
        kiosk.tap("Chứng thực")
        await kiosk.until(lambda: kiosk.screen == "issued" and kiosk.app.flow.printed, what="the next one's ticket")
        assert "3003" in kiosk.texts()

    run_kiosk(kiosk_config(server, printer), scenario)
    assert len(printer.printer.tickets) == 3 and server.health()["waiting"] == 3
    with sqlite3.connect(server.db_path) as db:
        persons = [person for (person,) in db.execute("select person from tickets order by id")]
    assert persons[:2] == [persons[0]] * 2 and len(persons[0]) == 64
    assert persons[2] in (None, "")  # the next citizen's ticket is nobody's: not counted against the card


def test_pickup_by_card_lists_the_holders_dossiers_masked_and_the_id_number_goes_nowhere(hall_server, printer,
                                                                                        caplog):
    """After a ticket taken with the card and a pickup by card: the ID number in no label, log line, frame a
    hall screen received, nor the SQLite file and its write-ahead log, searched byte for byte."""
    caplog.set_level(logging.DEBUG)
    seen, frames = [], []

    async def send_dossiers():
        async with ws_session(hall_server.url, "integration", "integration-1",
                              hall_server.token("integration-1")) as hub:
            for code, status, personal_id in ((HIS_READY, "ready", PID), (HIS_PROCESSING, "processing", PID),
                                              (SOMEONE_ELSES, "ready", OTHER_PID), (NOBODYS, "ready", None)):
                reply = await hub.request("upsert_dossier", code=code, applicant=NAME, service="HT",
                                          due_at="2026-12-08", status=status, personal_id=personal_id)
                assert reply["type"] == "ok", reply

    asyncio.run(send_dossiers())
    caplog.clear()  # the test's own integration session logs its frames at DEBUG; the kiosk's are what count

    async def scenario(kiosk):
        async with ws_session(hall_server.url, "display", "screen-1", hall_server.token("screen-1")) as screen:
            home = kiosk.app.screen("home")
            await kiosk.until_screen("home")
            kiosk.type(CARD + "\n")  # a ticket taken with the card
            await kiosk.until(lambda: home.card, what="the card read")
            kiosk.tap("Chứng thực")
            await kiosk.until(lambda: kiosk.screen == "issued" and kiosk.app.flow.printed, what="its ticket")
            kiosk.app.go_home()
            await kiosk.until_screen("home")
            kiosk.tap(home.ids.pickup_button)
            await kiosk.until_screen("pickup")
            assert kiosk.shows("Hoặc quét thẻ căn cước để xem các hồ sơ của bạn")
            await scan_at(kiosk, seen)
            assert kiosk.app.screen("pickup").code == ""  # the scan is not typed into the code field
            await kiosk.until_screen("card")
            seen.extend(kiosk.texts())
            assert kiosk.shows("Hồ sơ của bạn") and kiosk.shows("Đã đọc thẻ căn cước")
            card_screen = kiosk.app.screen("card")
            [ready] = card_screen.ids.ready.children  # his one ready dossier, nobody else's
            assert ready.title == HIS_READY and ready.subtitle == "Hộ tịch · Civil status · Nguyễn V. A."
            [other] = card_screen.ids.others.children  # his dossier not ready yet: its status and due date
            assert other.text.startswith(f"[b]{HIS_PROCESSING}[/b]\nĐang giải quyết · hẹn trả 08/12/2026\n")
            assert other.text.endswith("[color=#607D8B]Being processed · due 08/12/2026[/color]")
            assert card_screen.ids.more.opacity == 0  # two dossiers: nothing below, no button saying so
            assert not any(code in text for text in kiosk.texts() for code in (SOMEONE_ELSES, NOBODYS))
            kiosk.tap(ready)
            await kiosk.until(lambda: kiosk.screen == "issued" and kiosk.app.flow.printed, what="the pickup ticket")
            seen.extend(kiosk.texts())
            assert "9001" in kiosk.texts() and kiosk.shows("Trả kết quả")
            assert stored_bytes(hall_server.db_path).count(PID.encode()) == 0  # the file and its -wal, live
            await screen.request("ping")  # answered after every event the kiosk's tickets caused
            frames.extend(screen.frames)

    run_kiosk(kiosk_config(hall_server, printer), scenario)
    assert printed_qr(printer)[1] == HIS_READY and len(printer.printer.tickets) == 2
    assert nothing_of_the_card(seen) == []
    assert len(frames) > 3 and any(HIS_READY in frame for frame in frames)  # the real ones
    assert nothing_of_the_card(frames) == []
    hall_server.stop()
    assert PID.encode() not in stored_bytes(hall_server.db_path)
    assert nothing_of_the_card([caplog.text, "".join(hall_server.server.output)]) == []


def fully_shown(item, scroll, more) -> bool:
    """Inside the list's window, and clear of the button over its foot when that shows."""
    bottom = item.to_window(item.x, item.y)[1]
    top = item.to_window(item.right, item.top)[1]
    floor = more.to_window(more.x, more.top)[1] if more.opacity else scroll.to_window(scroll.x, scroll.y)[1]
    return bottom >= floor - 1 and top <= scroll.to_window(scroll.x, scroll.top)[1] + 1


@pytest.mark.parametrize("window", ["540x960", "960x540"])
def test_ten_dossiers_scroll_each_is_reached_by_a_finger_and_a_ready_one_out_of_sight_gets_its_pickup_number(
        hall_server, printer, window):
    async def send_dossiers():
        async with ws_session(hall_server.url, "integration", "integration-1",
                              hall_server.token("integration-1")) as hub:
            for code, status, service in MANY:
                reply = await hub.request("upsert_dossier", code=code, applicant=NAME, service=service,
                                          due_at="2026-12-08", status=status, personal_id=PID)
                assert reply["type"] == "ok", reply

    asyncio.run(send_dossiers())
    numbers = {}

    async def scenario(kiosk):
        card_screen = kiosk.app.screen("card")
        scroll, more = card_screen.ids.scroll, card_screen.ids.more

        async def the_list():
            kiosk.app.go_home()
            await kiosk.until_screen("home")
            kiosk.tap(kiosk.app.screen("home").ids.pickup_button)
            await kiosk.until_screen("pickup")
            kiosk.type(CARD + "\n")
            await kiosk.until_screen("card")
            await kiosk.until(lambda: card_screen.below > 0, what="the count of dossiers below")

        def rows():  # top to bottom: the ready buttons, then the others
            return card_screen.ids.ready.children[::-1] + card_screen.ids.others.children[::-1]

        def shown() -> list:
            return [row for row in rows() if fully_shown(row, scroll, more)]

        def ready_button(code):
            [button] = [row for row in card_screen.ids.ready.children if row.title == code]
            return button

        await the_list()
        assert [row.title for row in card_screen.ids.ready.children[::-1]] == [code for code, *_ in MANY[:6]]
        assert rows()[0] in shown()  # the first dossiers show, from the top
        assert 0 < len(shown()) < 10 and ready_button(MANY[5][0]) not in shown()  # the sixth ready one is not
        hint = f"Còn {len(rows()) - len(shown())} hồ sơ nữa"  # the foot says how many more there are
        assert more.opacity == 1 and hint in more.text, more.text
        assert scroll.bar_inactive_color[3] > 0.5  # and the bar shows where one is, scrolled or not

        seen = set()  # every dossier, by a finger pushing the list up a little at a time
        for _ in range(20):
            seen.update(shown())
            if len(seen) == 10:
                break
            await kiosk.drag(scroll, scroll.height * 0.4)
        assert len(seen) == 10
        texts = "\n".join(row.title if hasattr(row, "title") else row.text for row in seen)
        for code, *_ in MANY:
            assert code in texts
        assert "[b]000.00.16.G04-261109-0069[/b]\nCần bổ sung giấy tờ · hẹn trả 08/12/2026" in texts
        await kiosk.until(lambda: "Về đầu danh sách" in more.text, what="the way back up")
        kiosk.tap(more)
        await kiosk.until(lambda: rows()[0] in shown(), what="the top again")

        picked = [MANY[0][0], MANY[5][0]]  # the first ready one, and the last: under the foot, out of sight
        for code in picked:  # found by the finger, touched, its number printed
            for _ in range(10):
                button = ready_button(code)
                if button in shown():
                    break
                await kiosk.drag(scroll, scroll.height * 0.4)
            assert button in shown()
            kiosk.tap(button)
            await kiosk.until(lambda: kiosk.screen == "issued" and kiosk.app.flow.printed, what=f"{code}'s number")
            numbers[code] = kiosk.app.flow.ticket.number
            assert kiosk.app.flow.ticket.dossier == code
            await the_list()

        kiosk.tap(more)  # the button: a page further down at each touch, the last dossier in the end
        for _ in range(10):
            await kiosk.frames(2)
            if rows()[-1] in shown():
                break
            kiosk.tap(more)
        assert rows()[-1] in shown() and "Về đầu danh sách" in more.text

    run_kiosk(kiosk_config(hall_server, printer, window=window, touch_guard_s=0.05), scenario)
    assert numbers == {MANY[0][0]: "9001", MANY[5][0]: "9002"}
    assert printed_qr(printer) == [MANY[0][0], MANY[5][0]]
