"""Storage over an injected sqlite-utils Database: one transaction per group of commands, events as the audit log.

The engine's state is rebuilt from these tables at start. A transaction returns only once it is on stable
storage (WAL with synchronous=FULL: the WAL is fsync'ed at each commit), and the server replies only after
the transaction holding a command's changes, its events and its reply has returned: a crash or a power cut
loses no acknowledged ticket, provided the disk honours flushes.
"""
import json
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import msgspec
import sqlite_utils

from queue_server.config import HallConfig
from queue_server.database_file import FileIdentity
from queue_server.engine import (
    Adjusted,
    AdjustmentsRecord,
    CallRecord,
    CounterEvent,
    CounterRecord,
    DayRedated,
    DayStarted,
    DossierEvent,
    DossierRecord,
    Engine,
    EngineEvent,
    Outcome,
    PersonalDataErased,
    RatingEvent,
    RatingRecord,
    RetentionRun,
    TicketEvent,
    TicketHappening,
    TicketRecord,
)
from queue_server.personal_data import FullNamesRead, PersonKey

REQUESTS_KEPT_S = 3 * 24 * 3600

_Record = TypeVar("_Record", bound=msgspec.Struct)


def _migration_1(db: sqlite_utils.Database) -> None:
    db.table("tickets").create({
        "id": int, "day": str, "service": str, "seq": int, "number": str, "priority": bool, "state": str,
        "issued_at": float, "queued_at": float, "counter": int, "called_at": float, "served_at": float,
        "done_at": float, "recalls": int, "dossier": str, "target_counter": int, "origin_service": str,
    }, pk="id", not_null={"day", "service", "seq", "number", "state", "issued_at", "queued_at"})
    db.table("tickets").create_index(["day", "number"], unique=True)
    db.table("tickets").create_index(["state"])
    db.table("counters").create({"number": int, "day": str, "state": str, "ticket_id": int,
                           "priority_streak": int, "served_today": int}, pk="number")
    db.table("dossiers").create({
        "code": str, "applicant": str, "service": str, "status": str, "due_at": str, "received_at": float,
        "updated_at": float, "phone": str, "counter": int,
    }, pk="code")
    db.table("dossiers").create_index(["status"])
    db.table("calls").create({"call_id": int, "ticket_id": int, "number": str, "service": str, "priority": bool,
                        "counter": int, "recall": bool, "at": float}, pk="call_id")
    db.table("events").create({"id": int, "at": float, "device": str, "request_id": str, "kind": str,
                         "ticket_id": int, "data": str}, pk="id")
    db.table("events").create_index(["ticket_id"])
    db.table("requests").create({"device": str, "request_id": str, "at": float, "reply": str},
                          pk=("device", "request_id"))


def _migration_2(db: sqlite_utils.Database) -> None:
    """Clerks sign in at counters and are recorded on what they do; citizens rate each completed ticket."""
    for table in ("tickets", "counters", "calls"):
        db.table(table).add_column("clerk", str)
    db.table("ratings").create({
        "ticket_id": int, "day": str, "number": str, "service": str, "counter": int, "level": str,
        "reasons": str, "at": float, "clerk": str, "dossier": str,
    }, pk="ticket_id", not_null={"day", "number", "service", "counter", "level", "reasons", "at"})
    db.table("ratings").create_index(["day"])


def _migration_3(db: sqlite_utils.Database) -> None:
    """Priority categories; ID numbers as keyed hashes; the audit log keeps no names or phones."""
    db.table("tickets").add_column("category", str)
    db.table("tickets").add_column("person", str)
    db.table("dossiers").add_column("person", str)
    db.execute("update events set data = json_remove(data, '$.applicant', '$.phone') where kind = 'dossier'")


def _migration_4(db: sqlite_utils.Database) -> None:
    """Counters record since when they are in their state (the dashboard's "paused for 25 minutes")."""
    db.table("counters").add_column("state_since", float)


def _migration_5(db: sqlite_utils.Database) -> None:
    """The hall manager's adjustments of a day (counters' services, services opened or closed, the announcement),
    one row per day; each change is also an `adjusted` row of the events table, naming the manager."""
    db.table("adjustments").create({"day": str, "counter_services": str, "service_open": str, "announcement": str,
                              "announcement_en": str}, pk="day")


def _migration_6(db: sqlite_utils.Database) -> None:
    """The queue ordered by a sequence of each day, not by a time a clock set back would reorder (the tickets
    stored so far get their places in the order of their times); each day the date its service may be brought
    back to when a wrong clock is set right."""
    db.table("tickets").add_column("place", int)
    db.execute("update tickets set place = ranked.place from (select id, row_number() over "
               "(partition by day order by queued_at, id) as place from tickets) as ranked "
               "where ranked.id = tickets.id")
    db.table("service_days").create({"day": str, "began_on": str}, pk="day")


# Append only: a released schema is never edited, a new step is added.
MIGRATIONS = (_migration_1, _migration_2, _migration_3, _migration_4, _migration_5, _migration_6)


def open_database(path: str | Path) -> sqlite_utils.Database:
    """A file database in WAL mode, each commit fsync'ed: readers never block the writer, and a commit
    that has returned survives a crash and a power cut (synchronous=NORMAL would sync only at checkpoints).

    The connection may be used from another thread (the server's writer), one thread at a time."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(sqlite3.connect(str(path), check_same_thread=False))
    db.enable_wal()
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA secure_delete=ON")  # erased names and phones are overwritten, not left in free space
    return db


def open_read_only(path: str | Path) -> sqlite_utils.Database:
    """For reports while the server runs: WAL lets this read without ever blocking the server's writes."""
    if not Path(path).exists():
        raise FileNotFoundError(path)
    return sqlite_utils.Database(sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True))


class NewerSchema(Exception):
    def __init__(self, version: int, known: int):
        super().__init__(version, known)
        self.version, self.known = version, known


class DatabaseGone(Exception):
    """The database file was deleted or replaced under the running server."""

    def __init__(self, file: "FileIdentity", what: str):
        super().__init__(f"{file.path} was {what}")
        self.file, self.what = file, what


@dataclass(frozen=True)
class Change:
    """What one command (or one tick of the clock) changed, with its reply when it has one."""
    outcome: Outcome
    at: float
    device: str | None = None
    request_id: str | None = None
    reply: str | None = None


class Store:
    """Reads go through `db`; commits through `writer`, a second connection to the same file, so the server
    can fsync on a thread of its own while its loop keeps reading (one connection would serialise both)."""

    def __init__(self, db: sqlite_utils.Database, writer: sqlite_utils.Database | None = None,
                 migrate: bool = True):
        self.db = db
        self.writer = writer or db
        self.file: FileIdentity | None = None  # a file's store checks that its path still names the file
        self.transactions = 0  # committed since this store was opened: the commands per fsync show in /healthz
        self._select_lists: dict[type, str] = {}
        if migrate:
            self.migrate()

    @classmethod
    def open(cls, path: str | Path) -> "Store":
        """The server's store on a file: one connection to read, one to write."""
        store = cls(open_database(path), writer=open_database(path))
        store.file = FileIdentity(Path(path))
        return store

    def migrate(self) -> None:
        with self.db.atomic():
            if "schema_migrations" not in self.db.table_names():
                self.db.table("schema_migrations").create({"version": int, "applied_at": float}, pk="version")
            done = {int(row["version"]) for row in self.db.table("schema_migrations").rows}
            if max(done, default=0) > len(MIGRATIONS):  # a newer xephang wrote it: this one would misread it
                raise NewerSchema(max(done), len(MIGRATIONS))
            for version, migration in enumerate(MIGRATIONS, start=1):
                if version not in done:
                    migration(self.db)
                    self.db.table("schema_migrations").insert({"version": version, "applied_at": time.time()})

    @property
    def schema_version(self) -> int:
        return max(int(row["version"]) for row in self.db.table("schema_migrations").rows)

    # --- loading ---------------------------------------------------------------------------------

    def load_engine(self, config: HallConfig, person_key: PersonKey) -> Engine:
        """The engine as it was at the last commit: the last day's tickets, counters, dossiers, calls."""
        last_day = self.db.execute("select max(day) from tickets").fetchone()[0]
        counter_day = self.db.execute("select max(day) from counters").fetchone()[0]
        day = max(filter(None, (last_day, counter_day)), default=None)
        next_ticket_id = (self.db.execute("select max(id) from tickets").fetchone()[0] or 0) + 1
        next_call_id = (self.db.execute("select max(call_id) from calls").fetchone()[0] or 0) + 1
        # Earlier days need no loading: the commit that started a new day expired their waiting tickets.
        adjustments = self._records(AdjustmentsRecord, "where day = ?", day)
        began_on = self.db.execute("select began_on from service_days where day = ?", [day]).fetchone()
        # The day served has the highest ids (a day begins only after the one before): read from its first id on,
        # in the table's order (by the day's index, a hall with 100,000 tickets waiting read them all in a
        # scattered order, and a long history as well). The day is still the filter: the same rows.
        tickets = self._records(TicketRecord, "where id >= (select min(id) from tickets where day = ?) and +day = ?",
                                day, day)
        return Engine(config, tickets=tickets,
                      counters=self._records(CounterRecord), dossiers=self._records(DossierRecord),
                      calls=self._records(CallRecord, "order by call_id desc limit 10"),
                      ratings=self.ratings_between(day, day) if day else [],
                      next_ticket_id=next_ticket_id, next_call_id=next_call_id, day=day, person_key=person_key,
                      adjustments=adjustments[0] if adjustments else None, began_on=began_on and began_on[0])

    def last_moment(self) -> float | None:
        """The time of the last thing stored (the clock's reading then)."""
        row = self.db.execute("select at from events order by id desc limit 1").fetchone()
        return row[0] if row else None

    def _records(self, cls: type[_Record], where: str = "", *args: object) -> list[_Record]:
        """Rows as records in one C call (a hall's 100,000 tickets in a few hundred ms): columns in the
        record's field order, SQLite's 0/1 read back as booleans."""
        return self._converted(cls, self._select(cls, where, args).fetchall())

    def _records_in_batches(self, cls: type[_Record], where: str, *args: object) -> Iterator[_Record]:
        """The same records, read a batch at a time: a year's rows are never all in memory at once."""
        cursor = self._select(cls, where, args)
        while rows := cursor.fetchmany(RECORDS_PER_BATCH):
            yield from self._converted(cls, rows)

    def _select(self, cls: type[_Record], where: str, args: tuple[object, ...]) -> sqlite3.Cursor:
        if cls not in self._select_lists:
            present = {row[1] for row in self.db.conn.execute(f"pragma table_info({_TABLES[cls]})")}
            self._select_lists[cls] = ", ".join(_column(f, present) for f in msgspec.structs.fields(cls))
        return self.db.conn.execute(f"select {self._select_lists[cls]} from {_TABLES[cls]} {where}", args)

    @staticmethod
    def _converted(cls: type[_Record], rows: list[Any]) -> list[_Record]:
        json_at = {cls.__struct_fields__.index(name) for name in _JSON_COLUMNS.get(cls, ())}
        if json_at:
            rows = [tuple(json.loads(v) if i in json_at else v for i, v in enumerate(row)) for row in rows]
        # (list[cls]: a type made at run time, which mypy cannot follow.)
        return msgspec.convert(rows, list[cls], strict=False)  # type: ignore[valid-type]

    # --- writing ---------------------------------------------------------------------------------

    def previous_reply(self, device: str, request_id: str) -> str | None:
        row = self.db.conn.execute("select reply from requests where device = ? and request_id = ?",
                                   (device, request_id)).fetchone()
        return row[0] if row else None

    def commit(self, *changes: Change) -> None:
        """Everything these commands changed, their audit events and their replies, in one transaction (one
        fsync): all or nothing. A record changed by several of them is written once, as the last one left it."""
        tickets, counters, dossiers, calls, ratings, audit, requests, day_started_at = {}, {}, {}, [], [], [], [], None
        adjustments = {}  # day -> the last AdjustmentsRecord
        days: list[DayStarted] = []  # in the order they happened
        redated: list[DayRedated] = []
        forgotten: list[tuple[RetentionRun | PersonalDataErased, Change]] = []  # (retention run or erasure, its change)
        for change in changes:
            outcome = change.outcome
            tickets.update(outcome.tickets)
            counters.update(outcome.counters)
            dossiers.update(outcome.dossiers)
            calls += outcome.calls
            ratings += outcome.ratings
            if outcome.adjustments is not None:
                adjustments[outcome.adjustments.day] = outcome.adjustments
            audit += [row for row in (_audit_row(event, change.at, change.device, change.request_id)
                                      for event in outcome.events) if row]
            if change.reply is not None and change.request_id is not None:
                requests.append((change.device, change.request_id, change.at, change.reply))
            if any(isinstance(e, DayStarted) for e in outcome.events):
                day_started_at = change.at
            days += [e for e in outcome.events if isinstance(e, DayStarted)]
            redated += [e for e in outcome.events if isinstance(e, DayRedated)]
            forgotten += [(e, change) for e in outcome.events if isinstance(e, (RetentionRun, PersonalDataErased))]
        conn = self.writer.conn
        with self.writer.atomic():
            # A day redated: its rows already stored move first, what this group wrote under an older date too.
            conn.executemany(_DAY_SQL, [(e.day, e.began_on) for e in days])
            for event in redated:
                for table in _DATED_TABLES:
                    conn.execute(f"update {table} set day = ? where day = ?", (event.new, event.old))
                conn.execute(_DAY_SQL, (event.new, event.began_on))
            if redated:
                tickets, counters = (_redate(records, redated) for records in (tickets, counters))
                ratings = list(_redate(dict(enumerate(ratings)), redated).values())
                adjustments = {r.day: r for r in _redate(adjustments, redated).values()}  # the newest of a day
            # Prepared statements on the connection: sqlite-utils' upsert reads the schema on every call,
            # which cost most of a command's time (bench/); the schema is ours and fixed by the migrations.
            for table, records in (("tickets", tickets.values()), ("counters", counters.values()),
                                   ("dossiers", dossiers.values()), ("calls", calls), ("ratings", ratings),
                                   ("adjustments", adjustments.values())):
                if records:
                    conn.executemany(_REPLACE_SQL[table], [_values(r) for r in records])
            if audit:
                conn.executemany(_EVENT_SQL, audit)
            if requests:
                conn.executemany("insert into requests (device, request_id, at, reply) values (?, ?, ?, ?)", requests)
            if day_started_at is not None:
                conn.execute("delete from requests where at < ?", (day_started_at - REQUESTS_KEPT_S,))
            for erasure, change in forgotten:
                conn.execute(_EVENT_SQL, _forget(conn, erasure, change.at, change.device, change.request_id))
        if forgotten:
            # What was erased also leaves the write-ahead log, where its old pages would otherwise stay a while.
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.transactions += 1
        self.check_file()

    def check_file(self) -> None:
        """Raises DatabaseGone when the path no longer names the file this store writes (after a commit:
        what it stored went to a file nobody will open again, so nobody may be told it is stored)."""
        gone = self.file.still_there() if self.file is not None else None
        if self.file is not None and gone is not None:
            raise DatabaseGone(self.file, gone)

    # --- reading for reports ---------------------------------------------------------------------

    def tickets_of_day(self, day: str) -> list[TicketRecord]:
        return self.tickets_between(day, day)

    def tickets_between(self, first_day: str, last_day: str) -> list[TicketRecord]:
        return self._records(TicketRecord, _PERIOD_BY_ID, first_day, last_day)

    def each_ticket_between(self, first_day: str, last_day: str) -> Iterator[TicketRecord]:
        """The same tickets as they are read: an export of a year holds a batch of them at a time, not all."""
        return self._records_in_batches(TicketRecord, _PERIOD_BY_ID, first_day, last_day)

    def given_by_kiosks(self, day: str) -> Counter[tuple[str, str]]:
        """(kiosk, service) -> the numbers it gave that day, from the audit log (the device that issued each)."""
        rows = self.db.conn.execute(
            "select e.device, coalesce(t.origin_service, t.service), count(*) from tickets t "
            f"join events e on e.ticket_id = t.id and e.kind = 'ticket_{TicketHappening.ISSUED}' where t.day = ? "
            "group by 1, 2", [day])
        return Counter({(device, service): count for device, service, count in rows if device is not None})

    def ratings_between(self, first_day: str, last_day: str) -> list[RatingRecord]:
        if "ratings" not in self.db.table_names():  # read-only, the database of a server not yet upgraded
            return []
        return self._records(RatingRecord, "where day between ? and ? order by ticket_id", first_day, last_day)


_PERIOD_BY_ID = "where day between ? and ? order by id"
RECORDS_PER_BATCH = 10_000

# Every table holding rows of one day's service: a day redated moves them all.
_DATED_TABLES = ("tickets", "counters", "ratings", "adjustments", "service_days")
_DAY_SQL = "insert or replace into service_days (day, began_on) values (?, ?)"
_TABLES: dict[type[msgspec.Struct], str] = {
    TicketRecord: "tickets", CounterRecord: "counters", DossierRecord: "dossiers", CallRecord: "calls",
    RatingRecord: "ratings", AdjustmentsRecord: "adjustments",
}
# A tuple or a dict in one column, as JSON.
_JSON_COLUMNS: dict[type[msgspec.Struct], tuple[str, ...]] = {
    RatingRecord: ("reasons",), AdjustmentsRecord: ("counter_services", "service_open"),
}
_REPLACE_SQL = {table: f"insert or replace into {table} ({', '.join(cls.__struct_fields__)}) "
                       f"values ({', '.join('?' for _ in cls.__struct_fields__)})" for cls, table in _TABLES.items()}
# (at, device, request_id, kind, ticket_id, data): a row of the audit log (events table)
AuditRow = tuple[float, str | None, str | None, str, int | None, str]
_EVENT_SQL = "insert into events (at, device, request_id, kind, ticket_id, data) values (?, ?, ?, ?, ?, ?)"


def _redate(records: dict[Any, Any], redated: list[DayRedated]) -> dict[Any, Any]:
    """The records under the date their day has after these redatings, in turn."""
    def final(record: Any) -> Any:
        for event in redated:
            if record.day == event.old:
                record = msgspec.structs.replace(record, day=event.new)
        return record
    return {key: final(record) for key, record in records.items()}


def _column(field: msgspec.structs.FieldInfo, present: set[str]) -> str:
    """A record field as a select expression: where the record has a default, a NULL (a row written by hand)
    or a column missing (a file read before its migration, by the dashboard) reads as that default."""
    default = None if field.default is msgspec.NODEFAULT else field.default
    literal = "null" if default is None else f"'{default}'" if isinstance(default, str) else str(default)
    if field.name not in present:
        return literal
    return field.name if default is None else f"coalesce({field.name}, {literal})"


def _values(record: msgspec.Struct) -> tuple[Any, ...]:
    values = msgspec.structs.astuple(record)
    if type(record) not in _JSON_COLUMNS:  # most records: a ticket, a counter, a call, written on every command
        return values
    return tuple(json.dumps(value) if isinstance(value, (tuple, dict)) else value for value in values)


# The audit log says what happened to a ticket or a dossier, never to whom: personal fields stay out of it.
_PERSONAL_FIELDS = frozenset({"person", "applicant", "phone"})


def _as_json(record: msgspec.Struct, **extra: Any) -> str:
    fields = {name: value for name, value in msgspec.structs.asdict(record).items() if name not in _PERSONAL_FIELDS}
    return msgspec.json.encode(fields | extra).decode()  # on the writer thread, but holding the loop's GIL


def _forget(conn: sqlite3.Connection, event: PersonalDataErased | RetentionRun, at: float, device: str | None,
            request_id: str | None) -> AuditRow:
    """Removes what the engine cannot reach (earlier days' tickets, stored replies naming the dossiers) and
    returns the audit row of the removal."""
    for code in event.dossiers:  # a stored reply to upsert_dossier names its applicant
        conn.execute("delete from requests where instr(reply, ?) > 0", (json.dumps(code),))
    if isinstance(event, PersonalDataErased):
        return at, device, request_id, "personal_data_erased", None, json.dumps(
            {"dossiers": list(event.dossiers), "tickets_unlinked": event.tickets})
    unlinked = conn.execute("update tickets set person = null where day < ? and person is not null",
                            (event.day,)).rowcount
    return at, device, request_id, "retention", None, json.dumps(
        {"day": event.day, "dossiers_anonymised": list(event.dossiers), "tickets_unlinked": unlinked})


def _audit_row(event: EngineEvent, at: float, device: str | None, request_id: str | None) -> AuditRow | None:
    """(at, device, request_id, kind, ticket_id, data) for one change; None for derived events."""
    if isinstance(event, TicketEvent):
        extra = {"call_id": event.call.call_id} if event.call is not None else {}
        return at, device, request_id, f"ticket_{event.kind}", event.ticket.id, _as_json(event.ticket, **extra)
    if isinstance(event, CounterEvent):
        return at, device, request_id, "counter", None, _as_json(event.counter)
    if isinstance(event, DossierEvent):
        return at, device, request_id, "dossier", None, _as_json(event.dossier)
    if isinstance(event, RatingEvent):
        return at, device, request_id, "rated", event.rating.ticket_id, _as_json(event.rating)
    if isinstance(event, Adjusted):
        return at, device, request_id, "adjusted", None, json.dumps(
            {"what": event.what, "subject": event.subject, "value": event.value, "by": event.by}, ensure_ascii=False)
    if isinstance(event, DayStarted):
        return at, device, request_id, "day_started", None, json.dumps({"day": event.day, "began_on": event.began_on})
    if isinstance(event, DayRedated):
        return at, device, request_id, "day_redated", None, json.dumps({"from": event.old, "to": event.new})
    if isinstance(event, FullNamesRead):
        return at, device, request_id, "full_names_read", None, json.dumps(
            {"via": event.via, "dossiers": list(event.dossiers)})
    return None  # queue events are derived from ticket events: nothing new to record
