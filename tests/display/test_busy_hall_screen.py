"""The hall screen in a busy hall: 1,500 dossiers ready and 20,000 waiting, its welcome in parts (issue 11,
finding 13). Before, the welcome was over the client's frame limit and the screen reconnected in a loop."""
import asyncio

from tests.display.live import running_display, screen_text, until
from tests.support import HallServerProcess, busy_hall


def test_the_screen_learns_every_ready_dossier_and_pages_through_them(tmp_path):
    config, db = busy_hall(tmp_path)
    server = HallServerProcess(db_path=db, config_path=config)
    server.start(timeout=60)

    async def scenario():
        # Generous waits: other work on a loaded test machine must not fail this test.
        async with running_display(server, device="screen-001", connect_timeout=30) as app:
            await until(lambda: app.dossier_count == 1500, timeout=30, what="every ready dossier on the screen")
            assert len({d.code for d in app.model.dossiers}) == 1500
            text = screen_text(app)
            assert "Trang 1/375" in text   # four to a page in landscape
            assert "ABCDEF.ABCDEF.ABCDEF.ABCDEF.ABCDEF.ABCDEF-261203-" in text
            assert app.connected and app.root.ids.offline_banner.opacity == 0
            waiting = {chip.name: chip.waiting for chip in app.root.ids.waiting_box.children}
            assert sum(waiting.values()) == 20_000
    try:
        asyncio.run(scenario())
    finally:
        server.stop()
