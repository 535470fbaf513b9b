"""The hall screen in the states of a real day, at the sizes halls use: the latest call stays large and no
text is drawn over another, spills out of its box or is cut short.

A real server on the demo hall (its longest service names), the real screen offscreen; what is checked
is where the letters are drawn (the ink of every label's texture), as a person sees them.
"""
import asyncio
import time

from kivy.core.window import Window

from tests.display.live import running_display, screen_text, until
from tests.screen_text import (
    ink_box,
    inside,
    overlap,
    plain_text,
    rounded,
    short,
    visible_labels,
    window_rect,
    words_left_out,
)
from tests.support import demo_hall_at_test_speed, device_session, sign_in_demo_clerks

SIZES = ((1920, 1080), (1080, 1920), (1366, 768))
READY_DOSSIERS = (0, 4, 40)
MIN_NUMBER_INK_PX = 200  # the called number's height at 1920x1080, in every state
LONGEST_EN = "Social protection and veterans"
APPLICANTS = ("Tôn Nữ Thị Hoàng Phương Thảo", "Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Hùng")
# The hall manager's line for the day near its longest (100 characters), in both languages.
ANNOUNCEMENT = ("Chiều nay từ 14:00 lĩnh vực Đất đai ngừng tiếp nhận hồ sơ, mời quý công dân quay lại vào sáng mai.",
                "From 14:00 this afternoon Land takes no more applications: please come back tomorrow morning.")


def test_the_latest_call_stays_large_and_no_text_overlaps(make_hall_server, tmp_path):
    server = make_hall_server(config=demo_hall_at_test_speed(tmp_path))
    problems = asyncio.run(every_state(server))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])


async def a_busy_morning(server) -> None:
    """Every service waits; counters 1-5 serve; the latest call is for the longest service name."""
    async with device_session(server, "kiosk", "kiosk-1") as kiosk:
        for service, count in (("DD", 4), ("KD", 3), ("HT", 3), ("XD", 2), ("LD", 3), ("CT", 3)):
            for _ in range(count):
                await kiosk.request("issue_ticket", service=service)
    async with device_session(server, "admin", "admin-1") as admin:  # Xây dựng closed for the rest of the day
        reply = await admin.request("set_service_open", service="XD", open=False, by="quanly")
        assert reply["type"] == "ok", reply
    await sign_in_demo_clerks(server, (1, 2, 3, 4, 5))  # the demo hall's counters call with a clerk signed in
    for counter in (1, 2, 3, 4, 5):  # Next opens a closed counter; counter 5 calls LD (older than CT)
        async with device_session(server, "counter", f"counter-{counter}") as clerk:
            reply = await clerk.request("call_next")
            assert reply["type"] == "ok", reply


async def make_ready(server, numbers: range) -> None:
    async with device_session(server, "integration", "integration-1") as integration:
        for i in numbers:
            code = f"000.00.16.G04-2611{20 + i // 10:02d}-{i:04d}"
            await integration.request("upsert_dossier", code=code, applicant=APPLICANTS[i % len(APPLICANTS)],
                                      service="LD", due_at="2026-11-30", status="processing")
            reply = await integration.request("set_dossier_status", code=code, status="ready", counter=6)
            assert reply["type"] == "ok", reply


async def announce(server, text: str, text_en: str) -> None:
    async with device_session(server, "admin", "admin-1") as admin:
        reply = await admin.request("set_announcement", text=text, text_en=text_en, by="quanly")
        assert reply["type"] == "ok", reply


async def every_state(server) -> list[str]:
    """Without ready dossiers and without an announcement; then, with the day's announcement, some and many."""
    problems = []
    await a_busy_morning(server)
    async with running_display(server) as app:
        await until(lambda: app.root.ids.headline_counter.text == "ĐẾN QUẦY SỐ 5", what="the call to counter 5")
        assert LONGEST_EN in app.root.ids.headline_english.text
        assert "chưa có quầy phục vụ" in screen_text(app)  # Trả kết quả: its counter 6 is closed
        closed = next(chip for chip in app.root.ids.waiting_box.children if chip.name == "Xây dựng")
        assert [plain_text(label) for label in visible_labels(closed)] == ["Xây dựng", "Đã đóng\nClosed"]
        shown = 0
        for ready in READY_DOSSIERS:
            if ready and not app.announcement:
                await announce(server, *ANNOUNCEMENT)
                await until(lambda: app.announcement == ANNOUNCEMENT[0], what="the announcement on screen")
            await make_ready(server, range(shown, ready))
            shown = ready
            await until(lambda: app.dossier_count == ready, what=f"{ready} dossiers on screen")
            problems += await at_every_size(app, f"{ready} ready, online")
            server.kill()
            await until(lambda: not app.connected, what="the screen to notice the server is gone")
            problems += await at_every_size(app, f"{ready} ready, offline")
            if ready != READY_DOSSIERS[-1]:
                server.start()
                await until(lambda: app.connected, timeout=15, what="the screen back online")
    return problems


async def at_every_size(app, state: str) -> list[str]:
    problems = []
    for size in SIZES:
        Window.size = size
        await until(lambda: tuple(app.root.size) == size, what=f"the screen at {size}")
        problems += [f"{state}, {size[0]}x{size[1]}: {p}" for p in await settled_problems(app, size)]
    return problems


async def settled_problems(app, size, timeout: float = 3.0) -> list[str]:
    """The layout's problems once it has settled: labels are laid out and re-rendered a frame or two after
    the window changes, later still on a busy machine."""
    deadline, seen = time.monotonic() + timeout, []
    while True:
        await asyncio.sleep(0.1)
        seen.append(layout_problems(app, size))
        # Done when nothing is wrong, or the same things stay wrong over three frames in a row.
        if not seen[-1] or seen[-3:] == [seen[-1]] * 3 or time.monotonic() > deadline:
            return seen[-1]


def layout_problems(app, size) -> list[str]:
    problems = []
    drawn = []
    for label in visible_labels(app.root):
        box = ink_box(label)
        if box is None:
            continue
        drawn.append((label, box))
        where = f"'{short(label.text)}' {rounded(box)}"
        if label.is_shortened or words_left_out(label):
            problems.append(f"{where} is cut short: {words_left_out(label)}")
        if not inside(box, (0, 0) + tuple(size)):
            problems.append(f"{where} is not wholly on the screen")
        if label.parent is not None and not inside(box, window_rect(label.parent)):
            problems.append(f"{where} spills out of its box {rounded(window_rect(label.parent))}")
    for i, (a, box_a) in enumerate(drawn):
        for b, box_b in drawn[i + 1:]:
            if overlap(box_a, box_b):
                problems.append(f"'{short(a.text)}' {rounded(box_a)} overlaps '{short(b.text)}' {rounded(box_b)}")
    number = ink_box(app.root.ids.headline_number)
    if size == (1920, 1080) and (number is None or number[3] - number[1] < MIN_NUMBER_INK_PX):
        problems.append(f"the called number is {None if number is None else number[3] - number[1]} px tall")
    return problems

