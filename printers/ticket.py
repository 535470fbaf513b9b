"""A queue ticket laid out as a 1-bit image, ready for any ESC/POS printer 80 mm (576 px) or 58 mm (384 px) wide."""
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import qrcode
from PIL import Image

from queue_protocol.dates import weekday_text
from queue_protocol.text import Text

from .fonts import BOLD, REGULAR
from .layout import BLACK, WHITE, band, fitted_size, ink_block, rule, side_by_side, stack, text_block, wrap


@dataclass(frozen=True)
class TicketContent:
    hall_name: str
    number: str  # "1023" or "A001"
    service_name: str  # Vietnamese
    service_name_en: str
    priority: bool
    ahead: int
    wait: Text  # the estimated wait in words, as the kiosk showed it (queue_protocol.durations.wait_text)
    issued_at: datetime  # aware, local time of the hall
    qr_text: str
    footer: str = ""
    dossier_code: str | None = None  # pickup tickets
    category: Text | None = None  # the priority category the citizen chose, printed under the priority band


def ahead_text(ahead: int) -> Text:
    return Text(f"{ahead} người", f"{ahead} {'person' if ahead == 1 else 'people'}")


def issued_text(issued_at: datetime) -> str:
    return f"{issued_at:%H:%M}  ·  {weekday_text(issued_at)}"


def qr_block(text: str, side: int) -> Image.Image:
    """The QR code at a whole number of pixels per module, as close to `side` as that allows."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    matrix = code.get_matrix()
    modules = Image.new("1", (len(matrix), len(matrix)), WHITE)
    modules.putdata([BLACK if dark else WHITE for row in matrix for dark in row])
    scale = max(2, side // len(matrix))
    return modules.resize((len(matrix) * scale, len(matrix) * scale), Image.Resampling.NEAREST)


def _nfc(content: TicketContent) -> TicketContent:
    """Decomposed input (combining accents, as some keyboards type) laid out like precomposed text."""
    texts: dict[str, Any] = {name: unicodedata.normalize("NFC", value)
                             for name, value in vars(content).items() if isinstance(value, str)}
    return replace(content, **texts)


def render_ticket(content: TicketContent, width_px: int = 576) -> Image.Image:
    """Pure: the ticket as a mode "1" image `width_px` wide (a multiple of 8), as tall as it needs."""
    if width_px % 8 or width_px < 256:
        raise ValueError(f"width_px must be a multiple of 8 and at least 256, not {width_px}")
    content = _nfc(content)
    scale = width_px / 576
    text_scale = max(scale, 0.8)  # narrow paper keeps text readable and wraps more instead

    def px(value: float) -> int:
        return round(value * scale)

    def pt(value: float) -> int:
        return round(value * text_scale)

    margin = px(20)
    inner = width_px - 2 * margin
    ahead_label = "Số người chờ trước" if width_px < 500 else "Số người chờ trước bạn"
    ahead = ahead_text(content.ahead)
    number_size = fitted_size(content.number, BOLD, inner - px(32), px(200), largest=px(260), smallest=pt(40))

    def stat(label_vi: str, label_en: str, value: str, value_en: str) -> Image.Image:
        column = inner // 2 - px(16)
        # A long value ("chưa có quầy phục vụ" on 58 mm paper) in smaller letters rather than on three lines.
        value_size = pt(42) if len(wrap(value, BOLD, pt(42), column)) <= 2 else pt(30)
        return stack([
            text_block(label_vi, REGULAR, pt(21), column), px(2),
            text_block(label_en, REGULAR, pt(18), column), px(4),
            text_block(value, BOLD, value_size, column), px(2),
            text_block(value_en, REGULAR, pt(18), column),
        ], column, 0)

    blocks: list[Image.Image | int] = [
        px(10),
        text_block(content.hall_name.upper(), BOLD, pt(27), inner, line_gap=0.08), px(14),
        rule(inner, max(2, px(3))), px(18),
        text_block("SỐ THỨ TỰ", BOLD, pt(38), inner), px(4),
        text_block("YOUR NUMBER", REGULAR, pt(19), inner), px(18),
        ink_block(content.number, BOLD, number_size, inner), px(22),
    ]
    if content.priority:
        label = text_block("ƯU TIÊN  ·  PRIORITY", BOLD, pt(30), inner - px(24), ink=WHITE, paper=BLACK)
        blocks += [band(label, inner, px(10), px(12)), px(18)]
        if content.category:
            blocks += [text_block(content.category.vi, BOLD, pt(32), inner), px(2),
                       text_block(content.category.en, REGULAR, pt(22), inner), px(16)]
    blocks += [
        text_block(content.service_name, BOLD, pt(40), inner, line_gap=0.05), px(6),
        text_block(content.service_name_en, REGULAR, pt(24), inner), px(18),
    ]
    if content.dossier_code:
        code_size = fitted_size(content.dossier_code, BOLD, inner, pt(60), largest=pt(38), smallest=pt(22))
        blocks += [
            text_block("Mã hồ sơ · Dossier code", REGULAR, pt(21), inner), px(4),
            text_block(content.dossier_code, BOLD, code_size, inner), px(18),
        ]
    blocks += [
        rule(inner, max(1, px(2))), px(14),
        side_by_side([
            stat(ahead_label, "People ahead of you", ahead.vi, ahead.en),
            stat("Thời gian chờ dự kiến", "Estimated wait", content.wait.vi, content.wait.en),
        ], inner, max(1, px(2))), px(14),
        rule(inner, max(1, px(2))), px(16),
        text_block(issued_text(content.issued_at), REGULAR, pt(25), inner), px(16),
        qr_block(content.qr_text, px(200)), px(14),
    ]
    if content.footer:
        blocks += [text_block(content.footer, REGULAR, pt(22), inner), px(8)]
    return stack(blocks, width_px, margin)
