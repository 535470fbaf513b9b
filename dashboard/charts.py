"""The reports page's charts as data for the vendored Chart.js (dashboard/static/vendor): labels and values,
texts in the page's language. The page's script only draws them."""
from dashboard.export import clerks_of, in_config_order, rating_columns
from dashboard.figures import Report
from dashboard.texts import clerk_name, counter_name
from queue_server.config import HallConfig
from rating.levels import NOT_RATED_COLOUR, level_colour


def chart_data(report: Report, config: HallConfig, t, lang: str) -> dict:
    def minutes(seconds):
        return None if seconds is None else round(seconds / 60, 1)

    hours = [f"{h.hour:02d}h" for h in report.by_hour]
    charts = {
        "per_hour": {"title": t("chart_per_hour"), "kind": "bar", "labels": hours,
                     "series": [{"label": t("issued"), "values": [h.issued for h in report.by_hour]}]},
        "wait_by_hour": {"title": t("chart_wait_hour"), "kind": "line", "labels": hours,
                         "series": [{"label": t("wait_avg"),
                                     "values": [minutes(h.average_wait_s) for h in report.by_hour]}]},
        "per_counter": {"title": t("chart_per_counter"), "kind": "bar",
                        "labels": [counter_name(config, n).primary(lang) for n in report.by_counter],
                        "series": [{"label": t("served"), "values": [f.served for f in report.by_counter.values()]}]},
    }
    clerks = [(clerk, f) for clerk, f in in_config_order(report.by_clerk, clerks_of(config)) if f.served]
    levels = rating_columns(report, config)
    if clerks and levels:
        # One bar per clerk, split by level: the share of the citizens they served who gave it.
        charts["rating_by_clerk"] = {
            "title": t("chart_rating_clerk"), "kind": "bar", "stacked": True, "horizontal": True, "percent": True,
            "labels": [clerk_name(config, clerk) for clerk, _ in clerks],
            "series": [{"label": name.primary(lang),
                        "colour": NOT_RATED_COLOUR if level is None else level_colour(i, len(levels) - 1),
                        "values": [round(100 * (f.rating_share(level) or 0), 1) for _, f in clerks]}
                       for i, (level, name) in enumerate(levels)]}
    return charts
