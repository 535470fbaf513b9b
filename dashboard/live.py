"""The hall live: the dashboard as one more client of the queue server (its own device), plus the few facts
the protocol does not carry, read from the database after each change. Pages wait on `changed`."""
import asyncio
import logging
import time
from datetime import date, datetime
from typing import Any

from dashboard.history import History
from dashboard.live_model import LiveFacts
from queue_protocol.client import QueueClient
from queue_protocol.hall_view import HallView
from queue_protocol.messages import Welcome
from queue_server.config import HallConfig

log = logging.getLogger(__name__)
OVERDUE_SHOWN = 50


class LiveHall:
    def __init__(self, config: HallConfig, history: History, server_url: str, ca_file: str | None = None):
        self.config = config
        self.history = history
        self.server_url = server_url
        self.ca_file = ca_file
        self.view = HallView()
        self.facts = LiveFacts()
        self.connected = False
        self.version = 0
        self._clock_offset = 0.0  # the server's clock minus ours: waits are measured on the server's clock
        self._changed = asyncio.Event()
        self._refresh_due = False
        self.client: QueueClient | None = None

    def now(self) -> float:
        return time.time() + self._clock_offset

    async def run(self) -> None:
        device = self.config.device(self.config.dashboard.device or "")
        assert device is not None  # the configuration names the dashboard's device (checked when loaded)
        self.client = QueueClient(self.server_url, device.role, device.id, device.token,
                                  on_welcome=self._welcome, on_event=self._event, on_connection=self._connection,
                                  on_offline_reason=lambda _: self._bump(), ca_file=self.ca_file)
        await self.client.run()

    @property
    def offline_reason(self):
        """Why the queue server cannot be reached, when the client knows (a certificate): shown on the page."""
        return self.client.offline_reason if self.client is not None else None

    async def close(self) -> None:
        if self.client is not None:
            await self.client.close()

    async def changed(self, version: int, timeout: float) -> None:
        """Returns when the hall changed after `version`, or after timeout (waits grow by themselves)."""
        if self.version != version:
            return
        try:
            await asyncio.wait_for(self._changed.wait(), timeout)
        except TimeoutError:
            pass

    # --- from the client --------------------------------------------------------------------------

    def _welcome(self, welcome: Welcome) -> None:
        self.view.load(welcome.snapshot)
        self._clock_offset = datetime.fromisoformat(welcome.snapshot.hall.server_time).timestamp() - time.time()
        self._schedule_refresh()

    def _event(self, event) -> None:
        self.view.apply(event)
        self._schedule_refresh()

    def _connection(self, connected: bool) -> None:
        self.connected = connected
        self._bump()

    # --- refresh ----------------------------------------------------------------------------------

    def _schedule_refresh(self) -> None:
        # Several events arrive together (a call changes a counter and a queue): one read of the database.
        if not self._refresh_due:
            self._refresh_due = True
            asyncio.get_running_loop().call_soon(self._refresh)

    def _refresh(self) -> None:
        self._refresh_due = False
        oldest: dict[str, float] = {}
        called: dict[int, float] = {}
        overdue: tuple[dict[str, Any], ...] = ()
        if self.view.hall is not None:
            day = self.view.hall.day
            try:
                oldest, called = self.history.live_times(day)
                overdue = tuple(self.history.overdue_dossiers(date.fromisoformat(day), OVERDUE_SHOWN))
            except Exception:  # the database unreadable for a moment: the live figures go on without these
                log.exception("could not read the hall's database")
        self.facts = LiveFacts(oldest_waiting=oldest, called_at=called, overdue=overdue)
        self._bump()

    def _bump(self) -> None:
        self.version += 1
        self._changed.set()
        self._changed = asyncio.Event()
