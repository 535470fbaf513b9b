"""The live page's contents from a snapshot and a few facts: alerts, names by role, waits, counters."""
import msgspec

from dashboard.live_model import LiveFacts, live_panel
from queue_protocol.hall_view import HallView
from queue_protocol.messages import (
    Clerk,
    CounterInfo,
    DeviceInfo,
    Dossier,
    HallInfo,
    ServiceInfo,
    Snapshot,
    TicketBrief,
)
from queue_protocol.text import Text
from tests.queue_server.engine_helpers import TEST_CONFIG, local

NOW = local(hour=10)


def hall_view(paused_since: str = "2026-11-30T09:59:00+07:00") -> HallView:
    """Counter 1 serves, counter 2 is paused (since the server says when; a minute ago unless told)."""
    view = HallView()
    view.load(Snapshot(
        hall=HallInfo(name="Sảnh", name_en="Hall", timezone="Asia/Ho_Chi_Minh", footer="", day="2026-11-30",
                      server_time="2026-11-30T10:00:00+07:00"),
        services=[ServiceInfo(code=code, name=code, name_en=code, priority_allowed=True, pickup=False, hours=[],
                              open=True, waiting=waiting, waiting_priority=0, estimated_wait_s=600, counters=[1])
                  for code, waiting in (("DD", 3), ("HT", 1), ("KD", 0))],
        counters=[CounterInfo(number=1, name="Quầy 1", services=["DD"], state="open",
                              serving=TicketBrief(number="1005", service="DD"), served_today=4,
                              clerk=Clerk(id="lan", name="Trần Thị Lan", title="Chuyên viên"),
                              state_since="2026-11-30T09:00:00+07:00"),
                  CounterInfo(number=2, name="Quầy 2", services=["DD"], state="paused",
                              state_since=paused_since)],
        dossiers_ready=[Dossier(code="000.00.16.G04-261120-0020", applicant="Nguyễn Văn An", service="DD",
                                status="ready", due_at="2026-11-30", counter=4)]))
    return view


FACTS = LiveFacts(oldest_waiting={"DD": NOW - 31 * 60, "HT": NOW - 5 * 60}, called_at={1: NOW - 7 * 60},
                  overdue=({"code": "000.00.16.G04-261101-0001", "applicant": "Trần Thị Lan", "service": "HT",
                            "due_at": "2026-11-20", "status": "processing"},))


def test_a_long_wait_and_a_long_pause_are_alerts_with_their_figures():
    panel = live_panel(hall_view(paused_since="2026-11-30T09:39:00+07:00"), FACTS, TEST_CONFIG, NOW, connected=True,
                       full_names=True)
    assert panel["alerts"] == [
        Text("Đất đai: có người đã chờ 31 phút (ngưỡng 30 phút)", "Land: someone has waited 31 minutes (limit 30)"),
        Text("Quầy 2 tạm nghỉ đã 21 phút (ngưỡng 20 phút)", "Counter 2 has been paused for 21 minutes (limit 20)")]
    dd, ht, kd = panel["services"][:3]
    assert (dd["longest"].vi, dd["late"], ht["longest"].vi, ht["late"]) == ("31 phút", True, "5 phút", False)
    assert dd["estimated"] == Text("khoảng 10 phút", "about 10 min")
    assert kd["longest"] is None and kd["estimated"] is None  # nobody waits: no figures to show
    counter = panel["counters"][0]
    assert (counter["serving"], counter["called"], counter["called_for"].vi, counter["served_today"]) == (
        "1005", "09:53", "7 phút", 4)
    assert panel["counters"][1]["paused_for"] == Text("21 phút", "21 min")
    assert (panel["counters"][0]["clerk"], panel["counters"][1]["clerk"]) == ("Trần Thị Lan", None)
    assert panel["waiting_total"] == 4


def test_a_ticket_transferred_to_a_counter_of_two_services_is_one_ticket_waiting():
    view = hall_view()
    for code in ("DD", "HT"):  # the ticket is ahead in both lines counter 2 serves
        queue = view.services[code]
        view.services[code] = msgspec.structs.replace(queue, waiting=queue.waiting + 1, waiting_transferred=1)
    view.counters[2] = msgspec.structs.replace(view.counters[2], services=["DD", "HT"], waiting_transferred=1)
    panel = live_panel(view, FACTS, TEST_CONFIG, NOW, connected=True, full_names=True)
    assert [s["waiting"] for s in panel["services"][:2]] == [4, 2]
    assert panel["waiting_total"] == 5  # the 4 in their own lines, and the transferred one once


def test_viewers_see_masked_names_managers_full_ones():
    for full_names, ready, overdue in ((True, "Nguyễn Văn An", "Trần Thị Lan"), (False, "Nguyễn V. A.", "Trần T. L.")):
        panel = live_panel(hall_view(), FACTS, TEST_CONFIG, NOW, connected=True, full_names=full_names)
        assert panel["ready"][0]["applicant"] == ready and panel["overdue"][0]["applicant"] == overdue


def test_a_quiet_hall_has_no_alerts():
    panel = live_panel(hall_view(), LiveFacts(), TEST_CONFIG, NOW, connected=False, full_names=True)
    assert panel["alerts"] == [] and panel["connected"] is False


def test_kiosks_and_screens_gone_or_out_of_paper_are_alerts():
    view = hall_view()
    view.devices = {d.id: d for d in (
        DeviceInfo(id="kiosk-1", role="kiosk", connected=True, since="2026-11-30T07:30:00+07:00",
                   printer="out_of_paper"),
        DeviceInfo(id="kiosk-2", role="kiosk", connected=True, since="2026-11-30T07:30:00+07:00",
                   printer="paper_near_end"),
        DeviceInfo(id="screen-1", role="display", connected=False, since="2026-11-30T09:41:00+07:00"),
        DeviceInfo(id="screen-2", role="display", connected=False),
        DeviceInfo(id="counter-1", role="counter", connected=False, counter=1))}
    panel = live_panel(view, LiveFacts(), TEST_CONFIG, NOW, connected=True, full_names=True)
    assert [a.vi for a in panel["alerts"]] == ["Ki-ốt kiosk-1: máy in hết giấy",
                                               "Màn hình screen-1 mất kết nối từ 09:41",
                                               "Màn hình screen-2 chưa kết nối"]
    assert panel["alerts"][0].en == "Kiosk kiosk-1: printer out of paper"
    shown = {d["id"]: (d["connected"], d["printer"], d["alert"]) for d in panel["devices"]}
    assert shown == {"kiosk-1": (True, Text("Máy in hết giấy", "Printer out of paper"), True),
                     "kiosk-2": (True, Text("Máy in sắp hết giấy", "Printer paper running low"), False),
                     "screen-1": (False, None, True), "screen-2": (False, None, True)}  # counters: their own tiles
