"""A period's figures: per service, counter, clerk and priority category (those two when tickets record them),
per hour of the day and per day. Pure: the database's grouped counts in, tables out.

The database does the counting (a year is half a million tickets); medians and 90th percentiles come from
histograms of whole seconds, exact to the second, which is finer than any report shows.
"""
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple, Optional

from queue_protocol.states import TicketState

DONE, NO_SHOW = TicketState.DONE, TicketState.NO_SHOW
DIMENSIONS = ("service", "counter", "clerk", "category")


class GroupCount(NamedTuple):
    """Tickets sharing a service, counter, clerk, category, state, priority and transfer: how many, and the
    sums and counts of their waits (issue to call) and service times (at the counter, finished ones)."""
    service: str
    counter: Optional[int]
    clerk: Optional[str]
    category: Optional[str]
    state: str
    priority: bool
    transferred: bool
    tickets: int
    wait_sum: float
    waits: int
    service_sum: float
    services: int


class Histogram(NamedTuple):
    """How many tickets of a service, counter, clerk and category took this many whole seconds."""
    service: str
    counter: Optional[int]
    clerk: Optional[str]
    category: Optional[str]
    seconds: int
    tickets: int


class HourCount(NamedTuple):
    """Tickets of a day issued in one hour (UTC hour: the offset of the hall's zone is added here)."""
    day: str
    utc_hour: int
    tickets: int
    served: int
    no_show: int
    wait_sum: float
    waits: int


@dataclass(frozen=True)
class Spread:
    """Average, median and 90th percentile of some durations, in seconds (None when there are none)."""
    average: Optional[float] = None
    median: Optional[float] = None
    p90: Optional[float] = None


@dataclass(frozen=True)
class Figures:
    issued: int = 0
    served: int = 0
    no_show: int = 0
    transferred: int = 0
    priority: int = 0
    wait: Spread = Spread()
    service: Spread = Spread()


@dataclass(frozen=True)
class HourFigures:
    hour: int
    issued: int
    average_wait_s: Optional[float]


@dataclass(frozen=True)
class DayFigures:
    day: date
    issued: int
    served: int
    no_show: int
    average_wait_s: Optional[float]


@dataclass(frozen=True)
class Report:
    first_day: date
    last_day: date
    total: Figures
    by_service: dict[str, Figures]
    by_counter: dict[int, Figures]
    by_clerk: dict[str, Figures]  # empty while tickets do not record their clerk
    by_category: dict[str, Figures]  # empty while tickets do not record a priority category
    by_hour: list[HourFigures]
    by_day: list[DayFigures]


@dataclass
class _Tally:
    issued: int = 0
    served: int = 0
    no_show: int = 0
    transferred: int = 0
    priority: int = 0
    wait_sum: float = 0.0
    service_sum: float = 0.0
    waits: Counter = field(default_factory=Counter)
    services: Counter = field(default_factory=Counter)

    def add(self, group: GroupCount) -> None:
        self.issued += group.tickets
        self.served += group.tickets if group.state == DONE else 0
        self.no_show += group.tickets if group.state == NO_SHOW else 0
        self.transferred += group.tickets if group.transferred else 0
        self.priority += group.tickets if group.priority else 0
        self.wait_sum += group.wait_sum
        self.service_sum += group.service_sum

    def figures(self) -> Figures:
        return Figures(self.issued, self.served, self.no_show, self.transferred, self.priority,
                       spread(self.waits, self.wait_sum), spread(self.services, self.service_sum))


def spread(histogram: Counter, exact_sum: float) -> Spread:
    count = sum(histogram.values())
    if not count:
        return Spread()
    return Spread(exact_sum / count, _percentile(histogram, count, 0.5), _percentile(histogram, count, 0.9))


def _percentile(histogram: Counter, count: int, fraction: float) -> float:
    """Linear interpolation between closest ranks (statistics.quantiles' "inclusive" method)."""
    position = fraction * (count - 1)
    low_rank, high_rank = int(position), min(int(position) + 1, count - 1)
    low = high = None
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if low is None and seen > low_rank:
            low = value
        if seen > high_rank:
            high = value
            break
    return low + (high - low) * (position - low_rank)


def build_report(first_day: date, last_day: date, groups: list[GroupCount], wait_histogram: list[Histogram],
                 service_histogram: list[Histogram], hours: list[HourCount],
                 utc_offsets: dict[str, float]) -> Report:
    """utc_offsets: day -> the hall's UTC offset that day in seconds, to place tickets in their local hour."""
    total = _Tally()
    tallies: dict[str, dict] = {name: defaultdict(_Tally) for name in DIMENSIONS}

    def tallies_of(row) -> list[_Tally]:
        return [total] + [tallies[name][getattr(row, name)] for name in DIMENSIONS if getattr(row, name) is not None]
    for group in groups:
        for tally in tallies_of(group):
            tally.add(group)
    for rows, histogram_of in ((wait_histogram, lambda t: t.waits), (service_histogram, lambda t: t.services)):
        for row in rows:
            for tally in tallies_of(row):
                histogram_of(tally)[row.seconds] += row.tickets

    def table(name: str) -> dict:
        return {key: tally.figures() for key, tally in sorted(tallies[name].items())}
    by_hour: dict[int, list] = defaultdict(lambda: [0, 0.0, 0])
    by_day: dict[str, list] = defaultdict(lambda: [0, 0, 0, 0.0, 0])
    for row in hours:
        hour = int((row.utc_hour * 3600 + utc_offsets[row.day]) // 3600 % 24)
        for sums, values in ((by_hour[hour], (row.tickets, row.wait_sum, row.waits)),
                             (by_day[row.day], (row.tickets, row.served, row.no_show, row.wait_sum, row.waits))):
            for i, value in enumerate(values):
                sums[i] += value
    return Report(
        first_day=first_day, last_day=last_day, total=total.figures(), by_service=table("service"),
        by_counter=table("counter"), by_clerk=table("clerk"), by_category=table("category"),
        by_hour=[HourFigures(hour, issued, wait_sum / waits if waits else None)
                 for hour, (issued, wait_sum, waits) in sorted(by_hour.items())],
        by_day=[DayFigures(date.fromisoformat(day), issued, served, no_show, wait_sum / waits if waits else None)
                for day, (issued, served, no_show, wait_sum, waits) in sorted(by_day.items())])
