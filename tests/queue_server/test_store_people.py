"""Personal data in the SQLite file: categories and ID hashes stored, the audit log without names, the retention
job and an erasure reaching what the engine does not hold, and nothing left behind in the file or its WAL."""
import json

import sqlite_utils

from queue_protocol import messages as m
from queue_server.store import MIGRATIONS, Change, Store, open_database
from tests.queue_server.engine_helpers import TEST_CONFIG, TEST_KEY, engine_state, local
from tests.queue_server.test_store import StoredHall

PID = "001099012345"
CODE = "000.00.16.G04-261120-0020"
NAME, PHONE = "Nguyễn Văn An", "0912345678"


def events_of(store, kind):
    return [json.loads(row["data"]) for row in store.db["events"].rows_where("kind = ?", [kind])]


def file_bytes(path) -> bytes:
    """The database file and its write-ahead log, as a disk image would hold them."""
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_a_version_1_database_gains_the_columns_and_its_audit_log_loses_the_names():
    db = sqlite_utils.Database(memory=True)
    db["schema_migrations"].create({"version": int, "applied_at": float}, pk="version")
    MIGRATIONS[0](db)
    db["schema_migrations"].insert({"version": 1, "applied_at": 0.0})
    db["events"].insert({"at": 1.0, "kind": "dossier", "data": json.dumps(
        {"code": CODE, "applicant": NAME, "phone": PHONE, "status": "ready"}, ensure_ascii=False)})
    store = Store(db)
    assert store.schema_version == len(MIGRATIONS)
    assert {"category", "person"} <= set(db["tickets"].columns_dict) and "person" in db["dossiers"].columns_dict
    assert events_of(store, "dossier") == [{"code": CODE, "status": "ready"}]


def test_categories_and_id_hashes_are_stored_and_read_back(tmp_path):
    path = tmp_path / "hall.db"
    hall = StoredHall(Store(open_database(path)))
    hall.do(m.IssueTicket, service="DD", category="elderly", personal_id=PID)
    hall.do(m.UpsertDossier, code=CODE, applicant=NAME, service="DD", due_at="2026-12-03", personal_id=PID)
    ticket = next(hall.store.db["tickets"].rows)
    assert (ticket["category"], ticket["person"]) == ("elderly", TEST_KEY.of(PID))
    assert next(hall.store.db["dossiers"].rows)["person"] == TEST_KEY.of(PID)
    assert engine_state(hall.store.load_engine(TEST_CONFIG, TEST_KEY)) == engine_state(hall.engine)
    assert PID.encode() not in file_bytes(path)


def test_the_audit_log_says_what_happened_never_to_whom():
    hall = StoredHall(Store(sqlite_utils.Database(memory=True)))
    hall.do(m.IssueTicket, service="DD", personal_id=PID)
    hall.do(m.UpsertDossier, code=CODE, applicant=NAME, phone=PHONE, service="DD", due_at="2026-12-03",
            personal_id=PID)
    audit = " ".join(row["data"] for row in hall.store.db["events"].rows)
    assert CODE in audit
    assert NAME not in audit and PHONE not in audit and TEST_KEY.of(PID) not in audit


def test_the_retention_job_unlinks_earlier_tickets_and_keeps_the_figures():
    store = Store(sqlite_utils.Database(memory=True))
    hall = StoredHall(store)
    hall.do(m.IssueTicket, service="DD", category="pregnant", personal_id=PID)
    hall.do(m.IssueTicket, service="HT", personal_id=PID)
    hall.call_next(1)
    hall.do(m.Complete, 1)
    before = [{k: v for k, v in row.items() if k != "person"} for row in store.db["tickets"].rows]
    hall.at(local(1, 0, 0, 1, month=12))
    assert [row["person"] for row in store.db["tickets"].rows] == [None, None]
    assert [{k: v for k, v in row.items() if k != "person"} for row in store.db["tickets"].rows] == [
        {**row, "state": "expired" if row["state"] == "waiting" else row["state"],
         "done_at": row["done_at"] or local(1, 0, 0, 1, month=12)} for row in before]
    assert events_of(store, "retention") == [{"day": "2026-12-01", "dossiers_anonymised": [], "tickets_unlinked": 2}]


def test_the_retention_job_and_an_erasure_drop_stored_replies_that_name_the_applicant():
    store = Store(sqlite_utils.Database(memory=True))
    hall = StoredHall(store)
    outcome = hall.do(m.UpsertDossier, code=CODE, applicant=NAME, service="DD", due_at="2026-12-03", status="ready")
    store.commit(Change(outcome, hall.now, "integration-1", "upsert-1", json.dumps(
        {"type": "ok", "id": "upsert-1", "dossier": {"code": CODE, "applicant": NAME}}, ensure_ascii=False)))
    hall.do(m.IssueTicket, service="DD")
    erased = hall.do(m.ErasePersonalData, dossiers=[CODE])
    store.commit(Change(erased, hall.now, "admin-1", "erase-1"))
    assert store.previous_reply("integration-1", "upsert-1") is None
    assert store.previous_reply("device-1", "2") == "reply 2"  # the ticket's reply names nobody: kept
    assert events_of(store, "personal_data_erased")[-1] == {"dossiers": [CODE], "tickets_unlinked": 0}
    assert next(store.db["dossiers"].rows)["applicant"] == ""


def test_erased_names_leave_the_file_and_its_write_ahead_log(tmp_path):
    path = tmp_path / "hall.db"
    hall = StoredHall(Store(open_database(path)))
    hall.do(m.UpsertDossier, code=CODE, applicant=NAME, phone=PHONE, service="DD", due_at="2026-12-03")
    assert NAME.encode() in file_bytes(path) and PHONE.encode() in file_bytes(path)
    hall.do(m.ErasePersonalData, dossiers=[CODE])
    assert NAME.encode() not in file_bytes(path) and PHONE.encode() not in file_bytes(path)
