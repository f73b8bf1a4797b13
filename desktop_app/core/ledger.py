"""The request ledger: every SAT request the app made or will make, with every code SAT answered.

SAT allows two identical requests per period, ever, so the ledger is the app's memory of what it has
spent. Each state change is one transaction; a request whose submission outcome is unknown (the answer
was lost after sending) is never resent automatically.

Statuses are the seed's: ``pending`` (stored, not yet accepted by SAT), ``accepted`` (SAT state 1),
``processing`` (state 2, or state 3 while packages are downloaded and ingested), ``completed``,
``failed`` (see ``status_message``), ``expired`` (SAT's packages expired before download).

A status note is a code and its parameters (``status_code``, ``status_params``: :mod:`desktop_app.core.status`)
plus the English sentence rendered from them (``status_message``); rows from before issue 15 have only the
sentence. The SQL is the repositories' (:mod:`desktop_app.core.store.requests`, ``store.packages``).
"""

from __future__ import annotations

import json
import sqlite3
import uuid as uuidlib
from dataclasses import asdict, dataclass
from typing import Any

from desktop_app.core.clock import Clock, to_ms
from desktop_app.core.errors import AppError
from desktop_app.core.sat.query import QueryParams
from desktop_app.core.status import Status, parse_params, status_fields
from desktop_app.core.store.db import ConnectionSource, transaction
from desktop_app.core.store.invoices import InvoiceRepository
from desktop_app.core.store.packages import PackageRepository
from desktop_app.core.store.requests import RequestRepository

OPEN_STATUSES = ("pending", "accepted", "processing")
SOURCES = ("manual", "scheduled", "backfill")
RFC_TYPES = ("issued", "received")  # the seed's rfcType values


def params_key(params: QueryParams) -> str:
    """A canonical text of everything SAT compares to decide that two requests are identical."""
    data = asdict(params)
    for name in ("start", "end"):
        data[name] = data[name].isoformat(timespec="seconds") if data[name] else None
    data["counterpart_rfcs"] = sorted(data["counterpart_rfcs"])
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def _day(moment: str | None) -> str | None:
    """``2026-05-01T00:00:00`` → ``2026-05-01`` (the seed's dates are days)."""
    return moment[:10] if moment else None


def _ms_or_none(value: int | None) -> int | None:
    return value if value is None else int(value)


@dataclass(frozen=True)
class RequestRecord:
    """One row of the ledger (immutable: safe to hand to other threads)."""

    id: str
    rfc: str
    service: str
    rfc_type: str
    request_type: str
    start_at: str | None
    end_at: str | None
    invoice_type: str | None
    invoice_status: str | None
    third_party_rfc: str | None
    folio: str | None
    params_key: str
    source: str
    status: str
    status_message: str | None
    status_code: str | None
    status_params: str | None
    submit_state: str
    sat_request_id: str | None
    sat_code: int | None
    sat_message: str | None
    sat_state: int | None
    sat_state_code: int | None
    invoice_count: int | None
    processed_count: int
    earliest_issue_date: str | None
    latest_issue_date: str | None
    parent_id: str | None
    created_at: int
    submitted_at: int | None
    completed_at: int | None
    last_checked_at: int | None
    next_check_at: int | None
    check_count: int
    submit_attempts: int

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> RequestRecord:
        return cls(**{name: row[name] for name in cls.__dataclass_fields__})

    @property
    def status_note(self) -> Status | None:
        """The status note as a code and parameters (None for none, and for rows from before issue 15)."""
        return Status(self.status_code, parse_params(self.status_params)) if self.status_code else None

    @property
    def params(self) -> QueryParams:
        data = json.loads(self.params_key)
        from datetime import datetime

        for name in ("start", "end"):
            if data[name]:
                data[name] = datetime.fromisoformat(data[name])
        data["counterpart_rfcs"] = tuple(data["counterpart_rfcs"])
        return QueryParams(**data)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def request_kind(self) -> str:
        """``period`` (a date range, issued or received) or ``uuid`` (one CFDI by its folio fiscal)."""
        return "uuid" if self.folio or self.rfc_type == "folio" else "period"

    def to_history(self, *, direction: str | None = None) -> dict[str, Any]:
        """The seed's history item (camelCase, ms timestamps), plus SAT's own codes.

        As in the seed, ``startDate``/``endDate``/``earliestIssueDate``/``latestIssueDate`` are days
        (``YYYY-MM-DD``, Mexico City) and ``rfcType`` is ``issued`` or ``received``; the exact moments are in
        ``startAt``/``endAt``/``earliestIssueAt``/``latestIssueAt``. A request by UUID says so in
        ``requestKind: "uuid"`` (else ``"period"``); its ``rfcType`` is the direction of the CFDI once it is in
        the index (``direction``), else None. ``service`` is SAT's family: ``cfdi`` or ``retenciones``.
        ``source`` is the seed's ``manual`` or ``scheduled`` (the historical backfill that ``sync enable`` starts
        is the schedule's work); ``origin`` tells the backfill apart: ``manual``, ``scheduled`` or ``backfill``.
        """
        rfc_type = self.rfc_type if self.rfc_type in RFC_TYPES else None
        if self.request_kind == "uuid":
            rfc_type = direction if direction in RFC_TYPES else None
        return {
            "id": self.id,
            "rfcType": rfc_type,
            "requestKind": self.request_kind,
            "requestType": self.request_type,
            "service": self.service,
            "startDate": _day(self.start_at),
            "endDate": _day(self.end_at),
            "startAt": self.start_at,
            "endAt": self.end_at,
            "invoiceType": self.invoice_type,
            "invoiceStatus": self.invoice_status,
            "thirdPartyRfc": self.third_party_rfc,
            "folio": self.folio,
            "status": self.status,
            "statusMessage": self.status_message,
            "statusCode": self.status_code,
            "statusParams": parse_params(self.status_params) if self.status_code else None,
            "invoiceCount": self.invoice_count,
            "processedCount": self.processed_count,
            "source": "scheduled" if self.source == "backfill" else self.source,
            "origin": self.source,
            "latestIssueDate": _day(self.latest_issue_date),
            "earliestIssueDate": _day(self.earliest_issue_date),
            "latestIssueAt": self.latest_issue_date,
            "earliestIssueAt": self.earliest_issue_date,
            "createdAt": self.created_at,
            "completedAt": self.completed_at,
            "satRequestId": self.sat_request_id,
            "satCode": self.sat_code,
            "satMessage": self.sat_message,
            "satState": self.sat_state,
            "satStateCode": self.sat_state_code,
            "lastCheckedAt": self.last_checked_at,
            "nextCheckAt": self.next_check_at,
        }


_STATUS_NAMES = {"Vigente": "active", "Cancelado": "cancelled", "Todos": "all", None: None}


class Ledger:
    """The request ledger as the domain sees it: records, the rules of creating one, one transaction per change.

    The SQL is the repositories' (``store.requests``, ``store.packages``)."""

    def __init__(self, db: ConnectionSource, clock: Clock) -> None:
        self._db = db
        self.clock = clock
        self.requests = RequestRepository(db)
        self.package_rows = PackageRepository(db)
        self.invoices = InvoiceRepository(db)

    @property
    def conn(self) -> sqlite3.Connection:
        return self._db.get()

    def _now(self) -> int:
        return to_ms(self.clock.now())

    # -- reading -------------------------------------------------------------------------------------------

    def get(self, request_id: str, rfc: str | None = None) -> RequestRecord:
        row = self.requests.get(request_id, rfc)
        if row is None:
            raise AppError("not_found", f"There is no request {request_id}.", request_id=request_id)
        return RequestRecord.from_row(row)

    def history(self, rfc: str, limit: int | None = None) -> list[RequestRecord]:
        return [RequestRecord.from_row(r) for r in self.requests.history(rfc, limit)]

    def item(self, record: RequestRecord) -> dict[str, Any]:
        """``record.to_history()`` with the direction of a UUID request's CFDI when the index has it."""
        direction = None
        if record.request_kind == "uuid" and record.folio:
            row = self.invoices.by_uuid(record.rfc, record.folio.upper())
            direction = row["direction"] if row is not None else None
        return record.to_history(direction=direction)

    def open_requests(self, rfc: str) -> list[RequestRecord]:
        return [RequestRecord.from_row(r) for r in self.requests.open_requests(rfc)]

    def identical(self, rfc: str, key: str) -> list[RequestRecord]:
        return [RequestRecord.from_row(r) for r in self.requests.identical(rfc, key)]

    def events(self, request_id: str) -> list[dict[str, Any]]:
        return self.requests.events(request_id)

    def packages(self, request_id: str) -> list[dict[str, Any]]:
        return self.package_rows.for_request(request_id)

    # -- writing -------------------------------------------------------------------------------------------

    def create(self, rfc: str, params: QueryParams, source: str, parent_id: str | None = None) -> RequestRecord:
        if source not in SOURCES:
            raise ValueError(source)
        request_id = str(uuidlib.uuid4())
        rfc_type = "folio" if params.folio else params.direction
        with transaction(self.conn):
            self.requests.insert(
                {
                    "id": request_id,
                    "rfc": rfc,
                    "service": params.service,
                    "rfc_type": rfc_type,
                    "request_type": "metadata" if params.request_type == "Metadata" else "cfdi",
                    "start_at": params.start.isoformat(timespec="seconds") if params.start else None,
                    "end_at": params.end.isoformat(timespec="seconds") if params.end else None,
                    "invoice_type": params.invoice_type,
                    "invoice_status": _STATUS_NAMES.get(params.status, params.status),
                    "third_party_rfc": params.third_party_rfc,
                    "counterparts": json.dumps(list(params.counterpart_rfcs)),
                    "complement": params.complement,
                    "folio": params.folio,
                    "params_key": params_key(params),
                    "source": source,
                    "status": "pending",
                    "submit_state": "unsent",
                    "parent_id": parent_id,
                    "created_at": self._now(),
                    "next_check_at": self._now(),
                }
            )
        return self.get(request_id)

    def event(
        self,
        request_id: str,
        operation: str,
        *,
        code: int | None = None,
        state: int | None = None,
        state_code: int | None = None,
        message: str | None = None,
    ) -> None:
        """Record one SAT answer (call inside the transaction of the state change it caused)."""
        self.requests.add_event(request_id, self._now(), operation, code, state, state_code, message)

    def update(self, request_id: str, **fields: Any) -> RequestRecord:
        """Change fields of one request in one transaction (optionally recording an ``_event``).

        ``_status`` (a :class:`~desktop_app.core.status.Status`, or None to clear it) sets the request's status
        code, its parameters and the English ``status_message`` rendered from them."""
        event = fields.pop("_event", None)
        if "_status" in fields:
            fields.update(status_fields(fields.pop("_status")))
        elif "status_message" in fields:  # a sentence of its own replaces the coded note
            fields.update(status_code=None, status_params=None)
        with transaction(self.conn):
            self.requests.update(request_id, fields)
            if event:
                self.event(request_id, **event)
        return self.get(request_id)
