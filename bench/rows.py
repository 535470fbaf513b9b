"""`python -m bench.rows MODULE`: run one bench module in this fresh process, print its rows as JSON.

A module with `run()` gives rows; one with only `main()` (a script printing its own table) gives its
printed output. Either way the last line of stdout is {"rows": [...], "output": "..."}.
"""
import contextlib
import importlib
import io
import json
import sys

from tests.offscreen import use_offscreen_kivy

use_offscreen_kivy()  # Kivy reads these at import time, as in tests/conftest.py


def main(module_name: str) -> None:
    module = importlib.import_module(module_name)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        rows = module.run() if hasattr(module, "run") else (module.main() and [])
    # A module with rows says everything in them; what else it printed is library chatter (logs).
    output = "" if hasattr(module, "run") else printed.getvalue()
    print(json.dumps({"rows": [list(map(str, row)) for row in rows or []], "output": output}))


if __name__ == "__main__":
    main(sys.argv[1])
