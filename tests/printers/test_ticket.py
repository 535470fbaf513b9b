import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from PIL import ImageOps
from pyzbar.pyzbar import decode as decode_barcodes

from printers.sample import KINDS, sample_ticket, write_docs_images
from printers.ticket import ahead_text, render_ticket
from queue_protocol.text import Text

DOCS_IMAGES = Path(__file__).parents[2] / "docs" / "images"


def qr_texts(image) -> list[str]:
    return [symbol.data.decode("utf-8") for symbol in decode_barcodes(image.convert("L")) if symbol.type == "QRCODE"]


def ink_columns(image) -> tuple[int, int]:
    left, _, right, _ = ImageOps.invert(image.convert("L")).getbbox()
    return left, right


@pytest.mark.parametrize("width", [576, 384])
@pytest.mark.parametrize("kind", KINDS)
def test_ticket_is_one_bit_at_paper_width_with_readable_qr(kind, width):
    content = sample_ticket(kind)
    image = render_ticket(content, width)
    assert image.mode == "1" and image.width == width and 600 < image.height < 1400
    assert qr_texts(image) == [content.qr_text]


def test_qr_carries_vietnamese_text():
    content = replace(sample_ticket(), qr_text="Hồ sơ 000.00.16.G04-220324-0020 — Đất đai")
    assert qr_texts(render_ticket(content)) == [content.qr_text]


def test_priority_and_pickup_add_to_the_regular_ticket():
    regular = sample_ticket("regular")
    plain = render_ticket(regular)
    assert render_ticket(replace(regular, priority=True)).height > plain.height
    assert render_ticket(replace(regular, dossier_code="000.00.16.G04-220324-0020")).height > plain.height


@settings(max_examples=25, deadline=None)
@given(
    hall=st.text(alphabet="ẤỖỮ ĐđWMwm.-", min_size=1, max_size=120),
    service=st.text(alphabet="Ấ ỖữWMm", min_size=1, max_size=150),
    number=st.text(alphabet="0123456789ABW", min_size=1, max_size=8),
    width=st.sampled_from([576, 384]),
)
def test_long_names_wrap_inside_the_margins(hall, service, number, width):
    content = replace(sample_ticket("pickup"), hall_name=hall, service_name=service, service_name_en=service,
                      number=number, dossier_code="W" * 60, footer=service)
    image = render_ticket(content, width)
    left, right = ink_columns(image)
    margin = round(20 * width / 576)
    assert left >= margin and right <= width - margin


def test_decomposed_text_renders_like_precomposed():
    content = sample_ticket("priority")
    decomposed = replace(content, hall_name=unicodedata.normalize("NFD", content.hall_name),
                         service_name=unicodedata.normalize("NFD", content.service_name))
    assert render_ticket(decomposed).tobytes() == render_ticket(content).tobytes()


def test_tone_marks_change_the_image():
    content = sample_ticket()
    assert render_ticket(replace(content, service_name="Đất đai")).tobytes() != render_ticket(
        replace(content, service_name="Đất đải")).tobytes()


def test_ahead_text():
    assert ahead_text(1) == Text("1 người", "1 person") and ahead_text(12) == Text("12 người", "12 people")


def test_rejects_widths_the_printer_cannot_take():
    with pytest.raises(ValueError):
        render_ticket(sample_ticket(), 580)


def test_docs_images_are_current(tmp_path):
    for fresh in write_docs_images(tmp_path):
        committed = DOCS_IMAGES / fresh.name
        assert committed.read_bytes() == fresh.read_bytes(), f"regenerate: python -m printers.sample {DOCS_IMAGES}"


def test_a_ticket_renders_the_same_after_others():
    """Laid-out texts are reused between tickets: one ticket must not leave marks on the next."""
    first = render_ticket(sample_ticket("regular")).tobytes()
    for kind in KINDS:
        render_ticket(sample_ticket(kind))
        render_ticket(replace(sample_ticket(kind), hall_name="Đ", number="9"), 384)
    assert render_ticket(sample_ticket("regular")).tobytes() == first


@pytest.mark.parametrize("width", [576, 384])
def test_a_priority_ticket_prints_its_category_under_the_band(width):
    from printers.fonts import BOLD, REGULAR
    from printers.layout import text_block
    priority = sample_ticket("priority")
    assert priority.category == Text("Người cao tuổi", "Older person")
    with_category, without = render_ticket(priority, width), render_ticket(replace(priority, category=None), width)
    # The two are the same down to the category's first ink, which is exactly these words in these letters.
    first_ink = next(y for y in range(without.height) if with_category.crop((0, y, width, y + 1)).tobytes()
                     != without.crop((0, y, width, y + 1)).tobytes())
    margin = round(20 * width / 576)
    inner, text_scale = width - 2 * margin, max(width / 576, 0.8)
    at = first_ink - 20  # the band's lower edge is above, its blank margin below
    for words, font, size in (("Người cao tuổi", BOLD, 32), ("Older person", REGULAR, 22)):
        block = text_block(words, font, round(size * text_scale), inner)
        found = next(y for y in range(at, with_category.height) if with_category.crop(
            (margin, y, margin + inner, y + block.height)).tobytes() == block.tobytes())
        assert found - at < 30  # right under the band, in the order read
        at = found + block.height
