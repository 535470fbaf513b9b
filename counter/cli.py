"""`xephang counter`: the clerk's console for one counter."""
import asyncio
import os
import sys

from queue_protocol.device_options import add_device_options, device_problem, window_option

DEFAULT_WINDOW = "500x680"  # fits a 1366x768 laptop beside its taskbar


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "counter", help="bàn điều khiển của quầy / the clerk's counter console",
        description="Bàn điều khiển quầy: gọi số, gọi lại, chuyển, hồ sơ. / Counter console: call, recall, "
                    "transfer, dossiers.")
    add_device_options(parser, "counter-5")
    parser.add_argument("--window", type=window_option, default=DEFAULT_WINDOW, metavar="WxH",
                        help=f"window size (default {DEFAULT_WINDOW}), beside the one-stop software")
    parser.add_argument("--fullscreen", action="store_true", help="a dedicated touchscreen at the counter")
    parser.set_defaults(run=run)


def run(args) -> int:
    if problem := device_problem(args.server, args.token, args.ca_file):
        print(problem, file=sys.stderr)
        return 2
    configure_window(args.window, args.fullscreen)
    from counter.app import CounterApp  # Kivy reads its window settings at import time
    asyncio.run(CounterApp(server=args.server, device=args.device, token=args.token, ca_file=args.ca_file).serve())
    return 0


def configure_window(window: tuple[int, int], fullscreen: bool = False) -> None:
    width, height = window
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    from kivy.config import Config
    Config.set("graphics", "width", str(width))
    Config.set("graphics", "height", str(height))
    Config.set("graphics", "fullscreen", "auto" if fullscreen else "0")

