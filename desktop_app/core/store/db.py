"""Opening the SQLite database: WAL, one connection per thread, migrations with a backup first.

Every state change is one transaction (``with transaction(conn): …``); readers never block the writer
(WAL) and a second writer waits up to ``busy_timeout`` instead of failing.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop_app.core.errors import AppError
from desktop_app.core.store import schema

DB_NAME = "descarga.sqlite3"
BUSY_TIMEOUT_MS = 15_000


def connect(path: Path, *, migrate: bool = True) -> sqlite3.Connection:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=True)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # Switching the journal mode needs a lock; only the first connection to a new file has to do it.
    if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    if migrate:
        _migrate(conn, path)
    return conn


def needs_migration(path: Path) -> bool:
    """Whether opening the database at ``path`` would migrate an existing (older) one: a long step on a big
    index, which the window announces instead of looking frozen. A new or current database: False."""
    if not path.is_file():
        return False
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            version = schema_version(conn)
        finally:
            conn.close()
    except sqlite3.Error:
        return False  # connect() will say what is wrong
    return 0 < version < len(schema.MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


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
    from desktop_app.core.index import search_text  # the index's text folding; imported only to migrate

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
    # A name of our own: the window and a scheduled run may back up the same old database at once.
    tmp = target.with_name(f"{target.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    dest = sqlite3.connect(tmp)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    shutil.move(tmp, target)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: one state change, all or nothing."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


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
