"""Past days of a hall, made up but shaped like a real one (a morning peak, an afternoon, waits that grow
with the queue, a few no-shows and transfers, a clerk at each counter, priority categories, about two citizens
in three rating their clerk), written into the hall's SQLite file: for the dashboard's screenshots and its
bench."""
import json
import random
from datetime import date, datetime, timedelta

from queue_server.config import HallConfig
from queue_server.store import Store

# Share of a day's tickets issued in each hour (07h to 16h): the morning is busiest.
HOURLY_SHARE = {7: 0.10, 8: 0.19, 9: 0.18, 10: 0.14, 11: 0.05, 13: 0.09, 14: 0.12, 15: 0.09, 16: 0.04}
# Of the citizens served, who rates how (the rest walk away from the tablet: "không đánh giá").
RATED_SHARE = {"very_satisfied": 0.38, "satisfied": 0.24, "unsatisfied": 0.04}
_COLUMNS = ("id", "day", "service", "seq", "number", "priority", "state", "issued_at", "queued_at", "counter",
            "called_at", "served_at", "done_at", "recalls", "dossier", "target_counter", "origin_service", "clerk",
            "category")
_RATING_COLUMNS = ("ticket_id", "day", "number", "service", "counter", "level", "reasons", "at", "clerk")


def _insert(table: str, columns: tuple[str, ...]) -> str:
    return f"insert into {table} ({', '.join(columns)}) values ({', '.join('?' for _ in columns)})"


def fill_history(store: Store, config: HallConfig, last_day: date, days: int, tickets_per_day: int,
                 seed: int = 1) -> int:
    """Tickets for `days` working days up to last_day (weekends skipped); returns how many were written."""
    rng = random.Random(seed)
    services = [s for s in config.services if config.counters_for(s.code)]
    weights = [3 if s.code == "DD" else 1 for s in services]
    next_id = (store.db.execute("select max(id) from tickets").fetchone()[0] or 0) + 1
    day, rows, ratings = last_day, [], []
    while days > 0:
        if day.weekday() < 5:
            days -= 1
            tickets = _day(rng, config, services, weights, day, tickets_per_day, next_id + len(rows))
            rows += tickets
            ratings += _ratings(rng, config, tickets)
        day -= timedelta(days=1)
    with store.db.atomic():
        store.db.conn.executemany(_insert("tickets", _COLUMNS), rows)
        store.db.conn.executemany(_insert("ratings", _RATING_COLUMNS), ratings)
    return len(rows)


def _ratings(rng, config: HallConfig, tickets: list[tuple]) -> list[tuple]:
    """Citizens served rating their clerk at the tablet, a minute after completion; the unsatisfied say why."""
    levels = {level.code for level in config.rating.levels}
    shares = {code: share for code, share in RATED_SHARE.items() if code in levels}
    reasons = [reason.code for reason in config.rating.reasons]
    rated = []
    for row in tickets:
        ticket = dict(zip(_COLUMNS, row, strict=True))
        if ticket["state"] != "done":
            continue
        draw, level = rng.random(), None
        for code, share in shares.items():
            if draw < share:
                level = code
                break
            draw -= share
        if level is None:
            continue
        why = rng.sample(reasons, rng.randint(1, 2)) if config.rating.level(level).reasons and reasons else []
        rated.append((ticket["id"], ticket["day"], ticket["number"], ticket["service"], ticket["counter"], level,
                      json.dumps(why), ticket["done_at"] + rng.uniform(5, 60), ticket["clerk"]))
    return rated


def _day(rng, config, services, weights, day: date, count: int, first_id: int) -> list[tuple]:
    zone = config.zone
    # One clerk signed in at each counter all day, in the order the configuration lists both.
    clerks = {counter.number: (config.clerks[i].id if i < len(config.clerks) else None)
              for i, counter in enumerate(config.counters)}
    categories = [category.code for category in config.priority_categories]
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
        priority = rng.random() < 0.1
        counter = rng.choice(config.counters_for(service.code))
        rows.append((first_id + i, day.isoformat(), service.code, seq[giver.code] - 1,
                     giver.format_number(seq[giver.code] - 1), priority, state, issued, issued,
                     counter, called, served, done, 0, None, None,
                     giver.code if service is not giver else None, clerks.get(counter),
                     rng.choice(categories) if priority and categories else None))
    return rows
