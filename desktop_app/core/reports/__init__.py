"""Reports over the local index and vault (issue 18): what the accountant files every month, each figure
traceable to the CFDI behind it. Qt-free; every SQL statement is ``store.taxes``'.

* :func:`run` — one report's ``data`` (the CLI's ``report KIND``, the window's Reportes page);
* :mod:`.kinds` — every kind that answers, each with its builder, its sheets and its text (one entry per kind);
* :mod:`.iva` — IVA trasladado / acreditable / retenido, cash and accrual basis;
* :mod:`.ppd` — PPD invoices still open, with aging and payments;
* :mod:`.xlsx`, :mod:`.text` — the same data as a workbook or as text.

The rules and their legal sources: ``docs/reports.md``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop_app.core.errors import AppError
from desktop_app.core.index.taxes import backfill
from desktop_app.core.reports.common import ALL_KINDS, BASES, Period, money
from desktop_app.core.reports.kinds import AVAILABLE_KINDS, REPORTS, check_kind

__all__ = ["ALL_KINDS", "AVAILABLE_KINDS", "BASES", "REPORTS", "Period", "check_kind", "money", "run"]


def run(
    conn: sqlite3.Connection,
    home: Path,
    rfc: str,
    kind: str,
    period: Period,
    *,
    basis: str | None = None,
    detail: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """``data`` of report ``kind`` for ``rfc`` over ``period``.

    Documents indexed before the reports' tables existed are read from the vault first (once; ``reindexed`` says
    how many). ``basis`` (``cash`` / ``accrual``; ``iva`` only) keeps one basis; both otherwise.

    Raises:
        AppError: ``invalid_argument`` (an unknown or not yet available kind, an unknown basis),
            ``basis_not_applicable`` (a basis for a report that has none).
    """
    kind = check_kind(kind)
    if basis is not None:
        if not REPORTS[kind].has_basis:
            raise AppError(
                "basis_not_applicable", f"--basis applies to the iva report, not to {kind}.", field="basis", kind=kind
            )
        if basis not in BASES:
            raise AppError("invalid_argument", f"--basis is one of {', '.join(BASES)}.", field="basis")
    reindexed = backfill(conn, home, rfc, progress=progress)
    data: dict[str, Any] = {"rfc": rfc, "kind": kind, "period": period.to_json(), "currency": "MXN"}
    report = REPORTS[kind]
    if report.has_basis:
        data["basis"] = basis or "both"
    data.update(report.build(conn, home, rfc, period, detail=detail, basis=basis))
    if reindexed["read"] or reindexed["failed"]:
        data["reindexed"] = reindexed
    return data
