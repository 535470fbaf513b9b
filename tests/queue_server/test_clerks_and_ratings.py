"""Clerks sign in at counters and are recorded on what they do; citizens rate completed tickets. The pure
engine and the store, on the test hall with two clerks (tests/support.py CLERKS_TOML)."""
import pytest
import sqlite_utils

from queue_protocol import errors, messages as m
from queue_protocol.states import CounterState
from queue_server.config import parse_config
from queue_server.pins import FIRST_LOCK_S, FREE_TRIES, LONGEST_LOCK_S, PinThrottle
from queue_server.store import Store
from tests.queue_server.engine_helpers import TEST_KEY, Hall, engine_state, local
from tests.queue_server.test_store import StoredHall
from tests.support import CLERKS_TOML, TEST_HALL

CLERKS_CONFIG = parse_config((TEST_HALL.read_text(encoding="utf-8") + CLERKS_TOML).encode())


def signed_in(counter=1, clerk="lan", config=CLERKS_CONFIG) -> Hall:
    hall = Hall(config)
    hall.do(m.SignIn, counter, clerk=clerk, pin="checked by the server")
    return hall


def test_a_hall_that_lists_clerks_opens_and_calls_only_with_someone_signed_in():
    hall = Hall(CLERKS_CONFIG)
    hall.issue("DD")
    refusal = hall.refused(errors.NoClerk, m.CallNext, 1)
    assert (refusal.message.vi, refusal.message.en) == (
        "Chưa có cán bộ đăng nhập tại quầy 1: hãy đăng nhập trước.", "Nobody is signed in at counter 1: sign in first.")
    hall.refused(errors.NoClerk, m.OpenCounter, 1)
    hall.refused(errors.NoClerk, m.CallNumber, 1, number="1001")
    outcome = hall.do(m.SignIn, 1, clerk="lan", pin="2468")
    assert outcome.counter.state == CounterState.OPEN and outcome.counter.clerk == "lan"
    assert hall.call_next(1).number == "1001"


def test_a_hall_without_clerks_needs_nobody_signed_in():
    hall = Hall()
    hall.issue("DD")
    assert hall.call_next(1).clerk is None


def test_every_call_completion_no_show_and_transfer_records_the_clerk():
    hall = signed_in()
    hall.numbers("DD", "DD", "DD")
    called = hall.do(m.CallNext, 1)
    assert called.ticket.clerk == "lan" and called.calls[0].clerk == "lan"
    assert hall.do(m.Recall, 1).calls[0].clerk == "lan"
    assert hall.do(m.Complete, 1).ticket.clerk == "lan"
    hall.call_next(1)
    assert hall.do(m.Transfer, 1, service="HT").ticket.clerk == "lan"
    hall.call_next(1)
    hall.do(m.Recall, 1)
    assert hall.do(m.NoShow, 1).ticket.clerk == "lan"


def test_a_colleague_takes_over_an_idle_counter_and_then_records_the_work():
    hall = signed_in()
    hall.numbers("DD", "DD")
    hall.call_next(1)
    hall.refused(errors.CounterBusy, m.SignIn, 1, clerk="hung", pin="1357")
    done_by_lan = hall.do(m.Complete, 1).ticket
    assert hall.do(m.SignIn, 1, clerk="hung", pin="1357").counter.clerk == "hung"
    hall.call_next(1)
    assert hall.do(m.Complete, 1).ticket.clerk == "hung"
    assert hall.engine.tickets[done_by_lan.id].clerk == "lan"


def test_signing_in_at_another_counter_signs_out_and_closes_the_first():
    hall = signed_in(counter=1)
    hall.issue("DD")
    hall.call_next(1)
    refusal = hall.refused(errors.CounterBusy, m.SignIn, 2, clerk="lan", pin="2468")
    assert "Quầy 1 đang phục vụ số 1001" in refusal.message.vi
    hall.do(m.Complete, 1)
    outcome = hall.do(m.SignIn, 2, clerk="lan", pin="2468")
    assert outcome.counters[1].clerk is None and outcome.counters[1].state == CounterState.CLOSED
    assert outcome.counters[2].clerk == "lan" and outcome.counters[2].state == CounterState.OPEN


def test_closing_signs_the_clerk_out_and_so_does_a_new_day():
    hall = signed_in()
    closed = hall.do(m.CloseCounter, 1).counter
    assert closed.state == CounterState.CLOSED and closed.clerk is None
    hall.refused(errors.NoClerk, m.OpenCounter, 1)
    hall.do(m.SignIn, 1, clerk="lan", pin="2468")
    hall.at(local(day=1, month=12, hour=7))
    assert hall.engine.counters[1].clerk is None and hall.engine.counters[1].state == CounterState.CLOSED


def test_pausing_keeps_the_clerk_signed_in():
    hall = signed_in()
    hall.do(m.Pause, 1)
    assert hall.do(m.Resume, 1).counter.clerk == "lan"


def test_an_unknown_clerk_is_refused():
    hall = Hall(CLERKS_CONFIG)
    refusal = hall.refused(errors.UnknownClerk, m.SignIn, 1, clerk="mai", pin="0000")
    assert refusal.message.en == "There is no clerk 'mai' in the hall's configuration."


# --- ratings --------------------------------------------------------------------------------------

def completed(hall: Hall, counter=1, service="DD"):
    hall.issue(service)
    hall.call_next(counter)
    return hall.do(m.Complete, counter).ticket


def test_a_rating_is_tied_to_ticket_counter_clerk_service_and_dossier():
    hall = signed_in()
    ticket = completed(hall)
    outcome = hall.do(m.Rate, 1, ticket=ticket.number, level="unsatisfied", reasons=["waiting_time", "guidance",
                                                                                     "waiting_time"])
    (rating,) = outcome.ratings
    assert (rating.ticket_id, rating.number, rating.counter, rating.clerk, rating.service, rating.level,
            rating.reasons) == (ticket.id, "1001", 1, "lan", "DD", "unsatisfied", ("waiting_time", "guidance"))
    assert rating.dossier is None and rating.at == hall.now


def test_reasons_are_kept_only_after_a_level_that_asks_them():
    hall = signed_in()
    ticket = completed(hall)
    (rating,) = hall.do(m.Rate, 1, ticket=ticket.number, level="very_satisfied", reasons=["attitude"]).ratings
    assert rating.reasons == ()


def test_one_rating_per_ticket():
    hall = signed_in()
    ticket = completed(hall)
    hall.do(m.Rate, 1, ticket=ticket.number, level="satisfied")
    refusal = hall.refused(errors.AlreadyRated, m.Rate, 1, ticket=ticket.number, level="unsatisfied")
    assert refusal.message.vi == "Số 1001 đã được đánh giá."


def test_only_a_ticket_completed_at_the_tablets_counter_can_be_rated():
    hall = signed_in()
    ticket = completed(hall)
    hall.refused(errors.NotRatable, m.Rate, 2, ticket=ticket.number, level="satisfied")
    hall.issue("DD")
    serving = hall.call_next(1)
    refusal = hall.refused(errors.NotRatable, m.Rate, 1, ticket=serving.number, level="satisfied")
    assert refusal.message.en == "Number 1002 was not completed at counter 1 today."
    hall.refused(errors.NotRatable, m.Rate, 1, ticket="1999", level="satisfied")


@pytest.mark.parametrize("level, reasons", [("great", []), ("unsatisfied", ["rude"])])
def test_levels_and_reasons_come_from_the_configuration(level, reasons):
    hall = signed_in()
    ticket = completed(hall)
    hall.refused(errors.UnknownRatingChoice, m.Rate, 1, ticket=ticket.number, level=level, reasons=reasons)


def test_a_ticket_awaits_its_rating_for_the_timeout_unless_rated():
    hall = signed_in()
    first = completed(hall)
    assert hall.engine.awaiting_rating(1, hall.now).id == first.id
    second = completed(hall)  # the next citizen finished: the tablet asks about them now
    assert hall.engine.awaiting_rating(1, hall.now).id == second.id
    assert hall.engine.awaiting_rating(2, hall.now) is None
    assert hall.engine.awaiting_rating(1, second.done_at + CLERKS_CONFIG.rating.timeout_s + 1) is None
    hall.do(m.Rate, 1, ticket=second.number, level="satisfied")
    assert hall.engine.awaiting_rating(1, hall.now) is None


def test_next_while_serving_completes_and_so_asks_for_a_rating():
    hall = signed_in()
    hall.numbers("DD", "DD")
    first = hall.call_next(1)
    hall.call_next(1)
    assert hall.engine.awaiting_rating(1, hall.now).id == first.id


# --- stored -----------------------------------------------------------------------------------------

def test_ratings_and_clerks_are_stored_and_survive_a_restart():
    store = Store(sqlite_utils.Database(memory=True))
    hall = StoredHall(store, CLERKS_CONFIG)
    hall.do(m.SignIn, 1, clerk="lan", pin="2468")
    ticket = completed(hall)
    hall.do(m.Rate, 1, ticket=ticket.number, level="unsatisfied", reasons=["attitude"])
    (row,) = store.db["ratings"].rows
    assert (row["number"], row["clerk"], row["level"], row["reasons"]) == ("1001", "lan", "unsatisfied", '["attitude"]')
    assert store.db.execute("select clerk from tickets").fetchone()[0] == "lan"
    assert [r["kind"] for r in store.db["events"].rows_where("kind = 'rated'")] == ["rated"]
    reloaded = store.load_engine(CLERKS_CONFIG, TEST_KEY)
    assert engine_state(reloaded) == engine_state(hall.engine)
    assert reloaded.counters[1].clerk == "lan" and reloaded.rated == {ticket.id}


def test_a_database_of_the_first_schema_gains_clerks_and_ratings(tmp_path):
    from queue_server.store import MIGRATIONS
    db = sqlite_utils.Database(tmp_path / "old.db")
    db["schema_migrations"].create({"version": int, "applied_at": float}, pk="version")
    MIGRATIONS[0](db)
    db["schema_migrations"].insert({"version": 1, "applied_at": 0.0})
    db["tickets"].insert({"id": 1, "day": "2026-11-30", "service": "DD", "seq": 1001, "number": "1001",
                          "priority": 0, "state": "waiting", "issued_at": local(), "queued_at": local()})
    store = Store(db)
    assert store.schema_version == len(MIGRATIONS)
    assert "clerk" in db["tickets"].columns_dict and "ratings" in db.table_names()
    assert store.load_engine(CLERKS_CONFIG, TEST_KEY).tickets[1].clerk is None


# --- the PIN throttle ---------------------------------------------------------------------------------

def test_wrong_pins_are_counted_then_locked_longer_each_time():
    throttle, at = PinThrottle(), 1000.0
    for left in range(FREE_TRIES - 1, 0, -1):
        assert throttle.refusal("lan", at) is None
        assert throttle.wrong("lan", at).message.en.startswith(f"Wrong PIN. {left} more tr")
    locked = throttle.wrong("lan", at)
    assert isinstance(locked, errors.PinLocked) and f"{FIRST_LOCK_S} seconds" in locked.message.en
    assert throttle.refusal("lan", at + FIRST_LOCK_S - 10).message.vi.endswith("thử lại sau 10 giây.")
    assert throttle.refusal("hung", at) is None  # per clerk
    at += FIRST_LOCK_S
    assert throttle.refusal("lan", at) is None
    assert f"{2 * FIRST_LOCK_S} seconds" in throttle.wrong("lan", at).message.en
    for _ in range(10):
        at += LONGEST_LOCK_S
        longest = throttle.wrong("lan", at)
    assert f"{LONGEST_LOCK_S} seconds" in longest.message.en
    throttle.right("lan")
    assert throttle.refusal("lan", at) is None and "4 more tries" in throttle.wrong("lan", at).message.en
