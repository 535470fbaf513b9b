"""`xephang kiosk`: the touchscreen kiosk of one hall, with its ticket printer."""
import asyncio
import logging
import os
import sys

from kiosk.config import KioskConfigError, load_kiosk_config
from queue_protocol import ca_file
from queue_protocol.device_options import add_device_options


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "kiosk", help="chạy kiosk lấy số / run the ticket kiosk",
        description="Kiosk lấy số thứ tự, in phiếu / The ticket kiosk, printing tickets. "
                    "Options override the [kiosk] table of --config.")
    parser.add_argument("--config", help="TOML file with a [kiosk] table (keys as the options below)")
    add_device_options(parser, "kiosk-1", required=False)  # or from --config
    parser.add_argument("--printer", help="tcp://HOST[:PORT], usb://VID:PID, serial:///dev/ttyUSB0, "
                                          "file:///dev/usb/lp0 or dummy://")
    parser.add_argument("--paper-mm", type=int, choices=(58, 80), dest="paper_mm", help="paper width (default 80)")
    parser.add_argument("--idle-timeout", type=float, dest="idle_timeout_s",
                        help="seconds before a sub-screen returns home (default 30)")
    parser.add_argument("--result-seconds", type=float, dest="result_s",
                        help="seconds the issued number stays on screen (default 6)")
    parser.add_argument("--window", help="run in a window of WIDTHxHEIGHT (e.g. 1080x1920) instead of fullscreen")
    parser.set_defaults(run=run)


def run(args) -> int:
    overrides = {key: getattr(args, key) for key in
                 ("server", "device", "token", "ca_file", "printer", "paper_mm", "idle_timeout_s", "result_s",
                  "window")}
    try:
        config = load_kiosk_config(args.config, overrides)
    except KioskConfigError as error:
        print(f"Lỗi cấu hình / Configuration error: {error}", file=sys.stderr)
        return 2
    if problem := ca_file.problem(config.server, config.ca_file):
        print(problem, file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    from kiosk.app import KioskApp  # Kivy reads its environment at import

    asyncio.run(KioskApp(config).serve())
    return 0
