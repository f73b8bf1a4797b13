"""A data home from an older version migrates once at start-up, with a note on screen, not a frozen window."""

from __future__ import annotations

import sqlite3

import pytest

from desktop_app.core.errors import AppError
from desktop_app.core.store import db, schema
from desktop_app.gui import upgrade


def _old_home(tmp_path, monkeypatch):
    home = tmp_path / "old-home"
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
    conn = db.connect(home / db.DB_NAME)
    conn.execute(
        "INSERT INTO invoices(rfc, uuid, direction, issuer_rfc, issuer_name, receiver_rfc, updated_at) "
        "VALUES ('EKU9003173C9', 'AAAAAAAA-0000-4000-8000-000000000001', 'issued', 'EKU9003173C9', 'ESCUELA', "
        "'XAXX010101000', 0)"
    )
    conn.close()
    monkeypatch.undo()
    return home


def test_an_older_home_is_migrated_behind_a_note(qapp, tmp_path, monkeypatch):
    home = _old_home(tmp_path, monkeypatch)
    assert db.needs_migration(home / db.DB_NAME)
    shown = []
    monkeypatch.setattr(upgrade.QProgressDialog, "setValue", lambda self, v: shown.append(self.labelText()))
    assert upgrade.migrate_with_progress(home, show_after_ms=0) is True
    assert shown and "Actualizando" in shown[0]
    conn = sqlite3.connect(home / db.DB_NAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert conn.execute("SELECT party_id FROM invoices").fetchone()[0] is not None
    conn.close()
    assert upgrade.migrate_with_progress(home) is False  # once
    assert list(home.glob("*.bak"))  # the usual backup came first


def test_a_new_home_needs_no_note(qapp, tmp_path):
    assert upgrade.migrate_with_progress(tmp_path / "new") is False
    assert not (tmp_path / "new" / db.DB_NAME).exists()  # the service creates it, as before


def test_a_failed_migration_is_raised_to_the_caller(qapp, tmp_path, monkeypatch):
    home = _old_home(tmp_path, monkeypatch)

    def broken(path):
        raise AppError("database_locked", "another program holds the database")

    monkeypatch.setattr(upgrade, "connect", broken)
    with pytest.raises(AppError) as caught:
        upgrade.migrate_with_progress(home)
    assert caught.value.code == "database_locked"
    assert db.needs_migration(home / db.DB_NAME)  # nothing changed
