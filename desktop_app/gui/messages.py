"""Error codes → what the user reads, in Spanish, with what to do (one place, like OnionShare's)."""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop_app.core.errors import AppError
from desktop_app.core.sat.responses import INVALID_SECURITY
from desktop_app.core.tls import CERTIFICATE_REJECTED

# (sentence, what to do). Written in es_MX with SAT's own vocabulary; the English .ts translates them.
_MESSAGES: dict[str, tuple[str, str]] = {
    "wrong_password": (
        QT_TRANSLATE_NOOP("errors", "La contraseña no abre la llave privada (.key)."),
        QT_TRANSLATE_NOOP(
            "errors", "Escribe la contraseña de tu e.firma tal como la registraste en el SAT (distingue mayúsculas)."
        ),
    ),
    "invalid_certificate_format": (
        QT_TRANSLATE_NOOP("errors", "El archivo de certificado no es un .cer válido."),
        QT_TRANSLATE_NOOP("errors", "Elige el archivo .cer original que te entregó el SAT, sin convertirlo."),
    ),
    "invalid_key_format": (
        QT_TRANSLATE_NOOP("errors", "El archivo de llave no es una llave privada .key válida."),
        QT_TRANSLATE_NOOP(
            "errors", "Elige el archivo .key original de tu e.firma (no el .cer ni una copia convertida)."
        ),
    ),
    "key_certificate_mismatch": (
        QT_TRANSLATE_NOOP("errors", "La llave privada no corresponde a este certificado."),
        QT_TRANSLATE_NOOP("errors", "Usa el .key y el .cer de la misma e.firma."),
    ),
    "not_a_fiel": (
        QT_TRANSLATE_NOOP("errors", "Este certificado es un CSD (sello digital), no una e.firma (FIEL)."),
        QT_TRANSLATE_NOOP(
            "errors", "La descarga masiva del SAT sólo acepta la e.firma: elige los archivos de tu FIEL."
        ),
    ),
    "certificate_expired": (
        QT_TRANSLATE_NOOP("errors", "La e.firma está vencida o aún no es válida."),
        QT_TRANSLATE_NOOP("errors", "Renueva tu e.firma en el SAT (SAT ID o en una oficina) y vuelve a cargarla."),
    ),
    "rfc_mismatch": (
        QT_TRANSLATE_NOOP("errors", "El certificado pertenece a otro RFC."),
        QT_TRANSLATE_NOOP("errors", "Carga la e.firma del RFC de este perfil, o agrega un perfil para ese RFC."),
    ),
    "profile_not_configured": (
        QT_TRANSLATE_NOOP("errors", "Todavía no hay un RFC configurado."),
        QT_TRANSLATE_NOOP("errors", "Agrega tu RFC en Configuración o con el asistente."),
    ),
    "profile_required": (
        QT_TRANSLATE_NOOP("errors", "Hay varios RFC configurados."),
        QT_TRANSLATE_NOOP("errors", "Elige el RFC con el que quieres trabajar."),
    ),
    "profile_exists": (
        QT_TRANSLATE_NOOP("errors", "Ese RFC ya tiene un perfil."),
        QT_TRANSLATE_NOOP("errors", "Selecciónalo en la lista de perfiles."),
    ),
    "not_activated": (
        QT_TRANSLATE_NOOP("errors", "La descarga masiva no está activada para este RFC."),
        QT_TRANSLATE_NOOP("errors", "Actívala y da tu consentimiento para consultar al SAT con tu e.firma."),
    ),
    "fiel_missing": (
        QT_TRANSLATE_NOOP("errors", "No hay una e.firma guardada para este RFC."),
        QT_TRANSLATE_NOOP("errors", "Carga tu .cer, .key y contraseña."),
    ),
    "password_required": (
        QT_TRANSLATE_NOOP("errors", "La contraseña de la e.firma no está guardada en el llavero del sistema."),
        QT_TRANSLATE_NOOP(
            "errors", "Escríbela para continuar; la sincronización desatendida necesita un llavero del sistema."
        ),
    ),
    "invalid_rfc": (
        QT_TRANSLATE_NOOP("errors", "El RFC no es válido."),
        QT_TRANSLATE_NOOP("errors", "Un RFC tiene 12 (moral) o 13 (física) caracteres."),
    ),
    "invalid_phone": (
        QT_TRANSLATE_NOOP("errors", "El teléfono no es válido."),
        QT_TRANSLATE_NOOP("errors", "Escribe un número de México: +52 y 10 dígitos."),
    ),
    "invalid_sync_start_date": (
        QT_TRANSLATE_NOOP("errors", "La fecha de inicio de sincronización no es válida."),
        QT_TRANSLATE_NOOP("errors", "Elige una fecha de hasta 71 meses atrás y no posterior a hoy."),
    ),
    "invalid_schedule": (
        QT_TRANSLATE_NOOP("errors", "La programación no es válida."),
        QT_TRANSLATE_NOOP("errors", "Revisa la hora (HH:mm) y los días hacia atrás (1 a 90)."),
    ),
    "invalid_date": (
        QT_TRANSLATE_NOOP("errors", "La fecha no es válida."),
        QT_TRANSLATE_NOOP("errors", "Usa el formato AAAA-MM-DD."),
    ),
    "invalid_date_range": (
        QT_TRANSLATE_NOOP("errors", "La fecha inicial debe ser anterior a la fecha final."),
        QT_TRANSLATE_NOOP("errors", "Corrige el periodo de la solicitud."),
    ),
    "date_range_too_long": (
        QT_TRANSLATE_NOOP("errors", "Una solicitud puede abarcar como máximo un mes."),
        QT_TRANSLATE_NOOP("errors", "Divide el periodo en solicitudes mensuales (la sincronización lo hace sola)."),
    ),
    "date_range_too_old": (
        QT_TRANSLATE_NOOP("errors", "El SAT sólo entrega CFDI de los últimos seis ejercicios."),
        QT_TRANSLATE_NOOP("errors", "Elige una fecha inicial más reciente."),
    ),
    "start_clipped": (
        QT_TRANSLATE_NOOP(
            "errors", "La fecha inicial se recorrió al día más antiguo que el SAT todavía entrega (seis años)."
        ),
        QT_TRANSLATE_NOOP("errors", "Los días anteriores ya no se pueden descargar del SAT."),
    ),
    "received_cfdi_requires_active": (
        QT_TRANSLATE_NOOP("errors", "El SAT ya no entrega el XML de CFDI recibidos cancelados."),
        QT_TRANSLATE_NOOP(
            "errors", "Pide los XML recibidos sólo vigentes; los metadatos sí traen el estado de los cancelados."
        ),
    ),
    "too_many_receivers": (
        QT_TRANSLATE_NOOP("errors", "Se pueden filtrar como máximo 5 receptores."),
        QT_TRANSLATE_NOOP("errors", "Quita algunos RFC del filtro."),
    ),
    "too_many_issuers": (
        QT_TRANSLATE_NOOP("errors", "En recibidos sólo se puede filtrar un emisor."),
        QT_TRANSLATE_NOOP("errors", "Deja un solo RFC emisor."),
    ),
    "invalid_folio_query": (
        QT_TRANSLATE_NOOP("errors", "Una solicitud por folio no admite otros filtros."),
        QT_TRANSLATE_NOOP("errors", "Pide el folio (UUID) solo, sin periodo ni filtros."),
    ),
    "invalid_complement": (
        QT_TRANSLATE_NOOP("errors", "El complemento no está en el catálogo del SAT."),
        QT_TRANSLATE_NOOP("errors", "Elige un complemento de la lista."),
    ),
    "invalid_invoice_type": (
        QT_TRANSLATE_NOOP("errors", "El tipo de comprobante no es válido."),
        QT_TRANSLATE_NOOP("errors", "Usa I, E, P, N o T."),
    ),
    "invalid_invoice_status": (
        QT_TRANSLATE_NOOP("errors", "El estado no es válido."),
        QT_TRANSLATE_NOOP("errors", "Elige vigentes, cancelados o todos."),
    ),
    "invalid_request_type": (
        QT_TRANSLATE_NOOP("errors", "El tipo de solicitud no es válido."),
        QT_TRANSLATE_NOOP("errors", "Elige CFDI (XML) o metadatos."),
    ),
    "invalid_direction": (
        QT_TRANSLATE_NOOP("errors", "El tipo de RFC no es válido."),
        QT_TRANSLATE_NOOP("errors", "Elige emitidos o recibidos."),
    ),
    "invalid_service": (
        QT_TRANSLATE_NOOP("errors", "El servicio no es válido."),
        QT_TRANSLATE_NOOP("errors", "Elige CFDI o retenciones."),
    ),
    "invalid_uuid": (
        QT_TRANSLATE_NOOP("errors", "El folio fiscal (UUID) no es válido."),
        QT_TRANSLATE_NOOP("errors", "Copia el UUID completo de la factura."),
    ),
    "duplicate_request": (
        QT_TRANSLATE_NOOP("errors", "El SAT ya tiene una solicitud idéntica en proceso."),
        QT_TRANSLATE_NOOP("errors", "Espera a que termine; no hace falta volver a pedirla."),
    ),
    "quota_exhausted": (
        QT_TRANSLATE_NOOP("errors", "Se agotaron las solicitudes idénticas que el SAT permite para ese periodo."),
        QT_TRANSLATE_NOOP("errors", "Cambia el periodo o los filtros (basta con un segundo de diferencia)."),
    ),
    "too_many_results": (
        QT_TRANSLATE_NOOP("errors", "El periodo tiene más comprobantes de los que el SAT entrega en una solicitud."),
        QT_TRANSLATE_NOOP("errors", "Divide el periodo; la sincronización lo hace automáticamente."),
    ),
    "package_download_limit": (
        QT_TRANSLATE_NOOP("errors", "El SAT ya no permite descargar este paquete (máximo dos descargas)."),
        QT_TRANSLATE_NOOP("errors", "Vuelve a solicitar el periodo para obtener un paquete nuevo."),
    ),
    "not_found": (
        QT_TRANSLATE_NOOP("errors", "No se encontró la información."),
        QT_TRANSLATE_NOOP("errors", "Revisa el dato buscado."),
    ),
    "sat_unavailable": (
        QT_TRANSLATE_NOOP("errors", "El SAT no responde en este momento."),
        QT_TRANSLATE_NOOP("errors", "Es frecuente; la aplicación lo reintentará sola más tarde."),
    ),
    "sat_outcome_unknown": (
        QT_TRANSLATE_NOOP("errors", "Se perdió la respuesta del SAT y no se sabe si registró la solicitud."),
        QT_TRANSLATE_NOOP(
            "errors",
            "No se reenvió para no gastar una de las dos solicitudes permitidas; créala de nuevo si la necesitas.",
        ),
    ),
    "package_damaged": (
        QT_TRANSLATE_NOOP("errors", "Un paquete del SAT llegó dañado: algunos de sus archivos no se pudieron leer."),
        QT_TRANSLATE_NOOP(
            "errors",
            "Lo que se pudo leer ya está integrado; el paquete se descargará de nuevo más tarde (el SAT permite dos "
            "descargas de cada paquete).",
        ),
    ),
    "documents_missing": (
        QT_TRANSLATE_NOOP("errors", "Se integraron menos comprobantes de los que informó el SAT para la solicitud."),
        QT_TRANSLATE_NOOP(
            "errors",
            "Los que faltan no se pudieron leer de los paquetes del SAT (el motivo está en los eventos de la "
            "solicitud); puede crear la solicitud de nuevo para volver a descargarlos.",
        ),
    ),
    "sat_fault": (
        QT_TRANSLATE_NOOP("errors", "El SAT respondió con un error al autenticar o al procesar la llamada."),
        QT_TRANSLATE_NOOP(
            "errors",
            "Suele ser temporal y se reintentará; si persiste, revisa que la fecha y hora de tu computadora sean "
            "correctas y que uses tu e.firma vigente.",
        ),
    ),
    "sat_unauthorized": (
        QT_TRANSLATE_NOOP("errors", "El SAT no aceptó la sesión."),
        QT_TRANSLATE_NOOP("errors", "La aplicación volverá a autenticarse; si persiste, revisa tu e.firma."),
    ),
    "sat_rejected": (
        QT_TRANSLATE_NOOP("errors", "El SAT rechazó la solicitud."),
        QT_TRANSLATE_NOOP("errors", "Lee el mensaje del SAT en el detalle de la solicitud."),
    ),
    "sat_bad_response": (
        QT_TRANSLATE_NOOP("errors", "El SAT respondió algo que no se pudo leer."),
        QT_TRANSLATE_NOOP("errors", "Se reintentará más tarde."),
    ),
    "invalid_package": (
        QT_TRANSLATE_NOOP("errors", "El paquete descargado está dañado."),
        QT_TRANSLATE_NOOP("errors", "Se volverá a descargar si el SAT lo permite."),
    ),
    "sync_busy": (
        QT_TRANSLATE_NOOP(
            "errors", "Ya hay una sincronización de este RFC en curso (otra ventana o la tarea programada)."
        ),
        QT_TRANSLATE_NOOP("errors", "Espera a que termine."),
    ),
    # The office server (issue 19): its API keys and the key that seals the FIEL passwords it keeps.
    "forbidden": (
        QT_TRANSLATE_NOOP("errors", "La clave de acceso al servidor no tiene permiso para este RFC."),
        QT_TRANSLATE_NOOP("errors", "Pide al administrador del servidor una clave que incluya este RFC."),
    ),
    "read_only_key": (
        QT_TRANSLATE_NOOP("errors", "La clave de acceso al servidor sólo permite consultar, no hacer cambios."),
        QT_TRANSLATE_NOOP("errors", "Pide al administrador del servidor una clave que permita hacer cambios."),
    ),
    "server_unreachable": (
        QT_TRANSLATE_NOOP("errors", "No se puede conectar con el servidor de la oficina."),
        QT_TRANSLATE_NOOP(
            "errors",
            "No se perdió nada: la ventana conserva lo que muestra y vuelve a intentarlo sola. Revisa la red o "
            "que el servidor esté encendido.",
        ),
    ),
    "unauthorized": (
        QT_TRANSLATE_NOOP("errors", "El servidor de la oficina no aceptó la clave de acceso."),
        QT_TRANSLATE_NOOP(
            "errors", "Revisa la clave en Configuración → Servidor de la oficina, o pide una nueva al administrador."
        ),
    ),
    "invalid_server_url": (
        QT_TRANSLATE_NOOP("errors", "La dirección del servidor de la oficina no es válida."),
        QT_TRANSLATE_NOOP("errors", "Escríbela completa, por ejemplo https://servidor.despacho.mx:8000."),
    ),
    "insecure_server_url": (
        QT_TRANSLATE_NOOP(
            "errors", "La clave del servidor de la oficina viajaría sin cifrar por la red con una dirección http://."
        ),
        QT_TRANSLATE_NOOP(
            "errors",
            "Usa la dirección https:// del servidor (pídela al administrador); http:// sólo en esta computadora.",
        ),
    ),
    "invalid_server_answer": (
        QT_TRANSLATE_NOOP("errors", "Lo que respondió esa dirección no es el servidor de la oficina."),
        QT_TRANSLATE_NOOP("errors", "Revisa la dirección (el puerto, http o https) con el administrador."),
    ),
    "remote_unsupported": (
        QT_TRANSLATE_NOOP("errors", "Esto no se puede hacer desde esta ventana con el servidor de la oficina."),
        QT_TRANSLATE_NOOP(
            "errors",
            "Hazlo en el equipo del servidor (con descarga-masiva) o vuelve a «Usar este equipo» en Configuración.",
        ),
    ),
    "invalid_cursor": (
        QT_TRANSLATE_NOOP("errors", "La página pedida no corresponde a este orden de la lista."),
        QT_TRANSLATE_NOOP("errors", "Vuelve a pedir la lista desde la primera página."),
    ),
    "vault_key_missing": (
        QT_TRANSLATE_NOOP("errors", "No se encontró la llave con que el servidor cifra las contraseñas de e.firma."),
        QT_TRANSLATE_NOOP("errors", "Indica su archivo con --vault-key o restáurala del respaldo del servidor."),
    ),
    "vault_key_insecure": (
        QT_TRANSLATE_NOOP("errors", "Otros usuarios del equipo pueden leer la llave de cifrado del servidor."),
        QT_TRANSLATE_NOOP("errors", "Deja el archivo sólo al usuario del servidor (chmod 600) y reinicia el servidor."),
    ),
    "vault_key_invalid": (
        QT_TRANSLATE_NOOP("errors", "El archivo indicado no es una llave de cifrado de este servidor."),
        QT_TRANSLATE_NOOP("errors", "Indica con --vault-key el archivo de llave que creó el servidor."),
    ),
    "vault_key_mismatch": (
        QT_TRANSLATE_NOOP(
            "errors", "La llave de cifrado del servidor no abre la contraseña de e.firma guardada para este RFC."
        ),
        QT_TRANSLATE_NOOP(
            "errors", "Inicia el servidor con la llave con que se guardó (--vault-key) o vuelve a subir la e.firma."
        ),
    ),
    # Reports (issue 18).
    "basis_not_applicable": (
        QT_TRANSLATE_NOOP("errors", "Este reporte no se calcula por flujo de efectivo ni por devengado."),
        QT_TRANSLATE_NOOP("errors", "Quita la opción --basis: sólo aplica al reporte de IVA."),
    ),
    # Status checks at SAT for many invoices (issue 17.3).
    "verification_busy": (
        QT_TRANSLATE_NOOP(
            "errors",
            "Ya se está verificando el estado de facturas de este RFC en el SAT (en esta ventana, la descarga diaria "
            "u otro comando).",
        ),
        QT_TRANSLATE_NOOP("errors", "Espera a que termine; después puedes continuar o empezar otra verificación."),
    ),
    "not_verifiable": (
        QT_TRANSLATE_NOOP(
            "errors", "Es un comprobante de Retenciones: el servicio de verificación de CFDI no lo conoce."
        ),
        QT_TRANSLATE_NOOP("errors", "Su estado llega con los metadatos de Retenciones al sincronizar."),
    ),
    "interrupted": (
        QT_TRANSLATE_NOOP("errors", "La aplicación se cerró antes de terminar."),
        QT_TRANSLATE_NOOP("errors", "Puedes continuar donde se quedó: no se vuelve a preguntar lo ya respondido."),
    ),
    "invalid_xml": (
        QT_TRANSLATE_NOOP("errors", "El archivo no es un XML válido."),
        QT_TRANSLATE_NOOP("errors", "Verifica que sea un CFDI completo."),
    ),
    "not_a_cfdi": (
        QT_TRANSLATE_NOOP("errors", "El archivo no es un CFDI."),
        QT_TRANSLATE_NOOP("errors", "Importa sólo XML de facturas timbradas."),
    ),
    "cfdi_not_stamped": (
        QT_TRANSLATE_NOOP("errors", "El CFDI no está timbrado."),
        QT_TRANSLATE_NOOP("errors", "Sólo se pueden guardar CFDI con timbre fiscal."),
    ),
    "os_task_unavailable": (
        QT_TRANSLATE_NOOP("errors", "No se encontró un programador de tareas del sistema."),
        QT_TRANSLATE_NOOP(
            "errors", "Deja la aplicación abierta (o en la bandeja) para que la sincronización diaria funcione."
        ),
    ),
    "os_task_failed": (
        QT_TRANSLATE_NOOP("errors", "No se pudo registrar la tarea del sistema."),
        QT_TRANSLATE_NOOP("errors", "Revisa el detalle del error."),
    ),
    "database_too_new": (
        QT_TRANSLATE_NOOP("errors", "La carpeta de datos fue creada por una versión más nueva de la aplicación."),
        QT_TRANSLATE_NOOP("errors", "Actualiza la aplicación."),
    ),
    # The office server's PostgreSQL (issue 19: `server --database postgresql://…`; never the desktop's)
    "unsupported_database": (
        QT_TRANSLATE_NOOP("errors", "La base de datos indicada no es compatible."),
        QT_TRANSLATE_NOOP("errors", "Usa una dirección postgresql:// o la base de datos de la carpeta de datos."),
    ),
    "database_unreachable": (
        QT_TRANSLATE_NOOP("errors", "No se pudo conectar con la base de datos PostgreSQL del servidor."),
        QT_TRANSLATE_NOOP(
            "errors",
            "Revisa que PostgreSQL esté en marcha y que la dirección, el usuario y la contraseña sean correctos.",
        ),
    ),
    "disk_full": (
        QT_TRANSLATE_NOOP("errors", "No hay suficiente espacio libre en el disco donde se guardan tus facturas."),
        QT_TRANSLATE_NOOP(
            "errors",
            "Libera espacio y vuelve a sincronizar; no se perdió nada y lo pendiente se descargará en cuanto haya "
            "lugar.",
        ),
    ),
    "invalid_endpoint": (
        QT_TRANSLATE_NOOP("errors", "La dirección configurada para el servicio del SAT no es válida o no es segura."),
        QT_TRANSLATE_NOOP(
            "errors",
            "Usa una dirección https:// (http:// sólo en este equipo) o quita DESCARGA_MASIVA_SAT_URL, "
            "DESCARGA_MASIVA_SAT_RET_URL y DESCARGA_MASIVA_CONSULTA_URL para usar las del SAT.",
        ),
    ),
    "sat_answer_too_large": (
        QT_TRANSLATE_NOOP("errors", "La respuesta del SAT fue demasiado grande y se descartó sin leerla completa."),
        QT_TRANSLATE_NOOP(
            "errors",
            "Se reintentará más tarde; si se repite, revisa tu conexión o proxy: la dirección del servicio podría "
            "no ser la del SAT.",
        ),
    ),
    "database_damaged": (
        QT_TRANSLATE_NOOP("errors", "La base de datos de la aplicación está dañada y no se puede leer."),
        QT_TRANSLATE_NOOP(
            "errors",
            "Cierra la aplicación y restaura la copia más reciente con «descarga-masiva database restore» (la base "
            "dañada se conserva); luego vuelve a importar los XML de la carpeta de datos.",
        ),
    ),
    "home_not_writable": (
        QT_TRANSLATE_NOOP(
            "errors", "No se puede escribir en la carpeta de datos (es de sólo lectura o tu usuario no tiene permiso)."
        ),
        QT_TRANSLATE_NOOP(
            "errors",
            "Da permiso de escritura a tu usuario sobre esa carpeta o elige otra; mientras tanto puedes consultar "
            "tus facturas, pero no descargar ni cambiar nada.",
        ),
    ),
    "invalid_argument": (
        QT_TRANSLATE_NOOP("errors", "Uno de los valores escritos no es válido."),
        QT_TRANSLATE_NOOP("errors", "Revisa el valor indicado: un número entero desde 0, sin letras ni símbolos."),
    ),
    "invalid_amount": (
        QT_TRANSLATE_NOOP("errors", "El importe no es válido."),
        QT_TRANSLATE_NOOP(
            "errors", "Escribe un importe como 1234.56, sin letras ni símbolos, menor a 10 billones de pesos."
        ),
    ),
    "invalid_home": (
        QT_TRANSLATE_NOOP(
            "errors", "La carpeta de datos no se puede usar: en su ruta hay un archivo donde debería haber una carpeta."
        ),
        QT_TRANSLATE_NOOP("errors", "Elige una carpeta para guardar los datos."),
    ),
    "permission_denied": (
        QT_TRANSLATE_NOOP("errors", "Tu usuario no tiene permiso para usar ese archivo o carpeta."),
        QT_TRANSLATE_NOOP("errors", "Elige otro archivo o carpeta, o pide permiso de acceso."),
    ),
    "no_backup": (
        QT_TRANSLATE_NOOP("errors", "No hay copia de seguridad de la base de datos."),
        QT_TRANSLATE_NOOP("errors", "Usa «descarga-masiva database restore --empty» y vuelve a importar los XML."),
    ),
    "backup_damaged": (
        QT_TRANSLATE_NOOP("errors", "La copia de seguridad también está dañada."),
        QT_TRANSLATE_NOOP("errors", "Elige otra copia con --backup."),
    ),
    "database_not_damaged": (
        QT_TRANSLATE_NOOP("errors", "La base de datos está sana: no hay nada que restaurar."),
        QT_TRANSLATE_NOOP("errors", "No hagas nada (o usa --force si de verdad quieres volver a la copia)."),
    ),
    "xml_not_available": (
        QT_TRANSLATE_NOOP("errors", "De esta factura sólo se tienen los metadatos del SAT, no su XML."),
        QT_TRANSLATE_NOOP(
            "errors",
            "La factura impresa se hace con el XML: descárgalo del SAT (CFDI, no metadatos) y reinténtalo.",
        ),
    ),
    "vault_file_missing": (
        QT_TRANSLATE_NOOP("errors", "El XML de esta factura ya no está en la carpeta de datos."),
        QT_TRANSLATE_NOOP(
            "errors", "Se descargará de nuevo del SAT cuando tu e.firma esté cargada y la descarga masiva activada."
        ),
    ),
    "vault_file_changed": (
        QT_TRANSLATE_NOOP(
            "errors", "El XML de esta factura en la carpeta de datos fue modificado después de descargarlo."
        ),
        QT_TRANSLATE_NOOP(
            "errors",
            "No se muestra como si fuera del SAT: se descargará de nuevo del SAT cuando tu e.firma esté cargada y "
            "la descarga masiva activada.",
        ),
    ),
    "invalid_identifier": (
        QT_TRANSLATE_NOOP("errors", "El SAT o un archivo envió un identificador que no es válido; no se usó."),
        QT_TRANSLATE_NOOP(
            "errors", "No se escribió nada fuera de la carpeta de datos. Si se repite, revisa tu conexión o proxy."
        ),
    ),
    "invalid_document": (
        QT_TRANSLATE_NOOP("errors", "Un comprobante tiene valores que no se pueden indexar; se omitió sólo ese."),
        QT_TRANSLATE_NOOP("errors", "Los demás comprobantes se indexaron. Revisa el archivo indicado."),
    ),
    "invalid_document_date": (
        QT_TRANSLATE_NOOP("errors", "Un comprobante tiene una fecha de emisión imposible; se omitió sólo ese."),
        QT_TRANSLATE_NOOP(
            "errors", "Los demás comprobantes se indexaron. Revisa el archivo indicado con quien lo emitió."
        ),
    ),
    "invalid_document_amount": (
        QT_TRANSLATE_NOOP("errors", "Un comprobante tiene un total que no es un número; se omitió sólo ese."),
        QT_TRANSLATE_NOOP(
            "errors", "Los demás comprobantes se indexaron. Revisa el archivo indicado con quien lo emitió."
        ),
    ),
    "document_too_large": (
        QT_TRANSLATE_NOOP("errors", "El archivo XML es más grande que cualquier CFDI; no se leyó."),
        QT_TRANSLATE_NOOP("errors", "Revisa que sea un comprobante y no otro archivo."),
    ),
    "package_too_many_entries": (
        QT_TRANSLATE_NOOP("errors", "El paquete tiene más archivos de los que el SAT pone en un paquete; no se leyó."),
        QT_TRANSLATE_NOOP("errors", "Revisa que el ZIP sea un paquete del SAT."),
    ),
    "package_too_large": (
        QT_TRANSLATE_NOOP(
            "errors",
            "El paquete se descomprime a más de lo que cabe en un paquete del SAT; se omitieron los archivos "
            "restantes.",
        ),
        QT_TRANSLATE_NOOP(
            "errors", "Los comprobantes anteriores se indexaron. Revisa que el ZIP sea un paquete del SAT."
        ),
    ),
    "invalid_metadata": (
        QT_TRANSLATE_NOOP("errors", "El archivo de metadatos no tiene el formato del SAT."),
        QT_TRANSLATE_NOOP("errors", "Revisa que sea el TXT de metadatos que entrega el SAT, sin editar."),
    ),
    "ambiguous_uuid": (
        QT_TRANSLATE_NOOP("errors", "El comprobante trae dos timbres con folios fiscales distintos; no se indexó."),
        QT_TRANSLATE_NOOP("errors", "Pide a quien lo emitió el XML correcto."),
    ),
    "invalid_total": (
        QT_TRANSLATE_NOOP("errors", "El total del comprobante no es un importe válido."),
        QT_TRANSLATE_NOOP("errors", "Escribe el total con números y punto decimal, por ejemplo 1160.00."),
    ),
    "internal_error": (
        QT_TRANSLATE_NOOP("errors", "Ocurrió un error interno de la aplicación."),
        QT_TRANSLATE_NOOP(
            "errors", "Intenta de nuevo; si se repite, reporta el problema junto con el registro (carpeta logs)."
        ),
    ),
    "line_too_long": (
        QT_TRANSLATE_NOOP("errors", "Una línea del archivo de metadatos es demasiado larga; se omitió sólo esa."),
        QT_TRANSLATE_NOOP("errors", "Las demás líneas se leyeron. Revisa que el TXT sea el que entregó el SAT."),
    ),
    "request_not_ready": (
        QT_TRANSLATE_NOOP(
            "errors", "El paquete todavía no está listo: el SAT sigue preparando la solicitud o aún no se descarga."
        ),
        QT_TRANSLATE_NOOP(
            "errors", "Espera a que la solicitud termine (la sincronización lo descarga) y vuelve a intentarlo."
        ),
    ),
    "keyring_unavailable": (
        QT_TRANSLATE_NOOP(
            "errors",
            "Esta computadora no tiene un llavero del sistema que funcione: la contraseña de la e.firma sólo se "
            "guarda mientras la aplicación está abierta.",
        ),
        QT_TRANSLATE_NOOP(
            "errors",
            "Deja la aplicación abierta para la descarga diaria, o configura un llavero (Secret Service, Llavero de "
            "macOS, Administrador de credenciales de Windows) y vuelve a cargar la e.firma.",
        ),
    ),
    "damaged_copy": (
        QT_TRANSLATE_NOOP("errors", "Una copia dañada de un comprobante que ya estaba bien guardado; se omitió."),
        QT_TRANSLATE_NOOP("errors", "No se perdió nada: se conserva la copia buena."),
    ),
    # SAT's 69-B list (issue 18.7, core/efos.py): a refused file never replaces the list already loaded.
    "efos_file_too_large": (
        QT_TRANSLATE_NOOP("errors", "El archivo es demasiado grande para ser la lista 69-B del SAT."),
        QT_TRANSLATE_NOOP(
            "errors", "Elige el archivo Listado_Completo_69-B.csv que descargaste del SAT (pesa unos 5 MB)."
        ),
    ),
    "efos_spreadsheet": (
        QT_TRANSLATE_NOOP("errors", "El archivo es un libro de Excel, no el CSV que publica el SAT."),
        QT_TRANSLATE_NOOP(
            "errors",
            "Descarga del SAT el archivo Listado_Completo_69-B.csv, o guarda la hoja como «CSV (delimitado por "
            "comas)».",
        ),
    ),
    "efos_wrong_encoding": (
        QT_TRANSLATE_NOOP(
            "errors",
            "El archivo no está en la codificación en que lo publica el SAT (es UTF-16, no es texto, o sus "
            "acentos se dañaron al convertirlo).",
        ),
        QT_TRANSLATE_NOOP(
            "errors",
            "Importa el archivo Listado_Completo_69-B.csv tal como lo descargaste del SAT, sin abrirlo ni guardarlo "
            "con otro programa.",
        ),
    ),
    "efos_not_a_list": (
        QT_TRANSLATE_NOOP(
            "errors", "El archivo no es la lista 69-B del SAT: no tiene el encabezado con la columna RFC."
        ),
        QT_TRANSLATE_NOOP("errors", "Elige el archivo Listado_Completo_69-B.csv de los Datos Abiertos del SAT."),
    ),
    "efos_missing_columns": (
        QT_TRANSLATE_NOOP(
            "errors",
            "Al archivo le faltan columnas de la lista 69-B del SAT (RFC, nombre, situación o fechas de publicación).",
        ),
        QT_TRANSLATE_NOOP(
            "errors", "Descarga de nuevo del SAT el «Listado completo» del artículo 69-B e impórtalo sin modificarlo."
        ),
    ),
    "efos_invalid_row": (
        QT_TRANSLATE_NOOP("errors", "Un renglón del archivo no corresponde a la lista 69-B del SAT; no se cargó nada."),
        QT_TRANSLATE_NOOP("errors", "Descarga de nuevo el archivo del SAT e impórtalo sin modificarlo."),
    ),
    "efos_truncated": (
        QT_TRANSLATE_NOOP("errors", "El archivo está incompleto: termina a la mitad de un renglón; no se cargó nada."),
        QT_TRANSLATE_NOOP("errors", "Descárgalo de nuevo del SAT y vuelve a importarlo."),
    ),
    "efos_empty_list": (
        QT_TRANSLATE_NOOP("errors", "El archivo no trae ningún contribuyente que cargar."),
        QT_TRANSLATE_NOOP(
            "errors",
            "Verifica que sea el «Listado completo» del artículo 69-B que publica el SAT y no un archivo vacío.",
        ),
    ),
    "efos_file_changed": (
        QT_TRANSLATE_NOOP("errors", "El archivo cambió mientras se leía; no se cargó nada."),
        QT_TRANSLATE_NOOP("errors", "Espera a que termine de descargarse o copiarse y vuelve a importarlo."),
    ),
    "report_export_failed": (
        QT_TRANSLATE_NOOP("errors", "No se pudo guardar el reporte en ese archivo."),
        QT_TRANSLATE_NOOP(
            "errors", "Elige otra carpeta o nombre de archivo donde tengas permiso de escritura y espacio libre."
        ),
    ),
    "export_failed": (
        QT_TRANSLATE_NOOP("errors", "No se pudo guardar la exportación en ese archivo."),
        QT_TRANSLATE_NOOP(
            "errors", "Elige otra carpeta o nombre de archivo donde tengas permiso de escritura y espacio libre."
        ),
    ),
    "too_many_rows_for_excel": (
        QT_TRANSLATE_NOOP("errors", "El reporte tiene más filas de las que caben en una hoja de Excel (1,048,576)."),
        QT_TRANSLATE_NOOP("errors", "Pide un periodo más corto o expórtalo a JSON; no se guardó nada."),
    ),
    "output_in_data_home": (
        QT_TRANSLATE_NOOP(
            "errors", "Ese archivo está dentro de la carpeta de datos de la aplicación, que una exportación nunca toca."
        ),
        QT_TRANSLATE_NOOP("errors", "Elige un archivo en otra carpeta (por ejemplo, Documentos)."),
    ),
    "efos_list_not_loaded": (
        QT_TRANSLATE_NOOP("errors", "Todavía no se ha cargado la lista 69-B del SAT."),
        QT_TRANSLATE_NOOP(
            "errors",
            "Descarga del SAT el archivo Listado_Completo_69-B.csv e impórtalo en Configuración (o con «lists "
            "import»).",
        ),
    ),
}


# A failure's ``cause`` that changes what the user must do (``AppError.details["cause"]``), by (code, cause).
_CAUSES: dict[tuple[str, str], tuple[str, str]] = {
    ("sat_unavailable", CERTIFICATE_REJECTED): (
        QT_TRANSLATE_NOOP(
            "errors",
            "No se pudo establecer una conexión segura con el SAT: su certificado de seguridad no fue aceptado.",
        ),
        QT_TRANSLATE_NOOP(
            "errors",
            "Revisa que la fecha y la hora de tu computadora sean correctas; si un antivirus o un proxy de tu red "
            "revisa las conexiones seguras (HTTPS), permite las direcciones del SAT. La aplicación lo reintentará "
            "sola.",
        ),
    ),
    ("sat_fault", INVALID_SECURITY): (
        QT_TRANSLATE_NOOP("errors", "El SAT no aceptó la firma o la hora del mensaje."),
        QT_TRANSLATE_NOOP(
            "errors",
            "Revisa que la fecha, la hora y la zona horaria de tu computadora sean correctas (el SAT rechaza los "
            "mensajes cuya hora difiere de la suya por más de unos minutos) y que tu e.firma esté vigente. La "
            "aplicación lo reintentará sola.",
        ),
    ),
    ("server_unreachable", CERTIFICATE_REJECTED): (
        QT_TRANSLATE_NOOP(
            "errors", "Esta computadora no confía en el certificado de seguridad del servidor de la oficina."
        ),
        QT_TRANSLATE_NOOP(
            "errors",
            "Instala en esta computadora el certificado de la autoridad certificadora (CA) de la oficina, o pide a "
            "quien administra el servidor un certificado válido para su dirección. No se perdió nada: la ventana "
            "conserva lo que muestra.",
        ),
    ),
}


def tr(text: str) -> str:
    return QCoreApplication.translate("errors", text)  # a literal, so build_scripts/i18n.py sees the context


def _known(error: AppError | str, cause: str | None) -> tuple[str, tuple[str, str] | None]:
    """The code and its (what, to do), by its cause first (``error``'s own when it is an AppError)."""
    if isinstance(error, AppError):
        code, cause = error.code, cause or error.details.get("cause")
    else:
        code = error
    known = _CAUSES.get((code, cause)) if isinstance(cause, str) else None
    return code, known or _MESSAGES.get(code)


def describe(error: AppError | str, message: str | None = None, *, cause: str | None = None) -> str:
    """One or two Spanish sentences for an error code (and its ``cause``, when it has one): what happened and
    what to do."""
    code, known = _known(error, cause)
    detail = error.message if isinstance(error, AppError) else message
    if known is None:
        text = tr("Ocurrió un error ({code}).").format(code=code)
        return f"{text} {detail}" if detail else text
    what, todo = known
    return f"{tr(what)} {tr(todo)}"


def headline(error: AppError | str, *, cause: str | None = None) -> str:
    code, known = _known(error, cause)
    return tr(known[0]) if known else tr("Ocurrió un error ({code}).").format(code=code)


_CODE_FIRST = re.compile(r"([a-z]+(?:_[a-z0-9]+)+): ")


def code_first(text: str | None) -> str | None:
    """The error code a core sentence starts with (``"sat_unavailable: SAT did not answer…"``, as core writes what
    failed on its side in logs and runs), or None."""
    found = _CODE_FIRST.match(text or "")
    return found[1] if found else None


def known_codes() -> set[str]:
    return set(_MESSAGES)
