"""Random command sequences against the engine: the rules that must hold whatever the clerks and kiosks do.

Each example is a list of steps (a command from a random counter or kiosk, with time moving forward and now and
then past midnight); after every step the invariants are checked, and every refusal must change nothing.
"""
from collections import Counter

import msgspec
import sqlite_utils
from hypothesis import HealthCheck, given, settings, strategies as st

from queue_protocol import errors, messages as m
from queue_protocol.states import COUNTER_MOVES, Move, TicketState
from queue_server.config import FairShareSection
from queue_server.engine import Engine, TicketEvent
from queue_server.store import Change, Store
from tests.queue_server.engine_helpers import config_with, engine_state, local

SERVICES = ("DD", "HT", "KD", "CT", "TKQ")
CODES = ("000.00.16.G04-261120-0001", "000.00.16.G04-261120-0002", "000.00.16.G04-261120-0003")
STATUSES = ("received", "processing", "needs_more_documents", "ready", "returned")
# Repeated kinds are drawn more often: a hall issues and calls far more than it pauses or expires.
KINDS = ("issue",) * 12 + ("call_next",) * 7 + ("complete",) * 3 + ("recall", "start_serving") * 2 + (
    "call_number", "no_show", "transfer_service", "transfer_counter", "pause", "resume", "open_counter",
    "close_counter", "upsert_dossier", "set_dossier_status", "issue_pickup", "expire_waiting")
ON_CURRENT_TICKET = {"complete", "recall", "start_serving", "no_show", "transfer_service", "transfer_counter"}
COUNTER_MOVE_OF = {m.OpenCounter: Move.OPEN, m.CloseCounter: Move.CLOSE, m.Pause: Move.PAUSE,
                   m.Resume: Move.RESUME, m.CallNext: Move.CALL, m.CallNumber: Move.CALL}
DELAYS = (1,) * 12 + (2, 5, 30, 60) * 3 + (600, 1800, "midnight")



def decode_step(n: int) -> tuple:
    """One drawn number as (kind, counter, service, priority, pick, delay): one draw per step keeps
    generating and shrinking fast, and 0 is the simplest step (issue a DD ticket a second later)."""
    n, kind = divmod(n, len(KINDS))
    n, counter = divmod(n, 4)
    n, service = divmod(n, len(SERVICES) - 1)
    n, priority = divmod(n, 2)
    n, pick = divmod(n, 41)
    return KINDS[kind], counter + 1, SERVICES[service], bool(priority), pick, DELAYS[n % len(DELAYS)]


steps = st.lists(st.integers(0, 2 ** 40).map(decode_step), min_size=20, max_size=80)
halls = st.builds(lambda keeps, in_row, before_no_show, window, per_day: msgspec.structs.replace(
    config_with(hall={"estimate_window": window, "transfer_keeps_place": keeps, "priority_in_row": in_row,
                      "recalls_before_no_show": before_no_show}), fair_share=FairShareSection(per_day, 2)),
    st.booleans(), st.integers(1, 3), st.integers(0, 2), st.integers(1, 3), st.sampled_from((None, 3)))
# Some tickets are taken with an ID card, some with a priority category.
CARDS = (None, "001099012345", "079301004567")
CATEGORIES = (None, "elderly", "pregnant")

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def command_for(engine: Engine, kind, service, priority, pick):
    """The protocol command a step stands for (pick chooses a ticket or a dossier), and its counter or None."""
    today = sorted(engine.tickets.values(), key=lambda t: t.id)
    code = CODES[pick % len(CODES)]
    if kind == "issue":
        return m.IssueTicket(id="x", service=service, priority=priority, personal_id=CARDS[pick % len(CARDS)],
                             category=CATEGORIES[pick // 3 % len(CATEGORIES)] if priority else None)
    if kind == "issue_pickup":
        return m.IssueTicket(id="x", service="TKQ", priority=priority, dossier=code)
    if kind == "call_number":
        return m.CallNumber(id="x", number=today[pick % len(today)].number if today else "1001")
    if kind == "transfer_service":
        return m.Transfer(id="x", service=SERVICES[pick % len(SERVICES)])
    if kind == "transfer_counter":
        return m.Transfer(id="x", counter=pick % 4 + 1)
    if kind == "upsert_dossier":
        return m.UpsertDossier(id="x", code=code, applicant="Nguyễn Văn An", service="DD",
                               due_at=f"2026-12-0{pick % 9 + 1}", status=STATUSES[pick % len(STATUSES)])
    if kind == "set_dossier_status":
        return m.SetDossierStatus(id="x", code=code, status=STATUSES[pick % len(STATUSES)])
    if kind == "expire_waiting":
        return m.ExpireWaiting(id="x")
    return {"call_next": m.CallNext, "complete": m.Complete, "recall": m.Recall, "no_show": m.NoShow,
            "start_serving": m.StartServing, "pause": m.Pause, "resume": m.Resume,
            "open_counter": m.OpenCounter, "close_counter": m.CloseCounter}[kind](id="x")


def counter_for(engine: Engine, kind, drawn: int):
    """The counter acting: none for kiosk and staff commands; for a command on the current ticket, one
    that has a ticket when there is one (drawn at random, every one of them would mostly be refused)."""
    if kind in ("issue", "issue_pickup", "upsert_dossier", "set_dossier_status", "expire_waiting"):
        return None
    busy = [n for n, c in engine.counters.items() if c.ticket_id is not None]
    if kind in ON_CURRENT_TICKET and busy:
        return busy[drawn % len(busy)]
    return drawn


def later(engine: Engine, now: float, delay) -> float:
    if delay != "midnight":
        return now + delay
    local_now = engine.local(now)
    return local(local_now.day, 0, 0, 5, month=local_now.month) + 24 * 3600


def play(config, sequence, on_outcome=lambda outcome, at: None, on_step=lambda *args: None):
    """Runs the steps; each refusal is checked to change nothing. Returns the engine."""
    engine = Engine(config)
    now = local(30, 7, 0)
    on_outcome(engine.tick(now), now)
    for kind, counter, service, priority, pick, delay in sequence:
        now = later(engine, now, delay)
        on_outcome(engine.tick(now), now)
        command = command_for(engine, kind, service, priority, pick)
        counter = counter_for(engine, kind, counter)
        before = engine_state(engine)
        try:
            outcome = engine.handle(command, now, counter)
        except errors.QueueError:
            assert engine_state(engine) == before, f"refused {command} changed the engine"
            continue
        on_step(engine, before, command, counter, outcome)
        on_outcome(outcome, now)
    return engine


class Rules:
    """Watches every accepted command and checks the hall's rules against what it saw."""

    def __init__(self, config):
        self.config = config
        self.in_row = config.hall.priority_in_row
        self.numbers_given: set[tuple[str, str]] = set()   # (day, number)
        self.number_of: dict[int, str] = {}
        self.transferred: set[int] = set()
        self.streak: dict[tuple[str, int], int] = Counter()  # (day, counter) -> priority calls in a row

    def step(self, engine: Engine, before: dict, command, counter, outcome) -> None:
        for ticket in outcome.tickets.values():
            assert self.number_of.setdefault(ticket.id, ticket.number) == ticket.number, "a ticket changed number"
        if isinstance(command, m.IssueTicket):
            key = (engine.day, outcome.ticket.number)
            assert key not in self.numbers_given, f"number {key} given twice"
            self.numbers_given.add(key)
        if isinstance(command, m.Transfer):
            self.transferred.add(outcome.ticket.id)
        move = COUNTER_MOVE_OF.get(type(command))
        if move is not None:   # every counter state a command leaves follows the table
            old = before["counters"][counter].state
            assert engine.counters[counter].state == COUNTER_MOVES[(old, move)].to, (old, move)
        calls = [e for e in outcome.events if isinstance(e, TicketEvent) and e.kind == "called"]
        for event in calls:
            if isinstance(command, m.CallNext):
                self.check_call_next(before["tickets"], counter, event.ticket)
            streak_key = (engine.day, counter)
            self.streak[streak_key] = self.streak[streak_key] + 1 if event.ticket.priority else 0
        self.check_places(engine)

    def check_call_next(self, tickets_before: dict, counter: int, called) -> None:
        services = set(self.config.counter(counter).services)
        waiting = [t for t in tickets_before.values() if t.state == TicketState.WAITING]
        targeted = [t for t in waiting if t.target_counter == counter]
        if targeted:
            assert tickets_before[called.id].target_counter == counter, "a ticket sent to this counter waits"
            return
        mine = [t for t in waiting if t.target_counter is None and t.service in services]
        regular_waits = any(not t.priority for t in mine)
        priority_waits = any(t.priority for t in mine)
        streak = self.streak[(called.day, counter)]
        if called.priority and regular_waits:
            assert streak < self.in_row, f"priority call {streak + 1} in a row while regular tickets wait"
        if not called.priority and priority_waits:
            assert streak >= self.in_row, "a regular ticket was called before a priority one out of ratio"
        if called.id not in self.transferred:
            same_class = [t for t in mine if t.priority == called.priority and t.id not in self.transferred]
            assert min(t.id for t in same_class) == called.id, "not first in first out within a class"

    def check_places(self, engine: Engine) -> None:
        holders = Counter()
        for number, record in engine.counters.items():
            if record.ticket_id is not None:
                ticket = engine.tickets[record.ticket_id]
                assert ticket.state in (TicketState.CALLED, TicketState.SERVING) and ticket.counter == number
                holders[ticket.id] += 1
        for ticket in engine.tickets.values():
            if ticket.state in (TicketState.CALLED, TicketState.SERVING):
                assert holders[ticket.id] == 1, f"{ticket.number} is at {holders[ticket.id]} counters"
            if ticket.state == TicketState.WAITING:
                assert ticket.counter is None
        waiting = Counter((t.service, t.priority) for t in engine.tickets.values() if t.state == TicketState.WAITING)
        assert {k: v for k, v in engine.waiting_count.items() if v} == dict(waiting)
        targeted = Counter(t.target_counter for t in engine.tickets.values()
                           if t.state == TicketState.WAITING and t.target_counter is not None)
        assert {n: engine.waiting_transferred(n) for n in targeted} == dict(targeted)
        for number in engine.counters:  # the heaps give what a scan of the day's tickets gives
            services = set(engine.services_of(number))
            scanned = sorted((t for t in engine.tickets.values() if t.state == TicketState.WAITING and (
                t.target_counter == number or (t.target_counter is None and t.service in services))),
                key=lambda t: (t.target_counter is None, not t.priority, t.place, t.id))
            assert engine.waiting_for_counter(number, limit=10 ** 6) == scanned
            assert engine.waiting_for_counter(number, limit=3) == scanned[:3]
        assert len(engine.by_number) == len(engine.tickets)


@SETTINGS
@given(config=halls, sequence=steps)
def test_the_hall_rules_hold_whatever_happens(config, sequence):
    rules = Rules(config)
    engine = play(config, sequence, on_step=rules.step)
    rules.check_places(engine)


@SETTINGS
@given(config=halls, sequence=steps)
def test_the_store_rebuilds_the_engine_it_was_given(config, sequence):
    store = Store(sqlite_utils.Database(memory=True))
    engine = play(config, sequence, on_outcome=lambda outcome, at: store.commit(Change(outcome, at)))
    assert engine_state(store.load_engine(config, engine.person_key)) == engine_state(engine)
