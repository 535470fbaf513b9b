"""HallView: a snapshot kept current by events must equal a fresh snapshot of the same hall."""
from queue_protocol import messages as m
from queue_protocol.hall_view import HallView
from queue_server import views
from tests.queue_server.engine_helpers import Hall

CODE = "000.00.16.G04-261120-0020"


class WatchedHall(Hall):
    """A hall whose every outcome is broadcast, as the server would, to one client's HallView."""

    def __init__(self, role="display", counter=None):
        super().__init__()
        self.role, self.counter = role, counter
        self.view = HallView()
        self.view.load(self.snapshot())

    def snapshot(self) -> m.Snapshot:
        return views.snapshot(self.engine, self.role, self.now, self.counter)

    def do(self, command_type, counter=None, /, **fields):
        outcome = super().do(command_type, counter, **fields)
        events = views.ordered_events(self.engine, outcome, self.now) + views.latest_states(
            self.engine, [outcome], self.now)
        for topic, message in events:
            if topic in views.SUBSCRIPTIONS[self.role]:
                self.view.apply(m.decode_server(m.encode(message)))   # through the wire format
        return outcome


def seen(view: HallView) -> dict:
    return {"services": view.services, "counters": view.counters, "recent_calls": view.recent_calls,
            "dossiers_ready": view.dossiers_ready, "me": view.me}


def fresh(hall: WatchedHall) -> dict:
    view = HallView()
    view.load(hall.snapshot())
    return seen(view)


def test_load_replaces_everything():
    hall = WatchedHall()
    view = hall.view
    assert view.loaded and view.hall.day == "2026-11-30"
    assert list(view.services) == ["DD", "HT", "KD", "CT", "TKQ"]
    assert list(view.counters) == [1, 2, 3, 4]
    view.load(m.Snapshot(hall=view.hall, services=[]))
    assert view.services == {} and view.counters == {} and view.recent_calls == []


def test_events_keep_a_display_equal_to_a_fresh_snapshot():
    hall = WatchedHall()
    hall.numbers("DD", "DD", "HT")
    hall.issue("DD", priority=True)
    hall.call_next(1)
    hall.call_next(2)
    hall.do(m.Recall, 2)
    hall.do(m.StartServing, 1)
    hall.do(m.Transfer, 1, service="HT")
    hall.do(m.Pause, 1)
    hall.do(m.UpsertDossier, code=CODE, applicant="Nguyễn Văn An", service="DD", due_at="2026-12-03")
    hall.do(m.SetDossierStatus, code=CODE, status="ready")
    assert seen(hall.view) == fresh(hall)
    assert hall.view.dossiers_ready[CODE].applicant == "Nguyễn V. A."
    assert [c.recall for c in hall.view.recent_calls] == [True, False, False]
    assert sum(s.waiting for s in hall.view.services.values()) == 3
    hall.do(m.SetDossierStatus, code=CODE, status="returned")
    assert hall.view.dossiers_ready == {}
    assert seen(hall.view) == fresh(hall)


def test_recent_calls_keep_the_newest_ten_once_each():
    hall = WatchedHall()
    hall.numbers(*["DD"] * 12)
    for _ in range(12):
        hall.call_next(2)
    assert [c.ticket.number for c in hall.view.recent_calls] == [str(n) for n in range(1012, 1002, -1)]
    again = hall.view.recent_calls[0]
    hall.view.apply(m.Called(call_id=again.call_id, ticket=again.ticket, counter=again.counter,
                             recall=again.recall, at=again.at))
    assert len(hall.view.recent_calls) == 10 and seen(hall.view) == fresh(hall)


def test_a_counter_sees_its_own_counter_change():
    hall = WatchedHall(role="counter", counter=2)
    hall.do(m.OpenCounter, 2)
    hall.do(m.Pause, 2)
    assert hall.view.me.state == "paused" and hall.view.counters[2].state == "paused"
    assert seen(hall.view) == fresh(hall)


def test_counters_open_follow_the_counters_of_each_service():
    hall = WatchedHall(role="kiosk")
    assert {code: s.counters_open for code, s in hall.view.services.items()} == {
        "DD": 0, "HT": 0, "KD": 0, "CT": 0, "TKQ": 0}
    hall.do(m.OpenCounter, 1)   # DD, HT
    hall.do(m.OpenCounter, 2)   # DD
    hall.do(m.Pause, 2)
    assert {code: s.counters_open for code, s in hall.view.services.items()} == {
        "DD": 1, "HT": 1, "KD": 0, "CT": 0, "TKQ": 0}
    assert seen(hall.view) == fresh(hall)


def test_a_resync_replaces_the_state():
    hall = WatchedHall()
    hall.numbers("DD")
    resync = m.Resync(snapshot=m.Snapshot(hall=hall.view.hall, services=[]))
    hall.view.apply(resync)
    assert hall.view.services == {}


def test_events_for_unknown_services_or_counters_are_ignored():
    view = HallView()
    view.apply(m.QueueChanged(service="DD", waiting=1, waiting_priority=0, estimated_wait_s=60, open=True))
    view.apply(m.CounterChanged(counter=1, state="open"))
    assert view.services == {} and view.counters == {} and not view.loaded


def test_a_call_alone_already_tells_what_its_counter_serves():
    """The counter's own event comes just after the call: a screen in between shows no stale counter."""
    hall = WatchedHall()
    hall.numbers("DD")
    before = hall.view.counters[2]
    hall.view.apply(m.Called(call_id=1, ticket=m.TicketBrief(number="1001", service="DD"), counter=2,
                             recall=False, at="2026-11-30T09:00:00+07:00"))
    assert hall.view.counters[2].serving == m.TicketBrief(number="1001", service="DD")
    assert hall.view.counters[2].state == "open" and before.serving is None


def test_a_rating_tablet_follows_its_counter_and_hears_each_completion_there():
    hall = WatchedHall(role="rating", counter=1)
    hall.issue("DD")
    hall.issue("DD")
    hall.call_next(2)
    assert hall.view.rating is None and hall.view.me.serving is None  # another counter's work
    hall.call_next(1)
    assert hall.view.me.serving.number == "1002"
    hall.do(m.Complete, 1)
    assert hall.view.rating.ticket.number == "1002" and hall.view.rating.counter == 1
    assert seen(hall.view)["me"] == fresh(hall)["me"] and hall.view.rating == hall.snapshot().rating


def test_devices_follow_their_events_and_a_snapshot_replaces_them():
    view = HallView()
    kiosk = m.DeviceInfo(id="kiosk-1", role="kiosk", connected=False)
    view.load(m.Snapshot(hall=m.HallInfo(name="", name_en="", timezone="Asia/Ho_Chi_Minh", footer="", day="",
                                         server_time=""), services=[], devices=[kiosk]))
    view.apply(m.decode_server('{"type": "device", "device": {"id": "kiosk-1", "role": "kiosk", "connected": true, '
                               '"since": "2026-11-29T07:31:02+07:00", "printer": "out_of_paper"}}'))
    assert view.devices["kiosk-1"].printer == "out_of_paper" and view.devices["kiosk-1"].connected
    view.apply(m.Resync(snapshot=m.Snapshot(hall=view.hall, services=[])))
    assert view.devices == {}
