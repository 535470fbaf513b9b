"""Printer problems the kiosk can show: a machine code plus Vietnamese and English messages."""
from dataclasses import dataclass

MESSAGES = {
    "no-paper": ("Máy in hết giấy", "Printer is out of paper"),
    "paper-near-end": ("Máy in sắp hết giấy", "Printer paper is running low"),
    "offline": ("Máy in đang ngừng hoạt động (nắp mở hoặc lỗi)", "Printer is offline (cover open or error)"),
    "no-answer": ("Máy in không phản hồi", "Printer does not answer"),
    "unreachable": ("Không kết nối được máy in", "Cannot connect to the printer"),
    "print-failed": ("In phiếu không thành công", "Printing the ticket failed"),
    "image-too-wide": ("Phiếu rộng hơn khổ giấy", "Ticket is wider than the paper"),
    "bad-url": ("Cấu hình máy in không hợp lệ", "Invalid printer configuration"),
}


@dataclass(frozen=True)
class PrinterWarning:
    """Printing may go on, but someone should look (e.g. paper near end)."""

    code: str

    @property
    def message_vi(self) -> str:
        return MESSAGES[self.code][0]

    @property
    def message_en(self) -> str:
        return MESSAGES[self.code][1]


class PrinterError(Exception):
    """Anything that keeps a ticket from printing; `detail` is for logs, not for citizens."""

    def __init__(self, code: str, detail: str = ""):
        self.code = code
        self.message_vi, self.message_en = MESSAGES[code]
        self.detail = detail
        super().__init__(f"{code}: {self.message_en}" + (f" ({detail})" if detail else ""))


class PrinterRefused(PrinterError):
    """The printer said (or, by its silence, implied) that it cannot print now: do not issue on it."""


class PrinterConfigError(PrinterError, ValueError):
    """The printer URL or options are wrong: a configuration mistake, not a printer fault."""

    def __init__(self, detail: str):
        super().__init__("bad-url", detail)
