"""The CCCD QR line: read from its ASCII fields only, whatever happened to the letters on the way."""
from datetime import date

import pytest

from queue_protocol.id_card import IdCard, is_personal_id, read_id_card

# As the cards print them: ID | old ID | name | born | sex | address | issued
CARD = "001099012345|123456789|Nguyễn Văn An|15031950|Nam|Số 12 Hàng Bạc, Hoàn Kiếm, Hà Nội|20082021"
NEWER_CARD = "079301004567||Trần Thị Bích Ngọc|02112001|Nữ|Phường Bến Nghé, TP. Hồ Chí Minh|01072024||"


def test_a_card_gives_its_id_number_birth_and_issue_dates():
    card = read_id_card(CARD)
    assert card == IdCard("001099012345", date(1950, 3, 15), date(2021, 8, 20))


def test_an_empty_old_id_and_fields_after_the_issue_date_are_fine():
    card = read_id_card(NEWER_CARD)
    assert card == IdCard("079301004567", date(2001, 11, 2), date(2024, 7, 1))


@pytest.mark.parametrize("damaged", [
    "001099012345|123456789|Nguy?n V?n An|15031950|Nam|S? 12 H?ng B?c|20082021",  # a scanner that drops accents
    "001099012345|123456789|NguyÃ¡Â»â€¦n VÃ„Æ’n An|15031950|Nam|HÃƒ  NÃ¡Â»â„¢i|20082021",  # UTF-8 read as CP1252
    "001099012345|123456789||15031950||\x00\x7f|20082021",  # letters lost entirely
    "  001099012345|123456789|Nguyen Van An|15031950|Nam|Ha Noi|20082021\r\n",  # a scanner's own spaces and CRLF
])
def test_damaged_letters_do_not_matter(damaged):
    assert read_id_card(damaged) == IdCard("001099012345", date(1950, 3, 15), date(2021, 8, 20))


@pytest.mark.parametrize("not_a_card", [
    "000.00.16.G04-261120-0020",  # a dossier code
    "000.00.16.G04|261120|0020|15031950|x|y|20082021",  # a dossier code cut into fields: the first is not 12 digits
    "XEPHANG|2026-11-29|DD|1023",  # a ticket's own QR code
    "",
    "|||||||",
    "001099012345",  # the number alone: no card says only that
    "00109901234|123456789|Nguyễn Văn An|15031950|Nam|Hà Nội|20082021",  # 11 digits
    "0010990123456|123456789|Nguyễn Văn An|15031950|Nam|Hà Nội|20082021",  # 13 digits
    "001099012345|12345678|Nguyễn Văn An|15031950|Nam|Hà Nội|20082021",  # an 8-digit old ID
    "001099012345|123456789|Nguyễn Văn An|31021950|Nam|Hà Nội|20082021",  # 31 February
    "001099012345|123456789|Nguyễn Văn An|1950-03-15|Nam|Hà Nội|20082021",  # not DDMMYYYY
    "001099012345|123456789|Nguyễn Văn An|15031950|Nam|Hà Nội|2008202",  # a digit lost from the issue date
    "001099012345|123456789|Nguyễn Văn An|15031950|Nam|Hà Nội",  # the issue date missing
    "ÿØÿà\x00\x10JFIF|garbage|\x1b[2J|\x00|\x00|\x00|\x00",
])
def test_anything_else_is_not_a_card(not_a_card):
    assert read_id_card(not_a_card) is None


def test_a_card_never_says_what_it_holds():
    card = read_id_card(CARD)
    for shown in (repr(card), str(card), f"{card}", repr([card])):
        assert "001099012345" not in shown and "1950" not in shown


@pytest.mark.parametrize("day, age", [(date(2025, 3, 14), 74), (date(2025, 3, 15), 75), (date(2026, 1, 1), 75)])
def test_age_counts_whole_years_to_the_birthday(day, age):
    assert read_id_card(CARD).age_on(day) == age


def test_a_leap_day_birthday_comes_on_the_first_of_march():
    card = IdCard("001099012345", date(1964, 2, 29), None)
    assert card.age_on(date(2024, 2, 28)) == 59 and card.age_on(date(2024, 3, 1)) == 60


def test_a_personal_id_is_exactly_twelve_digits():
    assert is_personal_id("001099012345")
    assert not any(is_personal_id(text) for text in ("00109901234", "0010990123456", "00109901234a",
                                                     "001099 12345", "００１０９９０１２３４５", ""))
