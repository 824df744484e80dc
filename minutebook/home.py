"""Where minutebook keeps its data: `--home`, else $MINUTEBOOK_HOME, else the platform's user data folder."""

from __future__ import annotations

import os
from pathlib import Path

from minutebook.errors import HomeNotWritable, MinutebookError, printable

__all__ = ["data_home", "store_path", "index_path"]

ENV_VAR = "MINUTEBOOK_HOME"


def data_home(explicit: str | Path | None = None) -> Path:
    """Resolve the data home and create it on first use."""
    if explicit:
        home = Path(explicit)
    elif os.environ.get(ENV_VAR):
        home = Path(os.environ[ENV_VAR])
    else:
        from platformdirs import user_data_dir

        home = Path(user_data_dir("minutebook", appauthor=False))
    home = home.expanduser()
    try:
        home.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise MinutebookError(f"{printable(home)} is a file, not a folder: choose another --home") from None
    except OSError as exc:  # a read-only or another user's parent folder
        raise HomeNotWritable(home, exc) from None
    return home


def store_path(home: Path) -> Path:
    return home / "minutebook.sqlite3"


def index_path(home: Path) -> Path:
    return home / "index"
