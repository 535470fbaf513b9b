"""The report as a spreadsheet: XLSX with Vietnamese headers, one sheet per table, dates as dates; and every
ticket as CSV (the same file `xephang report --csv` writes)."""
import io
from datetime import date, datetime
from typing import Optional

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from dashboard.figures import Figures, Report
from queue_server.config import HallConfig
from queue_server.engine import TicketRecord
from queue_protocol.states import STATUS_TEXTS
from dashboard.texts import clerk_name, service_name

FIGURE_HEADERS = ["Lấy số", "Đã xong", "Vắng", "Chuyển", "Ưu tiên", "Chờ TB (phút)", "Chờ trung vị (phút)",
                  "Chờ P90 (phút)", "Phục vụ TB (phút)", "Phục vụ trung vị (phút)", "Phục vụ P90 (phút)"]
DATE_FORMAT, TIME_FORMAT, MINUTES_FORMAT = "dd/mm/yyyy", "dd/mm/yyyy hh:mm:ss", "0.0"


def file_name(first: date, last: date) -> str:
    return f"bao-cao-{first.isoformat()}" + (f"-den-{last.isoformat()}" if last != first else "")


def in_config_order(by_service: dict, config: HallConfig) -> list[tuple[str, Figures]]:
    """A report's services in the order the hall's configuration lists them; services since removed last."""
    order = {service.code: i for i, service in enumerate(config.services)}
    return sorted(by_service.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))


def _minutes(seconds: Optional[float]) -> Optional[float]:
    return None if seconds is None else round(seconds / 60, 1)


def _figures_row(figures: Figures) -> list:
    return [figures.issued, figures.served, figures.no_show, figures.transferred, figures.priority,
            *(_minutes(getattr(spread, part)) for spread in (figures.wait, figures.service)
              for part in ("average", "median", "p90"))]


def xlsx(report: Report, tickets: list[TicketRecord], config: HallConfig) -> bytes:
    workbook = Workbook(write_only=True)

    def sheet(title: str, headers: list[str], rows, formats: dict[int, str]) -> None:
        worksheet = workbook.create_sheet(title)
        worksheet.freeze_panes = "A2"
        worksheet.append(headers)
        for row in rows:
            cells = []
            for i, value in enumerate(row):
                cell = WriteOnlyCell(worksheet, value)
                number_format = formats.get(i) or (MINUTES_FORMAT if isinstance(value, float) else None)
                if number_format:
                    cell.number_format = number_format
                cells.append(cell)
            worksheet.append(cells)

    sheet("Theo lĩnh vực", ["Mã", "Lĩnh vực", *FIGURE_HEADERS],
          [[code, service_name(config, code).vi, *_figures_row(f)] for code, f in in_config_order(report.by_service, config)]
          + [["", "Cả sảnh", *_figures_row(report.total)]], {})
    sheet("Theo quầy", ["Quầy", *FIGURE_HEADERS],
          [[number, *_figures_row(f)] for number, f in report.by_counter.items()], {})
    if report.by_clerk:
        sheet("Theo cán bộ", ["Cán bộ", *FIGURE_HEADERS],
              [[clerk_name(config, clerk), *_figures_row(f)] for clerk, f in report.by_clerk.items()], {})
    if report.by_category:
        sheet("Theo đối tượng ưu tiên", ["Đối tượng", *FIGURE_HEADERS],
              [[category, *_figures_row(f)] for category, f in report.by_category.items()], {})
    sheet("Theo ngày", ["Ngày", "Lấy số", "Đã xong", "Vắng", "Chờ TB (phút)"],
          [[d.day, d.issued, d.served, d.no_show, _minutes(d.average_wait_s)] for d in report.by_day],
          {0: DATE_FORMAT})
    sheet("Theo giờ", ["Giờ", "Lấy số", "Chờ TB (phút)"],
          [[f"{h.hour:02d}:00", h.issued, _minutes(h.average_wait_s)] for h in report.by_hour], {})

    def local(at: Optional[float]) -> Optional[datetime]:
        return None if at is None else datetime.fromtimestamp(at, config.zone).replace(tzinfo=None)

    def ticket_row(t: TicketRecord) -> list:
        start = t.served_at or t.called_at
        return [date.fromisoformat(t.day), t.number, service_name(config, t.origin_service or t.service).vi,
                "x" if t.priority else "", STATUS_TEXTS[t.state].vi, t.counter, local(t.issued_at),
                local(t.called_at), local(t.done_at), _minutes(t.called_at - t.issued_at) if t.called_at else None,
                _minutes(t.done_at - start) if t.state == "done" and t.done_at and start else None, t.dossier]
    sheet("Phiếu", ["Ngày", "Số", "Lĩnh vực", "Ưu tiên", "Trạng thái", "Quầy", "Lấy số lúc", "Gọi lúc", "Xong lúc",
                    "Chờ (phút)", "Phục vụ (phút)", "Mã hồ sơ"],
          (ticket_row(t) for t in tickets), {0: DATE_FORMAT, 6: TIME_FORMAT, 7: TIME_FORMAT, 8: TIME_FORMAT})
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
