"""`xephang rating`: the tablet facing the citizen at one counter, asking how satisfied they are."""
import asyncio
import logging
import os
import sys
from pathlib import Path

import platformdirs

from queue_protocol.device_options import add_device_options, device_problem, window_option

DEFAULT_WINDOW = "800x1280"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "rating", help="máy đánh giá mức độ hài lòng tại quầy / the satisfaction rating tablet at a counter",
        description="Máy tính bảng hướng về công dân tại một quầy: hỏi mức độ hài lòng khi cán bộ hoàn thành hồ "
                    "sơ. / The tablet facing the citizen at a counter: asks how satisfied they are when the clerk "
                    "completes their ticket.")
    add_device_options(parser, "rating-1")
    parser.add_argument("--window", type=window_option, metavar="WxH",
                        help=f"run in a window, e.g. {DEFAULT_WINDOW} (portrait) or 1280x800, instead of fullscreen")
    parser.add_argument("--outbox", type=Path,
                        help="file keeping ratings not yet sent (default: in the user's data folder)")
    parser.set_defaults(run=run)


def default_outbox(device: str) -> Path:
    return Path(platformdirs.user_data_dir("xephang")) / f"rating-outbox-{device}.json"


def run(args) -> int:
    if problem := device_problem(args.server, args.token, args.ca_file):
        print(problem, file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    from rating.app import RatingApp  # Kivy reads its environment at import

    app = RatingApp(server=args.server, device=args.device, token=args.token, window=args.window,
                    outbox=args.outbox or default_outbox(args.device), ca_file=args.ca_file)
    asyncio.run(app.serve())
    return 0
