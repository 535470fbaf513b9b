"""What each command is: who may send it, whether it changes state, whether it acts on the sender's counter.

The server's permissions follow this table; docs/protocol.md shows it (a test compares, another drives every
command from every role against a real server).
"""
from dataclasses import dataclass

from queue_protocol import messages as m
from queue_protocol.roles import Role


@dataclass(frozen=True)
class CommandRule:
    senders: frozenset[Role]
    changes_state: bool  # False: nothing is stored, so a repeated request id is simply answered again
    own_counter: bool = False  # acts on the counter its device's configuration names; carries no number
    about_device: bool = False  # tells the server about the sending device itself, not the queue: no engine


_ANYONE = frozenset(Role)
_KIOSK = frozenset({Role.KIOSK})
_COUNTER = frozenset({Role.COUNTER})
_ADMIN = frozenset({Role.ADMIN})
_RATING = frozenset({Role.RATING})
_DOSSIER_KEEPERS = frozenset({Role.COUNTER, Role.INTEGRATION, Role.ADMIN})
_COUNTER_MOVE = CommandRule(_COUNTER, changes_state=True, own_counter=True)

COMMAND_RULES: dict[type[m.Command], CommandRule] = {
    m.Ping: CommandRule(_ANYONE, changes_state=False),
    m.IssueTicket: CommandRule(_KIOSK, changes_state=True),
    m.LookupDossier: CommandRule(_KIOSK | _DOSSIER_KEEPERS, changes_state=False),
    m.SignIn: _COUNTER_MOVE,
    m.LookupCard: CommandRule(_KIOSK | _COUNTER, changes_state=False),
    m.OpenCounter: _COUNTER_MOVE,
    m.CloseCounter: _COUNTER_MOVE,
    m.CallNext: _COUNTER_MOVE,
    m.CallNumber: _COUNTER_MOVE,
    m.Recall: _COUNTER_MOVE,
    m.StartServing: _COUNTER_MOVE,
    m.NoShow: _COUNTER_MOVE,
    m.Complete: _COUNTER_MOVE,
    m.Transfer: _COUNTER_MOVE,
    m.Pause: _COUNTER_MOVE,
    m.Resume: _COUNTER_MOVE,
    m.UpsertDossier: CommandRule(_DOSSIER_KEEPERS, changes_state=True),
    m.SetDossierStatus: CommandRule(_DOSSIER_KEEPERS, changes_state=True),
    m.Stats: CommandRule(_ADMIN, changes_state=False),
    m.ExpireWaiting: CommandRule(_ADMIN, changes_state=True),
    m.Rate: CommandRule(_RATING, changes_state=True, own_counter=True),
    m.FindPersonalData: CommandRule(_ADMIN, changes_state=False),
    m.ErasePersonalData: CommandRule(_ADMIN, changes_state=True),
    m.ReportPrinter: CommandRule(_KIOSK, changes_state=False, about_device=True),  # kept in memory, not stored
    m.SetCounterServices: CommandRule(_ADMIN, changes_state=True),
    m.SetServiceOpen: CommandRule(_ADMIN, changes_state=True),
    m.SetAnnouncement: CommandRule(_ADMIN, changes_state=True),
}


def rule_of(command: m.Command) -> CommandRule:
    return COMMAND_RULES[type(command)]


def senders_markdown() -> str:
    """The "Who may send what" table of docs/protocol.md."""
    lines = ["| command | " + " | ".join(Role) + " |", "| --- |" + " --- |" * len(Role)]
    for command, rule in COMMAND_RULES.items():
        yes = "own counter" if rule.own_counter else "yes"
        cells = [yes if role in rule.senders else "" for role in Role]
        lines.append(f"| `{m.tag_of(command)}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)
