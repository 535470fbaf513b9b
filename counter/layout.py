"""Pure: the console's block sizes for a window, so it stays clean from a 420x520 corner to a full screen.

Sizes are in dp. Between a short window (520 high) and a tall one (900 high) every size is interpolated; a
window clearly wider than high puts the ticket and the queue on the left and the buttons on the right.
"""
from dataclasses import dataclass

SHORT_HEIGHT, TALL_HEIGHT = 520.0, 900.0
WIDE_RATIO = 1.2  # width / height from which the console uses two columns


@dataclass(frozen=True)
class ConsoleLayout:
    wide: bool = False  # two columns: ticket and queue left, buttons right
    scale: float = 1.0  # text size factor, 0.8 (short) .. 1 (tall)
    header: float = 96.0
    banner: float = 58.0  # when a banner is shown
    card: float = 236.0
    number_font: float = 96.0
    waiting_row: float = 30.0
    waiting_title: float = 34.0
    waiting: float = 94.0  # title and rows; rows beyond it scroll
    waiting_list: float = 60.0  # the rows shown, whole
    left_width: float = 0.0  # wide only
    next: float = 100.0
    footer: float = 72.0  # the feedback: room for a refusal of two lines and its English
    gap: float = 8.0  # padding and spacing of the buttons


def _lerp(short: float, tall: float, t: float) -> float:
    return short + (tall - short) * t


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def console_layout(width: float, height: float, waiting_rows: int = 0, banner: bool = False) -> ConsoleLayout:
    t = _clamp((height - SHORT_HEIGHT) / (TALL_HEIGHT - SHORT_HEIGHT), 0.0, 1.0)
    wide = width >= WIDE_RATIO * height
    header = _lerp(64, 96, t)
    banner_height = _lerp(44, 58, t)
    footer = _lerp(56, 72, t)
    gap = _lerp(6, 8, t)
    waiting_row = _lerp(24, 30, t)
    waiting_title = _lerp(26, 34, t)
    waiting_natural = waiting_title + waiting_row * max(waiting_rows, 1) + 4  # 4: the block's top padding
    body = height - header - (banner_height if banner else 0)

    if wide:
        left_width = _clamp(width * 0.46, 300, 640)
        card = _clamp(body - waiting_natural - gap, 140, 300)
        waiting = body - card
        actions = body - footer
    else:
        left_width = 0.0
        actions_min = _lerp(194, 330, t)
        # The card gives way to the first rows waiting, and to a banner down to a smaller number; in the
        # smallest window with a banner the rows waiting give way to the buttons (their total stays).
        card = _clamp(body - footer - actions_min - min(waiting_natural, waiting_title + 2 * waiting_row),
                      110 if banner else 124, _lerp(140, 236, t))
        waiting = _clamp(body - card - footer - actions_min, waiting_title + 4, waiting_natural)
        waiting -= (waiting - waiting_title - 4) % waiting_row  # whole rows: the rest goes to the buttons
        actions = body - card - waiting - footer

    next_height = max(50.0, actions * 0.24)
    # The rows waiting scroll; only whole rows show: a row half shown would show half its words.
    waiting_list = waiting_row * int((waiting - waiting_title - 4) / waiting_row + 1e-6)
    return ConsoleLayout(
        wide=wide, scale=_lerp(0.8, 1.0, t), header=header, banner=banner_height, card=card,
        number_font=_clamp(card * 0.41, 52, 120), waiting_row=waiting_row, waiting_title=waiting_title,
        waiting=waiting, waiting_list=waiting_list, left_width=left_width, next=next_height, footer=footer,
        gap=gap)
