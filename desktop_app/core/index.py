"""The offline invoice index: writing parsed CFDI into the vault + SQLite, and querying it.

Writers: :class:`IndexWriter` takes parsed documents (from SAT packages or a user's folders) and metadata
rows. Re-ingesting the same document changes nothing; metadata only ever *adds* knowledge (status,
cancellation date, rows for documents whose XML SAT will not hand out).

Readers: :func:`build_query` turns the filters of `invoices list` and of the GUI browser into SQL;
amounts are summed as exact integer MXN cents.
"""

from __future__ import annotations

import json
import os
import sqlite3
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from desktop_app.core.cfdi.model import Invoice
from desktop_app.core.store.vault import atomic_write, invoice_path

RECORD_FIELDS = (
    "uuid",
    "direction",
    "version",
    "type",
    "series",
    "folio",
    "issue_date",
    "stamp_date",
    "issuer_rfc",
    "issuer_name",
    "receiver_rfc",
    "receiver_name",
    "currency",
    "exchange_rate",
    "subtotal",
    "discount",
    "total",
    "payment_method",
    "payment_form",
    "cfdi_use",
    "iva_transferred",
    "ieps_transferred",
    "iva_withheld",
    "isr_withheld",
    "local_taxes",
    "status",
    "cancelled_at",
    "related_uuids",
    "path",
)
AMOUNT_COLUMNS = {
    "subtotal": "subtotal_c",
    "discount": "discount_c",
    "total": "total_c",
    "iva_transferred": "iva_t_c",
    "ieps_transferred": "ieps_t_c",
    "iva_withheld": "iva_w_c",
    "isr_withheld": "isr_w_c",
    "local_taxes": "local_c",
}
CENT = Decimal("0.01")


def search_text(*parts: str | None) -> str:
    """Upper-case, accent-free text for the trigram index (so "munoz" finds "MUÑOZ")."""
    joined = " ".join(p for p in parts if p)
    decomposed = unicodedata.normalize("NFKD", joined)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).upper()


def to_mxn_cents(amount: Decimal | None, exchange_rate: Decimal | None, currency: str | None) -> int:
    if amount is None:
        return 0
    rate = exchange_rate if currency not in (None, "MXN", "XXX") and exchange_rate else Decimal(1)
    try:
        return int((amount * rate / CENT).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    except InvalidOperation:
        return 0


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@dataclass
class IngestStats:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    metadata_rows: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    earliest_issue_date: str | None = None
    latest_issue_date: str | None = None

    def skip(self, reason: str) -> None:
        self.skipped += 1
        self.reasons[reason] = self.reasons.get(reason, 0) + 1

    def saw_date(self, issue_date: str | None) -> None:
        if not issue_date:
            return
        if self.earliest_issue_date is None or issue_date < self.earliest_issue_date:
            self.earliest_issue_date = issue_date
        if self.latest_issue_date is None or issue_date > self.latest_issue_date:
            self.latest_issue_date = issue_date

    @property
    def processed(self) -> int:
        return self.added + self.updated + self.unchanged

    def to_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "metadata_rows": self.metadata_rows,
            "skipped_reasons": dict(self.reasons),
        }


class IndexWriter:
    """Adds documents of one profile (RFC) to the vault and the index.

    The caller owns the transaction: call inside ``with transaction(conn)`` and call :meth:`flush` before
    committing, so the XML files are on disk before the index says they are.
    """

    def __init__(self, conn: sqlite3.Connection, home: Path, rfc: str, now_ms: int) -> None:
        self.conn = conn
        self.home = home
        self.rfc = rfc
        self.now_ms = now_ms
        self.stats = IngestStats()
        self._written: list[Path] = []

    # -- XML documents ------------------------------------------------------------------------------------

    def add_document(self, xml: bytes, invoice: Invoice, *, source: str) -> str:
        """Index one parsed document; returns "added", "updated", "unchanged" or a skip reason."""
        direction = self._direction(invoice)
        if direction is None:
            self.stats.skip("not_this_rfc")
            return "not_this_rfc"
        self.stats.saw_date(invoice.issue_date)
        path = invoice_path(self.home, self.rfc, direction, invoice.issue_date or "", invoice.uuid)
        existing = self.conn.execute(
            "SELECT id, has_xml, path, status, cancelled_at FROM invoices WHERE rfc = ? AND uuid = ?",
            (self.rfc, invoice.uuid),
        ).fetchone()
        if existing is not None and existing["has_xml"] and existing["path"] == str(path) and _same_file(path, xml):
            self.stats.unchanged += 1
            return "unchanged"
        if not _same_file(path, xml):
            atomic_write(path, xml, fsync=False)
            self._written.append(path)
        row = self._row(invoice, direction, path, source)
        if existing is None:
            columns = ", ".join(row)
            marks = ", ".join("?" for _ in row)
            cursor = self.conn.execute(f"INSERT INTO invoices ({columns}) VALUES ({marks})", tuple(row.values()))  # noqa: S608
            invoice_id = cursor.lastrowid
            self.stats.added += 1
            outcome = "added"
        else:
            invoice_id = existing["id"]
            # XML alone does not know the status: keep what metadata or SAT told us.
            if row["status"] == "unknown":
                row["status"] = existing["status"]
                row["cancelled_at"] = existing["cancelled_at"]
            assignments = ", ".join(f"{k} = ?" for k in row)
            self.conn.execute(f"UPDATE invoices SET {assignments} WHERE id = ?", (*row.values(), invoice_id))  # noqa: S608
            self.stats.updated += 1
            outcome = "updated"
        self._index_text(invoice_id, invoice.uuid, row)
        self._replace_payments(invoice)
        return outcome

    def _direction(self, invoice: Invoice) -> str | None:
        if invoice.issuer_rfc and invoice.issuer_rfc.upper() == self.rfc:
            return "issued"
        if invoice.receiver_rfc and invoice.receiver_rfc.upper() == self.rfc:
            return "received"
        return None

    def _row(self, inv: Invoice, direction: str, path: Path, source: str) -> dict[str, Any]:
        rate, currency = inv.exchange_rate, inv.currency
        details = {
            "family": inv.family,
            "iva_by_rate": {k: {"base": _text(v.base), "amount": _text(v.amount)} for k, v in inv.iva_by_rate.items()},
            "payroll": [
                {
                    "total_perceptions": _text(p.total_perceptions),
                    "total_deductions": _text(p.total_deductions),
                    "total_other_payments": _text(p.total_other_payments),
                    "isr_withheld": _text(p.isr_withheld),
                    "payment_date": p.payment_date,
                    "period_start": p.period_start,
                    "period_end": p.period_end,
                    "employee_rfc": p.employee_rfc,
                }
                for p in inv.payroll
            ],
            "third_parties": list(inv.third_parties),
            "complements": [name for name, _ns in inv.complements],
            "pac_rfc": inv.pac_rfc,
            "seal_tail": inv.seal_tail,
            "local_taxes_withheld": _text(inv.local_taxes_withheld),
        }
        row: dict[str, Any] = {
            "rfc": self.rfc,
            "uuid": inv.uuid,
            "direction": direction,
            "family": inv.family,
            "version": inv.version,
            "type": inv.type,
            "series": inv.series,
            "folio": inv.folio,
            "issue_date": inv.issue_date,
            "stamp_date": inv.stamp_date,
            "issuer_rfc": inv.issuer_rfc,
            "issuer_name": inv.issuer_name,
            "receiver_rfc": inv.receiver_rfc,
            "receiver_name": inv.receiver_name,
            "currency": currency,
            "exchange_rate": _text(rate),
            "payment_method": inv.payment_method,
            "payment_form": inv.payment_form,
            "cfdi_use": inv.cfdi_use,
            "status": inv.status,
            "cancelled_at": inv.cancelled_at,
            "related_uuids": json.dumps([[kind, uuid] for kind, uuid in inv.related_uuids]),
            "details": json.dumps(details, ensure_ascii=False),
            "path": str(path),
            "has_xml": 1,
            "source": source,
            "updated_at": self.now_ms,
        }
        for name, cents_column in AMOUNT_COLUMNS.items():
            value = getattr(inv, name)
            row[name] = _text(value)
            row[cents_column] = to_mxn_cents(value, rate, currency)
        return row

    def _index_text(self, invoice_id: int, uuid: str, row: dict[str, Any]) -> None:
        text = search_text(
            uuid, row.get("issuer_rfc"), row.get("issuer_name"), row.get("receiver_rfc"), row.get("receiver_name")
        )
        self.conn.execute("DELETE FROM invoices_fts WHERE rowid = ?", (invoice_id,))
        self.conn.execute("INSERT INTO invoices_fts(rowid, text) VALUES (?, ?)", (invoice_id, text))

    def _replace_payments(self, inv: Invoice) -> None:
        self.conn.execute("DELETE FROM payments WHERE rfc = ? AND payment_uuid = ?", (self.rfc, inv.uuid))
        for line, paid in enumerate(inv.payments):
            if paid.uuid is None:
                continue
            self.conn.execute(
                """INSERT INTO payments(rfc, payment_uuid, line, paid_uuid, installment, previous_balance,
                       amount_paid, balance, currency, payment_date)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    self.rfc,
                    inv.uuid,
                    line,
                    paid.uuid,
                    paid.installment,
                    _text(paid.previous_balance),
                    _text(paid.amount_paid),
                    _text(paid.outstanding_balance),
                    paid.currency,
                    paid.payment_date,
                ),
            )

    # -- metadata --------------------------------------------------------------------------------------------

    def add_metadata(self, row: Any, *, source: str) -> str:
        """Apply one metadata row: status for known documents, a row without XML for unknown ones."""
        self.stats.metadata_rows += 1
        uuid = row.uuid.upper()
        if row.issuer_rfc and row.issuer_rfc.upper() == self.rfc:
            direction = "issued"
        elif row.receiver_rfc and row.receiver_rfc.upper() == self.rfc:
            direction = "received"
        else:
            self.stats.skip("not_this_rfc")
            return "not_this_rfc"
        status = row.status if row.status in ("vigente", "cancelado") else "unknown"
        existing = self.conn.execute(
            "SELECT id, status, cancelled_at FROM invoices WHERE rfc = ? AND uuid = ?", (self.rfc, uuid)
        ).fetchone()
        if existing is not None:
            if existing["status"] == status and existing["cancelled_at"] == row.cancelled_at:
                self.stats.unchanged += 1
                return "unchanged"
            self.conn.execute(
                "UPDATE invoices SET status = ?, cancelled_at = ?, updated_at = ? WHERE id = ?",
                (status, row.cancelled_at, self.now_ms, existing["id"]),
            )
            self.stats.updated += 1
            return "updated"
        self.stats.saw_date(row.issue_date)
        cents = to_mxn_cents(row.amount, None, "MXN")
        cursor = self.conn.execute(
            """INSERT INTO invoices(rfc, uuid, direction, family, type, issue_date, stamp_date, issuer_rfc,
                   issuer_name, receiver_rfc, receiver_name, total, total_c, status, cancelled_at, related_uuids,
                   details, has_xml, source, updated_at)
               VALUES (?, ?, ?, 'cfdi', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, 0, ?, ?)""",
            (
                self.rfc,
                uuid,
                direction,
                row.type,
                row.issue_date,
                row.stamp_date,
                row.issuer_rfc,
                row.issuer_name,
                row.receiver_rfc,
                row.receiver_name,
                _text(row.amount),
                cents,
                status,
                row.cancelled_at,
                json.dumps({"pac_rfc": row.pac_rfc, "third_party_rfc": getattr(row, "third_party_rfc", None)}),
                source,
                self.now_ms,
            ),
        )
        self._index_text(
            cursor.lastrowid,
            uuid,
            {
                "issuer_rfc": row.issuer_rfc,
                "issuer_name": row.issuer_name,
                "receiver_rfc": row.receiver_rfc,
                "receiver_name": row.receiver_name,
            },
        )
        self.stats.added += 1
        return "added"

    def flush(self) -> None:
        """Make the XML written so far durable before the index commits to it."""
        if not self._written:
            return
        if hasattr(os, "sync"):
            os.sync()
        else:  # pragma: no cover - Windows
            for path in self._written:
                with path.open("rb+") as fh:
                    os.fsync(fh.fileno())
        self._written.clear()


def _same_file(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


# -- queries ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InvoiceFilter:
    """What the accountant asked to see. Dates are ISO (``YYYY-MM-DD`` inclusive)."""

    date_from: str | None = None
    date_to: str | None = None
    direction: str | None = None
    types: tuple[str, ...] = ()
    status: str | None = None
    counterpart_rfc: str | None = None
    text: str | None = None
    min_total: Decimal | None = None
    max_total: Decimal | None = None


SORTS = {
    "date": "issue_date",
    "total": "total_c",
    "issuer": "issuer_name",
    "receiver": "receiver_name",
    "uuid": "uuid",
    "type": "type",
    "status": "status",
}


def build_where(rfc: str, flt: InvoiceFilter) -> tuple[str, list[Any]]:
    clauses = ["i.rfc = ?"]
    params: list[Any] = [rfc]
    if flt.date_from:
        clauses.append("i.issue_date >= ?")
        params.append(flt.date_from[:10])
    if flt.date_to:
        clauses.append("i.issue_date < ?")
        params.append(_day_after(flt.date_to[:10]))
    if flt.direction:
        clauses.append("i.direction = ?")
        params.append(flt.direction)
    if flt.types:
        clauses.append(f"i.type IN ({', '.join('?' for _ in flt.types)})")
        params.extend(flt.types)
    if flt.status:
        clauses.append("i.status = ?")
        params.append(flt.status)
    if flt.counterpart_rfc:
        clauses.append("(i.issuer_rfc = ? OR i.receiver_rfc = ?)")
        params.extend([flt.counterpart_rfc.upper()] * 2)
    if flt.min_total is not None:
        clauses.append("i.total_c >= ?")
        params.append(int(flt.min_total / CENT))
    if flt.max_total is not None:
        clauses.append("i.total_c <= ?")
        params.append(int(flt.max_total / CENT))
    if flt.text and flt.text.strip():
        needle = search_text(flt.text.strip())
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        # three characters or more use the trigram index; shorter needles scan the (small) text table
        clauses.append("i.id IN (SELECT rowid FROM invoices_fts WHERE text LIKE ? ESCAPE '\\')")
        params.append(f"%{escaped}%")
    return " AND ".join(clauses), params


def _day_after(day: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


def list_invoices(
    conn: sqlite3.Connection,
    rfc: str,
    flt: InvoiceFilter,
    *,
    sort: str = "date",
    descending: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    where, params = build_where(rfc, flt)
    column = SORTS.get(sort.lstrip("-"), "issue_date")
    direction = "DESC" if descending or sort.startswith("-") else "ASC"
    sql = f"SELECT * FROM invoices i WHERE {where} ORDER BY i.{column} {direction}, i.id {direction}"  # noqa: S608
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    return [record(row) for row in conn.execute(sql, params)]


def totals(conn: sqlite3.Connection, rfc: str, flt: InvoiceFilter) -> dict[str, Any]:
    """Count and sums (MXN) for the filter, as decimal strings."""
    where, params = build_where(rfc, flt)
    row = conn.execute(
        f"""SELECT COUNT(*) AS n, SUM(subtotal_c) AS subtotal, SUM(discount_c) AS discount,
                   SUM(iva_t_c) AS iva_t, SUM(ieps_t_c) AS ieps_t, SUM(iva_w_c) AS iva_w, SUM(isr_w_c) AS isr_w,
                   SUM(local_c) AS local, SUM(total_c) AS total
            FROM invoices i WHERE {where}""",  # noqa: S608
        params,
    ).fetchone()

    def money(cents: int | None) -> str:
        return str((Decimal(cents or 0) * CENT).quantize(CENT))

    return {
        "count": row["n"],
        "currency": "MXN",
        "subtotal": money(row["subtotal"]),
        "discount": money(row["discount"]),
        "iva_transferred": money(row["iva_t"]),
        "ieps_transferred": money(row["ieps_t"]),
        "iva_withheld": money(row["iva_w"]),
        "isr_withheld": money(row["isr_w"]),
        "local_taxes": money(row["local"]),
        "total": money(row["total"]),
    }


def record(row: sqlite3.Row) -> dict[str, Any]:
    """An index row as the CLI contract's invoice record (DESIGN.md §3 names)."""
    data = {name: row[name] for name in RECORD_FIELDS if name != "related_uuids"}
    related = json.loads(row["related_uuids"] or "[]")
    data["related_uuids"] = [uuid for _kind, uuid in related]
    data["has_xml"] = bool(row["has_xml"])
    return data


def payments_for(conn: sqlite3.Connection, rfc: str, paid_uuid: str) -> list[dict[str, Any]]:
    """The payments that paid a PPD invoice, oldest first: what is paid and what is still owed."""
    rows = conn.execute(
        """SELECT p.*, i.issue_date AS payment_issue_date, i.status AS payment_status
           FROM payments p JOIN invoices i ON i.rfc = p.rfc AND i.uuid = p.payment_uuid
           WHERE p.rfc = ? AND p.paid_uuid = ? ORDER BY p.installment, p.payment_date""",
        (rfc, paid_uuid.upper()),
    ).fetchall()
    return [dict(r) for r in rows]


def iter_chunks(items: Iterable[Any], size: int) -> Iterable[Sequence[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
