"""The counter console: a Kivy window beside the clerk's one-stop software, driven by mouse, touch or keys."""
import asyncio
import contextlib
from collections.abc import Callable
from pathlib import Path

import msgspec
from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Keyboard, Window
from kivy.lang import Builder
from kivy.metrics import dp
from kivy.properties import BooleanProperty, ObjectProperty
from kivy.uix.modalview import ModalView

from counter.actions import actions_for_key
from counter.console_model import (
    ConsoleModel,
    PickupOffer,
    apply_reply,
    build_model,
    forget_finished_ticket,
    pickup_offer_after,
)
from counter.feedback import NO_ANSWER, Feedback, done_feedback, refused_feedback
from counter.layout import ConsoleLayout, console_layout
from queue_protocol.client import CommandRefused, QueueClient, ServerUnavailable
from queue_protocol.hall_view import HallView
from queue_protocol.messages import (
    CallNext,
    CloseCounter,
    Command,
    Complete,
    CounterChanged,
    NoShow,
    Ok,
    OpenCounter,
    Pause,
    Recall,
    Resume,
    SetDossierStatus,
    StartServing,
    Welcome,
)
from queue_protocol.roles import Role
from queue_protocol.states import DossierStatus
from xephang.kivy_keys import WithoutDeveloperKeys
from xephang.window_title import window_title

HERE = Path(__file__).parent
# Counter actions sent as they are; transfer, call_number and dossiers first open a dialog.
SIMPLE_COMMANDS: dict[str, type[Command]] = {
    "next": CallNext, "recall": Recall, "start": StartServing, "complete": Complete, "no_show": NoShow,
    "pause": Pause, "resume": Resume, "open": OpenCounter, "close": CloseCounter,
}
REQUEST_TIMEOUT_S = 15.0
CLOSE_TIMEOUT_S = 2.0
KEY_NAMES = {code: name for name, code in Keyboard.keycodes.items()}


class CounterApp(WithoutDeveloperKeys, App):
    model = ObjectProperty(ConsoleModel(), rebind=True)
    feedback = ObjectProperty(Feedback(), rebind=True)
    layout = ObjectProperty(ConsoleLayout(), rebind=True)
    busy = BooleanProperty(False)
    connected = BooleanProperty(False)

    def __init__(self, server: str, device: str, token: str, ca_file: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.title = window_title(Role.COUNTER, device)
        self.view = HallView()
        self.client = QueueClient(url=server, role="counter", device=device, token=token,
                                  on_welcome=self._on_welcome, on_event=self._on_event,
                                  on_connection=self._on_connection, on_offline_reason=lambda _: self._refresh(),
                                  ca_file=ca_file)
        self.dialog: ModalView | None = None  # the sign-in or an action's dialog, while open
        self.offer: PickupOffer | None = None  # the dossier of the pickup ticket just completed
        # A request the server never answered: the same command again is resent with the same id.
        self._unanswered: Command | None = None
        self._request_task: asyncio.Future | None = None  # held so the running request is not garbage-collected
        self._refresh = Clock.create_trigger(self._rebuild_model)
        self._relayout = Clock.create_trigger(self._rebuild_layout)

    # --- lifecycle ------------------------------------------------------------------------------

    def build(self):
        self._rebuild_layout()
        kv = str(HERE / "console.kv")
        Builder.unload_file(kv)  # a second app in the same process (tests) must not add its rules twice
        return Builder.load_file(kv)

    def on_start(self):
        Window.bind(on_key_down=self._on_key_down, size=self._relayout)

    def on_stop(self):
        Window.unbind(on_key_down=self._on_key_down, size=self._relayout)

    async def serve(self) -> None:
        """Run the window and the websocket client side by side until the window closes."""
        client_task = asyncio.ensure_future(self.client.run())
        client_task.add_done_callback(lambda _: self._refresh())  # it ends early only if the device was refused
        try:
            await self.async_run(async_lib="asyncio")
        finally:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.client.close(), CLOSE_TIMEOUT_S)  # a frozen server never answers
            client_task.cancel()
            await asyncio.gather(client_task, return_exceptions=True)

    # --- server -> view -------------------------------------------------------------------------

    def _on_welcome(self, welcome: Welcome) -> None:
        self.view.load(welcome.snapshot)
        self._refresh()

    def _on_event(self, event) -> None:
        self.view.apply(event)
        if isinstance(event, CounterChanged) and self.view.me and event.counter == self.view.me.number:
            forget_finished_ticket(self.view)
        self._refresh()

    def _on_connection(self, connected: bool) -> None:
        self.connected = connected
        self._refresh()

    def _rebuild_model(self, *_):
        self.model = build_model(self.view, self.connected, self.busy, refused=bool(self.client.refused),
                                 offer=self.offer, offline_reason=self.client.offline_reason)
        self._rebuild_layout()
        self._ask_sign_in()

    def _ask_sign_in(self) -> None:
        """The sign-in dialog while the hall lists clerks and nobody is signed in here; gone once someone is."""
        from counter.sign_in import SignInDialog
        # (Not once the app has stopped: a refresh due in its last frame would open a dialog with no app.)
        running = self.root is not None and App.get_running_app() is self
        if self.model.needs_sign_in and self.dialog is None and running:
            self.dialog = SignInDialog(self)
            self.dialog.open()
        elif not self.model.needs_sign_in and isinstance(self.dialog, SignInDialog):
            self.dialog.dismiss()

    def _rebuild_layout(self, *_):
        """Block sizes for the window's size, the number of services waited for and the banner."""
        layout = console_layout(Window.width / dp(1), Window.height / dp(1), len(self.model.waiting_rows),
                                banner=bool(self.model.banner))
        if layout != self.layout:
            self.layout = layout

    # --- clerk -> server ------------------------------------------------------------------------

    def act(self, name: str) -> None:
        """A button or a shortcut: does nothing unless the action is enabled now."""
        if self.busy or name not in self.model.enabled:
            return
        if name in SIMPLE_COMMANDS:
            self.send(name, SIMPLE_COMMANDS[name])
        elif name == "returned":
            assert self.offer is not None  # enabled only while a pickup is offered
            code = self.offer.dossier
            self.send(name, lambda id: SetDossierStatus(id=id, code=code, status=DossierStatus.RETURNED))
        else:
            from counter.dialogs import open_dialog
            self.dialog = open_dialog(self, name)

    def send(self, name: str, make_command: Callable[[str], Command],
             on_ok: Callable[[Ok], None] = lambda reply: None) -> None:
        """One request at a time; the buttons stay disabled until the server has answered."""
        if self.busy:
            return
        command = make_command(self.client.new_id())
        if self._unanswered is not None and _same_command(self._unanswered, command):
            command = self._unanswered
        self._unanswered = None
        self.busy = True
        self._rebuild_model()
        self._request_task = asyncio.ensure_future(self._request(name, command, on_ok))

    async def _request(self, name: str, command: Command, on_ok: Callable[[Ok], None]) -> None:
        try:
            reply = await self.client.request(command, timeout=REQUEST_TIMEOUT_S)
        except CommandRefused as refused:
            self.feedback = refused_feedback(refused.error)
        except ServerUnavailable:
            self._unanswered = command
            self.feedback = NO_ANSWER
        else:
            apply_reply(self.view, reply)
            self.offer = pickup_offer_after(self.offer, name, reply)
            self.feedback = done_feedback(name, reply)
            on_ok(reply)
        finally:
            self.busy = False
            self._rebuild_model()

    # --- keyboard -------------------------------------------------------------------------------

    def _on_key_down(self, _window, key, _scancode, _codepoint, _modifiers):
        key_name = KEY_NAMES.get(key, "")
        if self.dialog is not None:
            return self.dialog.on_key(key_name)
        for name in actions_for_key(key_name):
            if name in self.model.enabled:
                self.act(name)
                return True
        return False


def _same_command(sent: Command, new: Command) -> bool:
    return msgspec.structs.replace(new, id=sent.id) == sent
