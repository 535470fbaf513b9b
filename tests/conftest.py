"""Shared fixtures: the Kivy environment for offscreen windows, and a real queue server process."""
from tests.offscreen import use_offscreen_kivy

use_offscreen_kivy()  # Kivy reads these at import time: before any test module imports Kivy

import pytest  # noqa: E402

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
