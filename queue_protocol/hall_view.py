"""What a client knows of the hall: a snapshot, kept current by events. No I/O; every app shares it."""

import msgspec

from queue_protocol.messages import (
    AnnouncementChanged,
    Call,
    Called,
    Clerk,
    CounterChanged,
    CounterInfo,
    DeviceChanged,
    DeviceInfo,
    Dossier,
    DossierChanged,
    HallInfo,
    QueueChanged,
    RatingForm,
    RatingRequest,
    RatingRequested,
    Resync,
    ServiceInfo,
    Snapshot,
    Ticket,
)
from queue_protocol.states import CounterState, DossierStatus

RECENT_CALLS_KEPT = 10


class HallView:
    def __init__(self) -> None:
        self.hall: HallInfo | None = None
        self.services: dict[str, ServiceInfo] = {}
        self.counters: dict[int, CounterInfo] = {}
        self.recent_calls: list[Call] = []
        self.dossiers_ready: dict[str, Dossier] = {}
        self.me: CounterInfo | None = None
        self.current: Ticket | None = None
        self.clerks: list[Clerk] = []
        self.rating_form: RatingForm | None = None
        self.rating: RatingRequest | None = None  # the ticket of my counter whose citizen is asked to rate
        self.devices: dict[str, DeviceInfo] = {}  # the admin role's: every configured device

    @property
    def loaded(self) -> bool:
        return self.hall is not None

    def load(self, snapshot: Snapshot) -> None:
        """Replace everything: after a welcome or a snapshot event nothing old is kept."""
        self.hall = snapshot.hall
        self.services = {s.code: s for s in snapshot.services}
        self.counters = {c.number: c for c in snapshot.counters}
        self.recent_calls = list(snapshot.recent_calls[:RECENT_CALLS_KEPT])
        self.dossiers_ready = {d.code: d for d in snapshot.dossiers_ready}
        self.me = snapshot.me
        self.current = snapshot.current
        self.clerks = list(snapshot.clerks)
        self.rating_form = snapshot.rating_form
        self.rating = snapshot.rating
        self.devices = {d.id: d for d in snapshot.devices}

    def apply(self, event: object) -> None:
        if isinstance(event, Resync):
            self.load(event.snapshot)
        elif isinstance(event, Called):
            self._apply_called(event)
        elif isinstance(event, QueueChanged):
            self._apply_queue(event)
        elif isinstance(event, CounterChanged):
            self._apply_counter(event)
        elif isinstance(event, DossierChanged):
            self._apply_dossier(event.dossier)
        elif isinstance(event, RatingRequested) and self.me is not None and event.counter == self.me.number:
            self.rating = RatingRequest(counter=event.counter, ticket=event.ticket, at=event.at, clerk=event.clerk)
        elif isinstance(event, DeviceChanged):
            self.devices[event.device.id] = event.device
        elif isinstance(event, AnnouncementChanged) and self.hall is not None:
            self.hall = msgspec.structs.replace(self.hall, announcement=event.text, announcement_en=event.text_en)

    def _apply_called(self, event: Called) -> None:
        call = Call(call_id=event.call_id, ticket=event.ticket, counter=event.counter,
                    recall=event.recall, at=event.at)
        calls = [c for c in self.recent_calls if c.call_id != call.call_id]
        self.recent_calls = sorted(calls + [call], key=lambda c: -c.call_id)[:RECENT_CALLS_KEPT]
        # The server sends the counter's own event just after; until then the call already tells what it serves.
        counter = self.counters.get(event.counter)
        if counter is not None:
            self._set_counter(msgspec.structs.replace(counter, state=CounterState.OPEN, serving=event.ticket))

    def _apply_queue(self, event: QueueChanged) -> None:
        service = self.services.get(event.service)
        if service is not None:
            self.services[event.service] = msgspec.structs.replace(
                service, waiting=event.waiting, waiting_priority=event.waiting_priority,
                waiting_transferred=event.waiting_transferred,
                estimated_wait_s=event.estimated_wait_s, open=event.open,
                counters_open=event.counters_open, open_today=event.open_today,
                counters=service.counters if event.counters is None else event.counters)

    def _apply_counter(self, event: CounterChanged) -> None:
        mine = self.me if self.me is not None and self.me.number == event.counter else None
        counter = self.counters.get(event.counter) or mine  # a rating tablet knows its own counter only
        if counter is not None:
            self._set_counter(msgspec.structs.replace(counter, state=event.state, serving=event.serving,
                                                      served_today=event.served_today,
                                                      waiting_transferred=event.waiting_transferred,
                                                      clerk=event.clerk, state_since=event.state_since,
                                                      services=counter.services if event.services is None
                                                      else event.services))

    def _set_counter(self, counter: CounterInfo) -> None:
        if counter.number in self.counters:
            self.counters[counter.number] = counter
        if self.me is not None and self.me.number == counter.number:
            self.me = counter

    def _apply_dossier(self, dossier: Dossier) -> None:
        if dossier.status == DossierStatus.READY:
            self.dossiers_ready[dossier.code] = dossier
        else:
            self.dossiers_ready.pop(dossier.code, None)

