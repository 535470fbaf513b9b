"""The hall manager's adjustments for today: a counter's services, a service opened or closed early, the line on
the hall screens. The engine serves by them until midnight, the store keeps them across a restart, the audit log
names who made each."""
import json

import pytest
import sqlite_utils

from queue_protocol import errors, messages as m
from queue_server.engine import CounterEvent, QueueEvent
from queue_server.store import Store, open_database
from queue_server.views import latest_states, snapshot
from tests.queue_server.engine_helpers import TEST_CONFIG, TEST_KEY, Hall, engine_state, local
from tests.queue_server.test_store import StoredHall

MANAGER, VIEWER = "quanly", "xem"  # tests/hall.toml's dashboard accounts


def test_a_counter_given_other_services_calls_from_them_and_the_estimates_follow():
    hall = Hall()
    hall.numbers("DD", "KD", "KD")
    hall.do(m.OpenCounter, 2)
    hall.do(m.OpenCounter, 3)
    assert hall.engine.open_counters_for("KD") == 1 and hall.engine.estimate_wait_s("KD", 2) == 1200
    outcome = hall.do(m.SetCounterServices, services=["KD", "DD"], counter=2, by=MANAGER)
    assert hall.engine.services_of(2) == ("DD", "KD")  # in the hall's order, whatever order they came in
    assert hall.engine.counters_for("KD") == [2, 3] and hall.engine.open_counters_for("KD") == 2
    # Two free counters share the line now: they call the two ahead at once, this one when either finishes.
    assert hall.engine.estimate_wait_s("KD", 2) == round(600 * 1 / 2)
    assert {e.service for e in outcome.events if isinstance(e, QueueEvent)} == {"DD", "KD"}
    assert [t.number for t in hall.engine.waiting_for_counter(2)] == ["1001", "A001", "A002"]
    assert hall.call_next(2).number == "1001"
    assert hall.call_next(2).number == "A001"

    hall.do(m.SetCounterServices, counter=2, services=["KD"], by=MANAGER)
    assert hall.engine.counters_for("DD") == [1]
    hall.issue("DD")
    assert hall.call_next(2).number == "A002"
    hall.refused(errors.QueueEmpty, m.CallNext, 2)  # 1002 waits for Đất đai, which counter 2 no longer serves
    hall.refused(errors.UnknownTicket, m.CallNumber, 2, number="1002")


def test_a_service_closed_early_gives_no_numbers_until_reopened_and_one_opened_early_gives_them():
    hall = Hall(start=local(hour=9))
    hall.issue("DD")
    outcome = hall.do(m.SetServiceOpen, service="DD", open=False, by=MANAGER)
    assert [e.service for e in outcome.events if isinstance(e, QueueEvent)] == ["DD"]
    refusal = hall.refused(errors.ServiceClosed, m.IssueTicket, service="DD")
    assert (refusal.code, refusal.message.vi, refusal.message.en) == (
        "service_closed", "Lĩnh vực Đất đai đã ngừng cấp số trong hôm nay.", "Land gives no more numbers today.")
    assert hall.call_next(2).number == "1001"  # who already waits is still served
    assert not hall.at(hall.now + 60).events  # the clock's tick has nothing more to tell
    hall.do(m.SetServiceOpen, service="DD", by=MANAGER)  # its hours again
    assert hall.issue("DD").number == "1002"

    hall.at(local(hour=12))  # Chứng thực is closed 11:30-13:30 by its hours
    hall.refused(errors.ServiceClosed, m.IssueTicket, service="CT")
    hall.do(m.SetServiceOpen, service="CT", open=True, by=MANAGER)
    assert hall.issue("CT").number == "3001"
    assert snapshot(hall.engine, "kiosk", hall.now).services[3].open_today is True


def test_the_announcement_is_in_every_snapshot_and_told_once_changed():
    hall = Hall()
    outcome = hall.do(m.SetAnnouncement, text="  Lĩnh vực Đất đai  nghỉ từ 15:00 ", text_en="Land closes at 15:00",
                      by=MANAGER)
    assert latest_states(hall.engine, [outcome], hall.now) == [("announcement", m.AnnouncementChanged(
        text="Lĩnh vực Đất đai nghỉ từ 15:00", text_en="Land closes at 15:00"))]
    hall_info = snapshot(hall.engine, "display", hall.now).hall
    assert (hall_info.announcement, hall_info.announcement_en) == ("Lĩnh vực Đất đai nghỉ từ 15:00",
                                                                   "Land closes at 15:00")
    hall.do(m.SetAnnouncement, text="", text_en="ignored without the Vietnamese", by=MANAGER)
    assert snapshot(hall.engine, "display", hall.now).hall.announcement_en == ""
    refusal = hall.refused(errors.InvalidField, m.SetAnnouncement, text="Tạm nghỉ\u202e", by=MANAGER)
    assert refusal.message.en == "The announcement is not valid: contains control characters."


def test_a_counters_services_in_the_views_follow_the_adjustment():
    hall = Hall()
    outcome = hall.do(m.SetCounterServices, counter=4, services=["TKQ", "HT"], by=MANAGER)
    told = latest_states(hall.engine, [outcome], hall.now)
    assert [(e.service, e.counters) for topic, e in told if topic == "queue"] == [("TKQ", [4]), ("HT", [1, 3, 4])]
    assert [(e.counter, e.services) for topic, e in told if topic == "counter"] == [(4, ["HT", "TKQ"])]
    views = snapshot(hall.engine, "display", hall.now)
    assert views.counters[3].services == ["HT", "TKQ"]
    assert [s.counters for s in views.services if s.code == "HT"] == [[1, 3, 4]]
    assert not any(isinstance(e, CounterEvent) for e in outcome.events)  # nothing about the counter's state to log


@pytest.mark.parametrize("command, fields, error", [
    (m.SetCounterServices, dict(counter=9, services=["DD"]), errors.UnknownCounter),
    (m.SetCounterServices, dict(counter=2, services=["DD", "XX"]), errors.UnknownService),
    (m.SetServiceOpen, dict(service="XX", open=False), errors.UnknownService),
])
def test_adjustments_of_what_the_hall_does_not_have_are_refused(command, fields, error):
    Hall().refused(error, command, by=MANAGER, **fields)


@pytest.mark.parametrize("account", [VIEWER, "someone"])
def test_only_a_managers_account_adjusts(account):
    hall = Hall()
    for command, fields in ((m.SetCounterServices, dict(counter=2, services=["HT"])),
                            (m.SetServiceOpen, dict(service="DD", open=False)), (m.SetAnnouncement, dict(text="x"))):
        refusal = hall.refused(errors.NotAManager, command, by=account, **fields)
        assert refusal.code == "not_a_manager" and account in refusal.message.vi


def test_at_midnight_the_configuration_applies_again():
    hall = Hall(start=local(hour=16))
    hall.do(m.SetCounterServices, counter=2, services=["KD"], by=MANAGER)
    hall.do(m.SetServiceOpen, service="DD", open=False, by=MANAGER)
    hall.do(m.SetAnnouncement, text="Nghỉ sớm", by=MANAGER)
    hall.at(local(day=30, hour=23, minute=59))
    assert hall.engine.services_of(2) == ("KD",)
    hall.at(local(day=1, month=12, hour=7))
    assert hall.engine.services_of(2) == ("DD",) and hall.engine.adjustments.day == "2026-12-01"
    assert hall.engine.is_open(TEST_CONFIG.service("DD"), hall.now)
    assert snapshot(hall.engine, "display", hall.now).hall.announcement == ""


def test_a_restart_keeps_the_days_adjustments_and_the_audit_log_names_the_manager(tmp_path):
    path = tmp_path / "hall.db"
    hall = StoredHall(Store(open_database(path)))
    hall.do(m.SetCounterServices, counter=2, services=["DD", "HT"], by=MANAGER)
    hall.do(m.SetServiceOpen, service="CT", open=False, by=MANAGER)
    hall.do(m.SetAnnouncement, text="Hôm nay quầy 2 nhận thêm Hộ tịch", by=MANAGER)
    hall.do(m.SetCounterServices, counter=3, services=["HT", "KD", "CT"], by=MANAGER)  # as configured: no change
    hall.store.db.close()
    reloaded = Store(open_database(path))
    engine = reloaded.load_engine(TEST_CONFIG, TEST_KEY)
    assert engine_state(engine) == engine_state(hall.engine)
    assert engine.adjustments == hall.engine.adjustments
    assert engine.adjustments.counter_services == {2: ("DD", "HT")} and engine.adjustments.service_open == {"CT": False}
    audit = [(row["kind"], row["device"], json.loads(row["data"])) for row in
             reloaded.db.query("select * from events where kind = 'adjusted' order by id")]
    assert audit == [
        ("adjusted", "device-1", {"what": "counter_services", "subject": 2, "value": ["DD", "HT"], "by": MANAGER}),
        ("adjusted", "device-1", {"what": "service_open", "subject": "CT", "value": False, "by": MANAGER}),
        ("adjusted", "device-1", {"what": "announcement", "subject": None,
                                  "value": {"vi": "Hôm nay quầy 2 nhận thêm Hộ tịch", "en": ""}, "by": MANAGER}),
        ("adjusted", "device-1", {"what": "counter_services", "subject": 3, "value": ["HT", "KD", "CT"],
                                  "by": MANAGER})]


def test_the_store_of_a_new_day_holds_no_adjustment():
    store = Store(sqlite_utils.Database(memory=True))
    hall = StoredHall(store, start=local(hour=16))
    hall.do(m.SetAnnouncement, text="Nghỉ sớm", by=MANAGER)
    hall.at(local(day=1, month=12, hour=7))
    assert store.load_engine(TEST_CONFIG, TEST_KEY).adjustments.announcement == ""
