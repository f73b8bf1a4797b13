"""Temporary files an interrupted run left behind in a profile's folders."""

from __future__ import annotations

import os
from pathlib import Path

# Temporary names of interrupted writes: ``atomic_write``/``write_file_atomic`` (``*.tmp``) and package
# downloads (``*.part``). ``*.invalid`` files are kept on purpose (SAT's answer, for diagnosis).
_TEMP_SUFFIXES = (".tmp", ".part")
_PROFILE_FOLDERS = ("emitidos", "recibidos", "otros", "paquetes")


def sweep_interrupted_writes(home: Path, rfc: str, *, older_than: float) -> list[Path]:
    """Delete temporary files an interrupted run left in the profile's vault and package folders.

    Only called after a run was found unfinished (the process died), under the profile's sync lock; files
    modified at or after ``older_than`` (a ``time.time()`` value) belong to a live writer and are kept.
    """
    removed: list[Path] = []
    base = home / rfc
    for folder in _PROFILE_FOLDERS:
        for dirpath, _dirs, files in os.walk(base / folder):
            for name in files:
                if not name.endswith(_TEMP_SUFFIXES):
                    continue
                path = Path(dirpath) / name
                try:
                    if path.stat().st_mtime < older_than:
                        path.unlink()
                        removed.append(path)
                except FileNotFoundError:
                    continue
    return removed
