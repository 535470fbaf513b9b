"""The citizen's chip ID card (CCCD, thẻ căn cước): what its QR code says, read from the ASCII fields only.

The QR text is one line of fields separated by "|": the 12-digit personal ID number, the old 9-digit ID
(may be empty), the full name, the date of birth DDMMYYYY, the sex, the address, the issue date DDMMYYYY
(newer cards may add fields after these). A 2D scanner in keyboard mode types it; letters with diacritics
can arrive damaged on the way, so only the ID number and the dates are read: name and address are never
looked at. Nothing read from a card is ever shown, printed or logged: IdCard does not even say it in repr().
"""
import re
from dataclasses import dataclass
from datetime import date

_PERSONAL_ID = re.compile(r"\d{12}", re.ASCII)  # ASCII: "\d" alone takes ０-９ and other scripts' digits
_OLD_ID = re.compile(r"(\d{9})?", re.ASCII)
_DAY = re.compile(r"(\d{2})(\d{2})(\d{4})", re.ASCII)
_FIELDS = 7  # the fields every card has; a shorter line is something else


@dataclass(frozen=True)
class IdCard:
    personal_id: str  # số định danh cá nhân: what the server hashes, never stores
    born: date
    issued: date | None  # None when the card's line leaves it empty

    def __repr__(self) -> str:
        return "IdCard(…)"  # a card in a traceback or a log line says nothing about its holder

    __str__ = __repr__

    def age_on(self, day: date) -> int:
        """Whole years of age on `day`: a birthday that has not come yet this year does not count."""
        return day.year - self.born.year - ((day.month, day.day) < (self.born.month, self.born.day))


def is_personal_id(text: str) -> bool:
    """A 12-digit personal ID number (số định danh cá nhân), as the server accepts one."""
    return _PERSONAL_ID.fullmatch(text) is not None


def read_id_card(text: str) -> IdCard | None:
    """The card behind a scanned line, or None when the line is not a card's QR (a dossier code, a ticket's
    QR, garbage). Damaged letters in the name or address do not matter; a damaged digit or date does."""
    fields = text.strip().split("|")
    if len(fields) < _FIELDS:
        return None
    personal_id, old_id, _name, born, _sex, _address, issued = (field.strip() for field in fields[:_FIELDS])
    if not is_personal_id(personal_id) or not _OLD_ID.fullmatch(old_id):
        return None
    birth_day = _day(born)
    issue_day = _day(issued) if issued else None
    if birth_day is None or (issued and issue_day is None):
        return None
    return IdCard(personal_id, birth_day, issue_day)


def _day(text: str) -> date | None:
    match = _DAY.fullmatch(text)
    if match is None:
        return None
    day, month, year = map(int, match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None
