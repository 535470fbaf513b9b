"""Every rule of the queue engine, one test each, on the test hall (tests/hall.toml).

Counters there: 1 (DD, HT), 2 (DD), 3 (HT, KD, CT), 4 (TKQ). Every refusal goes through Hall.refused,
which also checks that the refused command changed nothing at all.
"""
from dataclasses import dataclass

import pytest

from queue_protocol import errors, messages as m, states
from queue_protocol.commands import COMMAND_RULES
from queue_protocol.states import CounterState, TicketState
from queue_server.dossiers import mask_name, normalize_code, normalize_due
from queue_server.engine import HANDLERS, DayStarted, Engine, QueueEvent
from tests.queue_server.engine_helpers import TEST_CONFIG, Hall, config_with, engine_state, local

CODE = "000.00.16.G04-261120-0020"


def dossier(hall, code=CODE, status="received", applicant="Nguyễn Văn An", due_at="2026-12-03", **fields):
    return hall.do(m.UpsertDossier, code=code, applicant=applicant, service="DD", due_at=due_at,
                   status=status, **fields).dossier


# --- numbers ---------------------------------------------------------------------------------------

def test_numbers_count_per_service_from_the_range_start_or_with_the_prefix():
    hall = Hall()
    assert hall.numbers("DD", "HT", "DD", "KD", "KD", "HT") == ["1001", "2001", "1002", "A001", "A002", "2002"]


def test_a_number_is_never_given_twice_in_a_day_whatever_happened_to_it():
    hall = Hall()
    hall.numbers("DD", "DD", "DD")
    hall.call_next(2)
    hall.do(m.Recall, 2)
    hall.do(m.NoShow, 2)                           # 1001 gone
    hall.call_next(2)
    hall.do(m.Transfer, 2, service="HT")           # 1002 now waits in HT, keeping its number
    hall.call_next(2)
    hall.do(m.Complete, 2)                         # 1003 done
    hall.do(m.ExpireWaiting)
    assert hall.numbers("DD", "DD") == ["1004", "1005"]
    assert hall.numbers("HT") == ["2001"]
    assert len(hall.engine.by_number) == 6


def test_a_new_day_starts_at_local_midnight_with_fresh_numbers_and_expires_what_still_waits():
    hall = Hall(start=local(30, 23, 58))
    waiting, called = hall.issue("DD"), hall.issue("DD")
    hall.do(m.CallNumber, 2, number=called.number)
    assert hall.at(local(30, 23, 59, 59)).events == []
    # 00:00 in Ho Chi Minh City is 17:00 UTC the evening before: the hall's day, not UTC's, turns.
    outcome = hall.at(local(1, 0, 0, 0, month=12))
    assert DayStarted("2026-12-01", began_on="2026-12-01") in outcome.events
    assert outcome.tickets[waiting.id].state == TicketState.EXPIRED
    assert called.id not in outcome.tickets     # only waiting tickets expire
    assert hall.engine.day == "2026-12-01"
    assert all(c.state == CounterState.CLOSED and c.ticket_id is None and c.served_today == 0
               for c in hall.engine.counters.values())
    assert hall.engine.recent_calls == type(hall.engine.recent_calls)(maxlen=10)
    assert hall.numbers("DD", "DD") == ["1001", "1002"]
    assert hall.issue("DD").id > called.id   # ticket ids stay unique across days


def test_the_day_does_not_turn_at_utc_midnight():
    hall = Hall(start=local(30, 6, 59))
    hall.issue("DD")
    assert hall.at(local(30, 7, 0, 1)).events == []   # 00:00:01 UTC
    assert hall.engine.day == "2026-11-30"


def test_a_clock_set_back_over_midnight_does_not_reopen_yesterday_and_reuse_numbers():
    hall = Hall(start=local(30, 0, 0, 30))
    assert hall.numbers("DD") == ["1001"]
    assert hall.at(local(29, 23, 59, 50)).events == []
    assert hall.engine.day == "2026-11-30"
    assert hall.numbers("DD") == ["1002"]


def test_daily_cap_refuses_with_a_clear_message_and_counts_only_numbers_given_by_the_service():
    hall = Hall(config_with(services={"DD": {"daily_cap": 2}}))
    hall.numbers("DD", "DD")
    refusal = hall.refused(errors.DailyCapReached, m.IssueTicket, service="DD")
    assert refusal.code == "daily_cap_reached"
    assert refusal.message.vi == ("Lĩnh vực Đất đai đã hết số trong ngày hôm nay (2 số). "
                          "Mời quý vị quay lại ngày làm việc tiếp theo.")
    assert refusal.message.en == "Land has given all of today's 2 numbers. Please come back on the next working day."
    hall.issue("HT")
    hall.call_next(3)
    hall.do(m.Transfer, 3, service="DD")        # a transferred ticket is not a new DD number
    assert hall.engine.issued_count["DD"] == 2
    hall.at(local(1, 8, 0, month=12))
    assert hall.numbers("DD", "DD") == ["1001", "1002"]


def test_a_full_range_refuses_and_so_does_a_full_prefix():
    hall = Hall(config_with(services={"DD": {"range": (1001, 1002)}, "KD": {"digits": 1}}))
    hall.numbers("DD", "DD")
    refusal = hall.refused(errors.RangeExhausted, m.IssueTicket, service="DD")
    assert (refusal.message.vi, refusal.message.en) == ("Lĩnh vực Đất đai đã hết số thứ tự trong ngày hôm nay.",
                                        "Land has run out of numbers for today.")
    assert hall.numbers(*["KD"] * 9)[-1] == "A9"
    hall.refused(errors.RangeExhausted, m.IssueTicket, service="KD")


@pytest.mark.parametrize("hour, minute, is_open", [
    (7, 29, False), (7, 30, True), (11, 29, True), (11, 30, False), (12, 0, False), (13, 30, True),
    (16, 59, True), (17, 0, False), (22, 0, False),
])
def test_opening_hours(hour, minute, is_open):
    hall = Hall(start=local(30, hour, minute) - 1)
    if is_open:
        assert hall.issue("CT").number == "3001"
    else:
        refusal = hall.refused(errors.ServiceClosed, m.IssueTicket, service="CT")
        assert refusal.message.vi == ("Lĩnh vực Chứng thực hiện không nhận hồ sơ. "
                                      "Giờ làm việc: 07:30-11:30, 13:30-17:00.")
        assert refusal.message.en == "Certification is closed now. Opening hours: 07:30-11:30, 13:30-17:00."


def test_a_service_without_hours_is_always_open():
    hall = Hall(start=local(30, 3, 0))
    assert hall.numbers("DD", "KD") == ["1001", "A001"]


def test_services_opening_and_closing_are_announced_by_tick():
    hall = Hall(start=local(30, 11, 29))
    outcome = hall.at(local(30, 11, 30))
    assert [e.service for e in outcome.events] == ["CT"]


def test_the_hall_closing_time_expires_what_waits_and_closes_the_kiosk():
    hall = Hall(config_with(hall={"close_at": "17:30"}), start=local(30, 17, 0))
    first, second = hall.issue("DD"), hall.issue("HT")
    hall.call_next(2)
    outcome = hall.at(local(30, 17, 30))
    assert [t.number for t in outcome.tickets.values()] == [second.number]
    assert hall.engine.tickets[first.id].state == TicketState.CALLED
    refusal = hall.refused(errors.ServiceClosed, m.IssueTicket, service="DD")
    assert "17:30" in refusal.message.vi and "17:30" in refusal.message.en


def test_priority_is_refused_where_the_service_does_not_give_it():
    hall = Hall()
    refusal = hall.refused(errors.PriorityNotAllowed, m.IssueTicket, service="CT", priority=True)
    assert (refusal.message.vi, refusal.message.en) == ("Lĩnh vực Chứng thực không cấp số ưu tiên.",
                                        "Certification gives no priority numbers.")


def test_unknown_service_and_unknown_counter_are_refused():
    hall = Hall()
    refusal = hall.refused(errors.UnknownService, m.IssueTicket, service="XX")
    assert (refusal.message.vi, refusal.message.en) == ("Không có lĩnh vực XX.", "There is no service XX.")
    hall.refused(errors.UnknownCounter, m.CallNext, 9)


# --- calling ---------------------------------------------------------------------------------------

def test_priority_before_regular_but_at_most_priority_in_row_while_regular_wait():
    hall = Hall()   # priority_in_row = 2
    for _number in range(3):
        hall.issue("DD")
    for _number in range(4):
        hall.issue("DD", priority=True)
    calls = [hall.call_next(2) for _ in range(7)]
    assert [(t.number, t.priority) for t in calls] == [
        ("1004", True), ("1005", True), ("1001", False), ("1006", True), ("1007", True),
        ("1002", False), ("1003", False)]


def test_priority_calls_go_on_when_no_regular_ticket_waits():
    hall = Hall(config_with(hall={"priority_in_row": 1}))
    for _number in range(3):
        hall.issue("DD", priority=True)
    assert [hall.call_next(2).number for _ in range(3)] == ["1001", "1002", "1003"]
    hall.issue("DD", priority=True)
    hall.issue("DD")
    assert [hall.call_next(2).number for _ in range(2)] == ["1005", "1004"]


def test_the_ratio_is_per_counter():
    hall = Hall()
    hall.numbers("DD", "DD")
    for _number in range(4):
        hall.issue("DD", priority=True)
    assert [hall.call_next(2).number for _ in range(2)] == ["1003", "1004"]
    assert hall.call_next(1).number == "1005"   # counter 1 has called no priority ticket yet
    assert hall.call_next(2).number == "1001"


def test_oldest_first_within_a_class_across_the_counters_services():
    hall = Hall()
    hall.numbers("HT", "DD", "HT", "DD")
    assert [hall.call_next(1).number for _ in range(4)] == ["2001", "1001", "2002", "1002"]


def test_a_counter_gets_only_its_services():
    hall = Hall()
    hall.numbers("HT", "KD")
    hall.refused(errors.QueueEmpty, m.CallNext, 2)
    assert hall.call_next(1).number == "2001"
    refusal = hall.refused(errors.QueueEmpty, m.CallNext, 1)
    assert (refusal.code, refusal.message.vi) == ("queue_empty", "Không còn ai đang chờ ở các lĩnh vực của quầy này.")


def test_call_next_completes_the_current_ticket_and_opens_a_closed_counter():
    hall = Hall()
    first, second = hall.issue("DD"), hall.issue("DD")
    assert hall.engine.counters[2].state == CounterState.CLOSED
    hall.call_next(2)
    assert hall.engine.counters[2].state == CounterState.OPEN
    hall.do(m.StartServing, 2)
    outcome = hall.do(m.CallNext, 2)
    assert hall.engine.tickets[first.id].state == TicketState.DONE
    assert outcome.tickets[first.id].done_at == hall.now
    assert outcome.ticket.id == second.id and outcome.ticket.state == TicketState.CALLED
    assert hall.engine.counters[2].served_today == 1
    assert [c.number for c in outcome.calls] == ["1002"]


def test_call_next_with_an_empty_queue_keeps_the_current_ticket():
    hall = Hall()
    ticket = hall.issue("DD")
    hall.call_next(2)
    hall.refused(errors.QueueEmpty, m.CallNext, 2)
    assert hall.engine.current_ticket(2).id == ticket.id


def test_call_number_calls_out_of_turn():
    hall = Hall()
    hall.numbers("DD", "DD", "KD")
    assert hall.do(m.CallNumber, 2, number="1002").ticket.number == "1002"
    assert hall.do(m.CallNumber, 3, number=" a001 ").ticket.number == "A001"
    assert hall.call_next(1).number == "1001"


def test_call_number_refuses_numbers_the_counter_may_not_call():
    hall = Hall()
    hall.numbers("DD", "DD")
    refusal = hall.refused(errors.UnknownTicket, m.CallNumber, 3, number="1001")   # not its service
    assert (refusal.message.vi, refusal.message.en) == ("Không có số 1001 đang chờ hôm nay.",
                                                        "Number 1001 is not waiting today.")
    hall.refused(errors.UnknownTicket, m.CallNumber, 2, number="1999")
    hall.do(m.CallNumber, 2, number="1001")
    refusal = hall.refused(errors.IllegalTransition, m.CallNumber, 1, number="1001")
    assert refusal.message.en == "Ticket 1001 is called; it cannot be called."
    assert refusal.message.vi == 'Số 1001 đang ở trạng thái "đã gọi", không thể gọi số này.'


def test_recall_announces_again_up_to_max_recalls():
    hall = Hall()   # max_recalls = 3
    hall.issue("DD")
    hall.call_next(2)
    for expected in (1, 2, 3):
        outcome = hall.do(m.Recall, 2)
        assert outcome.ticket.recalls == expected
        assert [(c.number, c.recall) for c in outcome.calls] == [("1001", True)]
    refusal = hall.refused(errors.RecallLimit, m.Recall, 2)
    assert refusal.message.vi == "Đã gọi lại số 1001 3 lần: hãy đánh dấu vắng mặt."
    assert refusal.message.en == "1001 was recalled 3 times already: mark it a no-show."
    assert [c.recall for c in hall.engine.recent_calls] == [False, True, True, True]


def test_no_show_needs_the_configured_recalls():
    hall = Hall(config_with(hall={"recalls_before_no_show": 2}))
    ticket = hall.issue("DD")
    hall.call_next(2)
    hall.do(m.Recall, 2)
    refusal = hall.refused(errors.RecallFirst, m.NoShow, 2)
    assert refusal.message.vi == "Hãy gọi lại số 1001 ít nhất 2 lần trước khi đánh dấu vắng mặt."
    assert refusal.message.en == "Recall 1001 at least 2 time(s) before marking it a no-show."
    hall.do(m.Recall, 2)
    outcome = hall.do(m.NoShow, 2)
    assert outcome.ticket.state == TicketState.NO_SHOW and hall.engine.tickets[ticket.id].done_at == hall.now
    assert hall.engine.current_ticket(2) is None
    assert hall.engine.counters[2].served_today == 0


def test_start_serving_then_complete():
    hall = Hall()
    ticket = hall.issue("DD")
    hall.call_next(2)
    started = hall.do(m.StartServing, 2).ticket
    assert (started.state, started.served_at) == (TicketState.SERVING, hall.now)
    done = hall.do(m.Complete, 2)
    assert done.ticket.state == TicketState.DONE and done.counter.ticket_id is None and done.counter.served_today == 1
    assert hall.engine.tickets[ticket.id].done_at == hall.now


@pytest.mark.parametrize("command, command_vi, command_en", [
    (m.StartServing, "bắt đầu phục vụ", "start being served"),
    (m.Recall, "gọi lại", "be recalled"),
    (m.NoShow, "đánh dấu vắng mặt", "be marked a no-show"),
])
def test_illegal_moves_name_the_ticket_its_state_and_the_command(command, command_vi, command_en):
    hall = Hall()
    hall.issue("DD")
    hall.call_next(2)
    hall.do(m.StartServing, 2)
    refusal = hall.refused(errors.IllegalTransition, command, 2)
    assert refusal.code == "illegal_transition"
    assert refusal.message.en == f"Ticket 1001 is being served; it cannot {command_en}."
    assert refusal.message.vi == f'Số 1001 đang ở trạng thái "đang phục vụ", không thể {command_vi}.'


@pytest.mark.parametrize("command", [m.Recall, m.NoShow, m.StartServing, m.Complete])
def test_commands_on_the_current_ticket_need_one(command):
    hall = Hall()
    refusal = hall.refused(errors.NoCurrentTicket, command, 1)
    assert (refusal.message.vi, refusal.message.en) == ("Quầy 1 chưa gọi số nào.", "Counter 1 has no ticket called.")
    hall.refused(errors.NoCurrentTicket, m.Transfer, 1, service="HT")


def test_every_ticket_move_outside_the_table_is_illegal():
    @dataclass(frozen=True)
    class Ticket:
        number: str
        state: str
        recalls: int = 1

    for state in TicketState:
        for move in states.TICKET_MOVE_KINDS:
            ticket = Ticket("1001", state)
            if (state, move) in states.TICKET_MOVES:
                assert states.ticket_move(ticket, move, TEST_CONFIG.hall) == states.TICKET_MOVES[state, move].to
            else:
                with pytest.raises(errors.IllegalTransition, match=f"1001 is {states.STATUS_TEXTS[state].en.lower()}"):
                    states.ticket_move(ticket, move, TEST_CONFIG.hall)


def test_every_counter_move_is_in_exactly_one_table():
    pairs = {(state, move) for state in CounterState for move in states.COUNTER_MOVE_KINDS}
    assert set(states.COUNTER_MOVES) | set(states.COUNTER_REFUSALS) == pairs
    assert not set(states.COUNTER_MOVES) & set(states.COUNTER_REFUSALS)


def test_every_command_has_a_handler():
    assert set(HANDLERS) == {command for command in m.COMMANDS if not COMMAND_RULES[command].about_device}


# --- transfers -------------------------------------------------------------------------------------

def test_transfer_to_a_service_keeps_the_number_and_the_place():
    hall = Hall()   # transfer_keeps_place = true
    ticket = hall.issue("DD")
    hall.numbers("HT", "HT")
    hall.call_next(2)
    hall.do(m.StartServing, 2)
    outcome = hall.do(m.Transfer, 2, service="HT")
    moved = outcome.ticket
    assert (moved.number, moved.service, moved.state, moved.counter) == ("1001", "HT", TicketState.WAITING, None)
    assert moved.origin_service == "DD" and moved.called_at is None and moved.served_at is None
    assert outcome.counter.ticket_id is None
    assert hall.waiting_numbers(3) == ["1001", "2001", "2002"]
    assert hall.call_next(3).id == ticket.id


def test_transfer_to_a_service_goes_to_the_back_when_the_hall_says_so():
    hall = Hall(config_with(hall={"transfer_keeps_place": False}))
    hall.issue("DD")
    hall.numbers("HT", "HT")
    hall.call_next(2)
    hall.do(m.Transfer, 2, service="HT")
    assert [hall.call_next(3).number for _ in range(3)] == ["2001", "2002", "1001"]


def test_transfer_to_a_counter_is_served_there_first_and_nowhere_else():
    hall = Hall()
    ticket = hall.issue("DD")
    hall.issue("HT", priority=True)
    hall.call_next(2)
    hall.do(m.Transfer, 2, counter=3)   # counter 3 does not even serve DD
    hall.refused(errors.QueueEmpty, m.CallNext, 2)
    hall.refused(errors.UnknownTicket, m.CallNumber, 1, number="1001")
    assert hall.waiting_numbers(3) == ["1001", "2001"]
    assert (hall.engine.waiting_transferred(3), hall.engine.waiting_transferred(2)) == (1, 0)
    called = hall.call_next(3)
    assert hall.engine.waiting_transferred(3) == 0
    assert (called.id, called.target_counter, called.counter) == (ticket.id, None, 3)


def test_a_transferred_ticket_keeps_its_priority():
    hall = Hall()
    hall.issue("HT")
    hall.issue("DD", priority=True)
    hall.call_next(2)
    hall.do(m.Transfer, 2, service="HT")
    assert hall.call_next(3).number == "1001"


@pytest.mark.parametrize("target, error", [
    ({}, errors.TransferTarget), ({"service": "HT", "counter": 3}, errors.TransferTarget),
    ({"service": "DD"}, errors.TransferTarget), ({"counter": 2}, errors.TransferTarget),
    ({"service": "XX"}, errors.UnknownService), ({"counter": 9}, errors.UnknownCounter),
])
def test_transfer_needs_one_real_target_other_than_where_the_ticket_is(target, error):
    hall = Hall()
    hall.issue("DD")
    hall.call_next(2)
    hall.refused(error, m.Transfer, 2, **target)


# --- counters --------------------------------------------------------------------------------------

def test_a_paused_counter_gets_nothing_until_it_resumes():
    hall = Hall()
    hall.issue("DD")
    hall.do(m.OpenCounter, 2)
    assert hall.do(m.Pause, 2).counter.state == CounterState.PAUSED
    refusal = hall.refused(errors.CounterPaused, m.CallNext, 2)
    assert (refusal.message.vi, refusal.message.en) == ("Quầy 2 đang tạm nghỉ.", "Counter 2 is paused.")
    hall.refused(errors.CounterPaused, m.CallNumber, 2, number="1001")
    hall.refused(errors.CounterPaused, m.Pause, 2)
    assert hall.do(m.Resume, 2).counter.state == CounterState.OPEN
    hall.refused(errors.CounterNotPaused, m.Resume, 2)
    assert hall.call_next(2).number == "1001"


def test_a_counter_knows_since_when_it_is_in_its_state():
    hall = Hall()
    hall.issue("DD")
    opened = hall.do(m.OpenCounter, 2).counter
    assert opened.state_since == hall.now
    assert hall.call_next(2) and hall.engine.counters[2].state_since == opened.state_since  # still open
    hall.do(m.Complete, 2)
    paused = hall.do(m.Pause, 2).counter
    assert paused.state_since == hall.now and paused.state_since > opened.state_since
    assert hall.do(m.Resume, 2).counter.state_since == hall.now


def test_pausing_or_closing_while_a_ticket_is_called_is_refused():
    hall = Hall()
    hall.issue("DD")
    hall.call_next(2)
    refusal = hall.refused(errors.CounterBusy, m.Pause, 2)
    assert refusal.message.vi == ("Quầy 2 đang phục vụ số 1001: hãy hoàn thành, chuyển hoặc đánh dấu vắng mặt trước.")
    assert refusal.message.en == "Counter 2 is serving 1001: complete, transfer or mark it a no-show first."
    hall.refused(errors.CounterBusy, m.CloseCounter, 2)


def test_a_closed_counter_cannot_pause_so_resume_cannot_open_it():
    hall = Hall()
    refusal = hall.refused(errors.CounterClosed, m.Pause, 2)
    assert (refusal.code, refusal.message.vi, refusal.message.en) == (
        "counter_closed", "Quầy 2 đang đóng: hãy mở quầy trước.", "Counter 2 is closed: open it first.")
    hall.refused(errors.CounterNotPaused, m.Resume, 2)
    assert hall.engine.counters[2].state == CounterState.CLOSED


def test_open_and_close_counter():
    hall = Hall()
    assert hall.do(m.OpenCounter, 1).counter.state == CounterState.OPEN
    assert hall.engine.open_counters_for("DD") == 1
    assert hall.do(m.CloseCounter, 1).counter.state == CounterState.CLOSED
    assert hall.engine.open_counters_for("DD") == 0


def test_expire_waiting_expires_only_waiting_tickets():
    hall = Hall()
    first, second, third = hall.issue("DD"), hall.issue("DD"), hall.issue("HT")
    hall.call_next(2)
    outcome = hall.do(m.ExpireWaiting)
    assert sorted(outcome.tickets) == [second.id, third.id]
    assert all(t.state == TicketState.EXPIRED and t.done_at == hall.now for t in outcome.tickets.values())
    assert hall.engine.tickets[first.id].state == TicketState.CALLED
    assert hall.engine.waiting("DD") == hall.engine.waiting("HT") == 0
    hall.refused(errors.QueueEmpty, m.CallNext, 1)


# --- estimated wait --------------------------------------------------------------------------------

def test_estimated_wait_uses_the_default_duration_until_tickets_are_served():
    hall = Hall()   # DD: default_service_s = 600, no counter open: as if one, which serves the two ahead first
    hall.numbers("DD", "DD")
    outcome = hall.do(m.IssueTicket, service="DD")
    assert (outcome.ahead, outcome.estimated_wait_s) == (2, 1800)


def test_estimated_wait_is_recent_durations_times_people_ahead_over_open_counters():
    hall = Hall()
    hall.numbers("DD", "DD", "DD")
    for counter, duration in ((1, 300), (2, 500)):
        hall.call_next(counter)
        hall.now += duration - 1
        hall.do(m.Complete, counter)
    hall.do(m.OpenCounter, 1)
    hall.do(m.OpenCounter, 2)
    hall.do(m.OpenCounter, 3)   # does not serve DD
    outcome = hall.do(m.IssueTicket, service="DD")
    # Both counters free: one calls the citizen ahead, the other this one.
    assert outcome.ahead == 1 and outcome.estimated_wait_s == 0
    assert hall.engine.estimate_wait_s("DD", 3) == round(400 * (3 + 1 - 2) / 2)
    hall.do(m.Pause, 2)
    assert hall.engine.estimate_wait_s("DD", 3) == 400 * 3


def test_nobody_ahead_still_waits_while_every_counter_is_busy_and_the_kiosks_hear_when_one_is_free():
    hall = Hall()   # DD: default_service_s = 600; counters 1 and 2 serve it
    hall.do(m.OpenCounter, 1)
    hall.numbers("DD")
    hall.call_next(1)
    outcome = hall.do(m.IssueTicket, service="DD")
    assert (outcome.ahead, outcome.estimated_wait_s) == (0, 600)  # "Không phải chờ" would not be true
    hall.do(m.OpenCounter, 2)
    assert hall.engine.estimate_wait_s("DD", 1) == round(600 * (1 + 1 - 1) / 2)
    completed = hall.do(m.Complete, 1)
    assert QueueEvent("DD") in completed.events  # counter 1 is free again: the estimates change
    assert hall.engine.estimate_wait_s("DD", 0) == 0


def test_a_priority_ticket_counts_only_priority_tickets_ahead():
    hall = Hall()
    hall.numbers("DD", "DD")
    hall.issue("DD", priority=True)
    outcome = hall.do(m.IssueTicket, service="DD", priority=True)
    assert outcome.ahead == 1


# --- dossiers --------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, code", [
    ("000.00.16.G04-220324-0020", "000.00.16.G04-220324-0020"),
    ("  000.00.16.g04-220324-0020\n", "000.00.16.G04-220324-0020"),
    ("H40.20-241231-1234", "H40.20-241231-1234"),
])
def test_dossier_codes_are_normalized(typed, code):
    assert normalize_code(typed) == code


@pytest.mark.parametrize("code", [
    "", "000.00.16.G04", "000.00.16.G04-2203-0020", "000.00.16.G04-220324-20", "000 00 16 G04-220324-0020",
    "000.00.16.G04-221324-0020",   # month 13
    "000.00.16.G04-220230-0020",   # 30 February
    "000.00.16.G04-220300-0020",   # day 0
])
def test_bad_dossier_codes_are_refused(code):
    with pytest.raises(errors.InvalidDossierCode) as refusal:
        normalize_code(code)
    assert refusal.value.message.vi == f"Mã hồ sơ {code!r} không đúng dạng, ví dụ 000.00.16.G04-220324-0020."
    assert refusal.value.message.en == (f"Dossier code {code!r} is not in the right form, "
                                        "e.g. 000.00.16.G04-220324-0020.")


def test_due_dates():
    assert normalize_due("2026-12-03") == "2026-12-03"
    assert normalize_due("2026-12-03T14:30:00") == "2026-12-03T14:30"
    for bad in ("2026-02-30", "03/12/2026", "tomorrow", ""):
        with pytest.raises(errors.InvalidDate):
            normalize_due(bad)


def test_upsert_creates_then_updates_a_dossier_keeping_when_it_was_received():
    hall = Hall()
    created = dossier(hall, code=CODE.lower(), phone="0912345678")
    assert (created.code, created.status, created.received_at, created.phone) == (CODE, "received", hall.now,
                                                                                  "0912345678")
    received_at = created.received_at
    updated = dossier(hall, status="processing", applicant="  Nguyễn  Văn   An ", due_at="2026-12-05")
    assert (updated.status, updated.applicant, updated.due_at) == ("processing", "Nguyễn Văn An", "2026-12-05")
    assert updated.received_at == received_at and updated.updated_at == hall.now
    assert updated.phone is None
    decomposed = dossier(hall, applicant="Nguye\u0302\u0303n Va\u0306n An")   # accents sent apart (NFD)
    assert decomposed.applicant == "Nguyễn Văn An"
    assert list(hall.engine.dossiers) == [CODE]


def test_upsert_takes_the_received_time_from_the_sending_system():
    hall = Hall()
    created = dossier(hall, received_at="2026-11-28T10:15:00")
    assert created.received_at == local(28, 10, 15)


@pytest.mark.parametrize("fields, error", [
    ({"code": "nope"}, errors.InvalidDossierCode),
    ({"due_at": "2026-13-01"}, errors.InvalidDate),
    ({"received_at": "yesterday"}, errors.InvalidDate),
    ({"service": "XX"}, errors.UnknownService),
    ({"applicant": "   "}, errors.InvalidField),
    ({"counter": 9}, errors.UnknownCounter),
])
def test_bad_dossier_data_is_refused(fields, error):
    hall = Hall()
    values = dict(code=CODE, applicant="Nguyễn Văn An", service="DD", due_at="2026-12-03") | fields
    hall.refused(error, m.UpsertDossier, **values)


def test_dossier_status_moves_follow_the_table_and_returned_is_final():
    hall = Hall()
    dossier(hall)
    for status in ("processing", "needs_more_documents", "received", "ready"):
        assert hall.do(m.SetDossierStatus, code=CODE, status=status).dossier.status == status
    assert hall.do(m.SetDossierStatus, code=CODE, status="returned").dossier.status == "returned"
    for status in ("ready", "received", "processing"):
        refusal = hall.refused(errors.InvalidDossierStatusChange, m.SetDossierStatus, code=CODE, status=status)
    assert refusal.message.vi == (f"Hồ sơ {CODE} đang ở trạng thái đã trả kết quả, "
                                  "không thể chuyển sang đang giải quyết.")
    assert refusal.message.en == f'Dossier {CODE} is "returned"; it cannot be changed to "being processed".'
    hall.refused(errors.InvalidDossierStatusChange, m.UpsertDossier, code=CODE, applicant="Nguyễn Văn An",
                 service="DD", due_at="2026-12-03", status="received")


def test_a_dossier_is_returned_only_once_ready():
    hall = Hall()
    dossier(hall)
    hall.refused(errors.InvalidDossierStatusChange, m.SetDossierStatus, code=CODE, status="returned")
    hall.refused(errors.UnknownDossier, m.SetDossierStatus, code="000.00.16.G04-220324-0099", status="ready")


def test_overdue_is_derived_from_the_due_day_and_the_status():
    hall = Hall()
    record = dossier(hall, due_at="2026-11-29")
    assert hall.engine.is_overdue(record, local(29, 23, 59)) is False
    assert hall.engine.is_overdue(record, local(30, 0, 0)) is True
    ready = hall.do(m.SetDossierStatus, code=CODE, status="ready").dossier
    assert hall.engine.is_overdue(ready, local(30, 12)) is False


def test_a_pickup_ticket_needs_a_ready_dossier_and_carries_its_code():
    hall = Hall()
    hall.refused(errors.PickupNeedsDossier, m.IssueTicket, service="TKQ")
    hall.refused(errors.UnknownDossier, m.IssueTicket, service="TKQ", dossier=CODE)
    hall.refused(errors.InvalidDossierCode, m.IssueTicket, service="TKQ", dossier="0020")
    dossier(hall)
    refusal = hall.refused(errors.DossierNotReady, m.IssueTicket, service="TKQ", dossier=CODE)
    assert refusal.message.vi == f"Hồ sơ {CODE} chưa có kết quả (đã tiếp nhận). Ngày hẹn trả: 2026-12-03."
    assert refusal.message.en == f"Dossier {CODE} is not ready yet (received). Due: 2026-12-03."
    hall.do(m.SetDossierStatus, code=CODE, status="ready")
    hall.refused(errors.DossierOnlyForPickup, m.IssueTicket, service="DD", dossier=CODE)
    ticket = hall.issue("TKQ", dossier=CODE.lower())
    assert (ticket.number, ticket.dossier) == ("9001", CODE)
    assert hall.call_next(4).dossier == CODE


def test_one_pickup_ticket_per_dossier_until_it_is_finished():
    hall = Hall()
    other = "000.00.16.G04-261120-0021"
    for code in (CODE, other):
        dossier(hall, code=code, status="ready")
    assert hall.issue("TKQ", dossier=CODE).number == "9001"
    refusal = hall.refused(errors.PickupAlreadyIssued, m.IssueTicket, service="TKQ", dossier=CODE.lower())
    assert refusal.code == "pickup_already_issued"
    assert refusal.message.vi == "Hồ sơ này đã có số 9001. Vui lòng chờ gọi số trên màn hình."
    assert refusal.message.en == "This dossier already has number 9001. Please wait for it to be called on the screen."
    assert hall.issue("TKQ", dossier=other).number == "9002"  # another dossier is not held back
    assert hall.call_next(4).number == "9001"
    hall.refused(errors.PickupAlreadyIssued, m.IssueTicket, service="TKQ", dossier=CODE)
    hall.do(m.StartServing, 4)
    hall.refused(errors.PickupAlreadyIssued, m.IssueTicket, service="TKQ", dossier=CODE)
    hall.do(m.Complete, 4)
    assert hall.issue("TKQ", dossier=CODE).number == "9003"  # finished, the dossier still ready: a new visit


def test_ready_dossiers_in_the_order_they_became_ready():
    hall = Hall()
    other = "000.00.16.G04-261120-0021"
    dossier(hall, code=other)
    dossier(hall)
    hall.do(m.SetDossierStatus, code=CODE, status="ready")
    hall.do(m.SetDossierStatus, code=other, status="ready")
    assert [d.code for d in hall.engine.ready_dossiers()] == [CODE, other]


@pytest.mark.parametrize("name, masked", [
    ("Nguyễn Văn An", "Nguyễn V. A."),
    ("Trần Thị Bích Ngọc", "Trần T. B. N."),
    ("  Lê   Đức  ", "Lê Đ."),
    ("đặng thị ánh", "đặng T. Á."),
    ("An", "A."),
    ("", ""),
    ("Nguye\u0302\u0303n A\u0301nh", "Nguyễn Á."),   # decomposed accents (NFD) from another system
])
def test_masked_names(name, masked):
    assert mask_name(name) == masked


# --- the engine as a whole -------------------------------------------------------------------------

def test_commands_must_come_after_the_day_was_started():
    engine = Engine(TEST_CONFIG)
    with pytest.raises(RuntimeError):
        engine.handle(m.IssueTicket(id="1", service="DD"), local(), None)


def test_read_only_commands_change_nothing():
    hall = Hall()
    dossier(hall)
    before = engine_state(hall.engine)
    for outcome in (hall.do(m.Ping), hall.do(m.Stats), hall.do(m.LookupDossier, code=CODE)):
        assert outcome.events == [] and outcome.tickets == {} and outcome.dossiers == {}
    assert engine_state(hall.engine) == before
    assert hall.do(m.LookupDossier, code=CODE.lower()).dossier.code == CODE


def test_every_change_is_an_event_and_a_record_to_write():
    hall = Hall()
    issued = hall.do(m.IssueTicket, service="DD")
    assert [type(e).__name__ for e in issued.events] == ["TicketEvent", "QueueEvent"]
    assert list(issued.tickets.values()) == [issued.ticket]
    called = hall.do(m.CallNext, 2)
    kinds = [(type(e).__name__, getattr(e, "kind", None)) for e in called.events]
    # the queue twice: a ticket left it, and the counter opening changed its estimated wait
    assert kinds == [("TicketEvent", "called"), ("QueueEvent", None), ("QueueEvent", None), ("CounterEvent", None)]
    assert called.events[0].call == called.calls[0]
    assert called.counters == {2: hall.engine.counters[2]}


def test_what_changes_an_estimated_wait_announces_the_queue():
    hall = Hall()
    hall.issue("DD")
    hall.do(m.OpenCounter, 1)

    def queues(outcome):
        return sorted(e.service for e in outcome.events if type(e).__name__ == "QueueEvent")

    assert queues(hall.do(m.Pause, 1)) == ["DD", "HT"]
    assert queues(hall.do(m.Resume, 1)) == ["DD", "HT"]
    hall.call_next(1)
    # A new service duration, and counter 1 free again (it serves DD and HT)
    assert queues(hall.do(m.Complete, 1)) == ["DD", "DD", "HT"]
    assert queues(hall.do(m.CloseCounter, 1)) == ["DD", "HT"]


def test_docs_states_md_is_generated_from_the_table():
    from pathlib import Path
    committed = Path(__file__).resolve().parents[2] / "docs" / "states.md"
    assert committed.read_text(encoding="utf-8") == states.markdown(), \
        "run: python -m queue_protocol.states > docs/states.md"
