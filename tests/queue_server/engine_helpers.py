"""Driving the pure engine from tests: the test hall, a clock in the hall's zone, and its whole state."""
from datetime import datetime
from zoneinfo import ZoneInfo

import msgspec
import pytest

from queue_protocol import messages as m
from queue_protocol.states import TicketState
from queue_server.clock_steps import Elapsed
from queue_server.config import load_config
from queue_server.engine import Engine
from queue_server.personal_data import PersonKey
from tests.support import TEST_HALL

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
TEST_CONFIG = load_config(TEST_HALL)
TEST_KEY = PersonKey(b"the test hall's secret, 32 bytes")


def local(day=30, hour=9, minute=0, second=0, month=11) -> float:
    """Epoch seconds of a local time in the hall (Asia/Ho_Chi_Minh) in November 2026."""
    return datetime(2026, month, day, hour, minute, second, tzinfo=ZONE).timestamp()


def config_with(hall=None, services=None, config=TEST_CONFIG):
    """The test hall with some [hall] keys and some services' keys changed: services={"DD": {...}}."""
    if hall:
        config = msgspec.structs.replace(config, hall=msgspec.structs.replace(config.hall, **hall))
    if services:
        config = msgspec.structs.replace(config, services=tuple(
            msgspec.structs.replace(s, **services.get(s.code, {})) for s in config.services))
    return config


def engine_state(engine: Engine) -> dict:
    """Everything the engine knows, as plain comparable values (its heaps only through the order they give)."""
    return {
        "day": engine.day,
        "began_on": engine.began_on,
        "next_place": engine.next_place,
        "next_ticket_id": engine.next_ticket_id,
        "next_call_id": engine.next_call_id,
        "tickets": dict(engine.tickets),
        "counters": dict(engine.counters),
        "dossiers": dict(engine.dossiers),
        "recent_calls": list(engine.recent_calls),
        "by_number": dict(engine.by_number),
        "next_seq": dict(engine.next_seq),
        "issued_count": {k: v for k, v in engine.issued_count.items() if v},
        "issued_to": {k: v for k, v in engine.issued_to.items() if v},
        "issued_to_for": {k: v for k, v in engine.issued_to_for.items() if v},
        "waiting_count": {k: v for k, v in engine.waiting_count.items() if v},
        "targeted_count": {k: v for k, v in engine.targeted_count.items() if v},
        "durations": {k: list(v) for k, v in engine.durations.items()},
        "rated": set(engine.rated),
        "queue_order": {n: [t.id for t in engine.waiting_for_counter(n, limit=10 ** 6)] for n in engine.counters},
    }


class Hall:
    """An engine and a clock that moves a second per command (tick first, as the server does)."""

    def __init__(self, config=TEST_CONFIG, start=None):
        self.engine = Engine(config, person_key=TEST_KEY)
        self._ids = 0
        self.at(local() if start is None else start)

    def at(self, when: float):
        self.now = when
        return self.engine.tick(when)

    def clock_set(self, when: float, elapsed=Elapsed.JUMPED):
        """The clock set to `when` (an NTP step, an operator), or read at a start-up (Elapsed.UNKNOWN)."""
        self.now = when
        return self.engine.tick(when, elapsed)

    def do(self, command_type, counter=None, /, **fields):
        self._ids += 1
        self.at(self.now + 1)
        return self.engine.handle(command_type(id=str(self._ids), **fields), self.now, counter)

    def refused(self, error_type, command_type, counter=None, /, **fields):
        """The command is refused with error_type, and the engine is exactly as it was."""
        self._ids += 1
        self.at(self.now + 1)
        before = engine_state(self.engine)
        with pytest.raises(error_type) as refusal:
            self.engine.handle(command_type(id=str(self._ids), **fields), self.now, counter)
        assert engine_state(self.engine) == before
        return refusal.value

    # shorthands
    def issue(self, service, priority=False, dossier=None):
        return self.do(m.IssueTicket, service=service, priority=priority, dossier=dossier).ticket

    def numbers(self, *services):
        return [self.issue(s).number for s in services]

    def call_next(self, counter):
        return self.do(m.CallNext, counter).ticket

    def waiting_numbers(self, counter):
        return [t.number for t in self.engine.waiting_for_counter(counter)]

    def waiting(self):
        return sorted(t.number for t in self.engine.tickets.values() if t.state == TicketState.WAITING)
