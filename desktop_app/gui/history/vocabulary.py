"""The history's Spanish vocabulary: statuses, kinds, origins, SAT's codes and the ledger's messages.

Core speaks codes and short English notes; this module is the one place that turns them into the words an
accountant reads (SAT's own vocabulary, es_MX). Every string goes through ``QCoreApplication.translate``
with the ``HistoryPage`` context so the English .ts can translate it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop_app.gui import formatting
from desktop_app.gui.history import status_notes
from desktop_app.gui.messages import code_first, headline


def tr(text: str) -> str:
    return QCoreApplication.translate("HistoryPage", text)


# Lifecycle order (also the sort order of the Estado column).
STATUSES = ("pending", "accepted", "processing", "completed", "failed", "expired")
_STATUS_NAMES = {
    "pending": QT_TRANSLATE_NOOP("HistoryPage", "Pendiente"),
    "accepted": QT_TRANSLATE_NOOP("HistoryPage", "Aceptada"),
    "processing": QT_TRANSLATE_NOOP("HistoryPage", "En proceso"),
    "completed": QT_TRANSLATE_NOOP("HistoryPage", "Terminada"),
    "failed": QT_TRANSLATE_NOOP("HistoryPage", "Con error"),
    "expired": QT_TRANSLATE_NOOP("HistoryPage", "Vencida"),
    # a status check at SAT (issue 17.3) that stopped before asking everything
    "paused": QT_TRANSLATE_NOOP("HistoryPage", "En pausa"),
    "cancelled": QT_TRANSLATE_NOOP("HistoryPage", "Detenida"),
    "interrupted": QT_TRANSLATE_NOOP("HistoryPage", "Interrumpida"),
}
_STATUS_HINTS = {
    "pending": QT_TRANSLATE_NOOP("HistoryPage", "Guardada; todavía no la acepta el SAT."),
    "accepted": QT_TRANSLATE_NOOP("HistoryPage", "El SAT aceptó la solicitud y la tiene en cola."),
    "processing": QT_TRANSLATE_NOOP("HistoryPage", "El SAT está armando los paquetes, o se están descargando."),
    "completed": QT_TRANSLATE_NOOP("HistoryPage", "Paquetes descargados e integrados."),
    "failed": QT_TRANSLATE_NOOP("HistoryPage", "La solicitud no se pudo completar; ve el detalle."),
    "expired": QT_TRANSLATE_NOOP("HistoryPage", "Los paquetes vencieron antes de descargarse."),
    "paused": QT_TRANSLATE_NOOP("HistoryPage", "El SAT dejó de responder; se puede continuar después."),
    "cancelled": QT_TRANSLATE_NOOP("HistoryPage", "Se detuvo a petición tuya; se puede continuar después."),
    "interrupted": QT_TRANSLATE_NOOP("HistoryPage", "La aplicación se cerró antes de terminar; se puede continuar."),
}
_RFC_TYPES = {
    "issued": QT_TRANSLATE_NOOP("HistoryPage", "Emitidos"),
    "received": QT_TRANSLATE_NOOP("HistoryPage", "Recibidos"),
    "folio": QT_TRANSLATE_NOOP("HistoryPage", "Folio"),
}
_REQUEST_TYPES = {
    "cfdi": QT_TRANSLATE_NOOP("HistoryPage", "CFDI"),
    "metadata": QT_TRANSLATE_NOOP("HistoryPage", "Metadatos"),
}
# SAT's two families of the Descarga Masiva service.
_SERVICES = {
    "cfdi": QT_TRANSLATE_NOOP("HistoryPage", "CFDI"),
    "retenciones": QT_TRANSLATE_NOOP("HistoryPage", "Retenciones e información de pagos"),
}
_SOURCES = {
    "manual": QT_TRANSLATE_NOOP("HistoryPage", "Manual"),
    "scheduled": QT_TRANSLATE_NOOP("HistoryPage", "Programada"),
    "backfill": QT_TRANSLATE_NOOP("HistoryPage", "Historial"),
}
_INVOICE_TYPES = {
    "I": QT_TRANSLATE_NOOP("HistoryPage", "I Ingreso"),
    "E": QT_TRANSLATE_NOOP("HistoryPage", "E Egreso"),
    "P": QT_TRANSLATE_NOOP("HistoryPage", "P Pago"),
    "N": QT_TRANSLATE_NOOP("HistoryPage", "N Nómina"),
    "T": QT_TRANSLATE_NOOP("HistoryPage", "T Traslado"),
}
_INVOICE_STATUSES = {
    "active": QT_TRANSLATE_NOOP("HistoryPage", "Vigentes"),
    "cancelled": QT_TRANSLATE_NOOP("HistoryPage", "Cancelados"),
    "all": QT_TRANSLATE_NOOP("HistoryPage", "Todos"),
}
_PACKAGE_STATES = {
    "available": QT_TRANSLATE_NOOP("HistoryPage", "Disponible en el SAT"),
    "downloading": QT_TRANSLATE_NOOP("HistoryPage", "Descargando"),
    "downloaded": QT_TRANSLATE_NOOP("HistoryPage", "Descargado"),
    "ingested": QT_TRANSLATE_NOOP("HistoryPage", "Integrado"),
    "error": QT_TRANSLATE_NOOP("HistoryPage", "Con error"),
    "expired": QT_TRANSLATE_NOOP("HistoryPage", "Vencido"),
}
_OPERATIONS = {
    "solicita": QT_TRANSLATE_NOOP("HistoryPage", "Solicitud al SAT"),
    "verifica": QT_TRANSLATE_NOOP("HistoryPage", "Verificación"),
    "descarga": QT_TRANSLATE_NOOP("HistoryPage", "Descarga"),
    "ingest": QT_TRANSLATE_NOOP("HistoryPage", "Integración"),
    "recover": QT_TRANSLATE_NOOP("HistoryPage", "Recuperación"),
}

# CodEstatus (and CodigoEstadoSolicitud, which uses the same numbers) in SAT's words.
SAT_CODES = {
    5000: QT_TRANSLATE_NOOP("HistoryPage", "Solicitud recibida con éxito"),
    300: QT_TRANSLATE_NOOP("HistoryPage", "Usuario no válido"),
    301: QT_TRANSLATE_NOOP("HistoryPage", "XML mal formado (la solicitud no es válida; el motivo viene en el mensaje)"),
    302: QT_TRANSLATE_NOOP("HistoryPage", "Sello mal formado"),
    303: QT_TRANSLATE_NOOP("HistoryPage", "El sello no corresponde con el RFC solicitante"),
    304: QT_TRANSLATE_NOOP("HistoryPage", "Certificado revocado o caduco"),
    305: QT_TRANSLATE_NOOP("HistoryPage", "Certificado inválido (se usó un CSD en lugar de la e.firma)"),
    404: QT_TRANSLATE_NOOP("HistoryPage", "Error no controlado (se reintenta más tarde)"),
    5001: QT_TRANSLATE_NOOP("HistoryPage", "Tercero no autorizado"),
    5002: QT_TRANSLATE_NOOP("HistoryPage", "Se agotaron las solicitudes de por vida con estos criterios"),
    5003: QT_TRANSLATE_NOOP("HistoryPage", "Tope máximo de elementos de la consulta"),
    5004: QT_TRANSLATE_NOOP("HistoryPage", "No se encontró la información"),
    5005: QT_TRANSLATE_NOOP("HistoryPage", "Ya existe una solicitud registrada con los mismos criterios"),
    5006: QT_TRANSLATE_NOOP("HistoryPage", "Error interno en el proceso"),
    5007: QT_TRANSLATE_NOOP("HistoryPage", "No existe el paquete solicitado (los paquetes duran 72 horas)"),
    5008: QT_TRANSLATE_NOOP("HistoryPage", "Máximo de descargas permitidas (dos por paquete)"),
    5010: QT_TRANSLATE_NOOP("HistoryPage", "Estado desconocido"),
    5011: QT_TRANSLATE_NOOP("HistoryPage", "Límite de descargas por folio por día"),
    5012: QT_TRANSLATE_NOOP("HistoryPage", "No se permite la descarga de XML cancelados"),
}
SAT_STATES = {
    0: QT_TRANSLATE_NOOP("HistoryPage", "Sin estado (el SAT respondió con un error)"),
    1: QT_TRANSLATE_NOOP("HistoryPage", "Aceptada"),
    2: QT_TRANSLATE_NOOP("HistoryPage", "En proceso"),
    3: QT_TRANSLATE_NOOP("HistoryPage", "Terminada"),
    4: QT_TRANSLATE_NOOP("HistoryPage", "Error"),
    5: QT_TRANSLATE_NOOP("HistoryPage", "Rechazada"),
    6: QT_TRANSLATE_NOOP("HistoryPage", "Vencida"),
}


def status_name(status: str | None) -> str:
    return tr(_STATUS_NAMES.get(status or "", status or "—"))


def status_hint(status: str | None) -> str:
    return tr(_STATUS_HINTS.get(status or "", ""))


def status_names() -> list[tuple[str, str]]:
    return [(s, status_name(s)) for s in STATUSES]


def is_uuid_request(item: dict[str, Any]) -> bool:
    """A request of one CFDI by its UUID (``requestKind: "uuid"``; ``rfcType: "folio"`` before it existed)."""
    return item.get("requestKind") == "uuid" or item.get("rfcType") == "folio"


def kind_text(item: dict[str, Any]) -> str:
    """``Emitidos · CFDI``; a Retenciones request starts with the service: ``Retenciones · Emitidos · CFDI``."""
    if is_verification(item):
        return tr("Verificación de estado")
    key = "folio" if is_uuid_request(item) else item.get("rfcType") or ""
    rfc_type = tr(_RFC_TYPES.get(key, key or "—"))
    request_type = tr(_REQUEST_TYPES.get(item.get("requestType") or "", item.get("requestType") or ""))
    text = f"{rfc_type} · {request_type}" if request_type else rfc_type
    if item.get("service") == "retenciones":
        text = f"{tr('Retenciones')} · {text}"
    return text


def service_text(service: str | None) -> str:
    """SAT's service of a request (older items without one were all CFDI)."""
    key = service or "cfdi"
    return tr(_SERVICES.get(key, key))


def source_text(source: str | None) -> str:
    return tr(_SOURCES.get(source or "", source or "—"))


def origin_text(item: dict[str, Any]) -> str:
    """Who created a history item: ``origin`` tells the historical backfill from the daily schedule, which the
    seed's ``source`` calls both ``scheduled`` (a server older than ``origin`` has only ``source``)."""
    return source_text(item.get("origin") or item.get("source"))


def invoice_type_text(code: str | None) -> str:
    return tr(_INVOICE_TYPES.get(code, code)) if code else tr("Todos")


def invoice_status_text(code: str | None) -> str:
    return tr(_INVOICE_STATUSES.get(code, code)) if code else tr("Todos")


def package_state_text(state: str | None) -> str:
    return tr(_PACKAGE_STATES.get(state or "", state or "—"))


def operation_text(operation: str | None) -> str:
    return tr(_OPERATIONS.get(operation or "", operation or "—"))


def event_message_text(operation: str | None, message: str | None) -> str:
    """One line of a request's log: SAT's own message as SAT wrote it; a call that failed on our side
    (``"code: English"``, as core writes it) as the window says that code, the code beside it for support."""
    if operation == "recover":
        return tr("La aplicación se cerró mientras enviaba la solicitud: no se sabe si el SAT la recibió.")
    if not message:
        return ""
    if operation == "ingest":
        summary = _ingest_summary(message)
        if summary is not None:
            return summary
    code = code_first(message)
    return f"{headline(code).rstrip('.')} ({code})" if code else message


_INGEST = re.compile(r"(?P<package>[^:\s]+): (?P<outcome>\{.*\})", re.DOTALL)


def _ingest_summary(message: str) -> str | None:
    """A package's ingest as core records it (``"<package>: {json of its counts}"``) in the window's words — it
    showed the JSON with English keys in both languages (an outside audit); None for anything else."""
    found = _INGEST.fullmatch(message)
    if found is None:
        return None
    try:
        outcome = json.loads(found["outcome"])
    except ValueError:
        return None
    if not isinstance(outcome, dict):
        return None

    def count(key: str) -> str:
        value = outcome.get(key)
        return formatting.number(value) if isinstance(value, int) and not isinstance(value, bool) else "0"

    text = tr("Paquete {0}: nuevos: {1}; actualizados: {2}; sin cambios: {3}; omitidos: {4}").format(
        found["package"], count("added"), count("updated"), count("unchanged"), count("skipped")
    )
    extra = [
        label.format(count(key))
        for key, label in (
            ("conflict", tr("en conflicto: {0}")),
            ("damaged", tr("dañados: {0}")),
            ("metadata_rows", tr("filas de metadatos: {0}")),
        )
        if count(key) != "0"
    ]
    return "; ".join([text, *extra]) + "."


def sat_code_text(code: int | None) -> str:
    if code is None:
        return "—"
    meaning = SAT_CODES.get(int(code))
    return f"{code} — {tr(meaning)}" if meaning else str(code)


def sat_state_text(state: int | None) -> str:
    if state is None:
        return "—"
    meaning = SAT_STATES.get(int(state))
    return f"{state} — {tr(meaning)}" if meaning else str(state)


# -- dates -----------------------------------------------------------------------------------------------------


def day_text(value: str | None) -> str:
    """``2026-05-01`` or ``2026-05-01T00:00:00`` → ``01/05/2026`` (:mod:`desktop_app.gui.formatting`)."""
    return formatting.day_text(value)


def period_text(item: dict[str, Any]) -> str:
    if is_verification(item):
        return verification_scope_text(item.get("scope") or {})
    if item.get("folio") and not item.get("startDate"):
        return item["folio"].upper()
    return f"{day_text(item.get('startDate'))} – {day_text(item.get('endDate'))}"


def moment_text(ms: int | None) -> str:
    """Milliseconds since the epoch → Mexico City wall-clock ``dd/MM/yyyy HH:mm``."""
    return formatting.moment_text(ms)


def size_text(size: int | None) -> str:
    if size is None:
        return "—"
    return formatting.app_locale().formattedDataSize(int(size))


# -- the ledger's notes in plain Spanish ------------------------------------------------------------------------
# The table of notes is :mod:`desktop_app.gui.history.status_notes` (status code → Spanish); a row from before
# the codes is read back into a code from its English sentence (``status_notes.legacy_note``).

_REJECTIONS = status_notes.REJECTION_CODES  # SAT's refusals that have a sentence of their own


def status_message_text(item: dict[str, Any]) -> str:
    """A request's status note as plain Spanish: from its ``statusCode`` (and ``statusParams``), else from the
    English ``statusMessage`` of a row from before the codes; falls back to an explanation by status."""
    if is_verification(item):
        return verification_summary_text(item)
    message = (item.get("statusMessage") or "").strip()
    text = status_notes.note_text(item.get("statusCode"), item.get("statusParams"))
    if text:
        return text
    legacy = status_notes.legacy_note(message) if message else None
    if legacy is not None:
        text = status_notes.note_text(*legacy)
        if text:
            return text
    status = item.get("status")
    if status == "expired":
        return tr(
            "Los paquetes del SAT vencieron (duran 72 horas) antes de descargarse; vuelve a solicitar el periodo."
        )
    if status == "failed" and message:
        return tr("No se pudo completar la solicitud. Detalle técnico: {message}").format(message=message)
    if not message:
        return status_hint(status)
    return " ".join(filter(None, (status_hint(status), tr("Detalle técnico: {message}").format(message=message))))


# -- status checks at SAT (issue 17.3) --------------------------------------------------------------------------
# Shown beside the requests (``gui/history/verifications.py`` makes their items); they are not SAT requests.


def is_verification(item: dict[str, Any]) -> bool:
    return item.get("requestKind") == "verification"


def verification_scope_text(scope: dict[str, Any]) -> str:
    """What a status check asked about: ``12 facturas elegidas``, the filter's period, the daily re-check's."""
    kind = scope.get("kind")
    if kind == "recheck":
        return tr("Recibidas vigentes emitidas desde el {day}").format(day=day_text(scope.get("issued_since")))
    if kind == "uuids":
        return tr("{count} facturas elegidas").format(count=formatting.number(scope.get("count") or 0))
    flt = scope.get("filter") or {}
    parts = []
    if flt.get("date_from") or flt.get("date_to"):
        parts.append(f"{day_text(flt.get('date_from'))} – {day_text(flt.get('date_to'))}")
    direction = {"issued": tr("Emitidas"), "received": tr("Recibidas")}.get(flt.get("direction") or "")
    if direction:
        parts.append(direction)
    if len(flt) > len([k for k in ("date_from", "date_to", "direction") if k in flt]):
        parts.append(tr("con otros filtros"))
    return tr("Filtro de la lista: {what}").format(what=", ".join(parts)) if parts else tr("Todas las facturas")


def verification_summary_text(item: dict[str, Any]) -> str:
    """A status check's counters in a sentence."""
    return tr(
        "Consultadas en el SAT: {checked} de {total}. Cambiaron de estado: {changed}. No encontradas en el SAT: "
        "{not_found}. No se pudieron consultar: {failed}."
    ).format(
        checked=formatting.number(item.get("processedCount") or 0),
        total=formatting.number(item.get("invoiceCount") or 0),
        changed=formatting.number(item.get("changedCount") or 0),
        not_found=formatting.number(item.get("notFound") or 0),
        failed=formatting.number(item.get("failedCount") or 0),
    )
