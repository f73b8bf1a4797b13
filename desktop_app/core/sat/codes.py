"""What SAT's status numbers mean (sat-protocol.md §3.4, §4, §5) and which AppError each becomes.

SAT answers business failures with HTTP 200 and a ``CodEstatus`` other than 5000; callers turn those
into our stable error codes here, so the GUI can say what to do and every error keeps SAT's own
``cod_estatus`` and ``mensaje``.
"""

from __future__ import annotations

from desktop_app.core.errors import AppError

OK = 5000
UNCONTROLLED_ERROR = 404  # "Error no controlado": transient, retry later

# CodEstatus of Solicita*/Verifica/Descargar calls.
STATUS_MEANINGS: dict[int, str] = {
    5000: "Solicitud recibida con éxito",
    300: "Usuario no válido",
    301: "XML mal formado (also used for validation failures; the reason follows in Mensaje)",
    302: "Sello mal formado",
    303: "Sello no corresponde con RfcEmisor / RfcReceptor / RfcSolicitante",
    304: "Certificado revocado o caduco",
    305: "Certificado inválido (a CSD instead of a FIEL, or a test certificate in production)",
    404: "Error no controlado: retry later",
    5001: "Tercero no autorizado",
    5002: "Se han agotado las solicitudes de por vida para estos criterios",
    5003: "Tope máximo de elementos de la consulta: split the period",
    5004: "No se encontró la información",
    5005: "Ya se tiene una solicitud registrada con los mismos criterios",
    5006: "Error interno en el proceso",
    5007: "No existe el paquete solicitado (packages live 72 h)",
    5008: "Máximo de descargas permitidas (two per package)",
    5011: "Límite de descargas por folio por día",
    5012: "No se permite la descarga de XML cancelados",
}

# EstadoSolicitud of a verification. 0 occurs with errors (e.g. CodEstatus 305); other values may appear.
REQUEST_STATES: dict[int, str] = {
    0: "unknown",
    1: "accepted",
    2: "in_progress",
    3: "finished",
    4: "error",
    5: "rejected",
    6: "expired",
}

# CodigoEstadoSolicitud: the state of the original request. 5010 was seen in production, meaning unknown.
REQUEST_STATUS_CODE_MEANINGS: dict[int, str] = {
    5000: "Solicitud recibida con éxito",
    5001: "Tercero no autorizado",
    5002: "Se han agotado las solicitudes de por vida",
    5003: "Tope máximo de elementos de la consulta: split the period",
    5004: "No se encontró la información",
    5005: "Solicitud duplicada",
}

_ERROR_CODES: dict[int, str] = {
    5002: "quota_exhausted",
    5008: "package_download_limit",
    5004: "not_found",
    5005: "duplicate_request",
    5003: "too_many_results",
    404: "sat_unavailable",
}


def meaning(cod_estatus: int) -> str:
    """A short English/Spanish gloss of a CodEstatus; unknown codes say so instead of guessing."""
    return STATUS_MEANINGS.get(cod_estatus, "Código no documentado")


def state_name(estado_solicitud: int) -> str:
    return REQUEST_STATES.get(estado_solicitud, "unknown")


def error_code_for(cod_estatus: int) -> str:
    return _ERROR_CODES.get(cod_estatus, "sat_rejected")


def error_for(cod_estatus: int, mensaje: str, **details: object) -> AppError:
    """The AppError a non-5000 CodEstatus stands for, carrying SAT's own code and message."""
    code = error_code_for(cod_estatus)
    text = f"SAT answered {cod_estatus}: {mensaje or meaning(cod_estatus)}"
    if code == "sat_unavailable":
        text += " (a transient SAT failure; try again later)"
    return AppError(code, text, cod_estatus=cod_estatus, mensaje=mensaje, **details)


def raise_for_status(cod_estatus: int, mensaje: str, **details: object) -> None:
    if cod_estatus != OK:
        raise error_for(cod_estatus, mensaje, **details)
