"""Drill: thousands of random and malformed frames in every role.

The server never dies, every frame gets an error reply (or, over 64 KiB, a clean close with 1009), and
nothing stored changes: only invalid frames are sent (malformed ones, fields out of their limits, dates out
of bounds, and commands the role may not send).
"""
import asyncio
import json
import sqlite3
import sys
from zoneinfo import ZoneInfo

import msgspec
import pytest
from hypothesis import HealthCheck, Phase, given, settings, strategies as st
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from queue_protocol import limits
from queue_protocol.errors import InvalidDate
from queue_protocol.messages import COMMAND_TYPES, MAX_FRAME_BYTES, Hello, UpsertDossier, decode_client
from queue_server.dossiers import normalize_due, to_timestamp
from tests.drills.protocol_tables import ROLES, allowed_matrix, command_examples, refused_commands

DEVICE_OF_ROLE = {"kiosk": "kiosk-1", "counter": "counter-1", "display": "screen-1",
                  "integration": "integration-1", "admin": "admin-1", "rating": "rating-1"}
TABLES = ("tickets", "counters", "dossiers", "calls", "events", "requests", "ratings")
KNOWN_TYPES = set(COMMAND_TYPES) | {"hello", "welcome", "ok", "error", "called", "queue", "counter", "dossier",
                                    "rating_requested", "snapshot"}
EXAMPLES = command_examples()
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
MATRIX = allowed_matrix()
REPLY_TIMEOUT_S = 5


scalars = (st.none() | st.booleans() | st.integers(min_value=-2**70, max_value=2**70)
           | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=24))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)


def _mutated(name: str, key_index: int, delete: bool, value) -> str:
    """A documented command with one field deleted or given a random value."""
    frame = dict(EXAMPLES[name])
    keys = sorted(frame)
    key = keys[key_index % len(keys)]
    if delete:
        del frame[key]
    else:
        frame[key] = value
    return json.dumps(frame)


def _sized(size: int) -> str:
    """A malformed issue_ticket (service is a number) padded to exactly `size` bytes."""
    head, tail = '{"type":"issue_ticket","id":"big","service":5,"pad":"', '"}'
    return head + "a" * (size - len(head) - len(tail)) + tail


def _out_of_limits(name: str, field: str, size: int, char: str) -> str:
    """A documented command with one text field far longer than its limit (or the id)."""
    return json.dumps({**EXAMPLES[name], field: char * size}, ensure_ascii=False)


def _dossier_dated(field: str, value: str, request_id: str) -> str:
    return json.dumps({**EXAMPLES["upsert_dossier"], field: value, "id": request_id})


# Years that parse but cannot be shown in the hall's zone, and years outside the protocol's bounds.
bad_dates = st.one_of(
    st.sampled_from(["0001-01-01", "9999-12-31T23:00:00-05:00", "0001-01-01T00:00:00+14:00", "9999-12-31"]),
    st.builds(lambda y, m, d, offset: f"{y:04d}-{m:02d}-{d:02d}T12:00:00{offset}",
              st.integers(1, 1999) | st.integers(2100, 9999), st.integers(1, 12), st.integers(1, 28),
              st.sampled_from(["", "Z", "+14:00", "-12:00"])))
long_fields = st.sampled_from([("upsert_dossier", "applicant"), ("upsert_dossier", "phone"),
                               ("upsert_dossier", "code"), ("upsert_dossier", "due_at"),
                               ("issue_ticket", "service"), ("call_number", "number"),
                               ("lookup_dossier", "code"), ("ping", "id"), ("stats", "day")])


NESTED = '{"type":"ping","id":"deep","x":'


def _nested(depth: int) -> str:
    return NESTED + "[" * depth + "]" * depth + "}"


def frames(role: str):
    text_frames = st.one_of(
        st.text(max_size=200),
        json_values.map(json.dumps),
        st.builds(lambda t, i, rest: json.dumps({**rest, "type": t, "id": i}),
                  st.text(max_size=12).filter(lambda t: t not in KNOWN_TYPES), st.text(max_size=12),
                  st.dictionaries(st.text(max_size=6), scalars, max_size=3)),
        st.builds(_mutated, st.sampled_from(sorted(EXAMPLES)), st.integers(0, 20), st.booleans(), json_values),
        st.builds(lambda name, i: json.dumps({**EXAMPLES[name], "id": i}),
                  st.sampled_from(refused_commands(role)), st.text(min_size=1, max_size=30)),
        st.builds(lambda fields: json.dumps({"type": "hello", **fields}),
                  st.fixed_dictionaries({"role": st.sampled_from(ROLES), "device": st.text(max_size=10),
                                         "token": st.text(max_size=10), "protocol": st.integers(0, 3)})),
        st.integers(MAX_FRAME_BYTES - 300, MAX_FRAME_BYTES + 300).map(_sized),
        st.integers(1500, 40000).map(_nested),
        st.builds(lambda name_field, size, char: _out_of_limits(*name_field, size, char),
                  long_fields, st.integers(160, 30_000), st.sampled_from(["A", "ệ", "0"])),
        st.builds(_dossier_dated, st.sampled_from(["received_at", "due_at"]), bad_dates,
                  st.uuids().map(str)),
        st.builds(lambda t: json.dumps({"type": t, "id": "x"}).replace('"x"', '"\\ud800"'),
                  st.sampled_from(sorted(KNOWN_TYPES))),
    )
    framed = st.builds(lambda text, binary: text.encode() if binary else text, text_frames, st.booleans())
    return (framed | st.binary(max_size=300)).filter(lambda frame: expectation(role, frame) != "valid")


def expectation(role: str, frame) -> str:
    """The error code the frame must get, 'too_large', or 'valid' (an allowed command: never sent here)."""
    if len(frame.encode() if isinstance(frame, str) else frame) > MAX_FRAME_BYTES:
        return "too_large"
    if isinstance(frame, bytes):
        return "malformed"  # the protocol is JSON text frames
    if frame.startswith(NESTED):
        # Deeper than the server reads (about 1,000 levels): said, not decoded here, where hypothesis has
        # raised the recursion limit and msgspec would read deeper than the server does.
        return "malformed"
    try:
        message = decode_client(frame)
    except msgspec.ValidationError as invalid:
        return limits.refusal(invalid).code
    except msgspec.DecodeError:
        return "malformed"
    if isinstance(message, Hello):
        return "malformed"
    if not MATRIX[type(message).__struct_config__.tag][role]:
        return "not_allowed"
    if isinstance(message, UpsertDossier) and _bad_date(message):
        return "invalid_date"
    return "valid"


def _bad_date(message: UpsertDossier) -> bool:
    try:
        normalize_due(message.due_at)
        if message.received_at:
            to_timestamp(message.received_at, ZONE)
    except InvalidDate:
        return True
    return False


def request_id(frame):
    """The id the error reply must carry: none for binary frames, frames that are not JSON, or ids that
    are not text (a lone surrogate cannot be sent back as UTF-8)."""
    if isinstance(frame, bytes):
        return None
    if frame.startswith(NESTED):
        return "deep"  # the server may read the id before the nesting, or give up: either is right
    # The server reads the id of a frame nested up to ~1000 deep; json.loads must too, however deep the
    # test's own stack already is (hypothesis and pytest use a few hundred frames of the default 1000).
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(limit + 2000)
    try:
        value = json.loads(frame).get("id")
        value.encode("utf-8")
    except (ValueError, AttributeError, TypeError, RecursionError, UnicodeEncodeError):
        return None
    finally:
        sys.setrecursionlimit(limit)
    return value


class RoleSession:
    """One connection in one role, reopened after the server closes it."""

    def __init__(self, server, role: str):
        self.server, self.role, self.device = server, role, DEVICE_OF_ROLE[role]
        self.connection = None

    async def open(self) -> None:
        self.connection = await connect(self.server.url, compression=None, max_size=None)
        await self.connection.send(json.dumps({"type": "hello", "role": self.role, "device": self.device,
                                               "token": self.server.token(self.device), "protocol": 1}))
        assert json.loads(await self.connection.recv())["type"] == "welcome"

    async def send(self, frame) -> tuple[str, object]:
        """('reply', message) or ('closed', close code)."""
        if self.connection is None:
            await self.open()
        try:
            await self.connection.send(frame)
            while True:
                message = json.loads(await asyncio.wait_for(self.connection.recv(), REPLY_TIMEOUT_S))
                if message["type"] in ("ok", "error"):
                    return "reply", message
        except ConnectionClosed as closed:
            self.connection = None
            return "closed", closed.rcvd.code if closed.rcvd else None

    def verdict(self, frame, outcome: tuple[str, object]):
        """None when the server answered as the protocol says, else what went wrong."""
        expected = expectation(self.role, frame)
        kind, got = outcome
        if expected == "too_large":
            return None if (kind, got) == ("closed", 1009) else (expected, outcome)
        if kind != "reply" or got["type"] != "error" or got["code"] != expected:
            return expected, outcome
        if got["id"] not in (None, request_id(frame)) or not (got["message"]["vi"] and got["message"]["en"]):
            return expected, outcome
        return None


# An admin shown full names is audited: admin_view below is one such reading, not a change the frames made.
_ROWS = {"events": "select * from events where kind != 'full_names_read' order by 1, 2"}


def dump(db_path) -> dict:
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return {table: db.execute(_ROWS.get(table, f"select * from {table} order by 1, 2")).fetchall()
                for table in TABLES}
    finally:
        db.close()


def requests_changed_but_refusals(before: dict, after: dict) -> list:
    """Rows of `requests` the drill added: the refusals of commands the role may send, kept for a retry."""
    added = [row for row in after["requests"] if row not in before["requests"]]
    return [row for row in added if json.loads(row[3])["type"] != "error"] + \
        [row for row in before["requests"] if row not in after["requests"]]


async def some_state(server) -> None:
    """Tickets, a call, a ready dossier: something that must stay exactly as it is."""
    from tests.support import ws_session
    async with ws_session(server.url, "kiosk", "kiosk-2", "token-kiosk-2") as kiosk:
        for service in ("DD", "HT", "DD"):
            assert (await kiosk.request("issue_ticket", service=service))["type"] == "ok"
    async with ws_session(server.url, "counter", "counter-2", "token-counter-2") as counter:
        assert (await counter.request("call_next"))["type"] == "ok"
    async with ws_session(server.url, "admin", "admin-1", "token-admin-1") as admin:
        upsert = {k: v for k, v in EXAMPLES["upsert_dossier"].items() if k not in ("type", "id")}
        assert (await admin.request("upsert_dossier", **upsert))["type"] == "ok"
        assert (await admin.request("set_dossier_status", code=upsert["code"], status="ready"))["type"] == "ok"


async def admin_view(server) -> dict:
    from tests.support import ws_session
    # Another admin device than the drill's own: a second hello for a device would replace its session.
    async with ws_session(server.url, "admin", "dashboard-1", "token-dashboard-1") as admin:
        snapshot = admin.welcome["snapshot"]
        snapshot["hall"].pop("server_time")
        snapshot.pop("devices")  # who is connected, and a kiosk's reported printer, are no queue state
        return snapshot


@pytest.mark.parametrize("role", ROLES)
def test_random_and_malformed_frames_change_nothing(hall_server, role):
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(some_state(hall_server))
        stored_before, seen_before = dump(hall_server.db_path), loop.run_until_complete(admin_view(hall_server))
        session = RoleSession(hall_server, role)
        sent, wrong = [0], []

        # No shrinking: the failing frames are listed as they are, and shrinking against a server is slow.
        @settings(max_examples=60, deadline=None, database=None, phases=[Phase.generate],
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                         HealthCheck.filter_too_much])
        @given(st.lists(frames(role), min_size=10, max_size=30))
        def fuzz(batch):
            for frame in batch:
                problem = session.verdict(frame, loop.run_until_complete(session.send(frame)))
                sent[0] += 1
                if problem is not None:
                    wrong.append((frame[:300], *problem))
            assert hall_server.process.poll() is None, "the server died"
            assert wrong == []

        fuzz()
        if session.connection is not None:
            loop.run_until_complete(session.connection.close())
        assert sent[0] >= 600
        assert hall_server.process.poll() is None and hall_server.health()["status"] == "ok"
        stored_after = dump(hall_server.db_path)
        assert requests_changed_but_refusals(stored_before, stored_after) == []
        assert {**stored_after, "requests": []} == {**stored_before, "requests": []}
        assert loop.run_until_complete(admin_view(hall_server)) == seen_before
    finally:
        loop.close()


def _one_frame(server, role: str, frame):
    async def scenario():
        session = RoleSession(server, role)
        outcome = await session.send(frame)
        if session.connection is not None:
            await session.connection.close()
        return session.verdict(frame, outcome), outcome
    return asyncio.run(scenario())


def test_lone_surrogate_in_id_gets_malformed(hall_server):
    problem, outcome = _one_frame(hall_server, "kiosk", '{"type":"ping","id":"\\ud800"}')
    assert problem is None, outcome


def test_deeply_nested_frame_gets_malformed(hall_server):
    problem, outcome = _one_frame(hall_server, "display", _nested(2000))
    assert problem is None, outcome
