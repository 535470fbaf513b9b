"""A period's figures: per service, counter, clerk and priority category (those two when tickets record them),
per hour of the day and per day, with the citizens' ratings. Pure: the database's grouped counts in, tables out.

The database does the grouping (a year is half a million tickets) and lists each group's waits and service times
in whole seconds; medians and 90th percentiles come from histograms of those, exact to the second, which is
finer than any report shows.
"""
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from typing import NamedTuple

from queue_protocol.states import TicketState

DONE, NO_SHOW = TicketState.DONE, TicketState.NO_SHOW
DIMENSIONS = ("service", "counter", "clerk", "category")


class GroupCount(NamedTuple):
    """Tickets sharing a service, counter, clerk, category, state, priority and transfer: how many, the exact
    sums of their waits (issue to call) and service times (at the counter, finished ones), and each of those in
    whole seconds (tickets not yet called, or not finished, have none); the levels their citizens gave on the
    rating tablet, served ones only (as `xephang report` counts them)."""
    service: str
    counter: int | None
    clerk: str | None
    category: str | None
    state: str
    priority: bool
    transferred: bool
    tickets: int
    wait_sum: float
    service_sum: float
    wait_seconds: Sequence[int]
    service_seconds: Sequence[int]
    levels: list[str]


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
    average: float | None = None
    median: float | None = None
    p90: float | None = None


@dataclass(frozen=True)
class Figures:
    issued: int = 0
    served: int = 0
    no_show: int = 0
    transferred: int = 0
    priority: int = 0
    wait: Spread = Spread()
    service: Spread = Spread()
    ratings: Mapping[str, int] = field(default_factory=dict)  # level -> served tickets rated so

    @property
    def not_rated(self) -> int:
        """Served, and nobody answered the tablet ("không đánh giá")."""
        return self.served - sum(self.ratings.values())

    def rating_share(self, level: str | None) -> float | None:
        """The share of the citizens served who gave this level (None: not rated); None when nobody was served."""
        if not self.served:
            return None
        return (self.not_rated if level is None else self.ratings.get(level, 0)) / self.served


@dataclass(frozen=True)
class HourFigures:
    hour: int
    issued: int
    average_wait_s: float | None


@dataclass(frozen=True)
class DayFigures:
    day: date
    issued: int
    served: int
    no_show: int
    average_wait_s: float | None


@dataclass(frozen=True)
class Report:
    first_day: date
    last_day: date
    total: Figures
    by_service: dict[str, Figures]
    by_counter: dict[int, Figures]
    by_clerk: dict[str, Figures]  # empty while tickets do not record their clerk
    by_category: dict[str, Figures]  # empty while tickets do not record a priority category
    category_not_said: Figures  # priority tickets with no category, as `xephang report` counts them
    by_hour: list[HourFigures]
    by_day: list[DayFigures]

    @property
    def rated(self) -> bool:
        """Whether any citizen of the period rated: the tables and the workbook then show the ratings' split."""
        return bool(self.total.ratings)


@dataclass
class _Tally:
    issued: int = 0
    served: int = 0
    no_show: int = 0
    transferred: int = 0
    priority: int = 0
    wait_sum: float = 0.0
    service_sum: float = 0.0
    waits: list = field(default_factory=list)  # the groups' lists of whole seconds, counted once at the end
    services: list = field(default_factory=list)
    levels: list = field(default_factory=list)  # and of rating levels

    def add(self, group: GroupCount) -> None:
        self.issued += group.tickets
        self.served += group.tickets if group.state == DONE else 0
        self.no_show += group.tickets if group.state == NO_SHOW else 0
        self.transferred += group.tickets if group.transferred else 0
        self.priority += group.tickets if group.priority else 0
        self.wait_sum += group.wait_sum
        self.service_sum += group.service_sum
        self.waits.append(group.wait_seconds)
        self.services.append(group.service_seconds)
        self.levels.append(group.levels)

    def figures(self) -> Figures:
        return Figures(self.issued, self.served, self.no_show, self.transferred, self.priority,
                       spread(Counter(chain.from_iterable(self.waits)), self.wait_sum),
                       spread(Counter(chain.from_iterable(self.services)), self.service_sum),
                       dict(Counter(chain.from_iterable(self.levels))))


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
    assert low is not None and high is not None  # the ranks are within the count
    return low + (high - low) * (position - low_rank)


def build_report(first_day: date, last_day: date, groups: list[GroupCount], hours: list[HourCount],
                 utc_offsets: dict[str, float]) -> Report:
    """utc_offsets: day -> the hall's UTC offset that day in seconds, to place tickets in their local hour."""
    total, category_not_said = _Tally(), _Tally()
    tallies: dict[str, dict] = {name: defaultdict(_Tally) for name in DIMENSIONS}

    def tallies_of(row) -> list[_Tally]:
        not_said = [category_not_said] if row.priority and row.category is None else []
        return [total] + [tallies[name][getattr(row, name)] for name in DIMENSIONS
                          if getattr(row, name) is not None] + not_said
    for group in groups:
        for tally in tallies_of(group):
            tally.add(group)

    def table(name: str) -> dict:
        return {key: tally.figures() for key, tally in sorted(tallies[name].items())}
    by_hour: dict[int, list] = defaultdict(lambda: [0, 0.0, 0])
    by_day: dict[str, list] = defaultdict(lambda: [0, 0, 0, 0.0, 0])
    for hour_row in hours:
        hour = int((hour_row.utc_hour * 3600 + utc_offsets[hour_row.day]) // 3600 % 24)
        for sums, values in ((by_hour[hour], (hour_row.tickets, hour_row.wait_sum, hour_row.waits)),
                             (by_day[hour_row.day], (hour_row.tickets, hour_row.served, hour_row.no_show,
                                                     hour_row.wait_sum, hour_row.waits))):
            for i, value in enumerate(values):
                sums[i] += value
    return Report(
        first_day=first_day, last_day=last_day, total=total.figures(), by_service=table("service"),
        by_counter=table("counter"), by_clerk=table("clerk"), by_category=table("category"),
        category_not_said=category_not_said.figures(),
        by_hour=[HourFigures(hour, issued, wait_sum / waits if waits else None)
                 for hour, (issued, wait_sum, waits) in sorted(by_hour.items())],
        by_day=[DayFigures(date.fromisoformat(day), issued, served, no_show, wait_sum / waits if waits else None)
                for day, (issued, served, no_show, wait_sum, waits) in sorted(by_day.items())])
