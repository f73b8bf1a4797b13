"""A request's status note in the accountant's words: the one table from status code to Spanish (issue 15).

Core stores each note as a code and parameters (``statusCode``/``statusParams``, :mod:`desktop_app.core.status`)
next to its English sentence; this table turns the code into Spanish (``QT_TRANSLATE_NOOP``, context
``HistoryPage``, so the English .ts translates it back for an English window). Rows written before the codes
existed carry only the English sentence: :func:`legacy_note` reads those back into a code with the patterns
the history always used, so both kinds of row render from the same table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop_app.core.errors import AppError
from desktop_app.core.tls import CERTIFICATE_REJECTED
from desktop_app.gui import formatting
from desktop_app.gui.messages import describe

Params = Mapping[str, Any]


def tr(text: str) -> str:
    return QCoreApplication.translate("HistoryPage", text)


def _downloaded_text(count: int) -> str:
    """The note "n documents downloaded and indexed." with Qt's plural forms (Spanish needs its own singular)."""
    if count == 1:
        return QCoreApplication.translate("HistoryPage", "Se descargó e integró %n comprobante.", None, count)
    return QCoreApplication.translate("HistoryPage", "Se descargaron e integraron %n comprobantes.", None, count)


_PACKAGES_EXPIRED = QT_TRANSLATE_NOOP(
    "HistoryPage",
    "Los paquetes del SAT vencieron (duran 72 horas) antes de descargarse; vuelve a solicitar el periodo.",
)
_CERTIFICATE_HINT = QT_TRANSLATE_NOOP(
    "HistoryPage",
    "No se pudo establecer una conexión segura con el SAT: su certificado de seguridad no fue aceptado. Revisa "
    "que la fecha y la hora de tu computadora sean correctas, o el antivirus o proxy que revisa las conexiones "
    "seguras (HTTPS).",
)


def _unreachable(plain: str, then: str) -> Callable[[Params], str]:
    """SAT out of reach; when its certificate was refused, what to look at and what happens next (``then``)."""
    return lambda p: f"{tr(_CERTIFICATE_HINT)} {tr(then)}" if p.get("cause") == CERTIFICATE_REJECTED else tr(plain)


_NOT_RESENT_LOST = QT_TRANSLATE_NOOP(
    "HistoryPage",
    "Se perdió la respuesta del SAT y no se sabe si registró la solicitud. No se reenvió sola "
    "porque el SAT permite sólo dos solicitudes idénticas; créala de nuevo si la necesitas.",
)

# code → Spanish sentence (``QT_TRANSLATE_NOOP``: typed ``object`` by PySide's stubs), or a function of the
# note's parameters that returns it.
SPANISH: dict[str, object] = {
    # submission
    "interrupted_while_sending": QT_TRANSLATE_NOOP(
        "HistoryPage",
        "La aplicación se cerró mientras enviaba la solicitud y no se sabe si el SAT la recibió. No "
        "se reenvió sola porque el SAT permite sólo dos solicitudes idénticas; créala de nuevo si la "
        "necesitas.",
    ),
    "accepted_without_id": QT_TRANSLATE_NOOP(
        "HistoryPage",
        "El SAT dijo que aceptó la solicitud pero su respuesta no traía el número de solicitud, así que no se "
        "puede seguir. No se reenvió sola porque el SAT permite sólo dos solicitudes idénticas; créala de nuevo si "
        "la necesitas.",
    ),
    "answer_lost": _NOT_RESENT_LOST,
    "resend_uncontrolled_error": QT_TRANSLATE_NOOP(
        "HistoryPage", "El SAT respondió «Error no controlado»; la solicitud se enviará de nuevo más tarde."
    ),
    "resend_token_rejected": QT_TRANSLATE_NOOP(
        "HistoryPage", "El SAT no aceptó la sesión (300); la solicitud se enviará de nuevo más tarde."
    ),
    "resend_unreachable": _unreachable(
        QT_TRANSLATE_NOOP("HistoryPage", "No se pudo contactar al SAT; la solicitud se enviará de nuevo más tarde."),
        QT_TRANSLATE_NOOP("HistoryPage", "La solicitud se enviará de nuevo más tarde."),
    ),
    "submit_error": lambda p: describe(AppError(str(p.get("error_code", "")), ""), cause=p.get("cause")),
    "folio_not_found": QT_TRANSLATE_NOOP("HistoryPage", "El SAT no encontró un comprobante con ese folio."),
    # SAT's refusals of a submission
    "rejected_limit_used_up": QT_TRANSLATE_NOOP(
        "HistoryPage", "El SAT ya no acepta más solicitudes idénticas de este periodo (5002)."
    ),
    "rejected_duplicate_in_progress": QT_TRANSLATE_NOOP(
        "HistoryPage", "El SAT ya tiene una solicitud idéntica en proceso (5005)."
    ),
    "rejected_invalid": lambda p: tr("El SAT rechazó la solicitud por no ser válida: {message}").format(
        message=p.get("sat_message", "")
    ),
    "rejected_certificate_revoked": QT_TRANSLATE_NOOP(
        "HistoryPage", "El SAT indica que el certificado de la e.firma está revocado o caduco (304)."
    ),
    "rejected_wrong_certificate": QT_TRANSLATE_NOOP(
        "HistoryPage", "El SAT indica que el certificado no sirve para este servicio (305): usa la e.firma, no el CSD."
    ),
    "rejected_user_unknown": QT_TRANSLATE_NOOP("HistoryPage", "El SAT no reconoce al usuario (300)."),
    "rejected_third_party": QT_TRANSLATE_NOOP(
        "HistoryPage", "El SAT indica que este RFC no puede descargar esos comprobantes (5001)."
    ),
    "rejected": lambda p: tr("El SAT rechazó la solicitud: {code} {message}").format(
        code=p.get("sat_code", ""), message=p.get("sat_message", "")
    ),
    # verification
    "verify_unreachable": _unreachable(
        QT_TRANSLATE_NOOP(
            "HistoryPage", "No se pudo consultar al SAT sobre esta solicitud; se le volverá a preguntar más tarde."
        ),
        QT_TRANSLATE_NOOP("HistoryPage", "Se le volverá a preguntar al SAT más tarde."),
    ),
    "verify_not_ok": lambda p: tr(
        "El SAT respondió {code} ({message}) al verificar; se le volverá a preguntar."
    ).format(code=p.get("sat_code", ""), message=p.get("sat_message", "")),
    "finished_without_packages": lambda p: tr(
        "El SAT dijo que la solicitud terminó con {count} comprobantes pero no indicó ningún paquete; se le volverá "
        "a preguntar."
    ).format(count=p.get("count", "")),
    "no_documents": QT_TRANSLATE_NOOP("HistoryPage", "El SAT no encontró comprobantes en el periodo."),
    "split": QT_TRANSLATE_NOOP(
        "HistoryPage",
        "El periodo tiene más comprobantes de los que el SAT entrega en una solicitud; se dividió en dos "
        "solicitudes que aparecen en la lista.",
    ),
    "split_at_limit": QT_TRANSLATE_NOOP(
        "HistoryPage",
        "El SAT indicó que el periodo tiene más comprobantes de los que entrega en una solicitud, pero dura apenas "
        "una o dos horas: no se dividió más (ningún emisor timbra tantos); vuelve a solicitarlo más tarde o por "
        "tipo de comprobante.",
    ),
    "packages_expired": _PACKAGES_EXPIRED,
    "sat_rejected_request": lambda p: tr("El SAT rechazó la solicitud ({code}: {message}).").format(
        code=p.get("code", ""), message=p.get("sat_message", "")
    ),
    "sat_could_not_process": lambda p: tr("El SAT no pudo procesar la solicitud ({code}: {message}).").format(
        code=p.get("code", ""), message=p.get("sat_message", "")
    ),
    "unexpected_state": lambda p: tr(
        "El SAT respondió un estado inesperado ({state}); se le volverá a preguntar."
    ).format(state=p.get("state", "")),
    # packages
    "completed": lambda p: _downloaded_text(int(p.get("count") or 0)),
    "completed_short": lambda p: tr(
        "Comprobantes integrados: {count} de {expected} que informó el SAT. No se pudieron leer de sus paquetes: "
        "{missing} (el motivo está en los eventos de la solicitud)."
    ).format(count=p.get("count", ""), expected=p.get("expected", ""), missing=p.get("missing", "")),
    "package_damaged_retrying": lambda p: tr(
        "El paquete {package} llegó dañado; se integró lo que se pudo leer y se usará la segunda descarga que "
        "permite el SAT más tarde."
    ).format(package=p.get("package_id", "")),
    "packages_failed": lambda p: tr(
        "No se pudieron descargar o integrar todos los paquetes ({packages}); el motivo de cada uno aparece en la "
        "lista de paquetes."
    ).format(packages=", ".join(str(item.get("id", "")) for item in p.get("packages") or [])),
    "packages_lost_expired": _PACKAGES_EXPIRED,
    "package_answer_broken": lambda p: tr(
        "El SAT respondió mal al descargar el paquete {package}; el SAT permite una descarga más, que se intentará "
        "más tarde."
    ).format(package=p.get("package_id", "")),
    "waiting_for_ingest_room": lambda p: tr(
        "Esperando espacio libre en disco para integrar el paquete {package}."
    ).format(package=p.get("package_id", "")),
    "waiting_for_download_room": lambda p: tr(
        "Esperando espacio libre en disco: el paquete {package} necesita unos {size}."
    ).format(
        package=p.get("package_id", ""),
        size=formatting.app_locale().formattedDataSize(int(p.get("need") or 0)),
    ),
}


def note_text(code: str | None, params: Params | None) -> str:
    """The Spanish sentence of a status note; "" for no code, or a code this table does not know."""
    entry = SPANISH.get(code or "")
    if entry is None:
        return ""
    if callable(entry):
        try:
            return str(entry(params or {}))
        except (KeyError, ValueError, TypeError, AttributeError):
            return ""
    return tr(str(entry))


def request_note(event: Any) -> str:
    """What a sync event of a request that ended (``completed``, ``failed``, ``expired``) says, in the window's
    words: its status note (``SyncEvent.note``), never core's English ``message``."""
    note = event.note
    text = note_text(note.code, note.params) if note is not None else ""
    return text or tr("El detalle está en Solicitudes.")


# -- rows from before the codes: their English sentence read back into a code ----------------------------------

REJECTION_CODES = {
    "5002": "rejected_limit_used_up",
    "5005": "rejected_duplicate_in_progress",
    "304": "rejected_certificate_revoked",
    "305": "rejected_wrong_certificate",
    "300": "rejected_user_unknown",
    "5001": "rejected_third_party",
}


def _fixed(code: str) -> Callable[[re.Match[str]], tuple[str, dict[str, Any]] | None]:
    return lambda _m: (code, {})


_LEGACY: list[tuple[re.Pattern[str], Callable[[re.Match[str]], tuple[str, dict[str, Any]] | None]]] = [
    (re.compile(r"^(\d+) documents? downloaded and indexed\.$"), lambda m: ("completed", {"count": int(m[1])})),
    (re.compile(r"^SAT found no documents for this period\.$"), _fixed("no_documents")),
    (re.compile(r"^SAT found no document with that folio\.$"), _fixed("folio_not_found")),
    (re.compile(r"^SAT's packages expired"), _fixed("packages_expired")),
    (re.compile(r"^The period has more documents than SAT"), _fixed("split")),
    (re.compile(r"^The app stopped while sending"), _fixed("interrupted_while_sending")),
    (re.compile(r"^SAT's answer to this request was lost"), _fixed("answer_lost")),
    (re.compile(r"^SAT answered 'Error no controlado'"), _fixed("resend_uncontrolled_error")),
    (re.compile(r"^SAT could not be reached"), _fixed("resend_unreachable")),
    (
        re.compile(r"^SAT answered (\d+) \((.*)\) when asked; will ask again\.$", re.S),
        lambda m: ("verify_not_ok", {"sat_code": m[1], "sat_message": m[2]}),
    ),
    (
        re.compile(r"^SAT answered an unexpected state (\S+); will ask again\.$"),
        lambda m: ("unexpected_state", {"state": m[1]}),
    ),
    (
        re.compile(r"^SAT rejected the request \((\S+): (.*)\)\.$", re.S),
        lambda m: ("sat_rejected_request", {"code": m[1], "sat_message": m[2]}),
    ),
    (
        re.compile(r"^SAT could not process the request \((\S+): (.*)\)\.$", re.S),
        lambda m: ("sat_could_not_process", {"code": m[1], "sat_message": m[2]}),
    ),
    (
        re.compile(r"^SAT refused the request as invalid: (.*)$", re.S),
        lambda m: ("rejected_invalid", {"sat_message": m[1]}),
    ),
    (
        re.compile(r"^SAT\b.*\((\d+)\)\.?$"),
        lambda m: (REJECTION_CODES[m[1]], {}) if m[1] in REJECTION_CODES else None,
    ),
    (
        re.compile(r"^SAT rejected the request: (\d+) (.*)$", re.S),
        lambda m: ("rejected", {"sat_code": m[1], "sat_message": m[2]}),
    ),
    (re.compile(r"^([a-z]+(?:_[a-z]+)+): "), lambda m: ("submit_error", {"error_code": m[1]})),
]


def legacy_note(message: str) -> tuple[str, dict[str, Any]] | None:
    """An English status sentence of a row from before the codes → (code, params), when it is one we wrote."""
    for pattern, read in _LEGACY:
        match = pattern.search(message)
        if match:
            found = read(match)
            if found is not None:
                return found
    return None
