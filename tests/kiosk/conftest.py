"""Kiosk test fixtures: virtual printers on 127.0.0.1 and a runner for the real app against a real server."""
import asyncio

import pytest

from kiosk.config import KioskConfig
from printers.virtual import VirtualPrinter
from printers.virtual_tcp import TcpVirtualPrinter
from tests.kiosk.driver import KioskDriver


class PluggedPrinter:
    """A virtual network printer that a test can unplug (connections refused) and plug back in.

    .printer is the VirtualPrinter: set its .status to "no-paper", "offline", "near-end", "silent".
    """

    def __init__(self):
        self.printer = VirtualPrinter(status="ok")
        self._tcp = TcpVirtualPrinter(self.printer).start()
        self.port = self._tcp.port

    @property
    def url(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def unplug(self) -> None:
        self._tcp.stop()
        self._tcp = None

    def plug(self) -> None:
        self._tcp = TcpVirtualPrinter(self.printer, port=self.port).start()

    def close(self) -> None:
        if self._tcp is not None:
            self.unplug()


@pytest.fixture
def printer():
    plugged = PluggedPrinter()
    yield plugged
    plugged.close()


def unplug_after_issue(app, printer: PluggedPrinter) -> None:
    """The printer answers the check, then goes away before the ticket prints (cable pulled, jam)."""
    issue = app.desk.issue

    async def issue_then_unplug(*args, **kwargs):
        ticket = await issue(*args, **kwargs)
        printer.unplug()
        return ticket

    app.desk.issue = issue_then_unplug


def kiosk_config(server, printer, **options) -> KioskConfig:
    values = dict(server=server.url, device="kiosk-1", token=server.token("kiosk-1"), printer=printer.url,
                  window="540x960", idle_timeout_s=30.0, result_s=30.0, request_timeout_s=2.0,
                  printer_timeout_s=0.5, printer_retry_s=0.3, touch_guard_s=0.2)
    values.update(options)
    return KioskConfig(**values)


def run_kiosk(config: KioskConfig, scenario) -> None:
    """Run the real app until scenario(driver) returns (or fails), then stop it."""
    async def main():
        driver = await KioskDriver.start(config)
        try:
            await scenario(driver)
        finally:
            await driver.stop()

    asyncio.run(main())
