"""What `pip install xephang` puts on a hall's server PC, and what each app's extra adds (issue 16, item 6).

The wheel is built from the working tree (without the network), unpacked, and run from where it was unpacked:
every file the code opens at run time must be in it, and the server's commands must work without Kivy or the
printer libraries.
"""
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PACKAGES = [pattern.rstrip("*") for pattern in PROJECT["tool"]["setuptools"]["packages"]["find"]["include"]]
APPS = ("kiosk", "display", "counter", "rating")
NOT_ON_THE_SERVER = ("kivy", "pillow", "qrcode", "python-escpos")  # distributions
NOT_IMPORTED_BY_THE_SERVER = ("kivy", "PIL", "qrcode", "escpos", "serial", "usb")  # their modules
DEMO_HALL_NAME = tomllib.loads((ROOT / "queue_server" / "demo_hall.toml").read_text())["hall"]["name"]
SERVER_COMMANDS = ("server", "report", "dashboard", "hash-password", "import-dossiers", "personal-data")


def distribution(requirement: str) -> str:
    return re.split(r"[\[=<>!~; ]", requirement, maxsplit=1)[0].lower()


def extra(name: str) -> set[str]:
    """The distributions an extra brings, through the extras it names (xephang[printers])."""
    names = set()
    for requirement in PROJECT["project"]["optional-dependencies"][name]:
        if requirement.startswith("xephang["):
            for inner in requirement[len("xephang["):-1].split(","):
                names |= extra(inner)
        else:
            names.add(distribution(requirement))
    return names


def tracked_files() -> list[str]:
    """The product packages' files as git knows them, plus files not yet committed (not ignored)."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", *PACKAGES],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout.splitlines()
    return [name for name in listed if (ROOT / name).is_file()]


def test_the_server_pc_installs_without_kivy_or_printer_libraries():
    base = {distribution(r) for r in PROJECT["project"]["dependencies"]}
    assert base.isdisjoint(NOT_ON_THE_SERVER), base & set(NOT_ON_THE_SERVER)
    for app in APPS:
        assert "kivy" in extra(app), app
    assert {"pillow", "qrcode", "python-escpos"} <= extra("kiosk")  # it prints the tickets
    assert extra("apps") == set().union(*(extra(app) for app in APPS))


def test_package_data_lists_what_exists():
    """Each pattern matches a file, and every file beside the code (kv, fonts, templates, ...) is listed."""
    package_data = PROJECT["tool"]["setuptools"]["package-data"]
    listed = set()
    for package, patterns in package_data.items():
        for pattern in patterns:
            matched = {p.relative_to(ROOT).as_posix() for p in (ROOT / package).glob(pattern)}
            assert matched, f"{package}: {pattern!r} matches no file"
            listed |= matched
    data_files = {name for name in tracked_files() if not name.endswith(".py")}
    assert listed == data_files


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The wheel built from a copy of the tree (an in-tree build/ could hold files no longer there), unpacked:
    a pure-Python wheel unpacked is what pip would install."""
    source, out, target = (tmp_path_factory.mktemp(name) for name in ("source", "wheel", "site"))
    for name in ["pyproject.toml", "README.md", "LICENSE", *tracked_files()]:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(out), str(source)], check=True, capture_output=True, timeout=180)
    (wheel,) = out.glob("xephang-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def test_the_wheel_holds_every_file_of_the_product_and_nothing_of_the_tests(installed):
    shipped = {p.relative_to(installed).as_posix() for p in installed.rglob("*")
               if p.is_file() and ".dist-info" not in p.parts[len(installed.parts)]}
    assert set(tracked_files()) <= shipped, sorted(set(tracked_files()) - shipped)
    assert not any(name.startswith(("tests/", "bench/")) for name in shipped)
    entry_points = next(installed.glob("xephang-*.dist-info")) / "entry_points.txt"
    assert "xephang = xephang.cli:main" in entry_points.read_text()


def test_the_installed_server_commands_run_without_kivy_and_find_their_files(installed, tmp_path):
    """Run from the unpacked wheel in an empty folder, Kivy and the printer libraries made impossible to import."""
    script = f"""
import sys

class NotInstalled:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {NOT_IMPORTED_BY_THE_SERVER!r}:
            raise ImportError(name + " is not installed on a server PC")

sys.meta_path.insert(0, NotInstalled())
import queue_server
assert queue_server.__file__.startswith({str(installed)!r}), queue_server.__file__

from xephang.cli import build_parser
for command in {SERVER_COMMANDS!r}:
    build_parser([command])
import queue_server.server
import dashboard.app
from queue_server.config import DEMO_CONFIG_PATH, load_config
hall = load_config(DEMO_CONFIG_PATH)
board = dashboard.app.Dashboard(hall, {str(tmp_path / "hall.db")!r}, "ws://127.0.0.1:9")
for template in ("base.html", "login.html", "live.html", "live_panel.html", "reports.html", "dossiers.html",
                 "adjustments.html", "error.html"):
    board.templates.get_template(template)
for name in ("dashboard.css", "charts.js", "live.js"):
    assert (dashboard.app.HERE / "static" / name).is_file(), name
print("served", hall.hall.name, sorted(set(sys.modules) & set({NOT_IMPORTED_BY_THE_SERVER!r})))
"""
    ran = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env={"PYTHONPATH": str(installed)},
                         capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == f"served {DEMO_HALL_NAME} []"


def test_the_installed_printers_find_their_font(installed, tmp_path):
    script = """
from printers.fonts import BOLD, FONT_DIR, REGULAR
from printers.sample import sample_ticket
from printers.ticket import render_ticket
assert str(FONT_DIR).startswith(sys.argv[1]) and REGULAR.is_file() and BOLD.is_file()
assert "Apache License" in (FONT_DIR / "LICENSE.txt").read_text()
print(render_ticket(sample_ticket("regular")).size[0])
"""
    ran = subprocess.run([sys.executable, "-c", "import sys\n" + script, str(installed)], cwd=tmp_path,
                         env={"PYTHONPATH": str(installed)}, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "576"  # 80 mm paper, 203 dpi


DEVICE_APPS = ("kiosk", "display", "counter", "rating", "printers", "queue_protocol")


@pytest.mark.parametrize("package", DEVICE_APPS)
def test_a_device_app_never_imports_the_queue_server(package):
    # A kiosk or screen PC speaks protocol 1 only; the vocabulary it shares with the server is queue_protocol's.
    importing = re.compile(r"^\s*(?:from|import)\s+queue_server\b", re.MULTILINE)
    offenders = [str(path.relative_to(ROOT)) for path in sorted((ROOT / package).rglob("*.py"))
                 if importing.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
