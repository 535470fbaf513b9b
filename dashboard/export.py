"""The report as a spreadsheet: XLSX with Vietnamese headers, one sheet per table, dates as dates; and every
ticket as CSV (the same file `xephang report --csv` writes)."""
import io
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import xlsxwriter

from dashboard.figures import Figures, Report
from dashboard.history import History
from dashboard.texts import TEXTS, category_name, clerk_name, level_name, service_name
from queue_protocol.messages import CATEGORY_NOT_SAID
from queue_protocol.states import STATUS_TEXTS, TicketState
from queue_protocol.text import Text
from queue_server.config import HallConfig
from queue_server.engine import RatingRecord, TicketRecord
from queue_server.report_cli import write_ticket_rows

FIGURE_HEADERS = ["Lấy số", "Đã xong", "Vắng", "Chuyển", "Ưu tiên", "Chờ TB (phút)", "Chờ trung vị (phút)",
                  "Chờ P90 (phút)", "Phục vụ TB (phút)", "Phục vụ trung vị (phút)", "Phục vụ P90 (phút)"]
DATE_FORMAT, TIME_FORMAT, MINUTES_FORMAT, SHARE_FORMAT = "dd/mm/yyyy", "dd/mm/yyyy hh:mm:ss", "0.0", "0%"
NOT_RATED = TEXTS["not_rated"]


def file_name(first: date, last: date) -> str:
    return f"bao-cao-{first.isoformat()}" + (f"-den-{last.isoformat()}" if last != first else "")


def in_config_order(by_code: dict, listed: list[str]) -> list[tuple[str, Figures]]:
    """A report's services, clerks or categories in the order the configuration lists them (listed: their codes
    or ids); those since removed last."""
    order = {code: i for i, code in enumerate(listed)}
    return sorted(by_code.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))


def services_of(config: HallConfig) -> list[str]:
    return [service.code for service in config.services]


def clerks_of(config: HallConfig) -> list[str]:
    return [clerk.id for clerk in config.clerks]


def categories_of(config: HallConfig) -> list[str]:
    return [category.code for category in config.priority_categories]


def rating_columns(report: Report, config: HallConfig) -> list[tuple[str | None, Text]]:
    """(level, its name) for each column of the ratings' split, the configured levels first, then "not rated"
    (level None); none when nobody rated in the period."""
    if not report.rated:
        return []
    configured = [level.code for level in config.rating.levels]
    codes = configured + sorted(set(report.total.ratings) - set(configured))
    return [(code, level_name(config, code)) for code in codes] + [(None, NOT_RATED)]


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 1)


def _write_cell(worksheet: Any, row: int, column: int, value: object, cell_format: Any) -> None:
    """By the value's type, never by its text: a name or a code that begins with "=" or looks like an address
    stays text, not a formula or a link."""
    if value is None:  # a figure the period has none of: blank, in its column's format all the same
        worksheet.write_blank(row, column, None, cell_format)
    elif isinstance(value, str):
        worksheet.write_string(row, column, value, cell_format)
    elif isinstance(value, (date, datetime)):
        worksheet.write_datetime(row, column, value, cell_format)
    else:
        worksheet.write_number(row, column, value, cell_format)


def xlsx(report: Report, tickets: Iterable[TicketRecord], ratings: list[RatingRecord], config: HallConfig) -> bytes:
    buffer = io.BytesIO()
    # Each sheet's rows go to a temporary file as they are written: a year of tickets is not held twice.
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    cell_formats: dict[str, Any] = {}

    def cell_format(number_format: str | None) -> Any:
        if number_format is None:
            return None
        if number_format not in cell_formats:
            cell_formats[number_format] = workbook.add_format({"num_format": number_format})
        return cell_formats[number_format]
    levels = rating_columns(report, config)
    figure_headers = FIGURE_HEADERS + [f"{name.vi} (%)" for _, name in levels]
    # The ratings' split as shares of the citizens served, which Excel shows as percentages.
    share_formats = dict.fromkeys(range(len(FIGURE_HEADERS), len(figure_headers)), SHARE_FORMAT)

    def figures_row(figures: Figures) -> list:
        return [figures.issued, figures.served, figures.no_show, figures.transferred, figures.priority,
                *(_minutes(getattr(spread, part)) for spread in (figures.wait, figures.service)
                  for part in ("average", "median", "p90")),
                *(figures.rating_share(level) for level, _ in levels)]

    def shifted(formats: dict[int, str], by: int) -> dict[int, str]:
        return {i + by: number_format for i, number_format in formats.items()}

    def sheet(title: str, headers: list[str], rows: Iterable[list[Any]], formats: dict[int, str]) -> None:
        worksheet = workbook.add_worksheet(title)
        worksheet.freeze_panes(1, 0)
        for column, header in enumerate(headers):
            worksheet.write_string(0, column, header)
        minutes, by_column = cell_format(MINUTES_FORMAT), {i: cell_format(f) for i, f in formats.items()}
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                _write_cell(worksheet, number, column, value,
                            by_column.get(column) or (minutes if isinstance(value, float) else None))

    sheet("Theo lĩnh vực", ["Mã", "Lĩnh vực", *figure_headers],
          [[code, service_name(config, code).vi, *figures_row(f)]
           for code, f in in_config_order(report.by_service, services_of(config))]
          + [["", "Cả sảnh", *figures_row(report.total)]], shifted(share_formats, 2))
    sheet("Theo quầy", ["Quầy", *figure_headers],
          [[number, *figures_row(f)] for number, f in report.by_counter.items()], shifted(share_formats, 1))
    if report.by_clerk:
        sheet("Theo cán bộ", ["Cán bộ", *figure_headers],
              [[clerk_name(config, clerk), *figures_row(f)]
               for clerk, f in in_config_order(report.by_clerk, clerks_of(config))],
              shifted(share_formats, 1))
    if report.total.priority:
        not_said = [[CATEGORY_NOT_SAID.vi, *figures_row(report.category_not_said)]] \
            if report.category_not_said.issued else []
        sheet("Theo đối tượng ưu tiên", ["Đối tượng", *figure_headers],
              [[category_name(config, code).vi, *figures_row(f)]
               for code, f in in_config_order(report.by_category, categories_of(config))] + not_said,
              shifted(share_formats, 1))
    sheet("Theo ngày", ["Ngày", "Lấy số", "Đã xong", "Vắng", "Chờ TB (phút)"],
          [[d.day, d.issued, d.served, d.no_show, _minutes(d.average_wait_s)] for d in report.by_day],
          {0: DATE_FORMAT})
    sheet("Theo giờ", ["Giờ", "Lấy số", "Chờ TB (phút)"],
          [[f"{h.hour:02d}:00", h.issued, _minutes(h.average_wait_s)] for h in report.by_hour], {})

    def local(at: float | None) -> datetime | None:
        return None if at is None else datetime.fromtimestamp(at, config.zone).replace(tzinfo=None)

    rated = {rating.ticket_id: rating for rating in ratings}
    reason_names = {reason.code: reason.name for reason in config.rating.reasons}

    def ticket_row(t: TicketRecord) -> list:
        start = t.served_at or t.called_at
        rating = rated.get(t.id)
        # The columns added since the first version come last, in the CSV's order: formulas keep working.
        return [date.fromisoformat(t.day), t.number, service_name(config, t.origin_service or t.service).vi,
                "x" if t.priority else "", STATUS_TEXTS[t.state].vi, t.counter, local(t.issued_at),
                local(t.called_at), local(t.done_at), _minutes(t.called_at - t.issued_at) if t.called_at else None,
                _minutes(t.done_at - start) if t.state == TicketState.DONE and t.done_at and start else None, t.dossier,
                category_name(config, t.category).vi if t.category else None,
                clerk_name(config, t.clerk) if t.clerk else None,
                level_name(config, rating.level).vi if rating else None,
                ", ".join(reason_names.get(code, code) for code in rating.reasons) if rating else None]
    sheet("Phiếu", ["Ngày", "Số", "Lĩnh vực", "Ưu tiên", "Trạng thái", "Quầy", "Lấy số lúc", "Gọi lúc", "Xong lúc",
                    "Chờ (phút)", "Phục vụ (phút)", "Mã hồ sơ", "Đối tượng ưu tiên", "Cán bộ", "Đánh giá",
                    "Lý do chưa hài lòng"],
          (ticket_row(t) for t in tickets), {0: DATE_FORMAT, 6: TIME_FORMAT, 7: TIME_FORMAT, 8: TIME_FORMAT})
    workbook.close()
    return buffer.getvalue()


def xlsx_of_period(history: History, report: Report, first: date, last: date, config: HallConfig) -> bytes:
    with history.tickets_and_ratings(first, last) as (tickets, ratings):
        return xlsx(report, tickets, ratings, config)


def csv_of_period(history: History, first: date, last: date, config: HallConfig) -> bytes:
    """UTF-8 with a byte order mark, so that spreadsheets read the Vietnamese right."""
    text = io.StringIO()
    with history.tickets_and_ratings(first, last) as (tickets, ratings):
        write_ticket_rows(text, config, tickets, ratings)
    return text.getvalue().encode("utf-8-sig")
