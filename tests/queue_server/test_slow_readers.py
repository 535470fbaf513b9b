"""Clients that stop reading (issue 11, finding 2): a frozen TV PC once made the server buffer without limit.

Real clients stop reading their socket (a small receive buffer, reading paused) while the hall goes on; the
server drops each once what waits for it passes the bound, the others hear everything, and a dropped client
is welcomed with the present state when it comes back. The server's memory is read only as a loose bound:
the figures are in bench/ (python -m bench.slow_readers).
"""
import asyncio
import json
import socket
import time
from contextlib import AsyncExitStack, asynccontextmanager

import psutil
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from queue_server import server as server_module
from tests.in_process_hall import on_a_port
from tests.support import ws_session

CODE = "000.00.16.G04-261129-0031"
DOSSIER = {"code": CODE, "applicant": "Trần Thị Bích Ngọc", "service": "HT", "due_at": "2026-12-03",
           "status": "ready"}
FLIPS = 4000  # dossier changes, each an event of ~170 bytes to every screen: ~680 KB, past any buffer here


def run(coro):
    return asyncio.run(coro)


@asynccontextmanager
async def frozen(url: str, role: str, device: str):
    """A client welcomed, then never reading again (a frozen PC): its receive window closes at once."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", int(url.rsplit(":", 1)[1])))
    connection = await connect(url, sock=sock, compression=None, max_size=None, ping_interval=None)
    try:
        await connection.send(json.dumps({"type": "hello", "role": role, "device": device,
                                          "token": f"token-{device}", "protocol": 1}))
        assert json.loads(await connection.recv())["type"] == "welcome"
        connection.transport.pause_reading()
        yield connection
    finally:
        connection.transport.abort()  # as a frozen PC that is switched off: no closing handshake to wait for


async def read_until_cut(connection) -> int:
    """A frozen client wakes: what the server had sent it, then the cut. The frames it read are counted."""
    connection.transport.resume_reading()
    frames = 0
    try:
        while True:
            await asyncio.wait_for(connection.recv(), 10)
            frames += 1
    except ConnectionClosed:
        return frames


def test_clients_that_stop_reading_are_dropped_and_the_rest_of_the_hall_hears_everything(hall_server):
    server = psutil.Process(hall_server.process.pid)

    async def scenario():
        async with AsyncExitStack() as stack:
            screen = await stack.enter_async_context(
                ws_session(hall_server.url, "display", "screen-1", "token-screen-1"))
            pusher = await stack.enter_async_context(
                ws_session(hall_server.url, "integration", "integration-1", "token-integration-1"))
            stopped = [await stack.enter_async_context(frozen(hall_server.url, role, device))
                       for role, device in (("display", "screen-2"), ("admin", "admin-1"), ("counter", "counter-2"))]
            assert hall_server.health()["connections"] == 5
            await pusher.request("upsert_dossier", **DOSSIER)
            replies = []
            for batch in range(0, FLIPS, 100):  # pipelined, reading as it goes: a client that never reads its
                for i in range(batch, batch + 100):  # replies is itself dropped (the last test)
                    await pusher.send({"type": "set_dossier_status", "id": f"flip-{i}", "code": CODE,
                                       "status": "processing" if i % 2 == 0 else "ready"})
                replies += [await pusher.reply(timeout=30) for _ in range(100)]
            heard = [await screen.next_event("dossier", timeout=30) for _ in range(FLIPS + 1)]
            ping = await screen.request("ping")
            health, rss = hall_server.health(), server.memory_info().rss
            cut = await read_until_cut(stopped[0])
            async with ws_session(hall_server.url, "display", "screen-2", "token-screen-2") as back:
                return replies, heard, ping, health, rss, cut, back.welcome

    replies, heard, ping, health, rss, cut, welcome = run(scenario())
    assert [r["type"] for r in replies] == ["ok"] * FLIPS
    assert [e["dossier"]["status"] for e in heard] == ["ready"] + ["processing", "ready"] * (FLIPS // 2)
    assert ping["type"] == "ok"
    assert health["connections"] == 2  # the live screen and the integration: the three frozen ones are gone
    assert 0 < cut < FLIPS  # it had been sent part of the changes, then cut off
    assert [d["code"] for d in welcome["snapshot"]["dossiers_ready"]] == [CODE]  # and resynced on its return
    log = "".join(hall_server.server.output)
    for device in ("screen-2", "admin-1", "counter-2"):
        assert f"dropped {device}: " in log
    assert rss < 200 * 2 ** 20, rss  # a loose bound; bench/ has the figures


def test_the_keepalive_drops_a_frozen_client_with_frames_waiting_and_keeps_the_live_ones(in_process_hall):
    hall = in_process_hall

    async def scenario():
        async with on_a_port(hall, keepalive_s=0.3), hall.websocket("screen-1") as live, \
                frozen(hall.url, "display", "screen-2") as stopped:
            # Its own pings answered into a socket nobody reads: past websockets' default write limit (32 KiB)
            # once the kernel's buffers are full, and well under the bound that drops a client at once.
            for i in range(2500):
                await stopped.send(json.dumps({"type": "ping", "id": f"{i:0>120}"}))
            await hall.until(lambda: len(hall.server.clients) == 1, "the frozen screen to be dropped")
            waiting = stopped.transport.get_write_buffer_size()
            assert (await live.request("ping"))["type"] == "ok"
            return list(hall.server.clients.values()), waiting

    clients, _ = run(scenario())
    assert [c.device for c in clients] == ["screen-1"]


def test_a_client_sending_without_reading_its_replies_is_dropped_at_the_bound(in_process_hall):
    hall = in_process_hall
    bound = server_module.MAX_UNSENT_BYTES

    async def scenario():
        async with on_a_port(hall), frozen(hall.url, "kiosk", "kiosk-1") as stopped:
            request = json.dumps({"type": "ping", "id": "p" * 120})
            sent, started = 0, time.monotonic()
            try:
                while hall.server.clients and time.monotonic() - started < 30:
                    await stopped.send(request)
                    sent += 1
            except ConnectionClosed:
                pass
            await hall.until(lambda: not hall.server.clients, "the kiosk to be dropped")
            return sent

    sent = run(scenario())
    reply_bytes = len('{"type":"ok","id":""}') + 120 + 4  # and the frame's header
    assert sent * reply_bytes > bound  # it was dropped only past the bound, not before
