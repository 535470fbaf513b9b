"""`xephang personal-data`: a citizen's data found and erased on request through a running hall; the ID number
comes from a spreadsheet or a prompt, never from a command line, and is never printed."""
import asyncio
import subprocess
import sys

from tests.support import ROOT, ws_session

PID = "001099012345"
CODE, OTHER_CODE = "000.00.16.G04-261120-0020", "000.00.16.G04-261121-0021"
SHEET = ("Mã hồ sơ,Họ tên,Số điện thoại,Lĩnh vực,Ngày hẹn trả,Trạng thái,Số định danh\r\n"
         f"{CODE},Nguyễn Văn An,0912345678,DD,03/12/2026,đã có kết quả,{PID}\r\n"
         f"{OTHER_CODE},Trần Thị Bích Ngọc,,HT,05/12/2026,processing,\r\n")


def xephang(*args, stdin=""):
    return subprocess.run([sys.executable, "-m", "xephang.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          input=stdin, timeout=30)


def test_find_then_erase_what_the_hall_keeps_on_a_citizen(hall_server, tmp_path):
    sheet = tmp_path / "ho-so.csv"
    sheet.write_bytes(SHEET.encode("utf-8-sig"))
    imported = xephang("import-dossiers", str(sheet), "--server", hall_server.url, "--device", "integration-1",
                       "--token", "token-integration-1")
    assert "Đã nhập 2/2 hồ sơ" in imported.stdout, imported.stderr

    async def card_ticket():
        async with ws_session(hall_server.url, "kiosk", "kiosk-1", "token-kiosk-1") as kiosk:
            return (await kiosk.request("issue_ticket", service="DD", personal_id=PID))["ticket"]["number"]
    number = asyncio.run(card_ticket())
    admin = ("--server", hall_server.url, "--device", "admin-1", "--token", "token-admin-1")

    found = xephang("personal-data", "find", *admin, "--personal-id", stdin=PID + "\n")
    assert found.returncode == 0, found.stderr
    assert found.stdout.splitlines()[:5] == [
        "Hồ sơ / Dossiers: 1",
        f"  {CODE}  DD  Đã có kết quả / Ready for pickup",
        "    Người nộp / Applicant: Nguyễn Văn An    Điện thoại / Phone: 0912345678",
        found.stdout.splitlines()[3],  # received now
        "Số thứ tự hôm nay lấy bằng thẻ căn cước / Today's tickets taken with the ID card: 1"]
    assert f"  {number}  DD  " in found.stdout and PID not in found.stdout + found.stderr

    refused = xephang("personal-data", "erase", *admin, "--yes", "--personal-id", stdin="12345\n")
    assert refused.returncode == 1 and refused.stderr == ("Số định danh cá nhân phải gồm đúng 12 chữ số.\n"
                                                          "A personal ID number has exactly 12 digits.\n")
    for answer in ("không\n", ""):  # a no, or no answer at all
        not_confirmed = xephang("personal-data", "erase", *admin, "--dossier", OTHER_CODE, stdin=answer)
        assert not_confirmed.returncode == 1 and not_confirmed.stdout.endswith("Không xoá gì / Nothing erased\n")

    erased = xephang("personal-data", "erase", *admin, "--yes", "--personal-id", stdin=PID + "\n")
    assert erased.returncode == 0, erased.stderr
    assert erased.stdout == ("Đã xoá dữ liệu cá nhân của 1 hồ sơ, bỏ liên kết 1 số thứ tự / "
                             f"Erased the personal data of 1 dossier(s), unlinked 1 ticket(s)\n  {CODE}\n")
    again = xephang("personal-data", "find", *admin, "--name", "Nguyễn Văn An", "--personal-id", stdin=PID + "\n")
    assert again.stdout.splitlines()[0] == "Hồ sơ / Dossiers: 0"
    assert "Today's tickets taken with the ID card: 0" in again.stdout
    still = xephang("personal-data", "find", *admin, "--phone", "+84 912 345 678")
    assert still.stdout.splitlines()[0] == "Hồ sơ / Dossiers: 0"
    other = xephang("personal-data", "find", *admin, "--name", "trần thị bích ngọc")
    assert f"  {OTHER_CODE}  HT" in other.stdout  # somebody else's dossier is untouched


def test_an_unreachable_server_is_said_in_both_languages():
    result = xephang("personal-data", "find", "--server", "ws://127.0.0.1:9", "--device", "admin-1",
                     "--token", "token-admin-1", "--name", "x", "--timeout", "1")
    assert result.returncode == 1
    assert result.stderr.strip() == "Không kết nối được máy chủ ws://127.0.0.1:9 / Cannot reach the server ws://127.0.0.1:9"
