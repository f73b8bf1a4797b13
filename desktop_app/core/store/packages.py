"""The ``packages`` table: SAT's ZIP packages of each request, their download count and state.

Every SQL statement about packages lives here; writes join the caller's transaction (``db.transaction``).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from desktop_app.core.store.db import ConnectionSource


class PackageRepository:
    def __init__(self, db: ConnectionSource) -> None:
        self.db = db

    def get(self, package_id: str) -> dict[str, Any]:
        row = self.db.get().execute("SELECT * FROM packages WHERE id = ?", (package_id,)).fetchone()
        return dict(row)

    def find(self, rfc: str, package_id: str) -> sqlite3.Row | None:
        """One RFC's package by id, as the user typed it (SAT's ids are case-insensitive)."""
        return (
            self.db.get()
            .execute("SELECT * FROM packages WHERE rfc = ? AND lower(id) = lower(?)", (rfc, package_id))
            .fetchone()
        )

    def xml_by_month(self, rfc: str) -> dict[str, int]:
        """CFDI documents downloaded per calendar month (UTC month of the download), for the usage meter."""
        rows = (
            self.db.get()
            .execute(
                """SELECT strftime('%Y-%m', p.downloaded_at / 1000, 'unixepoch') AS month,
                      SUM(COALESCE(p.documents, 0)) AS xml
               FROM packages p JOIN requests r ON r.id = p.request_id
               WHERE p.rfc = ? AND r.request_type = 'cfdi' AND p.downloaded_at IS NOT NULL
               GROUP BY month ORDER BY month""",
                (rfc,),
            )
            .fetchall()
        )
        return {r["month"]: int(r["xml"]) for r in rows}
