"""The dashboard in a real browser (Debian's Chromium): sign in, watch a call arrive live, download the XLSX,
switch language, sign out; a wrong password and a forged form refused. One browser for the module: starting
Chromium is the slow part.

Every check waits for what the page should show, up to PATIENCE_S: on an idle machine each takes a fraction of a
second; on one loaded by other work (argon2 password checks, Chromium) it can take several."""
import asyncio
import base64
import io
from datetime import date

import openpyxl
import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import WebDriverWait

from tests.dashboard.browser import start_browser
from tests.dashboard.conftest import PASSWORDS, start_dashboard
from tests.queue_server.test_cli import xephang
from tests.support import TEST_HALL, ws_session

PATIENCE_S = 30
# A file fetched by the page, with its session's cookie, handed back as base64.
FETCH_BASE64 = """const done = arguments[arguments.length - 1];
fetch(arguments[0]).then(r => r.arrayBuffer()).then(buffer => {
    let bytes = ""; new Uint8Array(buffer).forEach(b => { bytes += String.fromCharCode(b); }); done(btoa(bytes));
});"""


@pytest.fixture(scope="module")
def downloads(tmp_path_factory):
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads):
    driver = start_browser(download_dir=downloads)
    yield driver
    driver.quit()


def sign_in(browser, dashboard, account, password):
    browser.get(dashboard + "/login")
    browser.find_element(By.ID, "account").send_keys(account)
    browser.find_element(By.ID, "password").send_keys(password)
    browser.find_element(By.ID, "sign-in").click()


def text_of(browser, element_id: str) -> str:
    return browser.find_element(By.ID, element_id).text


def wait_until(browser, condition, timeout: float = PATIENCE_S):
    """The live page replaces its panel on every change: an element found a moment ago may be gone (stale), or
    not there yet (NoSuchElementException, which WebDriverWait always ignores)."""
    return WebDriverWait(browser, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(condition)


def test_a_wrong_password_is_refused(browser, dashboard):
    sign_in(browser, dashboard, "quanly", "wrong password")
    # The answer is a new page, after a deliberately slow password check.
    wait_until(browser, lambda b: text_of(b, "login-error") == "Sai tài khoản hoặc mật khẩu.")
    assert browser.current_url.endswith("/login")
    browser.get(dashboard + "/")
    wait_until(browser, lambda b: "/login" in b.current_url and b.find_elements(By.ID, "sign-in"))  # signed out


def test_a_call_made_at_a_counter_appears_on_the_live_page(browser, dashboard, hall):
    sign_in(browser, dashboard, "quanly", PASSWORDS["quanly"])
    wait_until(browser, lambda b: b.find_elements(By.ID, "counter-2") and not b.find_elements(By.ID, "offline"))

    async def call():
        async with ws_session(hall.url, "kiosk", "kiosk-1", hall.token("kiosk-1")) as kiosk, \
                ws_session(hall.url, "counter", "counter-2", hall.token("counter-2")) as counter:
            await kiosk.request("issue_ticket", service="DD")
            reply = await counter.request("call_next")
            return reply["ticket"]["number"]
    number = asyncio.run(call())
    # No reload: the page is pushed the change.
    wait_until(browser, lambda b: number in text_of(b, "counter-2") and "Đang mở" in text_of(b, "counter-2")
               and number in text_of(b, "calls"))


def test_a_kiosk_out_of_paper_is_an_alert_on_the_live_page(browser, dashboard, hall):
    browser.get(dashboard + "/")

    async def out_of_paper():
        async with ws_session(hall.url, "kiosk", "kiosk-2", hall.token("kiosk-2")) as kiosk:
            await kiosk.request("report_printer", state="out_of_paper")
            wait_until(browser, lambda b: "Ki-ốt kiosk-2: máy in hết giấy" in text_of(b, "alerts")
                       and "Máy in hết giấy" in text_of(b, "device-kiosk-2"))
            await kiosk.request("report_printer", state="ok")
            wait_until(browser, lambda b: "máy in hết giấy" not in text_of(b, "alerts")
                       and "Máy in sẵn sàng" in text_of(b, "device-kiosk-2"))
        # The kiosk went away: the manager sees when.
        wait_until(browser, lambda b: "Ki-ốt kiosk-2 mất kết nối từ" in text_of(b, "alerts"))
    asyncio.run(out_of_paper())


def test_the_xlsx_downloads_and_reads_back(browser, dashboard, downloads):
    browser.get(dashboard + "/reports")
    browser.find_element(By.ID, "download-xlsx").click()
    # Chromium writes a .crdownload file and renames it when the download is complete.
    wait_until(browser, lambda b: list(downloads.glob("*.xlsx")))
    [path] = downloads.glob("*.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:2] == ["Theo lĩnh vực", "Theo quầy"] and "Phiếu" in book.sheetnames
    assert book["Theo lĩnh vực"]["B1"].value == "Lĩnh vực"
    assert any(row[2] == "Đất đai" for row in book["Phiếu"].iter_rows(min_row=2, values_only=True))
    assert book["Phiếu"]["A2"].is_date


def report_by_category(hall, day: date) -> tuple[list[tuple[str, int]], int]:
    """`xephang report` for the day: its priority tickets by category (Vietnamese name, count) and the whole
    hall's priority tickets."""
    result = xephang("report", "--config", str(TEST_HALL), "--db", str(hall.db_path), "--day", day.isoformat())
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    whole = next(line for line in lines if line.startswith("Cả sảnh"))
    start = lines.index("Số ưu tiên theo đối tượng / Priority tickets by category") + 1
    rows = []
    for line in lines[start:]:
        if not line.startswith("  "):
            break
        name, count = line.rsplit(maxsplit=1)
        rows.append((name.strip().split(" / ")[0], int(count)))
    return rows, int(whole.split()[9])  # "Cả sảnh / Whole hall", issued, served, no-show, waiting, priority


def test_priority_tickets_by_category_add_up_as_xephang_report_counts_them(hall_server):
    """A hall, a dashboard and a browser of its own: the shared hall's day keeps the figures other tests count."""
    async def issue() -> str:
        async with ws_session(hall_server.url, "kiosk", "kiosk-1", hall_server.token("kiosk-1")) as kiosk:
            for fields in (dict(category="elderly"), dict(priority=True), dict(priority=True), dict()):
                assert (await kiosk.request("issue_ticket", service="HT", **fields))["type"] == "ok"
            return kiosk.welcome["snapshot"]["hall"]["day"]
    day = date.fromisoformat(asyncio.run(issue()))
    expected, priority = report_by_category(hall_server, day)
    assert (expected, priority) == ([("Người cao tuổi", 1), ("Không rõ đối tượng", 2)], 3)
    process, browser = start_dashboard(hall_server), start_browser()
    try:
        dashboard = f"http://127.0.0.1:{process.port}"
        sign_in(browser, dashboard, "quanly", PASSWORDS["quanly"])
        wait_until(browser, lambda b: b.find_elements(By.ID, "sign-out"))
        period = f"from={day.isoformat()}&to={day.isoformat()}"
        browser.get(f"{dashboard}/reports?{period}")
        wait_until(browser, lambda b: b.find_elements(By.ID, "table-category"))
        shown = [tuple(cell.text for cell in row.find_elements(By.TAG_NAME, "td")[:2])
                 for row in browser.find_elements(By.CSS_SELECTOR, "#table-category tbody tr")]
        assert [(name, int(issued)) for name, issued in shown] == expected
        # The workbook downloaded in the same session lists the same rows.
        workbook = base64.b64decode(browser.execute_async_script(FETCH_BASE64, f"/reports.xlsx?{period}"))
        sheet = openpyxl.load_workbook(io.BytesIO(workbook))["Theo đối tượng ưu tiên"]
        assert [tuple(row[:2]) for row in sheet.iter_rows(min_row=2, values_only=True)] == expected
    finally:
        browser.quit()
        process.stop()


def test_the_reports_page_is_vietnamese_and_its_date_fields_read_day_first(browser, dashboard):
    browser.get(dashboard + "/reports?from=2026-11-03&to=2026-12-03")
    wait_until(browser, lambda b: b.find_elements(By.ID, "from"))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi"
    # Chromium draws a date field in its own language's short date: Vietnamese (Debian's chromium-l10n) is
    # day first. Without that language pack it falls back to en-US, month first.
    assert browser.execute_script("return navigator.language") == "vi"
    assert browser.execute_script("return new Intl.DateTimeFormat().format(new Date(2026, 10, 3))") == "3/11/2026"
    assert browser.find_element(By.ID, "from").get_attribute("value") == "2026-11-03"


def test_the_page_switches_to_english_and_back(browser, dashboard):
    browser.get(dashboard + "/reports")
    browser.find_element(By.ID, "switch-language").click()
    wait_until(browser, lambda b: b.find_element(By.ID, "download-xlsx").text == "Download Excel (XLSX)")
    browser.find_element(By.ID, "switch-language").click()
    wait_until(browser, lambda b: b.find_element(By.ID, "download-xlsx").text == "Tải Excel (XLSX)")


def test_the_adjustments_form_changes_a_counters_services_and_the_counter_hears_it(browser, dashboard, hall):
    async def scenario():
        async with ws_session(hall.url, "counter", "counter-3", hall.token("counter-3")) as counter, \
                ws_session(hall.url, "display", "screen-1", hall.token("screen-1")) as screen:
            assert counter.welcome["snapshot"]["me"]["services"] == ["HT", "KD", "CT"]
            browser.get(dashboard + "/adjustments")
            browser.find_element(By.ID, "counter-3-CT").click()  # no Chứng thực today
            browser.find_element(By.ID, "counter-3-TKQ").click()  # results pickup instead
            browser.find_element(By.ID, "save-counter-3").click()
            wait_until(browser,
                       lambda b: "Đã lưu" in text_of(b, "saved") and "đã điều chỉnh" in text_of(b, "counter-3"))
            heard = await counter.wait_for("counter",
                                           lambda e: e["counter"] == 3 and e["services"] != ["HT", "KD", "CT"])
            assert heard["services"] == ["HT", "KD", "TKQ"]

            browser.find_element(By.ID, "announcement-text").send_keys("Quầy 3 trả kết quả hôm nay")
            browser.find_element(By.ID, "save-announcement").click()
            assert (await screen.wait_for("announcement"))["text"] == "Quầy 3 trả kết quả hôm nay"
            wait_until(browser, lambda b: b.find_elements(By.ID, "clear-announcement"))
            browser.find_element(By.ID, "clear-announcement").click()
            assert (await screen.wait_for("announcement")).get("text", "") == ""

            wait_until(browser, lambda b: b.find_elements(By.ID, "reset-counter-3"))
            browser.find_element(By.ID, "reset-counter-3").click()  # back to the configuration
            await counter.wait_for("counter", lambda e: e["counter"] == 3 and e["services"] == ["HT", "KD", "CT"])
            wait_until(browser, lambda b: "đã điều chỉnh" not in text_of(b, "counter-3"))
    asyncio.run(scenario())


def test_signing_out_returns_to_the_login_page(browser, dashboard):
    browser.get(dashboard + "/")
    browser.find_element(By.ID, "sign-out").click()
    wait_until(browser, seen.presence_of_element_located((By.ID, "sign-in")))
    browser.get(dashboard + "/reports")
    assert "/login" in browser.current_url


def test_a_form_with_a_forged_csrf_token_is_refused(browser, dashboard):
    """As if another site had posted the sign-in form: the right password, a token that is not this session's."""
    browser.get(dashboard + "/login")
    browser.execute_script("document.querySelector('input[name=csrf]').value = 'forged'")
    browser.find_element(By.ID, "account").send_keys("quanly")
    browser.find_element(By.ID, "password").send_keys(PASSWORDS["quanly"])
    browser.find_element(By.ID, "sign-in").click()
    wait_until(browser, lambda b: "Biểu mẫu đã hết hạn hoặc không hợp lệ" in text_of(b, "login-error"))
    browser.get(dashboard + "/")
    wait_until(browser, lambda b: "/login" in b.current_url and b.find_elements(By.ID, "sign-in"))  # not signed in
