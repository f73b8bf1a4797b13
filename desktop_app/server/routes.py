"""The office server's endpoints: one table (:data:`ENDPOINTS`) that the application, ``/openapi.json`` and the
authorization test all read, and the handlers, each a few lines that turn HTTP input into a call of
:class:`~desktop_app.core.service.DescargaService` (DESIGN.md §2: the seed's endpoint → the service's method).

Handlers are plain functions run on a worker thread (the service blocks: SQLite, SAT). They get a :class:`Call`
— the service, the scheduler, the authenticated key, the RFC it acts on, the path parameters, the query and the
parsed body — and return the ``data`` of the seed's envelope, a :class:`Reply` (``data`` + the seed's
``message``), an :class:`Answer` (another status) or a file response.

Requests and passes: a manual request, a folio request (``GET /invoice/:uuid``), a FIEL upload and ``sync/enable``
store what they must and hand the work to the scheduler (:meth:`ProfileScheduler.kick`), which sends it with the
same engine as every other pass — the answer does not wait for SAT, as the seed's does not (``status:
"pending"``); ``GET /status/:id`` and the history read the ledger that the scheduler keeps fresh.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from starlette.datastructures import QueryParams
from starlette.responses import FileResponse, Response

from desktop_app.cli.common import InvalidArgument, Reply, amount
from desktop_app.core.apikeys import ApiKey
from desktop_app.core.errors import AppError
from desktop_app.core.fiel import MAX_CREDENTIAL_FILE_SIZE
from desktop_app.core.index import InvoiceFilter, check_group_keys

PREFIX = "/v2/invoices/download"
DEFAULT_PAGE = 200


@dataclass(frozen=True)
class Upload:
    """A file of a multipart body: its name as sent and its bytes (capped)."""

    filename: str
    data: bytes


@dataclass
class Call:
    """What a handler gets."""

    service: Any
    scheduler: Any
    pdf: Any
    key: ApiKey
    rfc: str | None
    path: Mapping[str, str]
    query: QueryParams
    body: dict[str, Any] = field(default_factory=dict)
    files: dict[str, Upload] = field(default_factory=dict)


@dataclass(frozen=True)
class Answer:
    """``data`` with a status other than 200 (``202``: accepted, SAT still has to answer)."""

    data: Any
    status: int


@dataclass(frozen=True)
class Field:
    """One input of an endpoint, for ``/openapi.json`` (``where``: query, path, json or form)."""

    name: str
    where: str
    type: str = "string"
    description: str = ""
    required: bool = False
    repeated: bool = False


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # Starlette's syntax: {name}
    handler: Callable[[Call], Any]
    summary: str
    write: bool = False  # changes something (a read-only key gets 403)
    scoped: bool = True  # acts on one RFC: the key must cover it (``?rfc=``, or the key's only RFC)
    body: str | None = None  # "json" | "multipart"
    fields: tuple[Field, ...] = ()
    produces: str = "application/json"
    seed: bool = True  # one of the seed's endpoints (else: a read the window needs)


# -- reading input ---------------------------------------------------------------------------------------------


def _invalid(name: str, message: str, code: str = "invalid_argument") -> AppError:
    return AppError(code, message, field=name)


def text(values: Mapping[str, Any], name: str, *, required: bool = False) -> str | None:
    value = values.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _invalid(name, f"{name} is required.")
        return None
    if not isinstance(value, str):
        raise _invalid(name, f"{name} must be text.")
    return value.strip()


def boolean(values: Mapping[str, Any], name: str) -> bool | None:
    value = values.get(name)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "1", "yes", "false", "0", "no"):
        return value.strip().lower() in ("true", "1", "yes")
    raise _invalid(name, f"{name} must be true or false.")


def integer(values: Mapping[str, Any], name: str, *, low: int, high: int) -> int | None:
    value = values.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _invalid(name, f"{name} must be a whole number.")
    try:
        number = int(value)
    except ValueError:
        raise _invalid(name, f"{name} must be a whole number.") from None
    if not low <= number <= high:
        raise _invalid(name, f"{name} must be from {low} to {high}.")
    return number


def words(values: Mapping[str, Any], name: str) -> list[str] | None:
    """A list of words: a JSON array of strings, or one comma-separated string."""
    value = values.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        return [w.strip() for w in value.split(",") if w.strip()]
    if isinstance(value, list) and all(isinstance(w, str) for w in value):
        return [w.strip() for w in value if w.strip()]
    raise _invalid(name, f"{name} must be a list of words.")


def _query(call: Call) -> dict[str, str]:
    return {k: v for k, v in call.query.items()}


# -- the seed's endpoints --------------------------------------------------------------------------------------


def activation_status(call: Call) -> Any:
    return call.service.activation_status(call.rfc)


def activate(call: Call) -> Any:
    from desktop_app.cli.profile_cmd import ACTIVATED_MESSAGE

    data = call.service.activate(call.rfc)
    call.scheduler.kick(call.rfc)
    return Reply(data, ACTIVATED_MESSAGE)


def deactivate(call: Call) -> Any:
    from desktop_app.cli.profile_cmd import DEACTIVATED_MESSAGE, FIEL_FORGOTTEN

    forget = bool(boolean(call.body, "forget_fiel"))
    data = call.service.deactivate(call.rfc, forget_fiel=forget)
    return Reply(data, DEACTIVATED_MESSAGE + (FIEL_FORGOTTEN if forget else ""))


def upload_fiel(call: Call) -> Any:
    from desktop_app.cli.fiel_cmd import UPLOADED_MESSAGE, UPLOADED_NOT_REGISTERED_MESSAGE

    cer = call.files.get("cer")
    key = call.files.get("key")
    if cer is None:
        raise _invalid("cer", "cer (the .cer file) is required.")
    if key is None:
        raise _invalid("key", "key (the .key file) is required.")
    password = call.body.get("password")
    if not isinstance(password, str) or not password:
        raise _invalid("password", "password (the .key's password) is required.")
    data = call.service.upload_fiel(
        call.rfc,
        cer.data,
        key.data,
        password,
        sync_start_date=text(call.body, "sync_start_date"),
        phone=text(call.body, "phone"),
    )
    call.scheduler.kick(call.rfc)  # an RFC on hold for its password runs again
    return Reply(data, UPLOADED_MESSAGE if data.get("registered") else UPLOADED_NOT_REGISTERED_MESSAGE)


def register(call: Call) -> Any:
    return call.service.register(call.rfc)


def get_schedule(call: Call) -> Any:
    return call.service.get_schedule(call.rfc)


def put_schedule(call: Call) -> Any:
    from desktop_app.cli.schedule_cmd import schedule_message

    data = call.service.set_schedule(
        call.rfc,
        enabled=boolean(call.body, "enabled"),
        time=text(call.body, "time"),
        download_types=words(call.body, "download_types"),
        days_back=integer(call.body, "days_back", low=-(2**31), high=2**31),
    )
    call.scheduler.kick(call.rfc)
    return Reply(data, schedule_message(data["schedule"]))


def history(call: Call) -> Any:
    limit = integer(_query(call), "limit", low=0, high=1_000_000)
    return call.service.history(call.rfc, limit, refresh=False)


def create_request(call: Call) -> Any:
    body = call.body
    data = call.service.create_request(
        call.rfc,
        start=text(body, "start_date", required=True),
        end=text(body, "end_date", required=True),
        rfc_type=text(body, "rfc_type") or "received",
        request_type=text(body, "request_type") or "cfdi",
        invoice_type=text(body, "invoice_type"),
        invoice_status=text(body, "invoice_status"),
        third_party_rfc=text(body, "third_party_rfc"),
        service=text(body, "service") or "cfdi",
        submit=False,
    )
    if not data["duplicate"]:
        call.scheduler.kick(call.rfc)
    return data


def request_status(call: Call) -> Any:
    return call.service.request_status(call.rfc, call.path["request_id"], refresh=False)


def package(call: Call) -> Any:
    package_id = call.path["package_id"]
    path = call.service.package_file(call.rfc, package_id)
    return FileResponse(path, media_type="application/zip", filename=f"{Path(path).stem}.zip")


def invoice(call: Call) -> Any:
    if call.key.read_only:  # a read-only key never spends a SAT request: what the index has
        return call.service.invoice(call.rfc, call.path["uuid"], ask_sat=False)
    data = call.service.invoice(call.rfc, call.path["uuid"], submit=False)
    if data.get("source") == "pending":
        call.scheduler.kick(call.rfc)
        return Answer(data, 202)
    return data


def debug(call: Call) -> Any:
    return call.service.debug(call.rfc)


def enable_sync(call: Call) -> Any:
    data = call.service.enable_sync(call.rfc)
    call.scheduler.kick(call.rfc)
    return data


# -- the window's reads ----------------------------------------------------------------------------------------


def invoice_filter(query: Mapping[str, Any], types: list[str]) -> InvoiceFilter:
    """The browser's (and ``invoices list``'s) filters from the query string."""
    for name in ("from", "to"):
        value = text(query, name)
        if value:
            try:
                date.fromisoformat(value[:10])
            except ValueError:
                raise _invalid(name, f"{value!r} is not a date (YYYY-MM-DD).", "invalid_date") from None
    direction = text(query, "direction")
    if direction not in (None, "issued", "received"):
        raise _invalid("direction", "direction must be issued or received.")
    status = text(query, "status")
    if status not in (None, "vigente", "cancelado", "unknown"):
        raise _invalid("status", "status must be vigente, cancelado or unknown.")
    if any(t not in ("I", "E", "P", "N", "T", "R") for t in types):
        raise _invalid("type", "type must be I, E, P, N, T or R.")
    totals = {}
    for name in ("min_total", "max_total"):
        value = text(query, name)
        try:
            totals[name] = amount(value) if value is not None else None
        except InvalidArgument as exc:
            raise _invalid(name, str(exc), exc.code) from None
    return InvoiceFilter(
        date_from=text(query, "from"),
        date_to=text(query, "to"),
        direction=direction,
        types=tuple(types),
        status=status,
        counterpart_rfc=text(query, "counterpart"),
        text=text(query, "text"),
        min_total=totals["min_total"],
        max_total=totals["max_total"],
        damaged=bool(boolean(query, "damaged")),
    )


def encode_cursor(sort: str, order: str, after: list[Any]) -> str:
    """``next`` of a page (the order's values and the id of its last row) as an opaque token."""
    raw = json.dumps([sort, order, *after], separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, sort: str, order: str) -> tuple[tuple[Any, ...], int]:
    """The ``(values, id)`` a cursor continues from; ``invalid_cursor`` for one of another order or not ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw)
    except (ValueError, binascii.Error):
        value = None
    if (
        not isinstance(value, list)
        or len(value) != 4
        or value[:2] != [sort, order]
        or not isinstance(value[2], list)
        or not all(v is None or (isinstance(v, str | int) and not isinstance(v, bool)) for v in value[2])
        or not isinstance(value[3], int)
        or isinstance(value[3], bool)
    ):
        raise _invalid("cursor", "cursor is not one this list gave (same sort and order).", "invalid_cursor")
    return tuple(value[2]), value[3]


def invoices(call: Call) -> Any:
    query = _query(call)
    types = [t.strip().upper() for v in call.query.getlist("type") for t in v.split(",") if t.strip()]
    flt = invoice_filter(query, types)
    sort = text(query, "sort") or "date"  # core checks it (store.invoices.PAGE_SORTS)
    order = text(query, "order") or "desc"
    if order not in ("asc", "desc"):
        raise _invalid("order", "order must be asc or desc.")
    limit = integer(query, "limit", low=1, high=1000) or DEFAULT_PAGE
    cursor = text(query, "cursor")
    after = decode_cursor(cursor, sort, order) if cursor else None
    group_by: tuple[str, ...] = ()
    grouping = text(query, "group_by")
    if grouping:
        group_by = check_group_keys(tuple(k.strip() for k in grouping.split(",")))
    page = call.service.invoice_page(call.rfc, flt, sort=sort, descending=order == "desc", after=after, limit=limit)
    data: dict[str, Any] = {
        "rfc": page["rfc"],
        "sort": sort,
        "order": order,
        "invoices": page["invoices"],
        "next_cursor": encode_cursor(sort, order, page["next"]) if page["next"] else None,
    }
    if boolean(query, "totals") is not False:
        data.update(call.service.invoice_totals(call.rfc, flt, group_by=group_by))
    return data


def invoice_xml(call: Call) -> Any:
    path = call.service.invoice_file(call.rfc, call.path["uuid"])
    return FileResponse(path, media_type="application/xml", filename=Path(path).name)


def invoice_pdf(call: Call) -> Any:
    lang = text(_query(call), "lang") or "es"
    if lang not in ("es", "en"):
        raise _invalid("lang", "lang must be es or en.")
    path = call.service.invoice_file(call.rfc, call.path["uuid"])
    status = call.service.invoice(call.rfc, call.path["uuid"], ask_sat=False)["invoice"]["status"]
    pdf = call.pdf.render(Path(path).read_bytes(), status=status, lang=lang)
    name = Path(path).with_suffix(".pdf").name
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'})


def summary(call: Call) -> Any:
    months = integer(_query(call), "months", low=1, high=120) or 12
    return call.service.summary(call.rfc, months=months)


def profiles(call: Call) -> Any:
    visible = [p for p in call.service.list_profiles() if call.key.allows(p["rfc"])]
    return {"profiles": visible, "read_only": call.key.read_only}


# -- the table -------------------------------------------------------------------------------------------------

_RFC_DOC = "the RFC to act on (optional when the key covers one RFC)"
_FILTERS = (
    Field("from", "query", description="issue date from, YYYY-MM-DD"),
    Field("to", "query", description="issue date to, inclusive, YYYY-MM-DD"),
    Field("direction", "query", description="issued | received"),
    Field("type", "query", description="I, E, P, N, T, R (repeatable, or comma-separated)", repeated=True),
    Field("status", "query", description="vigente | cancelado | unknown"),
    Field("counterpart", "query", description="issuer or receiver RFC"),
    Field("text", "query", description="RFCs and names (accent- and case-free); UUID pieces from 8 characters"),
    Field("min_total", "query", description="decimal amount"),
    Field("max_total", "query", description="decimal amount"),
    Field("damaged", "query", "boolean", "only the damaged documents"),
)

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("GET", f"{PREFIX}/activate/status", activation_status, "Activation status and usage"),
    Endpoint("POST", f"{PREFIX}/activate", activate, "Activate (consent to query SAT with the FIEL)", write=True),
    Endpoint(
        "POST",
        f"{PREFIX}/deactivate",
        deactivate,
        "Deactivate: the schedule stops; history and invoices stay",
        write=True,
        body="json",
        fields=(Field("forget_fiel", "json", "boolean", "also delete the stored FIEL and its password"),),
    ),
    Endpoint(
        "POST",
        f"{PREFIX}/fiel",
        upload_fiel,
        "Upload the FIEL: validate, store (password sealed), register with SAT",
        write=True,
        body="multipart",
        fields=(
            Field("cer", "form", "binary", "the .cer file", required=True),
            Field("key", "form", "binary", "the .key file (encrypted, as SAT gave it)", required=True),
            Field("password", "form", description="the .key's password", required=True),
            Field("sync_start_date", "form", description="YYYY-MM-DD, up to 71 months back"),
            Field("phone", "form", description="+52 and 10 digits"),
        ),
    ),
    Endpoint("POST", f"{PREFIX}/register", register, "Retry SAT's registration (authentication)", write=True),
    Endpoint("GET", f"{PREFIX}/schedule", get_schedule, "The daily schedule, FIEL status, next and last run"),
    Endpoint(
        "PUT",
        f"{PREFIX}/schedule",
        put_schedule,
        "Change the daily schedule",
        write=True,
        body="json",
        fields=(
            Field("enabled", "json", "boolean"),
            Field("time", "json", description="HH:mm, America/Mexico_City"),
            Field("download_types", "json", "array", "issued, received or both"),
            Field("days_back", "json", "integer", "1 to 90"),
        ),
    ),
    Endpoint(
        "GET",
        f"{PREFIX}/schedule/history",
        history,
        "Every request, newest first",
        fields=(Field("limit", "query", "integer"),),
    ),
    Endpoint(
        "POST",
        f"{PREFIX}/request",
        create_request,
        "Manual request (at most one month); the scheduler sends it",
        write=True,
        body="json",
        fields=(
            Field("start_date", "json", description="YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS", required=True),
            Field("end_date", "json", description="YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS", required=True),
            Field("rfc_type", "json", description="issued | received (default received)"),
            Field("request_type", "json", description="cfdi | metadata (default cfdi)"),
            Field("invoice_type", "json", description="I | E | P | N | T"),
            Field("invoice_status", "json", description="active | cancelled | all"),
            Field("third_party_rfc", "json"),
            Field("service", "json", description="cfdi (default) | retenciones"),
        ),
    ),
    Endpoint(
        "GET",
        f"{PREFIX}/status/{{request_id}}",
        request_status,
        "One request, its packages and events",
        fields=(Field("request_id", "path", required=True),),
    ),
    Endpoint(
        "GET",
        f"{PREFIX}/package/{{package_id}}",
        package,
        "A downloaded SAT package (ZIP)",
        fields=(Field("package_id", "path", required=True),),
        produces="application/zip",
    ),
    Endpoint(
        "GET",
        f"{PREFIX}/invoice/{{uuid}}",
        invoice,
        "One CFDI: from the index; else requested from SAT by folio (202 while pending)",
        fields=(Field("uuid", "path", required=True),),
    ),
    Endpoint("GET", f"{PREFIX}/debug", debug, "Connectivity and registration report"),
    Endpoint("POST", f"{PREFIX}/sync/enable", enable_sync, "Start the backfill and the daily sync", write=True),
    Endpoint(
        "GET",
        f"{PREFIX}/invoices",
        invoices,
        "The browser's list: filters, keyset pages, totals and groups",
        fields=(
            *_FILTERS,
            Field("sort", "query", description="the browser's orders: date (default), total, uuid, folio, issuer…"),
            Field("order", "query", description="desc (default) | asc"),
            Field("limit", "query", "integer", "rows per page, 1 to 1000 (default 200)"),
            Field("cursor", "query", description="next_cursor of the previous page"),
            Field("totals", "query", "boolean", "add totals (default true)"),
            Field("group_by", "query", description="direction,type,currency,status"),
        ),
        seed=False,
    ),
    Endpoint(
        "GET",
        f"{PREFIX}/invoice/{{uuid}}/xml",
        invoice_xml,
        "One CFDI's XML from the vault",
        fields=(Field("uuid", "path", required=True),),
        produces="application/xml",
        seed=False,
    ),
    Endpoint(
        "GET",
        f"{PREFIX}/invoice/{{uuid}}/pdf",
        invoice_pdf,
        "One CFDI's printed representation (PDF)",
        fields=(Field("uuid", "path", required=True), Field("lang", "query", description="es (default) | en")),
        produces="application/pdf",
        seed=False,
    ),
    Endpoint(
        "GET",
        f"{PREFIX}/summary",
        summary,
        "The Resumen page: FIEL, last/next sync, counts and totals by month",
        fields=(Field("months", "query", "integer"),),
        seed=False,
    ),
    Endpoint("GET", f"{PREFIX}/profiles", profiles, "The RFCs this key covers", scoped=False, seed=False),
)

MAX_JSON_BODY = 64 * 1024
MAX_UPLOAD = 2 * MAX_CREDENTIAL_FILE_SIZE + 64 * 1024
RFC_DOC = _RFC_DOC
