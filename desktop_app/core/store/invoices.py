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
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from functools import lru_cache
from typing import Any

from desktop_app.core.store import dialect, schema_pg
from desktop_app.core.store.db import ConnectionSource
from desktop_app.core.store.schema import ADD_MONTHS, PENDING_SQL
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
    # Método de pago (PUE/PPD), forma de pago (c_FormaPago), uso de CFDI (c_UsoCFDI) and currency, each any of
    # the given codes (a document that does not say one has '' there: ``invoice_months``' key).
    payment_methods: tuple[str, ...] = ()
    payment_forms: tuple[str, ...] = ()
    cfdi_uses: tuple[str, ...] = ()
    currencies: tuple[str, ...] = ()
    # "PPD con saldo pendiente": PPD invoices, not cancelled, that still owe something — the ImpSaldoInsoluto of
    # the latest payment line for them in a payment receipt that is not cancelled, or their total when no such
    # line is known (``schema.PENDING_SQL``, kept in ``invoices.pending_c``), is at least one cent.
    pending_balance: bool = False


# The orders of the browser and of ``invoices list`` (name → its key, one or more SQL expressions over
# ``invoices i``, then the id). Each has an index (rfc, damaged, key…, id) — migration of issue 17.2, whose index
# expressions these are, character for character: SQLite uses an index on an expression only for that expression —
# so a page is one index range read, never a sort of every row. Missing values are '' (first) in all but the
# date, whose missing values are NULL (first too). Serie-folio: series, then the folio's length, then the folio,
# so that numeric folios sort as numbers (9 before 10). Names sort as written, by their bytes (upper case first).
PAGE_SORTS: dict[str, tuple[str, ...]] = {
    "date": ("i.issue_date",),
    "folio": ("coalesce(i.series, '')", "length(coalesce(i.folio, ''))", "coalesce(i.folio, '')"),
    "issuer_rfc": ("coalesce(i.issuer_rfc, '')",),
    "issuer": ("coalesce(i.issuer_name, '')",),
    "receiver_rfc": ("coalesce(i.receiver_rfc, '')",),
    "receiver": ("coalesce(i.receiver_name, '')",),
    "type": ("coalesce(i.type, '')",),
    "status": ("i.status",),
    "total": ("i.total_c",),
    "uuid": ("i.uuid",),
}
SORTS = PAGE_SORTS
_NULLABLE_SORTS = frozenset({"date"})  # the orders whose key may be NULL (an issue date the XML did not say)
# Dialect-specific SQL. Where a NULL key sorts: SQLite puts NULL first ascending (so last descending), PostgreSQL
# the other way round unless told (its date indexes say NULLS FIRST, schema_pg, so the order is still an index
# walk); what a PPD invoice still owes (``schema.PENDING_SQL`` / ``schema_pg.PENDING_SQL``).
_NULLABLE_KEYS = frozenset(PAGE_SORTS[name][0] for name in _NULLABLE_SORTS)
_NULLS_SQL = {
    dialect.SQLITE: {"ASC": "", "DESC": ""},
    dialect.POSTGRESQL: {"ASC": " NULLS FIRST", "DESC": " NULLS LAST"},
}
_PENDING_SQL = {dialect.SQLITE: PENDING_SQL, dialect.POSTGRESQL: schema_pg.PENDING_SQL}
_ADD_MONTHS = {dialect.SQLITE: ADD_MONTHS, dialect.POSTGRESQL: schema_pg.ADD_MONTHS}


def _order_by(keys: Iterable[str], direction: str, conn: Any) -> str:
    """``key direction, …`` with NULL keys first (ascending) as SQLite sorts them, in the connection's dialect."""
    nulls = _NULLS_SQL[dialect.of(conn)][direction]
    return ", ".join(f"{key} {direction}{nulls if key in _NULLABLE_KEYS else ''}" for key in keys)


# From how many matching rows a page in another order walks that order's index rather than the amount range: the
# walk then reads about ``limit × rows ÷ matches`` index entries (at most a few hundred thousand at a million
# rows), the range + sort reads and sorts every match.
WIDE_AMOUNT_RANGE = 2_000
# From what share of the profile's rows a text search's page walks the order's index (``+i.party_id``: one in
# DENSE_TEXT or more) rather than reading every match through the parties and sorting them: the walk reads about
# ``limit × rows ÷ matches`` entries, the sort all the matches. Measured, a page of 200 by issuer at 1,000,000
# rows: 'lopez' (7 % of the rows) 289 ms sorted, 33 walked; '840' (4 %) 114 and 84; 'guadalupana' (1.3 %) 33 ms
# sorted, 224 walked; at 100,000 rows 'lopez' 31 → 14 ms, '840' 24 either way, 'guadalupana' 8 either way.
DENSE_TEXT = 40
# The columns of a browser page (and ``sort_key_0``…, the values of its order: :func:`sort_values`).
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
    "cfdi_use",
    "uuid",
    "has_xml",
    "direction",
    "cancelled_at",
    "damaged",
)
_PAGE_SELECT = ", ".join(f"i.{name}" for name in PAGE_COLUMNS)
# The summed cents columns, in the order of :meth:`InvoiceRepository.split_sums` (after the count).
SUM_COLUMNS = (
    "subtotal_c", "discount_c", "iva_t_c", "ieps_t_c", "iva_w_c", "isr_w_c", "local_c", "total_c", "payroll_isr_c"
)  # fmt: skip
_SUM_SELECT = ", ".join(f"SUM({c})" for c in SUM_COLUMNS)
_SUM_ROW_SELECT = ", ".join(f"i.{c}" for c in SUM_COLUMNS)

# What ``invoices list --group-by`` may group on, as SQL over ``invoices i`` (a code the document does not say is
# '', as in ``invoice_months``).
GROUP_KEYS: dict[str, str] = {
    "direction": "i.direction",
    "type": "COALESCE(i.type, '')",
    "currency": "COALESCE(i.currency, '')",
    "status": "i.status",
    "payment_method": "COALESCE(i.payment_method, '')",
    "payment_form": "COALESCE(i.payment_form, '')",
    "cfdi_use": "COALESCE(i.cfdi_use, '')",
}
# The totals' own keys besides those: whether a document is cancelled (1) or not (0), and whether it is a
# Retenciones document (a constancia de retenciones, type R: 1) or a CFDI (0) — both are left out of the sums and
# counted apart (``index.totals``).
CANCELLED_KEY = "cancelled"
RETENCIONES_KEY = "retenciones"
RETENCIONES_TYPE = "R"  # ``cfdi.model.TYPE_RETENCIONES``
# And the issue month (``YYYY-MM``, '' when unknown) for the Resumen's table.
MONTH_KEY = "month"
_ROW_KEYS = {
    **GROUP_KEYS,
    CANCELLED_KEY: "(CASE WHEN i.status = 'cancelado' THEN 1 ELSE 0 END)",
    RETENCIONES_KEY: f"(CASE WHEN COALESCE(i.type, '') = '{RETENCIONES_TYPE}' THEN 1 ELSE 0 END)",
    MONTH_KEY: "substr(coalesce(i.issue_date, ''), 1, 7)",
}
# The same keys over ``invoice_months``, whose key holds each of them; the two flags are told from the plain
# column they derive from (``month_group_sums``).
_MONTH_GROUP_KEYS: dict[str, str] = {
    **{key: key for key in GROUP_KEYS},
    MONTH_KEY: "month",
}
_DERIVED_KEYS: dict[str, tuple[str, str]] = {  # flag → (the column it is read from, the value that sets it)
    CANCELLED_KEY: ("status", "cancelado"),
    RETENCIONES_KEY: ("type", RETENCIONES_TYPE),
}

# ``InvoiceRepository.has_type`` per dialect. SQLite is told the index: with ANALYZE's statistics and a type the
# profile does not have, it took "LIMIT 1" for a match soon found and walked every row of the profile through
# another index (rfc, damaged) instead (3,000 rows: SEARCH … invoices_by_total).
HAS_TYPE_SQL = {
    dialect.SQLITE: "SELECT 1 FROM invoices INDEXED BY invoices_by_type"
    " WHERE rfc = ? AND damaged IS NULL AND coalesce(type, '') = ? LIMIT 1",
    dialect.POSTGRESQL: "SELECT 1 FROM invoices WHERE rfc = ? AND damaged IS NULL AND coalesce(type, '') = ? LIMIT 1",
}

_UUID_CHARS = frozenset("0123456789ABCDEF-")
UUID_PIECE_MIN = 8  # hex characters from which a needle is also looked for inside UUIDs (or any with a dash)


def build_where(
    rfc: str, flt: InvoiceFilter, *, amount_index: bool = True, party_scan: bool = False, party_index: bool = True
) -> tuple[str, list[Any]]:
    """The filter as SQL over ``invoices i`` and its parameters (``invoices list``, the browser, the totals).

    ``amount_index=False`` keeps SQLite from reading an amount range through its index (``+i.total_c``): for a
    page in another order over a wide range, walking that order's index finds the page's rows sooner than reading
    and sorting the whole range. ``party_scan=True`` finds a text's parties by reading the profile's own parties'
    search text (``parties_by_search``) instead of the trigram index of every profile's parties: the same parties
    of this profile either way, sooner when the profile holds few of them (:meth:`InvoiceRepository._party_scan`).
    ``party_index=False`` keeps the planner from reading a text's matches through the party index
    (``+i.party_id``): for a page of a text that matches a good share of the rows, walking the order's index and
    testing each row's party finds the page sooner (:data:`DENSE_TEXT`)."""
    clauses = ["i.rfc = ?"]
    params: list[Any] = [rfc]
    if flt.date_from:
        clauses.append("i.issue_date >= ?")
        params.append(flt.date_from[:10])
    if flt.date_to:
        clauses.append("i.issue_date < ?")
        params.append(_day_after(flt.date_to[:10]))
    _add_kind_clauses(flt, "i.", clauses, params)
    if flt.counterpart_rfc:
        clauses.append("(i.issuer_rfc = ? OR i.receiver_rfc = ?)")
        params.extend([flt.counterpart_rfc.upper()] * 2)
    amount = "i.total_c" if amount_index else "+i.total_c"
    # In MXN cents, as every sum (a USD invoice's total × its TipoCambio); a bound between two cents is taken to the
    # cent inside it (10.005 as a minimum is 10.01: 10.00 is below it), never truncated outward.
    if flt.min_total is not None:
        clauses.append(f"{amount} >= ?")
        params.append(int((flt.min_total / _CENT).to_integral_value(rounding=ROUND_CEILING)))
    if flt.max_total is not None:
        clauses.append(f"{amount} <= ?")
        params.append(int((flt.max_total / _CENT).to_integral_value(rounding=ROUND_FLOOR)))
    if flt.min_total is not None or flt.max_total is not None:
        # A total whose value in pesos is not known (another currency without TipoCambio, or past the summed
        # range) is kept as 0 cents for the sums: it is no answer to «at most $0» nor to any other bound.
        clauses.append(
            "(i.flags IS NULL OR (i.flags NOT LIKE '%no_exchange_rate%' AND i.flags NOT LIKE '%out_of_range:total%'))"
        )
    # Right after the RFC in every covering index: part of the index range, never a test per row.
    damaged = "damaged IS NOT NULL" if flt.damaged else "damaged IS NULL"
    clauses.append("i." + damaged)
    if flt.damaged:
        # They are few: read from their own small index whatever else the filter asks. With ANALYZE's statistics
        # SQLite takes "damaged IS NOT NULL" for half the rows, and reads every row for a filter on a code.
        clauses.append(
            "i.id IN (SELECT id FROM invoices INDEXED BY invoices_damaged WHERE rfc = ? AND damaged IS NOT NULL)"
        )
        params.append(rfc)
    if flt.pending_balance:
        # "pending_c > 0" as written in the partial index invoices_pending, which SQLite then reads alone.
        clauses.append("i.pending_c > 0 AND i.status <> 'cancelado'")
    if flt.text and flt.text.strip():
        needle = search_text(flt.text.strip())
        # A plain LIKE whenever possible: FTS5 uses the trigram index only without ESCAPE.
        if any(ch in needle for ch in "\\%_"):
            escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            like, pattern = "LIKE ? ESCAPE '\\'", f"%{escaped}%"
        else:
            like, pattern = "LIKE ?", f"%{needle}%"
        # RFCs and names: the few thousand parties match, the covering party index sums their invoices.
        if party_scan:
            party, party_params = f"SELECT id FROM parties WHERE rfc = ? AND search {like}", [rfc, pattern]  # noqa: S608
        else:
            party, party_params = f"SELECT rowid FROM parties_fts WHERE text {like}", [pattern]  # noqa: S608
        if _UUID_CHARS.issuperset(needle) and (len(needle) >= UUID_PIECE_MIN or "-" in needle):
            # A piece of a UUID too (the invoice-level trigram index holds only the UUID). Shorter hex-looking
            # needles ("840", typed on the way to an RFC) would match a fraction of all invoices by UUID alone.
            clauses.append(
                f"i.id IN (SELECT id FROM invoices WHERE rfc = ? AND {damaged} AND party_id IN ({party}) "  # noqa: S608
                f"UNION ALL SELECT rowid FROM invoices_fts WHERE text {like})"
            )
            params.extend([rfc, *party_params, pattern])
            # "+i.rfc": keep the planner from walking the profile's whole index; it reads the matches by id.
            clauses[0] = "+i.rfc = ?"
        else:
            clauses.append(f"{'' if party_index else '+'}i.party_id IN ({party})")
            params.extend(party_params)
    return " AND ".join(clauses), params


def _add_kind_clauses(flt: InvoiceFilter, prefix: str, clauses: list[str], params: list[Any]) -> None:
    """The filter's direction, types, status and codes — the fields ``invoices`` and ``invoice_months`` both
    hold, under the same names — as clauses over ``{prefix}column``: one rule for the rows and the months, so
    their sums cannot disagree."""
    if flt.direction:
        clauses.append(f"{prefix}direction = ?")
        params.append(flt.direction)
    if flt.types:
        clauses.append(f"{prefix}type IN ({', '.join('?' for _ in flt.types)})")
        params.extend(flt.types)
    if flt.status:
        clauses.append(f"{prefix}status = ?")
        params.append(flt.status)
    for column, codes in _code_filters(flt):  # a code the document does not say is '' (invoice_months' key)
        clauses.append(f"COALESCE({prefix}{column}, '') IN ({', '.join('?' for _ in codes)})")
        params.extend(codes)


def _code_filters(flt: InvoiceFilter) -> list[tuple[str, tuple[str, ...]]]:
    """The filter's lists of codes, as (column, codes) — the same columns in ``invoices`` and ``invoice_months``."""
    pairs = (
        ("payment_method", flt.payment_methods),
        ("payment_form", flt.payment_forms),
        ("cfdi_use", flt.cfdi_uses),
        ("currency", flt.currencies),
    )
    return [(column, codes) for column, codes in pairs if codes]


def _day_after(day: str) -> str:
    """The bound above ``day``'s moments: the next day, or for the last day a date can have (9999-12-31, an
    accountant's "no end", which crashed the list) a text above each of its moments (``issue_date`` is compared
    as text)."""
    if day >= "9999-12-31":
        return "9999-12-32"
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


class SumOverflow(Exception):
    """A sum left SQLite's 64-bit integers: SUM() raises "integer overflow", ``+`` turns it into a REAL.

    The caller adds the rows itself (:meth:`InvoiceRepository.group_amount_rows`), in Python's unbounded integers."""


_INT64 = 2**63


def _sqlite_int(value: int) -> int | float:
    return value if -_INT64 <= value < _INT64 else float(value)


def _is_overflow(exc: sqlite3.OperationalError) -> bool:
    return "overflow" in str(exc)


# How long :meth:`InvoiceRepository._party_scan`'s answer is kept (s): the shares of parties change with syncs.
_PARTY_SCAN_TTL = 60.0


class InvoiceRepository:
    """Reads and writes of indexed invoices. Writes join the caller's transaction (``db.transaction``)."""

    def __init__(self, db: ConnectionSource) -> None:
        self.db = db
        self._scans: dict[str, tuple[bool, float]] = {}  # rfc → (:meth:`_party_scan`'s answer, when)

    def _where(
        self, rfc: str, flt: InvoiceFilter, *, amount_index: bool = True, party_index: bool = True
    ) -> tuple[str, list[Any]]:
        """:func:`build_where`, its text search by the quicker of the two ways (:meth:`_party_scan`)."""
        scan = bool(flt.text and flt.text.strip()) and self._party_scan(rfc)
        return build_where(rfc, flt, amount_index=amount_index, party_scan=scan, party_index=party_index)

    def _party_scan(self, rfc: str) -> bool:
        """Whether a text search of ``rfc`` should read the profile's own parties (``parties_by_search``) rather
        than the trigram index of every profile's parties: when the profile holds less than half of them. The
        trigram index reads every profile's matches (a surname common to 20 profiles: ~18,000 parties, 21 ms, to
        keep this profile's ~900), the scan every party of the profile (~9,000: 2 ms); one profile alone (a
        desktop) reads about as fast either way (10,000 parties at a million invoices, measured: 15–18 ms for a
        common surname both ways) and keeps the trigram index, quicker for a rare word. Both find the same
        parties of the profile (the trigram index's others have no invoice of this RFC), so the answer is the same."""
        known = self._scans.get(rfc)
        if known is None or time.monotonic() - known[1] > _PARTY_SCAN_TTL:
            conn = self.db.get()
            # How many parties there are, from the largest id (ids only grow; a removed profile's leave gaps, which
            # count as parties of others: a scan more often, never a wrong answer); the profile's own counted up
            # to half of that at most, each an entry of its index.
            every = conn.execute("SELECT max(id) FROM parties").fetchone()[0] or 0
            half = every // 2
            mine = conn.execute(
                "SELECT count(*) FROM (SELECT 1 FROM parties WHERE rfc = ? LIMIT ?) AS mine", (rfc, half)
            ).fetchone()[0]
            known = self._scans[rfc] = (mine < half, time.monotonic())
        return known[0]

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
        """Metadata rows a Retenciones package brought are retention certificates, not CFDI: their family, and the
        type their XML has (R), whatever the metadata's EfectoComprobante said — the totals leave them apart as
        they do the XML (``index.totals``); the monthly sums follow by trigger."""
        self.db.get().execute(
            f"UPDATE invoices SET family = 'retenciones', type = '{RETENCIONES_TYPE}' "  # noqa: S608 - a constant
            "WHERE rfc = ? AND source = ? AND has_xml = 0 AND family <> 'retenciones'",
            (rfc, package_id),
        )

    def delete_for(self, rfc: str) -> None:
        """One RFC's index: its invoices and payments (a profile being removed). Invoices first: the payments'
        triggers then find no invoice to settle."""
        conn = self.db.get()
        # their search rows too: left behind, they took the rowids later invoices are given (migration 15)
        conn.execute("DELETE FROM invoices_fts WHERE rowid IN (SELECT id FROM invoices WHERE rfc = ?)", (rfc,))
        conn.execute("DELETE FROM invoices WHERE rfc = ?", (rfc,))
        conn.execute("DELETE FROM payments WHERE rfc = ?", (rfc,))

    def payments_for(self, rfc: str, paid_uuid: str) -> list[dict[str, Any]]:
        """The payments that paid a PPD invoice, oldest first, with each payment
        receipt's issue date and status (its own lines: without statistics SQLite would read them all, see
        ``schema.PENDING_SQL``)."""
        rows = (
            self.db.get()
            .execute(
                """SELECT p.*, i.issue_date AS payment_issue_date, i.status AS payment_status
                   FROM payments p INDEXED BY payments_by_paid
                   JOIN invoices i ON i.rfc = p.rfc AND i.uuid = p.payment_uuid
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
        descending; an unknown name is the date) and then id, streamed: the query runs now, the rows are read as
        they are iterated."""
        where, params = self._where(rfc, flt)
        keys = SORTS.get(sort.lstrip("-"), SORTS["date"])
        direction = "DESC" if descending or sort.startswith("-") else "ASC"
        conn = self.db.get()
        order = _order_by((*keys, "i.id"), direction, conn)
        sql = f"SELECT * FROM invoices i WHERE {where} ORDER BY {order}"  # noqa: S608
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        cursor: Iterator[sqlite3.Row] = conn.execute(sql, params)
        return cursor

    def count(self, rfc: str, flt: InvoiceFilter) -> int:
        """How many rows the filter matches."""
        where, params = self._where(rfc, flt)
        sql = f"SELECT COUNT(*) FROM invoices i WHERE {where}"  # noqa: S608
        return int(self.db.get().execute(sql, params).fetchone()[0])

    def month_count(self, rfc: str, flt: InvoiceFilter, *, first: str | None, last: str | None) -> int:
        """How many documents of the filter's direction, types, status and codes the whole months
        ``first``..``last`` (either open) have, from ``invoice_months``: one sum, not the ten of the totals."""
        where, params = _month_where(rfc, first, last, flt)
        sql = f"SELECT SUM(n) FROM invoice_months WHERE {where}"  # noqa: S608
        return int(self.db.get().execute(sql, params).fetchone()[0] or 0)

    def has_damaged(self, rfc: str) -> bool:
        """Whether the profile has any damaged document (one index probe: ``damaged`` follows the RFC)."""
        sql = "SELECT 1 FROM invoices WHERE rfc = ? AND damaged IS NOT NULL LIMIT 1"
        return self.db.get().execute(sql, (rfc,)).fetchone() is not None

    # -- the browser's pages -----------------------------------------------------------------------------------

    def has_null_keys(self, rfc: str, *, damaged: bool, sort: str) -> bool:
        """Whether some row of the profile (among the damaged ones or the others) lacks the value of the
        browser's order ``sort`` (a :data:`PAGE_SORTS` name; only the date can be missing: an issue date the XML
        did not say)."""
        if sort not in _NULLABLE_SORTS:
            return False
        key = PAGE_SORTS[sort][0]
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
        after: tuple[tuple[Any, ...], int] | None,
        nulls: bool,
        limit: int,
        offset: int,
        matches: int | None = None,
    ) -> list[sqlite3.Row]:
        """Up to ``limit`` rows (:data:`PAGE_COLUMNS` and ``sort_key_0``…, see :func:`sort_values`) in
        ``ORDER BY key…, id`` (a missing key first), ascending or descending, skipping ``offset``; with ``after``
        (the key's values and the id of a row) only those strictly beyond it in the walk's direction (keyset).

        A keyset read is one query per part of the order beyond the row (:func:`_beyond_parts`: the rows with the
        same key and a greater id, then those with a greater key), each one index range. A single condition
        ``(key, id) > (?, ?)`` would read every row with the same key up to the one given: among 400,000 rows of
        one issuer, or of one status, that is a tenth of a second per page. ``nulls`` says whether NULL keys exist
        at all (:meth:`has_null_keys`): only then does a descending walk need a part for them.

        ``matches``, how many rows the filter has (when the caller knows), steers an amount range in another order:
        from :data:`WIDE_AMOUNT_RANGE` rows on, the order's index is walked instead of the range read and sorted
        (119,383 rows of 1,000,000 by date: 27 → ~1 ms); a text search that matches a good share of the profile
        (:data:`DENSE_TEXT`) walks the order's index too, testing each row's party.
        """
        keys = PAGE_SORTS[sort]
        wide = matches is not None and matches >= WIDE_AMOUNT_RANGE and sort != "total"
        dense = matches is not None and self._dense_text(rfc, flt, matches)
        where, params = self._where(rfc, flt, amount_index=not wide, party_index=not dense)
        order = "ASC" if ascending else "DESC"
        select = ", ".join((_PAGE_SELECT, *(f"{key} AS sort_key_{n}" for n, key in enumerate(keys))))
        conn = self.db.get()
        if after is None:
            ordered = _order_by((*keys, "i.id"), order, conn)
            sql = f"SELECT {select} FROM invoices i WHERE {where} ORDER BY {ordered} LIMIT ? OFFSET ?"  # noqa: S608
            return list(conn.execute(sql, [*params, limit, offset]))
        rows: list[sqlite3.Row] = []
        for condition, condition_params, by in _beyond_parts(keys, after, greater=ascending, nulls=nulls):
            part = f"{where} AND {condition}"
            ordered = _order_by(by, order, conn)
            got = conn.execute(
                f"SELECT {select} FROM invoices i WHERE {part} ORDER BY {ordered} LIMIT ? OFFSET ?",  # noqa: S608
                [*params, *condition_params, limit - len(rows), offset],
            ).fetchall()
            if got:
                rows += got
                offset = 0
            elif offset:  # the part has at most ``offset`` rows: skip them all, and count how many that was
                skipped = conn.execute(
                    f"SELECT count(*) FROM (SELECT 1 FROM invoices i WHERE {part} LIMIT ?) AS skipped",  # noqa: S608
                    [*params, *condition_params, offset],
                ).fetchone()[0]
                offset -= skipped
            if len(rows) >= limit:
                break
        return rows

    def _dense_text(self, rfc: str, flt: InvoiceFilter, matches: int) -> bool:
        """Whether a text search matches one in :data:`DENSE_TEXT` of the profile's rows or more (its rows that
        the index vouches for, counted from ``invoice_months``); the damaged ones are few, always read directly."""
        if not (flt.text and flt.text.strip()) or flt.damaged or matches < WIDE_AMOUNT_RANGE:
            return False
        return matches * DENSE_TEXT >= self.month_count(rfc, InvoiceFilter(), first=None, last=None)

    # -- sums --------------------------------------------------------------------------------------------------

    def split_sums(self, rfc: str, flt: InvoiceFilter, *, retenciones_apart: bool = False) -> tuple[Any, ...]:
        """(count, *sums of :data:`SUM_COLUMNS`) of the filter's rows that are not cancelled, then the same of its
        cancelled ones (the totals leave those out) — and with ``retenciones_apart``, both without the Retenciones
        documents, then the same of those (any status). Plain sums over the same index range: conditional sums
        or a GROUP BY in one pass cost twice as much (an amount range at a million: 80 ms against 54).

        Raises:
            SumOverflow: a sum left the database's integers.
        """
        where, params = self._where(rfc, flt)
        source = f"FROM invoices i WHERE {where}"
        return self._split("COUNT(*)", "i.", "COALESCE(i.type, '')", source, params, retenciones_apart)

    def month_split_sums(
        self, rfc: str, flt: InvoiceFilter, *, first: str | None, last: str | None, retenciones_apart: bool = False
    ) -> tuple[Any, ...]:
        """As :meth:`split_sums` for the whole months ``first``..``last`` from ``invoice_months`` (a sum past the
        integers may come back as a float: recount exactly).

        Raises:
            SumOverflow: a sum left the database's integers.
        """
        where, params = _month_where(rfc, first, last, flt)
        return self._split("SUM(n)", "", "type", f"FROM invoice_months WHERE {where}", params, retenciones_apart)

    def _split(
        self, count: str, prefix: str, kind: str, source: str, params: list[Any], retenciones_apart: bool
    ) -> tuple[Any, ...]:
        """``count`` and every sum of :data:`SUM_COLUMNS` over ``source`` (``FROM … WHERE …``) of the rows not
        cancelled, then of the cancelled ones (``{prefix}status``) — with ``retenciones_apart``, both of the rows
        whose ``kind`` is not Retenciones' and then of those. SQLite reads the parts as plain sums, each an index
        range (quicker there); PostgreSQL reads them once with ``FILTER`` aggregates (its ``NUMERIC`` sums of a
        profile's ~18,600 monthly rows cost 8–12 ms a reading)."""
        status = f"{prefix}status"
        tests = [f"{status} <> 'cancelado'", f"{status} = 'cancelado'"]
        if retenciones_apart:
            cfdi = f"{kind} <> '{RETENCIONES_TYPE}'"
            tests = [f"{test} AND {cfdi}" for test in tests] + [f"{kind} = '{RETENCIONES_TYPE}'"]
        if dialect.of(self.db.get()) == dialect.POSTGRESQL:
            columns = []
            for test in tests:
                only = f" FILTER (WHERE {test})"
                columns += [count + only, *(f"SUM({prefix}{column}){only}" for column in SUM_COLUMNS)]
            return self._checked(f"SELECT {', '.join(columns)} {source}", params)
        sql = f"SELECT {count}, {_SUM_SELECT} {source} AND "
        return tuple(value for test in tests for value in self._checked(sql + test, params))

    def has_type(self, rfc: str, kind: str) -> bool:
        """Whether the profile has any document of type ``kind`` it can vouch for (one probe of the type's index:
        ``invoices_by_type`` on SQLite, the partial ``invoices_page_type`` on PostgreSQL)."""
        conn = self.db.get()
        sql = HAS_TYPE_SQL[dialect.of(conn)]
        return conn.execute(sql, (rfc, kind)).fetchone() is not None

    def group_sums(self, rfc: str, flt: InvoiceFilter, keys: Sequence[str]) -> list[tuple[Any, ...]]:
        """(*values of ``keys``, count, *sums of :data:`SUM_COLUMNS`) per group of the filter's rows, in the keys'
        order (``keys`` from :data:`GROUP_KEYS`, :data:`CANCELLED_KEY` and :data:`MONTH_KEY`).

        Raises:
            SumOverflow: a sum left the database's integers.
        """
        columns = ", ".join(_ROW_KEYS[key] for key in keys)
        where, params = self._where(rfc, flt)
        sql = (
            f"SELECT {columns}, COUNT(*), {_SUM_SELECT} FROM invoices i WHERE {where} "  # noqa: S608
            f"GROUP BY {columns} ORDER BY {columns}"
        )
        return self._checked_all(sql, params)

    def month_group_sums(
        self, rfc: str, flt: InvoiceFilter, keys: Sequence[str], *, first: str | None, last: str | None
    ) -> list[tuple[Any, ...]]:
        """As :meth:`group_sums` for the whole months ``first``..``last`` (``YYYY-MM``, either open) of a filter
        on direction, types, status and codes, from ``invoice_months``; a sum past the integers may come back as a
        float (recount exactly).

        Raises:
            SumOverflow: a sum left the database's integers.
        """
        # Plain columns only: whether a group is cancelled (or Retenciones) is told from its status (type) here,
        # not by a CASE in the GROUP BY, so the window's breakdown (direction, type, currency and cancelled) is
        # read in the order of the covering index ``invoice_months_by_kind`` without sorting (18,600 monthly rows:
        # 20 → 7 ms).
        derived = [key for key in keys if key in _DERIVED_KEYS]
        plain = [key for key in keys if key not in _DERIVED_KEYS]
        for key in derived:
            column = _DERIVED_KEYS[key][0]
            if column not in plain:
                plain.append(column)
        columns = ", ".join(_MONTH_GROUP_KEYS[key] for key in plain)
        where, params = _month_where(rfc, first, last, flt)
        rows = self._checked_all(
            f"SELECT {columns}, SUM(n), {_SUM_SELECT} FROM invoice_months WHERE {where} GROUP BY {columns}",  # noqa: S608
            params,
        )
        if not derived:
            return rows
        width = len(plain)
        merged: dict[tuple[Any, ...], list[Any]] = {}
        for row in rows:
            values = dict(zip(plain, row[:width], strict=True))
            for flag in derived:
                column, value = _DERIVED_KEYS[flag]
                values[flag] = 1 if values[column] == value else 0
            group = tuple(values[k] for k in keys)
            sums = merged.get(group)
            if sums is None:
                merged[group] = list(row[width:])
            else:  # statuses (types) that set no flag, in one group: added exactly (a float says "recount")
                for k, value in enumerate(row[width:]):
                    sums[k] = (sums[k] or 0) + (value or 0)
        return [(*group, *sums) for group, sums in merged.items()]

    def group_amount_rows(self, rfc: str, flt: InvoiceFilter, keys: Sequence[str]) -> Iterator[Sequence[Any]]:
        """(*values of ``keys``, *:data:`SUM_COLUMNS`) of each of the filter's rows, for sums past the integers."""
        columns = ", ".join(_ROW_KEYS[key] for key in keys)
        where, params = self._where(rfc, flt)
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

    # -- SAT's status checks (issue 17.3) ----------------------------------------------------------------------

    def mark_verified(self, invoice_id: int, at_ms: int) -> None:
        """ConsultaCFDI answered about this invoice at ``at_ms`` (its status, if it changed, goes through
        :meth:`set_status`): the daily re-check skips invoices SAT was asked about recently."""
        self.db.get().execute("UPDATE invoices SET verified_at = ? WHERE id = ?", (at_ms, invoice_id))


def _month_where(rfc: str, first: str | None, last: str | None, flt: InvoiceFilter) -> tuple[str, list[Any]]:
    """``invoice_months``' rows of whole months ``first``..``last`` (either open; closed at the end, the rows
    without a date are out) of the filter's direction, types, status and codes, as a WHERE clause and its
    parameters (the filter's other fields are the caller's: ``index.query._month_split``)."""
    clauses, params = ["rfc = ?"], [rfc]
    if first is not None:
        clauses.append("month >= ?")
        params.append(first)
    if last is not None:
        clauses.append("month <= ? AND month <> ''")
        params.append(last)
    _add_kind_clauses(flt, "", clauses, params)
    return " AND ".join(clauses), params


def sort_values(row: Mapping[str, Any], sort: str) -> tuple[Any, ...]:
    """The values of the order ``sort`` of a row :meth:`InvoiceRepository.page` read (what ``after`` takes)."""
    return tuple(row[f"sort_key_{n}"] for n in range(len(PAGE_SORTS[sort])))


def _beyond_parts(
    keys: Sequence[str], after: tuple[tuple[Any, ...], int], *, greater: bool, nulls: bool
) -> Iterator[tuple[str, list[Any], tuple[str, ...]]]:
    """The rows strictly after (``greater``) or before ``after`` (values of ``keys``, id) in
    ``ORDER BY keys…, id`` (NULLs first), as parts in that order: (condition, parameters, the ORDER BY of the
    part). Each part fixes a prefix of the keys and ranges over the next one, so it is one range of the order's
    index: the same key and a further id; the same first keys and a further next key; …; a further first key.

    Only a single-key order can have NULL keys (:data:`_NULLABLE_SORTS`).
    """
    values, row_id = after
    beyond = ">" if greater else "<"
    if values[0] is None:  # among the NULL keys, which come first
        yield f"{keys[0]} IS NULL AND i.id {beyond} ?", [row_id], ("i.id",)
        if greater:
            yield f"{keys[0]} IS NOT NULL", [], (*keys, "i.id")
        return
    for fixed in range(len(keys), -1, -1):
        same = [f"{key} = ?" for key in keys[:fixed]]
        if fixed == len(keys):
            yield " AND ".join([*same, f"i.id {beyond} ?"]), [*values, row_id], ("i.id",)
        else:
            condition = " AND ".join([*same, f"{keys[fixed]} {beyond} ?"])
            yield condition, [*values[:fixed], values[fixed]], (*keys[fixed:], "i.id")
    if nulls and not greater:
        yield f"{keys[0]} IS NULL", [], ("i.id",)


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
        damaged, xml_sha256)."""
        row: sqlite3.Row = self._conn.execute(
            "SELECT id, has_xml, path, status, cancelled_at, source, damaged, xml_sha256 FROM invoices"
            " WHERE rfc = ? AND uuid = ?",
            (self.rfc, uuid),
        ).fetchone()
        return row

    def xml_digests(self) -> Iterator[tuple[int, str]]:
        """``(id, xml_sha256)`` of this profile's documents whose XML is in the vault and not damaged (a folder
        import tells the files it holds already by them)."""
        rows = self._conn.execute(
            "SELECT id, xml_sha256 FROM invoices"
            " WHERE rfc = ? AND has_xml = 1 AND xml_sha256 IS NOT NULL AND damaged IS NULL",
            (self.rfc,),
        )
        return ((row[0], row[1]) for row in rows)

    def known_row(self, invoice_id: int) -> sqlite3.Row | None:
        """What tells a file :meth:`xml_digests` named from the row as it is now (uuid, has_xml, path, damaged,
        xml_sha256, issue_date)."""
        row: sqlite3.Row | None = self._conn.execute(
            "SELECT uuid, has_xml, path, damaged, xml_sha256, issue_date FROM invoices WHERE id = ? AND rfc = ?",
            (invoice_id, self.rfc),
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

    def settle_pending(self, uuids: Iterable[str]) -> None:
        """The balance of PPD invoices just written (with their total as ``pending_c``) that payment lines indexed
        before them already paid (``schema.PENDING_SQL``); lines indexed after them settle it by trigger."""
        self._conn.executemany(
            f"UPDATE invoices SET pending_c = {_PENDING_SQL[dialect.of(self._conn)]} "  # noqa: S608
            "WHERE rfc = ? AND uuid = ? AND payment_method = 'PPD' "
            "AND EXISTS (SELECT 1 FROM payments p INDEXED BY payments_by_paid "
            "WHERE p.rfc = invoices.rfc AND p.paid_uuid = invoices.uuid)",
            [(self.rfc, uuid) for uuid in uuids],
        )

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
        text = search_text(*party)
        party_id = self._conn.execute(
            "INSERT INTO parties(rfc, issuer_rfc, issuer_name, receiver_rfc, receiver_name, search) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (self.rfc, *party, text),
        ).lastrowid
        assert party_id is not None
        self._conn.execute("INSERT INTO parties_fts(rowid, text) VALUES (?, ?)", (party_id, text))
        return party_id

    def add_months(self, groups: Mapping[tuple[Any, ...], Sequence[int]]) -> None:
        """Add counts and sums to ``invoice_months``: group (``schema.MONTH_KEYS``) → (n, *sums in
        ``schema.MONTH_SUMS``' order), one statement per group.

        A sum past SQLite's 64-bit integers is written as a REAL, which readers take as "recount exactly"
        (:class:`SumOverflow`), as SQLite itself does when ``+`` overflows in the update trigger."""
        self._conn.executemany(
            _ADD_MONTHS[dialect.of(self._conn)],
            [(self.rfc, *group, *map(_sqlite_int, sums)) for group, sums in groups.items()],
        )
