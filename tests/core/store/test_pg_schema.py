"""The PostgreSQL schema (``store/schema_pg.py``) against the SQLite one, and its migrations, on a real server."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from desktop_app.core.errors import AppError
from desktop_app.core.store import db, pg, schema, schema_pg

# SQLite's FTS5 tables keep shadow tables of their own; PostgreSQL's stand-ins are plain tables.
_SQLITE_ONLY = ("_data", "_idx", "_content", "_docsize", "_config")


def _sqlite_tables(tmp_path) -> dict[str, list[str]]:
    conn = db.connect(tmp_path / db.DB_NAME)
    try:
        names = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            if not (r[0].endswith(_SQLITE_ONLY) and "_fts_" in r[0])
        ]
        tables = {}
        for name in names:
            columns = [c[1] for c in conn.execute(f"PRAGMA table_info({name})")]
            tables[name] = ["rowid", *columns] if name.endswith("_fts") else columns  # FTS5: its rowid too
        return tables
    finally:
        conn.close()


def _pg_tables(conn) -> dict[str, list[str]]:
    rows = conn.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
        "ORDER BY table_name, ordinal_position"
    ).fetchall()
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        if table != "schema_version" and not column.startswith("_"):
            tables.setdefault(table, []).append(column)
    return tables


def test_every_sqlite_table_and_column_is_in_the_postgresql_schema(tmp_path, pg_url):
    """A migration appended to ``schema.MIGRATIONS`` needs its PostgreSQL twin in ``schema_pg.MIGRATIONS``."""
    assert schema_pg.SQLITE_VERSION_AT[-1] == len(schema.MIGRATIONS), (
        "schema.MIGRATIONS has a migration that schema_pg.MIGRATIONS lacks: add its PostgreSQL twin"
    )
    conn = pg.connect(pg_url)
    try:
        pg_tables = _pg_tables(conn)
    finally:
        conn.close()
    sqlite_tables = _sqlite_tables(tmp_path)
    assert sorted(pg_tables) == sorted(sqlite_tables)
    for name, columns in sqlite_tables.items():
        assert sorted(pg_tables[name]) == sorted(columns), name


def test_an_empty_database_is_migrated_once_and_a_newer_one_refused(pg_databases):
    url = pg_databases.create_empty()
    try:
        # Two processes starting at once: one migrates, the other waits on the lock and finds it done.
        errors: list[BaseException] = []

        def open_it() -> None:
            try:
                pg.connect(url).close()
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=open_it) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        conn = pg.connect(url)
        assert pg.schema_version(conn) == len(schema_pg.MIGRATIONS)
        conn.execute("UPDATE schema_version SET version = version + 1")
        conn.close()
        with pytest.raises(AppError) as caught:
            pg.connect(url)
        assert caught.value.code == "database_too_new"
    finally:
        pg_databases.drop(url)


def test_an_unreachable_server_is_a_clear_error():
    with pytest.raises(AppError) as caught:
        pg.connect("postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2")
    assert caught.value.code == "database_unreachable"
    assert "secret" not in str(caught.value) and "nobody:***@" in str(caught.value)
    # a URL libpq cannot even read: it quoted it whole in its message, password included
    for url in ("postgresql://dmuser:Zq9-Db-Pw@[::1", "postgresql://dmuser:Zq9-Db-Pw@host:port/x"):
        with pytest.raises(AppError) as caught:
            pg.connect(url)
        assert caught.value.code == "database_unreachable"
        assert "Zq9-Db-Pw" not in str(caught.value) and "Zq9-Db-Pw" not in repr(caught.value.to_json())


def test_the_wrapper_speaks_sqlite3s_dialect_of_the_db_api(pg_url):
    conn = pg.connect(pg_url, migrate=False)
    try:
        # placeholders outside quotes only, % kept, NULL parameters typed by context
        row = conn.execute("SELECT '?' AS q, '100%' AS p, ? IS NULL AS n, ? AS v", (None, 5)).fetchone()
        assert (row["q"], row["p"], row["n"], row[3]) == ("?", "100%", True, 5)
        assert dict(row) == {"q": "?", "p": "100%", "n": True, "v": 5} and list(row) == ["?", "100%", True, 5]
        with db.transaction(conn):
            conn.execute("INSERT INTO profiles(rfc, created_at, activated) VALUES (?, ?, ?)", ("X", 1, True))
            cursor = conn.execute("INSERT INTO sync_runs(rfc, trigger, started_at) VALUES (?, ?, ?)", ("X", "m", 7))
            assert cursor.lastrowid == 1 and cursor.rowcount == 1
        assert conn.execute("SELECT activated FROM profiles").fetchone()[0] == 1
        assert conn.execute("SELECT sum(started_at) FROM sync_runs").fetchone()[0] == 7  # numeric → int
        with pytest.raises(Exception) as failed, db.transaction(conn):
            conn.execute("INSERT INTO profiles(rfc, created_at) VALUES (?, ?)", ("X", 1))
        assert type(failed.value).__name__ == "IntegrityError" and not conn.in_transaction
        # the requests' insertion order column stays out of rows
        conn.execute(
            "INSERT INTO requests(id, rfc, rfc_type, request_type, params_key, source, status, created_at) "
            "VALUES ('r', 'X', 'issued', 'cfdi', 'k', 'manual', 'pending', 1)"
        )
        columns = conn.execute("SELECT * FROM requests").fetchone().keys()
        assert "_seq" not in columns and "id" in columns
    finally:
        conn.close()


def test_descarga_real_reads_text_as_sqlites_cast_does(pg_url):
    conn = pg.connect(pg_url, migrate=False)
    try:
        for text, value in (("12.50", 12.5), ("  3", 3.0), ("1e2x", 100.0), ("abc", 0.0), ("", 0.0), ("-.5", -0.5)):
            assert conn.execute("SELECT descarga_real(?)", (text,)).fetchone()[0] == value, text
        assert conn.execute("SELECT descarga_real(NULL)").fetchone()[0] is None
    finally:
        conn.close()


def test_a_lost_connection_is_replaced_on_the_next_get(pg_url):
    source = pg.PgConnectionSource(pg_url)
    try:
        first = source.get()
        pid = first.execute("SELECT pg_backend_pid()").fetchone()[0]
        admin = pg.connect(pg_url, migrate=False)
        admin.execute("SELECT pg_terminate_backend(?)", (pid,))
        admin.close()
        with pytest.raises(sqlite3.OperationalError):  # the statement that meets the loss fails…
            first.execute("SELECT 1").fetchone()
        again = source.get()  # …the next one reconnects
        assert again is not first and again.execute("SELECT 1").fetchone()[0] == 1
    finally:
        source.close_all()
