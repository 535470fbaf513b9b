"""Printer fixtures: sample ticket images, virtual printers on 127.0.0.1 and a socat serial pair."""
import shutil
import socket

import pytest

from printers.sample import sample_ticket
from printers.ticket import render_ticket
from printers.virtual import VirtualPrinter
from printers.virtual_tcp import TcpVirtualPrinter
from tests.printers.virtual_serial import SerialVirtualPrinter, SocatPair

TEST_TIMEOUT_S = 1.0


@pytest.fixture(scope="session")
def ticket_image():
    return render_ticket(sample_ticket("priority"), 576)


@pytest.fixture
def tcp_printer():
    """Factory: a started TCP virtual printer in the given state, stopped after the test."""
    servers = []

    def start(status: str = "ok", save_dir=None) -> TcpVirtualPrinter:
        servers.append(TcpVirtualPrinter(VirtualPrinter(status, save_dir=save_dir)).start())
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def serial_printer(tmp_path):
    """Factory: (printer-end URL, virtual printer) over a fresh socat pty pair."""
    if not shutil.which("socat"):
        pytest.skip("socat is not installed")
    started = []

    def start(status: str = "ok"):
        pair = SocatPair(tmp_path / f"pair{len(started)}")
        peer = SerialVirtualPrinter(VirtualPrinter(status), pair.peer_end).start()
        started.append((pair, peer))
        return f"serial://{pair.printer_end}?baudrate=19200", peer.printer

    yield start
    for pair, peer in started:
        peer.stop()
        pair.close()


@pytest.fixture
def refused_url():
    """A 127.0.0.1 port nobody listens on: bound to get a free number, then released."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"tcp://127.0.0.1:{port}"
