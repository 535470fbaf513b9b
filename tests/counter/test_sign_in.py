"""A clerk signs in at the real console (name, PIN) in a hall that lists clerks: wrong PINs refused, then
throttled; the right one opens the counter and every call records the clerk; closing signs them out."""
import asyncio

from tests.counter.console_driver import Listener, running_console, until
from tests.support import CLERK_PINS, hall_with_clerks, ws_session


def test_sign_in_at_the_console(make_hall_server, tmp_path):
    server = make_hall_server(config=hall_with_clerks(tmp_path))
    asyncio.run(sign_in_scenario(server))


async def sign_in_scenario(server):
    async with ws_session(server.url, "kiosk", "kiosk-1", server.token("kiosk-1")) as kiosk:
        for _ in range(2):
            await kiosk.request("issue_ticket", service="DD")
    async with ws_session(server.url, "display", "screen-1", server.token("screen-1")) as screen_session, \
            running_console(server.url, "counter-1", server.token("counter-1")) as console:
        screen = Listener(screen_session)
        app = console.app
        await until(lambda: app.dialog is not None and type(app.dialog).__name__ == "SignInDialog",
                    what="the sign-in dialog")
        await console.dialog_opened("sign-in dialog")
        assert not console.enabled("next")  # nobody signed in: nobody is called
        ids = console.dialog_ids()
        names = {b.clerk_id: b for b in ids.names.children}
        assert "Nguyễn Thị Lan" in names["lan"].text and "Chuyên viên" in names["lan"].text
        await console.screenshot("sign-in")

        console.touch(names["lan"])
        for tries_left in (4, 3, 2, 1):
            console.type_into(ids.pin, "0000")
            await console.key("enter")
            await until(lambda: app.feedback.error and f"Còn {tries_left} lần thử" in app.feedback.text.vi,
                        what=f"wrong PIN, {tries_left} tries left")
        assert ids.pin.text == ""  # a PIN is never left on screen
        await console.screenshot("sign-in-wrong-pin")
        console.type_into(ids.pin, "0000")
        await console.key("enter")
        await until(lambda: "thử lại sau 30 giây" in app.feedback.text.vi, what="sign-in locked")
        console.type_into(ids.pin, CLERK_PINS["lan"])
        await console.key("enter")
        await until(lambda: "thử lại sau" in app.feedback.text.vi and not app.busy, what="still locked, right PIN")
        assert app.dialog is not None and app.view.me.clerk is None

        console.touch(names["hung"])  # a colleague signs in instead
        console.type_into(ids.pin, CLERK_PINS["hung"])
        console.touch(ids.sign_in)
        await until(lambda: app.dialog is None, what="the dialog closed once signed in")
        assert "Trần Văn Hùng" in console.text("services") and "Đang mở" in console.text("counter_state")
        await screen.wait_for("counter", counter=1, clerk__name="Trần Văn Hùng", state="open")

        await console.press("next")
        await until(lambda: console.text("number") == "1001", what="1001 called")
        await console.press("complete")
        await until(lambda: console.text("number") == "—", what="1001 completed")
        await console.press("open_close")  # closing signs the clerk out: the dialog is back
        await until(lambda: app.dialog is not None, what="the sign-in dialog after closing")
        await screen.wait_for("counter", counter=1, state="closed", clerk=None)
        screen.close()
