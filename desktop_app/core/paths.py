"""Where the data home is (DESIGN.md §4): ``--home``, else ``DESCARGA_MASIVA_HOME``, else the user data dir."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "DescargaMasivaSAT"


def default_home() -> Path:
    env = os.environ.get("DESCARGA_MASIVA_HOME")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_home(explicit: str | os.PathLike[str] | None) -> Path:
    return Path(explicit).expanduser() if explicit else default_home()
