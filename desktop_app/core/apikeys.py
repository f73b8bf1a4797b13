"""The office server's API keys (issue 19): who may call it, for which RFCs, and whether they may change anything.

A key is a bearer token ``dm_<id>_<secret>``: ``id`` (12 hex characters) is its public name — what ``server keys
list`` shows, what ``revoke`` takes and what the audit log records as "who" — and ``secret`` is 256 random bits
(``secrets.token_urlsafe(32)``). It is printed once, when it is made; the database keeps only the SHA-256 of the
whole token. A fast hash is enough here, unlike for a person's password: nobody can guess 256 random bits, so
there is nothing for a slow hash (bcrypt, Argon2) to slow down, and every request can be checked with one indexed
lookup instead of a deliberate 100 ms of CPU.

A key sees only its RFCs (each must be a profile of the home when the key is made); a read-only key may only read.
SQL: :mod:`desktop_app.core.store.server_keys`.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any

from desktop_app.core.clock import Clock, to_ms
from desktop_app.core.errors import AppError
from desktop_app.core.profiles import normalize_rfc
from desktop_app.core.store.db import ConnectionSource, transaction
from desktop_app.core.store.profiles import ProfileRepository
from desktop_app.core.store.server_keys import ApiKeyRepository, ApiKeyRow

TOKEN_PREFIX = "dm"  # noqa: S105 - the visible start of every token, not a secret
TOKEN_RE = re.compile(r"^dm_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")
KEY_ID_RE = re.compile(r"^[0-9a-f]{12}$")


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ApiKey:
    """A key that authenticated: its public id, its RFCs and whether it may write."""

    id: str
    name: str
    rfcs: tuple[str, ...]
    read_only: bool

    def allows(self, rfc: str) -> bool:
        return rfc.strip().upper() in self.rfcs

    def require(self, rfc: str, *, write: bool) -> None:
        """Raise ``forbidden`` for an RFC this key does not cover, ``read_only_key`` for a write it may not make."""
        if not self.allows(rfc):
            raise AppError(
                "forbidden",
                "This API key does not cover that RFC.",
                rfc=rfc.strip().upper(),
            )
        if write and self.read_only:
            raise AppError("read_only_key", "This API key may only read; ask for a key that may make changes.")


def key_json(row: ApiKeyRow) -> dict[str, Any]:
    """What ``server keys list`` shows of a key: never its token or hash."""
    return {
        "id": row.id,
        "name": row.name,
        "rfcs": list(row.rfcs),
        "read_only": row.read_only,
        "created_at": row.created_at,
        "revoked_at": row.revoked_at,
        "active": row.revoked_at is None,
    }


class ApiKeys:
    """API keys of one data home."""

    def __init__(self, db: ConnectionSource, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        self.keys = ApiKeyRepository(db)
        self.profiles = ProfileRepository(db)

    def create(self, rfcs: list[str], *, read_only: bool = False, name: str = "") -> dict[str, Any]:
        """A new key for ``rfcs`` (profiles of this home): its description plus ``key``, the token, shown once."""
        wanted = list(dict.fromkeys(normalize_rfc(rfc, accept_check_digit=True) for rfc in rfcs if rfc.strip()))
        if not wanted:
            raise AppError("invalid_argument", "Name at least one RFC with --rfc.", field="rfc")
        missing = [rfc for rfc in wanted if not self.profiles.exists(rfc)]
        if missing:
            raise AppError(
                "profile_not_configured",
                f"There is no profile for {', '.join(missing)} in this data home: add it with `profile add RFC` first.",
                rfcs=missing,
            )
        key_id = secrets.token_hex(6)
        token = f"{TOKEN_PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
        with transaction(self.db.get()):
            self.keys.insert(
                key_id,
                token_sha256(token),
                name=name.strip(),
                read_only=read_only,
                created_at=to_ms(self.clock.now()),
                rfcs=wanted,
            )
        row = self.keys.get(key_id)
        assert row is not None
        return {**key_json(row), "key": token}

    def list(self) -> list[dict[str, Any]]:
        return [key_json(row) for row in self.keys.list_all()]

    def revoke(self, key_id: str) -> dict[str, Any]:
        """Revoke a key by its public id: from now on it is refused (401)."""
        ident = key_id.strip().lower()
        if ident.startswith(f"{TOKEN_PREFIX}_"):  # the whole token pasted: take its id, never keep the rest
            match = TOKEN_RE.match(key_id.strip())
            ident = match.group(1) if match else ""
        if not KEY_ID_RE.match(ident) or self.keys.get(ident) is None:
            raise AppError("not_found", "There is no API key with that id (see `server keys list`).", field="id")
        with transaction(self.db.get()):
            self.keys.revoke(ident, to_ms(self.clock.now()))
        row = self.keys.get(ident)
        assert row is not None
        return key_json(row)

    def active_count(self) -> int:
        return self.keys.count_active()

    def authenticate(self, token: str | None) -> ApiKey | None:
        """The key ``token`` is, if it is well formed, known and not revoked; else None."""
        if not token or not TOKEN_RE.match(token):
            return None
        row = self.keys.by_hash(token_sha256(token))
        if row is None or row.revoked_at is not None:
            return None
        return ApiKey(id=row.id, name=row.name, rfcs=row.rfcs, read_only=row.read_only)
