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

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from starlette.datastructures import QueryParams
from starlette.responses import FileResponse, Response

from desktop_app.cli import invoices_cmd
from desktop_app.cli.common import InvalidArgument, Reply, amount
from desktop_app.core import browse
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


def _request_options(body: Mapping[str, Any]) -> dict[str, Any]:
    """What a manual request asks besides its period and direction (``POST /request`` and ``/requests``)."""
    return {
        "request_type": text(body, "request_type") or "cfdi",
        "invoice_type": text(body, "invoice_type"),
        "invoice_status": text(body, "invoice_status"),
        "third_party_rfc": text(body, "third_party_rfc"),
        "service": text(body, "service") or "cfdi",
    }


def create_request(call: Call) -> Any:
    body = call.body
    data = call.service.create_request(
        call.rfc,
        start=text(body, "start_date", required=True),
        end=text(body, "end_date", required=True),
        rfc_type=text(body, "rfc_type") or "received",
        submit=False,
        **_request_options(body),
    )
    if not data["duplicate"]:
        call.scheduler.kick(call.rfc)
    return data


def create_requests(call: Call) -> Any:
    """The window's «Nueva solicitud» of any period, issued and received: every piece is checked before any is
    stored (``DescargaService.create_requests``) — one ``POST /request`` a piece left the first pieces stored when
    a later one was refused."""
    body = call.body
    kinds = body.get("rfc_types", ["received"])
    if not isinstance(kinds, list) or not kinds or not all(isinstance(k, str) for k in kinds):
        raise _invalid("rfc_types", "rfc_types must be a list of issued | received.")
    data = call.service.create_requests(
        call.rfc,
        start=text(body, "start_date", required=True),
        end=text(body, "end_date", required=True),
        rfc_types=kinds,
        submit=False,
        **_request_options(body),
    )
    if data["created"] or data.get("resumed"):
        call.scheduler.kick(call.rfc)
    return data


def request_status(call: Call) -> Any:
    data = call.service.request_status(call.rfc, call.path["request_id"], refresh=False)
    # a package's file on the server's disk: the client downloads it (GET /package/:id)
    data["packages"] = [{k: v for k, v in p.items() if k != "path"} for p in data.get("packages", [])]
    return data


def package(call: Call) -> Any:
    package_id = call.path["package_id"]
    path = call.service.package_file(call.rfc, package_id)
    return FileResponse(path, media_type="application/zip", filename=f"{Path(path).stem}.zip")


def invoice(call: Call) -> Any:
    # A read-only key never spends a SAT request, nor does ``?ask_sat=false`` (the window's look-ups): what the
    # index has, else not_found.
    if call.key.read_only or boolean(call.query, "ask_sat") is False:
        return _without_path(call.service.invoice(call.rfc, call.path["uuid"], ask_sat=False))
    data = call.service.invoice(call.rfc, call.path["uuid"], submit=False, service=call.query.get("service") or None)
    if data.get("source") == "pending":
        call.scheduler.kick(call.rfc)
        return Answer(data, 202)
    return _without_path(data)


def _without_path(data: dict[str, Any]) -> dict[str, Any]:
    """An invoice's answer without its file's place on the server's disk (the client asks for …/xml, which is
    what a path would be good for; a path of the server's names nothing on a desk, or the wrong file)."""
    if isinstance(data.get("invoice"), dict):
        data["invoice"] = {k: v for k, v in data["invoice"].items() if k != "path"}
    return data


def debug(call: Call) -> Any:
    data = call.service.debug(call.rfc)
    # The server's log is every RFC's (and its console's): never a key's to read. Its place is the admin's.
    data.pop("log", None)
    return data


def enable_sync(call: Call) -> Any:
    data = call.service.enable_sync(call.rfc)
    call.scheduler.kick(call.rfc)
    return data


def report(call: Call) -> Any:
    """``report KIND`` over the key's RFC (``core.reports.run``: the same data as the CLI's JSON)."""
    from desktop_app.core.reports import Period

    query = _query(call)
    period = Period.of(text(query, "period") or "", text(query, "to"))
    detail = bool(boolean(query, "detail"))
    return call.service.report(call.rfc, call.path["kind"], period, basis=text(query, "basis"), detail=detail)


def efos_status(call: Call) -> Any:
    """The loaded 69-B list's metadata and age (``lists status``)."""
    return call.service.efos_status()


def efos_situation(call: Call) -> Any:
    """{rfc: entry} of the given RFCs that are on the loaded 69-B list (SAT's public list: any key may ask)."""
    rfcs = [r.strip().upper() for v in call.query.getlist("rfcs") for r in v.split(",") if r.strip()]
    if len(rfcs) > MAX_LIST_RFCS:
        raise _invalid("rfcs", f"At most {MAX_LIST_RFCS} RFCs a call.")
    return {"situations": call.service.efos_situation_of(rfcs)}


MAX_LIST_RFCS = 1000


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
    codes: dict[str, tuple[str, ...]] = {}
    for name, parse in _CODE_FILTERS.items():
        value = text(query, name)
        try:
            codes[name] = parse(value) if value else ()
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
        payment_methods=codes["payment_method"],
        payment_forms=codes["payment_form"],
        cfdi_uses=codes["cfdi_use"],
        currencies=codes["currency"],
        pending_balance=bool(boolean(query, "pending_balance")),
    )


# The browser's code filters, comma-separated, checked as ``invoices list`` checks them.
_CODE_FILTERS = {
    "payment_method": invoices_cmd.payment_methods,
    "payment_form": invoices_cmd.catalog_codes,
    "cfdi_use": invoices_cmd.catalog_codes,
    "currency": invoices_cmd.currencies,
}


def encode_cursor(sort: str, order: str, after: list[Any]) -> str:
    """``next`` of a page (the order's values and the id of its last row) as an opaque token."""
    return browse.encode_cursor(sort, order, after)


def decode_cursor(cursor: str, sort: str, order: str) -> tuple[tuple[Any, ...], int]:
    """The ``(values, id)`` a cursor continues from; ``invalid_cursor`` for one of another order or not ours."""
    return browse.decode_cursor(cursor, sort, order)


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
    invoice = call.service.invoice(call.rfc, call.path["uuid"], ask_sat=False)["invoice"]
    pdf = call.pdf.render(
        Path(path).read_bytes(), status=invoice["status"], lang=lang, cancelled_at=invoice.get("cancelled_at")
    )
    name = Path(path).with_suffix(".pdf").name
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'})


def summary(call: Call) -> Any:
    months = integer(_query(call), "months", low=1, high=120) or 12
    return call.service.summary(call.rfc, months=months)


def profiles(call: Call) -> Any:
    visible = [p for p in call.service.list_profiles() if call.key.allows(p["rfc"])]
    return {"profiles": visible, "read_only": call.key.read_only}


# -- the window as the server's client (core.remote.RemoteService) ---------------------------------------------
# The records the window reads from a local data home (core.api.DataService), field for field, so that the window
# shows the same rows whichever it works on.


def _record(value: Any) -> dict[str, Any]:
    return dataclasses.asdict(value)


def profile_records(call: Call) -> Any:
    visible = [p for p in call.service.profile_records() if call.key.allows(p.rfc)]
    return {"profiles": [_record(p) for p in visible], "read_only": call.key.read_only}


def request_records(call: Call) -> Any:
    return {"rfc": call.rfc, "requests": [_record(r) for r in call.service.request_records(call.rfc)]}


def request_record(call: Call) -> Any:
    request_id = call.path["request_id"]
    record = call.service.request_record(call.rfc, request_id)
    detail = call.service.request_detail(call.rfc, request_id)
    return {
        "request": _record(record),
        "packages": [dict(p) for p in detail.packages],
        "events": [dict(e) for e in detail.events],
    }


def _browser_query(call: Call) -> tuple[dict[str, str], browse.InvoiceQuery]:
    query = _query(call)
    types = [t.strip().upper() for v in call.query.getlist("type") for t in v.split(",") if t.strip()]
    sort = text(query, "sort") or "date"
    if sort not in browse.SORT_KEYS:
        raise _invalid("sort", f"sort must be one of {', '.join(browse.SORT_KEYS)}.")
    order = text(query, "order") or "desc"
    if order not in ("asc", "desc"):
        raise _invalid("order", "order must be asc or desc.")
    assert call.rfc is not None
    return query, browse.InvoiceQuery(call.rfc, invoice_filter(query, types), sort, order == "desc")


def invoice_count(call: Call) -> Any:
    _query_values, query = _browser_query(call)
    counted = call.service.invoice_count(query)
    return {"total": counted.total, "nulls": counted.nulls}


def invoice_rows(call: Call) -> Any:
    values, query = _browser_query(call)
    walk = text(values, "walk") or "asc"
    if walk not in ("asc", "desc"):
        raise _invalid("walk", "walk must be asc or desc.")
    after_token = text(values, "after")
    after = browse.decode_cursor(after_token, query.sort_name, walk) if after_token else None
    read = browse.PageRead(
        ascending=walk == "asc",
        after=after,
        limit=integer(values, "limit", low=1, high=1000) or browse.PAGE_SIZE,
        offset=integer(values, "offset", low=0, high=100_000_000) or 0,
        backward=False,
    )
    nulls = boolean(values, "nulls")
    matches = integer(values, "matches", low=0, high=100_000_000)
    rows = call.service.invoice_window_rows(query, read, nulls=True if nulls is None else nulls, matches=matches)
    return {"rows": [dict(r) for r in rows]}


def invoice_sums(call: Call) -> Any:
    values, query = _browser_query(call)
    grouping = text(values, "group_by")
    group_by = check_group_keys(tuple(k.strip() for k in grouping.split(","))) if grouping else ()
    sums = call.service.invoice_sums(query.rfc, query.flt, group_by)
    return {"totals": dict(sums.totals), "groups": [dict(g) for g in sums.groups]}


def invoice_records(call: Call) -> Any:
    values, query = _browser_query(call)
    offset = integer(values, "offset", low=0, high=100_000_000) or 0
    limit = integer(values, "limit", low=1, high=1000) or DEFAULT_PAGE
    return {"records": call.service.invoice_record_page(query, offset, limit)}


def _row_id(call: Call, name: str) -> int:
    """A path's row id: ASCII digits only (``str.isdigit`` takes «٣» too) and within SQLite's 64-bit integers (a
    longer one was an OverflowError: 500)."""
    raw = call.path[name]
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        raise _invalid(name, f"{name} must be a whole number below 10^18.")
    return int(raw)


def invoice_row(call: Call) -> Any:
    invoice_id = _row_id(call, "invoice_id")
    found = call.service.invoice_detail(call.rfc, invoice_id)
    if found is None:
        raise AppError("not_found", f"There is no invoice {invoice_id} of {call.rfc}.", invoice_id=invoice_id)
    row = dict(found.row)
    row.pop("path", None)  # a path on the server's disk: the client asks for the XML itself (…/xml)
    payments = [dict(p) for p in found.payments] if found.payments is not None else None
    return {"invoice": row, "payments": payments}


def verification_runs(call: Call) -> Any:
    limit = integer(_query(call), "limit", low=1, high=10_000)
    changes = boolean(_query(call), "changes")
    return {"verifications": call.service.verifications(call.rfc, limit, changes=bool(changes))}


def verification_run(call: Call) -> Any:
    return call.service.verification(call.rfc, _row_id(call, "run_id"))


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
    Field("payment_method", "query", description="método de pago, comma-separated: PUE,PPD"),
    Field("payment_form", "query", description="forma de pago (c_FormaPago), comma-separated: 03,04"),
    Field("cfdi_use", "query", description="uso de CFDI (c_UsoCFDI), comma-separated: G03"),
    Field("currency", "query", description="currency, comma-separated: MXN,USD"),
    Field("pending_balance", "query", "boolean", "only PPD invoices, not cancelled, that still owe something"),
)

_ORDER = (
    Field("sort", "query", description="the browser's orders: date (default), total, uuid, folio, issuer…"),
    Field("order", "query", description="desc (default) | asc: the list's order"),
)

# The options of a manual request, as ``POST /request`` and ``POST /requests`` take them (``_request_options``).
_REQUEST_OPTIONS = (
    Field("request_type", "json", description="cfdi | metadata (default cfdi)"),
    Field("invoice_type", "json", description="I | E | P | N | T"),
    Field("invoice_status", "json", description="active | cancelled | all"),
    Field("third_party_rfc", "json"),
    Field("service", "json", description="cfdi (default) | retenciones"),
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
            *_REQUEST_OPTIONS,
        ),
    ),
    Endpoint(
        "POST",
        f"{PREFIX}/requests",
        create_requests,
        "Manual requests of any period, one per month and direction, all checked before any is stored",
        write=True,
        body="json",
        fields=(
            Field("start_date", "json", description="YYYY-MM-DD", required=True),
            Field("end_date", "json", description="YYYY-MM-DD", required=True),
            Field("rfc_types", "json", description="[issued, received] (default [received])"),
            *_REQUEST_OPTIONS,
        ),
        seed=False,
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
    Endpoint(
        "GET",
        f"{PREFIX}/reports/{{kind}}",
        report,
        "A report over the index (iva, isr, nomina, ppd, diot, retenciones): the CLI's report KIND data",
        fields=(
            Field("kind", "path", required=True),
            Field("period", "query", required=True, description="first month, YYYY-MM"),
            Field("to", "query", description="last month, YYYY-MM (default: period)"),
            Field("basis", "query", description="iva: cash | accrual (default both)"),
            Field("detail", "query", "boolean", "list the CFDI behind every figure"),
        ),
        seed=False,
    ),
    Endpoint(
        "GET", f"{PREFIX}/lists/69b", efos_status, "The loaded 69-B list: date, age, counts", scoped=False, seed=False
    ),
    Endpoint(
        "GET",
        f"{PREFIX}/lists/69b/situations",
        efos_situation,
        "Which of these RFCs are on the loaded 69-B list, and how",
        fields=(Field("rfcs", "query", required=True, description="RFCs, comma-separated (at most 1000)"),),
        scoped=False,
        seed=False,
    ),
    # the window as a client (core.remote): the records a local data home gives the window, field for field
    Endpoint(
        "GET",
        f"{PREFIX}/window/profiles",
        profile_records,
        "The RFCs this key covers, as the window's profile records",
        scoped=False,
        seed=False,
    ),
    Endpoint("GET", f"{PREFIX}/window/requests", request_records, "Every request, newest first", seed=False),
    Endpoint(
        "GET",
        f"{PREFIX}/window/requests/{{request_id}}",
        request_record,
        "One request with its packages and SAT's answers",
        fields=(Field("request_id", "path", required=True),),
        seed=False,
    ),
    Endpoint(
        "GET",
        f"{PREFIX}/window/invoices/count",
        invoice_count,
        "How many rows the browser's list has, and whether some row lacks its order's key",
        fields=(*_FILTERS, *_ORDER),
        seed=False,
    ),
    Endpoint(
        "GET",
        f"{PREFIX}/window/invoices/rows",
        invoice_rows,
        "One page of the browser's rows, read as the window's pager planned it",
        fields=(
            *_FILTERS,
            *_ORDER,
            Field("walk", "query", description="asc | desc: the direction the page is read in"),
            Field("after", "query", description="a cursor of this sort and walk: the rows beyond that row"),
            Field("offset", "query", "integer", "rows to skip first"),
            Field("limit", "query", "integer", "rows, 1 to 1000 (default 200)"),
            Field("nulls", "query", "boolean", "whether some row lacks the order's key (count's nulls)"),
            Field("matches", "query", "integer", "how many rows the filter has (count's total)"),
        ),
        seed=False,
    ),
    Endpoint(
        "GET",
        f"{PREFIX}/window/invoices/sums",
        invoice_sums,
        "The filter's totals and breakdown groups",
        fields=(*_FILTERS, Field("group_by", "query", description="direction,type,currency,status")),
        seed=False,
    ),
    Endpoint(
        "GET",
        f"{PREFIX}/window/invoices/records",
        invoice_records,
        "The list's rows as the CLI's invoice records (an export), by offset; paths relative to the data home",
        fields=(
            *_FILTERS,
            *_ORDER,
            Field("offset", "query", "integer", "rows to skip"),
            Field("limit", "query", "integer", "rows, 1 to 1000 (default 200)"),
        ),
        seed=False,
    ),
    Endpoint(
        "GET",
        f"{PREFIX}/window/invoices/{{invoice_id}}",
        invoice_row,
        "One invoice's row for the detail pane (and the payments of a PPD invoice)",
        fields=(Field("invoice_id", "path", "integer", required=True),),
        seed=False,
    ),
    Endpoint(
        "GET",
        f"{PREFIX}/window/verifications",
        verification_runs,
        "The status checks at SAT, newest first",
        fields=(Field("limit", "query", "integer"), Field("changes", "query", "boolean")),
        seed=False,
    ),
    Endpoint(
        "GET",
        f"{PREFIX}/window/verifications/{{run_id}}",
        verification_run,
        "One status check with every change and failure",
        fields=(Field("run_id", "path", "integer", required=True),),
        seed=False,
    ),
)

MAX_JSON_BODY = 64 * 1024
MAX_UPLOAD = 2 * MAX_CREDENTIAL_FILE_SIZE + 64 * 1024
RFC_DOC = _RFC_DOC
