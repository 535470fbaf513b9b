"""The server's database file (issue 11, findings 5, 6 and 10): one server per file, a file deleted or
replaced under it, and files it cannot start on. Real server processes on real SQLite files."""
import asyncio
import shutil
import sqlite3
import subprocess
import sys

import pytest
from websockets.exceptions import ConnectionClosed

from queue_server.store import MIGRATIONS, Store, open_database
from tests.support import ROOT, TEST_HALL, HallServerProcess, nine_am_today, ws_session


def run(coro):
    return asyncio.run(coro)


def xephang(*args, timeout=30):
    return subprocess.run([sys.executable, "-m", "xephang.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def start_server(db_path):
    return xephang("server", "--config", str(TEST_HALL), "--db", str(db_path), "--host", "127.0.0.1", "--port", "0")


async def issue(server, count: int, service: str = "DD") -> list[dict]:
    async with ws_session(server.url, "kiosk", "kiosk-1", "token-kiosk-1") as kiosk:
        return [await kiosk.request("issue_ticket", service=service) for _ in range(count)]


async def issue_until_closed(server, count: int) -> list[dict]:
    """Replies until the server closes the connection (a server that stops on purpose)."""
    replies = []
    try:
        async with ws_session(server.url, "kiosk", "kiosk-1", "token-kiosk-1") as kiosk:
            for _ in range(count):
                replies.append(await kiosk.request("issue_ticket", service="DD"))
    except (ConnectionClosed, OSError):
        pass
    return replies


def numbers(db_path) -> list[str]:
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return [n for (n,) in db.execute("select number from tickets order by id")]
    finally:
        db.close()


def test_a_second_server_on_the_same_file_exits_at_once_and_the_first_goes_on(hall_server):
    run(issue(hall_server, 2))
    second = start_server(hall_server.db_path)
    assert second.returncode == 2 and "Traceback" not in second.stderr
    assert second.stderr == (f"xephang server: {hall_server.db_path}: đang được một máy chủ xephang khác dùng "
                             f"(tiến trình {hall_server.process.pid}) / is in use by another xephang server "
                             f"(process {hall_server.process.pid})\n")
    # The report reads the live file without the lock, and the first server still confirms tickets.
    report = xephang("report", "--config", str(TEST_HALL), "--db", str(hall_server.db_path),
                     "--day", nine_am_today().date().isoformat())
    assert report.returncode == 0, report.stderr
    assert [r["ticket"]["number"] for r in run(issue(hall_server, 1))] == ["1003"]
    assert numbers(hall_server.db_path) == ["1001", "1002", "1003"]


def test_a_database_deleted_under_the_server_is_put_back_and_the_server_restarts_on_it(make_hall_server, tmp_path):
    server = make_hall_server(db_path=tmp_path / "hall.db")
    run(issue(server, 3))
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"hall.db{suffix}").unlink()
    after = run(issue_until_closed(server, 2))
    assert server.process.wait(10) == 1
    log = "".join(server.server.output)
    assert f"the database {tmp_path / 'hall.db'} was deleted while the server ran" in log
    assert f"xephang server: dừng: tệp cơ sở dữ liệu {tmp_path / 'hall.db'} đã bị xóa" in log
    # Whatever it confirmed is in the file put back; nothing after it was confirmed.
    confirmed = [r["ticket"]["number"] for r in after if r["type"] == "ok"]
    assert numbers(tmp_path / "hall.db") == ["1001", "1002", "1003", *confirmed]
    assert all(r["code"] == "storage_failed" for r in after if r["type"] == "error")
    server.start()  # as systemd would: no number given twice
    assert [r["ticket"]["number"] for r in run(issue(server, 1))] == [f"{1004 + len(confirmed)}"]


def test_a_database_replaced_under_the_server_is_left_alone_and_its_own_is_kept_beside(make_hall_server, tmp_path):
    server = make_hall_server(db_path=tmp_path / "hall.db")
    run(issue(server, 3))
    other = tmp_path / "restored-from-backup.db"
    Store(open_database(other)).db.close()
    shutil.move(other, tmp_path / "hall.db")  # an operator restores a backup without stopping the server
    refused = run(issue_until_closed(server, 1))
    assert [r["code"] for r in refused] in ([], ["storage_failed"])  # [] when its tick noticed first
    assert server.process.wait(10) == 1
    assert numbers(tmp_path / "hall.db") == []
    [kept] = tmp_path.glob("hall.db.saved-*")  # all it held, with the ticket it was storing when it noticed
    assert numbers(kept) in (["1001", "1002", "1003"], ["1001", "1002", "1003", "1004"])
    assert "the database" in "".join(server.server.output) and "was replaced" in "".join(server.server.output)


def test_a_hall_at_rest_notices_too_and_says_so_on_healthz(in_process_hall, monkeypatch):
    from queue_server import server as server_module
    monkeypatch.setattr(server_module, "TICK_INTERVAL_S", 0.05)
    hall = in_process_hall

    async def scenario():
        hall.db_path.unlink()  # nobody sends anything: the tick notices
        await hall.until(lambda: hall.server.broken.is_set(), "the deleted file to be noticed")
        return hall.server.health()

    health = hall.run(scenario())
    assert health["status"] == "database_deleted"  # and /healthz answers 503 until the process is gone
    assert hall.db_path.exists()


@pytest.mark.parametrize("damage, vi, en", [
    (lambda path: path.write_bytes(b"not a database at all " * 100),
     "tệp hỏng hoặc không phải cơ sở dữ liệu SQLite", "the file is damaged or is not an SQLite database"),
    (lambda path: path.mkdir(), "đó là một thư mục, không phải tệp", "it is a directory, not a file"),
])
def test_a_database_the_server_cannot_open_is_one_line_naming_it(tmp_path, damage, vi, en):
    path = tmp_path / "hall.db"
    damage(path)
    result = start_server(path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith(f"xephang server: {path}: {vi}") and en in line


def test_a_database_from_a_newer_xephang_is_refused(tmp_path):
    path = tmp_path / "hall.db"
    store = Store(open_database(path))
    store.db["schema_migrations"].insert({"version": len(MIGRATIONS) + 1, "applied_at": 0})
    store.db.close()
    result = start_server(path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr == (f"xephang server: {path}: cơ sở dữ liệu do một phiên bản xephang mới hơn ghi "
                             f"(lược đồ {len(MIGRATIONS) + 1}, phiên bản này biết đến {len(MIGRATIONS)}): "
                             "hãy cập nhật xephang / "
                             f"written by a newer xephang (schema {len(MIGRATIONS) + 1}, this one knows up to "
                             f"{len(MIGRATIONS)}): upgrade xephang\n")


def test_a_config_not_in_utf8_names_the_file_and_the_line(tmp_path):
    config = tmp_path / "hall.toml"
    config.write_bytes(TEST_HALL.read_text(encoding="utf-8").encode("utf-8").replace(
        "Hải Châu".encode(), b"H\xe1i Ch\xe2u"))  # the hall's name as a Windows-1258 editor saves it
    assert b"H\xe1i" in config.read_bytes()  # the test hall still has that name
    result = xephang("server", "--config", str(config), "--db", str(tmp_path / "h.db"), "--port", "0")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr == (f"Lỗi cấu hình / Configuration error:\n  {config}\n"
                             "  dòng 3: tệp không ở dạng UTF-8 (byte 0xe1); hãy lưu lại tệp với bảng mã UTF-8\n"
                             "  line 3: the file is not in UTF-8 (byte 0xe1); save it again as UTF-8\n")
    assert not (tmp_path / "h.db").exists()


def test_the_lock_does_not_outlive_its_server(tmp_path):
    server = HallServerProcess(tmp_path / "hall.db")
    server.start()
    server.kill()  # SIGKILL: nothing cleans up, the kernel drops the lock with the process
    server.start()
    assert run(issue(server, 1))[0]["type"] == "ok"
    server.stop()
