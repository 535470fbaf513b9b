"""One class per kiosk screen (its look in kv/<name>.kv); the App decides which one shows and fills it."""
from kivy.app import App
from kivy.properties import BooleanProperty, ListProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen
from kivy.utils import get_color_from_hex

from kiosk.view_model import Bilingual, ServiceTile as TileModel, grid_columns, title_scale
from kiosk.widgets import Key, KLabel, ServiceTile

KEY_ROWS = ("1234567890", "QWERTYUIOP", "ASDFGHJKL.", "ZXCVBNM-⌫")
KEY_ENTER = (13, 271)
KEY_BACKSPACE = 8


class HomeScreen(Screen):
    closed = BooleanProperty(False)  # every service closed: opening hours instead of buttons
    hours = ListProperty([])  # (Bilingual name, hours text)

    def show_tiles(self, app, tiles: list[TileModel]) -> None:
        lang = app.lang
        grid = self.ids.grid
        grid.clear_widgets()
        grid.cols = grid_columns(len(tiles), app.landscape)
        for tile in tiles:
            grid.add_widget(ServiceTile(
                code=tile.code, title=tile.name.primary(lang), subtitle=tile.name.secondary(lang),
                detail=tile.status.primary(lang), detail2=tile.status.secondary(lang), enabled=tile.open,
                bg=get_color_from_hex(tile.colour), fg=(1, 1, 1, 1) if tile.open else get_color_from_hex("#37474F"),
                title_size=app.u * title_scale(tile.name.primary(lang), len(tiles)),
                line_size=app.u * (3.1 if len(tiles) <= 4 else 2.4 if app.landscape else 2.8),
                on_release=lambda button: app.choose_service(button.code)))

    def show_hours(self, app, hours: list[tuple[Bilingual, str]]) -> None:
        lang = app.lang
        table = self.ids.hours_table
        table.clear_widgets()
        for name, text in hours:
            table.add_widget(KLabel(text=name.primary(lang), bold=True, font_size=app.u * 3.6, halign="left"))
            table.add_widget(KLabel(text=text, font_size=app.u * 3.6, halign="right"))


class PriorityScreen(Screen):
    service_code = StringProperty("")
    name_vi = StringProperty("")
    name_en = StringProperty("")


class PrintingScreen(Screen):
    pass


class IssuedScreen(Screen):
    number = StringProperty("")
    name_vi = StringProperty("")
    name_en = StringProperty("")
    priority = BooleanProperty(False)
    wait_vi = StringProperty("")
    wait_en = StringProperty("")
    printed = BooleanProperty(True)
    error_vi = StringProperty("")
    error_en = StringProperty("")


class PickupScreen(Screen):
    """A field the on-screen keyboard and a USB scanner (which types like a keyboard) both fill."""
    code = StringProperty("")
    looking = BooleanProperty(False)

    def on_kv_post(self, base_widget):
        for row in KEY_ROWS:
            line = BoxLayout(spacing=App.get_running_app().u * 1.2)
            for key in row:
                line.add_widget(Key(
                    text=key, bg=get_color_from_hex("#ECEFF1" if key != "⌫" else "#FFCCBC"),
                    font_name="DejaVuSans" if key == "⌫" else "Roboto",
                    on_release=lambda button: self.press(button.text)))
            self.ids.keyboard.add_widget(line)

    def on_leave(self, *args):
        self.code = ""

    def press(self, key: str) -> None:
        if key == "⌫":
            self.code = self.code[:-1]
        elif len(self.code) < 40:
            self.code += key

    def submit(self) -> None:
        App.get_running_app().look_up(self.code)

    def type_text(self, text: str) -> None:
        for char in text:
            if char in "\r\n":
                self.submit()
            elif char.isprintable():
                self.press(char.upper())

    def press_key(self, key: int) -> bool:
        if key in KEY_ENTER:
            self.submit()
            return True
        if key == KEY_BACKSPACE:
            self.press("⌫")
            return True
        return False


class NoticeScreen(Screen):
    title_vi = StringProperty("")
    title_en = StringProperty("")
    body_vi = StringProperty("")
    body_en = StringProperty("")


class OutOfServiceScreen(Screen):
    reason_vi = StringProperty("")
    reason_en = StringProperty("")
    staff_vi = StringProperty("")
    staff_en = StringProperty("")
    can_retry = BooleanProperty(False)
