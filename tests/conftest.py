"""Shared fixtures: the Kivy environment for offscreen windows, a real queue server process, and a server in
this process whose devices connect through memory."""
from tests.offscreen import use_offscreen_kivy

use_offscreen_kivy()  # Kivy reads these at import time: before any test module imports Kivy

import itertools  # noqa: E402
from contextlib import ExitStack, closing  # noqa: E402

import pytest  # noqa: E402

from tests.in_process_hall import InProcessHall  # noqa: E402
from tests.support import HallServerProcess  # noqa: E402


@pytest.fixture
def make_hall_server(tmp_path):
    """Start real `xephang server` processes: make_hall_server(config=..., clock_start=...)."""
    started = []

    def make(config=None, clock_start=None, db_path=None) -> HallServerProcess:
        server = HallServerProcess(db_path=db_path or tmp_path / f"hall-{len(started)}.db",
                                   config_path=config, clock_start=clock_start)
        started.append(server)
        server.start()
        return server

    yield make
    for server in started:
        server.stop()


@pytest.fixture
def hall_server(make_hall_server) -> HallServerProcess:
    """The test hall (tests/hall.toml) on a free port, its clock at 09:00 today so every service is open."""
    return make_hall_server()


@pytest.fixture
def make_in_process_hall(tmp_path):
    """Servers in this process whose devices connect through memory: make_in_process_hall(config=..., start=...)
    and InProcessHall's other options (tests/in_process_hall.py says which tests belong there)."""
    numbers = itertools.count()
    with ExitStack() as halls:
        def make(**options) -> InProcessHall:
            db_path = tmp_path / f"in-process-{next(numbers)}.db"
            return halls.enter_context(closing(InProcessHall(db_path, **options)))

        yield make


@pytest.fixture
def in_process_hall(make_in_process_hall) -> InProcessHall:
    """The test hall (tests/hall.toml) in this process, its clock at 09:00 today so every service is open."""
    return make_in_process_hall()
