"""The hall screen says on its banner why it is offline, not only in a log (issue 11, finding 9)."""
import asyncio

from tests.display.live import running_display, screen_text, until
from tests.support import ws_session


def test_a_replayed_hello_is_told_on_the_screen_which_takes_its_place_back(hall_server):
    async def scenario():
        async with running_display(hall_server) as app:
            async with ws_session(hall_server.url, "display", "screen-1", "token-screen-1") as replayer:
                await until(lambda: "máy khác (127.0.0.1)" in screen_text(app), what="the reason on the banner")
                text = screen_text(app)
                assert "⚠  Thiết bị này vừa được kết nối từ máy khác (127.0.0.1): đang kết nối lại." in text
                assert "This device was just connected from another machine (127.0.0.1): reconnecting." in text
                assert app.root.ids.offline_banner.opacity == 1
                await until(lambda: app.connected, what="the screen back")
                closed = await asyncio.wait_for(replayer.connection.wait_closed(), 5)
                assert closed is None and replayer.connection.close_code == 4409
            assert app.root.ids.offline_banner.opacity == 0 and "máy khác" not in screen_text(app)
    asyncio.run(scenario())
