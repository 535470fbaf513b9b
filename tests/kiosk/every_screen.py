"""A walk through every screen a citizen can see at the kiosk, taken as a citizen and the faults would.

At each screen the walk awaits stop(name): the screenshots save a picture, the language test compares
what the screen says in Vietnamese and in English.
"""
from datetime import date, timedelta
from pathlib import Path

from tests.kiosk.conftest import kiosk_config
from tests.support import demo_hall_at_test_speed, ws_session

PROCESSING = "000.00.16.G04-261120-0020"
READY = "000.00.16.G04-261118-0007"
# A citizen born in 1950, older than 60 whatever today is, and the ten dossiers the integration sent with the
# card: more than the card's screen shows at once, in either orientation.
ID_CARD = "001203004567|123456789|Nguyễn Văn An|01011950|Nam|Thôn 1, Xã Hộ Hải, Ninh Hải, Ninh Thuận|15082021"
CARD_DOSSIERS = [(f"000.00.16.G04-2611{day}-00{day + 30}", status, service) for day, status, service in (
    (17, "ready", "HT"), (18, "ready", "DD"), (19, "ready", "KD"), (20, "ready", "CT"), (21, "ready", "LD"),
    (22, "processing", "XD"), (23, "received", "DD"), (24, "needs_more_documents", "HT"), (25, "processing", "KD"),
    (26, "processing", "CT"))]
HOURS = 'hours = ["07:30-11:30", "13:30-17:00"]'


def demo_hall(tmp_path, every_service_has_hours: bool = False) -> Path:
    """The demo hall (at test speed); with every_service_has_hours, one that is closed in the evening."""
    text = demo_hall_at_test_speed(tmp_path).read_text(encoding="utf-8")
    if every_service_has_hours:
        text = "\n".join(line + ("\n" + HOURS if line.startswith("code = ") else "") for line in text.splitlines())
    text += "\n[fair_share]\ntickets_per_day = 1\n"  # one number a day per ID card: the walk shows the refusal
    path = tmp_path / ("closed.toml" if every_service_has_hours else "demo.toml")
    path.write_text(text, encoding="utf-8")
    return path


async def busy_morning(server) -> None:
    """Some people already waiting, so the buttons show real counts and waits; two dossiers."""
    async with ws_session(server.url, "kiosk", "kiosk-1", server.token("kiosk-1")) as kiosk:
        for service, count in (("DD", 12), ("KD", 7), ("HT", 4), ("LD", 3), ("XD", 2), ("CT", 9)):
            for i in range(count):
                await kiosk.request("issue_ticket", service=service, priority=(i % 5 == 4))
    for counter in (1, 3, 4, 5):  # open; Xây dựng's counter 2 is not, so its button says nobody serves it
        async with ws_session(server.url, "counter", f"counter-{counter}", server.token(f"counter-{counter}")) as clerk:
            await clerk.request("open_counter")
    async with ws_session(server.url, "integration", "integration-1", server.token("integration-1")) as hub:
        for code, status in ((PROCESSING, "processing"), (READY, "ready")):
            await hub.request("upsert_dossier", code=code, applicant="Nguyễn Văn An", service="DD",
                              due_at=(date.today() + timedelta(days=7)).isoformat(), status=status)
        for code, status, service in CARD_DOSSIERS:
            await hub.request("upsert_dossier", code=code, applicant="Nguyễn Văn An", service=service,
                              due_at=(date.today() + timedelta(days=5)).isoformat(), status=status,
                              personal_id=ID_CARD.split("|")[0])


def walk_config(server, printer, **options):
    """A silent printer keeps "printing" on screen for printer_timeout_s: long enough for a stop."""
    return kiosk_config(server, printer, printer_timeout_s=2.0, **options)


async def walk(kiosk, server, printer, stop) -> None:
    """Needs the demo hall after busy_morning, and a config from walk_config."""
    home = kiosk.app.screen("home")
    await kiosk.until_screen("home")
    await stop("home")
    kiosk.tap(home.ids.grid.children[-1])  # the first service
    await kiosk.until_screen("priority")
    await stop("priority")
    await kiosk.frames(2)  # the category buttons laid out again in the language the stop left
    first_category = kiosk.app.screen("priority").ids.categories.children[-1]  # Người cao tuổi
    printer.printer.status = "silent"  # the printer takes its time to answer: "printing" stays
    kiosk.tap(first_category)
    await kiosk.until(lambda: kiosk.screen == "printing", touchable=False)
    await stop("printing")
    assert kiosk.screen == "printing", "the printer check timed out during the stop: give it longer"
    printer.printer.status = "ok"
    await kiosk.until_screen("home", timeout=15)
    kiosk.tap(home.ids.grid.children[-1])
    await kiosk.until_screen("priority")
    kiosk.tap(kiosk.app.screen("priority").ids.categories.children[-1])
    await kiosk.until(lambda: kiosk.screen == "issued" and kiosk.app.flow.printed)
    await stop("issued")
    printer.unplug()
    kiosk.app.reprint()  # its button shows only once printing failed
    await kiosk.until(lambda: kiosk.screen == "issued" and not kiosk.app.flow.printed)
    await stop("print-failed")
    printer.plug()
    kiosk.app.go_home()
    await kiosk.until_screen("home")
    kiosk.tap(home.ids.pickup_button)
    await kiosk.until_screen("pickup")
    for key in PROCESSING:
        kiosk.tap(key)
    await kiosk.frames(2)
    await stop("pickup")
    kiosk.tap(kiosk.app.screen("pickup").ids.look_up)
    await kiosk.until_screen("notice")
    await stop("dossier-status")
    kiosk.type("XEPHANG|2026-11-30|DD|1023\n")  # a ticket's QR code, scanned
    await kiosk.until(lambda: kiosk.app.flow.notice.title.vi == "Mã không hợp lệ")
    await stop("invalid-code")
    kiosk.type(READY + "\n")
    await kiosk.until(lambda: kiosk.screen == "issued" and kiosk.app.flow.printed)
    kiosk.app.go_home()
    await kiosk.until_screen("home")
    kiosk.type(READY + "\n")  # the same dossier again
    await kiosk.until_screen("notice")
    await stop("already-issued")
    kiosk.app.go_home()
    await kiosk.until_screen("home")
    kiosk.type(ID_CARD + "\n")  # a citizen's ID card, scanned at home
    await kiosk.until(lambda: kiosk.screen == "home" and home.card)
    await stop("card-home")
    kiosk.tap(home.ids.grid.children[-1])
    await kiosk.until_screen("priority")
    await stop("priority-card")
    kiosk.tap(kiosk.app.screen("priority").ids.proposed)  # "Người cao tuổi", one tap
    await kiosk.until(lambda: kiosk.screen == "issued" and kiosk.app.flow.printed)
    kiosk.app.go_home()
    await kiosk.until_screen("home")
    kiosk.tap(home.ids.pickup_button)
    await kiosk.until_screen("pickup")
    kiosk.type(ID_CARD + "\n")  # at "Nhận kết quả": the card's dossiers
    await kiosk.until_screen("card")
    card = kiosk.app.screen("card")
    await kiosk.until(lambda: card.below > 0)
    await stop("card-dossiers")
    await kiosk.drag(card.ids.scroll, card.ids.content.height)  # a finger pushes the list up to its end
    await kiosk.until(lambda: card.below == 0)
    await stop("card-dossiers-end")
    kiosk.tap(card.ids.more)  # "Về đầu danh sách"
    await kiosk.frames(2)  # its buttons laid out again in the language the stop left
    kiosk.tap(card.ids.ready.children[-1])  # the first ready one: its pickup number
    await kiosk.until(lambda: kiosk.screen == "issued" and kiosk.app.flow.printed)
    kiosk.app.go_home()
    await kiosk.until(lambda: kiosk.screen == "home" and not home.card)
    kiosk.type(ID_CARD + "\n")  # the same citizen, for a second number: one a day
    await kiosk.until(lambda: kiosk.screen == "home" and home.card)
    kiosk.tap(home.ids.grid.children[-1])
    await kiosk.until_screen("priority")
    kiosk.tap(kiosk.app.screen("priority").ids.regular)
    await kiosk.until(lambda: kiosk.screen == "notice" and kiosk.app.flow.notice.title.en == "Daily limit reached")
    await stop("card-limit")
    kiosk.app.go_home()
    await kiosk.until_screen("home")
    printer.printer.status = "no-paper"
    kiosk.tap(home.ids.grid.children[0])  # the last service
    await kiosk.until_screen("priority")
    kiosk.tap(kiosk.app.screen("priority").ids.regular)
    await kiosk.until_screen("out_of_service")
    await stop("out-of-paper")
    printer.printer.status = "near-end"
    await kiosk.until(lambda: kiosk.screen == "home" and kiosk.app.staff_notice.vi != "")
    await stop("paper-low")
    server.kill()
    await kiosk.until(lambda: kiosk.screen == "out_of_service"
                      and kiosk.app.flow.out_of_service.reason.vi.startswith("Mất kết nối"))
    await stop("server-down")
