"""`xephang counter`: the clerk's console for one counter."""
import asyncio
import os
import sys

from queue_protocol import ca_file

DEFAULT_WINDOW = "500x680"  # fits a 1366x768 laptop beside its taskbar


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "counter", help="bàn điều khiển của quầy / the clerk's counter console",
        description="Bàn điều khiển quầy: gọi số, gọi lại, chuyển, hồ sơ. / Counter console: call, recall, "
                    "transfer, dossiers.")
    parser.add_argument("--server", required=True, help="ws://HOST:PORT (or wss://) of the queue server")
    ca_file.add_option(parser)
    parser.add_argument("--device", required=True, help="this console's device id, e.g. counter-5")
    parser.add_argument("--token", default=os.environ.get("XEPHANG_TOKEN"),
                        help="the device's token from the hall configuration (default: $XEPHANG_TOKEN, "
                             "which keeps it out of the process list)")
    parser.add_argument("--window", default=DEFAULT_WINDOW, metavar="WxH",
                        help=f"window size (default {DEFAULT_WINDOW}), beside the one-stop software")
    parser.add_argument("--fullscreen", action="store_true", help="a dedicated touchscreen at the counter")
    parser.set_defaults(run=run)


def run(args) -> int:
    if not args.token:
        print("Thiếu mã bí mật: dùng --token hoặc biến XEPHANG_TOKEN / No token: give --token or set XEPHANG_TOKEN",
              file=sys.stderr)
        return 2
    if problem := ca_file.problem(args.server, args.ca_file):
        print(problem, file=sys.stderr)
        return 2
    configure_window(args.window, args.fullscreen)
    from counter.app import CounterApp  # Kivy reads its window settings at import time
    asyncio.run(CounterApp(server=args.server, device=args.device, token=args.token, ca_file=args.ca_file).serve())
    return 0


def configure_window(window: str, fullscreen: bool = False) -> None:
    width, height = parse_window(window)
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    from kivy.config import Config
    Config.set("graphics", "width", str(width))
    Config.set("graphics", "height", str(height))
    Config.set("graphics", "fullscreen", "auto" if fullscreen else "0")


def parse_window(window: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in window.lower().split("x"))
    except ValueError:
        raise SystemExit(f"--window: '{window}' không đúng dạng RỘNGxCAO / is not WIDTHxHEIGHT, e.g. 540x940") from None
    return width, height
