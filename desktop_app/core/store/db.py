"""Opening the SQLite database: WAL, one connection per thread, migrations with a backup first.

Every state change is one transaction (``with transaction(conn): …``); readers never block the writer
(WAL) and a second writer waits up to ``busy_timeout`` instead of failing.

A hostile world: a damaged file (bad header, truncated, a garbage page) is ``database_damaged`` with the
newest backup to restore, never a traceback; an empty ``descarga.sqlite3`` in a home that has data is damaged,
not a new home (that would silently drop every profile and the ledger); a home the user cannot write is opened
read-only (reading commands work) and a write is ``home_not_writable``.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Protocol

from desktop_app.core.errors import AppError
from desktop_app.core.store import dialect, schema
from desktop_app.core.store.vault import named_target, private_temporary

DB_NAME = "descarga.sqlite3"
BUSY_TIMEOUT_MS = 15_000
SQLITE_MAGIC = b"SQLite format 3\x00"
# The database's own files: anything else in the home (RFC folders, backups, logs) means the home is in use.
_DB_SUFFIXES = ("", "-wal", "-shm", "-journal")


# Connections this process has open, per database file. POSIX drops *every* lock a process holds on a file when
# it closes *any* descriptor of that file: reading the header with open()/close() while SQLite has the file
# open would silently release its locks, and another process could then checkpoint and delete the WAL under
# us (seen as "disk I/O error" with the window and a CLI sync on one home). The header is read only while
# this process has no connection to the file; after that SQLite holds it, and says itself if it is damaged.
_open_connections: dict[str, int] = {}
_open_lock = threading.Lock()


def _key(path: Path | None) -> str:
    return os.path.abspath(path) if path is not None else ""


class Connection(sqlite3.Connection):
    """A connection that knows its file and whether it was opened read-only (a home the user cannot write)."""

    read_only = False
    path: Path | None = None
    _counted = False

    def count_open(self) -> None:
        with _open_lock:
            _open_connections[_key(self.path)] = _open_connections.get(_key(self.path), 0) + 1
            self._counted = True

    def close(self) -> None:
        if self._counted:
            with _open_lock:
                self._counted = False
                left = _open_connections.get(_key(self.path), 1) - 1
                if left > 0:
                    _open_connections[_key(self.path)] = left
                else:
                    _open_connections.pop(_key(self.path), None)
        super().close()


def _in_use(path: Path) -> bool:
    with _open_lock:
        return _open_connections.get(_key(path), 0) > 0


def connect(path: Path, *, migrate: bool = True) -> sqlite3.Connection:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    Raises ``database_damaged`` for a file that is not a whole SQLite database, ``home_not_writable`` when
    the database must be created or upgraded in a folder the user cannot write. A home the user can read but
    not write is opened read-only: reading works, :func:`transaction` refuses with ``home_not_writable``.
    """
    if not _in_use(path):
        check_file(path)
    writable = _writable(path)
    if writable:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except PermissionError as exc:
            raise not_writable_error(path.parent) from exc
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=True, factory=Connection
        )
    else:
        conn = _connect_read_only(path)
    conn.path = path
    conn.count_open()
    try:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Switching the journal mode needs a lock; only the first connection to a new file has to do it.
        if writable and conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        # Reads the schema: a database whose first page is garbage says so here, not in some later query.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if migrate:
            _migrate(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        known = known_error(exc, path)
        if known is not None:
            raise known from exc
        raise
    except BaseException:
        conn.close()
        raise
    return conn


# -- a hostile world: damaged files, read-only homes ---------------------------------------------------------


def check_file(path: Path) -> None:
    """Refuse a database file that cannot be a whole SQLite database, before SQLite opens (or re-creates) it.

    * size 0 in a home that has other content: a file emptied by a bad copy or a disk tool. SQLite would take
      it for a new database and every profile and request would silently vanish; a brand-new home (no file,
      or an empty file and nothing else) still initialises;
    * a first page that is not SQLite's header, or shorter than the header;
    * shorter than the header says, when no write-ahead log holds newer pages (a truncated copy).
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    except OSError:
        return  # unreadable: SQLite (or the read-only opener) reports it
    if size == 0:
        if _home_has_content(path):
            raise damaged_error(path, "empty")
        return
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError:
        return
    if not head.startswith(SQLITE_MAGIC):
        raise damaged_error(path, "not_sqlite")
    if len(head) < 100:
        raise damaged_error(path, "truncated")
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise damaged_error(path, "bad_header")
    pages = int.from_bytes(head[28:32], "big")
    # SQLite trusts the header's page count only when the change counter matches "version-valid-for".
    if pages and head[24:28] == head[92:96] and size < pages * page_size and not _wal_has_frames(path):
        raise damaged_error(path, "truncated")


def _wal_has_frames(path: Path) -> bool:
    try:
        return path.with_name(path.name + "-wal").stat().st_size > 32  # the WAL header is 32 bytes
    except OSError:
        return False


def _home_has_content(path: Path) -> bool:
    own = {path.name + suffix for suffix in _DB_SUFFIXES} | {"logs"}  # the log is written before the database
    try:
        entries = list(path.parent.iterdir())
    except OSError:
        return True  # cannot tell: do not take it for a new home
    return any(entry.name not in own for entry in entries) or _wal_has_frames(path)


def backups(path: Path) -> list[Path]:
    """The complete copies taken before each migration (``descarga.sqlite3.v<N>-<time>.bak``), newest first."""
    found = [p for p in path.parent.glob(f"{glob_escape(path.name)}.v*.bak") if p.is_file()]

    def moment(backup: Path) -> tuple[str, float]:
        stamp = backup.name[len(path.name) :].rsplit("-", 1)[-1].removesuffix(".bak")
        try:
            mtime = backup.stat().st_mtime
        except OSError:
            mtime = 0.0
        return (stamp if stamp.isdigit() else "", mtime)

    return sorted(found, key=moment, reverse=True)


def glob_escape(name: str) -> str:
    return "".join(f"[{ch}]" if ch in "*?[" else ch for ch in name)


_DAMAGE_REASONS = {
    "empty": "the file is empty (0 bytes) although the folder holds data",
    "not_sqlite": "the file does not start with SQLite's header",
    "bad_header": "SQLite's header is damaged",
    "truncated": "the file is shorter than its header says (truncated)",
    "malformed": "SQLite reports a damaged page (database disk image is malformed)",
}


def damaged_error(path: Path, reason: str) -> AppError:
    """``database_damaged``: what is wrong, the newest backup and how to restore it (or start over)."""
    home = path.parent
    found = backups(path)
    explanation = _DAMAGE_REASONS.get(reason, reason)
    reimport = f"descarga-masiva --home {_shell(home)} invoices import {_shell(home / '<RFC>')}"
    if found:
        command = f"descarga-masiva --home {_shell(home)} database restore"
        message = (
            f"The database {path} is damaged: {explanation}. Restore the newest backup, {found[0].name}: close "
            f"the app and run `{command}` (the damaged file is kept beside it, renamed); then `{reimport}` "
            "indexes again the XML files downloaded after that backup (they are still in the folder)."
        )
    else:
        command = f"descarga-masiva --home {_shell(home)} database restore --empty"
        message = (
            f"The database {path} is damaged: {explanation}, and there is no backup of it. Close the app and run "
            f"`{command}` (the damaged file is kept beside it, renamed, and an empty database starts); then add "
            f"each RFC again (`profile add`, `fiel upload`) and run `{reimport}` to index again the XML files, "
            "which are still in the folder."
        )
    return AppError(
        "database_damaged",
        message,
        path=str(path),
        reason=reason,
        backup=str(found[0]) if found else None,
        backups=[str(p) for p in found],
        restore_command=command,
    )


def not_writable_error(home: Path, path: Path | str | None = None) -> AppError:
    """``home_not_writable``: this command needs to write and the data folder is read-only to this user."""
    return AppError(
        "home_not_writable",
        f"The data folder {home} cannot be written (it is read-only, or this user has no permission to write "
        "there), and this needs to write to it. Give your user write permission on that folder, or choose another "
        "one with --home; commands that only read (history, invoices list, profile list, schedule show) still work.",
        path=str(home),
        **({"file": str(path)} if path is not None and Path(path) != home else {}),
    )


def home_error(exc: OSError, home: Path) -> AppError | None:
    """The known failure an OS error on the data folder means: ``invalid_home`` (the folder, or a folder it
    would be created in, is a file), ``home_not_writable``, ``disk_full``; None for anything else (a bug, or a
    path outside the home: the caller says it)."""
    home = Path(os.path.abspath(home))
    where = Path(os.path.abspath(os.fsdecode(exc.filename))) if exc.filename is not None else None
    inside = where is not None and (where == home or home in where.parents)
    blocking = next((p for p in (home, *home.parents) if p.exists() and not p.is_dir()), None)
    if blocking is not None and (blocking == home or exc.errno == errno.ENOTDIR):
        return AppError(
            "invalid_home",
            f"The data folder {home} is a file, not a folder: choose a folder with --home (or DESCARGA_MASIVA_HOME)."
            if blocking == home
            else f"The data folder {home} cannot be created: {blocking} is a file, not a folder. Choose another "
            "folder with --home (or DESCARGA_MASIVA_HOME), or move that file.",
            path=str(home),
            **({"file": str(blocking)} if blocking != home else {}),
        )
    if where == home and exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.EINVAL):
        # the folder itself cannot be made (a --home in /proc, a mount that refuses it): said, not internal_error
        return AppError(
            "invalid_home",
            f"The data folder {home} cannot be created there ({exc.strerror}): choose another folder with --home "
            "(or DESCARGA_MASIVA_HOME).",
            path=str(home),
        )
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        if where is not None and not inside:  # an export or a PDF written elsewhere: that folder's disk is full
            target = named_target(where)
            return AppError(
                "disk_full",
                f"The disk of {target.parent} is full: {target.name} was not written. Free some space there, or "
                "choose another folder, and try again.",
                path=str(target),
            )
        return disk_full_error(home)
    if inside and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return not_writable_error(home, where)
    return None


def disk_full_error(home: Path) -> AppError:
    # Not «nothing was changed»: an import keeps the batches it committed before the disk filled (an outside audit
    # read that beside 2,000 imported invoices). What was being written when it filled was undone.
    return AppError(
        "disk_full",
        f"The disk of the data folder {home} is full. What was being written was undone, nothing is half-written "
        "and what was saved before stays; free some space and run the same command again to finish.",
        path=str(home),
    )


def known_error(exc: BaseException, path: Path) -> AppError | None:
    """The known failure a SQLite error means for the database at ``path`` (damaged, read-only, disk full)."""
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or (
        primary is None and ("malformed" in text or "not a database" in text)
    ):
        return damaged_error(path, "not_sqlite" if primary == sqlite3.SQLITE_NOTADB else "malformed")
    if primary == sqlite3.SQLITE_READONLY or (primary is None and "readonly database" in text):
        return not_writable_error(path.parent, path)
    if primary == sqlite3.SQLITE_FULL or (primary == sqlite3.SQLITE_IOERR and _no_room(path.parent)):
        # An I/O error on a disk with no room left is the full disk (SQLite sizing its -shm file: every command,
        # reads included, was internal_error on a disk with 0 bytes free).
        return disk_full_error(path.parent)
    return None


def _no_room(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < _ROOM_FOR_SQLITE
    except OSError:
        return False


# What SQLite needs to open a database in WAL mode: its -shm index (32 KiB) and a few pages of -wal.
_ROOM_FOR_SQLITE = 256 * 1024


def _shell(path: Path) -> str:
    text = str(path)
    return f'"{text}"' if any(ch.isspace() for ch in text) else text


def _writable(path: Path) -> bool:
    """Whether this user may write the database (and its -wal/-shm beside it). A folder still to be created
    counts as writable: creating it says whether it is."""
    folder = path.parent
    if not folder.exists():
        return True
    if not os.access(folder, os.W_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


def _connect_read_only(path: Path) -> Connection:
    """The database of a home this user cannot write, read-only. Without write access SQLite cannot create
    the WAL's shared-memory file: then the file is opened as immutable (no other process can be writing it,
    or that file would exist)."""
    if not path.exists():
        raise not_writable_error(path.parent, path)
    uri = Path(os.path.abspath(path)).as_uri()
    for options in ("?mode=ro", "?mode=ro&immutable=1"):
        conn = sqlite3.connect(
            uri + options,
            uri=True,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=True,
            factory=Connection,
        )
        conn.read_only = True
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as exc:
            conn.close()
            primary = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
            if options.endswith("immutable=1") or primary not in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN):
                raise
            continue
        except BaseException:
            conn.close()
            raise
        return conn
    raise AssertionError("unreachable")


def needs_migration(path: Path) -> bool:
    """Whether opening the database at ``path`` would migrate an existing (older) one: a long step on a big
    index, which the window announces instead of looking frozen. A new or current database: False."""
    if not path.is_file():
        return False
    try:
        uri = Path(os.path.abspath(path)).as_uri()
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            version = schema_version(conn)
        finally:
            conn.close()
    except sqlite3.Error:
        return False  # connect() will say what is wrong
    return 0 < version < len(schema.MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def integrity(path: Path, *, quick: bool = False, closed: bool = False) -> tuple[int, list[str]]:
    """(schema version, problems) of the database file at ``path``, read-only, by SQLite's integrity check
    (``quick``: its quick check); no problem is ``[]``. Damage is ``database_damaged``.

    ``closed``: a file no one has open (a backup): read as it is, without creating a ``-wal``/``-shm`` beside
    it — exactly the bytes a restore copies."""
    if not _in_use(path):
        check_file(path)
    try:
        version, problems = _checked(path, quick=quick, immutable=closed)
    except sqlite3.DatabaseError as exc:
        known = known_error(exc, path)
        if known is not None and known.code == "database_damaged":
            raise known from exc
        if known is None or known.code != "home_not_writable" or closed or _wal_pages(path):
            raise
        # A folder this user may not write (read-only media, another user's home): SQLite cannot make the -shm
        # index a WAL database is read through, so the file is read as it is — nothing waits in a -wal to be
        # added to it (a «reads only» check answered home_not_writable there).
        version, problems = _checked(path, quick=quick, immutable=True)
    return version, [] if problems == ["ok"] else problems


def _checked(path: Path, *, quick: bool, immutable: bool) -> tuple[int, list[str]]:
    uri = Path(os.path.abspath(path)).as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        version = schema_version(conn)
        pragma = "quick_check" if quick else "integrity_check"
        return version, [row[0] for row in conn.execute(f"PRAGMA {pragma}(20)")]
    finally:
        conn.close()


def _wal_pages(path: Path) -> bool:
    """Whether a write-ahead log beside ``path`` holds pages not yet in the file."""
    try:
        return os.path.getsize(f"{path}-wal") > 0
    except OSError:
        return False


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    current = schema_version(conn)
    target = len(schema.MIGRATIONS)
    if current > target:
        raise AppError(
            "database_too_new",
            f"The data folder was written by a newer version of the app (schema {current} > {target}).",
        )
    if current == target:
        return
    if getattr(conn, "read_only", False):
        raise AppError(
            "home_not_writable",
            f"The data folder {path.parent} was written by an older version of the app and must be upgraded, "
            "which needs to write to it; this user cannot write there. Give your user write permission on that "
            "folder (or open it once as its owner).",
            path=str(path.parent),
        )
    register_functions(conn)
    if current > 0:
        backup = path.with_name(f"{path.name}.v{current}-{time.strftime('%Y%m%d%H%M%S')}.bak")
        _backup(conn, backup)
    for version in range(current, target):
        with transaction(conn):
            # Another process (the window and a scheduled run) may have migrated while we waited for the
            # write lock: re-read the version inside the transaction and apply only what is still missing.
            if schema_version(conn) != version:
                continue
            for statement in _split_sql(schema.MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")


def register_functions(conn: sqlite3.Connection) -> None:
    """SQL functions the migrations use (``schema.ASSIGN_PARTIES``)."""
    from desktop_app.core.text import search_text  # the index's text folding; imported only to migrate

    conn.create_function("fold_search_text", -1, search_text, deterministic=True)


def _split_sql(script: str) -> Iterator[str]:
    """``executescript`` commits on its own; run statements one by one inside our transaction instead."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer
            buffer = ""
    if buffer.strip():
        yield buffer


def _backup(conn: sqlite3.Connection, target: Path) -> None:
    # A name of our own (the window and a scheduled run may back up the same old database at once), made 0600
    # before SQLite opens it: the copy is the whole index, as private as the database it copies.
    tmp = private_temporary(target)
    dest = sqlite3.connect(tmp)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    shutil.move(tmp, target)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: one state change, all or nothing."""
    if getattr(conn, "read_only", False):
        path = getattr(conn, "path", None)
        raise not_writable_error(path.parent if path else Path("."), path)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


# The page cache of a connection while it writes a batch ingest, in KiB (SQLite's default is 2,000). A batch of
# 2,000 documents changes pages of the invoices table and of its sixteen indexes all over them; in the default
# cache they are spilled to the WAL before the commit and read back. 16 MiB holds them: the ingest thread alone
# indexes ~17 % more documents a second at 20,000 documents, a folder import spends ~8 % less CPU in the app
# (docs/performance.md, stop 9). 32 and 64 MiB were no faster there and cost their size in peak RSS on a
# 200,000-document package (DESIGN.md §8's budget). Only the pages a batch touches are allocated.
BULK_CACHE_KIB = 16 * 1024


@contextmanager
def bulk_cache(conn: sqlite3.Connection) -> Iterator[None]:
    """A larger page cache (:data:`BULK_CACHE_KIB`) on ``conn`` for a batch ingest; its own size again after.
    (PostgreSQL's cache is the server's: nothing to do there.)"""
    if dialect.of(conn) != dialect.SQLITE:
        yield
        return
    previous = int(conn.execute("PRAGMA cache_size").fetchone()[0])
    conn.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        with suppress(sqlite3.Error):  # a connection that failed mid-ingest: its own error is the one to see
            conn.execute(f"PRAGMA cache_size = {previous}")


def begin(conn: sqlite3.Connection) -> None:
    """Open a write transaction by hand, for work committed in batches (``with transaction`` otherwise)."""
    if getattr(conn, "read_only", False):
        path = getattr(conn, "path", None)
        raise not_writable_error(path.parent if path else Path("."), path)
    conn.execute("BEGIN IMMEDIATE")


def commit(conn: sqlite3.Connection) -> None:
    conn.execute("COMMIT")


def rollback(conn: sqlite3.Connection) -> None:
    """Undo the open transaction, if any (a no-op after SQLite rolled back on its own)."""
    if conn.in_transaction:
        conn.execute("ROLLBACK")


class ConnectionSource(Protocol):
    """What a repository needs: this thread's connection (:class:`ConnectionPerThread`, :class:`Single`)."""

    def get(self) -> sqlite3.Connection: ...


class Single:
    """One connection offered like :class:`ConnectionPerThread` (``get()``), for a repository used by one
    thread that already holds its connection (the window's reader, a test)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def get(self) -> sqlite3.Connection:
        return self._conn


class ConnectionPerThread:
    """Hands each thread its own connection to the same database file (SQLite connections are per-thread)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        connect(path).close()  # migrate once, up front

    def get(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path, migrate=False)
            self._local.conn = conn
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
