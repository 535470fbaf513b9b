"""A clock that is set (an NTP step, a wrong BIOS clock set right): the queue keeps its order, a day is neither
reopened nor lost, the hall comes back to the real day once the clock is right, and every step is logged.

The engine is told how the clock got to its reading; the server sees it on a clock nobody sets (since boot)."""
import asyncio
import logging
import re
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest

from queue_protocol import messages as m
from queue_server.clock_steps import ClockWatch, Elapsed
from tests.in_process_hall import InProcessHall
from tests.queue_server.engine_helpers import ZONE, Hall, config_with, local
from tests.support import nine_am_today

A_YEAR = timedelta(days=365)


def a_year_after(at: float) -> float:
    return (datetime.fromtimestamp(at, ZONE) + A_YEAR).timestamp()


# --- the engine ------------------------------------------------------------------------------------

def test_a_clock_set_back_an_hour_mid_day_keeps_the_queue_in_the_order_tickets_were_issued():
    hall = Hall(start=local(30, 10))
    hall.numbers("DD", "DD")
    hall.clock_set(local(30, 9))
    hall.numbers("DD")
    assert hall.waiting_numbers(2) == ["1001", "1002", "1003"]
    assert [hall.call_next(2).number for _ in range(3)] == ["1001", "1002", "1003"]


def test_a_ticket_transferred_after_the_clock_was_set_back_waits_behind_those_already_there():
    hall = Hall(config_with(hall={"transfer_keeps_place": False}), start=local(30, 10))
    hall.numbers("DD", "HT")                     # 1001, 2001
    hall.call_next(2)                            # 1001 at counter 2
    hall.clock_set(local(30, 9))
    hall.do(m.Transfer, 2, service="HT")         # 1001 joins HT's line, behind 2001, though "earlier"
    assert hall.waiting_numbers(1) == ["2001", "1001"]


def test_a_clock_set_back_over_midnight_keeps_the_new_day_and_its_numbers():
    hall = Hall(start=local(30, 23, 59, 58))
    hall.numbers("DD")
    hall.at(local(1, 0, 0, 30, month=12))        # time passed midnight: a new day
    assert hall.numbers("DD") == ["1001"]
    assert hall.clock_set(local(30, 23, 30)).events == []
    assert hall.engine.day == "2026-12-01"
    assert hall.numbers("DD") == ["1002"]
    hall.at(local(1, 0, 0, 5, month=12))         # and when the clock reaches midnight again
    assert hall.engine.day == "2026-12-01"
    assert hall.numbers("DD") == ["1003"]


def test_a_clock_a_year_ahead_then_set_right_brings_the_hall_back_to_the_real_day_numbers_going_on():
    hall = Hall(start=local(30, 9))
    hall.numbers("DD", "DD")
    hall.call_next(2)                            # 1001 served, 1002 waits
    ahead = hall.clock_set(a_year_after(local(30, 9, 5)))
    assert hall.engine.day == "2027-11-30"
    assert not ahead.tickets                     # nothing expired: the queue goes on under the wrong date
    assert hall.waiting() == ["1002"]
    assert hall.numbers("DD") == ["1003"]
    hall.clock_set(local(30, 9, 10))
    assert hall.engine.day == "2026-11-30"
    assert hall.numbers("DD") == ["1004"]
    assert {t.day for t in hall.engine.tickets.values()} == {"2026-11-30"}
    assert {c.day for c in hall.engine.counters.values()} == {"2026-11-30"}
    assert [hall.call_next(2).number for _ in range(3)] == ["1002", "1003", "1004"]
    hall.at(local(1, 7, month=12))               # and the real next day begins as every day does
    assert hall.engine.day == "2026-12-01" and hall.numbers("DD") == ["1001"]


def test_a_day_begun_at_start_up_on_a_clock_a_year_ahead_comes_back_to_the_real_day():
    hall = Hall(start=local(29, 16))
    hall.numbers("DD", "DD")                     # yesterday's
    hall.clock_set(a_year_after(local(30, 7, 30)), Elapsed.UNKNOWN)  # the server starts on a wrong BIOS clock
    assert hall.engine.day == "2027-11-30"
    assert hall.numbers("DD") == ["1001"]
    hall.clock_set(local(30, 7, 31))             # NTP sets it right
    assert hall.engine.day == "2026-11-30"
    assert hall.numbers("DD") == ["1002"]
    hall.clock_set(local(29, 16, 30))            # but never back to a day already served
    assert hall.engine.day == "2026-11-30"


def test_a_step_is_what_the_wall_clock_did_beyond_the_time_that_passed():
    watch = ClockWatch()
    assert watch.read(1000.0, 50.0) is None
    assert watch.read(1005.0, 55.0) is None      # time passing
    assert watch.read(1006.5, 55.2) is None      # under two seconds off: not told from two readings' delay
    step = watch.read(4600.0, 60.0)              # an hour ahead
    assert (step.expected, step.read) == (pytest.approx(1011.3), 4600.0)
    back = watch.read(1000.0, 61.0)
    assert round(back.seconds) == -3601


# --- the server, its database and its log ----------------------------------------------------------

class Clocks:
    """The hall's wall clock and the time since boot: time passing moves both, setting the clock only one."""

    def __init__(self, start: datetime):
        self.wall, self.boot = start.timestamp(), 1000.0

    def passes(self, seconds: float) -> None:
        self.wall += seconds
        self.boot += seconds

    @contextmanager
    def server(self, tmp_path):
        """A server started on the hall's database (again, for a restart) with these clocks, stopped after."""
        hall = InProcessHall(tmp_path / "hall.db", clock=lambda: self.wall, monotonic=lambda: self.boot)
        try:
            yield hall
        finally:
            hall.close()


async def issue(kiosk, clocks: Clocks) -> dict:
    clocks.passes(5)
    reply = await kiosk.request("issue_ticket", service="DD")
    return reply["ticket"]


async def calls(counter, clocks: Clocks, count: int) -> list[str]:
    """The numbers `count` call_next in a row call, a few seconds apart."""
    called = []
    for _ in range(count):
        clocks.passes(5)
        called.append((await counter.request("call_next"))["ticket"]["number"])
    return called


def numbers(tickets) -> list[tuple[str, str]]:
    return [(t["number"], t["day"]) for t in tickets]


def run(coro):
    return asyncio.run(coro)


def logged(caplog, words: str) -> list[str]:
    """The server's log lines that say these words."""
    return [r.getMessage() for r in caplog.records if words in r.getMessage()]


def test_a_clock_set_back_an_hour_then_a_restart_still_calls_in_the_order_issued(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="queue_server.server")
    clocks = Clocks(nine_am_today() + timedelta(hours=1))

    async def scenario():
        with clocks.server(tmp_path) as hall:
            async with hall.session("kiosk-1") as kiosk:
                issued = [await issue(kiosk, clocks) for _ in range(2)]
                clocks.wall -= 3600
                issued.append(await issue(kiosk, clocks))
        with clocks.server(tmp_path) as hall:
            async with hall.session("kiosk-1") as kiosk, hall.session("counter-2") as counter:
                issued.append(await issue(kiosk, clocks))
                called = await calls(counter, clocks, 4)
        return issued, called

    issued, called = run(scenario())
    assert [t["number"] for t in issued] == called == ["1001", "1002", "1003", "1004"]
    steps = logged(caplog, "the clock was set")
    assert len(steps) == 1
    assert re.match(r"the clock was set back by 1:00:00: it reads \S+T09:00:1\d\+07:00 where it would have read "
                    r"\S+T10:00:1\d\+07:00; the hall's day is ", steps[0])


def test_a_clock_a_year_ahead_then_set_right_across_restarts_leaves_today_whole(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="queue_server.server")
    today = nine_am_today()
    clocks = Clocks(today)

    async def scenario():
        with clocks.server(tmp_path) as hall:
            async with hall.session("kiosk-1") as kiosk, hall.session("counter-2") as counter:
                issued = [await issue(kiosk, clocks) for _ in range(2)]
                clocks.passes(5)
                await counter.request("call_next")                  # 1001 at counter 2
                clocks.wall = a_year_after(clocks.wall)            # a bad NTP server
                issued.append(await issue(kiosk, clocks))
        with clocks.server(tmp_path) as hall:  # restarted while the clock is a year ahead
            async with hall.session("kiosk-1") as kiosk:
                issued.append(await issue(kiosk, clocks))
                clocks.wall -= (a_year_after(clocks.wall) - clocks.wall)  # set right
                issued.append(await issue(kiosk, clocks))
        with clocks.server(tmp_path) as hall:  # and restarted on the right clock
            async with hall.session("kiosk-1") as kiosk, hall.session("counter-2") as counter, \
                    hall.session("admin-1") as admin:
                issued.append(await issue(kiosk, clocks))
                called = await calls(counter, clocks, 4)
                clocks.passes(5)
                figures = (await admin.request("stats"))["stats"]
        return issued, called, figures, hall.server.engine.day

    issued, called, figures, day = run(scenario())
    real, wrong = today.date().isoformat(), (today + A_YEAR).date().isoformat()
    assert numbers(issued) == [("1001", real), ("1002", real), ("1003", wrong), ("1004", wrong), ("1005", real),
                               ("1006", real)]
    assert day == real
    assert called == ["1002", "1003", "1004", "1005"]          # the one waiting since before the step first
    assert (figures["day"], figures["issued"], figures["served"]) == (real, 6, 4)
    steps = logged(caplog, "the clock was set")
    assert len(steps) == 2
    assert steps[0].startswith("the clock was set forward by 365 days, 0:00:00: ") and steps[0].endswith(wrong)
    assert steps[1].startswith("the clock was set back by 365 days, 0:00:00: ") and steps[1].endswith(real)


def test_a_clock_set_back_while_the_server_was_stopped_is_logged_at_start_and_the_order_kept(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="queue_server.server")
    clocks = Clocks(nine_am_today() + timedelta(hours=1))

    async def scenario():
        with clocks.server(tmp_path) as hall:
            async with hall.session("kiosk-1") as kiosk:
                issued = [await issue(kiosk, clocks)]
        clocks.passes(60)
        clocks.wall -= 3600
        with clocks.server(tmp_path) as hall:
            async with hall.session("kiosk-1") as kiosk, hall.session("counter-2") as counter:
                issued.append(await issue(kiosk, clocks))
                called = await calls(counter, clocks, 2)
        return issued, called

    issued, called = run(scenario())
    assert [t["number"] for t in issued] == called == ["1001", "1002"]
    at_start = logged(caplog, "before the last moment stored")
    assert len(at_start) == 1
    assert re.match(r"the clock reads \S+T09:01:05\+07:00, before the last moment stored \(\S+T10:00:05\+07:00\): it "
                    r"was set back while the server was stopped; the hall's day is ", at_start[0])
