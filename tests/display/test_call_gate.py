"""Each call_id is announced once; old calls are never announced again after a resync."""
from display.call_gate import CallGate
from queue_protocol.messages import Call, TicketBrief


def call(call_id, at="2026-11-30T09:00:00+07:00", counter=1):
    return Call(call_id=call_id, ticket=TicketBrief(number=str(1000 + call_id), service="DD"),
                counter=counter, recall=False, at=at)


def test_first_snapshot_announces_nothing_and_live_calls_once():
    gate = CallGate()
    assert gate.on_snapshot("2026-11-30", "2026-11-30T09:00:05+07:00", [call(5), call(4)]) == []
    assert not gate.on_called(call(5))
    assert gate.on_called(call(6))
    assert not gate.on_called(call(6))


def test_resync_announces_only_fresh_calls_missed_while_away():
    gate = CallGate()
    gate.on_snapshot("2026-11-30", "2026-11-30T09:00:00+07:00", [call(5)])
    snapshot = [call(8, at="2026-11-30T09:05:50+07:00"), call(7, at="2026-11-30T09:01:00+07:00"), call(5)]
    assert [c.call_id for c in gate.on_snapshot("2026-11-30", "2026-11-30T09:06:00+07:00", snapshot)] == [8]
    assert gate.on_snapshot("2026-11-30", "2026-11-30T09:06:01+07:00", snapshot) == []
    assert not gate.on_called(call(8))


def test_a_new_day_or_database_starts_afresh():
    gate = CallGate()
    gate.on_snapshot("2026-11-30", "2026-11-30T09:00:00+07:00", [call(50)])
    assert gate.on_snapshot("2026-12-01", "2026-12-01T07:00:00+07:00", [call(3, at="2026-12-01T07:00:00+07:00")]) == []
    assert gate.on_called(call(4))
