"""Drill: SIGKILL the server 20 times while kiosks issue and counters call.

After each restart every acknowledged ticket is in the SQLite file, no number is given twice, and every
client is resynced (a fresh welcome). The clients are the apps' own QueueClient: it reconnects and
resends an unanswered request with the same id, which the server answers once.
"""
import asyncio
import random
import sqlite3
import time
from dataclasses import dataclass, field

from queue_protocol.client import CommandRefused, QueueClient, ServerUnavailable
from queue_protocol.messages import CallNext, IssueTicket
from tests.support import hall_with_sessions

KILLS = 20
KIOSK_SERVICES = ("DD", "HT", "KD", "CT")
WAIT_S = 20


@dataclass
class Participant:
    client: QueueClient
    welcomes: list = field(default_factory=list)   # the snapshot of each welcome
    log: list = field(default_factory=list)        # ("welcome", current number) and ("ack", number), in order
    acked: list = field(default_factory=list)      # tickets from ok replies
    refusals: list = field(default_factory=list)   # error codes
    failures: list = field(default_factory=list)   # no reply at all: must stay empty


def participant(server, role: str, device: str) -> Participant:
    holder = []

    def on_welcome(welcome):
        holder[0].welcomes.append(welcome.snapshot)
        current = welcome.snapshot.current
        holder[0].log.append(("welcome", current.number if current else None))

    holder.append(Participant(QueueClient(server.url, role, device, server.token(device), on_welcome=on_welcome)))
    return holder[0]


async def work(p: Participant, make_command, stop: asyncio.Event, pause_s: float) -> None:
    while not stop.is_set():
        try:
            reply = await p.client.request(make_command(p.client.new_id()), timeout=WAIT_S)
            p.acked.append(reply.ticket)
            p.log.append(("ack", reply.ticket.number))
        except CommandRefused as refused:
            p.refusals.append(refused.error.code)
        except ServerUnavailable as unavailable:
            p.failures.append(str(unavailable))
        await asyncio.sleep(pause_s)


async def until(condition, what: str, timeout: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.01)


def stored_tickets(db_path) -> dict[int, tuple]:
    """id -> (number, service, state, counter), read through a read-only connection."""
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return {row[0]: row[1:] for row in db.execute("select id, number, service, state, counter from tickets")}
    finally:
        db.close()


def check_acknowledged_are_stored(kiosks, counters, db_path) -> None:
    stored = stored_tickets(db_path)
    for p in kiosks:
        for ticket in p.acked:
            assert stored.get(ticket.id, (None,))[:2] == (ticket.number, ticket.service), ticket
    for _number, p in counters.items():
        for ticket in p.acked:
            row = stored.get(ticket.id)
            assert row is not None and row[0] == ticket.number and row[2] in ("called", "serving", "done"), ticket


def check_resync_matches_acks(p: Participant) -> None:
    """A counter's welcome shows as current the ticket of its last answered call_next, or of the
    one in flight (answered right after the welcome, by the resend)."""
    for i, (kind, current) in enumerate(p.log):
        if kind == "welcome" and i > 0:
            before = next((n for k, n in reversed(p.log[:i]) if k == "ack"), None)
            after = next((n for k, n in p.log[i + 1:] if k == "ack"), None)
            assert current in (before, after), (p.client.hello.device, i, current, before, after)


def test_sigkill_twenty_times_loses_nothing(make_hall_server, tmp_path, monkeypatch):
    hall_server = make_hall_server(config=hall_with_sessions(tmp_path, {"kiosk-1": 2, "kiosk-2": 2}))
    # The clients' reconnect logic as shipped, with shorter delays so 20 restarts fit in a minute.
    for name in ("RECONNECT_JITTER_S", "RECONNECT_MIN_S", "RECONNECT_MAX_S"):
        monkeypatch.setattr(f"queue_protocol.client.{name}", 0.3)
    rng = random.Random(7)
    started = time.monotonic()

    async def drill():
        kiosks = [participant(hall_server, "kiosk", device) for device in ("kiosk-1", "kiosk-1", "kiosk-2", "kiosk-2")]
        counters = {n: participant(hall_server, "counter", f"counter-{n}") for n in (1, 2, 3)}
        everyone = kiosks + list(counters.values())
        runners = [asyncio.ensure_future(p.client.run()) for p in everyone]
        stop = asyncio.Event()
        workers = [asyncio.ensure_future(work(p, lambda rid, s=KIOSK_SERVICES[i]: IssueTicket(id=rid, service=s),
                                              stop, 0.03)) for i, p in enumerate(kiosks)]
        workers += [asyncio.ensure_future(work(p, lambda rid: CallNext(id=rid), stop, 0.05))
                    for p in counters.values()]
        for kill in range(KILLS):
            await until(lambda: all(len(p.welcomes) > kill for p in everyone), f"every client resynced #{kill}")
            check_acknowledged_are_stored(kiosks, counters, hall_server.db_path)
            answered = [len(p.acked) + len(p.refusals) for p in everyone]
            await until(lambda: all(len(p.acked) + len(p.refusals) >= n + 2
                                    for p, n in zip(everyone, answered, strict=True)),
                        f"requests answered after restart #{kill}")
            await asyncio.sleep(rng.uniform(0, 0.15))
            await asyncio.to_thread(hall_server.kill)
            await asyncio.sleep(rng.uniform(0, 0.2))
            await asyncio.to_thread(hall_server.start)
        await until(lambda: all(len(p.welcomes) > KILLS for p in everyone), "every client resynced at the end")
        stop.set()
        await asyncio.gather(*workers)
        for p in everyone:
            await p.client.close()
        await asyncio.gather(*runners)
        return kiosks, counters

    kiosks, counters = asyncio.run(drill())
    check_acknowledged_are_stored(kiosks, counters, hall_server.db_path)
    issued = [(t.service, t.number) for p in kiosks for t in p.acked]
    assert len(issued) == len(set(issued)), "a number was given twice"
    assert len(issued) > KILLS * 4
    called = [t.id for p in counters.values() for t in p.acked]
    assert len(called) == len(set(called)), "a ticket was called twice by call_next"
    for p in kiosks + list(counters.values()):
        assert p.failures == []
        assert set(p.refusals) <= {"queue_empty"}, p.refusals
        assert len(p.welcomes) == KILLS + 1
    for p in counters.values():
        check_resync_matches_acks(p)
    assert hall_server.health()["status"] == "ok"
    assert time.monotonic() - started < 90
