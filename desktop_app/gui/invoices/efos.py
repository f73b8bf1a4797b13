"""The browser's «69-B» column and the detail's note (issue 18.7): the counterpart's situation on SAT's list of
taxpayers with presumed non-existent operations (CFF art. 69-B), from the loaded list.

One lookup per page of rows (:func:`annotate`: every counterpart RFC of the page in one indexed query, never one
per row), run in the model's reading thread; the data service answers (``efos_situation_of``). A *definitivo*
counterpart is marked (red text, a warning icon and a tooltip): its operations are deemed non-existent, so what
it invoiced is not deductible.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop_app.core.errors import AppError
from desktop_app.core.export import EfosLookup, counterpart_rfc, efos_lookup
from desktop_app.gui.formatting import day_text

EFOS_KEY = "_efos"  # a record's situation on the list: {situation, date, name}, or None when not listed


def tr(text: str) -> str:
    return QCoreApplication.translate("InvoicesPage", text)


SITUATION_TEXT = {
    "presunto": QT_TRANSLATE_NOOP("InvoicesPage", "Presunto"),
    "desvirtuado": QT_TRANSLATE_NOOP("InvoicesPage", "Desvirtuado"),
    "definitivo": QT_TRANSLATE_NOOP("InvoicesPage", "Definitivo"),
    "sentencia_favorable": QT_TRANSLATE_NOOP("InvoicesPage", "Sentencia favorable"),
}


def _lookup(service: Any, rfcs: list[str]) -> dict[str, dict[str, Any]]:
    """{rfc: entry} of those RFCs on the loaded list; nothing when the service cannot say (no list, a data
    service without the list)."""
    situation_of = getattr(service, "efos_situation_of", None)  # the office server's client may not have it
    if situation_of is None or not rfcs:
        return {}
    try:
        return dict(situation_of(rfcs))
    except AppError:
        return {}  # the flag is a help, never a reason for the list not to show


def annotate(service: Any, records: Iterable[dict[str, Any]]) -> None:
    """Give each record of one page its counterpart's situation (:data:`EFOS_KEY`): one lookup for the page."""
    records = list(records)
    rfcs = sorted({counterpart_rfc(rec).upper() for rec in records} - {""})
    found = _lookup(service, rfcs)
    for rec in records:
        entry = found.get(counterpart_rfc(rec).upper())
        rec[EFOS_KEY] = (
            {"situation": entry["situation"], "date": entry.get("situation_date"), "name": entry.get("name")}
            if entry
            else None
        )


def entry_of(service: Any, row: dict[str, Any]) -> dict[str, Any] | None:
    """The situation of one invoice's counterpart (the detail pane), as :func:`annotate` gives it."""
    record = dict(row)
    annotate(service, [record])
    entry: dict[str, Any] | None = record[EFOS_KEY]
    return entry


def situation_text(entry: dict[str, Any] | None) -> str:
    """«Definitivo», «Presunto»…; "" for a counterpart that is not on the list."""
    if not entry:
        return ""
    situation = entry["situation"]
    return tr(SITUATION_TEXT[situation]) if situation in SITUATION_TEXT else str(situation)


def is_definitivo(entry: dict[str, Any] | None) -> bool:
    return bool(entry) and entry is not None and entry["situation"] == "definitivo"


def tooltip(entry: dict[str, Any] | None) -> str:
    """What the situation means for the accountant, with its date on the list (the Diario Oficial's)."""
    if not entry:
        return ""
    day = day_text(entry.get("date"), empty="")
    situation = entry["situation"]
    if situation == "definitivo":
        text = tr("Operaciones inexistentes: no deducible.") + " "
        text += (
            tr("El SAT lo publicó como definitivo (artículo 69-B del CFF) el {date}.").format(date=day)
            if day
            else tr("El SAT lo publicó como definitivo (artículo 69-B del CFF).")
        )
    elif situation == "presunto":
        text = (
            tr("El SAT presume desde el {date} que sus operaciones son inexistentes (artículo 69-B del CFF).").format(
                date=day
            )
            if day
            else tr("El SAT presume que sus operaciones son inexistentes (artículo 69-B del CFF).")
        )
        text += " " + tr("Conserva la evidencia de que las operaciones sí existieron.")
    elif situation == "desvirtuado":
        text = (
            tr("Desvirtuó ante el SAT la presunción de operaciones inexistentes el {date}.").format(date=day)
            if day
            else tr("Desvirtuó ante el SAT la presunción de operaciones inexistentes.")
        )
    else:
        text = (
            tr("Obtuvo el {date} sentencia favorable contra la presunción de operaciones inexistentes.").format(
                date=day
            )
            if day
            else tr("Obtuvo sentencia favorable contra la presunción de operaciones inexistentes.")
        )
    return text


def detail_html(entry: dict[str, Any] | None, escape: Any) -> str:
    """The detail pane's paragraph about the counterpart's situation ("" when it is not on the list)."""
    if not entry:
        return ""
    heading = tr("Lista 69-B del SAT: {situation}").format(situation=situation_text(entry))
    body = tooltip(entry)
    if is_definitivo(entry):
        return f'<p><b><font color="#c62828">⚠ {escape(heading)}</font></b><br/>{escape(body)}</p>'
    return f"<p><b>{escape(heading)}</b><br/>{escape(body)}</p>"


def export_lookup(service: Any) -> EfosLookup | None:
    """The export's 69-B lookup (``core.export``'s ``efos``) when a list is loaded, else None (no column)."""
    return efos_lookup(service)
