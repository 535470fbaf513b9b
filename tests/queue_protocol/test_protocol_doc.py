"""docs/protocol.md is the contract: each of its JSON examples must be a message the code accepts."""
import json
import re
from pathlib import Path

import pytest

from queue_protocol import messages as m
from queue_protocol.commands import COMMAND_RULES, senders_markdown
from queue_protocol.limits import limits_markdown
from queue_protocol.roles import events_markdown, snapshot_markdown
from queue_protocol.states import STATUS_TEXTS, CounterState, DossierStatus, PrinterState, TicketState

DOC = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"
BLOCKS = re.findall(r"```json\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)
CLIENT_TYPES = m.COMMAND_TYPES | {"hello"}


def typed_examples() -> list[str]:
    return [block for block in BLOCKS if "type" in json.loads(block)]


def test_the_only_untyped_example_is_the_health_answer():
    untyped = [json.loads(block) for block in BLOCKS if "type" not in json.loads(block)]
    assert len(untyped) == 1 and untyped[0]["status"] == "ok" and untyped[0]["protocol"] == m.PROTOCOL_VERSION


@pytest.mark.parametrize("block", typed_examples(), ids=lambda block: json.loads(block)["type"])
def test_every_example_decodes(block):
    kind = json.loads(block)["type"]
    decoded = m.decode_client(block) if kind in CLIENT_TYPES else m.decode_server(block)
    assert type(decoded).__struct_config__.tag == kind


def test_every_command_has_an_example():
    shown = {json.loads(block)["type"] for block in typed_examples()}
    assert sorted(m.COMMAND_TYPES - shown) == []


def test_every_server_message_has_an_example():
    shown = {json.loads(block)["type"] for block in typed_examples()}
    server_types = {c.__struct_config__.tag for c in (m.Welcome, m.Ok, m.Error, m.Called, m.QueueChanged,
                                                       m.CounterChanged, m.DossierChanged, m.RatingRequested,
                                                       m.DeviceChanged,
                                                       m.Resync, m.SnapshotPart)}
    assert sorted(server_types - shown) == []


def test_the_role_tables_are_generated_from_the_vocabulary():
    doc = DOC.read_text(encoding="utf-8")
    for table in (senders_markdown(), events_markdown(), snapshot_markdown(), limits_markdown()):
        assert table in doc, f"docs/protocol.md should hold this table, generated:\n{table}"


def test_every_command_has_its_rule():
    assert set(COMMAND_RULES) == set(m.COMMANDS)


def test_every_state_has_its_text():
    states = (TicketState, CounterState, DossierStatus, PrinterState)
    assert set(STATUS_TEXTS) == set().union(*map(set, states))
    assert len(STATUS_TEXTS) == sum(map(len, states))


def test_every_error_code_of_the_engine_is_in_the_table():
    from queue_protocol import errors
    codes = {value.code for value in vars(errors).values()   # each refusal class names its own code
             if isinstance(value, type) and issubclass(value, errors.QueueError) and "code" in vars(value)
             and value is not errors.QueueError}
    documented = set(re.findall(r"`(\w+)`", DOC.read_text(encoding="utf-8").split("Error codes:")[1].split("###")[0]))
    assert sorted(codes - documented) == []
