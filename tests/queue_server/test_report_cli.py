"""`xephang report` reads a live hall's database and writes a CSV a spreadsheet opens in Vietnamese. The hall
runs in this process, its devices connected through memory (tests/in_process_hall.py); the report is the
real command."""
import csv
from datetime import date

from tests.queue_server.test_cli import xephang
from tests.support import TEST_HALL


def test_report_of_a_running_hall_on_screen_and_as_csv(in_process_hall, tmp_path):
    hall = in_process_hall

    async def day():
        async with hall.session("kiosk-1") as kiosk, hall.session("counter-1") as counter:
            for service in ("DD", "DD", "HT"):
                await kiosk.request("issue_ticket", service=service)
            await kiosk.request("issue_ticket", service="DD", priority=True)
            await counter.request("call_next")
            await counter.request("complete")
            await counter.request("call_next")
            await counter.request("recall")
            await counter.request("no_show")
            await kiosk.request("issue_ticket", service="HT", category="elderly")
            return kiosk.welcome["snapshot"]["hall"]["day"]
    today = date.fromisoformat(hall.run(day()))
    out = tmp_path / "report.csv"
    # typed as every office in Vietnam writes a day: 02/12/2026
    result = xephang("report", "--config", str(TEST_HALL), "--db", str(hall.db_path),
                     "--day", f"{today:%d/%m/%Y}", "--to", f"{today:%d/%m/%Y}", "--csv", str(out))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == f"Số liệu / Figures: {today.isoformat()}"
    land = next(line for line in lines if line.startswith("Đất đai"))
    assert land.split()[2:7] == ["3", "1", "1", "1", "1"]  # issued, served, no-show, waiting, priority
    whole = next(line for line in lines if line.startswith("Cả sảnh"))
    assert whole.split()[5:7] == ["5", "1"]  # issued, served
    start = lines.index("Số ưu tiên theo đối tượng / Priority tickets by category") + 1
    by_category = lines[start:start + 2]
    assert [line.rsplit(maxsplit=1) for line in by_category] == [
        ["  Người cao tuổi / Older person", "1"], ["  Không rõ đối tượng / Category not said", "1"]]
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte order mark spreadsheets need for Vietnamese
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert [r["so/number"] for r in rows] == ["1001", "1002", "2001", "1003", "2002"]
    assert {r["so/number"]: r["trang_thai/state"] for r in rows} == {
        "1001": "no_show", "1002": "waiting", "2001": "waiting", "1003": "done", "2002": "waiting"}
    assert {r["so/number"]: r["doi_tuong_uu_tien/priority_category"] for r in rows if r["uu_tien/priority"]} == {
        "1003": "", "2002": "Người cao tuổi / Older person"}


def test_report_explains_a_missing_database(tmp_path):
    result = xephang("report", "--config", str(TEST_HALL), "--db", str(tmp_path / "none.db"))
    assert result.returncode == 2
    assert "Không có cơ sở dữ liệu" in result.stderr and "No database" in result.stderr


def test_report_explains_a_day_it_cannot_read(in_process_hall):
    hall = in_process_hall
    result = xephang("report", "--config", str(TEST_HALL), "--db", str(hall.db_path), "--day", "31/02/2026")
    assert result.returncode == 2
    assert result.stderr == ("Ngày không hợp lệ / Invalid date:\n"
                             "  ngày '31/02/2026' không hợp lệ: nhập dd/mm/yyyy, ví dụ 03/12/2026\n"
                             "  '31/02/2026' is not a valid date: type dd/mm/yyyy, e.g. 03/12/2026\n")


def test_report_says_durations_as_every_screen_does():
    from queue_server.config import load_config
    from queue_server.report_cli import format_figures
    figures = {"issued": 9, "served": 8, "no_show": 0, "waiting": 1, "priority": 0, "avg_wait_s": 5700,
               "avg_service_s": 25}
    text = format_figures(load_config(TEST_HALL), "2026-11-30", {**figures, "by_service": {"DD": figures}})
    whole = next(line for line in text.splitlines() if line.startswith("Cả sảnh"))
    assert whole.endswith("1 giờ 35 phút    dưới 1 phút")


def test_report_per_clerk_counter_and_service_with_the_citizens_ratings(make_in_process_hall, tmp_path):
    from tests.support import CLERK_PINS, hall_with_clerks
    config = hall_with_clerks(tmp_path)
    server = make_in_process_hall(config=config)

    async def day():
        async with server.session("kiosk-1") as kiosk, server.session("counter-1") as counter, \
                server.session("rating-1") as tablet:
            for _ in range(3):
                await kiosk.request("issue_ticket", service="DD")
            await counter.request("sign_in", clerk="lan", pin=CLERK_PINS["lan"])
            for _ in range(3):
                await counter.request("call_next")
                await counter.request("complete")
            await tablet.request("rate", ticket="1001", level="satisfied")
            await tablet.request("rate", ticket="1002", level="unsatisfied", reasons=["attitude", "guidance"])
            return kiosk.welcome["snapshot"]["hall"]["day"]  # 1003 is not rated
    today = server.run(day())
    out = tmp_path / "report.csv"
    result = xephang("report", "--config", str(config), "--db", str(server.db_path), "--day", today,
                     "--csv", str(out))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    header = lines[lines.index("Theo cán bộ / By clerk") + 1]
    assert header.split()[-11:] == ["Rất", "hài", "lòng", "Hài", "lòng", "Không", "hài", "lòng", "Không", "đánh", "giá"]
    for title, name in (("Theo cán bộ / By clerk", "Nguyễn Thị Lan"), ("Theo quầy / By counter", "Quầy 1"),
                        ("Theo lĩnh vực / By service", "Đất đai")):
        row = next(line for line in lines[lines.index(title):] if line.startswith(name))
        # served 3: very satisfied 0%, satisfied 33%, not satisfied 33%, not rated 33%
        assert row[28:36].strip() == "3" and row.split()[-4:] == ["0%", "33%", "33%", "33%"], row
    rows = {r["so/number"]: r for r in csv.DictReader(out.open(encoding="utf-8-sig"))}
    assert (rows["1002"]["can_bo/clerk"], rows["1002"]["danh_gia/rating"], rows["1002"]["ly_do/reasons"]) == (
        "lan", "unsatisfied", "attitude guidance")
    assert rows["1003"]["danh_gia/rating"] == "" and rows["1003"]["can_bo/clerk"] == "lan"
