"""What docs/protocol.md says, read from the page itself so tests and doc cannot drift apart:
who may send which command, and a documented example frame of every command."""
import json
import re
from pathlib import Path

from queue_protocol.messages import COMMAND_TYPES

PROTOCOL_DOC = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"
ROLES = ("kiosk", "counter", "display", "integration", "admin", "rating")
NAME = re.compile(r"`([a-z_]+)")


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    following = re.search(r"^#{2,3} ", text[start + len(heading):], re.MULTILINE)
    return text[start:start + len(heading) + (following.start() if following else len(text))]


def _table(section: str) -> list[list[str]]:
    """Rows of the first markdown table in section, header first, cells stripped."""
    lines = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines if not set(line) <= set("|- ")]


def counter_commands(text: str) -> list[str]:
    """The counter commands in the order of the Counter section's table."""
    names = []
    for row in _table(_section(text, "### Counter"))[1:]:
        names += [n for n in NAME.findall(row[0]) if n not in names]
    return names


def allowed_matrix(text: str | None = None) -> dict[str, dict[str, str]]:
    """command -> role -> the cell of "Who may send what" ("yes", "own counter" or "" for refused)."""
    text = text if text is not None else PROTOCOL_DOC.read_text(encoding="utf-8")
    header, *rows = _table(_section(text, "### Who may send what"))
    assert header[1:] == list(ROLES), header
    ordered_counter_commands = counter_commands(text)
    matrix = {}
    for row in rows:
        names = NAME.findall(row[0])
        if "..." in row[0]:  # `first` ... `last`: a run of the Counter table
            first, last = names
            names = ordered_counter_commands[ordered_counter_commands.index(first):
                                             ordered_counter_commands.index(last) + 1]
        for name in names:
            matrix[name] = dict(zip(ROLES, row[1:], strict=True))
    return matrix


def command_examples(text: str | None = None) -> dict[str, dict]:
    """command type -> its first documented example frame."""
    text = text if text is not None else PROTOCOL_DOC.read_text(encoding="utf-8")
    examples = {}
    for block in re.findall(r"```json\n(.*?)\n```", text, re.DOTALL):
        frame = json.loads(block)
        if frame.get("type") in COMMAND_TYPES:
            examples.setdefault(frame["type"], frame)
    return examples


def refused_commands(role: str) -> list[str]:
    """Commands the doc says this role may not send."""
    return sorted(name for name, cells in allowed_matrix().items() if not cells[role])
