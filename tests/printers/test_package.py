"""The printers package's data files are exactly what pyproject.toml says it ships."""
import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_package_data_lists_what_exists():
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["printers"]
    package = ROOT / "printers"
    listed = {path for pattern in patterns for path in package.glob(pattern)}
    data_files = {path for path in package.rglob("*")
                  if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts}
    assert all(any(package.glob(pattern)) for pattern in patterns), "a pattern matches no file"
    assert listed == data_files
