"""The dashboard over HTTP, as a browser without scripts sees it: sign-in, CSRF, throttling, roles, downloads."""
import asyncio
import io
import json
import time
from datetime import date, datetime

import openpyxl

from tests.dashboard.conftest import WebClient, start_dashboard
from tests.support import ws_session

PAGES = ("/", "/reports", "/dossiers", "/reports.xlsx", "/reports.csv", "/live/stream")


def wait_healthy(web: WebClient) -> dict:
    deadline = time.monotonic() + 10
    while True:
        status, _, body = web.get("/healthz")
        if status == 200 or time.monotonic() > deadline:
            return json.loads(body)
        time.sleep(0.1)


def test_health_answers_without_signing_in_and_nothing_else_does(dashboard):
    web = WebClient(dashboard)
    assert wait_healthy(web) == {"status": "ok", "hall": "Trung tâm Phục vụ hành chính công phường Hải Châu",
                                 "queue_server": "connected", "database": "readable"}
    for page in PAGES:
        status, headers, _ = web.get(page)
        assert status == 303 and headers["location"].startswith("/login?next="), page


def test_a_wrong_password_or_an_unknown_account_is_refused(dashboard):
    web = WebClient(dashboard)
    for account in ("quanly", "nobody"):
        status, _, body = web.sign_in(account, "not-the-password") if account == "quanly" else web.post(
            "/login", {"csrf": web.csrf(), "account": account, "password": "x"})
        assert status == 401 and "Sai tài khoản hoặc mật khẩu." in body.decode()
        assert web.get("/")[0] == 303


def test_a_form_without_its_csrf_token_is_refused(dashboard):
    web = WebClient(dashboard)
    web.csrf()  # the login page gives this browser a session and its token
    status, _, body = web.post("/login", {"csrf": "forged", "account": "quanly", "password": "mat-khau-quan-ly"})
    assert status == 403 and "Biểu mẫu đã hết hạn" in body.decode()
    assert web.get("/")[0] == 303
    assert web.sign_in("quanly")[0] == 303
    status, _, body = web.post("/logout", {"csrf": "forged"})
    assert status == 403
    assert web.get("/")[0] == 200  # still signed in: the forged sign-out did nothing


def test_signing_out_ends_the_session_for_good(dashboard):
    web = WebClient(dashboard)
    assert web.sign_in("quanly")[0] == 303
    cookie = next(iter(web.cookies))
    status, headers, _ = web.post("/logout", {"csrf": web.csrf("/")})
    assert status == 303 and headers["location"].startswith("/login")
    assert web.get("/")[0] == 303
    web.cookies.set_cookie(cookie)  # the old cookie, kept by someone, opens nothing
    assert web.get("/")[0] == 303


def test_sign_in_is_throttled_after_five_failures(hall):
    process = start_dashboard(hall)
    try:
        web = WebClient(f"http://127.0.0.1:{process.port}")
        for _ in range(5):
            assert web.sign_in("quanly", "guess")[0] == 401
        status, _, body = web.sign_in("quanly")  # even the right password waits now
        assert status == 429 and "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 5 phút." in body.decode()
    finally:
        process.stop()


def test_every_response_carries_the_security_headers_and_the_cookie_is_http_only(dashboard):
    web = WebClient(dashboard)
    status, headers, _ = web.get("/login")
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert "HttpOnly" in headers["set-cookie"] and "SameSite=strict" in headers["set-cookie"]


def test_dossiers_full_names_for_managers_masked_for_viewers(hall, dashboard):
    async def add_dossiers():
        async with ws_session(hall.url, "integration", "integration-1", hall.token("integration-1")) as session:
            for code, name, status, due in (("000.00.16.G04-261120-0101", "Nguyễn Văn Minh", "ready", "2026-11-30"),
                                            ("000.00.16.G04-261120-0102", "Trần Thị Lan", "processing", "2020-01-02")):
                reply = await session.request("upsert_dossier", code=code, applicant=name, service="DD",
                                              due_at=due, status=status, phone="0912345678")
                assert reply["type"] == "ok", reply
    asyncio.run(add_dossiers())
    manager, viewer = WebClient(dashboard), WebClient(dashboard)
    manager.sign_in("quanly")
    viewer.sign_in("xem")
    page = manager.get("/dossiers?q=nguyen+van+minh&status=all")[2].decode()
    assert "Nguyễn Văn Minh" in page and "0912345678" in page and "Trần Thị Lan" not in page
    page = viewer.get("/dossiers?q=0101&status=all")[2].decode()
    assert "Nguyễn V. M." in page and "Nguyễn Văn Minh" not in page and "0912345678" not in page
    assert "Nguyễn" not in viewer.get("/dossiers?q=nguyen&status=all")[2].decode()  # no name search for viewers
    overdue = manager.get("/dossiers?status=overdue")[2].decode()
    assert "000.00.16.G04-261120-0102" in overdue and "000.00.16.G04-261120-0101" not in overdue
    live = viewer.get("/")[2].decode()
    assert "Nguyễn V. M." in live and "Nguyễn Văn Minh" not in live


def test_a_manager_shown_full_names_is_logged_with_the_dossiers_a_viewer_is_not(hall):
    code = "000.00.16.G04-261120-0151"

    async def add_dossier():
        async with ws_session(hall.url, "integration", "integration-1", hall.token("integration-1")) as session:
            reply = await session.request("upsert_dossier", code=code, applicant="Lê Thị Hoa", service="DD",
                                          due_at="2026-11-30", status="ready")
            assert reply["type"] == "ok", reply
    asyncio.run(add_dossier())
    process = start_dashboard(hall)

    def logged(page: str) -> list[str]:
        return [line for line in process.output if f"({page})" in line and code in line]
    try:
        manager, viewer = WebClient(f"http://127.0.0.1:{process.port}"), WebClient(f"http://127.0.0.1:{process.port}")
        wait_healthy(manager)
        manager.sign_in("quanly")
        viewer.sign_in("xem")
        assert "Lê Thị Hoa" in manager.get("/dossiers?q=0151&status=all")[2].decode()
        assert "Lê Thị Hoa" not in viewer.get("/dossiers?q=0151&status=all")[2].decode()
        assert "Lê Thị Hoa" not in viewer.get("/")[2].decode()
        assert "Lê Thị Hoa" in manager.get("/")[2].decode()
        deadline = time.monotonic() + 10
        while not logged("live page") and time.monotonic() < deadline:  # the output is read by a thread
            time.sleep(0.05)
        [line] = logged("dossiers page")
        assert "manager quanly was shown the full names of 1 dossier(s) (dossiers page): " + code in line
        [line] = logged("live page")
        assert "manager quanly was shown the full names of" in line and "Lê Thị Hoa" not in line
        assert not any("manager xem" in line for line in process.output)
    finally:
        process.stop()


def test_reports_page_xlsx_and_csv_hold_the_day(hall, dashboard):
    async def serve_two():
        async with ws_session(hall.url, "kiosk", "kiosk-2", hall.token("kiosk-2")) as kiosk, \
                ws_session(hall.url, "counter", "counter-3", hall.token("counter-3")) as counter:
            for _ in range(2):
                assert (await kiosk.request("issue_ticket", service="KD"))["type"] == "ok"
            for _ in range(2):
                assert (await counter.request("call_next"))["type"] == "ok"
                assert (await counter.request("complete"))["type"] == "ok"

    async def serve_and_rate() -> str:
        """An older person's ticket served at counter 1, and very satisfied on its tablet."""
        async with ws_session(hall.url, "kiosk", "kiosk-1", hall.token("kiosk-1")) as kiosk, \
                ws_session(hall.url, "counter", "counter-1", hall.token("counter-1")) as counter, \
                ws_session(hall.url, "rating", "rating-1", hall.token("rating-1")) as tablet:
            number = (await kiosk.request("issue_ticket", service="HT", category="elderly"))["ticket"]["number"]
            assert (await counter.request("call_next"))["ticket"]["number"] == number
            assert (await counter.request("complete"))["type"] == "ok"
            assert (await tablet.request("rate", ticket=number, level="very_satisfied"))["type"] == "ok"
            return number
    asyncio.run(serve_two())
    rated = asyncio.run(serve_and_rate())
    web = WebClient(dashboard)
    web.sign_in("xem")
    day = hall.health()["day"]
    page = web.get(f"/reports?from={day}&to={day}")[2].decode()
    assert "Đăng ký kinh doanh" in page and 'id="chart-per_hour"' in page
    # Categories by their names; the ratings' split in the tables and as a chart per clerk (none signed in here).
    assert "Người cao tuổi" in page and "elderly" not in page.split('id="chart-data"')[0]
    assert '<th class="num rating">Rất hài lòng</th>' in page and "Không đánh giá" in page
    status, headers, body = web.get(f"/reports.xlsx?from={day}&to={day}")
    assert status == 200 and headers["content-disposition"] == f'attachment; filename="bao-cao-{day}.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(body))
    assert book.sheetnames[:2] == ["Theo lĩnh vực", "Theo quầy"] and "Phiếu" in book.sheetnames
    by_service = list(book["Theo lĩnh vực"].values)
    assert by_service[0][:4] == ("Mã", "Lĩnh vực", "Lấy số", "Đã xong")
    kd = next(row for row in by_service if row[0] == "KD")
    assert kd[1] == "Đăng ký kinh doanh" and kd[2] >= 2 and kd[3] >= 2
    tickets = list(book["Phiếu"].values)
    served = [row for row in tickets[1:] if row[2] == "Đăng ký kinh doanh" and row[4] == "Đã xong"]
    assert len(served) >= 2 and served[0][1] == "A001"
    assert isinstance(served[0][0], datetime) and served[0][0].date() == date.fromisoformat(day)
    assert isinstance(served[0][6], datetime)
    assert tickets[0][12:] == ("Đối tượng ưu tiên", "Cán bộ", "Đánh giá", "Lý do chưa hài lòng")
    rated_row = next(row for row in tickets if row[1] == rated)
    assert (rated_row[12], rated_row[14]) == ("Người cao tuổi", "Rất hài lòng")
    headers = by_service[0]
    very = headers.index("Rất hài lòng (%)")
    assert headers[-1] == "Không đánh giá (%)" and book["Theo lĩnh vực"].cell(2, very + 1).number_format == "0%"
    (elderly,) = list(book["Theo đối tượng ưu tiên"].values)[1:]
    assert elderly[0] == "Người cao tuổi" and elderly[1:3] == (1, 1) and elderly[very - 1] == 1.0
    assert book["Theo ngày"]["A2"].is_date
    status, headers, body = web.get(f"/reports.csv?from={day}&to={day}")
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("ngay/day,so/number") and any(",A001,KD," in line for line in lines)
    assert any(f",{rated},HT," in line and line.endswith(",very_satisfied,") for line in lines)
    status, _, body = web.get("/reports?from=2026-13-01")
    assert "Khoảng thời gian không hợp lệ" in body.decode()
    d = date.fromisoformat(day)
    status, _, body = web.get(f"/reports?from={d:%d/%m/%Y}&to={d:%d/%m/%Y}")  # as Vietnamese offices type it
    assert f"Báo cáo ngày {d:%d/%m/%Y}" in body.decode() and "Đăng ký kinh doanh" in body.decode()


def test_a_connected_kiosk_is_said_to_be_connected_not_connecting(hall, dashboard):
    """"đang kết nối" means "connecting": a kiosk online is "đã kết nối" (connected)."""
    async def while_connected():
        async with ws_session(hall.url, "kiosk", "kiosk-2", hall.token("kiosk-2")):
            viewer = WebClient(dashboard)
            viewer.sign_in("xem")
            deadline = time.monotonic() + 10
            while True:
                page = viewer.get("/")[2].decode()
                row = page.split('id="device-kiosk-2"', 1)[-1].split("</li>", 1)[0]
                if "đã kết nối" in row or time.monotonic() > deadline:
                    return row
                await asyncio.sleep(0.1)
    row = asyncio.run(while_connected())
    assert '<span class="pill open">đã kết nối</span>' in row and "đang kết nối" not in row
