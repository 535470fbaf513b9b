"""The report's grouped counts of the days the queue server has left behind, kept in memory: such a day no longer
changes (its waiting tickets expired when the server started the next day, and citizens rate the day they are
served), so a year's report asks the database only for the days it has not seen yet, usually today.

A day is kept with its fingerprint (how many tickets, the highest ticket id) and used again only while the
database still gives the same; another database file (a restored backup) forgets them all.
"""
import threading
from collections.abc import Hashable
from dataclasses import dataclass


@dataclass(frozen=True)
class DayCounts:
    fingerprint: tuple[int, int]  # the day's tickets: how many, and the highest id
    groups: list  # GroupCount of the day
    hours: list  # HourCount of the day


class FinishedDays:
    def __init__(self):
        self._lock = threading.Lock()  # reports run in the web server's worker threads
        self._file: Hashable = None
        self._days: dict[str, DayCounts] = {}

    def known(self, file: Hashable, fingerprints: dict[str, tuple[int, int]]) -> dict[str, DayCounts]:
        """The kept counts of those days that still have these fingerprints in this file."""
        with self._lock:
            if file != self._file:
                self._file, self._days = file, {}
            return {day: kept for day, fingerprint in fingerprints.items()
                    if (kept := self._days.get(day)) is not None and kept.fingerprint == fingerprint}

    def keep(self, file: Hashable, day: str, counts: DayCounts) -> None:
        with self._lock:
            if file == self._file:
                self._days[day] = counts
