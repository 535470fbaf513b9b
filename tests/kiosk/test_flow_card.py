"""The citizen's ID card in the kiosk's flow: held for the visit, never shown; its holder's age proposes
"Người cao tuổi", its number goes with the ticket; at "Nhận kết quả" it finds its holder's dossiers."""
import msgspec

from kiosk.flow import (
    CARD,
    HOME,
    ISSUED,
    NOTICE,
    PRIORITY,
    CheckPrinter,
    Issue,
    KioskFlow,
    LookUp,
    LookUpCard,
    Notice,
)
from queue_protocol.hall_view import HallView
from queue_protocol.id_card import read_id_card
from queue_protocol.messages import Dossier, HallInfo, PriorityCategory, Snapshot, Ticket
from queue_protocol.text import Text
from tests.kiosk.test_flow import CONFIG, service, shown_texts

CATEGORIES = [PriorityCategory("elderly", "Người cao tuổi", "Older person", from_age=60),
              PriorityCategory("disability", "Người khuyết tật", "Person with a disability"),
              PriorityCategory("pregnant", "Phụ nữ mang thai", "Pregnant woman"),
              PriorityCategory("very_old", "Người từ 80 tuổi", "Aged 80 or more", from_age=80)]
HALL = HallInfo(name="Trung tâm", name_en="Centre", timezone="Asia/Ho_Chi_Minh", footer="", day="2025-06-01",
                server_time="2025-06-01T09:00:00+07:00", priority_categories=CATEGORIES)


def card_line(born: str, personal_id: str = "001050012345") -> str:
    return f"{personal_id}|123456789|Nguyễn Văn An|{born}|Nam|Thôn 1, Xã Hộ Hải, Ninh Hải, Ninh Thuận|15082021"


AGED_75 = card_line("15031950")  # 75 on 1 June 2025
AGED_59 = card_line("02061965")  # 60 only tomorrow
READY, LATER = "000.00.16.G04-250520-0020", "000.00.16.G04-250528-0031"


def ready_flow(categories=CATEGORIES) -> KioskFlow:
    view = HallView()
    view.load(Snapshot(hall=msgspec.structs.replace(HALL, priority_categories=categories),
                       services=[service("DD", "Đất đai"), service("CT", "Chứng thực", priority=False),
                                 service("TKQ", "Trả kết quả", priority=False, pickup=True)]))
    flow = KioskFlow(view, CONFIG)
    assert flow.start(0) == [CheckPrinter()]
    flow.printer_checked(0)
    flow.connection_changed(0, True)
    return flow


def scan(flow: KioskFlow, now: float, line: str) -> list:
    flow.typed(now, line)
    return flow.enter(now + 0.01)


def test_a_75_year_olds_card_at_home_proposes_nguoi_cao_tuoi_first_then_one_tap_gives_it():
    flow = ready_flow()
    assert scan(flow, 1, AGED_75) == [] and flow.screen == HOME and flow.card == read_id_card(AGED_75)
    flow.choose_service(2, "DD")
    assert flow.screen == PRIORITY
    assert flow.proposed_category.code == "elderly"  # 75: from 60, not yet from 80
    assert [c.code for c in flow.categories] == ["elderly", "disability", "pregnant", "very_old"]
    assert flow.take_ticket(3, "DD", category="elderly") == [CheckPrinter()]
    assert flow.printer_checked(3.1) == [Issue("DD", priority=True, category="elderly", card=read_id_card(AGED_75))]


def test_an_80_year_old_is_proposed_the_oldest_threshold_met_and_a_59_year_old_nothing():
    flow = ready_flow()
    scan(flow, 1, card_line("01011940"))
    assert flow.proposed_category.code == "very_old" and flow.categories[0].code == "very_old"
    scan(flow, 2, AGED_59)  # another card replaces it
    assert flow.proposed_category is None
    assert [c.code for c in flow.categories] == ["elderly", "disability", "pregnant", "very_old"]


def test_a_card_scanned_at_the_priority_question_proposes_there():
    flow = ready_flow()
    flow.choose_service(1, "DD")
    assert flow.proposed_category is None
    assert scan(flow, 2, AGED_75) == [] and flow.screen == PRIORITY
    assert flow.categories[0].code == "elderly"


def test_a_regular_ticket_and_a_service_without_priority_carry_the_card_too():
    flow = ready_flow()
    scan(flow, 1, AGED_59)
    card = read_id_card(AGED_59)
    flow.take_ticket(2, "DD")
    assert flow.printer_checked(2.1) == [Issue("DD", card=card)]
    flow.ticket_issued(2.2, Ticket(id=1, number="1001", service="DD", priority=False, state="waiting",
                                   day="2025-06-01", issued_at="2025-06-01T09:00:00+07:00", ahead=0,
                                   estimated_wait_s=0))
    assert flow.card is None  # its work done: the next ticket is the next citizen's
    flow.print_done(3.1)
    flow.go_home(3.2)
    scan(flow, 3.3, AGED_59)
    flow.choose_service(4, "CT")
    assert flow.printer_checked(4.1) == [Issue("CT", card=card)]


def test_without_categories_the_old_single_priority_button():
    flow = ready_flow(categories=[])
    scan(flow, 1, AGED_75)
    assert flow.categories == [] and flow.proposed_category is None
    flow.take_ticket(2, "DD", priority=True)
    assert flow.printer_checked(2.1) == [Issue("DD", priority=True, card=read_id_card(AGED_75))]


def test_a_card_left_behind_is_forgotten_when_nobody_is_there():
    flow = ready_flow()
    scan(flow, 1, AGED_75)
    assert flow.idle_at == 1.01 + CONFIG.idle_timeout_s  # home with a card goes back to plain home
    flow.tick(1.01 + CONFIG.idle_timeout_s)
    assert flow.card is None and flow.screen == HOME and flow.idle_at is None


def test_at_pickup_the_card_lists_its_dossiers_and_a_ready_one_gets_a_pickup_ticket_without_the_card():
    flow = ready_flow()
    flow.open_pickup(1)
    card = read_id_card(AGED_75)
    assert scan(flow, 2, AGED_75) == [LookUpCard(card)] and flow.looking_up
    ready = Dossier(code=READY, applicant="Nguyễn V. A.", service="DD", status="ready", due_at="2025-05-30")
    later = Dossier(code=LATER, applicant="Nguyễn V. A.", service="DD", status="processing", due_at="2025-06-04")
    assert flow.card_dossiers_found(3, [ready, later]) == []
    assert flow.screen == CARD and flow.card_dossiers == [ready, later] and not flow.busy
    assert flow.card is None  # scanned here, the card only finds dossiers: no ticket is taken with it
    assert flow.pick_up(4, READY) == [CheckPrinter()]
    assert flow.printer_checked(4.1) == [Issue("TKQ", dossier=READY)]  # a pickup ticket is the dossier's


def test_the_card_dossiers_go_with_their_screen():
    flow = ready_flow()
    flow.open_pickup(1)
    scan(flow, 2, AGED_75)
    ready = Dossier(code=READY, applicant="Nguyễn V. A.", service="DD", status="ready", due_at="2025-05-30")
    flow.card_dossiers_found(3, [ready])
    flow.go_home(4)
    assert flow.screen == HOME and flow.card_dossiers == [] and flow.card is None
    flow.open_pickup(5)
    scan(flow, 6, AGED_75)
    flow.card_dossiers_found(7, [ready])
    flow.tick(7 + CONFIG.idle_timeout_s)  # left alone
    assert flow.screen == HOME and flow.card_dossiers == []


def test_the_per_person_limit_refusal_is_titled_so_and_says_the_servers_words_with_the_limit():
    flow = ready_flow()
    scan(flow, 1, AGED_59)
    flow.choose_service(2, "CT")
    flow.printer_checked(2.1)
    limit = Text("Mỗi người chỉ được lấy 2 số trong một ngày; hôm nay quý vị đã lấy đủ 2 số.",
                 "Each person may take 2 number(s) a day; you have taken 2 today.")
    assert flow.issue_refused(2.2, "person_limit_reached", limit) == []
    assert flow.screen == NOTICE and not flow.busy
    assert flow.notice == Notice(Text("Đã lấy đủ số trong ngày", "Daily limit reached"), limit)


def test_a_card_scanned_at_home_with_a_card_screen_showing_looks_up_again_and_a_dossier_code_still_works():
    flow = ready_flow()
    flow.open_pickup(1)
    scan(flow, 2, AGED_75)
    flow.card_dossiers_found(3, [])
    assert flow.screen == CARD
    assert scan(flow, 4, READY) == [LookUp(READY)]  # the code on the appointment slip, scanned instead


def test_the_card_is_never_among_the_texts_shown():
    flow = ready_flow()
    flow.open_pickup(1)
    scan(flow, 2, AGED_75)
    flow.lookup_failed(3)
    assert flow.screen == NOTICE
    texts = shown_texts(flow) + repr(flow.card) + repr(LookUpCard(flow.card)) + repr(flow.categories)
    for part in ("001050012345", "123456789", "15031950", "15082021", "Nguyễn Văn An"):
        assert part not in texts


def test_a_card_where_none_is_read_does_nothing():
    flow = ready_flow()
    flow.choose_service(1, "DD")
    flow.take_ticket(2, "DD")
    flow.printer_checked(2.1)
    assert flow.busy and scan(flow, 3, AGED_75) == [] and flow.card is None  # a ticket on its way
    flow.ticket_issued(3.1, Ticket(id=1, number="1001", service="DD", priority=False, state="waiting",
                                   day="2025-06-01", issued_at="2025-06-01T09:00:00+07:00"))
    assert flow.print_done(3.2) == [] and flow.screen == ISSUED
    assert scan(flow, 4, AGED_75) == [] and flow.card is None  # the number screen takes no card


def test_a_refused_ticket_forgets_the_card_so_the_next_citizens_ticket_is_not_counted_against_it():
    flow = ready_flow()
    scan(flow, 1, AGED_75)
    flow.choose_service(2, "CT")
    assert flow.printer_checked(2.1) == [Issue("CT", card=read_id_card(AGED_75))]
    limit = Text("Mỗi người chỉ được lấy 1 số trong một ngày.", "Each person may take 1 number(s) a day.")
    flow.issue_refused(2.2, "person_limit_reached", limit)
    assert flow.screen == NOTICE and flow.card is None  # its holder is done: the refusal is theirs
    flow.go_home(3)  # "Về trang chủ"
    assert flow.screen == HOME and flow.card is None and flow.idle_at is None  # plain home, no banner to time out
    flow.choose_service(4, "DD")  # the next citizen, well within the idle timeout
    assert flow.proposed_category is None  # not offered "Người cao tuổi" on the last one's card
    flow.take_ticket(5, "DD")
    assert flow.printer_checked(5.1) == [Issue("DD")]  # counted against nobody


def test_back_from_the_priority_question_forgets_the_card():
    flow = ready_flow()
    scan(flow, 1, AGED_75)
    flow.choose_service(2, "DD")
    assert flow.proposed_category.code == "elderly"
    flow.go_home(3)  # "‹ Quay lại"
    assert flow.screen == HOME and flow.card is None and flow.idle_at is None
    flow.choose_service(4, "DD")
    assert flow.proposed_category is None and flow.categories[0].code == "elderly"  # the plain order


def test_a_refusal_of_any_kind_or_a_fault_forgets_the_card_but_a_language_switch_keeps_it():
    flow = ready_flow()
    scan(flow, 1, AGED_75)
    flow.set_lang(2, "en")  # the same citizen, reading English
    flow.choose_service(3, "DD")
    assert flow.card == read_id_card(AGED_75) and flow.proposed_category.code == "elderly"
    flow.set_lang(4, "vi")
    flow.take_ticket(5, "DD", category="elderly")
    flow.printer_checked(5.1)
    flow.issue_refused(5.2, "service_closed", Text("Dịch vụ đã đóng.", "The service is closed."))
    assert flow.card is None
    flow.go_home(6)
    scan(flow, 7, AGED_75)
    flow.connection_changed(8, False)  # the server lost: the citizen is told, and leaves
    assert flow.card is None
    flow.connection_changed(9, True)
    assert flow.screen == HOME and flow.card is None
    scan(flow, 10, AGED_75)
    flow.open_pickup(11)  # "Nhận kết quả": a card is read there for one's dossiers, not held
    assert flow.card is None
