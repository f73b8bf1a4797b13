"""A folder imported again: the index writer's side of telling files by their bytes (``IndexWriter.known_keys``,
``IndexWriter.add_known``), on SQLite and on PostgreSQL. What the readers and the workers do is in
``tests/core/test_parallel.py``; here, which rows give keys and when a file told by its bytes is ``unchanged``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from desktop_app.core import index
from desktop_app.core.cfdi.package import KnownFile, digest_key, recognise
from desktop_app.core.store import db
from tests.core.store.cfdi_grid import RFC, invoice
from tests.core.store.test_grid import damaged, ingest, meta


@pytest.fixture
def conn(conn):
    with db.transaction(conn):
        conn.execute("INSERT INTO profiles(rfc, created_at) VALUES (?, 1)", (RFC,))
        conn.execute("INSERT INTO profiles(rfc, created_at) VALUES (?, 1)", ("AAA010101AAA",))
    return conn


def _told(conn, home: Path, files: list[bytes]) -> tuple[list[str], index.IngestStats]:
    """``files`` as a folder import hands them over: each told by its bytes where the keys know it."""
    writer = index.IndexWriter(conn, home, RFC, 2_000)
    keys = writer.known_keys()
    results = []
    with db.transaction(conn):
        for xml in files:
            known = recognise("file.xml", xml, keys)
            assert known is not None, "every file here is one the index holds"
            results.append(writer.add_known(known, source=index.IMPORT_SOURCE))
        writer.flush()
    writer.committed()
    return results, writer.stats


def test_the_keys_are_this_profiles_documents_whose_xml_is_in_the_vault(conn, tmp_path):
    good, bad = invoice(1, "100.00"), damaged(2)
    ingest(conn, tmp_path, docs=[good, bad], rows=[meta(3, status="vigente")])
    with db.transaction(conn):  # another profile's copy of a document, and a row of an old version with no digest
        conn.execute(
            "INSERT INTO invoices(rfc, uuid, direction, has_xml, xml_sha256, updated_at, source) "
            "VALUES ('AAA010101AAA', 'X', 'issued', 1, ?, 1, 'pkg')",
            (hashlib.sha256(invoice(4, "1.00")).hexdigest(),),
        )
    keys = index.IndexWriter(conn, tmp_path, RFC, 1).known_keys()
    assert keys is not None
    assert list(keys) == [digest_key(hashlib.sha256(good).hexdigest())]  # not the damaged one
    assert recognise("a.xml", invoice(4, "1.00"), keys) is None  # the other profile's document
    assert index.IndexWriter(conn, tmp_path, "AAA010101AAA", 1).known_keys() is not None
    with db.transaction(conn):
        conn.execute("DELETE FROM invoices WHERE rfc = ?", (RFC,))
    assert index.IndexWriter(conn, tmp_path, RFC, 1).known_keys() is None


def test_a_file_told_by_its_bytes_is_unchanged_and_changes_nothing(conn, tmp_path):
    good, other = invoice(1, "100.00"), invoice(6, "3.50")
    ingest(conn, tmp_path, docs=[good, other])
    before = [tuple(r) for r in conn.execute("SELECT * FROM invoices ORDER BY id")]
    results, stats = _told(conn, tmp_path, [good, other, good])
    assert results == ["unchanged"] * 3
    assert (stats.unchanged, stats.damaged, stats.added, stats.updated) == (3, 0, 0, 0)
    assert [tuple(r) for r in conn.execute("SELECT * FROM invoices ORDER BY id")] == before


def test_damaged_bytes_are_never_told_whatever_the_row_says(conn, tmp_path):
    """A damaged document is read again on every import: an index from a version that took a recovered tree
    for a good document is corrected by importing the file again (``test_damaged_documents``)."""
    bad = damaged(2)
    ingest(conn, tmp_path, docs=[bad])
    with db.transaction(conn):  # what an older version stored: the same bytes as a good row
        conn.execute("UPDATE invoices SET damaged = NULL")
    keys = index.IndexWriter(conn, tmp_path, RFC, 1).known_keys()
    assert keys is not None and list(keys) == [digest_key(hashlib.sha256(bad).hexdigest())]
    assert recognise("bad.xml", bad, keys) is None  # not as written: the parse decides


def test_a_file_whose_row_or_vault_copy_changed_since_is_read_as_any_other(conn, tmp_path):
    good, other = invoice(1, "100.00"), invoice(5, "7.00")
    ingest(conn, tmp_path, docs=[good, other])
    writer = index.IndexWriter(conn, tmp_path, RFC, 2_000)
    keys = writer.known_keys()
    stored = next(tmp_path.rglob("*.xml"))
    uuid = stored.stem
    with db.transaction(conn):  # after the keys were read: SAT's metadata took the XML's place… (has_xml = 0)
        conn.execute("UPDATE invoices SET has_xml = 0 WHERE uuid = ?", (uuid,))
    file = good if uuid.lower() in good.decode().lower() else other
    known = recognise("f.xml", file, keys)
    assert known == KnownFile("f.xml", hashlib.sha256(file).hexdigest(), file)
    with db.transaction(conn):
        assert writer.add_known(known, source=index.IMPORT_SOURCE) == "updated"
        writer.flush()
    writer.committed()
    assert conn.execute("SELECT has_xml FROM invoices WHERE uuid = ?", (uuid,)).fetchone()[0] == 1
    stored.write_bytes(b"<cut")  # …and the vault's copy is damaged on disk: the file puts it back
    results, stats = _told(conn, tmp_path, [file])
    assert results == ["updated"] and stored.read_bytes() == file
