"""Steps of the wall clock (an NTP correction, an operator's `date -s`, a wrong BIOS clock set right), told
apart from time passing by a clock nobody sets: the time since boot, suspend included.

The engine is given the wall clock's reading and how it got there (Elapsed); the server watches for steps."""
import time
from dataclasses import dataclass
from enum import Enum

# A smaller difference is not a step: two readings taken one after the other, NTP's slewing (at most 0.5 ms/s).
STEP_S = 2.0
DAY_S = 24 * 3600


def plausible(span_s: float) -> bool:
    """A wait or a service time between two readings of the clock: negative, or over a day, when the clock was
    set in between; then it is no figure of the hall's."""
    return 0 <= span_s <= DAY_S


class Elapsed(Enum):
    """How the wall clock came to its reading, since the engine's last one."""
    KNOWN = "known"      # time passed as the wall clock says
    JUMPED = "jumped"    # the wall clock was set: its reading moved more, or less, than time passed
    UNKNOWN = "unknown"  # the server just started: only the wall clock says how long it was stopped


@dataclass(frozen=True)
class ClockStep:
    expected: float  # where the wall clock would be had nobody set it
    read: float      # where it is

    @property
    def seconds(self) -> float:
        return self.read - self.expected


class ClockWatch:
    """Compares each wall-clock reading with the previous one and the time elapsed in between."""

    def __init__(self) -> None:
        self._last: tuple[float, float] | None = None  # (wall, elapsed) at the last reading

    def read(self, wall: float, elapsed: float) -> ClockStep | None:
        last, self._last = self._last, (wall, elapsed)
        if last is None:
            return None
        expected = last[0] + (elapsed - last[1])
        return ClockStep(expected, wall) if abs(wall - expected) >= STEP_S else None


def since_boot() -> float:
    """Seconds since boot, time suspended included: a machine woken in the morning has not had its clock set.
    (time.monotonic stops while suspended.)"""
    return time.clock_gettime(time.CLOCK_BOOTTIME)
