import argparse

from PIL import Image

from printers import cli
from printers.sample import TONE_MARK_TEST, sample_ticket
from printers.ticket import render_ticket


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    return args.run(args)


def test_print_test_writes_the_png(tmp_path):
    assert run("print-test", "--png", str(tmp_path / "t.png"), "--width", "58") == 0
    expected = render_ticket(sample_ticket("regular", footer=TONE_MARK_TEST), 384)
    assert Image.open(tmp_path / "t.png").tobytes() == expected.tobytes()


def test_print_test_prints_and_reports_status(tcp_printer, capsys):
    server = tcp_printer("near-end")
    assert run("print-test", "--printer", server.url, "--timeout", "1", "--kind", "pickup") == 0
    out = capsys.readouterr().out
    assert "Máy in sắp hết giấy" in out and "Printer paper is running low" in out
    assert server.printer.wait_for_tickets(1)


def test_print_test_reports_refusal(tcp_printer, capsys):
    assert run("print-test", "--printer", tcp_printer("no-paper").url, "--timeout", "1") == 1
    assert "Máy in hết giấy" in capsys.readouterr().err


def test_print_test_needs_a_target(capsys):
    assert run("print-test") == 2
