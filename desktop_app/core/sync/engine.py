"""One sync pass for one profile: submit due requests → verify pending ones → download → ingest.

:class:`SyncPass` walks the profile's open requests and moves each one step further; the steps are their
own classes (:mod:`.submission`, :mod:`.verification`, :mod:`.packages` with :mod:`.ingest`), sharing a
:class:`~.model.PassContext`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from desktop_app.core.clock import Clock
from desktop_app.core.errors import AppError
from desktop_app.core.ledger import Ledger, RequestRecord
from desktop_app.core.sat.protocol import SatClientProtocol
from desktop_app.core.store.db import ConnectionPerThread
from desktop_app.core.sync import disk
from desktop_app.core.sync.model import PassContext, SyncEvent, SyncPolicy, SyncReport
from desktop_app.core.sync.packages import PackageCollector
from desktop_app.core.sync.submission import Submitter
from desktop_app.core.sync.verification import Verifier

# Errors after which every other call of the pass would fail the same way (authentication is broken).
_STOP_THE_PASS = ("sat_fault", "certificate_expired", "sat_unauthorized")


def _signing_in_failed(exc: AppError) -> bool:
    """SAT's authentication did not answer (after the transport's own retries): every other request of the pass
    needs the same sign-in, so the pass stops and says it once — with SAT unreachable a pass of 288 open requests
    tried each in turn, ~14 s apiece, an hour before the window could say anything else or close."""
    return exc.code == "sat_unavailable" and exc.details.get("operation") == "Autentica"


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
        client: SatClientProtocol,
        policy: SyncPolicy,
        cancel: threading.Event | None = None,
        on_event: Callable[[SyncEvent], None] | None = None,
    ) -> None:
        self.ctx = PassContext(
            home=home,
            db=db,
            clock=clock,
            ledger=ledger,
            rfc=rfc,
            client=client,
            policy=policy,
            cancel=cancel or threading.Event(),
            on_event=on_event,
            report=SyncReport(rfc=rfc),
        )
        self.submitter = Submitter(self.ctx)
        self.collector = PackageCollector(self.ctx)
        self.verifier = Verifier(self.ctx, self.collector.collect)

    @property
    def report(self) -> SyncReport:
        return self.ctx.report

    def run(self) -> SyncReport:
        ctx = self.ctx
        disk.require_free_space(ctx, disk.DISK_MARGIN, None, None)  # not even the margin: start nothing
        self.submitter.recover_interrupted()
        for request in ctx.ledger.open_requests(ctx.rfc):
            if ctx.cancel.is_set():
                ctx.report.cancelled = True
                break
            try:
                self._advance(request)
                if ctx.sign_in_failed:
                    break  # said once, on this request (``_signing_in_failed``)
            except AppError as exc:
                ctx.error(request, exc)
                if exc.code == "disk_full":
                    raise  # nothing more can be saved: the pass stops (the next one checks the room again)
                if exc.code in _STOP_THE_PASS or _signing_in_failed(exc):
                    break
            except (OSError, sqlite3.Error) as exc:
                if not disk.is_disk_full(exc):
                    raise
                error = disk.disk_full_error(
                    ctx,
                    f"The disk is full ({{free}} free in {ctx.home}); the sync stopped without leaving anything "
                    "half-written. Free some space and sync again.",
                )
                ctx.error(request, error)
                raise error from exc
        open_now = ctx.ledger.open_requests(ctx.rfc)
        ctx.report.open_requests = len(open_now)
        checks = [r.next_check_at for r in open_now if r.next_check_at is not None]
        ctx.report.next_check_at = min(checks) if checks else None
        return ctx.report

    def _advance(self, request: RequestRecord) -> None:
        """Move one open request a step: submit it, verify it, or collect its packages — whichever is due."""
        ctx = self.ctx
        now = ctx.now()
        if request.submit_state == "unsent":
            if request.next_check_at is not None and request.next_check_at > now:
                return
            self.submitter.submit(request)
            request = ctx.ledger.get(request.id)
            if request.status != "accepted" or (request.next_check_at or 0) > ctx.now():
                return
        if request.sat_state == 3:
            if request.next_check_at is None or request.next_check_at <= now:
                self.collector.collect(request)
            return
        if request.next_check_at is None or request.next_check_at <= now:
            self.verifier.verify(request)
