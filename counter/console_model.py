"""What the counter console shows, computed from the hall view and the connection: no Kivy, no I/O."""
from dataclasses import dataclass, field
from datetime import datetime

from counter.actions import ACTIONS
from queue_protocol.durations import duration_text
from queue_protocol.hall_view import HallView
from queue_protocol.messages import CounterInfo, Ok, Ticket
from queue_protocol.states import (
    AT_A_COUNTER,
    COUNTER_MOVE_KINDS,
    STATUS_TEXTS,
    CounterFacts,
    CounterState,
    DossierStatus,
    TicketState,
    counter_moves_now,
    ticket_moves_from,
)
from queue_protocol.text import Text

C, T = CounterState, TicketState
CARD_TITLES = {
    T.CALLED: Text("ĐANG GỌI", "Calling — waiting for the citizen"),
    T.SERVING: Text("ĐANG PHỤC VỤ", "Serving"),
    None: Text("CHƯA GỌI SỐ NÀO", "No ticket called"),
}
OFFER_TITLE = Text("TRẢ KẾT QUẢ", "Result pickup")
IDLE_HINTS = {
    C.OPEN: Text("Nhấn Gọi số tiếp (F1) để mời công dân", "Press Next (F1) to call a citizen"),
    C.PAUSED: Text("Quầy đang tạm nghỉ: nhấn Tiếp tục (F8)", "Paused: press Resume (F8)"),
    C.CLOSED: Text("Quầy đang đóng: Gọi số tiếp (F1) sẽ mở quầy", "Closed: Next (F1) opens the counter"),
}
OFFLINE_BANNER = Text("Mất kết nối máy chủ — đang kết nối lại…",
                      "Server unreachable — reconnecting…")
CONNECTING_BANNER = Text("Đang kết nối máy chủ…", "Connecting to the server…")
REFUSED_BANNER = Text("Máy chủ từ chối thiết bị này: kiểm tra mã thiết bị và token.",
                      "The server refused this device: check the device id and token.")


@dataclass(frozen=True)
class WaitingRow:
    service: str
    name: str
    waiting: int
    waiting_priority: int


@dataclass(frozen=True)
class PickupOffer:
    """A pickup ticket just completed: its dossier, offered to be marked returned in one key."""
    number: str
    dossier: str


@dataclass(frozen=True)
class ConsoleModel:
    counter_title: str = "Quầy"
    services_text: str = ""
    state: str = C.CLOSED
    state_text: Text = STATUS_TEXTS[C.CLOSED]
    served_today: int = 0
    banner: Text | None = CONNECTING_BANNER
    ticket_state: str | None = None
    card_title: Text = CARD_TITLES[None]
    idle_hint: Text | None = None  # what to do when no ticket is called
    number: str = "—"
    service_name: str = ""
    priority: bool = False
    category: Text | None = None  # the priority category the citizen chose at the kiosk, on the badge
    waited: str = ""
    dossier: str = ""
    recalls: int = 0
    offer: PickupOffer | None = None
    waiting_rows: tuple[WaitingRow, ...] = ()
    waiting_total: int = 0
    enabled: frozenset[str] = field(default_factory=frozenset)
    needs_sign_in: bool = False  # the hall lists clerks and nobody is signed in here: the sign-in dialog shows

    @property
    def dossier_at_hand(self) -> str:
        """The dossier of the pickup ticket called or served, or just completed."""
        return self.dossier or (self.offer.dossier if self.offer else "")

    @property
    def details(self) -> str:
        """The line under the service: how long the citizen waited, recalls, the dossier to hand over."""
        if self.offer is not None:
            return f"Số {self.offer.number} đã hoàn thành · {self.offer.number} completed"
        recalls = f"Đã gọi lại {self.recalls} lần · recalled" if self.recalls else ""
        dossier = f"Hồ sơ {self.dossier}" if self.dossier else ""
        return "  ·  ".join(part for part in (self.waited, recalls, dossier) if part)

    @property
    def priority_badge(self) -> str:
        """Under "ƯU TIÊN" on the badge: which priority the citizen chose, or the word in English."""
        return self.category.vi if self.category else "priority"


def build_model(view: HallView, connected: bool, busy: bool, refused: bool = False,
                offer: PickupOffer | None = None, offline_reason: Text | None = None) -> ConsoleModel:
    """offline_reason: the client's words for why it is offline (a certificate, another machine), if it knows."""
    if refused:
        return ConsoleModel(banner=offline_reason or REFUSED_BANNER)
    if not view.loaded or view.me is None:
        return ConsoleModel(banner=offline_reason or (OFFLINE_BANNER if view.loaded else CONNECTING_BANNER))
    me, current = view.me, view.current
    rows = tuple(
        WaitingRow(code, view.services[code].name, view.services[code].waiting,
                   view.services[code].waiting_priority)
        for code in me.services if code in view.services)
    # A row counts the tickets transferred to any counter of its service (they are called first there); this
    # counter may call its services' lines and the tickets transferred to it, each once.
    waiting_total = sum(view.services[row.service].waiting - view.services[row.service].waiting_transferred
                        for row in rows) + me.waiting_transferred
    ticket_state = current.state if current is not None else None
    offer = offer if current is None else None  # a new citizen at the counter: the offer has passed
    needs_sign_in = bool(view.clerks) and me.clerk is None
    enabled = enabled_actions(me, current, waiting_total, needs_sign_in) if connected and not busy else frozenset()
    if offer is not None and connected and not busy:
        enabled |= {"returned"}
    return ConsoleModel(
        counter_title=me.name,
        services_text=" · ".join(([me.clerk.name] if me.clerk else []) + [row.name for row in rows]),
        state=me.state,
        state_text=STATUS_TEXTS[me.state],
        served_today=me.served_today,
        banner=None if connected else offline_reason or OFFLINE_BANNER,
        ticket_state=ticket_state,
        card_title=OFFER_TITLE if offer else CARD_TITLES[ticket_state],
        idle_hint=IDLE_HINTS[me.state] if current is None and offer is None else None,
        number=current.number if current else "—",
        service_name=(_service_name(view, current.service) if current
                      else f"Hồ sơ {offer.dossier}" if offer else ""),
        priority=bool(current and current.priority),
        category=category.text if current and view.hall and (category := view.hall.category(current.category))
        else None,
        waited=waited_text(current) if current else "",
        dossier=(current.dossier or "") if current else "",
        recalls=current.recalls if current else 0,
        offer=offer,
        waiting_rows=rows,
        waiting_total=waiting_total,
        enabled=enabled,
        needs_sign_in=needs_sign_in,
    )


def enabled_actions(me: CounterInfo, current: Ticket | None, waiting_total: int,
                    clerk_missing: bool = False) -> frozenset[str]:
    """The actions the state tables allow now (queue_protocol.states); the server still has the last word,
    and checks the recall guards itself, saying why when it refuses."""
    counter_moves = counter_moves_now(CounterFacts(me.number, me.state, current.number if current else None,
                                                   clerk_missing=clerk_missing))
    ticket_moves = ticket_moves_from(current.state) if current is not None else frozenset()
    enabled = set()
    for action in ACTIONS:
        if action.dossier_move is not None:
            continue  # offered by build_model when a dossier is at hand
        if action.move is None:
            enabled.add(action.name)
        elif action.move in COUNTER_MOVE_KINDS:
            if action.move in counter_moves:
                enabled.add(action.name)
        elif action.move in ticket_moves:
            enabled.add(action.name)
    if waiting_total == 0:
        enabled -= {"next", "call_number"}  # nobody to call
    # Open and Close share a button and a key: it opens a closed counter and closes any other.
    enabled.discard("close" if me.state == C.CLOSED else "open")
    return frozenset(enabled)


def apply_reply(view: HallView, reply: Ok) -> None:
    """An ok to a counter command carries the counter's new state and the ticket it concerned."""
    if reply.counter is None or view.me is None or reply.counter.number != view.me.number:
        return
    view.me = reply.counter
    view.counters[reply.counter.number] = reply.counter
    ticket = reply.ticket
    if ticket is not None:
        mine_and_open = ticket.state in AT_A_COUNTER and ticket.counter == reply.counter.number
        if mine_and_open:
            view.current = ticket
        elif view.current is not None and view.current.id == ticket.id:
            view.current = None
    if reply.counter.serving is None:
        view.current = None


def pickup_offer_after(offer: PickupOffer | None, action: str, reply: Ok) -> PickupOffer | None:
    """Completing a pickup ticket offers its dossier; the offer ends with the next counter action, or once
    that dossier is returned (here or in the dossier dialog)."""
    if reply.dossier is not None:  # a dossier looked up, registered or changed: the counter did not move
        returned = offer is not None and reply.dossier.code == offer.dossier \
            and reply.dossier.status == DossierStatus.RETURNED
        return None if returned else offer
    ticket = reply.ticket
    if action == "complete" and ticket is not None and ticket.dossier:
        return PickupOffer(ticket.number, ticket.dossier)
    return None


def forget_finished_ticket(view: HallView) -> None:
    """After a counter event: the counter serves nothing any more, so neither does the console."""
    if view.me is not None and view.me.serving is None:
        view.current = None


def waited_text(ticket: Ticket) -> str:
    """How long the citizen waited between taking the ticket and being called."""
    if ticket.called_at is None:
        return ""
    seconds = (datetime.fromisoformat(ticket.called_at)
               - datetime.fromisoformat(ticket.issued_at)).total_seconds()
    return f"Đã chờ {duration_text(seconds).vi} · waited"


def _service_name(view: HallView, code: str) -> str:
    service = view.services.get(code)
    return service.name if service else code


def states_markdown() -> str:
    """Which buttons are enabled in which state: the table of docs/counter.md, from enabled_actions itself."""
    rows = [(C.OPEN, None, "nobody waiting", 0), (C.OPEN, None, "citizens waiting", 1),
            (C.OPEN, T.CALLED, "citizens waiting", 1), (C.OPEN, T.SERVING, "nobody waiting", 0),
            (C.PAUSED, None, "citizens waiting", 1), (C.CLOSED, None, "citizens waiting", 1)]
    lines = ["| counter | ticket | queue | enabled |", "| --- | --- | --- | --- |"]
    for state, ticket_state, queue, waiting in rows:
        me = CounterInfo(number=1, name="Quầy 1", services=[], state=state)
        current = Ticket(id=1, number="1001", service="DD", priority=False, state=ticket_state, day="",
                         issued_at="") if ticket_state else None
        enabled = enabled_actions(me, current, waiting)
        names = ", ".join(a.label.vi for a in ACTIONS if a.name in enabled)
        lines.append(f"| {STATUS_TEXTS[state].vi} ({state}) | {ticket_state or '—'} | {queue} | {names} |")
    return "\n".join(lines)
