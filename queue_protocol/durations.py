"""How long, in words: the one wording of every wait and duration a person reads, Vietnamese first.

The kiosk, the printed ticket, the hall screen, the counter console and the report all say it this way,
so a citizen never reads "khoảng 2 giờ" on the screen and "~1 giờ 35 phút" on the ticket in hand.
"""
import math

from queue_protocol.text import Text

NO_COUNTER_OPEN = Text("chưa có quầy phục vụ", "no counter open")
NO_WAIT = Text("Không phải chờ", "No wait")  # a free counter calls at once: the button, the number screen, the ticket
ESTIMATE_STEP_MIN = 5  # an estimate is rounded up to this: "khoảng 23 phút" would promise a precision it has not


def duration_text(seconds: float) -> Text:
    """A time measured: "dưới 1 phút", "23 phút", "1 giờ 5 phút"."""
    minutes = round(seconds / 60)
    if minutes < 1:
        return Text("dưới 1 phút", "under 1 min")
    return _hours_and_minutes(minutes)


def wait_text(estimated_wait_s: int, counters_open: int | None = None) -> Text:
    """An estimated wait, said to be one: "dưới 5 phút", "khoảng 25 phút", "khoảng 1 giờ 35 phút"; none at
    all (a free counter calls at once): NO_WAIT.

    No open counter serves the service (counters_open 0): nobody can say, so it says that instead.
    None means the server did not say how many are open (an older server).
    """
    if counters_open == 0:
        return NO_COUNTER_OPEN
    if estimated_wait_s <= 0:
        return NO_WAIT
    minutes = math.ceil(estimated_wait_s / 60)
    if minutes < ESTIMATE_STEP_MIN:
        return Text(f"dưới {ESTIMATE_STEP_MIN} phút", f"under {ESTIMATE_STEP_MIN} min")
    rounded = _hours_and_minutes(ESTIMATE_STEP_MIN * math.ceil(minutes / ESTIMATE_STEP_MIN))
    return Text(f"khoảng {rounded.vi}", f"about {rounded.en}")


def _hours_and_minutes(minutes: int) -> Text:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return Text(f"{rest} phút", f"{rest} min")
    if not rest:
        return Text(f"{hours} giờ", f"{hours} h")
    return Text(f"{hours} giờ {rest} phút", f"{hours} h {rest} min")
