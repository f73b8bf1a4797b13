"""The window as a client of the office server (issue 19.5): :class:`RemoteService` answers the window's
:class:`~desktop_app.core.api.DataService` over the server's HTTP API, with a Bearer API key.

Reads come from the server's window endpoints (``/window/…``: the very records a local data home gives, field
for field) and the seed's (schedule, summary, requests); a page of the invoice browser is planned here exactly as
the local pager plans it (:mod:`desktop_app.core.browse`) and read there. Errors are the server's ``AppError``
codes; a server that cannot be reached is ``server_unreachable`` — nothing is lost: the window keeps what it
shows, and the poller's next look tries again. While the server is out of reach, calls fail at once for a few
seconds (``RETRY_AFTER``) instead of each waiting for the network, so the window never freezes on it; the
poller's look (:meth:`RemoteService.sync_once`) always tries.

The API key is a secret: it goes in the ``Authorization`` header only — never in a URL, a log line, an error or
a file. :class:`OfficeLink` keeps it in the OS keyring (memory only when there is none), like an e.firma password.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from desktop_app.core import browse
from desktop_app.core.api import (
    FielStatus,
    Interrupted,
    InvoiceCount,
    InvoiceDetail,
    InvoiceRows,
    InvoiceSums,
    ReadStop,
    RequestDetail,
    frozen_mapping,
)
from desktop_app.core.browse import Anchor, InvoiceQuery
from desktop_app.core.clock import Clock, SystemClock, mexico_now
from desktop_app.core.errors import AppError
from desktop_app.core.index import InvoiceFilter
from desktop_app.core.ledger import RequestRecord
from desktop_app.core.profiles import fiel_facts
from desktop_app.core.sat.endpoints import is_loopback_host
from desktop_app.core.sat.query import UUID_RE
from desktop_app.core.secrets import SecretStore
from desktop_app.core.store.profiles import Profile
from desktop_app.core.tls import CERTIFICATE_REJECTED, certificate_failure, verified_context

__all__ = ["KEY_SECRET", "PREFIX", "OfficeLink", "RemoteService", "check_url"]

PREFIX = "/v2/invoices/download"
KEY_SECRET = "office-server"  # noqa: S105 - a keyring entry name, not a secret; the keyring entry of the API key (beside the RFCs' e.firma passwords)
RETRY_AFTER = 5.0  # seconds during which an unreachable server is not asked again (the poller's look still is)
TIMEOUT = httpx.Timeout(30.0, connect=4.0)
EXPORT_PAGE = 1000  # records per request of an export

log = logging.getLogger(__name__)


def check_url(url: str) -> str:
    """The server's base URL (``http(s)://host[:port][/path]``, no query, no credentials), or
    ``invalid_server_url``."""
    text = (url or "").strip().rstrip("/")
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is not one
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.username
        or parts.password
        or parts.query
        or parts.fragment
    ):
        raise AppError("invalid_server_url", "The office server's address must be http(s)://host[:port].", field="url")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        # Every call carries the API key: over plain http to another computer anyone on the network reads it (an
        # outside audit). The server itself says the same: anything beyond this computer needs TLS (docs/server.md).
        raise AppError(
            "insecure_server_url",
            "The office server's API key travels with every call: to another computer use https:// (the server's "
            "TLS or its proxy's); http:// only on this computer (127.0.0.1, localhost).",
            field="url",
        )
    return text


def _filter_params(flt: InvoiceFilter) -> list[tuple[str, str]]:
    """The browser's filter as the server's query parameters (``routes.invoice_filter`` reads them back)."""
    params: list[tuple[str, str]] = []
    for name, value in (
        ("from", flt.date_from),
        ("to", flt.date_to),
        ("direction", flt.direction),
        ("status", flt.status),
        ("counterpart", flt.counterpart_rfc),
        ("text", flt.text),
        ("min_total", flt.min_total),
        ("max_total", flt.max_total),
    ):
        if value is not None and value != "":
            params.append((name, str(value)))
    params += [("type", t) for t in flt.types]
    for name, codes in (
        ("payment_method", flt.payment_methods),
        ("payment_form", flt.payment_forms),
        ("cfdi_use", flt.cfdi_uses),
        ("currency", flt.currencies),
    ):
        if codes:
            params.append((name, ",".join(codes)))
    if flt.damaged:
        params.append(("damaged", "true"))
    if flt.pending_balance:
        params.append(("pending_balance", "true"))
    return params


class RemoteService:
    """The window's data on the office server at ``url``, with the API ``key``.

    Args:
        url: the server's base URL (what ``descarga-masiva server`` printed as ``data.url``).
        key: a key from ``descarga-masiva server keys create``.
        clock: "now" on this computer (tests inject a fake one).
        secrets: this computer's secret store (whether a keyring is there).
        transport: an ``httpx`` transport (tests).
    """

    def __init__(
        self,
        url: str,
        key: str,
        *,
        clock: Clock | None = None,
        secrets: SecretStore | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.url = check_url(url)
        self.clock = clock or SystemClock()
        self._secrets = secrets
        self._http = httpx.Client(
            base_url=self.url + PREFIX,
            headers={"Authorization": f"Bearer {key}", "Accept": "application/json"},
            timeout=TIMEOUT,
            transport=transport,
            verify=verified_context(),  # an office's own CA, installed on the computer, is trusted
            follow_redirects=False,
        )
        self._lock = threading.Lock()
        self._down_until = 0.0  # monotonic: until then, calls fail at once (the server was just out of reach)
        self._profiles: dict[str, Profile] = {}  # the last profiles the server gave (kept while it is away)
        self._invoices_seen: dict[str, int] = {}  # rfc → invoices the last look counted (the poller's news)
        self._xml_dir: Path | None = None

    def __repr__(self) -> str:  # never the key
        return f"RemoteService({self.url!r})"

    def __enter__(self) -> RemoteService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.dispose()

    def dispose(self) -> None:
        """Close the connection pool and remove the XML copies read for the detail pane."""
        self._http.close()
        if self._xml_dir is not None:
            shutil.rmtree(self._xml_dir, ignore_errors=True)
            self._xml_dir = None

    @property
    def online(self) -> bool:
        """False while the server was just found out of reach."""
        with self._lock:
            return time.monotonic() >= self._down_until

    # -- HTTP ------------------------------------------------------------------------------------------------

    def _unreachable(self, reason: str, **details: str) -> AppError:
        with self._lock:
            self._down_until = time.monotonic() + RETRY_AFTER
        return AppError(
            "server_unreachable",
            f"The office server at {self.url} cannot be reached ({reason}).",
            url=self.url,
            **details,
        )

    def _send(
        self,
        method: str,
        path: str,
        *,
        rfc: str | None = None,
        params: list[tuple[str, str]] | None = None,
        json: Any = None,
        retry: bool = False,
        raw: bool = False,
    ) -> Any:
        """One call; the ``data`` of the seed's envelope (``raw``: the body's bytes)."""
        if not retry and not self.online:
            raise AppError("server_unreachable", f"The office server at {self.url} cannot be reached.", url=self.url)
        query: list[tuple[str, str | int | float | bool | None]] = list(params or [])
        if rfc:
            query.append(("rfc", rfc))
        try:
            answer = self._http.request(method, path, params=query, json=json)
        except RuntimeError:  # the window let this server go meanwhile (its pool is closed)
            raise AppError("server_unreachable", f"The connection to {self.url} was closed.", url=self.url) from None
        except httpx.TimeoutException:
            raise self._unreachable("no answer in time") from None
        except httpx.TransportError as exc:
            why = certificate_failure(exc)
            if why is not None:  # a CA this computer does not trust: said, with what to do (gui/messages.py)
                reason = f"its certificate was not accepted ({why})"
                raise self._unreachable(reason, cause=CERTIFICATE_REJECTED) from None
            raise self._unreachable(type(exc).__name__) from None
        with self._lock:
            self._down_until = 0.0
        if raw and answer.status_code == 200:
            return answer.content
        try:
            document = answer.json()
        except ValueError:
            document = None
        if not isinstance(document, dict) or "success" not in document:
            raise AppError(
                "invalid_server_answer",
                f"{self.url} answered HTTP {answer.status_code} without the server's JSON: is it the office server?",
                url=self.url,
                status=answer.status_code,
            )
        if not document["success"]:
            error = dict(document.get("error") or {})
            code = str(error.pop("code", "internal_error"))
            message = str(error.pop("message", f"HTTP {answer.status_code}"))
            raise AppError(code, message, **error)
        return document.get("data")

    def _get(self, path: str, **options: Any) -> Any:
        return self._send("GET", path, **options)

    # -- where and when --------------------------------------------------------------------------------------

    def data_location(self) -> str:
        return self.url

    def local_folder(self) -> Path | None:
        return None

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        return mexico_now(self.clock).date()

    def keyring_available(self) -> bool:
        return self._secrets.keyring_available() if self._secrets is not None else False

    def remember_password(self, rfc: str, password: str, *, persist: bool) -> bool:
        raise _unsupported("the e.firma password (the server keeps its own)")

    def close(self) -> None:
        """Nothing per thread: one connection pool serves every thread (:meth:`dispose` closes it)."""

    # -- profiles and requests ---------------------------------------------------------------------------------

    def ping(self) -> tuple[Profile, ...]:
        """The key's profiles, asked even while the server was just out of reach (``Probar conexión``)."""
        return self._load_profiles(retry=True)

    def _load_profiles(self, *, retry: bool = False) -> tuple[Profile, ...]:
        data = self._get("/window/profiles", retry=retry)
        profiles = tuple(Profile(**p) for p in data["profiles"])
        with self._lock:
            self._profiles = {p.rfc: p for p in profiles}
        return profiles

    def profile_records(self) -> tuple[Profile, ...]:
        """The key's profiles, always asked (the poller's pass begins with them: it is the window's retry)."""
        return self._load_profiles(retry=True)

    def profile_record(self, rfc: str) -> Profile:
        key = (rfc or "").strip().upper()
        try:
            self._load_profiles()
        except AppError as exc:
            if exc.code != "server_unreachable" or key not in self._profiles:
                raise  # out of reach: the profile as last seen (the window keeps showing it)
        with self._lock:
            profile = self._profiles.get(key)
        if profile is None:
            raise AppError("profile_not_configured", f"The office server has no profile {rfc} for this key.", rfc=rfc)
        return profile

    def fiel_status(self, rfc: str) -> FielStatus:
        return FielStatus.from_json(fiel_facts(self.profile_record(rfc), self.clock.now()))

    def request_records(self, rfc: str) -> tuple[RequestRecord, ...]:
        data = self._get("/window/requests", rfc=rfc)
        return tuple(RequestRecord(**r) for r in data["requests"])

    def _request(self, rfc: str, request_id: str) -> dict[str, Any]:
        return dict(self._get(f"/window/requests/{request_id}", rfc=rfc))

    def request_record(self, rfc: str, request_id: str) -> RequestRecord:
        return RequestRecord(**self._request(rfc, request_id)["request"])

    def request_detail(self, rfc: str, request_id: str) -> RequestDetail:
        data = self._request(rfc, request_id)
        return RequestDetail(
            tuple(frozen_mapping(p) for p in data["packages"]), tuple(frozen_mapping(e) for e in data["events"])
        )

    # -- the invoice browser -----------------------------------------------------------------------------------

    @staticmethod
    def _query_params(query: InvoiceQuery) -> list[tuple[str, str]]:
        return [
            *_filter_params(query.flt),
            ("sort", query.sort_name),
            ("order", "desc" if query.descending else "asc"),
        ]

    @staticmethod
    def _check(stop: ReadStop | None) -> None:
        if stop is not None and stop.stopped:
            raise Interrupted

    def invoice_count(self, query: InvoiceQuery, *, stop: ReadStop | None = None) -> InvoiceCount:
        self._check(stop)
        data = self._get("/window/invoices/count", rfc=query.rfc, params=self._query_params(query))
        self._check(stop)  # an answer nobody wants any more
        return InvoiceCount(int(data["total"]), bool(data["nulls"]))

    def invoice_rows(
        self,
        query: InvoiceQuery,
        page: int,
        count: InvoiceCount,
        anchors: Mapping[int, Anchor],
        *,
        stop: ReadStop | None = None,
    ) -> InvoiceRows:
        self._check(stop)
        read = browse.page_read(query, page, count.total, dict(anchors))
        if read is None:
            return InvoiceRows((), None)
        walk = "asc" if read.ascending else "desc"
        params = [
            *self._query_params(query),
            ("walk", walk),
            ("offset", str(read.offset)),
            ("limit", str(read.limit)),
            ("nulls", "true" if count.nulls else "false"),
            ("matches", str(count.total)),
        ]
        if read.after is not None:
            params.append(("after", browse.encode_cursor(query.sort_name, walk, read.after)))
        rows = list(self._get("/window/invoices/rows", rfc=query.rfc, params=params)["rows"])
        self._check(stop)
        if read.backward:
            rows.reverse()
        return InvoiceRows(tuple(frozen_mapping(r) for r in rows), browse.anchor_of(rows))

    def invoice_sums(
        self, rfc: str, flt: InvoiceFilter, group_by: tuple[str, ...], *, stop: ReadStop | None = None
    ) -> InvoiceSums:
        self._check(stop)
        params = _filter_params(flt) + ([("group_by", ",".join(group_by))] if group_by else [])
        data = self._get("/window/invoices/sums", rfc=rfc, params=params)
        self._check(stop)
        return InvoiceSums(frozen_mapping(data["totals"]), tuple(frozen_mapping(g) for g in data["groups"]))

    def invoice_detail(self, rfc: str, invoice_id: int) -> InvoiceDetail | None:
        try:
            data = self._get(f"/window/invoices/{int(invoice_id)}", rfc=rfc)
        except AppError as exc:
            if exc.code == "not_found":
                return None
            raise
        row = dict(data["invoice"])
        row["path"] = self._xml_copy(rfc, row) if row.get("has_xml") else None
        payments = data.get("payments")
        return InvoiceDetail(
            frozen_mapping(row), tuple(frozen_mapping(p) for p in payments) if payments is not None else None
        )

    def _xml_copy(self, rfc: str | None, row: Mapping[str, Any]) -> str | None:
        """The invoice's XML from the server, kept in a private temporary folder for the detail pane (None when
        the server has no good copy: the pane says the XML is not there, as for a local missing file)."""
        uuid = str(row["uuid"])
        if not UUID_RE.fullmatch(uuid):  # it names a file in a folder of ours: never a path the server chose
            raise AppError(
                "invalid_server_answer", f"{self.url} answered an invoice whose UUID is not one.", url=self.url
            )
        with self._lock:
            if self._xml_dir is None:
                self._xml_dir = Path(tempfile.mkdtemp(prefix="descarga-masiva-oficina-"))  # 0700
            folder = self._xml_dir
        target = folder / f"{uuid}.xml"
        if not target.exists():
            try:
                content = self._get(f"/invoice/{uuid}/xml", rfc=rfc, raw=True)
            except AppError as exc:
                if exc.code in ("xml_not_available", "vault_file_missing", "vault_file_changed", "not_found"):
                    return None
                raise
            partial = target.with_suffix(".part")
            partial.write_bytes(content)
            partial.replace(target)
        return str(target)

    def invoice_records(self, query: InvoiceQuery) -> Iterator[dict[str, Any]]:
        """Every row of the query as a DESIGN.md §3 record, a thousand per request (an export on this desk; each
        ``path`` is relative to the server's data home)."""
        offset = 0
        while True:
            params = [*self._query_params(query), ("offset", str(offset)), ("limit", str(EXPORT_PAGE))]
            records = self._get("/window/invoices/records", rfc=query.rfc, params=params)["records"]
            yield from records
            if len(records) < EXPORT_PAGE:
                return
            offset += len(records)

    # -- the seed's calls --------------------------------------------------------------------------------------

    def activate(self, rfc: str | None) -> dict[str, Any]:
        return dict(self._send("POST", "/activate", rfc=rfc))

    def deactivate(self, rfc: str | None, *, forget_fiel: bool = False) -> dict[str, Any]:
        return dict(self._send("POST", "/deactivate", rfc=rfc, json={"forget_fiel": forget_fiel}))

    def register(self, rfc: str | None, *, password: str | None = None) -> dict[str, Any]:
        return dict(self._send("POST", "/register", rfc=rfc))

    def remove_profile(self, rfc: str) -> dict[str, Any]:
        raise _unsupported("removing an RFC")

    def get_schedule(self, rfc: str | None) -> dict[str, Any]:
        return dict(self._get("/schedule", rfc=rfc))

    def set_schedule(self, rfc: str | None, **changes: Any) -> dict[str, Any]:
        body = {k: v for k, v in changes.items() if v is not None}
        return dict(self._send("PUT", "/schedule", rfc=rfc, json=body))

    def summary(self, rfc: str | None, *, months: int = 12) -> dict[str, Any]:
        return dict(self._get("/summary", rfc=rfc, params=[("months", str(months))]))

    def create_request(
        self,
        rfc: str | None,
        *,
        start: str,
        end: str,
        rfc_type: str = "received",
        request_type: str = "cfdi",
        invoice_type: str | None = None,
        invoice_status: str | None = None,
        third_party_rfc: str | None = None,
        service: str = "cfdi",
        submit: bool = True,
        password: str | None = None,
    ) -> dict[str, Any]:
        """The seed's ``POST /request``: stored on the server, whose scheduler sends it (``submit`` is its
        business; the answer says ``pending``)."""
        body = {
            "start_date": start,
            "end_date": end,
            "rfc_type": rfc_type,
            "request_type": request_type,
            "invoice_type": invoice_type,
            "invoice_status": invoice_status,
            "third_party_rfc": third_party_rfc,
            "service": service,
        }
        return dict(self._send("POST", "/request", rfc=rfc, json={k: v for k, v in body.items() if v is not None}))

    def create_requests(
        self,
        rfc: str | None,
        *,
        start: str,
        end: str,
        rfc_types: tuple[str, ...] | list[str] = ("received",),
        **values: Any,
    ) -> dict[str, Any]:
        """Several manual requests (each direction × each SAT-sized piece of the period) in one ``POST
        /requests``: the server checks every piece before it stores any, as :meth:`DescargaService.create_requests`
        (a ``POST /request`` a piece left the first ones stored when a later one was refused)."""
        body = {
            "start_date": start,
            "end_date": end,
            "rfc_types": list(rfc_types),
            **{k: v for k, v in values.items() if k not in ("submit", "password") and v is not None},
        }
        return dict(self._send("POST", "/requests", rfc=rfc, json=body))

    def request_status(self, rfc: str | None, request_id: str, **options: Any) -> dict[str, Any]:
        return dict(self._get(f"/status/{request_id}", rfc=rfc))

    def sync_once(self, rfc: str | None, **options: Any) -> dict[str, Any]:
        """The poller's look at the server (whose own scheduler syncs): its open requests, and how many invoices
        arrived since the last look — the same report a local pass gives, so the window refreshes the same way.
        Always asks, even while the server was just out of reach: this is the window's retry."""
        data = self._send("GET", "/summary", rfc=rfc, params=[("months", "1")], retry=True)
        key = str(data["profile"]["rfc"])
        invoices = int(data.get("invoices") or 0)
        with self._lock:
            before = self._invoices_seen.get(key)
            self._invoices_seen[key] = invoices
        return {
            "rfc": key,
            "errors": [],
            "open_requests": int(data.get("open_requests") or 0),
            "next_check_at": None,
            "submitted": 0,
            "packages_downloaded": 0,
            "documents_ingested": max(0, invoices - before) if before is not None else 0,
        }

    def verifications(self, rfc: str | None, limit: int | None = None, *, changes: bool = True) -> list[dict[str, Any]]:
        params = [("changes", "true" if changes else "false")] + ([("limit", str(limit))] if limit else [])
        return list(self._get("/window/verifications", rfc=rfc, params=params)["verifications"])

    def verification(self, rfc: str | None, run_id: int) -> dict[str, Any]:
        return dict(self._get(f"/window/verifications/{int(run_id)}", rfc=rfc))

    # -- what only the server's own computer does -------------------------------------------------------------

    def load_fiel(self, rfc: str | None, password: str | None = None) -> Any:
        raise _unsupported("opening the e.firma")

    def authenticate(self, fiel: Any) -> dict[str, Any]:
        raise _unsupported("registering an e.firma")

    def upload_fiel(self, rfc: str | None, *args: Any, **kwargs: Any) -> dict[str, Any]:
        raise _unsupported("uploading an e.firma")

    def add_profile(self, rfc: str, name: str = "", **kwargs: Any) -> dict[str, Any]:
        raise _unsupported("adding an RFC")

    def import_invoices(self, rfc: str | None, paths: list[str], **kwargs: Any) -> dict[str, Any]:
        raise _unsupported("importing XML files")

    def verify_invoice(self, rfc: str | None, uuid: str) -> dict[str, Any]:
        raise _unsupported("asking SAT for an invoice's status")

    def verify_invoices(self, rfc: str | None, **kwargs: Any) -> dict[str, Any]:
        raise _unsupported("asking SAT for many invoices' status")

    def resumable_verification(self, rfc: str | None) -> dict[str, Any] | None:
        return None

    def invoice(self, rfc: str | None, uuid: str, *, ask_sat: bool = True, **options: Any) -> dict[str, Any]:
        """What the server's index has of ``uuid`` (``ask_sat=False``: never a request to SAT, else not_found).
        Asking SAT for a missing CFDI is the server's business (its GET /invoice with a key that may write)."""
        if ask_sat:
            raise _unsupported("requesting a CFDI from SAT")
        data = dict(self._get(f"/invoice/{uuid}", rfc=rfc, params=[("ask_sat", "false")]))
        row = dict(data["invoice"])
        row["path"] = self._xml_copy(rfc, row) if row.get("has_xml") else None  # a local copy of the server's XML
        data["invoice"] = row
        return data

    def report(
        self,
        rfc: str | None,
        kind: str,
        period: Any,
        *,
        basis: str | None = None,
        detail: bool = False,
        progress: Any = None,
    ) -> dict[str, Any]:
        """``report KIND`` computed on the server (its index and vault); ``progress`` is not reported from there."""
        params = [("period", period.first), ("to", period.last)]
        if basis:
            params.append(("basis", basis))
        if detail:
            params.append(("detail", "true"))
        return dict(self._get(f"/reports/{kind}", rfc=rfc, params=params))

    def efos_status(self) -> dict[str, Any]:
        return dict(self._get("/lists/69b"))

    def efos_situation_of(self, rfcs: list[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        unique = sorted(set(rfcs))
        for start in range(0, len(unique), 500):  # a page of the browser asks for a few dozen
            chunk = unique[start : start + 500]
            found.update(self._get("/lists/69b/situations", params=[("rfcs", ",".join(chunk))])["situations"])
        return found

    def unattended_warnings(self) -> list[dict[str, str]]:
        return []

    def os_task_status(self, kind: str = "auto") -> dict[str, Any]:
        raise _unsupported("the daily task of this computer")

    def install_os_task(self, kind: str = "auto", *, dry_run: bool = False) -> dict[str, Any]:
        raise _unsupported("the daily task of this computer")

    def uninstall_os_task(self, kind: str = "auto") -> dict[str, Any]:
        raise _unsupported("the daily task of this computer")

    def refresh_os_task(self) -> dict[str, Any] | None:
        return None  # the server runs the schedules itself: nothing to install here


def _unsupported(what: str) -> AppError:
    return AppError("remote_unsupported", f"{what[0].upper()}{what[1:]} is done on the office server's computer.")


class OfficeLink:
    """This computer's data home and, once configured, the office server: what Configuración switches between.

    The server's URL is the window's setting (``QSettings``); its API key is a secret: kept in the OS keyring
    (entry :data:`KEY_SECRET` of the app's service), in this process's memory only when there is none.

    Args:
        local: this computer's :class:`~desktop_app.core.service.DescargaService`.
        secrets: where the key is kept.
        clock: "now" for the remote service (tests).
        transport: an ``httpx`` transport for the remote service (tests).
    """

    def __init__(self, local: Any, secrets: SecretStore, *, clock: Clock | None = None, transport: Any = None) -> None:
        self.local = local
        self.secrets = secrets
        self.clock = clock
        self.transport = transport
        self.remote: RemoteService | None = None

    def saved_key(self) -> str | None:
        return self.secrets.get_password(KEY_SECRET)

    def save_key(self, key: str) -> bool:
        """Keep the key; True when the keyring holds it (else this session's memory only)."""
        return self.secrets.set_password(KEY_SECRET, key.strip(), persist=True)

    def forget_key(self) -> None:
        self.secrets.delete_password(KEY_SECRET)

    def service(self, url: str, key: str) -> RemoteService:
        return RemoteService(url, key.strip(), clock=self.clock, secrets=self.secrets, transport=self.transport)

    def check(self, url: str, key: str) -> tuple[Profile, ...]:
        """«Probar conexión»: the profiles the key covers there (its errors: ``server_unreachable``,
        ``unauthorized``, ``invalid_server_url``, ``invalid_server_answer``…)."""
        with self.service(url, key) as remote:
            return remote.ping()

    def connect(self, url: str, key: str) -> RemoteService:
        """The server's service (checked first), the key kept; the previous one is let go."""
        remote = self.service(url, key)
        try:
            remote.ping()
        except AppError:
            remote.dispose()
            raise
        self.save_key(key)
        self.release()
        self.remote = remote
        return remote

    def release(self) -> None:
        """Back to this computer: the server's service (if any) is closed."""
        if self.remote is not None:
            self.remote.dispose()
            self.remote = None
