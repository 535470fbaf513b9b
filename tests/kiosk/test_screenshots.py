"""Every kiosk screen in both languages and both orientations, written to docs/images/kiosk/.

Runs only with XEPHANG_SCREENSHOTS=1 (it writes into the repository):
    XEPHANG_SCREENSHOTS=1 .venv/bin/python -m pytest tests/kiosk/test_screenshots.py
"""
import os
from pathlib import Path

import pytest
from PIL import Image

from queue_server.config import DEMO_CONFIG_PATH
from tests.kiosk.conftest import kiosk_config, run_kiosk
from tests.support import ws_session

OUT = Path(__file__).resolve().parents[2] / "docs" / "images" / "kiosk"
SIZES = {"portrait": "1080x1920", "landscape": "1920x1080"}
HOURS = 'hours = ["07:30-11:30", "13:30-17:00"]'

pytestmark = pytest.mark.skipif(os.environ.get("XEPHANG_SCREENSHOTS") != "1",
                                reason="writes docs/images/kiosk; set XEPHANG_SCREENSHOTS=1")


def demo_hall(tmp_path, every_service_has_hours: bool) -> Path:
    text = DEMO_CONFIG_PATH.read_text(encoding="utf-8")
    if every_service_has_hours:
        text = "\n".join(line + ("\n" + HOURS if line.startswith("code = ") else "") for line in text.splitlines())
    path = tmp_path / ("closed.toml" if every_service_has_hours else "demo.toml")
    path.write_text(text, encoding="utf-8")
    return path


async def busy_morning(server) -> None:
    """Some people already waiting, so the buttons show real counts and waits."""
    async with ws_session(server.url, "kiosk", "kiosk-1", server.token("kiosk-1")) as kiosk:
        for service, count in (("DD", 12), ("KD", 7), ("HT", 4), ("LD", 3), ("XD", 2), ("CT", 9)):
            for i in range(count):
                await kiosk.request("issue_ticket", service=service, priority=(i % 5 == 4))
    async with ws_session(server.url, "integration", "integration-1", server.token("integration-1")) as hub:
        await hub.request("upsert_dossier", code="000.00.16.G04-261120-0020", applicant="Nguyễn Văn An",
                          service="DD", due_at="2026-12-02", status="processing")


def save(driver, name: str) -> None:
    path = OUT / f"{name}.png"
    driver.screenshot(path)
    Image.open(path).convert("RGB").quantize(colors=128, dither=Image.Dither.NONE).save(path, optimize=True)


@pytest.mark.parametrize("orientation", SIZES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_screen(make_hall_server, printer, tmp_path, orientation, lang):
    import asyncio
    OUT.mkdir(parents=True, exist_ok=True)
    server = make_hall_server(config=demo_hall(tmp_path, False))
    asyncio.run(busy_morning(server))
    suffix = f"{orientation}-{lang}"

    async def scenario(kiosk):
        await kiosk.until_screen("home")
        kiosk.app.set_lang(lang)
        await kiosk.frames(4)
        save(kiosk, f"home-{suffix}")
        kiosk.tap(kiosk.app.screen("home").ids.grid.children[-1])
        await kiosk.until_screen("priority")
        save(kiosk, f"priority-{suffix}")
        kiosk.app.show("printing")
        await kiosk.until_screen("printing")
        save(kiosk, f"printing-{suffix}")
        kiosk.app.go_home()
        await kiosk.until_screen("home")
        kiosk.tap(kiosk.app.screen("home").ids.grid.children[-1])
        await kiosk.until_screen("priority")
        kiosk.tap(kiosk.app.screen("priority").ids.priority)
        await kiosk.until(lambda: kiosk.screen == "issued" and kiosk.app.screen("issued").printed)
        await kiosk.until_screen("issued")
        save(kiosk, f"issued-{suffix}")
        printer.unplug()
        kiosk.app.reprint()
        await kiosk.until(lambda: not kiosk.app.screen("issued").printed)
        await kiosk.until_screen("issued")
        save(kiosk, f"print-failed-{suffix}")
        printer.plug()
        kiosk.app.go_home()
        await kiosk.until_screen("home")
        kiosk.tap(kiosk.app.screen("home").ids.pickup_button)
        await kiosk.until_screen("pickup")
        kiosk.type("000.00.16.G04-261120-0020")
        await kiosk.frames(3)
        save(kiosk, f"pickup-{suffix}")
        kiosk.type("\n")
        await kiosk.until_screen("notice")
        save(kiosk, f"dossier-status-{suffix}")
        kiosk.app.go_home()
        await kiosk.until_screen("home")
        printer.printer.status = "no-paper"
        kiosk.tap(kiosk.app.screen("home").ids.grid.children[0])
        await kiosk.until_screen("priority")
        kiosk.tap(kiosk.app.screen("priority").ids.regular)
        await kiosk.until_screen("out_of_service")
        save(kiosk, f"out-of-paper-{suffix}")
        printer.printer.status = "ok"
        await kiosk.until_screen("home")
        server.kill()
        await kiosk.until(lambda: kiosk.app.screen("out_of_service").reason_vi.startswith("Mất kết nối"))
        await kiosk.until_screen("out_of_service")
        save(kiosk, f"server-down-{suffix}")

    run_kiosk(kiosk_config(server, printer, window=SIZES[orientation]), scenario)


@pytest.mark.parametrize("orientation", SIZES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_closed_hall(make_hall_server, printer, tmp_path, orientation, lang):
    server = make_hall_server(config=demo_hall(tmp_path, True), clock_start="2026-11-30T19:00:00")

    async def scenario(kiosk):
        await kiosk.until_screen("home")
        kiosk.app.set_lang(lang)
        await kiosk.frames(4)
        save(kiosk, f"closed-{orientation}-{lang}")

    run_kiosk(kiosk_config(server, printer, window=SIZES[orientation]), scenario)
