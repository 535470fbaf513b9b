"""Wrong tokens, per address: once guessed at ~460 a second from one machine, never slowed, never logged.

After FREE failures an address's hellos wait their turn, one at a time however many connections it opens,
each turn WAIT_S after the one before, doubling with each further failure up to MAX_WAIT_S: about ten guesses
in the first minute, then two a minute. A right token waits like a wrong one (the wait must not tell them
apart). An address without a failure for FORGET_S is forgotten. Pure: the server passes the time.
"""
from dataclasses import dataclass

FREE = 5  # a device set up with a typo, a clerk retrying: no wait yet
WAIT_S = 1.0
MAX_WAIT_S = 30.0
MAX_QUEUE_S = 120.0  # further hellos from an address this far behind are turned away unread
FORGET_S = 600.0
MAX_ADDRESSES = 4096  # memory stays bounded whatever the addresses


@dataclass
class _Address:
    failures: int
    last_failure: float
    next_turn: float


class FailedHellos:
    def __init__(self, free: int = FREE, wait_s: float = WAIT_S, max_wait_s: float = MAX_WAIT_S):
        self.free, self.wait_s, self.max_wait_s = free, wait_s, max_wait_s
        self._addresses: dict[str, _Address] = {}

    def turn(self, address: str, now: float) -> float:
        """How long a hello from this address waits before it is read: 0 with few failures; -1 when it is
        so far behind that this hello is turned away unread."""
        entry = self._current(address, now)
        if entry is None or entry.failures < self.free:
            return 0.0
        start = max(now, entry.next_turn)
        if start - now > MAX_QUEUE_S:
            return -1.0
        entry.next_turn = start + self._wait(entry.failures)
        return start - now

    def failed(self, address: str, now: float) -> int:
        """Count a failure; returns how many in a row from that address."""
        entry = self._current(address, now)
        if entry is None:
            if len(self._addresses) >= MAX_ADDRESSES:
                self._forget_oldest()
            entry = self._addresses[address] = _Address(0, now, now)
        entry.failures += 1
        entry.last_failure = now
        entry.next_turn = max(entry.next_turn, now)
        return entry.failures

    def _wait(self, failures: int) -> float:
        return min(self.max_wait_s, self.wait_s * 2.0 ** (failures - self.free))

    def _current(self, address: str, now: float) -> _Address | None:
        entry = self._addresses.get(address)
        if entry is not None and now - entry.last_failure > FORGET_S and entry.next_turn <= now:
            del self._addresses[address]
            return None
        return entry

    def _forget_oldest(self) -> None:
        for address in sorted(self._addresses, key=lambda a: self._addresses[a].last_failure)[:MAX_ADDRESSES // 4]:
            del self._addresses[address]
