"""Dossier codes as the server checks them, due dates and the masked names public screens show."""
import functools
import unicodedata
from datetime import date, datetime, tzinfo
from typing import TypeVar

from queue_protocol.dates import FIRST_YEAR, LAST_YEAR
from queue_protocol.dossier_codes import dossier_code
from queue_protocol.errors import InvalidDate, InvalidDossierCode


def normalize_code(code: str) -> str:
    """Upper-cases and trims a typed or scanned code; raises InvalidDossierCode if not in the form."""
    cleaned = dossier_code(code)
    if cleaned is None:
        raise InvalidDossierCode(code=code)
    return cleaned


def normalize_due(value: str) -> str:
    """A due date (ngày hẹn trả) as an ISO date, or an ISO date-time when a time is given."""
    try:
        return _in_bounds(date.fromisoformat(value), value).isoformat()
    except ValueError:
        pass
    try:
        return _in_bounds(datetime.fromisoformat(value), value).isoformat(timespec="minutes")
    except ValueError:
        raise InvalidDate(value=value) from None


def to_timestamp(value: str, zone: tzinfo) -> float:
    """An ISO date or date-time given by a person or another system, read in the hall's time zone."""
    try:
        moment = _in_bounds(datetime.fromisoformat(value), value)
    except ValueError:
        raise InvalidDate(value=value) from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=zone)).timestamp()


def normalize_day(value: str) -> str:
    """A day given as an ISO date (2026-11-29)."""
    try:
        return _in_bounds(date.fromisoformat(value), value).isoformat()
    except ValueError:
        raise InvalidDate(value=value) from None


_Moment = TypeVar("_Moment", date, datetime)


def _in_bounds(moment: _Moment, value: str) -> _Moment:
    """Years 1 and 9999 parse, but their times cannot be shown in the hall's zone: refused with the rest."""
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise InvalidDate(value=value)
    return moment


def due_day(due_at: str) -> date:
    return date.fromisoformat(due_at[:10])


@functools.lru_cache(maxsize=16_384)  # every screen's snapshot masks every ready dossier's name again
def mask_name(full_name: str) -> str:
    """"Nguyễn Văn An" -> "Nguyễn V. A.": the family name whole, other names as initials."""
    # Composed first: a name sent with separate accent marks would lose them in its initials.
    words = unicodedata.normalize("NFC", full_name).split()
    if not words:
        return ""
    if len(words) == 1:
        return words[0][0] + "."
    return " ".join([words[0]] + [w[0].upper() + "." for w in words[1:]])
