"""The hall clock's texts, in the hall's time zone: "08:42", "Thứ Hai, 30/11/2026"."""
from datetime import datetime

from queue_protocol.dates import weekday_text


def time_text(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def date_text(moment: datetime) -> str:
    return weekday_text(moment)
