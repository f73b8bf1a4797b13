"""What a sync pass shares: its pacing policy, its events and report, and :class:`PassContext` — the profile,
the ledger, the SAT client and the few actions every step uses (emit an event, record an error, finish)."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.core.clock import Clock, to_ms
from desktop_app.core.errors import AppError
from desktop_app.core.ledger import Ledger, RequestRecord
from desktop_app.core.sat.protocol import SatClientProtocol
from desktop_app.core.status import Status
from desktop_app.core.store.db import ConnectionPerThread

MAX_DOWNLOADS_PER_PACKAGE = 2  # SAT's rule: a third download answers 5008
UNCONTROLLED_ERROR = 404  # SAT's "Error no controlado": nothing was done, try again later
USER_NOT_VALID = 300  # SAT's answer to a token it does not honour (the call was not acted on)
MAX_TOKEN_REJECTED_SUBMITS = 5  # after that many 300s in a row it is the FIEL, not the token: fail


@dataclass(frozen=True)
class SyncPolicy:
    """Pacing knobs (tests and the sandbox demo use short intervals)."""

    first_check_after: float = 60.0
    min_check_interval: float = 60.0
    max_check_interval: float = 30 * 60.0
    max_submits_per_pass: int = 24
    max_checks_per_pass: int = 60
    resubmit_after: float = 15 * 60.0  # a request SAT could not take (not delivered / 404): try again later
    # The daily re-check of received invoices at SAT (issue 17.3, ``core.verify_ops``): ConsultaCFDI calls per
    # second (unattended, nobody waits: gentle), and how long one pass works on it before the next pass goes on.
    recheck_rate: float = 0.5
    recheck_slice: float = 10 * 60.0

    def check_interval(self, unchanged_checks: int) -> float:
        return float(min(self.max_check_interval, self.min_check_interval * (2 ** max(0, unchanged_checks))))


@dataclass(frozen=True)
class SyncEvent:
    """What happened, for the GUI's live history (immutable: crosses threads)."""

    # submitted | verified | downloaded | ingested | completed | failed | expired | error | invoices_cancelled
    kind: str
    request_id: str | None
    message: str
    status: str | None = None
    # ``invoices_cancelled`` (the daily re-check found received invoices SAT now says are cancelled): those
    # invoices, as ``core.verify_ops.StatusChange``; ``request_id`` is then ``verification:<run id>``.
    invoices: tuple[Any, ...] = ()
    # the request's status note as the event left it (code and parameters): ``message`` is its English, the
    # window says it in its own words (``gui/history/status_notes``), never by reading the English back
    note: Status | None = None


@dataclass
class SyncReport:
    rfc: str
    submitted: int = 0
    verified: int = 0
    downloaded: int = 0
    ingested: int = 0
    completed: int = 0
    failed: int = 0
    expired: int = 0
    cancelled: bool = False
    errors: list[dict[str, Any]] = field(default_factory=list)
    open_requests: int = 0
    next_check_at: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "rfc": self.rfc,
            "submitted": self.submitted,
            "verified": self.verified,
            "packages_downloaded": self.downloaded,
            "documents_ingested": self.ingested,
            "completed": self.completed,
            "failed": self.failed,
            "expired": self.expired,
            "cancelled": self.cancelled,
            "errors": self.errors,
            "open_requests": self.open_requests,
            "next_check_at": self.next_check_at,
        }


def is_metadata(request: RequestRecord) -> bool:
    return request.request_type == "metadata"


@dataclass
class PassContext:
    """One pass's shared state and the actions every step of it uses."""

    home: Path
    db: ConnectionPerThread
    clock: Clock
    ledger: Ledger
    rfc: str
    client: SatClientProtocol
    policy: SyncPolicy
    cancel: threading.Event
    on_event: Callable[[SyncEvent], None] | None
    report: SyncReport
    # SAT's sign-in did not answer: every other request of the pass needs it, so the pass stops (sync.engine).
    sign_in_failed: bool = False

    def now(self) -> int:
        return to_ms(self.clock.now())

    def later(self, seconds: float, now: int | None = None) -> int:
        """``seconds`` after ``now`` (default: the clock's now), in ms."""
        return (self.now() if now is None else now) + int(seconds * 1000)

    def authenticate(self, service: str) -> None:
        """Get SAT's token for ``service`` if the client needs one (raises ``AppError``)."""
        authenticate = getattr(self.client, "authenticate", None)
        if authenticate is not None:
            authenticate(service)

    def emit(self, kind: str, request: RequestRecord | None, message: str) -> None:
        if self.on_event is not None:
            latest = self.ledger.get(request.id) if request else None
            self.on_event(
                SyncEvent(
                    kind,
                    request.id if request else None,
                    message,
                    latest.status if latest else None,
                    note=latest.status_note if latest else None,
                )
            )

    def error(self, request: RequestRecord | None, exc: AppError) -> None:
        self.report.errors.append({"request_id": request.id if request else None, **exc.to_json()})
        self.emit("error", request, f"{exc.code}: {exc.message}")

    def note(self, request: RequestRecord | None, note: Status) -> None:
        """Say in the request's history what it waits for (best effort: the disk may not take even that)."""
        if request is None:
            return
        with contextlib.suppress(OSError, sqlite3.Error):
            self.ledger.update(request.id, _status=note)

    def finish(
        self,
        request: RequestRecord,
        status: str,
        note: Status,
        *,
        count: int | None = None,
        event: dict[str, Any] | None = None,
        **fields: Any,
    ) -> None:
        """End a request (``completed``, ``failed``, ``expired``) with a note saying why."""
        if count is not None:
            fields["invoice_count"] = count
        fields.pop("next_check_at", None)
        self.ledger.update(
            request.id,
            status=status,
            _status=note,
            completed_at=self.now(),
            next_check_at=None,
            _event=event,
            **fields,
        )
        if status == "completed":
            self.report.completed += 1
        elif status == "failed":
            self.report.failed += 1
        elif status == "expired":
            self.report.expired += 1
        self.emit(status, request, note.english())
