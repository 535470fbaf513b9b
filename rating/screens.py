"""One class per rating screen (its look in kv/<name>.kv); show(app) fills it from the hall and the flow."""
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen
from kivy.utils import get_color_from_hex

from kiosk.widgets import BigButton
from queue_protocol.text import Text
from rating import texts
from rating.levels import level_colour


class RatingScreen(Screen):
    counter_title = StringProperty("")  # "QUẦY 1": upper case here, as kv does not watch a method's result
    hall = ObjectProperty(Text("", ""))

    def show(self, app) -> None:
        view = app.view
        self.counter_title = view.me.name.upper() if view.me else ""
        self.hall = Text(view.hall.name, view.hall.name_en or view.hall.name) if view.hall else Text("", "")


class IdleScreen(RatingScreen):
    clerk_name = StringProperty("")
    clerk_title = StringProperty("")
    initials = StringProperty("")
    photo = ObjectProperty(None, allownone=True)  # the clerk's photo as a texture; None: the initials instead
    serving = StringProperty("")  # the number at the counter now, or ""
    has_clerk = BooleanProperty(False)

    def show(self, app) -> None:
        super().show(app)
        me = app.view.me
        clerk = me.clerk if me else None
        self.has_clerk = clerk is not None
        self.clerk_name = clerk.name if clerk else ""
        self.clerk_title = clerk.title if clerk else ""
        # Without a photo, the initial of the given name, which Vietnamese names put last ("Hùng" in Trần Văn Hùng).
        self.initials = clerk.name.split()[-1][0].upper() if clerk and clerk.name.split() else ""
        self.photo = app.photos.texture(clerk.photo) if clerk and clerk.photo else None
        self.serving = me.serving.number if me and me.serving else ""


class QuestionScreen(RatingScreen):
    number = StringProperty("")
    question = ObjectProperty(Text("", ""))
    _built_for = None  # (levels, language, unit) the buttons were made for: made again only when these change

    def show(self, app) -> None:
        super().show(app)
        form, asking = app.view.rating_form, app.flow.asking
        self.number = asking.ticket.number if asking else ""
        self.question = form.question if form else Text("", "")
        levels = list(form.levels) if form else []
        if self._built_for != (levels, app.lang, app.u, app.landscape):
            self._built_for = (levels, app.lang, app.u, app.landscape)
            box = self.ids.levels
            box.clear_widgets()
            for index, level in enumerate(levels):
                box.add_widget(BigButton(
                    title=level.name.primary(app.lang), subtitle=level.name.secondary(app.lang),
                    bg=get_color_from_hex(level_colour(index, len(levels))), radius=app.u * 3,
                    title_size=app.u * (6.5 if app.landscape else 7.5), line_size=app.u * 3.6,
                    on_release=lambda _, code=level.code: app.choose(code)))


class ReasonsScreen(RatingScreen):
    number = StringProperty("")
    level = ObjectProperty(Text("", ""))
    _built_for = None
    _buttons: dict = {}

    def show(self, app) -> None:
        super().show(app)
        flow = app.flow
        self.number = flow.asking.ticket.number if flow.asking else ""
        self.level = flow.level.name if flow.level else Text("", "")
        reasons = list(app.view.rating_form.reasons) if app.view.rating_form else []
        if self._built_for != (reasons, app.lang, app.u, app.landscape):
            self._built_for = (reasons, app.lang, app.u, app.landscape)
            grid = self.ids.reasons
            grid.clear_widgets()
            grid.cols = 3 if app.landscape else 2
            self._buttons = {}
            for reason in reasons:
                self._buttons[reason.code] = button = BigButton(
                    title=reason.name.primary(app.lang), subtitle=reason.name.secondary(app.lang),
                    radius=app.u * 2, title_size=app.u * 4.2, line_size=app.u * 2.9,
                    on_release=lambda _, code=reason.code: app.toggle_reason(code))
                grid.add_widget(button)
        for code, button in self._buttons.items():  # ticked: filled red, white letters
            ticked = code in flow.reasons
            button.bg = get_color_from_hex("#B71C1C" if ticked else "#FFFFFF")
            button.fg = (1, 1, 1, 1) if ticked else get_color_from_hex("#1A2330")
            button.border = get_color_from_hex("#B71C1C" if ticked else "#90A4AE")


class ThanksScreen(RatingScreen):
    thanks = ObjectProperty(texts.THANKS)
