"""A period's figures from a real SQLite file written by the real engine and store, checked against what a
person would count by hand and against the statistics module."""
import os
import sqlite3
from collections import Counter
from datetime import date
from statistics import mean, median, quantiles

from hypothesis import given, strategies as st

from dashboard.figures import _percentile
from dashboard.history import History
from queue_protocol import messages as m
from queue_server.config import DEMO_CONFIG_PATH, load_config
from queue_server.store import Change, Store, open_database
from tests.queue_server.engine_helpers import TEST_CONFIG, TEST_KEY, ZONE, local
from tests.sample_history import fill_history


def run(store: Store, engine, command, at: float, counter=None):
    engine.tick(at)
    outcome = engine.handle(command, at, counter)
    store.commit(Change(outcome, at))
    return outcome


def test_a_day_counted_per_service_counter_hour_and_day(tmp_path):
    store = Store(open_database(tmp_path / "hall.db"))
    engine = store.load_engine(TEST_CONFIG, TEST_KEY)
    store.commit(Change(engine.tick(local(hour=7)), local(hour=7)))
    def issue(i, service, at, category=None):
        return run(store, engine, m.IssueTicket(
            id=f"k{i}", service=service, category=category), at)
    # 08:00-08:03 four Đất đai tickets, one for an older person; 09:10 one Hộ tịch ticket.
    for i in range(4):
        issue(i, "DD", local(hour=8, minute=i), category="elderly" if i == 3 else None)
    issue(9, "HT", local(hour=9, minute=10))
    waits, services = [], []
    # Counter 2 (DD only) serves three: the priority one first, then the oldest two. The first citizen is
    # satisfied, the second not, the third leaves the tablet unanswered.
    ratings = [("satisfied", []), ("unsatisfied", ["waiting_time"]), None]
    for n, (call, done) in enumerate([((8, 10), (8, 20)), ((8, 21), (8, 26)), ((8, 40), (9, 0))]):
        ticket = run(store, engine, m.CallNext(id=f"c{n}"), local(hour=call[0], minute=call[1]), 2).ticket
        waits.append(ticket.called_at - ticket.issued_at)
        done_at = local(hour=done[0], minute=done[1])
        run(store, engine, m.Complete(id=f"d{n}"), done_at, 2)
        services.append(done_at - ticket.called_at)
        if ratings[n]:
            level, reasons = ratings[n]
            run(store, engine, m.Rate(id=f"r{n}", ticket=ticket.number, level=level, reasons=reasons), done_at + 20, 2)
    # Counter 1 calls the last DD ticket: nobody comes.
    run(store, engine, m.CallNext(id="c9"), local(hour=9, minute=5), 1)
    run(store, engine, m.Recall(id="r9"), local(hour=9, minute=6), 1)
    run(store, engine, m.NoShow(id="n9"), local(hour=9, minute=7), 1)
    waits_all = waits + [local(hour=9, minute=5) - local(hour=8, minute=2)]

    report = History(tmp_path / "hall.db").report(date(2026, 11, 30), date(2026, 11, 30), ZONE)

    land = report.by_service["DD"]
    assert (land.issued, land.served, land.no_show, land.priority, land.transferred) == (4, 3, 1, 1, 0)
    assert land.wait.average == mean(waits_all) and land.wait.median == median(waits_all)
    assert land.wait.p90 == quantiles(waits_all, n=10, method="inclusive")[-1]
    assert land.service.average == mean(services) and land.service.median == median(services)
    assert report.by_service["HT"].issued == 1 and report.by_service["HT"].wait.average is None
    assert report.by_counter[2].served == 3 and report.by_counter[1].no_show == 1
    assert report.total.issued == 5 and report.total.served == 3
    assert [(h.hour, h.issued) for h in report.by_hour] == [(8, 4), (9, 1)]
    assert [(d.day, d.issued, d.served, d.no_show) for d in report.by_day] == [(date(2026, 11, 30), 5, 3, 1)]
    assert report.by_clerk == {}  # nobody signed in at these counters
    assert list(report.by_category) == ["elderly"]
    elderly = report.by_category["elderly"]
    assert (elderly.issued, elderly.served, elderly.ratings, elderly.not_rated) == (1, 1, {"satisfied": 1}, 0)
    # Ratings: shares of the citizens served; the no-show is not among them.
    assert land.ratings == {"satisfied": 1, "unsatisfied": 1} and land.not_rated == 1 and report.rated
    assert land.rating_share("unsatisfied") == land.rating_share(None) == 1 / 3
    assert report.by_counter[2].ratings == land.ratings and report.by_counter[1].ratings == {}
    assert report.by_service["HT"].rating_share("satisfied") is None  # nobody served: no share

    # Clerks signed in at counters are recorded on each ticket: the report gets a table per clerk.
    store.db.execute("update tickets set clerk = 'lan' where counter = 2")
    store.db.conn.commit()
    by_clerk = History(tmp_path / "hall.db").report(date(2026, 11, 30), date(2026, 11, 30), ZONE).by_clerk
    assert list(by_clerk) == ["lan"] and by_clerk["lan"].served == 3
    assert by_clerk["lan"].service.average == mean(services)
    assert by_clerk["lan"].ratings == {"satisfied": 1, "unsatisfied": 1}


def test_a_period_with_no_tickets(tmp_path):
    Store(open_database(tmp_path / "hall.db"))
    report = History(tmp_path / "hall.db").report(date(2026, 1, 1), date(2026, 12, 31), ZONE)
    assert report.total.issued == 0 and report.by_service == {} and report.by_hour == [] and not report.rated


@given(st.lists(st.integers(min_value=0, max_value=7200), min_size=1, max_size=300),
       st.sampled_from([0.5, 0.9]))
def test_percentiles_from_a_histogram_match_the_statistics_module(values, fraction):
    expected = median(values) if fraction == 0.5 else (
        quantiles(values, n=10, method="inclusive")[-1] if len(values) > 1 else values[0])
    assert abs(_percentile(Counter(values), len(values), fraction) - expected) < 1e-9


def write_history(path, config, last: date, tickets_per_day: int, seed: int = 1) -> None:
    """Three days of tickets in a file, closed (its write-ahead log folded in), as the server leaves it."""
    store = Store(open_database(path))
    fill_history(store, config, last, days=3, tickets_per_day=tickets_per_day, seed=seed)
    store.db.conn.close()


def test_the_days_the_server_has_left_behind_are_kept_and_a_changed_or_replaced_file_is_read_again(tmp_path):
    """A report asked again gives the same figures from the days kept; a day that changes anyway (a ticket added
    to it), the latest day (still running) and another file in the database's place are read again."""
    config = load_config(DEMO_CONFIG_PATH)
    first, last = date(2025, 12, 29), date(2025, 12, 31)
    path = tmp_path / "hall.db"
    write_history(path, config, last, tickets_per_day=40)
    history = History(path)
    before = history.report(first, last, config.zone)
    assert before == History(path).report(first, last, config.zone) == history.report(first, last, config.zone)

    db = sqlite3.connect(path)
    db.execute("update tickets set state = 'no_show' where day = '2025-12-31' and state = 'done' "
               "and id = (select min(id) from tickets where day = '2025-12-31' and state = 'done')")
    db.execute("insert into tickets (day, service, seq, number, priority, state, issued_at, queued_at) "
               "select day, service, seq + 1000, 'X1', 0, 'expired', issued_at, queued_at from tickets "
               "where day = '2025-12-29' limit 1")
    db.commit()
    db.close()
    after = history.report(first, last, config.zone)
    assert after == History(path).report(first, last, config.zone)
    assert (after.total.issued, after.total.no_show) == (before.total.issued + 1, before.total.no_show + 1)

    other = tmp_path / "other.db"
    write_history(other, config, last, tickets_per_day=25, seed=2)
    os.replace(other, path)  # a backup restored in its place
    assert history.report(first, last, config.zone).total.issued == 75
