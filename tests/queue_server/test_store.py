"""The store: migrations, one transaction per command with its audit events and reply, the engine rebuilt."""
import json
import sqlite3

import msgspec
import pytest
import sqlite_utils

from queue_protocol import messages as m
from queue_server.store import MIGRATIONS, REQUESTS_KEPT_S, Change, Store, open_database
from tests.queue_server.engine_helpers import TEST_CONFIG, TEST_KEY, Hall, config_with, engine_state, local

CODE = "000.00.16.G04-261120-0020"


class StoredHall(Hall):
    """A Hall whose every outcome, ticks included, is committed as the server does."""

    def __init__(self, store: Store, config=TEST_CONFIG, start=None):
        self.store = store
        super().__init__(config, start)

    def at(self, when):
        outcome = super().at(when)
        self.store.commit(Change(outcome, when))
        return outcome

    def do(self, command_type, counter=None, /, **fields):
        outcome = super().do(command_type, counter, **fields)
        self.store.commit(Change(outcome, self.now, "device-1", str(self._ids), f"reply {self._ids}"))
        return outcome


@pytest.fixture
def store():
    return Store(sqlite_utils.Database(memory=True))


def rows(store, table):
    return list(store.db[table].rows)


def test_migrations_run_once(store):
    assert store.schema_version == len(MIGRATIONS)
    Store(store.db)
    Store(store.db)
    assert [r["version"] for r in rows(store, "schema_migrations")] == list(range(1, len(MIGRATIONS) + 1))
    assert {"tickets", "counters", "dossiers", "calls", "events", "requests"} <= set(store.db.table_names())


def test_each_change_is_an_event_row_with_its_request(store):
    hall = StoredHall(store)
    ticket = hall.issue("DD")
    hall.call_next(2)
    hall.do(m.UpsertDossier, code=CODE, applicant="Nguyễn Văn An", service="DD", due_at="2026-12-03")
    events = rows(store, "events")
    assert [e["kind"] for e in events] == ["counter"] * 4 + ["ticket_issued", "ticket_called", "counter", "dossier"]
    issued, called = events[4], events[5]
    assert (issued["ticket_id"], issued["device"], issued["request_id"]) == (ticket.id, "device-1", "1")
    assert json.loads(called["data"])["call_id"] == rows(store, "calls")[0]["call_id"]
    assert json.loads(events[-1]["data"])["code"] == CODE
    assert "Nguyễn" not in events[-1]["data"]  # the audit log says what happened, never to whom
    hall.at(local(1, 8, month=12))
    kinds = [e["kind"] for e in rows(store, "events")]
    assert kinds[-6:] == ["day_started"] + ["counter"] * 4 + ["retention"]


def test_replies_are_kept_for_repeated_requests(store):
    hall = StoredHall(store)
    hall.issue("DD")
    assert store.previous_reply("device-1", "1") == "reply 1"
    assert store.previous_reply("device-1", "2") is None
    assert store.previous_reply("device-2", "1") is None


def test_old_replies_are_dropped_when_a_new_day_starts(store):
    hall = StoredHall(store)
    hall.issue("DD")
    hall.at(hall.now + REQUESTS_KEPT_S + 24 * 3600)
    assert rows(store, "requests") == []


def test_a_failed_commit_leaves_nothing(store):
    hall = StoredHall(store)
    hall.issue("DD")
    before = {table: rows(store, table) for table in store.db.table_names()}
    outcome = hall.engine.handle(m.IssueTicket(id="again", service="DD"), hall.now, None)
    # The reply row comes last in the transaction: its clash fails the whole command.
    with pytest.raises(sqlite3.IntegrityError):
        store.commit(Change(outcome, hall.now, "device-1", "1", "a second reply for the same request"))
    assert {table: rows(store, table) for table in store.db.table_names()} == before


def test_reopening_the_file_rebuilds_the_engine(tmp_path):
    path = tmp_path / "hall.db"
    hall = StoredHall(Store(open_database(path)))
    assert hall.store.db.execute("pragma journal_mode").fetchone()[0] == "wal"
    hall.numbers("DD", "DD", "HT", "KD")
    hall.issue("DD", priority=True)
    hall.call_next(1)
    hall.do(m.StartServing, 1)
    hall.do(m.Transfer, 1, counter=3)
    hall.call_next(2)
    hall.do(m.Recall, 2)
    hall.do(m.OpenCounter, 4)
    hall.do(m.Pause, 4)
    hall.do(m.UpsertDossier, code=CODE, applicant="Nguyễn Văn An", service="DD", due_at="2026-12-03",
            status="ready")
    hall.store.db.close()
    reloaded = Store(open_database(path)).load_engine(TEST_CONFIG, TEST_KEY)
    assert engine_state(reloaded) == engine_state(hall.engine)
    reloaded.tick(hall.now + 1)
    assert reloaded.handle(m.IssueTicket(id="x", service="DD"), hall.now + 1).ticket.number == "1004"


def test_estimates_survive_a_restart_in_the_order_tickets_finished(store):
    config = config_with(hall={"estimate_window": 1})
    hall = StoredHall(store, config)
    hall.numbers("DD", "DD")
    hall.call_next(1)
    hall.call_next(2)
    hall.now += 100
    hall.do(m.Complete, 2)   # the later ticket finishes first, after 100 s
    hall.now += 500
    hall.do(m.Complete, 1)   # the last to finish took 600 s
    assert list(store.load_engine(config, TEST_KEY).durations["DD"]) == list(hall.engine.durations["DD"]) == [603.0]


def test_a_new_day_is_stored_before_any_ticket_of_it(store):
    hall = StoredHall(store)
    hall.numbers("DD", "DD")
    hall.at(local(1, 0, 0, 1, month=12))
    reloaded = store.load_engine(TEST_CONFIG, TEST_KEY)
    assert reloaded.day == "2026-12-01" and reloaded.tickets == {}
    assert engine_state(reloaded) == engine_state(hall.engine)


def test_a_service_taken_out_of_the_config_does_not_stop_the_server(store):
    hall = StoredHall(store)
    hall.numbers("DD", "KD", "KD")
    hall.call_next(3)
    hall.do(m.Complete, 3)
    without_kd = msgspec.structs.replace(TEST_CONFIG, services=tuple(
        s for s in TEST_CONFIG.services if s.code != "KD"), counters=tuple(
        msgspec.structs.replace(c, services=tuple(code for code in c.services if code != "KD"))
        for c in TEST_CONFIG.counters))
    engine = store.load_engine(without_kd, TEST_KEY)
    engine.tick(hall.now + 1)
    assert engine.handle(m.IssueTicket(id="x", service="DD"), hall.now + 1).ticket.number == "1002"


def test_migration_6_gives_stored_tickets_their_places_in_the_order_of_their_times(tmp_path):
    db = sqlite_utils.Database(tmp_path / "hall-at-schema-5.db")
    db["schema_migrations"].create({"version": int, "applied_at": float}, pk="version")
    for version, migration in enumerate(MIGRATIONS[:5], start=1):
        migration(db)
        db["schema_migrations"].insert({"version": version, "applied_at": 0.0})
    # (id, day, queued_at): on the 30th, 1002 was transferred and lost its place; two tickets of the 29th tie.
    for ticket_id, day, queued_at in [(1, "2026-11-29", 50.0), (2, "2026-11-29", 50.0), (3, "2026-11-30", 100.0),
                                      (4, "2026-11-30", 300.0), (5, "2026-11-30", 200.0)]:
        db["tickets"].insert({"id": ticket_id, "day": day, "service": "DD", "seq": 1000 + ticket_id,
                              "number": str(1000 + ticket_id), "priority": False, "state": "waiting",
                              "issued_at": queued_at, "queued_at": queued_at})
    store = Store(db)
    assert store.schema_version == 6 == len(MIGRATIONS)
    assert {r["id"]: r["place"] for r in rows(store, "tickets")} == {1: 1, 2: 2, 3: 1, 4: 3, 5: 2}
    assert rows(store, "service_days") == []
    engine = store.load_engine(TEST_CONFIG, TEST_KEY)
    assert (engine.day, engine.began_on, engine.next_place) == ("2026-11-30", "2026-11-30", 4)
    assert [t.number for t in engine.waiting_for_counter(2)] == ["1003", "1005", "1004"]


def test_a_redated_day_and_the_date_it_began_on_survive_a_restart(store):
    hall = StoredHall(store, start=local(30, 9))
    hall.numbers("DD", "DD")
    hall.call_next(2)
    outcome = hall.clock_set(local(30, 9, 30) + 365 * 24 * 3600)
    store.commit(Change(outcome, hall.now))
    reloaded = store.load_engine(TEST_CONFIG, TEST_KEY)
    assert (reloaded.day, reloaded.began_on) == ("2027-11-30", "2026-11-30")
    assert engine_state(reloaded) == engine_state(hall.engine)
    assert {r["day"] for r in rows(store, "tickets")} == {r["day"] for r in rows(store, "counters")} == {"2027-11-30"}
    assert json.loads(rows(store, "events")[-1]["data"]) == {"from": "2026-11-30", "to": "2027-11-30"}
