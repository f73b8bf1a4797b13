"""``database check`` and ``database restore``: what to do when the data home's database is damaged.

``database_damaged`` (``core.store.db``) names the newest backup (``descarga.sqlite3.v<N>-<time>.bak``, the
complete copy taken before each schema migration) and this command to put it back. Nothing is deleted: the
damaged file, with its ``-wal``/``-shm``, is renamed ``descarga.sqlite3.damaged-<time>`` beside it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from pathlib import Path
from typing import Any

from desktop_app.core.errors import AppError
from desktop_app.core.store.vault import private_temporary


def register(commands: Any) -> None:
    database = commands.add_parser("database", help="check the data home's database, or restore a backup")
    sub = database.add_subparsers(dest="database_command", metavar="ACTION", required=True)
    check = sub.add_parser("check", help="SQLite's integrity check of the database (reads only)")
    check.set_defaults(handler=_check)
    restore = sub.add_parser(
        "restore", help="put the newest backup (or --backup FILE) in place of a damaged database; close the app first"
    )
    source = restore.add_mutually_exclusive_group()
    source.add_argument("--backup", help="the backup to restore (default: the newest descarga.sqlite3.v*.bak)")
    source.add_argument(
        "--empty", action="store_true", help="no backup: set the damaged file aside and start an empty database"
    )
    restore.add_argument("--force", action="store_true", help="restore even though the database looks healthy")
    restore.set_defaults(handler=_restore)


def _db_path(args: argparse.Namespace) -> Path:
    from desktop_app.cli.common import DATABASE_ENV, database_url
    from desktop_app.core.paths import resolve_home
    from desktop_app.core.store.db import DB_NAME

    if database_url() is not None:  # an office server on PostgreSQL: these are SQLite's file tools
        raise AppError(
            "unsupported_database",
            f"`database check` and `database restore` work on the home's SQLite file; with ${DATABASE_ENV} set the "
            "tables are in PostgreSQL: check and restore them with PostgreSQL's tools (pg_dump / pg_restore; "
            "docs/server.md, «PostgreSQL»).",
        )
    return resolve_home(args.home).absolute() / DB_NAME


def _integrity(path: Path, *, quick: bool = False, closed: bool = False) -> tuple[int, list[str]]:
    """(schema version, problems) of the database file at ``path``, read-only (``core.store.db.integrity``)."""
    from desktop_app.core.store import db

    return db.integrity(path, quick=quick, closed=closed)


def _check(args: argparse.Namespace) -> dict[str, Any]:
    from desktop_app.core.store import db

    path = _db_path(args)
    if not path.exists():
        raise AppError("not_found", f"There is no database at {path} yet.", path=str(path))
    version, problems = _integrity(path)
    if problems:
        error = db.damaged_error(path, "malformed")
        raise AppError(error.code, error.message, **error.details, problems=problems)
    return {
        "path": str(path),
        "ok": True,
        "schema_version": version,
        "size": path.stat().st_size,
        "backups": [str(p) for p in db.backups(path)],
    }


def _restore(args: argparse.Namespace) -> dict[str, Any]:
    from desktop_app.core.store import db, schema

    path = _db_path(args)
    home = path.parent
    backup: Path | None = None
    if not args.empty:
        if args.backup:
            backup = Path(args.backup).absolute()
            if not backup.is_file():
                raise AppError("not_found", f"There is no backup file {backup}.", path=str(backup))
        else:
            found = db.backups(path)
            if not found:
                raise AppError(
                    "no_backup",
                    f"There is no backup of the database in {home}. To start an empty database instead (the "
                    "damaged file is kept beside it), run `database restore --empty`.",
                    path=str(path),
                )
            backup = found[0]
        try:
            version, problems = _integrity(backup, closed=True)
        except AppError as exc:
            raise AppError(
                "backup_damaged", f"The backup {backup} is damaged too: {exc.message}", path=str(backup)
            ) from None
        if problems:
            raise AppError(
                "backup_damaged", f"The backup {backup} is damaged too.", path=str(backup), problems=problems
            )
        if version > len(schema.MIGRATIONS):
            raise AppError(
                "database_too_new",
                f"The backup {backup} was written by a newer version of the app (schema {version}).",
                path=str(backup),
            )
    if path.exists() and not args.force and _healthy(path):
        raise AppError(
            "database_not_damaged",
            f"The database {path} passes SQLite's check: nothing to restore. Add --force to replace it anyway.",
            path=str(path),
        )
    # The copy is made (and synced) before anything is moved: a full disk leaves the home as it was.
    # A private sibling nobody can have planted a symlink at (the copy is the whole index, 0600 like the database).
    tmp = private_temporary(path)
    try:
        if backup is not None:
            shutil.copyfile(backup, tmp)
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
        kept = _set_aside(path)
        if backup is not None:
            os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    from desktop_app.core.store.profiles import ProfileRepository

    conn = db.connect(path)  # brings a backup of an older version up to date (with its own backup first)
    try:
        version = db.schema_version(conn)
        profiles = ProfileRepository(db.Single(conn)).rfcs()
    finally:
        conn.close()
    return {
        "path": str(path),
        "restored_from": str(backup) if backup else None,
        "damaged_kept_as": kept,
        "schema_version": version,
        "profiles": profiles,
        "next": (
            f"Index again the XML files in {home} (still on disk) with "
            f"`descarga-masiva --home {home} invoices import {home / '<RFC>'}` for each RFC"
            + ("" if profiles else ", after adding it again with `profile add` and `fiel upload`")
            + "."
        ),
    }


def _healthy(path: Path) -> bool:
    import sqlite3

    try:
        _version, problems = _integrity(path, quick=True)
    except (AppError, sqlite3.Error):
        return False
    return not problems


def _set_aside(path: Path) -> list[str]:
    """Rename the database and its ``-wal``/``-shm`` (a stale log must never meet the restored file)."""
    stamp = time.strftime("%Y%m%d%H%M%S")
    kept: list[str] = []
    for suffix in ("", "-wal", "-shm", "-journal"):
        source = path.with_name(path.name + suffix)
        if source.exists():
            target = path.with_name(f"{path.name}.damaged-{stamp}{suffix}")
            os.replace(source, target)
            kept.append(str(target))
    return kept
