"""The line under the buttons: what the last action did, or why the server refused it."""
from dataclasses import dataclass

from kivy.utils import escape_markup

from queue_protocol.messages import Error, Ok
from queue_protocol.states import STATUS_TEXTS
from queue_protocol.text import Text


@dataclass(frozen=True)
class Feedback:
    text: Text | None = None
    error: bool = False


NO_ANSWER = Feedback(Text("Máy chủ chưa trả lời. Bấm lại nút vừa bấm để gửi lại đúng lệnh đó (không bị làm hai lần).",
                          "No answer from the server. Press the same button again to resend that very command "
                          "(it will not act twice)."), error=True)


def bilingual_markup(text: Text | None) -> str:
    """Vietnamese in bold, English under it, as Kivy markup (a server's message may hold brackets)."""
    return f"[b]{escape_markup(text.vi)}[/b]\n{escape_markup(text.en)}" if text else ""


def refused_feedback(error: Error) -> Feedback:
    return Feedback(error.message, error=True)


def done_feedback(action: str, reply: Ok) -> Feedback:
    number = reply.ticket.number if reply.ticket else ""
    dossier = reply.dossier
    texts = {
        "next": Text(f"Đã gọi số {number}", f"Called {number}"),
        "call_number": Text(f"Đã gọi số {number}", f"Called {number}"),
        "recall": Text(f"Đã gọi lại số {number}", f"Called {number} again"),
        "start": Text(f"Đang phục vụ số {number}", f"Serving {number}"),
        "complete": Text(f"Đã hoàn thành số {number}", f"{number} completed"),
        "no_show": Text(f"Số {number} vắng mặt", f"{number} marked as no-show"),
        "transfer": Text(f"Đã chuyển số {number}", f"{number} transferred"),
        "pause": Text("Quầy đang tạm nghỉ", "Counter paused"),
        "resume": Text("Quầy tiếp tục làm việc", "Counter resumed"),
        "open": Text("Quầy đã mở", "Counter open"),
        "close": Text("Quầy đã đóng", "Counter closed"),
    }
    if dossier is not None:
        status = STATUS_TEXTS[dossier.status].lower()
        return Feedback(Text(f"Hồ sơ {dossier.code}: {status.vi}", f"Dossier {dossier.code}: {status.en}"))
    return Feedback(texts.get(action))
