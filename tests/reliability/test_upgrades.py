"""DESIGN.md §4/§9, upgrades: a data home written by an older schema version migrates, with a backup first.

The app has one released schema so far, so "the next version" is simulated by appending a migration to
``schema.MIGRATIONS`` (exactly what a release does): a home synced with the current schema is opened by the
"new" app. Checked: the backup is a complete copy at the old version; every row survives; a migration that
fails leaves the home at the old version, untouched and usable; two processes opening an old home at
once migrate it once; a home from a newer app is refused, not damaged.
"""

from __future__ import annotations

import sqlite3
import threading

import pytest

from desktop_app.core.errors import AppError
from desktop_app.core.store import db as store_db
from desktop_app.core.store import schema
from desktop_app.core.store.db import DB_NAME
from desktop_app.sandbox.world import World
from tests.reliability import harness as h

NEXT = """
ALTER TABLE invoices ADD COLUMN note TEXT;
CREATE TABLE upgrade_marker (id INTEGER PRIMARY KEY, at TEXT);
INSERT INTO upgrade_marker(at) VALUES ('next');
"""


@pytest.fixture(scope="module")
def synced_home(tmp_path_factory):
    """A home at the current schema with a finished sync in it (79 invoices, 4 requests, 17 packages)."""
    base = tmp_path_factory.mktemp("upgrade")
    sandbox = h.start_sandbox(World(seed=1, invoices=20_000))
    try:
        home = h.make_home(base / "home", sandbox)
        h.sync_until_done(home, sandbox)
    finally:
        sandbox.stop()
    return home


def _copy(synced_home, tmp_path):
    return h.copy_home(synced_home, tmp_path / "home")


def _tables(path) -> dict[str, list]:
    conn = sqlite3.connect(path)
    try:
        names = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE '%VIRTUAL%'")
        ]
        return {
            n: sorted(map(tuple, conn.execute(f"SELECT * FROM {n}")))  # noqa: S608 - names from sqlite_master
            for n in names
            if not n.startswith("invoices_fts")
        }
    finally:
        conn.close()


def _version(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def test_an_older_home_migrates_with_a_complete_backup(synced_home, tmp_path, monkeypatch):
    home = _copy(synced_home, tmp_path)
    old_version = _version(home / DB_NAME)
    before = _tables(home / DB_NAME)
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, NEXT])
    service = h.DescargaService(home, clock=h.FakeClock(h.T0))
    try:
        assert _version(home / DB_NAME) == old_version + 1
        assert service.list_invoices(h.RFC, h_filter())["count"] == 79
        assert [r["status"] for r in service.history(h.RFC)["history"]] == ["completed"] * 4
    finally:
        service.close()
    backups = sorted(home.glob(f"{DB_NAME}.v{old_version}-*.bak"))
    assert len(backups) == 1
    assert _version(backups[0]) == old_version
    assert _tables(backups[0]) == before  # the backup is the whole old database
    after = _tables(home / DB_NAME)
    assert after["upgrade_marker"] == [(1, "next")]
    assert after["invoices"] == [(*row, None) for row in before["invoices"]]  # every row, plus the new column
    assert {k: v for k, v in after.items() if k not in ("invoices", "upgrade_marker")} == {
        k: v for k, v in before.items() if k != "invoices"
    }
    assert not list(home.glob("*.tmp"))


def test_a_failing_migration_leaves_the_old_home_intact(synced_home, tmp_path, monkeypatch):
    home = _copy(synced_home, tmp_path)
    old_version = _version(home / DB_NAME)
    before = _tables(home / DB_NAME)
    broken = NEXT + "\nINSERT INTO no_such_table VALUES (1);\n"
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, broken])
    with pytest.raises(sqlite3.OperationalError):
        h.DescargaService(home, clock=h.FakeClock(h.T0))
    assert _version(home / DB_NAME) == old_version
    assert _tables(home / DB_NAME) == before  # all or nothing: not even the first statements stayed
    assert len(list(home.glob(f"{DB_NAME}.v{old_version}-*.bak"))) == 1
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:-1])
    service = h.DescargaService(home, clock=h.FakeClock(h.T0))  # the old app still opens it
    try:
        assert service.list_invoices(h.RFC, h_filter())["count"] == 79
    finally:
        service.close()


def test_two_processes_opening_an_old_home_at_once_migrate_it_once(synced_home, tmp_path, monkeypatch):
    """The window and the OS task start together after an update: both open the old database."""
    home = _copy(synced_home, tmp_path)
    old_version = _version(home / DB_NAME)
    filler = "CREATE TABLE filler AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)"
    slow = f"{NEXT}\n{filler} SELECT i FROM n;\n"  # noqa: S608 - a constant migration, no input
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, slow])
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []
    real_version = store_db.schema_version
    calls = {"n": 0}

    def version_then_wait(conn):
        value = real_version(conn)
        calls["n"] += 1
        if calls["n"] <= 2:  # both read the old version before either starts migrating
            barrier.wait(10)
        return value

    monkeypatch.setattr(store_db, "schema_version", version_then_wait)

    def open_home():
        try:
            store_db.connect(home / DB_NAME).close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_home) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert _version(home / DB_NAME) == old_version + 1
    assert _tables(home / DB_NAME)["upgrade_marker"] == [(1, "next")]  # the data migration ran once


def test_a_home_from_a_newer_app_is_refused_not_damaged(synced_home, tmp_path):
    home = _copy(synced_home, tmp_path)
    conn = sqlite3.connect(home / DB_NAME)
    conn.execute(f"PRAGMA user_version = {len(schema.MIGRATIONS) + 3}")
    conn.close()
    before = _tables(home / DB_NAME)
    with pytest.raises(AppError) as info:
        h.DescargaService(home, clock=h.FakeClock(h.T0))
    assert info.value.code == "database_too_new"
    assert _tables(home / DB_NAME) == before
    assert not list(home.glob("*.bak"))


def h_filter():
    from desktop_app.core.index import InvoiceFilter

    return InvoiceFilter()
