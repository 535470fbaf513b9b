"""Every fixed text the kiosk shows, Vietnamese first, English second."""

TEXTS: dict[str, tuple[str, str]] = {
    "choose_service": ("Xin mời chọn lĩnh vực", "Please choose a service"),
    "pickup": ("Nhận kết quả hồ sơ", "Pick up results"),
    "pickup_hint": ("Quét mã hoặc nhập mã hồ sơ", "Scan or type your dossier code"),
    "priority_note": ("Ưu tiên: người cao tuổi, người khuyết tật, phụ nữ mang thai, người có con nhỏ, người có công",
                      "Priority: elderly, disabled, pregnant, with small children, meritorious service"),
    "regular": ("Phiếu thường", "Regular ticket"),
    "regular_hint": ("Chờ theo thứ tự", "Wait in turn"),
    "priority": ("Phiếu ưu tiên", "Priority ticket"),
    "priority_who": ("Người cao tuổi từ 60 tuổi · người khuyết tật · phụ nữ mang thai · "
                     "người có con nhỏ · người có công với cách mạng",
                     "Elderly (60+) · disabled · pregnant · with small children · "
                     "people with meritorious service"),
    "choose_kind": ("Bạn thuộc đối tượng nào?", "Which applies to you?"),
    "back": ("Quay lại", "Back"),
    "home": ("Về trang chủ", "Home"),
    "printing": ("Đang in phiếu...", "Printing your ticket..."),
    "printing_hint": ("Xin chờ trong giây lát", "One moment, please"),
    "your_number": ("Số thứ tự của bạn", "Your number"),
    "take_ticket": ("Vui lòng nhận phiếu", "Please take your ticket"),
    "watch_screen": ("Vui lòng chờ gọi số trên màn hình", "Please wait for your number on the screen"),
    "print_failed_keep": ("Số của bạn vẫn được giữ trong hàng chờ. Hãy ghi nhớ số này hoặc bấm In lại.",
                          "Your number stays in the queue. Remember it or tap Reprint."),
    "not_printed": ("Chưa in được phiếu", "The ticket was not printed"),
    "reprint": ("In lại", "Reprint"),
    "done": ("Xong", "Done"),
    "enter_code": ("Nhập hoặc quét mã hồ sơ", "Type or scan your dossier code"),
    "code_example": ("Mã trên giấy hẹn trả kết quả, ví dụ 000.00.16.G04-261120-0020",
                     "The code on your appointment slip, e.g. 000.00.16.G04-261120-0020"),
    "look_up": ("Tra cứu", "Look up"),
    "clear": ("Xoá", "Clear"),
    "out_of_service": ("Tạm ngừng phục vụ", "Out of service"),
    "out_of_service_hint": ("Xin lỗi vì sự bất tiện. Vui lòng liên hệ cán bộ tại quầy.",
                            "Sorry for the inconvenience. Please ask the staff at a counter."),
    "server_down": ("Mất kết nối với máy chủ xếp hàng", "No connection to the queue server"),
    "server_down_staff": ("Kiosk sẽ tự hoạt động lại khi có kết nối.",
                          "The kiosk resumes by itself when the connection returns."),
    "server_wait_issue": ("Đang chờ máy chủ để cấp số. Số của bạn sẽ được in ngay khi có kết nối.",
                          "Waiting for the server to issue your number. It prints as soon as the connection returns."),
    "printer_staff": ("Cán bộ: kiểm tra máy in; kiosk tự kiểm tra lại sau vài giây.",
                      "Staff: check the printer; the kiosk checks again in a few seconds."),
    "try_again": ("Thử lại", "Try again"),
    "closed_all": ("Ngoài giờ làm việc", "Outside opening hours"),
    "closed_all_hint": ("Xin mời quay lại trong giờ làm việc", "Please come back during opening hours"),
    "opening_hours": ("Giờ làm việc", "Opening hours"),
    "refused": ("Không cấp được số", "No ticket issued"),
    "already_has_number": ("Hồ sơ đã có số thứ tự", "This dossier already has a number"),
    "dossier_not_found": ("Không tìm thấy hồ sơ", "Dossier not found"),
    "dossier_not_found_hint": ("Không có hồ sơ nào mang mã này. Vui lòng kiểm tra lại mã trên giấy hẹn trả kết quả "
                               "hoặc hỏi cán bộ.",
                               "No dossier has this code. Please check the code on your appointment slip "
                               "or ask the staff."),
    "invalid_code": ("Mã không hợp lệ", "This code is not valid"),
    "invalid_code_hint": ("Vui lòng quét hoặc nhập mã hồ sơ trên giấy hẹn trả kết quả.",
                          "Please scan or type the dossier code on your appointment slip."),
    "connecting": ("Đang kết nối...", "Connecting..."),
}


def text(key: str, lang: str) -> str:
    vi, en = TEXTS[key]
    return vi if lang == "vi" else en


def other_text(key: str, lang: str) -> str:
    """The same text in the other language: shown second and smaller."""
    vi, en = TEXTS[key]
    return en if lang == "vi" else vi
