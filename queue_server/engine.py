"""The queue as a pure state machine: commands in, events out. No I/O and no clock: time is passed in.

Commands are the protocol's command messages, each dispatched through HANDLERS to its handler; `handle`
either raises a QueueError (and changes nothing) or returns an Outcome: the reply's contents, the events to
log and broadcast, and the changed records for the store to write in one transaction. Every move of a ticket
or a counter goes through queue_protocol.states' tables.
"""
import heapq
import itertools
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, overload

import msgspec
from msgspec.structs import replace

from queue_protocol import errors, messages as m
from queue_protocol.limits import checked_text
from queue_protocol.states import (
    AT_A_COUNTER,
    RESULT_OUT,
    STATUS_TEXTS,
    CounterFacts,
    CounterState,
    DossierStatus,
    Move,
    TicketState,
    counter_move,
    dossier_change,
    ticket_move,
)
from queue_protocol.text import Text
from queue_server.clock_steps import Elapsed, plausible
from queue_server.config import HallConfig, ServiceConfig
from queue_server.dossiers import due_day, normalize_code, normalize_due, to_timestamp
from queue_server.personal_data import FullNamesRead, PersonKey, phone_key, same_name

WAITING, DONE = TicketState.WAITING, TicketState.DONE
HeapEntry = tuple[int, int]  # (place, ticket id)
OPEN, CLOSED = CounterState.OPEN, CounterState.CLOSED


# The records: one row of their table each, fields in column order. msgspec structs, array-like, so that the
# store turns 100,000 rows into records in one C call at start (frozen dataclasses took ten times as long);
# untracked by the garbage collector, which they cannot concern: they hold only numbers, text and None.
class TicketRecord(msgspec.Struct, frozen=True, array_like=True, gc=False):
    id: int
    day: str
    service: str
    seq: int
    number: str
    priority: bool
    state: str
    issued_at: float
    queued_at: float  # when it joined the line: issue time, or transfer time when a transfer loses the place
    counter: int | None = None
    called_at: float | None = None
    served_at: float | None = None
    done_at: float | None = None
    recalls: int = 0
    dossier: str | None = None
    target_counter: int | None = None
    origin_service: str | None = None  # the service that gave the number, when transferred
    clerk: str | None = None  # who last called, completed, transferred or marked it a no-show
    category: str | None = None  # the priority category's code, when the citizen said which
    person: str | None = None  # the keyed hash of the ID card it was taken with; gone when its day ends
    # Its place in line, a sequence of its day: given at issue, again at a transfer that loses the place. Not a
    # time: a clock set back an hour must not put the tickets issued after it before the ones issued earlier.
    place: int = 0


class CounterRecord(msgspec.Struct, frozen=True, array_like=True, gc=False):
    number: int
    day: str
    state: str = CLOSED
    ticket_id: int | None = None
    priority_streak: int = 0
    served_today: int = 0
    clerk: str | None = None  # signed in there
    state_since: float | None = None  # when it entered its state (a dashboard's "paused for 25 minutes")


class DossierRecord(msgspec.Struct, frozen=True, array_like=True, gc=False):
    code: str
    applicant: str
    service: str
    status: str
    due_at: str
    received_at: float
    updated_at: float
    phone: str | None = None
    counter: int | None = None
    person: str | None = None  # the keyed hash of the applicant's ID number

    def anonymised(self) -> "DossierRecord":
        return replace(self, applicant="", phone=None, person=None)

    @property
    def holds_personal_data(self) -> bool:
        return bool(self.applicant or self.phone or self.person)


class CallRecord(msgspec.Struct, frozen=True, array_like=True, gc=False):
    call_id: int
    ticket_id: int
    number: str
    service: str
    priority: bool
    counter: int
    recall: bool
    at: float
    clerk: str | None = None


class AdjustmentsRecord(msgspec.Struct, frozen=True, array_like=True):
    """The hall manager's changes to the configuration for one day; the next day starts from the configuration."""
    day: str
    counter_services: dict[int, tuple[str, ...]] = {}  # counter -> its services today, where not the configured ones
    service_open: dict[str, bool] = {}  # service -> opened (True) or closed (False) for the rest of the day
    announcement: str = ""  # a line for the hall screens
    announcement_en: str = ""


class RatingRecord(msgspec.Struct, frozen=True, array_like=True):
    """A citizen's rating of one completed ticket: who served, where, for what. No personal data."""
    ticket_id: int
    day: str
    number: str
    service: str
    counter: int
    level: str
    reasons: tuple[str, ...]
    at: float
    clerk: str | None = None
    dossier: str | None = None


# Events: what happened, for the audit log and for the server to turn into broadcasts.
class TicketHappening(StrEnum):
    """What happened to a ticket, as the audit log names it (events.kind is "ticket_" + this)."""
    ISSUED = "issued"
    CALLED = "called"
    RECALLED = "recalled"
    STARTED = "started"
    DONE = "done"
    NO_SHOW = "no_show"
    TRANSFERRED = "transferred"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class TicketEvent:
    kind: TicketHappening
    ticket: TicketRecord
    call: CallRecord | None = None


@dataclass(frozen=True, slots=True)
class CounterEvent:
    counter: CounterRecord


@dataclass(frozen=True, slots=True)
class QueueEvent:
    service: str


@dataclass(frozen=True, slots=True)
class DossierEvent:
    dossier: DossierRecord


@dataclass(frozen=True, slots=True)
class RatingEvent:
    rating: RatingRecord


@dataclass(frozen=True, slots=True)
class Adjusted:
    """One of the hall manager's changes for today: what (ADJUSTMENTS), of which counter or service, by whom."""
    what: str
    subject: Any  # the counter's number, the service's code, or None for the announcement
    value: Any
    by: str


COUNTER_SERVICES, SERVICE_OPEN, ANNOUNCEMENT = "counter_services", "service_open", "announcement"


@dataclass(frozen=True, slots=True)
class DayStarted:
    day: str
    began_on: str  # the earliest date this day's service may be brought back to (see Engine._follow_the_date)


@dataclass(frozen=True, slots=True)
class DayRedated:
    """The clock was set: the day's service goes on (queue, numbers, counters) under another date."""
    old: str
    new: str
    began_on: str


@dataclass(frozen=True, slots=True)
class RetentionRun:
    """The daily removal of personal data: these returned dossiers were anonymised; the store also removes
    every ticket's link to a person before `day`."""
    day: str
    dossiers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PersonalDataErased:
    """A citizen's data erased on request: these dossiers anonymised, this many of today's tickets unlinked."""
    dossiers: tuple[str, ...]
    tickets: int


EngineEvent = (TicketEvent | CounterEvent | QueueEvent | DossierEvent | RatingEvent | Adjusted | DayStarted
               | DayRedated | RetentionRun | PersonalDataErased | FullNamesRead)


@dataclass
class Outcome:
    ticket: TicketRecord | None = None
    counter: CounterRecord | None = None
    dossier: DossierRecord | None = None
    ahead: int | None = None
    estimated_wait_s: int | None = None
    events: list[EngineEvent] = field(default_factory=list)
    tickets: dict[int, TicketRecord] = field(default_factory=dict)  # to write
    counters: dict[int, CounterRecord] = field(default_factory=dict)  # to write
    dossiers: dict[str, DossierRecord] = field(default_factory=dict)  # to write
    calls: list[CallRecord] = field(default_factory=list)  # to write
    ratings: list[RatingRecord] = field(default_factory=list)  # to write
    adjustments: AdjustmentsRecord | None = None  # the day's adjustments, to write
    found_dossiers: list[DossierRecord] | None = None  # lookup_card, find and erase_personal_data
    found_tickets: list[TicketRecord] | None = None  # find and erase_personal_data


class Engine:
    def __init__(self, config: HallConfig, tickets: Iterable[TicketRecord] = (), counters: Iterable[CounterRecord] = (),
                 dossiers: Iterable[DossierRecord] = (), calls: Iterable[CallRecord] = (),
                 ratings: Iterable[RatingRecord] = (),
                 next_ticket_id: int = 1, next_call_id: int = 1, day: str | None = None,
                 person_key: PersonKey | None = None, adjustments: AdjustmentsRecord | None = None,
                 began_on: str | None = None):
        self.config = config
        self.person_key = person_key or PersonKey.random()
        self.zone = config.zone
        # The last moment made local: a command asks for it often.
        self._local_at: float | None = None
        self._local: datetime | None = None
        # counters_for, for these adjustments (see there)
        self._serving_by: AdjustmentsRecord | None = None
        self._serving: dict[str, list[int]] = {}
        # (minute, adjustments) whose services' opening tick() last checked
        self._opening_known: tuple[float, AdjustmentsRecord] | None = None
        self.day = day or ""
        self.began_on = began_on or self.day
        self.next_ticket_id = next_ticket_id
        self.next_call_id = next_call_id
        self.tickets: dict[int, TicketRecord] = {}
        self.counters: dict[int, CounterRecord] = {c.number: CounterRecord(c.number, self.day)
                                                   for c in config.counters}
        self.dossiers: dict[str, DossierRecord] = {d.code: d for d in dossiers}
        self._service_open: dict[str, bool] = {}
        self.adjustments = adjustments if adjustments is not None and adjustments.day == self.day \
            else AdjustmentsRecord(self.day)
        self._reset_day_indexes()
        self._load_tickets([t for t in tickets if t.day == self.day])
        # Calls of the day's tickets (not of the day's date: a day redated keeps its calls).
        self.recent_calls: deque[CallRecord] = deque(
            sorted((c for c in calls if c.ticket_id in self.tickets), key=lambda c: c.call_id)[-10:], maxlen=10)
        # In the order they were finished, as the live engine saw them, so the estimates survive a restart.
        for ticket in sorted((t for t in self.tickets.values() if t.state == DONE), key=lambda t: (t.done_at, t.id)):
            self._note_duration(ticket)
        for counter in counters:
            if counter.number in self.counters and counter.day == self.day:
                self.counters[counter.number] = counter
        self.rated.update(r.ticket_id for r in ratings if r.day == self.day)

    # --- indexes -------------------------------------------------------------------------------------

    def _reset_day_indexes(self) -> None:
        self.tickets = {}
        self.by_number: dict[str, int] = {}
        self.next_place = 1
        self.next_seq: dict[str, int] = {s.code: s.first_last[0] for s in self.config.services}
        self.issued_count: dict[str, int] = defaultdict(int)
        # Today's tickets taken with an ID card, per person and per (person, service): the per-person limits.
        self.issued_to: Counter[str] = Counter()
        self.issued_to_for: Counter[tuple[str, str]] = Counter()
        self.waiting_count: dict[tuple[str, bool], int] = defaultdict(int)
        self.targeted_count: dict[int, int] = defaultdict(int)  # waiting tickets transferred to a counter
        self.targeted_of: dict[tuple[str, bool], int] = defaultdict(int)  # the same, by their service and priority
        # Heaps of (place, id); entries go stale when a ticket leaves, and are skipped on the way out.
        self.service_heaps: dict[tuple[str, bool], list[HeapEntry]] = defaultdict(list)
        self.counter_heaps: dict[int, list[HeapEntry]] = defaultdict(list)
        self.durations: dict[str, deque[float]] = {s.code: deque(maxlen=self.config.hall.estimate_window)
                                            for s in self.config.services}
        self.rated: set[int] = set()  # ids of today's tickets rated by their citizen

    def _load_tickets(self, tickets: list[TicketRecord]) -> None:
        """The indexes _put_ticket keeps, built in one pass over a day of stored tickets and heapified once:
        a hall restarting with 100,000 waiting must be back within a second (ticket by ticket took 0.3 s)."""
        for t in tickets:
            self.tickets[t.id] = t
            self.by_number[t.number] = t.id
            origin = t.origin_service or t.service
            self.issued_count[origin] += 1
            if t.person is not None:
                self._count_person(t, 1)
            if origin in self.next_seq and t.seq >= self.next_seq[origin]:
                self.next_seq[origin] = t.seq + 1
            self.next_place = max(self.next_place, t.place + 1)
            if t.state == WAITING:
                self.waiting_count[(t.service, t.priority)] += 1
                if t.target_counter is None:
                    heap = self.service_heaps[(t.service, t.priority)]
                else:
                    self.targeted_count[t.target_counter] += 1
                    self.targeted_of[(t.service, t.priority)] += 1
                    heap = self.counter_heaps[t.target_counter]
                heap.append((t.place, t.id))
        for heap in (*self.service_heaps.values(), *self.counter_heaps.values()):
            heapq.heapify(heap)

    def _put_ticket(self, ticket: TicketRecord) -> None:
        old = self.tickets.get(ticket.id)
        if old is None:
            self.by_number[ticket.number] = ticket.id
            origin = ticket.origin_service or ticket.service
            self.issued_count[origin] += 1
            if origin in self.next_seq:  # a service removed from the config keeps its tickets, gives no more
                self.next_seq[origin] = max(self.next_seq[origin], ticket.seq + 1)
        elif old.state == WAITING:
            self.waiting_count[(old.service, old.priority)] -= 1
            if old.target_counter is not None:
                self.targeted_count[old.target_counter] -= 1
                self.targeted_of[(old.service, old.priority)] -= 1
        if old is None or old.person != ticket.person:  # issued with a card, or unlinked on a citizen's request
            self._count_person(old, -1)
            self._count_person(ticket, 1)
        self.tickets[ticket.id] = ticket
        if ticket.state == WAITING:
            self.waiting_count[(ticket.service, ticket.priority)] += 1
            if ticket.target_counter is not None:
                self.targeted_count[ticket.target_counter] += 1
                self.targeted_of[(ticket.service, ticket.priority)] += 1
            entry = (ticket.place, ticket.id)
            if ticket.target_counter is not None:
                heapq.heappush(self.counter_heaps[ticket.target_counter], entry)
            else:
                heapq.heappush(self.service_heaps[(ticket.service, ticket.priority)], entry)

    def _count_person(self, ticket: TicketRecord | None, step: int) -> None:
        if ticket is not None and ticket.person is not None:
            self.issued_to[ticket.person] += step
            self.issued_to_for[(ticket.person, ticket.origin_service or ticket.service)] += step

    def _note_duration(self, ticket: TicketRecord) -> None:
        start = ticket.served_at or ticket.called_at
        if start is not None and ticket.done_at is not None and ticket.service in self.durations:
            if plausible(ticket.done_at - start):
                self.durations[ticket.service].append(ticket.done_at - start)

    def _take_place(self) -> int:
        self.next_place += 1
        return self.next_place - 1

    def _is_live(self, entry: HeapEntry, service: str | None, priority: bool | None, counter: int | None) -> bool:
        ticket = self.tickets.get(entry[1])
        return (ticket is not None and ticket.state == WAITING and ticket.place == entry[0]
                and ticket.target_counter == counter
                and (service is None or (ticket.service == service and ticket.priority == priority)))

    def _head(self, heap: list[HeapEntry], service: str | None = None, priority: bool | None = None,
              counter: int | None = None) -> TicketRecord | None:
        while heap and not self._is_live(heap[0], service, priority, counter):
            heapq.heappop(heap)
        return self.tickets[heap[0][1]] if heap else None

    # --- time ----------------------------------------------------------------------------------------

    def local(self, at: float) -> datetime:
        if at != self._local_at or self._local is None:
            self._local_at, self._local = at, datetime.fromtimestamp(at, self.zone)
        return self._local

    @overload
    def iso(self, at: float) -> str: ...
    @overload
    def iso(self, at: float | None) -> str | None: ...

    def iso(self, at: float | None) -> str | None:
        return None if at is None else self.local(at).isoformat(timespec="seconds")

    # --- reading -------------------------------------------------------------------------------------

    def waiting(self, service: str, priority: bool | None = None) -> int:
        if priority is None:
            return self.waiting_count[(service, False)] + self.waiting_count[(service, True)]
        return self.waiting_count[(service, priority)]

    def waiting_transferred(self, counter: int) -> int:
        """Tickets transferred to this very counter and waiting to be served there first."""
        return self.targeted_count[counter]

    def transferred_to_counters_of(self, service: str) -> int:
        """Tickets transferred to a counter serving the service, whatever their own: it calls them before its lines."""
        return sum(self.targeted_count[n] for n in self.counters_for(service))

    def in_line(self, service: str, priority: bool | None = None) -> int:
        """Waiting in the service's line, for any of its counters: not those transferred to one counter."""
        classes = (False, True) if priority is None else (priority,)
        return sum(self.waiting_count[(service, p)] - self.targeted_of[(service, p)] for p in classes)

    def ahead_in(self, service: str, priority: bool | None = None) -> int:
        """Who a new ticket of the service waits behind, as call_next takes them: its line (the priority one only,
        for a priority ticket), then those transferred to its counters, which they call first."""
        return self.in_line(service, priority) + self.transferred_to_counters_of(service)

    def services_of(self, counter: int) -> tuple[str, ...]:
        """The counter's services today: as the hall manager adjusted them, else as configured."""
        return self.adjustments.counter_services.get(counter) or self.config.configured_services(counter)

    def counters_for(self, service: str) -> list[int]:
        """The counters serving the service today. Kept while the day's adjustments stay the same record (a change
        replaces it): every estimate and queue event asks, several times per command."""
        if self._serving_by is not self.adjustments:
            self._serving_by, self._serving = self.adjustments, {}
        if service not in self._serving:
            self._serving[service] = [c.number for c in self.config.counters if service in self.services_of(c.number)]
        return list(self._serving[service])

    def open_counters_for(self, service: str) -> int:
        return len(self._open_counters(service))

    def _open_counters(self, service: str) -> list[CounterRecord]:
        return [self.counters[n] for n in self.counters_for(service) if self.counters[n].state == OPEN]

    def average_service_s(self, service: ServiceConfig) -> float:
        durations = self.durations[service.code]
        return sum(durations) / len(durations) if durations else service.default_service_s

    def estimate_wait_s(self, service_code: str, ahead: int) -> int:
        """A new ticket's wait behind `ahead`: the counters that are open and free call the first of them at
        once; every call after that waits for one of the open counters to finish a citizen."""
        service = self.config.service(service_code)
        assert service is not None  # only the hall's services have queues
        open_counters = self._open_counters(service_code)
        free = sum(1 for counter in open_counters if counter.ticket_id is None)
        calls_to_wait_for = max(0, ahead + 1 - free)
        return round(self.average_service_s(service) * calls_to_wait_for / max(1, len(open_counters)))

    def is_open(self, service: ServiceConfig, at: float) -> bool:
        moment = self.local(at)
        close_at = self.config.hall.close_at
        # After closing time what waits is expired, so nothing new is issued to wait.
        if close_at is not None and moment.strftime("%H:%M") >= close_at:
            return False
        opened = self.adjustments.service_open.get(service.code)
        return service.is_open_at(moment.time()) if opened is None else opened

    def hours_text(self, service: ServiceConfig) -> str:
        close_at = self.config.hall.close_at
        return ", ".join(service.hours) or (f"00:00-{close_at}" if close_at else "")

    def current_ticket(self, counter: int) -> TicketRecord | None:
        ticket_id = self.counters[counter].ticket_id
        return self.tickets.get(ticket_id) if ticket_id is not None else None

    def waiting_for_counter(self, counter: int, limit: int = 50) -> list[TicketRecord]:
        """The waiting tickets this counter could call, in the order call_next takes them within a class: those
        sent to it (priority first), then its services' priority tickets, then the others, each by place in line.
        Read off the heaps in order, not by a scan of the day: a counter's welcome with 100,000 waiting."""
        found = sorted((self.tickets[i] for _, i in self._in_order(self.counter_heaps[counter], counter=counter)),
                       key=lambda t: (not t.priority, t.place, t.id))[:limit]
        for priority in (True, False):
            lines = [self._in_order(self.service_heaps[(code, priority)], code, priority)
                     for code in dict.fromkeys(self.services_of(counter))]
            found += (self.tickets[i] for _, i in itertools.islice(heapq.merge(*lines), max(0, limit - len(found))))
        return found

    def _in_order(self, heap: list[HeapEntry], service: str | None = None, priority: bool | None = None,
                  counter: int | None = None) -> Iterator[HeapEntry]:
        """The live entries of a heap, smallest first, each ticket once: a walk down from the root that sorts
        only what it yields."""
        frontier, seen = ([(heap[0], 0)] if heap else []), set()
        while frontier:
            entry, at = heapq.heappop(frontier)
            for child in (2 * at + 1, 2 * at + 2):
                if child < len(heap):
                    heapq.heappush(frontier, (heap[child], child))
            if entry[1] not in seen and self._is_live(entry, service, priority, counter):
                seen.add(entry[1])
                yield entry

    def awaiting_rating(self, counter: int, at: float) -> TicketRecord | None:
        """The last ticket completed at this counter, if that was within the rating timeout and it is not rated:
        the citizen a rating tablet is asking now."""
        done = [t for t in self.tickets.values() if t.state == DONE and t.counter == counter]
        last = max(done, key=lambda t: (t.done_at, t.id), default=None)
        if last is None or last.id in self.rated or (last.done_at or 0) < at - self.config.rating.timeout_s:
            return None
        return last

    def ready_dossiers(self) -> list[DossierRecord]:
        return sorted((d for d in self.dossiers.values() if d.status == DossierStatus.READY),
                      key=lambda d: d.updated_at)

    def is_overdue(self, dossier: DossierRecord, at: float) -> bool:
        return (dossier.status not in RESULT_OUT
                and due_day(dossier.due_at) < self.local(at).date())

    # --- commands ------------------------------------------------------------------------------------

    def handle(self, command: m.Command, at: float, counter: int | None = None) -> Outcome:
        """Apply one command at time `at` (epoch seconds) for `counter` (counter commands only).

        Call tick(at) first: a new day's changes must be stored even when the command is refused.
        """
        if self.local(at).date().isoformat() > self.day:
            raise RuntimeError("tick() must start the day before commands are handled")
        outcome = Outcome()
        if counter is not None and counter not in self.counters:
            raise errors.UnknownCounter(counter=counter)
        HANDLERS[type(command)](self, command, at, counter, outcome)
        return outcome

    def tick(self, at: float, elapsed: Elapsed = Elapsed.KNOWN) -> Outcome:
        """The passing of time: a new day, the hall's closing, services opening and closing. `elapsed` says
        whether time passed as the clock says, or the clock was set (its steps are seen by the server)."""
        outcome = Outcome()
        self._follow_the_date(at, elapsed, outcome)
        close_at = self.config.hall.close_at
        if close_at is not None and self.local(at).strftime("%H:%M") >= close_at and any(self.waiting_count.values()):
            self._expire_waiting(None, at, None, outcome)
        # Hours and closing time are whole minutes (of a zone offset by whole minutes): within one minute, with the
        # same adjustments, every service is as open as tick() last found it. tick() runs before every command.
        if self._opening_known == (at // 60, self.adjustments):
            return outcome
        self._opening_known = (at // 60, self.adjustments)
        for service in self.config.services:
            is_open = self.is_open(service, at)
            if self._service_open.get(service.code, is_open) != is_open:
                outcome.events.append(QueueEvent(service.code))
            self._service_open[service.code] = is_open
        return outcome

    def _follow_the_date(self, at: float, elapsed: Elapsed, outcome: Outcome) -> None:
        """A new day begins when time passes midnight. A clock that was set never begins or ends a day: the
        day's service goes on under the date the clock now gives, but never under a date before `began_on`,
        the date it began on. So a clock set back over midnight does not reopen yesterday and reuse its numbers,
        and a clock set a year ahead then set right brings the hall back to the real day, its numbers going on.
        At start-up the server cannot tell a night from a wrong clock: a day it begins then may be brought
        back as far as the day after the last one served."""
        date = self.local(at).date().isoformat()
        if not self.day or (date > self.day and elapsed is not Elapsed.JUMPED):
            self._begin_day(date, at, elapsed, outcome)
        elif max(date, self.began_on) != self.day:
            self._redate(max(date, self.began_on), outcome)

    def _redate(self, day: str, outcome: Outcome) -> None:
        outcome.events.append(DayRedated(self.day, day, self.began_on))  # the store moves the day's rows
        self.tickets = {ticket_id: replace(t, day=day) for ticket_id, t in self.tickets.items()}
        self.counters = {number: replace(c, day=day) for number, c in self.counters.items()}
        self.adjustments = replace(self.adjustments, day=day)
        self.day = day

    def _begin_day(self, day: str, at: float, elapsed: Elapsed, outcome: Outcome) -> None:
        began_on = day
        if self.day:
            if elapsed is Elapsed.UNKNOWN:
                began_on = (date.fromisoformat(self.day) + timedelta(days=1)).isoformat()
            for ticket in list(self.tickets.values()):
                if ticket.state == WAITING:
                    self._change(ticket, outcome, TicketHappening.EXPIRED, done_at=at,
                                 state=self._ticket_move(ticket, Move.EXPIRE))
            outcome.events.append(DayStarted(day, began_on))
            self._remove_expired_personal_data(day, outcome)
        self.day, self.began_on = day, began_on
        self._reset_day_indexes()
        self.adjustments = AdjustmentsRecord(day)  # the manager's changes lasted a day: the configuration again
        self.recent_calls.clear()  # a hall screen starts the morning without yesterday's calls
        for number in self.counters:
            self._set_counter(CounterRecord(number, day), outcome, at)

    def _remove_expired_personal_data(self, day: str, outcome: Outcome) -> None:
        """The daily retention job: a dossier returned `retention_days` ago or more keeps no name, phone or ID
        hash; yesterday's tickets lose their link to a person (in the store: the engine holds only today's)."""
        last_kept = date.fromisoformat(day) - timedelta(days=self.config.personal_data.retention_days)
        expired = [d for d in self.dossiers.values() if d.status == DossierStatus.RETURNED
                   and d.holds_personal_data and self.local(d.updated_at).date() <= last_kept]
        for dossier in expired:
            self._set_dossier(dossier.anonymised(), outcome)
        outcome.events.append(RetentionRun(day, tuple(sorted(d.code for d in expired))))

    def _record(self, ticket: TicketRecord, outcome: Outcome) -> None:
        old = self.tickets.get(ticket.id)
        self._put_ticket(ticket)
        if ticket.state == DONE and (old is None or old.state != DONE):
            self._note_duration(ticket)
        outcome.tickets[ticket.id] = ticket

    def _set_counter(self, counter: CounterRecord, outcome: Outcome, at: float) -> CounterRecord:
        old = self.counters[counter.number]
        counter = replace(counter, state_since=at if counter.state != old.state else old.state_since)
        # Open counters divide the estimated waits, and the free ones among them call at once.
        if (old.state == OPEN, old.ticket_id is None) != (counter.state == OPEN, counter.ticket_id is None):
            outcome.events += [QueueEvent(code) for code in self.services_of(counter.number)]
        self.counters[counter.number] = counter
        outcome.counters[counter.number] = counter
        outcome.counter = counter
        outcome.events.append(CounterEvent(counter))
        return counter

    def _change(self, ticket: TicketRecord, outcome: Outcome, kind: TicketHappening, call: CallRecord | None = None,
                **fields: Any) -> TicketRecord:
        changed = replace(ticket, **fields)
        self._record(changed, outcome)
        outcome.ticket = changed
        outcome.events.append(TicketEvent(kind, changed, call))
        if ticket.state == WAITING or changed.state == WAITING or changed.state == DONE:  # DONE: a new duration
            outcome.events.append(QueueEvent(ticket.service))
            if changed.service != ticket.service:
                outcome.events.append(QueueEvent(changed.service))
        for number in {n for n in (ticket.target_counter, changed.target_counter) if n is not None}:
            if ticket.target_counter != changed.target_counter or ticket.state != changed.state:
                outcome.events.append(CounterEvent(self.counters[number]))  # its waiting_transferred moved
                outcome.events += [QueueEvent(code) for code in self.services_of(number)]  # and what waits there
        return changed

    # kiosk

    def _ping(self, command: m.Ping, at: float, counter: int | None, outcome: Outcome) -> None:
        pass

    def _issue_ticket(self, command: m.IssueTicket, at: float, counter: int | None, outcome: Outcome) -> None:
        service = self.config.service(command.service)
        if service is None:
            raise errors.UnknownService(service=command.service)
        names = dict(service=service.name, service_en=service.name_en or service.name)
        if not self.is_open(service, at):
            if self.adjustments.service_open.get(service.code) is False:
                raise errors.ServiceClosedToday(**names)
            raise errors.ServiceClosed(hours=self.hours_text(service), **names)
        if command.category is not None and self.config.category(command.category) is None:
            raise errors.UnknownCategory(category=command.category)
        priority = command.priority or command.category is not None
        if priority and not service.priority_allowed:
            raise errors.PriorityNotAllowed(**names)
        person = self.person_key.of(command.personal_id) if command.personal_id is not None else None
        dossier_code = None
        if command.dossier is not None:
            if not service.pickup:
                raise errors.DossierOnlyForPickup()
            dossier = self._ready_dossier(command.dossier)
            # One pickup number per dossier while it is in the hall: a second scan shows the first number.
            given = next((t for t in self.tickets.values()
                          if t.dossier == dossier.code and (t.state == WAITING or t.state in AT_A_COUNTER)), None)
            if given is not None:
                raise errors.PickupAlreadyIssued(given.number)
            dossier_code = dossier.code
        elif service.pickup:
            raise errors.PickupNeedsDossier()
        if person is not None:
            self._check_fair_share(person, service.code, names)
        if service.daily_cap is not None and self.issued_count[service.code] >= service.daily_cap:
            raise errors.DailyCapReached(cap=service.daily_cap, **names)
        seq = self.next_seq[service.code]
        if seq > service.first_last[1]:
            raise errors.RangeExhausted(**names)
        ahead = self.ahead_in(service.code, True if priority else None)
        ticket = TicketRecord(
            id=self.next_ticket_id, day=self.day, service=service.code, seq=seq,
            number=service.format_number(seq), priority=priority, state=WAITING,
            issued_at=at, queued_at=at, dossier=dossier_code, category=command.category, person=person,
            place=self._take_place())
        self.next_ticket_id += 1
        self._record(ticket, outcome)
        outcome.ticket = ticket
        outcome.ahead = ahead
        outcome.estimated_wait_s = self.estimate_wait_s(service.code, ahead)
        outcome.events += [TicketEvent(TicketHappening.ISSUED, ticket), QueueEvent(service.code)]

    def _check_fair_share(self, person: str, service: str, names: dict[str, str]) -> None:
        limits = self.config.fair_share
        if limits.tickets_per_day is not None and self.issued_to[person] >= limits.tickets_per_day:
            raise errors.PersonLimitReached(limit=limits.tickets_per_day)
        per_service = limits.tickets_per_service
        if per_service is not None and self.issued_to_for[(person, service)] >= per_service:
            raise errors.PersonLimitReached(limit=per_service, **names)

    def _lookup_dossier(self, command: m.LookupDossier, at: float, counter: int | None, outcome: Outcome) -> None:
        outcome.dossier = self._find_dossier(command.code)

    def _lookup_card(self, command: m.LookupCard, at: float, counter: int | None, outcome: Outcome) -> None:
        person = self.person_key.of(command.personal_id)
        found = [d for d in self.dossiers.values() if d.person == person and d.status != DossierStatus.RETURNED]
        # Ready ones first, the ones the citizen came for; then by due date.
        outcome.found_dossiers = sorted(found, key=lambda d: (d.status != DossierStatus.READY, d.due_at, d.code))

    # counter

    def _open_counter(self, command: m.OpenCounter, at: float, counter: int, outcome: Outcome) -> None:
        self._move_counter(counter, Move.OPEN, at, outcome)

    def _close_counter(self, command: m.CloseCounter, at: float, counter: int, outcome: Outcome) -> None:
        """Closing is the clerk's sign-out: a closed counter has nobody at it."""
        self._set_counter(replace(self.counters[counter], state=self._counter_move(counter, Move.CLOSE), clerk=None),
                          outcome, at)

    def _sign_in(self, command: m.SignIn, at: float, counter: int, outcome: Outcome) -> None:
        """The server has checked the PIN (slow on purpose, so not here). The clerk leaves any other counter."""
        if self.config.clerk(command.clerk) is None:
            raise errors.UnknownClerk(clerk=command.clerk)
        elsewhere = [n for n, c in self.counters.items() if c.clerk == command.clerk and n != counter]
        closed_elsewhere = [(n, self._counter_move(n, Move.CLOSE)) for n in elsewhere]
        state = self._counter_move(counter, Move.SIGN_IN)
        for number, closed in closed_elsewhere:
            self._set_counter(replace(self.counters[number], state=closed, clerk=None), outcome, at)
        self._set_counter(replace(self.counters[counter], state=state, clerk=command.clerk), outcome, at)

    def _pause(self, command: m.Pause, at: float, counter: int, outcome: Outcome) -> None:
        self._move_counter(counter, Move.PAUSE, at, outcome)

    def _resume(self, command: m.Resume, at: float, counter: int, outcome: Outcome) -> None:
        self._move_counter(counter, Move.RESUME, at, outcome)

    def _counter_move(self, counter: int, move: Move) -> CounterState:
        """The counter's state after the move, or the refusal its state or guard gives."""
        current = self.current_ticket(counter)
        record = self.counters[counter]
        return counter_move(CounterFacts(counter, record.state, current.number if current else None,
                                         clerk_missing=bool(self.config.clerks) and record.clerk is None), move)

    def _move_counter(self, counter: int, move: Move, at: float, outcome: Outcome) -> None:
        self._set_counter(replace(self.counters[counter], state=self._counter_move(counter, move)), outcome, at)

    def _ticket_move(self, ticket: TicketRecord, move: Move) -> TicketState:
        return ticket_move(ticket, move, self.config.hall)

    def _require_current(self, counter: int) -> TicketRecord:
        current = self.current_ticket(counter)
        if current is None:
            raise errors.NoCurrentTicket(counter=counter)
        return current

    def _call_next(self, command: m.CallNext, at: float, counter: int, outcome: Outcome) -> None:
        self._call(self._pick_next(counter), at, counter, outcome)

    def _call_number(self, command: m.CallNumber, at: float, counter: int, outcome: Outcome) -> None:
        number = command.number.strip().upper()
        ticket = self.tickets.get(self.by_number.get(number, -1))
        services = self.services_of(counter)
        if ticket is None or (ticket.target_counter not in (None, counter)) or (
                ticket.target_counter is None and ticket.service not in services):
            raise errors.UnknownTicket(number=number)
        self._ticket_move(ticket, Move.CALL)
        self._call(ticket, at, counter, outcome)

    def _pick_next(self, counter: int) -> TicketRecord:
        self._counter_move(counter, Move.CALL)  # a paused counter says so, even with nobody waiting
        state = self.counters[counter]
        targeted = self._head(self.counter_heaps[counter], counter=counter)
        if targeted is not None:
            return targeted
        priority_head, regular_head = (self._first_waiting(counter, priority) for priority in (True, False))
        if priority_head is not None and (regular_head is None
                                          or state.priority_streak < self.config.hall.priority_in_row):
            return priority_head
        if regular_head is None:
            raise errors.QueueEmpty()
        return regular_head

    def _first_waiting(self, counter: int, priority: bool) -> TicketRecord | None:
        """The first ticket of this class waiting in any of the counter's services."""
        heads = [self._head(self.service_heaps[(code, priority)], code, priority) for code in self.services_of(counter)]
        live = [t for t in heads if t is not None]
        return min(live, key=lambda t: (t.place, t.id)) if live else None

    def _call(self, ticket: TicketRecord, at: float, counter: int, outcome: Outcome) -> None:
        state = self.counters[counter]
        counter_state = self._counter_move(counter, Move.CALL)
        called = self._ticket_move(ticket, Move.CALL)
        current = self.current_ticket(counter)
        served = state.served_today
        if current is not None:  # Next while serving finishes the current citizen first
            self._finish(current, at, outcome)
            served += 1
        streak = state.priority_streak + 1 if ticket.priority else 0
        call = self._new_call(ticket, counter, False, at)
        outcome.calls.append(call)
        self._change(ticket, outcome, TicketHappening.CALLED, call=call, state=called, counter=counter,
                     called_at=at, recalls=0, target_counter=None, clerk=state.clerk)
        self._set_counter(replace(state, state=counter_state, ticket_id=ticket.id, priority_streak=streak,
                                  served_today=served), outcome, at)

    def _new_call(self, ticket: TicketRecord, counter: int, recall: bool, at: float) -> CallRecord:
        call = CallRecord(self.next_call_id, ticket.id, ticket.number, ticket.service, ticket.priority,
                          counter, recall, at, self.counters[counter].clerk)
        self.next_call_id += 1
        self.recent_calls.append(call)
        return call

    def _finish(self, ticket: TicketRecord, at: float, outcome: Outcome) -> TicketRecord:
        return self._change(ticket, outcome, TicketHappening.DONE, state=self._ticket_move(ticket, Move.COMPLETE),
                            done_at=at,
                            clerk=self.counters[ticket.counter].clerk if ticket.counter is not None else None)

    def _recall(self, command: m.Recall, at: float, counter: int, outcome: Outcome) -> None:
        ticket = self._require_current(counter)
        self._ticket_move(ticket, Move.RECALL)
        call = self._new_call(ticket, counter, True, at)
        outcome.calls.append(call)
        self._change(ticket, outcome, TicketHappening.RECALLED, call=call, recalls=ticket.recalls + 1)
        outcome.counter = self.counters[counter]

    def _start_serving(self, command: m.StartServing, at: float, counter: int, outcome: Outcome) -> None:
        ticket = self._require_current(counter)
        self._change(ticket, outcome, TicketHappening.STARTED,
                     state=self._ticket_move(ticket, Move.START_SERVING), served_at=at)
        outcome.counter = self.counters[counter]

    def _no_show(self, command: m.NoShow, at: float, counter: int, outcome: Outcome) -> None:
        ticket = self._require_current(counter)
        self._change(ticket, outcome, TicketHappening.NO_SHOW, state=self._ticket_move(ticket, Move.NO_SHOW),
                     done_at=at, clerk=self.counters[counter].clerk)
        self._set_counter(replace(self.counters[counter], ticket_id=None), outcome, at)

    def _complete(self, command: m.Complete, at: float, counter: int, outcome: Outcome) -> None:
        ticket = self._require_current(counter)
        self._finish(ticket, at, outcome)
        state = self.counters[counter]
        self._set_counter(replace(state, ticket_id=None, served_today=state.served_today + 1), outcome, at)

    def _transfer(self, command: m.Transfer, at: float, counter: int, outcome: Outcome) -> None:
        ticket = self._require_current(counter)
        if (command.service is None) == (command.counter is None):
            raise errors.TransferTarget()
        service, target_counter = ticket.service, None
        if command.service is not None:
            target = self.config.service(command.service)
            if target is None:
                raise errors.UnknownService(service=command.service)
            if command.service == ticket.service:
                raise errors.TransferTarget()
            if target.pickup:
                self._ready_dossier(ticket.dossier)
            service = command.service
        else:
            if command.counter not in self.counters:
                raise errors.UnknownCounter(counter=command.counter)
            if command.counter == counter:
                raise errors.TransferTarget()
            target_counter = command.counter
        new_state = self._ticket_move(ticket, Move.TRANSFER)
        keeps_place = self.config.hall.transfer_keeps_place
        self._change(ticket, outcome, TicketHappening.TRANSFERRED, state=new_state, service=service,
                     target_counter=target_counter, counter=None, called_at=None, served_at=None, recalls=0,
                     queued_at=ticket.issued_at if keeps_place else at,
                     place=ticket.place if keeps_place else self._take_place(),
                     origin_service=ticket.origin_service or ticket.service,
                     clerk=self.counters[counter].clerk)
        self._set_counter(replace(self.counters[counter], ticket_id=None), outcome, at)

    # dossiers

    def _ready_dossier(self, code: str | None) -> DossierRecord:
        """A ticket waits for the pickup service only with a dossier that is ready, issued or transferred there."""
        if code is None:
            raise errors.PickupNeedsDossier()
        dossier = self._find_dossier(code)
        if dossier.status != DossierStatus.READY:
            raise errors.DossierNotReady(dossier.code, STATUS_TEXTS[dossier.status].lower(), dossier.due_at)
        return dossier

    def _find_dossier(self, code: str) -> DossierRecord:
        normalized = normalize_code(code)
        dossier = self.dossiers.get(normalized)
        if dossier is None:
            raise errors.UnknownDossier(code=normalized)
        return dossier

    def _upsert_dossier(self, command: m.UpsertDossier, at: float, counter: int | None, outcome: Outcome) -> None:
        # The fields as given first, then what they name, then the dossier's state: the first refusal wins.
        code = normalize_code(command.code)
        applicant = checked_text(command.applicant, "applicant")
        due_at = normalize_due(command.due_at)
        given_received_at = to_timestamp(command.received_at, self.zone) if command.received_at else None
        if self.config.service(command.service) is None:
            raise errors.UnknownService(service=command.service)
        if command.counter is not None and command.counter not in self.counters:
            raise errors.UnknownCounter(counter=command.counter)
        old = self.dossiers.get(code)
        if old is not None:
            dossier_change(code, old.status, command.status)
        received_at = given_received_at or (old.received_at if old else at)
        person = self.person_key.of(command.personal_id) if command.personal_id else (old.person if old else None)
        dossier = DossierRecord(code=code, applicant=applicant, service=command.service,
                                status=command.status, due_at=due_at,
                                received_at=received_at, updated_at=at, phone=command.phone or None,
                                counter=command.counter if command.counter is not None
                                else (old.counter if old else None),
                                person=person)
        self._set_dossier(dossier, outcome)

    def _set_dossier_status(self, command: m.SetDossierStatus, at: float,
                            counter: int | None, outcome: Outcome) -> None:
        dossier = self._find_dossier(command.code)
        dossier_change(dossier.code, dossier.status, command.status)
        if command.counter is not None and command.counter not in self.counters:
            raise errors.UnknownCounter(counter=command.counter)
        self._set_dossier(replace(dossier, status=command.status, updated_at=at,
                                  counter=command.counter if command.counter is not None else dossier.counter),
                          outcome)

    def _set_dossier(self, dossier: DossierRecord, outcome: Outcome) -> None:
        self.dossiers[dossier.code] = dossier
        outcome.dossiers[dossier.code] = dossier
        outcome.dossier = dossier
        outcome.events.append(DossierEvent(dossier))

    # rating tablet

    def _rate(self, command: m.Rate, at: float, counter: int, outcome: Outcome) -> None:
        number = command.ticket.strip().upper()
        ticket = self.tickets.get(self.by_number.get(number, -1))
        if ticket is None or ticket.state != DONE or ticket.counter != counter:
            raise errors.NotRatable(number=number, counter=counter)
        if ticket.id in self.rated:
            raise errors.AlreadyRated(number=number)
        level = self.config.rating.level(command.level)
        if level is None:
            raise errors.UnknownRatingChoice(choice=command.level)
        reason_codes = {reason.code for reason in self.config.rating.reasons}
        unknown = [code for code in command.reasons if code not in reason_codes]
        if unknown:
            raise errors.UnknownRatingChoice(choice=unknown[0])
        reasons = tuple(dict.fromkeys(command.reasons)) if level.reasons else ()
        rating = RatingRecord(ticket_id=ticket.id, day=ticket.day, number=ticket.number, service=ticket.service,
                              counter=counter, level=level.code, reasons=reasons, at=at, clerk=ticket.clerk,
                              dossier=ticket.dossier)
        self.rated.add(ticket.id)
        outcome.ratings.append(rating)
        outcome.ticket = ticket
        outcome.events.append(RatingEvent(rating))

    # admin

    def _stats(self, command: m.Stats, at: float, counter: int | None, outcome: Outcome) -> None:
        pass  # figures come from the store (reports.py); the engine has nothing to change

    def _expire_waiting(self, command: m.ExpireWaiting | None, at: float,
                        counter: int | None, outcome: Outcome) -> None:
        for ticket in list(self.tickets.values()):
            if ticket.state == WAITING:
                self._change(ticket, outcome, TicketHappening.EXPIRED, state=self._ticket_move(ticket, Move.EXPIRE),
                             done_at=at)

    # the hall manager's adjustments for today

    def _set_counter_services(self, command: m.SetCounterServices, at: float,
                              counter: int | None, outcome: Outcome) -> None:
        self._require_manager(command.by)
        if command.counter not in self.counters:
            raise errors.UnknownCounter(counter=command.counter)
        unknown = [code for code in command.services if self.config.service(code) is None]
        if unknown:
            raise errors.UnknownService(service=unknown[0])
        services = tuple(s.code for s in self.config.services if s.code in command.services)  # the hall's order
        before = self.services_of(command.counter)
        adjusted = {n: codes for n, codes in self.adjustments.counter_services.items() if n != command.counter}
        if services != self.config.configured_services(command.counter):
            adjusted[command.counter] = services
        self._adjust(outcome, Adjusted(COUNTER_SERVICES, command.counter, list(services), command.by),
                     counter_services=adjusted)
        # Their counters and open counters change, and with them the estimated waits.
        outcome.events += [QueueEvent(code) for code in dict.fromkeys(before + services)]

    def _set_service_open(self, command: m.SetServiceOpen, at: float, counter: int | None, outcome: Outcome) -> None:
        self._require_manager(command.by)
        service = self.config.service(command.service)
        if service is None:
            raise errors.UnknownService(service=command.service)
        adjusted = {code: opened for code, opened in self.adjustments.service_open.items() if code != service.code}
        if command.open is not None:
            adjusted[service.code] = command.open
        self._adjust(outcome, Adjusted(SERVICE_OPEN, service.code, command.open, command.by), service_open=adjusted)
        self._service_open[service.code] = self.is_open(service, at)  # told now: the next tick has nothing to tell
        outcome.events.append(QueueEvent(service.code))

    def _set_announcement(self, command: m.SetAnnouncement, at: float, counter: int | None, outcome: Outcome) -> None:
        self._require_manager(command.by)
        text = checked_text(command.text, "text") if command.text.strip() else ""
        text_en = checked_text(command.text_en, "text_en") if text and command.text_en.strip() else ""
        self._adjust(outcome, Adjusted(ANNOUNCEMENT, None, {"vi": text, "en": text_en}, command.by),
                     announcement=text, announcement_en=text_en)

    def _require_manager(self, account_id: str) -> None:
        """Adjustments name the manager who made them (the dashboard's signed-in account); a viewer makes none."""
        account = next((a for a in self.config.managers if a.id == account_id), None)
        if account is None or account.role != "manager":
            raise errors.NotAManager(account=account_id)

    def _adjust(self, outcome: Outcome, event: Adjusted, **changes: Any) -> None:
        self.adjustments = replace(self.adjustments, **changes)
        outcome.adjustments = self.adjustments
        outcome.events.append(event)

    # personal data, on a citizen's request

    def _find_personal_data(self, command: m.FindPersonalData, at: float,
                            counter: int | None, outcome: Outcome) -> None:
        if not (command.personal_id or command.name or command.phone):
            raise errors.PersonNotGiven(Text("số định danh, họ tên, số điện thoại", "personal_id, name, phone"))
        person = self.person_key.of(command.personal_id) if command.personal_id else None
        phone = phone_key(command.phone) if command.phone else None
        outcome.found_dossiers = sorted(
            (d for d in self.dossiers.values()
             if (person and d.person == person) or (command.name and same_name(d.applicant, command.name))
             or (phone and d.phone and phone_key(d.phone) == phone)), key=lambda d: d.code)
        outcome.found_tickets = [t for t in self.tickets.values() if person and t.person == person]

    def _erase_personal_data(self, command: m.ErasePersonalData, at: float,
                             counter: int | None, outcome: Outcome) -> None:
        if not (command.personal_id or command.dossiers):
            raise errors.PersonNotGiven(Text("số định danh, mã hồ sơ", "personal_id, dossiers"))
        person = self.person_key.of(command.personal_id) if command.personal_id else None
        dossiers = {d.code: d for d in map(self._find_dossier, command.dossiers)}  # an unknown code: nothing erased
        dossiers.update((d.code, d) for d in self.dossiers.values() if person and d.person == person)
        tickets = [t for t in self.tickets.values() if person and t.person == person]
        for dossier in dossiers.values():
            self._set_dossier(dossier.anonymised(), outcome)
        for ticket in tickets:
            self._record(replace(ticket, person=None), outcome)
        outcome.events.append(PersonalDataErased(tuple(sorted(dossiers)), len(tickets)))
        outcome.found_dossiers = [outcome.dossiers[code] for code in sorted(dossiers)]
        outcome.found_tickets = [outcome.tickets[t.id] for t in tickets]


# Every command's handler, by message type: a command the protocol gains without a handler fails a test.
# (Any: each handler declares its own command type, and `int` for the counter when its rule is own_counter.)
Handler = Callable[[Engine, Any, float, Any, Outcome], None]
HANDLERS: dict[type[m.Command], Handler] = {
    m.Ping: Engine._ping,
    m.IssueTicket: Engine._issue_ticket,
    m.LookupDossier: Engine._lookup_dossier,
    m.LookupCard: Engine._lookup_card,
    m.OpenCounter: Engine._open_counter,
    m.CloseCounter: Engine._close_counter,
    m.CallNext: Engine._call_next,
    m.CallNumber: Engine._call_number,
    m.Recall: Engine._recall,
    m.StartServing: Engine._start_serving,
    m.NoShow: Engine._no_show,
    m.Complete: Engine._complete,
    m.Transfer: Engine._transfer,
    m.Pause: Engine._pause,
    m.Resume: Engine._resume,
    m.UpsertDossier: Engine._upsert_dossier,
    m.SetDossierStatus: Engine._set_dossier_status,
    m.Stats: Engine._stats,
    m.ExpireWaiting: Engine._expire_waiting,
    m.SignIn: Engine._sign_in,
    m.Rate: Engine._rate,
    m.FindPersonalData: Engine._find_personal_data,
    m.ErasePersonalData: Engine._erase_personal_data,
    m.SetCounterServices: Engine._set_counter_services,
    m.SetServiceOpen: Engine._set_service_open,
    m.SetAnnouncement: Engine._set_announcement,
}
