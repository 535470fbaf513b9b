"""Every rating screen in both orientations and both languages, written to docs/images/rating/.

Runs only with XEPHANG_SCREENSHOTS=1 (it writes into the repository):
    XEPHANG_SCREENSHOTS=1 .venv/bin/python -m pytest tests/rating/test_screenshots.py
"""
import os
from pathlib import Path

import pytest
from PIL import Image

from tests.rating.conftest import LANDSCAPE, PORTRAIT, Clerk, run_tablet

OUT = Path(__file__).resolve().parents[2] / "docs" / "images" / "rating"
SIZES = {"portrait": PORTRAIT, "landscape": LANDSCAPE, "demo": (800, 500)}  # demo: `make demo`'s window

pytestmark = pytest.mark.skipif(os.environ.get("XEPHANG_SCREENSHOTS") != "1",
                                reason="writes docs/images/rating; set XEPHANG_SCREENSHOTS=1")


def save(tablet, name: str) -> None:
    path = OUT / f"{name}.png"
    tablet.screenshot(path)
    Image.open(path).convert("RGB").quantize(colors=128, dither=Image.Dither.NONE).save(path, optimize=True)


def portrait_photo(folder: Path) -> None:
    """A stand-in for a clerk's photo: a drawn head and shoulders, not a real person."""
    from PIL import ImageDraw
    image = Image.new("RGB", (480, 640), "#DCE3EC")
    draw = ImageDraw.Draw(image)
    draw.ellipse((150, 110, 330, 320), fill="#C99B7A")
    draw.pieslice((40, 360, 440, 900), 180, 360, fill="#1F3A68")
    draw.polygon([(200, 360), (240, 470), (280, 360)], fill="#FFFFFF")
    image.save(folder / "lan.png")


@pytest.mark.parametrize("orientation", SIZES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_screen(make_clerks_hall, tmp_path, orientation, lang):
    OUT.mkdir(parents=True, exist_ok=True)
    server = make_clerks_hall()
    portrait_photo(tmp_path)
    server.stop()
    server.start()  # the drawn photo in place of the plain one
    clerk = Clerk(server)
    suffix = f"{orientation}-{lang}"

    async def scenario(tablet):
        await clerk.issue(3)
        await tablet.until(lambda: tablet.app.view.me is not None, what="the counter")
        tablet.app.set_lang(lang)
        await tablet.frames(4)
        save(tablet, f"idle-nobody-{suffix}")
        await clerk.sign_in("lan")
        await clerk.do("call_next")
        await tablet.until(lambda: tablet.shows("1001"), what="1001 served")
        await tablet.until(lambda: tablet.app.root.get_screen("idle").ids.photo.texture is not None, what="the photo")
        await tablet.frames(4)
        save(tablet, f"idle-{suffix}")
        await clerk.do("complete")
        await tablet.until_screen("question")
        tablet.app.set_lang(lang)
        await tablet.frames(4)
        save(tablet, f"question-{suffix}")
        tablet.app.choose("unsatisfied")
        await tablet.until_screen("reasons")
        tablet.app.toggle_reason("waiting_time")
        await tablet.frames(4)
        save(tablet, f"reasons-{suffix}")
        tablet.app.send()
        await tablet.until_screen("thanks")
        await tablet.frames(4)
        save(tablet, f"thanks-{suffix}")
        await tablet.until_screen("idle", timeout=10)
        tablet.app.set_lang(lang)
        server.kill()
        await tablet.until(lambda: tablet.app.status is not None, what="the offline mark")
        await tablet.frames(4)
        save(tablet, f"offline-{suffix}")

    run_tablet(server, scenario, window=SIZES[orientation])
