"""How fast one device may act and how much of a service one kiosk may take (issue 11, findings 3 and 4).

One kiosk token once issued ~2,000 tickets a second and emptied a 999-number service in half a second; a
refused request stored its whole id and reply (49 MB for 300 refusals). Here with the defaults of
[device_limits] (the test hall raises them for the other tests), in this process with devices connected
through memory (tests/in_process_hall.py); a kiosk's share across a restart on a real server process.
"""
import asyncio
import logging
import re
import sqlite3

import msgspec
import pytest

from queue_protocol.limits import REQUEST_ID_CHARS
from queue_server.config import DeviceLimitsSection, load_config
from queue_server.device_limits import Pace
from tests.support import TEST_HALL, ws_session

# The test hall without its [device_limits] block (a comment, the table, its keys, up to a blank line).
DEFAULT_LIMITS_HALL = re.sub(r"\n# Tests issue and call in bursts[^\n]*\n\[device_limits\]\n(?:[^\n]+\n?)*", "\n",
                             TEST_HALL.read_text(encoding="utf-8"))


def run(coro):
    return asyncio.run(coro)


def hall_file(tmp_path, text: str = DEFAULT_LIMITS_HALL):
    path = tmp_path / "hall.toml"
    path.write_text(text, encoding="utf-8")
    return path


def stored(db_path, sql: str) -> list:
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


async def pipeline(session, frames: list[dict]) -> list[dict]:
    for frame in frames:
        await session.send(frame)
    return [await session.reply(timeout=15) for _ in frames]


def test_the_defaults_are_made_for_people():
    assert "[device_limits]" not in DEFAULT_LIMITS_HALL and "[device_limits]" in TEST_HALL.read_text(encoding="utf-8")


def test_a_pace_gives_its_burst_then_one_action_per_interval():
    pace = Pace(per_minute=20, burst=5)
    assert [pace.wait_s("kiosk-1", 100.0) for _ in range(5)] == [0.0] * 5
    assert pace.wait_s("kiosk-1", 100.0) == pytest.approx(3.0)
    assert pace.wait_s("kiosk-2", 100.0) == 0.0  # each device has its own
    assert pace.wait_s("kiosk-1", 101.5) == pytest.approx(1.5)
    assert pace.wait_s("kiosk-1", 103.0) == 0.0
    assert pace.wait_s("kiosk-1", 50.0) > 0  # a clock going back refills nothing


def test_a_kiosk_past_its_pace_is_held_back_and_the_others_are_not(tmp_path, make_in_process_hall, caplog):
    caplog.set_level(logging.WARNING, logger="queue_server.server")
    server = make_in_process_hall(config=hall_file(tmp_path))

    async def scenario():
        async with server.session("kiosk-1") as greedy, server.session("kiosk-2") as other:
            burst = await pipeline(greedy, [{"type": "issue_ticket", "id": f"g{i}", "service": "DD"}
                                            for i in range(30)])
            fair = await other.request("issue_ticket", service="DD")
            return burst, fair

    burst, fair = server.run(scenario())
    assert [r["type"] for r in burst] == ["ok"] * 5 + ["error"] * 25
    assert {r["code"] for r in burst[5:]} == {"too_fast"}
    assert burst[5]["message"] == {"vi": "Máy đang cấp số quá nhanh. Vui lòng đợi 3 giây rồi chạm lại.",
                                   "en": "This kiosk is issuing tickets too fast. Please wait 3 s and touch again."}
    assert fair["ticket"]["number"] == "1006"
    # Not kept for a retry: the same request, sent again later, is served.
    assert stored(server.db_path, "select count(*) from requests where reply like '%too_fast%'") == [(0,)]
    assert "kiosk-1 held back: This kiosk is issuing tickets too fast" in caplog.text


def test_one_kiosk_gives_at_most_its_share_of_a_service_even_after_a_restart(tmp_path, make_hall_server):
    # Đất đai has ten numbers: with two kiosks in the hall, one may give five of them.
    config = hall_file(tmp_path, DEFAULT_LIMITS_HALL.replace("range = [1001, 1999]", "range = [1001, 1010]"))
    server = make_hall_server(config=config)

    async def take(kiosk: str, count: int) -> list[dict]:
        async with ws_session(server.url, "kiosk", kiosk, f"token-{kiosk}") as session:
            return [await session.request("issue_ticket", service="DD") for _ in range(count)]

    first = run(take("kiosk-1", 6))
    server.stop()
    server.start()
    after_restart = run(take("kiosk-1", 1))
    second = run(take("kiosk-2", 6))

    assert [r.get("ticket", {}).get("number") for r in first] == ["1001", "1002", "1003", "1004", "1005", None]
    assert first[5]["code"] == after_restart[0]["code"] == "kiosk_share_reached"
    assert first[5]["message"]["vi"] == ("Máy này đã cấp 5 số lĩnh vực Đất đai hôm nay, mức tối đa của một máy. "
                                         "Mời quý vị lấy số ở máy khác.")
    assert [r.get("ticket", {}).get("number") for r in second[:5]] == ["1006", "1007", "1008", "1009", "1010"]
    assert second[5]["code"] == "kiosk_share_reached"


def test_a_counter_past_its_pace_is_held_back(tmp_path, make_in_process_hall):
    server = make_in_process_hall(config=hall_file(tmp_path))

    async def scenario():
        async with server.session("counter-1") as counter:
            return await pipeline(counter, [{"type": "pause" if i % 2 else "open_counter", "id": f"c{i}"}
                                            for i in range(15)])

    replies = server.run(scenario())
    assert [r.get("code") for r in replies[10:]] == ["too_fast"] * 5
    assert "too_fast" not in [r.get("code") for r in replies[:10]]
    assert replies[10]["message"]["vi"].startswith("Quầy đang gửi lệnh quá nhanh")


def test_a_kiosk_looking_up_past_its_pace_is_held_back_and_staff_are_not(tmp_path, make_in_process_hall):
    """Who tries dossier codes or ID numbers one after the other with a kiosk's token learns whose dossier is
    ready: a kiosk looks up 10 at once, then 30 a minute."""
    server = make_in_process_hall(config=hall_file(tmp_path))
    codes = [f"000.00.16.G04-261120-{i:04}" for i in range(12)]

    async def scenario():
        async with server.session("kiosk-1") as kiosk, server.session("kiosk-2") as other, \
                server.session("counter-1") as counter:
            tried = await pipeline(kiosk, [{"type": "lookup_dossier", "id": f"k{i}", "code": code}
                                           for i, code in enumerate(codes)])
            by_card = await kiosk.request("lookup_card", personal_id="001099012345")
            elsewhere = await other.request("lookup_dossier", code=codes[0])
            staff = await pipeline(counter, [{"type": "lookup_dossier", "id": f"c{i}", "code": code}
                                             for i, code in enumerate(codes)])
            return tried, by_card, elsewhere, staff

    tried, by_card, elsewhere, staff = server.run(scenario())
    assert [r["code"] for r in tried] == ["unknown_dossier"] * 10 + ["too_fast"] * 2
    assert tried[10]["message"]["vi"].startswith("Máy đang tra cứu quá nhanh. Vui lòng đợi ")
    assert tried[10]["message"]["en"].startswith("This kiosk is looking up too fast.")
    assert by_card["code"] == "too_fast"
    assert elsewhere["code"] == "unknown_dossier"
    assert {r["code"] for r in staff} == {"unknown_dossier"}


def test_a_request_held_back_is_served_when_sent_again_later(tmp_path, make_in_process_hall):
    one_at_once = DEFAULT_LIMITS_HALL + "\n[device_limits]\nkiosk_ticket_burst = 1\n"
    hall = make_in_process_hall(config=hall_file(tmp_path, one_at_once))

    async def scenario():
        async with hall.session("kiosk-1") as kiosk:
            first = await kiosk.request("issue_ticket", service="DD")
            held = await kiosk.request("issue_ticket", id="again", service="DD")
            hall.clock.advance(3)
            served = await kiosk.request("issue_ticket", id="again", service="DD")
            return first, held, served

    first, held, served = hall.run(scenario())
    assert first["type"] == "ok" and held["code"] == "too_fast"
    assert served["ticket"]["number"] == "1002"


def database_bytes(db_path) -> int:
    """The database's size as a reader sees it, what is still in the write-ahead log included."""
    [(pages,)], [(page_size,)] = stored(db_path, "pragma page_count"), stored(db_path, "pragma page_size")
    return pages * page_size


def test_refused_requests_store_little(in_process_hall):
    server = in_process_hall
    sizes = []

    async def scenario():
        async with server.session("counter-1") as counter:
            await counter.request("open_counter")
            sizes.append(database_bytes(server.db_path))
            kept = await pipeline(counter, [{"type": "resume", "id": f"{i:0>{REQUEST_ID_CHARS}}"} for i in range(300)])
            huge = await pipeline(counter, [{"type": "resume", "id": f"{i:0>30000}"} for i in range(20)])
            sizes.append(database_bytes(server.db_path))
            return kept, huge

    kept, huge = server.run(scenario())
    assert {r["code"] for r in kept} == {"counter_not_paused"}
    assert {r["code"] for r in huge} == {"invalid_field"} and {r["id"] for r in huge} == {None}
    [(rows, size)] = stored(server.db_path, "select count(*), sum(length(device) + length(request_id) + length(reply)) "
                                            "from requests where reply like '%counter_not_paused%'")
    assert rows == 300 and size < 300 * 1024, size  # before: the whole id twice, 160 KB a refusal
    # The database file, its index of request ids included, grew by under 400 KB (before: 49 MB).
    assert sizes[1] - sizes[0] < 400 * 1024, sizes


def test_a_kiosks_share_counts_the_smaller_of_range_and_daily_cap_and_needs_two_kiosks():
    config = load_config(TEST_HALL)

    def limits(percent):
        return msgspec.structs.replace(config, device_limits=DeviceLimitsSection(kiosk_share_percent=percent))

    land = config.service("DD")  # 1001-1999
    assert limits(50).kiosk_share(land) == 499
    assert limits(50).kiosk_share(msgspec.structs.replace(land, daily_cap=100)) == 50
    assert limits(100).kiosk_share(land) is None  # the range and the cap say it in their own words
    one_kiosk = msgspec.structs.replace(limits(50), devices=tuple(d for d in config.devices if d.id != "kiosk-2"))
    assert one_kiosk.kiosk_share(land) is None
