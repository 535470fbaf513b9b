"""The real rating tablet, offscreen, touched as a citizen would, against a real server with clerks."""
import json

from tests.developer_keys import press_developer_keys
from tests.queue_server.test_cli import xephang
from tests.rating.conftest import LANDSCAPE, Clerk, run_tablet, stored_ratings
from tests.screen_text import text_problems, window_title

DEMO_WINDOW = (800, 500)  # the window `make demo` gives the tablet


def test_complete_asks_the_citizen_and_their_touch_is_stored_and_reported(make_clerks_hall):
    server = make_clerks_hall()
    clerk = Clerk(server)

    async def scenario(tablet):
        await clerk.issue(2)
        await clerk.sign_in("lan")
        await clerk.do("call_next")
        await tablet.until(lambda: tablet.shows("Nguyễn Thị Lan") and tablet.shows("1001"), what="the clerk and 1001")
        assert tablet.screen == "idle" and tablet.shows("Chuyên viên") and tablet.shows("Đang phục vụ số")
        assert window_title() == "Xếp hàng — Máy đánh giá (rating-1)"

        await clerk.do("complete")
        await tablet.until_screen("question")
        assert tablet.shows("Ông/bà đánh giá thế nào về việc giải quyết thủ tục?")
        assert tablet.shows("Số thứ tự 1001")
        tablet.tap("Hài lòng")
        await tablet.until_screen("thanks")
        assert tablet.shows("Xin cảm ơn ông/bà!")
        await tablet.until(lambda: len(stored_ratings(server)) == 1, what="the rating stored")

        await clerk.do("call_next", "complete")
        await tablet.until(lambda: tablet.screen == "question" and tablet.shows("Số thứ tự 1002"), what="1002 asked")
        tablet.tap("Không hài lòng")
        await tablet.until_screen("reasons")
        assert tablet.shows("Ông/bà chưa hài lòng về điều gì?")
        tablet.tap("Thời gian chờ lâu")
        await tablet.frames()
        tablet.tap("Hướng dẫn chưa rõ")
        await tablet.frames()
        tablet.tap("Gửi đánh giá")
        await tablet.until_screen("thanks")
        await tablet.until(lambda: len(stored_ratings(server)) == 2, what="the second rating stored")

    run_tablet(server, scenario)
    first, second = stored_ratings(server)
    report = xephang("report", "--config", str(server.config_path), "--db", str(server.db_path))
    assert report.returncode == 0, report.stderr
    lines = report.stdout.splitlines()
    clerk_row = next(line for line in lines[lines.index("Theo cán bộ / By clerk"):]
                     if line.startswith("Nguyễn Thị Lan"))
    assert clerk_row.split()[-4:] == ["0%", "50%", "50%", "0%"]  # very, satisfied, not satisfied, not rated
    assert (first["number"], first["level"], first["clerk"], first["counter"], first["service"]) == (
        "1001", "satisfied", "lan", 1, "DD")
    assert (second["number"], second["level"], json.loads(second["reasons"])) == (
        "1002", "unsatisfied", ["waiting_time", "guidance"])


def test_an_unanswered_question_goes_back_to_idle_and_is_not_rated(make_clerks_hall):
    server = make_clerks_hall("\n[rating]\ntimeout_s = 5\n")
    clerk = Clerk(server)

    async def scenario(tablet):
        await clerk.issue(2)
        await clerk.sign_in("hung")
        await clerk.do("call_next", "complete")
        await tablet.until_screen("question")
        tablet.app.set_lang("en")  # the citizen reads English; nobody touches a choice
        await tablet.until(lambda: tablet.shows("How satisfied are you with how your matter was handled?"),
                           what="the question in English")
        await tablet.until_screen("idle", timeout=12)
        assert tablet.app.lang == "vi" and tablet.shows("Xin kính chào quý công dân")
        assert stored_ratings(server) == []

        await clerk.do("call_next", "complete")  # on the reasons screen the chosen level is kept
        await tablet.until(lambda: tablet.screen == "question" and tablet.shows("1002"), what="1002 asked")
        tablet.tap("Không hài lòng")
        await tablet.until_screen("reasons")
        tablet.tap("Thái độ phục vụ")
        await tablet.until_screen("thanks", timeout=12)
        await tablet.until(lambda: stored_ratings(server), what="the rating kept")
        (rating,) = stored_ratings(server)
        assert (rating["number"], rating["level"], rating["reasons"], rating["clerk"]) == (
            "1002", "unsatisfied", '["attitude"]', "hung")

    run_tablet(server, scenario, window=LANDSCAPE)


def test_a_rating_given_offline_is_sent_when_the_server_returns_and_counted_once(make_clerks_hall, tmp_path):
    server = make_clerks_hall()
    clerk = Clerk(server)
    outbox = tmp_path / "outbox.json"
    kept = {}

    async def offline_then_back(tablet):
        await clerk.issue(1)
        await clerk.sign_in("lan")
        await clerk.do("call_next", "complete")
        await tablet.until_screen("question")
        server.kill()
        await tablet.until(lambda: tablet.shows("Mất kết nối máy chủ"), what="the offline mark")
        tablet.tap("Rất hài lòng")
        await tablet.until_screen("thanks")
        await tablet.until(outbox.exists, what="the rating kept on disk")
        kept["outbox"] = outbox.read_text(encoding="utf-8")
        assert '"ticket":"1001"' in kept["outbox"]
        server.start()
        await tablet.until(lambda: not tablet.shows("Mất kết nối máy chủ") and not tablet.app.outbox,
                           timeout=20, what="reconnected and the rating delivered")
        assert [r["number"] for r in stored_ratings(server)] == ["1001"]

    run_tablet(server, offline_then_back, outbox=outbox)
    # As if the tablet lost power before it could forget the rating: it sends it again, with the same id.
    outbox.write_text(kept["outbox"], encoding="utf-8")

    async def resent(tablet):
        await tablet.until(lambda: not tablet.app.outbox, what="the old rating resent and answered")

    run_tablet(server, resent, outbox=outbox)
    (rating,) = stored_ratings(server)
    assert (rating["number"], rating["level"]) == ("1001", "very_satisfied")


def test_a_keyboard_on_the_tablet_opens_no_settings_panel_and_closes_nothing(make_clerks_hall):
    async def scenario(tablet):
        await tablet.until_screen("idle")
        await press_developer_keys(lambda: tablet.frames(3))
        assert tablet.shows("Xin kính chào quý công dân")

    run_tablet(make_clerks_hall(), scenario, window=LANDSCAPE)


def test_every_text_is_whole_in_the_demos_window_online_and_offline(make_clerks_hall):
    """At 800x500, in both languages: each screen a citizen sees, then the idle screen under the offline band."""
    server = make_clerks_hall()
    clerk = Clerk(server)
    problems = {}

    async def scenario(tablet):
        def check(name):
            problems[name] = text_problems(tablet.app.root, (0, 0, *DEMO_WINDOW))

        await clerk.issue(2)
        await clerk.sign_in("lan")
        for number, lang, reason in (("1001", "vi", "waiting_time"), ("1002", "en", "guidance")):
            await clerk.do("call_next")
            await tablet.until(lambda: tablet.screen == "idle" and tablet.shows(number), what=f"{number} served")
            tablet.app.set_lang(lang)
            await tablet.frames(4)
            check(f"idle {lang}")
            await clerk.do("complete")
            await tablet.until_screen("question")
            tablet.app.set_lang(lang)
            await tablet.frames(4)
            check(f"question {lang}")
            tablet.app.choose("unsatisfied")
            await tablet.until_screen("reasons")
            tablet.app.toggle_reason(reason)
            await tablet.frames(4)
            check(f"reasons {lang}")
            tablet.app.send()
            await tablet.until_screen("thanks")
            await tablet.frames(4)
            check(f"thanks {lang}")
            await tablet.until_screen("idle", timeout=10)
        server.kill()
        await tablet.until(lambda: tablet.app.status is not None, what="the offline band")
        for lang in ("vi", "en"):
            tablet.app.set_lang(lang)
            await tablet.frames(4)
            check(f"offline {lang}")

    run_tablet(server, scenario, window=DEMO_WINDOW)
    assert {name: found for name, found in problems.items() if found} == {}
