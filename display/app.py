"""The hall screen: a Kivy app beside the websocket client, redrawn on events, never polling.

Imperative shell: the client feeds a HallView, a trigger merges bursts of events into one redraw from
build_screen_model(), the CallGate decides what the Announcer says.
"""
import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from kivy.app import App
from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from display.announcer import Announcer, KivyPlayer
from display.call_gate import CallGate
from display.clock_text import date_text, time_text
from display.scope import Scope
from display.screen_model import ScreenModel, build_screen_model, pages
from queue_protocol.client import QueueClient
from queue_protocol.hall_view import HallView
from queue_protocol.messages import Called, Resync, Welcome
from queue_protocol.roles import Role
from queue_protocol.states import CounterState
from xephang.kivy_keys import WithoutDeveloperKeys
from xephang.window_title import window_title

log = logging.getLogger(__name__)

KV_FILE = Path(__file__).with_name("display.kv")
HIGHLIGHT_S = 8.0           # how long a new call's counter stays yellow
BLINK_S = 0.6               # a new call blinks BLINKS times, then stays large and calm
BLINKS = 7
DOSSIER_PAGE_S = 8.0        # how long one page of ready dossiers stays before the next
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
RECENT_CHIPS = 4
COUNTERS_IN_ONE_COLUMN = 3


@dataclass(frozen=True)
class DisplaySettings:
    server: str
    device: str
    token: str
    scope: Scope = Scope()
    sound: bool = True
    cache_dir: Path | None = None
    ca_file: str | None = None  # the hall CA's certificate, for a wss:// server


class Card(BoxLayout):
    """A box with a rounded background (drawn in display.kv)."""
    bg = ColorProperty((0.07, 0.16, 0.34, 1))
    radius = NumericProperty(12)


class CounterTile(Card):
    u = NumericProperty(1)
    number = NumericProperty(0)
    serving = StringProperty("")
    service = StringProperty("")
    state = StringProperty(CounterState.OPEN)
    highlighted = BooleanProperty(False)
    clerk = StringProperty("")


class RecentChip(Card):
    u = NumericProperty(1)
    number = StringProperty("")
    counter = NumericProperty(0)


class WaitingChip(Card):
    u = NumericProperty(1)
    name = StringProperty("")
    waiting = NumericProperty(0)
    open = BooleanProperty(True)
    note_vi = StringProperty("")  # "chưa có quầy phục vụ" while no counter serving it is open
    note_en = StringProperty("")
    status_vi = StringProperty("")  # "Đã đóng" in place of the count while it gives no tickets
    status_en = StringProperty("")


class DossierRow(BoxLayout):
    u = NumericProperty(1)
    code = StringProperty("")
    applicant = StringProperty("")
    service = StringProperty("")
    counter = NumericProperty(0)


class HallScreen(BoxLayout):
    u = NumericProperty(1)
    portrait = BooleanProperty(False)


class DisplayApp(WithoutDeveloperKeys, App):
    connected = BooleanProperty(False)
    offline_vi = StringProperty("")  # why it is offline, when the client knows (queue_protocol/offline.py)
    offline_en = StringProperty("")
    hall_name = StringProperty("")
    hall_name_en = StringProperty("")
    announcement = StringProperty("")  # the hall manager's line for today
    announcement_en = StringProperty("")
    clock_time = StringProperty("")
    clock_date = StringProperty("")
    has_headline = BooleanProperty(False)
    headline_invite = StringProperty("")
    headline_number = StringProperty("")
    headline_counter = NumericProperty(0)
    headline_english = StringProperty("")
    headline_service_en = StringProperty("")
    flash = NumericProperty(0)
    highlight_counter = NumericProperty(0)
    has_recent = BooleanProperty(False)
    silent = BooleanProperty(False)  # sound was wanted but no sound device plays it
    counter_columns = NumericProperty(1)
    counter_rows = NumericProperty(1)
    dossier_columns = NumericProperty(2)
    dossier_rows_per_page = NumericProperty(3)
    dossier_count = NumericProperty(0)
    dossier_page = NumericProperty(0)
    dossier_page_text = StringProperty("")

    def __init__(self, settings: DisplaySettings, announcer: Announcer | None = None, **kwargs):
        super().__init__(**kwargs)
        self.kv_file = str(KV_FILE)
        self.title = window_title(Role.DISPLAY, settings.device)
        self.settings = settings
        self.view = HallView()
        self.gate = CallGate()
        self.announcer = announcer
        self.model: ScreenModel | None = None
        self.clock_offset = timedelta(0)
        self.zone = ZoneInfo(DEFAULT_TIMEZONE)
        self.shown_at: dict[int, float] = {}  # call_id -> perf_counter when the screen showed it (bench)
        self.client = QueueClient(settings.server, role="display", device=settings.device,
                                  token=settings.token, on_welcome=self.on_welcome,
                                  on_event=self.on_event, on_connection=self.on_connection,
                                  on_offline_reason=self.on_offline_reason, ca_file=settings.ca_file)
        self._refresh = Clock.create_trigger(self.refresh)
        self._end_highlight = Clock.create_trigger(self.end_highlight, HIGHLIGHT_S)
        self._page_turner = None
        self._blinker = None
        self._blinks_left = 0

    def load_kv(self, filename=None):
        Builder.unload_file(self.kv_file)  # a second screen in one process (tests) must not add its rules twice
        return super().load_kv(filename)

    def build(self):
        return HallScreen()

    def on_start(self):
        if self.announcer is not None and not self.announcer.player.can_play(self.announcer.chime):
            log.warning("no sound device: calls are shown but not heard / "
                        "không có thiết bị âm thanh: số được hiển thị nhưng không được đọc")
            self.silent = True
        self.tick()
        Clock.schedule_interval(self.tick, 1.0)
        self.root.bind(portrait=lambda *_: self.relayout(), size=lambda *_: self._refresh())
        self.relayout()

    # --- the run: Kivy and the client on one asyncio loop --------------------------------------

    async def serve(self) -> None:
        tasks = [asyncio.ensure_future(self.client.run())]
        if self.announcer is not None:
            tasks.append(asyncio.ensure_future(self.announcer.run()))
        try:
            await self.async_run(async_lib="asyncio")
        finally:
            await self.client.close()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    # --- what the server tells -----------------------------------------------------------------

    def on_welcome(self, welcome: Welcome) -> None:
        self._load(welcome.snapshot)

    def on_event(self, event) -> None:
        if isinstance(event, Resync):
            self._load(event.snapshot)
            return
        self.view.apply(event)
        if isinstance(event, Called) and self.gate.on_called(event):
            self._new_call(event)
        self._refresh()

    def on_connection(self, connected: bool) -> None:
        self.connected = connected

    def on_offline_reason(self, reason) -> None:
        self.offline_vi, self.offline_en = (reason.vi, reason.en) if reason is not None else ("", "")

    def _load(self, snapshot) -> None:
        self.view.load(snapshot)
        hall = snapshot.hall
        self.zone = ZoneInfo(hall.timezone)
        # Trust the server's clock over the screen's: a mini PC's clock drifts, the hall's must not.
        self.clock_offset = datetime.fromisoformat(hall.server_time) - datetime.now(UTC)
        for call in self.gate.on_snapshot(hall.day, hall.server_time, snapshot.recent_calls):
            self._new_call(call)
        self.tick()
        self._refresh()

    def _new_call(self, call) -> None:
        if not self.settings.scope.shows_call(call):
            return
        if self.announcer is not None:
            self.announcer.announce(call.call_id, call.ticket.number, call.counter, call.recall)
        self.highlight_counter = call.counter
        # Blink in steps, not a smooth animation: a handful of redraws instead of one per frame.
        self._blinks_left = BLINKS
        self.flash = 1
        if self._blinker is None:
            self._blinker = Clock.schedule_interval(self.blink, BLINK_S)
        self._end_highlight.cancel()  # a trigger already pending would keep its old time: count from this call
        self._end_highlight()

    def blink(self, *_):
        self._blinks_left -= 1
        if self._blinks_left <= 0:
            self.flash = 0
            if self._blinker is not None:
                self._blinker.cancel()
            self._blinker = None
        else:
            self.flash = 1 - self.flash

    def end_highlight(self, *_):
        self.highlight_counter = 0
        self._refresh()

    def on_stop(self):
        for event in (self._blinker, self._page_turner):
            if event is not None:
                event.cancel()
        Clock.unschedule(self.tick)

    # --- drawing ---------------------------------------------------------------------------------

    def tick(self, *_):
        now = (datetime.now(UTC) + self.clock_offset).astimezone(self.zone)
        self.clock_time = time_text(now)
        self.clock_date = date_text(now)

    def relayout(self):
        portrait = self.root.portrait
        self.dossier_columns = 1 if portrait else 2
        self.dossier_rows_per_page = 4 if portrait else 2
        self._refresh()

    def refresh(self, *_):
        """Bring every widget up to the model; sections that did not change are left alone."""
        model = build_screen_model(self.view, self.settings.scope)
        self.model = model
        self.hall_name, self.hall_name_en = model.hall_name, model.hall_name_en
        self.announcement, self.announcement_en = model.announcement, model.announcement_en
        headline = model.headline
        self.has_headline = headline is not None
        if headline is not None:
            self.headline_invite = headline.invite
            self.headline_number = headline.number
            self.headline_counter = headline.counter
            self.headline_english = headline.english
            self.headline_service_en = headline.service_en
            self.shown_at.setdefault(headline.call_id, time.perf_counter())
        self.has_recent = bool(model.recent)
        u = self.root.u
        # A few counters get one wide tile each; more share two columns, so each tile stays tall.
        self.counter_columns = 1 if len(model.counters) <= COUNTERS_IN_ONE_COLUMN else 2
        self.counter_rows = max(1, -(-len(model.counters) // self.counter_columns))
        ids = self.root.ids
        self._show(ids.counters_grid, CounterTile, [
            dict(u=u, number=c.number, serving=c.serving, service=c.service, state=c.state, clerk=c.clerk,
                 highlighted=c.number == self.highlight_counter) for c in model.counters])
        self._show(ids.recent_box, RecentChip, [
            dict(u=u, number=c.number, counter=c.counter, size_hint_x=1 / RECENT_CHIPS)
            for c in model.recent[:RECENT_CHIPS]])
        self._show(ids.waiting_box, WaitingChip, [
            dict(u=u, name=w.name, waiting=w.waiting, open=w.open, note_vi=w.note.vi if w.note else "",
                 note_en=w.note.en if w.note else "", status_vi=w.status.vi if w.status else "",
                 status_en=w.status.en if w.status else "", size_hint_y=None, height=u * 50)
            for w in model.waiting])
        self._show_dossiers(model)

    @staticmethod
    def _show(container, widget_class, items: list[dict]) -> None:
        """Update the widgets in place (only changed properties redraw); rebuild only when the count changes."""
        widgets = list(reversed(container.children))  # Kivy keeps the last added first
        if len(widgets) != len(items):
            container.clear_widgets()
            widgets = [widget_class() for _ in items]
            for widget in widgets:
                container.add_widget(widget)
        for widget, properties in zip(widgets, items, strict=True):
            for name, value in properties.items():
                setattr(widget, name, value)

    def _show_dossiers(self, model: ScreenModel) -> None:
        per_page = self.dossier_columns * self.dossier_rows_per_page
        all_pages = pages(model.dossiers, per_page)
        self.dossier_count = len(model.dossiers)
        self.dossier_page %= len(all_pages)
        if len(all_pages) > 1 and self._page_turner is None:
            self._page_turner = Clock.schedule_interval(self.next_dossier_page, DOSSIER_PAGE_S)
        elif len(all_pages) == 1 and self._page_turner is not None:
            self._page_turner.cancel()
            self._page_turner = None
        self.dossier_page_text = (f"Trang {self.dossier_page + 1}/{len(all_pages)}"
                                  if len(all_pages) > 1 else "")
        page = all_pages[self.dossier_page]
        u = self.root.u
        self._show(self.root.ids.dossier_grid, DossierRow, [
            dict(u=u, code=d.code, applicant=d.applicant, service=d.service, counter=d.counter or 0)
            for d in page])

    def next_dossier_page(self, *_):
        self.dossier_page += 1
        self._refresh()


def sound_announcer(settings: DisplaySettings) -> Announcer | None:
    """The announcer through the sound card, unless the screen is set to be silent."""
    if not settings.sound:
        return None
    from platformdirs import user_cache_dir
    return Announcer(settings.cache_dir or Path(user_cache_dir("xephang")) / "display", KivyPlayer())


def run_display(settings: DisplaySettings) -> None:
    asyncio.run(DisplayApp(settings, sound_announcer(settings)).serve())
