"""The console's three dialogs: transfer, call a number, dossiers. Each sends through CounterApp.send."""
from pathlib import Path

from kivy.clock import Clock
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.modalview import ModalView
from kivy.uix.textinput import TextInput

from counter.dialog_input import InputProblem, parse_due_date, parse_ticket_number, parse_transfer_target, require
from counter.feedback import Feedback
from queue_protocol.messages import CallNumber, LookupDossier, SetDossierStatus, Transfer, UpsertDossier
from queue_protocol.states import DOSSIER_MOVES, STATUS_TEXTS, DossierStatus

Builder.load_file(str(Path(__file__).with_name("dialogs.kv")))


class DialogInput(TextInput):
    def keyboard_on_key_down(self, window, keycode, text, modifiers):
        """Esc closes the dialog at once; a plain TextInput would take the first Esc to lose its focus."""
        if keycode[1] == "escape":
            return False
        return super().keyboard_on_key_down(window, keycode, text, modifiers)


class CounterDialog(ModalView):
    app = ObjectProperty()
    content_height = NumericProperty(0)  # what the dialog's content needs: it is no taller, unless the window is
    problem = ObjectProperty(None, allownone=True, rebind=True)  # a Text: bad input caught before sending

    def __init__(self, app, **kwargs):
        super().__init__(app=app, **kwargs)
        app.feedback = Feedback()
        Clock.schedule_once(lambda _: self.focus_first(), 0)

    def dismiss(self, *args, **kwargs):
        """At once: a fading dialog would still catch the clerk's next click."""
        super().dismiss(*args, animation=False)

    def focus_first(self) -> None:
        self.ids.first.focus = True

    def on_dismiss(self):
        for widget in self.walk():
            if isinstance(widget, TextInput):
                widget.focus = False  # a focused field would keep taking the console's keys
        self.app.dialog = None

    def on_key(self, key_name: str) -> bool:
        return False

    def checked(self, build):
        """Run build(); bad input shows its message in the dialog instead of reaching the server."""
        try:
            self.problem = None
            return build()
        except InputProblem as problem:
            self.problem = problem.text
            return None


class TransferDialog(CounterDialog):
    number = StringProperty()
    services = ListProperty()  # (code, name) of the services it can go to
    counters = ListProperty()  # numbers of the other counters

    def __init__(self, app, **kwargs):
        view = app.view
        current = view.current
        super().__init__(
            app, number=current.number if current else "",
            services=[(code, s.name) for code, s in view.services.items() if not current or code != current.service],
            counters=[n for n in view.counters if n != view.me.number], **kwargs)
        for code, name in self.services:
            self.ids.service_buttons.add_widget(self._target_button(f"[b]{code}[/b]  {name}", code))
        for number in self.counters:  # with what each serves today, as the hall manager may have changed it
            services = " · ".join(view.counters[number].services)
            self.ids.counter_buttons.add_widget(self._target_button(f"Quầy [b]{number}[/b]\n{services}", str(number)))

    def _target_button(self, text: str, typed: str):
        button = Factory.TargetButton(text=text)
        button.bind(on_release=lambda _: self.submit(typed))
        return button

    def submit(self, typed: str) -> None:
        target = self.checked(lambda: parse_transfer_target(
            typed, [code for code, _ in self.services], list(self.counters)))
        if target is not None:
            self.app.send("transfer", lambda id: Transfer(id=id, **target), on_ok=lambda reply: self.dismiss())


class CallNumberDialog(CounterDialog):
    def submit(self, typed: str) -> None:
        number = self.checked(lambda: parse_ticket_number(typed))
        if number is not None:
            self.app.send("call_number", lambda id: CallNumber(id=id, number=number),
                          on_ok=lambda reply: self.dismiss())


class DossierDialog(CounterDialog):
    dossier = ObjectProperty(None, allownone=True, rebind=True)  # the Dossier last looked up, registered or changed
    services = ListProperty()

    def __init__(self, app, **kwargs):
        super().__init__(app, services=[f"{code} — {s.name}" for code, s in app.view.services.items()],
                         **kwargs)
        mine = app.view.me.services if app.view.me else []
        self.ids.service.text = next((v for v in self.services if mine and v.startswith(mine[0] + " ")),
                                     self.services[0] if self.services else "")
        if app.model.dossier_at_hand:  # a pickup ticket's dossier: found already, F4 returns it
            self.ids.first.text = app.model.dossier_at_hand
            self.lookup()

    def _show(self, reply) -> None:
        self.dossier = reply.dossier
        self.ids.first.text = reply.dossier.code

    def status_text(self) -> str:
        if self.dossier is None:
            return ""
        status = STATUS_TEXTS[self.dossier.status]
        return f"{status.vi} · {status.en}"

    @staticmethod
    def may_become(dossier, status: DossierStatus) -> bool:
        """Whether the dossier shown can take that status now (any, while none is shown: the server decides)."""
        return dossier is None or status in DOSSIER_MOVES[dossier.status]

    def lookup(self) -> None:
        code = self.checked(lambda: require(self.ids.first.text, "mã hồ sơ", "The dossier code"))
        if code is not None:
            self.app.send("lookup", lambda id: LookupDossier(id=id, code=code), on_ok=self._show)

    def register(self) -> None:
        ids = self.ids

        def build():
            return dict(code=require(ids.first.text, "mã hồ sơ", "The dossier code"),
                        applicant=require(ids.applicant.text, "tên người nộp", "The applicant's name"),
                        service=ids.service.text.split(" ")[0],
                        due_at=parse_due_date(ids.due_at.text),
                        phone=ids.phone.text.strip() or None)
        fields = self.checked(build)
        if fields is not None:
            self.app.send("register", lambda id: UpsertDossier(id=id, **fields), on_ok=self._show)

    def set_status(self, status: DossierStatus) -> None:
        code = self.checked(lambda: require(self.ids.first.text, "mã hồ sơ", "The dossier code"))
        if code is not None:
            self.app.send(status, lambda id: SetDossierStatus(id=id, code=code, status=status), on_ok=self._show)

    def on_key(self, key_name: str) -> bool:
        keys = {"f2": self.register, "f3": lambda: self.set_status(DossierStatus.READY),
                "f4": lambda: self.set_status(DossierStatus.RETURNED)}
        if key_name in keys:
            keys[key_name]()
            return True
        return False


DIALOGS = {"transfer": TransferDialog, "call_number": CallNumberDialog, "dossiers": DossierDialog}


def open_dialog(app, name: str) -> CounterDialog:
    dialog = DIALOGS[name](app)
    dialog.open()
    return dialog
