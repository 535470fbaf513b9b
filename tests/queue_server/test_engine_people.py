"""The engine and people: priority by category, per-person limits, dossiers found by an ID card, a citizen's
data found and erased on request, and the daily removal of personal data."""
import msgspec

from queue_protocol import errors, messages as m
from queue_protocol.text import Text
from queue_server.config import FairShareSection, PersonalDataSection
from queue_server.engine import PersonalDataErased, RetentionRun
from tests.queue_server.engine_helpers import TEST_CONFIG, TEST_KEY, Hall, engine_state, local

PID = "001099012345"  # the card holder's 12-digit personal ID number
OTHER_PID = "079301004567"
READY_CODE, LATER_CODE = "000.00.16.G04-261120-0020", "000.00.16.G04-261121-0007"
OTHERS_CODE = "000.00.16.G04-261120-0031"


def with_limits(per_day=None, per_service=None):
    return msgspec.structs.replace(TEST_CONFIG, fair_share=FairShareSection(per_day, per_service))


def dossier(hall, code, status="received", applicant="Nguyễn Văn An", **fields):
    return hall.do(m.UpsertDossier, code=code, applicant=applicant, service="DD", due_at="2026-12-03",
                   status=status, **fields).dossier


def card_ticket(hall, service, personal_id=PID, **fields):
    return hall.do(m.IssueTicket, service=service, personal_id=personal_id, **fields).ticket


# --- priority categories -------------------------------------------------------------------------

def test_a_category_gives_a_priority_ticket_of_that_category():
    hall = Hall()
    ticket = hall.do(m.IssueTicket, service="DD", category="elderly").ticket
    assert (ticket.priority, ticket.category) == (True, "elderly")
    assert hall.engine.waiting("DD", True) == 1


def test_the_old_boolean_still_gives_a_priority_ticket_without_a_category():
    hall = Hall()
    ticket = hall.issue("DD", priority=True)
    assert (ticket.priority, ticket.category) == (True, None)


def test_an_unknown_category_or_one_where_no_priority_is_given_is_refused():
    hall = Hall()
    refusal = hall.refused(errors.UnknownCategory, m.IssueTicket, service="DD", category="vip")
    assert refusal.message == Text("Không có đối tượng ưu tiên vip.", "There is no priority category vip.")
    hall.refused(errors.PriorityNotAllowed, m.IssueTicket, service="CT", category="pregnant")


def test_the_priority_ratio_counts_every_category_as_priority():
    hall = Hall()
    regular = hall.numbers("DD", "DD", "DD")
    elderly = hall.do(m.IssueTicket, service="DD", category="elderly").ticket.number
    pregnant = hall.do(m.IssueTicket, service="DD", category="pregnant").ticket.number
    unsaid = hall.issue("DD", priority=True).number
    called = [hall.call_next(2).number for _ in range(6)]
    assert called == [elderly, pregnant, regular[0], unsaid, regular[1], regular[2]]  # priority_in_row = 2


def test_a_transferred_ticket_keeps_its_category():
    hall = Hall()
    hall.do(m.IssueTicket, service="DD", category="disability")
    hall.call_next(2)
    hall.do(m.Transfer, 2, service="HT")
    assert hall.call_next(3).category == "disability"


# --- per-person limits -------------------------------------------------------------------------

def test_the_third_ticket_of_the_day_is_refused_with_the_limit():
    hall = Hall(with_limits(per_day=2))
    card_ticket(hall, "DD")
    card_ticket(hall, "HT")
    refusal = hall.refused(errors.PersonLimitReached, m.IssueTicket, service="KD", personal_id=PID)
    assert refusal.code == "person_limit_reached"
    assert refusal.message.vi == "Mỗi người chỉ được lấy 2 số trong một ngày; hôm nay quý vị đã lấy đủ 2 số."
    assert refusal.message.en == "Each person may take 2 number(s) a day; you have taken 2 today."
    card_ticket(hall, "KD", OTHER_PID)  # somebody else
    hall.issue("KD")  # a ticket taken without a card is not counted
    hall.at(local(1, 8, month=12))
    card_ticket(hall, "KD")  # a new day, a new count


def test_a_limit_per_service_counts_the_service_that_gave_the_number():
    hall = Hall(with_limits(per_service=1))
    card_ticket(hall, "DD")
    refusal = hall.refused(errors.PersonLimitReached, m.IssueTicket, service="DD", personal_id=PID)
    assert refusal.message.vi == ("Mỗi người chỉ được lấy 1 số lĩnh vực Đất đai trong một ngày; "
                                  "hôm nay quý vị đã lấy đủ 1 số.")
    assert refusal.message.en == "Each person may take 1 Land number(s) a day; you have taken 1 today."
    hall.call_next(2)
    hall.do(m.Transfer, 2, service="HT")
    hall.refused(errors.PersonLimitReached, m.IssueTicket, service="DD", personal_id=PID)
    card_ticket(hall, "HT")  # the transferred ticket still counts for Đất đai, not Hộ tịch


def test_limits_are_off_unless_configured():
    hall = Hall()
    assert [card_ticket(hall, "DD").number for _ in range(5)] == ["1001", "1002", "1003", "1004", "1005"]


def test_a_malformed_id_number_is_refused_without_being_repeated():
    hall = Hall()
    for bad in ("00109901234", "0010990123456", "00109901234x", "０01099012345"):
        refusal = hall.refused(errors.InvalidPersonalId, m.IssueTicket, service="DD", personal_id=bad)
        assert bad not in refusal.message.vi + refusal.message.en and "012345" not in refusal.message.en


def test_the_engine_keeps_no_id_number_only_its_keyed_hash():
    hall = Hall()
    ticket = card_ticket(hall, "DD")
    dossier(hall, READY_CODE, personal_id=PID)
    assert ticket.person == hall.engine.dossiers[READY_CODE].person == TEST_KEY.of(PID)
    assert len(ticket.person) == 64 and PID not in repr(engine_state(hall.engine))


# --- pickup by card ------------------------------------------------------------------------------

def test_a_card_finds_its_holders_dossiers_not_yet_returned_ready_ones_first():
    hall = Hall()
    dossier(hall, LATER_CODE, status="processing", personal_id=PID)
    dossier(hall, READY_CODE, status="ready", personal_id=PID)
    dossier(hall, OTHERS_CODE, status="ready", personal_id=OTHER_PID)
    dossier(hall, "000.00.16.G04-261101-0001", status="ready", personal_id=PID)
    hall.do(m.SetDossierStatus, code="000.00.16.G04-261101-0001", status="returned")
    found = hall.do(m.LookupCard, personal_id=PID).found_dossiers
    assert [(d.code, d.status) for d in found] == [(READY_CODE, "ready"), (LATER_CODE, "processing")]
    assert hall.do(m.LookupCard, personal_id="012345678901").found_dossiers == []


def test_an_update_without_the_id_number_keeps_the_link():
    hall = Hall()
    dossier(hall, READY_CODE, personal_id=PID)
    dossier(hall, READY_CODE, status="ready")  # the integration sends the dossier again, without the number
    assert [d.code for d in hall.do(m.LookupCard, personal_id=PID).found_dossiers] == [READY_CODE]


# --- a citizen's request -------------------------------------------------------------------------

def test_find_by_id_number_name_or_phone():
    hall = Hall()
    card_ticket(hall, "DD")
    dossier(hall, READY_CODE, applicant="Nguyễn Văn An", personal_id=PID)
    dossier(hall, LATER_CODE, applicant="Nguyễn Văn An", phone="0912 345 678")
    dossier(hall, OTHERS_CODE, applicant="Trần Thị Bích Ngọc", phone="0987654321")
    by_card = hall.do(m.FindPersonalData, personal_id=PID)
    assert [d.code for d in by_card.found_dossiers] == [READY_CODE]
    assert [t.number for t in by_card.found_tickets] == ["1001"]
    by_name = hall.do(m.FindPersonalData, name="  nguyễn  VĂN an ")
    assert [d.code for d in by_name.found_dossiers] == [READY_CODE, LATER_CODE] and by_name.found_tickets == []
    assert [d.code for d in hall.do(m.FindPersonalData, phone="+84 912.345.678").found_dossiers] == [LATER_CODE]
    hall.refused(errors.PersonNotGiven, m.FindPersonalData)


def test_erase_by_card_anonymises_the_dossiers_and_unlinks_todays_tickets():
    hall = Hall(with_limits(per_day=1))
    card_ticket(hall, "DD")
    dossier(hall, READY_CODE, status="ready", phone="0912345678", personal_id=PID)
    dossier(hall, OTHERS_CODE, applicant="Trần Thị Bích Ngọc", personal_id=OTHER_PID)
    outcome = hall.do(m.ErasePersonalData, personal_id=PID)
    erased = hall.engine.dossiers[READY_CODE]
    assert (erased.applicant, erased.phone, erased.person, erased.status) == ("", None, None, "ready")
    assert hall.engine.dossiers[OTHERS_CODE].applicant == "Trần Thị Bích Ngọc"
    assert all(t.person is None for t in hall.engine.tickets.values())
    assert outcome.events[-1] == PersonalDataErased((READY_CODE,), 1)
    assert [d.code for d in outcome.found_dossiers] == [READY_CODE] and len(outcome.found_tickets) == 1
    assert hall.do(m.LookupCard, personal_id=PID).found_dossiers == []
    card_ticket(hall, "HT")  # the erased ticket no longer counts against the limit


def test_erase_named_dossiers_and_nothing_if_one_is_unknown():
    hall = Hall()
    dossier(hall, READY_CODE)
    dossier(hall, LATER_CODE)
    hall.refused(errors.UnknownDossier, m.ErasePersonalData, dossiers=[READY_CODE, "000.00.16.G04-261120-9999"])
    hall.do(m.ErasePersonalData, dossiers=[READY_CODE.lower()])
    assert [d.applicant for d in hall.engine.dossiers.values()] == ["", "Nguyễn Văn An"]
    hall.refused(errors.PersonNotGiven, m.ErasePersonalData)


# --- retention -----------------------------------------------------------------------------------

def test_a_returned_dossier_keeps_personal_data_for_the_configured_days():
    config = msgspec.structs.replace(TEST_CONFIG, personal_data=PersonalDataSection(retention_days=30))
    hall = Hall(config)
    dossier(hall, READY_CODE, status="ready", phone="0912345678", personal_id=PID)
    dossier(hall, LATER_CODE, status="ready", personal_id=PID)
    hall.do(m.SetDossierStatus, code=READY_CODE, status="returned")  # 30 November
    hall.at(local(29, 8, month=12))
    assert hall.engine.dossiers[READY_CODE].applicant == "Nguyễn Văn An"
    outcome = hall.at(local(30, 0, 0, 1, month=12))  # 30 days after it was returned
    assert RetentionRun("2026-12-30", (READY_CODE,)) in outcome.events
    gone = hall.engine.dossiers[READY_CODE]
    assert (gone.applicant, gone.phone, gone.person, gone.status) == ("", None, None, "returned")
    assert hall.engine.dossiers[LATER_CODE].person == TEST_KEY.of(PID)  # ready, not returned: kept
    assert outcome.dossiers == {READY_CODE: gone}
    assert RetentionRun("2026-12-31", ()) in hall.at(local(31, 0, 0, 1, month=12)).events  # every day, once
