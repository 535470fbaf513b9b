"""The console at every window size a clerk's PC gives it: no buttons on top of each other, no label spilling
out of its button, every action on screen, in each state of the counter."""
import asyncio

from kivy.core.text import Label as CoreLabel
from kivy.uix.label import Label

from counter.cli import DEFAULT_WINDOW, parse_window
from counter.widgets import ClerkButton
from tests.counter.console_driver import Window, running_console, until
from tests.support import ws_session

SIZES = ("540x940", "480x700", "420x520", "410x500", "800x480", "1366x768", DEFAULT_WINDOW)
SMALL_SCREENSHOTS = {("called", "420x520"), ("called", "800x480")}
MIN_BUTTON_HEIGHT = 36


def test_every_state_at_every_size(hall_server):
    problems = asyncio.run(every_state_at_every_size(hall_server))
    assert not problems, "\n".join(problems)


async def every_state_at_every_size(hall_server):
    url = hall_server.url
    problems = []
    async with ws_session(url, "kiosk", "kiosk-1", hall_server.token("kiosk-1")) as kiosk:
        for _ in range(3):
            await kiosk.request("issue_ticket", service="DD")
        await kiosk.request("issue_ticket", service="HT", priority=True)
    try:
        async with running_console(url, "counter-1", hall_server.token("counter-1")) as console:
            problems += await at_every_size(console, "idle")
            await console.press("next")
            await until(lambda: console.text("number") == "2001", what="2001 called")
            problems += await at_every_size(console, "called")
            problems += await dialogs_in_a_small_window(console)
            await console.key("f3")
            await until(lambda: "ĐANG PHỤC VỤ" in console.text("card_title"), what="serving")
            problems += await at_every_size(console, "serving")
            await console.key("f4")
            await until(lambda: console.text("number") == "—", what="completed")
            await console.key("f8")
            await until(lambda: "Tạm nghỉ" in console.text("counter_state"), what="paused")
            problems += await at_every_size(console, "paused")
            hall_server.kill()
            await until(lambda: "Mất kết nối" in console.text("banner"), what="offline banner")
            problems += await at_every_size(console, "offline")
    finally:
        Window.size = parse_window(DEFAULT_WINDOW)
    return problems


async def at_every_size(console, state: str) -> list[str]:
    problems = []
    for size in SIZES:
        Window.size = parse_window(size)
        await asyncio.sleep(0.15)  # the layout trigger and a frame or two
        problems += [f"{state} at {size}: {problem}" for problem in layout_problems(console.app.root)]
        if (state, size) in SMALL_SCREENSHOTS:
            await console.screenshot(f"{state}-{size}")
    return problems


async def dialogs_in_a_small_window(console) -> list[str]:
    """A dialog taller than the window scrolls inside it: its last button can be reached."""
    Window.size = parse_window("420x520")  # 410 wide screenshots skew: GL rows are read 4-byte aligned
    problems = []
    for key, closing_button in (("f9", "register"), ("f6", None), ("f7", "call")):
        await console.key(key)
        await console.dialog_opened(f"dialog {key}")
        dialog = console.app.dialog
        if not _inside(_rect(dialog), (0, 0, Window.width, Window.height)):
            problems.append(f"dialog {key} {_rect(dialog)} is not wholly in the 420x520 window")
        if closing_button:
            scroll = console.dialog_ids()[closing_button].parent
            while scroll is not dialog and not hasattr(scroll, "scroll_to"):
                scroll = scroll.parent
            scroll.scroll_to(console.dialog_ids()[closing_button], animate=False)
            await asyncio.sleep(0.1)
            if not _inside(_rect(console.dialog_ids()[closing_button]), _rect(dialog)):
                problems.append(f"dialog {key}: '{closing_button}' cannot be scrolled into view")
        if key == "f9":
            await console.screenshot("dossiers-420x520")
        await console.key("escape")
        await until(lambda: console.app.dialog is None, what=f"dialog {key} closed by Esc")
    return problems


def layout_problems(root) -> list[str]:
    buttons = [w for w in root.walk() if isinstance(w, ClerkButton)]
    assert len(buttons) == 10
    problems = []
    for button in buttons:
        where = f"{button.action} button {_rect(button)}"
        if not _inside(_rect(button), (0, 0, Window.width, Window.height)):
            problems.append(f"{where} is not wholly in the window {Window.size}")
        if button.height < MIN_BUTTON_HEIGHT:
            problems.append(f"{where} is too low to press")
        labels = [label for label in button.children if isinstance(label, Label) and label.text]
        for label in labels:
            natural = _natural_size(label)
            if natural[0] > label.width + 1 or natural[1] > label.height + 1:
                problems.append(f"{where}: '{label.text}' needs {natural}, has {tuple(label.size)}")
            if not _inside(_rect(label), _rect(button)):
                problems.append(f"{where}: '{label.text}' {_rect(label)} spills out of its button")
        problems += [f"{where}: '{a.text}' overlaps '{b.text}'" for a, b in _pairs(labels) if _overlap(a, b)]
    problems += [f"{a.action} and {b.action} buttons overlap" for a, b in _pairs(buttons) if _overlap(a, b)]
    next_button = root.ids.next
    if any(button.height > next_button.height for button in buttons):
        problems.append("the Next button is not the biggest")
    number = root.ids.number
    if _natural_size(number)[0] > number.width + 1 or _natural_size(number)[1] > number.height + 1:
        problems.append(f"the ticket number needs {_natural_size(number)}, has {tuple(number.size)}")
    return problems


def _natural_size(label: Label) -> tuple[int, int]:
    """The label's text on one line, unconstrained: what it needs to show whole."""
    core = CoreLabel(text=label.text, font_size=label.font_size, bold=label.bold, font_name=label.font_name)
    core.refresh()
    return core.texture.size


def _rect(widget) -> tuple[float, float, float, float]:
    x, y = widget.to_window(widget.x, widget.y)
    return x, y, x + widget.width, y + widget.height


def _inside(inner, outer) -> bool:
    return inner[0] >= outer[0] - 0.5 and inner[1] >= outer[1] - 0.5 and inner[2] <= outer[2] + 0.5 \
        and inner[3] <= outer[3] + 0.5


def _overlap(a, b) -> bool:
    ra, rb = _rect(a), _rect(b)
    return min(ra[2], rb[2]) - max(ra[0], rb[0]) > 0.5 and min(ra[3], rb[3]) - max(ra[1], rb[1]) > 0.5


def _pairs(items):
    return [(a, b) for i, a in enumerate(items) for b in items[i + 1:]]
