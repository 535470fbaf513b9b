"""Failed sign-ins counted per key (an account, an address): after too many, more tries are refused for a while.

Pure: time is passed in by the caller's clock, so tests need no sleeping.
"""
import time
from collections import defaultdict, deque
from collections.abc import Callable


class Throttle:
    def __init__(self, max_failures: int = 5, window_s: float = 900, lock_s: float = 300,
                 clock: Callable[[], float] = time.monotonic):
        self.max_failures, self.window_s, self.lock_s, self.clock = max_failures, window_s, lock_s, clock
        self._failures: dict[str, deque] = defaultdict(deque)

    def retry_after_s(self, *keys: str) -> float:
        """0 when a try is allowed for every key; otherwise the seconds until it is."""
        now = self.clock()
        wait = 0.0
        for key in keys:
            failures = self._recent(key, now)
            if len(failures) >= self.max_failures:
                wait = max(wait, failures[-1] + self.lock_s - now)
        return max(wait, 0.0)

    def failed(self, *keys: str) -> None:
        now = self.clock()
        for key in keys:
            self._recent(key, now).append(now)

    def succeeded(self, *keys: str) -> None:
        for key in keys:
            self._failures.pop(key, None)

    def _recent(self, key: str, now: float) -> deque:
        failures = self._failures[key]
        while failures and failures[0] < now - max(self.window_s, self.lock_s):
            failures.popleft()
        return failures
