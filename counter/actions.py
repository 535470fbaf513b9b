"""The clerk's actions: labels, shortcut keys, the move each makes. One table feeds the buttons, the key handler,
the enabled buttons (through queue_protocol.states) and docs/counter.md."""
from dataclasses import dataclass

from queue_protocol.states import STATUS_TEXTS, DossierStatus, Move
from queue_protocol.text import Text

_KEY_LABELS = {"spacebar": "Space", "enter": "Enter"}


@dataclass(frozen=True)
class Action:
    name: str
    label: Text
    keys: tuple[str, ...]  # Kivy key names, as in kivy.core.window.Keyboard.keycodes
    move: Move | None = None  # what it does to the counter or its ticket; None: it moves nothing
    dossier_move: DossierStatus | None = None  # what it does to a dossier: offered only when one is at hand

    @property
    def key_hint(self) -> str:
        return " / ".join(_KEY_LABELS.get(key, key.upper()) for key in self.keys)


ACTIONS: tuple[Action, ...] = (
    Action("next", Text("Gọi số tiếp", "Next"), ("f1", "spacebar"), Move.CALL),
    Action("recall", Text("Gọi lại", "Recall"), ("f2",), Move.RECALL),
    Action("start", Text("Bắt đầu", "Start"), ("f3",), Move.START_SERVING),
    Action("complete", Text("Hoàn thành", "Complete"), ("f4",), Move.COMPLETE),
    Action("no_show", Text("Vắng mặt", "No-show"), ("f5",), Move.NO_SHOW),
    Action("transfer", Text("Chuyển", "Transfer"), ("f6",), Move.TRANSFER),
    Action("call_number", Text("Gọi số…", "Call number"), ("f7",), Move.CALL),
    Action("pause", Text("Tạm nghỉ", "Pause"), ("f8",), Move.PAUSE),
    Action("resume", Text("Tiếp tục", "Resume"), ("f8",), Move.RESUME),
    Action("dossiers", Text("Hồ sơ", "Dossiers"), ("f9",)),
    Action("open", Text("Mở quầy", "Open counter"), ("f10",), Move.OPEN),
    Action("close", Text("Đóng quầy", "Close counter"), ("f10",), Move.CLOSE),
    # Offered once a pickup ticket is completed, for its dossier.
    Action("returned", STATUS_TEXTS[DossierStatus.RETURNED], ("enter",), dossier_move=DossierStatus.RETURNED),
)
BY_NAME = {action.name: action for action in ACTIONS}


def actions_for_key(key_name: str) -> tuple[str, ...]:
    """Pause and Resume (Open and Close) share a key: the caller runs whichever is enabled."""
    return tuple(action.name for action in ACTIONS if key_name in action.keys)


def shortcuts_markdown() -> str:
    """The shortcuts table of docs/counter.md (a test keeps the page equal to this table)."""
    lines = ["| keys | button | English |", "| --- | --- | --- |"]
    lines += [f"| {action.key_hint} | {action.label.vi} | {action.label.en} |" for action in ACTIONS]
    return "\n".join(lines)
