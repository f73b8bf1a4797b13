"""The offline invoice index: writing parsed CFDI into the vault + SQLite (:mod:`.write`), and querying it
(:mod:`.query`). Every SQL statement is the storage layer's (``store.invoices``); the text folding of the search
index is ``core.text``.

The names other modules import from ``desktop_app.core.index`` stay here.
"""

from __future__ import annotations

from desktop_app.core.index.query import (
    RECORD_FIELDS,
    SORTS,
    UUID_PIECE_MIN,
    InvoiceFilter,
    build_where,
    check_group_keys,
    damaged_count,
    group_totals,
    list_invoices,
    month_totals,
    payments_for,
    record,
    row_count,
    totals,
    totals_and_groups,
    vault_state,
)
from desktop_app.core.index.write import (
    AMOUNT_COLUMNS,
    IMPORT_SOURCE,
    IndexWriter,
    IngestStats,
    PreparedDocument,
    PrepareSpec,
    iter_chunks,
    lacks_exchange_rate,
    month_of,
    party_of,
    prepare_document,
    to_mxn_cents,
)
from desktop_app.core.text import search_text

__all__ = [
    "AMOUNT_COLUMNS",
    "IMPORT_SOURCE",
    "RECORD_FIELDS",
    "SORTS",
    "UUID_PIECE_MIN",
    "IndexWriter",
    "IngestStats",
    "InvoiceFilter",
    "PrepareSpec",
    "PreparedDocument",
    "build_where",
    "check_group_keys",
    "damaged_count",
    "group_totals",
    "iter_chunks",
    "lacks_exchange_rate",
    "list_invoices",
    "month_of",
    "month_totals",
    "party_of",
    "payments_for",
    "prepare_document",
    "record",
    "row_count",
    "search_text",
    "to_mxn_cents",
    "totals",
    "totals_and_groups",
    "vault_state",
]
