"""What the hall hears for a call: the Vietnamese words for ticket numbers and counters.

We spell the numbers out ourselves rather than leave digits to the speech engine, so every hall hears
the same words ("một nghìn không trăm hai mươi ba") whatever engine or voice is installed.
"""
import re

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")

# Vietnamese names of the letters a ticket prefix may use; a speech engine would read "A" in English.
LETTERS = {
    "A": "a", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e", "G": "giê", "H": "hát", "I": "i",
    "K": "ca", "L": "e lờ", "M": "em mờ", "N": "en nờ", "O": "o", "P": "pê", "Q": "quy", "R": "e rờ",
    "S": "ét xì", "T": "tê", "U": "u", "V": "vê", "X": "ích xì", "Y": "i dài", "F": "ép", "J": "gi",
    "W": "vê kép", "Z": "dét",
}

_TICKET = re.compile(r"^([^\d]*)(\d+)$")


def _tens_and_units(n: int, after_hundreds: bool) -> list[str]:
    """0..99; after_hundreds says whether a lone unit needs "linh" (105 = một trăm linh năm)."""
    tens, units = divmod(n, 10)
    if tens == 0:
        if units == 0:
            return []
        return (["linh"] if after_hundreds else []) + [DIGITS[units]]
    words = ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 5:
        words.append("lăm")
    elif units == 4 and tens > 1:
        words.append("tư")
    elif units:
        words.append(DIGITS[units])
    return words


def _below_thousand(n: int, inside_larger: bool) -> list[str]:
    """0..999; inside a larger number the hundreds are always said (1023: "không trăm hai mươi ba")."""
    hundreds, rest = divmod(n, 100)
    if hundreds == 0 and not inside_larger:
        return _tens_and_units(rest, after_hundreds=False)
    if hundreds == 0 and rest == 0:
        return []
    return [DIGITS[hundreds], "trăm"] + _tens_and_units(rest, after_hundreds=True)


def number_in_words(n: int) -> str:
    """A whole number as spoken Vietnamese, up to 999 999: 1023 -> "một nghìn không trăm hai mươi ba"."""
    if not 0 <= n <= 999_999:
        raise ValueError(f"{n} is out of range 0..999999")
    if n == 0:
        return DIGITS[0]
    thousands, rest = divmod(n, 1000)
    words = []
    if thousands:
        words += _below_thousand(thousands, inside_larger=False) + ["nghìn"]
    words += _below_thousand(rest, inside_larger=bool(thousands))
    return " ".join(words)


def ticket_in_words(number: str) -> str:
    """A ticket number as read aloud.

    Plain numbers are read as numbers ("1023"). Prefixed numbers ("A001") are read letter by letter and
    then digit by digit ("a không không một"), exactly as printed on the ticket the citizen holds.
    """
    match = _TICKET.match(number.strip().upper())
    if not match:
        return " ".join(LETTERS.get(ch, ch) for ch in number)
    prefix, digits = match.groups()
    if not prefix and not digits.startswith("0"):
        return number_in_words(int(digits))
    spelled_prefix = [LETTERS.get(ch, ch) for ch in prefix if not ch.isspace() and ch != "-"]
    return " ".join(spelled_prefix + [DIGITS[int(d)] for d in digits])


def call_sentence(number: str, counter: int) -> str:
    """The sentence the screen speaks for a call."""
    return f"Mời công dân có số thứ tự {ticket_in_words(number)}, đến quầy số {number_in_words(counter)}."
