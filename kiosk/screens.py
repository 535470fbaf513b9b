"""One class per kiosk screen (its look in kv/<name>.kv); show() fills it from the flow (kiosk/flow.py)."""
from kivy.app import App
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen
from kivy.utils import escape_markup, get_color_from_hex

from queue_protocol.text import Text

from kiosk.flow import BACKSPACE
from kiosk.view_model import ServiceTile as TileModel, ahead_text, grid_columns, title_scale
from kiosk.widgets import Key, KLabel, ServiceTile

KEY_ROWS = ("1234567890", "QWERTYUIOP", "ASDFGHJKL.", "ZXCVBNM-" + BACKSPACE)


class HomeScreen(Screen):
    closed = BooleanProperty(False)  # every service closed: opening hours instead of buttons
    hours = ListProperty([])  # (Text name, hours text)

    def show(self, flow, view) -> None:
        """Its tiles follow the hall, not the flow: the app refreshes them when the hall changes."""

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
    service_code = StringProperty("")
    service_name = ObjectProperty(NOTHING)  # not `name`: a Screen's name is its own

    def show(self, flow, view) -> None:
        service = view.services[flow.choice]
        self.service_code, self.service_name = service.code, Text(service.name, service.name_en or service.name)


class PrintingScreen(Screen):
    def show(self, flow, view) -> None:
        pass


class IssuedScreen(Screen):
    number = StringProperty("")
    service_name = ObjectProperty(NOTHING)
    priority = BooleanProperty(False)
    wait = ObjectProperty(NOTHING)
    printed = BooleanProperty(True)
    error = ObjectProperty(NOTHING)

    def show(self, flow, view) -> None:
        ticket = flow.ticket
        service = view.services[ticket.service]
        self.number, self.priority = ticket.number, ticket.priority
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


class OutOfServiceScreen(Screen):
    reason = ObjectProperty(NOTHING)
    staff = ObjectProperty(NOTHING)
    can_retry = BooleanProperty(False)

    def show(self, flow, view) -> None:
        shown = flow.out_of_service
        self.reason, self.staff, self.can_retry = shown.reason, shown.staff, shown.can_retry
