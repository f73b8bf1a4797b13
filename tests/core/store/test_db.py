"""The SQLite store: WAL, migrations with backup, transactions, refusing a newer schema."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from desktop_app.core.errors import AppError
from desktop_app.core.store import db, schema
from desktop_app.core.store.vault import atomic_write, invoice_path


def test_new_database_is_migrated_and_in_wal(tmp_path):
    conn = db.connect(tmp_path / db.DB_NAME)
    assert db.schema_version(conn) == schema.SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"profiles", "schedules", "requests", "packages", "invoices", "payments", "sync_runs"} <= tables


def test_migrating_an_older_database_backs_it_up_first(tmp_path, monkeypatch):
    path = tmp_path / db.DB_NAME
    db.connect(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO profiles(rfc, created_at) VALUES ('EKU9003173C9', 1)")
    conn.commit()
    conn.close()
    extra = "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"
    before = schema.SCHEMA_VERSION
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, extra])
    conn = db.connect(path)
    assert db.schema_version(conn) == before + 1
    backups = list(tmp_path.glob("*.bak"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == before
    assert old.execute("SELECT rfc FROM profiles").fetchone()[0] == "EKU9003173C9"
    assert conn.execute("SELECT rfc FROM profiles").fetchone()[0] == "EKU9003173C9"


def test_a_failed_migration_changes_nothing(tmp_path, monkeypatch):
    path = tmp_path / db.DB_NAME
    db.connect(path).close()
    before = schema.SCHEMA_VERSION
    broken = "CREATE TABLE half (id INTEGER);\nTHIS IS NOT SQL;"
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, broken])
    with pytest.raises(sqlite3.OperationalError):
        db.connect(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == before
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name='half'").fetchone()[0] == 0


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / db.DB_NAME
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(AppError) as info:
        db.connect(path)
    assert info.value.code == "database_too_new"


def test_transaction_rolls_back_on_error(tmp_path):
    conn = db.connect(tmp_path / db.DB_NAME)
    with pytest.raises(RuntimeError), db.transaction(conn):
        conn.execute("INSERT INTO profiles(rfc, created_at) VALUES ('X', 1)")
        raise RuntimeError("boom")
    assert conn.execute("SELECT count(*) FROM profiles").fetchone()[0] == 0


def test_connection_per_thread(tmp_path):
    pool = db.ConnectionPerThread(tmp_path / db.DB_NAME)
    seen = []

    def work():
        conn = pool.get()
        with db.transaction(conn):
            conn.execute("INSERT INTO profiles(rfc, created_at) VALUES (?, 1)", (threading.current_thread().name,))
        assert pool.get() is conn  # the same thread gets the same connection back
        seen.append(conn)  # kept referenced, so no two threads' ids can coincide
        pool.close()

    threads = [threading.Thread(target=work, name=f"T{i}") for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(c) for c in seen}) == 4
    assert all(pool.get() is not c for c in seen)
    assert pool.get().execute("SELECT count(*) FROM profiles").fetchone()[0] == 4


def test_atomic_write_leaves_no_temporary_files(tmp_path):
    target = invoice_path(tmp_path, "EKU9003173C9", "received", "2026-03-04T10:00:00", "abc")
    atomic_write(target, b"<xml/>")
    atomic_write(target, b"<xml2/>")
    assert target.read_bytes() == b"<xml2/>"
    assert target.relative_to(tmp_path).as_posix() == "EKU9003173C9/recibidos/2026/03/ABC.xml"
    assert [p.name for p in target.parent.iterdir()] == ["ABC.xml"]


def test_a_version_1_index_gets_its_parties_and_searches_as_before(tmp_path, monkeypatch):
    """Migration 2 moves the name/RFC search to parties; every invoice of a v1 home is found as before."""
    from desktop_app.core import index

    path = tmp_path / db.DB_NAME
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
    old = db.connect(path)
    rows = [  # (uuid, issuer RFC, issuer name, receiver RFC, receiver name, total cents)
        ("AAAAAAAA-0000-4000-8000-000000000001", "EKU9003173C9", "ESCUELA KEMPER URGATE", "MUÑ800101AB1", "Muñoz", 100),
        ("AAAAAAAA-0000-4000-8000-000000000002", "EKU9003173C9", "ESCUELA KEMPER URGATE", "MUÑ800101AB1", "Muñoz", 250),
        ("BBBBBBBB-0000-4000-8000-000000000003", "XAXX010101000", None, "EKU9003173C9", "ESCUELA KEMPER URGATE", 7),
    ]
    for k, (uuid, irfc, iname, rrfc, rname, cents) in enumerate(rows, start=1):
        old.execute(
            "INSERT INTO invoices(id, rfc, uuid, direction, issue_date, issuer_rfc, issuer_name, receiver_rfc, "
            "receiver_name, total_c, status, updated_at) VALUES (?, 'EKU9003173C9', ?, ?, '2026-05-0' || ?, ?, ?, "
            "?, ?, ?, 'vigente', 0)",
            (k, uuid, "issued" if irfc == "EKU9003173C9" else "received", k, irfc, iname, rrfc, rname, cents),
        )
        old.execute(
            "INSERT INTO invoices_fts(rowid, text) VALUES (?, ?)",
            (k, index.search_text(uuid, irfc, iname, rrfc, rname)),
        )
    old.close()
    monkeypatch.undo()

    conn = db.connect(path)
    assert db.schema_version(conn) == schema.SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM parties").fetchone()[0] == 2  # two distinct issuer/receiver pairs
    assert conn.execute("SELECT count(*) FROM invoices WHERE party_id IS NULL").fetchone()[0] == 0
    assert conn.execute("SELECT text FROM invoices_fts WHERE rowid = 3").fetchone()[0] == rows[2][0]

    def found(text: str) -> tuple[int, str]:
        totals = index.totals(conn, "EKU9003173C9", index.InvoiceFilter(text=text))
        listed = index.list_invoices(conn, "EKU9003173C9", index.InvoiceFilter(text=text))
        assert len(listed) == totals["count"]
        return totals["count"], totals["total"]

    assert found("munoz") == (2, "3.50")  # accent-free, case-free, from the name
    assert found("MUÑ800") == (2, "3.50")  # RFC fragment
    assert found("xaxx") == (1, "0.07")
    assert found("000000000003") == (1, "0.07")  # a piece of a UUID
    assert found("aaaaaaaa") == (2, "3.50")
    assert found("0003") == (0, "0.00")  # four hex digits: only names and RFCs are searched
    assert found("kemper") == (3, "3.57")
    assert found("nadie") == (0, "0.00")
    assert found("%") == (0, "0.00")  # LIKE's wildcards are searched for literally


def test_the_index_rows_path_is_the_vaults_layout(tmp_path):
    """``index.prepare_document`` builds the vault path inline (speed); it must name what ``vault`` says."""
    from desktop_app.core.cfdi import parse_document
    from desktop_app.core.index import PrepareSpec, prepare_document
    from desktop_app.core.store.vault import invoice_relpath
    from tests.conftest import FIXTURES

    xml = (FIXTURES / "cfdi" / "cfdv40-ejemplo-signed-tfd.xml").read_bytes()
    inv = parse_document(xml)
    spec = PrepareSpec(inv.receiver_rfc, str(tmp_path / inv.receiver_rfc), "import", 0)
    doc = prepare_document(xml, inv, spec)
    row = dict(zip(doc.columns, doc.values, strict=True))
    assert row["path"] == invoice_relpath(inv.receiver_rfc, "received", inv.issue_date, inv.uuid)
    assert doc.path == str(tmp_path / row["path"])


def test_a_second_connection_never_drops_the_locks_of_the_first(tmp_path, monkeypatch):
    """Reliability bug 16: each new per-thread connection read the file's header with open()/close(), and on POSIX
    closing any descriptor of a file drops every lock the process holds on it — another process could then take
    the database over (here: switch it out of WAL, deleting the -wal under our open connection)."""
    import subprocess
    import sys

    from desktop_app.core.store import db as store_db

    path = tmp_path / store_db.DB_NAME
    first = store_db.connect(path)
    first.execute("SELECT count(*) FROM profiles").fetchone()
    second = store_db.connect(path, migrate=False)  # what another thread's ConnectionPerThread.get() does
    grab = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], timeout=0.2); "
        "print(c.execute('PRAGMA journal_mode=DELETE').fetchone()[0])"
    )
    other = subprocess.run([sys.executable, "-c", grab, str(path)], capture_output=True, text=True, check=False)
    assert "database is locked" in other.stderr, (other.stdout, other.stderr)
    assert path.with_name(path.name + "-wal").exists()
    second.close()
    first.close()


def test_without_rowid_tables_declare_their_key_first_so_integrity_check_can_be_trusted(tmp_path):
    """SQLite 3.40's ``PRAGMA integrity_check`` reports "NULL value in T.c" for every row of a WITHOUT ROWID table
    whose NOT NULL column ``c`` is declared before its last primary-key column (a false alarm: the value is
    there). The crash-safety tests trust integrity_check, so every such table declares its key first."""
    conn = db.connect(tmp_path / db.DB_NAME)
    tables = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%WITHOUT ROWID%' AND name NOT LIKE '%_fts_%'"
    ).fetchall()
    assert len(tables) >= 5
    for (name,) in tables:
        columns = conn.execute(f"PRAGMA table_info({name})").fetchall()  # cid, name, type, notnull, default, pk
        last_key = max(c[0] for c in columns if c[5])
        assert [c[1] for c in columns[:last_key] if c[3] and not c[5]] == [], name
    # the premise, on this SQLite: such a table fails the check with its values in place
    conn.execute(
        "CREATE TABLE t (a INTEGER NOT NULL, b TEXT NOT NULL, c TEXT NOT NULL, PRIMARY KEY (a, c)) WITHOUT ROWID"
    )
    conn.execute("INSERT INTO t VALUES (1, 'x', 'y')")
    verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
    assert verdict in ("ok", "NULL value in t.b")  # "ok" once SQLite fixes it


def test_a_batch_ingest_writes_with_a_larger_page_cache_and_gives_the_connection_its_own_back(tmp_path):
    from desktop_app.core.cfdi.parser import parse_document
    from desktop_app.core.index import IndexWriter, prepare_document
    from desktop_app.core.sync import ingest_items
    from tests.core.test_damaged_documents import RFC, cfdi

    conn = db.connect(tmp_path / db.DB_NAME)
    conn.execute("PRAGMA cache_size = -1234")
    seen: list[int] = []

    def items(writer: IndexWriter, first: int, fail: bool):
        for n in range(first, first + 3):
            seen.append(conn.execute("PRAGMA cache_size").fetchone()[0])
            xml = cfdi(n, "100.00")
            yield prepare_document(xml, parse_document(xml, owner_rfc=RFC), writer.spec("import"))
        if fail:
            raise OSError("the disk went away")

    writer = IndexWriter(conn, tmp_path, RFC, 1_700_000_000_000)
    assert ingest_items(conn, writer, items(writer, 1, False), source="import").added == 3
    assert seen == [-db.BULK_CACHE_KIB] * 3
    assert conn.execute("PRAGMA cache_size").fetchone()[0] == -1234
    writer = IndexWriter(conn, tmp_path, RFC, 1_700_000_000_000)
    with pytest.raises(OSError, match="went away"):
        ingest_items(conn, writer, items(writer, 4, True), source="import")
    assert conn.execute("PRAGMA cache_size").fetchone()[0] == -1234
    assert conn.execute("SELECT COUNT(*) FROM invoices").fetchone()[0] == 3  # the failed batch rolled back


def test_the_integrity_check_reads_a_database_in_a_folder_it_may_not_write(tmp_path, monkeypatch):
    """`database check` («reads only») answered home_not_writable for a home on read-only media or of another user:
    SQLite cannot create the -shm index it reads a WAL database through. The file is then read as it is."""
    path = tmp_path / db.DB_NAME
    db.connect(path).close()
    real = db._checked
    calls: list[bool] = []

    def read_only_folder(path, *, quick, immutable):
        calls.append(immutable)
        if not immutable:  # what SQLite answers there (as a test running as root cannot make a folder refuse it)
            exc = sqlite3.OperationalError("attempt to write a readonly database")
            exc.sqlite_errorcode = sqlite3.SQLITE_READONLY
            raise exc
        return real(path, quick=quick, immutable=immutable)

    monkeypatch.setattr(db, "_checked", read_only_folder)
    version, problems = db.integrity(path)
    assert (version, problems, calls) == (schema.SCHEMA_VERSION, [], [False, True])
    (tmp_path / f"{db.DB_NAME}-wal").write_bytes(b"x" * 32)  # pages waiting in a log: the file alone is not the index
    with pytest.raises(sqlite3.OperationalError):
        db.integrity(path)
