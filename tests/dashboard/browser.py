"""Debian's Chromium driven by Selenium through Debian's chromedriver: headless, a fresh profile, no network
of its own. Shared by the dashboard's browser tests, its screenshots and its bench."""
import os
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def start_browser(width: int = 1920, height: int = 1080, download_dir: Path | None = None) -> webdriver.Chrome:
    profile = tempfile.mkdtemp(prefix="xephang-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                     f"--user-data-dir={profile}", f"--window-size={width},{height}", "--lang=vi"):
        options.add_argument(argument)
    # Vietnamese first, as a hall manager's browser: date fields then read dd/mm/yyyy (given Debian's
    # chromium-l10n; Chromium without it has only en-US, and shows mm/dd/yyyy).
    prefs = {"intl.accept_languages": "vi,en"}
    if download_dir is not None:
        prefs.update({"download.default_directory": str(download_dir), "download.prompt_for_download": False})
    options.add_experimental_option("prefs", prefs)
    # The browser's own language (date fields, number formats) comes from the environment, as on a desktop.
    service = Service(CHROMEDRIVER, env=dict(os.environ, LANGUAGE="vi", LANG="vi_VN.UTF-8"))
    driver = webdriver.Chrome(options=options, service=service)
    set_viewport(driver, width, height)
    return driver


def set_viewport(driver, width: int, height: int) -> None:
    """The page's own area at exactly width x height, as a phone when narrow (windows cannot be that narrow)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
