"""The real hall screen, offscreen, against a real server: what it shows and what it announces."""
import asyncio
from datetime import datetime
from itertools import pairwise
from zoneinfo import ZoneInfo

from display.scope import Scope
from tests.developer_keys import press_developer_keys
from tests.display.live import running_display, screen_text, texts, until
from tests.screen_text import window_title
from tests.support import ws_session

DOSSIER = "000.00.16.G04-261129-0031"


def session(server, device):
    role = {"kiosk": "kiosk", "counter": "counter", "integration": "integration"}[device.rsplit("-", 1)[0]]
    return ws_session(server.url, role, device, server.token(device))


def tile(app, counter):
    return next(t for t in app.root.ids.counters_grid.children if t.number == counter)


def test_calls_recalls_pauses_and_dossiers(hall_server, tmp_path):
    async def scenario():
        async with running_display(hall_server, tmp_path / "sound") as app, \
                session(hall_server, "kiosk-1") as kiosk, session(hall_server, "counter-1") as c1, \
                session(hall_server, "counter-2") as c2, session(hall_server, "counter-3") as c3, \
                session(hall_server, "integration-1") as integration:
            assert window_title() == "Xếp hàng — Màn hình sảnh (screen-1)"
            ids = app.root.ids
            zone = ZoneInfo("Asia/Ho_Chi_Minh")
            assert ids.clock_time.text in {datetime.now(zone).strftime("%H:%M")} | {"09:00", "09:01"}
            assert ids.hall_name.text == "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG HẢI CHÂU"
            assert ids.headline_number.text == "Mời lấy số"
            for _ in range(3):
                await kiosk.request("issue_ticket", service="DD")
            await until(lambda: "Đất đai\n3" in screen_text(app), what="3 waiting for Đất đai")

            # Two clerks call at once: both shown, both announced in order, neither cut off.
            await asyncio.gather(c1.request("call_next"), c2.request("call_next"))
            await until(lambda: len(app.announcer.announced) == 2, what="two announcements")
            first, second = app.announcer.announced
            assert {(first.number, first.counter), (second.number, second.counter)} == {("1001", 1), ("1002", 2)}
            assert second.call_id > first.call_id
            await until(lambda: (tile(app, 1).serving, tile(app, 2).serving) == ("1001", "1002"),
                        what="both counters serving")
            assert ids.headline_number.text == second.number
            assert ids.headline_counter.text == f"ĐẾN QUẦY SỐ {second.counter}"
            await until(lambda: len(app.announcer.done) == 2, what="both announcements played")
            played = app.announcer.player.played
            assert [p[1].name for p in played] == ["chime.wav", f"call-{first.call_id}.wav",
                                                   "chime.wav", f"call-{second.call_id}.wav"]
            for (start, _, length), (next_start, _, _) in pairwise(played):
                assert next_start >= start + length  # never cut off
            number_words = {"1001": "một nghìn không trăm linh một", "1002": "một nghìn không trăm linh hai"}
            counter_words = {1: "một", 2: "hai"}
            assert first.text == (f"Mời công dân có số thứ tự {number_words[first.number]}, "
                                  f"đến quầy số {counter_words[first.counter]}.")
            assert all(clip.stat().st_size > 10_000 for _, clip, _ in played)
            await until(lambda: "Đất đai\n1" in screen_text(app), what="1 left waiting")

            # A recall is announced again, and brought back to the headline.
            await c1.request("recall")
            await until(lambda: len(app.announcer.announced) == 3, what="the recall announced")
            recall = app.announcer.announced[-1]
            assert (recall.number, recall.counter, recall.recall) == ("1001", 1, True)
            await until(lambda: ids.headline_number.text == "1001", what="the recall in the headline")
            assert "(again)" in ids.headline_english.text
            assert ids.headline_invite.text == "MỜI CÔNG DÂN CÓ SỐ THỨ TỰ (GỌI LẠI)"

            # A paused counter says so.
            await c3.request("open_counter")
            await c3.request("pause")
            await until(lambda: tile(app, 3).state == "paused", what="counter 3 paused")
            assert "Tạm nghỉ\nPaused" in texts(tile(app, 3))  # Vietnamese first, English under it

            # Dossiers: shown when ready (masked name), removed when returned.
            await integration.request("upsert_dossier", code=DOSSIER, applicant="Trần Thị Bích Ngọc",
                                      service="HT", due_at="2026-12-03", status="processing")
            await integration.request("set_dossier_status", code=DOSSIER, status="ready", counter=4)
            await until(lambda: DOSSIER in screen_text(app), what="the dossier on screen")
            assert "Trần Thị Bích Ngọc" not in screen_text(app)
            assert "Quầy 4" in texts(ids.dossier_grid)
            await integration.request("set_dossier_status", code=DOSSIER, status="returned")
            await until(lambda: DOSSIER not in screen_text(app), what="the dossier removed")
            assert len(app.announcer.announced) == 3

    asyncio.run(scenario())


def test_server_lost_and_back_keeps_the_screen_and_never_repeats_a_call(hall_server, tmp_path):
    async def scenario():
        async with running_display(hall_server, tmp_path / "sound") as app:
            ids = app.root.ids
            async with session(hall_server, "kiosk-1") as kiosk, session(hall_server, "counter-1") as c1:
                await kiosk.request("issue_ticket", service="HT")
                await kiosk.request("issue_ticket", service="HT")
                await c1.request("call_next")
            await until(lambda: ids.headline_number.text == "2001", what="2001 called")
            assert ids.offline_banner.opacity == 0

            hall_server.kill()
            await until(lambda: not app.connected, what="the display to notice")
            await until(lambda: ids.offline_banner.opacity == 1, what="the banner")
            assert "Mất kết nối máy chủ — đang kết nối lại" in ids.offline_text.text
            assert "Server connection lost — reconnecting" in screen_text(app)
            assert ids.headline_number.text == "2001" and tile(app, 1).serving == "2001"  # last known state

            hall_server.start()
            await until(lambda: app.connected, timeout=10, what="the reconnect")
            await until(lambda: ids.offline_banner.opacity == 0, what="the banner gone")
            assert ids.headline_number.text == "2001"

            async with session(hall_server, "counter-1") as c1:
                await c1.request("call_next")
            await until(lambda: ids.headline_number.text == "2002", what="2002 called after the restart")
            await until(lambda: len(app.announcer.announced) == 2, what="2002 announced")
            assert [a.number for a in app.announcer.announced] == ["2001", "2002"]  # 2001 not announced again

    asyncio.run(scenario())


def test_a_screen_limited_to_some_counters_and_services_and_without_sound(hall_server):
    async def scenario():
        scope = Scope(counters=frozenset({1, 2}), services=frozenset({"DD"}))
        async with running_display(hall_server, scope=scope, device="screen-2") as app:
            assert app.announcer is None
            assert sorted(t.number for t in app.root.ids.counters_grid.children) == [1, 2]
            assert "Hộ tịch" not in texts(app.root.ids.waiting_box)
            async with session(hall_server, "kiosk-1") as kiosk, session(hall_server, "counter-3") as c3, \
                    session(hall_server, "counter-2") as c2:
                await kiosk.request("issue_ticket", service="HT")
                await kiosk.request("issue_ticket", service="DD")
                await c3.request("call_next")  # 2001, at counter 3: another area's
                await c2.request("call_next")
            await until(lambda: app.root.ids.headline_number.text == "1001", what="1001 at counter 2")
            assert "2001" not in screen_text(app)  # heard before 1001, and shown nowhere

    asyncio.run(scenario())


def test_a_keyboard_on_the_hall_screen_opens_no_settings_panel_and_closes_nothing(hall_server):
    async def scenario():
        async with running_display(hall_server) as app:
            await press_developer_keys(lambda: asyncio.sleep(0.3))
            assert "Mời lấy số" in screen_text(app)

    asyncio.run(scenario())
