"""The exact bytes of every request SAT's services take, signed the phpcfdi way (sat-protocol.md §2–§5, §8).

Signing scheme (the one SAT accepts and the golden fixtures pin down): DigestValue = SHA-1 of the
exclusive C14N of the operation element *without* its Signature; SignatureValue = RSA-SHA1 over the
exclusive C14N of SignedInfo. Documents are serialised compactly (no whitespace between tags) so the
bytes sent are the bytes described by the signature. RSA PKCS#1 v1.5 is deterministic, so the same
inputs always give the same bytes, which is what the tests check against phpcfdi's output.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from xml.sax.saxutils import escape

from lxml import etree

from desktop_app.core import xmlsafe
from desktop_app.core.errors import AppError
from desktop_app.core.fiel import Fiel
from desktop_app.core.sat.query import QueryParams

NS_SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
NS_AUTH = "http://DescargaMasivaTerceros.gob.mx"
NS_DES = "http://DescargaMasivaTerceros.sat.gob.mx"
NS_DSIG = "http://www.w3.org/2000/09/xmldsig#"
NS_WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
NS_WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
NS_TEMPURI = "http://tempuri.org/"

ACTION_AUTHENTICATE = "http://DescargaMasivaTerceros.gob.mx/IAutenticacion/Autentica"
ACTION_QUERY = "http://DescargaMasivaTerceros.sat.gob.mx/ISolicitaDescargaService/"  # + operation
ACTION_VERIFY = "http://DescargaMasivaTerceros.sat.gob.mx/IVerificaSolicitudDescargaService/VerificaSolicitudDescarga"
ACTION_DOWNLOAD = "http://DescargaMasivaTerceros.sat.gob.mx/IDescargaMasivaTercerosService/Descargar"
ACTION_CONSULTA = "http://tempuri.org/IConsultaCFDIService/Consulta"

X509_TOKEN = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3"  # noqa: S105 - a URI, not a secret
BASE64_ENCODING = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1"

TOKEN_LIFETIME = timedelta(minutes=5)
QR_URL = "https://verificacfdi.facturaelectronica.sat.gob.mx/default.aspx"

_ENVELOPE_DES = f'<s:Envelope xmlns:s="{NS_SOAP}" xmlns:des="{NS_DES}" xmlns:xd="{NS_DSIG}">'


def query_action(params: QueryParams) -> str:
    return ACTION_QUERY + params.operation


# --- XML helpers -------------------------------------------------------------------------------------------


def _text(value: str) -> str:
    return escape(value)


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _attributes(values: dict[str, str | None]) -> str:
    """Attributes sorted by name with empty ones left out, as phpcfdi emits them (SAT asks for sorted)."""
    return "".join(f' {name}="{_attr(value)}"' for name, value in sorted(values.items()) if value)


def exclusive_c14n(xml: str) -> bytes:
    """Exclusive C14N (no comments) of a standalone fragment we built ourselves."""
    root = xmlsafe.parse(xml.encode("utf-8"), code="internal_error")
    return etree.tostring(root, method="c14n", exclusive=True, with_comments=False)


def _b64_sha1(data: bytes) -> str:
    return base64.b64encode(hashlib.sha1(data).digest()).decode("ascii")


def _signed_info(digest: str, uri: str, *, expanded: bool) -> tuple[str, str]:
    """(canonical SignedInfo that is signed, SignedInfo as placed in the document).

    In the document SignedInfo inherits the xmldsig namespace from Signature. phpcfdi wrote the empty
    method elements as ``<X></X>`` in query requests and ``<X/>`` elsewhere; SAT accepts both, and
    reproducing each keeps the golden fixtures a byte-exact regression check.
    """

    def empty(tag: str, algorithm: str, close: bool) -> str:
        return f'<{tag} Algorithm="{algorithm}"></{tag}>' if close else f'<{tag} Algorithm="{algorithm}"/>'

    def body(close: bool) -> str:
        return (
            empty("CanonicalizationMethod", EXC_C14N, close)
            + empty("SignatureMethod", RSA_SHA1, close)
            + f'<Reference URI="{_attr(uri)}"><Transforms>'
            + empty("Transform", EXC_C14N, close)
            + "</Transforms>"
            + empty("DigestMethod", SHA1, close)
            + f"<DigestValue>{digest}</DigestValue></Reference></SignedInfo>"
        )

    canonical = f'<SignedInfo xmlns="{NS_DSIG}">' + body(True)
    return canonical, "<SignedInfo>" + body(expanded)


def _signature(fiel: Fiel, digest_input: bytes, *, uri: str, key_info: str, expanded: bool) -> str:
    canonical, in_document = _signed_info(_b64_sha1(digest_input), uri, expanded=expanded)
    value = base64.b64encode(fiel.sign_sha1(canonical.encode("utf-8"))).decode("ascii")
    return f'<Signature xmlns="{NS_DSIG}">{in_document}<SignatureValue>{value}</SignatureValue>{key_info}</Signature>'


def _x509_key_info(fiel: Fiel) -> str:
    info = fiel.info
    return (
        "<KeyInfo><X509Data><X509IssuerSerial>"
        f"<X509IssuerName>{_text(info.issuer_name)}</X509IssuerName>"
        f"<X509SerialNumber>{info.serial_int}</X509SerialNumber>"
        f"</X509IssuerSerial><X509Certificate>{info.der_base64}</X509Certificate></X509Data></KeyInfo>"
    )


def _signed_operation(
    fiel: Fiel, operation: str, child: str, attributes: str, inner: str = "", *, expanded: bool
) -> bytes:
    """``s:Envelope/s:Body/des:<operation>/des:<child>`` with the enveloped signature as last child."""
    open_child = f"<des:{child}{attributes}>"
    close = f"</des:{child}></des:{operation}>"
    digest_input = exclusive_c14n(f'<des:{operation} xmlns:des="{NS_DES}">{open_child}{inner}{close}')
    signature = _signature(fiel, digest_input, uri="", key_info=_x509_key_info(fiel), expanded=expanded)
    xml = (
        f"{_ENVELOPE_DES}<s:Header/><s:Body><des:{operation}>{open_child}{inner}{signature}{close}"
        "</s:Body></s:Envelope>"
    )
    return xml.encode("utf-8")


# --- Autentica ---------------------------------------------------------------------------------------------


def format_wsu_time(moment: datetime) -> str:
    """UTC with milliseconds and ``Z`` (``2019-08-01T03:38:19.000Z``), as phpcfdi sends."""
    utc = moment.astimezone(UTC) if moment.tzinfo else moment
    return utc.strftime("%Y-%m-%dT%H:%M:%S") + f".{utc.microsecond // 1000:03d}Z"


def authenticate(
    fiel: Fiel,
    *,
    created: datetime | None = None,
    expires: datetime | None = None,
    token_id: str | None = None,
) -> bytes:
    """Autentica with a WS-Security header signed over the Timestamp. No Authorization header goes with it."""
    if created is None:
        created = datetime.now(UTC).replace(microsecond=0)
    if expires is None:
        expires = created + TOKEN_LIFETIME
    token_id = token_id or f"uuid-{uuid.uuid4()}-1"
    stamps = f"<u:Created>{format_wsu_time(created)}</u:Created><u:Expires>{format_wsu_time(expires)}</u:Expires>"
    digest_input = exclusive_c14n(f'<u:Timestamp xmlns:u="{NS_WSU}" u:Id="_0">{stamps}</u:Timestamp>')
    key_info = (
        "<KeyInfo><o:SecurityTokenReference>"
        f'<o:Reference URI="#{_attr(token_id)}" ValueType="{X509_TOKEN}"/>'
        "</o:SecurityTokenReference></KeyInfo>"
    )
    signature = _signature(fiel, digest_input, uri="#_0", key_info=key_info, expanded=False)
    xml = (
        f'<s:Envelope xmlns:s="{NS_SOAP}" xmlns:u="{NS_WSU}"><s:Header>'
        f'<o:Security xmlns:o="{NS_WSSE}" s:mustUnderstand="1">'
        f'<u:Timestamp u:Id="_0">{stamps}</u:Timestamp>'
        f'<o:BinarySecurityToken u:Id="{_attr(token_id)}" ValueType="{X509_TOKEN}" '
        f'EncodingType="{BASE64_ENCODING}">{fiel.info.der_base64}</o:BinarySecurityToken>'
        f"{signature}</o:Security></s:Header>"
        f'<s:Body><Autentica xmlns="{NS_AUTH}"/></s:Body></s:Envelope>'
    )
    return xml.encode("utf-8")


# --- SolicitaDescarga* -------------------------------------------------------------------------------------


def _format_moment(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M:%S") if moment else None


def query(fiel: Fiel, params: QueryParams) -> bytes:
    """SolicitaDescargaEmitidos / Recibidos / Folio for ``params`` (validate them first: see query.validate)."""
    requester = fiel.info.rfc.upper()
    if params.folio:
        attributes = _attributes({"RfcSolicitante": requester, "Folio": params.folio})
        return _signed_operation(fiel, params.operation, "solicitud", attributes, expanded=True)
    values: dict[str, str | None] = {
        "RfcSolicitante": requester,
        "FechaInicial": _format_moment(params.start),
        "FechaFinal": _format_moment(params.end),
        "TipoSolicitud": params.request_type,
        "TipoComprobante": params.invoice_type,
        "EstadoComprobante": params.status,
        "RfcACuentaTerceros": params.third_party_rfc,
        "Complemento": params.complement,
    }
    inner = ""
    if params.direction == "issued":
        values["RfcEmisor"] = requester
        if params.counterpart_rfcs:
            receivers = "".join(f"<des:RfcReceptor>{_text(rfc)}</des:RfcReceptor>" for rfc in params.counterpart_rfcs)
            inner = f"<des:RfcReceptores>{receivers}</des:RfcReceptores>"
    else:
        values["RfcReceptor"] = requester
        values["RfcEmisor"] = params.counterpart_rfcs[0] if params.counterpart_rfcs else None
    return _signed_operation(fiel, params.operation, "solicitud", _attributes(values), inner, expanded=True)


# --- Verifica / Descargar ----------------------------------------------------------------------------------


def verify(fiel: Fiel, request_id: str) -> bytes:
    attributes = _attributes({"IdSolicitud": request_id, "RfcSolicitante": fiel.info.rfc.upper()})
    return _signed_operation(fiel, "VerificaSolicitudDescarga", "solicitud", attributes, expanded=False)


def download(fiel: Fiel, package_id: str) -> bytes:
    attributes = _attributes({"IdPaquete": package_id, "RfcSolicitante": fiel.info.rfc.upper()})
    return _signed_operation(
        fiel, "PeticionDescargaMasivaTercerosEntrada", "peticionDescarga", attributes, expanded=False
    )


# --- ConsultaCFDIService -----------------------------------------------------------------------------------


def consulta(expression: str) -> bytes:
    """ConsultaCFDIService request: no authentication, the QR expression as escaped text."""
    xml = (
        f'<s:Envelope xmlns:s="{NS_SOAP}"><s:Body><c:Consulta xmlns:c="{NS_TEMPURI}">'
        f"<c:expresionImpresa>{_text(expression)}</c:expresionImpresa></c:Consulta></s:Body></s:Envelope>"
    )
    return xml.encode("utf-8")


def _decimal(total: str | Decimal | int | float) -> Decimal:
    try:
        value = Decimal(str(total).strip())
    except InvalidOperation:
        raise AppError("invalid_total", f"{total!r} is not an amount.", field="total") from None
    if not value.is_finite() or value < 0:
        raise AppError("invalid_total", f"{total!r} is not an amount.", field="total")
    return value.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def format_total(total: str | Decimal | int | float) -> str:
    """CFDI 3.3/4.0 ``tt``: up to 6 decimals, trailing zeros removed but one kept (``1000.0``, ``2010.01``)."""
    text = f"{_decimal(total):f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def format_total_32(total: str | Decimal | int | float) -> str:
    """CFDI 3.2 ``tt``: zero-padded 10.6 (``0000001234.567800``)."""
    return f"{_decimal(total):f}".rjust(17, "0")


def _expression_rfc(rfc: str) -> str:
    """An RFC inside a printed-representation expression: upper case, XML-escaped (``&`` → ``&amp;``), as SAT
    prints them — in a CFDI's and a Retenciones document's alike."""
    return _text(rfc.strip().upper())


RETENCIONES_QR_URL = "https://prodretencionverificacion.clouda.sat.gob.mx/"


def retenciones_qr_expression(
    uuid_: str,
    issuer_rfc: str,
    receiver: str,
    total: str | Decimal | int | float,
    seal_tail: str = "",
    *,
    foreign: bool = False,
    version: str = "2.0",
) -> str:
    """The printed-representation expression of a Retenciones document (its Anexo 20; phpcfdi/cfdi-expresiones).

    ``receiver`` is the Nacional's RFC (``rr``), or with ``foreign`` the Extranjero's tax id (``nr``: at most 20
    characters, zero-padded on the left to 20). 2.0: SAT's verification URL with ``id``, ``re``, ``rr``/``nr``,
    ``tt`` as CFDI 4.0 writes it and ``fe`` (the Sello's last 8 characters); 1.0: the relative ``?re=…&rr=…&
    tt=…&id=…`` with ``tt`` zero-padded 10.6, as CFDI 3.2's.
    """
    re_ = _expression_rfc(issuer_rfc)
    if foreign:
        tax_id = receiver.strip() if version == "1.0" else _text(receiver.strip())[:20]
        who = f"nr={tax_id.rjust(20, '0')}"
    else:
        who = f"rr={_expression_rfc(receiver)}"
    if version == "1.0":
        return f"?re={re_}&{who}&tt={format_total_32(total)}&id={uuid_}"
    return f"{RETENCIONES_QR_URL}?id={uuid_}&re={re_}&{who}&tt={format_total(total)}&fe={seal_tail[-8:]}"


def qr_expression(
    uuid_: str,
    issuer_rfc: str,
    receiver_rfc: str,
    total: str | Decimal | int | float,
    seal_tail: str = "",
    *,
    version: str = "4.0",
) -> str:
    """The printed-representation expression ConsultaCFDIService takes (phpcfdi/cfdi-expresiones).

    ``seal_tail`` is the CFDI's Sello (only its last 8 characters are used); 3.2 has no ``fe``.
    RFCs are XML-escaped inside the expression (``&`` → ``&amp;``), as SAT prints them.
    """
    re_, rr = _expression_rfc(issuer_rfc), _expression_rfc(receiver_rfc)
    if version == "3.2":
        return f"?re={re_}&rr={rr}&tt={format_total_32(total)}&id={uuid_}"
    return f"{QR_URL}?id={uuid_}&re={re_}&rr={rr}&tt={format_total(total)}&fe={seal_tail[-8:]}"
