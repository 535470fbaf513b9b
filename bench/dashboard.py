"""The manager's dashboard: time from a clerk's call_next to the live page showing the call in a real browser
(Debian's Chromium, headless), and the reports over a month of 60,000 tickets and a year of 500,000.

    python -m bench.rows bench.dashboard      (or: python -m bench, which runs every section)
"""
import asyncio
import os
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from selenium.webdriver.common.by import By
from websockets.asyncio.client import connect

from bench.stats import p50_p99
from dashboard import export
from dashboard.figures import Report
from dashboard.history import History
from queue_server.config import DEMO_CONFIG_PATH, HallConfig, load_config
from queue_server.store import Store, open_database
from tests.dashboard.browser import start_browser
from tests.sample_history import fill_history
from tests.server_process import ServerProcess, nine_am_today
from tests.support import demo_hall_at_test_speed

CALLS = 30
TOKENS = {d.id: d.token for d in load_config(DEMO_CONFIG_PATH).devices}
# Set by the page itself the moment the pushed panel shows the number asked for: no polling delay counted.
WATCH = """
window.__seenAt = null; window.__want = arguments[0];
if (!window.__observer) {
  window.__observer = new MutationObserver(function () {
    var tile = document.getElementById('counter-1');
    if (window.__seenAt === null && tile && tile.textContent.indexOf(window.__want) >= 0) {
      window.__seenAt = Date.now();
    }
  });
  window.__observer.observe(document.getElementById('live'), {childList: true, subtree: true});
}
"""


async def _session(url: str, role: str, device: str):
    connection = await connect(url, compression=None)
    await connection.send(f'{{"type": "hello", "role": "{role}", "device": "{device}", "token": "{TOKENS[device]}", '
                          f'"protocol": 1}}')
    await connection.recv()
    return connection


async def _request(connection, frame: str) -> str:
    await connection.send(frame)
    while True:
        reply = await connection.recv()
        if '"type":"error"' in reply:
            raise AssertionError(f"{frame} refused: {reply}")
        if '"type":"ok"' in reply:
            return reply


def call_to_page(server: ServerProcess, base: str) -> list[float]:
    browser = start_browser()
    try:
        browser.get(base + "/login")
        browser.find_element(By.ID, "account").send_keys("quanly")
        browser.find_element(By.ID, "password").send_keys("demo-quanly")
        browser.find_element(By.ID, "sign-in").click()
        deadline = time.monotonic() + 15
        while not browser.find_elements(By.ID, "counter-1") or browser.find_elements(By.ID, "offline"):
            assert time.monotonic() < deadline, "the live page never showed the hall"
            time.sleep(0.05)

        async def calls() -> list[float]:
            kiosk = await _session(server.url, "kiosk", "kiosk-1")
            counter = await _session(server.url, "counter", "counter-1")
            # The demo hall lists clerks: a counter calls with one signed in (Lan's demo PIN).
            await _request(counter, '{"type": "sign_in", "id": "s", "clerk": "lan", "pin": "1111"}')
            for i in range(CALLS):
                await _request(kiosk, f'{{"type": "issue_ticket", "id": "b{i}", "service": "DD"}}')
            samples = []
            for i in range(CALLS):
                number = str(1001 + i)
                browser.execute_script(WATCH, number)
                sent = time.time()
                await _request(counter, f'{{"type": "call_next", "id": "c{i}"}}')
                seen = None
                for _ in range(1000):  # bounded: 5 s
                    seen = browser.execute_script("return window.__seenAt")
                    if seen is not None:
                        break
                    await asyncio.sleep(0.005)
                assert seen is not None, f"{number} never appeared on the live page"
                samples.append(seen / 1000 - sent)
            await kiosk.close()
            await counter.close()
            return samples
        return asyncio.run(calls())
    finally:
        browser.quit()


def report_times(directory: Path) -> list[tuple[str, str, str]]:
    """Each report asked three times of one dashboard: the first groups every day; the next two find the days
    the server has left behind kept (dashboard/finished_days.py) and group only the last day. Wall time (what the
    manager waits) and this process's CPU time (what the machine's load does not inflate), with the load."""
    config = load_config(DEMO_CONFIG_PATH)
    rows = []
    for label, days, per_day in (("a month: 22 working days, 60,060 tickets", 22, 2730),
                                 ("a year: 250 working days, 500,000 tickets", 250, 2000)):
        path = directory / f"{days}.db"
        last = date(2025, 12, 31)
        started = time.perf_counter()
        written = fill_history(Store(open_database(path)), config, last, days, per_day)
        made_s = time.perf_counter() - started
        history = History(path)
        first = last - timedelta(days=400 if days > 22 else 40)
        walls, cpus = [], []
        for _ in range(3):
            started, cpu = time.perf_counter(), time.process_time()
            report = history.report(first, last, config.zone)
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
        assert report.total.issued == written and report.rated
        load = os.getloadavg()[0]
        rows.append((f"dashboard report, {label}", f"first {walls[0]:.2f} s (CPU {cpus[0]:.2f} s), again "
                     f"{min(walls[1:]):.2f} s (CPU {min(cpus[1:]):.2f} s)",
                     f"(target < {'1 s' if days == 22 else '3 s'}; load average {load:.1f} on {os.cpu_count()} "
                     f"cores; made in {made_s:.0f} s)"))
        rows.append(_export_time(history, report, config, first, last, label))
    return rows


def _export_time(history: History, report: Report, config: HallConfig, first: date, last: date,
                 label: str) -> tuple[str, str, str]:
    """The manager's 'Tải Excel (XLSX)' of the period, as the dashboard makes it: every ticket read, then written."""
    started, cpu = time.perf_counter(), time.process_time()
    body = export.xlsx_of_period(history, report, first, last, config)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return (f"dashboard XLSX export, {label}", f"{wall:.1f} s (CPU {cpu:.1f} s)",
            f"{len(body) / 2**20:.1f} MiB written; load average {os.getloadavg()[0]:.1f}")


def run() -> list[tuple[str, str, str]]:
    with tempfile.TemporaryDirectory() as directory:
        db = Path(directory) / "hall.db"
        clock = nine_am_today().replace(tzinfo=None).isoformat()
        # The demo hall with the tests' device limits: 30 tickets and calls in a burst no kiosk or clerk makes.
        hall = str(demo_hall_at_test_speed(Path(directory)))
        with ServerProcess("-m", "xephang.cli", "server", "--config", hall, "--db", str(db), "--host", "127.0.0.1",
                           "--port", "0", "--clock-start", clock) as server, \
                ServerProcess("-m", "xephang.cli", "dashboard", "--config", hall, "--db", str(db), "--server",
                              server.url, "--host", "127.0.0.1", "--port", "0") as dashboard:
            samples = call_to_page(server, f"http://127.0.0.1:{dashboard.port}")
        rows = [("dashboard: call_next -> the call on the live page (Chromium)", p50_p99(samples),
                 f"{CALLS} calls (target p50 < 300 ms)")]
        return rows + report_times(Path(directory))
