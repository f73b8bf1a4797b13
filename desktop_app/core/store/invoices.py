"""The ``invoices`` table (and its companions ``parties``, ``invoice_months``, ``invoices_fts``): every SQL
statement that reads or writes an indexed CFDI lives here.

Dialect-specific SQL (SQLite's FTS5, ``INSERT OR IGNORE``, ``strftime``) stays in this module, so a second
backend (PostgreSQL for an office server) plugs in as a second implementation of the same methods.
"""

from __future__ import annotations

import sqlite3

from desktop_app.core.store.db import ConnectionSource


class InvoiceRepository:
    """Reads and writes of indexed invoices. Writes join the caller's transaction (``db.transaction``)."""

    def __init__(self, db: ConnectionSource) -> None:
        self.db = db

    def by_uuid(self, rfc: str, uuid: str) -> sqlite3.Row | None:
        return self.db.get().execute("SELECT * FROM invoices WHERE rfc = ? AND uuid = ?", (rfc, uuid)).fetchone()

    def by_id(self, invoice_id: int) -> sqlite3.Row | None:
        return self.db.get().execute("SELECT * FROM invoices WHERE id = ?", (invoice_id,)).fetchone()

    def set_status(self, invoice_id: int, status: str, now_ms: int) -> None:
        """SAT's answer about one invoice (``vigente``/``cancelado``); back to vigente clears the cancel date."""
        self.db.get().execute(
            "UPDATE invoices SET status = ?, cancelled_at = CASE WHEN ? = 'vigente' THEN NULL "
            "ELSE cancelled_at END, updated_at = ? WHERE id = ?",
            (status, status, now_ms, invoice_id),
        )

    def counts(self, rfc: str) -> tuple[int, int]:
        """(invoices indexed, of which with their XML) for one RFC."""
        row = (
            self.db.get()
            .execute("SELECT COUNT(*) AS n, SUM(has_xml) AS xml FROM invoices WHERE rfc = ?", (rfc,))
            .fetchone()
        )
        return int(row["n"] or 0), int(row["xml"] or 0)

    def mark_retenciones(self, rfc: str, package_id: str) -> None:
        """Metadata rows a Retenciones package brought are retention certificates, not CFDI."""
        self.db.get().execute(
            "UPDATE invoices SET family = 'retenciones' "
            "WHERE rfc = ? AND source = ? AND has_xml = 0 AND family <> 'retenciones'",
            (rfc, package_id),
        )
