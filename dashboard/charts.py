"""The reports page's charts as data for the vendored Chart.js (dashboard/static/vendor): labels and values,
texts in the page's language. The page's script only draws them."""
from dashboard.figures import Report
from dashboard.texts import counter_name
from queue_server.config import HallConfig


def chart_data(report: Report, config: HallConfig, t, lang: str) -> dict:
    def minutes(seconds):
        return None if seconds is None else round(seconds / 60, 1)

    hours = [f"{h.hour:02d}h" for h in report.by_hour]
    return {
        "per_hour": {"title": t("chart_per_hour"), "kind": "bar", "labels": hours,
                     "series": [{"label": t("issued"), "values": [h.issued for h in report.by_hour]}]},
        "wait_by_hour": {"title": t("chart_wait_hour"), "kind": "line", "labels": hours,
                         "series": [{"label": t("wait_avg"),
                                     "values": [minutes(h.average_wait_s) for h in report.by_hour]}]},
        "per_counter": {"title": t("chart_per_counter"), "kind": "bar",
                        "labels": [counter_name(config, n).primary(lang) for n in report.by_counter],
                        "series": [{"label": t("served"), "values": [f.served for f in report.by_counter.values()]}]},
    }
