"""Where a hall's files live when no option says otherwise: one answer for the server, the demo and the report."""
from pathlib import Path

import platformdirs

DATA_DIR = Path(platformdirs.user_data_dir("xephang"))
DEMO_DIR = DATA_DIR / "demo"


def default_db_path(config_path: str | Path | None = None, demo_dir: Path = DEMO_DIR) -> Path:
    """The embedded demo hall's database is the demo's, so `xephang report` after `xephang demo` reads what the
    demo wrote; a hall file's database is named after the file."""
    if config_path is None:
        return demo_dir / "demo-hall.db"
    return DATA_DIR / f"{Path(config_path).stem}.db"
