"""Status at SAT for many invoices at once, and the daily watch over received ones (issue 17.3).

A **verification run** asks SAT's ConsultaCFDIService (public: no FIEL, no token, no quota; sat-protocol.md §8)
about a set of indexed CFDI and keeps every answer:

* the set is snapshotted when the run is made — UUIDs, a filter of the index, or (the daily re-check) the
  received invoices the index has as vigente or unknown (imported XML), issued in the schedule's last
  ``recheck_months`` months and not
  asked about in :data:`RECHECK_AFTER_DAYS` days — into ``verification_items``
  (:mod:`desktop_app.core.store.verifications`);
* calls are paced by :class:`Pacer`: one call starts at least ``1/rate`` s after the previous one, for every
  attempt (retries too) of every run of this process;
* each answer is committed with the invoice's new status (and ``verified_at``) in one transaction, so a run killed
  at any point resumes — ``invoices verify --resume``, the window's «Continuar», the next sync pass for the daily
  re-check — asking only what SAT has not answered yet (the one call in flight when it died, at most, again);
* a UUID SAT cannot be asked about (no answer, a fault) is tried :data:`MAX_ATTEMPTS` times with backoff, then
  marked failed with the error's code, and the others go on; after :data:`TRIP_AFTER` such UUIDs in a row SAT is
  down: the run pauses (``sat_unavailable``) and can be resumed, which asks the failed ones again;
* cancelling stops before the next call (every wait is cancellable; a call in flight ends within
  :data:`CALL_LIMIT`).

A verification is not a Descarga Masiva request: the ledger (``requests``), SAT's request quotas and the seed's
``history`` items never see it. The history shows runs beside the requests (:meth:`VerificationOps.history`).

Crash points (``core/crashpoints.py``; not in its ``POINTS``, which the sync's kill harness walks):
``verify.item.asking`` (before each call), ``verify.item.answered`` (an answer in hand, not recorded),
``verify.item.recorded`` (committed).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as day_start
from pathlib import Path
from typing import Any

from desktop_app.core.clock import MEXICO_CITY, to_ms
from desktop_app.core.crashpoints import crashpoint
from desktop_app.core.errors import AppError
from desktop_app.core.locking import ProfileLock
from desktop_app.core.months import add_months
from desktop_app.core.parts import HomeParts
from desktop_app.core.profiles import Profile
from desktop_app.core.sat.envelopes import qr_expression
from desktop_app.core.sat.query import UUID_RE
from desktop_app.core.sat.responses import ConsultaResult
from desktop_app.core.sat.transport import Transport, sat_deadline
from desktop_app.core.store.db import transaction
from desktop_app.core.store.invoices import InvoiceFilter, InvoiceRepository
from desktop_app.core.store.verifications import VerificationRepository
from desktop_app.core.sync.model import SyncEvent

log = logging.getLogger(__name__)

# Calls per second. SAT publishes no limit for ConsultaCFDIService; it is a public service behind a firewall that
# throttles bursts, and clients that hammered it report being cut off. 2/s (7,200 an hour: a year of a small
# business's invoices in minutes, 10,000 in 84 min) for a run someone waits for; the daily re-check goes at
# SyncPolicy.recheck_rate (0.5/s). The user may choose from MIN_RATE to MAX_RATE.
DEFAULT_RATE = 2.0
MIN_RATE, MAX_RATE = 0.05, 5.0
# Added to every interval: two calls spaced exactly 1/rate apart when they leave may arrive a few ms closer (the
# first delayed on its way more than the second). Measured on loopback under load: up to 7 ms (performance.md).
JITTER_MARGIN = 0.015
MAX_ATTEMPTS = 3  # per UUID; the transport's own retries are off for a run: every attempt is paced here
BACKOFF = 2.0  # seconds before the second attempt, doubled for each next one
CALL_LIMIT = 60.0  # one ConsultaCFDI call, whole (it answers in well under a second)
TRIP_AFTER = 5  # UUIDs in a row SAT could not be asked about: SAT is down, the run pauses
RECHECK_AFTER_DAYS = 7  # the daily re-check skips invoices SAT answered about within this many days
BATCH = 200  # pending items read at a time
CHANGES_LISTED = 100  # changes per run in the history's JSON (``changed_count`` says how many in all)
# Errors worth asking again: SAT did not answer, answered a fault (its "Error no controlado" is one), or garbage.
TRANSIENT = frozenset({"sat_unavailable", "sat_fault", "sat_bad_response", "sat_answer_too_large"})
INVALID_EXPRESSION = "N - 601"  # SAT answers it now and then for good expressions (sat-protocol.md §9, #20)
INTERRUPTED = "The app stopped during this check; it can be resumed."
# A received invoice SAT says is cancelled that the index had as vigente, or did not know (an imported XML): a
# deduction lost.
CANCELLED = frozenset({("vigente", "cancelado"), ("unknown", "cancelado")})
# Runs that ended without asking everything: what is left may be resumed.
RESUMABLE = ("pending", "running", "paused", "cancelled", "interrupted")


@dataclass(frozen=True)
class VerifyProgress:
    """Where a run stands after one more UUID (immutable: crosses threads)."""

    run_id: int
    total: int
    checked: int  # SAT answered (found or not)
    changed: int
    not_found: int
    failed: int
    uuid: str
    status: str | None  # what SAT said of ``uuid`` (vigente/cancelado), None: not found or failed

    @property
    def done(self) -> int:
        return self.checked + self.failed


@dataclass(frozen=True)
class StatusChange:
    """An invoice whose status SAT changed (``invoices_cancelled`` events carry them)."""

    uuid: str
    direction: str | None
    previous_status: str | None
    status: str
    issuer_rfc: str | None
    issuer_name: str | None
    total: str | None
    issue_date: str | None


class Pacer:
    """At most ``rate`` ConsultaCFDI calls per second: each call goes at least ``1/rate`` s (plus
    :data:`JITTER_MARGIN`) after the previous one went — for all the runs of this process together (a bucket of one
    token shared by every pacer, each call spacing the next by its own interval). A call's time is when its turn
    was actually given, not when it was booked: a thread that wakes late (a busy machine, the GIL held by another
    thread) pushes the next call back, where a booked time let the next one follow closer (seen in the full test
    suite on 2 busy cores: a call 45 ms late, the next one 220 ms after it at 4 calls/s). Waits end early when
    ``cancel`` is set; a cancelled wait books nothing."""

    _lock = threading.Lock()
    _next_free = 0.0  # time.monotonic() before which no call may go

    def __init__(self, rate: float, cancel: threading.Event) -> None:
        self.interval = 1.0 / rate + JITTER_MARGIN
        self.cancel = cancel

    def turn(self) -> bool:
        """Wait for this call's turn; False when cancelled meanwhile."""
        while True:
            with Pacer._lock:
                now = time.monotonic()
                left = Pacer._next_free - now
                if left <= 0:
                    if self.cancel.is_set():
                        return False
                    Pacer._next_free = now + self.interval
                    return True
            if self.cancel.wait(left):
                return False

    def pause(self, seconds: float) -> bool:
        """A backoff; False when cancelled meanwhile."""
        return not self.cancel.wait(seconds)


def check_rate(rate: float) -> float:
    """``rate`` (calls per second) within :data:`MIN_RATE`–:data:`MAX_RATE`, else ``invalid_argument``."""
    value = float(rate)
    if not MIN_RATE <= value <= MAX_RATE:  # also refuses nan
        raise AppError(
            "invalid_argument",
            f"The rate must be from {MIN_RATE:g} to {MAX_RATE:g} calls per second.",
            field="rate",
        )
    return value


def consulta_expression(row: Any) -> str:
    """The QR expression ConsultaCFDIService takes for an indexed invoice (``invoices`` row)."""
    details = json.loads(row["details"] or "{}")
    return qr_expression(
        row["uuid"],
        row["issuer_rfc"] or "",
        row["receiver_rfc"] or "",
        row["total"] or "0",
        details.get("seal_tail") or "",
        version=row["version"] or "4.0",
    )


def sat_status(answer: ConsultaResult) -> str | None:
    """SAT's ``Estado`` as the index's status (``vigente``/``cancelado``); None when SAT did not find the CFDI."""
    return {"vigente": "vigente", "cancelado": "cancelado"}.get(answer.estado.strip().lower())


def normalize_uuids(uuids: Iterable[str]) -> list[str]:
    """The UUIDs as the index keys them (upper case), each once, in order; ``invalid_uuid`` for one that is not."""
    keys: dict[str, None] = {}
    for uuid in uuids:
        key = uuid.strip().upper()
        if not UUID_RE.match(key):
            raise AppError("invalid_uuid", f"{uuid!r} is not a UUID.", field="uuid")
        keys[key] = None
    return list(keys)


@dataclass
class _Tally:
    """A run's counters as its row keeps them (kept in step with each committed item)."""

    total: int
    checked: int
    changed: int
    not_found: int
    failed: int


class VerificationOps:
    """Verification runs of one home's profiles (each thread uses its own connection: ``db``)."""

    def __init__(self, parts: HomeParts) -> None:
        self.home = parts.home
        self.db = parts.db
        self.clock = parts.clock
        self.sat_factory = parts.sat_factory
        self.repo = VerificationRepository(parts.db)
        self.invoices = InvoiceRepository(parts.db)

    # -- a run someone asked for ---------------------------------------------------------------------------------

    def verify(
        self,
        profile: Profile,
        *,
        uuids: Iterable[str] | None = None,
        flt: InvoiceFilter | None = None,
        rate: float | None = None,
        resume: bool = False,
        cancel: threading.Event | None = None,
        on_progress: Callable[[VerifyProgress], None] | None = None,
    ) -> dict[str, Any]:
        """Check ``uuids`` (or what ``flt`` lists; neither: every CFDI of the profile) at SAT and keep the answers;
        with ``resume``, go on with the profile's newest unfinished run instead (``not_found`` if none).

        Returns :meth:`result`. Raises ``sat_unavailable`` (with the result's fields) when SAT stopped answering
        and the run paused, ``verification_busy`` when another run of the profile is working.
        """
        if rate is not None:
            rate = check_rate(rate)
        if resume:
            if uuids is not None or flt is not None:
                raise AppError(
                    "invalid_argument", "Resuming goes on with the last run: give no UUIDs or filters.", field="resume"
                )
            pending = self.resumable(profile)
            if pending is None:
                raise AppError("not_found", f"{profile.rfc} has no unfinished status check to resume.")
            run_id = int(pending["run_id"])
        else:
            run_id = self.create(profile, uuids=uuids, flt=flt, rate=DEFAULT_RATE if rate is None else rate)
        return self.run(profile, run_id, rate=rate, cancel=cancel, on_progress=on_progress, resumed=resume)

    def create(
        self,
        profile: Profile,
        *,
        uuids: Iterable[str] | None = None,
        flt: InvoiceFilter | None = None,
        rate: float = DEFAULT_RATE,
        trigger: str = "manual",
    ) -> int:
        """A run over ``uuids`` or what ``flt`` lists (neither: every CFDI of the profile), its items snapshotted
        now; its id."""
        rate = check_rate(rate)
        keys = normalize_uuids(uuids) if uuids is not None else None
        scope: dict[str, Any] = {"kind": "uuids", "count": len(keys)} if keys is not None else {"kind": "filter"}
        if keys is None:
            scope["filter"] = _filter_json(flt or InvoiceFilter())
        with transaction(self.db.get()):
            run_id = self.repo.create_run(
                profile.rfc, trigger=trigger, scope=json.dumps(scope), rate=rate, created_at=self._now()
            )
            if keys is not None:
                self.repo.add_uuids(run_id, keys)
            else:
                self.repo.add_filtered(run_id, profile.rfc, flt or InvoiceFilter())
        return run_id

    def resumable(self, profile: Profile) -> dict[str, Any] | None:
        """The profile's newest run someone asked for that did not ask everything (killed, stopped, paused), as
        :meth:`result` (``pending`` + failed ones are what resuming asks), or None."""
        self._settle(profile.rfc)
        run = self.repo.latest_unfinished(profile.rfc, "manual")
        if run is None:
            return None
        return self.result(int(run["id"]))

    def _settle(self, rfc: str) -> None:
        """Runs left ``running`` by a process that died are ``interrupted`` — known when nobody holds the lock.
        Readers call it (the history, on the window's thread): a write only when a run says ``running``."""
        if not self.repo.has_running(rfc):
            return
        try:
            with ProfileLock(self.lock_path(rfc)), transaction(self.db.get()):
                self.repo.interrupt_running(rfc, INTERRUPTED)
        except (AppError, OSError):  # a check is working now, or the home is read-only: say what the rows say
            return

    # -- working a run ---------------------------------------------------------------------------------------------

    def run(
        self,
        profile: Profile,
        run_id: int,
        *,
        rate: float | None = None,
        cancel: threading.Event | None = None,
        on_progress: Callable[[VerifyProgress], None] | None = None,
        on_change: Callable[[StatusChange], None] | None = None,
        time_limit: float | None = None,
        resumed: bool = False,
    ) -> dict[str, Any]:
        """Ask SAT about run ``run_id``'s UUIDs not answered yet, at ``rate`` (default: the run's), until none is
        left (``completed``), ``cancel`` is set (``cancelled``) or ``time_limit`` seconds passed (``paused``).

        Under the profile's verification lock (``verification_busy`` if another process or thread holds it):
        a run found ``running`` then was killed, and becomes ``interrupted``.
        """
        cancel = cancel or threading.Event()
        try:
            lock = ProfileLock(self.lock_path(profile.rfc)).__enter__()
        except AppError as exc:
            if exc.code != "sync_busy":
                raise
            raise AppError(
                "verification_busy",
                f"Another status check of {profile.rfc} is running (the window, the daily sync or another command); "
                "try again when it ends.",
            ) from None
        try:
            return self._run_locked(profile, run_id, rate, cancel, on_progress, on_change, time_limit, resumed)
        finally:
            lock.__exit__(None, None, None)

    def _run_locked(
        self,
        profile: Profile,
        run_id: int,
        rate: float | None,
        cancel: threading.Event,
        on_progress: Callable[[VerifyProgress], None] | None,
        on_change: Callable[[StatusChange], None] | None,
        time_limit: float | None,
        resumed: bool,
    ) -> dict[str, Any]:
        conn = self.db.get()
        with transaction(conn):
            self.repo.interrupt_running(profile.rfc, INTERRUPTED)
        row = self.repo.get(run_id)
        if row is None or row["rfc"] != profile.rfc:
            raise AppError("not_found", f"There is no status check {run_id} for {profile.rfc}.", run_id=run_id)
        if row["status"] not in RESUMABLE:
            return self.result(run_id, resumed=resumed)
        pace = float(row["rate"] if rate is None else rate)  # checked where a user gave it (verify, create)
        if not pace > 0:
            raise AppError("invalid_argument", f"A rate of {pace} calls per second cannot be kept.", field="rate")
        with transaction(conn):
            self.repo.requeue_failed(run_id)
            self.repo.start(run_id, self._now(), pace)
        row = self.repo.get(run_id)
        assert row is not None
        tally = _Tally(row["total"], row["answered"], row["changed"], row["not_found"], row["failed"])
        log.info("status check %d of %s: %d of %d to ask, %g/s", run_id, profile.rfc, row["pending"], tally.total, pace)
        began = time.monotonic()
        status, error = "interrupted", None
        try:
            status, error = self._work(profile, run_id, tally, Pacer(pace, cancel), on_progress, on_change, time_limit)
        except AppError as exc:  # SAT cannot be reached at all as configured (an endpoint refused, …)
            error = exc
            raise
        finally:
            if error is not None or status != "interrupted":
                with transaction(conn):
                    self.repo.finish(
                        run_id,
                        status,
                        self._now(),
                        code=error.code if error else None,
                        message=error.message if error else None,
                    )
            log.info(
                "status check %d of %s: %s in %.1f s; %d answered, %d changed, %d not found, %d failed of %d",
                run_id,
                profile.rfc,
                status,
                time.monotonic() - began,
                tally.checked,
                tally.changed,
                tally.not_found,
                tally.failed,
                tally.total,
            )
        result = self.result(run_id, resumed=resumed)
        if error is not None:
            raise AppError(error.code, error.message, **{**error.details, **_summary(result)})
        return result

    def _work(
        self,
        profile: Profile,
        run_id: int,
        tally: _Tally,
        pacer: Pacer,
        on_progress: Callable[[VerifyProgress], None] | None,
        on_change: Callable[[StatusChange], None] | None,
        time_limit: float | None,
    ) -> tuple[str, AppError | None]:
        """Ask item after item; (how the run stops, the error that stopped it)."""
        deadline = None if time_limit is None else time.monotonic() + time_limit
        client = self.sat_factory(None)  # the consulta needs no FIEL
        transport = getattr(client, "transport", None)
        if isinstance(transport, Transport):
            transport.max_attempts = 1  # this client is the run's: every attempt goes through the pacer
        streak = 0
        after = 0
        try:
            while True:
                batch = self.repo.pending(run_id, after=after, limit=BATCH)
                if not batch:
                    return "completed", None
                for seq, uuid in batch:
                    if pacer.cancel.is_set():
                        return "cancelled", None
                    if deadline is not None and time.monotonic() >= deadline:
                        return "paused", None
                    outcome = self._check(profile, run_id, seq, uuid, client, pacer, tally, on_change)
                    if outcome is None:
                        return "cancelled", None
                    after = seq
                    streak = streak + 1 if outcome == "unreachable" else 0
                    if on_progress is not None:
                        status = outcome if outcome in ("vigente", "cancelado") else None
                        on_progress(
                            VerifyProgress(
                                run_id,
                                tally.total,
                                tally.checked,
                                tally.changed,
                                tally.not_found,
                                tally.failed,
                                uuid,
                                status,
                            )
                        )
                    if streak >= TRIP_AFTER:
                        return "paused", AppError(
                            "sat_unavailable",
                            f"SAT did not answer about {streak} invoices in a row; the check paused (resumable).",
                            reason="unreachable",
                        )
        finally:
            close = getattr(client, "close", None)
            if close is not None:
                close()

    def _check(
        self,
        profile: Profile,
        run_id: int,
        seq: int,
        uuid: str,
        client: Any,
        pacer: Pacer,
        tally: _Tally,
        on_change: Callable[[StatusChange], None] | None,
    ) -> str | None:
        """Ask SAT about one item and record the outcome: the new status (``vigente``/``cancelado``),
        ``not_found`` (SAT does not know it), ``failed`` (not in the index…), ``unreachable`` (failed: SAT did not
        answer), or None when cancelled before an answer (the item stays pending)."""
        row = self.invoices.by_uuid(profile.rfc, uuid)
        if row is None or row["family"] != "cfdi":
            code, message = (
                ("not_found", f"{uuid} is not in the index of {profile.rfc}.")
                if row is None
                else ("not_verifiable", f"{uuid} is a Retenciones document; ConsultaCFDI does not know those.")
            )
            with transaction(self.db.get()):
                self.repo.record_failure(run_id, seq, code=code, message=message, attempts=0, at=self._now())
            tally.failed += 1
            return "failed"
        expression = consulta_expression(row)
        attempts = 0
        while True:
            if not pacer.turn():
                return None
            attempts += 1
            crashpoint("verify.item.asking")
            error: AppError | None = None
            answer: ConsultaResult | None = None
            try:
                with sat_deadline(CALL_LIMIT):
                    answer = client.consulta(expression)
            except AppError as exc:
                if exc.code not in TRANSIENT:
                    raise
                error = exc
            if answer is not None and not (
                answer.codigo_estatus.startswith(INVALID_EXPRESSION) and attempts < MAX_ATTEMPTS
            ):
                break
            if attempts >= MAX_ATTEMPTS:
                assert error is not None
                log.warning("status check %d: %s failed after %d attempts: %s", run_id, uuid, attempts, error.code)
                with transaction(self.db.get()):
                    self.repo.record_failure(
                        run_id, seq, code=error.code, message=error.message, attempts=attempts, at=self._now()
                    )
                tally.failed += 1
                return "unreachable"
            if not pacer.pause(BACKOFF * 2 ** (attempts - 1)):
                return None
        crashpoint("verify.item.answered")
        status = sat_status(answer)
        now = self._now()
        change: StatusChange | None = None
        with transaction(self.db.get()):
            current = self.invoices.by_id(row["id"])
            previous = current["status"] if current is not None else row["status"]
            changed = current is not None and status is not None and status != previous
            if current is not None:
                if changed:
                    assert status is not None
                    self.invoices.set_status(row["id"], status, now)
                self.invoices.mark_verified(row["id"], now)
            self.repo.record_answer(
                run_id,
                seq,
                previous_status=previous,
                status=status,
                changed=changed,
                answer=json.dumps(answer.to_json(), ensure_ascii=False),
                attempts=attempts,
                at=now,
            )
        crashpoint("verify.item.recorded")
        tally.checked += 1
        tally.not_found += status is None
        if changed:
            assert status is not None
            tally.changed += 1
            change = StatusChange(
                uuid,
                row["direction"],
                previous,
                status,
                row["issuer_rfc"],
                row["issuer_name"],
                row["total"],
                row["issue_date"],
            )
            if on_change is not None:
                on_change(change)
        return status or "not_found"

    # -- the daily re-check of received invoices -----------------------------------------------------------------

    def queue_recheck(self, profile: Profile, months: int, *, rate: float) -> int | None:
        """The daily run fired: snapshot the received invoices to re-check (inside the caller's transaction).

        The index's received vigente (or unknown) CFDI issued in the last ``months`` months (Mexico City
        calendar), not asked about in :data:`RECHECK_AFTER_DAYS` days. Nothing when ``months`` is 0, when nothing
        qualifies, or while the previous re-check is unfinished (it goes on instead). Returns the run's id or None.
        """
        if months <= 0 or self.repo.latest_unfinished(profile.rfc, "scheduled") is not None:
            return None
        now = self.clock.now()
        today = datetime.combine(now.astimezone(MEXICO_CITY).date(), day_start())
        since = add_months(today, -months).date().isoformat()
        scope = {"kind": "recheck", "months": months, "issued_since": since, "skip_days": RECHECK_AFTER_DAYS}
        run_id = self.repo.create_run(
            profile.rfc, trigger="scheduled", scope=json.dumps(scope), rate=rate, created_at=to_ms(now)
        )
        total = self.repo.add_recheck(
            run_id,
            profile.rfc,
            issued_since=since,
            verified_before=to_ms(now - timedelta(days=RECHECK_AFTER_DAYS)),
        )
        if not total:
            self.repo.delete_run(run_id)
            return None
        log.info("daily re-check of %s: %d received vigente invoices since %s", profile.rfc, total, since)
        return run_id

    def continue_recheck(
        self,
        profile: Profile,
        *,
        rate: float,
        time_limit: float,
        cancel: threading.Event | None = None,
        on_event: Callable[[SyncEvent], None] | None = None,
    ) -> dict[str, Any] | None:
        """Work on the profile's unfinished daily re-check for at most ``time_limit`` seconds (a sync pass calls
        this after its own work). Received invoices SAT now says are cancelled — deductions lost — are told by one
        ``invoices_cancelled`` event. Never raises for SAT's or the lock's sake (logged); None when there was
        nothing to do."""
        run = self.repo.latest_unfinished(profile.rfc, "scheduled")
        if run is None:
            return None
        run_id = int(run["id"])
        changes: list[StatusChange] = []
        result: dict[str, Any] | None = None
        try:
            result = self.run(
                profile, run_id, rate=rate, cancel=cancel, time_limit=time_limit, on_change=changes.append
            )
        except AppError as exc:
            if exc.code != "verification_busy":
                log.warning("daily re-check %d of %s stopped: %s: %s", run_id, profile.rfc, exc.code, exc.message)
        lost = tuple(c for c in changes if c.direction == "received" and (c.previous_status, c.status) in CANCELLED)
        if lost and on_event is not None:
            listed = ", ".join(f"{c.uuid} ({c.issuer_name or c.issuer_rfc or '?'})" for c in lost[:5])
            more = f" and {len(lost) - 5} more" if len(lost) > 5 else ""
            on_event(
                SyncEvent(
                    "invoices_cancelled",
                    f"verification:{run_id}",
                    f"SAT now says {len(lost)} received invoice(s) the index had as vigente are cancelled (no longer "
                    f"deductible): {listed}{more}.",
                    "cancelado",
                    invoices=lost,
                )
            )
        return result

    # -- reading -------------------------------------------------------------------------------------------------

    def result(self, run_id: int, *, resumed: bool = False) -> dict[str, Any]:
        """A run as ``invoices verify`` prints it: counters, ``changed`` [{uuid, previous_status, status, …}] and
        ``failed`` [{uuid, code, message, attempts}] — over the whole run, resumed parts included."""
        row = self.repo.get(run_id)
        if row is None:
            raise AppError("not_found", f"There is no status check {run_id}.", run_id=run_id)
        return {
            **self._run_json(row),
            "resumed": resumed,
            "cancelled": row["status"] == "cancelled",
            "changed": [_change_json(item) for item in self.repo.changes(run_id)],
            "failed": [_failure_json(item) for item in self.repo.failures(run_id)],
        }

    def history(self, profile: Profile, limit: int | None = None, *, changes: bool = True) -> list[dict[str, Any]]:
        """The profile's runs, newest first, each with its first :data:`CHANGES_LISTED` changes (``changes``
        False: the counters only, what a list of them shows)."""
        self._settle(profile.rfc)
        runs = []
        for row in self.repo.runs(profile.rfc, limit):
            item = self._run_json(row)
            if changes:
                item["changed"] = [_change_json(c) for c in self.repo.changes(int(row["id"]), limit=CHANGES_LISTED)]
            runs.append(item)
        return runs

    def detail(self, profile: Profile, run_id: int) -> dict[str, Any]:
        """One run of ``profile`` with every change and failure (the history's detail pane)."""
        row = self.repo.get(run_id)
        if row is None or row["rfc"] != profile.rfc:
            raise AppError("not_found", f"There is no status check {run_id} for {profile.rfc}.", run_id=run_id)
        return self.result(run_id)

    @staticmethod
    def _run_json(row: Any) -> dict[str, Any]:
        total, answered, failed = int(row["total"]), int(row["answered"]), int(row["failed"])
        return {
            "run_id": int(row["id"]),
            "rfc": row["rfc"],
            "trigger": row["trigger"],
            "status": row["status"],
            "scope": json.loads(row["scope"] or "{}"),
            "rate": float(row["rate"]),
            "total": total,
            "checked": answered,
            "changed_count": int(row["changed"]),
            "not_found": int(row["not_found"]),
            "failed_count": failed,
            "pending": max(0, total - answered - failed),
            "created_at": row["created_at"],
            "started_at": row["started_at"],
            "finished_at": row["finished_at"],
            "error": {"code": row["error_code"], "message": row["error_message"]} if row["error_code"] else None,
        }

    def _now(self) -> int:
        return to_ms(self.clock.now())

    def lock_path(self, rfc: str) -> Path:
        """The file lock that lets one status check of ``rfc`` work at a time (window, daily sync, commands)."""
        return self.home / rfc / "verify.lock"


def _filter_json(flt: InvoiceFilter) -> dict[str, Any]:
    """The filter's fields that are set, as JSON (what the run was asked for, for the history)."""
    out: dict[str, Any] = {}
    for name, value in vars(flt).items():
        if value is None or value is False or value == () or value == "":
            continue
        if isinstance(value, tuple):
            out[name] = list(value)
        elif isinstance(value, bool | int | str):
            out[name] = value
        else:  # Decimal amounts
            out[name] = str(value)
    return out


def _change_json(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "uuid": item["uuid"],
        "previous_status": item["previous_status"],
        "status": item["status"],
        "direction": item["direction"],
        "issue_date": item["issue_date"],
        "issuer_rfc": item["issuer_rfc"],
        "issuer_name": item["issuer_name"],
        "receiver_rfc": item["receiver_rfc"],
        "total": item["total"],
        "checked_at": item["checked_at"],
    }


def _failure_json(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "uuid": item["uuid"],
        "code": item["error_code"],
        "message": item["error_message"],
        "attempts": item["attempts"],
    }


def _summary(result: dict[str, Any]) -> dict[str, Any]:
    """What an error that stopped a run carries of it (the CLI prints the error's details)."""
    keys = ("run_id", "status", "total", "checked", "changed_count", "not_found", "failed_count", "pending", "changed")
    return {key: result[key] for key in keys}
