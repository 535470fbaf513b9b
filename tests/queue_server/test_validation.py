"""Every field of every command is checked before the engine changes anything (issue 11, findings 1 and 12).

Dates out of bounds once crashed the reply after the engine had changed memory: the dossier showed as ready
on screens without being on disk. Here each bad field gets its refusal, nothing stored or shown changes,
and the server answers the next welcome and the next command as before. The server's part runs in this
process, its devices connected through memory (tests/in_process_hall.py).
"""
import json
import sqlite3

import msgspec
import pytest

from queue_protocol import errors, limits, messages as m
from queue_protocol.limits import NAME_CHARS, REQUEST_ID_CHARS
from tests.queue_server.engine_helpers import Hall

DOSSIER = {"code": "000.00.16.G04-261129-0031", "applicant": "Trần Thị Bích Ngọc", "service": "HT",
           "due_at": "2026-12-03", "status": "ready"}
BAD_DATES = ["0001-01-01", "9999-12-31T23:00:00-05:00", "0001-01-01T00:00:00+14:00", "1999-12-31", "2100-01-01"]


def dossier_rows(path) -> list:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return db.execute("select code from dossiers").fetchall()
    finally:
        db.close()


@pytest.mark.parametrize("field", ["received_at", "due_at"])
@pytest.mark.parametrize("value", BAD_DATES)
def test_a_date_out_of_bounds_is_refused_and_the_engine_unchanged(field, value):
    hall = Hall()
    refusal = hall.refused(errors.InvalidDate, m.UpsertDossier, **{**DOSSIER, field: value})
    assert "2000" in refusal.message.vi and "2099" in refusal.message.en


def test_transfer_into_pickup_needs_a_ready_dossier():
    hall = Hall()
    hall.issue("DD")
    hall.call_next(1)
    hall.refused(errors.PickupNeedsDossier, m.Transfer, 1, service="TKQ")
    hall.do(m.UpsertDossier, **{**DOSSIER, "status": "processing"})
    hall.issue("HT")
    hall.do(m.Complete, 1)
    assert hall.call_next(1).service == "HT"
    hall.refused(errors.PickupNeedsDossier, m.Transfer, 1, service="TKQ")


def test_a_pickup_ticket_goes_back_to_pickup_only_while_its_dossier_is_ready():
    hall = Hall()
    hall.do(m.UpsertDossier, **DOSSIER)
    assert hall.issue("TKQ", dossier=DOSSIER["code"]).dossier == DOSSIER["code"]
    hall.call_next(4)
    hall.do(m.Transfer, 4, service="HT")  # the citizen has something to do at Hộ tịch first
    assert hall.call_next(1).dossier == DOSSIER["code"]
    hall.do(m.SetDossierStatus, code=DOSSIER["code"], status="processing")
    hall.refused(errors.DossierNotReady, m.Transfer, 1, service="TKQ")
    hall.do(m.SetDossierStatus, code=DOSSIER["code"], status="ready")
    assert hall.do(m.Transfer, 1, service="TKQ").ticket.service == "TKQ"


@pytest.mark.parametrize("applicant", ["Trần\u202eNgọc", "Trần\x00Ngọc"])
def test_an_applicant_with_control_characters_is_refused(applicant):
    refusal = Hall().refused(errors.InvalidField, m.UpsertDossier, **{**DOSSIER, "applicant": applicant})
    assert refusal.message.vi.startswith("Họ tên người nộp")


def test_bad_fields_sent_are_named_and_nothing_is_stored_or_shown(in_process_hall):
    hall = in_process_hall
    long_name = "Nguyễn" + "A" * 30_000
    long_id = "x" * (REQUEST_ID_CHARS + 1)

    async def scenario():
        async with hall.session("screen-1") as screen, \
                hall.session("admin-1") as admin:
            answers = {}
            for name, fields in (("received_at", {**DOSSIER, "received_at": "0001-01-01"}),
                                 ("due_at", {**DOSSIER, "due_at": "9999-12-31T23:00:00-05:00"}),
                                 ("long_name", {**DOSSIER, "applicant": long_name}),
                                 ("phone", {**DOSSIER, "phone": "<script>alert(1)</script>"})):
                answers[name] = await admin.request("upsert_dossier", **fields)
            answers["stats"] = await admin.request("stats", day="0001-01-01")
            await admin.send({"type": "ping", "id": long_id})
            answers["long_id"] = await admin.reply()
            # The hall goes on: an admin is welcomed, a good dossier is taken and shown.
            async with hall.session("dashboard-1") as again:
                assert again.welcome["type"] == "welcome"
            good = await admin.request("upsert_dossier", **DOSSIER)
            shown = await screen.next_event("dossier")
            return answers, good, shown, screen.welcome

    answers, good, shown, welcome = hall.run(scenario())
    assert {name: a["code"] for name, a in answers.items()} == {
        "received_at": "invalid_date", "due_at": "invalid_date", "long_name": "invalid_field",
        "phone": "invalid_field", "stats": "invalid_date", "long_id": "invalid_field"}
    assert answers["long_name"]["message"]["vi"] == f"Họ tên người nộp không hợp lệ: tối đa {NAME_CHARS} ký tự."
    assert answers["long_name"]["message"]["en"] == (
        f"The applicant's name is not valid: at most {NAME_CHARS} characters.")
    assert answers["long_id"]["id"] is None  # no client waits on an id it could not have sent
    assert welcome["snapshot"].get("dossiers_ready", []) == []
    assert good["type"] == "ok" and shown["dossier"]["applicant"] == "Trần T. B. N."
    assert dossier_rows(hall.db_path) == [(DOSSIER["code"],)]
    assert hall.health()["status"] == "ok"


@pytest.mark.parametrize("frame, named", [
    ({"type": "sign_in", "id": "c1", "clerk": "lan", "pin": "1" * 10_000}, "Mã PIN"),  # hashed on every try
    ({"type": "rate", "id": "r1", "ticket": "1001", "level": "satisfied", "reasons": ["slow"] * 1000},
     "Danh sách lý do"),
    ({"type": "rate", "id": "r1", "ticket": "1001", "level": "satisfied", "reasons": ["x" * 1000]},
     "Danh sách lý do"),
    ({"type": "call_number", "id": "n1", "number": "1" * 1000}, "Số thứ tự"),
])
def test_every_command_has_its_limits(frame, named):
    with pytest.raises(msgspec.ValidationError) as invalid:
        m.decode_client(json.dumps(frame))
    refusal = limits.refusal(invalid.value)
    assert refusal.code == "invalid_field" and refusal.message.vi.startswith(named)
