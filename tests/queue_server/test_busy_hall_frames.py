"""A busy hall's snapshots stay within the frame limit (issue 11, finding 13): 1,500 ready dossiers, every field
at its longest, and 20,000 tickets waiting. Real connections limited as the apps' client is, to a real server
process, and to the same server in this process (tests/in_process_hall.py) whose clock a test can hurry."""
import asyncio
import json
from datetime import timedelta

import pytest
from websockets.asyncio.client import connect

from bench.hall_setup import LONGEST_UNIT, token
from queue_protocol.client import QueueClient
from queue_protocol.messages import MAX_FRAME_BYTES, Resync
from queue_server import server as server_module
from tests.in_process_hall import InProcessHall, on_a_port
from tests.server_process import nine_am_today
from tests.support import HallServerProcess, busy_hall

READY, WAITING = 1_500, 20_000


@pytest.fixture(scope="module")
def hall_files(tmp_path_factory):
    return busy_hall(tmp_path_factory.mktemp("busy-hall"), READY, WAITING)


def start(hall_files, clock_start=None) -> HallServerProcess:
    config, db = hall_files
    server = HallServerProcess(db_path=db, config_path=config, clock_start=clock_start)
    server.start(timeout=60)
    return server


async def welcome_frames(url: str, role: str, device: str) -> list[str]:
    """The welcome and the parts after it, read as the apps' client reads them: frames over 64 KiB refused."""
    async with connect(url, max_size=MAX_FRAME_BYTES, compression=None) as connection:
        await connection.send(json.dumps({"type": "hello", "role": role, "device": device, "token": token(device),
                                          "protocol": 1}))
        frames = [await asyncio.wait_for(connection.recv(), 30)]
        while json.loads(frames[-1]).get("snapshot", json.loads(frames[-1])).get("more"):
            frames.append(await asyncio.wait_for(connection.recv(), 30))
        return frames


def joined(frames: list[str]) -> dict:
    snapshot = json.loads(frames[0])["snapshot"]
    for frame in frames[1:]:
        part = json.loads(frame)
        assert part["type"] == "snapshot_part"
        for name, items in part.items():
            if isinstance(items, list):
                snapshot[name] = snapshot.get(name, []) + items
    return snapshot


def test_every_role_is_welcomed_in_frames_within_the_limit_and_learns_every_ready_dossier(hall_files):
    server = start(hall_files)
    try:
        async def scenario():
            return {role: await welcome_frames(server.url, role, device) for role, device in (
                ("display", "screen-001"), ("counter", "counter-01"), ("kiosk", "kiosk-01"), ("rating", "rating-01"))}
        frames = asyncio.run(scenario())
        health = server.health()
    finally:
        server.stop()
    assert health["waiting"] == WAITING
    for role, received in frames.items():
        assert all(len(frame.encode()) <= MAX_FRAME_BYTES for frame in received), role
    codes = {f"{LONGEST_UNIT}-261203-{i:06d}" for i in range(READY)}
    for role in ("display", "counter"):
        snapshot = joined(frames[role])
        assert len(frames[role]) > 1   # 1,500 of them do not fit in one frame
        assert {d["code"] for d in snapshot["dossiers_ready"]} == codes and len(snapshot["dossiers_ready"]) == READY
        assert all(len(d["applicant"]) == 222 for d in snapshot["dossiers_ready"])   # masked: "Nguyễn Ư. Đ. ..."
        assert len(snapshot["services"]) == 5 and len(snapshot["counters"]) == 10
    counter = joined(frames["counter"])
    assert len(counter["waiting"]) == 50 and counter["me"]["number"] == 1   # the counter's list stays bounded
    assert [len(frames[role]) for role in ("kiosk", "rating")] == [1, 1]


def test_a_new_day_resyncs_every_screen_in_parts_and_the_client_joins_them(hall_files, monkeypatch):
    """The resync at midnight is a snapshot too: a real client, limited to 64 KiB frames, hears it whole. The
    server runs in this process on a port, its clock moved past midnight once the client is welcomed, and
    ticking every 50 ms instead of every 5 s."""
    monkeypatch.setattr(server_module, "TICK_INTERVAL_S", 0.05)
    config, db = hall_files
    hall = InProcessHall(db, config=config, start=nine_am_today() + timedelta(hours=14, minutes=59))

    async def scenario():
        welcomes, resyncs = [], []
        async with on_a_port(hall):
            screen = QueueClient(hall.url, "display", "screen-002", token("screen-002"),
                                 on_welcome=welcomes.append,
                                 on_event=lambda e: isinstance(e, Resync) and resyncs.append(e))
            running = asyncio.ensure_future(screen.run())
            try:
                await hall.until(lambda: welcomes, "the welcome", timeout=30)
                hall.clock.advance(90)  # 00:00:30 tomorrow
                await hall.until(lambda: resyncs, "the new day", timeout=30)
            finally:
                await screen.close()
                await asyncio.wait_for(running, 10)
        return welcomes, resyncs

    try:
        welcomes, resyncs = asyncio.run(scenario())
    finally:
        hall.close()
    assert len(welcomes) == 1 and len(welcomes[0].snapshot.dossiers_ready) == READY
    assert len(resyncs) == 1
    new_day = resyncs[0].snapshot
    assert new_day.hall.day > welcomes[0].snapshot.hall.day and not new_day.more
    assert len(new_day.dossiers_ready) == READY
