"""Where the data home is (DESIGN.md §4): ``--home``, else ``DESCARGA_MASIVA_HOME``, else the user data dir."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path

import platformdirs

from desktop_app.core.errors import AppError

APP_NAME = "DescargaMasivaSAT"


def default_home() -> Path:
    env = os.environ.get("DESCARGA_MASIVA_HOME")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_home(explicit: str | os.PathLike[str] | None) -> Path:
    return Path(explicit).expanduser() if explicit else default_home()


def refuse_inside_home(home: str | os.PathLike[str] | None, target: str | os.PathLike[str]) -> None:
    """Raise ``output_in_data_home`` when a file the user asked to write (an export, a report, a PDF, a copy) is in
    the data home: an export to ``<home>/descarga.sqlite3`` replaced the database and answered success — profiles
    and SAT's request ledger gone, no backup — and one to a vault XML replaced that invoice (an outside audit).
    Compared as real paths (``..``, symlinks, and on Windows the case resolved); ``home`` None (the data is an
    office server's): nothing to compare."""
    if home is None:
        return
    root = os.path.normcase(os.path.realpath(home))
    where = os.path.normcase(os.path.realpath(target))
    if where == root or where.startswith(root.rstrip(os.sep) + os.sep):
        raise AppError(
            "output_in_data_home",
            f"{os.fspath(target)} is inside the data folder {os.fspath(home)}, whose files (the database, the "
            "invoices' XML, the packages) an export never replaces: choose a file in another folder.",
            field="output",
            path=os.fspath(target),
        )


@contextlib.contextmanager
def writing_user_file(
    path: str | os.PathLike[str], home: str | os.PathLike[str] | None, *, failed: str = "export_failed"
) -> Iterator[None]:
    """Around writing a file the user chose (the window's exports and PDFs): never in the data home
    (:func:`refuse_inside_home`), and a file that cannot be written is an error code the window words — no
    permission, a full disk, anything else as ``failed`` — never the crash dialog (an outside audit: the invoices'
    export to a read-only folder opened it with a traceback)."""
    refuse_inside_home(home, path)
    try:
        yield
    except PermissionError as exc:
        raise AppError("permission_denied", f"Cannot write {os.fspath(path)}: {exc}", path=os.fspath(path)) from exc
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise AppError("disk_full", f"No space left to write {os.fspath(path)}.", path=os.fspath(path)) from exc
        raise AppError(failed, f"Cannot write {os.fspath(path)}: {exc}", path=os.fspath(path)) from exc
