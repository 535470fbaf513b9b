"""Reading ESC/POS real-time status (DLE EOT) replies into a verdict: print, print with a warning, or refuse."""
from dataclasses import dataclass
from typing import Literal

from queue_protocol.text import Text

from .errors import PrinterRefused, PrinterWarning

QUERY_ONLINE = b"\x10\x04\x01"  # DLE EOT 1: printer status
QUERY_PAPER = b"\x10\x04\x04"  # DLE EOT 4: roll paper sensor status

# Every DLE EOT reply byte has bits 1 and 4 set and bits 0 and 7 clear; anything else is not a reply.
_FIXED_MASK, _FIXED_BITS = 0x93, 0x12
_OFFLINE_BIT = 0x08
_NEAR_END_BITS = 0x0C
_PAPER_END_BITS = 0x60

Paper = Literal["ok", "near-end", "out", "unknown"]


@dataclass(frozen=True)
class PrinterStatus:
    readable: bool  # False for transports that cannot read (file, dummy): nothing is known
    online: bool | None  # None: no answer
    paper: Paper
    warning: PrinterWarning | None = None

    @property
    def summary(self) -> str:
        """One word for logs and the CLI: ok, warning, or unknown-ok (cannot read, printing anyway)."""
        if not self.readable:
            return "unknown-ok"
        return "warning" if self.warning else "ok"


UNREADABLE = PrinterStatus(readable=False, online=None, paper="unknown")


def _is_reply(reply: bytes) -> bool:
    return len(reply) >= 1 and reply[0] & _FIXED_MASK == _FIXED_BITS


def decode_online(reply: bytes) -> bool | None:
    if not _is_reply(reply):
        return None
    return not reply[0] & _OFFLINE_BIT


def decode_paper(reply: bytes) -> Paper:
    if not _is_reply(reply):
        return "unknown"
    if reply[0] & _PAPER_END_BITS:
        return "out"
    if reply[0] & _NEAR_END_BITS:
        return "near-end"
    return "ok"


def judge(online_reply: bytes, paper_reply: bytes) -> PrinterStatus:
    """Status from the two replies (b"" when the printer said nothing); raises PrinterRefused."""
    online, paper = decode_online(online_reply), decode_paper(paper_reply)
    if online is None or paper == "unknown":
        raise PrinterRefused("no-answer", f"online reply {online_reply!r}, paper reply {paper_reply!r}")
    if paper == "out":
        raise PrinterRefused("no-paper")
    if not online:
        raise PrinterRefused("offline")
    warning = PrinterWarning("paper-near-end") if paper == "near-end" else None
    return PrinterStatus(readable=True, online=online, paper=paper, warning=warning)

STATUS_NAMES = {  # PrinterStatus.summary in words
    "ok": Text("sẵn sàng", "ready"),
    "warning": Text("sẵn sàng, có cảnh báo", "ready, with a warning"),
    "unknown-ok": Text("không đọc được trạng thái, vẫn in", "status cannot be read, printing anyway"),
}
