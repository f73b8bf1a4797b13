"""What to ask SAT for, and the v1.5 rules checked before a request is spent (sat-protocol.md §3).

A rejected request costs nothing locally but a malformed one sent to SAT can burn one of the two
lifetime requests for that period, so everything SAT would refuse is refused here first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from desktop_app.core.clock import MEXICO_CITY
from desktop_app.core.errors import AppError

DIRECTIONS = ("issued", "received")
REQUEST_TYPES = ("CFDI", "Metadata")
INVOICE_TYPES = ("I", "E", "P", "N", "T")
STATUSES = ("Todos", "Vigente", "Cancelado")
SERVICES = ("cfdi", "retenciones")
MAX_RECEIVERS = 5
LOOKBACK_YEARS = 6

RFC_RE = re.compile(r"^[A-ZÑ&]{3,4}[0-9]{6}[A-Z0-9]{3}$")
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

_CFDI_COMPLEMENT_LIST = """
    acreditamientoieps10 aerolineas cartaporte10 cartaporte20 certificadodedestruccion cfdiregistrofiscal
    comercioexterior10 comercioexterior11 comprobante consumodecombustibles consumodecombustibles11 detallista
    divisas donat11 ecc11 ecc12 gastoshidrocarburos10 iedu implocal ine11 ingresoshidrocarburos leyendasfisc
    nomina11 nomina12 notariospublicos obrasarteantiguedades pagoenespecie pagos10 pagos20 pfic
    renovacionysustitucionvehiculos servicioparcialconstruccion spei terceros11 turistapasajeroextranjero
    valesdedespensa vehiculousado ventavehiculos11"""
_RETENCIONES_COMPLEMENT_LIST = """
    arrendamientoenfideicomiso dividendos enajenaciondeacciones fideicomisonoempresarial intereses
    intereseshipotecarios operacionesconderivados pagosaextranjeros planesderetiro planesderetiro11 premios
    sectorfinanciero serviciosplataformastecnologicas10"""
COMPLEMENTS_CFDI = frozenset(_CFDI_COMPLEMENT_LIST.split())
COMPLEMENTS_RETENCIONES = frozenset(_RETENCIONES_COMPLEMENT_LIST.split())


@dataclass(frozen=True)
class QueryParams:
    """One SolicitaDescarga* request. Datetimes are naive Mexico City wall clock, as SAT compares them.

    With ``folio`` set it is a SolicitaDescargaFolio request and every other filter must stay empty.
    """

    direction: str = "received"
    start: datetime | None = None
    end: datetime | None = None
    request_type: str = "CFDI"
    invoice_type: str | None = None
    status: str | None = None
    counterpart_rfcs: tuple[str, ...] = ()
    third_party_rfc: str | None = None
    complement: str | None = None
    folio: str | None = None
    service: str = "cfdi"

    @property
    def operation(self) -> str:
        """The v1.5 operation name this request goes to."""
        if self.folio:
            return "SolicitaDescargaFolio"
        return "SolicitaDescargaEmitidos" if self.direction == "issued" else "SolicitaDescargaRecibidos"


class RequestRefused(AppError):
    """A request these rules refuse before anything is sent (SAT would refuse it too): no later try can send it."""


def _fail(code: str, message: str, **details: object) -> RequestRefused:
    return RequestRefused(code, message, **details)


def normalize_rfc(value: str) -> str:
    return value.strip().upper()


def check_rfc(value: str, *, field: str) -> str:
    rfc = normalize_rfc(value)
    if not RFC_RE.match(rfc):
        raise _fail("invalid_rfc", f"{value!r} is not a valid RFC.", field=field)
    return rfc


def mexico_today(now: datetime) -> date:
    """Today's date in Mexico City; a naive ``now`` is taken to be Mexico City time already."""
    if now.tzinfo is not None:
        now = now.astimezone(MEXICO_CITY)
    return now.date()


def lookback_limit(now: datetime) -> datetime:
    """The oldest FechaInicial SAT accepts: today minus six years, 00:00:00 (phpcfdi 1.1.1)."""
    today = mexico_today(now)
    try:
        floor = today.replace(year=today.year - LOOKBACK_YEARS)
    except ValueError:  # 29 February
        floor = today.replace(year=today.year - LOOKBACK_YEARS, day=28)
    return datetime.combine(floor, time.min)


def _validate_folio(params: QueryParams) -> None:
    if not UUID_RE.match(params.folio or ""):
        raise _fail("invalid_uuid", f"{params.folio!r} is not a UUID.", field="folio")
    extra = [
        name
        for name in ("start", "end", "invoice_type", "status", "third_party_rfc", "complement")
        if getattr(params, name)
    ]
    if params.counterpart_rfcs:
        extra.append("counterpart_rfcs")
    if extra:
        raise _fail(
            "invalid_folio_query",
            "A request by folio (UUID) takes no other filter: " + ", ".join(extra) + ".",
            fields=extra,
        )


def _validate_period(params: QueryParams, now: datetime) -> None:
    if params.start is None or params.end is None:
        raise _fail("invalid_date_range", "A request needs a start and an end.")
    if params.start.tzinfo is not None or params.end.tzinfo is not None:
        raise _fail("invalid_date_range", "Dates must be Mexico City wall-clock times without a time zone.")
    if params.start >= params.end:
        raise _fail(
            "invalid_date_range",
            "The start must be before the end (SAT answers 301 otherwise).",
            start=params.start.isoformat(),
            end=params.end.isoformat(),
        )
    limit = lookback_limit(now)
    if params.start < limit:
        raise _fail(
            "date_range_too_old",
            f"SAT only serves the last six years: the start cannot be before {limit:%Y-%m-%d}.",
            oldest_start=limit.isoformat(),
        )


def _validate_filters(params: QueryParams) -> None:
    if params.request_type not in REQUEST_TYPES:
        raise _fail("invalid_request_type", f"The request type must be one of {', '.join(REQUEST_TYPES)}.")
    if params.status is not None and params.status not in STATUSES:
        raise _fail("invalid_invoice_status", f"The status must be one of {', '.join(STATUSES)}.")
    if params.invoice_type is not None:
        if params.invoice_type not in INVOICE_TYPES:
            raise _fail("invalid_invoice_type", f"The invoice type must be one of {', '.join(INVOICE_TYPES)}.")
        if params.service == "retenciones":
            raise _fail(
                "invalid_invoice_type",
                "Retenciones requests take no invoice type (TipoComprobante): every Retenciones document is one "
                "kind, and SAT's I/E/P/N/T filter would match none of them.",
                field="invoice_type",
            )
    if params.third_party_rfc and params.service == "retenciones":
        raise _fail(
            "invalid_rfc",
            "Retenciones requests take no third-party RFC (RfcACuentaTerceros): that filter is for CFDI issued "
            "on behalf of a third party.",
            field="third_party_rfc",
        )
    if params.complement is not None:
        allowed = COMPLEMENTS_CFDI if params.service == "cfdi" else COMPLEMENTS_RETENCIONES
        if params.complement not in allowed:
            raise _fail(
                "invalid_complement",
                f"{params.complement!r} is not a complement SAT filters {params.service} by.",
                field="complement",
            )
    if params.direction == "received" and params.request_type == "CFDI" and params.status != "Vigente":
        raise _fail(
            "received_cfdi_requires_active",
            "SAT no longer hands out the XML of cancelled received invoices: request received XML with "
            "status Vigente (active) and use a metadata request, which carries every invoice's status.",
        )


def _validate_rfcs(params: QueryParams, requester_rfc: str) -> None:
    check_rfc(requester_rfc, field="requester_rfc")
    for rfc in params.counterpart_rfcs:
        check_rfc(rfc, field="counterpart_rfcs")
    if params.third_party_rfc:
        check_rfc(params.third_party_rfc, field="third_party_rfc")
    if params.direction == "issued" and len(params.counterpart_rfcs) > MAX_RECEIVERS:
        raise _fail("too_many_receivers", f"SAT filters issued invoices by at most {MAX_RECEIVERS} receivers.")
    if params.direction == "received" and len(params.counterpart_rfcs) > 1:
        raise _fail("too_many_issuers", "SAT filters received invoices by at most one issuer.")


def validate(params: QueryParams, requester_rfc: str, now: datetime) -> None:
    """Raise the AppError SAT's answer would amount to, before anything is sent.

    Retenciones e información de pagos (``service="retenciones"``) go to their own endpoints and token
    (sat-protocol.md §1.1) but follow the same operations, attributes and rules (§3.1: "Retenciones use the
    same operations/attributes against the reten… hosts"; the sandbox's ``_query_params`` applies one set of
    rules to both families): a period of at most the lookback, start < end, XML or metadata, received XML only
    ``Vigente`` (``received_cfdi_requires_active``), at most 5 receivers / 1 issuer. What differs, and is
    refused here with the codes the CFDI rules use:

    - no ``TipoComprobante`` (``invalid_invoice_type``) and no ``RfcACuentaTerceros`` (``invalid_rfc``, field
      ``third_party_rfc``): SATCFDI omits both for Retenciones (§3.1); in the sandbox every Retenciones document
      is of kind ``R`` with no third party, so either filter could only match nothing;
    - ``Complemento`` from the Retenciones catalogue, not the CFDI one (§3.3; ``invalid_complement``).
    """
    if params.service not in SERVICES:
        raise _fail("invalid_service", f"The service must be one of {', '.join(SERVICES)}.")
    check_rfc(requester_rfc, field="requester_rfc")
    if params.folio is not None:
        _validate_folio(params)
        return
    if params.direction not in DIRECTIONS:
        raise _fail("invalid_direction", "The direction must be issued or received.")
    _validate_period(params, now)
    _validate_filters(params)
    _validate_rfcs(params, requester_rfc)


# --- options as the CLI and the seed's /request endpoint spell them ------------------------------------

_STATUS_OPTIONS = {"active": "Vigente", "cancelled": "Cancelado", "all": "Todos"}
_REQUEST_TYPE_OPTIONS = {"cfdi": "CFDI", "metadata": "Metadata"}


def parse_moment(value: str, *, end: bool) -> datetime:
    """``YYYY-MM-DD`` → 00:00:00 (start) or 23:59:59 (end, inclusive); full datetimes kept to the second.

    Every date-only form ISO 8601 allows (``20261130`` too, which ``datetime.fromisoformat`` takes for midnight)
    is a whole day: an end of ``20261130`` was sent as 2026-11-30T00:00:00, its day left out (an outside audit)."""
    text = value.strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        pass
    else:
        return datetime.combine(day, time(23, 59, 59) if end else time.min)
    try:
        moment = datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        raise _fail(
            "invalid_date", f"{value!r} is not a date (YYYY-MM-DD) or a datetime (YYYY-MM-DDTHH:MM:SS)."
        ) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(MEXICO_CITY).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def params_from_options(
    start: str,
    end: str,
    *,
    rfc_type: str = "received",
    request_type: str = "cfdi",
    invoice_type: str | None = None,
    invoice_status: str | None = None,
    third_party_rfc: str | None = None,
    counterpart_rfcs: tuple[str, ...] | list[str] = (),
    complement: str | None = None,
    service: str = "cfdi",
) -> QueryParams:
    """Turn the seed's request options into QueryParams.

    No status means ``Todos`` sent explicitly (SAT would silently assume ``Vigente`` if omitted), except
    received XML, which SAT only serves ``Vigente``.
    """
    if service not in SERVICES:
        raise _fail("invalid_service", f"The service must be one of {', '.join(SERVICES)}.", field="service")
    if rfc_type not in DIRECTIONS:
        raise _fail("invalid_direction", "rfc_type must be issued or received.")
    kind = _REQUEST_TYPE_OPTIONS.get(request_type.lower())
    if kind is None:
        raise _fail("invalid_request_type", "request_type must be cfdi or metadata.")
    if invoice_status is None:
        status = "Vigente" if (rfc_type == "received" and kind == "CFDI") else "Todos"
    else:
        chosen = _STATUS_OPTIONS.get(invoice_status.lower())
        if chosen is None:
            raise _fail("invalid_invoice_status", "invoice_status must be active, cancelled or all.")
        status = chosen
    return QueryParams(
        direction=rfc_type,
        start=parse_moment(start, end=False),
        end=parse_moment(end, end=True),
        request_type=kind,
        invoice_type=invoice_type.upper() if invoice_type else None,
        status=status,
        counterpart_rfcs=tuple(normalize_rfc(r) for r in counterpart_rfcs),
        third_party_rfc=normalize_rfc(third_party_rfc) if third_party_rfc else None,
        complement=complement.strip().lower() if complement else None,
        service=service,
    )


def folio_params(uuid: str, *, service: str = "cfdi") -> QueryParams:
    """A SolicitaDescargaFolio request; SAT's examples and phpcfdi send the UUID lower-case."""
    return QueryParams(folio=uuid.strip().lower(), service=service)
