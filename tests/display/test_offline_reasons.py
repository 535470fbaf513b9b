"""The hall screen says on its banner why it is offline, not only in a log (issue 11, finding 9)."""
import asyncio

from display.app import DisplayApp, DisplaySettings
from tests.display.live import running_display, screen_text, showing_the_hall, until
from tests.queue_server.test_tls import tls_hall
from tests.support import ws_session
from tests.tls_support import HallCA


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


def test_an_expired_certificate_is_told_on_the_banner_and_a_renewed_one_brings_the_screen_back(
        make_hall_server, tmp_path):
    ca = HallCA(tmp_path)
    config = tls_hall(tmp_path, *ca.server_cert("expired", valid_days=(-400, -35)))
    server = make_hall_server(config=config)
    settings = DisplaySettings(server=f"wss://127.0.0.1:{server.port}", device="screen-1", token="token-screen-1",
                               sound=False, ca_file=str(ca.cert_file))

    async def scenario():
        app = DisplayApp(settings)
        task = asyncio.ensure_future(app.serve())
        try:
            await until(lambda: app.root is not None and "đã hết hạn" in screen_text(app), timeout=15,
                        what="the expired certificate told")
            text = screen_text(app)
            assert "⚠  Chứng chỉ của máy chủ 127.0.0.1 đã hết hạn: hãy báo quản trị cấp chứng chỉ mới." in text
            assert "The certificate of the server 127.0.0.1 has expired: ask the administrator for a new one." in text
            ca.server_cert("renewed")
            config.write_text(config.read_text(encoding="utf-8").replace("expired.", "renewed."), encoding="utf-8")
            await asyncio.to_thread(server.stop)
            await asyncio.to_thread(server.start)
            await until(lambda: showing_the_hall(app), timeout=20, what="the screen back, never restarted")
            assert "hết hạn" not in screen_text(app) and app.root.ids.offline_banner.opacity == 0
        finally:
            app.stop()
            await asyncio.wait_for(task, 10)
    asyncio.run(scenario())
