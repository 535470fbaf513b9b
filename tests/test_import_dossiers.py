"""`xephang import-dossiers`: a spreadsheet of dossiers into a running hall, as a hall would export it."""
import asyncio

from tests.queue_server.test_cli import xephang
from tests.support import ws_session

# As a spreadsheet saves it: a name typed on two lines of its cell (Alt+Enter) is quoted, with CR LF inside.
SHEET = ("Mã hồ sơ,Họ tên,Số điện thoại,Lĩnh vực,Ngày hẹn trả,Trạng thái\r\n"
         "000.00.16.G04-261120-0020,Nguyễn Văn An,0912345678,DD,03/12/2026,đã có kết quả\r\n"
         '000.00.16.G04-261121-0021,"Trần Thị\r\nBích Ngọc",,HT,05.12.2026,processing\r\n'
         "not-a-code,Lê Hoàng,,DD,04/12/2026,received\r\n"
         "000.00.16.G04-261122-0022,Phạm Minh Châu,,KD,2026-12-07,received\r\n")


def test_import_a_vietnamese_sheet_twice_and_see_it_on_the_screens(hall_server, tmp_path):
    sheet = tmp_path / "ho-so.csv"
    sheet.write_bytes(SHEET.encode("utf-8-sig"))  # as a spreadsheet program saves "CSV UTF-8"
    args = ("import-dossiers", str(sheet), "--server", hall_server.url, "--device", "integration-1",
            "--token", "token-integration-1")

    async def screen_then_import():
        async with ws_session(hall_server.url, "display", "screen-1", "token-screen-1") as screen:
            first = await asyncio.to_thread(xephang, *args)
            ready = await screen.wait_for("dossier", lambda e: e["dossier"]["status"] == "ready")
            return first, ready
    first, ready = asyncio.run(screen_then_import())
    assert first.returncode == 1  # one bad row
    assert "Đã nhập 3/4 hồ sơ" in first.stdout
    assert first.stderr.startswith("dòng/line 4: ") and "không đúng dạng" in first.stderr  # the sheet's row 4
    assert ready["dossier"]["applicant"] == "Nguyễn V. A." and ready["dossier"]["due_at"] == "2026-12-03"

    async def lookup():
        async with ws_session(hall_server.url, "admin", "admin-1", "token-admin-1") as admin:
            return (await admin.request("lookup_dossier", code="000.00.16.G04-261121-0021"))["dossier"]
    dossier = asyncio.run(lookup())
    assert (dossier["applicant"], dossier["status"], dossier["service"], dossier["due_at"]) == (
        "Trần Thị Bích Ngọc", "processing", "HT", "2026-12-05")

    again = xephang(*args)
    assert "Đã nhập 3/4 hồ sơ" in again.stdout  # the same rows again: the first answers, nothing changed


def test_a_sheet_without_the_needed_columns_is_refused(hall_server, tmp_path):
    sheet = tmp_path / "sai.csv"
    sheet.write_text("Mã hồ sơ,Ghi chú\n000.00.16.G04-261120-0020,x\n", encoding="utf-8")
    result = xephang("import-dossiers", str(sheet), "--server", hall_server.url, "--device", "integration-1",
                     "--token", "token-integration-1")
    assert result.returncode == 2
    assert "Thiếu cột: applicant, service, due_at" in result.stderr and "Missing columns" in result.stderr
