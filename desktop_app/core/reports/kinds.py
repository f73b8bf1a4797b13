"""Every report kind that answers, in one table: its builder, its workbook sheets, its text and its title.

A new kind is one module (its ``build``, its ``sheets`` and its ``text``, each word in Spanish and English) and one
entry in :data:`REPORTS`; the CLI's ``report KIND``, the workbook, the text and the window's Reportes page all read
this table.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core.errors import AppError
from desktop_app.core.reports import isr, nomina, retenciones
from desktop_app.core.reports.common import ALL_KINDS, BASES, Period
from desktop_app.core.reports.diot import diot_report, diot_sheets, diot_text
from desktop_app.core.reports.iva import iva_report
from desktop_app.core.reports.ppd import ppd_report
from desktop_app.core.reports.text import iva_text, ppd_text
from desktop_app.core.reports.xlsx import Sheet, iva_sheets, ppd_sheets, write_workbook
from desktop_app.core.vocabulary import DEFAULT_LANGUAGE, language

# ``build(conn, home, rfc, period, *, detail, basis)`` → the kind's own part of ``data`` (``run`` adds ``rfc``,
# ``kind``, ``period``, ``currency`` and, for a kind with a basis, ``basis``).
Builder = Callable[..., dict[str, Any]]


@dataclass(frozen=True)
class ReportKind:
    """One report: ``build`` its data, ``sheets`` its workbook (and the window's tables), ``text`` its text — both
    as ``(data, lang="es")``, in Spanish or English — and ``titles`` what the window and the workbook call it, by
    language."""

    build: Builder
    sheets: Callable[..., list[Sheet]]  # (data, lang="es")
    text: Callable[..., str]  # (data, lang="es")
    titles: dict[str, str]  # language → title
    has_basis: bool = False  # takes --basis cash|accrual

    @property
    def title(self) -> str:
        """The Spanish title."""
        return self.titles[DEFAULT_LANGUAGE]

    def title_in(self, lang: str) -> str:
        """The title in ``lang`` (Spanish for a language the reports do not speak)."""
        return self.titles[language(lang)]


def _iva(
    conn: sqlite3.Connection, home: Path, rfc: str, period: Period, *, detail: bool, basis: str | None
) -> dict[str, Any]:
    return iva_report(conn, rfc, period, detail=detail, bases=(basis,) if basis else BASES)


def _ppd(
    conn: sqlite3.Connection, home: Path, rfc: str, period: Period, *, detail: bool, basis: str | None
) -> dict[str, Any]:
    return ppd_report(conn, rfc, period, detail=detail)


def _diot(
    conn: sqlite3.Connection, home: Path, rfc: str, period: Period, *, detail: bool, basis: str | None
) -> dict[str, Any]:
    return diot_report(conn, home, rfc, period, detail=detail)


REPORTS: dict[str, ReportKind] = {
    "iva": ReportKind(_iva, iva_sheets, iva_text, {"es": "IVA", "en": "VAT (IVA)"}, has_basis=True),
    "ppd": ReportKind(
        _ppd,
        ppd_sheets,
        ppd_text,
        {"es": "Facturas PPD por cobrar y por pagar", "en": "PPD invoices receivable and payable"},
    ),
    "isr": ReportKind(
        isr.build,
        isr.isr_sheets,
        isr.isr_text,
        {
            "es": "ISR: ingresos cobrados, gastos pagados y retenciones",
            "en": "Income tax (ISR): income collected, expenses paid and withholdings",
        },
    ),
    "nomina": ReportKind(
        nomina.build, nomina.nomina_sheets, nomina.nomina_text, {"es": "Nómina emitida", "en": "Payroll issued"}
    ),
    "retenciones": ReportKind(
        retenciones.build,
        retenciones.retenciones_sheets,
        retenciones.retenciones_text,
        {"es": "Retenciones recibidas", "en": "Withholdings received"},
    ),
    "diot": ReportKind(
        _diot,
        diot_sheets,
        diot_text,
        {"es": "DIOT (operaciones con terceros)", "en": "DIOT (transactions with third parties)"},
    ),
}
# In issue 18's order.
AVAILABLE_KINDS = tuple(kind for kind in ALL_KINDS if kind in REPORTS)


def check_kind(kind: str) -> str:
    """A report kind that answers now, else ``invalid_argument`` naming the available ones."""
    text = (kind or "").strip().lower()
    if text in REPORTS:
        return text
    available = ", ".join(AVAILABLE_KINDS)
    if text in ALL_KINDS:
        message = f"The {text!r} report is not available yet; the available reports are: {available}."
    else:
        message = f"There is no {kind!r} report; the available reports are: {available}."
    raise AppError("invalid_argument", message, field="kind", available=list(AVAILABLE_KINDS))


def write_report_xlsx(data: dict[str, Any], path: Path, lang: str = "es") -> None:
    """``data`` of a report (``core.reports.run``) as a workbook at ``path``, its words in ``lang``."""
    write_workbook(REPORTS[data["kind"]].sheets(data, language(lang)), path, language(lang))


def report_text(data: dict[str, Any], lang: str = "es") -> str:
    """``data`` of a report (``core.reports.run``) as text in ``lang`` (``diot``'s is SAT's batch file: no
    language)."""
    return REPORTS[data["kind"]].text(data, language(lang))
