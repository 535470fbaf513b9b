"""Drill: cut the power 10 times while kiosks issue tickets in bursts.

The server runs on a disk that keeps each file's writes in memory until that file is fsync'ed and loses
them at power off (tests/drills/power_cut_fs.py: the model of a power cut is in its docstring). A SIGKILL
cannot show what this shows: the kernel's page cache outlives a killed process, not a power cut.

First the instrument proves itself: SQLite in WAL mode with synchronous=NORMAL loses acknowledged commits
on it, with FULL it loses none, and a file whose directory was never synced is lost. Then the real server
process on it, kiosks issuing in bursts, the power cut at a random moment (the server SIGKILLed, the disk's
unsynced writes dropped), the disk mounted again and the server restarted: every ticket a kiosk was
answered is there, and no number is given twice, over 10 cuts.
"""
import asyncio
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time

import pytest
from websockets.exceptions import ConnectionClosed

from tests.drills.power_cut_fs import PowerCutDisk
from tests.drills.test_sigkill_drill import stored_tickets
from tests.support import TEST_HALL, HallServerProcess, ws_session

CUTS = 10
KIOSKS = ("kiosk-1", "kiosk-2", "kiosk-1", "kiosk-2")
SERVICES = ("DD", "HT", "KD", "CT")  # one per kiosk: 999 numbers each, a day's worth for the 10 cuts
BURST = 5
BURST_PAUSE_S = 0.04
PROBE_COMMITS = 2000

pytestmark = pytest.mark.skipif(not os.path.exists("/dev/fuse") or shutil.which("fusermount3") is None,
                                reason="needs FUSE: /dev/fuse and fusermount3 (Debian package fuse3)")

# A process that commits one row at a time, says how many were committed, then dies with the power.
PROBE = """
import os, signal, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("pragma journal_mode=wal")
db.execute("pragma synchronous=" + sys.argv[2])
db.execute("create table t (id integer primary key, at real)")
for i in range(int(sys.argv[3])):
    db.execute("insert into t (at) values (?)", (i,))
print(sys.argv[3], flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.fixture
def disk(tmp_path):
    disk = PowerCutDisk(tmp_path)
    yield disk
    disk.power_off()


def rows_after_power_cut(disk: PowerCutDisk, synchronous: str) -> int:
    disk.mount()
    db_path = disk.mountpoint / f"probe-{synchronous}.db"
    done = subprocess.run([sys.executable, "-c", PROBE, str(db_path), synchronous, str(PROBE_COMMITS)],
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == str(PROBE_COMMITS), done.stderr
    disk.power_off()
    disk.mount()
    try:
        db = sqlite3.connect(db_path)
        return db.execute("select count(*) from t").fetchone()[0]
    except sqlite3.OperationalError:  # not even the table survived
        return 0
    finally:
        db.close()
        disk.power_off()


def test_the_instrument_loses_what_was_not_synced_and_keeps_what_was(disk):
    normal = rows_after_power_cut(disk, "NORMAL")
    full = rows_after_power_cut(disk, "FULL")
    # NORMAL syncs at checkpoints only: what came after the last one is lost though it was committed.
    assert 0 < normal < PROBE_COMMITS, normal
    assert full == PROBE_COMMITS

    disk.mount()
    for name, sync_folder in (("named", True), ("unnamed", False)):
        fd = os.open(disk.mountpoint / name, os.O_CREAT | os.O_WRONLY, 0o644)
        os.write(fd, b"synced content")
        os.fsync(fd)
        os.close(fd)
        if sync_folder:
            folder = os.open(disk.mountpoint, os.O_RDONLY | os.O_DIRECTORY)
            os.fsync(folder)
            os.close(folder)
    disk.power_off()
    disk.mount()
    # The content was synced in both; only the file whose directory was synced after it has a name now.
    assert not (disk.mountpoint / "unnamed").exists()
    assert (disk.mountpoint / "named").read_bytes() == b"synced content"


async def kiosk_bursts(server: HallServerProcess, device: str, service: str, acked: list) -> None:
    """Issue in bursts of BURST until the connection dies with the power; keep every ticket answered ok."""
    try:
        async with ws_session(server.url, "kiosk", device, server.token(device)) as kiosk:
            while True:
                for _ in range(BURST):
                    await kiosk.send({"type": "issue_ticket", "id": f"{device}-{time.monotonic_ns()}",
                                      "service": service})
                for _ in range(BURST):
                    reply = await kiosk.reply(timeout=10)
                    assert reply["type"] == "ok", reply
                    acked.append(reply["ticket"])
                await asyncio.sleep(BURST_PAUSE_S)
    except (ConnectionClosed, OSError):
        return


def lost(acked: list[dict], db_path) -> list[dict]:
    stored = stored_tickets(db_path)
    return [t for t in acked if stored.get(t["id"], ())[:2] != (t["number"], t["service"])]


def test_power_cut_ten_times_loses_no_acknowledged_ticket(disk, tmp_path):
    rng = random.Random(10)
    # The hall's secret on an ordinary disk: this one keeps no file modes, and a secret every user could
    # read stops the server.
    config = tmp_path / "hall.toml"
    config.write_text(TEST_HALL.read_text(encoding="utf-8")
                      + f'\n[personal_data]\nsecret_file = "{tmp_path / "hall.key"}"\n', encoding="utf-8")
    server = HallServerProcess(disk.mountpoint / "hall.db", config)
    acked: list[dict] = []
    started = time.monotonic()

    async def until_cut(wait_s: float) -> None:
        before = len(acked)
        kiosks = [asyncio.ensure_future(kiosk_bursts(server, device, SERVICES[i], acked))
                  for i, device in enumerate(KIOSKS)]
        deadline = time.monotonic() + 10
        while len(acked) == before:  # the burst has begun
            assert time.monotonic() < deadline, "no ticket was issued"
            await asyncio.sleep(0.001)
        await asyncio.sleep(wait_s)
        server.kill()          # the power goes: the server first, so nothing after this is fsync'ed
        disk.power_off()       # then the disk's cache
        await asyncio.gather(*kiosks)

    try:
        for cut in range(CUTS):
            disk.mount()
            server.start()
            missing = lost(acked, server.db_path)
            assert missing == [], f"after cut {cut}: {len(missing)} acknowledged tickets lost, e.g. {missing[:3]}"
            asyncio.run(until_cut(rng.uniform(0, 0.3)))
        disk.mount()
        server.start()
        assert lost(acked, server.db_path) == []
        server.stop()
    finally:
        server.kill()
    numbers = [(t["service"], t["number"]) for t in acked]
    assert len(numbers) == len(set(numbers)), "a number was given twice"
    assert time.monotonic() - started < 120
