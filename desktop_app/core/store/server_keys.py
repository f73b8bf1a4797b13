"""The office server's tables (issue 19): ``api_keys`` + ``api_key_rfcs``, ``audit_log`` and ``sealed_secrets``.

Every SQL statement about them lives here; writes join the caller's transaction (``db.transaction``). The rules
(what a token looks like, how it is hashed, what a key may do) are :mod:`desktop_app.core.apikeys`'s; the
encryption of the sealed secrets is :mod:`desktop_app.core.sealed_secrets`'.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from desktop_app.core.store.db import ConnectionSource


@dataclass(frozen=True)
class ApiKeyRow:
    """One API key as stored: never the token, only its SHA-256."""

    id: str
    name: str
    read_only: bool
    created_at: int
    revoked_at: int | None
    rfcs: tuple[str, ...]


@dataclass(frozen=True)
class AuditEntry:
    """One request to the server: who (the key's public id, the client's address), what, when, how it ended."""

    at: int
    key_id: str | None
    client: str
    method: str
    path: str
    rfc: str | None
    status: int
    error: str | None = None


class ApiKeyRepository:
    def __init__(self, db: ConnectionSource) -> None:
        self.db = db

    # -- reading -------------------------------------------------------------------------------------------

    def by_hash(self, token_sha256: str) -> ApiKeyRow | None:
        """The key whose token hashes to ``token_sha256`` (revoked or not), or None."""
        conn = self.db.get()
        row = conn.execute("SELECT * FROM api_keys WHERE token_sha256 = ?", (token_sha256,)).fetchone()
        return None if row is None else self._with_rfcs(conn, row)

    def get(self, key_id: str) -> ApiKeyRow | None:
        conn = self.db.get()
        row = conn.execute("SELECT * FROM api_keys WHERE id = ?", (key_id,)).fetchone()
        return None if row is None else self._with_rfcs(conn, row)

    def list_all(self) -> list[ApiKeyRow]:
        conn = self.db.get()
        rows = conn.execute("SELECT * FROM api_keys ORDER BY created_at, id").fetchall()
        return [self._with_rfcs(conn, row) for row in rows]

    def count_active(self) -> int:
        row = self.db.get().execute("SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL").fetchone()
        return int(row[0])

    @staticmethod
    def _with_rfcs(conn: sqlite3.Connection, row: sqlite3.Row) -> ApiKeyRow:
        rfcs = conn.execute("SELECT rfc FROM api_key_rfcs WHERE key_id = ? ORDER BY rfc", (row["id"],)).fetchall()
        return ApiKeyRow(
            id=row["id"],
            name=row["name"],
            read_only=bool(row["read_only"]),
            created_at=row["created_at"],
            revoked_at=row["revoked_at"],
            rfcs=tuple(r["rfc"] for r in rfcs),
        )

    # -- writing -------------------------------------------------------------------------------------------

    def insert(
        self, key_id: str, token_sha256: str, *, name: str, read_only: bool, created_at: int, rfcs: Sequence[str]
    ) -> None:
        conn = self.db.get()
        conn.execute(
            "INSERT INTO api_keys(id, token_sha256, name, read_only, created_at) VALUES (?, ?, ?, ?, ?)",
            (key_id, token_sha256, name, int(read_only), created_at),
        )
        conn.executemany("INSERT INTO api_key_rfcs(key_id, rfc) VALUES (?, ?)", [(key_id, rfc) for rfc in rfcs])

    def revoke(self, key_id: str, at: int) -> None:
        """Revoke the key (a key already revoked keeps its first date)."""
        self.db.get().execute("UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?", (at, key_id))


class AuditLogRepository:
    def __init__(self, db: ConnectionSource) -> None:
        self.db = db

    def insert_many(self, entries: Iterable[AuditEntry]) -> None:
        self.db.get().executemany(
            "INSERT INTO audit_log(at, key_id, client, method, path, rfc, status, error) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(e.at, e.key_id, e.client, e.method, e.path, e.rfc, e.status, e.error) for e in entries],
        )

    def recent(self, limit: int, *, key_id: str | None = None) -> list[dict[str, Any]]:
        """The newest ``limit`` entries (of one key, when given), newest first."""
        if key_id is None:
            rows = self.db.get().execute("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", (limit,))
        else:
            rows = self.db.get().execute(
                "SELECT * FROM audit_log WHERE key_id = ? ORDER BY id DESC LIMIT ?", (key_id, limit)
            )
        return [dict(row) for row in rows]


class SealedSecretRepository:
    def __init__(self, db: ConnectionSource) -> None:
        self.db = db

    def get(self, name: str) -> bytes | None:
        row = self.db.get().execute("SELECT sealed FROM sealed_secrets WHERE name = ?", (name,)).fetchone()
        return None if row is None else bytes(row["sealed"])

    def put(self, name: str, sealed: bytes, at: int) -> None:
        self.db.get().execute(
            "INSERT INTO sealed_secrets(name, sealed, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at",
            (name, sealed, at),
        )

    def delete(self, name: str) -> None:
        self.db.get().execute("DELETE FROM sealed_secrets WHERE name = ?", (name,))

    def names(self) -> list[str]:
        return [row["name"] for row in self.db.get().execute("SELECT name FROM sealed_secrets ORDER BY name")]
