"""The browser's reads — now in :mod:`desktop_app.core.browse` (the window reads them through its data service,
local or the office server's); the names stay importable from here."""

from __future__ import annotations

from desktop_app.core.browse import (
    PAGE_SIZE,
    ROW_COLUMNS,
    SORT_KEYS,
    Anchor,
    InvoiceFilter,
    InvoiceQuery,
    anchor_of,
    count,
    fetch_page,
    has_null_keys,
    iter_records,
    plan,
)

__all__ = [
    "PAGE_SIZE",
    "ROW_COLUMNS",
    "SORT_KEYS",
    "Anchor",
    "InvoiceFilter",
    "InvoiceQuery",
    "anchor_of",
    "count",
    "fetch_page",
    "has_null_keys",
    "iter_records",
    "plan",
]
