"""The bench hall: 20 kiosks, 10 counters, 500 screens, ranges wide enough for 100,000 tickets a day,
and seeding its SQLite file with waiting tickets made by the real engine, in one transaction."""
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from bench.processes import ServerProcess
from queue_protocol.messages import IssueTicket, UpsertDossier
from queue_protocol.states import DossierStatus
from queue_server.config import load_config
from queue_server.engine import TicketRecord
from queue_server.personal_data import PersonKey
from queue_server.store import Change, Store, open_database
from tests.server_process import nine_am_today

TIMEZONE = "Asia/Ho_Chi_Minh"
SERVICES = [("DD", "Đất đai", 100001), ("HT", "Hộ tịch", 200001), ("KD", "Đăng ký kinh doanh", 300001),
            ("LD", "Người có công và bảo trợ xã hội", 400001), ("XD", "Xây dựng", 500001)]
KIOSKS, COUNTERS, SCREENS = 20, 10, 500


def token(device: str) -> str:
    return f"token-{device}"


def write_config(path: Path) -> Path:
    lines = ['[hall]', 'name = "Sảnh đo hiệu năng"', 'name_en = "Benchmark hall"', f'timezone = "{TIMEZONE}"', '',
             # The bench drives kiosks and counters far faster than people could: no pace, no share.
             '[device_limits]', 'kiosk_tickets_per_minute = 1000000', 'kiosk_ticket_burst = 1000000',
             'kiosk_share_percent = 100', 'counter_commands_per_minute = 1000000',
             'counter_command_burst = 1000000', '']
    for code, name, first in SERVICES:
        lines += ['[[services]]', f'code = "{code}"', f'name = "{name}"', f'range = [{first}, {first + 99998}]', '']
    for number in range(1, COUNTERS + 1):
        # Each counter serves two services, each service has two counters.
        served = [SERVICES[(number - 1) % 5][0], SERVICES[number % 5][0]]
        lines += ['[[counters]]', f'number = {number}', f'services = {served!r}'.replace("'", '"'), '']
    devices = [(f"kiosk-{i:02d}", "kiosk", None) for i in range(1, KIOSKS + 1)]
    devices += [(f"counter-{i:02d}", "counter", i) for i in range(1, COUNTERS + 1)]
    devices += [(f"screen-{i:03d}", "display", None) for i in range(1, SCREENS + 1)]
    devices += [(f"rating-{i:02d}", "rating", i) for i in range(1, COUNTERS + 1)]
    for device, role, counter in devices:
        lines += ['[[devices]]', f'id = "{device}"', f'role = "{role}"', f'token = "{token(device)}"']
        lines += [f'counter = {counter}'] if counter else []
        lines += ['']
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def seed(config_path: Path, db_path: Path, waiting: int, ready_dossiers: int = 0) -> None:
    """`waiting` tickets issued between 07:00 and 09:00 today, spread over the services, one transaction;
    and `ready_dossiers` dossiers ready for pickup, each field as long as the protocol allows.

    The engine makes the tickets; the day's start goes through Store.commit, the tickets through one
    executemany (Store.commit's per-row upserts and audit rows would take most of a minute for 100,000).
    """
    config = load_config(config_path)
    store = Store(open_database(db_path))
    engine = store.load_engine(config, PersonKey.random())  # the seeded tickets carry no ID card
    start = (nine_am_today(TIMEZONE) - timedelta(hours=2)).timestamp()
    step = 7200 / max(waiting, 1)
    day_started = engine.tick(start)
    dossiers = [Change(engine.handle(dossier, start), start) for dossier in longest_ready_dossiers(ready_dossiers)]
    tickets = []
    for i in range(waiting):
        tickets.append(engine.handle(IssueTicket(id=f"seed-{i}", service=SERVICES[i % 5][0]),
                                     start + i * step).ticket)
    columns = TicketRecord.__struct_fields__
    with store.db.atomic():
        store.commit(Change(day_started, start), *dossiers)
        store.db.conn.executemany(
            f"insert into tickets ({', '.join(columns)}) values ({', '.join('?' * len(columns))})",
            [tuple(getattr(ticket, name) for name in columns) for ticket in tickets])
    store.db.close()


# The longest a dossier can be on the wire: a 55-character code (six groups of six), a 150-character name of
# one-letter words (masked, "Nguyễn Ư. Đ. ...", it grows to 222), a 20-character phone number.
LONGEST_UNIT = ".".join(["ABCDEF"] * 6)
_LETTERS = "ƯĐÂÊÔƠĂY"


def longest_name(i: int) -> str:
    """A 150-character name of 73 words, a different one for each i."""
    return " ".join(["Nguyễn"] + [_LETTERS[(i >> (3 * (k % 10))) % 8] for k in range(72)])


def longest_ready_dossiers(count: int) -> list[UpsertDossier]:
    return [UpsertDossier(id=f"seed-dossier-{i}", code=f"{LONGEST_UNIT}-261203-{i:06d}", applicant=longest_name(i),
                          service=SERVICES[i % 5][0], due_at="2026-12-31", status=DossierStatus.READY,
                          phone="+84 (0)912.345.678 9", received_at="2026-12-03T08:00:00+07:00")
            for i in range(count)]


def hall_server(config: Path, db: Path) -> ServerProcess:
    """`xephang server` on a free port of 127.0.0.1, its clock at 09:00 today so every service is open."""
    return ServerProcess("-m", "xephang.cli", "server", "--config", str(config), "--db", str(db),
                         "--host", "127.0.0.1", "--port", "0",
                         "--clock-start", nine_am_today(TIMEZONE).replace(tzinfo=None).isoformat())


@contextmanager
def temporary_hall_server() -> Iterator[ServerProcess]:
    """The bench hall in a temporary folder, for a section that needs a fresh, empty hall."""
    with tempfile.TemporaryDirectory() as directory:
        with hall_server(write_config(Path(directory) / "hall.toml"), Path(directory) / "hall.db") as server:
            yield server
