"""Every text of the dashboard, Vietnamese first, English second."""
from queue_protocol.messages import CATEGORY_NOT_SAID
from queue_protocol.roles import DEVICE_NAMES, Role
from queue_protocol.text import Text

LANGUAGES = ("vi", "en")

TEXTS: dict[str, Text] = {
    "app": Text("Bảng điều hành", "Dashboard"),
    "live": Text("Trực tiếp", "Live"),
    "reports": Text("Báo cáo", "Reports"),
    "dossiers": Text("Hồ sơ", "Dossiers"),
    "switch_language": Text("English", "Tiếng Việt"),
    "sign_in": Text("Đăng nhập", "Sign in"),
    "sign_out": Text("Đăng xuất", "Sign out"),
    "account": Text("Tài khoản", "Account"),
    "password": Text("Mật khẩu", "Password"),
    "wrong_password": Text("Sai tài khoản hoặc mật khẩu.", "Wrong account or password."),
    "throttled": Text("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút.",
                  "Too many failed sign-ins. Please try again in {minutes} minutes."),
    "csrf": Text("Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại.",
             "This form has expired or is not valid. Please reload the page and try again."),
    "signed_out": Text("Đã đăng xuất.", "Signed out."),
    "role_manager": Text("quản lý", "manager"),
    "role_viewer": Text("chỉ xem", "viewer"),
    "server_offline": Text("Mất kết nối với máy chủ xếp hàng: số liệu trực tiếp có thể đã cũ.",
                       "No connection to the queue server: live figures may be out of date."),
    "live_waiting": Text("Đang kết nối máy chủ xếp hàng…", "Connecting to the queue server…"),
    "counters": Text("Quầy", "Counters"),
    "counter": Text("Quầy", "Counter"),
    "state": Text("Trạng thái", "State"),
    "clerk": Text("Cán bộ", "Clerk"),
    "serving": Text("Đang phục vụ", "Serving"),
    "since": Text("Từ", "Since"),
    "served_today": Text("Đã phục vụ", "Served today"),
    "services": Text("Lĩnh vực", "Services"),
    "service": Text("Lĩnh vực", "Service"),
    "waiting": Text("Đang chờ", "Waiting"),
    "priority": Text("Ưu tiên", "Priority"),
    "longest_wait": Text("Chờ lâu nhất", "Longest wait"),
    "estimated_wait": Text("Ước tính chờ", "Estimated wait"),
    "service_open": Text("mở", "open"),
    "service_closed": Text("ngoài giờ", "closed"),
    "latest_calls": Text("Số vừa gọi", "Latest calls"),
    "number": Text("Số", "Number"),
    "at": Text("Lúc", "At"),
    "recall": Text("gọi lại", "recall"),
    "ready_dossiers": Text("Hồ sơ đã có kết quả", "Dossiers ready"),
    "overdue_dossiers": Text("Hồ sơ quá hạn", "Dossiers overdue"),
    "code": Text("Mã hồ sơ", "Code"),
    "applicant": Text("Người nộp", "Applicant"),
    "phone": Text("Điện thoại", "Phone"),
    "due": Text("Hẹn trả", "Due"),
    "received": Text("Tiếp nhận", "Received"),
    "status": Text("Trạng thái", "Status"),
    "none": Text("Không có", "None"),
    "alerts": Text("Cảnh báo", "Alerts"),
    "alert_wait": Text("{subject}: có người đã chờ {minutes} phút (ngưỡng {limit} phút)",
                   "{subject}: someone has waited {minutes} minutes (limit {limit})"),
    "alert_pause": Text("{subject} tạm nghỉ đã {minutes} phút (ngưỡng {limit} phút)",
                    "{subject} has been paused for {minutes} minutes (limit {limit})"),
    "no_alerts": Text("Không có cảnh báo.", "No alerts."),
    "alert_printer": Text("Ki-ốt {subject}: {state}", "Kiosk {subject}: {state}"),
    "alert_gone_kiosk": Text("Ki-ốt {subject} mất kết nối từ {since}", "Kiosk {subject} disconnected since {since}"),
    "alert_gone_display": Text("Màn hình {subject} mất kết nối từ {since}",
                           "Screen {subject} disconnected since {since}"),
    "alert_never_kiosk": Text("Ki-ốt {subject} chưa kết nối", "Kiosk {subject} not connected"),
    "alert_never_display": Text("Màn hình {subject} chưa kết nối", "Screen {subject} not connected"),
    "devices": Text("Ki-ốt và màn hình", "Kiosks and screens"),
    "role_kiosk": DEVICE_NAMES[Role.KIOSK],
    "role_display": DEVICE_NAMES[Role.DISPLAY],
    "connected": Text("đã kết nối", "connected"),
    "disconnected": Text("mất kết nối", "disconnected"),
    "printer": Text("Máy in", "Printer"),
    "updated": Text("Cập nhật", "Updated"),
    "minutes_unit": Text("phút", "min"),
    "report_title": Text("Báo cáo từ {first} đến {last}", "Report from {first} to {last}"),
    "report_title_day": Text("Báo cáo ngày {day}", "Report of {day}"),
    "from": Text("Từ ngày", "From"),
    "to": Text("Đến ngày", "To"),
    "show": Text("Xem", "Show"),
    "today": Text("Hôm nay", "Today"),
    "this_week": Text("7 ngày", "7 days"),
    "this_month": Text("Tháng này", "This month"),
    "this_year": Text("Năm nay", "This year"),
    "download_xlsx": Text("Tải Excel (XLSX)", "Download Excel (XLSX)"),
    "download_csv": Text("Tải CSV (từng phiếu)", "Download CSV (every ticket)"),
    "whole_hall": Text("Cả sảnh", "Whole hall"),
    "issued": Text("Lấy số", "Issued"),
    "served": Text("Đã xong", "Served"),
    "no_show": Text("Vắng", "No-show"),
    "transferred": Text("Chuyển", "Transferred"),
    "wait_avg": Text("Chờ TB", "Wait avg"),
    "wait_median": Text("Chờ trung vị", "Wait median"),
    "wait_p90": Text("Chờ P90", "Wait p90"),
    "service_avg": Text("Phục vụ TB", "Service avg"),
    "service_median": Text("Phục vụ trung vị", "Service median"),
    "service_p90": Text("Phục vụ P90", "Service p90"),
    "by_service": Text("Theo lĩnh vực", "By service"),
    "by_counter": Text("Theo quầy", "By counter"),
    "by_clerk": Text("Theo cán bộ", "By clerk"),
    "by_category": Text("Theo đối tượng ưu tiên", "By priority category"),
    "category": Text("Đối tượng ưu tiên", "Priority category"),
    "category_not_said": CATEGORY_NOT_SAID,
    "not_rated": Text("Không đánh giá", "Not rated"),
    "by_day": Text("Theo ngày", "By day"),
    "by_hour": Text("Theo giờ", "By hour"),
    "day": Text("Ngày", "Day"),
    "hour": Text("Giờ", "Hour"),
    "chart_per_hour": Text("Số phiếu theo giờ trong ngày", "Tickets per hour of the day"),
    "chart_wait_hour": Text("Thời gian chờ trung bình theo giờ (phút)", "Average wait by hour (minutes)"),
    "chart_per_counter": Text("Số công dân đã phục vụ theo quầy", "Citizens served per counter"),
    "chart_rating_clerk": Text("Mức độ hài lòng theo cán bộ (% công dân đã phục vụ)",
                           "Satisfaction per clerk (% of the citizens served)"),
    "report_notes": Text("Chờ: từ lúc lấy số đến khi được gọi. Phục vụ: từ khi được gọi đến khi xong. "
                     "P90: 90% công dân chờ (hoặc được phục vụ) không quá thời gian này. "
                     "Đánh giá: phần trăm số công dân đã được phục vụ.",
                     "Wait: from the ticket to the call. Service: from the call to completion. "
                     "P90: 90% of citizens waited (or were served) no longer than this. "
                     "Ratings: share of the citizens served."),
    "no_tickets": Text("Không có phiếu nào trong khoảng thời gian này.", "No tickets in this period."),
    "bad_period": Text("Khoảng thời gian không hợp lệ: cần hai ngày dạng YYYY-MM-DD, ngày đầu không sau ngày cuối.",
                   "Invalid period: two dates as YYYY-MM-DD are needed, the first not after the last."),
    "no_database": Text("Chưa đọc được cơ sở dữ liệu của sảnh.", "The hall's database cannot be read yet."),
    "search": Text("Tìm", "Search"),
    "search_hint_manager": Text("Mã hồ sơ hoặc tên người nộp", "Dossier code or applicant's name"),
    "search_hint_viewer": Text("Mã hồ sơ", "Dossier code"),
    "filter_all": Text("Tất cả", "All"),
    "filter_ready": Text("Đã có kết quả", "Ready"),
    "filter_overdue": Text("Quá hạn", "Overdue"),
    "filter_returned": Text("Đã trả", "Returned"),
    "results": Text("{n} hồ sơ", "{n} dossiers"),
    "results_limited": Text("Hiện {n} hồ sơ đầu tiên; hãy tìm cụ thể hơn.",
                        "Showing the first {n}; search more precisely."),
    "overdue": Text("quá hạn", "overdue"),
    "health": Text("Tình trạng", "Health"),
    "adjustments": Text("Điều chỉnh", "Adjustments"),
    "adjustments_intro": Text("Thay đổi trong hôm nay, có hiệu lực ngay trên mọi quầy, ki-ốt và màn hình; "
                          "từ 0 giờ ngày mai sảnh lại làm việc theo tệp cấu hình.",
                          "Changes for today, in force at once on every counter, kiosk and screen; from midnight "
                          "the hall works by its configuration file again."),
    "viewer_cannot_adjust": Text("Tài khoản chỉ xem: chỉ tài khoản quản lý được điều chỉnh.",
                             "A viewer's account: only a manager's account may adjust."),
    "saved": Text("Đã lưu: mọi thiết bị của sảnh đã nhận thay đổi.", "Saved: every device of the hall has the change."),
    "announcement": Text("Thông báo trên màn hình sảnh", "Announcement on the hall screens"),
    "announcement_hint": Text("Một dòng ngắn, tối đa 100 ký tự, hiện hôm nay dưới tên sảnh.",
                          "One short line, at most 100 characters, shown today under the hall's name."),
    "announcement_vi": Text("Tiếng Việt", "Vietnamese"),
    "announcement_en": Text("Tiếng Anh (không bắt buộc)", "English (optional)"),
    "save": Text("Lưu", "Save"),
    "clear": Text("Xoá thông báo", "Remove"),
    "no_announcement": Text("Hôm nay chưa có thông báo.", "No announcement today."),
    "counter_services": Text("Lĩnh vực của từng quầy hôm nay", "Each counter's services today"),
    "configured": Text("Theo cấu hình", "Configured"),
    "adjusted": Text("đã điều chỉnh", "adjusted"),
    "back_to_configuration": Text("Về cấu hình", "As configured"),
    "services_today": Text("Lĩnh vực mở hôm nay", "Services open today"),
    "hours": Text("Giờ làm việc", "Hours"),
    "all_day": Text("cả ngày", "all day"),
    "now": Text("Hiện tại", "Now"),
    "served_at": Text("Quầy", "Counters"),
    "close_now": Text("Đóng từ bây giờ", "Close now"),
    "open_now": Text("Mở cả ngày", "Open all day"),
    "follow_hours": Text("Theo giờ làm việc", "Follow its hours"),
    "reopen": Text("Mở lại", "Reopen"),
    "closed_today": Text("đóng hôm nay", "closed today"),
    "opened_today": Text("mở cả ngày hôm nay", "open all day today"),
    "choose_a_service": Text("{counter}: hãy chọn ít nhất một lĩnh vực.", "{counter}: choose at least one service."),
    "form_not_understood": Text("Biểu mẫu không hợp lệ. Vui lòng tải lại trang.",
                            "This form is not valid. Please reload the page."),
    "server_unreachable": Text("Chưa gửi được tới máy chủ xếp hàng: không có gì thay đổi. Vui lòng thử lại.",
                           "Could not reach the queue server: nothing was changed. Please try again."),
    "not_found": Text("Không có trang này.", "No such page."),
}


def translator(lang: str):
    language = lang if lang in LANGUAGES else LANGUAGES[0]

    def t(key: str, **values) -> str:
        text = TEXTS[key].primary(language)
        return text.format(**values) if values else text
    return t


def format_number(value, lang: str, digits: int = 0) -> str:
    """1234.5 -> "1.234,5" in Vietnamese, "1,234.5" in English."""
    text = f"{value:,.{digits}f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "vi" else text


def format_day(text: str) -> str:
    """An ISO date (or date-time) as Vietnamese offices write it: "2026-12-03" -> "03/12/2026"."""
    day, _, time = text.partition("T")
    year, month, date = day.split("-")
    return f"{date}/{month}/{year}" + (f" {time[:5]}" if time else "")


def counter_name(config, number: int) -> Text:
    """A counter's label: its configured name, or "Quầy 5" / "Counter 5"."""
    counter = config.counter(number)
    if counter is not None and counter.name:
        return Text(counter.name, counter.name)
    return Text(f"Quầy {number}", f"Counter {number}")


def clerk_name(config, clerk_id: str) -> str:
    """A clerk's full name; the id alone when the configuration no longer lists them."""
    clerk = config.clerk(clerk_id)
    return clerk.name if clerk else clerk_id


def service_name(config, code: str) -> Text:
    service = config.service(code)
    return Text(service.name, service.name_en or service.name) if service else Text(code, code)


def category_name(config, code: str) -> Text:
    """A priority category by its configured names; the code alone when the configuration no longer lists it."""
    category = config.category(code)
    return Text(category.name, category.name_en or category.name) if category else Text(code, code)


def level_name(config, code: str) -> Text:
    """A rating level by its configured names ("Rất hài lòng"); the code alone when no longer configured."""
    level = config.rating.level(code)
    return Text(level.name, level.name_en or level.name) if level else Text(code, code)


def phrase(key: str, **values) -> Text:
    """TEXTS[key] in both languages with its blanks filled; a Text value fills each in its own language."""
    text = TEXTS[key]
    return Text(text.vi.format(**{k: v.vi if isinstance(v, Text) else v for k, v in values.items()}),
                text.en.format(**{k: v.en if isinstance(v, Text) else v for k, v in values.items()}))
