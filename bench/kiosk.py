"""The kiosk: time from the tap that issues a ticket to the last byte of that ticket at the printer.

The real kiosk app offscreen (1080x1920) against a real server process and a virtual network printer on
127.0.0.1; each round taps a service, then "Phiếu thường" (regular ticket), and waits for the cut.
The floor: the same work without the app — an issue_ticket round trip on a raw websocket, then render
and print the same ticket straight to the same printer.

    python -m bench.rows bench.kiosk      (or: python -m bench, which runs every section)
"""
import asyncio
import json
import threading
import time

from bench.hall_setup import temporary_hall_server, token
from bench.stats import against, p50_p99
from bench.wire import hello, open_connection, round_trip
from printers.virtual import VirtualPrinter
from printers.virtual_tcp import TcpVirtualPrinter

ROUNDS = 20


class TimedPrinter(VirtualPrinter):
    """Notes when each ticket's last byte (the cut) arrived."""

    def __init__(self):
        super().__init__(status="ok")
        self.cut_at: list[float] = []
        self._lock = threading.Lock()

    def feed(self, data: bytes) -> bytes:
        tickets = len(self.tickets)
        answer = super().feed(data)
        if len(self.tickets) > tickets:
            with self._lock:
                self.cut_at.append(time.perf_counter())
        return answer


async def _wait_cut(printer: TimedPrinter, count: int) -> float:
    deadline = time.monotonic() + 10
    while len(printer.cut_at) < count:
        if time.monotonic() > deadline:
            raise RuntimeError("the printer received no ticket within 10 s")
        await asyncio.sleep(0.001)
    return printer.cut_at[count - 1]


async def _seen(predicate) -> float:
    """The time predicate() first holds, polled every millisecond (no settling frames, unlike the driver)."""
    deadline = time.monotonic() + 10
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError("the kiosk did not get there within 10 s")
        await asyncio.sleep(0.001)
    return time.perf_counter()


async def _through_the_app(server, printer: TimedPrinter, tcp) -> dict:
    from kiosk.config import KioskConfig
    from tests.kiosk.driver import KioskDriver

    config = KioskConfig(server=server.url, device="kiosk-01", token=token("kiosk-01"), printer=tcp.url,
                         window="1080x1920", result_s=60)
    kiosk = await KioskDriver.start(config)
    tap_to_choice, tap_to_cut, tap_to_number = [], [], []
    try:
        await kiosk.until_screen("home")
        for i in range(ROUNDS):
            kiosk.app.go_home()
            await kiosk.until_screen("home")
            started = time.perf_counter()
            kiosk.tap("Đất đai")
            tap_to_choice.append(await _seen(lambda: kiosk.screen == "priority") - started)
            await kiosk.until_screen("priority")
            started = time.perf_counter()
            kiosk.tap("Phiếu thường")
            cut = await _wait_cut(printer, i + 1)
            tap_to_cut.append(cut - started)
            tap_to_number.append(await _seen(lambda: kiosk.screen == "issued") - started)
    finally:
        await kiosk.stop()
    return {"choice": tap_to_choice, "cut": tap_to_cut, "number": tap_to_number}


async def _floor(server, printer: TimedPrinter, tcp) -> list[float]:
    from datetime import datetime

    from printers import open_printer
    from printers.ticket import TicketContent, render_ticket
    from queue_protocol.durations import wait_text

    connection = await open_connection(server.url, hello("kiosk", "kiosk-02", token("kiosk-02")), True)
    samples = []
    for _i in range(ROUNDS):
        count = len(printer.cut_at)
        started = time.perf_counter()
        _, reply = await round_trip(connection, json.dumps(
            {"type": "issue_ticket", "id": f"floor-{time.monotonic_ns()}", "service": "HT"}), '"type":"ok"')
        ticket = json.loads(reply)["ticket"]
        content = TicketContent("Sảnh đo hiệu năng", ticket["number"], "Hộ tịch", "Civil status", False, 0,
                                wait_text(0), datetime.fromisoformat(ticket["issued_at"]),
                                f"XEPHANG|{ticket['day']}|HT|1")

        def render_and_print():
            device = open_printer(tcp.url, timeout_s=3.0)
            try:
                device.check()
                device.print_ticket(render_ticket(content, width_px=device.width_px))
            finally:
                device.close()

        await asyncio.to_thread(render_and_print)
        samples.append(await _wait_cut(printer, count + 1) - started)
    await connection.close()
    return samples


async def _measure(server) -> dict:
    printer = TimedPrinter()
    with TcpVirtualPrinter(printer) as tcp:
        figures = await _through_the_app(server, printer, tcp)
        figures["floor"] = await _floor(server, printer, tcp)
    return figures


def run() -> list[tuple[str, str, str]]:
    with temporary_hall_server() as server:
        figures = asyncio.run(_measure(server))
    return [
        ("kiosk: tap on a service -> regular/priority choice screen", p50_p99(figures["choice"]),
         f"{ROUNDS} taps, 1080x1920 offscreen"),
        ("kiosk: tap 'Phiếu thường' -> last byte at the printer", p50_p99(figures["cut"]),
         against(figures["cut"], figures["floor"], "raw issue + render + print")),
        ("kiosk: tap 'Phiếu thường' -> number on screen", p50_p99(figures["number"]),
         "the number shows once the printer has it"),
    ]


def main() -> None:
    for row in run():
        print(" | ".join(row))


if __name__ == "__main__":
    main()
