"""The ``packages`` table: SAT's ZIP packages of each request, their download count and state.

Every SQL statement about packages lives here; writes join the caller's transaction (``db.transaction``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from desktop_app.core.clock import MEXICO_CITY, from_ms
from desktop_app.core.store.db import ConnectionSource
from desktop_app.core.store.requests import assignments

# The columns :meth:`PackageRepository.update` may change (names become SQL text: never anything else).
UPDATABLE_COLUMNS = frozenset({"state", "path", "size", "documents", "error", "downloaded_at", "ingested_at"})


class PackageRepository:
    def __init__(self, db: ConnectionSource) -> None:
        self.db = db

    def get(self, package_id: str) -> dict[str, Any]:
        row = self.db.get().execute("SELECT * FROM packages WHERE id = ?", (package_id,)).fetchone()
        return dict(row)

    def find(self, rfc: str, package_id: str) -> sqlite3.Row | None:
        """One RFC's package by id, as the user typed it (SAT's ids are case-insensitive)."""
        row: sqlite3.Row | None = (
            self.db.get()
            .execute("SELECT * FROM packages WHERE rfc = ? AND lower(id) = lower(?)", (rfc, package_id))
            .fetchone()
        )
        return row

    def for_request(self, request_id: str) -> list[dict[str, Any]]:
        """A request's packages, in the order SAT listed them."""
        rows = self.db.get().execute("SELECT * FROM packages WHERE request_id = ? ORDER BY id", (request_id,))
        return [dict(r) for r in rows]

    def xml_by_month(self, rfc: str) -> dict[str, int]:
        """CFDI documents downloaded per calendar month of Mexico City (as every other date of the app: a download
        at 20:00 of a month's last day was counted in the next, by its UTC month), oldest first."""
        rows = self.db.get().execute(
            """SELECT p.downloaded_at, COALESCE(p.documents, 0) AS xml
               FROM packages p JOIN requests r ON r.id = p.request_id
               WHERE p.rfc = ? AND r.request_type = 'cfdi' AND p.downloaded_at IS NOT NULL""",
            (rfc,),
        )
        by_month: dict[str, int] = {}
        for row in rows:  # a package per request and month at most: a few thousand rows in a decade
            month = from_ms(row["downloaded_at"]).astimezone(MEXICO_CITY).strftime("%Y-%m")
            by_month[month] = by_month.get(month, 0) + int(row["xml"])
        return dict(sorted(by_month.items()))

    # -- writing (inside the caller's transaction) ---------------------------------------------------------

    def add(self, package_id: str, request_id: str, rfc: str, now_ms: int) -> None:
        """Register a package SAT listed (again after a crash: nothing changes)."""
        self.db.get().execute(
            "INSERT INTO packages(id, request_id, rfc, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (package_id, request_id, rfc, now_ms),
        )

    def update(self, package_id: str, fields: Mapping[str, Any]) -> None:
        """Set ``fields`` (names from :data:`UPDATABLE_COLUMNS`) of one package."""
        if not fields:
            return
        self.db.get().execute(
            f"UPDATE packages SET {assignments(fields, UPDATABLE_COLUMNS)} WHERE id = ?",  # noqa: S608 - whitelisted
            (*fields.values(), package_id),
        )

    def count_attempt(self, package_id: str) -> None:
        """A download is about to be attempted: count it first (SAT counts every attempt that reaches it)."""
        self.db.get().execute(
            "UPDATE packages SET state = 'downloading', download_count = download_count + 1 WHERE id = ?",
            (package_id,),
        )

    def give_back_attempt(self, package_id: str, error: str) -> None:
        """The attempt never reached SAT: uncount it and make the package available again."""
        self.db.get().execute(
            "UPDATE packages SET state = 'available', download_count = download_count - 1, error = ? WHERE id = ?",
            (error, package_id),
        )

    def mark_ingested(self, package_id: str, documents: int, now_ms: int) -> None:
        self.db.get().execute(
            "UPDATE packages SET state = 'ingested', documents = ?, ingested_at = ?, error = NULL WHERE id = ?",
            (documents, now_ms, package_id),
        )
