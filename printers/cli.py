"""`xephang print-test` and `xephang virtual-printer`: thin shells over the printers package."""
import argparse
import sys
import threading
from pathlib import Path

from .errors import PrinterError
from .job import PAPER_WIDTH_PX
from .printer import open_printer
from .sample import KINDS, TONE_MARK_TEST, sample_ticket
from .status import STATUS_NAMES
from .ticket import render_ticket
from .virtual import STATUS_REPLIES, VirtualPrinter
from .virtual_tcp import TcpVirtualPrinter


def _say(vietnamese: str, english: str, *, error: bool = False) -> None:
    print(f"{vietnamese} / {english}", file=sys.stderr if error else sys.stdout, flush=True)


def print_test(args: argparse.Namespace) -> int:
    if not args.printer and not args.png:
        _say("Cần --printer URL hoặc --png FILE", "Give --printer URL or --png FILE", error=True)
        return 2
    image = render_ticket(sample_ticket(args.kind, footer=TONE_MARK_TEST), PAPER_WIDTH_PX[args.width])
    if args.png:
        image.save(args.png)
        _say(f"Đã lưu phiếu mẫu vào {args.png}", f"Sample ticket written to {args.png}")
    if not args.printer:
        return 0
    try:
        with open_printer(args.printer, timeout_s=args.timeout, width_mm=args.width) as printer:
            status = printer.check()
            summary = STATUS_NAMES[status.summary]
            _say(f"Trạng thái máy in: {summary.vi}", f"Printer status: {summary.en}")
            if status.warning:
                _say(f"Cảnh báo: {status.warning.message.vi}", f"Warning: {status.warning.message.en}")
            printer.print_ticket(image)
    except PrinterError as error:
        _say(f"Lỗi [{error.code}]: {error.message.vi}", f"Error: {error.message.en}", error=True)
        if error.detail:
            print(error.detail, file=sys.stderr)
        return 1
    _say("Đã in phiếu mẫu", "Sample ticket printed")
    return 0


def virtual_printer(args: argparse.Namespace) -> int:
    printer = VirtualPrinter(args.status, save_dir=args.save_dir)
    with TcpVirtualPrinter(printer, host=args.host, port=args.port) as server:
        _say(f"Máy in ảo đang nghe tại {server.url} (trạng thái: {args.status})",
             f"Virtual printer listening on {server.url} (status: {args.status})")
        if args.save_dir:
            _say(f"Lưu từng phiếu nhận được vào {args.save_dir}", f"Saving every ticket received to {args.save_dir}")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            _say(f"Dừng; đã nhận {len(printer.tickets)} phiếu", f"Stopped; {len(printer.tickets)} tickets received")
    return 0


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    test = subparsers.add_parser(
        "print-test", help="In phiếu mẫu và báo trạng thái máy in / Print a sample ticket, report printer status",
    )
    test.add_argument("--printer", metavar="URL", help="usb://VID:PID, serial:///dev/ttyUSB0?baudrate=19200, "
                      "tcp://HOST:9100, file:///dev/usb/lp0, dummy://")
    test.add_argument("--width", type=int, choices=sorted(PAPER_WIDTH_PX, reverse=True), default=80,
                      help="paper width in mm")
    test.add_argument("--png", type=Path, metavar="FILE", help="also write the ticket image to FILE")
    test.add_argument("--kind", choices=KINDS, default="regular")
    test.add_argument("--timeout", type=float, default=3.0, metavar="SECONDS")
    test.set_defaults(run=print_test)

    virtual = subparsers.add_parser(
        "virtual-printer", help="Máy in ảo qua TCP cho thử nghiệm / Virtual TCP printer for tests and demos",
    )
    virtual.add_argument("--host", default="127.0.0.1")
    virtual.add_argument("--port", type=int, default=9100)
    virtual.add_argument("--status", choices=list(STATUS_REPLIES), default="ok")
    virtual.add_argument("--save-dir", type=Path, metavar="DIR", help="save every ticket received as PNG here")
    virtual.set_defaults(run=virtual_printer)
