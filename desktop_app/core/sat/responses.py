"""Typed results parsed from SAT's answers (sat-protocol.md §2.2, §3.2, §4, §5, §8).

Every parser takes the raw bytes. SOAP faults are looked for first, whatever the HTTP status
(phpcfdi does the same) and become ``sat_fault``; anything unexpected becomes ``sat_bad_response``,
never a crash. Values are kept as SAT sent them: unknown codes and states are data, not errors.

Except the ids: SAT's request ids (``IdSolicitud``) and package ids (``IdsPaquetes``) become file names
and database keys, so an answer carrying one that does not have SAT's shape (``../../x``, a path, any
text) is ``sat_bad_response`` — see :func:`is_valid_request_id` and :func:`is_valid_package_id`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from desktop_app.core import xmlsafe
from desktop_app.core.errors import AppError
from desktop_app.core.sat import codes

NS_SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
NS_AUTH = "http://DescargaMasivaTerceros.gob.mx"
NS_DES = "http://DescargaMasivaTerceros.sat.gob.mx"
NS_WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
NS_TEMPURI = "http://tempuri.org/"
NS_CONSULTA = "http://schemas.datacontract.org/2004/07/Sat.Cfdi.Negocio.ConsultaCfdi.Servicio"

# SAT's ids (sat-protocol.md §3.2, §4): a request id is a UUID, in either case; a package id is the request's
# UUID, an underscore and a counter of two digits ("_01"; three or four allowed for requests of many packages).
_UUID = r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
REQUEST_ID_RE = re.compile(_UUID, re.ASCII)
PACKAGE_ID_RE = re.compile(_UUID + r"_[0-9]{2,4}", re.ASCII)


def is_valid_request_id(value: object) -> bool:
    """True for a SAT request id (``IdSolicitud``): a UUID, upper or lower case, nothing around it."""
    return isinstance(value, str) and REQUEST_ID_RE.fullmatch(value) is not None


def is_valid_package_id(value: object) -> bool:
    """True for a SAT package id (``<UUID>_NN``): safe as a file name (no separator, dot or drive)."""
    return isinstance(value, str) and PACKAGE_ID_RE.fullmatch(value) is not None


@dataclass(frozen=True)
class AuthToken:
    """A token exactly as SAT issued it. Its value never shows in reprs, logs or errors."""

    value: str = field(repr=False)
    created: datetime | None
    expires: datetime | None


@dataclass(frozen=True)
class QueryResult:
    cod_estatus: int
    mensaje: str
    request_id: str | None
    rfc_solicitante: str | None

    @property
    def accepted(self) -> bool:
        return self.cod_estatus == codes.OK

    def raise_for_status(self) -> QueryResult:
        codes.raise_for_status(self.cod_estatus, self.mensaje, request_id=self.request_id)
        return self

    def to_json(self) -> dict[str, object]:
        return {
            "request_id": self.request_id,
            "cod_estatus": self.cod_estatus,
            "mensaje": self.mensaje,
            "rfc_solicitante": self.rfc_solicitante,
            "accepted": self.accepted,
            "IdSolicitud": self.request_id,
            "CodEstatus": self.cod_estatus,
            "Mensaje": self.mensaje,
        }


@dataclass(frozen=True)
class VerifyResult:
    cod_estatus: int
    mensaje: str
    estado_solicitud: int
    codigo_estado_solicitud: int | None
    numero_cfdis: int
    package_ids: tuple[str, ...]

    @property
    def state(self) -> str:
        return codes.state_name(self.estado_solicitud)

    def raise_for_status(self) -> VerifyResult:
        codes.raise_for_status(self.cod_estatus, self.mensaje)
        return self

    def to_json(self) -> dict[str, object]:
        return {
            "cod_estatus": self.cod_estatus,
            "mensaje": self.mensaje,
            "estado_solicitud": self.estado_solicitud,
            "state": self.state,
            "codigo_estado_solicitud": self.codigo_estado_solicitud,
            "numero_cfdis": self.numero_cfdis,
            "package_ids": list(self.package_ids),
            "CodEstatus": self.cod_estatus,
            "EstadoSolicitud": self.estado_solicitud,
            "CodigoEstadoSolicitud": self.codigo_estado_solicitud,
            "NumeroCFDIs": self.numero_cfdis,
            "IdsPaquetes": list(self.package_ids),
        }


@dataclass(frozen=True)
class DownloadStatus:
    """The status SAT puts in the SOAP *header* (``h:respuesta``) of a Descargar answer."""

    cod_estatus: int
    mensaje: str

    def raise_for_status(self, **details: object) -> DownloadStatus:
        codes.raise_for_status(self.cod_estatus, self.mensaje, **details)
        return self


@dataclass(frozen=True)
class ConsultaResult:
    codigo_estatus: str
    estado: str
    es_cancelable: str
    estatus_cancelacion: str
    validacion_efos: str

    @property
    def found(self) -> bool:
        return self.codigo_estatus.startswith("S")

    def to_json(self) -> dict[str, object]:
        return {
            "codigo_estatus": self.codigo_estatus,
            "estado": self.estado,
            "es_cancelable": self.es_cancelable,
            "estatus_cancelacion": self.estatus_cancelacion,
            "validacion_efos": self.validacion_efos,
            "found": self.found,
        }


# --- helpers -----------------------------------------------------------------------------------------------


def bad_response(message: str, **details: object) -> AppError:
    return AppError("sat_bad_response", f"SAT's answer could not be understood: {message}", **details)


def parse_envelope(data: bytes) -> etree._Element:
    """Parse a response and raise its SOAP fault if it carries one."""
    root = xmlsafe.parse(data, huge=True, code="sat_bad_response")
    raise_for_fault(root)
    return root


INVALID_SECURITY = "invalid_security"  # the ``cause`` of a WS-Security fault


def fault_of(root: etree._Element) -> AppError | None:
    """The ``sat_fault`` a parsed document carries, if any (SOAP 1.1 ``Fault`` anywhere in the Body)."""
    fault = next(root.iter(f"{{{NS_SOAP}}}Fault"), None)
    if fault is None:
        return None
    faultcode = (fault.findtext("faultcode") or "").strip()
    faultstring = (fault.findtext("faultstring") or "").strip()
    message = f"SAT answered with a SOAP fault: {faultstring or faultcode or 'no detail'}"
    extra: dict[str, str] = {}
    if faultcode.rpartition(":")[2] == "InvalidSecurity":
        # What SAT answers a signature it does not accept, and a message whose time is off by more than its window
        # (a computer's clock hours off: every call fails so, and nothing else says why).
        message += (
            " SAT did not accept the message's signature or its time: check that this computer's date, time and "
            "time zone are right, and that the e.firma is valid."
        )
        extra["cause"] = INVALID_SECURITY
    return AppError("sat_fault", message, faultcode=faultcode, faultstring=faultstring, **extra)


def raise_for_fault(root: etree._Element) -> None:
    error = fault_of(root)
    if error is not None:
        raise error


def find_fault(data: bytes) -> AppError | None:
    """Like :func:`fault_of` on raw bytes; bodies that are not XML simply carry no fault."""
    if b"Fault" not in data:
        return None
    try:
        root = xmlsafe.parse(data, huge=True, code="sat_bad_response")
    except AppError:
        return None
    return fault_of(root)


def _find(root: etree._Element, tag: str, what: str) -> etree._Element:
    element = next(root.iter(tag), None)
    if element is None:
        raise bad_response(f"no {what} element.")
    return element


# SAT's integers — CodEstatus, EstadoSolicitud, CodigoEstadoSolicitud, NumeroCFDIs — are small counts and codes: an
# answer with a negative one (a count of -7 shown in the history and hiding every missing document) or one past any
# count (10^22: SQLite cannot store it, and every pass of the profile stopped at that request with internal_error)
# is a broken answer, like one that is not a number.
_MAX_SAT_INT = 2_000_000_000
_SAT_INT = re.compile(r"[0-9]{1,10}")


def _int_attr(element: etree._Element, name: str, *, default: int | None = None) -> int | None:
    raw = element.get(name)
    if raw is None or not raw.strip():
        if default is None:
            return None
        return default
    text = raw.strip()
    if not _SAT_INT.fullmatch(text) or int(text) > _MAX_SAT_INT:
        raise bad_response(f"{name}={_shown(raw)} is not a number SAT uses (0 to {_MAX_SAT_INT:,}).")
    return int(text)


def _required_int(element: etree._Element, name: str) -> int:
    value = _int_attr(element, name)
    if value is None:
        raise bad_response(f"attribute {name} is missing.")
    return value


def _parse_time(text: str | None) -> datetime | None:
    if not text or not text.strip():
        return None
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise bad_response(f"{text!r} is not a timestamp.") from None


# --- parsers -----------------------------------------------------------------------------------------------


def parse_authenticate(data: bytes) -> AuthToken:
    root = parse_envelope(data)
    result = _find(root, f"{{{NS_AUTH}}}AutenticaResult", "AutenticaResult")
    value = (result.text or "").strip()
    if not value:
        raise bad_response("the authentication answer carries no token.")
    timestamp = next(root.iter(f"{{{NS_WSU}}}Timestamp"), None)
    created = expires = None
    if timestamp is not None:
        created = _parse_time(timestamp.findtext(f"{{{NS_WSU}}}Created"))
        expires = _parse_time(timestamp.findtext(f"{{{NS_WSU}}}Expires"))
    return AuthToken(value=value, created=created, expires=expires)


def _shown(value: str) -> str:
    return repr(value if len(value) <= 80 else value[:80] + "…")


def _is_query_result(name: str) -> bool:
    return name.startswith("SolicitaDescarga") and name.endswith("Result")


def parse_query(data: bytes) -> QueryResult:
    """Any of SolicitaDescargaEmitidos/Recibidos/FolioResult (and the pre-1.5 SolicitaDescargaResult)."""
    root = parse_envelope(data)
    result = next((el for el in root.iter(f"{{{NS_DES}}}*") if _is_query_result(etree.QName(el).localname)), None)
    if result is None:
        raise bad_response("no SolicitaDescarga*Result element.")
    cod_estatus = _required_int(result, "CodEstatus")
    request_id = (result.get("IdSolicitud") or "").strip() or None
    if request_id is not None and not is_valid_request_id(request_id):
        raise bad_response(f"IdSolicitud={_shown(request_id)} is not a SAT request id (a UUID).")
    return QueryResult(
        cod_estatus=cod_estatus,
        mensaje=result.get("Mensaje", ""),
        request_id=request_id,
        rfc_solicitante=result.get("RfcSolicitante") or None,
    )


def parse_verify(data: bytes, request_id: str | None = None) -> VerifyResult:
    """SAT's answer to VerificaSolicitudDescarga. Given the ``request_id`` asked about, every package id must be one
    of that request's (``<IdSolicitud>_NN``, any case): an answer listing another request's packages is broken —
    downloading them would complete this request with documents of another period, and never its own."""
    root = parse_envelope(data)
    result = _find(root, f"{{{NS_DES}}}VerificaSolicitudDescargaResult", "VerificaSolicitudDescargaResult")
    cod_estatus = _required_int(result, "CodEstatus")
    # On errors (e.g. 305) SAT sends EstadoSolicitud=0 or may leave it out; on success it must be there.
    estado = _int_attr(result, "EstadoSolicitud", default=None if cod_estatus == codes.OK else 0)
    if estado is None:
        raise bad_response("attribute EstadoSolicitud is missing.")
    packages = tuple(
        (el.text or "").strip() for el in result.iter(f"{{{NS_DES}}}IdsPaquetes") if (el.text or "").strip()
    )
    for package_id in packages:
        if not is_valid_package_id(package_id):
            raise bad_response(f"IdsPaquetes {_shown(package_id)} is not a SAT package id (<UUID>_NN).")
        if request_id is not None and not package_id.upper().startswith(request_id.strip().upper() + "_"):
            raise bad_response(f"IdsPaquetes {_shown(package_id)} is not a package of request {_shown(request_id)}.")
    return VerifyResult(
        cod_estatus=cod_estatus,
        mensaje=result.get("Mensaje", ""),
        estado_solicitud=estado,
        codigo_estado_solicitud=_int_attr(result, "CodigoEstadoSolicitud"),
        numero_cfdis=_int_attr(result, "NumeroCFDIs", default=0) or 0,
        package_ids=packages,
    )


def download_status_of(root: etree._Element) -> DownloadStatus:
    header = _find(root, f"{{{NS_DES}}}respuesta", "respuesta (status header)")
    return DownloadStatus(cod_estatus=_required_int(header, "CodEstatus"), mensaje=header.get("Mensaje", ""))


def parse_download(data: bytes) -> tuple[DownloadStatus, str]:
    """Status and the package's base64 text, for small answers; big ones go through package_stream."""
    root = parse_envelope(data)
    status = download_status_of(root)
    paquete = next(root.iter(f"{{{NS_DES}}}Paquete"), None)
    return status, "".join((paquete.text or "").split()) if paquete is not None else ""


def parse_consulta(data: bytes) -> ConsultaResult:
    root = parse_envelope(data)
    result = _find(root, f"{{{NS_TEMPURI}}}ConsultaResult", "ConsultaResult")

    def text(name: str) -> str:
        return (result.findtext(f"{{{NS_CONSULTA}}}{name}") or "").strip()

    codigo = text("CodigoEstatus")
    if not codigo:
        raise bad_response("ConsultaResult carries no CodigoEstatus.")
    return ConsultaResult(
        codigo_estatus=codigo,
        estado=text("Estado"),
        es_cancelable=text("EsCancelable"),
        estatus_cancelacion=text("EstatusCancelacion"),
        validacion_efos=text("ValidacionEFOS"),
    )
