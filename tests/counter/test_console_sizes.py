"""The console at every window size a clerk's PC gives it, on the demo hall's counter 5 (its longest service
names), in each state of the counter and in each dialog: every button whole and on screen, and every text
whole — wrapped, or made shorter on purpose, never cut by the window or drawn over another text."""
import asyncio
import time

from counter.cli import DEFAULT_WINDOW
from counter.widgets import ClerkButton
from queue_protocol.device_options import window_size
from tests.counter.console_driver import Window, running_console, until
from tests.screen_text import inside, overlap, rounded, text_problems, window_rect
from tests.support import demo_hall_at_test_speed, device_session, sign_in_demo_clerks

DOSSIER = "000.00.16.G04-261129-0031"
SIZES = ("540x940", "480x700", "420x520", "410x500", "800x480", "1366x768", DEFAULT_WINDOW)
# The pictures in docs/images/counter (XEPHANG_SCREENSHOTS=docs/images/counter): the console at every size, a
# few states at the smallest, the dialogs where the window's own pixels can be read (see Console.screenshot).
SCREENSHOTS = {("called", size) for size in SIZES} | {
    ("refused", "420x520"), ("pickup completed", "420x520"), ("offline", "410x500"), ("paused", "800x480"),
    ("dossiers dialog", "420x520"), ("transfer dialog", "420x520"), ("dossiers dialog", "800x480")}
MIN_BUTTON_HEIGHT = 36


def test_every_state_at_every_size(make_hall_server, tmp_path):
    server = make_hall_server(config=demo_hall_at_test_speed(tmp_path))
    problems = asyncio.run(every_state_at_every_size(server))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:60])


async def every_state_at_every_size(server):
    async with device_session(server, "kiosk", "kiosk-1") as kiosk, \
            device_session(server, "integration", "integration-1") as integration:
        await kiosk.request("issue_ticket", service="LD", category="merit")  # 4001, the longest category: called first
        await kiosk.request("issue_ticket", service="LD")
        await kiosk.request("issue_ticket", service="CT")
        await integration.request("upsert_dossier", code=DOSSIER, applicant="Tôn Nữ Thị Hoàng Phương Thảo",
                                  service="LD", due_at="2026-12-03", status="ready", counter=6)
    await sign_in_demo_clerks(server, (5, 6))  # the demo hall's counters call with a clerk signed in
    problems = []
    try:
        async with running_console(server.url, "counter-5", server.token("counter-5")) as console:
            problems += await at_every_size(console, "idle")
            await console.press("next")
            await until(lambda: console.text("number") == "4001", what="4001 called")
            problems += await at_every_size(console, "called")
            problems += await dialogs_at_every_size(console)
            await console.key("f5")  # a no-show before any recall: the server's refusal, in full
            await until(lambda: console.app.feedback.error, what="the refusal")
            problems += await at_every_size(console, "refused")
            await console.key("f3")
            await until(lambda: "ĐANG PHỤC VỤ" in console.text("card_title"), what="serving")
            problems += await at_every_size(console, "serving")
            await console.key("f4")
            await until(lambda: console.text("number") == "—", what="completed")
            await a_pickup_sent_to_counter_5(server)
            await console.key("f1")
            await until(lambda: console.text("number").startswith("9"), what="the pickup ticket called")
            await console.key("f4")
            await until(lambda: console.app.model.dossier_at_hand == DOSSIER and console.enabled("returned"),
                        what="the offer to mark it returned")
            problems += await at_every_size(console, "pickup completed")
            await console.key("enter")
            await until(lambda: "đã trả kết quả" in console.text("feedback"), what="the dossier returned")
            await console.key("f8")
            await until(lambda: "Tạm nghỉ" in console.text("counter_state"), what="paused")
            problems += await at_every_size(console, "paused")
            server.kill()
            await until(lambda: "Mất kết nối" in console.text("banner"), what="offline banner")
            problems += await at_every_size(console, "offline")
    finally:
        Window.size = window_size(DEFAULT_WINDOW)
    return problems


async def a_pickup_sent_to_counter_5(server) -> None:
    """A pickup ticket, called at the pickup counter and sent on to counter 5 (served there first)."""
    async with device_session(server, "kiosk", "kiosk-1") as kiosk, \
            device_session(server, "counter", "counter-6") as c6:
        await kiosk.request("issue_ticket", service="TKQ", dossier=DOSSIER)
        await c6.request("call_next")
        reply = await c6.request("transfer", counter=5)
        assert reply["type"] == "ok", reply


async def at_every_size(console, state: str) -> list[str]:
    problems = []
    for size in SIZES:
        problems += [f"{state} at {size}: {p}" for p in await settled(console, size)]
        if (state, size) in SCREENSHOTS:
            await console.screenshot(f"{state.replace(' ', '-')}-{size}")
    return problems


async def dialogs_at_every_size(console) -> list[str]:
    problems = []
    for key, name in (("f9", "dossiers"), ("f6", "transfer"), ("f7", "call number")):
        await console.key(key)
        await console.dialog_opened(f"the {name} dialog")
        if key == "f9":  # the dossier found: its details shown too
            console.type_into(console.dialog_ids().first, DOSSIER)
            await console.key("enter")
            await until(lambda: DOSSIER in console.dialog_ids().dossier_info.text, what="the dossier shown")
        for size in SIZES:
            problems += [f"{name} dialog at {size}: {p}" for p in await settled(console, size)]
            if (f"{name} dialog", size) in SCREENSHOTS:
                await console.screenshot(f"{name}-dialog-{size}")
        await console.key("escape")
        await until(lambda: console.app.dialog is None, what=f"the {name} dialog closed by Esc")
    return problems


async def settled(console, size: str, timeout: float = 3.0) -> list[str]:
    """The problems once the layout has settled: labels are laid out and drawn a frame or two after the
    window changes, later still on a busy machine."""
    Window.size = window_size(size)
    await until(lambda: tuple(console.app.root.size) == window_size(size), what=f"the window at {size}")
    deadline, seen = time.monotonic() + timeout, []
    while True:
        await asyncio.sleep(0.1)
        seen.append(layout_problems(console.app))
        # Done when nothing is wrong, or the same things stay wrong over three frames in a row.
        if not seen[-1] or seen[-3:] == [seen[-1]] * 3 or time.monotonic() > deadline:
            return seen[-1]


def layout_problems(app) -> list[str]:
    window = (0, 0, Window.width, Window.height)
    if app.dialog is not None:
        return text_problems(app.dialog, window_rect(app.dialog))
    return button_problems(app.root) + text_problems(app.root, window)


def button_problems(root) -> list[str]:
    buttons = [w for w in root.walk() if isinstance(w, ClerkButton) and w.opacity > 0]
    problems = []
    names = {button.action for button in buttons}
    if not {"next", "recall", "complete", "no_show", "transfer", "call_number", "dossiers"} <= names:
        problems.append(f"buttons missing: only {sorted(names)}")
    for button in buttons:
        where = f"{button.action} button {rounded(window_rect(button))}"
        if not inside(window_rect(button), (0, 0, Window.width, Window.height)):
            problems.append(f"{where} is not wholly in the window {Window.size}")
        if button.height < MIN_BUTTON_HEIGHT:
            problems.append(f"{where} is too low to press")
    problems += [f"{a.action} and {b.action} buttons overlap" for i, a in enumerate(buttons)
                 for b in buttons[i + 1:] if overlap(window_rect(a), window_rect(b))]
    if any(button.height > root.ids.next.height for button in buttons):
        problems.append("the Next button is not the biggest")
    return problems
