"""The kiosk app: a Kivy shell over the flow (kiosk/flow.py), which decides what happens and what shows.

The shell feeds the flow taps, keystrokes, the connection and the clock; runs the jobs the flow asks for
(network and printer work as asyncio tasks beside Kivy, printer I/O in worker threads) and feeds their
results back; and puts the flow's screen on the window.
"""
import asyncio
import gc
import logging
import time
from pathlib import Path

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.screenmanager import NoTransition, ScreenManager

from kiosk import view_model
from kiosk.config import KioskConfig, window_size
from kiosk.desk import Desk, printer_state
from kiosk.flow import HOME, CheckPrinter, Issue, Job, KioskFlow, LookUp, LookUpCard, Print
from kiosk.screens import (
    NOTHING,
    CardScreen,
    HomeScreen,
    IssuedScreen,
    NoticeScreen,
    OutOfServiceScreen,
    PickupScreen,
    PrintingScreen,
    PriorityScreen,
)
from kiosk.texts import other_text, text
from kiosk.ticket import ticket_content
from printers.errors import PrinterError
from queue_protocol.client import CommandRefused, QueueClient, ServerUnavailable
from queue_protocol.hall_view import HallView
from queue_protocol.messages import Welcome
from queue_protocol.roles import Role
from queue_protocol.text import Text
from xephang.app_tasks import TasksBesideTheWindow
from xephang.kivy_keys import WithoutDeveloperKeys
from xephang.window_title import window_title

log = logging.getLogger(__name__)

KV_DIR = Path(__file__).with_name("kv")
SCREENS = {
    "home": HomeScreen, "priority": PriorityScreen, "printing": PrintingScreen, "issued": IssuedScreen,
    "pickup": PickupScreen, "notice": NoticeScreen, "out_of_service": OutOfServiceScreen, "card": CardScreen,
}
KEY_ENTER = (13, 271)  # Enter and keypad Enter: what a scanner sends after a code


def load_kv() -> None:
    for path in sorted(KV_DIR.glob("*.kv")):
        if str(path) not in Builder.files:
            Builder.load_file(str(path))


class KioskApp(WithoutDeveloperKeys, TasksBesideTheWindow, App):
    lang = StringProperty("vi")
    u = NumericProperty(10.0)  # layout unit: 1/100 of the window's short side, so every size scales
    landscape = BooleanProperty(False)
    hall = ObjectProperty(NOTHING)  # the hall's name
    has_pickup = BooleanProperty(False)
    staff_notice = ObjectProperty(NOTHING)  # a printer warning for staff (paper near end), or nothing

    def __init__(self, kiosk_config: KioskConfig, **kwargs):
        super().__init__(**kwargs)
        self.title = window_title(Role.KIOSK, kiosk_config.device)
        self.kiosk_config = kiosk_config
        self.view = HallView()
        self.client = QueueClient(url=kiosk_config.server, role="kiosk", device=kiosk_config.device,
                                  token=kiosk_config.token, on_welcome=self._on_welcome,
                                  on_event=self._on_event, on_connection=self._on_connection,
                                  on_offline_reason=self._on_offline_reason, ca_file=kiosk_config.ca_file)
        self.desk = Desk(self.client, kiosk_config)
        self.flow = KioskFlow(self.view, kiosk_config)
        self._refresh = Clock.create_trigger(self._refresh_home, 0)
        self._home_stale = False
        self._tick_event = None
        self._tasks: set[asyncio.Task] = set()

    # --- lifecycle ------------------------------------------------------------------------------

    def build(self):
        load_kv()
        if self.kiosk_config.window:
            Window.size = window_size(self.kiosk_config.window)
        else:
            Window.fullscreen = "auto"
        Window.bind(size=self._on_window_size, on_touch_down=self._on_any_touch,
                    on_textinput=self._on_typed, on_key_down=self._on_key)
        self._on_window_size(Window, Window.size)
        manager = ScreenManager(transition=NoTransition())  # instant: a slow GPU never delays the answer to a tap
        for name, screen_class in SCREENS.items():
            manager.add_widget(screen_class(name=name))
        manager.current = self.flow.screen
        return manager

    def on_start(self):
        self._spawn(self.client.run())
        self._do(self.flow.start(time.monotonic()))
        # What start-up built lives as long as the app: full collections, which would walk all of it
        # (~100 ms of CPU on a small PC) at any moment, even between a tap and its ticket, now skip it.
        gc.collect()
        gc.freeze()

    def on_stop(self):
        self._refresh.cancel()
        Window.unbind(size=self._on_window_size, on_touch_down=self._on_any_touch,
                      on_textinput=self._on_typed, on_key_down=self._on_key)
        if self._tick_event is not None:
            self._tick_event.cancel()

    # --- the flow -------------------------------------------------------------------------------

    def _do(self, jobs: list[Job]) -> None:
        """After each input to the flow: start the jobs it asked for, show its screen, wake it when due."""
        for job in jobs:
            self._spawn(self._run(job))
        self._render()
        if self._tick_event is not None:
            self._tick_event.cancel()
            self._tick_event = None
        deadline = self.flow.next_deadline
        if deadline is not None:
            self._tick_event = Clock.schedule_once(lambda dt: self._do(self.flow.tick(time.monotonic())),
                                                   max(0.0, deadline - time.monotonic()))

    def _render(self) -> None:
        flow = self.flow
        self.lang = flow.lang
        self.staff_notice = flow.printer_warning or NOTHING
        if flow.screen == HOME and self._home_stale:
            self._refresh()  # before the next frame draws it
        self.screen(flow.screen).show(flow, self.view)
        self.root.current = flow.screen

    async def _run(self, job: Job) -> None:
        try:
            match job:
                case CheckPrinter():
                    jobs = await self._check_printer()
                case Issue():
                    jobs = await self._issue(job)
                case Print():
                    jobs = await self._print(job)
                case LookUp():
                    jobs = await self._look_up(job)
                case LookUpCard():
                    jobs = await self._look_up_card(job)
        except Exception:
            log.exception("kiosk job %s failed", type(job).__name__)  # its name only: a job may hold an ID card
            jobs = self.flow.job_failed(time.monotonic())
        self._do(jobs)

    async def _check_printer(self) -> list[Job]:
        try:
            status = await self.desk.check_printer()
        except PrinterError as error:
            log.warning("printer refused: %s", error)
            self._spawn(self.desk.report_printer(printer_state(error)))
            return self.flow.printer_checked(time.monotonic(), fault=error.message)
        self._spawn(self.desk.report_printer(printer_state(status)))
        warning = status.warning
        return self.flow.printer_checked(time.monotonic(), warning=warning.message if warning else None)

    async def _issue(self, job: Issue) -> list[Job]:
        command = self.desk.new_issue(job)  # one request id for every retry
        try:
            ticket = await self.desk.issue(command,
                                           on_waiting=lambda: self._do(self.flow.server_silent(time.monotonic())))
        except CommandRefused as refused:
            error = refused.error
            return self.flow.issue_refused(time.monotonic(), error.code, error.message)
        return self.flow.ticket_issued(time.monotonic(), ticket)

    async def _print(self, job: Print) -> list[Job]:
        ticket = job.ticket
        assert self.view.hall is not None  # a ticket is issued only once the hall is known
        try:
            await self.desk.print_ticket(ticket_content(self.view.hall, self.view.services[ticket.service], ticket,
                                                        job.wait))
        except PrinterError as error:
            log.warning("ticket %s issued but not printed: %s", ticket.number, error)
            self._spawn(self.desk.report_printer(printer_state(error)))
            return self.flow.print_done(time.monotonic(), error=error.message)
        return self.flow.print_done(time.monotonic())

    async def _look_up(self, job: LookUp) -> list[Job]:
        try:
            dossier = await self.desk.lookup(job.code)
        except CommandRefused as refused:
            return self.flow.lookup_refused(time.monotonic(), refused.error.code)
        except ServerUnavailable:
            return self.flow.lookup_failed(time.monotonic())
        return self.flow.dossier_found(time.monotonic(), dossier)

    async def _look_up_card(self, job: LookUpCard) -> list[Job]:
        try:
            dossiers = await self.desk.lookup_card(job.card)
        except CommandRefused:  # an older server, say: the code on the slip still works
            return self.flow.card_lookup_refused(time.monotonic())
        except ServerUnavailable:
            return self.flow.lookup_failed(time.monotonic())
        return self.flow.card_dossiers_found(time.monotonic(), dossiers)

    # --- texts for kv ---------------------------------------------------------------------------

    def tr(self, key: str, lang: str) -> str:
        return text(key, lang)

    def tr2(self, key: str, lang: str) -> str:
        return other_text(key, lang)

    # Texts held in properties go through these: kv re-reads `app.primary(root.wait, app.lang)` when
    # root.wait changes, but not `root.wait.primary(app.lang)`.
    def primary(self, text: Text, lang: str) -> str:
        return text.primary(lang)

    def secondary(self, text: Text, lang: str) -> str:
        return text.secondary(lang)

    def on_lang(self, app, lang: str) -> None:
        self._refresh()

    # --- the hall, from the server --------------------------------------------------------------

    def _on_welcome(self, welcome: Welcome) -> None:
        self.view.load(welcome.snapshot)
        self._hall_changed()
        self._spawn(self.desk.report_printer())  # the server keeps it in memory only: again after each welcome

    def _on_event(self, event) -> None:
        self.view.apply(event)
        self._hall_changed()

    def _hall_changed(self) -> None:
        if self.view.hall is not None:
            self.hall = Text(self.view.hall.name, self.view.hall.name_en or self.view.hall.name)
        self.has_pickup = self.flow.has_pickup
        self._refresh()

    def _refresh_home(self, *args) -> None:
        if not self.view.loaded or self.root is None:
            return
        # Out of sight (while a ticket prints, say), home is not rebuilt for each count the server broadcasts:
        # its new texts would take the UI thread from the ticket. _render catches up when home shows again.
        self._home_stale = self.flow.screen != HOME
        if self._home_stale:
            return
        home = self.screen("home")
        services = list(self.view.services.values())
        home.closed = view_model.all_closed(services)
        home.show_tiles(self, view_model.service_tiles(services))
        home.show_hours(self, view_model.opening_hours(services))

    def _on_connection(self, connected: bool) -> None:
        self._do(self.flow.connection_changed(time.monotonic(), connected))

    def _on_offline_reason(self, reason) -> None:
        self._do(self.flow.offline_reason_changed(time.monotonic(), reason))

    def _on_window_size(self, window, size) -> None:
        width, height = size
        self.u = min(width, height) / 100
        self.landscape = width > height
        self._refresh()

    def screen(self, name: str):
        return self.root.get_screen(name)

    # --- the citizen: taps (from kv), a USB scanner (a keyboard to the computer) ------------------

    def set_lang(self, lang: str) -> None:
        self._do(self.flow.set_lang(time.monotonic(), lang))

    def go_home(self) -> None:
        self._do(self.flow.go_home(time.monotonic()))

    def choose_service(self, code: str) -> None:
        self._do(self.flow.choose_service(time.monotonic(), code))

    def take_ticket(self, code: str, priority: bool = False, category: str | None = None) -> None:
        self._do(self.flow.take_ticket(time.monotonic(), code, priority, category=category))

    def pick_up(self, code: str) -> None:
        self._do(self.flow.pick_up(time.monotonic(), code))

    def reprint(self) -> None:
        self._do(self.flow.reprint(time.monotonic()))

    def retry_printer(self) -> None:
        self._do(self.flow.retry_printer(time.monotonic()))

    def open_pickup(self) -> None:
        self._do(self.flow.open_pickup(time.monotonic()))

    def key(self, key: str) -> None:
        self._do(self.flow.key(time.monotonic(), key))

    def clear_code(self) -> None:
        self._do(self.flow.clear_code(time.monotonic()))

    def look_up(self) -> None:
        self._do(self.flow.look_up(time.monotonic()))

    def _on_any_touch(self, window, touch) -> bool:
        taken = self.flow.touch(time.monotonic())
        self._do([])  # a touch may push the idle timeout back
        return not taken  # True: the touch goes no further (a new screen's first moment)

    def _on_typed(self, window, characters: str) -> None:
        self._do(self.flow.typed(time.monotonic(), characters))

    def _on_key(self, window, key, scancode, codepoint, modifiers) -> bool:
        if key not in KEY_ENTER:
            return False
        self._do(self.flow.enter(time.monotonic()))
        return True
