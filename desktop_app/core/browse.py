"""The invoice browser's reads: one COUNT per filter and pages of rows found by keyset from the nearest known page.

Qt-free so it can be measured on its own (a million rows: see the report in ``tests/gui/invoices``) and shared by
the window's local reads (:mod:`desktop_app.core.window_ops`) and the office server's client
(:mod:`desktop_app.core.remote`, which plans a page here and asks the server for it).

Paging: page ``p`` is read with ``ORDER BY key, id`` after the last row of the nearest page already read
before it (keyset; ``OFFSET`` only for the pages in between), or backwards from the first row of the nearest
page after it, or backwards from the end of the list. Scrolling in either direction is therefore one index
range read per page, and a jump to the middle costs at most one ``OFFSET`` walk of the index.

The statements are ``store.invoices.InvoiceRepository``'s (``count``, ``has_null_keys``, ``page``, ``rows``);
this module plans which page to read from where.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core.errors import AppError
from desktop_app.core.index import InvoiceFilter, record, row_count
from desktop_app.core.store.db import Single
from desktop_app.core.store.invoices import PAGE_COLUMNS, PAGE_SORTS, InvoiceRepository

PAGE_SIZE = 200

# Sortable columns: only those with an index (rfc, damaged, key…, id) — sorting by anything else at a million rows
# means a full sort per page.
SORT_KEYS = PAGE_SORTS
ROW_COLUMNS = PAGE_COLUMNS


@dataclass(frozen=True)
class InvoiceQuery:
    """What the table shows: a profile, a filter and an order."""

    rfc: str
    flt: InvoiceFilter = dataclasses.field(default_factory=InvoiceFilter)
    sort: str = "date"
    descending: bool = True

    @property
    def sort_name(self) -> str:
        """The order the pager uses: ``sort`` when it has an index, else ``date``."""
        return self.sort if self.sort in SORT_KEYS else "date"

    @property
    def keys(self) -> tuple[str, ...]:
        """The order's key over ``invoices i`` (``store.invoices.PAGE_SORTS``), before the id."""
        return SORT_KEYS[self.sort_name]


@dataclass(frozen=True)
class Anchor:
    """The sort key's values and the id of the first and last row of a page already read."""

    first: tuple[tuple[Any, ...], int]
    last: tuple[tuple[Any, ...], int]


def _repo(conn: sqlite3.Connection) -> InvoiceRepository:
    return InvoiceRepository(Single(conn))


def count(conn: sqlite3.Connection, query: InvoiceQuery) -> int:
    """How many rows the list has: the totals' count and the cancelled documents they count apart, counted
    without the sums (``index.row_count``: whole months from ``invoice_months``, the rest from the rows)."""
    return row_count(conn, query.rfc, query.flt)


def has_null_keys(conn: sqlite3.Connection, query: InvoiceQuery) -> bool:
    """Whether some row of the profile (among the damaged ones or the others, as the query shows) lacks the sort
    key (an issue date the XML did not say)."""
    return _repo(conn).has_null_keys(query.rfc, damaged=query.flt.damaged, sort=query.sort_name)


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


@dataclass(frozen=True)
class PageRead:
    """How one page is read (:func:`plan` made concrete): ``limit`` rows in ``ascending`` order after ``after`` (a
    known page's edge; None: from the start of that order), skipping ``offset``; ``backward`` rows come in the
    reverse of the visible order."""

    ascending: bool
    after: tuple[tuple[Any, ...], int] | None
    limit: int
    offset: int
    backward: bool


def page_read(query: InvoiceQuery, page: int, total: int, anchors: dict[int, Anchor]) -> PageRead | None:
    """How to read ``page`` of ``total`` rows from the ``anchors`` known (None: the page is empty)."""
    start = page * PAGE_SIZE
    size = max(0, min(total, start + PAGE_SIZE) - start)
    if size == 0:
        return None
    way, known, skip = plan(page, total, anchors)
    # The visible order is descending or ascending; the walk goes with it (forward) or against it (backward).
    ascending = (not query.descending) == (way == "forward")
    after = None
    if known is not None:
        anchor = anchors[known]
        after = anchor.last if way == "forward" else anchor.first
    return PageRead(ascending, after, size, skip, way == "backward")


def read_rows(
    conn: sqlite3.Connection, query: InvoiceQuery, read: PageRead, *, nulls: bool, matches: int | None
) -> list[sqlite3.Row]:
    """The rows of one :class:`PageRead`, in the walk's order (the office server's ``/invoices/rows``)."""
    return _repo(conn).page(
        query.rfc,
        query.flt,
        sort=query.sort_name,
        ascending=read.ascending,
        after=read.after,
        nulls=nulls,
        limit=read.limit,
        offset=read.offset,
        matches=matches,
    )


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
    read = page_read(query, page, total, anchors)
    if read is None:
        return []
    rows = read_rows(conn, query, read, nulls=nulls, matches=total)
    if read.backward:
        rows.reverse()
    return rows


def encode_cursor(sort: str, order: str, after: list[Any] | tuple[Any, ...]) -> str:
    """A page's continuation (the order's values and the id of a row) as an opaque token (the office server's
    ``next_cursor`` and ``after``)."""
    values, row_id = after
    raw = json.dumps([sort, order, list(values), row_id], separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, sort: str, order: str) -> tuple[tuple[Any, ...], int]:
    """The ``(values, id)`` a cursor continues from; ``invalid_cursor`` for one of another order or not ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw)
    except (ValueError, binascii.Error):
        value = None
    if (
        not isinstance(value, list)
        or len(value) != 4
        or value[:2] != [sort, order]
        or not isinstance(value[2], list)
        or not all(v is None or (isinstance(v, str | int) and not isinstance(v, bool)) for v in value[2])
        or not isinstance(value[3], int)
        or isinstance(value[3], bool)
    ):
        raise AppError("invalid_cursor", "cursor is not one this list gave (same sort and order).", field="cursor")
    return tuple(value[2]), value[3]


def anchor_of(rows: list[sqlite3.Row]) -> Anchor | None:
    if not rows:
        return None
    keys = [name for name in rows[0].keys() if name.startswith("sort_key_")]  # noqa: SIM118 - sqlite3.Row

    def place(row: sqlite3.Row) -> tuple[tuple[Any, ...], int]:
        return tuple(row[name] for name in keys), row["id"]

    return Anchor(place(rows[0]), place(rows[-1]))


def iter_records(conn: sqlite3.Connection, query: InvoiceQuery, home: Path | None = None) -> Iterator[dict[str, Any]]:
    """Every row of the query as a DESIGN.md §3 record, streamed (exports: all rows, not the loaded pages)."""
    for row in _repo(conn).rows(query.rfc, query.flt, sort=query.sort_name, descending=query.descending):
        yield record(row, home)
