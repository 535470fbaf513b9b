"""Ticket printing figures (not a timed test): render, encode to ESC/POS, decode back. Target: render+encode < 50 ms.

Run: .venv/bin/python -m bench.rows bench.bench_printers   (or python -m bench, which runs every section)
"""
import statistics
import time

from printers.job import PAPER_WIDTH_PX, encode_ticket, ticket_profile
from printers.sample import KINDS, sample_ticket
from printers.raster import parse, raster_image
from printers.ticket import render_ticket

ROUNDS = 30


def milliseconds(action, rounds: int = ROUNDS) -> tuple[float, float]:
    """(median, worst) over `rounds`, after one warm-up (fonts load once per process)."""
    action()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def run() -> list[tuple[str, str, str]]:
    rows = []
    for width_mm, width_px in PAPER_WIDTH_PX.items():
        profile = ticket_profile(width_mm)
        for kind in KINDS:
            content = sample_ticket(kind)
            image = render_ticket(content, width_px)
            job = encode_ticket(image, profile)
            render, _ = milliseconds(lambda: render_ticket(content, width_px))
            encode, _ = milliseconds(lambda: encode_ticket(image, profile))
            both, worst = milliseconds(lambda: encode_ticket(render_ticket(content, width_px), profile))
            decode, _ = milliseconds(lambda: raster_image(parse(job)[0]))
            rows.append((f"ticket render + ESC/POS encode, {width_mm} mm {kind}",
                         f"median {both:.1f} ms / max {worst:.1f} ms",
                         f"render {render:.1f} ms + encode {encode:.1f} ms; {len(job)} bytes; decoding it back "
                         f"{decode:.1f} ms (target < 50 ms)"))
    return rows


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
