"""The browser's SQL: one COUNT per filter and pages of rows found by keyset from the nearest known page.

Qt-free so it can be measured on its own (a million rows: see the report in ``tests/gui/invoices``).

Paging: page ``p`` is read with ``ORDER BY key, id`` after the last row of the nearest page already read
before it (keyset; ``OFFSET`` only for the pages in between), or backwards from the first row of the nearest
page after it, or backwards from the end of the list. Scrolling in either direction is therefore one index
range read per page, and a jump to the middle costs at most one ``OFFSET`` walk of the index.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core.index import InvoiceFilter, build_where

PAGE_SIZE = 200

# Sortable columns: only those with an index (rfc, key) — sorting by anything else at a million rows means a
# full sort per page.
SORT_KEYS = {"date": "i.issue_date", "total": "i.total_c", "uuid": "i.uuid"}

ROW_COLUMNS = (
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
_SELECT = ", ".join(f"i.{name}" for name in ROW_COLUMNS)


@dataclass(frozen=True)
class InvoiceQuery:
    """What the table shows: a profile, a filter and an order."""

    rfc: str
    flt: InvoiceFilter = dataclasses.field(default_factory=InvoiceFilter)
    sort: str = "date"
    descending: bool = True

    @property
    def key(self) -> str:
        return SORT_KEYS.get(self.sort, SORT_KEYS["date"])


@dataclass(frozen=True)
class Anchor:
    """The sort key and id of the first and last row of a page already read."""

    first: tuple[Any, int]
    last: tuple[Any, int]


def where(query: InvoiceQuery) -> tuple[str, list[Any]]:
    """The query's filter as SQL (``index.build_where``, shared with the CLI and the totals)."""
    return build_where(query.rfc, query.flt)


def count(conn: sqlite3.Connection, query: InvoiceQuery) -> int:
    sql, params = where(query)
    return int(conn.execute(f"SELECT COUNT(*) FROM invoices i WHERE {sql}", params).fetchone()[0])  # noqa: S608


def has_null_keys(conn: sqlite3.Connection, query: InvoiceQuery) -> bool:
    """Whether some row of the profile (among the damaged ones or the others, as the query shows) lacks the sort
    key (an issue date the XML did not say)."""
    damaged = "IS NOT NULL" if query.flt.damaged else "IS NULL"
    sql = f"SELECT 1 FROM invoices i WHERE i.rfc = ? AND i.damaged {damaged} AND {query.key} IS NULL LIMIT 1"  # noqa: S608
    return conn.execute(sql, (query.rfc,)).fetchone() is not None


def _beyond(key: str, value: Any, row_id: int, greater: bool, nulls: bool) -> tuple[str, list[Any]]:
    """Rows strictly after (``greater``) or before ``(value, id)`` in ``ORDER BY key, id`` (NULLs first).

    ``nulls`` says whether NULL keys exist at all: the ``OR key IS NULL`` they need stops SQLite from reading
    a single index range, so it is only added when necessary.
    """
    if value is None:
        if greater:
            return f"({key} IS NOT NULL OR i.id > ?)", [row_id]
        return f"({key} IS NULL AND i.id < ?)", [row_id]
    if greater:
        return f"({key}, i.id) > (?, ?)", [value, row_id]
    if nulls:
        return f"(({key}, i.id) < (?, ?) OR {key} IS NULL)", [value, row_id]
    return f"({key}, i.id) < (?, ?)", [value, row_id]


def plan(page: int, total: int, anchors: dict[int, Anchor]) -> tuple[str, int | None, int]:
    """How to read ``page``: ("forward"|"backward", anchor page or None, rows to skip)."""
    start = page * PAGE_SIZE
    end = min(total, start + PAGE_SIZE)
    best: tuple[str, int | None, int] = ("forward", None, start)
    tail = total - end
    if tail < best[2]:
        best = ("backward", None, tail)
    for known in anchors:
        if known < page:
            skip = (page - known - 1) * PAGE_SIZE
            if skip < best[2]:
                best = ("forward", known, skip)
        elif known > page:
            skip = known * PAGE_SIZE - end
            if skip < best[2]:
                best = ("backward", known, skip)
    return best


def fetch_page(
    conn: sqlite3.Connection,
    query: InvoiceQuery,
    page: int,
    total: int,
    anchors: dict[int, Anchor],
    *,
    nulls: bool = True,
) -> list[sqlite3.Row]:
    """The rows of ``page`` (``PAGE_SIZE`` rows, fewer at the end) in the query's order."""
    start = page * PAGE_SIZE
    size = max(0, min(total, start + PAGE_SIZE) - start)
    if size == 0:
        return []
    way, known, skip = plan(page, total, anchors)
    key = query.key
    sql, params = where(query)
    # The visible order is descending or ascending; the walk goes with it (forward) or against it (backward).
    ascending = (not query.descending) == (way == "forward")
    if known is not None:
        anchor = anchors[known]
        value, row_id = anchor.last if way == "forward" else anchor.first
        extra, extra_params = _beyond(key, value, row_id, greater=ascending, nulls=nulls)
        sql = f"{sql} AND {extra}"
        params = [*params, *extra_params]
    order = "ASC" if ascending else "DESC"
    rows = conn.execute(
        f"SELECT {_SELECT}, {key} AS sort_key FROM invoices i WHERE {sql} "  # noqa: S608
        f"ORDER BY {key} {order}, i.id {order} LIMIT ? OFFSET ?",
        [*params, size, skip],
    ).fetchall()
    if way == "backward":
        rows.reverse()
    return rows


def anchor_of(rows: list[sqlite3.Row]) -> Anchor | None:
    if not rows:
        return None
    return Anchor((rows[0]["sort_key"], rows[0]["id"]), (rows[-1]["sort_key"], rows[-1]["id"]))


def iter_records(conn: sqlite3.Connection, query: InvoiceQuery, home: Path | None = None):
    """Every row of the query as a DESIGN.md §3 record, streamed (exports: all rows, not the loaded pages)."""
    from desktop_app.core.index import record

    sql, params = where(query)
    order = "DESC" if query.descending else "ASC"
    cursor = conn.execute(
        f"SELECT * FROM invoices i WHERE {sql} ORDER BY {query.key} {order}, i.id {order}",  # noqa: S608
        params,
    )
    for row in cursor:
        yield record(row, home)
