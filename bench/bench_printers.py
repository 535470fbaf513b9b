"""Ticket printing figures (not a timed test): render, encode to ESC/POS, decode back. Target: render+encode < 50 ms.

Run: .venv/bin/python bench/bench_printers.py
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


def main() -> None:
    print(f"{'ticket':<16}{'render ms':>12}{'encode ms':>12}{'render+encode':>16}{'decode ms':>12}{'bytes':>9}")
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
            print(f"{f'{width_mm} mm {kind}':<16}{render:>12.1f}{encode:>12.1f}"
                  f"{f'{both:.1f} (max {worst:.1f})':>16}{decode:>12.1f}{len(job):>9}")


if __name__ == "__main__":
    main()
