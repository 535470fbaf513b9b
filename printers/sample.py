"""Sample tickets for print tests, docs images and benchmarks: `python -m printers.sample docs/images`."""
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from queue_protocol.durations import wait_text
from queue_protocol.text import Text

from .ticket import TicketContent, render_ticket

HALL_TIME = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")
FOOTER = "Vui lòng chờ gọi số trên màn hình.\nXin cảm ơn quý khách!"
# Every Vietnamese vowel with every tone mark, capitals too: a printer test shows any missing glyph.
TONE_MARK_TEST = (
    "Kiểm tra máy in / Printer test\n"
    "à á ả ã ạ  ằ ắ ẳ ẵ ặ  ầ ấ ẩ ẫ ậ  è é ẻ ẽ ẹ  ề ế ể ễ ệ  ì í ỉ ĩ ị  ò ó ỏ õ ọ  ồ ố ổ ỗ ộ  "
    "ờ ớ ở ỡ ợ  ù ú ủ ũ ụ  ừ ứ ử ữ ự  ỳ ý ỷ ỹ ỵ  đ\n"
    "À Á Ả Ã Ạ  Ằ Ắ Ẳ Ẵ Ặ  Ầ Ấ Ẩ Ẫ Ậ  Ề Ế Ể Ễ Ệ  Ồ Ố Ổ Ỗ Ộ  Ờ Ớ Ở Ỡ Ợ  Ừ Ứ Ử Ữ Ự  Ỳ Ý Ỷ Ỹ Ỵ  Đ"
)
KINDS = ("regular", "priority", "pickup")


def sample_ticket(kind: str = "regular", footer: str = FOOTER) -> TicketContent:
    issued_at = datetime(2026, 11, 30, 8, 42, tzinfo=HALL_TIME)
    hall = "Trung tâm Phục vụ hành chính công phường Ba Đình"
    match kind:
        case "regular":
            return TicketContent(
                hall, "1023", "Đất đai", "Land", False, 12, wait_text(95 * 60), issued_at,
                "XEPHANG:T:20261130:1023", footer,
            )
        case "priority":
            return TicketContent(
                hall, "A007", "Người có công và bảo trợ xã hội", "Social protection and veterans",
                True, 0, wait_text(0), issued_at, "XEPHANG:T:20261130:A007", footer,
                category=Text("Người cao tuổi", "Older person"),
            )
        case "pickup":
            code = "000.00.16.G04-220324-0020"
            return TicketContent(
                hall, "5012", "Trả kết quả", "Result pickup", False, 3, wait_text(600, counters_open=0), issued_at,
                code, footer,
                dossier_code=code,
            )
    raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")


def write_docs_images(directory: Path) -> list[Path]:
    paths = []
    for width_mm, width_px in ((80, 576), (58, 384)):
        for kind in KINDS:
            path = directory / f"ticket-{width_mm}mm-{kind}.png"
            render_ticket(sample_ticket(kind), width_px).save(path)
            paths.append(path)
    return paths


if __name__ == "__main__":
    for written in write_docs_images(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images")):
        print(written)
