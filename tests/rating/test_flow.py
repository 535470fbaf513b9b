"""RatingFlow, the tablet's rules without Kivy: what is asked, when an answer is given, what a timeout keeps."""
from queue_protocol.messages import RatingLevel, RatingRequest, Text, TicketBrief
from rating.flow import IDLE, QUESTION, REASONS, THANKS, Answer, RatingFlow

GOOD = RatingLevel(code="satisfied", name=Text("Hài lòng", "Satisfied"))
BAD = RatingLevel(code="unsatisfied", name=Text("Không hài lòng", "Not satisfied"), reasons=True)


def request(number="1001", at="2026-11-30T09:10:00+07:00") -> RatingRequest:
    return RatingRequest(counter=1, ticket=TicketBrief(number=number, service="DD"), at=at)


def test_a_level_without_reasons_is_the_answer():
    flow = RatingFlow()
    assert flow.ask(request()) is None and flow.screen == QUESTION
    assert flow.choose(GOOD) == Answer("1001", "satisfied") and flow.screen == THANKS
    assert flow.timeout() is None and flow.screen == IDLE


def test_reasons_are_asked_after_a_level_that_wants_them_and_sent_in_the_order_ticked():
    flow = RatingFlow()
    flow.ask(request())
    assert flow.choose(BAD) is None and flow.screen == REASONS
    for reason in ("guidance", "attitude", "waiting_time", "attitude"):
        flow.toggle(reason)
    assert flow.send() == Answer("1001", "unsatisfied", ("guidance", "waiting_time"))


def test_an_unanswered_question_gives_nothing_and_is_not_asked_again():
    flow = RatingFlow()
    flow.ask(request())
    assert flow.timeout() is None and flow.screen == IDLE
    assert flow.ask(request()) is None and flow.screen == IDLE  # the same completion, heard again on a reconnect
    flow.ask(request(at="2026-12-01T09:10:00+07:00"))  # tomorrow's 1001 is another citizen
    assert flow.screen == QUESTION


def test_a_timeout_on_the_reasons_screen_keeps_the_level_and_the_reasons_ticked():
    flow = RatingFlow()
    flow.ask(request())
    flow.choose(BAD)
    flow.toggle("attitude")
    assert flow.timeout() == Answer("1001", "unsatisfied", ("attitude",)) and flow.screen == THANKS


def test_the_next_citizen_asked_before_the_last_one_sent_keeps_the_last_answer():
    flow = RatingFlow()
    flow.ask(request("1001"))
    flow.choose(BAD)
    assert flow.ask(request("1002")) == Answer("1001", "unsatisfied")
    assert flow.screen == QUESTION and flow.asking.ticket.number == "1002"


def test_touches_out_of_turn_do_nothing():
    flow = RatingFlow()
    assert flow.choose(GOOD) is None and flow.send() is None and flow.screen == IDLE
    flow.toggle("attitude")
    assert flow.reasons == []
