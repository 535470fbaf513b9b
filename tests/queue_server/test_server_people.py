"""ID numbers, names and categories: the ID number goes nowhere (file, WAL, logs, frames) and an admin's
reading is audited, in this process with devices connected through memory (tests/in_process_hall.py); the
card finds what the integration sent, limits hold across a restart and retention runs, on a real server
process."""
import asyncio
import json
import logging
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import timedelta

from tests.support import ROOT, TEST_HALL, nine_am_today, ws_session

PID = "001099012345"
CODE, OTHER_CODE = "000.00.16.G04-261120-0020", "000.00.16.G04-261120-0031"
NAME = "Nguyễn Văn An"


def run(coro):
    return asyncio.run(coro)


def hall_with(tmp_path, extra: str):
    path = tmp_path / "hall.toml"
    path.write_text(TEST_HALL.read_text(encoding="utf-8") + "\n" + extra, encoding="utf-8")
    return path


def stored_bytes(db_path) -> bytes:
    """The database, its write-ahead log and its shared-memory index: everything SQLite keeps on disk."""
    return b"".join(path.read_bytes() for path in sorted(db_path.parent.glob(db_path.name + "*")))


def audit(db_path, kind):
    with sqlite3.connect(db_path) as db:
        return [json.loads(data) for (data,) in db.execute("select data from events where kind = ?", (kind,))]


def test_the_id_number_is_in_no_file_log_or_frame_any_screen_received(in_process_hall, caplog):
    caplog.set_level(logging.INFO)  # every line a server process prints
    hall = in_process_hall

    async def day():
        async with hall.session("screen-1") as display, hall.session("counter-1") as counter, \
                hall.session("admin-1") as admin, hall.session("kiosk-2") as other_kiosk, \
                hall.session("integration-1") as integration, hall.session("kiosk-1") as kiosk:
            sent = await integration.request("upsert_dossier", code=CODE, applicant=NAME, service="DD",
                                             due_at="2026-12-03", status="ready", personal_id=PID)
            assert sent["type"] == "ok"
            issued = await kiosk.request("issue_ticket", service="DD", category="elderly", personal_id=PID)
            assert issued["ticket"]["category"] == "elderly" and issued["ticket"]["priority"] is True
            found = await kiosk.request("lookup_card", personal_id=PID)
            assert [(d["code"], d["applicant"]) for d in found["dossiers"]] == [(CODE, "Nguyễn V. A.")]
            refused = await kiosk.request("issue_ticket", service="DD", personal_id=PID[:-1] + "x")
            assert refused["code"] == "invalid_personal_id"
            called = await counter.request("call_next")
            assert called["ticket"]["category"] == "elderly"  # the counter sees the category
            assert called["counter"]["serving"] == {"number": "1001", "service": "DD", "priority": True}
            assert (await counter.request("lookup_card", personal_id=PID))["dossiers"][0]["applicant"] == NAME
            assert [d["code"] for d in (await admin.request("find_personal_data", personal_id=PID))["dossiers"]] \
                == [CODE]
            await display.wait_for("counter", lambda e: e.get("serving", {}).get("number") == "1001")
            for session in (display, counter, admin, other_kiosk, integration, kiosk):
                await session.request("ping")  # answered after every event the earlier commands caused
            return [frame for session in (display, counter, admin, other_kiosk, integration, kiosk)
                    for frame in session.frames], display.frames
    frames, display_frames = hall.run(day())
    assert len(frames) > 20 and any(NAME in frame for frame in frames)  # the frames are the real ones
    assert [frame for frame in frames if PID in frame] == []
    assert not any('"category"' in frame for frame in display_frames)  # a hall screen is never told who is who
    assert PID.encode() not in stored_bytes(hall.db_path)
    assert PID not in caplog.text


def test_a_card_finds_what_the_integration_sent_and_a_restart_keeps_the_key(hall_server):
    async def send():
        async with ws_session(hall_server.url, "integration", "integration-1", "token-integration-1") as integration:
            for code, status in ((CODE, "ready"), (OTHER_CODE, "processing")):
                await integration.request("upsert_dossier", code=code, applicant=NAME, service="DD",
                                          due_at="2026-12-03", status=status, personal_id=PID)

    async def look_up():
        async with ws_session(hall_server.url, "kiosk", "kiosk-1", "token-kiosk-1") as kiosk:
            found = await kiosk.request("lookup_card", personal_id=PID)
            nobody = await kiosk.request("lookup_card", personal_id="079301004567")
            return [(d["code"], d["status"]) for d in found["dossiers"]], nobody.get("dossiers")
    run(send())
    key = hall_server.db_path.with_suffix(".key")
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    hall_server.stop()
    hall_server.start()
    assert run(look_up()) == ([(CODE, "ready"), (OTHER_CODE, "processing")], [])


def test_the_third_ticket_is_refused_with_the_limit_even_after_a_restart(make_hall_server, tmp_path):
    server = make_hall_server(config=hall_with(tmp_path, "[fair_share]\ntickets_per_day = 2\n"))

    async def take(service):
        async with ws_session(server.url, "kiosk", "kiosk-1", "token-kiosk-1") as kiosk:
            return await kiosk.request("issue_ticket", service=service, personal_id=PID)
    assert run(take("DD"))["type"] == run(take("HT"))["type"] == "ok"
    server.stop()
    server.start()
    refused = run(take("KD"))
    assert refused["code"] == "person_limit_reached"
    assert refused["message"] == {"vi": "Mỗi người chỉ được lấy 2 số trong một ngày; hôm nay quý vị đã lấy đủ 2 số.",
                                  "en": "Each person may take 2 number(s) a day; you have taken 2 today."}


def test_an_admin_shown_full_names_is_audited(in_process_hall, caplog):
    caplog.set_level(logging.INFO, logger="queue_server.server")
    hall = in_process_hall

    async def scenario():
        async with hall.session("integration-1") as integration:
            await integration.request("upsert_dossier", code=CODE, applicant=NAME, service="DD", due_at="2026-12-03",
                                      status="ready")
        async with hall.session("admin-1") as admin:
            assert admin.welcome["snapshot"]["dossiers_ready"][0]["applicant"] == NAME
            await admin.request("lookup_dossier", code=CODE)
            await admin.request("find_personal_data", name=NAME)
            await admin.request("find_personal_data", name="Nobody")  # nothing shown, nothing to audit
        async with hall.session("screen-1") as display:
            assert display.welcome["snapshot"]["dossiers_ready"][0]["applicant"] == "Nguyễn V. A."
    hall.run(scenario())
    assert audit(hall.db_path, "full_names_read") == [
        {"via": via, "dossiers": [CODE]} for via in ("welcome", "lookup_dossier", "find_personal_data")]
    assert "admin-1 was shown the full names of 1 dossier(s) (welcome)" in caplog.text


def test_retention_empties_the_personal_fields_and_keeps_the_figures(make_hall_server, tmp_path):
    db_path = tmp_path / "hall.db"
    first_day = nine_am_today()
    server = make_hall_server(db_path=db_path, clock_start=first_day.replace(tzinfo=None).isoformat())

    async def first():
        async with ws_session(server.url, "integration", "integration-1", "token-integration-1") as integration, \
                ws_session(server.url, "kiosk", "kiosk-1", "token-kiosk-1") as kiosk, \
                ws_session(server.url, "counter", "counter-1", "token-counter-1") as counter, \
                ws_session(server.url, "counter", "counter-4", "token-counter-4") as pickup:
            await integration.request("upsert_dossier", code=CODE, applicant=NAME, phone="0912345678", service="DD",
                                      due_at="2026-12-03", status="ready", personal_id=PID)
            await kiosk.request("issue_ticket", service="DD", category="pregnant", personal_id=PID)
            await kiosk.request("issue_ticket", service="TKQ", dossier=CODE)
            for clerk in (counter, pickup):  # the day ends with nobody waiting: its figures are final
                await clerk.request("call_next")
                await clerk.request("complete")
            await integration.request("set_dossier_status", code=CODE, status="returned")
    run(first())
    server.stop()
    report_before = _report(db_path, first_day)
    server.clock_start = (first_day.replace(tzinfo=None, hour=8) + timedelta(days=30)).isoformat()
    server.start()  # 30 days after the dossier was returned: the day's start runs the retention job
    server.stop()
    with sqlite3.connect(db_path) as db:
        assert db.execute("select applicant, phone, person, status from dossiers").fetchall() == [
            ("", None, None, "returned")]
        assert db.execute("select count(*) from tickets where person is not null").fetchone() == (0,)
        assert db.execute("select category from tickets order by id").fetchall() == [("pregnant",), (None,)]
    assert audit(db_path, "retention")[-1]["dossiers_anonymised"] == [CODE]
    assert NAME.encode() not in stored_bytes(db_path) and b"0912345678" not in stored_bytes(db_path)
    assert _report(db_path, first_day) == report_before


def _report(db_path, day) -> str:
    result = subprocess.run([sys.executable, "-m", "xephang.cli", "report", "--config", str(TEST_HALL),
                             "--db", str(db_path), "--day", day.date().isoformat()], cwd=ROOT,
                            capture_output=True, text=True, env=dict(os.environ, PYTHONUNBUFFERED="1"))
    assert result.returncode == 0, result.stderr
    assert "Phụ nữ mang thai / Pregnant woman" in result.stdout
    return result.stdout
