"""The office server's tables (``api_keys``/``api_key_rfcs``, ``audit_log``, ``sealed_secrets``) on SQLite and on
PostgreSQL (``conftest.conn``)."""

from __future__ import annotations

import sqlite3

import pytest

from desktop_app.core.store import db
from desktop_app.core.store.server_keys import (
    ApiKeyRepository,
    AuditEntry,
    AuditLogRepository,
    SealedSecretRepository,
)

RFC = "EKU9003173C9"
OTHER = "AAA010101AAA"


def _key(conn, key_id="k1", token="a" * 64, *, rfcs=(RFC,), read_only=False, at=1_000):
    with db.transaction(conn):
        ApiKeyRepository(db.Single(conn)).insert(
            key_id, token, name=f"key {key_id}", read_only=read_only, created_at=at, rfcs=rfcs
        )


def test_a_key_reads_back_by_hash_and_id_with_its_rfcs(conn):
    keys = ApiKeyRepository(db.Single(conn))
    assert keys.by_hash("a" * 64) is None and keys.get("k1") is None and keys.count_active() == 0
    _key(conn, rfcs=(OTHER, RFC), read_only=True)
    row = keys.by_hash("a" * 64)
    assert row is not None and row == keys.get("k1")
    assert (row.id, row.name, row.read_only, row.created_at, row.revoked_at) == ("k1", "key k1", True, 1_000, None)
    assert row.rfcs == (OTHER, RFC)  # sorted
    assert keys.count_active() == 1


def test_revoking_keeps_the_first_date_and_lists_in_creation_order(conn):
    keys = ApiKeyRepository(db.Single(conn))
    _key(conn, "k2", "b" * 64, at=2_000)
    _key(conn, "k1", "a" * 64, at=1_000)
    with db.transaction(conn):
        keys.revoke("k1", 5_000)
    with db.transaction(conn):
        keys.revoke("k1", 9_000)
    assert [k.id for k in keys.list_all()] == ["k1", "k2"]
    assert keys.get("k1").revoked_at == 5_000 and keys.count_active() == 1


def test_a_token_hash_is_unique(conn):
    _key(conn)
    with pytest.raises(sqlite3.IntegrityError), db.transaction(conn):
        ApiKeyRepository(db.Single(conn)).insert("k9", "a" * 64, name="", read_only=False, created_at=1, rfcs=())
    assert ApiKeyRepository(db.Single(conn)).get("k9") is None  # the failed transaction left nothing


def test_the_audit_log_keeps_entries_newest_first(conn):
    audit = AuditLogRepository(db.Single(conn))
    entries = [
        AuditEntry(at=1, key_id="k1", client="127.0.0.1", method="GET", path="/a", rfc=RFC, status=200),
        AuditEntry(at=2, key_id=None, client="127.0.0.1", method="POST", path="/b", rfc=None, status=401, error="x"),
        AuditEntry(at=3, key_id="k1", client="::1", method="GET", path="/c", rfc=RFC, status=403),
    ]
    with db.transaction(conn):
        audit.insert_many(entries)
    assert [e["path"] for e in audit.recent(10)] == ["/c", "/b", "/a"]
    assert [e["path"] for e in audit.recent(1)] == ["/c"]
    mine = audit.recent(10, key_id="k1")
    assert [e["at"] for e in mine] == [3, 1] and mine[1]["status"] == 200 and mine[1]["error"] is None


def test_sealed_secrets_are_bytes_replaced_and_deleted(conn):
    secrets = SealedSecretRepository(db.Single(conn))
    with db.transaction(conn):
        secrets.put(f"fiel:{RFC}", b"\x00\x01sealed", 1)
        secrets.put("fiel:B", b"other", 1)
    assert secrets.get(f"fiel:{RFC}") == b"\x00\x01sealed" and secrets.names() == ["fiel:B", f"fiel:{RFC}"]
    with db.transaction(conn):
        secrets.put(f"fiel:{RFC}", b"new", 2)
        secrets.delete("fiel:B")
    assert secrets.get(f"fiel:{RFC}") == b"new" and secrets.get("fiel:B") is None and secrets.names() == [f"fiel:{RFC}"]
