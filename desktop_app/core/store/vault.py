"""Atomic file writes and the invoice vault layout (DESIGN.md §4).

``<home>/<RFC>/emitidos|recibidos/<YYYY>/<MM>/<UUID>.xml``: plain files an accountant can copy. Every file
is written to a temporary name in the same folder, flushed to disk and renamed, so a crash leaves either
the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from desktop_app.core.crashpoints import crashpoint
from desktop_app.core.errors import AppError

DIRECTION_FOLDERS = {"issued": "emitidos", "received": "recibidos"}
OTHER_FOLDER = "otros"  # the vault folder of any other direction
# Invoices are private data: every folder the app creates in the data home is the owner's alone, every file
# readable by the owner only (on Windows the data home lives in the user's profile, whose ACLs do the same).
DIR_MODE = 0o700
FILE_MODE = 0o600


def name_failed_write(exc: BaseException, path: Path | str) -> None:
    """Name ``path`` in an ``OSError`` that names no file — a full disk is told by ``write()``, not ``open()``, and
    its error carries no file name —, so that what the user reads is about the file written (an export's disk,
    not the data folder's: an outside audit read «free space in the data folder» for a full USB stick)."""
    if isinstance(exc, OSError) and exc.filename is None:
        exc.filename = os.fspath(path)


def atomic_write(path: Path, data: bytes, *, mode: int | None = None, fsync: bool = True) -> None:
    """Write ``data`` to ``path`` via a temporary sibling and a rename.

    ``fsync=False`` is for batches (a package's XML): the caller syncs once before committing the index.
    """
    fd, tmp = _private_sibling(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, FILE_MODE if mode is None else mode)
        crashpoint("vault.tmp_written")
        os.replace(tmp, path)
    except BaseException as exc:
        name_failed_write(exc, tmp)
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
    fd = os.open(tmp, _O_NEW, FILE_MODE)
    try:
        _write_and_close(fd, data)
        crashpoint("vault.tmp_written")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def stage_file(folder: str, path: str, data: bytes, tag: str) -> str | None:
    """Write ``data`` to a temporary sibling of ``path`` for the ingest thread to rename into place (or delete):
    what worker processes do with the documents they parse, so that the thread that writes the index makes a
    new vault file with one rename instead of writing it (``core.parallel``, ``IndexWriter.add_prepared``).

    ``tag`` makes the name unique among the files a process has staged and not yet handed over (two documents
    may share a UUID). Returns the temporary file's path; None when ``path`` already holds exactly ``data`` or the
    write failed — the ingest thread then writes (or skips) the file itself, and meets the error itself (a full
    disk) where it can roll back. A temporary file an interrupted run leaves is ``*.tmp``, swept as the others.
    """
    if same_file(path, data):
        return None
    tmp = os.path.join(folder, f".{os.path.basename(path)}.{tag}.tmp")
    try:
        try:
            fd = os.open(tmp, _O_NEW | os.O_EXCL, FILE_MODE)
        except FileNotFoundError:  # the month's folder is new
            private_dirs(folder)
            fd = os.open(tmp, _O_NEW | os.O_EXCL, FILE_MODE)
    except OSError:
        return None
    try:
        _write_and_close(fd, data)
    except OSError:
        discard_staged(tmp)
        return None
    return tmp


def _write_and_close(fd: int, data: bytes) -> None:
    """Every byte of ``data`` to ``fd`` (a write may take only part of it), then close ``fd`` whatever happened."""
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def discard_staged(tmp: str | None) -> None:
    """Delete a file :func:`stage_file` wrote that is not to be renamed into place (if it is still there)."""
    if tmp is not None:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def sweep_staged(base: str, tags: Sequence[str]) -> int:
    """Delete the files :func:`stage_file` wrote under ``base`` (a profile's folder) with a tag that starts with one
    of ``tags``: what worker processes that died (killed by the OS) left staged. Walks the profile's vault, so only
    for that rare case; an interrupted run's are swept with the others' (``sync.leftovers``). Returns the count."""
    markers = tuple(f".{tag}" for tag in tags)
    removed = 0
    for kind in (*DIRECTION_FOLDERS.values(), OTHER_FOLDER):
        for folder, _dirs, files in os.walk(os.path.join(base, kind)):
            for name in files:
                if name.endswith(".tmp") and any(marker in name for marker in markers):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(os.path.join(folder, name))
                        removed += 1
    return removed


def same_file(path: str, data: bytes) -> bool:
    """Whether ``path`` holds exactly ``data`` (a stat first: a file of another size is told without reading it)."""
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as fh:
            return fh.read() == data
    except OSError:
        return False


def sync_files(paths: Sequence[str]) -> None:
    """Make files written without fsync (:func:`write_file_atomic`) durable, with their renames: before the index
    commits a batch that names them.

    On Linux, ``syncfs`` of each file system the files are on: what ``sync`` does for them, without also waiting
    for every other disk of the machine to write its dirty pages (on a busy machine ``os.sync`` took 0.1–0.5 s a
    batch, the ingest stalled meanwhile). Should it fail, ``os.sync`` as before; elsewhere ``os.sync``, or an fsync
    per file where there is none (Windows).
    """
    if not paths:
        return
    syncfs = _syncfs()
    if syncfs is not None and _sync_file_systems(syncfs, paths):
        return
    if hasattr(os, "sync"):
        os.sync()
        return
    for path in paths:  # pragma: no cover - Windows
        with open(path, "rb+") as fh:
            os.fsync(fh.fileno())


def _sync_file_systems(syncfs: Callable[[int], int], paths: Sequence[str]) -> bool:
    """``syncfs`` once per file system holding a folder of ``paths``; False if any of it failed."""
    try:
        devices: dict[int, str] = {}
        for folder in {os.path.dirname(path) for path in paths}:
            devices.setdefault(os.stat(folder).st_dev, folder)
        for folder in devices.values():
            fd = os.open(folder, os.O_RDONLY)
            try:
                if syncfs(fd) != 0:
                    return False
            finally:
                os.close(fd)
    except OSError:
        return False
    return True


_syncfs_fn: list[Callable[[int], int] | None] = []  # loaded on first use (ctypes is not imported at start-up)


def _syncfs() -> Callable[[int], int] | None:
    """libc's ``syncfs(fd)`` (Linux 2.6.39+), or None."""
    if not _syncfs_fn:
        fn = None
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                fn = ctypes.CDLL(None, use_errno=True).syncfs
                fn.argtypes = [ctypes.c_int]
                fn.restype = ctypes.c_int
            except (OSError, AttributeError):
                fn = None
        _syncfs_fn.append(fn)
    return _syncfs_fn[0]


def private_temporary(path: Path) -> Path:
    """A new, empty, private (0600) file beside ``path`` to write it through before a rename: a name nobody can
    guess or plant a symlink at beforehand (``mkstemp``: ``O_EXCL``, random), in ``path``'s folder (made private
    when missing) so that the rename stays on one file system."""
    fd, name = _private_sibling(path)
    os.close(fd)
    return Path(name)


def _private_sibling(path: Path) -> tuple[int, str]:
    """An open descriptor and the name of a new private file beside ``path`` (:func:`private_temporary`)."""
    private_dirs(path.parent)
    return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)


_PRIVATE_TEMPORARY_RE = re.compile(r"\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.tmp")


def named_target(path: Path) -> Path:
    """The file a private temporary sibling (:func:`_private_sibling`: ``.<name>.<8 random>.tmp``) was to become,
    for a message about the user's file rather than the app's hidden one; any other path as it is."""
    found = _PRIVATE_TEMPORARY_RE.fullmatch(path.name)
    return path.with_name(found.group("name")) if found else path


def copy_private(source: Path | str, target: Path | str) -> None:
    """Copy a file the user asked for out of the data home (an invoice's XML, a package) as the app writes its
    own files: 0600, through a private temporary sibling and a rename, never through what is at its name."""
    target = Path(target)
    tmp = private_temporary(target)
    try:
        with open(source, "rb") as src, open(tmp, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        os.replace(tmp, target)
    except BaseException as exc:
        name_failed_write(exc, tmp)
        tmp.unlink(missing_ok=True)
        raise


def private_dirs(folder: Path | str) -> None:
    """``mkdir -p`` with every folder it creates 0700 (``os.makedirs``' mode is subject to the umask and, before
    Python 3.7's change, not applied to parents: set it on each)."""
    folder = Path(folder)
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for created in reversed(missing):
        with contextlib.suppress(FileExistsError):
            created.mkdir(mode=DIR_MODE)
        with contextlib.suppress(OSError):
            os.chmod(created, DIR_MODE)


def tighten_home(home: Path, profile_folder: Callable[[str], bool]) -> None:
    """A data home that already existed open to others (0777, 0755): the home and the app's folders in it (each
    profile's, whose names ``profile_folder`` tells, ``logs``) made 0700 again — ``private_dirs`` sets the mode of
    the folders it creates only. Only folders this user owns; nothing else in the home is touched."""
    owner = getattr(os, "getuid", None)
    if owner is None:  # Windows: folders inherit the profile's ACL, there are no mode bits to tighten
        return
    uid = owner()
    candidates = [home, home / "logs"]
    with contextlib.suppress(OSError):
        candidates += [entry for entry in home.iterdir() if profile_folder(entry.name)]
    for folder in candidates:
        with contextlib.suppress(OSError):
            info = folder.lstat()
            if stat.S_ISDIR(info.st_mode) and info.st_uid == uid and info.st_mode & 0o077:
                os.chmod(folder, DIR_MODE)


def make_private(path: Path | str, *, folder: bool = False) -> None:
    """Tighten an existing file (0600) or folder (0700) the app owns; a file system without modes is left as is."""
    with contextlib.suppress(OSError):
        os.chmod(path, DIR_MODE if folder else FILE_MODE)


def relative_to_home(home: Path, path: Path | str) -> str:
    """How the index names a file of the data home: relative to it, with ``/``, so that the home can be moved
    (or given as a relative ``--home``) and every stored path still finds its file."""
    resolved = Path(path)
    try:
        return resolved.relative_to(home).as_posix()
    except ValueError:
        try:
            return resolved.resolve().relative_to(Path(home).resolve()).as_posix()
        except ValueError:
            return str(path)  # not inside the home (never written by the app): kept as given


def resolve(home: Path, stored: str | None) -> str | None:
    """The file a stored (home-relative) path names, as an absolute path; ``None`` stays ``None``."""
    if not stored:
        return stored
    path = Path(stored)
    return str(path if path.is_absolute() else Path(home).absolute() / path)


def invoice_relpath(rfc: str, direction: str, issue_date: str, uuid: str) -> str:
    """:func:`invoice_path` relative to the home (what the index stores); ``schema`` migration 3 builds the same."""
    folder = DIRECTION_FOLDERS.get(direction, OTHER_FOLDER)
    year, month = (issue_date[:4], issue_date[5:7]) if len(issue_date) >= 7 else ("0000", "00")
    return f"{rfc}/{folder}/{year}/{month}/{uuid.upper()}.xml"


def invoice_path(home: Path, rfc: str, direction: str, issue_date: str, uuid: str) -> Path:
    """Where an invoice's XML lives; ``issue_date`` is ISO ``YYYY-MM-DD…``."""
    return home / invoice_relpath(rfc, direction, issue_date, uuid)


# Names that become file names. SAT's ids are checked against their own patterns when its answers are read
# (``sat.responses``); this is the last guard before a path is built: nothing from outside may climb out of the
# home (``../../x``), name a device, or hide (a leading dot).
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
_SAFE_RFC = re.compile(r"[A-Z&Ñ0-9]{12,13}")


def safe_name(value: str, what: str) -> str:
    """``value`` if it is safe as a file name in the data home, else ``invalid_identifier`` (before any I/O)."""
    if not isinstance(value, str) or not _SAFE_NAME.fullmatch(value):
        raise AppError(
            "invalid_identifier", f"Refused a {what} that is not a valid identifier: {str(value)[:80]!r}", what=what
        )
    return value


def _rfc_folder(rfc: str) -> str:
    if not isinstance(rfc, str) or not _SAFE_RFC.fullmatch(rfc):
        raise AppError("invalid_identifier", f"Refused an RFC that is not valid: {str(rfc)[:80]!r}", what="rfc")
    return rfc


def package_path(home: Path, rfc: str, package_id: str) -> Path:
    return home / _rfc_folder(rfc) / "paquetes" / f"{safe_name(package_id, 'package id')}.zip"


def fiel_dir(home: Path, rfc: str) -> Path:
    return home / rfc / "fiel"
