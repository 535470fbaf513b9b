"""One parser for a typed day: day first as offices in Vietnam write it, or ISO; nothing else."""
from datetime import date, datetime

import pytest

from queue_protocol.dates import InvalidDay, day_text, due_text, parse_day, weekday_text


@pytest.mark.parametrize("typed", ["02/12/2026", "2/12/2026", " 02.12.2026 ", "02-12-2026", "2026-12-02", "2026-12-2"])
def test_day_first_or_iso(typed):
    assert parse_day(typed) == date(2026, 12, 2)


@pytest.mark.parametrize("typed", ["31/02/2026", "12/2026", "2026/12/02", "02/12/26", "tomorrow", "", "20261202"])
def test_anything_else_says_how_to_type_a_day(typed):
    with pytest.raises(InvalidDay) as error:
        parse_day(typed)
    assert error.value.text.vi == f"ngày {typed!r} không hợp lệ: nhập dd/mm/yyyy, ví dụ 03/12/2026"
    assert error.value.text.en == f"{typed!r} is not a valid date: type dd/mm/yyyy, e.g. 03/12/2026"


def test_days_are_written_day_first():
    assert day_text(date(2026, 12, 3)) == "03/12/2026"
    assert weekday_text(datetime(2026, 11, 30, 8, 42)) == "Thứ Hai, 30/11/2026"


def test_a_due_date_with_or_without_a_time():
    assert due_text("2026-12-03") == "03/12/2026"
    assert due_text("2026-12-03T10:00") == "03/12/2026 10:00"   # date.fromisoformat refuses this one
