"""The command-line options every device app shares (where the queue server is, which device this is, its
token, the hall CA) and the window size the Kivy apps take: one wording, one check, for all of them."""
import argparse
import os

from queue_protocol import ca_file
from queue_protocol.text import Text

TOKEN_ENVIRONMENT = "XEPHANG_TOKEN"
CONNECT_TIMEOUT_S = 10.0


def add_device_options(parser: argparse.ArgumentParser, device_example: str, required: bool = True,
                       tool: bool = False) -> None:
    """--server, --ca-file, --device and --token (its default from $XEPHANG_TOKEN, out of the process list);
    for a command-line tool (tool=True), which gives up where an app keeps reconnecting, --timeout too."""
    parser.add_argument("--server", required=required, help="ws://HOST:PORT (or wss://) of the queue server")
    ca_file.add_option(parser)
    parser.add_argument("--device", required=required,
                        help=f"this device's id in the hall configuration, e.g. {device_example}")
    parser.add_argument("--token", default=os.environ.get(TOKEN_ENVIRONMENT),
                        help=f"the device's token from the hall configuration (default: ${TOKEN_ENVIRONMENT}, "
                             "which keeps it out of the process list)")
    if tool:
        parser.add_argument("--timeout", type=float, default=CONNECT_TIMEOUT_S, metavar="SECONDS",
                            help=f"how long to try to reach the server before giving up "
                                 f"(default {CONNECT_TIMEOUT_S:g})")


def device_problem(server: str, token: str | None, ca_file_path: str | None) -> str | None:
    """None when the app can connect with these; else a line for the terminal, Vietnamese then English."""
    if not token:
        return (f"Thiếu mã bí mật: dùng --token hoặc biến {TOKEN_ENVIRONMENT} / "
                f"No token: give --token or set {TOKEN_ENVIRONMENT}")
    return ca_file.problem(server, ca_file_path)


class WindowSizeError(ValueError):
    def __init__(self, text: str):
        self.text = Text(f"kích thước cửa sổ phải có dạng RỘNGxCAO, ví dụ 1080x1920 (nhận được {text!r})",
                         f"window size must be WIDTHxHEIGHT, e.g. 1080x1920 (got {text!r})")
        super().__init__(self.text.on_one_line())


def window_size(text: str) -> tuple[int, int]:
    """ "1920x1080" -> (1920, 1080), or WindowSizeError."""
    width, sep, height = text.lower().partition("x")
    if not sep or not width.isdigit() or not height.isdigit():
        raise WindowSizeError(text)
    return int(width), int(height)


def window_option(text: str) -> tuple[int, int]:
    """window_size as an argparse type: a wrong value is refused with the usage line and both languages."""
    try:
        return window_size(text)
    except WindowSizeError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
