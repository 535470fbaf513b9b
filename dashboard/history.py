"""What the dashboard reads from the hall's SQLite file, opened read-only: a fresh connection per read, so
reads run in any thread and never block the server's writes (WAL)."""
import os
import unicodedata
from array import array
from collections.abc import Container, Iterator, Sequence
from contextlib import closing, contextmanager
from datetime import date, datetime

import sqlite_utils

from dashboard.figures import GroupCount, HourCount, Report, build_report
from dashboard.finished_days import DayCounts, FinishedDays
from queue_protocol.states import RESULT_OUT, DossierStatus, TicketState
from queue_server.engine import RatingRecord, TicketRecord
from queue_server.store import Store, open_read_only

# Columns that later versions of the tickets table may add; read when present, so their tables appear.
OPTIONAL_TICKET_COLUMNS = ("clerk", "category")
DOSSIER_COLUMNS = ("code", "applicant", "phone", "service", "status", "due_at", "received_at", "updated_at",
                   "counter")
OPEN_DOSSIER = f"status not in ({', '.join(repr(str(status)) for status in sorted(RESULT_OUT))})"
# The dossiers page's filters: every dossier, those ready, those overdue, those returned.
DOSSIER_FILTERS = ("all", DossierStatus.READY, "overdue", DossierStatus.RETURNED)


def plain(text: str) -> str:
    """Lower case without diacritics: "Nguyễn Đức" -> "nguyen duc"."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


class History:
    def __init__(self, db_path):
        self.db_path = db_path
        self.finished = FinishedDays()

    def _connect(self):
        return closing(open_read_only(self.db_path).conn)

    def readable(self) -> bool:
        try:
            with self._connect() as conn:
                conn.execute("select 1 from tickets limit 1").fetchall()
            return True
        except Exception:  # missing file, not yet migrated, unreadable: the health page says so
            return False

    # --- live -------------------------------------------------------------------------------------

    def live_times(self, day: str) -> tuple[dict[str, float], dict[int, float]]:
        """(service -> the place in line of its longest waiting ticket, counter -> when its ticket was called)."""
        with self._connect() as conn:
            oldest = dict(conn.execute("select service, min(queued_at) from tickets where state = ? and day = ? "
                                       "group by service", (TicketState.WAITING, day)))
            called = dict(conn.execute("select counter, max(called_at) from tickets where state in (?, ?) "
                                       "and day = ? group by counter", (TicketState.CALLED, TicketState.SERVING, day)))
        return oldest, called

    # --- dossiers ---------------------------------------------------------------------------------

    def dossiers(self, where: str, parameters: tuple = (), limit: int | None = None) -> list[dict]:
        sql = f"select {', '.join(DOSSIER_COLUMNS)} from dossiers where {where} order by due_at, code"
        if limit is not None:
            sql += f" limit {int(limit)}"
        with self._connect() as conn:
            return [dict(zip(DOSSIER_COLUMNS, row, strict=True)) for row in conn.execute(sql, parameters)]

    def find_dossiers(self, query: str, status: str, today: date, by_name: bool, limit: int) -> list[dict]:
        """Dossiers by one of DOSSIER_FILTERS whose code, or name when allowed, holds the query.

        Names match without accents or case ("nguyen van an" finds "Nguyễn Văn An"): scanners and phones type
        what they can."""
        where = {DossierStatus.READY: f"status = '{DossierStatus.READY}'",
                 DossierStatus.RETURNED: f"status = '{DossierStatus.RETURNED}'",
                 "overdue": f"{OPEN_DOSSIER} and substr(due_at, 1, 10) < ?"}.get(status, "1")
        parameters = (today.isoformat(),) if status == "overdue" else ()
        wanted = plain(query)
        if not wanted:
            return self.dossiers(where, parameters, limit)
        found = [row for row in self.dossiers(where, parameters)
                 if wanted in plain(row["code"]) or (by_name and wanted in plain(row["applicant"]))]
        return found[:limit]

    def overdue_dossiers(self, today: date, limit: int | None = None) -> list[dict]:
        return self.dossiers(f"{OPEN_DOSSIER} and substr(due_at, 1, 10) < ?", (today.isoformat(),), limit)

    # --- reports ----------------------------------------------------------------------------------

    def report(self, first_day: date, last_day: date, zone) -> Report:
        """The period's figures. The database groups the tickets of each day not yet kept (one sort over them:
        the sort is what half a million tickets cost) and lists each group's durations and the levels its served
        citizens gave; the days the server has left behind are kept (FinishedDays) for the next report."""
        period = (first_day.isoformat(), last_day.isoformat())
        with self._connect() as conn:
            conn.execute("begin")  # one snapshot: the fingerprints are those of the days counted
            fingerprints = {day: (count, top) for day, count, top in conn.execute(
                "select day, count(*), max(id) from tickets where day between ? and ? group by day", period)}
            latest = conn.execute("select max(day) from tickets").fetchone()[0]
            file = self._file()
            kept = self.finished.known(file, fingerprints)
            counted = self._count_days(conn, _runs(sorted(fingerprints), kept))
        fresh = {day: DayCounts(fingerprints[day], *counts) for day, counts in counted.items()}
        for day, counts in fresh.items():
            if day < latest:  # the server is past it: it will not change
                self.finished.keep(file, day, counts)
        every_day = {**kept, **fresh}
        days = [every_day[day] for day in sorted(every_day)]  # in order: sums add up the same every time
        hours = [hour for day in days for hour in day.hours]
        offsets = {day: _utc_offset_s(datetime.fromisoformat(day).replace(hour=12, tzinfo=zone))
                   for day in {hour.day for hour in hours}}
        return build_report(first_day, last_day, [group for day in days for group in day.groups], hours, offsets)

    def _count_days(self, conn, runs: list[tuple[str, str]]) -> dict[str, tuple[list, list]]:
        """day -> (its GroupCounts, its HourCounts), for the days of these runs (first, last)."""
        counted: dict[str, tuple[list, list]] = {}
        keys = ", ".join(self._optional_columns(conn))
        if conn.execute("select 1 from sqlite_master where name = 'ratings'").fetchall():
            levels = "group_concat(r.level)"
            ratings = f"left join ratings r on r.ticket_id = t.id and t.state = '{TicketState.DONE}'"
        else:  # the file of a server from before ratings
            levels, ratings = "null", ""
        for run in runs:
            rows = conn.execute(
                f"select t.day, coalesce(t.origin_service, t.service), t.counter, {keys}, t.state, t.priority, "
                f"t.origin_service is not null, count(*), total({WAIT}), total({SERVICE_TIME}), "
                f"group_concat(cast({WAIT} as integer)), group_concat(cast({SERVICE_TIME} as integer)), {levels} "
                f"from tickets t {ratings} where t.day between ? and ? group by 1, 2, 3, 4, 5, 6, 7, 8", run)
            for day, *row in rows:
                counted.setdefault(day, ([], []))[0].append(
                    GroupCount._make((*row[:-3], _seconds(row[-3]), _seconds(row[-2]), _codes(row[-1]))))
            for row in conn.execute(
                    f"select day, cast(issued_at / 3600 as integer) % 24, count(*), sum(state = '{TicketState.DONE}'), "
                    f"sum(state = '{TicketState.NO_SHOW}'), total({WAIT}), count({WAIT}) from tickets "
                    "where day between ? and ? group by 1, 2", run):
                counted.setdefault(row[0], ([], []))[1].append(HourCount._make(row))
        return counted

    def _file(self) -> tuple[int, int]:
        """Which file the database is (a backup restored in its place is another)."""
        status = os.stat(self.db_path)
        return status.st_dev, status.st_ino

    @contextmanager
    def tickets_and_ratings(self, first_day: date,
                            last_day: date) -> Iterator[tuple[Iterator[TicketRecord], list[RatingRecord]]]:
        """Every ticket of the period, read while the export writes it (a year's half a million are never all in
        memory), and its citizens' ratings, for the exports."""
        with self._connect() as conn:
            store = Store(sqlite_utils.Database(conn), migrate=False)
            first, last = first_day.isoformat(), last_day.isoformat()
            yield store.each_ticket_between(first, last), store.ratings_between(first, last)

    @staticmethod
    def _optional_columns(conn) -> list[str]:
        present = {row[1] for row in conn.execute("pragma table_info(tickets)")}
        return [f"t.{name}" if name in present else "null" for name in OPTIONAL_TICKET_COLUMNS]


def _seconds(concatenated: str | None) -> Sequence[int]:
    """group_concat's "12,340,5" as 12, 340, 5 (in an array: a year of them kept in a few megabytes); None (no
    such durations in the group) as none."""
    return array("q", map(int, concatenated.split(","))) if concatenated else array("q")


def _codes(concatenated: str | None) -> list[str]:
    """group_concat's "satisfied,unsatisfied" as its codes (which the configuration keeps free of commas)."""
    return concatenated.split(",") if concatenated else []


def _runs(days: list[str], kept: Container[str]) -> list[tuple[str, str]]:
    """The stretches (first, last) of consecutive days of these (in order) that are not kept: one query each."""
    runs: list[tuple[str, str]] = []
    start: str | None = None
    previous = ""
    for day in days:
        if day not in kept and start is None:
            start = day
        elif day in kept and start is not None:
            runs.append((start, previous))
            start = None
        previous = day
    if start is not None:
        runs.append((start, previous))
    return runs


# The wait runs from the ticket to its (last) call; the service time from the call, or the citizen's arrival
# when the clerk marked it, to completion.
WAIT = "(called_at - issued_at)"
SERVICE_TIME = f"(case when state = '{TicketState.DONE}' then done_at - coalesce(served_at, called_at) end)"


def _utc_offset_s(moment: datetime) -> float:
    offset = moment.utcoffset()
    assert offset is not None  # a moment in the hall's zone
    return offset.total_seconds()
