"""Wrong tokens slowed and logged per address, odd and pipelined HTTP answered, oversized commands never
sent (issue 11, findings 8 and 11)."""
import asyncio
import json
import logging
import re
import socket

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from queue_protocol.client import CommandRefused, QueueClient
from queue_protocol.messages import UpsertDossier
from queue_server.failed_hellos import FORGET_S, MAX_QUEUE_S, FailedHellos
from tests.in_process_hall import on_a_port
from tests.support import ws_session


def run(coro):
    return asyncio.run(coro)


async def hello(url: str, device: str, token: str) -> object:
    """The welcome's type, or the close code of a refused hello."""
    async with connect(url, compression=None) as connection:
        await connection.send(json.dumps({"type": "hello", "role": "kiosk", "device": device, "token": token,
                                          "protocol": 1}))
        try:
            return json.loads(await asyncio.wait_for(connection.recv(), 30))["type"]
        except ConnectionClosed as closed:
            return closed.rcvd.code


def test_an_address_is_slowed_after_its_free_failures_and_its_turns_are_one_at_a_time():
    hellos = FailedHellos(free=2, wait_s=1.0, max_wait_s=8.0)
    assert [hellos.turn("10.0.0.9", 100.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    hellos.failed("10.0.0.9", 100.0)
    hellos.failed("10.0.0.9", 100.0)
    # Four connections at once: each waits for the one before it.
    assert [hellos.turn("10.0.0.9", 100.0) for _ in range(4)] == [0.0, 1.0, 2.0, 3.0]
    hellos.failed("10.0.0.9", 104.0)
    assert hellos.turn("10.0.0.9", 104.0) == pytest.approx(0.0)
    assert hellos.turn("10.0.0.9", 104.0) == pytest.approx(2.0)  # three failures: twice as long
    assert hellos.turn("10.0.0.8", 104.0) == 0.0  # another address is not slowed
    for _ in range(10):
        hellos.failed("10.0.0.9", 104.0)
    assert -1.0 in [hellos.turn("10.0.0.9", 104.0) for _ in range(int(MAX_QUEUE_S / 8) + 2)]  # turned away
    assert hellos.turn("10.0.0.9", 104.0 + MAX_QUEUE_S + FORGET_S + 1) == 0.0  # and forgotten in the end


def test_wrong_tokens_are_logged_without_the_token_and_slowed_one_at_a_time(in_process_hall, caplog):
    hall = in_process_hall
    hall.server.failed_hellos = FailedHellos(free=3, wait_s=0.05, max_wait_s=1.0)
    guesses = [f"guess-{i:04d}-secret" for i in range(8)]

    async def scenario():
        async with on_a_port(hall):
            first = [await hello(hall.url, "kiosk-1", guess) for guess in guesses[:3]]
            at_once = await asyncio.gather(*(hello(hall.url, "kiosk-1", guess) for guess in guesses[3:]))
            unknown = await hello(hall.url, "kiosk-9\nFAKE LOG LINE", "whatever-token")
            right = await hello(hall.url, "kiosk-1", "token-kiosk-1")
            return first, at_once, unknown, right

    with caplog.at_level(logging.WARNING, logger="queue_server.server"):
        first, at_once, unknown, right = run(scenario())
    assert first == [4401] * 3 and at_once == [4401] * 5 and unknown == 4401
    assert right == "welcome"  # after waiting its turn like any other hello from there
    failures = [r.getMessage() for r in caplog.records if r.getMessage().startswith("failed hello from 127.0.0.1")]
    assert len(failures) == 9
    assert failures[0] == "failed hello from 127.0.0.1: wrong token for 'kiosk-1' as kiosk, 1 in a row from there"
    # The five sent at once were read one after the other, each waiting longer than the one before.
    waits = [float(w) for w in re.findall(r"wait their turn, ([0-9.]+) s this one", " ".join(failures[3:8]))]
    assert len(waits) >= 4 and waits == sorted(waits) and waits[-1] > waits[0]
    assert "failed hello from 127.0.0.1: unknown device 'kiosk-9\\nFAKE LOG LINE' as kiosk" in failures[8]
    assert not any(guess in caplog.text for guess in guesses) and "whatever-token" not in caplog.text


def raw_http(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(data)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
        return answer


def test_pipelined_and_odd_http_is_answered_without_a_traceback(hall_server):
    get = b"GET /healthz HTTP/1.1\r\nHost: hall\r\n\r\n"
    answers = {
        "pipelined": raw_http(hall_server.port, get * 3),
        "post": raw_http(hall_server.port, b"POST /healthz HTTP/1.1\r\nHost: hall\r\nContent-Length: 2\r\n\r\n{}"),
        "not http": raw_http(hall_server.port, b"hello there\r\n\r\n"),
        "http/1.0": raw_http(hall_server.port, b"GET /healthz HTTP/1.0\r\n\r\n"),
        "elsewhere": raw_http(hall_server.port, b"GET /admin HTTP/1.1\r\nHost: hall\r\n\r\n"),
        "tls on ws://": raw_http(hall_server.port, bytes.fromhex("16030100a5010000a10303") + b"\x00" * 40),
    }
    status = {name: answer.split(b"\r\n", 1)[0].decode() for name, answer in answers.items()}
    assert status == {"pipelined": "HTTP/1.1 200 OK", "post": "HTTP/1.1 405 Method Not Allowed",
                      "not http": "HTTP/1.1 400 Bad Request", "http/1.0": "HTTP/1.1 200 OK",
                      "elsewhere": "HTTP/1.1 404 Not Found", "tls on ws://": "HTTP/1.1 400 Bad Request"}
    assert json.loads(answers["pipelined"].split(b"\r\n\r\n", 1)[1])["status"] == "ok"
    assert hall_server.health()["status"] == "ok"
    log = "".join(hall_server.server.output)
    assert "Traceback" not in log and " ERROR " not in log


def test_a_command_over_the_frame_limit_is_refused_by_the_client_and_never_sent(hall_server):
    async def scenario():
        client = QueueClient(hall_server.url, "integration", "integration-1", "token-integration-1")
        async with client.session():
            huge = UpsertDossier(id=client.new_id(), code="000.00.16.G04-261129-0031", applicant="A" * 70_000,
                                 service="HT", due_at="2026-12-03")
            with pytest.raises(CommandRefused) as refused:
                await client.request(huge)
            return refused.value.error, client.connected

    error, still_connected = run(scenario())
    assert error.code == "frame_too_large" and error.message.vi.startswith("Yêu cầu quá lớn")
    assert still_connected  # nothing was sent: the server had no reason to close


def test_a_frame_over_the_limit_closes_with_1009_and_nothing_changes(hall_server):
    async def scenario():
        async with ws_session(hall_server.url, "kiosk", "kiosk-1", "token-kiosk-1") as kiosk:
            await kiosk.send({"type": "ping", "id": "x" * (70 * 1024)})
            with pytest.raises(ConnectionClosed) as closed:
                await kiosk.connection.recv()
            return closed.value.rcvd.code

    assert run(scenario()) == 1009
    assert hall_server.health()["status"] == "ok"
