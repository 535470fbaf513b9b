"""The rating tablet: the counter and its clerk while idle; when the clerk completes a ticket, the question, the
reasons after a level that asks them, a thank-you; back to idle after a timeout.

A thin shell over RatingFlow (what to show) and the Outbox (what to send): ratings go out through the
asyncio client beside Kivy (App.async_run) and are resent with the same request id until the server answers.
"""
import asyncio
import logging
from pathlib import Path
from urllib.parse import urlsplit

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.screenmanager import NoTransition, ScreenManager

from queue_protocol.client import CommandRefused, QueueClient, ServerUnavailable, tls_context
from queue_protocol.hall_view import HallView
from queue_protocol.messages import Rate, RatingRequested, Resync, Welcome
from queue_protocol.roles import Role
from queue_protocol.text import Text
from rating import texts
from rating.flow import IDLE, QUESTION, REASONS, THANKS, Answer, RatingFlow
from rating.outbox import Outbox
from rating.photos import Photos
from rating.screens import IdleScreen, QuestionScreen, ReasonsScreen, ThanksScreen
from xephang.app_tasks import TasksBesideTheWindow
from xephang.kivy_keys import WithoutDeveloperKeys
from xephang.window_title import window_title

log = logging.getLogger(__name__)

KV_FILES = [Path(__file__).parent.parent / "kiosk" / "kv" / "widgets.kv",
            *sorted((Path(__file__).parent / "kv").glob("*.kv"))]
SCREENS = {IDLE: IdleScreen, QUESTION: QuestionScreen, REASONS: ReasonsScreen, THANKS: ThanksScreen}
THANKS_S = 5.0
REQUEST_TIMEOUT_S = 10.0


def load_kv() -> None:
    for path in KV_FILES:
        if str(path) not in Builder.files:
            Builder.load_file(str(path))


class RatingApp(WithoutDeveloperKeys, TasksBesideTheWindow, App):
    lang = StringProperty("vi")
    u = NumericProperty(10.0)  # layout unit: 1/100 of the window's short side
    landscape = BooleanProperty(False)
    status = ObjectProperty(texts.CONNECTING, allownone=True)  # the offline mark: None when all is well

    def __init__(self, server: str, device: str, token: str, window: tuple[int, int] | None = None,
                 outbox: Path | None = None, ca_file: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.title = window_title(Role.RATING, device)
        self.window = window
        self.view = HallView()
        self.flow = RatingFlow()
        self.outbox = Outbox(outbox)
        self.client = QueueClient(url=server, role="rating", device=device, token=token,
                                  on_welcome=self._on_welcome, on_event=self._on_event,
                                  on_connection=self._on_connection, ca_file=ca_file,
                                  on_offline_reason=lambda _: self._on_connection(self.client.connected))
        http = urlsplit(server)._replace(scheme="https" if server.startswith("wss") else "http")
        # Clerks' photos come from the server's HTTP port, checked as its websocket is.
        self.photos = Photos(f"{http.scheme}://{http.netloc}", tls_context(server, ca_file),
                             on_loaded=lambda: self._refresh(), spawn=self._spawn)
        self._refresh = Clock.create_trigger(self._show, 0)
        self._timer = None
        self._wake_sender = asyncio.Event()
        self._tasks: set[asyncio.Task] = set()

    # --- lifecycle ------------------------------------------------------------------------------

    def build(self):
        load_kv()
        if self.window:
            Window.size = self.window
        else:
            Window.fullscreen = "auto"
        Window.bind(size=self._on_window_size, on_touch_down=self._on_any_touch)
        self._on_window_size(Window, Window.size)
        manager = ScreenManager(transition=NoTransition())  # instant: the citizen's touch answers at once
        for name, screen_class in SCREENS.items():
            manager.add_widget(screen_class(name=name))
        return manager

    def on_start(self):
        self._spawn(self.client.run())
        self._spawn(self._send_forever())
        self._show()

    def on_stop(self):
        Window.unbind(size=self._on_window_size, on_touch_down=self._on_any_touch)
        self._refresh.cancel()
        if self._timer is not None:
            self._timer.cancel()

    def _on_window_size(self, window, size) -> None:
        width, height = size
        self.u = min(width, height) / 100
        self.landscape = width > height
        self._refresh()

    # --- texts for kv ---------------------------------------------------------------------------

    def primary(self, text: Text | None, lang: str) -> str:
        return text.primary(lang) if text is not None else ""

    def secondary(self, text: Text | None, lang: str) -> str:
        return text.secondary(lang) if text is not None else ""

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self._refresh()

    # --- the hall, from the server --------------------------------------------------------------

    def _on_welcome(self, welcome: Welcome) -> None:
        self.view.load(welcome.snapshot)
        self._ask_if_requested()

    def _on_event(self, event) -> None:
        self.view.apply(event)
        if isinstance(event, (RatingRequested, Resync)):
            self._ask_if_requested()
        self._refresh()

    def _ask_if_requested(self) -> None:
        if self.view.rating is not None:
            left = self.flow.ask(self.view.rating)
            if left is not None:
                self._give(left)
        self._refresh()

    def _on_connection(self, connected: bool) -> None:
        self.status = None if connected else (self.client.offline_reason or
                                              (texts.REFUSED if self.client.refused else texts.OFFLINE))
        if connected:
            self._wake_sender.set()
        self._refresh()

    # --- the citizen ----------------------------------------------------------------------------

    def choose(self, level_code: str) -> None:
        form = self.view.rating_form
        level = next((level for level in form.levels if level.code == level_code), None) if form else None
        if level is not None:
            self._give(self.flow.choose(level))
            self._refresh()

    def toggle_reason(self, code: str) -> None:
        self.flow.toggle(code)
        self._refresh()

    def send(self) -> None:
        self._give(self.flow.send())
        self._refresh()

    def _on_timeout(self, *_) -> None:
        self._timer = None
        self._give(self.flow.timeout())
        if self.flow.screen == IDLE:
            self.lang = "vi"  # the next citizen is greeted in Vietnamese
        self._refresh()

    def _on_any_touch(self, window, touch) -> bool:
        if self._timer is not None:  # someone is still there: their screen waits again
            self._arm_timer()
        return False

    # --- screens --------------------------------------------------------------------------------

    def _show(self, *_) -> None:
        if self.root is None:
            return
        screen = self.root.get_screen(self.flow.screen)
        screen.show(self)
        if self.root.current != self.flow.screen:
            self.root.current = self.flow.screen
            self._arm_timer()

    def _arm_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        form = self.view.rating_form
        wait = {QUESTION: form.timeout_s if form else 30, REASONS: form.timeout_s if form else 30,
                THANKS: THANKS_S}.get(self.flow.screen)
        if wait is not None:
            self._timer = Clock.schedule_once(self._on_timeout, wait)

    # --- to the server --------------------------------------------------------------------------

    def _give(self, answer: Answer | None) -> None:
        if answer is None:
            return
        self.outbox.add(Rate(id=self.client.new_id(), ticket=answer.ticket, level=answer.level,
                             reasons=list(answer.reasons)))
        self._wake_sender.set()

    async def _send_forever(self) -> None:
        """Each rating in the outbox until the server has answered it (ok, or a refusal that will not change)."""
        while True:
            await self._wake_sender.wait()
            self._wake_sender.clear()
            for rate in self.outbox.items():
                if not self.client.connected:
                    break  # the next connection wakes this loop again
                try:
                    await self.client.request(rate, timeout=REQUEST_TIMEOUT_S)
                except ServerUnavailable:
                    self._wake_sender.set()  # try again, with the same id
                    await self.client.wait_connected(REQUEST_TIMEOUT_S)
                    break
                except CommandRefused as refused:
                    log.warning("rating %s refused: %s", rate.id, refused)
                self.outbox.remove(rate.id)
