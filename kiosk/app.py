"""The kiosk app: the screens, the hall as the server tells it, and what happens on each tap.

Network and printer work runs as asyncio tasks beside Kivy (App.async_run); printer I/O in worker threads.
"""
import asyncio
import gc
import logging
from pathlib import Path
from typing import Optional

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.screenmanager import NoTransition, ScreenManager

from printers.errors import PrinterError
from queue_protocol.client import CommandRefused, QueueClient, ServerUnavailable
from queue_protocol.hall_view import HallView
from queue_protocol.messages import Ticket, Welcome

from kiosk import view_model
from kiosk.config import KioskConfig, window_size
from kiosk.desk import Desk
from kiosk.screens import (
    HomeScreen, IssuedScreen, NoticeScreen, OutOfServiceScreen, PickupScreen, PrintingScreen, PriorityScreen,
)
from kiosk.texts import TEXTS, other_text, text
from kiosk.ticket import ticket_content

log = logging.getLogger(__name__)

KV_DIR = Path(__file__).with_name("kv")
SCREENS = {
    "home": HomeScreen, "priority": PriorityScreen, "printing": PrintingScreen, "issued": IssuedScreen,
    "pickup": PickupScreen, "notice": NoticeScreen, "out_of_service": OutOfServiceScreen,
}
# Screens a citizen may walk away from: they return home after the idle timeout.
IDLE_SCREENS = {"priority", "pickup", "notice", "issued"}
# A ticket usually prints within a few tens of ms: the printing screen would only flash, and drawing it
# (in software on some kiosks) would slow the ticket down. It shows when printing takes longer than this.
PRINTING_SCREEN_AFTER_S = 0.3


def load_kv() -> None:
    for path in sorted(KV_DIR.glob("*.kv")):
        if str(path) not in Builder.files:
            Builder.load_file(str(path))


class KioskApp(App):
    lang = StringProperty("vi")
    u = NumericProperty(10.0)  # layout unit: 1/100 of the window's short side, so every size scales
    landscape = BooleanProperty(False)
    hall_vi = StringProperty("")
    hall_en = StringProperty("")
    has_pickup = BooleanProperty(False)
    staff_notice_vi = StringProperty("")
    staff_notice_en = StringProperty("")
    busy = BooleanProperty(False)  # a ticket or a lookup is under way: no second one starts

    def __init__(self, kiosk_config: KioskConfig, **kwargs):
        super().__init__(**kwargs)
        self.title = "xephang kiosk"
        self.kiosk_config = kiosk_config
        self.view = HallView()
        self.client = QueueClient(url=kiosk_config.server, role="kiosk", device=kiosk_config.device,
                                  token=kiosk_config.token, on_welcome=self._on_welcome,
                                  on_event=self._on_event, on_connection=self._on_connection)
        self.desk = Desk(self.client, kiosk_config)
        self.printer_fault: Optional[PrinterError] = None
        self.last_content = None  # the last issued ticket's content, for a reprint
        self._refresh = Clock.create_trigger(self._refresh_home, 0)
        self._idle_event = None
        self._printer_retry_event = None
        self._printing_event = None
        self._checking_printer = False
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
        manager.bind(current=self._on_screen)
        manager.current = "out_of_service"
        return manager

    def on_start(self):
        self._show_out_of_service(TEXTS["connecting"], TEXTS["server_down_staff"], can_retry=False)
        self._spawn(self.client.run())
        self.retry_printer()
        # What start-up built lives as long as the app: full collections, which would walk all of it
        # (~100 ms of CPU on a small PC) at any moment, even between a tap and its ticket, now skip it.
        gc.collect()
        gc.freeze()

    def on_stop(self):
        self._refresh.cancel()
        Window.unbind(size=self._on_window_size, on_touch_down=self._on_any_touch,
                      on_textinput=self._on_typed, on_key_down=self._on_key)
        for event in (self._idle_event, self._printer_retry_event, self._printing_event):
            if event is not None:
                event.cancel()

    async def serve(self) -> None:
        """Run the app and its connection to the server until the app stops."""
        try:
            await self.async_run(async_lib="asyncio")
        finally:
            await self.client.close()
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)

    def _spawn(self, coroutine) -> asyncio.Task:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("kiosk task failed", exc_info=task.exception())

    # --- texts for kv ---------------------------------------------------------------------------

    def tr(self, key: str, lang: str) -> str:
        return text(key, lang)

    def tr2(self, key: str, lang: str) -> str:
        return other_text(key, lang)

    def pick(self, vi: str, en: str, lang: str) -> str:
        return vi if lang == "vi" else (en or vi)

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self._refresh()

    # --- the hall, from the server --------------------------------------------------------------

    def _on_welcome(self, welcome: Welcome) -> None:
        self.view.load(welcome.snapshot)
        self._hall_changed()

    def _on_event(self, event) -> None:
        self.view.apply(event)
        self._hall_changed()

    def _hall_changed(self) -> None:
        self.hall_vi = self.view.hall.name
        self.hall_en = self.view.hall.name_en or self.view.hall.name
        self.has_pickup = view_model.pickup_service(self.view.services.values()) is not None
        self._refresh()

    def _refresh_home(self, *args) -> None:
        if not self.view.loaded or self.root is None:
            return
        home = self.screen("home")
        services = list(self.view.services.values())
        home.closed = view_model.all_closed(services)
        home.show_tiles(self, view_model.service_tiles(services))
        home.show_hours(self, view_model.opening_hours(services))

    def _on_connection(self, connected: bool) -> None:
        if not self.busy:
            self.settle()

    def _on_window_size(self, window, size) -> None:
        width, height = size
        self.u = min(width, height) / 100
        self.landscape = width > height
        self._refresh()

    # --- screens --------------------------------------------------------------------------------

    def screen(self, name: str):
        return self.root.get_screen(name)

    @property
    def current(self) -> str:
        return self.root.current

    def show(self, name: str) -> None:
        if self._printing_event is not None:
            self._printing_event.cancel()
            self._printing_event = None
        if self.root.current == name:
            self._on_screen(self.root, name)  # re-arm the idle timer for the new content
        self.root.current = name

    def settle(self) -> None:
        """Home, unless a fault keeps the kiosk out of service."""
        if self.printer_fault is not None:
            self._show_printer_fault(self.printer_fault)
        elif not self.client.connected or not self.view.loaded:
            self._show_out_of_service(TEXTS["server_down"], TEXTS["server_down_staff"], can_retry=False)
        else:
            self.show("home")

    def go_home(self) -> None:
        if not self.busy:
            self.settle()

    def _idle_home(self) -> None:
        """Nobody is here any more: home, in Vietnamese, for the next citizen."""
        if not self.busy:
            self.set_lang("vi")
            self.settle()

    def _on_screen(self, manager, name: str) -> None:
        if self._idle_event is not None:
            self._idle_event.cancel()
            self._idle_event = None
        if name == "issued" and self.screen("issued").printed:
            self._idle_event = Clock.schedule_once(lambda dt: self._idle_home(), self.kiosk_config.result_s)
        elif name in IDLE_SCREENS:
            self._idle_event = Clock.schedule_once(lambda dt: self._idle_home(), self.kiosk_config.idle_timeout_s)

    def _on_any_touch(self, window, touch) -> bool:
        if self._idle_event is not None:
            self._on_screen(self.root, self.root.current)
        return False

    def _show_out_of_service(self, reason: tuple[str, str], staff: tuple[str, str], can_retry: bool) -> None:
        screen = self.screen("out_of_service")
        screen.reason_vi, screen.reason_en = reason
        screen.staff_vi, screen.staff_en = staff
        screen.can_retry = can_retry
        self.show("out_of_service")

    def _show_printer_fault(self, error: PrinterError) -> None:
        self._show_out_of_service((error.message_vi, error.message_en), TEXTS["printer_staff"], can_retry=True)

    def show_notice(self, title: tuple[str, str], body: view_model.Bilingual) -> None:
        screen = self.screen("notice")
        screen.title_vi, screen.title_en = title
        screen.body_vi, screen.body_en = body.vi, body.en
        self.show("notice")

    # --- taps -----------------------------------------------------------------------------------

    def choose_service(self, code: str) -> None:
        service = self.view.services.get(code)
        if self.busy or service is None or not service.open:
            return
        if not service.priority_allowed:
            self.take_ticket(code)
            return
        screen = self.screen("priority")
        screen.service_code, screen.name_vi, screen.name_en = code, service.name, service.name_en or service.name
        self.show("priority")

    def take_ticket(self, code: str, priority: bool = False, dossier: Optional[str] = None) -> None:
        if self.busy:
            return  # a double tap: the first tap's ticket is on its way
        self.busy = True
        self._show_printing_soon()
        self._spawn(self._take_ticket(code, priority, dossier))

    def _show_printing_soon(self) -> None:
        if self._printing_event is None and self.current != "printing":
            self._printing_event = Clock.schedule_once(lambda dt: self.show("printing"), PRINTING_SCREEN_AFTER_S)

    async def _take_ticket(self, code: str, priority: bool, dossier: Optional[str]) -> None:
        try:
            if not await self._printer_ready():
                return
            command = self.desk.new_issue(code, priority, dossier)
            try:
                ticket = await self.desk.issue(command, on_waiting=self._waiting_for_server)
            except CommandRefused as refused:
                message = refused.error.message
                self.show_notice(TEXTS["refused"], view_model.Bilingual(message.vi, message.en))
                return
            self.last_content = ticket_content(self.view.hall, self.view.services[ticket.service], ticket)
            self._fill_issued(ticket)
            await self._print_last()
        finally:
            self.busy = False

    def _waiting_for_server(self) -> None:
        self._show_out_of_service(TEXTS["server_down"], TEXTS["server_wait_issue"], can_retry=False)

    def _fill_issued(self, ticket: Ticket) -> None:
        service = self.view.services[ticket.service]
        screen = self.screen("issued")
        screen.number = ticket.number
        screen.name_vi, screen.name_en = service.name, service.name_en or service.name
        screen.priority = ticket.priority
        wait = view_model.ahead_text(ticket.ahead or 0, ticket.estimated_wait_s or 0)
        screen.wait_vi, screen.wait_en = wait.vi, wait.en

    async def _print_last(self) -> None:
        self._show_printing_soon()  # again: a notice may have replaced it while the server was silent
        screen = self.screen("issued")
        try:
            await self.desk.print_ticket(self.last_content)
        except PrinterError as error:
            log.warning("ticket %s issued but not printed: %s", self.last_content.number, error)
            screen.error_vi, screen.error_en = error.message_vi, error.message_en
            screen.printed = False
        else:
            screen.printed = True
        self.show("issued")

    def reprint(self) -> None:
        if self.busy or self.last_content is None:
            return
        self.busy = True
        self._spawn(self._reprint())

    async def _reprint(self) -> None:
        try:
            await self._print_last()
        finally:
            self.busy = False

    async def _printer_ready(self) -> bool:
        """Checks the printer; on a fault shows it and keeps checking until it is fixed."""
        try:
            status = await self.desk.check_printer()
        except PrinterError as error:
            log.warning("printer refused: %s", error)
            self.printer_fault = error
            self._show_printer_fault(error)
            if self._printer_retry_event is None:
                self._printer_retry_event = Clock.schedule_interval(
                    lambda dt: self.retry_printer(), self.kiosk_config.printer_retry_s)
            return False
        self.printer_fault = None
        if self._printer_retry_event is not None:
            self._printer_retry_event.cancel()
            self._printer_retry_event = None
        warning = status.warning
        self.staff_notice_vi = warning.message_vi if warning else ""
        self.staff_notice_en = warning.message_en if warning else ""
        return True

    def retry_printer(self) -> None:
        if self.busy or self._checking_printer:
            return
        self._spawn(self._retry_printer())

    async def _retry_printer(self) -> None:
        self._checking_printer = True
        try:
            if await self._printer_ready() and self.current in ("out_of_service", "home"):
                self.settle()
        finally:
            self._checking_printer = False

    def open_pickup(self) -> None:
        if not self.busy and self.has_pickup:
            self.show("pickup")

    # A USB scanner types like a keyboard: a code scanned at the home screen opens "Nhận kết quả" with it.
    # One handler for the whole app, so no keystroke is seen twice while screens change.

    def _on_typed(self, window, text: str) -> None:
        if self.current == "home" and text.strip():
            self.open_pickup()
        if self.current == "pickup":
            self.screen("pickup").type_text(text)

    def _on_key(self, window, key, scancode, codepoint, modifiers) -> bool:
        return self.current == "pickup" and self.screen("pickup").press_key(key)

    def look_up(self, code: str) -> None:
        code = code.strip()
        if self.busy or not code:
            return
        self.busy = True
        self.screen("pickup").looking = True
        self._spawn(self._look_up(code))

    async def _look_up(self, code: str) -> None:
        try:
            dossier = await self.desk.lookup(code)
        except CommandRefused as refused:
            message = refused.error.message
            self.show_notice(TEXTS["dossier_not_found"], view_model.Bilingual(message.vi, message.en))
            return
        except ServerUnavailable:
            self.show_notice(TEXTS["server_down"], view_model.Bilingual(*TEXTS["server_down_staff"]))
            return
        finally:
            self.busy = False
            self.screen("pickup").looking = False
        if dossier.status == "ready":
            pickup = view_model.pickup_service(self.view.services.values())
            self.take_ticket(pickup.code, dossier=dossier.code)
        else:
            title = (f"Hồ sơ {dossier.code}", f"Dossier {dossier.code}")
            self.show_notice(title, view_model.dossier_text(dossier))
