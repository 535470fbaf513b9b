"""Kivy's developer keys pressed on a running app, as SDL's window loop delivers a key: on_key_down, then
on_keyboard unless a handler took it (F1 would open Kivy's settings panel, Esc would close the app)."""
F1, ESCAPE = 282, 27


def press(key: int) -> None:
    from kivy.core.window import Window
    if not Window.dispatch("on_key_down", key, 0, None, []):
        Window.dispatch("on_keyboard", key, 0, None, [])


def settings_panel_shown() -> bool:
    from kivy.core.window import Window
    from kivy.uix.settings import Settings
    return any(isinstance(widget, Settings) for widget in Window.children)


def event_loop_running() -> bool:
    """False once Esc has stopped the app (Kivy's stopTouchApp)."""
    from kivy.base import EventLoop
    return EventLoop.status == "started"


async def press_developer_keys(draw) -> None:
    """F1, then Esc on its own (after F1 it would only close the panel), each followed by `await draw()`:
    no settings panel, and the app still runs."""
    press(F1)
    await draw()
    assert not settings_panel_shown()
    press(ESCAPE)
    await draw()
    assert event_loop_running()
