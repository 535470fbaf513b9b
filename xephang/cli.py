"""The `xephang` command line: one subcommand per app, each a thin layer over its package."""
import argparse
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(prog="xephang")
    parser.add_subparsers(dest="command", required=True)
    parser.parse_args(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
