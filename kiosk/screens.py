"""One class per kiosk screen (its look in kv/<name>.kv); show() fills it from the flow (kiosk/flow.py)."""
from kivy.app import App
from kivy.clock import Clock
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen
from kivy.utils import escape_markup, get_color_from_hex

from kiosk.flow import BACKSPACE
from kiosk.texts import TEXTS
from kiosk.view_model import (
    ServiceTile as TileModel,
    ahead_text,
    card_dossier_line,
    grid_columns,
    more_dossiers,
    title_scale,
)
from kiosk.widgets import BigButton, Key, KLabel, Panel, ServiceTile
from queue_protocol.states import DossierStatus
from queue_protocol.text import Text

KEY_ROWS = ("1234567890", "QWERTYUIOP", "ASDFGHJKL.", "ZXCVBNM-" + BACKSPACE)


class HomeScreen(Screen):
    closed = BooleanProperty(False)  # every service closed: opening hours instead of buttons
    hours = ListProperty([])  # (Text name, hours text)
    card = BooleanProperty(False)  # an ID card was read: home says so, and what the kiosk does with it

    def show(self, flow, view) -> None:
        """Its tiles follow the hall, not the flow: the app refreshes them when the hall changes."""
        self.card = flow.card is not None

    def show_tiles(self, app, tiles: list[TileModel]) -> None:
        lang = app.lang
        grid = self.ids.grid
        grid.clear_widgets()
        grid.cols = grid_columns(len(tiles), app.landscape)
        for tile in tiles:
            grid.add_widget(ServiceTile(
                code=tile.code, title=tile.name.primary(lang), subtitle=tile.name.secondary(lang),
                detail=tile.status.primary(lang), detail2=tile.status.secondary(lang), enabled=tile.open,
                title_weight=2.0, detail_weight=1.0,  # a name may take two lines; the wait takes two
                bg=get_color_from_hex(tile.colour), fg=(1, 1, 1, 1) if tile.open else get_color_from_hex("#37474F"),
                title_size=app.u * title_scale(tile.name.primary(lang), len(tiles)),
                line_size=app.u * (3.1 if len(tiles) <= 4 else 2.4 if app.landscape else 2.8),
                on_release=lambda button: app.choose_service(button.code)))

    def show_hours(self, app, hours: list[tuple[Text, str]]) -> None:
        lang, size = app.lang, app.u * 3.2
        table = self.ids.hours_table
        table.clear_widgets()
        for name, text in hours:
            table.add_widget(KLabel(
                text=f"[b]{escape_markup(name.primary(lang))}[/b]\n[size={round(app.u * 2.5)}][color=#546E7A]"
                     f"{escape_markup(name.secondary(lang))}[/color][/size]",
                markup=True, font_size=size, halign="left", size_hint_x=1.6))  # long names: hours wrap instead
            table.add_widget(KLabel(text=text, font_size=size, halign="right"))


NOTHING = Text("", "")


class PriorityScreen(Screen):
    """Regular, or priority for one of the hall's categories: the one the ID card's age gives comes first,
    one tap. A hall without categories has one priority button, as before them."""
    service_code = StringProperty("")
    service_name = ObjectProperty(NOTHING)  # not `name`: a Screen's name is its own
    proposed = ObjectProperty(NOTHING)  # the category proposed from the card
    proposed_code = StringProperty("")
    card = BooleanProperty(False)
    _built = None  # what the category buttons show: rebuilt only when that changes, never under a finger

    def show(self, flow, view) -> None:
        service = view.services[flow.choice]
        self.service_code, self.service_name = service.code, Text(service.name, service.name_en or service.name)
        proposed = flow.proposed_category
        self.proposed, self.proposed_code = (proposed.text, proposed.code) if proposed else (NOTHING, "")
        self.card = flow.card is not None
        app = App.get_running_app()
        others = tuple(c for c in flow.categories if c != proposed)
        if (others, app.lang, app.landscape, app.u) != self._built:
            self._built = (others, app.lang, app.landscape, app.u)
            self._build_categories(app, others)

    def _build_categories(self, app, categories) -> None:
        grid = self.ids.categories
        grid.clear_widgets()
        lang = app.lang
        if not categories and not self.proposed_code:
            grid.cols = 1
            grid.add_widget(BigButton(
                title=app.tr("priority", lang), subtitle=app.tr2("priority", lang),
                detail=app.tr("priority_who", lang), detail2=app.tr2("priority_who", lang), detail_weight=1.5,
                bg=get_color_from_hex("#E65100"), title_size=app.u * 6.5, line_size=app.u * 3.1,
                on_release=lambda button: app.take_ticket(self.service_code, priority=True)))
            return
        grid.cols = 2 if len(categories) > 2 else 1
        for category in categories:
            name = category.text
            age = f" · {category.from_age}+" if category.from_age else ""
            grid.add_widget(BigButton(
                title=name.primary(lang), subtitle=name.secondary(lang) + age, bg=get_color_from_hex("#E65100"),
                title_weight=2.0, title_size=app.u * (3.6 if len(name.primary(lang)) > 18 else 4.4),
                line_size=app.u * 2.5, padding=(app.u, app.u * 0.6),
                on_release=lambda button, code=category.code: app.take_ticket(self.service_code, category=code)))


class PrintingScreen(Screen):
    def show(self, flow, view) -> None:
        pass


class IssuedScreen(Screen):
    number = StringProperty("")
    service_name = ObjectProperty(NOTHING)
    priority = BooleanProperty(False)
    kind = ObjectProperty(NOTHING)  # "Phiếu ưu tiên", or the priority category chosen
    wait = ObjectProperty(NOTHING)
    printed = BooleanProperty(True)
    error = ObjectProperty(NOTHING)

    def show(self, flow, view) -> None:
        ticket = flow.ticket
        service = view.services[ticket.service]
        self.number, self.priority = ticket.number, ticket.priority
        category = view.hall.category(ticket.category)
        self.kind = category.text if category else TEXTS["priority"]
        self.service_name = Text(service.name, service.name_en or service.name)
        self.wait = ahead_text(ticket.ahead or 0, flow.wait)
        self.printed = flow.printed
        self.error = flow.print_error or NOTHING


class PickupScreen(Screen):
    """The code typed on its on-screen keyboard; a USB scanner's code is looked up without showing here."""
    code = StringProperty("")
    looking = BooleanProperty(False)

    def on_kv_post(self, base_widget):
        app = App.get_running_app()
        for row in KEY_ROWS:
            line = BoxLayout(spacing=app.u * 1.2)
            for key in row:
                line.add_widget(Key(
                    text=key, bg=get_color_from_hex("#ECEFF1" if key != BACKSPACE else "#FFCCBC"),
                    font_name="DejaVuSans" if key == BACKSPACE else "Roboto",
                    on_release=lambda button: app.key(button.text)))
            self.ids.keyboard.add_widget(line)

    def show(self, flow, view) -> None:
        self.code, self.looking = flow.code, flow.looking_up


class NoticeScreen(Screen):
    title = ObjectProperty(NOTHING)
    body = ObjectProperty(NOTHING)

    def show(self, flow, view) -> None:
        self.title, self.body = flow.notice.title, flow.notice.body


def in_both_languages(text: Text, lang: str, bold: bool = False, between: str = "\n") -> str:
    """Markup: the chosen language, the other after it in grey, one size for both so that a label fitting its
    text shrinks them alike."""
    first = f"[b]{text.primary(lang)}[/b]" if bold else text.primary(lang)
    return f"{first}{between}[color=#607D8B]{text.secondary(lang)}[/color]"


class NotReadyDossier(Panel):
    """One of the card holder's dossiers that is not ready: its code, status and due date."""
    text = StringProperty("")


class MoreDossiers(ButtonBehavior, Panel):
    """Over the foot of the card's list: how many dossiers are further down, or the way back to the top."""
    text = StringProperty("")


class CardScreen(Screen):
    """The dossiers of the ID card's holder in a list that scrolls, however many: the ready ones first, each a
    button for its pickup number, then the others with their status and due date."""
    ready = BooleanProperty(False)
    heading = StringProperty("")  # markup: the card read, and what to do
    others_title = StringProperty("")  # markup: above the dossiers not ready
    overflow = BooleanProperty(False)  # the list is longer than its screen
    below = NumericProperty(0)  # dossiers not wholly shown under the list's foot
    more_text = StringProperty("")
    _built = None
    _lang = "vi"
    _line = 20.0  # the "more" button's second line, in pixels

    def show(self, flow, view) -> None:
        app = App.get_running_app()
        lang = self._lang = app.lang
        self._line = app.u * 2.4
        dossiers = tuple(flow.card_dossiers)
        ready = [d for d in dossiers if d.status == DossierStatus.READY]
        others = [d for d in dossiers if d.status != DossierStatus.READY]
        self.ready = bool(ready)
        what_now = TEXTS["card_ready" if ready else "card_none_ready"]
        card_read = f"[b][color=#0D4D2E]{TEXTS['card_read'].primary(lang)}[/color][/b]"
        self.heading = (f"{card_read}  ·  {what_now.primary(lang)}\n{TEXTS['card_read'].secondary(lang)}  ·  "
                        f"{what_now.secondary(lang)}" if app.landscape else
                        f"{card_read}  ·  {TEXTS['card_read'].secondary(lang)}\n{what_now.primary(lang)}\n"
                        f"{what_now.secondary(lang)}")
        heading = TEXTS["card_not_ready"] if others else TEXTS["card_no_dossier"]
        self.others_title = "" if ready and not others else in_both_languages(
            heading, lang, bold=True, between="  ·  " if app.landscape else "\n")
        if (dossiers, lang, app.u) != self._built:  # app.u: the window's size, and so its orientation
            self._built = (dossiers, lang, app.u)
            self._build(app, view, ready, others)
            self.count_below()

    def on_pre_enter(self, *args) -> None:
        self._scroll_to(1)  # a list scanned for shows its first dossiers; a language switch keeps one's place

    def _build(self, app, view, ready, others) -> None:
        lang = app.lang
        box = self.ids.ready
        box.clear_widgets()
        for dossier in ready:
            service = view.services.get(dossier.service)
            service_name = Text(service.name, service.name_en or service.name) if service else Text(
                dossier.service, dossier.service)
            subtitle = f"{service_name.primary(lang)} · {service_name.secondary(lang)} · {dossier.applicant}"
            box.add_widget(BigButton(
                title=dossier.code, subtitle=subtitle, bg=get_color_from_hex("#0D4D2E"), title_size=app.u * 4.2,
                # One line whatever the service's names: smaller when longer than a button's width holds at full size.
                line_size=app.u * 2.8 * min(1.0, (52 if app.landscape else 62) / len(subtitle)),
                on_release=lambda button, code=dossier.code: app.pick_up(code)))
        rows = self.ids.others
        rows.clear_widgets()
        for dossier in others:
            rows.add_widget(NotReadyDossier(
                text=f"[b]{dossier.code}[/b]\n{in_both_languages(card_dossier_line(dossier), lang)}"))

    def count_below(self) -> None:
        """After the next layout (positions settle then): whether the list overflows, and how many are below."""
        Clock.schedule_once(self._count_below, 0)

    def _count_below(self, *args) -> None:
        scroll = self.ids.scroll
        foot = scroll.to_window(scroll.x, scroll.y)[1]
        self.overflow = self.ids.content.height > scroll.height + 1
        # The button covers the foot of the list: a dossier under it counts as below.
        cover = self.ids.more.height + self.ids.more.y - scroll.y if self.overflow else 0
        items = self.ids.ready.children + self.ids.others.children
        self.below = sum(1 for item in items if item.to_window(item.x, item.y)[1] < foot + cover - 1)
        more, lang = more_dossiers(self.below), self._lang
        arrow = "▼" if self.below else "▲"  # Roboto has no arrows
        self.more_text = (f"[font=DejaVuSans]{arrow}[/font]  [b]{more.primary(lang)}[/b]\n"
                          f"[size={round(self._line)}]{more.secondary(lang)}[/size]")

    def scroll_on(self) -> None:
        """A page further down (less a little, to keep one's place); at the end, back to the top."""
        scroll = self.ids.scroll
        step = scroll.convert_distance_to_scroll(0, scroll.height - self.ids.more.height * 2)[1]
        self._scroll_to(max(0.0, scroll.scroll_y - step) if self.below else 1)

    def _scroll_to(self, scroll_y: float) -> None:
        scroll = self.ids.scroll
        scroll.scroll_y = scroll_y
        scroll._update_effect_bounds()  # so that a finger's next drag starts from here, not from before the jump


class OutOfServiceScreen(Screen):
    reason = ObjectProperty(NOTHING)
    staff = ObjectProperty(NOTHING)
    can_retry = BooleanProperty(False)

    def show(self, flow, view) -> None:
        shown = flow.out_of_service
        self.reason, self.staff, self.can_retry = shown.reason, shown.staff, shown.can_retry
