"""The live page's contents from what the dashboard knows of the hall: pure, so the page is tested without a
browser and the same function serves the first page and every pushed update."""
from dataclasses import dataclass, field
from datetime import datetime
from typing import Optional

from queue_protocol.hall_view import HallView
from queue_server.config import HallConfig
from queue_server.dossiers import mask_name
from dashboard.texts import counter_names


@dataclass(frozen=True)
class LiveFacts:
    """What the protocol does not carry, read from the database or noted by the dashboard itself."""
    oldest_waiting: dict[str, float] = field(default_factory=dict)  # service -> place in line of its first ticket
    called_at: dict[int, float] = field(default_factory=dict)  # counter -> when its current ticket was called
    state_since: dict[int, float] = field(default_factory=dict)  # counter -> since when it is in its state
    overdue: tuple[dict, ...] = ()  # dossier rows


def _minutes(seconds: Optional[float]) -> Optional[int]:
    return None if seconds is None else max(0, int(seconds // 60))


def live_panel(view: HallView, facts: LiveFacts, config: HallConfig, now: float, connected: bool,
               full_names: bool) -> dict:
    zone = config.zone

    def clock(at: Optional[float], seconds: bool = False) -> str:
        return "" if at is None else datetime.fromtimestamp(at, zone).strftime("%H:%M:%S" if seconds else "%H:%M")

    def name(applicant: str) -> str:
        return applicant if full_names else mask_name(applicant)

    def service_names(code: str) -> tuple[str, str]:
        service = config.service(code)
        return (service.name, service.name_en or service.name) if service else (code, code)

    limits = config.dashboard
    alerts: list[tuple[str, dict]] = []
    services = []
    for info in view.services.values():
        oldest = facts.oldest_waiting.get(info.code) if info.waiting else None
        longest = _minutes(now - oldest) if oldest is not None else None
        late = longest is not None and longest >= limits.wait_alert_minutes
        services.append(dict(code=info.code, names=service_names(info.code), waiting=info.waiting,
                             priority=info.waiting_priority, longest_min=longest, late=late, open=info.open,
                             estimated_min=_minutes(info.estimated_wait_s) if info.waiting else None))
        if late:
            alerts.append(("alert_wait", dict(service=info.code, names=service_names(info.code), minutes=longest,
                                              limit=limits.wait_alert_minutes)))
    counters = []
    for info in sorted(view.counters.values(), key=lambda c: c.number):
        since = facts.called_at.get(info.number) if info.serving else None
        state_since = facts.state_since.get(info.number)
        paused_min = _minutes(now - state_since) if info.state == "paused" and state_since else None
        paused_long = paused_min is not None and paused_min >= limits.pause_alert_minutes
        counters.append(dict(
            number=info.number, names=counter_names(config, info.number), state=info.state, services=info.services,
            clerk=getattr(info, "clerk", None),  # protocol 1 adds the clerk with sign-in at the counter (issue 14)
            serving=info.serving.number if info.serving else None,
            serving_service=service_names(info.serving.service) if info.serving else None,
            since=clock(since), since_min=_minutes(now - since) if since else None,
            paused_min=paused_min, paused_long=paused_long, served_today=info.served_today))
        if paused_long:
            alerts.append(("alert_pause", dict(counter=counter_names(config, info.number), minutes=paused_min,
                                               limit=limits.pause_alert_minutes)))
    calls = [dict(number=c.ticket.number, service=service_names(c.ticket.service), counter=counter_names(config, c.counter),
                  at=clock(datetime.fromisoformat(c.at).timestamp(), seconds=True), recall=c.recall)
             for c in view.recent_calls]
    ready = [dict(code=d.code, applicant=name(d.applicant), service=service_names(d.service), counter=d.counter,
                  due=d.due_at) for d in sorted(view.dossiers_ready.values(), key=lambda d: d.code)]
    overdue = [dict(code=d["code"], applicant=name(d["applicant"]), service=service_names(d["service"]),
                    due=d["due_at"], status=d["status"]) for d in facts.overdue]
    return dict(loaded=view.loaded, connected=connected, updated=clock(now, seconds=True), alerts=alerts,
                counters=counters, services=services, calls=calls, ready=ready, overdue=overdue,
                waiting_total=sum(s["waiting"] for s in services))
