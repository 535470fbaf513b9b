"""Benchmarks (figures, not timed tests): `python -m bench` prints one table.

Every bench module exposes `run() -> list[tuple[str, str, str]]`: rows of (figure, value, floor and
ratio). `python -m bench` runs each module in its own process (Kivy's Window is a process singleton, and
one module's crash must not lose the others' rows) and prints all rows in one table.
"""
