"""`xephang report`: the hall manager's figures for a day or a period, on screen and as a CSV file."""
import argparse
import csv
import sys
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from queue_protocol.dates import InvalidDay, parse_day
from queue_protocol.durations import duration_text
from queue_protocol.messages import CATEGORY_NOT_SAID
from queue_protocol.states import TicketState
from queue_server.config import HallConfig, load_config_for_command
from queue_server.engine import RatingRecord, TicketRecord
from queue_server.paths import default_db_path
from queue_server.reports import day_figures
from queue_server.store import Store, open_read_only

CSV_COLUMNS = ("ngay/day", "so/number", "linh_vuc/service", "uu_tien/priority", "trang_thai/state",
               "quay/counter", "lay_so/issued", "goi/called", "xong/done", "cho_giay/wait_s",
               "phuc_vu_giay/service_s", "ho_so/dossier", "doi_tuong_uu_tien/priority_category",
               "can_bo/clerk", "danh_gia/rating", "ly_do/reasons")
NOT_RATED = ("Không đánh giá", "Not rated")


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "report", help="số liệu trong ngày, xuất CSV / a day's figures, CSV export",
        description="Số liệu của sảnh / The hall's figures. Reads the database, also while the server runs.")
    parser.add_argument("--config", type=Path, help="hall TOML file (default: the embedded demo hall)")
    parser.add_argument("--db", type=Path, help="SQLite file (default: the server's default for that config; "
                                                  "without --config, the database of `xephang demo`)")
    parser.add_argument("--day", metavar="DD/MM/YYYY",
                        help="ngày / day, 02/12/2026 or 2026-12-02 (default: today in the hall's time zone)")
    parser.add_argument("--to", dest="last_day", metavar="DD/MM/YYYY", help="last day of a period starting at --day")
    parser.add_argument("--csv", type=Path, metavar="FILE", help="also write every ticket of the period to FILE")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if (config := load_config_for_command(args.config)) is None:
        return 2
    try:
        first_day = parse_day(args.day).isoformat() if args.day else datetime.now(config.zone).date().isoformat()
        last_day = parse_day(args.last_day).isoformat() if args.last_day else first_day
        store = Store(open_read_only(args.db or default_db_path(args.config)), migrate=False)
    except InvalidDay as error:
        print(f"Ngày không hợp lệ / Invalid date:\n  {error.text.vi}\n  {error.text.en}", file=sys.stderr)
        return 2
    except FileNotFoundError as error:
        print(f"Không có cơ sở dữ liệu / No database at {error}", file=sys.stderr)
        return 2
    tickets = store.tickets_between(first_day, last_day)
    ratings = store.ratings_between(first_day, last_day)
    period = first_day if first_day == last_day else f"{first_day} → {last_day}"
    figures = day_figures(period, tickets, ratings)
    print(format_figures(config, period, figures))
    print(format_groups(config, figures))
    if args.csv:
        write_csv(args.csv, config, tickets, ratings)
        print(f"Đã ghi {len(tickets)} phiếu vào / Wrote {len(tickets)} tickets to {args.csv}")
    return 0


def _duration(seconds: int) -> str:
    return duration_text(seconds).vi if seconds else "—"


def format_figures(config: HallConfig, period: str, figures: dict[str, Any]) -> str:
    header = f"{'Lĩnh vực / Service':<34}{'Lấy số':>8}{'Đã xong':>9}{'Vắng':>6}{'Còn chờ':>9}{'Ưu tiên':>9}" \
             f"{'Chờ TB':>15}{'Phục vụ TB':>15}"
    lines = [config.hall.name, f"Số liệu / Figures: {period}", "", header, "-" * len(header)]

    def line(name: str, f: dict[str, Any]) -> str:
        return (f"{name[:33]:<34}{f['issued']:>8}{f['served']:>9}{f['no_show']:>6}{f['waiting']:>9}"
                f"{f['priority']:>9}{_duration(f['avg_wait_s']):>15}{_duration(f['avg_service_s']):>15}")
    in_config_order = [s.code for s in config.services if s.code in figures["by_service"]]
    for code in in_config_order + sorted(set(figures["by_service"]) - set(in_config_order)):
        service = config.service(code)
        lines.append(line(service.name if service else code, figures["by_service"][code]))
    lines += ["-" * len(header), line("Cả sảnh / Whole hall", figures),
              "", "Chờ TB: từ lấy số đến khi được gọi / average wait from ticket to call; "
                  "Phục vụ TB: thời gian tại quầy / average time at the counter"]
    if figures["priority"]:
        lines += ["", "Số ưu tiên theo đối tượng / Priority tickets by category"]
        counts = dict(figures["priority_by_category"])
        unsaid = figures["priority"] - sum(counts.values())
        for category in config.priority_categories:
            if category.code in counts:
                lines.append(f"  {category_name(config, category.code):<60}{counts.pop(category.code):>6}")
        for code, count in counts.items():  # a category taken out of the config since
            lines.append(f"  {code:<60}{count:>6}")
        if unsaid:
            lines.append(f"  {CATEGORY_NOT_SAID.on_one_line():<60}{unsaid:>6}")
    return "\n".join(lines)


def category_name(config: HallConfig, code: str) -> str:
    category = config.category(code)
    return f"{category.name} / {category.name_en or category.name}" if category else code


def format_groups(config: HallConfig, figures: dict[str, Any]) -> str:
    """Per service, per counter and per clerk: citizens served, average and 90th-percentile wait and service
    time, and the share of each rating level among those served, and of those not rated."""
    levels = config.rating.levels
    header = (f"{'':<28}{'Đã xong':>8}{'Chờ TB':>13}{'Chờ p90':>13}{'Phục vụ TB':>13}{'Phục vụ p90':>13}"
              + "".join(f"{level.name[:14]:>16}" for level in levels) + f"{NOT_RATED[0]:>16}")

    def line(name: str, f: dict[str, Any]) -> str:
        served = f["served"]

        def share(count: int) -> str:
            return f"{100 * count / served:.0f}%" if served else "—"
        return (f"{name[:27]:<28}{served:>8}{_duration(f['avg_wait_s']):>13}{_duration(f['p90_wait_s']):>13}"
                f"{_duration(f['avg_service_s']):>13}{_duration(f['p90_service_s']):>13}"
                + "".join(f"{share(f['ratings'].get(level.code, 0)):>16}" for level in levels)
                + f"{share(f['not_rated']):>16}")

    def names(kind: str, key: Any) -> str:
        if kind == "by_service":
            service = config.service(key)
            return service.name if service else key
        if kind == "by_counter":
            counter = config.counter(key)
            return counter.label if counter else f"Quầy {key}"
        clerk = config.clerk(key)
        return clerk.name if clerk else key

    lines = []
    for kind, title in (("by_service", "Theo lĩnh vực / By service"), ("by_counter", "Theo quầy / By counter"),
                        ("by_clerk", "Theo cán bộ / By clerk")):
        if not figures[kind]:
            continue
        lines += ["", title, header, "-" * len(header)]
        lines += [line(names(kind, key), group) for key, group in figures[kind].items()]
    lines += ["", "p90: 9 trên 10 công dân chờ (được phục vụ) không lâu hơn / 9 in 10 citizens waited (were served) "
                  "no longer; đánh giá: phần trăm số công dân đã được phục vụ / ratings: share of the citizens served"]
    return "\n".join(lines)


def write_csv(path: Path, config: HallConfig, tickets: Iterable[TicketRecord],
              ratings: Iterable[RatingRecord] = ()) -> None:
    # UTF-8 with a byte order mark: spreadsheet programs then read the Vietnamese letters right.
    with open(path, "w", newline="", encoding="utf-8-sig") as file:
        write_ticket_rows(file, config, tickets, ratings)


def write_ticket_rows(file: TextIO, config: HallConfig, tickets: Iterable[TicketRecord],
                      ratings: Iterable[RatingRecord] = ()) -> None:
    """Every ticket as one CSV row (also the dashboard's CSV download), with its clerk and its rating."""
    def local(at: float | None) -> str:
        return datetime.fromtimestamp(at, config.zone).isoformat(timespec="seconds") if at else ""
    rated = {rating.ticket_id: rating for rating in ratings}
    writer = csv.writer(file)
    writer.writerow(CSV_COLUMNS)
    for t in tickets:
        start = t.served_at or t.called_at
        rating = rated.get(t.id)
        writer.writerow([
            t.day, t.number, t.origin_service or t.service, "x" if t.priority else "", t.state,
            t.counter or "", local(t.issued_at), local(t.called_at), local(t.done_at),
            round(t.called_at - t.issued_at) if t.called_at else "",
            round(t.done_at - start) if t.done_at and start and t.state == TicketState.DONE else "", t.dossier or "",
            category_name(config, t.category) if t.category else "",
            t.clerk or "", rating.level if rating else "", " ".join(rating.reasons) if rating else ""])
