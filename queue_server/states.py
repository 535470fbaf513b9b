"""Every state a ticket and a dossier can be in, and every move between them, in two tables.

docs/states.md is generated from these tables (python -m queue_server.states > docs/states.md).
"""
from queue_server.errors import IllegalTransition, InvalidDossierStatusChange

WAITING, CALLED, SERVING, DONE, NO_SHOW, EXPIRED = "waiting", "called", "serving", "done", "no_show", "expired"

TICKET_STATE_VI = {
    WAITING: "đang chờ", CALLED: "đã gọi", SERVING: "đang phục vụ", DONE: "đã xong",
    NO_SHOW: "vắng mặt", EXPIRED: "hết hạn",
}

# (state, command) -> new state. Anything not here is an illegal move.
TICKET_TRANSITIONS = {
    (WAITING, "call"): CALLED,
    (CALLED, "recall"): CALLED,
    (CALLED, "start_serving"): SERVING,
    (CALLED, "complete"): DONE,
    (SERVING, "complete"): DONE,
    (CALLED, "no_show"): NO_SHOW,
    (WAITING, "transfer"): WAITING,
    (CALLED, "transfer"): WAITING,
    (SERVING, "transfer"): WAITING,
    (WAITING, "expire"): EXPIRED,
}

COMMAND_VI = {
    "call": "gọi số này", "recall": "gọi lại", "start_serving": "bắt đầu phục vụ", "complete": "hoàn thành",
    "no_show": "đánh dấu vắng mặt", "transfer": "chuyển", "expire": "hết hạn",
}


def next_ticket_state(number: str, state: str, command: str) -> str:
    try:
        return TICKET_TRANSITIONS[(state, command)]
    except KeyError:
        raise IllegalTransition(number=number, state=state, state_vi=TICKET_STATE_VI[state],
                                command=command, command_vi=COMMAND_VI[command]) from None


RECEIVED, PROCESSING, NEEDS_MORE_DOCUMENTS, READY, RETURNED = (
    "received", "processing", "needs_more_documents", "ready", "returned")

DOSSIER_STATUS_TEXT = {
    RECEIVED: ("đã tiếp nhận", "received"),
    PROCESSING: ("đang giải quyết", "being processed"),
    NEEDS_MORE_DOCUMENTS: ("cần bổ sung giấy tờ", "needs more documents"),
    READY: ("đã có kết quả", "ready for pickup"),
    RETURNED: ("đã trả kết quả", "returned"),
}

# status -> statuses it may move to. "returned" is final; a dossier is returned only once ready.
DOSSIER_TRANSITIONS = {
    RECEIVED: {PROCESSING, NEEDS_MORE_DOCUMENTS, READY},
    PROCESSING: {RECEIVED, NEEDS_MORE_DOCUMENTS, READY},
    NEEDS_MORE_DOCUMENTS: {RECEIVED, PROCESSING, READY},
    READY: {PROCESSING, NEEDS_MORE_DOCUMENTS, RETURNED},
    RETURNED: set(),
}


def check_dossier_status_change(code: str, old: str, new: str) -> None:
    if old != new and new not in DOSSIER_TRANSITIONS[old]:
        raise InvalidDossierStatusChange(code=code, old_vi=DOSSIER_STATUS_TEXT[old][0], old_en=old,
                                         new_vi=DOSSIER_STATUS_TEXT[new][0], new_en=new)


def markdown() -> str:
    lines = ["# Ticket and dossier states", "",
             "Generated from `queue_server/states.py` by `python -m queue_server.states`; do not edit.", "",
             "## Tickets", "", "| from | command | to |", "| --- | --- | --- |"]
    lines += [f"| {old} ({TICKET_STATE_VI[old]}) | `{command}` | {new} ({TICKET_STATE_VI[new]}) |"
              for (old, command), new in TICKET_TRANSITIONS.items()]
    lines += ["", "Any other move is refused with `illegal_transition`, naming the ticket, its state and the command.",
              "", "## Dossiers", "", "| from | may become |", "| --- | --- |"]
    lines += [f"| {old} ({DOSSIER_STATUS_TEXT[old][0]}) | {', '.join(sorted(new)) or '(final)'} |"
              for old, new in DOSSIER_TRANSITIONS.items()]
    lines += ["", "`overdue` is derived: past `due_at` and neither ready nor returned.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(), end="")
