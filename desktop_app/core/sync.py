"""One sync pass for one profile: submit due requests → verify pending ones → download → ingest.

The pass is cancellable between steps (a ``threading.Event``) and bounded: HTTP calls have timeouts,
verifications back off (a request SAT keeps in state 1 for days is checked at growing intervals, about
1 minute up to 30 minutes, and reset when anything changes) and each pass caps how many calls it makes.

Nothing is lost across crashes:
- a request is marked ``sending`` before it goes out; one found ``sending`` at the next start has an
  unknown outcome and is never resent automatically (SAT allows two identical requests, ever);
- a package's download is counted *before* it is attempted (SAT counts every attempt that reaches it),
  saved to disk before it is read, and never downloaded a third time;
- ingestion is idempotent, so a package interrupted half-way is simply ingested again.

A full disk does not waste SAT's two downloads of a package (issue 13): a download starts only when the free
space covers the package's estimated size plus a margin (SAT does not announce sizes). A disk that fills up
anyway, mid-download or mid-ingestion, stops the pass with ``disk_full`` and leaves nothing half-written; the
package waits, ready, for a pass that finds room (a download cut short by the disk was counted by SAT, so the
last one waits for room for at least twice what had arrived).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import threading
import zipfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn

from desktop_app.core import parallel
from desktop_app.core.cfdi.package import read_package
from desktop_app.core.clock import Clock, to_ms
from desktop_app.core.crashpoints import crashpoint
from desktop_app.core.errors import AppError
from desktop_app.core.index import IndexWriter, PreparedDocument
from desktop_app.core.ledger import Ledger, RequestRecord
from desktop_app.core.sat.package_stream import DISK_FULL_ERRNOS
from desktop_app.core.sat.query import QueryParams
from desktop_app.core.store.db import ConnectionPerThread, transaction
from desktop_app.core.store.vault import package_path, private_dirs, relative_to_home, resolve

log = logging.getLogger(__name__)

NOT_RESENT = (
    "It was not resent automatically because SAT allows only two identical requests per period; "
    "create it again if you need it."
)
MAX_DOWNLOADS_PER_PACKAGE = 2  # SAT's rule: a third download answers 5008
UNCONTROLLED_ERROR = 404  # SAT's "Error no controlado": nothing was done, try again later
USER_NOT_VALID = 300  # SAT's answer to a token it does not honour (the call was not acted on)
MAX_TOKEN_REJECTED_SUBMITS = 5  # after that many 300s in a row it is the FIEL, not the token: fail
INGEST_BATCH = 2000

# -- a full disk (issue 13) --------------------------------------------------------------------------------------
# SAT does not announce a package's size (the verification gives package ids and the request's document count,
# nothing else), so the room a download needs is estimated on the safe side: the documents the package can hold
# (the request's count, at most what SAT puts in one request) times a generous share of the ZIP per document.
EST_ZIP_BYTES_PER_CFDI = 8 * 1024  # real CFDI compress to 1–4 KB (the 200,000-CFDI benchmark package: 3.1 KB each)
EST_ZIP_BYTES_PER_METADATA_ROW = 256  # a metadata line is ~250 characters, ~60–100 bytes once zipped
MAX_CFDI_PER_PACKAGE = 200_000  # SAT's most XML per request (more → 5003), so never more in one package
MAX_METADATA_ROWS_PER_PACKAGE = 1_000_000
DISK_MARGIN = 64 * 1024 * 1024  # always left free on top: SQLite's journal, the logs, the rest of the computer
# While one package is ingested the next one downloads: the prefetch starts only if the room also covers the
# first one's ingestion (its XML unpacked into the vault, 4–8× the ZIP, and its index rows); else it waits.
INGEST_BYTES_PER_ZIP_BYTE = 10


@dataclass(frozen=True)
class SyncPolicy:
    """Pacing knobs (tests and the sandbox demo use short intervals)."""

    first_check_after: float = 60.0
    min_check_interval: float = 60.0
    max_check_interval: float = 30 * 60.0
    max_submits_per_pass: int = 24
    max_checks_per_pass: int = 60
    resubmit_after: float = 15 * 60.0  # a request SAT could not take (not delivered / 404): try again later

    def check_interval(self, unchanged_checks: int) -> float:
        return min(self.max_check_interval, self.min_check_interval * (2 ** max(0, unchanged_checks)))


@dataclass(frozen=True)
class SyncEvent:
    """What happened, for the GUI's live history (immutable: crosses threads)."""

    kind: str  # submitted | verified | downloaded | ingested | completed | failed | expired | error
    request_id: str | None
    message: str
    status: str | None = None


@dataclass
class SyncReport:
    rfc: str
    submitted: int = 0
    verified: int = 0
    downloaded: int = 0
    ingested: int = 0
    completed: int = 0
    failed: int = 0
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
            "cancelled": self.cancelled,
            "errors": self.errors,
            "open_requests": self.open_requests,
            "next_check_at": self.next_check_at,
        }


class SyncPass:
    """Runs one pass for one profile with an authenticated SAT client."""

    def __init__(
        self,
        *,
        home: Path,
        db: ConnectionPerThread,
        clock: Clock,
        ledger: Ledger,
        rfc: str,
        client: Any,
        policy: SyncPolicy,
        cancel: threading.Event | None = None,
        on_event: Callable[[SyncEvent], None] | None = None,
    ) -> None:
        self.home = home
        self.db = db
        self.clock = clock
        self.ledger = ledger
        self.rfc = rfc
        self.client = client
        self.policy = policy
        self.cancel = cancel or threading.Event()
        self.on_event = on_event
        self.report = SyncReport(rfc=rfc)
        self._submits = 0
        self._checks = 0

    # -- plumbing --------------------------------------------------------------------------------------------

    def _now(self) -> int:
        return to_ms(self.clock.now())

    def _emit(self, kind: str, request: RequestRecord | None, message: str) -> None:
        if self.on_event is not None:
            latest = self.ledger.get(request.id) if request else None
            self.on_event(SyncEvent(kind, request.id if request else None, message, latest.status if latest else None))

    def _error(self, request: RequestRecord | None, exc: AppError) -> None:
        self.report.errors.append({"request_id": request.id if request else None, **exc.to_json()})
        self._emit("error", request, f"{exc.code}: {exc.message}")

    # -- the pass ----------------------------------------------------------------------------------------------

    def run(self) -> SyncReport:
        self._require_free_space(DISK_MARGIN, None, None)  # not even the margin: start nothing
        self._recover_interrupted_submissions()
        for request in self.ledger.open_requests(self.rfc):
            if self.cancel.is_set():
                self.report.cancelled = True
                break
            try:
                self._advance(request)
            except AppError as exc:
                self._error(request, exc)
                if exc.code == "disk_full":
                    raise  # nothing more can be saved: the pass stops (the next one checks the room again)
                if exc.code in ("sat_fault", "certificate_expired", "sat_unauthorized"):
                    break  # authentication is broken: every other call would fail the same way
            except (OSError, sqlite3.Error) as exc:
                if not _is_disk_full(exc):
                    raise
                error = self._disk_full_error(
                    f"The disk is full ({{free}} free in {self.home}); the sync stopped without leaving anything "
                    "half-written. Free some space and sync again."
                )
                self._error(request, error)
                raise error from exc
        open_now = self.ledger.open_requests(self.rfc)
        self.report.open_requests = len(open_now)
        checks = [r.next_check_at for r in open_now if r.next_check_at is not None]
        self.report.next_check_at = min(checks) if checks else None
        return self.report

    def _recover_interrupted_submissions(self) -> None:
        """A request left ``sending`` by a crash may or may not have reached SAT: never resend it."""
        for request in self.ledger.open_requests(self.rfc):
            if request.submit_state == "sending":
                self._outcome_unknown(
                    request,
                    "The app stopped while sending this request, so SAT may or may not have received it.",
                    {"operation": "recover", "message": "outcome unknown after an interruption"},
                )

    def _advance(self, request: RequestRecord) -> None:
        now = self._now()
        if request.submit_state == "unsent":
            if request.next_check_at is not None and request.next_check_at > now:
                return
            self._submit(request)
            request = self.ledger.get(request.id)
            if request.status != "accepted" or (request.next_check_at or 0) > self._now():
                return
        if request.sat_state == 3:
            if request.next_check_at is None or request.next_check_at <= now:
                self._collect(request)
            return
        if request.next_check_at is None or request.next_check_at <= now:
            self._verify(request)

    # -- submission ------------------------------------------------------------------------------------------

    def _submit(self, request: RequestRecord) -> None:
        if self._submits >= self.policy.max_submits_per_pass:
            return
        self._submits += 1
        params = request.params
        # Authenticate *before* marking the request ``sending``: a crash or a fault while getting the token
        # must not leave a request whose outcome looks unknown (it never left).
        authenticate = getattr(self.client, "authenticate", None)
        if authenticate is not None:
            try:
                authenticate(params.service)
            except AppError as exc:
                self._submit_failed(request, exc)
                return
        request = self.ledger.update(request.id, submit_state="sending", submit_attempts=request.submit_attempts + 1)
        crashpoint("sync.submit.sending")
        try:
            result = self.client.query(params)
        except AppError as exc:
            self._submit_failed(request, exc)
            return
        crashpoint("sync.submit.answered")
        now = self._now()
        event = {"operation": "solicita", "code": result.cod_estatus, "message": result.mensaje}
        if result.accepted and result.request_id:
            self.ledger.update(
                request.id,
                status="accepted",
                submit_state="sent",
                sat_request_id=result.request_id,
                sat_code=result.cod_estatus,
                sat_message=result.mensaje,
                sat_state=1,
                submitted_at=now,
                next_check_at=now + int(self.policy.first_check_after * 1000),
                check_count=0,
                status_message=None,
                _event=event,
            )
            crashpoint("sync.submit.recorded")
            self.report.submitted += 1
            self._emit("submitted", request, f"SAT accepted the request ({result.request_id}).")
            return
        if result.cod_estatus == 404:  # "Error no controlado": SAT did not take it; try again later
            self._send_later(request, result, event, "SAT answered 'Error no controlado'; it will be sent again later.")
            return
        if result.cod_estatus == 5000:  # "accepted" without an IdSolicitud: registered at SAT, but untraceable
            self._outcome_unknown(
                request,
                "SAT said it accepted this request but its answer carried no request id, so it cannot be followed.",
                event,
                sat_code=result.cod_estatus,
                sat_message=result.mensaje,
                completed_at=now,
            )
            self._error(request, AppError("sat_bad_response", "SAT accepted the request without an IdSolicitud."))
            return
        if result.cod_estatus == USER_NOT_VALID and request.submit_attempts < MAX_TOKEN_REJECTED_SUBMITS:
            # 300 "Usuario No Válido" is how SAT answers a token it no longer honours; the client already got
            # a fresh one and resent once. SAT did not act on the call, so it is not spent: try again later.
            self._send_later(
                request, result, event, "SAT did not accept the session token (300); it will be sent again later."
            )
            self._error(request, AppError("sat_rejected", f"SAT answered 300 {result.mensaje}", cod_estatus=300))
            return
        if result.cod_estatus == 5004:  # folio not found: a definitive, empty answer
            self._finish(request, "completed", "SAT found no document with that folio.", count=0, event=event)
            return
        self.ledger.update(
            request.id,
            status="failed",
            submit_state="sent",
            sat_code=result.cod_estatus,
            sat_message=result.mensaje,
            completed_at=now,
            status_message=_rejection_message(result.cod_estatus, result.mensaje),
            _event=event,
        )
        self.report.failed += 1
        self._emit("failed", request, f"SAT rejected the request: {result.cod_estatus} {result.mensaje}")

    def _outcome_unknown(self, request: RequestRecord, why: str, event: dict[str, Any], **fields: Any) -> None:
        """SAT may or may not have registered this request: fail it and never resend it on our own."""
        self.ledger.update(
            request.id,
            status="failed",
            submit_state="unknown",
            status_message=f"{why} {NOT_RESENT}",
            _event=event,
            **fields,
        )
        self.report.failed += 1

    def _send_later(self, request: RequestRecord, result: Any, event: dict[str, Any], message: str) -> None:
        """SAT answered but did not take the request (so nothing was spent): queue it again after a pause."""
        self.ledger.update(
            request.id,
            submit_state="unsent",
            sat_code=result.cod_estatus,
            sat_message=result.mensaje,
            next_check_at=self._now() + int(self.policy.resubmit_after * 1000),
            status_message=message,
            _event=event,
        )

    def _submit_failed(self, request: RequestRecord, exc: AppError) -> None:
        now = self._now()
        delivered = exc.code != "sat_unavailable" or exc.details.get("delivered", False)
        if exc.code == "sat_outcome_unknown":
            self._outcome_unknown(
                request,
                "SAT's answer to this request was lost, so it may or may not have been registered.",
                {"operation": "solicita", "message": exc.message},
            )
            self._error(request, exc)
            return
        if not delivered or exc.code in ("sat_unavailable",):
            self.ledger.update(
                request.id,
                submit_state="unsent",
                next_check_at=now + int(self.policy.resubmit_after * 1000),
                status_message=f"SAT could not be reached ({exc.message}); it will be sent again later.",
                _event={"operation": "solicita", "message": exc.message},
            )
            self._error(request, exc)
            return
        # Authentication or validation errors: the request itself was not accepted.
        self.ledger.update(
            request.id,
            submit_state="unsent",
            next_check_at=now + int(self.policy.resubmit_after * 1000),
            status_message=f"{exc.code}: {exc.message}",
            _event={"operation": "solicita", "message": f"{exc.code}: {exc.message}"},
        )
        raise exc

    # -- verification ----------------------------------------------------------------------------------------

    def _verify(self, request: RequestRecord) -> None:
        if self._checks >= self.policy.max_checks_per_pass or not request.sat_request_id:
            return
        self._checks += 1
        try:
            result = self.client.verify(request.sat_request_id, request.service)
        except AppError as exc:
            # SAT failed to answer (after the transport's own retries): back off like an unchanged answer, so
            # an outage is not met with a verification per pass, and say so in the history.
            now = self._now()
            unchanged = request.check_count + 1
            self.ledger.update(
                request.id,
                last_checked_at=now,
                check_count=unchanged,
                next_check_at=now + int(self.policy.check_interval(unchanged) * 1000),
                status_message=f"SAT could not be asked about this request ({exc.code}: {exc.message}); "
                "it will be asked again later.",
                _event={"operation": "verifica", "message": f"{exc.code}: {exc.message}"},
            )
            raise
        crashpoint("sync.verify.answered")
        self.report.verified += 1
        now = self._now()
        event = {
            "operation": "verifica",
            "code": result.cod_estatus,
            "state": result.estado_solicitud,
            "state_code": result.codigo_estado_solicitud,
            "message": result.mensaje,
        }
        if result.cod_estatus != 5000:
            unchanged = request.check_count + 1
            self.ledger.update(
                request.id,
                last_checked_at=now,
                check_count=unchanged,
                next_check_at=now + int(self.policy.check_interval(unchanged) * 1000),
                status_message=f"SAT answered {result.cod_estatus} ({result.mensaje}) when asked; will ask again.",
                _event=event,
            )
            return
        state, code = result.estado_solicitud, result.codigo_estado_solicitud
        changed = state != request.sat_state
        unchanged = 0 if changed else request.check_count + 1
        common = {
            "sat_state": state,
            "sat_state_code": code,
            "last_checked_at": now,
            "check_count": unchanged,
            "next_check_at": now + int(self.policy.check_interval(unchanged) * 1000),
        }
        if state in (1, 2):
            self.ledger.update(
                request.id,
                status="accepted" if state == 1 else "processing",
                status_message=None,
                _event=event if changed else None,
                **common,
            )
            crashpoint("sync.verify.recorded")
            if changed:
                self._emit("verified", request, "SAT is preparing the packages." if state == 2 else "SAT accepted it.")
            return
        if state == 3 and result.numero_cfdis > 0 and not result.package_ids:
            # "Finished, N documents" without a single package id is a broken answer, not an empty result:
            # completing now would lose the N documents. Ask again later.
            self.ledger.update(
                request.id,
                status_message=(
                    f"SAT said the request finished with {result.numero_cfdis} documents but listed no package; "
                    "will ask again."
                ),
                _event=event,
                **{**common, "sat_state": request.sat_state},
            )
            return
        if state == 3:
            self._register_packages(request, result, common, event)
            crashpoint("sync.verify.packages_registered")
            self._collect(self.ledger.get(request.id))
            return
        if state == 5 and code == 5004:
            self._finish(
                request, "completed", "SAT found no documents for this period.", count=0, event=event, **common
            )
            return
        if state == 5 and code == 5003:
            self._split(request, event, common)
            return
        if state == 6:
            self._finish(
                request,
                "expired",
                "SAT's packages expired (72 hours) before they were downloaded; request the period again.",
                event=event,
                **common,
            )
            return
        if state in (4, 5):
            self._finish(
                request,
                "failed",
                f"SAT {'rejected' if state == 5 else 'could not process'} the request "
                f"({code if code is not None else result.cod_estatus}: {result.mensaje}).",
                event=event,
                **common,
            )
            return
        # 0 or unknown states: SAT is confused; keep asking, slowly.
        self.ledger.update(
            request.id,
            status_message=f"SAT answered an unexpected state {state}; will ask again.",
            _event=event,
            **common,
        )

    def _register_packages(
        self, request: RequestRecord, result: Any, common: dict[str, Any], event: dict[str, Any]
    ) -> None:
        conn = self.db.get()
        now = self._now()
        common = {**common, "next_check_at": now}  # collect at once (again at once after a crash)
        with transaction(conn):
            for package_id in result.package_ids:
                conn.execute(
                    "INSERT OR IGNORE INTO packages(id, request_id, rfc, created_at) VALUES (?, ?, ?, ?)",
                    (package_id, request.id, self.rfc, now),
                )
            assignments = ", ".join(f"{k} = ?" for k in common)
            conn.execute(
                f"UPDATE requests SET status = 'processing', invoice_count = ?, {assignments} WHERE id = ?",  # noqa: S608
                (result.numero_cfdis, *common.values(), request.id),
            )
            self.ledger.event(request.id, **event)
        self._emit(
            "verified",
            request,
            f"SAT finished: {result.numero_cfdis} documents in {len(result.package_ids)} package(s).",
        )

    def _split(self, request: RequestRecord, event: dict[str, Any], common: dict[str, Any]) -> None:
        """Too many results (5003): fail this request and queue its two halves."""
        params = request.params
        self._finish(
            request,
            "failed",
            "The period has more documents than SAT hands out in one request; it was split in two.",
            event=event,
            **common,
        )
        if params.start is None or params.end is None or params.end - params.start < timedelta(seconds=2):
            return
        middle = params.start + (params.end - params.start) / 2
        middle = middle.replace(microsecond=0)
        halves = (
            replace(params, end=middle),
            replace(params, start=middle + timedelta(seconds=1)),
        )
        for half in halves:
            self.ledger.create(self.rfc, half, request.source, parent_id=request.id)

    def _finish(
        self,
        request: RequestRecord,
        status: str,
        message: str,
        *,
        count: int | None = None,
        event: dict[str, Any] | None = None,
        **fields: Any,
    ) -> None:
        if count is not None:
            fields["invoice_count"] = count
        fields.pop("next_check_at", None)
        self.ledger.update(
            request.id,
            status=status,
            status_message=message,
            completed_at=self._now(),
            next_check_at=None,
            _event=event,
            **fields,
        )
        if status == "completed":
            self.report.completed += 1
        elif status == "failed":
            self.report.failed += 1
        self._emit(status, request, message)

    # -- packages ------------------------------------------------------------------------------------------

    def _collect(self, request: RequestRecord) -> None:
        """Download and ingest every package of a finished request, then complete it.

        The next package downloads on a second thread while this one is ingested (SAT and the disk work at
        the same time); each download and each ingest is still its own state change, so a crash between or
        during them leaves the same states as before, and only one SAT call is ever in flight."""
        packages = self.ledger.packages(request.id)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sat-download") as downloads:
            prefetched: Future[dict[str, Any] | None] | None = None
            try:
                for k, package in enumerate(packages):
                    if self.cancel.is_set():
                        self.report.cancelled = True
                        break
                    if prefetched is not None:
                        fetched, prefetched = prefetched.result(), None
                        package = fetched if fetched is not None else self._package(package["id"])
                    elif package["state"] in ("available", "downloading"):
                        package = self._download(request, package)
                    following = packages[k + 1] if k + 1 < len(packages) else None
                    if (
                        following is not None
                        and following["state"] in ("available", "downloading")
                        # Only a first download runs beside an ingestion: a kill during the ingestion kills it too,
                        # and SAT counted it. The last one is made in the foreground (not prefetched), so kills while
                        # ingesting can never spend both of a package's downloads.
                        and following["download_count"] < MAX_DOWNLOADS_PER_PACKAGE - 1
                        and self._room_to_prefetch(request, package, following)
                    ):
                        prefetched = downloads.submit(self._download, request, following)
                    if package is not None and package["state"] == "downloaded":
                        self._ingest(request, package)
            except BaseException:
                # A full disk (or any failure) stops the pass: the download in flight ends and is recorded first,
                # and the download thread's connection is closed, as on the way out below.
                if prefetched is not None:
                    with contextlib.suppress(Exception):
                        prefetched.result()
                with contextlib.suppress(Exception):
                    downloads.submit(self.db.close).result()
                raise
            if prefetched is not None:
                prefetched.result()  # cancelled meanwhile: let the download in flight end and be recorded
            downloads.submit(self.db.close).result()  # the download thread's own connection
            if self.report.cancelled:
                return
        packages = self.ledger.packages(request.id)
        if all(p["state"] == "ingested" for p in packages):
            processed = sum(p["documents"] or 0 for p in packages)
            self._finish(
                request,
                "completed",
                f"{processed} documents downloaded and indexed.",
                processed_count=processed,
            )
            crashpoint("sync.request.completed")
        elif any(p["state"] in ("error", "expired") for p in packages) and not any(
            p["state"] in ("available", "downloading", "downloaded") for p in packages
        ):
            bad = [p for p in packages if p["state"] in ("error", "expired")]
            self._finish(
                request,
                "expired" if all(p["state"] == "expired" for p in bad) else "failed",
                "; ".join(f"{p['id']}: {p['error']}" for p in bad),
            )

    def _download(self, request: RequestRecord, package: dict[str, Any]) -> dict[str, Any] | None:
        conn = self.db.get()
        dest = package_path(self.home, self.rfc, package["id"])
        private_dirs(dest.parent)
        if package["state"] == "downloading" and _is_zip(dest):
            # We crashed after saving it and before recording it: the file on disk is the package.
            self._set_package(
                package["id"], state="downloaded", path=str(dest), size=dest.stat().st_size, downloaded_at=self._now()
            )
            return self._package(package["id"])
        if package["download_count"] >= MAX_DOWNLOADS_PER_PACKAGE:
            self._set_package(
                package["id"], state="error", error="SAT allows two downloads of a package and both were used."
            )
            return self._package(package["id"])
        # Room first: a download refused here is not counted and SAT never hears of it (raises ``disk_full``).
        self._require_free_space(self._download_need(request, package), request, package)
        # Authenticate before counting the attempt (as ``_submit`` does before marking ``sending``): a kill or a
        # failure while getting the token must not spend one of the package's two downloads (SAT never saw it).
        authenticate = getattr(self.client, "authenticate", None)
        if authenticate is not None:
            try:
                authenticate(request.service)
            except AppError as exc:
                self._error(request, exc)
                return self._package(package["id"])
        with transaction(conn):  # count the attempt before making it: SAT counts every one that arrives
            conn.execute(
                "UPDATE packages SET state = 'downloading', download_count = download_count + 1 WHERE id = ?",
                (package["id"],),
            )
        crashpoint("sync.download.counted")
        try:
            result = self.client.download(package["id"], dest, request.service)
        except AppError as exc:
            if exc.code == "disk_full":
                self._download_disk_full(request, package, dest, exc)
            return self._download_failed(request, package, exc)
        except OSError as exc:  # the file system failed before the package stream could say so
            if not _is_disk_full(exc):
                raise
            self._download_disk_full(request, package, dest, AppError("disk_full", str(exc), received=0))
        self._set_package(
            package["id"],
            state="downloaded",
            path=relative_to_home(self.home, result.path),
            size=result.size,
            downloaded_at=self._now(),
            error=None,
        )
        crashpoint("sync.download.recorded")
        self.report.downloaded += 1
        self._emit("downloaded", request, f"Package {package['id']} saved ({result.size} bytes).")
        return self._package(package["id"])

    def _download_disk_full(
        self, request: RequestRecord, package: dict[str, Any], dest: Path, exc: AppError
    ) -> NoReturn:
        """The disk filled up while the package was being saved: drop the partial file, stop the pass.

        SAT handed the package out, so it counted that download and the attempt stays counted here too (an
        honest count: SAT allows one more). What arrived is a lower bound of the package's size, kept in
        ``size`` while the package is not downloaded: the next (last) download starts only when the room covers
        twice that, or the estimate, plus the margin (:meth:`_download_need`) — never blindly.
        """
        for part in dest.parent.glob(f".{dest.name}.*.part"):
            with contextlib.suppress(OSError):
                part.unlink()
        received = int(exc.details.get("received") or 0)
        with contextlib.suppress(OSError, sqlite3.Error):  # the database may be as stuck as the disk
            self._rollback_open()
            self._set_package(
                package["id"],
                state="available",
                size=max(received, package["size"] or 0) or None,
                error="disk_full: the disk filled up while the package was being saved.",
            )
        package = {**package, "state": "available", "size": max(received, package["size"] or 0) or None}
        need = self._download_need(request, package)
        error = self._disk_full_error(
            f"The disk filled up while package {package['id']} was being saved ({_size_text(received)} received, "
            f"{{free}} free now in {self.home}). SAT counted that download and allows one more, which is used only "
            f"when about {_size_text(need)} are free: free some space and sync again.",
            needed=need,
            received=received,
            package_id=package["id"],
        )
        self._note(request, f"Waiting for free disk space: package {package['id']} needs about {_size_text(need)}.")
        raise error from exc

    def _download_need(self, request: RequestRecord, package: dict[str, Any]) -> int:
        """The free space a download of ``package`` needs: its estimated size plus :data:`DISK_MARGIN`."""
        if _is_metadata(request):
            per_document, most = EST_ZIP_BYTES_PER_METADATA_ROW, MAX_METADATA_ROWS_PER_PACKAGE
        else:
            per_document, most = EST_ZIP_BYTES_PER_CFDI, MAX_CFDI_PER_PACKAGE
        documents = min(request.invoice_count or most, most)
        packages = len(self.ledger.packages(request.id))
        if packages > 1:  # SAT fills its packages evenly (the last one less): twice a fair share is generous
            documents = min(documents, 2 * -(-documents // packages))
        estimate = documents * per_document
        if package["state"] != "downloaded" and package["size"]:
            estimate = max(estimate, 2 * package["size"])  # a failed attempt's lower bound (see above)
        return estimate + DISK_MARGIN

    def _room_to_prefetch(
        self, request: RequestRecord, current: dict[str, Any] | None, following: dict[str, Any]
    ) -> bool:
        """Whether the next package may download while ``current`` is ingested: room for both, else it waits
        for its turn (and its own check then) so that the ingestion cannot fill the disk under a download."""
        if following["state"] == "downloading" and _is_zip(package_path(self.home, self.rfc, following["id"])):
            return True  # saved before a crash: nothing to download
        reserve = 0
        if current is not None and current["state"] == "downloaded":
            reserve = (current["size"] or 0) * INGEST_BYTES_PER_ZIP_BYTE
        try:
            return _free_bytes(self.home) >= self._download_need(request, following) + reserve
        except OSError:
            return False

    def _require_free_space(self, need: int, request: RequestRecord | None, package: dict[str, Any] | None) -> None:
        """Raise ``disk_full`` (spending nothing) unless the data home has ``need`` bytes free."""
        free = _free_bytes(self.home)
        if free >= need:
            return
        if package is None:
            message = (
                f"The disk is almost full: {_size_text(free)} free in {self.home}, and the sync needs at least "
                f"{_size_text(need)} to work safely. Free some space and sync again."
            )
        else:
            message = (
                f"Not enough free disk space to download package {package['id']}: it needs about "
                f"{_size_text(need)} and {_size_text(free)} are free in {self.home}. Nothing was downloaded (SAT "
                "allows only two downloads of a package); free some space and sync again."
            )
            self._note(request, f"Waiting for free disk space: package {package['id']} needs about {_size_text(need)}.")
        raise AppError(
            "disk_full",
            message,
            needed=need,
            free=free,
            path=str(self.home),
            **({"package_id": package["id"]} if package is not None else {}),
        )

    def _disk_full_error(self, message: str, **details: Any) -> AppError:
        """``disk_full`` with the free space now (``{free}`` in ``message``); rolls back this thread's transaction."""
        with contextlib.suppress(OSError, sqlite3.Error):
            self._rollback_open()
        try:
            free = _free_bytes(self.home)
        except OSError:
            free = 0
        return AppError(
            "disk_full", message.replace("{free}", _size_text(free)), free=free, path=str(self.home), **details
        )

    def _note(self, request: RequestRecord | None, message: str) -> None:
        """Say in the request's history what it waits for (best effort: the disk may not take even that)."""
        if request is None:
            return
        with contextlib.suppress(OSError, sqlite3.Error):
            self.ledger.update(request.id, status_message=message)

    def _rollback_open(self) -> None:
        """A write that failed on a full disk may leave this thread's transaction open (a failed COMMIT)."""
        conn = self.db.get()
        if conn.in_transaction:
            conn.execute("ROLLBACK")

    def _download_failed(self, request: RequestRecord, package: dict[str, Any], exc: AppError) -> dict[str, Any]:
        delivered = exc.details.get("delivered", exc.code != "sat_unavailable")
        if exc.details.get("cod_estatus") == UNCONTROLLED_ERROR:
            # "404 Error no controlado" in the answer's status: SAT did not hand the package out ("try again
            # later"); spending one of the two downloads on it would lose the package after two such answers.
            delivered = False
        if exc.code == "package_download_limit":
            self._set_package(package["id"], state="error", error="SAT says both downloads were already used (5008).")
        elif exc.code == "not_found" or exc.details.get("cod_estatus") == 5007:
            self._set_package(package["id"], state="expired", error="SAT no longer has this package (expired).")
        elif not delivered:
            conn = self.db.get()
            with transaction(conn):  # it never reached SAT: give the attempt back
                conn.execute(
                    "UPDATE packages SET state = 'available', download_count = download_count - 1, error = ? "
                    "WHERE id = ?",
                    (exc.message, package["id"]),
                )
        else:
            self._set_package(package["id"], state="available", error=f"{exc.code}: {exc.message}")
            if package["download_count"] + 1 < MAX_DOWNLOADS_PER_PACKAGE:
                # One of the two downloads went on a broken answer: wait before spending the last one, so a
                # passing SAT outage does not take both.
                self.ledger.update(
                    request.id,
                    next_check_at=self._now() + int(self.policy.resubmit_after * 1000),
                    status_message=(
                        f"Package {package['id']}: SAT's answer was broken ({exc.code}); SAT allows one more "
                        "download, which will be tried later."
                    ),
                )
        self._error(request, exc)
        return self._package(package["id"])

    def _ingest(self, request: RequestRecord, package: dict[str, Any]) -> None:
        conn = self.db.get()
        path = Path(resolve(self.home, package["path"]) or package_path(self.home, self.rfc, package["id"]))
        writer = IndexWriter(conn, self.home, self.rfc, self._now())
        try:
            with read_package(path, owner_rfc=self.rfc) as reader:
                parallel.attach(reader, writer.spec(package["id"]))
                stats = ingest_items(conn, writer, reader, source=package["id"], cancel=self.cancel)
                documents = stats.metadata_rows if _is_metadata(request) else stats.processed
                with transaction(conn):
                    conn.execute(
                        "UPDATE packages SET state = 'ingested', documents = ?, ingested_at = ?, error = NULL "
                        "WHERE id = ?",
                        (documents, self._now(), package["id"]),
                    )
                    self._widen_dates(request, stats.earliest_issue_date, stats.latest_issue_date)
                    if request.service == "retenciones" and _is_metadata(request):
                        self._mark_retenciones(package["id"])
                    # What the package reader refused (unsafe names, bombs, bad metadata rows, the package's
                    # total budget) is part of what this package did: the history shows it, by reason.
                    outcome = {**stats.to_json(), "entries_skipped": dict(reader.summary.skipped_by_reason)}
                    self.ledger.event(request.id, "ingest", message=f"{package['id']}: {outcome}")
                crashpoint("sync.ingest.package_committed")
        except _Cancelled:
            self.report.cancelled = True
            return
        except AppError as exc:
            self._set_package(package["id"], state="error", error=f"{exc.code}: {exc.message}")
            self._error(request, exc)
            return
        except (OSError, sqlite3.Error) as exc:
            if not _is_disk_full(exc):
                raise
            # ingest_items rolled the batch back and the vault removed its temporary file; the package stays
            # ``downloaded`` (its ZIP kept) and the next pass with room ingests it again (idempotent).
            error = self._disk_full_error(
                f"The disk filled up while package {package['id']} was being added to the vault and the index "
                f"({{free}} free now in {self.home}). Nothing was half-written and the package is kept: free some "
                "space and sync again to finish it.",
                package_id=package["id"],
            )
            self._note(request, f"Waiting for free disk space to add package {package['id']} to the index.")
            raise error from exc
        self.report.ingested += writer.stats.processed
        self._emit("ingested", request, f"Package {package['id']}: {writer.stats.processed} documents indexed.")

    def _mark_retenciones(self, package_id: str) -> None:
        """Rows a Retenciones metadata package added are Retenciones documents (family ``retenciones``).

        A metadata row carries no namespace to tell the family by (the index files new rows as CFDI); the
        request it came from does. Rows the package only updated keep their family, and an XML arriving later
        replaces the row with what the document itself says."""
        self.db.get().execute(
            "UPDATE invoices SET family = 'retenciones' "
            "WHERE rfc = ? AND source = ? AND has_xml = 0 AND family <> 'retenciones'",
            (self.rfc, package_id),
        )

    def _widen_dates(self, request: RequestRecord, earliest: str | None, latest: str | None) -> None:
        conn = self.db.get()
        if earliest:
            conn.execute(
                "UPDATE requests SET earliest_issue_date = ? WHERE id = ? AND "
                "(earliest_issue_date IS NULL OR earliest_issue_date > ?)",
                (earliest, request.id, earliest),
            )
        if latest:
            conn.execute(
                "UPDATE requests SET latest_issue_date = ? WHERE id = ? AND "
                "(latest_issue_date IS NULL OR latest_issue_date < ?)",
                (latest, request.id, latest),
            )

    def _set_package(self, package_id: str, **fields: Any) -> None:
        conn = self.db.get()
        assignments = ", ".join(f"{k} = ?" for k in fields)
        with transaction(conn):
            conn.execute(f"UPDATE packages SET {assignments} WHERE id = ?", (*fields.values(), package_id))  # noqa: S608

    def _package(self, package_id: str) -> dict[str, Any]:
        row = self.db.get().execute("SELECT * FROM packages WHERE id = ?", (package_id,)).fetchone()
        return dict(row)


class _Cancelled(Exception):
    pass


def work_due(open_requests: list[RequestRecord], now_ms: int) -> bool:
    """Whether a pass has anything to do now (else it need not even unlock the FIEL or call SAT)."""
    for request in open_requests:
        if request.submit_state == "sending":
            return True
        if request.next_check_at is None or request.next_check_at <= now_ms:
            return True
    return False


def idle_report(rfc: str, open_requests: list[RequestRecord]) -> SyncReport:
    report = SyncReport(rfc=rfc, open_requests=len(open_requests))
    checks = [r.next_check_at for r in open_requests if r.next_check_at is not None]
    report.next_check_at = min(checks) if checks else None
    return report


def ingest_items(
    conn: Any, writer: IndexWriter, items: Any, *, source: str, cancel: threading.Event | None = None
) -> Any:
    """Feed documents and metadata rows to the index, committing every ``INGEST_BATCH`` items.

    Batches keep transactions (and the WAL) small on 200,000-document packages; ingestion is idempotent, so
    a crash between batches only means the remaining items are added on the next try.
    """
    batch = 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        for item in items:
            if isinstance(item, PreparedDocument):  # parsed by a worker process (core.parallel)
                writer.add_prepared(item)
            elif hasattr(item, "xml_bytes"):
                writer.add_document(item.xml_bytes, item.invoice, source=source)
            else:
                writer.add_metadata(item, source=source)
            crashpoint("sync.ingest.item")
            batch += 1
            if batch >= INGEST_BATCH:
                writer.flush()
                crashpoint("sync.ingest.before_commit")
                conn.execute("COMMIT")
                writer.committed()
                crashpoint("sync.ingest.batch_committed")
                if cancel is not None and cancel.is_set():
                    raise _Cancelled
                conn.execute("BEGIN IMMEDIATE")
                batch = 0
        writer.flush()
        crashpoint("sync.ingest.before_commit")
        conn.execute("COMMIT")
        writer.committed()
        crashpoint("sync.ingest.batch_committed")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return writer.stats


# Temporary names of interrupted writes: ``atomic_write``/``write_file_atomic`` (``*.tmp``) and package
# downloads (``*.part``). ``*.invalid`` files are kept on purpose (SAT's answer, for diagnosis).
_TEMP_SUFFIXES = (".tmp", ".part")
_PROFILE_FOLDERS = ("emitidos", "recibidos", "otros", "paquetes")


def sweep_interrupted_writes(home: Path, rfc: str, *, older_than: float) -> list[Path]:
    """Delete temporary files an interrupted run left in the profile's vault and package folders.

    Only called after a run was found unfinished (the process died), under the profile's sync lock; files
    modified at or after ``older_than`` (a ``time.time()`` value) belong to a live writer and are kept.
    """
    removed: list[Path] = []
    base = home / rfc
    for folder in _PROFILE_FOLDERS:
        for dirpath, _dirs, files in os.walk(base / folder):
            for name in files:
                if not name.endswith(_TEMP_SUFFIXES):
                    continue
                path = Path(dirpath) / name
                try:
                    if path.stat().st_mtime < older_than:
                        path.unlink()
                        removed.append(path)
                except FileNotFoundError:
                    continue
    return removed


def _is_zip(path: Path) -> bool:
    try:
        return path.is_file() and zipfile.is_zipfile(path)
    except OSError:
        return False


def _free_bytes(path: Path) -> int:
    """Free space of the file system holding ``path`` (the one seam tests replace to fake a full disk)."""
    return shutil.disk_usage(path).free


def _is_disk_full(exc: BaseException) -> bool:
    """ENOSPC/EDQUOT from the file system, or SQLite's SQLITE_FULL ("database or disk is full")."""
    if isinstance(exc, OSError):
        return exc.errno in DISK_FULL_ERRNOS
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        return code is not None and code & 0xFF == sqlite3.SQLITE_FULL
    return False


def _size_text(size: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


def _is_metadata(request: RequestRecord) -> bool:
    return request.request_type == "metadata"


def _rejection_message(code: int, message: str) -> str:
    meanings = {
        5002: "SAT's lifetime limit for identical requests of this period is used up (5002).",
        5005: "SAT already has an identical request in progress (5005).",
        301: f"SAT refused the request as invalid: {message}",
        304: "SAT says the FIEL certificate is revoked or expired (304).",
        305: "SAT says the certificate is not valid for this service (305): use the e.firma, not the CSD.",
        300: "SAT does not recognise the user (300).",
        5001: "SAT says this RFC may not download those documents (5001).",
    }
    return meanings.get(code, f"SAT rejected the request: {code} {message}")


def month_periods(start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """Calendar months covering [start, end], each ``00:00:00``–``23:59:59`` and clipped to the range."""
    periods = []
    cursor = datetime(start.year, start.month, 1)
    while cursor <= end:
        nxt = datetime(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
        first = max(cursor, start)
        last = min(nxt - timedelta(seconds=1), end)
        if first < last:
            periods.append((first, last))
        cursor = nxt
    return periods


def scheduled_params(kind: str, start: datetime, end: datetime) -> list[QueryParams]:
    """What a daily or backfill run asks for per download type.

    received: the XML of vigentes (all SAT still hands out) plus metadata of all (to learn cancellations);
    issued: the XML of all, vigentes and cancelled, plus metadata of all — the XML alone does not say which
    were cancelled, and an accountant's totals must leave those out.
    """
    if kind == "received":
        return [
            QueryParams(direction="received", start=start, end=end, request_type="CFDI", status="Vigente"),
            QueryParams(direction="received", start=start, end=end, request_type="Metadata", status="Todos"),
        ]
    return [
        QueryParams(direction="issued", start=start, end=end, request_type="CFDI", status="Todos"),
        QueryParams(direction="issued", start=start, end=end, request_type="Metadata", status="Todos"),
    ]
