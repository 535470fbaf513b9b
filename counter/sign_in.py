"""The sign-in dialog: in a hall that lists clerks, the clerk chooses their name and types their PIN before the
counter opens. It shows by itself while nobody is signed in (closing the counter signs the clerk out)."""
from pathlib import Path

from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import ListProperty, StringProperty

from counter.dialog_input import InputProblem
from counter.dialogs import CounterDialog
from queue_protocol.messages import SignIn

Builder.load_file(str(Path(__file__).with_name("sign_in.kv")))
CHOSEN, NOT_CHOSEN = (0.11, 0.45, 0.8, 1), (0.2, 0.28, 0.42, 1)


class SignInDialog(CounterDialog):
    counter_title = StringProperty("")
    clerks = ListProperty()  # (id, name, title) of every clerk of the hall
    chosen = StringProperty("")  # the id of the name touched

    def __init__(self, app, **kwargs):
        super().__init__(app, counter_title=app.view.me.name if app.view.me else "",
                         clerks=[(c.id, c.name, c.title) for c in app.view.clerks], auto_dismiss=False, **kwargs)
        for clerk_id, name, title in self.clerks:
            button = Factory.ClerkName(text=f"[b]{name}[/b]\n[size=13sp]{title}[/size]")
            button.clerk_id = clerk_id  # a property of the kv rule: set once the rule made it
            button.bind(on_release=lambda b: self.choose(b.clerk_id))
            self.ids.names.add_widget(button)

    def focus_first(self) -> None:
        self.ids.pin.focus = True

    def choose(self, clerk_id: str) -> None:
        self.chosen = clerk_id
        self.problem = None
        for button in self.ids.names.children:
            button.tint = CHOSEN if button.clerk_id == clerk_id else NOT_CHOSEN
        self.ids.pin.focus = True

    def submit(self) -> None:
        pin = self.ids.pin.text.strip()
        if self.checked(lambda: self._complete(pin)):
            self.app.send("sign_in", lambda id: SignIn(id=id, clerk=self.chosen, pin=pin),
                          on_ok=lambda reply: self.dismiss())
            self.ids.pin.text = ""  # typed again after a refusal; never left on screen

    def _complete(self, pin: str) -> bool:
        if not self.chosen:
            raise InputProblem("Hãy chạm vào tên của bạn.", "Touch your name.")
        if not pin:
            raise InputProblem("Hãy nhập mã PIN của bạn.", "Type your PIN.")
        return True

    def on_key(self, key_name: str) -> bool:
        return key_name == "escape"  # nobody may work here unsigned: Esc does not close it
