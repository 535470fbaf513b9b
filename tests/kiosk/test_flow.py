"""The kiosk's flow without Kivy: taps, scans, answers and time in; screens, texts and jobs out."""
import ssl

import msgspec
import pytest

from kiosk.config import KioskConfig
from kiosk.flow import (
    HOME,
    INVALID_CODE,
    ISSUED,
    NOTICE,
    OUT_OF_SERVICE,
    PICKUP,
    PRINTING,
    PRINTING_SCREEN_AFTER_S,
    PRIORITY,
    SCAN_GAP_S,
    UNKNOWN_DOSSIER,
    CheckPrinter,
    Issue,
    KioskFlow,
    LookUp,
    Print,
)
from kiosk.texts import TEXTS
from kiosk.ticket import ticket_content
from kiosk.view_model import ahead_text
from queue_protocol import offline
from queue_protocol.durations import NO_WAIT
from queue_protocol.hall_view import HallView
from queue_protocol.messages import Dossier, HallInfo, ServiceInfo, Snapshot, Ticket
from queue_protocol.text import Text

CONFIG = KioskConfig(idle_timeout_s=30, result_s=6, printer_retry_s=10, touch_guard_s=0.5)
HALL = HallInfo(name="Trung tâm", name_en="Centre", timezone="Asia/Ho_Chi_Minh", footer="", day="2026-11-30",
                server_time="2026-11-30T09:00:00+07:00")
READY = "000.00.16.G04-261120-0020"
NO_PAPER = Text("Máy in hết giấy", "Printer is out of paper")


def service(code, name, priority=True, pickup=False, open=True):
    return ServiceInfo(code=code, name=name, name_en=code, priority_allowed=priority, pickup=pickup, hours=[],
                       open=open, waiting=0, waiting_priority=0, estimated_wait_s=0, counters=[1])


def ticket(number="1001", service="DD", priority=False, dossier=None):
    return Ticket(id=1, number=number, service=service, priority=priority, state="waiting", day="2026-11-30",
                  issued_at="2026-11-30T09:00:00+07:00", dossier=dossier, ahead=0, estimated_wait_s=0)


def dossier(status="ready"):
    return Dossier(code=READY, applicant="Nguyễn V. A.", service="DD", status=status, due_at="2026-12-02")


def ready_flow(services=None) -> KioskFlow:
    """A kiosk at its home screen: the hall loaded, connected, the printer checked."""
    view = HallView()
    view.load(Snapshot(hall=HALL, services=services or [
        service("DD", "Đất đai"), service("CT", "Chứng thực", priority=False),
        service("XD", "Xây dựng", open=False), service("TKQ", "Trả kết quả", priority=False, pickup=True)]))
    flow = KioskFlow(view, CONFIG)
    assert flow.start(0) == [CheckPrinter()]
    flow.printer_checked(0)
    flow.connection_changed(0, True)
    assert flow.screen == HOME
    return flow


def shown_texts(flow: KioskFlow) -> str:
    """Every text the flow gives the screens, as one string."""
    parts = [flow.code]
    for content in (flow.notice, flow.out_of_service):
        if content is not None:
            parts += [str(value) for value in vars(content).values()]
    return "\n".join(parts)


def test_starts_out_of_service_until_the_server_and_the_printer_answered():
    view = HallView()
    flow = KioskFlow(view, CONFIG)
    assert flow.screen == OUT_OF_SERVICE and flow.out_of_service.reason.vi == "Đang kết nối..."
    assert flow.start(0) == [CheckPrinter()]
    assert flow.printer_checked(0.1) == []
    flow.connection_changed(0.2, True)
    assert flow.screen == OUT_OF_SERVICE  # connected, but no hall yet
    view.load(Snapshot(hall=HALL, services=[service("DD", "Đất đai")]))
    flow.connection_changed(0.3, True)
    assert flow.screen == HOME and not flow.has_pickup


def test_out_of_service_tells_the_staff_why_the_server_is_not_reached_when_the_client_knows():
    flow = ready_flow()
    flow.connection_changed(1, False)
    assert flow.screen == OUT_OF_SERVICE and flow.out_of_service.staff == TEXTS["server_down_staff"]
    expired = offline.attempt_failed(expired_certificate(), "wss://192.168.1.10:8765")
    flow.offline_reason_changed(2, expired)
    assert flow.out_of_service.staff.vi == ("Chứng chỉ của máy chủ 192.168.1.10 đã hết hạn: hãy báo quản trị cấp "
                                            "chứng chỉ mới.")
    assert flow.out_of_service.reason == TEXTS["server_down"]
    flow.offline_reason_changed(3, None)
    flow.connection_changed(3, True)
    assert flow.screen == HOME


def expired_certificate() -> ssl.SSLCertVerificationError:
    error = ssl.SSLCertVerificationError(1, "certificate verify failed: certificate has expired")
    error.verify_code, error.verify_message = 10, "certificate has expired"
    return error


def test_a_ticket_checks_the_printer_then_is_issued_printed_and_shown():
    flow = ready_flow()
    assert flow.choose_service(1, "DD") == [] and flow.screen == PRIORITY and flow.choice == "DD"
    assert flow.take_ticket(2, "DD", priority=True) == [CheckPrinter()]
    assert flow.screen == PRIORITY and flow.busy  # a quick ticket goes straight to its number
    assert flow.take_ticket(2.1, "DD") == []  # a double tap: the first tap's ticket is on its way
    assert flow.printer_checked(2.15) == [Issue("DD", True, None)]
    issued = ticket(priority=True)
    assert flow.ticket_issued(2.2, issued) == [Print(issued, NO_WAIT)]
    assert flow.next_deadline == 2 + PRINTING_SCREEN_AFTER_S
    flow.tick(2 + PRINTING_SCREEN_AFTER_S)
    assert flow.screen == PRINTING  # a slow one shows that it prints
    assert flow.print_done(2.5) == [] and not flow.busy
    assert (flow.screen, flow.ticket, flow.printed) == (ISSUED, issued, True)
    assert flow.idle_at == 2.5 + CONFIG.result_s
    flow.tick(2.5 + CONFIG.result_s)
    assert flow.screen == HOME


@pytest.mark.parametrize("counters_open, ahead, wait_s, screen, paper", [
    (2, 11, 95 * 60, ("Trước bạn còn 11 người · khoảng 1 giờ 35 phút", "11 ahead of you · about 1 h 35 min"),
     ("khoảng 1 giờ 35 phút", "about 1 h 35 min")),
    (0, 11, 95 * 60, ("Trước bạn còn 11 người · chưa có quầy phục vụ", "11 ahead of you · no counter open"),
     ("chưa có quầy phục vụ", "no counter open")),
    (2, 0, 0, ("Bạn là người tiếp theo · không phải chờ", "You are next · no wait"), ("Không phải chờ", "No wait")),
])
def test_the_screen_and_the_printed_ticket_say_the_same_wait(counters_open, ahead, wait_s, screen, paper):
    flow = ready_flow()
    flow.view.services["DD"] = msgspec.structs.replace(flow.view.services["DD"], counters_open=counters_open)
    flow.take_ticket(1, "DD")
    flow.printer_checked(1.1)
    issued = msgspec.structs.replace(ticket(), ahead=ahead, estimated_wait_s=wait_s)
    [job] = flow.ticket_issued(1.2, issued)
    assert ahead_text(issued.ahead, flow.wait) == Text(*screen)   # the issued screen's line
    assert ticket_content(HALL, flow.view.services["DD"], issued, job.wait).wait == Text(*paper)   # the paper


def test_a_service_without_priority_issues_at_once_and_a_closed_one_does_nothing():
    flow = ready_flow()
    assert flow.choose_service(1, "XD") == [] and flow.screen == HOME
    assert flow.choose_service(1, "CT") == [CheckPrinter()] and flow.busy
    assert flow.choose_service(1.1, "DD") == [] and flow.screen == HOME


def test_a_printer_fault_issues_nothing_and_is_checked_again_until_fixed():
    flow = ready_flow()
    flow.choose_service(1, "CT")
    assert flow.printer_checked(1.2, fault=NO_PAPER) == []  # no Issue job: nothing is issued
    assert flow.screen == OUT_OF_SERVICE and not flow.busy
    assert flow.out_of_service.reason == NO_PAPER and flow.out_of_service.can_retry
    assert flow.out_of_service.staff.vi.startswith("Cán bộ: kiểm tra máy in")
    assert flow.next_deadline == 1.2 + CONFIG.printer_retry_s
    assert flow.tick(5) == []
    assert flow.tick(11.2) == [CheckPrinter()]
    assert flow.tick(11.3) == [] and flow.retry_printer(11.3) == []  # one check at a time
    flow.printer_checked(11.5, warning=Text("Máy in sắp hết giấy", "Printer paper is running low"))
    assert flow.screen == HOME and flow.printer_warning.en == "Printer paper is running low"
    assert flow.next_deadline is None


def test_issued_but_not_printed_keeps_the_number_until_reprinted_or_left():
    flow = ready_flow()
    flow.choose_service(1, "CT")
    flow.printer_checked(1.1)
    issued = ticket("3001", "CT")
    flow.ticket_issued(1.2, issued)
    cannot = Text("Không kết nối được máy in", "Cannot connect to the printer")
    flow.print_done(1.5, error=cannot)
    assert (flow.screen, flow.printed, flow.print_error, flow.ticket) == (ISSUED, False, cannot, issued)
    assert flow.idle_at == 1.5 + CONFIG.idle_timeout_s  # not result_s: the citizen needs time to note it
    flow.connection_changed(2, False)
    assert flow.screen == ISSUED  # a lost server does not take the number off the screen
    assert flow.reprint(3) == [Print(issued, NO_WAIT)] and flow.busy
    assert flow.reprint(3.1) == []
    flow.print_done(3.5)
    assert flow.screen == ISSUED and flow.printed and flow.print_error is None
    flow.go_home(4)
    assert flow.screen == OUT_OF_SERVICE and flow.out_of_service.reason.vi == "Mất kết nối với máy chủ xếp hàng"
    flow.connection_changed(5, True)
    assert flow.screen == HOME


def test_a_server_that_does_not_answer_then_does():
    flow = ready_flow()
    flow.choose_service(1, "CT")
    flow.printer_checked(1.1)
    flow.server_silent(9.1)
    assert flow.screen == OUT_OF_SERVICE and flow.out_of_service.staff.vi.startswith("Đang chờ máy chủ để cấp số")
    flow.connection_changed(9.5, True)
    assert flow.screen == OUT_OF_SERVICE and flow.busy  # the ticket under way decides what comes next
    assert flow.ticket_issued(10, ticket("3001", "CT")) == [Print(ticket("3001", "CT"), NO_WAIT)]
    flow.tick(10 + PRINTING_SCREEN_AFTER_S)
    assert flow.screen == PRINTING


def test_a_refusal_shows_the_servers_words():
    flow = ready_flow()
    flow.choose_service(1, "CT")
    flow.printer_checked(1.1)
    message = Text("Lĩnh vực Chứng thực đã hết số trong ngày hôm nay (1 số).", "Certification has given all")
    flow.issue_refused(1.2, "daily_cap_reached", message)
    assert flow.screen == NOTICE and flow.notice.title.vi == "Không cấp được số" and flow.notice.body == message
    assert not flow.busy


def test_a_dossier_scanned_again_shows_the_number_it_already_has():
    flow = ready_flow()
    flow.typed(1, READY)
    flow.enter(1)
    flow.dossier_found(1.1, dossier())
    flow.printer_checked(1.2)
    message = Text("Hồ sơ này đã có số 9001. Vui lòng chờ gọi số trên màn hình.",
                        "This dossier already has number 9001. Please wait for it to be called on the screen.")
    flow.issue_refused(1.3, "pickup_already_issued", message)
    assert flow.notice.title == Text("Hồ sơ đã có số thứ tự", "This dossier already has a number")
    assert flow.notice.body == message and flow.screen == NOTICE


def test_left_alone_a_screen_goes_home_in_vietnamese_and_a_touch_means_someone_is_there():
    flow = ready_flow()
    flow.set_lang(1, "en")
    assert flow.idle_at == 1 + CONFIG.idle_timeout_s  # English at home: the next citizen gets Vietnamese
    assert flow.touch(20)
    flow.tick(31)
    assert flow.lang == "en"
    flow.tick(50)
    assert (flow.screen, flow.lang, flow.idle_at) == (HOME, "vi", None)
    flow.open_pickup(60)
    assert flow.screen == PICKUP and flow.lang == "vi"
    flow.typed(89, READY)
    flow.enter(89)
    flow.tick(95)
    assert flow.screen == PICKUP and flow.next_deadline is None  # the lookup under way decides
    flow.dossier_found(96, dossier("processing"))
    assert flow.screen == NOTICE and flow.next_deadline == 96 + CONFIG.idle_timeout_s
    flow.tick(126)
    assert flow.screen == HOME


def test_a_new_screen_ignores_touches_for_a_moment():
    flow = ready_flow()
    flow.choose_service(10, "DD")
    assert not flow.touch(10.2)  # the second tap of a double tap on the service's tile
    assert flow.touch(10 + CONFIG.touch_guard_s)
    flow.set_lang(11, "en")  # the same screen: no new moment
    assert flow.touch(11.1)


def test_a_scanned_text_that_is_no_dossier_code_is_said_invalid_never_shown_back():
    flow = ready_flow()
    scanned = "XEPHANG|2026-11-30|DD|1023 Nguyễn Văn An"  # a ticket's QR code, or anything else
    assert flow.typed(1, scanned) == [] and flow.screen == HOME
    assert flow.enter(1.01) == []  # no LookUp job: the text stays in the kiosk
    assert flow.screen == NOTICE and flow.notice == INVALID_CODE
    assert flow.notice.title.vi == "Mã không hợp lệ" and flow.notice.title.en == "This code is not valid"
    texts = shown_texts(flow)
    for part in scanned.split("|"):
        assert part not in texts


def test_a_scanned_dossier_code_is_looked_up_and_a_ready_one_gets_a_pickup_ticket():
    flow = ready_flow()
    flow.typed(1, READY.lower() + " ")
    assert flow.enter(1.01) == [LookUp(READY)]
    assert (flow.screen, flow.code, flow.looking_up) == (PICKUP, READY, True)
    assert flow.dossier_found(1.2, dossier()) == [CheckPrinter()] and flow.busy
    assert flow.printer_checked(1.3) == [Issue("TKQ", False, READY)]


def test_scanner_keys_start_a_new_code_after_a_pause_and_count_only_where_a_code_is_asked_for():
    flow = ready_flow()
    flow.typed(1, "000.00")
    flow.typed(1 + SCAN_GAP_S + 0.1, READY)
    assert flow.enter(1.7) == [LookUp(READY)]
    flow.lookup_refused(1.8, "unknown_dossier")
    assert flow.notice == UNKNOWN_DOSSIER and READY not in shown_texts(flow)
    flow.typed(2, READY)  # a citizen may scan again at the notice
    assert flow.enter(2) == [LookUp(READY)]
    flow.dossier_found(2.1, dossier("processing"))
    assert flow.notice.title.vi == f"Hồ sơ {READY}" and flow.notice.body.vi.startswith("Đang giải quyết")
    flow.go_home(3)
    flow.choose_service(3, "DD")
    flow.typed(4, READY)
    assert flow.enter(4) == [] and flow.screen == PRIORITY


def test_the_on_screen_keyboard_fills_the_field_and_looks_up_what_it_shows():
    flow = ready_flow()
    flow.open_pickup(1)
    for key in "12X⌫3":
        flow.key(1.5, key)
    assert flow.code == "123"
    flow.look_up(2)
    assert flow.notice == INVALID_CODE and "123" not in shown_texts(flow)
    flow.open_pickup(3)
    assert flow.code == ""  # leaving the screen emptied the field
    for key in READY:
        flow.key(3.5, key)
    assert flow.enter(4) == [LookUp(READY)]  # a keyboard's Enter with nothing scanned: the field
    flow.lookup_failed(5)
    assert flow.notice.title.vi == "Mất kết nối với máy chủ xếp hàng" and not flow.busy
    flow.open_pickup(6)
    flow.key(6, "1")
    flow.clear_code(6)
    assert flow.code == "" and flow.look_up(7) == []


@pytest.mark.parametrize("error_code", ["invalid_dossier_code", "malformed"])
def test_the_servers_refusal_of_a_lookup_never_echoes_the_code(error_code):
    flow = ready_flow()
    flow.typed(1, READY)
    flow.enter(1)
    flow.lookup_refused(1.1, error_code)
    assert flow.notice == INVALID_CODE and not flow.busy


def test_a_job_that_failed_unexpectedly_does_not_leave_the_kiosk_busy():
    flow = ready_flow()
    flow.choose_service(1, "CT")
    flow.job_failed(2)
    assert flow.screen == HOME and not flow.busy
    assert flow.choose_service(3, "CT") == [CheckPrinter()]
