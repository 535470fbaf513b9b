"""A day as people in Vietnam type and read it: 03/12/2026 (day first), or ISO 2026-12-03. The one parser for
the counter's dialogs, `xephang report --day` and the dossier import; the one way screens and tickets write it."""
import re
from datetime import date, datetime

from queue_protocol.text import Text

# Every date a client sends lies in the century of the dossier codes' YYMMDD: a year 1 or 9999 is a typing
# slip or an attack, and times near those ends cannot even be written in the hall's zone.
FIRST_YEAR, LAST_YEAR = 2000, 2099

_FORMATS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), ("y", "m", "d")),
    (re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"), ("d", "m", "y")),  # 03/12/2026, 3.12.2026, 03-12-2026
)


class InvalidDay(ValueError):
    """Not a day in either form; .text says how to type one."""

    def __init__(self, typed: str):
        self.text = Text(f"ngày {typed!r} không hợp lệ: nhập dd/mm/yyyy, ví dụ 03/12/2026",
                         f"{typed!r} is not a valid date: type dd/mm/yyyy, e.g. 03/12/2026")
        super().__init__(self.text.on_one_line())


def parse_day(text: str) -> date:
    value = text.strip()
    for pattern, order in _FORMATS:
        match = pattern.fullmatch(value)
        if match:
            parts = dict(zip(order, map(int, match.groups()), strict=True))
            try:
                return date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                break  # 31/02/2026: the right form, not a day
    raise InvalidDay(text)


WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def day_text(day: date) -> str:
    """30/11/2026"""
    return f"{day:%d/%m/%Y}"


def weekday_text(day: date) -> str:
    """Thứ Hai, 30/11/2026: the hall clock, a ticket."""
    return f"{WEEKDAYS_VI[day.weekday()]}, {day_text(day)}"


def due_text(due_at: str) -> str:
    """A due date (ngày hẹn trả) as the protocol sends it, as people read it: 03/12/2026, 03/12/2026 10:00."""
    moment = datetime.fromisoformat(due_at)
    return day_text(moment) + (f" {moment:%H:%M}" if "T" in due_at else "")
