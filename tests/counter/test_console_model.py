"""The console's pure core: which actions make sense, what the card shows, how replies update the view."""
import msgspec
import pytest

from counter.console_model import (
    CONNECTING_BANNER,
    OFFLINE_BANNER,
    PickupOffer,
    apply_reply,
    build_model,
    enabled_actions,
    pickup_offer_after,
    waited_text,
)
from queue_protocol import offline
from queue_protocol.hall_view import HallView
from queue_protocol.messages import (
    CounterInfo,
    Dossier,
    HallInfo,
    Ok,
    PriorityCategory,
    ServiceInfo,
    Snapshot,
    Ticket,
    TicketBrief,
)

HALL = HallInfo(name="Trung tâm", name_en="Centre", timezone="Asia/Ho_Chi_Minh", footer="", day="2026-11-29",
                server_time="2026-11-29T09:00:00+07:00")


def service(code, name, waiting=0, priority=0):
    return ServiceInfo(code=code, name=name, name_en=code, priority_allowed=True, pickup=False, hours=[],
                       open=True, waiting=waiting, waiting_priority=priority, estimated_wait_s=0, counters=[1])


def ticket(number="1023", state="called", priority=False, **fields):
    fields = {"counter": 1, "called_at": "2026-11-29T09:02:40+07:00", **fields}
    return Ticket(id=7, number=number, service="DD", priority=priority, state=state, day="2026-11-29",
                  issued_at="2026-11-29T08:40:00+07:00", **fields)


def counter(state="open", serving=None, served=3, transferred=0):
    return CounterInfo(number=1, name="Quầy 1", services=["DD", "HT"], state=state, serving=serving,
                       served_today=served, waiting_transferred=transferred)


def view_with(me=None, current=None, dd_waiting=2):
    view = HallView()
    me = me or counter()
    view.load(Snapshot(hall=HALL, services=[service("DD", "Đất đai", dd_waiting, 1), service("HT", "Hộ tịch"),
                                            service("KD", "Đăng ký kinh doanh", 9)],
                       counters=[me], me=me, current=current))
    return view


@pytest.mark.parametrize("state, current, waiting, expected", [
    ("open", None, 2, {"next", "call_number", "pause", "close", "dossiers"}),
    ("open", None, 0, {"pause", "close", "dossiers"}),
    ("closed", None, 2, {"next", "call_number", "open", "dossiers"}),
    ("paused", None, 2, {"resume", "close", "dossiers"}),
    ("open", "called", 2, {"next", "call_number", "recall", "start", "no_show", "complete", "transfer",
                           "dossiers"}),
    ("open", "serving", 0, {"complete", "transfer", "dossiers"}),
])
def test_actions_that_make_sense(state, current, waiting, expected):
    current_ticket = ticket(state=current) if current else None
    assert enabled_actions(counter(state), current_ticket, waiting) == expected


def test_the_called_ticket_on_the_card():
    model = build_model(view_with(current=ticket(priority=True, recalls=2, dossier="000.00.16.G04-261120-0020")),
                        connected=True, busy=False)
    assert (model.counter_title, model.services_text) == ("Quầy 1", "Đất đai · Hộ tịch")
    assert (model.number, model.service_name, model.priority) == ("1023", "Đất đai", True)
    assert model.card_title.vi == "ĐANG GỌI" and model.idle_hint is None
    assert model.waited == "Đã chờ 23 phút · waited"
    assert (model.recalls, model.dossier) == (2, "000.00.16.G04-261120-0020")


def test_the_priority_badge_says_the_category():
    view = view_with(current=ticket(priority=True, category="elderly"))
    view.hall = msgspec.structs.replace(HALL, priority_categories=[
        PriorityCategory("elderly", "Người cao tuổi", "Older person", from_age=60)])
    assert build_model(view, connected=True, busy=False).priority_badge == "Người cao tuổi"
    view.current = ticket(priority=True)  # the old boolean alone: no category to say
    assert build_model(view, connected=True, busy=False).priority_badge == "priority"


def test_waiting_rows_only_for_the_counters_services():
    model = build_model(view_with(dd_waiting=4), connected=True, busy=False)
    assert [(r.name, r.waiting, r.waiting_priority) for r in model.waiting_rows] == [("Đất đai", 4, 1),
                                                                                     ("Hộ tịch", 0, 0)]
    assert model.waiting_total == 4


def test_a_ticket_transferred_to_this_counter_from_another_service_counts_as_waiting():
    view = view_with(me=counter(transferred=1), dd_waiting=0)
    model = build_model(view, connected=True, busy=False)
    assert model.waiting_total == 1 and "next" in model.enabled


def test_a_ticket_transferred_here_counts_in_each_row_it_is_ahead_of_and_once_in_the_total():
    """Counter 1 serves DD and HT; one ticket (of KD) was transferred to it, another to counter 2, which also
    serves DD: both are called before DD's line, one before HT's; the counter itself may call one of them."""
    view = HallView()
    me = counter(transferred=1)
    view.load(Snapshot(hall=HALL, services=[
        msgspec.structs.replace(service("DD", "Đất đai", 2 + 2, 0), counters=[1, 2], waiting_transferred=2),
        msgspec.structs.replace(service("HT", "Hộ tịch", 1 + 1, 0), waiting_transferred=1)],
        counters=[me], me=me))
    model = build_model(view, connected=True, busy=False)
    assert [(r.name, r.waiting) for r in model.waiting_rows] == [("Đất đai", 4), ("Hộ tịch", 2)]
    assert model.waiting_total == 2 + 1 + 1


def test_offline_or_busy_disables_everything():
    view = view_with(current=ticket())
    assert build_model(view, connected=False, busy=False).enabled == frozenset()
    assert build_model(view, connected=False, busy=False).banner == OFFLINE_BANNER
    assert build_model(view, connected=True, busy=True).enabled == frozenset()
    assert build_model(HallView(), connected=False, busy=False).banner == CONNECTING_BANNER


def test_the_banner_says_why_the_console_is_offline_when_the_client_knows():
    reason = offline.replaced("192.168.1.50", again=False)
    assert build_model(view_with(current=ticket()), connected=False, busy=False, offline_reason=reason).banner == reason
    assert build_model(HallView(), connected=False, busy=False, offline_reason=reason).banner == reason
    stopped = offline.replaced("192.168.1.50", again=True)
    assert build_model(HallView(), connected=False, busy=False, refused=True, offline_reason=stopped).banner == stopped
    assert build_model(view_with(current=ticket()), connected=True, busy=False, offline_reason=None).banner is None


def test_replies_set_and_clear_the_current_ticket():
    view = view_with()
    called = ticket()
    apply_reply(view, Ok(id="a", ticket=called, counter=counter(serving=TicketBrief("1023", "DD"))))
    assert view.current == called and view.me.serving.number == "1023"
    done = ticket(state="done")
    apply_reply(view, Ok(id="b", ticket=done, counter=counter(served=4)))
    assert view.current is None and view.me.served_today == 4 and view.counters[1].served_today == 4


def test_a_reply_for_another_counter_changes_nothing():
    view = view_with()
    other = CounterInfo(number=2, name="Quầy 2", services=["DD"], state="open")
    apply_reply(view, Ok(id="a", ticket=ticket(counter=2), counter=other))
    assert view.current is None and view.me.number == 1


def test_not_called_yet_has_no_waited_time():
    assert waited_text(ticket(state="waiting", called_at=None)) == ""


CODE = "000.00.16.G04-261120-0020"


def dossier(status):
    return Dossier(code=CODE, applicant="Trần Thị Bích Ngọc", service="HT", status=status, due_at="2026-12-03")


def test_completing_a_pickup_ticket_offers_its_dossier_until_the_next_action():
    done = Ok(id="a", ticket=ticket(number="9001", state="done", dossier=CODE), counter=counter())
    offer = pickup_offer_after(None, "complete", done)
    assert offer == PickupOffer("9001", CODE)
    assert pickup_offer_after(offer, "lookup", Ok(id="b", dossier=dossier("ready"))) == offer
    assert pickup_offer_after(offer, "returned", Ok(id="c", dossier=dossier("returned"))) is None
    assert pickup_offer_after(offer, "next", Ok(id="d", ticket=ticket(), counter=counter())) is None
    regular = Ok(id="e", ticket=ticket(state="done"), counter=counter())
    assert pickup_offer_after(None, "complete", regular) is None


def test_the_offer_on_the_card_and_its_key():
    offer = PickupOffer("9001", CODE)
    model = build_model(view_with(), connected=True, busy=False, offer=offer)
    assert "returned" in model.enabled and model.dossier_at_hand == CODE
    assert (model.card_title.vi, model.service_name) == ("TRẢ KẾT QUẢ", f"Hồ sơ {CODE}")
    assert model.idle_hint is None and "9001" in model.details
    called = build_model(view_with(current=ticket()), connected=True, busy=False, offer=offer)
    assert called.offer is None and "returned" not in called.enabled  # a new citizen: the offer has passed
    assert "returned" not in build_model(view_with(), connected=True, busy=True, offer=offer).enabled
    assert "returned" not in enabled_actions(counter(), None, 2)  # never from the state tables alone
