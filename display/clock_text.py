"""The hall clock's texts, in the hall's time zone: "08:42", "Thứ Hai, 30/11/2026"."""
from datetime import datetime

WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def time_text(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def date_text(moment: datetime) -> str:
    return f"{WEEKDAYS_VI[moment.weekday()]}, {moment:%d/%m/%Y}"
