"""Ticket printing figures (not a timed test): render, encode to ESC/POS, decode back. Target: render+encode < 15 ms.

Each round prints the next ticket, as a kiosk does: a new number, time, people ahead and QR code under
the same hall, service and footer. The first ticket of a kiosk (nothing laid out yet) is timed apart.

Run: .venv/bin/python -m bench.rows bench.bench_printers   (or python -m bench, which runs every section)
"""
import itertools
import statistics
import time
from dataclasses import replace
from datetime import timedelta

from printers.job import PAPER_WIDTH_PX, encode_ticket, ticket_profile
from printers.layout import text_block
from printers.raster import parse, raster_image
from printers.sample import KINDS, sample_ticket
from printers.ticket import TicketContent, render_ticket
from queue_protocol.durations import wait_text

ROUNDS = 30


def milliseconds(action, rounds: int = ROUNDS, warm_up: bool = True) -> list[float]:
    """`rounds` timings of action(), after one warm-up call (fonts load once per process)."""
    if warm_up:
        action()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def next_tickets(content: TicketContent):
    """The tickets that follow `content` at the same kiosk, one a minute."""
    for i in itertools.count(1):
        number = f"{content.number[:-2]}{(int(content.number[-2:]) + i) % 100:02d}"
        yield replace(content, number=number, ahead=content.ahead + i % 7,
                      issued_at=content.issued_at + timedelta(minutes=i), qr_text=f"{content.qr_text}:{i}",
                      wait=wait_text(60 * (20 + i % 9)))


def first_ticket(content: TicketContent, width_px: int, profile) -> None:
    text_block.cache_clear()
    encode_ticket(render_ticket(content, width_px), profile)


def run() -> list[tuple[str, str, str]]:
    rows = []
    for width_mm, width_px in PAPER_WIDTH_PX.items():
        profile = ticket_profile(width_mm)
        for kind in KINDS:
            content = sample_ticket(kind)
            image = render_ticket(content, width_px)
            job = encode_ticket(image, profile)
            tickets = next_tickets(content)
            render = milliseconds(lambda: render_ticket(next(tickets), width_px))
            encode = milliseconds(lambda: encode_ticket(image, profile))
            both = milliseconds(lambda: encode_ticket(render_ticket(next(tickets), width_px), profile))
            first = milliseconds(lambda: first_ticket(next(tickets), width_px, profile), rounds=5)
            decode = milliseconds(lambda: raster_image(parse(job)[0]))
            median = statistics.median
            rows.append((f"ticket render + ESC/POS encode, {width_mm} mm {kind}",
                         f"median {median(both):.1f} ms / max {max(both):.1f} ms",
                         f"render {median(render):.1f} ms + encode {median(encode):.1f} ms; first ticket "
                         f"{median(first):.1f} ms; {len(job)} bytes; decoding it back {median(decode):.1f} ms "
                         f"(target < 15 ms)"))
    return rows


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
