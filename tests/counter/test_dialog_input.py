"""What the clerk types: transfer targets, ticket numbers, due dates; and the shortcut table."""
import argparse
from pathlib import Path

import pytest

from counter.actions import ACTIONS, actions_for_key, shortcuts_markdown
from counter.console_model import states_markdown
from counter.dialog_input import (
    InputProblem,
    parse_due_date,
    parse_ticket_number,
    parse_transfer_target,
    require,
)
from queue_protocol.dates import due_text
from queue_protocol.device_options import WindowSizeError, window_size


def test_transfer_target_is_a_service_code_or_a_counter_number():
    assert parse_transfer_target(" ht ", ["HT", "KD"], [2, 3]) == {"service": "HT"}
    assert parse_transfer_target("3", ["HT", "KD"], [2, 3]) == {"counter": 3}
    with pytest.raises(InputProblem) as problem:
        parse_transfer_target("9", ["HT"], [2, 3])
    assert problem.value.text.vi == "Không có quầy số 9."
    with pytest.raises(InputProblem) as problem:
        parse_transfer_target("XX", ["HT", "KD"], [2])
    assert "HT, KD" in problem.value.text.vi and "HT, KD" in problem.value.text.en


@pytest.mark.parametrize("typed, number", [("1023", "1023"), (" a005 ", "A005")])
def test_ticket_numbers(typed, number):
    assert parse_ticket_number(typed) == number


@pytest.mark.parametrize("typed", ["", "12-3", "ABCD1"])
def test_bad_ticket_numbers(typed):
    with pytest.raises(InputProblem):
        parse_ticket_number(typed)


@pytest.mark.parametrize("typed, iso", [("03/12/2026", "2026-12-03"), ("3.12.2026", "2026-12-03"),
                                        ("2026-12-03", "2026-12-03")])
def test_due_dates_vietnamese_order_or_iso(typed, iso):
    assert parse_due_date(typed) == iso
    assert due_text(iso) == "03/12/2026"   # and back, as the dialog shows it


@pytest.mark.parametrize("typed", ["31/02/2026", "12/2026", "tomorrow"])
def test_bad_due_dates_say_how_to_type_them(typed):
    with pytest.raises(InputProblem) as problem:
        parse_due_date(typed)
    assert "dd/mm/yyyy" in problem.value.text.vi


def test_missing_field():
    with pytest.raises(InputProblem) as problem:
        require("  ", "tên người nộp", "The applicant's name")
    assert problem.value.text.vi == "Chưa nhập tên người nộp."


def test_each_key_has_one_meaning_at_a_time():
    assert actions_for_key("f1") == actions_for_key("spacebar") == ("next",)
    assert actions_for_key("f8") == ("pause", "resume")  # never both enabled
    keys = [key for action in ACTIONS for key in action.keys]
    shared = {key for key in keys if keys.count(key) > 1}
    assert shared == {"f8", "f10"}
    assert [a.key_hint for a in ACTIONS][:2] == ["F1 / Space", "F2"]


def test_docs_show_the_tables_the_code_uses():
    page = (Path(__file__).parents[2] / "docs" / "counter.md").read_text(encoding="utf-8")
    assert shortcuts_markdown() in page
    assert states_markdown() in page


def test_window_option():
    from counter.cli import register
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["counter", "--server", "ws://127.0.0.1:1", "--device", "counter-1",
                              "--window", "540x940"])
    assert args.window == (540, 940)
    with pytest.raises(WindowSizeError) as refused:
        window_size("big")
    assert "WIDTHxHEIGHT" in str(refused.value) and "RỘNGxCAO" in str(refused.value)
