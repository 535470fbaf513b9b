"""Hall state -> screen, and which part of the hall a screen shows."""
import msgspec
import pytest

from display.scope import Scope, ScopeError, parse_counters, parse_services
from display.screen_model import build_screen_model, pages
from queue_protocol.hall_view import HallView
from queue_protocol.states import STATUS_TEXTS, CounterState
from queue_protocol.text import Text
from tests.display.screenshots import busy_snapshot, quiet_snapshot


def view_of(snapshot):
    view = HallView()
    view.load(snapshot)
    return view


def test_busy_hall():
    model = build_screen_model(view_of(busy_snapshot()), Scope())
    assert (model.headline.number, model.headline.counter) == ("1023", 5)
    assert (model.headline.english, model.headline.service_en) == ("Number 1023, please go to counter 5", "Land")
    rows = {c.number: c for c in model.counters}
    assert (rows[2].serving, rows[2].service) == ("1021", "Đất đai")
    assert (rows[4].serving, rows[4].service, rows[4].state) == ("—", "Tạm nghỉ\nPaused", "paused")
    assert (rows[8].serving, rows[8].service) == ("—", "Đã đóng\nClosed")  # Vietnamese first, English under it
    assert [c.number for c in model.recent] == ["9004", "3004", "A007", "1021", "2015"]
    assert [(w.name, w.waiting) for w in model.waiting][:2] == [("Đất đai", 12), ("Hộ tịch", 4)]
    assert model.dossiers[0].applicant == "Nguyễn V. A."
    assert model.headline.invite == "MỜI CÔNG DÂN CÓ SỐ THỨ TỰ"


def test_a_recall_says_so_in_vietnamese_as_in_english():
    snapshot = busy_snapshot()
    snapshot.recent_calls[0] = msgspec.structs.replace(snapshot.recent_calls[0], recall=True)
    headline = build_screen_model(view_of(snapshot), Scope()).headline
    assert headline.invite == "MỜI CÔNG DÂN CÓ SỐ THỨ TỰ (GỌI LẠI)"
    assert headline.english == "Number 1023, please go to counter 5 (again)"


def test_a_service_no_open_counter_serves_says_so():
    model = build_screen_model(view_of(busy_snapshot()), Scope())
    notes = {w.code: w.note for w in model.waiting}
    assert notes["XD"] == Text("chưa có quầy phục vụ", "no counter open")   # its only counter is closed
    assert notes["DD"] is None and notes["NV"] is None   # served; closed for the day, which it says itself
    older_server = busy_snapshot()
    older_server.services[4] = msgspec.structs.replace(older_server.services[4], counters_open=None)
    assert build_screen_model(view_of(older_server), Scope()).waiting[4].note is None


def test_a_closed_service_says_closed_in_both_languages_as_a_closed_counter_does():
    model = build_screen_model(view_of(busy_snapshot()), Scope())
    statuses = {w.code: w.status for w in model.waiting}
    assert statuses["NV"] == Text("Đã đóng", "Closed") == STATUS_TEXTS[CounterState.CLOSED]
    assert statuses["DD"] is None and statuses["XD"] is None   # open: the chip shows how many wait


def test_quiet_hall_has_no_headline():
    model = build_screen_model(view_of(quiet_snapshot()), Scope())
    assert model.headline is None and model.recent == () and model.dossiers == ()


def test_a_screen_for_some_counters_and_services():
    scope = Scope(counters=parse_counters("1-3,5"), services=parse_services("DD, HT"))
    model = build_screen_model(view_of(busy_snapshot()), scope)
    assert [c.number for c in model.counters] == [1, 2, 3, 5]  # 3 serves HT too
    assert model.headline.number == "1023"
    assert [c.number for c in model.recent] == ["1021", "2015"]
    assert [w.code for w in model.waiting] == ["DD", "HT"]
    assert model.dossiers == ()  # they are collected at counter 7, outside this area


def test_bad_scopes_are_explained():
    with pytest.raises(ScopeError, match="Danh sách quầy không hợp lệ.*invalid counter list"):
        parse_counters("1-x")
    with pytest.raises(ScopeError, match="invalid service list"):
        parse_services(" , ")


def test_pages():
    assert pages((), 4) == [()]
    assert pages(tuple(range(9)), 4) == [(0, 1, 2, 3), (4, 5, 6, 7), (8,)]


def test_the_clerk_signed_in_shows_beside_the_counter_when_the_hall_says_so():
    from queue_protocol.messages import Clerk
    snapshot = busy_snapshot()
    snapshot.counters[1] = msgspec.structs.replace(snapshot.counters[1], clerk=Clerk(id="lan", name="Nguyễn Thị Lan"))
    assert {c.number: c.clerk for c in build_screen_model(view_of(snapshot), Scope()).counters}[2] == ""
    snapshot = msgspec.structs.replace(snapshot, hall=msgspec.structs.replace(snapshot.hall, clerk_names=True))
    rows = {c.number: c for c in build_screen_model(view_of(snapshot), Scope()).counters}
    assert (rows[2].serving, rows[2].clerk, rows[3].clerk) == ("1021", "Nguyễn Thị Lan", "")
