"""`xephang display`: the hall screen (TV) of one area of the hall."""
import argparse
import os
import sys
from pathlib import Path

from display.kivy_config import configure_kivy
from display.scope import Scope, ScopeError, parse_counters, parse_services
from queue_protocol import ca_file


def _window_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(x) for x in text.lower().split("x"))
        return width, height
    except ValueError:
        raise argparse.ArgumentTypeError(f"kích thước cửa sổ không hợp lệ / invalid window size: {text!r} "
                                         "(ví dụ / e.g. 1920x1080)") from None


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "display", help="màn hình sảnh / hall screen",
        description="Màn hình gọi số tại sảnh / The hall screen: calls, counters, queues, dossiers ready.")
    parser.add_argument("--server", required=True, help="ws://HOST:PORT (or wss://) of the queue server")
    parser.add_argument("--device", required=True, help="this screen's device id, e.g. screen-1")
    parser.add_argument("--token", default=os.environ.get("XEPHANG_TOKEN"),
                        help="the device's token (or XEPHANG_TOKEN)")
    ca_file.add_option(parser)
    parser.add_argument("--counters", help="only these counters, e.g. 1-6 or 1,3,5")
    parser.add_argument("--services", help="only these services, e.g. DD,HT")
    parser.add_argument("--no-sound", action="store_true", help="no chime, no spoken calls")
    parser.add_argument("--window", type=_window_size, metavar="WxH",
                        help="run in a window of this size instead of fullscreen, e.g. 1920x1080")
    parser.add_argument("--cache-dir", type=Path, help="where the chime and spoken calls are rendered")
    parser.set_defaults(run=run)


def run(args) -> int:
    if not args.token:
        print("Thiếu --token / --token is required", file=sys.stderr)
        return 2
    if problem := ca_file.problem(args.server, args.ca_file):
        print(problem, file=sys.stderr)
        return 2
    try:
        scope = Scope(counters=parse_counters(args.counters) if args.counters else None,
                      services=parse_services(args.services) if args.services else None)
    except ScopeError as error:
        print(error, file=sys.stderr)
        return 2
    # Kivy reads these when its clock and window start: configure before importing the app.
    configure_kivy(args.window)
    from display.app import DisplaySettings, run_display
    run_display(DisplaySettings(server=args.server, device=args.device, token=args.token, scope=scope,
                                sound=not args.no_sound, cache_dir=args.cache_dir, ca_file=args.ca_file))
    return 0
