"""The words of exported files (CSV, Excel), in the user's language: Spanish (``es``, the default) or English.

The window translates its own words with Qt; exports are written by the core, which imports no Qt, so their
vocabulary lives here. The Spanish words are the window's (``gui/invoices/filters.py``, ``model.py``) and
SAT's: document types as "I Ingreso", payment forms, methods and CFDI uses as their code and SAT's catalog name
(``resources/catalogs/sat-catalogs.json``, the file the window's detail pane reads). The English words are the
window's English translation; SAT's catalog names have no official English, so they stay SAT's in both.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "es"

DIRECTION = {
    "es": {"issued": "Emitido", "received": "Recibido"},
    "en": {"issued": "Issued", "received": "Received"},
}
STATUS = {
    "es": {"vigente": "Vigente", "cancelado": "Cancelado", "unknown": "Desconocido"},
    "en": {"vigente": "Active", "cancelado": "Cancelled", "unknown": "Unknown"},
}
# SAT's c_TipoDeComprobante, and "R" for a Retenciones document (its own family, no type of its own).
DOCUMENT_TYPE = {
    "es": {"I": "Ingreso", "E": "Egreso", "T": "Traslado", "N": "Nómina", "P": "Pago", "R": "Retenciones"},
    "en": {"I": "Income", "E": "Expense", "T": "Transfer", "N": "Payroll", "P": "Payment", "R": "Withholdings"},
}
# Record field → SAT catalog whose name follows the code.
CATALOG_OF = {"payment_method": "c_MetodoPago", "payment_form": "c_FormaPago", "cfdi_use": "c_UsoCFDI"}

WORDS = {
    "es": {
        "invoices_sheet": "Facturas",
        "concepts_sheet": "Conceptos",
        # --group-by's sheet
        "groups_sheet": "Resumen",
        "groups_count": "Comprobantes sumados",
        "groups_cancelled": "Cancelados, no sumados",
        "groups_retenciones": "Constancias de retenciones, no sumadas",
        "groups_mxn": "Importes en MXN. Los cancelados se suman sólo al agrupar o filtrar por estado; las constancias "
        "de retenciones, sólo al agrupar o filtrar por tipo",
        "groups_converted": "Grupos en otra moneda ({currencies}), sumados en MXN con el tipo de cambio de cada "
        "comprobante",
        # The totals row under the invoices, and the notes under it and under the line items (counts last: no
        # singular/plural to get wrong).
        "totals_label": "Total MXN — comprobantes: {count}",
        "converted": "Comprobantes en otra moneda, sumados en MXN con su tipo de cambio: {count}",
        "not_summed": "Comprobantes con importes sin sumar (dañados, en moneda sin tipo de cambio o con importes "
        "fuera de rango): {count}",
        "cancelled": "Comprobantes cancelados, listados y no sumados: {count}",
        "retenciones": "Constancias de retenciones, listadas y no sumadas con las facturas: {count}",
        "left_out": "Filas que no caben en esta hoja (Excel admite 1,048,576): {count}; exporta por periodos",
        "skipped": (
            "Comprobantes sin conceptos: {no_xml} sin XML (sólo metadatos), {missing_xml} con el XML faltante, "
            "{damaged_xml} con el XML dañado"
        ),
    },
    "en": {
        "invoices_sheet": "Invoices",
        "concepts_sheet": "Line items",
        "groups_sheet": "Summary",
        "groups_count": "Documents summed",
        "groups_cancelled": "Cancelled, not summed",
        "groups_retenciones": "Withholding certificates, not summed",
        "groups_mxn": "Amounts in MXN. Cancelled documents are summed only when grouping or filtering by status; "
        "withholding certificates, only when grouping or filtering by type",
        "groups_converted": "Groups in another currency ({currencies}), summed in MXN at each document's exchange rate",
        "totals_label": "Total MXN — documents: {count}",
        "converted": "Documents in another currency, summed in MXN at their exchange rate: {count}",
        "not_summed": "Documents with amounts not summed (damaged, in a currency without exchange rate or with "
        "amounts out of range): {count}",
        "cancelled": "Cancelled documents, listed and not summed: {count}",
        "retenciones": "Withholding certificates, listed and not summed with the invoices: {count}",
        "left_out": "Rows that do not fit in this sheet (Excel allows 1,048,576): {count}; export by period",
        "skipped": (
            "Documents without line items: {no_xml} without XML (metadata only), {missing_xml} with the XML missing, "
            "{damaged_xml} with the XML damaged"
        ),
    },
}


def language(lang: str | None) -> str:
    """``lang`` when it is one of :data:`LANGUAGES`, else the default (Spanish)."""
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


# Short month names as the window writes a month (Qt's es_MX and en_US "MMM yyyy": ``nov 2026``, ``Nov 2026``).
MONTHS = {
    "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def day_text(value: str | None, lang: str) -> str:
    """An ISO day (or date-time) as the window writes a day: ``01/11/2026`` in Spanish (México), ``11/1/2026`` in
    English (en_US); text that is not an ISO day is returned as written (never hidden), None as ""."""
    if not value:
        return ""
    try:
        day = date.fromisoformat(value.strip()[:10])
    except ValueError:
        return value
    if language(lang) == "en":
        return f"{day.month}/{day.day}/{day.year}"
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def month_text(value: str | None, lang: str) -> str:
    """A month (``2026-11``, or any ISO day of it) as the window writes one: ``nov 2026``, ``Nov 2026``; other
    text as written."""
    if not value:
        return ""
    text = value.strip()
    year, dash, month = text[:4], text[4:5], text[5:7]
    if dash != "-" or not (year.isdigit() and month.isdigit() and 1 <= int(month) <= 12):
        return value
    return f"{MONTHS[language(lang)][int(month) - 1]} {year}"


@cache
def _catalogs() -> dict[str, dict[str, Any]]:
    """SAT's catalogs (``resources/catalogs/sat-catalogs.json``), read when first asked for: importing the core
    needs no resources (the frozen build's analysis imports every package without them)."""
    try:
        path = resources.files("desktop_app.resources") / "catalogs" / "sat-catalogs.json"
        catalogs: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, ModuleNotFoundError):  # a broken install still exports the codes
        return {}
    return catalogs


def catalog_name(catalog: str, code: str) -> str:
    """SAT's name of ``code`` in ``catalog`` ("" when unknown)."""
    entry = _catalogs().get(catalog, {}).get(code)
    if isinstance(entry, dict):
        entry = entry.get("descripcion")
    return entry if isinstance(entry, str) else ""


def catalog_label(catalog: str, code: str | None) -> str:
    """``"03 — Transferencia electrónica de fondos"``; the bare code when the catalog does not know it ("" for
    none): how the window's detail and the printed CFDI show a catalog code."""
    if not code:
        return ""
    name = catalog_name(catalog, code)
    return f"{code} — {name}" if name else code


def value_text(field: str, value: Any, lang: str) -> Any:
    """A record's value as the export shows it: words for direction and status, "I Ingreso" for the type,
    "03 Transferencia electrónica de fondos" for a known catalog code; anything else (unknown codes too)
    unchanged, so what the document says is never hidden."""
    if field == "status":
        return STATUS[lang].get(value or "unknown", value)
    if value is None or value == "":
        return value
    if field == "direction":
        return DIRECTION[lang].get(value, value)
    if field == "type":
        name = DOCUMENT_TYPE[lang].get(value)
        return f"{value} {name}" if name else value
    catalog = CATALOG_OF.get(field)
    if catalog is not None and isinstance(value, str):
        name = catalog_name(catalog, value)
        return f"{value} {name}" if name else value
    return value


def catalog_codes(catalog: str) -> list[str]:
    """Every code of ``catalog``, in order (what a filter on a catalog offers); [] when it is not known."""
    return sorted(_catalogs().get(catalog, {}))
