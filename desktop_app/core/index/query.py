"""Reading the offline invoice index: lists, totals and records, the filters of ``invoices list`` and of the GUI
browser.

Amounts are summed as exact integer MXN cents: whole months come from ``invoice_months``, the rest from the
covering indexes, and sums past the database's integers are added again row by row in Python. The statements
are ``store.invoices.InvoiceRepository``'s.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from desktop_app.core.errors import AppError
from desktop_app.core.months import day_before, next_month, previous_month
from desktop_app.core.store.db import Single
from desktop_app.core.store.invoices import (
    CANCELLED_KEY,
    GROUP_KEYS,
    MONTH_KEY,
    RETENCIONES_KEY,
    RETENCIONES_TYPE,
    SORTS,
    SUM_COLUMNS,
    UUID_PIECE_MIN,
    InvoiceFilter,
    InvoiceRepository,
    SumOverflow,
    build_where,
)
from desktop_app.core.store.vault import resolve

__all__ = [
    "RECORD_FIELDS",
    "SORTS",
    "UUID_PIECE_MIN",
    "InvoiceFilter",
    "build_where",
    "check_group_keys",
    "damaged_count",
    "group_totals",
    "list_invoices",
    "month_totals",
    "payments_for",
    "record",
    "row_count",
    "totals",
    "totals_and_groups",
    "vault_state",
]

CENT = Decimal("0.01")
_Part = TypeVar("_Part")  # what one part of a split filter reads (:func:`_split_parts`)
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
    "payroll_isr_withheld",
    "local_taxes",
    "status",
    "cancelled_at",
    "related_uuids",
    "path",
)


def _repo(conn: sqlite3.Connection) -> InvoiceRepository:
    return InvoiceRepository(Single(conn))


def list_invoices(
    conn: sqlite3.Connection,
    rfc: str,
    flt: InvoiceFilter,
    *,
    sort: str = "date",
    descending: bool = False,
    limit: int | None = None,
    offset: int = 0,
    home: Path | None = None,
) -> list[dict[str, Any]]:
    rows = _repo(conn).rows(rfc, flt, sort=sort, descending=descending, limit=limit, offset=offset)
    return [record(row, home) for row in rows]


def totals(conn: sqlite3.Connection, rfc: str, flt: InvoiceFilter) -> dict[str, Any]:
    """Count and sums (MXN) for the filter, as decimal strings.

    Cancelled documents are not part of them unless the filter asks for a status: they are counted apart,
    ``cancelled`` (how many) and ``cancelled_total`` (their totals' sum) — a cancelled invoice neither earns nor
    deducts. Retenciones documents (constancias de retenciones, type R: not invoices; their ``total`` is the
    operation's amount, their withholdings are also in the CFDI of the same payments) are not part of them unless
    the filter asks for types: counted apart, ``retenciones`` (how many, cancelled ones included). Damaged
    documents are never summed: ``damaged`` counts those the same filter would match besides the ones counted (0
    when the filter asks for the damaged ones, whose count is ``count``).

    Whole months of a filter on period, direction, type, status and codes come from ``invoice_months``; the rest
    (partial months, text, amounts, counterparts) from the covering indexes; sums past the database's integers
    are added again row by row in Python.
    """
    repo = _repo(conn)
    flags = _flags(repo, rfc, flt)
    return _totals_of(repo, rfc, flt, _grouped(repo, rfc, flt, flags), flags)


def totals_and_groups(
    conn: sqlite3.Connection, rfc: str, flt: InvoiceFilter, keys: Sequence[str]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """:func:`totals` and :func:`group_totals` of one filter from one reading of its sums, so the window's totals
    bar and breakdown cost one pass, not two. The groups add up to the totals, but for the Retenciones group of a
    breakdown by type: the totals leave it out, the breakdown shows it on its own row."""
    check_group_keys(keys)
    repo = _repo(conn)
    flags = _flags(repo, rfc, flt)
    grouped = _grouped(repo, rfc, flt, (*keys, *flags))
    return _totals_of(repo, rfc, flt, grouped, flags), _groups_of(flt, keys, grouped, flags)


def _flags(repo: InvoiceRepository, rfc: str, flt: InvoiceFilter) -> tuple[str, ...]:
    """The keys the totals set apart, last in a grouping: the cancelled flag always; before it the Retenciones
    flag when the filter asks for no type and the profile has such documents (one index probe; most have none) —
    not among the damaged documents, which are counted as the list shows them and never summed."""
    if flt.types or flt.damaged or not repo.has_type(rfc, RETENCIONES_TYPE):
        return (CANCELLED_KEY,)
    return (RETENCIONES_KEY, CANCELLED_KEY)


def row_count(conn: sqlite3.Connection, rfc: str, flt: InvoiceFilter) -> int:
    """How many documents the filter lists, the cancelled and Retenciones ones included (the browser's row count:
    what :func:`totals` counts, ``count`` + ``cancelled`` + ``retenciones``), without summing any amount: whole
    months from ``invoice_months``, the days around them and what it cannot answer from the rows, as
    :func:`totals` splits them. (A plain COUNT(*) of a filter on a code no covering index holds, forma de pago,
    uso, moneda, would read every row: 0.25 s at a million; the totals' ten sums of a profile's ~18,600 monthly
    rows cost 8–12 ms a statement on PostgreSQL, where the one count is a fraction of that.)"""
    repo = _repo(conn)
    return sum(
        _split_parts(
            flt,
            lambda part: repo.count(rfc, part),
            lambda first, last: repo.month_count(rfc, flt, first=first, last=last),
        )
    )


def _totals_of(
    repo: InvoiceRepository,
    rfc: str,
    flt: InvoiceFilter,
    grouped: dict[tuple[Any, ...], list[int]],
    flags: tuple[str, ...],
) -> dict[str, Any]:
    """:func:`totals`' answer from :func:`_grouped` sums whose last keys are ``flags`` (:func:`_flags`)."""
    kept, cancelled, retenciones = _empty_sums(), _empty_sums(), _empty_sums()
    apart = RETENCIONES_KEY in flags  # then second to last
    for values, sums in grouped.items():
        if apart and values[-2]:
            _add(retenciones, sums)
        else:
            _add(cancelled if values[-1] and not flt.status else kept, sums)
    return {
        **_sums_json(kept),
        "cancelled": cancelled[0],
        "cancelled_total": _money(cancelled[_TOTAL]),
        "retenciones": retenciones[0],
        "damaged": 0 if flt.damaged else _damaged_count(repo, rfc, flt),
    }


_TOTAL = 1 + SUM_COLUMNS.index("total_c")  # in a (count, *SUM_COLUMNS) list


def _empty_sums() -> list[int]:
    return [0] * (len(SUM_COLUMNS) + 1)


def _add(into: list[int], sums: Sequence[int]) -> None:
    for k, value in enumerate(sums):
        into[k] += value


def _grouped(
    repo: InvoiceRepository, rfc: str, flt: InvoiceFilter, keys: Sequence[str]
) -> dict[tuple[Any, ...], list[int]]:
    """(values of ``keys``) → [count, *sums of SUM_COLUMNS] of the filter's rows, exact: whole months from
    ``invoice_months``, the rest from the rows; past the database's integers, every row added in Python."""
    width = len(keys)
    try:
        merged: dict[tuple[Any, ...], list[int]] = {}
        for part in _group_parts(repo, rfc, flt, keys):
            for row in part:
                sums = merged.setdefault(tuple(row[:width]), _empty_sums())
                for k, value in enumerate(row[width:]):
                    if isinstance(value, float):  # a monthly sum that left SQLite's integers
                        raise SumOverflow
                    sums[k] += value or 0
        return {key: sums for key, sums in merged.items() if sums[0]}
    except SumOverflow:
        exact: dict[tuple[Any, ...], list[int]] = {}
        for amounts in repo.group_amount_rows(rfc, flt, keys):
            sums = exact.setdefault(tuple(amounts[:width]), _empty_sums())
            sums[0] += 1
            for k, value in enumerate(amounts[width:], start=1):
                sums[k] += value or 0
        return exact


def _money(cents: int | None) -> str:
    return str((Decimal(cents or 0) * CENT).quantize(CENT))


def _sums_json(sums: Sequence[Any]) -> dict[str, Any]:
    """``count`` and every sum (MXN, decimal strings) of a ``(count, *SUM_COLUMNS)`` row."""
    count, subtotal, discount, iva_t, ieps_t, iva_w, isr_w, local, total, payroll_isr = sums
    return {
        "count": count,
        "currency": "MXN",
        "subtotal": _money(subtotal),
        "discount": _money(discount),
        "iva_transferred": _money(iva_t),
        "ieps_transferred": _money(ieps_t),
        "iva_withheld": _money(iva_w),
        "isr_withheld": _money(isr_w),
        "payroll_isr_withheld": _money(payroll_isr),
        "local_taxes": _money(local),
        "total": _money(total),
    }


def check_group_keys(keys: Sequence[str]) -> tuple[str, ...]:
    """``keys`` when they are one or more of :data:`GROUP_KEYS`, each once; else ``invalid_argument``."""
    if not keys or any(key not in GROUP_KEYS for key in keys) or len(set(keys)) != len(keys):
        raise AppError(
            "invalid_argument",
            f"--group-by takes one or more of {', '.join(GROUP_KEYS)}, each once; got {','.join(keys) or '(none)'}.",
            field="group_by",
        )
    return tuple(keys)


def group_totals(conn: sqlite3.Connection, rfc: str, flt: InvoiceFilter, keys: Sequence[str]) -> list[dict[str, Any]]:
    """The filter's totals per group of ``keys`` (:data:`GROUP_KEYS`): each group has ``keys`` (the group's value
    of each), ``count`` and every sum of :func:`totals`, in MXN — a document written in another currency
    converted with its ``TipoCambio``, which a currency group says (``converted_from``) — and, as in
    :func:`totals`, ``cancelled``: the group's cancelled documents, left out of its sums unless the filter asks
    for a status or the groups are by status (then a cancelled group is one of them); ``retenciones``: its
    Retenciones documents, left out of its sums unless the filter asks for types or the groups are by type (then
    type R is a group of its own).
    """
    check_group_keys(keys)
    repo = _repo(conn)
    flags = _flags(repo, rfc, flt)
    return _groups_of(flt, keys, _grouped(repo, rfc, flt, (*keys, *flags)), flags)


def _groups_of(
    flt: InvoiceFilter, keys: Sequence[str], grouped: dict[tuple[Any, ...], list[int]], flags: tuple[str, ...]
) -> list[dict[str, Any]]:
    """:func:`group_totals`' answer from :func:`_grouped` sums of ``(*keys, *flags)``."""
    leave_out = not flt.status and "status" not in keys
    apart = RETENCIONES_KEY in flags and "type" not in keys
    width = len(keys)
    merged: dict[tuple[Any, ...], tuple[list[int], list[int], list[int]]] = {}
    for values, sums in grouped.items():
        kept, cancelled, retenciones = merged.setdefault(values[:width], (_empty_sums(), _empty_sums(), _empty_sums()))
        if apart and values[-2]:
            _add(retenciones, sums)
        else:
            _add(cancelled if values[-1] and leave_out else kept, sums)
    groups = []
    for values, (kept, cancelled, retenciones) in sorted(merged.items()):
        group: dict[str, Any] = {
            "keys": dict(zip(keys, values, strict=True)),
            **_sums_json(kept),
            "cancelled": cancelled[0],
            "retenciones": retenciones[0],
        }
        written_in = group["keys"].get("currency")
        if written_in not in (None, "", "MXN", "XXX"):
            group["converted_from"] = written_in  # the sums are MXN: each document's amounts × its TipoCambio
        groups.append(group)
    return groups


def damaged_count(conn: sqlite3.Connection, rfc: str, flt: InvoiceFilter) -> int:
    """How many damaged documents ``flt`` would match if it asked for them (when the profile has none, the usual
    case, that is one index probe: ``damaged`` follows the RFC in the covering indexes)."""
    return _damaged_count(_repo(conn), rfc, flt)


def _damaged_count(repo: InvoiceRepository, rfc: str, flt: InvoiceFilter) -> int:
    if not repo.has_damaged(rfc):
        return 0
    return repo.count(rfc, replace(flt, damaged=True))


def month_totals(conn: sqlite3.Connection, rfc: str) -> list[dict[str, Any]]:
    """Invoices by issue month, direction and type, newest month first (the Resumen's table): ``n`` and
    ``total`` (MXN cents) of those not cancelled, ``cancelled`` how many are; exact always, from
    ``invoice_months``. Documents without an issue date are not in any month."""
    groups = _grouped(_repo(conn), rfc, InvoiceFilter(), (MONTH_KEY, "direction", "type", CANCELLED_KEY))
    merged: dict[tuple[str, str, str], dict[str, Any]] = {}
    for (month, direction, kind, is_cancelled), sums in groups.items():
        if not month:
            continue
        entry = merged.setdefault(
            (month, direction, kind),
            {"month": month, "direction": direction, "type": kind, "n": 0, "total": 0, "cancelled": 0},
        )
        if is_cancelled:
            entry["cancelled"] += sums[0]
        else:
            entry["n"] += sums[0]
            entry["total"] += sums[_TOTAL]
    return [merged[key] for key in sorted(merged, key=lambda k: (k[0], k[1], k[2]), reverse=True)]


class _MonthSplit(NamedTuple):
    """A filter as whole months (``first``..``last``, either open) from ``invoice_months`` plus the filters of
    the days before and after them, summed from the rows."""

    first: str | None
    last: str | None
    before: InvoiceFilter | None
    after: InvoiceFilter | None


def _month_split(flt: InvoiceFilter) -> _MonthSplit | None:
    """How ``flt`` splits into whole months and partial ones; None when the rows must be read whole (a text,
    amount or counterpart filter, the damaged documents — invoice_months counts only the vouched-for ones —, or
    less than a whole month)."""
    if flt.damaged or flt.text or flt.counterpart_rfc or flt.min_total is not None or flt.max_total is not None:
        return None
    if flt.pending_balance:  # a balance is not a key of invoice_months: the small index of pending ones
        return None
    lo = flt.date_from[:10] if flt.date_from else None
    hi = flt.date_to[:10] if flt.date_to else None
    if (lo or "") >= _LAST_MONTH or (hi or "") >= _LAST_MONTH:
        return None  # December 9999 has no month after it to split at: its rows are few, read whole
    first = None if lo is None else (lo[:7] if lo[8:10] == "01" else next_month(lo[:7]))
    last = None if hi is None else (hi[:7] if _month_end(hi) else previous_month(hi[:7]))
    if first is not None and last is not None and first > last:
        return None  # less than a whole month: the date index is quick
    before = None
    if lo is not None and first is not None and lo[:7] != first:  # the days before the first whole month
        before = replace(flt, date_from=lo, date_to=day_before(first + "-01"))
    after = None
    if hi is not None and last is not None and hi[:7] != last:  # the days after the last whole month
        after = replace(flt, date_from=next_month(last) + "-01", date_to=hi)
    return _MonthSplit(first, last, before, after)


def _group_parts(
    repo: InvoiceRepository, rfc: str, flt: InvoiceFilter, keys: Sequence[str]
) -> Iterator[list[tuple[Any, ...]]]:
    """The groups' rows (keys, count, sums) in parts to add up: whole months from ``invoice_months``, the days
    around them (and whatever it cannot answer) from the rows."""
    # The totals: plain sums, no GROUP BY (``split_sums``), two parts or three with the Retenciones apart.
    summing = tuple(keys) in ((CANCELLED_KEY,), (RETENCIONES_KEY, CANCELLED_KEY))
    apart = RETENCIONES_KEY in keys

    def rows(part: InvoiceFilter) -> list[tuple[Any, ...]]:
        if summing:
            return _split_rows(repo.split_sums(rfc, part, retenciones_apart=apart), apart)
        return repo.group_sums(rfc, part, keys)

    def months(first: str | None, last: str | None) -> list[tuple[Any, ...]]:
        if summing:
            sums = repo.month_split_sums(rfc, flt, first=first, last=last, retenciones_apart=apart)
            return _split_rows(sums, apart)
        return repo.month_group_sums(rfc, flt, keys, first=first, last=last)

    return _split_parts(flt, rows, months)


def _split_parts(
    flt: InvoiceFilter,
    rows: Callable[[InvoiceFilter], _Part],
    months: Callable[[str | None, str | None], _Part],
) -> Iterator[_Part]:
    """``flt`` read in the parts :func:`_month_split` gives: ``months(first, last)`` of its whole months, then
    ``rows(part)`` of the days before and after them — or ``rows(flt)`` alone when it cannot be split. The one rule
    for the totals, the groups and the row count, so they cannot disagree."""
    split = _month_split(flt)
    if split is None:
        yield rows(flt)
        return
    yield months(split.first, split.last)
    for part in (split.before, split.after):
        if part is not None:
            yield rows(part)


def _split_rows(row: Sequence[Any], apart: bool) -> list[tuple[Any, ...]]:
    """A ``split_sums`` row (not cancelled, then cancelled; then the Retenciones documents when ``apart``) as the
    groups of the cancelled key — (0, *kept), (1, *cancelled) — or of the Retenciones and cancelled keys: (0, 0,
    *kept), (0, 1, *cancelled), (1, 0, *retenciones)."""
    width = len(SUM_COLUMNS) + 1
    parts = [tuple(row[k * width : (k + 1) * width]) for k in range(3 if apart else 2)]
    if not apart:
        return [(0, *parts[0]), (1, *parts[1])]
    return [(0, 0, *parts[0]), (0, 1, *parts[1]), (1, 0, *parts[2])]


_LAST_MONTH = "9999-12"


def _month_end(day: str) -> bool:
    """Whether ``day`` (``YYYY-MM-DD``) is the last day of its month."""
    return day_before(next_month(day[:7]) + "-01") == day


def record(row: sqlite3.Row, home: Path | None = None) -> dict[str, Any]:
    """An index row as the CLI contract's invoice record (DESIGN.md §3 names); ``path`` absolute when the
    data ``home`` is given (the index keeps it relative to the home).

    ``flags`` lists what is wrong with the document without stopping it from being indexed, e.g.
    ``amount_out_of_range:total`` (an amount past ``cfdi.values.AMOUNT_LIMIT_MXN``, kept as written, not summed);
    ``warnings`` the parser's notes (repairs of known quirks, unreadable secondary values); ``damaged`` the reason
    a document is damaged (``malformed_xml: …`` / ``truncated_xml: …``) or None.
    """
    data = {name: row[name] for name in RECORD_FIELDS if name != "related_uuids"}
    if data["payroll_isr_withheld"] is None and row["has_xml"]:
        data["payroll_isr_withheld"] = "0"  # a row indexed before the field existed, not a payroll receipt
    related = json.loads(row["related_uuids"] or "[]")
    data["related_uuids"] = [uuid for _kind, uuid in related]
    data["has_xml"] = bool(row["has_xml"])
    if home is not None:
        data["path"] = resolve(home, data["path"])
    data["flags"] = json.loads(row["flags"]) if row["flags"] else []
    data["warnings"] = json.loads(row["warnings"]) if row["warnings"] else []
    data["damaged"] = row["damaged"]
    return data


def vault_state(home: Path, row: sqlite3.Row) -> str:
    """Whether an indexed XML is still the file the index wrote: ``ok``, ``missing`` or ``changed`` (its size
    or SHA-256 differ from the ones kept at ingestion; rows indexed before they were kept: size unknown, any
    readable file is taken as it is)."""
    path = resolve(home, row["path"])
    if not path:
        return "missing"
    try:
        size = os.stat(path).st_size
    except OSError:
        return "missing"
    if row["xml_size"] is None:
        return "ok"
    if size != row["xml_size"]:
        return "changed"
    with open(path, "rb") as fh:
        digest = hashlib.sha256(fh.read()).hexdigest()
    return "ok" if digest == row["xml_sha256"] else "changed"


def payments_for(conn: sqlite3.Connection, rfc: str, paid_uuid: str) -> list[dict[str, Any]]:
    """The payments that paid a PPD invoice, oldest first: what is paid and what is still owed."""
    return _repo(conn).payments_for(rfc, paid_uuid)
