"""Past days of a hall, made up but shaped like a real one (a morning peak, an afternoon, waits that grow
with the queue, a few no-shows and transfers), written into the hall's SQLite file: for the dashboard's
screenshots, its bench, and a demo whose reports are not empty."""
import random
from datetime import date, datetime, timedelta

from queue_server.config import HallConfig
from queue_server.store import Store

# Share of a day's tickets issued in each hour (07h to 16h): the morning is busiest.
HOURLY_SHARE = {7: 0.10, 8: 0.19, 9: 0.18, 10: 0.14, 11: 0.05, 13: 0.09, 14: 0.12, 15: 0.09, 16: 0.04}
_COLUMNS = ("id", "day", "service", "seq", "number", "priority", "state", "issued_at", "queued_at", "counter",
            "called_at", "served_at", "done_at", "recalls", "dossier", "target_counter", "origin_service")
_INSERT = f"insert into tickets ({', '.join(_COLUMNS)}) values ({', '.join('?' for _ in _COLUMNS)})"


def fill_history(store: Store, config: HallConfig, last_day: date, days: int, tickets_per_day: int,
                 seed: int = 1) -> int:
    """Tickets for `days` working days up to last_day (weekends skipped); returns how many were written."""
    rng = random.Random(seed)
    services = [s for s in config.services if config.counters_for(s.code)]
    weights = [3 if s.code == "DD" else 1 for s in services]
    next_id = (store.db.execute("select max(id) from tickets").fetchone()[0] or 0) + 1
    day, written, rows = last_day, 0, []
    while days > 0:
        if day.weekday() < 5:
            days -= 1
            rows += _day(rng, config, services, weights, day, tickets_per_day, next_id + len(rows))
        day -= timedelta(days=1)
    with store.db.atomic():
        store.db.conn.executemany(_INSERT, rows)
        written += len(rows)
    return written


def _day(rng, config, services, weights, day: date, count: int, first_id: int) -> list[tuple]:
    zone = config.zone
    seq = {s.code: s.first_last[0] for s in services}
    hours = list(HOURLY_SHARE)
    rows = []
    for i in range(count):
        giver = rng.choices(services, weights)[0]  # the service that gave the number
        seq[giver.code] += 1
        hour = rng.choices(hours, list(HOURLY_SHARE.values()))[0]
        issued = datetime(day.year, day.month, day.day, hour, tzinfo=zone).timestamp() + rng.uniform(0, 3599)
        busy = HOURLY_SHARE[hour] / max(HOURLY_SHARE.values())
        called = issued + rng.expovariate(1 / (300 + 1500 * busy))
        served = called + rng.uniform(20, 90)
        done = served + rng.gammavariate(3, giver.default_service_s / 3)
        fate = rng.random()
        state, service = "done", giver
        if fate < 0.05:
            state, served, done = "no_show", None, called + 120
        elif fate < 0.08:
            service = rng.choice([s for s in services if s is not giver] or [giver])
        rows.append((first_id + i, day.isoformat(), service.code, seq[giver.code] - 1,
                     giver.format_number(seq[giver.code] - 1), rng.random() < 0.1, state, issued, issued,
                     rng.choice(config.counters_for(service.code)), called, served, done, 0, None, None,
                     giver.code if service is not giver else None))
    return rows
