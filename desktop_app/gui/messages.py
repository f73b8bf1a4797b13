"""Error codes → what the user reads, in Spanish, with what to do (one place, like OnionShare's)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop_app.core.errors import AppError

_CONTEXT = "errors"

# (sentence, what to do). Written in es_MX with SAT's own vocabulary; the English .ts translates them.
_MESSAGES: dict[str, tuple[str, str]] = {
    "wrong_password": (
        "La contraseña no abre la llave privada (.key).",
        "Escribe la contraseña de tu e.firma tal como la registraste en el SAT (distingue mayúsculas).",
    ),
    "invalid_certificate_format": (
        "El archivo de certificado no es un .cer válido.",
        "Elige el archivo .cer original que te entregó el SAT, sin convertirlo.",
    ),
    "invalid_key_format": (
        "El archivo de llave no es una llave privada .key válida.",
        "Elige el archivo .key original de tu e.firma (no el .cer ni una copia convertida).",
    ),
    "key_certificate_mismatch": (
        "La llave privada no corresponde a este certificado.",
        "Usa el .key y el .cer de la misma e.firma.",
    ),
    "not_a_fiel": (
        "Este certificado es un CSD (sello digital), no una e.firma (FIEL).",
        "La descarga masiva del SAT sólo acepta la e.firma: elige los archivos de tu FIEL.",
    ),
    "certificate_expired": (
        "La e.firma está vencida o aún no es válida.",
        "Renueva tu e.firma en el SAT (SAT ID o en una oficina) y vuelve a cargarla.",
    ),
    "rfc_mismatch": (
        "El certificado pertenece a otro RFC.",
        "Carga la e.firma del RFC de este perfil, o agrega un perfil para ese RFC.",
    ),
    "profile_not_configured": (
        "Todavía no hay un RFC configurado.",
        "Agrega tu RFC en Configuración o con el asistente.",
    ),
    "profile_required": ("Hay varios RFC configurados.", "Elige el RFC con el que quieres trabajar."),
    "profile_exists": ("Ese RFC ya tiene un perfil.", "Selecciónalo en la lista de perfiles."),
    "not_activated": (
        "La descarga masiva no está activada para este RFC.",
        "Actívala y da tu consentimiento para consultar al SAT con tu e.firma.",
    ),
    "fiel_missing": ("No hay una e.firma guardada para este RFC.", "Carga tu .cer, .key y contraseña."),
    "password_required": (
        "La contraseña de la e.firma no está guardada en el llavero del sistema.",
        "Escríbela para continuar; la sincronización desatendida necesita un llavero del sistema.",
    ),
    "invalid_rfc": ("El RFC no es válido.", "Un RFC tiene 12 (moral) o 13 (física) caracteres."),
    "invalid_phone": ("El teléfono no es válido.", "Escribe un número de México: +52 y 10 dígitos."),
    "invalid_sync_start_date": (
        "La fecha de inicio de sincronización no es válida.",
        "Elige una fecha de hasta 71 meses atrás y no posterior a hoy.",
    ),
    "invalid_schedule": ("La programación no es válida.", "Revisa la hora (HH:mm) y los días hacia atrás (1 a 90)."),
    "invalid_date": ("La fecha no es válida.", "Usa el formato AAAA-MM-DD."),
    "invalid_date_range": (
        "La fecha inicial debe ser anterior a la fecha final.",
        "Corrige el periodo de la solicitud.",
    ),
    "date_range_too_long": (
        "Una solicitud puede abarcar como máximo un mes.",
        "Divide el periodo en solicitudes mensuales (la sincronización lo hace sola).",
    ),
    "date_range_too_old": (
        "El SAT sólo entrega CFDI de los últimos seis ejercicios.",
        "Elige una fecha inicial más reciente.",
    ),
    "received_cfdi_requires_active": (
        "El SAT ya no entrega el XML de CFDI recibidos cancelados.",
        "Pide los XML recibidos sólo vigentes; los metadatos sí traen el estado de los cancelados.",
    ),
    "too_many_receivers": ("Se pueden filtrar como máximo 5 receptores.", "Quita algunos RFC del filtro."),
    "too_many_issuers": ("En recibidos sólo se puede filtrar un emisor.", "Deja un solo RFC emisor."),
    "invalid_folio_query": (
        "Una solicitud por folio no admite otros filtros.",
        "Pide el folio (UUID) solo, sin periodo ni filtros.",
    ),
    "invalid_complement": ("El complemento no está en el catálogo del SAT.", "Elige un complemento de la lista."),
    "invalid_invoice_type": ("El tipo de comprobante no es válido.", "Usa I, E, P, N o T."),
    "invalid_invoice_status": ("El estado no es válido.", "Elige vigentes, cancelados o todos."),
    "invalid_request_type": ("El tipo de solicitud no es válido.", "Elige CFDI (XML) o metadatos."),
    "invalid_direction": ("El tipo de RFC no es válido.", "Elige emitidos o recibidos."),
    "invalid_service": ("El servicio no es válido.", "Elige CFDI o retenciones."),
    "invalid_uuid": ("El folio fiscal (UUID) no es válido.", "Copia el UUID completo de la factura."),
    "duplicate_request": (
        "El SAT ya tiene una solicitud idéntica en proceso.",
        "Espera a que termine; no hace falta volver a pedirla.",
    ),
    "quota_exhausted": (
        "Se agotaron las solicitudes idénticas que el SAT permite para ese periodo.",
        "Cambia el periodo o los filtros (basta con un segundo de diferencia).",
    ),
    "too_many_results": (
        "El periodo tiene más comprobantes de los que el SAT entrega en una solicitud.",
        "Divide el periodo; la sincronización lo hace automáticamente.",
    ),
    "package_download_limit": (
        "El SAT ya no permite descargar este paquete (máximo dos descargas).",
        "Vuelve a solicitar el periodo para obtener un paquete nuevo.",
    ),
    "not_found": ("No se encontró la información.", "Revisa el dato buscado."),
    "sat_unavailable": (
        "El SAT no responde en este momento.",
        "Es frecuente; la aplicación lo reintentará sola más tarde.",
    ),
    "sat_outcome_unknown": (
        "Se perdió la respuesta del SAT y no se sabe si registró la solicitud.",
        "No se reenvió para no gastar una de las dos solicitudes permitidas; créala de nuevo si la necesitas.",
    ),
    "sat_fault": (
        "El SAT respondió con un error al autenticar o al procesar la llamada.",
        "Suele ser temporal y se reintentará; si persiste, revisa que la fecha y hora de tu computadora sean "
        "correctas y que uses tu e.firma vigente.",
    ),
    "sat_unauthorized": (
        "El SAT no aceptó la sesión.",
        "La aplicación volverá a autenticarse; si persiste, revisa tu e.firma.",
    ),
    "sat_rejected": ("El SAT rechazó la solicitud.", "Lee el mensaje del SAT en el detalle de la solicitud."),
    "sat_bad_response": ("El SAT respondió algo que no se pudo leer.", "Se reintentará más tarde."),
    "invalid_package": ("El paquete descargado está dañado.", "Se volverá a descargar si el SAT lo permite."),
    "sync_busy": (
        "Ya hay una sincronización de este RFC en curso (otra ventana o la tarea programada).",
        "Espera a que termine.",
    ),
    "invalid_xml": ("El archivo no es un XML válido.", "Verifica que sea un CFDI completo."),
    "not_a_cfdi": ("El archivo no es un CFDI.", "Importa sólo XML de facturas timbradas."),
    "cfdi_not_stamped": ("El CFDI no está timbrado.", "Sólo se pueden guardar CFDI con timbre fiscal."),
    "os_task_unavailable": (
        "No se encontró un programador de tareas del sistema.",
        "Deja la aplicación abierta (o en la bandeja) para que la sincronización diaria funcione.",
    ),
    "os_task_failed": ("No se pudo registrar la tarea del sistema.", "Revisa el detalle del error."),
    "database_too_new": (
        "La carpeta de datos fue creada por una versión más nueva de la aplicación.",
        "Actualiza la aplicación.",
    ),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def describe(error: AppError | str, message: str | None = None) -> str:
    """One or two Spanish sentences for an error code: what happened and what to do."""
    code = error.code if isinstance(error, AppError) else error
    detail = error.message if isinstance(error, AppError) else message
    known = _MESSAGES.get(code)
    if known is None:
        text = tr("Ocurrió un error ({code}).").format(code=code)
        return f"{text} {detail}" if detail else text
    what, todo = known
    return f"{tr(what)} {tr(todo)}"


def headline(error: AppError | str) -> str:
    code = error.code if isinstance(error, AppError) else error
    known = _MESSAGES.get(code)
    return tr(known[0]) if known else tr("Ocurrió un error ({code}).").format(code=code)


def known_codes() -> set[str]:
    return set(_MESSAGES)
