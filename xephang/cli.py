"""The `xephang` command line: one subcommand per app, each registered by its own package."""
import argparse
import importlib
import sys

# subcommand -> the module that registers it with register(subparsers) and set_defaults(run=callable).
# Only the module of the subcommand asked for is imported, so `xephang server` starts without Kivy or escpos.
COMMANDS = {
    "server": "queue_server.cli",
    "report": "queue_server.report_cli",
    "demo": "xephang.demo",
    "import-dossiers": "xephang.import_dossiers",
    "personal-data": "xephang.personal_data",
    "print-test": "printers.cli",
    "virtual-printer": "printers.cli",
    "display": "display.cli",
    "counter": "counter.cli",
    "kiosk": "kiosk.cli",
    "rating": "rating.cli",
    "dashboard": "dashboard.cli",
    "hash-password": "queue_server.passwords",
}


def build_parser(argv: list[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xephang",
        description="Hệ thống xếp hàng cho Bộ phận Một cửa / Queue system for one-stop reception halls",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    wanted = next((arg for arg in argv if not arg.startswith("-")), None)
    modules = [COMMANDS[wanted]] if wanted in COMMANDS else COMMANDS.values()
    for module_name in dict.fromkeys(modules):
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv).parse_args(argv)
    return args.run(args) or 0


if __name__ == "__main__":
    sys.exit(main())
