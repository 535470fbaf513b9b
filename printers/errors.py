"""Printer problems the kiosk can show: a machine code plus Vietnamese and English messages."""
from dataclasses import dataclass

from queue_protocol.text import Text

MESSAGES = {
    "no-paper": Text("Máy in hết giấy", "Printer is out of paper"),
    "paper-near-end": Text("Máy in sắp hết giấy", "Printer paper is running low"),
    "offline": Text("Máy in đang ngừng hoạt động (nắp mở hoặc lỗi)", "Printer is offline (cover open or error)"),
    "no-answer": Text("Máy in không phản hồi", "Printer does not answer"),
    "unreachable": Text("Không kết nối được máy in", "Cannot connect to the printer"),
    "print-failed": Text("In phiếu không thành công", "Printing the ticket failed"),
    "image-too-wide": Text("Phiếu rộng hơn khổ giấy", "Ticket is wider than the paper"),
    "bad-url": Text("Cấu hình máy in không hợp lệ", "Invalid printer configuration"),
}


@dataclass(frozen=True)
class PrinterWarning:
    """Printing may go on, but someone should look (e.g. paper near end)."""

    code: str

    @property
    def message(self) -> Text:
        return MESSAGES[self.code]


class PrinterError(Exception):
    """Anything that keeps a ticket from printing; `detail` is for logs, not for citizens."""

    def __init__(self, code: str, detail: str = ""):
        self.code = code
        self.message = MESSAGES[code]
        self.detail = detail
        super().__init__(f"{code}: {self.message.en}" + (f" ({detail})" if detail else ""))


class PrinterRefused(PrinterError):
    """The printer said (or, by its silence, implied) that it cannot print now: do not issue on it."""


class PrinterConfigError(PrinterError, ValueError):
    """The printer URL or options are wrong: a configuration mistake, not a printer fault. `explanation` says
    what is wrong and what to set, for whoever installs the kiosk; the citizen sees only `message`."""

    def __init__(self, vi: str, en: str):
        self.explanation = Text(vi, en)
        super().__init__("bad-url", f"{vi} / {en}")
