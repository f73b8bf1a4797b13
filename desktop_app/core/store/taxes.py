"""The reports' tables (issue 18): ``invoice_taxes``, ``payment_docs``, ``payment_taxes``, ``invoice_relations``
and ``taxes_pending`` (schema: the last migration of ``store/schema.py``), and the reads of ``invoices`` and
``payments`` the reports join them with. Every SQL statement of ``core.reports`` lives here.

* :class:`TaxWrites` — the index writer's statements (beside the invoice's row, in its transaction);
* :class:`TaxRepository` — the backfill of documents indexed before the tables existed, and the reports' reads.

Rows written (built by ``index.taxes.tax_rows``, a :class:`TaxRows`):

* invoice tax: ``kind, tax, factor, rate, base, amount, base_c, amount_c``;
* payment document: ``line, paid_uuid, payment_date, payment_currency, payment_rate, currency, equivalence,
  amount_paid, balance, installment, tax_object, dr_taxes, paid_c``;
* payment tax: ``line, kind, tax, factor, rate, base, amount, base_c, amount_c``;
* relation: ``relation, related_uuid``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from desktop_app.core.store.db import ConnectionSource, Single

DIRECTIONS = ("issued", "received")


def _direction(alias: str, directions: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    """The SQL (and its parameter) keeping only the documents of one direction; nothing for both."""
    wanted = tuple(d for d in DIRECTIONS if d in directions)
    if not wanted:
        raise ValueError(f"no direction among {directions!r}")
    if len(wanted) == len(DIRECTIONS):
        return "", ()
    return f" AND {alias}.direction = ?", wanted


class TaxRows(NamedTuple):
    """What one document adds to the reports' tables (its ``invoices.id`` comes from the writer)."""

    invoice: tuple[tuple[Any, ...], ...] = ()
    payment_docs: tuple[tuple[Any, ...], ...] = ()
    payment_taxes: tuple[tuple[Any, ...], ...] = ()
    relations: tuple[tuple[str, str], ...] = ()
    ppd: tuple[Any, ...] = ()  # a PPD ingreso: (uuid, issue_date, total as written, currency)


_INVOICE_TAX = """INSERT OR REPLACE INTO invoice_taxes(invoice_id, kind, tax, factor, rate, base, amount, base_c,
    amount_c) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"""
_PAYMENT_DOC = """INSERT OR REPLACE INTO payment_docs(invoice_id, rfc, line, paid_uuid, payment_date, payment_currency,
    payment_rate, currency, equivalence, amount_paid, balance, installment, tax_object, dr_taxes, paid_c)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
_PAYMENT_TAX = """INSERT OR REPLACE INTO payment_taxes(invoice_id, line, kind, tax, factor, rate, base, amount, base_c,
    amount_c) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
_RELATION = """INSERT OR IGNORE INTO invoice_relations(invoice_id, rfc, relation, related_uuid) VALUES (?, ?, ?, ?)"""
_TABLES = ("invoice_taxes", "payment_taxes", "payment_docs", "invoice_relations", "taxes_pending")
_PPD_UPSERT = """INSERT INTO ppd_open(rfc, uuid, issue_date, total, currency) VALUES (?, ?, ?, CAST(? AS REAL), ?)
    ON CONFLICT (rfc, uuid) DO UPDATE SET issue_date = excluded.issue_date, total = excluded.total,
        currency = excluded.currency"""
_PPD_FORGET = """UPDATE ppd_open SET total = NULL, issue_date = NULL, currency = NULL
    WHERE rfc = ? AND uuid = (SELECT uuid FROM invoices WHERE id = ?)"""
# What the payment_docs triggers compute (schema), for one invoice: ``(rfc, uuid)``.
_PPD_RECOUNT = """UPDATE ppd_open SET
    paid = (SELECT total(CAST(d.amount_paid AS REAL)) FROM payment_docs d
            WHERE d.rfc = ppd_open.rfc AND d.paid_uuid = ppd_open.uuid
              AND coalesce(d.currency, 'MXN') = coalesce(ppd_open.currency, 'MXN')),
    last_paid = (SELECT max(d.payment_date) FROM payment_docs d
                 WHERE d.rfc = ppd_open.rfc AND d.paid_uuid = ppd_open.uuid)
    WHERE rfc = ? AND uuid = ?"""
# For bulk loaders that insert invoices and payment_docs with plain SQL (benchmarks): every PPD ingreso of ``rfc``
# into ``ppd_open`` and each row recounted (parameters: rfc, rfc).
RECOUNT_PPD = (
    """INSERT INTO ppd_open(rfc, uuid, issue_date, total, currency)
        SELECT rfc, uuid, issue_date, CAST(total AS REAL), currency FROM invoices
        WHERE rfc = ? AND payment_method = 'PPD' AND type = 'I' AND damaged IS NULL
        ON CONFLICT (rfc, uuid) DO UPDATE SET issue_date = excluded.issue_date, total = excluded.total,
            currency = excluded.currency""",
    _PPD_RECOUNT.replace("WHERE rfc = ? AND uuid = ?", "WHERE rfc = ?"),
)


class TaxWrites:
    """The writer's statements for one profile (``rfc``), inside the caller's transaction.

    :meth:`add` only collects a document's rows; :meth:`flush` writes the batch's rows of each table in one
    ``executemany`` (one statement per document and table cost the ingest ~30 µs a document), then its PPD
    invoices' open balances. The writer flushes before it commits; :meth:`replace` flushes first, so a document
    indexed twice in one batch loses its first rows.
    """

    def __init__(self, db: ConnectionSource, rfc: str) -> None:
        self.rfc = rfc
        self._conn = db.get()
        self._invoice: list[tuple[Any, ...]] = []
        self._payment_docs: list[tuple[Any, ...]] = []
        self._payment_taxes: list[tuple[Any, ...]] = []
        self._relations: list[tuple[Any, ...]] = []
        self._ppd: list[tuple[Any, ...]] = []

    def add(self, invoice_id: int, rows: TaxRows) -> None:
        """Collect the rows of a document just inserted (nothing of it is in the tables yet). ``rows`` may be a
        plain tuple in :class:`TaxRows`' order (what crosses the worker processes' pipe)."""
        rfc = self.rfc
        invoice, payment_docs, payment_taxes, relations, ppd = rows
        if invoice:
            self._invoice += [(invoice_id, *row) for row in invoice]
        if payment_docs:
            self._payment_docs += [(invoice_id, rfc, *row) for row in payment_docs]
        if payment_taxes:
            self._payment_taxes += [(invoice_id, *row) for row in payment_taxes]
        if relations:
            self._relations += [(invoice_id, rfc, *row) for row in relations]
        if ppd:
            self._ppd.append((rfc, *ppd))

    def flush(self) -> None:
        """Write what :meth:`add` collected. The payment lines go before the PPD invoices' rows, whose balance is
        then counted again from every payment line indexed, in the batch or before it (the ``payment_docs``
        triggers count each line as it comes: the order of the two never changes the result)."""
        conn = self._conn
        for sql, rows in (
            (_INVOICE_TAX, self._invoice),
            (_PAYMENT_DOC, self._payment_docs),
            (_PAYMENT_TAX, self._payment_taxes),
            (_RELATION, self._relations),
            (_PPD_UPSERT, self._ppd),
        ):
            if rows:
                conn.executemany(sql, rows)
        if self._ppd:
            conn.executemany(_PPD_RECOUNT, [(rfc, uuid) for rfc, uuid, *_ in self._ppd])
        self.clear()

    def clear(self) -> None:
        """Forget what was collected (the caller rolled its transaction back)."""
        for rows in (self._invoice, self._payment_docs, self._payment_taxes, self._relations, self._ppd):
            rows.clear()

    def replace(self, invoice_id: int, rows: TaxRows) -> None:
        """The rows of a document indexed again (another XML, a damaged copy replaced): the old ones go. Written
        at once."""
        self.flush()
        self._conn.execute(_PPD_FORGET, (self.rfc, invoice_id))
        for table in _TABLES:
            self._conn.execute(f"DELETE FROM {table} WHERE invoice_id = ?", (invoice_id,))  # noqa: S608
        self.add(invoice_id, rows)
        self.flush()


class TaxRepository:
    """Reads (and the backfill's writes) of the reports' tables for the reports. Writes join the caller's
    transaction (``db.transaction``)."""

    def __init__(self, db: ConnectionSource) -> None:
        self.db = db

    # -- backfill ---------------------------------------------------------------------------------------------

    def pending(self, rfc: str, limit: int) -> list[tuple[int, str | None, str | None]]:
        """(invoice id, vault path, the XML's SHA-256 when known) of up to ``limit`` documents of ``rfc`` whose
        taxes were never read (not those that failed: they keep their reason)."""
        rows = (
            self.db.get()
            .execute(
                "SELECT t.invoice_id, i.path, i.xml_sha256 "
                "FROM taxes_pending t CROSS JOIN invoices i ON i.id = t.invoice_id "
                "WHERE i.rfc = ? AND t.error IS NULL ORDER BY t.invoice_id LIMIT ?",
                (rfc, limit),
            )
            .fetchall()
        )
        return [(int(row[0]), row[1], row[2]) for row in rows]

    def pending_count(self, rfc: str) -> int:
        sql = (
            "SELECT count(*) FROM taxes_pending t CROSS JOIN invoices i ON i.id = t.invoice_id "
            "WHERE i.rfc = ? AND t.error IS NULL"
        )
        return int(self.db.get().execute(sql, (rfc,)).fetchone()[0])

    def settle(self, rfc: str, invoice_id: int, rows: TaxRows) -> bool:
        """Write a pending document's rows; False (nothing written) when it is no longer pending (the index
        writer got there first)."""
        conn = self.db.get()
        gone = conn.execute("DELETE FROM taxes_pending WHERE invoice_id = ? AND error IS NULL", (invoice_id,))
        if gone.rowcount != 1:
            return False
        TaxWrites(Single(conn), rfc).replace(invoice_id, rows)
        return True

    def fail(self, invoice_id: int, error: str) -> None:
        """A pending document whose XML cannot be read: kept pending with the reason (the reports name it)."""
        self.db.get().execute(
            "UPDATE taxes_pending SET error = ? WHERE invoice_id = ? AND error IS NULL", (error[:300], invoice_id)
        )

    # -- the IVA report ---------------------------------------------------------------------------------------

    def documents(self, rfc: str, start: str, end: str, directions: Sequence[str] = DIRECTIONS) -> list[sqlite3.Row]:
        """The IVA rows of ``rfc``'s ingresos and egresos issued in [start, end) (``YYYY-MM-DD``), neither
        cancelled nor damaged, of ``directions`` (issued, received or both), in date order (one range of
        ``invoices_by_date``; the invoice's row is read only for the documents that have IVA rows)."""
        where, params = _direction("i", directions)
        sql = f"""SELECT i.uuid, i.direction, i.type, i.issue_date, i.payment_method, i.currency, i.exchange_rate,
                        t.kind, t.factor, t.rate, t.base_c, t.amount_c, i.issuer_rfc = i.receiver_rfc AS own
                 FROM invoices i JOIN invoice_taxes t ON t.invoice_id = i.id AND t.tax = '002'
                 WHERE i.rfc = ? AND i.damaged IS NULL AND i.issue_date >= ? AND i.issue_date < ?
                   AND i.type IN ('I', 'E') AND i.status <> 'cancelado'{where}
                 ORDER BY i.issue_date, i.id, t.kind, t.factor, t.rate"""  # noqa: S608 - this module's own text
        rows: list[sqlite3.Row] = self.db.get().execute(sql, (rfc, start, end, *params)).fetchall()
        return rows

    def withheld_by_taxpayer(self, rfc: str, start: str, end: str) -> list[sqlite3.Row]:
        """As :meth:`documents`, only the IVA the taxpayer withheld (received CFDI's IVA retenciones)."""
        sql = """SELECT i.uuid, i.direction, i.type, i.issue_date, i.payment_method, i.currency, i.exchange_rate,
                        t.kind, t.factor, t.rate, t.base_c, t.amount_c
                 FROM invoices i JOIN invoice_taxes t ON t.invoice_id = i.id AND t.kind = 'R' AND t.tax = '002'
                 WHERE i.rfc = ? AND i.damaged IS NULL AND i.issue_date >= ? AND i.issue_date < ?
                   AND i.type IN ('I', 'E') AND i.status <> 'cancelado' AND i.direction = 'received'
                 ORDER BY i.issue_date, i.id, t.factor, t.rate"""
        rows: list[sqlite3.Row] = self.db.get().execute(sql, (rfc, start, end)).fetchall()
        return rows

    def document_notes(
        self, rfc: str, start: str, end: str, directions: Sequence[str] = DIRECTIONS
    ) -> list[sqlite3.Row]:
        """``code``, ``uuid``, ``type``, ``payment_method`` of ``rfc``'s ingresos and egresos issued in [start, end)
        (of ``directions``) a report must name: ``cancelled``, ``status_unknown`` (counted), ``without_xml``
        (SAT's metadata only), ``taxes_unread`` (XML not read again from the vault)."""
        where, only = _direction("i", directions)
        sql = f"""SELECT 'cancelled' AS code, uuid, type, payment_method FROM invoices i
                 WHERE rfc = ? AND damaged IS NULL AND issue_date >= ? AND issue_date < ? AND type IN ('I', 'E')
                   AND status = 'cancelado'{where}
                 UNION ALL
                 SELECT 'status_unknown', uuid, type, payment_method FROM invoices i
                 WHERE rfc = ? AND damaged IS NULL AND issue_date >= ? AND issue_date < ? AND type IN ('I', 'E')
                   AND status = 'unknown' AND has_xml = 1{where}
                 UNION ALL
                 SELECT 'without_xml', uuid, type, payment_method FROM invoices i
                 WHERE rfc = ? AND has_xml = 0 AND issue_date >= ? AND issue_date < ? AND type IN ('I', 'E')
                   AND damaged IS NULL AND status <> 'cancelado'{where}
                 UNION ALL
                 SELECT 'taxes_unread', i.uuid, i.type, i.payment_method
                 FROM taxes_pending t CROSS JOIN invoices i ON i.id = t.invoice_id
                 WHERE i.rfc = ? AND i.issue_date >= ? AND i.issue_date < ? AND i.type IN ('I', 'E')
                   AND i.damaged IS NULL AND i.status <> 'cancelado'{where}
                 ORDER BY 1, 2"""  # noqa: S608 - this module's own text (one order on SQLite and PostgreSQL)
        params = (rfc, start, end, *only) * 4
        rows: list[sqlite3.Row] = self.db.get().execute(sql, params).fetchall()
        return rows

    def payment_lines(
        self, rfc: str, start: str, end: str, directions: Sequence[str] = DIRECTIONS
    ) -> list[sqlite3.Row]:
        """The paid documents of ``rfc``'s complementos de pago (of ``directions``) with a FechaPago in
        [start, end), with their receipt (uuid, direction, status) and the invoice they pay when it is indexed
        (``r_`` columns)."""
        where, params = _direction("p", directions)
        sql = f"""SELECT d.invoice_id, d.line, d.paid_uuid, d.payment_date, d.payment_currency, d.payment_rate,
                        d.currency, d.equivalence, d.amount_paid, d.installment, d.tax_object, d.dr_taxes, d.paid_c,
                        p.uuid AS payment_uuid, p.direction, p.status AS payment_status,
                        r.id AS r_id, r.type AS r_type, r.payment_method AS r_method, r.status AS r_status,
                        r.total AS r_total, r.currency AS r_currency, r.damaged AS r_damaged,
                        r.has_xml AS r_has_xml, rp.invoice_id AS r_pending
                 FROM payment_docs d
                 JOIN invoices p ON p.id = d.invoice_id
                 LEFT JOIN invoices r ON r.rfc = d.rfc AND r.uuid = d.paid_uuid
                 LEFT JOIN taxes_pending rp ON rp.invoice_id = r.id
                 WHERE d.rfc = ? AND d.payment_date >= ? AND d.payment_date < ? AND p.damaged IS NULL{where}
                 ORDER BY d.payment_date, d.invoice_id, d.line"""  # noqa: S608 - this module's own text
        rows: list[sqlite3.Row] = self.db.get().execute(sql, (rfc, start, end, *params)).fetchall()
        return rows

    def payment_taxes(self, rfc: str, start: str, end: str) -> list[sqlite3.Row]:
        """The IVA rows of Pagos 2.0 ImpuestosDR of the paid documents :meth:`payment_lines` returns."""
        sql = """SELECT t.invoice_id, t.line, t.kind, t.factor, t.rate, t.base_c, t.amount_c
                 FROM payment_docs d
                 JOIN payment_taxes t ON t.invoice_id = d.invoice_id AND t.line = d.line
                 WHERE d.rfc = ? AND d.payment_date >= ? AND d.payment_date < ? AND t.tax = '002'
                 ORDER BY t.invoice_id, t.line, t.kind, t.factor, t.rate"""
        rows: list[sqlite3.Row] = self.db.get().execute(sql, (rfc, start, end)).fetchall()
        return rows

    def invoice_iva(self, invoice_ids: Iterable[int]) -> list[sqlite3.Row]:
        """The IVA rows (exact, the document's currency) of the given invoices."""
        sql = """SELECT invoice_id, kind, factor, rate, base, amount FROM invoice_taxes
                 WHERE tax = '002' AND invoice_id IN ({marks}) ORDER BY invoice_id, kind, factor, rate"""
        return _by_ids(self.db.get(), sql, invoice_ids)

    def payment_receipts_unread(
        self, rfc: str, start: str, end: str, directions: Sequence[str] = DIRECTIONS
    ) -> list[sqlite3.Row]:
        """Complementos de pago of ``rfc`` (of ``directions``) issued in [start, end) whose paid documents are not
        known: no XML (SAT's metadata only) or an XML that could not be read (``taxes_pending``)."""
        where, only = _direction("i", directions)
        sql = f"""SELECT i.uuid, i.issue_date, i.has_xml, tp.error
                 FROM invoices i LEFT JOIN taxes_pending tp ON tp.invoice_id = i.id
                 WHERE i.rfc = ? AND i.has_xml = 0 AND i.issue_date >= ? AND i.issue_date < ? AND i.type = 'P'
                   AND i.damaged IS NULL AND i.status <> 'cancelado'{where}
                 UNION ALL
                 SELECT i.uuid, i.issue_date, i.has_xml, tp.error
                 FROM taxes_pending tp CROSS JOIN invoices i ON i.id = tp.invoice_id
                 WHERE i.rfc = ? AND i.issue_date >= ? AND i.issue_date < ? AND i.type = 'P'
                   AND i.damaged IS NULL AND i.status <> 'cancelado'{where}"""  # noqa: S608 - this module's own text
        rows: list[sqlite3.Row] = self.db.get().execute(sql, (rfc, start, end, *only) * 2).fetchall()
        return rows

    # -- the PPD report ---------------------------------------------------------------------------------------

    def open_ppd(self, rfc: str, end: str) -> list[sqlite3.Row]:
        """PPD ingresos of ``rfc`` issued before ``end``, not cancelled nor damaged, that may still owe something at
        ``end``: not paid in full by every payment indexed (``ppd_open``: floating point, half a cent of slack),
        or paid in part on or after ``end``, or paid in part by a receipt that pays nothing (cancelled or damaged),
        or open in the browser (``invoices.pending_c``, the latest ImpSaldoInsoluto: the report names those where
        the two rules disagree). Every amount is then computed exactly by the caller, so this only ever keeps too
        many. Credit notes are not considered here (they can only lower a balance). Reads only those invoices,
        not every PPD one."""
        sql = """SELECT i.id, i.uuid, i.direction, i.issue_date, i.series, i.folio, i.issuer_rfc, i.issuer_name,
                        i.receiver_rfc, i.receiver_name, i.currency, i.exchange_rate, i.total, i.status, i.has_xml
                 FROM invoices i
                 WHERE i.rfc = ? AND i.uuid IN (
                        SELECT uuid FROM ppd_open
                        WHERE rfc = ? AND total IS NOT NULL AND paid < total - 0.005 AND issue_date < ?
                        UNION
                        SELECT uuid FROM ppd_open
                        WHERE rfc = ? AND total IS NOT NULL AND last_paid >= ? AND issue_date < ?
                        UNION
                        SELECT d.paid_uuid FROM payment_docs d
                        WHERE d.rfc = ? AND d.invoice_id IN (
                            SELECT id FROM invoices WHERE rfc = ? AND type = 'P'
                              AND (status = 'cancelado' OR damaged IS NOT NULL))
                        UNION
                        SELECT uuid FROM invoices WHERE rfc = ? AND damaged IS NULL AND pending_c > 0
                          AND issue_date < ?)
                   AND i.payment_method = 'PPD' AND i.issue_date < ? AND i.type = 'I'
                   AND i.damaged IS NULL AND i.status <> 'cancelado'
                 ORDER BY i.issue_date, i.id"""
        params = (rfc, rfc, end, rfc, end, end, rfc, rfc, rfc, end, end)
        rows: list[sqlite3.Row] = self.db.get().execute(sql, params).fetchall()
        return rows

    def payments_of(self, rfc: str, uuids: Sequence[str], end: str) -> list[sqlite3.Row]:
        """Every paid-document line for the given invoices with a FechaPago before ``end``, with its receipt's
        uuid, issue date, status and damage (the caller decides), oldest first."""
        sql = """SELECT d.paid_uuid, d.payment_date, d.installment, d.amount_paid, d.balance, d.currency,
                        d.payment_currency, d.paid_c, d.line, p.uuid AS payment_uuid, p.status AS payment_status,
                        p.damaged AS payment_damaged, p.issue_date AS payment_issued
                 FROM payment_docs d JOIN invoices p ON p.id = d.invoice_id
                 WHERE d.rfc = ? AND d.paid_uuid IN ({marks}) AND d.payment_date < ?
                 ORDER BY d.payment_date, p.uuid, d.line"""
        return _by_ids(self.db.get(), sql, uuids, (rfc,), (end,))

    def credit_notes_of(self, rfc: str, uuids: Sequence[str], end: str) -> list[sqlite3.Row]:
        """Egresos of ``rfc`` issued before ``end`` related (any TipoRelacion) to the given invoices, with every
        UUID each relates to (``related_count``) — the caller decides which reduce a balance."""
        sql = """SELECT r.related_uuid, r.relation, e.uuid, e.issue_date, e.total, e.currency, e.status, e.direction,
                        (SELECT count(*) FROM invoice_relations x WHERE x.invoice_id = e.id
                         AND x.relation = r.relation) AS related_count
                 FROM invoice_relations r JOIN invoices e ON e.id = r.invoice_id
                 WHERE r.rfc = ? AND r.related_uuid IN ({marks}) AND e.type = 'E' AND e.damaged IS NULL
                   AND e.issue_date < ? ORDER BY e.issue_date, e.uuid"""
        return _by_ids(self.db.get(), sql, uuids, (rfc,), (end,))

    def credit_note_links(self, rfc: str, uuids: Iterable[str]) -> list[sqlite3.Row]:
        """Each CfdiRelacionado of the given egresos of ``rfc``: the egreso (``uuid``, ``issue_date``, ``total``,
        ``currency``, ``direction``), the ``relation``, how many UUIDs it relates to with that TipoRelacion
        (``related_count``), and the related document as the index has it (``x_type``, ``x_method``, ``x_total``,
        ``x_currency``, ``x_direction``, ``x_status``, ``x_damaged``; NULL when it is not indexed)."""
        sql = """SELECT e.uuid, e.issue_date, e.total, e.currency, e.direction, r.relation, r.related_uuid,
                        (SELECT count(*) FROM invoice_relations y WHERE y.invoice_id = e.id
                         AND y.relation = r.relation) AS related_count,
                        x.type AS x_type, x.payment_method AS x_method, x.total AS x_total,
                        x.currency AS x_currency, x.direction AS x_direction, x.status AS x_status,
                        x.damaged AS x_damaged
                 FROM invoices e JOIN invoice_relations r ON r.invoice_id = e.id
                      LEFT JOIN invoices x ON x.rfc = e.rfc AND x.uuid = r.related_uuid
                 WHERE e.rfc = ? AND e.uuid IN ({marks}) AND e.type = 'E'
                 ORDER BY e.uuid, r.relation, r.related_uuid"""
        return _by_ids(self.db.get(), sql, uuids, (rfc,))


def _day_before(day: str) -> str:
    """``YYYY-MM-DD`` minus one day (a half-open range's end as an inclusive one)."""
    from datetime import date, timedelta

    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()


def _chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _by_ids(
    conn: Any, sql: str, ids: Iterable[Any], before: tuple[Any, ...] = (), after: tuple[Any, ...] = ()
) -> list[sqlite3.Row]:
    """``sql`` (``{marks}`` where the ``IN`` list goes; ``before``/``after``: the parameters around it) for every
    distinct id, 500 at a time (SQLite's variable limit), chunk after chunk in the ids' order."""
    out: list[sqlite3.Row] = []
    for chunk in _chunks(sorted(set(ids)), 500):
        statement = sql.format(marks=", ".join("?" for _ in chunk))
        out.extend(conn.execute(statement, (*before, *chunk, *after)).fetchall())
    return out


# -- the ISR, nómina and retenciones reports (issue 18) -----------------------------------------------------------


class IncomeReads:
    """The reads of ``report isr``, ``report nomina`` and ``report retenciones`` (rules: ``core.reports.isr``,
    ``.nomina``, ``.retenciones``). Every document is read by ``rfc`` and a range of ``invoices_by_date`` or
    ``invoices_by_type``; the caller decides what counts (cancelled and unknown documents come back, to be named)."""

    def __init__(self, db: ConnectionSource) -> None:
        self.db = db

    def income_documents(self, rfc: str, start: str, end: str) -> list[sqlite3.Row]:
        """``rfc``'s ingresos and egresos issued in [start, end), not damaged (cancelled ones too), with what the
        cash basis needs: amounts as written, currency, method, counterparts, the vault path, whether the taxes
        were read (``pending``: in ``taxes_pending``)."""
        sql = """SELECT i.id, i.uuid, i.direction, i.type, i.issue_date, i.payment_method, i.currency,
                        i.exchange_rate, i.subtotal, i.discount, i.total, i.status, i.issuer_rfc, i.receiver_rfc,
                        i.path, i.xml_sha256, i.has_xml, i.isr_w_c, tp.invoice_id AS pending
                 FROM invoices i LEFT JOIN taxes_pending tp ON tp.invoice_id = i.id
                 WHERE i.rfc = ? AND i.damaged IS NULL AND i.issue_date >= ? AND i.issue_date < ?
                   AND i.type IN ('I', 'E')
                 ORDER BY i.issue_date, i.id"""
        rows: list[sqlite3.Row] = self.db.get().execute(sql, (rfc, start, end)).fetchall()
        return rows

    def isr_withheld_rows(self, invoice_ids: Iterable[int]) -> list[sqlite3.Row]:
        """The ISR withholding rows (kind R, tax 001) of the given documents: exact and in MXN cents."""
        sql = """SELECT invoice_id, rate, amount, amount_c FROM invoice_taxes
                 WHERE kind = 'R' AND tax = '001' AND invoice_id IN ({marks}) ORDER BY invoice_id, factor, rate"""
        return _by_ids(self.db.get(), sql, invoice_ids)

    def paid_invoices(self, invoice_ids: Iterable[int]) -> list[sqlite3.Row]:
        """What the paid proportion of a payment needs of the invoices it pays (by ``invoices.id``)."""
        sql = """SELECT id, uuid, subtotal, discount, total, currency, issuer_rfc, receiver_rfc, path
                 FROM invoices WHERE id IN ({marks}) ORDER BY id"""
        return _by_ids(self.db.get(), sql, invoice_ids)

    def payment_isr(self, rfc: str, start: str, end: str) -> list[sqlite3.Row]:
        """The ISR rows (tax 001) of Pagos 2.0 ImpuestosDR of ``rfc``'s paid documents with a FechaPago in
        [start, end) (the lines ``TaxRepository.payment_lines`` returns)."""
        sql = """SELECT t.invoice_id, t.line, t.kind, t.rate, t.amount, t.amount_c
                 FROM payment_docs d
                 JOIN payment_taxes t ON t.invoice_id = d.invoice_id AND t.line = d.line
                 WHERE d.rfc = ? AND d.payment_date >= ? AND d.payment_date < ? AND t.tax = '001'
                 ORDER BY t.invoice_id, t.line, t.kind, t.factor, t.rate"""
        rows: list[sqlite3.Row] = self.db.get().execute(sql, (rfc, start, end)).fetchall()
        return rows

    def receipts(self, invoice_ids: Iterable[int]) -> list[sqlite3.Row]:
        """Issuer, receiver and vault path of complementos de pago (by ``invoices.id``)."""
        sql = (
            "SELECT id, uuid, issuer_rfc, receiver_rfc, path, xml_sha256 FROM invoices"
            " WHERE id IN ({marks}) ORDER BY id"
        )
        return _by_ids(self.db.get(), sql, invoice_ids)

    def payroll_receipts(
        self, rfc: str, start: str, end: str, paid_from: str | None = None, paid_to: str | None = None
    ) -> list[sqlite3.Row]:
        """Payroll receipts (tipo N) ``rfc`` issued in [start, end), not damaged (cancelled ones too), with the
        first Nómina complement's FechaPago the index keeps (``paid_on``, from ``details``) and the vault path.
        With ``paid_from``/``paid_to`` (``YYYY-MM-DD``), only those whose ``paid_on`` (else their issue date) is in
        [paid_from, paid_to), and those without XML issued then (a big payroll's window holds three months of
        receipts for one month of payments: the other two are not sent to Python)."""
        paid = ""
        params: tuple[str, ...] = (rfc, start, end)
        if paid_from is not None and paid_to is not None:
            paid = """
                   AND (CASE WHEN i.has_xml <> 0 THEN coalesce(nullif(substr(json_extract(i.details,
                            '$.payroll[0].payment_date'), 1, 10), ''), substr(i.issue_date, 1, 10))
                        ELSE substr(i.issue_date, 1, 10) END) BETWEEN ? AND ?"""
            params += (paid_from, _day_before(paid_to))
        sql = f"""SELECT i.uuid, i.issue_date, i.status, i.receiver_rfc, i.receiver_name, i.total,
                        json_extract(i.details, '$.payroll[0].payment_date') AS paid_on, i.path, i.has_xml,
                        i.xml_sha256
                 FROM invoices i
                 WHERE i.rfc = ? AND i.damaged IS NULL AND i.issue_date >= ? AND i.issue_date < ?
                   AND i.type = 'N' AND i.direction = 'issued'{paid}
                 ORDER BY i.issue_date, i.id"""  # noqa: S608 - the paid clause is this module's own text
        rows: list[sqlite3.Row] = self.db.get().execute(sql, params).fetchall()
        return rows

    def received_retentions(self, rfc: str, since: str) -> list[sqlite3.Row]:
        """CFDI de Retenciones e información de pagos ``rfc`` received, issued on or after ``since`` or with no
        issue date (the report selects by the XML's Periodo: one without FechaExp was never seen), not damaged
        (cancelled ones too), through ``invoices_by_type`` (they are a few per year)."""
        sql = """SELECT i.uuid, i.issue_date, i.status, i.issuer_rfc, i.issuer_name, i.total, i.path, i.has_xml,
                        i.xml_sha256
                 FROM invoices i
                 WHERE i.rfc = ? AND i.damaged IS NULL AND coalesce(i.type, '') = 'R' AND i.direction = 'received'
                   AND (i.issue_date >= ? OR i.issue_date IS NULL)
                 ORDER BY i.issue_date, i.id"""
        rows: list[sqlite3.Row] = self.db.get().execute(sql, (rfc, since)).fetchall()
        return rows

    def listed_issuers(self, rfc: str) -> list[sqlite3.Row]:
        """The issuers of ``rfc``'s documents that are on the loaded 69-B list (``efos_taxpayers``): ``rfc``,
        ``name``, ``situation`` and the definitivo publication dates — from the profile's ``parties`` (a few
        thousand rows), each probed in the list by its primary key."""
        sql = """SELECT DISTINCT e.rfc, e.name, e.situation, e.definitivo_sat, e.definitivo_dof
                 FROM parties p JOIN efos_taxpayers e ON e.rfc = p.issuer_rfc
                 WHERE p.rfc = ? AND p.issuer_rfc <> p.rfc"""
        rows: list[sqlite3.Row] = self.db.get().execute(sql, (rfc,)).fetchall()
        return rows

    def received_from(self, rfc: str, issuers: Sequence[str], start: str, end: str) -> list[sqlite3.Row]:
        """``uuid``, ``issuer_rfc`` of the documents ``rfc`` received from ``issuers`` issued in [start, end), not
        damaged: through the profile's parties and ``invoices_by_party``."""
        sql = """SELECT i.uuid, p.issuer_rfc FROM parties p CROSS JOIN invoices i INDEXED BY invoices_by_party
                 WHERE p.rfc = ? AND p.issuer_rfc IN ({marks}) AND i.rfc = p.rfc AND i.damaged IS NULL
                   AND i.party_id = p.id AND i.issue_date >= ? AND i.issue_date < ? AND i.direction = 'received'"""
        return _by_ids(self.db.get(), sql, issuers, (rfc,), (start, end))


# -- the DIOT report (issue 18) -----------------------------------------------------------------------------------


class DiotReads:
    """The read of ``report diot`` (rules: ``core.reports.diot``) beyond what ``report iva`` reads."""

    def __init__(self, db: ConnectionSource) -> None:
        self.db = db

    def documents(self, rfc: str, uuids: Iterable[str]) -> list[sqlite3.Row]:
        """``uuid``, ``direction``, ``type``, ``issuer_rfc``, ``issuer_name``, ``path``, ``has_xml`` and
        ``isr_withheld`` (1 when its tax rows hold an ISR retención) of ``rfc``'s documents with these UUIDs (the
        invoices and complementos de pago behind the IVA report's items): by ``(rfc, uuid)``, 500 at a time."""
        sql = """SELECT i.uuid, i.direction, i.type, i.issuer_rfc, i.issuer_name, i.path, i.has_xml,
                        EXISTS (SELECT 1 FROM invoice_taxes t WHERE t.invoice_id = i.id AND t.kind = 'R'
                                AND t.tax = '001') AS isr_withheld
                 FROM invoices i WHERE i.rfc = ? AND i.uuid IN ({marks})"""
        return _by_ids(self.db.get(), sql, uuids, (rfc,))
