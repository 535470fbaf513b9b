"""Screens that stop reading (issue 11, finding 2): the server's memory while the hall goes on.

A real `xephang server` subprocess on the bench hall; FROZEN hall screens are processes of their own
(bench/reading_client.py) frozen with SIGSTOP after their welcome, as a hung TV PC; one live screen in this
process counts what it hears; a counter changes a ready dossier back and forth for CHANGES_S seconds (each
change an event to every screen). Figures: the server's RSS at its peak, when the frozen screens were
dropped, and the same traffic with no screen frozen as the floor.
"""
import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

from bench.hall_setup import temporary_hall_server, token
from bench.processes import ROOT, ServerProcess
from bench.stats import mib
from bench.wire import close_all, hello, open_many

FROZEN = 10
CHANGES_S = 30
CODE = "000.00.16.G04-261129-0031"


def _kernel_queued(port: int) -> int:
    """Bytes the kernel holds unsent on the server's sockets (tx_queue in /proc/net/tcp): memory outside RSS."""
    queued = 0
    for line in open("/proc/net/tcp").readlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port:
            queued += int(fields[4].split(":")[0], 16)
    return queued


def _connections(server: ServerProcess) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/healthz", timeout=10) as response:
        return json.loads(response.read())["connections"]


def _frozen_screens(server: ServerProcess, count: int) -> list[subprocess.Popen]:
    screens = []
    for i in range(count):
        screen = subprocess.Popen([sys.executable, "-m", "bench.reading_client", server.url, f"screen-{i + 1:03d}"],
                                  cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert screen.stdout.readline().strip() == "welcomed"
        screens.append(screen)
    for screen in screens:
        os.kill(screen.pid, signal.SIGSTOP)
    return screens


async def _changes(server: ServerProcess, frozen: int) -> dict:
    """CHANGES_S seconds of dossier changes with `frozen` screens stopped: peak RSS, when they were gone."""
    screens = _frozen_screens(server, frozen)
    try:
        [counter, live] = await open_many(server.url, [hello("counter", "counter-01", token("counter-01")),
                                                       hello("display", "screen-500", token("screen-500"))],
                                          expect_reply=True)
        heard = [0]

        async def listen():
            async for frame in live:
                heard[0] += '"type":"dossier"' in frame

        listening = asyncio.ensure_future(listen())
        connected = _connections(server)
        start_rss = peak_rss = server.rss()
        peak_kernel = 0
        dropped_after, changes, started = None, 0, time.monotonic()
        await counter.send(json.dumps({"type": "upsert_dossier", "id": "d0", "code": CODE,
                                       "applicant": "Trần Thị Bích Ngọc", "service": "HT", "due_at": "2026-12-03",
                                       "status": "ready"}))
        while time.monotonic() - started < CHANGES_S:
            for _ in range(200):  # pipelined: the server stores them in groups
                changes += 1
                await counter.send(json.dumps({"type": "set_dossier_status", "id": f"c{changes}", "code": CODE,
                                               "status": "processing" if changes % 2 else "ready"}))
            while True:  # every reply of the batch before the next: no more than 200 in flight
                reply = await counter.recv()
                if f'"id":"c{changes}"' in reply:
                    break
            peak_rss = max(peak_rss, server.rss())
            peak_kernel = max(peak_kernel, _kernel_queued(server.port))
            if dropped_after is None and frozen and _connections(server) == connected - frozen:
                dropped_after = time.monotonic() - started
        await asyncio.sleep(1)
        listening.cancel()
        await close_all([counter, live])
        return {"start": start_rss, "peak": peak_rss, "kernel": peak_kernel, "dropped_after": dropped_after,
                "changes": changes,
                "heard": heard[0], "seconds": time.monotonic() - started}
    finally:
        for screen in screens:
            os.kill(screen.pid, signal.SIGKILL)
            screen.wait()


def run() -> list[tuple[str, str, str]]:
    figures = {}
    for frozen in (0, FROZEN):
        with temporary_hall_server() as server:
            figures[frozen] = asyncio.run(_changes(server, frozen))
    alone, stuck = figures[0], figures[FROZEN]
    dropped = (f"dropped after {stuck['dropped_after']:.1f} s" if stuck["dropped_after"] is not None
               else "NOT dropped")
    return [(f"server RSS, {FROZEN} screens frozen (SIGSTOP), {CHANGES_S} s of dossier changes",
             f"peak {mib(stuck['peak'])} (start {mib(stuck['start'])}), kernel send queues peak "
             f"{mib(stuck['kernel'])}; the frozen screens {dropped}; {stuck['changes']} changes, "
             f"the live screen heard {stuck['heard']}",
             f"no screen frozen: peak {mib(alone['peak'])} (start {mib(alone['start'])}), kernel "
             f"{mib(alone['kernel'])}, {alone['changes']} changes, heard {alone['heard']}")]


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
