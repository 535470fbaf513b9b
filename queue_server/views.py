"""What each role sees: the engine's records turned into protocol messages (snapshots, replies, events)."""

from typing import Any

import msgspec

from queue_protocol import messages as m
from queue_protocol.roles import SIGHTS, Role
from queue_protocol.states import CounterState, DossierStatus, TicketState
from queue_protocol.text import Text
from queue_server.config import RatingChoice
from queue_server.dossiers import mask_name
from queue_server.engine import (
    ANNOUNCEMENT,
    COUNTER_SERVICES,
    Adjusted,
    CallRecord,
    CounterEvent,
    DayRedated,
    DayStarted,
    DossierEvent,
    DossierRecord,
    Engine,
    Outcome,
    QueueEvent,
    TicketEvent,
    TicketHappening,
    TicketRecord,
)

# The topics each role's connections listen to: its events, "dossier_full" for dossiers with unmasked names.
SUBSCRIPTIONS = {
    role: {"dossier_full" if event == "dossier" and sight.full_names else event for event in sight.events}
    for role, sight in SIGHTS.items()
}


def brief(ticket: TicketRecord) -> m.TicketBrief:
    return m.TicketBrief(number=ticket.number, service=ticket.service, priority=ticket.priority)


def ticket_message(engine: Engine, ticket: TicketRecord, ahead: int | None = None,
                   estimated_wait_s: int | None = None) -> m.Ticket:
    return m.Ticket(
        id=ticket.id, number=ticket.number, service=ticket.service, priority=ticket.priority,
        state=TicketState(ticket.state), day=ticket.day, issued_at=engine.iso(ticket.issued_at), counter=ticket.counter,
        called_at=engine.iso(ticket.called_at), served_at=engine.iso(ticket.served_at),
        done_at=engine.iso(ticket.done_at), recalls=ticket.recalls, dossier=ticket.dossier,
        target_counter=ticket.target_counter, ahead=ahead, estimated_wait_s=estimated_wait_s,
        category=ticket.category)


def dossier_message(engine: Engine, dossier: DossierRecord, masked: bool, at: float) -> m.Dossier:
    return m.Dossier(
        code=dossier.code, applicant=mask_name(dossier.applicant) if masked else dossier.applicant,
        service=dossier.service, status=DossierStatus(dossier.status), due_at=dossier.due_at,
        overdue=engine.is_overdue(dossier, at),
        received_at=None if masked else engine.iso(dossier.received_at),
        phone=None if masked else dossier.phone,
        counter=dossier.counter if dossier.counter is not None else _pickup_counter(engine))


def _pickup_counter(engine: Engine) -> int | None:
    pickup = engine.config.pickup_service
    counters = engine.counters_for(pickup.code) if pickup else []
    return counters[0] if counters else None


def call_message(engine: Engine, call: CallRecord) -> m.Call:
    return m.Call(call_id=call.call_id, counter=call.counter, recall=call.recall, at=engine.iso(call.at),
                  ticket=m.TicketBrief(number=call.number, service=call.service, priority=call.priority))


def service_info(engine: Engine, code: str, at: float) -> m.ServiceInfo:
    service = engine.config.service(code)
    assert service is not None  # only the hall's own services are shown
    waiting = engine.ahead_in(code)
    return m.ServiceInfo(
        code=code, name=service.name, name_en=service.name_en, priority_allowed=service.priority_allowed,
        pickup=service.pickup, hours=list(service.hours), open=engine.is_open(service, at), waiting=waiting,
        waiting_priority=engine.in_line(code, True), estimated_wait_s=engine.estimate_wait_s(code, waiting),
        waiting_transferred=engine.transferred_to_counters_of(code),
        counters=engine.counters_for(code), counters_open=engine.open_counters_for(code),
        open_today=engine.adjustments.service_open.get(code))


def clerk_message(engine: Engine, clerk_id: str | None) -> m.Clerk | None:
    clerk = engine.config.clerk(clerk_id) if clerk_id is not None else None
    if clerk is None:
        return None
    return m.Clerk(id=clerk.id, name=clerk.name, title=clerk.title,
                   photo=photo_path(clerk.id) if clerk.photo else None)


def photo_path(clerk_id: str) -> str:
    """Where the server's HTTP port serves a clerk's photo (server.py answers it)."""
    return f"/clerks/{clerk_id}/photo"


def counter_info(engine: Engine, number: int) -> m.CounterInfo:
    record = engine.counters[number]
    config = engine.config.counter(number)
    assert config is not None  # the engine keeps the configured counters only
    current = engine.current_ticket(number)
    return m.CounterInfo(number=number, name=config.label, services=list(engine.services_of(number)),
                         state=CounterState(record.state),
                         serving=brief(current) if current else None, served_today=record.served_today,
                         waiting_transferred=engine.waiting_transferred(number),
                         clerk=clerk_message(engine, record.clerk), state_since=engine.iso(record.state_since))


def counter_changed(engine: Engine, number: int) -> m.CounterChanged:
    info = counter_info(engine, number)
    return m.CounterChanged(counter=number, state=info.state, serving=info.serving, served_today=info.served_today,
                            waiting_transferred=info.waiting_transferred, clerk=info.clerk,
                            state_since=info.state_since, services=info.services)


def rating_form(engine: Engine) -> m.RatingForm:
    rating = engine.config.rating

    def name(choice: RatingChoice) -> Text:
        return Text(choice.name, choice.name_en or choice.name)
    return m.RatingForm(
        question=Text(rating.question, rating.question_en or rating.question), timeout_s=rating.timeout_s,
        levels=[m.RatingLevel(code=level.code, name=name(level), reasons=level.reasons) for level in rating.levels],
        reasons=[m.RatingReason(code=reason.code, name=name(reason)) for reason in rating.reasons])


def rating_requested(engine: Engine, ticket: TicketRecord) -> m.RatingRequested:
    assert ticket.counter is not None and ticket.done_at is not None  # a ticket completed at a counter
    return m.RatingRequested(counter=ticket.counter, ticket=brief(ticket), at=engine.iso(ticket.done_at),
                             clerk=clerk_message(engine, ticket.clerk))


def snapshot(engine: Engine, role: str, at: float, counter: int | None = None,
             devices: tuple[m.DeviceInfo, ...] = ()) -> m.Snapshot:
    sight = SIGHTS[Role(role)]
    hall = engine.config.hall
    parts: dict[str, Any] = dict(
        hall=m.HallInfo(name=hall.name, name_en=hall.name_en, timezone=hall.timezone, footer=hall.footer,
                        day=engine.day, server_time=engine.iso(at),
                        recalls_before_no_show=hall.recalls_before_no_show, max_recalls=hall.max_recalls,
                        clerk_names=hall.clerk_names, announcement=engine.adjustments.announcement,
                        announcement_en=engine.adjustments.announcement_en,
                        priority_categories=[m.PriorityCategory(c.code, c.name, c.name_en or c.name, c.from_age)
                                             for c in engine.config.priority_categories]),
        services=[service_info(engine, s.code, at) for s in engine.config.services])
    if sight.floor:
        parts.update(
            counters=[counter_info(engine, c.number) for c in engine.config.counters],
            recent_calls=[call_message(engine, c) for c in reversed(engine.recent_calls)],
            dossiers_ready=[dossier_message(engine, d, not sight.full_names, at) for d in engine.ready_dossiers()])
    if sight.own_counter:
        assert counter is not None  # a counter's console is shown its own counter
        current = engine.current_ticket(counter)
        parts.update(me=counter_info(engine, counter),
                     current=ticket_message(engine, current) if current else None,
                     waiting=[ticket_message(engine, t) for t in engine.waiting_for_counter(counter)])
    if sight.clerks:
        parts.update(clerks=[clerk_message(engine, c.id) for c in engine.config.clerks])
    if sight.rating:
        assert counter is not None  # a rating tablet faces one counter
        to_rate = engine.awaiting_rating(counter, at)
        parts.update(rating_form=rating_form(engine),
                     rating=m.RatingRequest(**msgspec.structs.asdict(rating_requested(engine, to_rate)))
                     if to_rate else None)
    if sight.devices:
        parts.update(devices=list(devices))
    return m.Snapshot(**parts)


def ok_reply(request_id: str, engine: Engine, outcome: Outcome, role: Role, at: float,
             stats: dict[str, Any] | None = None) -> m.Ok:
    masked = not SIGHTS[role].staff  # a StrEnum key: the role's text finds it
    return m.Ok(
        id=request_id,
        ticket=ticket_message(engine, outcome.ticket, outcome.ahead, outcome.estimated_wait_s)
        if outcome.ticket else None,
        dossier=dossier_message(engine, outcome.dossier, masked, at) if outcome.dossier else None,
        counter=counter_info(engine, outcome.counter.number) if outcome.counter else None,
        stats=stats,
        dossiers=None if outcome.found_dossiers is None else [
            dossier_message(engine, d, masked, at) for d in outcome.found_dossiers],
        tickets=None if outcome.found_tickets is None else [ticket_message(engine, t) for t in outcome.found_tickets])


def ordered_events(engine: Engine, outcome: Outcome, at: float) -> list[tuple[str, m.Message]]:
    """(topic, event) for what one command did that no later event replaces: calls, dossier changes and the
    completions a rating tablet asks about, in the order they happened. Each must reach its screen: a call
    merged away would never be announced."""
    events: list[tuple[str, m.Message]] = []
    for event in outcome.events:
        if isinstance(event, TicketEvent) and event.call is not None:
            call = call_message(engine, event.call)
            events.append(("called", m.Called(call_id=call.call_id, ticket=call.ticket, counter=call.counter,
                                              recall=call.recall, at=call.at)))
        elif isinstance(event, TicketEvent) and event.kind == TicketHappening.DONE:
            events.append(("rating_requested", rating_requested(engine, event.ticket)))
        elif isinstance(event, DossierEvent):
            for topic, masked in (("dossier", True), ("dossier_full", False)):
                events.append((topic, m.DossierChanged(dossier=dossier_message(engine, event.dossier, masked, at))))
    return events


def latest_states(engine: Engine, outcomes: list[Outcome], at: float) -> list[tuple[str, m.Message]]:
    """(topic, event) for every service queue and every counter these outcomes touched, and the announcement if it
    changed, once each, with the value the engine holds now: a later count or state supersedes an earlier one."""
    services: dict[str, None] = {}  # dicts as ordered sets
    counters: dict[int, None] = {}
    announced = False
    for event in (event for outcome in outcomes for event in outcome.events):
        if isinstance(event, QueueEvent):
            services[event.service] = None
        elif isinstance(event, CounterEvent):
            counters[event.counter.number] = None
        elif isinstance(event, Adjusted) and event.what == COUNTER_SERVICES:
            counters[event.subject] = None
        elif isinstance(event, Adjusted) and event.what == ANNOUNCEMENT:
            announced = True
    events: list[tuple[str, m.Message]] = []
    for code in services:
        info = service_info(engine, code, at)
        events.append(("queue", m.QueueChanged(service=code, waiting=info.waiting,
                                               waiting_priority=info.waiting_priority,
                                               waiting_transferred=info.waiting_transferred,
                                               estimated_wait_s=info.estimated_wait_s, open=info.open,
                                               counters_open=info.counters_open, counters=info.counters,
                                               open_today=info.open_today)))
    for number in counters:
        events.append(("counter", counter_changed(engine, number)))
    if announced:
        events.append(("announcement", m.AnnouncementChanged(text=engine.adjustments.announcement,
                                                             text_en=engine.adjustments.announcement_en)))
    return events


def starts_new_day(outcome: Outcome) -> bool:
    return any(isinstance(e, DayStarted) for e in outcome.events)


def changes_day(outcome: Outcome) -> bool:
    """A new day, or the day's service going on under another date (the clock was set): a fresh snapshot for all."""
    return any(isinstance(e, (DayStarted, DayRedated)) for e in outcome.events)
