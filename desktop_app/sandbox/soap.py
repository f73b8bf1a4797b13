"""SAT's response documents, byte for byte in the shapes of the captured responses (tests/fixtures/responses).

Every answer starts directly with ``<s:Envelope`` (no XML declaration: cfdiclient fails on one).
"""

from __future__ import annotations

from datetime import datetime
from xml.sax.saxutils import escape, quoteattr

NS_DES = "http://DescargaMasivaTerceros.sat.gob.mx"
NS_AUTH = "http://DescargaMasivaTerceros.gob.mx"
ENVELOPE_OPEN = '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">'
XSI_XSD = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"'

MESSAGES = {
    "300": "Usuario No Válido",
    "301": "XML Mal Formado",
    "302": "Sello Mal Formado",
    "303": "Sello no corresponde con RfcSolicitante",
    "304": "Certificado Revocado o Caduco",
    "305": "Certificado Inválido",
    "404": "Error no controlado.",
    "5000": "Solicitud Aceptada",
    "5002": "Se han agotado las solicitudes de por vida",
    "5003": "Tope máximo de elementos de la consulta",
    "5004": "No se encontro la informacion",
    "5005": "Ya se tiene una solicitud registrada",
    "5007": "No existe el paquete solicitado",
    "5008": "Maximo de descargas permitidas.",
    "5012": "No se permite la descarga de xml que se encuentren cancelados",
}


def _attrs(pairs: list[tuple[str, str | None]]) -> str:
    return "".join(f" {name}={quoteattr(value)}" for name, value in pairs if value is not None)


def ws_time(moment: datetime) -> str:
    """``2019-08-01T03:38:20.044Z`` (UTC, milliseconds)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def autentica_response(token: str, created: datetime, expires: datetime) -> bytes:
    return (
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" '
        'xmlns:u="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">'
        '<s:Header><o:Security s:mustUnderstand="1" '
        'xmlns:o="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">'
        f'<u:Timestamp u:Id="_0"><u:Created>{ws_time(created)}</u:Created>'
        f"<u:Expires>{ws_time(expires)}</u:Expires></u:Timestamp></o:Security></s:Header>"
        f'<s:Body><AutenticaResponse xmlns="{NS_AUTH}"><AutenticaResult>{escape(token)}</AutenticaResult>'
        "</AutenticaResponse></s:Body></s:Envelope>"
    ).encode()


def solicita_response(operation: str, code: str, *, id_solicitud: str | None, rfc: str | None, mensaje: str) -> bytes:
    attrs = _attrs([("IdSolicitud", id_solicitud), ("RfcSolicitante", rfc), ("CodEstatus", code), ("Mensaje", mensaje)])
    return (
        f"{ENVELOPE_OPEN}<s:Body {XSI_XSD}>"
        f'<{operation}Response xmlns="{NS_DES}"><{operation}Result{attrs}/></{operation}Response>'
        "</s:Body></s:Envelope>"
    ).encode()


def verifica_response(
    code: str,
    *,
    estado: int,
    codigo_estado: str | None,
    numero: int,
    mensaje: str,
    paquetes: list[str] = (),  # type: ignore[assignment]
) -> bytes:
    attrs = _attrs(
        [
            ("CodEstatus", code),
            ("EstadoSolicitud", str(estado)),
            ("CodigoEstadoSolicitud", codigo_estado),
            ("NumeroCFDIs", str(numero)),
            ("Mensaje", mensaje),
        ]
    )
    ids = "".join(f"<IdsPaquetes>{escape(p)}</IdsPaquetes>" for p in paquetes)
    inner = (
        f"<VerificaSolicitudDescargaResult{attrs}>{ids}</VerificaSolicitudDescargaResult>"
        if ids
        else (f"<VerificaSolicitudDescargaResult{attrs}/>")
    )
    return (
        f"{ENVELOPE_OPEN}<s:Body {XSI_XSD}>"
        f'<VerificaSolicitudDescargaResponse xmlns="{NS_DES}">{inner}</VerificaSolicitudDescargaResponse>'
        "</s:Body></s:Envelope>"
    ).encode()


def descarga_parts(code: str, mensaje: str) -> tuple[bytes, bytes]:
    """The Descargar answer split around the base64 ``Paquete`` text, so the package can be streamed."""
    head = (
        f"{ENVELOPE_OPEN}<s:Header><h:respuesta{_attrs([('CodEstatus', code), ('Mensaje', mensaje)])} "
        f'xmlns:h="{NS_DES}" xmlns="{NS_DES}" {XSI_XSD}/></s:Header>'
        f"<s:Body {XSI_XSD}>"
        f'<RespuestaDescargaMasivaTercerosSalida xmlns="{NS_DES}"><Paquete>'
    )
    tail = "</Paquete></RespuestaDescargaMasivaTercerosSalida></s:Body></s:Envelope>"
    return head.encode("utf-8"), tail.encode("utf-8")


def descarga_response(code: str, mensaje: str, paquete: str = "") -> bytes:
    if not paquete:
        head, _ = descarga_parts(code, mensaje)
        return head[: -len(b"<Paquete>")] + (
            b"<Paquete/></RespuestaDescargaMasivaTercerosSalida></s:Body></s:Envelope>"
        )
    head, tail = descarga_parts(code, mensaje)
    return head + paquete.encode("ascii") + tail


NS_DISPATCHER = "http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher"
CONSULTA_NS = "http://schemas.datacontract.org/2004/07/Sat.Cfdi.Negocio.ConsultaCfdi.Servicio"


def consulta_response(result: dict[str, str | None]) -> bytes:
    fields = []
    for name in ("CodigoEstatus", "EsCancelable", "Estado", "EstatusCancelacion", "ValidacionEFOS"):
        value = result.get(name)
        fields.append(f"<a:{name}>{escape(value)}</a:{name}>" if value else f"<a:{name}/>")
    return (
        f'{ENVELOPE_OPEN}<s:Body><ConsultaResponse xmlns="http://tempuri.org/">'
        f'<ConsultaResult xmlns:a="{CONSULTA_NS}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">'
        f"{''.join(fields)}</ConsultaResult></ConsultaResponse></s:Body></s:Envelope>"
    ).encode()


def fault(code: str, code_ns: str, text: str) -> bytes:
    return (
        f"{ENVELOPE_OPEN}<s:Body><s:Fault>"
        f'<faultcode xmlns:a="{code_ns}">a:{code}</faultcode>'
        f'<faultstring xml:lang="en-US">{escape(text)}</faultstring>'
        "</s:Fault></s:Body></s:Envelope>"
    ).encode()


def invalid_security_fault() -> bytes:
    return fault(
        "InvalidSecurity",
        "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
        "An error occurred when verifying security for the message.",
    )


def action_not_supported_fault(action: str) -> bytes:
    return fault(
        "ActionNotSupported",
        "http://schemas.microsoft.com/ws/2005/05/addressing/none",
        f"The message with Action '{action}' cannot be processed at the receiver, due to a ContractFilter "
        "mismatch at the EndpointDispatcher. This may be because of either a contract mismatch (mismatched "
        "Actions between sender and receiver) or a binding/security mismatch between the sender and the "
        "receiver.  Check that sender and receiver have the same contract and the same binding (including "
        "security requirements, e.g. Message, Transport, None).",
    )


def internal_fault() -> bytes:
    return fault(
        "InternalServiceFault",
        "http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher",
        "The server was unable to process the request due to an internal error.",
    )


def unauthorized_fault() -> bytes:
    return fault(
        "FailedAuthentication",
        "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
        "The security token could not be authenticated or authorized.",
    )


def bad_request_fault(text: str) -> bytes:
    return fault(
        "DeserializationFailed",
        "http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher",
        text,
    )
