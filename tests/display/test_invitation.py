"""The latest call invites a citizen only while the counter still has that ticket."""
import asyncio

from tests.display.live import running_display, until
from tests.display.test_live_display import session, tile

WELCOME = "XIN KÍNH CHÀO QUÝ CÔNG DÂN"


def headline(app) -> tuple[str, str, str]:
    ids = app.root.ids
    return ids.headline_invite.text, ids.headline_number.text, ids.headline_counter.text


def test_the_invitation_ends_with_a_no_show_a_transfer_or_a_completion(hall_server):
    async def scenario():
        async with running_display(hall_server) as app, session(hall_server, "kiosk-1") as kiosk, \
                session(hall_server, "counter-1") as c1, session(hall_server, "counter-2") as c2:
            for _ in range(4):
                await kiosk.request("issue_ticket", service="DD")
            first = (await c1.request("call_next"))["ticket"]["number"]
            invited = ("MỜI CÔNG DÂN CÓ SỐ THỨ TỰ", first, "ĐẾN QUẦY SỐ 1")
            await until(lambda: headline(app) == invited, what=f"{first} invited to counter 1")

            await c1.request("recall")
            await c1.request("no_show")
            await until(lambda: tile(app, 1).serving == "—", what="counter 1 free after the no-show")
            assert headline(app)[0] == WELCOME and first not in headline(app)[1]

            second = (await c2.request("call_next"))["ticket"]["number"]
            third = (await c1.request("call_next"))["ticket"]["number"]
            await until(lambda: headline(app)[1:] == (third, "ĐẾN QUẦY SỐ 1"), what=f"{third} to counter 1")
            await c1.request("transfer", service="HT")
            # The call before it still stands: counter 2 still waits for its citizen.
            await until(lambda: headline(app)[1:] == (second, "ĐẾN QUẦY SỐ 2"), what=f"{second} invited again")

            await c2.request("complete")
            await c2.request("pause")
            await until(lambda: tile(app, 2).state == "paused", what="counter 2 paused")
            assert headline(app)[0] == WELCOME
            assert "ĐẾN QUẦY SỐ" not in headline(app)[2]

    asyncio.run(scenario())
