"""Everything a citizen reads at the kiosk is there in Vietnamese and in English, whichever is chosen:
the chosen language comes first and larger, the other second, on every screen."""
import asyncio
import re

from tests.kiosk.conftest import kiosk_config, run_kiosk
from tests.kiosk.every_screen import busy_morning, demo_hall, walk, walk_config


def phrases(texts: list[str]) -> list[str]:
    """The screen's texts cut into phrases (lines, and parts joined by "·"), without case, markup or arrows."""
    found = []
    for text in texts:
        for phrase in re.split(r"\n|·", re.sub(r"\[/?\w+[^\]]*\]", "", text)):
            if phrase.strip(" ‹▼▲"):
                found.append(phrase.strip(" ‹▼▲").casefold())
    return sorted(found)


async def in_both_languages(kiosk) -> tuple[list[str], list[str]]:
    """What the screen says with Vietnamese chosen and with English chosen; then back as it was."""
    chosen = kiosk.app.lang
    seen = {}
    for lang in ("vi", "en"):
        kiosk.app.set_lang(lang)
        await kiosk.frames(3)
        seen[lang] = phrases(kiosk.texts())
    kiosk.app.set_lang(chosen)
    return seen["vi"], seen["en"]


def test_every_screen_says_everything_in_both_languages(make_hall_server, printer, tmp_path):
    server = make_hall_server(config=demo_hall(tmp_path))
    asyncio.run(busy_morning(server))
    one_language = {}

    async def scenario(kiosk):
        async def stop(name):
            vi, en = await in_both_languages(kiosk)
            if vi != en:
                one_language[name] = (sorted(set(vi) - set(en)), sorted(set(en) - set(vi)))

        await walk(kiosk, server, printer, stop)

    run_kiosk(walk_config(server, printer), scenario)
    assert one_language == {}, "\n".join(f"{name}: only with Vietnamese chosen {vi}; only with English chosen {en}"
                                          for name, (vi, en) in one_language.items())


def test_the_closed_hall_says_its_hours_in_both_languages(make_hall_server, printer, tmp_path):
    server = make_hall_server(config=demo_hall(tmp_path, every_service_has_hours=True),
                              clock_start="2026-11-30T19:00:00")

    async def scenario(kiosk):
        await kiosk.until(lambda: kiosk.screen == "home" and kiosk.app.screen("home").closed)
        vi, en = await in_both_languages(kiosk)
        assert vi == en

    run_kiosk(kiosk_config(server, printer), scenario)
