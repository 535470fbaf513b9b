"""The hall CA's certificate every app is given for a wss:// server: one command-line option for all of
them, checked before the app starts (the client then checks the server's certificate with it)."""
import argparse
import os

from queue_protocol.client import TlsSetupError, tls_context

ENVIRONMENT = "XEPHANG_CA_FILE"


def add_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ca-file", default=os.environ.get(ENVIRONMENT),
                        help="for a wss:// server: the hall CA's certificate (PEM) the server's must be signed by "
                             f"(default: ${ENVIRONMENT}; none: the machine's own trusted authorities)")


def problem(url: str, ca_file: str | None) -> str | None:
    """None when the client can use it with this server address; else a line for the terminal, vi and en."""
    try:
        tls_context(url, ca_file)
    except TlsSetupError as error:
        return f"Lỗi / Error: {error}"
    return None
