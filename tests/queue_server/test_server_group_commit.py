"""Group commit: commands that arrive while a transaction is being written are applied one by one and stored
together in the next; nothing leaves the server before it is stored.

The burst runs against a real server process over real websockets. The other tests run the real server in
this process, on a real SQLite file, its devices connected through memory (tests/in_process_hall.py), so
that they can hold its disk still (a store whose next transaction waits at a gate, as a slow disk would) or
plant a fault, and know which commands fell into which transaction.
"""
import asyncio
import json
import sqlite3
import threading
from contextlib import AsyncExitStack

import pytest

from queue_protocol import messages as m
from queue_protocol.hall_view import HallView
from queue_server import server as server_module
from queue_server.engine import Engine
from queue_server.store import Store
from tests.support import hall_with_sessions, nine_am_today, ws_session

REFUSE_DD = ("create trigger refuse_dd before insert on tickets when new.service = 'DD' "
             "begin select raise(abort, 'the disk refuses (test)'); end")


def run(coro):
    return asyncio.run(coro)


async def pipeline(session, commands: list[dict]) -> list[dict]:
    """Send every command at once, then read one reply per command; replies in the order they came."""
    for command in commands:
        await session.send(command)
    return [await session.reply(timeout=15) for _ in commands]


def issue(request_id: str, service: str, priority: bool = False) -> dict:
    return {"type": "issue_ticket", "id": request_id, "service": service, "priority": priority}


def read_db(path, sql: str, *args) -> list[tuple]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def waiting_counts(view: HallView) -> dict[str, int]:
    return {code: service.waiting for code, service in view.services.items()}


# --- a burst against the real server process ------------------------------------------------------------


def test_a_burst_is_answered_once_each_in_order_in_fewer_transactions(make_hall_server, tmp_path):
    hall_server = make_hall_server(config=hall_with_sessions(tmp_path, {"kiosk-1": 3, "kiosk-2": 3}))

    async def scenario():
        url = hall_server.url
        kiosk_devices = ["kiosk-1", "kiosk-2"] * 3
        counter_devices = [f"counter-{n}" for n in (1, 2, 3, 4)]
        async with ws_session(url, "display", "screen-1", "token-screen-1") as display, AsyncExitStack() as stack:
            sessions = [await stack.enter_async_context(ws_session(url, role, device, f"token-{device}"))
                        for role, devices in (("kiosk", kiosk_devices), ("counter", counter_devices))
                        for device in devices]
            loads = []
            for k, _device in enumerate(kiosk_devices):
                # Chứng thực gives no priority numbers: every fifth command is a refusal.
                loads.append([issue(f"k{k}-{i}", "CT" if i % 5 == 4 else ("DD", "HT", "KD")[i % 3],
                                    priority=i % 5 == 4) for i in range(10)])
            loads += [[{"type": "call_next", "id": f"c{n}-{i}"} for i in range(10)] for n in range(4)]
            before = hall_server.health()["transactions"]
            replies = await asyncio.gather(*(pipeline(s, load) for s, load in zip(sessions, loads, strict=True)))
            after = hall_server.health()["transactions"]
            # Each once: a ping sent last is answered right after the last reply, with nothing in between.
            for s in sessions:
                assert (await s.request("ping"))["type"] == "ok"
                assert [e for e in s.events if e["type"] in ("ok", "error")] == []
            calls = [r for rs in replies[6:] for r in rs if r["type"] == "ok"]
            last_call_id = max(c["ticket"]["id"] for c in calls)
            called = []
            while len(called) < len(calls):
                called.append(await display.next_event("called", timeout=10))
            return loads, replies, before, after, called, last_call_id

    loads, replies, before, after, called, _ = run(scenario())
    commands = sum(len(load) for load in loads)
    for load, answers in zip(loads, replies, strict=True):
        assert [a["id"] for a in answers] == [c["id"] for c in load]  # in the order sent, each once
    assert after - before < commands, (after - before, commands)

    issued = [a for answers in replies[:6] for a in answers if a["type"] == "ok"]
    refused = [a for answers in replies[:6] for a in answers if a["type"] == "error"]
    assert len(issued) == 48 and len(refused) == 12
    assert {a["code"] for a in refused} == {"priority_not_allowed"}
    numbers = [a["ticket"]["number"] for a in issued]
    assert len(numbers) == len(set(numbers))
    stored = read_db(hall_server.db_path, "select id, number from tickets")
    assert sorted(stored) == sorted((a["ticket"]["id"], a["ticket"]["number"]) for a in issued)
    # A refusal changes nothing stored: no event, only its reply, kept for a retry.
    refused_ids = [a["id"] for a in refused]
    marks = ",".join("?" * len(refused_ids))
    assert read_db(hall_server.db_path, f"select count(*) from events where request_id in ({marks})",
                   *refused_ids) == [(0,)]
    kept = dict(read_db(hall_server.db_path, f"select request_id, reply from requests where request_id in ({marks})",
                        *refused_ids))
    assert {request_id: json.loads(reply)["code"] for request_id, reply in kept.items()} == \
        dict.fromkeys(refused_ids, "priority_not_allowed")

    calls = [a for answers in replies[6:] for a in answers if a["type"] == "ok"]
    empty = [a for answers in replies[6:] for a in answers if a["type"] == "error"]
    assert {a["code"] for a in empty} <= {"queue_empty"}
    assert len({c["ticket"]["id"] for c in calls}) == len(calls)   # no ticket called twice
    # Every call reached the screen once, in the order the calls were made.
    assert [e["call_id"] for e in called] == sorted({e["call_id"] for e in called})
    assert sorted((e["ticket"]["number"], e["counter"]) for e in called) == \
        sorted((c["ticket"]["number"], c["counter"]["number"]) for c in calls)


# --- the real server in this process, its disk held still on demand ---------------------------------------


class GatedStore(Store):
    """The real store, whose transactions wait while the gate is shut: a slow disk, on the test's command."""

    def __init__(self, path):
        store = Store.open(path)
        super().__init__(store.db, writer=store.writer)
        self.file = store.file
        self.gate = threading.Event()
        self.gate.set()

    def commit(self, *changes):
        assert self.gate.wait(15), "the test never opened the gate"
        super().commit(*changes)


def plant(db_path, sql: str) -> None:
    """Change the database behind the server's back, as a failing disk would."""
    db = sqlite3.connect(db_path)
    try:
        db.execute(sql)
        db.commit()
    finally:
        db.close()


@pytest.fixture
def hall(make_in_process_hall):
    hall = make_in_process_hall(open_store=GatedStore)
    yield hall
    hall.store.gate.set()  # a test that failed with the gate shut: the writer thread finishes


def test_what_arrives_during_a_write_is_stored_together_and_broadcast_once(hall):
    async def scenario():
        async with hall.session("screen-1") as display, hall.session("kiosk-1") as kiosk, \
                hall.session("counter-2") as counter:
            before = hall.store.transactions
            hall.store.gate.clear()
            await kiosk.send(issue("first", "DD"))      # its transaction now waits at the gate
            await hall.until(lambda: hall.server._committing, "the first transaction to start")
            for i in range(9):
                await kiosk.send(issue(f"more-{i}", "DD"))
            for i in range(3):
                await counter.send({"type": "call_next", "id": f"call-{i}"})
            await hall.until(lambda: len(hall.server.engine.recent_calls) == 3, "every command applied")
            hall.store.gate.set()
            issued = [await kiosk.reply() for _ in range(10)]
            calls = [await counter.reply() for _ in range(3)]
            events = []
            while not (events and events[-1]["type"] == "counter"):
                events.append(json.loads(await display.receive_text(5)))
            return issued, calls, events, hall.store.transactions - before

    issued, calls, events, transactions = hall.run(scenario())
    assert [r["ticket"]["number"] for r in issued] == [str(n) for n in range(1001, 1011)]
    assert [r["ticket"]["number"] for r in calls] == ["1001", "1002", "1003"]
    assert transactions == 2  # 13 commands: the first alone, the twelve that came during its write together
    # The first transaction's queue count; then the calls in order, each one; then each state once, at its last value.
    assert [(e["type"], e.get("waiting", e.get("call_id"))) for e in events[:1]] == [("queue", 1)]
    assert [e["type"] for e in events] == ["queue", "called", "called", "called", "queue", "counter"]
    assert [e["ticket"]["number"] for e in events[1:4]] == ["1001", "1002", "1003"]
    assert events[4]["service"] == "DD" and events[4]["waiting"] == 7
    assert events[5]["counter"] == 2 and events[5]["serving"]["number"] == "1003"


def test_the_same_request_twice_in_one_group_acts_once_and_a_refusal_is_kept_for_a_retry(hall):
    async def scenario():
        async with hall.session("kiosk-1") as kiosk:
            hall.store.gate.clear()
            await kiosk.send(issue("first", "DD"))
            await hall.until(lambda: hall.server._committing, "the first transaction to start")
            group = [issue("twice", "HT"), issue("twice", "HT"), issue("refused", "CT", priority=True),
                     issue("refused", "CT", priority=True)]
            for command in group:
                await kiosk.send(command)
            await hall.until(lambda: hall.server.engine.waiting("HT") == 1 and len(hall.server._open) >= 4,
                             "the group applied")
            hall.store.gate.set()
            replies = [await kiosk.reply() for _ in range(5)]
            retry = await kiosk.request("issue_ticket", id="refused", service="CT", priority=False)
            return replies, retry

    replies, retry = hall.run(scenario())
    first, twice, twice_again, refused, refused_again = replies
    assert twice == twice_again and twice["ticket"]["number"] == "2001"
    assert refused == refused_again and refused["code"] == "priority_not_allowed"
    assert retry == refused  # the first answer again, though the retry itself would now be accepted
    assert read_db(hall.db_path, "select number from tickets order by id") == [("1001",), ("2001",)]
    assert read_db(hall.db_path, "select count(*) from events where request_id = 'refused'") == [(0,)]
    assert read_db(hall.db_path, "select count(*) from requests where request_id in ('twice', 'refused')") == [(2,)]


def test_a_failed_write_voids_its_group_and_the_next_and_nobody_sees_what_was_lost(hall):
    async def scenario():
        async with hall.session("screen-2") as watching, hall.session("kiosk-1") as kiosk, \
                AsyncExitStack() as stack:
            plant(hall.db_path, REFUSE_DD)
            hall.store.gate.clear()
            await kiosk.send(issue("ht-1", "HT"))     # stored: the trigger refuses only Đất đai
            await hall.until(lambda: hall.server._committing, "the first transaction to start")
            for command in (issue("kd", "KD"), issue("dd", "DD"), issue("ht-2", "HT")):
                await kiosk.send(command)
            await hall.until(lambda: hall.server.engine.waiting("HT") == 2, "the second group applied")
            # A screen connecting now is shown the hall only once what it shows is stored.
            joining = asyncio.ensure_future(stack.enter_async_context(hall.session("screen-1")))
            await hall.until(lambda: hall.server._welcoming, "the screen's hello")
            hall.store.gate.set()
            replies = [await kiosk.reply() for _ in range(4)]
            joined = await joining
            resync = await watching.next_event("snapshot")
            stored = (read_db(hall.db_path, "select number from tickets"),
                      read_db(hall.db_path, "select request_id from requests"))
            plant(hall.db_path, "drop trigger refuse_dd")
            after = [await kiosk.request("issue_ticket", service=code) for code in ("DD", "KD")]
            return replies, joined.welcome, resync, stored, after

    replies, welcome, resync, (tickets, requests), after = hall.run(scenario())
    assert replies[0]["type"] == "ok" and replies[0]["ticket"]["number"] == "2001"
    assert [(r["id"], r["code"]) for r in replies[1:]] == [("kd", "storage_failed"), ("dd", "storage_failed"),
                                                           ("ht-2", "storage_failed")]
    assert replies[1]["message"]["vi"].startswith("Máy chủ không ghi được dữ liệu")
    # Nothing of the failed group is stored, not even the commands the disk did not refuse.
    assert tickets == [("2001",)] and requests == [("ht-1",)]
    view = HallView()
    view.load(m.decode_server(json.dumps(welcome)).snapshot)
    assert waiting_counts(view) == {"DD": 0, "HT": 1, "KD": 0, "CT": 0, "TKQ": 0}
    view.load(m.decode_server(json.dumps(resync)).snapshot)
    assert waiting_counts(view)["HT"] == 1 and waiting_counts(view)["KD"] == 0
    # The numbers of the void group were never acknowledged: they are given again.
    assert [r["ticket"]["number"] for r in after] == ["1001", "A001"]


def test_an_unexpected_error_is_answered_and_the_engine_rebuilt_from_disk(hall, monkeypatch, caplog):
    handle = Engine.handle

    def handle_with_a_bug(engine, command, at, counter=None):
        if isinstance(command, m.IssueTicket) and command.service == "HT":
            engine.tickets.clear()           # left half-changed, as a bug would leave it
            engine.waiting_count.clear()
            raise ZeroDivisionError("a bug in the engine")
        return handle(engine, command, at, counter)

    monkeypatch.setattr(Engine, "handle", handle_with_a_bug)

    async def scenario():
        async with hall.session("screen-1") as display, hall.session("kiosk-1") as kiosk:
            replies = await pipeline(kiosk, [issue("a", "DD"), issue("b", "DD"), issue("bug", "HT"), issue("c", "DD")])
            resync = await display.next_event("snapshot")
            ping = await kiosk.request("ping")
            return replies, resync, ping

    replies, resync, ping = hall.run(scenario())
    assert [r["type"] for r in replies] == ["ok", "ok", "error", "ok"]
    assert [r["ticket"]["number"] for r in replies if r["type"] == "ok"] == ["1001", "1002", "1003"]
    assert replies[2]["id"] == "bug" and replies[2]["code"] == "internal_error"
    assert replies[2]["message"]["vi"].startswith("Máy chủ gặp lỗi") and replies[2]["message"]["en"]
    assert ping["type"] == "ok"  # the connection stayed open
    assert {s["code"]: s["waiting"] for s in resync["snapshot"]["services"]}["DD"] == 2
    assert hall.server.engine.waiting("DD") == 3
    assert "ZeroDivisionError: a bug in the engine" in caplog.text


def test_the_clock_keeps_ticking_after_a_tick_fails(make_in_process_hall, monkeypatch, caplog):
    monkeypatch.setattr(server_module, "TICK_INTERVAL_S", 0.01)
    hall = make_in_process_hall(start=nine_am_today().replace(hour=11, minute=0))
    tick, failing = Engine.tick, [False]

    def tick_with_a_bug(engine, at, *elapsed):
        if failing[0]:
            failing[0] = False
            raise KeyError("a bug in the clock")
        return tick(engine, at, *elapsed)

    monkeypatch.setattr(Engine, "tick", tick_with_a_bug)

    async def scenario():
        async with hall.session("screen-1") as display:
            failing[0] = True
            hall.clock.advance(31 * 60)   # 11:31: Chứng thực closes at 11:30
            resync = await display.next_event("snapshot")
            hall.clock.advance(2 * 3600)  # 13:31: and opens again at 13:30
            opened = await display.wait_for("queue", lambda e: e["service"] == "CT")
            return display.welcome, resync, opened

    welcome, resync, opened = hall.run(scenario())

    def ct(snapshot):
        return next(s for s in snapshot["services"] if s["code"] == "CT")["open"]

    assert ct(welcome["snapshot"]) is True and ct(resync["snapshot"]) is False and opened["open"] is True
    assert "KeyError: 'a bug in the clock'" in caplog.text
