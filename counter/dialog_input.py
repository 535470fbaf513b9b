"""What the clerk types in the dialogs, checked and turned into command fields. Pure functions."""
import re

from queue_protocol.dates import InvalidDay, parse_day
from queue_protocol.text import Text


class InputProblem(ValueError):
    """Bad input, with a message for the clerk in Vietnamese and English."""

    def __init__(self, vi: str, en: str):
        super().__init__(en)
        self.text = Text(vi, en)


def parse_transfer_target(typed: str, services: list[str], counters: list[int]) -> dict[str, str | int]:
    """"HT" -> {"service": "HT"}, "3" -> {"counter": 3}: the fields of a transfer command."""
    value = typed.strip()
    if value.isdigit():
        if int(value) in counters:
            return {"counter": int(value)}
        raise InputProblem(f"Không có quầy số {value}.", f"There is no counter {value}.")
    if value.upper() in services:
        return {"service": value.upper()}
    raise InputProblem(f"Nhập mã lĩnh vực ({', '.join(services)}) hoặc số quầy.",
                       f"Type a service code ({', '.join(services)}) or a counter number.")


def parse_ticket_number(typed: str) -> str:
    value = typed.strip().upper()
    if not re.fullmatch(r"[A-Z]{0,3}\d{1,5}", value):
        raise InputProblem("Nhập số thứ tự, ví dụ 1023 hoặc A005.", "Type a ticket number, e.g. 1023 or A005.")
    return value


def parse_due_date(typed: str) -> str:
    """The due date as the protocol wants it (YYYY-MM-DD), from 2026-12-03 or the usual 03/12/2026."""
    try:
        return parse_day(typed).isoformat()
    except InvalidDay:
        raise InputProblem("Ngày hẹn trả không hợp lệ: nhập dd/mm/yyyy, ví dụ 03/12/2026.",
                           "Invalid due date: type dd/mm/yyyy, e.g. 03/12/2026.") from None


def require(value: str, vi_name: str, en_name: str) -> str:
    value = value.strip()
    if not value:
        raise InputProblem(f"Chưa nhập {vi_name}.", f"{en_name} is missing.")
    return value

