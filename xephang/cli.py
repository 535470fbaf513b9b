"""The `xephang` command line: one subcommand per app, each registered by its own package."""
import argparse
import importlib
import sys

# Each module exposes register(subparsers); it adds its subcommand with set_defaults(run=callable).
COMMANDS = (
    "queue_server.cli",
    "printers.cli",
    "display.cli",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xephang",
        description="Hệ thống xếp hàng cho Bộ phận Một cửa / Queue system for one-stop reception halls",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_name in COMMANDS:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args) or 0


if __name__ == "__main__":
    sys.exit(main())
