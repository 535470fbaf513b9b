"""A day's figures for the hall manager, from that day's tickets."""
from collections import Counter, defaultdict
from statistics import mean

from queue_server.engine import TicketRecord
from queue_protocol.states import TicketState

DONE, NO_SHOW, WAITING = TicketState.DONE, TicketState.NO_SHOW, TicketState.WAITING


def day_figures(day: str, tickets: list[TicketRecord]) -> dict:
    by_service: dict[str, list[TicketRecord]] = defaultdict(list)
    for ticket in tickets:
        by_service[ticket.origin_service or ticket.service].append(ticket)
    figures = _figures(tickets)
    figures["day"] = day
    figures["by_service"] = {code: _figures(group) for code, group in sorted(by_service.items())}
    return figures


def _by_category(tickets: list[TicketRecord]) -> dict[str, int]:
    """Priority tickets per category said; those taken with the old boolean alone are `priority` minus these."""
    return dict(sorted(Counter(t.category for t in tickets if t.category is not None).items()))


def _figures(tickets: list[TicketRecord]) -> dict:
    served = [t for t in tickets if t.state == DONE]
    waits = [t.called_at - t.issued_at for t in tickets if t.called_at is not None]
    durations = [t.done_at - (t.served_at or t.called_at) for t in served if t.called_at is not None]
    return {
        "issued": len(tickets),
        "served": len(served),
        "no_show": sum(t.state == NO_SHOW for t in tickets),
        "waiting": sum(t.state == WAITING for t in tickets),
        "priority": sum(t.priority for t in tickets),
        "priority_by_category": _by_category(tickets),
        "avg_wait_s": round(mean(waits)) if waits else 0,
        "avg_service_s": round(mean(durations)) if durations else 0,
    }
