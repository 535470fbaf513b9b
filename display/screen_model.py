"""Hall state -> what the screen shows, as plain data. No Kivy here: the .kv file only lays it out."""
from dataclasses import dataclass

from display.scope import Scope
from queue_protocol.durations import NO_COUNTER_OPEN
from queue_protocol.hall_view import HallView
from queue_protocol.messages import Call, CounterInfo, ServiceInfo
from queue_protocol.states import STATUS_TEXTS, CounterState
from queue_protocol.text import Text

RECENT_CALLS_SHOWN = 6
NO_NUMBER = "—"
SERVICE_CLOSED = STATUS_TEXTS[CounterState.CLOSED]  # "Đã đóng / Closed": a service giving no tickets, as a counter

@dataclass(frozen=True)
class Headline:
    call_id: int
    number: str
    counter: int
    recall: bool
    service_en: str  # the English line names the service; the Vietnamese lines invite the number alone

    @property
    def invite(self) -> str:
        again = " (GỌI LẠI)" if self.recall else ""  # as the English says "(again)"
        return f"MỜI CÔNG DÂN CÓ SỐ THỨ TỰ{again}"

    @property
    def english(self) -> str:
        again = " (again)" if self.recall else ""
        return f"Number {self.number}, please go to counter {self.counter}{again}"


@dataclass(frozen=True)
class CounterRow:
    number: int
    state: str          # a CounterState
    serving: str        # the ticket number, or NO_NUMBER
    service: str        # the service of the ticket served, or the counter's state in words
    clerk: str = ""     # the clerk signed in there, when the hall shows their names ([hall] clerk_names)


@dataclass(frozen=True)
class RecentCall:
    call_id: int
    number: str
    counter: int
    recall: bool


@dataclass(frozen=True)
class WaitingRow:
    code: str
    name: str
    name_en: str
    waiting: int
    open: bool
    note: Text | None = None  # "chưa có quầy phục vụ" while no counter serving it is open

    @property
    def status(self) -> Text | None:
        """Said in place of how many wait: closed (its hours, or by the hall manager for today)."""
        return None if self.open else SERVICE_CLOSED


@dataclass(frozen=True)
class DossierRow:
    code: str
    applicant: str
    service: str
    counter: int | None


@dataclass(frozen=True)
class ScreenModel:
    hall_name: str
    hall_name_en: str
    headline: Headline | None
    counters: tuple[CounterRow, ...]
    recent: tuple[RecentCall, ...]
    waiting: tuple[WaitingRow, ...]
    dossiers: tuple[DossierRow, ...]
    announcement: str = ""  # the hall manager's line for today
    announcement_en: str = ""


def _service_names(view: HallView, code: str) -> tuple[str, str]:
    service = view.services.get(code)
    return (service.name, service.name_en) if service else (code, code)


def _counter_row(view: HallView, counter: CounterInfo) -> CounterRow:
    clerk = counter.clerk.name if counter.clerk is not None and view.hall and view.hall.clerk_names else ""
    if counter.serving is not None and counter.state != CounterState.CLOSED:
        return CounterRow(counter.number, counter.state, counter.serving.number,
                          _service_names(view, counter.serving.service)[0], clerk)
    state = STATUS_TEXTS[counter.state]
    return CounterRow(counter.number, counter.state, NO_NUMBER, f"{state.vi}\n{state.en}", clerk)


def _waiting_row(service: ServiceInfo) -> WaitingRow:
    nobody_serves = service.open and service.counters_open == 0
    return WaitingRow(service.code, service.name, service.name_en, service.waiting, service.open,
                      NO_COUNTER_OPEN if nobody_serves else None)


def _headline(view: HallView, call: Call) -> Headline:
    _, name_en = _service_names(view, call.ticket.service)
    return Headline(call.call_id, call.ticket.number, call.counter, call.recall, name_en)


def still_invited(view: HallView, call: Call) -> bool:
    """A call invites its citizen while the counter still has that ticket: not after a no-show, a transfer,
    a completion or a pause."""
    counter = view.counters.get(call.counter)
    serving = counter.serving if counter is not None and counter.state == CounterState.OPEN else None
    return serving is not None and (serving.number, serving.service) == (call.ticket.number, call.ticket.service)


def build_screen_model(view: HallView, scope: Scope) -> ScreenModel:
    calls = [c for c in view.recent_calls if scope.shows_call(c)]
    latest = next((c for c in calls if still_invited(view, c)), None)
    # The same ticket recalled appears once in the list: its newest call.
    recent, seen = [], {(latest.ticket.number, latest.counter)} if latest else set()
    for call in calls:
        key = (call.ticket.number, call.counter)
        if key not in seen:
            seen.add(key)
            recent.append(RecentCall(call.call_id, call.ticket.number, call.counter, call.recall))
    return ScreenModel(
        hall_name=view.hall.name if view.hall else "",
        hall_name_en=view.hall.name_en if view.hall else "",
        headline=_headline(view, latest) if latest else None,
        counters=tuple(_counter_row(view, c) for n, c in sorted(view.counters.items())
                       if scope.shows_counter(c)),
        recent=tuple(recent[:RECENT_CALLS_SHOWN]),
        waiting=tuple(_waiting_row(s) for s in view.services.values() if scope.shows_service(s.code)),
        dossiers=tuple(DossierRow(d.code, d.applicant, _service_names(view, d.service)[0], d.counter)
                       for d in sorted(view.dossiers_ready.values(), key=lambda d: d.code)
                       if scope.shows_dossier(d)),
        announcement=view.hall.announcement if view.hall else "",
        announcement_en=view.hall.announcement_en if view.hall else "",
    )


def pages(rows: tuple, per_page: int) -> list[tuple]:
    """Split rows into pages of per_page; no rows is one empty page."""
    if not rows:
        return [()]
    return [rows[i:i + per_page] for i in range(0, len(rows), per_page)]
