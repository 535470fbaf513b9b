"""Numbers and calls as the hall hears them."""
import pytest

from display.spoken import call_sentence, number_in_words, ticket_in_words


@pytest.mark.parametrize("number, words", [
    (0, "không"), (5, "năm"), (10, "mười"), (11, "mười một"), (15, "mười lăm"), (21, "hai mươi mốt"),
    (24, "hai mươi tư"), (25, "hai mươi lăm"), (105, "một trăm linh năm"), (110, "một trăm mười"),
    (1001, "một nghìn không trăm linh một"), (1023, "một nghìn không trăm hai mươi ba"),
    (1999, "một nghìn chín trăm chín mươi chín"), (2015, "hai nghìn không trăm mười lăm"),
    (9000, "chín nghìn"), (12345, "mười hai nghìn ba trăm bốn mươi lăm"),
])
def test_numbers_read_naturally(number, words):
    assert number_in_words(number) == words


def test_prefixed_numbers_read_as_printed():
    assert ticket_in_words("A001") == "a không không một"
    assert ticket_in_words("B120") == "bê một hai không"
    assert ticket_in_words("1023") == "một nghìn không trăm hai mươi ba"


def test_the_call_sentence():
    assert call_sentence("1023", 5) == \
        "Mời công dân có số thứ tự một nghìn không trăm hai mươi ba, đến quầy số năm."
    assert call_sentence("A001", 12) == "Mời công dân có số thứ tự a không không một, đến quầy số mười hai."
