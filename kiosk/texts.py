"""Every fixed text the kiosk shows, Vietnamese first, English second."""
from queue_protocol.text import Text

TEXTS: dict[str, Text] = {
    "choose_service": Text("Xin mời chọn lĩnh vực", "Please choose a service"),
    "pickup": Text("Nhận kết quả hồ sơ", "Pick up results"),
    "pickup_hint": Text("Quét mã hoặc nhập mã hồ sơ", "Scan or type your dossier code"),
    "priority_note": Text("Ưu tiên: người cao tuổi, người khuyết tật, phụ nữ mang thai, người có con nhỏ, "
                          "người có công",
                          "Priority: elderly, disabled, pregnant, with small children, meritorious service"),
    "regular": Text("Phiếu thường", "Regular ticket"),
    "regular_hint": Text("Chờ theo thứ tự", "Wait in turn"),
    "priority": Text("Phiếu ưu tiên", "Priority ticket"),
    "priority_who": Text("Người cao tuổi từ 60 tuổi · người khuyết tật · phụ nữ mang thai · "
                         "người có con nhỏ · người có công với cách mạng",
                         "Elderly (60+) · disabled · pregnant · with small children · "
                         "people with meritorious service"),
    "choose_kind": Text("Bạn thuộc đối tượng nào?", "Which applies to you?"),
    "back": Text("Quay lại", "Back"),
    "home": Text("Về trang chủ", "Home"),
    "printing": Text("Đang in phiếu...", "Printing your ticket..."),
    "printing_hint": Text("Xin chờ trong giây lát", "One moment, please"),
    "your_number": Text("Số thứ tự của bạn", "Your number"),
    "take_ticket": Text("Vui lòng nhận phiếu", "Please take your ticket"),
    "watch_screen": Text("Vui lòng chờ gọi số trên màn hình", "Please wait for your number on the screen"),
    "print_failed_keep": Text("Số của bạn vẫn được giữ trong hàng chờ. Hãy ghi nhớ số này hoặc bấm In lại.",
                              "Your number stays in the queue. Remember it or tap Reprint."),
    "not_printed": Text("Chưa in được phiếu", "The ticket was not printed"),
    "reprint": Text("In lại", "Reprint"),
    "done": Text("Xong", "Done"),
    "enter_code": Text("Nhập hoặc quét mã hồ sơ", "Type or scan your dossier code"),
    "code_example": Text("Mã trên giấy hẹn trả kết quả, ví dụ 000.00.16.G04-261120-0020",
                         "The code on your appointment slip, e.g. 000.00.16.G04-261120-0020"),
    "look_up": Text("Tra cứu", "Look up"),
    "clear": Text("Xoá", "Clear"),
    "out_of_service": Text("Tạm ngừng phục vụ", "Out of service"),
    "out_of_service_hint": Text("Xin lỗi vì sự bất tiện. Vui lòng liên hệ cán bộ tại quầy.",
                                "Sorry for the inconvenience. Please ask the staff at a counter."),
    "server_down": Text("Mất kết nối với máy chủ xếp hàng", "No connection to the queue server"),
    "server_down_staff": Text("Kiosk sẽ tự hoạt động lại khi có kết nối.",
                              "The kiosk resumes by itself when the connection returns."),
    "server_wait_issue": Text("Đang chờ máy chủ để cấp số. Số của bạn sẽ được in ngay khi có kết nối.",
                              "Waiting for the server to issue your number. "
                              "It prints as soon as the connection returns."),
    "printer_staff": Text("Cán bộ: kiểm tra máy in; kiosk tự kiểm tra lại sau vài giây.",
                          "Staff: check the printer; the kiosk checks again in a few seconds."),
    "try_again": Text("Thử lại", "Try again"),
    "closed_all": Text("Ngoài giờ làm việc", "Outside opening hours"),
    "closed_all_hint": Text("Xin mời quay lại trong giờ làm việc", "Please come back during opening hours"),
    "opening_hours": Text("Giờ làm việc", "Opening hours"),
    "refused": Text("Không cấp được số", "No ticket issued"),
    "person_limit_reached": Text("Đã lấy đủ số trong ngày", "Daily limit reached"),
    "already_has_number": Text("Hồ sơ đã có số thứ tự", "This dossier already has a number"),
    "dossier_not_found": Text("Không tìm thấy hồ sơ", "Dossier not found"),
    "dossier_not_found_hint": Text("Không có hồ sơ nào mang mã này. Vui lòng kiểm tra lại mã trên giấy hẹn trả kết quả "
                                   "hoặc hỏi cán bộ.",
                                   "No dossier has this code. Please check the code on your appointment slip "
                                   "or ask the staff."),
    "invalid_code": Text("Mã không hợp lệ", "This code is not valid"),
    "invalid_code_hint": Text("Vui lòng quét hoặc nhập mã hồ sơ trên giấy hẹn trả kết quả.",
                              "Please scan or type the dossier code on your appointment slip."),
    "connecting": Text("Đang kết nối...", "Connecting..."),
    # The citizen's ID card (CCCD): what is read, why, how long it is kept (Decree 356/2025/NĐ-CP).
    "card_read": Text("Đã đọc thẻ căn cước", "ID card read"),
    "card_notice": Text("Kiosk chỉ đọc số định danh và ngày sinh trên thẻ: để ưu tiên người cao tuổi, giới hạn số lượt "
                        "lấy số mỗi người và tìm hồ sơ của bạn. Thông tin trên thẻ không hiển thị, không in; máy chủ "
                        "chỉ giữ mã băm của số định danh, đến hết ngày.",
                        "The kiosk reads only the ID number and date of birth on the card: for priority by age, the "
                        "per-person limit and finding your dossiers. Nothing on it is shown or printed; the server "
                        "keeps only a hash of the ID number, until the day ends."),
    "card_choose_service": Text("Xin mời chọn lĩnh vực để lấy số", "Please choose a service for your number"),
    "card_hint": Text("Hoặc quét thẻ căn cước để xem các hồ sơ của bạn",
                      "Or scan your ID card to see your dossiers"),
    "card_dossiers": Text("Hồ sơ của bạn", "Your dossiers"),
    "card_ready": Text("Đã có kết quả: chạm vào hồ sơ để lấy số nhận kết quả",
                       "Ready: touch a dossier to get a pickup number"),
    "card_none_ready": Text("Chưa có hồ sơ nào đã có kết quả", "None of your dossiers is ready yet"),
    "card_not_ready": Text("Chưa có kết quả", "Not ready yet"),
    "card_no_dossier": Text("Không có hồ sơ nào gắn với thẻ căn cước này. Vui lòng quét hoặc nhập mã hồ sơ trên "
                            "giấy hẹn trả kết quả.",
                            "No dossier is linked to this ID card. Please scan or type the dossier code on your "
                            "appointment slip."),
    "card_not_looked_up": Text("Chưa tra cứu được theo thẻ căn cước", "Could not look up by ID card"),
    "type_code": Text("Nhập mã hồ sơ", "Type a dossier code"),
    "from_card": Text("Theo thẻ căn cước của bạn", "From your ID card"),
}


def text(key: str, lang: str) -> str:
    return TEXTS[key].primary(lang)


def other_text(key: str, lang: str) -> str:
    """The same text in the other language: shown second and smaller."""
    return TEXTS[key].secondary(lang)
