"""Every dashboard page at 1920x1080 and 390x844, Vietnamese (and English for the desktop), written to
docs/images/dashboard/, over a hall with a month of history and a busy morning.

Runs only with XEPHANG_SCREENSHOTS=1 (it writes into the repository):
    XEPHANG_SCREENSHOTS=1 .venv/bin/python -m pytest tests/dashboard/test_screenshots.py
With Debian's chromium-l10n installed (apt), date fields read dd/mm/yyyy as in a Vietnamese manager's browser.
"""
import asyncio
import os
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from queue_server.config import load_config
from queue_server.store import Store, open_database
from tests.dashboard.browser import set_viewport, start_browser
from tests.sample_history import fill_history
from tests.server_process import ServerProcess, nine_am_today
from tests.support import HallServerProcess, demo_hall_at_test_speed, sign_in_demo_clerks, ws_session

OUT = Path(__file__).resolve().parents[2] / "docs" / "images" / "dashboard"
SIZES = {"desktop": (1920, 1080), "phone": (390, 844)}

pytestmark = pytest.mark.skipif(os.environ.get("XEPHANG_SCREENSHOTS") != "1",
                                reason="writes docs/images/dashboard; set XEPHANG_SCREENSHOTS=1")


async def issue(server: HallServerProcess, tokens: dict, services: list[str]) -> None:
    async with ws_session(server.url, "kiosk", "kiosk-1", tokens["kiosk-1"]) as kiosk:
        for service in services:
            await kiosk.request("issue_ticket", service=service, priority=service == "HT")


async def dossiers(server: HallServerProcess, tokens: dict) -> None:
    async with ws_session(server.url, "integration", "integration-1", tokens["integration-1"]) as integration:
        people = [("Nguyễn Văn An", "ready", 0), ("Trần Thị Bích Ngọc", "ready", 0), ("Lê Hoàng Phúc", "ready", 1),
                  ("Phạm Thị Thu Hà", "processing", -3), ("Hoàng Văn Đức", "received", -1),
                  ("Đặng Thị Mỹ Linh", "processing", 4), ("Võ Minh Tuấn", "returned", -2)]
        for i, (name, status, due_in_days) in enumerate(people, start=1):
            due = (nine_am_today().date() + timedelta(days=due_in_days)).isoformat()
            code = f"000.00.16.G04-{nine_am_today():%y%m%d}-{i:04d}"
            await integration.request("upsert_dossier", code=code, applicant=name, service=("DD", "HT", "KD")[i % 3],
                                      due_at=due, status="ready" if status == "returned" else status,
                                      phone=f"09123456{i:02d}")
            if status == "returned":
                await integration.request("set_dossier_status", code=code, status="returned")


async def at_counters(server: HallServerProcess, tokens: dict, steps: dict[str, list[str]]) -> None:
    for device, commands in steps.items():
        async with ws_session(server.url, "counter", device, tokens[device]) as counter:
            for command in commands:
                await counter.request(command)


def morning(server: HallServerProcess, tokens: dict, today) -> None:
    """07:40 the first citizens, 08:05 the counters open, 08:30 more citizens and calls: at 08:32 two
    services have someone waiting since 07:40."""
    def at(clock: str) -> None:
        server.stop()
        server.clock_start = f"{today}T{clock}"
        server.start()
    at("07:40:00")
    asyncio.run(issue(server, tokens, ["DD"] * 6 + ["HT"] * 3 + ["KD", "CT", "LD", "XD"]))
    asyncio.run(dossiers(server, tokens))
    at("07:45:00")
    asyncio.run(sign_in_demo_clerks(server, (1, 2, 3, 4, 5)))  # the demo hall's counters call with a clerk in
    asyncio.run(at_counters(server, tokens, {f"counter-{n}": ["call_next"] for n in (1, 2, 3, 4, 5)}))
    at("08:05:00")
    asyncio.run(at_counters(server, tokens, {f"counter-{n}": ["complete", "call_next"] for n in (1, 2, 3, 4, 5)}))
    asyncio.run(issue(server, tokens, ["DD"] * 5 + ["HT"] * 2 + ["KD"] * 2 + ["CT"] * 3 + ["LD", "XD"]))
    at("08:30:00")
    asyncio.run(at_counters(server, tokens, {"counter-1": ["complete", "call_next"],
                                             "counter-2": ["start_serving"],
                                             "counter-3": ["complete", "pause"],
                                             "counter-5": ["complete", "call_next"]}))
    asyncio.run(adjust(server, tokens))


async def adjust(server: HallServerProcess, tokens: dict) -> None:
    """The manager's changes for the day: counter 2 helps Hộ tịch, Xây dựng closes early, a line on the screens."""
    async with ws_session(server.url, "admin", "dashboard-1", tokens["dashboard-1"]) as dashboard:
        for command, fields in (("set_counter_services", dict(counter=2, services=["DD", "XD", "HT"])),
                                ("set_service_open", dict(service="XD", open=False)),
                                ("set_announcement",
                                 dict(text="Chiều nay lĩnh vực Xây dựng nghỉ, mời quay lại sáng mai",
                                      text_en="Construction is closed this afternoon"))):
            assert (await dashboard.request(command, by="quanly", **fields))["type"] == "ok"


def devices_present(server: HallServerProcess, tokens: dict, done: threading.Event) -> threading.Thread:
    """The hall screen and the kiosk connected while the pictures are taken, the kiosk's paper running low."""
    async def hold():
        async with ws_session(server.url, "display", "screen-1", tokens["screen-1"]), \
                ws_session(server.url, "kiosk", "kiosk-1", tokens["kiosk-1"]) as kiosk:
            await kiosk.request("report_printer", state="paper_near_end")
            await asyncio.to_thread(done.wait)
    thread = threading.Thread(target=lambda: asyncio.run(hold()), daemon=True)
    thread.start()
    return thread


def shoot(browser, name: str, size: tuple[int, int], at: str = "") -> None:
    """The page's top at this size; or, with `at`, the page scrolled to the element with that id."""
    set_viewport(browser, *size)
    if at:
        browser.execute_script("arguments[0].closest('section, figure').scrollIntoView()",
                               browser.find_element(By.ID, at))
    else:
        browser.execute_script("window.scrollTo(0, 0)")
    browser.save_screenshot(str(OUT / f"{name}.png"))


def test_screenshots(tmp_path):
    OUT.mkdir(parents=True, exist_ok=True)
    hall = demo_hall_at_test_speed(tmp_path)
    config = load_config(hall)
    tokens = {d.id: d.token for d in config.devices}
    db_path = tmp_path / "demo-hall.db"
    today = nine_am_today().date()
    fill_history(Store(open_database(db_path)), config, today - timedelta(days=1), days=22, tickets_per_day=320)
    server = HallServerProcess(db_path, hall)
    server.start()
    morning(server, tokens, today)
    done = threading.Event()
    present = devices_present(server, tokens, done)
    dashboard = ServerProcess("-m", "xephang.cli", "dashboard", "--db", str(db_path), "--server", server.url,
                              "--port", "0", timeout=30)
    base = f"http://127.0.0.1:{dashboard.port}"
    browser = start_browser(*SIZES["desktop"])
    try:
        for size_name, size in SIZES.items():
            browser.delete_all_cookies()
            set_viewport(browser, *size)
            browser.get(base + "/login")
            shoot(browser, f"login-{size_name}-vi", size)
            browser.find_element(By.ID, "account").send_keys("quanly")
            browser.find_element(By.ID, "password").send_keys("demo-quanly")
            browser.find_element(By.ID, "sign-in").click()
            WebDriverWait(browser, 10).until(lambda b: not b.find_elements(By.ID, "offline")
                                             and b.find_elements(By.ID, "counter-1"))
            for lang in ("vi", "en") if size_name == "desktop" else ("vi",):
                browser.get(f"{base}/lang/{lang}?next=/")
                WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, "counter-1"))
                shoot(browser, f"live-{size_name}-{lang}", size)
                first = today - timedelta(days=30)
                browser.get(f"{base}/reports?from={first}&to={today}")
                shoot(browser, f"reports-{size_name}-{lang}", size)
                shoot(browser, f"reports-tables-{size_name}-{lang}", size, at="table-counter")
                if size_name == "phone":  # on a desktop the charts are at the top
                    shoot(browser, f"reports-charts-{size_name}-{lang}", size, at="chart-rating_by_clerk")
                browser.get(f"{base}/dossiers?status=all")
                shoot(browser, f"dossiers-{size_name}-{lang}", size)
                browser.get(f"{base}/adjustments")
                shoot(browser, f"adjustments-{size_name}-{lang}", size)
            browser.get(f"{base}/lang/vi?next=/")
    finally:
        done.set()
        present.join(timeout=10)
        browser.quit()
        dashboard.stop()
        server.stop()
