"""Atomic file writes and the invoice vault layout (DESIGN.md §4).

``<home>/<RFC>/emitidos|recibidos/<YYYY>/<MM>/<UUID>.xml``: plain files an accountant can copy. Every file
is written to a temporary name in the same folder, flushed to disk and renamed, so a crash leaves either
the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from pathlib import Path

from desktop_app.core.crashpoints import crashpoint

DIRECTION_FOLDERS = {"issued": "emitidos", "received": "recibidos"}


def atomic_write(path: Path, data: bytes, *, mode: int | None = None, fsync: bool = True) -> None:
    """Write ``data`` to ``path`` via a temporary sibling and a rename.

    ``fsync=False`` is for batches (a package's XML): the caller syncs once before committing the index.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        crashpoint("vault.tmp_written")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_O_NEW = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


def write_file_atomic(path: str, data: bytes) -> None:
    """:func:`atomic_write` for the ingest loop: the folder exists, no fsync (the caller syncs once per batch).

    Plain ``os`` calls (no ``tempfile``/``pathlib`` objects): a 200,000-document package writes 200,000 files.
    The temporary name is unique per process and thread, so concurrent writers never share one.
    """
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}-{threading.get_ident()}.tmp")
    fd = os.open(tmp, _O_NEW, 0o644)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        crashpoint("vault.tmp_written")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def invoice_path(home: Path, rfc: str, direction: str, issue_date: str, uuid: str) -> Path:
    """Where an invoice's XML lives; ``issue_date`` is ISO ``YYYY-MM-DD…``."""
    folder = DIRECTION_FOLDERS.get(direction, "otros")
    year, month = (issue_date[:4], issue_date[5:7]) if len(issue_date) >= 7 else ("0000", "00")
    return home / rfc / folder / year / month / f"{uuid.upper()}.xml"


def package_path(home: Path, rfc: str, package_id: str) -> Path:
    return home / rfc / "paquetes" / f"{package_id}.zip"


def fiel_dir(home: Path, rfc: str) -> Path:
    return home / rfc / "fiel"
