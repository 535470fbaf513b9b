"""`python -m bench`: every bench module in its own process, one table of figures beside their floors."""
import importlib.util
import json
import os
import platform
import subprocess
import sys
import time

from bench.processes import ROOT

# (what is measured, modules to try in order: the first one present runs)
SECTIONS = (
    ("queue server", ("bench.hall",)),
    ("queue server, screens that stop reading", ("bench.slow_readers",)),
    ("queue server, welcomes in a busy hall", ("bench.welcome",)),
    ("ticket printing", ("bench.printers", "bench.bench_printers")),
    ("kiosk", ("bench.kiosk",)),
    ("hall screen", ("bench.display",)),
    ("rating tablet", ("bench.rating",)),
    ("dashboard", ("bench.dashboard",)),
)
MODULE_TIMEOUT_S = 300  # bench.dashboard writes a year of tickets to XLSX: over a minute on a loaded machine
HEADER = ("figure", "value", "floor measured in the same run -> overhead p50 / p99")


def run_module(module: str) -> tuple[list, str]:
    """(rows, extra printed output) of one module, run in a fresh process."""
    try:
        done = subprocess.run([sys.executable, "-m", "bench.rows", module], cwd=ROOT, capture_output=True,
                              text=True, timeout=MODULE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return [(module, "failed", f"no result within {MODULE_TIMEOUT_S} s")], ""
    if done.returncode != 0 or not done.stdout.strip():
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return [(module, "failed", last)], done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return [tuple(row) for row in result["rows"]], result["output"]


def collect() -> tuple[list, list]:
    rows, outputs = [], []
    for section, modules in SECTIONS:
        present = next((m for m in modules if importlib.util.find_spec(m) is not None), None)
        if present is None:
            rows.append((section, "skipped", f"{modules[0].replace('.', '/')}.py is not there yet"))
            continue
        started = time.perf_counter()
        module_rows, output = run_module(present)
        print(f"bench: {present} done in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        rows += module_rows
        if output.strip():
            outputs.append((present, output))
    return rows, outputs


def table(rows: list) -> str:
    widths = [max(len(str(row[i])) for row in [HEADER, *rows]) for i in range(3)]

    def line(row) -> str:
        return "| " + " | ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)) + " |"

    return "\n".join([line(HEADER), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def main() -> None:
    started = time.perf_counter()
    rows, outputs = collect()
    print(f"xephang bench: {platform.python_implementation()} {platform.python_version()}, "
          f"{os.cpu_count()} cores, 127.0.0.1, {time.perf_counter() - started:.0f} s")
    print(table(rows))
    for module, output in outputs:
        print(f"\n{module} printed:\n{output.rstrip()}")


if __name__ == "__main__":
    main()
