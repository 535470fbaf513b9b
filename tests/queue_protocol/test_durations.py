"""The one wording of waits and durations, as every app shows it."""
import pytest

from queue_protocol.durations import duration_text, wait_text
from queue_protocol.text import Text


@pytest.mark.parametrize("seconds, vi, en", [
    (20, "dưới 1 phút", "under 1 min"),
    (600, "10 phút", "10 min"),
    (3600, "1 giờ", "1 h"),
    (4500, "1 giờ 15 phút", "1 h 15 min"),
    (3900, "1 giờ 5 phút", "1 h 5 min"),
])
def test_a_measured_duration(seconds, vi, en):
    assert duration_text(seconds) == Text(vi, en)


@pytest.mark.parametrize("seconds, vi, en", [
    (0, "Không phải chờ", "No wait"),  # nobody ahead
    (1, "dưới 5 phút", "under 5 min"),
    (200, "dưới 5 phút", "under 5 min"),
    (300, "khoảng 5 phút", "about 5 min"),
    (1200, "khoảng 20 phút", "about 20 min"),
    (1260, "khoảng 25 phút", "about 25 min"),
    (5700, "khoảng 1 giờ 35 phút", "about 1 h 35 min"),   # never "khoảng 2 giờ" for 95 minutes
    (7200, "khoảng 2 giờ", "about 2 h"),
])
def test_an_estimate_says_it_is_one_rounded_up_to_five_minutes(seconds, vi, en):
    assert wait_text(seconds) == wait_text(seconds, counters_open=2) == Text(vi, en)


def test_no_open_counter_means_no_estimate():
    assert wait_text(1200, counters_open=0) == Text("chưa có quầy phục vụ", "no counter open")
