"""Kiosk test fixtures: virtual printers on 127.0.0.1 and a runner for the real app against a real server."""
import asyncio

import pytest

from kiosk.config import KioskConfig
from kiosk.testing import KioskDriver
from printers.virtual import VirtualPrinter
from printers.virtual_tcp import TcpVirtualPrinter

RASTER_COMMAND = b"\x1dv0"  # GS v 0: the ticket image is coming


class JammingPrinter(VirtualPrinter):
    """Answers status like a healthy printer, but drops the connection when a ticket image arrives
    while jammed: the ticket was issued, then printing failed."""

    def __init__(self):
        super().__init__(status="ok")
        self.jammed = False

    def feed(self, data: bytes) -> bytes:
        if self.jammed and RASTER_COMMAND in data:
            raise ConnectionAbortedError("paper jam")
        return super().feed(data)


@pytest.fixture
def printer():
    """A healthy network printer; set .printer.status to "no-paper", "offline", "silent"... or .printer.jammed."""
    virtual = JammingPrinter()
    with TcpVirtualPrinter(virtual) as tcp:
        yield tcp


def kiosk_config(server, printer, **options) -> KioskConfig:
    values = dict(server=server.url, device="kiosk-1", token=server.token("kiosk-1"), printer=printer.url,
                  window="540x960", idle_timeout_s=30.0, result_s=30.0, request_timeout_s=2.0,
                  printer_timeout_s=0.5, printer_retry_s=0.3)
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
