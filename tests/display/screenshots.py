"""Regenerate docs/images/display/*.png: both orientations, busy and quiet, online and offline, a screen
without a sound device, with clerks' names, with the hall manager's announcement, a recall.

    python -m tests.display.screenshots [OUT_DIR]

Runs the real screen offscreen on a hall state built by hand (no server needed), so the pictures are the
same on every machine.
"""
import asyncio
import sys
from pathlib import Path

import msgspec

from tests.offscreen import use_offscreen_kivy

use_offscreen_kivy()

from queue_protocol import offline  # noqa: E402
from queue_protocol.messages import (  # noqa: E402  (the environment above must be set first)
    Call,
    Called,
    Clerk,
    CounterInfo,
    Dossier,
    HallInfo,
    ServiceInfo,
    Snapshot,
    TicketBrief,
    Welcome,
)
from queue_protocol.states import CounterState, DossierStatus  # noqa: E402

OUT_DIR = Path(__file__).resolve().parents[2] / "docs" / "images" / "display"
SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}

HALL = HallInfo(name="Trung tâm Phục vụ hành chính công phường Ba Đình",
                name_en="Ba Dinh Ward Public Administration Service Centre",
                timezone="Asia/Ho_Chi_Minh", footer="Xin cảm ơn quý công dân!", day="2026-11-30",
                server_time="2026-11-30T08:42:05+07:00")


def _service(code, name, name_en, waiting, counters, open_=True, pickup=False):
    return ServiceInfo(code=code, name=name, name_en=name_en, priority_allowed=True, pickup=pickup,
                       hours=[], open=open_, waiting=waiting, waiting_priority=0, estimated_wait_s=0,
                       counters=counters)


def _counter(number, services, state=CounterState.OPEN, serving=None):
    return CounterInfo(number=number, name=f"Quầy {number}", services=services, state=state,
                       serving=TicketBrief(number=serving[0], service=serving[1]) if serving else None)


def _call(call_id, number, service, counter, minute_second):
    return Call(call_id=call_id, ticket=TicketBrief(number=number, service=service), counter=counter,
                recall=False, at=f"2026-11-30T08:{minute_second}+07:00")


def busy_snapshot() -> Snapshot:
    services = [
        _service("DD", "Đất đai", "Land", 12, [1, 2, 5]),
        _service("HT", "Hộ tịch", "Civil status", 4, [1, 3]),
        _service("KD", "Đăng ký kinh doanh", "Business registration", 7, [3]),
        _service("CT", "Chứng thực", "Certification", 9, [6]),
        _service("XD", "Xây dựng", "Construction", 2, [8]),
        _service("LD", "Người có công và bảo trợ xã hội", "Social protection and veterans", 3, [3]),
        _service("NV", "Nội vụ", "Home affairs", 0, [3], open_=False),
        _service("TKQ", "Trả kết quả", "Results pickup", 3, [7], pickup=True),
    ]
    counters = [
        _counter(1, ["DD", "HT"], serving=("2015", "HT")),
        _counter(2, ["DD"], serving=("1021", "DD")),
        _counter(3, ["HT", "KD", "LD"], serving=("A007", "KD")),
        _counter(4, ["DD"], state=CounterState.PAUSED),
        _counter(5, ["DD"], serving=("1023", "DD")),
        _counter(6, ["CT"], serving=("3004", "CT")),
        _counter(7, ["TKQ"], serving=("9004", "TKQ")),
        _counter(8, ["HT", "XD"], state=CounterState.CLOSED),
    ]
    calls = [_call(41, "1023", "DD", 5, "42:01"), _call(40, "9004", "TKQ", 7, "41:30"),
             _call(39, "3004", "CT", 6, "40:12"), _call(38, "A007", "KD", 3, "39:55"),
             _call(37, "1021", "DD", 2, "38:40"), _call(36, "2015", "HT", 1, "37:02")]
    names = ["Nguyễn V. A.", "Trần T. B.", "Lê H.", "Phạm Q. D.", "Hoàng T. M.", "Võ Đ. K.", "Đặng N. L."]
    service_of = ["DD", "LD", "CT", "XD", "DD", "KD", "HT"]
    dossiers = [Dossier(code=f"000.00.16.G04-2611{27 + i // 4:02d}-00{12 + 7 * i:02d}", applicant=name,
                        service=service_of[i], status=DossierStatus.READY, due_at="2026-11-30", counter=7)
                for i, name in enumerate(names)]
    return Snapshot(hall=HALL, services=with_counters_open(services, counters), counters=counters,
                    recent_calls=calls, dossiers_ready=dossiers)


CLERKS = {1: "Nguyễn Thị Lan", 2: "Trần Văn Hùng", 3: "Lê Thị Thu Hà", 4: "Phạm Minh Đức", 5: "Võ Thị Mai",
          6: "Đặng Quốc Bảo", 7: "Hoàng Thị Ngọc Ánh"}


def with_clerk_names(snapshot: Snapshot) -> Snapshot:
    """The busy hall where screens show who is signed in at each counter ([hall] clerk_names)."""
    counters = [msgspec.structs.replace(c, clerk=Clerk(id=f"c{c.number}", name=CLERKS[c.number]))
                if c.number in CLERKS else c for c in snapshot.counters]
    return msgspec.structs.replace(snapshot, hall=msgspec.structs.replace(snapshot.hall, clerk_names=True),
                                   counters=counters)


def with_announcement(snapshot: Snapshot) -> Snapshot:
    """The busy hall with the manager's line for the day (the dashboard's Adjustments page)."""
    return msgspec.structs.replace(snapshot, hall=msgspec.structs.replace(
        snapshot.hall,
        announcement="Chiều nay từ 14:00 lĩnh vực Xây dựng tạm nghỉ, mời quý công dân quay lại vào sáng mai.",
        announcement_en="Construction is closed from 14:00 this afternoon: please come back tomorrow morning."))


def quiet_snapshot() -> Snapshot:
    busy = busy_snapshot()
    services = [_service(s.code, s.name, s.name_en, 0, s.counters, pickup=s.pickup) for s in busy.services]
    counters = [_counter(c.number, c.services, state=CounterState.CLOSED if c.number > 3 else CounterState.OPEN)
                for c in busy.counters]
    return Snapshot(hall=HALL, services=with_counters_open(services, counters), counters=counters)


def with_counters_open(services: list[ServiceInfo], counters: list[CounterInfo]) -> list[ServiceInfo]:
    """Each service with the number of its counters that are open, as the server counts them."""
    return [msgspec.structs.replace(s, counters_open=sum(c.state == CounterState.OPEN and s.code in c.services
                                                         for c in counters)) for s in services]


async def _shoot(out_dir: Path) -> list[Path]:
    from kivy.clock import Clock
    from kivy.core.window import Window

    from display.app import DisplayApp, DisplaySettings

    app = DisplayApp(DisplaySettings(server="ws://127.0.0.1:9", device="screen-1", token="-"))
    runner = asyncio.ensure_future(app.async_run(async_lib="asyncio"))
    written = []

    async def frames(n=6):
        for _ in range(n):
            await asyncio.sleep(1 / 30)

    await frames()
    shots = [(orientation, state, connected, False) for orientation in SIZES
             for state in ("busy", "quiet") for connected in (True, False)]
    shots.append(("landscape", "busy", True, True))
    shots += [(orientation, state, True, False) for state in ("clerk-names", "announcement") for orientation in SIZES]
    shots.append(("landscape", "certificate-expired", False, False))  # the client's reason on the banner
    shots.append(("landscape", "recall", True, False))
    for orientation, state, connected, silent in shots:
        Window.size = SIZES[orientation]
        app.gate = type(app.gate)()
        app.highlight_counter = 0
        app.on_welcome(Welcome(role="display", device="screen-1", protocol=1,
                               snapshot={"busy": busy_snapshot, "quiet": quiet_snapshot,
                                         "clerk-names": lambda: with_clerk_names(busy_snapshot()),
                                         "certificate-expired": busy_snapshot, "recall": busy_snapshot,
                                         "announcement": lambda: with_announcement(busy_snapshot())}[state]()))
        if state in ("busy", "clerk-names", "announcement"):
            # A call arriving live: shown highlighted, as the hall sees it for a few seconds.
            app.on_event(Called(call_id=42, ticket=TicketBrief(number="1024", service="DD"),
                                counter=2, recall=False, at="2026-11-30T08:42:05+07:00"))
        if state == "recall":  # counter 5 calls its citizen again
            app.on_event(Called(call_id=42, ticket=TicketBrief(number="1023", service="DD"),
                                counter=5, recall=True, at="2026-11-30T08:42:05+07:00"))
        app.on_connection(connected)
        app.on_offline_reason(offline.certificate_expired("192.168.1.10") if state == "certificate-expired" else None)
        app.silent = silent
        Clock.unschedule(app.tick)
        app.clock_time, app.clock_date = "08:42", "Thứ Hai, 30/11/2026"
        await frames(8)
        if app._blinker is not None:
            app._blinker.cancel()
            app._blinker = None
        # Online: the moment a call arrives (highlighted); offline or silent: the settled screen.
        app.flash = 1 if state != "quiet" and connected and not silent else 0
        await frames(12)  # every label re-fitted and re-rendered
        name = "-".join([orientation, state, "online" if connected else "offline"] + (["no-sound"] if silent else []))
        path = out_dir / f"{name}.png"
        app.root.export_to_png(str(path))
        written.append(path)
    app.stop()
    await runner
    return written


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out_dir = Path(argv[0]) if argv else OUT_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in asyncio.run(_shoot(out_dir)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
