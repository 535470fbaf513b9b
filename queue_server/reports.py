"""A day's (or a period's) figures for the hall manager, from its tickets and its citizens' ratings:
for the whole hall, per service, per counter and per clerk."""
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from statistics import mean, quantiles
from typing import Any

from queue_protocol.states import TicketState
from queue_server.clock_steps import plausible
from queue_server.engine import RatingRecord, TicketRecord

DONE, NO_SHOW, WAITING = TicketState.DONE, TicketState.NO_SHOW, TicketState.WAITING
GROUPS: dict[str, Callable[[TicketRecord], object | None]] = {
    "by_service": lambda t: t.origin_service or t.service,
    "by_counter": lambda t: t.counter,  # where it was last called or served
    "by_clerk": lambda t: t.clerk,  # who last called, served, completed or transferred it
}


def day_figures(day: str, tickets: list[TicketRecord], ratings: Iterable[RatingRecord] = ()) -> dict[str, Any]:
    levels = {rating.ticket_id: rating.level for rating in ratings}
    figures = _figures(tickets, levels)
    figures["day"] = day
    for name, key in GROUPS.items():
        groups: dict[Any, list[TicketRecord]] = defaultdict(list)
        for ticket in tickets:
            if key(ticket) is not None:
                groups[key(ticket)].append(ticket)
        figures[name] = {group: _figures(members, levels) for group, members in sorted(groups.items())}
    return figures


def _by_category(tickets: list[TicketRecord]) -> dict[str, int]:
    """Priority tickets per category said; those taken with the old boolean alone are `priority` minus these."""
    return dict(sorted(Counter(t.category for t in tickets if t.category is not None).items()))


def _figures(tickets: list[TicketRecord], levels: dict[int, str]) -> dict[str, Any]:
    served = [t for t in tickets if t.state == DONE]
    waits = [w for w in (t.called_at - t.issued_at for t in tickets if t.called_at is not None) if plausible(w)]
    durations = [d for d in (t.done_at - (t.served_at or t.called_at) for t in served
                             if t.called_at is not None and t.done_at is not None) if plausible(d)]
    rated = Counter(levels[t.id] for t in served if t.id in levels)
    return {
        "issued": len(tickets),
        "served": len(served),
        "no_show": sum(t.state == NO_SHOW for t in tickets),
        "waiting": sum(t.state == WAITING for t in tickets),
        "priority": sum(t.priority for t in tickets),
        "priority_by_category": _by_category(tickets),
        "avg_wait_s": round(mean(waits)) if waits else 0,
        "avg_service_s": round(mean(durations)) if durations else 0,
        "p90_wait_s": _p90(waits),
        "p90_service_s": _p90(durations),
        "ratings": dict(rated),  # level -> served tickets rated so
        "not_rated": len(served) - sum(rated.values()),  # served, and nobody answered the tablet ("không đánh giá")
    }


def _p90(samples: list[float]) -> int:
    if len(samples) < 2:
        return round(samples[0]) if samples else 0
    return round(quantiles(samples, n=10, method="inclusive")[-1])
