"""The report's XLSX read back as Excel would: texts stay texts, times stay times."""
import io
from datetime import date, datetime

import openpyxl

from dashboard import export
from dashboard.history import History
from queue_protocol import messages as m
from queue_server.config import load_config
from queue_server.store import Change, Store, open_database
from tests.queue_server.engine_helpers import TEST_KEY, ZONE, local
from tests.support import TEST_HALL

# A service name as a hall manager might type it by mistake, or as someone might plant it in the configuration.
FORMULA = '=HYPERLINK("http://example.invalid","Đất đai")'


def test_a_text_that_looks_like_a_formula_stays_text_and_times_stay_times(tmp_path):
    hall = tmp_path / "hall.toml"
    hall.write_text(TEST_HALL.read_text(encoding="utf-8").replace('name = "Đất đai"', f"name = '{FORMULA}'", 1),
                    encoding="utf-8")
    config = load_config(hall)
    store = Store(open_database(tmp_path / "hall.db"))
    engine = store.load_engine(config, TEST_KEY)
    store.commit(Change(engine.tick(local(hour=7)), local(hour=7)))
    at = local(hour=8)
    store.commit(Change(engine.handle(m.IssueTicket(id="k1", service="DD"), at), at))
    history = History(tmp_path / "hall.db")
    day = date(2026, 11, 30)
    body = export.xlsx_of_period(history, history.report(day, day, ZONE), day, day, config)

    book = openpyxl.load_workbook(io.BytesIO(body))
    by_service = book["Theo lĩnh vực"]
    assert (by_service["A2"].value, by_service["B2"].value, by_service["B2"].data_type) == ("DD", FORMULA, "s")
    ticket = book["Phiếu"]
    assert (ticket["C2"].value, ticket["C2"].data_type) == (FORMULA, "s")
    assert ticket["G2"].value == datetime(2026, 11, 30, 8, 0) and ticket["G2"].number_format == export.TIME_FORMAT
