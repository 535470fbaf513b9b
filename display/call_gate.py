"""Which calls a screen announces: every call_id at most once, and no old call after a resync.

call_id is unique and increasing (docs/protocol.md). After a reconnect the snapshot's recent calls are
shown, but only the ones made while we were away, and only if they are still fresh, are announced.
"""
from collections.abc import Iterable
from datetime import datetime

from queue_protocol.messages import Call

# A call missed during a short outage is still worth announcing; a call from minutes ago is not.
MISSED_CALL_MAX_AGE_S = 20.0


class CallGate:
    def __init__(self) -> None:
        self.last_call_id: int | None = None
        self.day: str | None = None

    def on_snapshot(self, day: str, server_time: str, recent_calls: Iterable[Call]) -> list[Call]:
        """Load a snapshot (welcome or resync); returns the calls to announce, oldest first."""
        calls = sorted(recent_calls, key=lambda c: c.call_id)
        newest = calls[-1].call_id if calls else 0
        last = self.last_call_id
        fresh_start = last is None or day != self.day or newest < last
        self.day = day
        if last is None or fresh_start:
            # First sight of the hall, a new day or a new database: everything on it is history.
            self.last_call_id = newest
            return []
        now = datetime.fromisoformat(server_time)
        missed = [c for c in calls if c.call_id > last
                  and (now - datetime.fromisoformat(c.at)).total_seconds() <= MISSED_CALL_MAX_AGE_S]
        self.last_call_id = max(last, newest)
        return missed

    def on_called(self, call) -> bool:
        """A live call event: True if it has not been announced yet."""
        if self.last_call_id is not None and call.call_id <= self.last_call_id:
            return False
        self.last_call_id = call.call_id
        return True
