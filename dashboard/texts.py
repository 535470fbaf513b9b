"""Every text of the dashboard, Vietnamese first, English second."""
from queue_protocol.text import Text

LANGUAGES = ("vi", "en")

TEXTS: dict[str, tuple[str, str]] = {
    "app": ("Bảng điều hành", "Dashboard"),
    "live": ("Trực tiếp", "Live"),
    "reports": ("Báo cáo", "Reports"),
    "dossiers": ("Hồ sơ", "Dossiers"),
    "switch_language": ("English", "Tiếng Việt"),
    "sign_in": ("Đăng nhập", "Sign in"),
    "sign_out": ("Đăng xuất", "Sign out"),
    "account": ("Tài khoản", "Account"),
    "password": ("Mật khẩu", "Password"),
    "wrong_password": ("Sai tài khoản hoặc mật khẩu.", "Wrong account or password."),
    "throttled": ("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút.",
                  "Too many failed sign-ins. Please try again in {minutes} minutes."),
    "csrf": ("Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại.",
             "This form has expired or is not valid. Please reload the page and try again."),
    "signed_out": ("Đã đăng xuất.", "Signed out."),
    "role_manager": ("quản lý", "manager"),
    "role_viewer": ("chỉ xem", "viewer"),
    "server_offline": ("Mất kết nối với máy chủ xếp hàng: số liệu trực tiếp có thể đã cũ.",
                       "No connection to the queue server: live figures may be out of date."),
    "live_waiting": ("Đang kết nối máy chủ xếp hàng…", "Connecting to the queue server…"),
    "counters": ("Quầy", "Counters"),
    "counter": ("Quầy", "Counter"),
    "state": ("Trạng thái", "State"),
    "clerk": ("Cán bộ", "Clerk"),
    "serving": ("Đang phục vụ", "Serving"),
    "since": ("Từ", "Since"),
    "served_today": ("Đã phục vụ", "Served today"),
    "services": ("Lĩnh vực", "Services"),
    "service": ("Lĩnh vực", "Service"),
    "waiting": ("Đang chờ", "Waiting"),
    "priority": ("Ưu tiên", "Priority"),
    "longest_wait": ("Chờ lâu nhất", "Longest wait"),
    "estimated_wait": ("Ước tính chờ", "Estimated wait"),
    "service_open": ("mở", "open"),
    "service_closed": ("ngoài giờ", "closed"),
    "latest_calls": ("Số vừa gọi", "Latest calls"),
    "number": ("Số", "Number"),
    "at": ("Lúc", "At"),
    "recall": ("gọi lại", "recall"),
    "ready_dossiers": ("Hồ sơ đã có kết quả", "Dossiers ready"),
    "overdue_dossiers": ("Hồ sơ quá hạn", "Dossiers overdue"),
    "code": ("Mã hồ sơ", "Code"),
    "applicant": ("Người nộp", "Applicant"),
    "phone": ("Điện thoại", "Phone"),
    "due": ("Hẹn trả", "Due"),
    "received": ("Tiếp nhận", "Received"),
    "status": ("Trạng thái", "Status"),
    "none": ("Không có", "None"),
    "alerts": ("Cảnh báo", "Alerts"),
    "alert_wait": ("{subject}: có người đã chờ {minutes} phút (ngưỡng {limit} phút)",
                   "{subject}: someone has waited {minutes} minutes (limit {limit})"),
    "alert_pause": ("{subject} tạm nghỉ đã {minutes} phút (ngưỡng {limit} phút)",
                    "{subject} has been paused for {minutes} minutes (limit {limit})"),
    "no_alerts": ("Không có cảnh báo.", "No alerts."),
    "alert_printer": ("Ki-ốt {subject}: {state}", "Kiosk {subject}: {state}"),
    "alert_gone_kiosk": ("Ki-ốt {subject} mất kết nối từ {since}", "Kiosk {subject} disconnected since {since}"),
    "alert_gone_display": ("Màn hình {subject} mất kết nối từ {since}",
                           "Screen {subject} disconnected since {since}"),
    "alert_never_kiosk": ("Ki-ốt {subject} chưa kết nối", "Kiosk {subject} not connected"),
    "alert_never_display": ("Màn hình {subject} chưa kết nối", "Screen {subject} not connected"),
    "devices": ("Ki-ốt và màn hình", "Kiosks and screens"),
    "role_kiosk": ("Ki-ốt", "Kiosk"),
    "role_display": ("Màn hình", "Screen"),
    "connected": ("đã kết nối", "connected"),
    "disconnected": ("mất kết nối", "disconnected"),
    "printer": ("Máy in", "Printer"),
    "updated": ("Cập nhật", "Updated"),
    "minutes_unit": ("phút", "min"),
    "report_title": ("Báo cáo từ {first} đến {last}", "Report from {first} to {last}"),
    "report_title_day": ("Báo cáo ngày {day}", "Report of {day}"),
    "from": ("Từ ngày", "From"),
    "to": ("Đến ngày", "To"),
    "show": ("Xem", "Show"),
    "today": ("Hôm nay", "Today"),
    "this_week": ("7 ngày", "7 days"),
    "this_month": ("Tháng này", "This month"),
    "this_year": ("Năm nay", "This year"),
    "download_xlsx": ("Tải Excel (XLSX)", "Download Excel (XLSX)"),
    "download_csv": ("Tải CSV (từng phiếu)", "Download CSV (every ticket)"),
    "whole_hall": ("Cả sảnh", "Whole hall"),
    "issued": ("Lấy số", "Issued"),
    "served": ("Đã xong", "Served"),
    "no_show": ("Vắng", "No-show"),
    "transferred": ("Chuyển", "Transferred"),
    "wait_avg": ("Chờ TB", "Wait avg"),
    "wait_median": ("Chờ trung vị", "Wait median"),
    "wait_p90": ("Chờ P90", "Wait p90"),
    "service_avg": ("Phục vụ TB", "Service avg"),
    "service_median": ("Phục vụ trung vị", "Service median"),
    "service_p90": ("Phục vụ P90", "Service p90"),
    "by_service": ("Theo lĩnh vực", "By service"),
    "by_counter": ("Theo quầy", "By counter"),
    "by_clerk": ("Theo cán bộ", "By clerk"),
    "by_category": ("Theo đối tượng ưu tiên", "By priority category"),
    "category": ("Đối tượng ưu tiên", "Priority category"),
    "not_rated": ("Không đánh giá", "Not rated"),
    "by_day": ("Theo ngày", "By day"),
    "by_hour": ("Theo giờ", "By hour"),
    "day": ("Ngày", "Day"),
    "hour": ("Giờ", "Hour"),
    "chart_per_hour": ("Số phiếu theo giờ trong ngày", "Tickets per hour of the day"),
    "chart_wait_hour": ("Thời gian chờ trung bình theo giờ (phút)", "Average wait by hour (minutes)"),
    "chart_per_counter": ("Số công dân đã phục vụ theo quầy", "Citizens served per counter"),
    "chart_rating_clerk": ("Mức độ hài lòng theo cán bộ (% công dân đã phục vụ)",
                           "Satisfaction per clerk (% of the citizens served)"),
    "report_notes": ("Chờ: từ lúc lấy số đến khi được gọi. Phục vụ: từ khi được gọi đến khi xong. "
                     "P90: 90% công dân chờ (hoặc được phục vụ) không quá thời gian này. "
                     "Đánh giá: phần trăm số công dân đã được phục vụ.",
                     "Wait: from the ticket to the call. Service: from the call to completion. "
                     "P90: 90% of citizens waited (or were served) no longer than this. "
                     "Ratings: share of the citizens served."),
    "no_tickets": ("Không có phiếu nào trong khoảng thời gian này.", "No tickets in this period."),
    "bad_period": ("Khoảng thời gian không hợp lệ: cần hai ngày dạng YYYY-MM-DD, ngày đầu không sau ngày cuối.",
                   "Invalid period: two dates as YYYY-MM-DD are needed, the first not after the last."),
    "no_database": ("Chưa đọc được cơ sở dữ liệu của sảnh.", "The hall's database cannot be read yet."),
    "search": ("Tìm", "Search"),
    "search_hint_manager": ("Mã hồ sơ hoặc tên người nộp", "Dossier code or applicant's name"),
    "search_hint_viewer": ("Mã hồ sơ", "Dossier code"),
    "filter_all": ("Tất cả", "All"),
    "filter_ready": ("Đã có kết quả", "Ready"),
    "filter_overdue": ("Quá hạn", "Overdue"),
    "filter_returned": ("Đã trả", "Returned"),
    "results": ("{n} hồ sơ", "{n} dossiers"),
    "results_limited": ("Hiện {n} hồ sơ đầu tiên; hãy tìm cụ thể hơn.",
                        "Showing the first {n}; search more precisely."),
    "overdue": ("quá hạn", "overdue"),
    "health": ("Tình trạng", "Health"),
    "adjustments": ("Điều chỉnh", "Adjustments"),
    "adjustments_intro": ("Thay đổi trong hôm nay, có hiệu lực ngay trên mọi quầy, ki-ốt và màn hình; "
                          "từ 0 giờ ngày mai sảnh lại làm việc theo tệp cấu hình.",
                          "Changes for today, in force at once on every counter, kiosk and screen; from midnight "
                          "the hall works by its configuration file again."),
    "viewer_cannot_adjust": ("Tài khoản chỉ xem: chỉ tài khoản quản lý được điều chỉnh.",
                             "A viewer's account: only a manager's account may adjust."),
    "saved": ("Đã lưu: mọi thiết bị của sảnh đã nhận thay đổi.", "Saved: every device of the hall has the change."),
    "announcement": ("Thông báo trên màn hình sảnh", "Announcement on the hall screens"),
    "announcement_hint": ("Một dòng ngắn, tối đa 100 ký tự, hiện hôm nay dưới tên sảnh.",
                          "One short line, at most 100 characters, shown today under the hall's name."),
    "announcement_vi": ("Tiếng Việt", "Vietnamese"),
    "announcement_en": ("Tiếng Anh (không bắt buộc)", "English (optional)"),
    "save": ("Lưu", "Save"),
    "clear": ("Xoá thông báo", "Remove"),
    "no_announcement": ("Hôm nay chưa có thông báo.", "No announcement today."),
    "counter_services": ("Lĩnh vực của từng quầy hôm nay", "Each counter's services today"),
    "configured": ("Theo cấu hình", "Configured"),
    "adjusted": ("đã điều chỉnh", "adjusted"),
    "back_to_configuration": ("Về cấu hình", "As configured"),
    "services_today": ("Lĩnh vực mở hôm nay", "Services open today"),
    "hours": ("Giờ làm việc", "Hours"),
    "all_day": ("cả ngày", "all day"),
    "now": ("Hiện tại", "Now"),
    "served_at": ("Quầy", "Counters"),
    "close_now": ("Đóng từ bây giờ", "Close now"),
    "open_now": ("Mở cả ngày", "Open all day"),
    "follow_hours": ("Theo giờ làm việc", "Follow its hours"),
    "reopen": ("Mở lại", "Reopen"),
    "closed_today": ("đóng hôm nay", "closed today"),
    "opened_today": ("mở cả ngày hôm nay", "open all day today"),
    "choose_a_service": ("{counter}: hãy chọn ít nhất một lĩnh vực.", "{counter}: choose at least one service."),
    "form_not_understood": ("Biểu mẫu không hợp lệ. Vui lòng tải lại trang.",
                            "This form is not valid. Please reload the page."),
    "server_unreachable": ("Chưa gửi được tới máy chủ xếp hàng: không có gì thay đổi. Vui lòng thử lại.",
                           "Could not reach the queue server: nothing was changed. Please try again."),
    "not_found": ("Không có trang này.", "No such page."),
}


def translator(lang: str):
    index = LANGUAGES.index(lang) if lang in LANGUAGES else 0

    def t(key: str, **values) -> str:
        text = TEXTS[key][index]
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
    vi, en = TEXTS[key]
    return Text(vi.format(**{k: v.vi if isinstance(v, Text) else v for k, v in values.items()}),
                en.format(**{k: v.en if isinstance(v, Text) else v for k, v in values.items()}))
