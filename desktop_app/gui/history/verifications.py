"""Status checks at SAT in the request history (issue 17.3): one row per check («Verificación de estado») beside the
requests, and its detail — what it asked, and which invoices changed status.

A check is not a Descarga Masiva request: its rows come from core's ``verifications`` (never the ledger) and their
ids (``verification:<run id>``) cannot be taken for a request's.
"""

from __future__ import annotations

from html import escape
from typing import Any

from desktop_app.core.errors import AppError
from desktop_app.gui import formatting
from desktop_app.gui.history import vocabulary as voc
from desktop_app.gui.history.vocabulary import tr
from desktop_app.gui.invoices.model import status_text
from desktop_app.gui.messages import headline

PREFIX = "verification:"
LIMIT = 200  # the newest checks listed
# A check's own status → the history's (the «Abiertas» filter and the icons): working = «En proceso».
_STATUS = {"pending": "pending", "running": "processing", "completed": "completed", "cancelled": "cancelled"}


def is_verification_id(item_id: str) -> bool:
    return item_id.startswith(PREFIX)


def run_id_of(item_id: str) -> int:
    return int(item_id[len(PREFIX) :])


def items(service: Any, rfc: str) -> list[dict[str, Any]]:
    """The profile's checks as history items (the keys the history's model reads)."""
    try:
        runs = service.verifications(rfc, LIMIT, changes=False)  # the detail reads them when one is shown
    except AppError:
        return []
    return [item(run) for run in runs]


def item(run: dict[str, Any]) -> dict[str, Any]:
    status = run["status"]
    if status == "paused":  # the daily re-check goes on by itself at the next pass; one asked for waits for you
        shown = "processing" if run["trigger"] == "scheduled" else "paused"
    else:
        shown = _STATUS.get(status, status)
    return {
        "id": f"{PREFIX}{run['run_id']}",
        "requestKind": "verification",
        "status": shown,
        "verificationStatus": status,
        "scope": run["scope"],
        "invoiceCount": run["total"],
        "processedCount": run["checked"],
        "changedCount": run["changed_count"],
        "notFound": run["not_found"],
        "failedCount": run["failed_count"],
        "pending": run["pending"],
        "rate": run["rate"],
        "source": run["trigger"],
        "createdAt": run["created_at"],
        "completedAt": run["finished_at"] if status in ("completed", "cancelled") else None,
        "error": run["error"],
    }


def guidance(item: dict[str, Any], detail: dict[str, Any]) -> str:
    """What happened and what to do: deductions lost first, then a check left unfinished."""
    lost = [c for c in detail["changed"] if lost_deduction(c)]
    if lost:
        return tr(
            "Qué pasó: el SAT tiene canceladas {count} facturas recibidas que estaban vigentes: ya no son "
            "deducibles. Qué hacer: pide al emisor que te explique la cancelación o que te dé la factura que la "
            "sustituye."
        ).format(count=formatting.number(len(lost)))
    status = item.get("verificationStatus")
    left = int(detail["pending"]) + len(detail["failed"])
    if status in ("cancelled", "interrupted", "paused") and left:
        why = headline(item["error"]["code"]) if item.get("error") else voc.status_hint(item.get("status"))
        if item.get("source") == "scheduled":
            return tr("Qué pasó: {why} Faltan {left}; la descarga diaria continúa sola.").format(
                why=why, left=formatting.number(left)
            )
        return tr(
            "Qué pasó: {why} Faltan {left}. Qué hacer: en Facturas, «Verificar estado de varias en el SAT…» → "
            "«Continuar»; no se vuelve a preguntar lo ya respondido."
        ).format(why=why, left=formatting.number(left))
    return ""


def lost_deduction(change: dict[str, Any]) -> bool:
    return (
        change.get("direction") == "received"
        and change.get("previous_status") == "vigente"
        and change.get("status") == "cancelado"
    )


def html(item: dict[str, Any], detail: dict[str, Any]) -> str:
    """The detail pane of one check: its counters and parameters, the invoices that changed, those that failed."""
    from desktop_app.gui.history.detail import _grid, _table  # the request detail's own tables

    rate = float(item.get("rate") or 0)
    parts = [f"<h3>{escape(tr('Estado'))}</h3>"]
    parts.append(
        _table(
            [
                (tr("Estado"), voc.status_name(item.get("status"))),
                (tr("Explicación"), voc.status_message_text(item)),
                (tr("Facturas a consultar"), formatting.number(item.get("invoiceCount") or 0)),
                (tr("Consultadas"), formatting.number(item.get("processedCount") or 0)),
                (tr("Cambiaron de estado"), formatting.number(item.get("changedCount") or 0)),
                (tr("No encontradas en el SAT"), formatting.number(item.get("notFound") or 0)),
                (tr("No se pudieron consultar"), formatting.number(item.get("failedCount") or 0)),
                (tr("Faltan"), formatting.number(item.get("pending") or 0)),
            ]
        )
    )
    parts.append(f"<h3>{escape(tr('Parámetros'))}</h3>")
    parts.append(
        _table(
            [
                (tr("Qué se verificó"), voc.period_text(item)),
                (tr("Ritmo"), tr("{rate} consultas por segundo").format(rate=f"{rate:g}")),
                (tr("Origen"), voc.origin_text(item)),
                (tr("Creada"), voc.moment_text(item.get("createdAt"))),
                (tr("Terminada"), voc.moment_text(item.get("completedAt"))),
            ]
        )
    )
    parts.append(f"<h3>{escape(tr('Facturas que cambiaron de estado'))}</h3>")
    if detail["changed"]:
        parts.append(
            _grid(
                [tr("Folio fiscal (UUID)"), tr("Emisor"), tr("Fecha"), tr("Total"), tr("Antes"), tr("Ahora")],
                [
                    [
                        c["uuid"],
                        c.get("issuer_name") or c.get("issuer_rfc") or "—",
                        voc.day_text(c.get("issue_date")),
                        formatting.money(c.get("total")) or "—",
                        status_text(c.get("previous_status")),
                        status_text(c.get("status")) + (" — " + tr("ya no es deducible") if lost_deduction(c) else ""),
                    ]
                    for c in detail["changed"]
                ],
            )
        )
    else:
        parts.append(f"<p>{escape(tr('Ninguna factura cambió de estado.'))}</p>")
    if detail["failed"]:
        parts.append(f"<h3>{escape(tr('Facturas que no se pudieron consultar'))}</h3>")
        parts.append(
            _grid(
                [tr("Folio fiscal (UUID)"), tr("Motivo"), tr("Intentos")],
                [
                    [f["uuid"], headline(f["code"] or ""), formatting.number(f.get("attempts") or 0)]
                    for f in detail["failed"]
                ],
            )
        )
    return "".join(parts)
