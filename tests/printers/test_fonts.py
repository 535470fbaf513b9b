"""The bundled ticket font: every Vietnamese letter drawn, and no Kivy needed to print."""
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from printers.fonts import BOLD, FONT_DIR, REGULAR, font
from printers.sample import sample_ticket
from printers.ticket import render_ticket

ROOT = Path(__file__).parents[2]
VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền, sắc, hỏi, ngã, nặng
LETTERS = [unicodedata.normalize("NFC", vowel + tone) for vowel in VOWELS for tone in TONES] + ["đ"]
NOT_A_LETTER = "\ue000"  # private use: no font has it, so it shows what a missing glyph looks like


def glyph(path: Path, letter: str) -> bytes:
    image = Image.new("L", (80, 100), 0)
    ImageDraw.Draw(image).text((10, 80), letter, font=font(path, 48), fill=255, anchor="ls")
    return image.tobytes()


@pytest.mark.parametrize("path", [REGULAR, BOLD], ids=["regular", "bold"])
def test_every_vietnamese_letter_has_its_own_glyph(path):
    missing = glyph(path, NOT_A_LETTER)
    for letter in LETTERS + [letter.upper() for letter in LETTERS]:
        assert len(letter) == 1, f"{letter!r} has no precomposed form"
        drawn = glyph(path, letter)
        assert drawn != missing and any(drawn), f"{path.name} has no glyph for {letter!r}"
        base = unicodedata.normalize("NFD", letter)[0]
        if base != letter:
            assert drawn != glyph(path, base), f"{path.name} draws {letter!r} without its marks"


def test_the_font_ships_with_its_licence():
    assert "Apache License" in (FONT_DIR / "LICENSE.txt").read_text()
    assert "Apache License, Version 2.0" in (FONT_DIR / "NOTICE.txt").read_text()


def test_printers_renders_without_kivy(tmp_path):
    """A hall's server PC has no Kivy: the ticket still renders, with the same pixels."""
    out = tmp_path / "ticket.png"
    script = (
        "import sys; sys.modules['kivy'] = None\n"  # any import of kivy now raises ImportError
        "from printers.sample import sample_ticket\n"
        "from printers.ticket import render_ticket\n"
        f"render_ticket(sample_ticket('priority')).save({str(out)!r})\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True, timeout=60)
    with Image.open(out) as printed:
        assert printed.tobytes() == render_ticket(sample_ticket("priority")).tobytes()
