"""Every kiosk screen in both languages and both orientations, written to docs/images/kiosk/.

Runs only with XEPHANG_SCREENSHOTS=1 (it writes into the repository):
    XEPHANG_SCREENSHOTS=1 .venv/bin/python -m pytest tests/kiosk/test_screenshots.py
"""
import asyncio
import os
from pathlib import Path

import pytest
from PIL import Image

from tests.kiosk.conftest import kiosk_config, run_kiosk
from tests.kiosk.every_screen import busy_morning, demo_hall, walk, walk_config

OUT = Path(__file__).resolve().parents[2] / "docs" / "images" / "kiosk"
SIZES = {"portrait": "1080x1920", "landscape": "1920x1080"}

pytestmark = pytest.mark.skipif(os.environ.get("XEPHANG_SCREENSHOTS") != "1",
                                reason="writes docs/images/kiosk; set XEPHANG_SCREENSHOTS=1")


def save(driver, name: str) -> None:
    path = OUT / f"{name}.png"
    driver.screenshot(path)
    Image.open(path).convert("RGB").quantize(colors=128, dither=Image.Dither.NONE).save(path, optimize=True)


@pytest.mark.parametrize("orientation", SIZES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_screen(make_hall_server, printer, tmp_path, orientation, lang):
    OUT.mkdir(parents=True, exist_ok=True)
    server = make_hall_server(config=demo_hall(tmp_path))
    asyncio.run(busy_morning(server))

    async def scenario(kiosk):
        async def stop(name):
            kiosk.app.set_lang(lang)
            await kiosk.frames(4)
            save(kiosk, f"{name}-{orientation}-{lang}")

        await walk(kiosk, server, printer, stop)

    run_kiosk(walk_config(server, printer, window=SIZES[orientation]), scenario)


@pytest.mark.parametrize("orientation", SIZES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_closed_hall(make_hall_server, printer, tmp_path, orientation, lang):
    server = make_hall_server(config=demo_hall(tmp_path, every_service_has_hours=True),
                              clock_start="2026-11-30T19:00:00")

    async def scenario(kiosk):
        await kiosk.until_screen("home")
        kiosk.app.set_lang(lang)
        await kiosk.frames(4)
        save(kiosk, f"closed-{orientation}-{lang}")

    run_kiosk(kiosk_config(server, printer, window=SIZES[orientation]), scenario)
