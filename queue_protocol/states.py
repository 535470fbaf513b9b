"""Every state a ticket, a counter and a dossier can be in, and every move between them with its guards.

The engine applies these tables, the counter console enables its buttons from them, and docs/states.md is
generated from them (python -m queue_protocol.states > docs/states.md). A move not in a table is refused
with a named error; a guard is a condition the move needs besides the state.
"""
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, Protocol, TypeVar

from queue_protocol.errors import (
    CounterBusy,
    CounterClosed,
    CounterNotPaused,
    CounterPaused,
    CounterRefusal,
    IllegalTransition,
    InvalidDossierStatusChange,
    NoClerk,
    QueueError,
    RecallFirst,
    RecallLimit,
)
from queue_protocol.text import Text


class TicketState(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    EXPIRED = "expired"


class CounterState(StrEnum):
    OPEN = "open"
    PAUSED = "paused"
    CLOSED = "closed"


class DossierStatus(StrEnum):
    RECEIVED = "received"
    PROCESSING = "processing"
    NEEDS_MORE_DOCUMENTS = "needs_more_documents"
    READY = "ready"
    RETURNED = "returned"


class PrinterState(StrEnum):
    """What a kiosk's printer last said (ESC/POS status); UNKNOWN when its connection cannot read status."""
    OK = "ok"
    PAPER_NEAR_END = "paper_near_end"
    OUT_OF_PAPER = "out_of_paper"
    OFFLINE = "offline"
    UNKNOWN = "unknown"


class Move(StrEnum):
    """What a command, or the clock, does to a ticket or a counter."""
    CALL = "call"  # call_next and call_number: the ticket is called, the counter opens if it was closed
    RECALL = "recall"
    START_SERVING = "start_serving"
    COMPLETE = "complete"  # also call_next while a citizen is at the counter
    NO_SHOW = "no_show"
    TRANSFER = "transfer"
    EXPIRE = "expire"  # expire_waiting, the hall's closing time, a new day
    OPEN = "open_counter"
    CLOSE = "close_counter"
    PAUSE = "pause"
    RESUME = "resume"
    SIGN_IN = "sign_in"  # a clerk signs in: the counter opens; close_counter signs them out


T, C, D, M = TicketState, CounterState, DossierStatus, Move

# A dossier whose result is out (ready for pickup, or returned) can no longer be overdue.
RESULT_OUT = frozenset({D.READY, D.RETURNED})

# What every state is called wherever a person reads it (capitalised; .lower() inside a sentence).
STATUS_TEXTS: dict[str, Text] = {
    T.WAITING: Text("Đang chờ", "Waiting"),
    T.CALLED: Text("Đã gọi", "Called"),
    T.SERVING: Text("Đang phục vụ", "Being served"),
    T.DONE: Text("Đã xong", "Done"),
    T.NO_SHOW: Text("Vắng mặt", "No-show"),
    T.EXPIRED: Text("Hết hạn", "Expired"),
    C.OPEN: Text("Đang mở", "Open"),
    C.PAUSED: Text("Tạm nghỉ", "Paused"),
    C.CLOSED: Text("Đã đóng", "Closed"),
    D.RECEIVED: Text("Đã tiếp nhận", "Received"),
    D.PROCESSING: Text("Đang giải quyết", "Being processed"),
    D.NEEDS_MORE_DOCUMENTS: Text("Cần bổ sung giấy tờ", "More documents needed"),
    D.READY: Text("Đã có kết quả", "Ready for pickup"),
    D.RETURNED: Text("Đã trả kết quả", "Returned"),
    PrinterState.OK: Text("Máy in sẵn sàng", "Printer ready"),
    PrinterState.PAPER_NEAR_END: Text("Máy in sắp hết giấy", "Printer paper running low"),
    PrinterState.OUT_OF_PAPER: Text("Máy in hết giấy", "Printer out of paper"),
    PrinterState.OFFLINE: Text("Máy in không hoạt động", "Printer not working"),
    PrinterState.UNKNOWN: Text("Không đọc được trạng thái máy in", "Printer status unknown"),
}

# What a refused move is called in its refusal ("... không thể gọi lại").
MOVE_TEXTS: dict[Move, Text] = {
    M.CALL: Text("gọi số này", "be called"),
    M.RECALL: Text("gọi lại", "be recalled"),
    M.START_SERVING: Text("bắt đầu phục vụ", "start being served"),
    M.COMPLETE: Text("hoàn thành", "be completed"),
    M.NO_SHOW: Text("đánh dấu vắng mặt", "be marked a no-show"),
    M.TRANSFER: Text("chuyển", "be transferred"),
    M.EXPIRE: Text("hết hạn", "expire"),
    M.OPEN: Text("mở quầy", "open"),
    M.CLOSE: Text("đóng quầy", "close"),
    M.PAUSE: Text("tạm nghỉ", "pause"),
    M.RESUME: Text("tiếp tục", "resume"),
    M.SIGN_IN: Text("đăng nhập", "sign in"),
}


class TicketFacts(Protocol):
    """What a ticket guard reads: the engine's records and the protocol's tickets both have it."""
    @property
    def number(self) -> str: ...
    @property
    def state(self) -> str: ...
    @property
    def recalls(self) -> int: ...


class RecallRules(Protocol):
    """The hall's recall rules: its configuration has them, and HallInfo carries them to clients."""
    @property
    def recalls_before_no_show(self) -> int: ...
    @property
    def max_recalls(self) -> int: ...


@dataclass(frozen=True)
class CounterFacts:
    """What a counter guard reads."""
    number: int
    state: str
    serving: str | None  # the number of the ticket called or served there
    clerk_missing: bool = False  # the hall lists clerks and none is signed in there


F = TypeVar("F")
S = TypeVar("S")


@dataclass(frozen=True)
class Guard(Generic[F]):
    rule: str  # in words, for docs/states.md
    refused_with: str  # the error code when it is unmet, for docs/states.md
    refusal: Callable[[F], QueueError | None]  # None when the guard lets the move through


@dataclass(frozen=True)
class Step(Generic[S, F]):
    to: S
    guard: Guard[F] | None = None


TicketCase = tuple[TicketFacts, RecallRules]

UNDER_RECALL_LIMIT: Guard[TicketCase] = Guard(
    "recalled fewer than `max_recalls` times", RecallLimit.code,
    lambda case: RecallLimit(case[0].number, case[0].recalls) if case[0].recalls >= case[1].max_recalls else None)
RECALLED_ENOUGH: Guard[TicketCase] = Guard(
    "recalled at least `recalls_before_no_show` times", RecallFirst.code,
    lambda case: RecallFirst(case[0].number, case[1].recalls_before_no_show)
    if case[0].recalls < case[1].recalls_before_no_show else None)
IDLE: Guard[CounterFacts] = Guard(
    "no ticket called or served at the counter", CounterBusy.code,
    lambda counter: CounterBusy(counter.number, counter.serving) if counter.serving is not None else None)
SIGNED_IN: Guard[CounterFacts] = Guard(
    "a clerk is signed in, when the hall lists `[[clerks]]`", NoClerk.code,
    lambda counter: NoClerk(counter.number) if counter.clerk_missing else None)

# (state, move) -> the step. Any other pair is refused with illegal_transition.
TICKET_MOVES: dict[tuple[str, Move], Step[TicketState, TicketCase]] = {
    (T.WAITING, M.CALL): Step(T.CALLED),
    (T.CALLED, M.RECALL): Step(T.CALLED, UNDER_RECALL_LIMIT),
    (T.CALLED, M.START_SERVING): Step(T.SERVING),
    (T.CALLED, M.COMPLETE): Step(T.DONE),
    (T.SERVING, M.COMPLETE): Step(T.DONE),
    (T.CALLED, M.NO_SHOW): Step(T.NO_SHOW, RECALLED_ENOUGH),
    (T.WAITING, M.TRANSFER): Step(T.WAITING),
    (T.CALLED, M.TRANSFER): Step(T.WAITING),
    (T.SERVING, M.TRANSFER): Step(T.WAITING),
    (T.WAITING, M.EXPIRE): Step(T.EXPIRED),
}
TICKET_MOVE_KINDS = (M.CALL, M.RECALL, M.START_SERVING, M.COMPLETE, M.NO_SHOW, M.TRANSFER, M.EXPIRE)
AT_A_COUNTER = frozenset({T.CALLED, T.SERVING})  # the states of a ticket a counter holds

# (state, move) -> the step; every other pair of a counter move is in COUNTER_REFUSALS.
COUNTER_MOVES: dict[tuple[str, Move], Step[CounterState, CounterFacts]] = {
    (C.CLOSED, M.OPEN): Step(C.OPEN, SIGNED_IN),
    (C.PAUSED, M.OPEN): Step(C.OPEN),
    (C.OPEN, M.OPEN): Step(C.OPEN),
    (C.OPEN, M.CLOSE): Step(C.CLOSED, IDLE),
    (C.PAUSED, M.CLOSE): Step(C.CLOSED, IDLE),
    (C.CLOSED, M.CLOSE): Step(C.CLOSED, IDLE),
    (C.OPEN, M.PAUSE): Step(C.PAUSED, IDLE),
    (C.PAUSED, M.RESUME): Step(C.OPEN),
    (C.OPEN, M.CALL): Step(C.OPEN, SIGNED_IN),
    (C.CLOSED, M.CALL): Step(C.OPEN, SIGNED_IN),  # Next opens a closed counter
    # A clerk takes over only an idle counter: the citizen there is finished by whoever called them.
    (C.CLOSED, M.SIGN_IN): Step(C.OPEN, IDLE),
    (C.PAUSED, M.SIGN_IN): Step(C.OPEN, IDLE),
    (C.OPEN, M.SIGN_IN): Step(C.OPEN, IDLE),
}
COUNTER_REFUSALS: dict[tuple[str, Move], type[CounterRefusal]] = {
    (C.PAUSED, M.PAUSE): CounterPaused,
    (C.CLOSED, M.PAUSE): CounterClosed,
    (C.OPEN, M.RESUME): CounterNotPaused,
    (C.CLOSED, M.RESUME): CounterNotPaused,
    (C.PAUSED, M.CALL): CounterPaused,  # a counter on a break is given nobody
}
COUNTER_MOVE_KINDS = (M.OPEN, M.CLOSE, M.PAUSE, M.RESUME, M.CALL, M.SIGN_IN)

# status -> statuses it may become. "returned" is final; a dossier is returned only once ready.
DOSSIER_MOVES: dict[str, frozenset[DossierStatus]] = {
    D.RECEIVED: frozenset({D.PROCESSING, D.NEEDS_MORE_DOCUMENTS, D.READY}),
    D.PROCESSING: frozenset({D.RECEIVED, D.NEEDS_MORE_DOCUMENTS, D.READY}),
    D.NEEDS_MORE_DOCUMENTS: frozenset({D.RECEIVED, D.PROCESSING, D.READY}),
    D.READY: frozenset({D.PROCESSING, D.NEEDS_MORE_DOCUMENTS, D.RETURNED}),
    D.RETURNED: frozenset(),
}


def ticket_move(ticket: TicketFacts, move: Move, rules: RecallRules) -> TicketState:
    """The ticket's state after `move`; raises the named refusal when its state or a guard forbids it."""
    step = TICKET_MOVES.get((ticket.state, move))
    if step is None:
        raise IllegalTransition(ticket.number, STATUS_TEXTS[ticket.state].lower(), MOVE_TEXTS[move])
    _check(step, (ticket, rules))
    return step.to


def counter_move(counter: CounterFacts, move: Move) -> CounterState:
    """The counter's state after `move`; raises the named refusal when its state or a guard forbids it."""
    step = COUNTER_MOVES.get((counter.state, move))
    if step is None:
        raise COUNTER_REFUSALS[(counter.state, move)](counter.number)
    _check(step, counter)
    return step.to


def _check(step: Step[S, F], facts: F) -> None:
    refusal = step.guard.refusal(facts) if step.guard is not None else None
    if refusal is not None:
        raise refusal


def ticket_moves_from(state: str) -> frozenset[Move]:
    """The moves a ticket's state allows; the server checks the guards (recalls) with the hall's rules."""
    return frozenset(move for (old, move) in TICKET_MOVES if old == state)


def counter_moves_now(counter: CounterFacts) -> frozenset[Move]:
    """The moves the counter can make now, its guards included."""
    return frozenset(move for (old, move), step in COUNTER_MOVES.items()
                     if old == counter.state and (step.guard is None or step.guard.refusal(counter) is None))


def dossier_change(code: str, old: str, new: str) -> None:
    """Raises InvalidDossierStatusChange unless `old` may become `new` (staying the same is always fine)."""
    if old != new and new not in DOSSIER_MOVES[old]:
        raise InvalidDossierStatusChange(code, STATUS_TEXTS[old].lower(), STATUS_TEXTS[new].lower())


def markdown() -> str:
    def state(name: str) -> str:
        return f"{name} ({STATUS_TEXTS[name].vi})"

    def guard(step: Step[Any, Any]) -> str:
        return f"{step.guard.rule}, else `{step.guard.refused_with}`" if step.guard else ""

    lines = ["# Ticket, counter and dossier states", "",
             "Generated from `queue_protocol/states.py` by `python -m queue_protocol.states`; do not edit.", "",
             "A move not in a table is refused with a named error; a guard is a condition the move needs besides "
             "the state, checked after it.", "",
             "## Tickets", "", "| from | move | to | guard |", "| --- | --- | --- | --- |"]
    lines += [f"| {state(old)} | `{move}` | {state(step.to)} | {guard(step)} |"
              for (old, move), step in TICKET_MOVES.items()]
    lines += ["", "Any other move is refused with `illegal_transition`, naming the ticket, its state and the move. "
              "`call` is `call_next` or `call_number`; `call_next` while a ticket is called or served completes it "
              "first; `expire` is `expire_waiting`, the hall's closing time or a new day.",
              "", "## Counters", "", "| from | move | to | guard |", "| --- | --- | --- | --- |"]
    for (old, move), step in COUNTER_MOVES.items():
        lines.append(f"| {state(old)} | `{move}` | {state(step.to)} | {guard(step)} |")
    for (old, move), refusal in COUNTER_REFUSALS.items():
        lines.append(f"| {state(old)} | `{move}` | refused: `{refusal.code}` | |")
    lines += ["", "`close_counter` signs the clerk out. A new day closes every counter and signs every clerk out.",
              "", "## Dossiers", "", "| from | may become |", "| --- | --- |"]
    lines += [f"| {state(old)} | {', '.join(sorted(new)) or '(final)'} |" for old, new in DOSSIER_MOVES.items()]
    lines += ["", "Any other change is refused with `invalid_dossier_status_change`. "
              "`overdue` is derived: past `due_at` and neither ready nor returned.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(), end="")
