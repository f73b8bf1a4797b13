"""Running sync passes for one data home: the profile lock, recovery of runs a killed app left open, the daily
schedule's due slot, the backfill, and one pass or passes until nothing is left to do.

:class:`desktop_app.core.service.DescargaService` delegates its sync methods here; the pass itself (submit →
verify → download → ingest) is :class:`desktop_app.core.sync.SyncPass`. Requests are queued through
:meth:`SyncRunner.create_deduplicated`, the one place that honours SAT's "two identical requests" rule.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time as _time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from desktop_app.core.clock import MEXICO_CITY, Clock, from_ms, to_ms
from desktop_app.core.errors import AppError
from desktop_app.core.ledger import Ledger, RequestRecord, params_key
from desktop_app.core.locking import ProfileLock
from desktop_app.core.parts import HomeParts
from desktop_app.core.profiles import Profile
from desktop_app.core.sat.protocol import SatClientProtocol
from desktop_app.core.sat.query import QueryParams
from desktop_app.core.schedule import Schedule
from desktop_app.core.store.db import ConnectionPerThread, transaction
from desktop_app.core.store.schedules import ScheduleRepository
from desktop_app.core.store.sync_runs import RunCounts, SyncRunRepository
from desktop_app.core.sync import (
    SyncEvent,
    SyncPass,
    SyncPolicy,
    SyncReport,
    idle_report,
    month_periods,
    scheduled_params,
    sweep_interrupted_writes,
    work_due,
)
from desktop_app.core.verify_ops import VerificationOps

VERIFY_ONLY_REASON = "verify_only"
# The counters of a pass's report that `sync --wait` adds up over its passes.
PASS_COUNTERS = (
    "submitted",
    "verified",
    "packages_downloaded",
    "documents_ingested",
    "completed",
    "failed",
    "expired",
)

log = logging.getLogger(__name__)
# How long creating a request waits for another process creating requests of the same RFC (a backfill of six
# years is a few hundred inserts: well under a second).
CREATION_LOCK_WAIT = 60.0


class SyncRunner:
    """Sync passes of every profile of one home (each thread uses its own connection: ``db``).

    Args:
        sat_factory: builds a SAT client for a FIEL; called at each pass (the service's current factory).
        verifications: status checks at SAT; a pass goes on with the daily re-check of received invoices
            after its own work (issue 17.3).
    """

    def __init__(self, parts: HomeParts, *, policy: SyncPolicy, verifications: VerificationOps | None = None) -> None:
        self.home = parts.home
        self.db = parts.db
        self.clock = parts.clock
        self.profiles = parts.profiles
        self.ledger = parts.ledger
        self.sat_factory = parts.sat_factory
        self.policy = policy
        self.schedules = ScheduleRepository(parts.db)
        self.runs = SyncRunRepository(parts.db)
        self.verifications = verifications or VerificationOps(parts)

    def require_ready(self, profile: Profile) -> None:
        self.profiles.require_active(profile)
        if not profile.has_fiel:
            raise AppError("fiel_missing", f"No FIEL is stored for {profile.rfc}: upload it first.", rfc=profile.rfc)

    # -- queueing requests, once -----------------------------------------------------------------------------

    def create_deduplicated(
        self, rfc: str, params: QueryParams, source: str, *, clipped: bool = False, held: bool = False
    ) -> tuple[RequestRecord, bool]:
        """The ledger's request for ``params``: the one already standing for it (``True``), or a new one.

        Looked up and created under the RFC's request lock (``held``: the caller holds it, for a batch): two
        processes creating the same request at once (the window's «sync enable» and the console's) each found
        none and both created it, and SAT's two identical requests for the period were spent by one backfill."""
        if not held:
            with self.creating(rfc):
                return self.create_deduplicated(rfc, params, source, clipped=clipped, held=True)
        known = self.known_identical(rfc, params, clipped=clipped)
        if known is not None:
            return known, True
        return self.ledger.create(rfc, params, source), False

    def creating(self, rfc: str) -> ProfileLock:
        """The lock under which requests of ``rfc`` are looked up and created (short: a batch of inserts), apart
        from the sync lock a whole pass holds."""
        return ProfileLock(self.home / rfc / "requests.lock", wait=CREATION_LOCK_WAIT, poll=0.02)

    def known_identical(self, rfc: str, params: QueryParams, *, clipped: bool = False) -> RequestRecord | None:
        """The ledger's request that already stands for ``params`` (open or completed), if any; raises
        ``quota_exhausted`` when SAT's two identical requests were already sent and none stands."""
        existing = self.ledger.identical(rfc, params_key(params))
        for known in existing:
            if known.status in ("pending", "accepted", "processing", "completed"):
                return known
        if clipped:
            twin = self._clipped_twin(rfc, params)
            if twin is not None:
                return twin
        spent = sum(1 for r in existing if r.submit_state in ("sent", "unknown"))
        if spent >= 2:
            raise AppError(
                "quota_exhausted",
                "SAT allows two identical requests per period and this app already sent two; change the period "
                "or filters.",
            )
        return None

    def _clipped_twin(self, rfc: str, params: QueryParams) -> RequestRecord | None:
        """An open request of the same period and filters whose end was also cut at "now" when it was made.

        A period that ends in the future is sent up to the moment it is asked for, so the same request asked
        again a minute later differs only in that end: while the first is still open it is the same request.
        """
        wanted = dataclasses.replace(params, end=None)
        for known in self.ledger.open_requests(rfc):
            if known.end_at is None or known.request_kind != "period":
                continue
            created = from_ms(known.created_at).astimezone(MEXICO_CITY).replace(tzinfo=None)
            cut_at_creation = abs((datetime.fromisoformat(known.end_at) - created).total_seconds()) <= 2
            if cut_at_creation and dataclasses.replace(known.params, end=None) == wanted:
                return known
        return None

    def backfill(self, profile: Profile, schedule: Schedule, start: datetime, end: datetime) -> tuple[int, int]:
        """One request per month of [start, end] and download type of ``schedule``: (created, already known)."""
        created = duplicates = 0
        with self.creating(profile.rfc):
            for first, last in month_periods(start, end):
                for kind in schedule.download_types:
                    for params in scheduled_params(kind, first, last):
                        _record, duplicate = self.create_deduplicated(profile.rfc, params, "backfill", held=True)
                        duplicates += duplicate
                        created += not duplicate
        return created, duplicates

    # -- passes --------------------------------------------------------------------------------------------

    def sync_once(
        self,
        rfc: str | None,
        *,
        password: str | None = None,
        cancel: threading.Event | None = None,
        on_event: Callable[[SyncEvent], None] | None = None,
        trigger: str = "manual",
        lock_wait: float = 0.0,
    ) -> dict[str, Any]:
        """One pass: the schedule's due run (if any), then submit → verify → download → ingest; then (even when
        the pass failed: it needs no FIEL) up to ``policy.recheck_slice`` seconds of the daily re-check of
        received invoices at SAT, which tells newly cancelled ones by an ``invoices_cancelled`` event."""
        profile = self.profiles.resolve(rfc)
        self.require_ready(profile)
        try:
            report = self.run_pass(
                profile,
                password=password,
                cancel=cancel,
                on_event=on_event,
                trigger=trigger,
                lock_wait=lock_wait,
                run_schedule=True,
            )
        finally:
            if cancel is None or not cancel.is_set():
                self.verifications.continue_recheck(
                    profile,
                    rate=self.policy.recheck_rate,
                    time_limit=self.policy.recheck_slice,
                    cancel=cancel,
                    on_event=on_event,
                )
        return report.to_json()

    def sync_until_done(
        self,
        rfc: str | None,
        *,
        timeout: float,
        password: str | None = None,
        on_event: Callable[[SyncEvent], None] | None = None,
        on_wait: Callable[[dict[str, Any], float], None] | None = None,
        trigger: str = "manual",
        lock_wait: float = 0.0,
        sleep: Callable[[float], None] = _time.sleep,
        stop: threading.Event | None = None,
        monotonic: Callable[[], float] = _time.monotonic,
    ) -> dict[str, Any]:
        """Repeat passes until no request is open or ``timeout`` seconds passed (``timed_out`` then), or ``stop``
        is set (``stopped`` then: the pass running stops between its steps, as at the deadline; no pass after it).

        Between passes it pauses until the earliest check is due (0.2–60 s), so a request SAT keeps waiting is
        not asked about more often than the backoff allows. A pass that ends with less than the start margin
        left is the last (``timed_out``): no pass after it could start a request or a download, so none is
        announced nor run (it would only repeat the same deferral). ``monotonic``: the clock of the timeout
        (tests give a fake one with ``sleep``).

        ``timeout`` bounds the whole wait (a second or so more at most): every SAT call of a pass ends by the
        deadline (``sat_deadline``: calls in flight are cut, a request or download is not started in the last
        ``START_MARGIN`` s or quarter of the timeout), the pass stops between steps when the deadline comes
        (``cancel``: ``stop`` itself when given, which the deadline sets too), waiting for the profile lock and
        pausing between passes never go past it.
        """
        from desktop_app.core.sat.transport import START_MARGIN, sat_deadline

        deadline = monotonic() + timeout
        margin = min(START_MARGIN, max(0.0, timeout) / 4)
        passes = 0
        totals: dict[str, Any] = {}
        cancel = stop if stop is not None else threading.Event()  # set by the deadline, or by the caller
        timer = threading.Timer(max(0.0, timeout), cancel.set)
        timer.daemon = True
        timer.start()
        try:
            while True:
                left = max(0.0, deadline - monotonic())
                with sat_deadline(left, start_margin=margin):
                    report = self.sync_once(
                        rfc,
                        password=password,
                        cancel=cancel,
                        on_event=on_event,
                        trigger=trigger,
                        lock_wait=min(lock_wait, left),
                    )
                passes += 1
                totals = add_pass(totals, report)
                left = deadline - monotonic()
                if not report["open_requests"]:
                    return {**totals, "passes": passes, "timed_out": False}
                if cancel.is_set() and left > 0:  # before the deadline: the caller's stop
                    return {**totals, "passes": passes, "timed_out": False, "stopped": True}
                if left <= margin:
                    return {**totals, "passes": passes, "timed_out": True}
                now_ms = to_ms(self.clock.now())
                pause = max(0.2, min(60.0, ((report["next_check_at"] or now_ms) - now_ms) / 1000))
                pause = min(pause, left)
                if on_wait is not None:
                    on_wait(report, pause)
                if stop is None:
                    sleep(pause)
                elif stop.wait(pause) and monotonic() < deadline:  # (at the deadline: timed out, below)
                    return {**totals, "passes": passes, "timed_out": False, "stopped": True}
                if monotonic() >= deadline:
                    return {**totals, "passes": passes, "timed_out": True}
        finally:
            timer.cancel()

    def run_pass(
        self,
        profile: Profile,
        *,
        password: str | None = None,
        only: set[str] | None = None,
        force: bool = False,
        cancel: threading.Event | None = None,
        on_event: Callable[[SyncEvent], None] | None = None,
        trigger: str = "manual",
        lock_wait: float = 0.0,
        run_schedule: bool = False,
        verify_only: bool = False,
    ) -> SyncReport:
        """One pass for ``profile`` under its lock, recorded in ``sync_runs``.

        ``only``: the pass sees just these requests (``status ID``, a fresh manual request); ``force``: their
        checks are due now; ``verify_only``: SAT is only asked about requests it already accepted (a history
        refresh: nothing is sent or downloaded). ``run_schedule``: the daily run's requests are queued first
        when its slot is due.
        """
        lock = ProfileLock(self.home / profile.rfc / "sync.lock", wait=lock_wait)
        with lock:
            self.recover_interrupted_runs(profile.rfc)
            slot = self.create_scheduled_requests(profile) if run_schedule else None
            ledger = (
                ScopedLedger(self.db, self.clock, only=only, force=force, verify_only=verify_only)
                if only
                else self.ledger
            )
            if slot is None and not work_due(ledger.open_requests(profile.rfc), to_ms(self.clock.now())):
                return idle_report(profile.rfc, ledger.open_requests(profile.rfc))
            conn = self.db.get()
            with transaction(conn):
                run_id = self.runs.start(profile.rfc, trigger, to_ms(self.clock.now()))
            report = SyncReport(rfc=profile.rfc)
            error: AppError | None = None
            began = _time.monotonic()
            log.info("sync pass %d of %s started (trigger %s)", run_id, profile.rfc, trigger)
            try:
                fiel = self.profiles.load_fiel(profile, password)
                client = self.sat_factory(fiel)
                try:
                    if verify_only:
                        client = VerifyOnly(client)
                    sync_pass = SyncPass(
                        home=self.home,
                        db=self.db,
                        clock=self.clock,
                        ledger=ledger,
                        rfc=profile.rfc,
                        client=client,
                        policy=self.policy,
                        cancel=cancel,
                        on_event=on_event,
                    )
                    report = sync_pass.run()
                    if not profile.registered and getattr(client, "signed_in", False) is True:
                        # SAT took the e.firma: that is the registration a failed upload or retry left pending
                        # («✗ Pendiente» stayed beside «✓ Al día» and completed requests).
                        self.profiles.record_registration(profile.rfc, True, None)
                finally:
                    close = getattr(client, "close", None)
                    if close:
                        close()
            except AppError as exc:
                error = exc
                report.errors.append(exc.to_json())
            except Exception:
                log.exception("sync pass %d of %s failed unexpectedly", run_id, profile.rfc)
                raise
            status = "failed" if error else ("partial" if report.errors else "success")
            log.log(
                logging.WARNING if report.errors else logging.INFO,
                "sync pass %d of %s: %s in %.1f s; submitted %d, verified %d, downloaded %d, ingested %d, open %d%s",
                run_id,
                profile.rfc,
                status,
                _time.monotonic() - began,
                report.submitted,
                report.verified,
                report.downloaded,
                report.ingested,
                report.open_requests,
                "; errors: " + ", ".join(f"{e.get('code')}: {e.get('message')}" for e in report.errors)
                if report.errors
                else "",
            )
            counts = RunCounts(report.submitted, report.verified, report.downloaded, report.ingested)
            with transaction(conn):
                self.runs.finish(
                    run_id,
                    finished_at=to_ms(self.clock.now()),
                    status=status,
                    error=error.message if error else None,
                    error_code=error.code if error else None,
                    counts=counts,
                )
                if slot is not None:
                    first = report.errors[0] if report.errors else None
                    self.schedules.finish_run(
                        profile.rfc, status, f"{first['code']}: {first['message']}" if first else None
                    )
            if error is not None:
                # The pass could not run at all (no password, expired FIEL…): say so as an error — a report
                # with ``open_requests: 0`` would read as "nothing left to do" (and end `sync --wait`).
                raise error
            return report

    def recover_interrupted_runs(self, rfc: str) -> None:
        """A run with no end was killed (power cut, SIGKILL): close it and delete the temporary files it left.

        Called under the profile lock, so no other sync of this RFC is writing now.
        """
        if not self.runs.unfinished(rfc):
            return
        removed = sweep_interrupted_writes(self.home, rfc, older_than=_time.time())
        message = "The app stopped during this run; the next run resumed it" + (
            f" and removed {len(removed)} unfinished temporary file(s)." if removed else "."
        )
        with transaction(self.db.get()):
            self.runs.interrupt_unfinished(rfc, at=to_ms(self.clock.now()), message=message)
            self.schedules.interrupt_running(rfc, message)

    def create_scheduled_requests(self, profile: Profile) -> datetime | None:
        """If the daily run is due, queue its requests (once, even after days off) and mark it run."""
        schedule, enabled_at = self.schedules.load(profile.rfc)
        if not profile.activated:
            return None
        slot = schedule.due_slot(self.clock.now(), enabled_at=enabled_at)
        if slot is None:
            return None
        first, last = schedule.window(slot)
        last_day = self.schedules.last_run_day(profile.rfc)
        if last_day:
            # Off for longer than days_back: reach back to where the previous run's window ended, so no day
            # is ever skipped (one request per month, as SAT prefers).
            first = min(first, datetime.fromisoformat(last_day))
        elif enabled_at is not None:
            # The first daily run: back to the day the schedule was turned on (``sync enable``'s backfill ends the
            # day before). Days off between the two were never asked for: 06-10…06-16 after a backfill to 06-09
            # and a first run on 06-20 with days_back 3.
            enabled_day = from_ms(enabled_at).astimezone(MEXICO_CITY).date()
            first = min(first, datetime.combine(enabled_day, datetime.min.time()))
        with self.creating(profile.rfc):
            for period_start, period_end in month_periods(first, last):
                for kind in schedule.download_types:
                    for params in scheduled_params(kind, period_start, period_end):
                        try:
                            self.create_deduplicated(profile.rfc, params, "scheduled", held=True)
                        except AppError:
                            continue
        with transaction(self.db.get()):
            self.schedules.start_run(profile.rfc, to_ms(self.clock.now()), slot.date().isoformat())
            # …and, with it, the snapshot of received invoices to re-check at SAT (sync_once goes on with it)
            self.verifications.queue_recheck(profile, schedule.recheck_months, rate=self.policy.recheck_rate)
        return slot


class ScopedLedger(Ledger):
    """The ledger as a pass restricted to some requests sees it: only their open requests, the rest as is.

    Args:
        only: the ids of the requests the pass may work on (``status ID``, a fresh manual request).
        force: their checks are due now, whatever their backoff says.
        verify_only: only requests SAT already accepted and that have no packages to fetch (a history refresh).
    """

    def __init__(
        self, db: ConnectionPerThread, clock: Clock, *, only: set[str], force: bool, verify_only: bool = False
    ) -> None:
        super().__init__(db, clock)
        self.only = frozenset(only)
        self.force = force
        self.verify_only = verify_only

    def open_requests(self, rfc: str) -> list[RequestRecord]:
        records = [r for r in super().open_requests(rfc) if r.id in self.only]
        if self.verify_only:
            records = [r for r in records if verifiable(r, None)]
        if self.force:
            return [dataclasses.replace(r, next_check_at=None) for r in records]
        return records


class VerifyOnly:
    """A SAT client that only authenticates and verifies (a history refresh): Solicita* and Descargar are
    refused before anything is sent, as calls that never left (``delivered: false``), so nothing is spent."""

    def __init__(self, client: SatClientProtocol) -> None:
        self._client = client

    def query(self, *_args: Any, **_kwargs: Any) -> Any:
        raise AppError(
            "sat_unavailable",
            "Not sent by a history refresh; the next sync sends it.",
            delivered=False,
            reason=VERIFY_ONLY_REASON,
        )

    def download(self, *_args: Any, **_kwargs: Any) -> Any:
        raise AppError(
            "sat_unavailable",
            "Ready at SAT; the next sync downloads it (a history refresh only checks the status).",
            delivered=False,
            reason=VERIFY_ONLY_REASON,
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


def add_pass(totals: dict[str, Any], report: dict[str, Any]) -> dict[str, Any]:
    """The totals of the passes so far plus ``report``: counters and errors add up; what is left to do
    (``open_requests``, ``next_check_at``, ``cancelled``) is the last pass's, kept whole in ``last_pass``."""
    added = {**report, "last_pass": report}
    for name in PASS_COUNTERS:
        added[name] = totals.get(name, 0) + report.get(name, 0)
    added["errors"] = [*totals.get("errors", []), *report.get("errors", [])]
    return added


def verifiable(record: RequestRecord, now_ms: int | None) -> bool:
    """SAT accepted it, it has no packages waiting to be fetched, and (with ``now_ms``) its check is due."""
    if record.submit_state != "sent" or not record.sat_request_id or record.sat_state == 3:
        return False
    return now_ms is None or record.next_check_at is None or record.next_check_at <= now_ms
