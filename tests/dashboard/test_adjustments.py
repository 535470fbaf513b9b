"""The hall manager's adjustments page: the forms turned into commands, and over plain HTTP against a real queue
server the change reaching a hall screen, the viewer and a form without its CSRF token refused, the server's own
refusal shown on the page."""
import asyncio
import re

import pytest
from starlette.datastructures import FormData

from dashboard.adjustments import FormProblem, adjustment_command, adjustments_panel
from queue_protocol import messages as m
from queue_protocol.hall_view import HallView
from queue_server.views import snapshot
from tests.dashboard.conftest import WebClient
from tests.queue_server.engine_helpers import TEST_CONFIG, Hall
from tests.support import ws_session


def test_each_form_is_one_command_in_the_managers_name():
    command = adjustment_command("counter", FormData([("counter", "2"), ("services", "HT"), ("services", "DD")]),
                                 TEST_CONFIG, "quanly", "r1")
    assert command == m.SetCounterServices(id="r1", counter=2, services=["HT", "DD"], by="quanly")
    reset = adjustment_command("counter", FormData([("counter", "3"), ("reset", "1")]), TEST_CONFIG, "quanly", "r2")
    assert reset.services == ["HT", "KD", "CT"]  # as the configuration has it
    assert adjustment_command("service", FormData([("service", "CT"), ("open", "closed")]), TEST_CONFIG, "quanly",
                              "r3") == m.SetServiceOpen(id="r3", service="CT", open=False, by="quanly")
    assert adjustment_command("service", FormData([("service", "CT"), ("open", "hours")]), TEST_CONFIG, "quanly",
                              "r4").open is None
    assert adjustment_command("announcement", FormData([("text", " Nghỉ từ 15:00 "), ("text_en", ""), ("clear", "1")]),
                              TEST_CONFIG, "quanly", "r5") == m.SetAnnouncement(id="r5", by="quanly")


@pytest.mark.parametrize("name, fields, vi", [
    ("counter", [("counter", "2")], "Quầy 2: hãy chọn ít nhất một lĩnh vực."),
    ("counter", [("counter", "99"), ("services", "DD")], "Biểu mẫu không hợp lệ. Vui lòng tải lại trang."),
    ("service", [("service", "DD"), ("open", "maybe")], "Biểu mẫu không hợp lệ. Vui lòng tải lại trang."),
])
def test_a_form_that_cannot_be_sent_says_why(name, fields, vi):
    with pytest.raises(FormProblem) as problem:
        adjustment_command(name, FormData(fields), TEST_CONFIG, "quanly", "r")
    assert problem.value.text.vi == vi and problem.value.text.en


def test_the_page_shows_today_beside_the_configuration():
    hall = Hall()
    hall.do(m.SetCounterServices, counter=2, services=["DD", "KD"], by="quanly")
    hall.do(m.SetServiceOpen, service="CT", open=False, by="quanly")
    view = HallView()
    view.load(snapshot(hall.engine, "admin", hall.now))
    panel = adjustments_panel(view, TEST_CONFIG)
    two = panel["counters"][1]
    assert (two["services"], [t.vi for t in two["configured"]], two["adjusted"]) == (["DD", "KD"], ["Đất đai"], True)
    assert not panel["counters"][0]["adjusted"]
    ct = next(s for s in panel["services"] if s["code"] == "CT")
    assert (ct["open"], ct["open_today"], ct["hours"]) == (False, False, "07:30-11:30, 13:30-17:00")
    assert [c.vi for c in next(s for s in panel["services"] if s["code"] == "KD")["counters"]] == ["Quầy 2", "Quầy 3"]


def csrf_of(page: bytes) -> str:
    return re.search(rb'name="csrf" value="([^"]+)"', page).group(1).decode()


def test_a_manager_adjusts_and_a_hall_screen_hears_it_at_once(hall, dashboard):
    manager = WebClient(dashboard)
    manager.sign_in("quanly")

    async def scenario():
        async with ws_session(hall.url, "display", "screen-2", hall.token("screen-2")) as screen:
            page = manager.get("/adjustments")[2]
            status, headers, _ = manager.post("/adjustments/announcement", {
                "csrf": csrf_of(page), "text": "Quầy 3 nghỉ trưa từ 11:00", "text_en": "Counter 3 breaks at 11:00"})
            assert (status, headers["location"]) == (303, "/adjustments?saved=announcement")
            heard = await screen.wait_for("announcement")
            assert (heard["text"], heard["text_en"]) == ("Quầy 3 nghỉ trưa từ 11:00", "Counter 3 breaks at 11:00")

            status, _, _ = manager.post("/adjustments/counter", [("csrf", csrf_of(page)), ("counter", "3"),
                                                                  ("services", "KD"), ("services", "TKQ")])
            assert status == 303
            changed = await screen.wait_for("counter", lambda e: e["counter"] == 3 and e["services"] != [
                "HT", "KD", "CT"])
            assert changed["services"] == ["KD", "TKQ"]
        saved = manager.get("/adjustments?saved=counter")[2].decode()
        assert "Đã lưu" in saved and 'value="Quầy 3 nghỉ trưa từ 11:00"' in saved
        assert re.search(r'id="counter-3" class="adjusted".*?đã điều chỉnh', saved, re.DOTALL)
        assert 'id="counter-3-TKQ" checked' in saved and 'id="counter-3-HT" checked' not in saved
    try:
        asyncio.run(scenario())
    finally:  # the other tests share this hall: back to its configuration
        page = manager.get("/adjustments")[2]
        assert manager.post("/adjustments/counter", {"csrf": csrf_of(page), "counter": "3", "reset": "1"})[0] == 303
        assert manager.post("/adjustments/announcement", {"csrf": csrf_of(page), "clear": "1"})[0] == 303


def test_the_servers_refusal_is_shown_and_nothing_changes(dashboard):
    manager = WebClient(dashboard)
    manager.sign_in("quanly")
    page = manager.get("/adjustments")[2]
    status, _, body = manager.post("/adjustments/announcement", {"csrf": csrf_of(page), "text": "Nghỉ\u202esớm"})
    assert status == 400
    assert "Dòng thông báo không hợp lệ: có ký tự điều khiển." in body.decode()


def test_a_viewer_or_a_form_without_its_token_changes_nothing(dashboard):
    viewer, manager = WebClient(dashboard), WebClient(dashboard)
    viewer.sign_in("xem")
    page = viewer.get("/adjustments")[2].decode()
    assert "chỉ tài khoản quản lý được điều chỉnh" in page and 'id="save-announcement" disabled' in page
    status, _, body = viewer.post("/adjustments/service", {"csrf": csrf_of(page.encode()), "service": "DD",
                                                          "open": "closed"})
    assert status == 403 and "chỉ tài khoản quản lý" in body.decode()
    manager.sign_in("quanly")
    status, _, body = manager.post("/adjustments/service", {"csrf": "not-the-token", "service": "DD", "open": "closed"})
    assert status == 403 and "Biểu mẫu đã hết hạn" in body.decode()
    assert "đóng hôm nay" not in manager.get("/adjustments")[2].decode()
