"""`xephang display`: the hall screen (TV) of one area of the hall."""
import sys
from pathlib import Path

from display.kivy_config import configure_kivy
from display.scope import Scope, ScopeError, parse_counters, parse_services
from queue_protocol.device_options import add_device_options, device_problem, window_option


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "display", help="màn hình sảnh / hall screen",
        description="Màn hình gọi số tại sảnh / The hall screen: calls, counters, queues, dossiers ready.")
    add_device_options(parser, "screen-1")
    parser.add_argument("--counters", help="only these counters, e.g. 1-6 or 1,3,5")
    parser.add_argument("--services", help="only these services, e.g. DD,HT")
    parser.add_argument("--no-sound", action="store_true", help="no chime, no spoken calls")
    parser.add_argument("--window", type=window_option, metavar="WxH",
                        help="run in a window of this size instead of fullscreen, e.g. 1920x1080")
    parser.add_argument("--cache-dir", type=Path, help="where the chime and spoken calls are rendered")
    parser.set_defaults(run=run)


def run(args) -> int:
    if problem := device_problem(args.server, args.token, args.ca_file):
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
