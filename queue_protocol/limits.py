"""How long and what shape each field a client sends may have, and the refusal that names the field.

The limits are msgspec constraints on the message structs (messages.py), so a frame that breaks one is
refused when it is decoded, before the engine sees it; docs/protocol.md shows this table (a test compares).
"""
import re
import unicodedata
from typing import Annotated

import msgspec
from msgspec import Meta

from queue_protocol.dates import FIRST_YEAR, LAST_YEAR
from queue_protocol.errors import InvalidField, Malformed, QueueError
from queue_protocol.text import Text

# Every field with a limit: (its name on the wire, what a person calls it, the limit in words).
REQUEST_ID_CHARS = 128
DEVICE_ID_CHARS = 64
TOKEN_CHARS = 256
SERVICE_CODE_CHARS = 10  # as the configuration allows
TICKET_NUMBER_CHARS = 12
DOSSIER_CODE_CHARS = 64  # the longest code Circular 01/2018's form allows is 55
NAME_CHARS = 150  # a person's or an organisation's name, as a dossier's applicant
PHONE_CHARS = 20
DATE_CHARS = 32  # an ISO date or date-time with an offset
COUNTER_NUMBER_MAX = 9999
CODE_CHARS = 32  # a clerk's id, a rating level's or reason's code, as the configuration allows
PIN_CHARS = 32  # a PIN is hashed with Argon2 on every sign-in: a long one must not cost the server
REASONS_MAX = 20
PERSONAL_ID_CHARS = 12  # a CCCD's số định danh cá nhân; its form is the engine's to check, never echoing it
DOSSIERS_MAX = 100  # the dossier codes of one erasure
SERVICES_MAX = 100  # the services of one counter
ACCOUNT_CHARS = 64  # a dashboard account's id ([[managers]])
ANNOUNCEMENT_CHARS = 100  # a line on the hall screens: two lines at most on the smallest screen

PHONE_PATTERN = r"^[0-9+() .\-]*$"

RequestId = Annotated[str, Meta(min_length=1, max_length=REQUEST_ID_CHARS)]
DeviceId = Annotated[str, Meta(min_length=1, max_length=DEVICE_ID_CHARS)]
Token = Annotated[str, Meta(max_length=TOKEN_CHARS)]
ServiceCode = Annotated[str, Meta(max_length=SERVICE_CODE_CHARS)]
TicketNumber = Annotated[str, Meta(max_length=TICKET_NUMBER_CHARS)]
DossierCode = Annotated[str, Meta(max_length=DOSSIER_CODE_CHARS)]
PersonName = Annotated[str, Meta(max_length=NAME_CHARS)]
Phone = Annotated[str, Meta(max_length=PHONE_CHARS, pattern=PHONE_PATTERN)]
IsoDate = Annotated[str, Meta(max_length=DATE_CHARS)]
CounterNumber = Annotated[int, Meta(ge=1, le=COUNTER_NUMBER_MAX)]
Code = Annotated[str, Meta(max_length=CODE_CHARS)]
Pin = Annotated[str, Meta(max_length=PIN_CHARS)]
Reasons = Annotated[list[Code], Meta(max_length=REASONS_MAX)]
PersonalId = Annotated[str, Meta(max_length=PERSONAL_ID_CHARS)]
DossierCodes = Annotated[list[DossierCode], Meta(max_length=DOSSIERS_MAX)]
ServiceCodes = Annotated[list[ServiceCode], Meta(min_length=1, max_length=SERVICES_MAX)]
AccountId = Annotated[str, Meta(min_length=1, max_length=ACCOUNT_CHARS)]
Announcement = Annotated[str, Meta(max_length=ANNOUNCEMENT_CHARS)]

# What each limited field is called where a clerk or a citizen reads a refusal.
FIELD_TEXTS: dict[str, Text] = {
    "id": Text("Mã yêu cầu", "The request id"),
    "device": Text("Mã thiết bị", "The device id"),
    "token": Text("Mã bí mật", "The token"),
    "service": Text("Mã lĩnh vực", "The service code"),
    "number": Text("Số thứ tự", "The ticket number"),
    "code": Text("Mã hồ sơ", "The dossier code"),
    "dossier": Text("Mã hồ sơ", "The dossier code"),
    "applicant": Text("Họ tên người nộp", "The applicant's name"),
    "phone": Text("Số điện thoại", "The phone number"),
    "due_at": Text("Ngày hẹn trả", "The due date"),
    "received_at": Text("Ngày tiếp nhận", "The date received"),
    "day": Text("Ngày", "The day"),
    "counter": Text("Số quầy", "The counter number"),
    "clerk": Text("Mã cán bộ", "The clerk id"),
    "pin": Text("Mã PIN", "The PIN"),
    "ticket": Text("Số thứ tự", "The ticket number"),
    "level": Text("Mức đánh giá", "The rating"),
    "reasons": Text("Danh sách lý do", "The list of reasons"),
    "category": Text("Đối tượng ưu tiên", "The priority category"),
    "personal_id": Text("Số định danh cá nhân", "The personal ID number"),
    "name": Text("Họ tên", "The name"),
    "dossiers": Text("Danh sách mã hồ sơ", "The list of dossier codes"),
    "services": Text("Danh sách lĩnh vực", "The list of services"),
    "by": Text("Tài khoản", "The account"),
    "text": Text("Dòng thông báo", "The announcement"),
    "text_en": Text("Dòng thông báo tiếng Anh", "The announcement in English"),
}

# msgspec's words for a value outside a Meta(...) constraint -> the rule in vi and en: for the protocol's frames
# and the hall's configuration alike.
_CONSTRAINTS = (
    (r"Expected `array` of length (\d+), got (\d+)", "cần đúng {0} phần tử, không phải {1}",
     "needs exactly {0} items, not {1}"),
    (r"Expected `(?:str|array)` of length >= 1", "không được để trống", "must not be empty"),
    (r"Expected `array` of length >= (\d+)", "cần ít nhất {0} phần tử", "needs at least {0} items"),
    (r"Expected `array` of length <= (\d+)", "tối đa {0} phần tử", "at most {0} items"),
    (r"Expected `str` of length >= (\d+)", "cần ít nhất {0} ký tự", "needs at least {0} characters"),
    (r"Expected `str` of length <= (\d+)", "tối đa {0} ký tự", "at most {0} characters"),
    (r"Expected `(?:int|float)` >= (\S+)", "phải từ {0} trở lên", "must be {0} or more"),
    (r"Expected `(?:int|float)` > (\S+?)(?:\.0)?", "phải lớn hơn {0}", "must be more than {0}"),
    (r"Expected `(?:int|float)` <= (\S+)", "phải từ {0} trở xuống", "must be {0} or less"),
)
# The protocol's one pattern-constrained field (a phone number).
_PATTERN = Text("chỉ gồm chữ số, dấu cách và + - . ( )", "digits, spaces and + - . ( ) only")


def constraint_text(what: str) -> Text | None:
    """The rule a value broke, from msgspec's description of it; None when it is not a Meta(...) bound."""
    for pattern, vi, en in _CONSTRAINTS:
        match = re.fullmatch(pattern, what)
        if match:
            return Text(vi.format(*match.groups()), en.format(*match.groups()))
    return None


def refusal(error: msgspec.ValidationError) -> QueueError:
    """A frame of the right type with a field out of its limits: invalid_field naming it; else malformed."""
    what, _, at = str(error).rpartition(" - at ")
    field = re.fullmatch(r"`\$\.(\w+)(?:\[\d+\])?`", at)  # a list's item is named as its list
    if field and field.group(1) in FIELD_TEXTS:
        rule = _PATTERN if what.startswith("Expected `str` matching regex") else constraint_text(what)
        if rule is not None:
            return InvalidField(FIELD_TEXTS[field.group(1)], rule)
    return Malformed(detail=str(error))


def checked_text(value: str, field: str) -> str:
    """Free text a person typed, as shown on screens: marks composed (NFC), runs of spaces as one, and no
    control or formatting characters (a right-to-left override would turn a name around on every screen)."""
    text = " ".join(unicodedata.normalize("NFC", value).split())
    if not text:
        raise InvalidField(FIELD_TEXTS[field], Text("không được để trống", "must not be empty"))
    if any(unicodedata.category(ch)[0] == "C" for ch in text):
        raise InvalidField(FIELD_TEXTS[field], Text("có ký tự điều khiển", "contains control characters"))
    return text


def limits_markdown() -> str:
    """The table of docs/protocol.md's Limits section."""
    rows = [("`id` (every command)", f"1 to {REQUEST_ID_CHARS} characters"),
            ("`device` (hello)", f"1 to {DEVICE_ID_CHARS} characters"),
            ("`token` (hello)", f"at most {TOKEN_CHARS} characters"),
            ("`service`", f"at most {SERVICE_CODE_CHARS} characters"),
            ("`number` (call_number)", f"at most {TICKET_NUMBER_CHARS} characters"),
            ("`code`, `dossier`", f"at most {DOSSIER_CODE_CHARS} characters, in the form of Circular 01/2018"),
            ("`applicant`", f"1 to {NAME_CHARS} characters, no control characters"),
            ("`phone`", f"at most {PHONE_CHARS} characters: digits, spaces and `+ - . ( )`"),
            ("`due_at`, `received_at`, `day`", f"at most {DATE_CHARS} characters, an ISO date (or date-time) "
                                                f"in the years {FIRST_YEAR} to {LAST_YEAR}"),
            ("`counter`", f"1 to {COUNTER_NUMBER_MAX}"),
            ("`clerk`, `level` (sign_in, rate)", f"at most {CODE_CHARS} characters"),
            ("`pin` (sign_in)", f"at most {PIN_CHARS} characters"),
            ("`ticket` (rate)", f"at most {TICKET_NUMBER_CHARS} characters"),
            ("`reasons` (rate)", f"at most {REASONS_MAX} codes of at most {CODE_CHARS} characters"),
            ("`category` (issue_ticket)", f"at most {CODE_CHARS} characters"),
            ("`personal_id`", f"at most {PERSONAL_ID_CHARS} characters; exactly 12 digits, or `invalid_personal_id`"),
            ("`name` (find_personal_data)", f"at most {NAME_CHARS} characters"),
            ("`dossiers` (erase_personal_data)", f"at most {DOSSIERS_MAX} dossier codes"),
            ("`services` (set_counter_services)", f"1 to {SERVICES_MAX} service codes"),
            ("`by` (the hall manager's commands)", f"1 to {ACCOUNT_CHARS} characters"),
            ("`text`, `text_en` (set_announcement)", f"at most {ANNOUNCEMENT_CHARS} characters, no control characters")]
    return "\n".join(["| field | limit |", "| --- | --- |"] + [f"| {field} | {limit} |" for field, limit in rows])
