"""The ``invoices`` table (and its companions ``parties``, ``invoice_months``, ``invoices_fts``, ``parties_fts``
and ``payments``): every SQL statement that reads or writes an indexed CFDI lives here.

Dialect-specific SQL (SQLite's FTS5 trigram tables, ``INSERT OR REPLACE``, ``ON CONFLICT … DO NOTHING``, row
values, 64-bit integer sums that overflow) stays in this module, so a second backend (PostgreSQL for an office
server) plugs in as a second implementation of the same methods.

* :class:`InvoiceRepository` — reads (lists, the browser's keyset pages, counts and sums) and single-row writes;
* :class:`InvoiceWrites` — the index writer's statements, prepared once per column list and batched
  (``executemany``) as the writer hands them over;
* :func:`build_where` — an :class:`InvoiceFilter` as a ``WHERE`` clause over ``invoices i``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from desktop_app.core.store.db import ConnectionSource
from desktop_app.core.store.schema import ADD_MONTHS
from desktop_app.core.text import search_text

_CENT = Decimal("0.01")


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
    # False: the documents the index can vouch for (lists, totals). True: only the damaged ones (not well-formed
    # XML kept in the vault; ``Invoice.damaged``), whose amounts are never summed.
    damaged: bool = False


# The orders of ``invoices list`` (name → column).
SORTS = {
    "date": "issue_date",
    "total": "total_c",
    "issuer": "issuer_name",
    "receiver": "receiver_name",
    "uuid": "uuid",
    "type": "type",
    "status": "status",
}
# The browser's orders: only columns with an index (rfc, key) — sorting by anything else at a million rows means
# a full sort per page.
PAGE_SORTS = {"date": "i.issue_date", "total": "i.total_c", "uuid": "i.uuid"}
# The columns of a browser page (and ``sort_key``, the value of its order).
PAGE_COLUMNS = (
    "id",
    "issue_date",
    "type",
    "status",
    "series",
    "folio",
    "issuer_rfc",
    "issuer_name",
    "receiver_rfc",
    "receiver_name",
    "subtotal",
    "iva_transferred",
    "iva_withheld",
    "isr_withheld",
    "payroll_isr_withheld",
    "total",
    "currency",
    "payment_method",
    "payment_form",
    "uuid",
    "has_xml",
    "direction",
    "cancelled_at",
    "damaged",
)
_PAGE_SELECT = ", ".join(f"i.{name}" for name in PAGE_COLUMNS)
# The summed cents columns, in the order of :meth:`InvoiceRepository.sum_rows` (after the count).
SUM_COLUMNS = (
    "subtotal_c", "discount_c", "iva_t_c", "ieps_t_c", "iva_w_c", "isr_w_c", "local_c", "total_c", "payroll_isr_c"
)  # fmt: skip
_SUM_SELECT = ", ".join(f"SUM({c})" for c in SUM_COLUMNS)
_SUM_ROW_SELECT = ", ".join(f"i.{c}" for c in SUM_COLUMNS)

# What ``invoices list --group-by`` may group on, as SQL over ``invoices i`` (an unknown type or currency is '').
GROUP_KEYS: dict[str, str] = {
    "direction": "i.direction",
    "type": "COALESCE(i.type, '')",
    "currency": "COALESCE(i.currency, '')",
    "status": "i.status",
}

# The same keys over ``invoice_months`` (no currency there; its type is '' when unknown, like GROUP_KEYS').
_MONTH_GROUP_KEYS: dict[str, str] = {"direction": "direction", "type": "type", "status": "status"}

_UUID_CHARS = frozenset("0123456789ABCDEF-")
UUID_PIECE_MIN = 8  # hex characters from which a needle is also looked for inside UUIDs (or any with a dash)


def build_where(rfc: str, flt: InvoiceFilter) -> tuple[str, list[Any]]:
    """The filter as SQL over ``invoices i`` and its parameters (``invoices list``, the browser, the totals)."""
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
        params.append(int(flt.min_total / _CENT))
    if flt.max_total is not None:
        clauses.append("i.total_c <= ?")
        params.append(int(flt.max_total / _CENT))
    # Right after the RFC in every covering index: part of the index range, never a test per row.
    damaged = "damaged IS NOT NULL" if flt.damaged else "damaged IS NULL"
    clauses.append("i." + damaged)
    if flt.text and flt.text.strip():
        needle = search_text(flt.text.strip())
        # A plain LIKE whenever possible: FTS5 uses the trigram index only without ESCAPE.
        if any(ch in needle for ch in "\\%_"):
            escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            like, pattern = "LIKE ? ESCAPE '\\'", f"%{escaped}%"
        else:
            like, pattern = "LIKE ?", f"%{needle}%"
        # RFCs and names: the few thousand parties match, the covering party index sums their invoices.
        party = f"SELECT rowid FROM parties_fts WHERE text {like}"  # noqa: S608 - our own SQL
        if _UUID_CHARS.issuperset(needle) and (len(needle) >= UUID_PIECE_MIN or "-" in needle):
            # A piece of a UUID too (the invoice-level trigram index holds only the UUID). Shorter hex-looking
            # needles ("840", typed on the way to an RFC) would match a fraction of all invoices by UUID alone.
            clauses.append(
                f"i.id IN (SELECT id FROM invoices WHERE rfc = ? AND {damaged} AND party_id IN ({party}) "  # noqa: S608
                f"UNION ALL SELECT rowid FROM invoices_fts WHERE text {like})"
            )
            params.extend([rfc, pattern, pattern])
            # "+i.rfc": keep the planner from walking the profile's whole index; it reads the matches by id.
            clauses[0] = "+i.rfc = ?"
        else:
            clauses.append(f"i.party_id IN ({party})")
            params.append(pattern)
    return " AND ".join(clauses), params


def _day_after(day: str) -> str:
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


class SumOverflow(Exception):
    """A sum left SQLite's 64-bit integers: SUM() raises "integer overflow", ``+`` turns it into a REAL.

    The caller adds the rows itself (:meth:`InvoiceRepository.amount_rows`), in Python's unbounded integers."""


_INT64 = 2**63


def _sqlite_int(value: int) -> int | float:
    return value if -_INT64 <= value < _INT64 else float(value)


def _is_overflow(exc: sqlite3.OperationalError) -> bool:
    return "overflow" in str(exc)


class InvoiceRepository:
    """Reads and writes of indexed invoices. Writes join the caller's transaction (``db.transaction``)."""

    def __init__(self, db: ConnectionSource) -> None:
        self.db = db

    # -- one invoice ---------------------------------------------------------------------------------------

    def by_uuid(self, rfc: str, uuid: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = (
            self.db.get().execute("SELECT * FROM invoices WHERE rfc = ? AND uuid = ?", (rfc, uuid)).fetchone()
        )
        return row

    def by_id(self, invoice_id: int) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.db.get().execute("SELECT * FROM invoices WHERE id = ?", (invoice_id,)).fetchone()
        return row

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

    def delete_for(self, rfc: str) -> None:
        """One RFC's index: its payments and invoices (a profile being removed)."""
        conn = self.db.get()
        conn.execute("DELETE FROM payments WHERE rfc = ?", (rfc,))
        conn.execute("DELETE FROM invoices WHERE rfc = ?", (rfc,))

    def payments_for(self, rfc: str, paid_uuid: str) -> list[dict[str, Any]]:
        """The payments that paid a PPD invoice, oldest first, with each payment
        receipt's issue date and status."""
        rows = (
            self.db.get()
            .execute(
                """SELECT p.*, i.issue_date AS payment_issue_date, i.status AS payment_status
                   FROM payments p JOIN invoices i ON i.rfc = p.rfc AND i.uuid = p.payment_uuid
                   WHERE p.rfc = ? AND p.paid_uuid = ? ORDER BY p.installment, p.payment_date""",
                (rfc, paid_uuid.upper()),
            )
            .fetchall()
        )
        return [dict(r) for r in rows]

    # -- lists -----------------------------------------------------------------------------------------------

    def rows(
        self,
        rfc: str,
        flt: InvoiceFilter,
        *,
        sort: str = "date",
        descending: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> Iterator[sqlite3.Row]:
        """The filter's rows (every column) in the order of ``sort`` (a :data:`SORTS` name, ``-name``
        descending) and then id, streamed: the query runs now, the rows are read as they are iterated."""
        where, params = build_where(rfc, flt)
        column = SORTS.get(sort.lstrip("-"), "issue_date")
        direction = "DESC" if descending or sort.startswith("-") else "ASC"
        sql = f"SELECT * FROM invoices i WHERE {where} ORDER BY i.{column} {direction}, i.id {direction}"  # noqa: S608
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        cursor: Iterator[sqlite3.Row] = self.db.get().execute(sql, params)
        return cursor

    def count(self, rfc: str, flt: InvoiceFilter) -> int:
        """How many rows the filter matches."""
        where, params = build_where(rfc, flt)
        sql = f"SELECT COUNT(*) FROM invoices i WHERE {where}"  # noqa: S608
        return int(self.db.get().execute(sql, params).fetchone()[0])

    def has_damaged(self, rfc: str) -> bool:
        """Whether the profile has any damaged document (one index probe: ``damaged`` follows the RFC)."""
        sql = "SELECT 1 FROM invoices WHERE rfc = ? AND damaged IS NOT NULL LIMIT 1"
        return self.db.get().execute(sql, (rfc,)).fetchone() is not None

    # -- the browser's pages -----------------------------------------------------------------------------------

    def has_null_keys(self, rfc: str, *, damaged: bool, sort: str) -> bool:
        """Whether some row of the profile (among the damaged ones or the others) lacks the value of the
        browser's order ``sort`` (a :data:`PAGE_SORTS` name; an issue date the XML did not say)."""
        key = PAGE_SORTS[sort]
        state = "IS NOT NULL" if damaged else "IS NULL"
        sql = f"SELECT 1 FROM invoices i WHERE i.rfc = ? AND i.damaged {state} AND {key} IS NULL LIMIT 1"  # noqa: S608
        return self.db.get().execute(sql, (rfc,)).fetchone() is not None

    def page(
        self,
        rfc: str,
        flt: InvoiceFilter,
        *,
        sort: str,
        ascending: bool,
        after: tuple[Any, int] | None,
        nulls: bool,
        limit: int,
        offset: int,
    ) -> list[sqlite3.Row]:
        """Up to ``limit`` rows (:data:`PAGE_COLUMNS` and ``sort_key``) in ``ORDER BY key, id`` (NULL keys first),
        ascending or descending, skipping ``offset``; with ``after`` only those strictly beyond that
        ``(key, id)`` in the walk's direction (keyset).

        ``nulls`` says whether NULL keys exist at all: the ``OR key IS NULL`` they need stops SQLite from reading
        a single index range, so it is only added when necessary.
        """
        key = PAGE_SORTS[sort]
        sql, params = build_where(rfc, flt)
        if after is not None:
            extra, extra_params = _beyond(key, after[0], after[1], greater=ascending, nulls=nulls)
            sql = f"{sql} AND {extra}"
            params = [*params, *extra_params]
        order = "ASC" if ascending else "DESC"
        rows: list[sqlite3.Row] = (
            self.db.get()
            .execute(
                f"SELECT {_PAGE_SELECT}, {key} AS sort_key FROM invoices i WHERE {sql} "  # noqa: S608
                f"ORDER BY {key} {order}, i.id {order} LIMIT ? OFFSET ?",
                [*params, limit, offset],
            )
            .fetchall()
        )
        return rows

    # -- sums --------------------------------------------------------------------------------------------------

    def sum_rows(self, rfc: str, flt: InvoiceFilter) -> tuple[Any, ...]:
        """(count, *sums of :data:`SUM_COLUMNS`) of the filter's rows.

        Raises:
            SumOverflow: a sum left the database's integers.
        """
        where, params = build_where(rfc, flt)
        return self._checked(f"SELECT COUNT(*), {_SUM_SELECT} FROM invoices i WHERE {where}", params)  # noqa: S608

    def sum_months(
        self,
        rfc: str,
        *,
        first: str | None,
        last: str | None,
        direction: str | None,
        types: Sequence[str],
        status: str | None,
    ) -> tuple[Any, ...]:
        """(count, *sums of :data:`SUM_COLUMNS`) of whole months ``first``..``last`` (``YYYY-MM``, either open)
        from ``invoice_months``; a sum past the integers may come back as a float (recount exactly).

        Raises:
            SumOverflow: a sum left the database's integers.
        """
        where, params = _month_where(rfc, first, last, direction, types, status)
        return self._checked(f"SELECT SUM(n), {_SUM_SELECT} FROM invoice_months WHERE {where}", params)  # noqa: S608

    def amount_rows(self, rfc: str, flt: InvoiceFilter) -> Iterator[Sequence[Any]]:
        """The :data:`SUM_COLUMNS` of each of the filter's rows, for sums past the database's integers."""
        where, params = build_where(rfc, flt)
        cursor: Iterator[Sequence[Any]] = self.db.get().execute(
            f"SELECT {_SUM_ROW_SELECT} FROM invoices i WHERE {where}",  # noqa: S608
            params,
        )
        return cursor

    def month_direction_sums(self, rfc: str) -> list[dict[str, Any]]:
        """``month``, ``direction``, ``n`` and ``total`` (cents) of the vouched-for invoices with an issue date,
        newest month first.

        Raises:
            SumOverflow: a month's total left the database's integers (see :meth:`month_direction_rows`).
        """
        sql = """SELECT substr(issue_date, 1, 7) AS month, direction, COUNT(*) AS n, SUM(total_c) AS total
                 FROM invoices WHERE rfc = ? AND issue_date IS NOT NULL AND damaged IS NULL
                 GROUP BY month, direction ORDER BY month DESC"""
        try:
            return [dict(row) for row in self.db.get().execute(sql, (rfc,))]
        except sqlite3.OperationalError as exc:
            if not _is_overflow(exc):
                raise
            raise SumOverflow from None

    def month_direction_rows(self, rfc: str) -> Iterator[Sequence[Any]]:
        """(month, direction, total cents) of each invoice :meth:`month_direction_sums` counts."""
        cursor: Iterator[Sequence[Any]] = self.db.get().execute(
            "SELECT substr(issue_date, 1, 7), direction, total_c FROM invoices "
            "WHERE rfc = ? AND issue_date IS NOT NULL AND damaged IS NULL",
            (rfc,),
        )
        return cursor

    def group_sums(self, rfc: str, flt: InvoiceFilter, keys: Sequence[str]) -> list[tuple[Any, ...]]:
        """(*values of ``keys``, count, *sums of :data:`SUM_COLUMNS`) per group of the filter's rows, in the keys'
        order (``keys`` from :data:`GROUP_KEYS`).

        Raises:
            SumOverflow: a sum left the database's integers.
        """
        columns = ", ".join(GROUP_KEYS[key] for key in keys)
        where, params = build_where(rfc, flt)
        sql = (
            f"SELECT {columns}, COUNT(*), {_SUM_SELECT} FROM invoices i WHERE {where} "  # noqa: S608
            f"GROUP BY {columns} ORDER BY {columns}"
        )
        return self._checked_all(sql, params)

    def month_group_sums(
        self,
        rfc: str,
        keys: Sequence[str],
        *,
        first: str | None,
        last: str | None,
        direction: str | None,
        types: Sequence[str],
        status: str | None,
    ) -> list[tuple[Any, ...]]:
        """As :meth:`group_sums` for whole months ``first``..``last`` from ``invoice_months`` (``keys`` among
        direction, type and status: it has no currency); a sum past the integers may come back as a float.

        Raises:
            SumOverflow: a sum left the database's integers.
        """
        columns = ", ".join(_MONTH_GROUP_KEYS[key] for key in keys)
        where, params = _month_where(rfc, first, last, direction, types, status)
        return self._checked_all(
            f"SELECT {columns}, SUM(n), {_SUM_SELECT} FROM invoice_months WHERE {where} GROUP BY {columns}",  # noqa: S608
            params,
        )

    def group_amount_rows(self, rfc: str, flt: InvoiceFilter, keys: Sequence[str]) -> Iterator[Sequence[Any]]:
        """(*values of ``keys``, *:data:`SUM_COLUMNS`) of each of the filter's rows, for sums past the integers."""
        columns = ", ".join(GROUP_KEYS[key] for key in keys)
        where, params = build_where(rfc, flt)
        cursor: Iterator[Sequence[Any]] = self.db.get().execute(
            f"SELECT {columns}, {_SUM_ROW_SELECT} FROM invoices i WHERE {where}",  # noqa: S608
            params,
        )
        return cursor

    def _checked(self, sql: str, params: list[Any]) -> tuple[Any, ...]:
        return self._checked_all(sql, params)[0]

    def _checked_all(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        """The rows of a query that sums, or :class:`SumOverflow` when a sum left SQLite's integers."""
        try:
            return [tuple(row) for row in self.db.get().execute(sql, params).fetchall()]
        except sqlite3.OperationalError as exc:
            if _is_overflow(exc):
                raise SumOverflow from None
            raise


def _month_where(
    rfc: str, first: str | None, last: str | None, direction: str | None, types: Sequence[str], status: str | None
) -> tuple[str, list[Any]]:
    """``invoice_months``' rows of whole months ``first``..``last`` (either open; closed at the end, the rows
    without a date are out) of one direction, types and status, as a WHERE clause and its parameters."""
    clauses, params = ["rfc = ?"], [rfc]
    if first is not None:
        clauses.append("month >= ?")
        params.append(first)
    if last is not None:
        clauses.append("month <= ? AND month <> ''")
        params.append(last)
    if direction:
        clauses.append("direction = ?")
        params.append(direction)
    if types:
        clauses.append(f"type IN ({', '.join('?' for _ in types)})")
        params.extend(types)
    if status:
        clauses.append("status = ?")
        params.append(status)
    return " AND ".join(clauses), params


def _beyond(key: str, value: Any, row_id: int, greater: bool, nulls: bool) -> tuple[str, list[Any]]:
    """Rows strictly after (``greater``) or before ``(value, id)`` in ``ORDER BY key, id`` (NULLs first)."""
    if value is None:
        if greater:
            return f"({key} IS NOT NULL OR i.id > ?)", [row_id]
        return f"({key} IS NULL AND i.id < ?)", [row_id]
    if greater:
        return f"({key}, i.id) > (?, ?)", [value, row_id]
    if nulls:
        return f"(({key}, i.id) < (?, ?) OR {key} IS NULL)", [value, row_id]
    return f"({key}, i.id) < (?, ?)", [value, row_id]


# -- the index writer's statements ------------------------------------------------------------------------------

_PAYMENT_SQL = """INSERT OR REPLACE INTO payments(rfc, payment_uuid, line, paid_uuid, installment, previous_balance,
    amount_paid, balance, currency, payment_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
_METADATA_SQL = """INSERT INTO invoices(rfc, uuid, direction, family, type, issue_date, stamp_date, issuer_rfc,
       issuer_name, receiver_rfc, receiver_name, total, total_c, status, cancelled_at, related_uuids,
       details, has_xml, source, updated_at, party_id, flags)
   VALUES (?, ?, ?, 'cfdi', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, 0, ?, ?, ?, ?)"""


@lru_cache(maxsize=8)
def _insert_sql(columns: tuple[str, ...]) -> str:
    """``INSERT … ON CONFLICT DO NOTHING``: ``rowcount`` says whether the document was new."""
    marks = ", ".join("?" for _ in columns)
    return (
        f"INSERT INTO invoices ({', '.join(columns)}) VALUES ({marks}) "  # noqa: S608 - our own column names
        "ON CONFLICT (rfc, uuid) DO NOTHING"
    )


class InvoiceWrites:
    """The index writer's statements for one profile (``rfc``), inside the caller's transaction.

    Bound to one connection for the writer's life (a batch is written by one thread): the hot path costs one
    method call and one ``execute`` per document, each statement's SQL built once per column list.
    """

    def __init__(self, db: ConnectionSource, rfc: str) -> None:
        self.db = db
        self.rfc = rfc
        self._conn = db.get()

    def insert_new(self, columns: tuple[str, ...], values: tuple[Any, ...]) -> int | None:
        """Insert a row unless its (rfc, uuid) is indexed: its id, or None when the UUID was known."""
        cursor = self._conn.execute(_insert_sql(columns), values)
        return cursor.lastrowid if cursor.rowcount == 1 else None

    def existing(self, uuid: str) -> sqlite3.Row:
        """What an update must know of an indexed document (id, has_xml, path, status, cancelled_at, source,
        damaged)."""
        row: sqlite3.Row = self._conn.execute(
            "SELECT id, has_xml, path, status, cancelled_at, source, damaged FROM invoices WHERE rfc = ? AND uuid = ?",
            (self.rfc, uuid),
        ).fetchone()
        return row

    def update(self, invoice_id: int, row: Mapping[str, Any]) -> None:
        """Overwrite the columns of ``row`` (the writer's own column names) of one invoice."""
        assignments = ", ".join(f"{k} = ?" for k in row)
        self._conn.execute(f"UPDATE invoices SET {assignments} WHERE id = ?", (*row.values(), invoice_id))  # noqa: S608

    def add_payments(self, payments: Iterable[Sequence[Any]]) -> None:
        """Payment rows (``rfc, payment_uuid, line, paid_uuid, installment, previous_balance, amount_paid,
        balance, currency, payment_date``), replacing the same line of the same payment."""
        self._conn.executemany(_PAYMENT_SQL, payments)

    def replace_payments(self, payment_uuid: str, payments: Sequence[Sequence[Any]]) -> None:
        """The payment rows of one payment receipt, instead of those it had."""
        self._conn.execute("DELETE FROM payments WHERE rfc = ? AND payment_uuid = ?", (self.rfc, payment_uuid))
        if payments:
            self._conn.executemany(_PAYMENT_SQL, payments)

    def add_search_text(self, texts: Iterable[tuple[int, str]]) -> None:
        """Invoice-level search rows (invoice id → its text) in one statement.

        Inserting them one by one would interleave FTS5 with the statements on ``invoices``, whose trigger
        (``invoice_months``) opens a savepoint per statement, and FTS5 flushes its pending terms to disk at every
        savepoint: ~60 µs per document instead of ~5.
        """
        self._conn.executemany("INSERT INTO invoices_fts(rowid, text) VALUES (?, ?)", texts)

    def status_of(self, uuid: str) -> sqlite3.Row | None:
        """(id, status, cancelled_at) of an indexed UUID, or None."""
        row: sqlite3.Row | None = self._conn.execute(
            "SELECT id, status, cancelled_at FROM invoices WHERE rfc = ? AND uuid = ?", (self.rfc, uuid)
        ).fetchone()
        return row

    def set_status(self, invoice_id: int, status: str, cancelled_at: str | None, now_ms: int) -> None:
        """What a metadata row says of a known document."""
        self._conn.execute(
            "UPDATE invoices SET status = ?, cancelled_at = ?, updated_at = ? WHERE id = ?",
            (status, cancelled_at, now_ms, invoice_id),
        )

    def insert_metadata(self, values: Sequence[Any]) -> int:
        """A row without XML (what SAT's metadata says of a document); its id. ``values``: rfc, uuid, direction,
        type, issue_date, stamp_date, issuer_rfc, issuer_name, receiver_rfc, receiver_name, total, total_c, status,
        cancelled_at, details, source, updated_at, party_id, flags."""
        rowid = self._conn.execute(_METADATA_SQL, values).lastrowid
        assert rowid is not None
        return rowid

    def party_id(self, party: tuple[str, str, str, str]) -> int:
        """The id of an (issuer RFC, issuer name, receiver RFC, receiver name) pair of this profile, created with
        its search text when new."""
        found = self._conn.execute(
            "SELECT id FROM parties WHERE rfc = ? AND issuer_rfc = ? AND issuer_name = ? AND receiver_rfc = ? "
            "AND receiver_name = ?",
            (self.rfc, *party),
        ).fetchone()
        if found is not None:
            return int(found[0])
        party_id = self._conn.execute(
            "INSERT INTO parties(rfc, issuer_rfc, issuer_name, receiver_rfc, receiver_name) VALUES (?, ?, ?, ?, ?)",
            (self.rfc, *party),
        ).lastrowid
        assert party_id is not None
        self._conn.execute("INSERT INTO parties_fts(rowid, text) VALUES (?, ?)", (party_id, search_text(*party)))
        return party_id

    def add_months(self, groups: Mapping[tuple[Any, ...], Sequence[int]]) -> None:
        """Add counts and sums to ``invoice_months``: (month, direction, type, status) → (n, *sums in
        ``schema.ADD_MONTHS``' order), one statement per group.

        A sum past SQLite's 64-bit integers is written as a REAL, which readers take as "recount exactly"
        (:class:`SumOverflow`), as SQLite itself does when ``+`` overflows in the update trigger."""
        self._conn.executemany(
            ADD_MONTHS, [(self.rfc, *group, *map(_sqlite_int, sums)) for group, sums in groups.items()]
        )
