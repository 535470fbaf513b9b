"""`xephang import-dossiers FILE.csv`: dossiers from a spreadsheet into a running hall, as an integration.

Each row goes through the server like any other upsert_dossier, so screens update and every rule holds.
A row's request id is a hash of its content: importing the same file twice changes nothing.
"""
import asyncio
import csv
import hashlib
import io
import sys
import unicodedata
from pathlib import Path

from queue_protocol.client import CommandRefused, QueueClient, ServerUnavailable
from queue_protocol.dates import InvalidDay, parse_day
from queue_protocol.device_options import add_device_options, device_problem
from queue_protocol.messages import UpsertDossier
from queue_protocol.states import STATUS_TEXTS, DossierStatus

# column -> the headers accepted for it (English, or Vietnamese without or with diacritics)
COLUMNS = {
    "code": ("code", "ma_ho_so", "mã hồ sơ", "ma ho so"),
    "applicant": ("applicant", "ho_ten", "họ tên", "ho ten", "người nộp", "nguoi nop"),
    "phone": ("phone", "so_dien_thoai", "số điện thoại", "dien thoai", "điện thoại"),
    "service": ("service", "linh_vuc", "lĩnh vực", "linh vuc"),
    "due_at": ("due_at", "ngay_hen_tra", "ngày hẹn trả", "ngay hen tra"),
    "status": ("status", "trang_thai", "trạng thái", "trang thai"),
    "received_at": ("received_at", "ngay_nhan", "ngày nhận", "ngay nhan"),
    "personal_id": ("personal_id", "so_dinh_danh", "số định danh", "so dinh danh", "cccd", "số cccd", "so cccd"),
}
REQUIRED = ("code", "applicant", "service", "due_at")


class DossierFileError(Exception):
    """A file that cannot be imported at all; the message is Vietnamese / English."""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "import-dossiers", help="nhập hồ sơ từ tệp CSV / import dossiers from a CSV file",
        description="Nhập hồ sơ từ tệp CSV (UTF-8) / Import dossiers from a UTF-8 CSV file. Columns: "
                    "code, applicant, service, due_at (required), phone, status, received_at, personal_id; "
                    "Vietnamese headers such as 'mã hồ sơ', 'họ tên', 'lĩnh vực', 'ngày hẹn trả' also work.")
    parser.add_argument("file", type=Path)
    add_device_options(parser, "integration-1", tool=True)  # an integration (or admin) device
    parser.add_argument("--role", choices=("integration", "admin"), default="integration")
    parser.set_defaults(run=run)


def _key(header: str) -> str:
    return unicodedata.normalize("NFC", header).strip().lower()


STATUS_WORDS = {_key(word): status for status in DossierStatus
                for word in (status, status.replace("_", " "), STATUS_TEXTS[status].vi, STATUS_TEXTS[status].en)}


def read_rows(path: Path) -> list[tuple[int, dict]]:
    """(row number as a spreadsheet shows it, row with our column names); dates as ISO, statuses as protocol codes.

    A cell may hold line breaks (Alt+Enter in a spreadsheet): the csv module keeps the row whole, and the
    breaks become spaces."""
    try:
        text = path.read_bytes().decode("utf-8-sig")  # line ends as written: the csv module reads them
    except (OSError, UnicodeDecodeError) as exc:
        raise DossierFileError(f"Không đọc được tệp {path} ({exc}) / Cannot read {path}: {exc}") from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    names = {_key(alias): column for column, aliases in COLUMNS.items() for alias in aliases}
    mapping = {header: names.get(_key(header)) for header in reader.fieldnames or []}
    missing = [c for c in REQUIRED if c not in mapping.values()]
    if missing:
        raise DossierFileError(f"Thiếu cột: {', '.join(missing)} / Missing columns: {', '.join(missing)}")
    rows = []
    for line, raw in enumerate(reader, start=2):
        row = {mapping[h]: " ".join((v or "").split()) for h, v in raw.items() if h in mapping and mapping[h]}
        for column in ("due_at", "received_at"):
            if row.get(column):
                row[column] = _iso_date(row[column])
        if row.get("status"):
            row["status"] = STATUS_WORDS.get(_key(row["status"]), row["status"])
        rows.append((line, {k: v for k, v in row.items() if v}))
    return rows


def _iso_date(text: str) -> str:
    """Spreadsheets in Vietnam write 03/12/2026 (day first); anything else (an ISO date-time) goes to the
    server as it is, which accepts it or refuses that row."""
    try:
        return parse_day(text).isoformat()
    except InvalidDay:
        return text


def _request_id(row: dict) -> str:
    # Not over the ID number: request ids are stored, and a plain hash of a row holding one could be reversed
    # by trying every 12-digit number.
    cells = sorted((k, v) for k, v in row.items() if k != "personal_id")
    return "import:" + hashlib.sha256(repr(cells).encode()).hexdigest()[:24]


async def import_rows(client: QueueClient, rows: list[tuple[int, dict]]) -> tuple[int, list[str]]:
    done, problems = 0, []
    for line, row in rows:
        try:
            await client.request(UpsertDossier(id=_request_id(row), **row), timeout=15)
            done += 1
        except CommandRefused as refused:
            problems.append(f"dòng/line {line}: {refused.error.message.on_one_line()}")
        except TypeError as exc:
            problems.append(f"dòng/line {line}: thiếu dữ liệu / missing data ({exc})")
    return done, problems


def run(args) -> int:
    try:
        rows = read_rows(args.file)
    except DossierFileError as error:
        print(error, file=sys.stderr)
        return 2

    if problem := device_problem(args.server, args.token, args.ca_file):
        print(problem, file=sys.stderr)
        return 2
    client = QueueClient(args.server, args.role, args.device, args.token, ca_file=args.ca_file)

    async def main() -> tuple[int, list[str]]:
        async with client.session(timeout=args.timeout):
            return await import_rows(client, rows)

    try:
        done, problems = asyncio.run(main())
    except ServerUnavailable:
        print(client.unreachable(), file=sys.stderr)
        return 1
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"Đã nhập {done}/{len(rows)} hồ sơ / Imported {done} of {len(rows)} dossiers")
    return 0 if not problems else 1
