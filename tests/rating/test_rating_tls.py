"""The rating tablet of a hall serving wss:// with its own CA: the clerk's photo comes over https, trusted with the
hall CA the tablet was given (--ca-file), as its websocket is; not with the machine's authorities alone."""
import ssl

from PIL import Image

from tests.rating.conftest import run_tablet
from tests.support import CLERK_PINS, hall_with_clerks, ws_session
from tests.tls_support import HallCA

PHOTO_COLOUR = (0x5B, 0x7F, 0xB0)  # lan.png, made by hall_with_clerks: 240x320 of this blue


def test_the_clerks_photo_comes_over_https_trusting_the_hall_ca(make_hall_server, tmp_path):
    ca = HallCA(tmp_path)
    cert, key = ca.server_cert("hall-server")
    server = make_hall_server(config=hall_with_clerks(
        tmp_path, f'\n[server]\ntls_cert = "{cert.name}"\ntls_key = "{key.name}"\n'))
    url = f"wss://127.0.0.1:{server.port}"
    trust = ssl.create_default_context(cafile=str(ca.cert_file))

    async def scenario(tablet):
        await tablet.until(lambda: tablet.app.view.me is not None, what="the counter over wss://")
        async with ws_session(url, "counter", "counter-1", server.token("counter-1"), tls=trust) as counter:
            assert (await counter.request("sign_in", clerk="lan", pin=CLERK_PINS["lan"]))["type"] == "ok"
        idle = tablet.app.root.get_screen("idle")
        await tablet.until(lambda: tablet.shows("Nguyễn Thị Lan") and idle.ids.photo.texture is not None,
                           timeout=15, what="Lan and her photo")
        assert idle.ids.photo.texture.size == (240, 320)  # the photo itself, not Kivy's "could not load" image
        assert "L" not in tablet.texts()  # no initials over it: without her photo, Nguyễn Thị Lan is an "L"
        await tablet.frames(3)
        shot = tmp_path / "idle.png"
        tablet.screenshot(shot)
        x, y = idle.ids.portrait.to_window(*idle.ids.portrait.center)
        image = Image.open(shot).convert("RGB")
        seen = image.getpixel((round(x), image.height - round(y)))
        assert all(abs(a - b) <= 3 for a, b in zip(seen, PHOTO_COLOUR, strict=True)), seen

    run_tablet(server, scenario, url=url, ca_file=str(ca.cert_file))
