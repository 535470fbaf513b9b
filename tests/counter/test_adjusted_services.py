"""The hall manager changes counters' services for the day on the dashboard (its real HTTP forms, a real dashboard
process): the real console follows at once, its header, its waiting rows, its transfer dialog."""
import asyncio
import re

from tests.counter.console_driver import running_console, until
from tests.dashboard.conftest import WebClient, start_dashboard
from tests.support import ws_session


def test_the_console_follows_its_services_changed_on_the_dashboard(hall_server):
    dashboard = start_dashboard(hall_server)
    try:
        asyncio.run(the_day_changes(hall_server, WebClient(f"http://127.0.0.1:{dashboard.port}")))
    finally:
        dashboard.stop()


async def adjust(manager: WebClient, counter: int, services: list[str]) -> None:
    """What the manager does on the Adjustments page: tick the services, press Lưu."""
    def post() -> int:
        page = manager.get("/adjustments")[2]
        csrf = re.search(rb'name="csrf" value="([^"]+)"', page).group(1).decode()
        return manager.post("/adjustments/counter", [("csrf", csrf), ("counter", str(counter))]
                            + [("services", code) for code in services])[0]
    assert await asyncio.to_thread(post) == 303


def rows(console) -> list[tuple[str, int]]:
    return [(row["name"], row["waiting"]) for row in console.ids.waiting_rows.data]


async def the_day_changes(hall_server, manager: WebClient):
    assert (await asyncio.to_thread(manager.sign_in, "quanly"))[0] == 303
    async with ws_session(hall_server.url, "kiosk", "kiosk-1", hall_server.token("kiosk-1")) as kiosk:
        for service in ("DD", "KD", "KD"):
            assert (await kiosk.request("issue_ticket", service=service))["type"] == "ok"
    async with running_console(hall_server.url, "counter-1", hall_server.token("counter-1")) as console:
        assert console.text("services") == "Đất đai · Hộ tịch"
        assert rows(console) == [("Đất đai", 1), ("Hộ tịch", 0)]

        await adjust(manager, 1, ["DD", "KD"])  # counter 1 takes business registration today, not civil status
        await until(lambda: console.text("services") == "Đất đai · Đăng ký kinh doanh", what="the new header")
        await until(lambda: rows(console) == [("Đất đai", 1), ("Đăng ký kinh doanh", 2)], what="the new rows")
        assert "3" in console.text("waiting_total")
        await console.screenshot("adjusted-services")

        await adjust(manager, 2, ["DD", "HT"])
        await console.press("next")
        await until(lambda: console.text("number") == "1001", what="1001 called")
        await console.key("f6")
        await console.dialog_opened("transfer dialog")
        buttons = [button.text for button in console.dialog_ids().counter_buttons.children]
        assert "Quầy [b]2[/b]\nDD · HT" in buttons and "Quầy [b]3[/b]\nHT · KD · CT" in buttons
        await console.screenshot("adjusted-transfer")
        await console.key("escape")
        await until(lambda: console.app.dialog is None, what="the dialog closed")

        await console.press("next")  # from its service of today
        await until(lambda: console.text("number") == "A001", what="A001 called")
