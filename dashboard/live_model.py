"""The live page's contents from what the dashboard knows of the hall: pure, so the page is tested without a
browser and the same function serves the first page and every pushed update."""
from dataclasses import dataclass, field
from datetime import datetime

from dashboard.texts import counter_name, phrase, service_name
from queue_protocol.durations import duration_text, wait_text
from queue_protocol.hall_view import HallView
from queue_protocol.states import STATUS_TEXTS, CounterState, PrinterState
from queue_protocol.text import Text
from queue_server.config import HallConfig
from queue_server.dossiers import mask_name

WATCHED_ROLES = ("kiosk", "display")  # devices the hall cannot do without: alerts when they are gone
PRINTER_ALERTS = (PrinterState.OUT_OF_PAPER, PrinterState.OFFLINE)


@dataclass(frozen=True)
class LiveFacts:
    """What the protocol does not carry, read from the database."""
    oldest_waiting: dict[str, float] = field(default_factory=dict)  # service -> place in line of its first ticket
    called_at: dict[int, float] = field(default_factory=dict)  # counter -> when its current ticket was called
    overdue: tuple[dict, ...] = ()  # dossier rows


def _whole_minutes(seconds: float) -> int:
    return max(0, int(seconds // 60))


def live_panel(view: HallView, facts: LiveFacts, config: HallConfig, now: float, connected: bool,
               full_names: bool) -> dict:
    def clock(at: float | None, seconds: bool = False) -> str:
        return "" if at is None else datetime.fromtimestamp(at, config.zone).strftime(
            "%H:%M:%S" if seconds else "%H:%M")

    def name(applicant: str) -> str:
        return applicant if full_names else mask_name(applicant)

    limits = config.dashboard
    alerts: list[Text] = []
    services = []
    for queue in view.services.values():
        oldest = facts.oldest_waiting.get(queue.code) if queue.waiting else None
        waited = None if oldest is None else now - oldest
        late = waited is not None and _whole_minutes(waited) >= limits.wait_alert_minutes
        services.append(dict(
            code=queue.code, name=service_name(config, queue.code), waiting=queue.waiting,
            priority=queue.waiting_priority, open=queue.open, closed_today=queue.open_today is False, late=late,
            longest=duration_text(waited) if waited is not None else None,
            estimated=wait_text(queue.estimated_wait_s, queue.counters_open) if queue.waiting else None))
        if late and waited is not None:
            alerts.append(phrase("alert_wait", subject=service_name(config, queue.code),
                                 minutes=_whole_minutes(waited), limit=limits.wait_alert_minutes))
    counters = []
    for info in sorted(view.counters.values(), key=lambda c: c.number):
        called = facts.called_at.get(info.number) if info.serving else None
        since = datetime.fromisoformat(info.state_since).timestamp() if info.state_since else None
        paused_since = since if info.state == CounterState.PAUSED else None
        paused_long = paused_since is not None and _whole_minutes(now - paused_since) >= limits.pause_alert_minutes
        counters.append(dict(
            number=info.number, name=counter_name(config, info.number), state=info.state,
            clerk=info.clerk.name if info.clerk else None,
            serving=info.serving.number if info.serving else None,
            serving_service=service_name(config, info.serving.service) if info.serving else None,
            called=clock(called), called_for=duration_text(now - called) if called else None,
            paused_for=duration_text(now - paused_since) if paused_since is not None else None,
            paused_long=paused_long, served_today=info.served_today))
        if paused_long and paused_since is not None:
            alerts.append(phrase("alert_pause", subject=counter_name(config, info.number),
                                 minutes=_whole_minutes(now - paused_since), limit=limits.pause_alert_minutes))
    devices = []
    for device in sorted(view.devices.values(), key=lambda d: (WATCHED_ROLES.index(d.role), d.id)
                         if d.role in WATCHED_ROLES else (9, d.id)):
        if device.role not in WATCHED_ROLES:
            continue
        gone_since = clock(datetime.fromisoformat(device.since).timestamp()) if device.since else ""
        printer = STATUS_TEXTS[device.printer] if device.printer else None
        devices.append(dict(id=device.id, role=device.role, connected=device.connected, since=gone_since,
                            printer=printer, printer_state=device.printer,
                            alert=not device.connected or device.printer in PRINTER_ALERTS))
        if not device.connected:
            alerts.append(phrase(f"alert_{'gone' if gone_since else 'never'}_{device.role}", subject=device.id,
                                 since=gone_since))
        elif printer is not None and device.printer in PRINTER_ALERTS:
            alerts.append(phrase("alert_printer", subject=device.id, state=printer.lower()))
    calls = [dict(number=c.ticket.number, counter=counter_name(config, c.counter), recall=c.recall,
                  at=clock(datetime.fromisoformat(c.at).timestamp(), seconds=True)) for c in view.recent_calls]
    ready = [dict(code=d.code, applicant=name(d.applicant), service=service_name(config, d.service),
                  counter=counter_name(config, d.counter) if d.counter else None)
             for d in sorted(view.dossiers_ready.values(), key=lambda d: d.code)]
    overdue = [dict(code=d["code"], applicant=name(d["applicant"]), service=service_name(config, d["service"]),
                    due=d["due_at"]) for d in facts.overdue]
    announcement = view.hall.announcement if view.hall else ""
    return dict(loaded=view.loaded, connected=connected, updated=clock(now, seconds=True), alerts=alerts,
                announcement=announcement,
                counters=counters, services=services, calls=calls, ready=ready, overdue=overdue, devices=devices,
                waiting_total=_waiting_total(view))


def _waiting_total(view: HallView) -> int:
    """Tickets waiting in the hall: a ticket transferred to a counter is ahead in every line that counter
    serves, so each service's count holds it; it is counted once, at its counter."""
    in_lines = sum(queue.waiting - queue.waiting_transferred for queue in view.services.values())
    return in_lines + sum(counter.waiting_transferred for counter in view.counters.values())
