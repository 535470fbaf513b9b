"""Named refusals of the queue: each has a machine code and a message in Vietnamese and English."""


class QueueError(Exception):
    code = "queue_error"

    def __init__(self, vi: str, en: str):
        super().__init__(en)
        self.vi, self.en = vi, en


def _error(name: str, code: str, vi: str, en: str) -> type[QueueError]:
    """A QueueError subclass whose messages are templates filled from keyword arguments."""
    def __init__(self, **fields):
        QueueError.__init__(self, vi.format(**fields), en.format(**fields))
        self.fields = fields
    return type(name, (QueueError,), {"code": code, "__init__": __init__})


Malformed = _error("Malformed", "malformed", "Yêu cầu không hợp lệ: {detail}", "Malformed request: {detail}")
NotAllowed = _error("NotAllowed", "not_allowed", "Thiết bị {role} không được phép gửi lệnh {command}.",
                    "A {role} device may not send {command}.")
UnknownService = _error("UnknownService", "unknown_service", "Không có lĩnh vực {service}.",
                        "There is no service {service}.")
UnknownCounter = _error("UnknownCounter", "unknown_counter", "Không có quầy số {counter}.",
                        "There is no counter {counter}.")
UnknownTicket = _error("UnknownTicket", "unknown_ticket", "Không có số {number} đang chờ hôm nay.",
                       "Number {number} is not waiting today.")
UnknownDossier = _error("UnknownDossier", "unknown_dossier",
                        "Không tìm thấy hồ sơ {code}. Vui lòng kiểm tra lại mã trên giấy hẹn.",
                        "No dossier {code} was found. Please check the code on your appointment slip.")
ServiceClosed = _error("ServiceClosed", "service_closed",
                       "Lĩnh vực {service} hiện không nhận hồ sơ. Giờ làm việc: {hours}.",
                       "{service_en} is closed now. Opening hours: {hours}.")
DailyCapReached = _error("DailyCapReached", "daily_cap_reached",
                         "Lĩnh vực {service} đã hết số trong ngày hôm nay ({cap} số). Mời quý vị quay lại ngày làm việc tiếp theo.",
                         "{service_en} has given all of today's {cap} numbers. Please come back on the next working day.")
RangeExhausted = _error("RangeExhausted", "range_exhausted",
                        "Lĩnh vực {service} đã hết số thứ tự trong ngày hôm nay.",
                        "{service_en} has run out of numbers for today.")
PriorityNotAllowed = _error("PriorityNotAllowed", "priority_not_allowed",
                            "Lĩnh vực {service} không cấp số ưu tiên.", "{service_en} gives no priority numbers.")
PickupNeedsDossier = _error("PickupNeedsDossier", "pickup_needs_dossier",
                            "Nhận kết quả cần mã hồ sơ đã sẵn sàng.", "Picking up results needs the code of a ready dossier.")
DossierOnlyForPickup = _error("DossierOnlyForPickup", "dossier_only_for_pickup",
                              "Chỉ số nhận kết quả mới mang mã hồ sơ.", "Only a pickup number carries a dossier code.")
DossierNotReady = _error("DossierNotReady", "dossier_not_ready",
                         "Hồ sơ {code} chưa có kết quả ({status_vi}). Ngày hẹn trả: {due}.",
                         "Dossier {code} is not ready yet ({status_en}). Due: {due}.")
InvalidDossierCode = _error("InvalidDossierCode", "invalid_dossier_code",
                            "Mã hồ sơ {code!r} không đúng dạng, ví dụ 000.00.16.G04-220324-0020.",
                            "Dossier code {code!r} is not in the right form, e.g. 000.00.16.G04-220324-0020.")
InvalidDate = _error("InvalidDate", "invalid_date", "Ngày {value!r} không hợp lệ (dạng 2026-12-03).",
                     "Date {value!r} is not valid (form 2026-12-03).")
InvalidDossierStatusChange = _error(
    "InvalidDossierStatusChange", "invalid_dossier_status_change",
    "Hồ sơ {code} đang ở trạng thái {old_vi}, không thể chuyển sang {new_vi}.",
    "Dossier {code} is {old_en}; it cannot become {new_en}.")
QueueEmpty = _error("QueueEmpty", "queue_empty", "Không còn ai đang chờ ở các lĩnh vực của quầy này.",
                    "Nobody is waiting for this counter's services.")
NoCurrentTicket = _error("NoCurrentTicket", "no_current_ticket", "Quầy {counter} chưa gọi số nào.",
                         "Counter {counter} has no ticket called.")
CounterBusy = _error("CounterBusy", "counter_busy",
                     "Quầy {counter} đang phục vụ số {number}: hãy hoàn thành, chuyển hoặc đánh dấu vắng mặt trước.",
                     "Counter {counter} is serving {number}: complete, transfer or mark it a no-show first.")
CounterPaused = _error("CounterPaused", "counter_paused", "Quầy {counter} đang tạm nghỉ.",
                       "Counter {counter} is paused.")
CounterNotPaused = _error("CounterNotPaused", "counter_not_paused", "Quầy {counter} không tạm nghỉ.",
                          "Counter {counter} is not paused.")
IllegalTransition = _error("IllegalTransition", "illegal_transition",
                           "Số {number} đang ở trạng thái \"{state_vi}\", không thể {command_vi}.",
                           "Ticket {number} is {state}; it cannot take {command}.")
RecallFirst = _error("RecallFirst", "recall_first",
                     "Hãy gọi lại số {number} ít nhất {needed} lần trước khi đánh dấu vắng mặt.",
                     "Recall {number} at least {needed} time(s) before marking it a no-show.")
RecallLimit = _error("RecallLimit", "recall_limit",
                     "Đã gọi lại số {number} {recalls} lần: hãy đánh dấu vắng mặt.",
                     "{number} was recalled {recalls} times already: mark it a no-show.")
TransferTarget = _error("TransferTarget", "transfer_target",
                        "Chuyển cần đúng một nơi nhận (lĩnh vực hoặc quầy) khác nơi hiện tại.",
                        "A transfer needs exactly one target (service or counter) other than the current one.")
StorageFailed = _error("StorageFailed", "storage_failed",
                       "Máy chủ không ghi được dữ liệu; yêu cầu chưa được thực hiện. Vui lòng thử lại hoặc báo cán bộ kỹ thuật.",
                       "The server could not store this; nothing was done. Please try again or call technical staff.")
