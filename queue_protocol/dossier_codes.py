"""Dossier codes (Circular 01/2018/TT-VPCP): <unit code>-YYMMDD-XXXX, e.g. 000.00.16.G04-261120-0020.

One rule for the server, which refuses anything else, and the kiosk, which keeps anything else to itself.
"""
import re
from datetime import date

# The unit code is dot-separated groups such as 000.00.16.G04; YYMMDD is the day the dossier was received.
_CODE = re.compile(r"[0-9A-Z]{1,6}(?:\.[0-9A-Z]{1,6}){0,5}-(\d{2})(\d{2})(\d{2})-\d{4,6}")


def dossier_code(text: str) -> str | None:
    """The code as stored (trimmed, upper case), or None when the text is not a dossier code."""
    cleaned = text.strip().upper()
    match = _CODE.fullmatch(cleaned)
    if not match:
        return None
    yy, mm, dd = map(int, match.groups())
    try:
        date(2000 + yy, mm, dd)
    except ValueError:
        return None
    return cleaned
