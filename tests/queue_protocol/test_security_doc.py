"""docs/security.md says what is true: its table of who may send what is the server's, and every test it
names exists."""
import re
from pathlib import Path

from queue_protocol.commands import senders_markdown

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")


def test_the_role_table_is_generated_from_the_commands_table():
    assert senders_markdown() in DOC, f"docs/security.md should hold this table, generated:\n{senders_markdown()}"


def test_every_test_it_names_exists():
    named = re.findall(r"`(tests/[\w/]+\.py)::(test_\w+)`", DOC)
    assert len(named) >= 20
    missing = [f"{path}::{name}" for path, name in named
               if not re.search(rf"^(async )?def {name}\(", (ROOT / path).read_text(encoding="utf-8"), re.MULTILINE)]
    assert missing == []
