"""The queue's named refusals: each has the machine code sent on the wire and a message in Vietnamese and English.

docs/protocol.md lists every code (a test checks it); a client shows `message` as it comes.
"""
from typing import ClassVar

from queue_protocol.dates import FIRST_YEAR, LAST_YEAR
from queue_protocol.text import Text


class QueueError(Exception):
    code = "queue_error"

    def __init__(self, message: Text):
        super().__init__(message.en)
        self.message = message


class Malformed(QueueError):
    code = "malformed"

    def __init__(self, detail: str):
        super().__init__(Text(f"Yêu cầu không hợp lệ: {detail}", f"Malformed request: {detail}"))


class InvalidField(QueueError):
    """A field out of its limits (queue_protocol.limits): too long, empty, the wrong characters."""
    code = "invalid_field"

    def __init__(self, field: Text, rule: Text):
        super().__init__(Text(f"{field.vi} không hợp lệ: {rule.vi}.", f"{field.en} is not valid: {rule.en}."))


class FrameTooLarge(QueueError):
    """Answered by the apps' own client, which does not send it: the server would close the connection."""
    code = "frame_too_large"

    def __init__(self) -> None:
        super().__init__(Text("Yêu cầu quá lớn (hơn 64 KiB), không gửi được.",
                              "The request is too large (over 64 KiB) to be sent."))


class NotAllowed(QueueError):
    code = "not_allowed"

    def __init__(self, role: str, command: str):
        super().__init__(Text(f"Thiết bị {role} không được phép gửi lệnh {command}.",
                              f"A {role} device may not send {command}."))


class UnknownService(QueueError):
    code = "unknown_service"

    def __init__(self, service: str):
        super().__init__(Text(f"Không có lĩnh vực {service}.", f"There is no service {service}."))


class UnknownCounter(QueueError):
    code = "unknown_counter"

    def __init__(self, counter: object):
        super().__init__(Text(f"Không có quầy số {counter}.", f"There is no counter {counter}."))


class UnknownTicket(QueueError):
    code = "unknown_ticket"

    def __init__(self, number: str):
        super().__init__(Text(f"Không có số {number} đang chờ hôm nay.", f"Number {number} is not waiting today."))


class UnknownDossier(QueueError):
    code = "unknown_dossier"

    def __init__(self, code: str):
        super().__init__(Text(
            f"Không tìm thấy hồ sơ {code}. Vui lòng kiểm tra lại mã trên giấy hẹn.",
            f"No dossier {code} was found. Please check the code on your appointment slip."))


class ServiceClosed(QueueError):
    code = "service_closed"

    def __init__(self, service: str, service_en: str, hours: str):
        super().__init__(Text(f"Lĩnh vực {service} hiện không nhận hồ sơ. Giờ làm việc: {hours}.",
                              f"{service_en} is closed now. Opening hours: {hours}."))


class ServiceClosedToday(ServiceClosed):
    """Closed early by the hall manager: its opening hours would mislead, so they are not named."""

    def __init__(self, service: str, service_en: str):
        QueueError.__init__(self, Text(f"Lĩnh vực {service} đã ngừng cấp số trong hôm nay.",
                                       f"{service_en} gives no more numbers today."))


class DailyCapReached(QueueError):
    code = "daily_cap_reached"

    def __init__(self, service: str, service_en: str, cap: int):
        super().__init__(Text(
            f"Lĩnh vực {service} đã hết số trong ngày hôm nay ({cap} số). "
            "Mời quý vị quay lại ngày làm việc tiếp theo.",
            f"{service_en} has given all of today's {cap} numbers. Please come back on the next working day."))


class RangeExhausted(QueueError):
    code = "range_exhausted"

    def __init__(self, service: str, service_en: str):
        super().__init__(Text(f"Lĩnh vực {service} đã hết số thứ tự trong ngày hôm nay.",
                              f"{service_en} has run out of numbers for today."))


class PriorityNotAllowed(QueueError):
    code = "priority_not_allowed"

    def __init__(self, service: str, service_en: str):
        super().__init__(Text(f"Lĩnh vực {service} không cấp số ưu tiên.", f"{service_en} gives no priority numbers."))


class UnknownCategory(QueueError):
    code = "unknown_category"

    def __init__(self, category: str):
        super().__init__(Text(f"Không có đối tượng ưu tiên {category}.", f"There is no priority category {category}."))


class InvalidPersonalId(QueueError):
    """Never says what was sent: it may be most of a citizen's ID number."""
    code = "invalid_personal_id"

    def __init__(self) -> None:
        super().__init__(Text("Số định danh cá nhân phải gồm đúng 12 chữ số.",
                              "A personal ID number has exactly 12 digits."))


class PersonLimitReached(QueueError):
    code = "person_limit_reached"

    def __init__(self, limit: int, service: str = "", service_en: str = ""):
        if service:
            text = Text(f"Mỗi người chỉ được lấy {limit} số lĩnh vực {service} trong một ngày; "
                        f"hôm nay quý vị đã lấy đủ {limit} số.",
                        f"Each person may take {limit} {service_en} number(s) a day; "
                        f"you have taken {limit} today.")
        else:
            text = Text(f"Mỗi người chỉ được lấy {limit} số trong một ngày; hôm nay quý vị đã lấy đủ {limit} số.",
                        f"Each person may take {limit} number(s) a day; you have taken {limit} today.")
        super().__init__(text)


class PersonNotGiven(QueueError):
    code = "person_not_given"

    def __init__(self, what: Text):
        super().__init__(Text(f"Cần ít nhất một trong: {what.vi}.", f"Needs at least one of: {what.en}."))


class PickupNeedsDossier(QueueError):
    code = "pickup_needs_dossier"

    def __init__(self) -> None:
        super().__init__(Text("Nhận kết quả cần mã hồ sơ đã sẵn sàng.",
                              "Picking up results needs the code of a ready dossier."))


class PickupAlreadyIssued(QueueError):
    code = "pickup_already_issued"

    def __init__(self, number: str):
        super().__init__(Text(f"Hồ sơ này đã có số {number}. Vui lòng chờ gọi số trên màn hình.",
                              f"This dossier already has number {number}. "
                              "Please wait for it to be called on the screen."))


class DossierOnlyForPickup(QueueError):
    code = "dossier_only_for_pickup"

    def __init__(self) -> None:
        super().__init__(Text("Chỉ số nhận kết quả mới mang mã hồ sơ.", "Only a pickup number carries a dossier code."))


class DossierNotReady(QueueError):
    code = "dossier_not_ready"

    def __init__(self, code: str, status: Text, due: str):
        super().__init__(Text(f"Hồ sơ {code} chưa có kết quả ({status.vi}). Ngày hẹn trả: {due}.",
                              f"Dossier {code} is not ready yet ({status.en}). Due: {due}."))


class InvalidDossierCode(QueueError):
    code = "invalid_dossier_code"

    def __init__(self, code: str):
        super().__init__(Text(
            f"Mã hồ sơ {code!r} không đúng dạng, ví dụ 000.00.16.G04-220324-0020.",
            f"Dossier code {code!r} is not in the right form, e.g. 000.00.16.G04-220324-0020."))


class InvalidDate(QueueError):
    code = "invalid_date"

    def __init__(self, value: str):
        super().__init__(Text(f"Ngày {value!r} không hợp lệ (dạng 2026-12-03, từ năm {FIRST_YEAR} đến {LAST_YEAR}).",
                              f"Date {value!r} is not valid (form 2026-12-03, years {FIRST_YEAR} to {LAST_YEAR})."))


class InvalidDossierStatusChange(QueueError):
    code = "invalid_dossier_status_change"

    def __init__(self, code: str, old: Text, new: Text):
        super().__init__(Text(f"Hồ sơ {code} đang ở trạng thái {old.vi}, không thể chuyển sang {new.vi}.",
                              f"Dossier {code} is \"{old.en}\"; it cannot be changed to \"{new.en}\"."))


class QueueEmpty(QueueError):
    code = "queue_empty"

    def __init__(self) -> None:
        super().__init__(Text("Không còn ai đang chờ ở các lĩnh vực của quầy này.",
                              "Nobody is waiting for this counter's services."))


class NoCurrentTicket(QueueError):
    code = "no_current_ticket"

    def __init__(self, counter: int):
        super().__init__(Text(f"Quầy {counter} chưa gọi số nào.", f"Counter {counter} has no ticket called."))


class CounterBusy(QueueError):
    code = "counter_busy"

    def __init__(self, counter: int, number: str):
        super().__init__(Text(
            f"Quầy {counter} đang phục vụ số {number}: hãy hoàn thành, chuyển hoặc đánh dấu vắng mặt trước.",
            f"Counter {counter} is serving {number}: complete, transfer or mark it a no-show first."))


class CounterRefusal(QueueError):
    """The counter's state forbids the move (queue_protocol.states.COUNTER_REFUSALS says which)."""
    template: ClassVar[Text]

    def __init__(self, counter: int):
        super().__init__(Text(self.template.vi.format(counter=counter), self.template.en.format(counter=counter)))


class CounterPaused(CounterRefusal):
    code = "counter_paused"
    template = Text("Quầy {counter} đang tạm nghỉ.", "Counter {counter} is paused.")


class CounterNotPaused(CounterRefusal):
    code = "counter_not_paused"
    template = Text("Quầy {counter} không tạm nghỉ.", "Counter {counter} is not paused.")


class CounterClosed(CounterRefusal):
    code = "counter_closed"
    template = Text("Quầy {counter} đang đóng: hãy mở quầy trước.", "Counter {counter} is closed: open it first.")


class NoClerk(CounterRefusal):
    code = "no_clerk"
    template = Text("Chưa có cán bộ đăng nhập tại quầy {counter}: hãy đăng nhập trước.",
                    "Nobody is signed in at counter {counter}: sign in first.")


class NotAManager(QueueError):
    code = "not_a_manager"

    def __init__(self, account: str):
        super().__init__(Text(f"Tài khoản {account!r} không phải tài khoản quản lý của sảnh: chỉ người quản lý "
                              "được điều chỉnh quầy, lĩnh vực và thông báo trong ngày.",
                              f"{account!r} is not a manager's account of this hall: only a manager may adjust "
                              "counters, services and the announcement for the day."))


class UnknownClerk(QueueError):
    code = "unknown_clerk"

    def __init__(self, clerk: str):
        super().__init__(Text(f"Không có cán bộ {clerk!r} trong cấu hình của sảnh.",
                              f"There is no clerk {clerk!r} in the hall's configuration."))


class WrongPin(QueueError):
    code = "wrong_pin"

    def __init__(self, tries_left: int):
        super().__init__(Text(f"Mã PIN không đúng. Còn {tries_left} lần thử trước khi bị tạm khóa.",
                              f"Wrong PIN. {tries_left} more {'try' if tries_left == 1 else 'tries'} before sign-in "
                              "is locked for a while."))


class PinLocked(QueueError):
    code = "pin_locked"

    def __init__(self, seconds: int):
        super().__init__(Text(f"Đã nhập sai mã PIN nhiều lần: vui lòng thử lại sau {seconds} giây.",
                              f"Too many wrong PINs: please try again in {seconds} seconds."))


class NotRatable(QueueError):
    code = "not_ratable"

    def __init__(self, number: str, counter: int):
        super().__init__(Text(f"Số {number} chưa được phục vụ xong tại quầy {counter} hôm nay.",
                              f"Number {number} was not completed at counter {counter} today."))


class AlreadyRated(QueueError):
    code = "already_rated"

    def __init__(self, number: str):
        super().__init__(Text(f"Số {number} đã được đánh giá.", f"Number {number} has been rated already."))


class UnknownRatingChoice(QueueError):
    code = "unknown_rating_choice"

    def __init__(self, choice: str):
        super().__init__(Text(f"Không có lựa chọn đánh giá {choice!r}.", f"There is no rating choice {choice!r}."))


class IllegalTransition(QueueError):
    code = "illegal_transition"

    def __init__(self, number: str, state: Text, move: Text):
        super().__init__(Text(f"Số {number} đang ở trạng thái \"{state.vi}\", không thể {move.vi}.",
                              f"Ticket {number} is {state.en}; it cannot {move.en}."))


class RecallFirst(QueueError):
    code = "recall_first"

    def __init__(self, number: str, needed: int):
        super().__init__(Text(f"Hãy gọi lại số {number} ít nhất {needed} lần trước khi đánh dấu vắng mặt.",
                              f"Recall {number} at least {needed} time(s) before marking it a no-show."))


class RecallLimit(QueueError):
    code = "recall_limit"

    def __init__(self, number: str, recalls: int):
        super().__init__(Text(f"Đã gọi lại số {number} {recalls} lần: hãy đánh dấu vắng mặt.",
                              f"{number} was recalled {recalls} times already: mark it a no-show."))


class TransferTarget(QueueError):
    code = "transfer_target"

    def __init__(self) -> None:
        super().__init__(Text("Chuyển cần đúng một nơi nhận (lĩnh vực hoặc quầy) khác nơi hiện tại.",
                              "A transfer needs exactly one target (service or counter) other than the current one."))


class TooFast(QueueError):
    """A device past its pace (queue_server.config's [device_limits]): tried again after the wait, it is served."""
    code = "too_fast"

    def __init__(self, wait_s: int, tickets: bool, lookups: bool = False):
        if tickets:
            text = Text(f"Máy đang cấp số quá nhanh. Vui lòng đợi {wait_s} giây rồi chạm lại.",
                        f"This kiosk is issuing tickets too fast. Please wait {wait_s} s and touch again.")
        elif lookups:
            text = Text(f"Máy đang tra cứu quá nhanh. Vui lòng đợi {wait_s} giây rồi thử lại.",
                        f"This kiosk is looking up too fast. Please wait {wait_s} s and try again.")
        else:
            text = Text(f"Quầy đang gửi lệnh quá nhanh. Vui lòng đợi {wait_s} giây rồi thử lại.",
                        f"This counter is sending commands too fast. Please wait {wait_s} s and try again.")
        super().__init__(text)


class KioskShareReached(QueueError):
    code = "kiosk_share_reached"

    def __init__(self, service: str, service_en: str, given: int):
        super().__init__(Text(
            f"Máy này đã cấp {given} số lĩnh vực {service} hôm nay, mức tối đa của một máy. "
            "Mời quý vị lấy số ở máy khác.",
            f"This kiosk has given {given} {service_en} numbers today, the most one kiosk may give. "
            "Please take a number at another kiosk."))


class StorageFailed(QueueError):
    code = "storage_failed"

    def __init__(self) -> None:
        super().__init__(Text(
            "Máy chủ không ghi được dữ liệu; yêu cầu chưa được thực hiện. "
            "Vui lòng thử lại hoặc báo cán bộ kỹ thuật.",
            "The server could not store this; nothing was done. Please try again or call technical staff."))


class InternalError(QueueError):
    code = "internal_error"

    def __init__(self) -> None:
        super().__init__(Text(
            "Máy chủ gặp lỗi khi xử lý yêu cầu; yêu cầu chưa được thực hiện. "
            "Vui lòng thử lại hoặc báo cán bộ kỹ thuật.",
            "The server failed while handling this request; nothing was done. "
            "Please try again or call technical staff."))
