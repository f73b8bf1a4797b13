"""Asking SAT about accepted requests: back off while nothing changes, register the packages of a finished
one, split a period SAT finds too big (5003), finish the ones SAT ends."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

from desktop_app.core.crashpoints import crashpoint
from desktop_app.core.errors import AppError
from desktop_app.core.ledger import RequestRecord
from desktop_app.core.status import cause, counted, status
from desktop_app.core.store.db import transaction
from desktop_app.core.store.packages import PackageRepository
from desktop_app.core.store.requests import RequestRepository
from desktop_app.core.sync.model import PassContext

MIN_SPLIT = timedelta(hours=1)  # the shortest period a 5003 answer is split into (``Verifier._split``)


class Verifier:
    """Verifies a pass's due requests (at most ``policy.max_checks_per_pass``); a finished one is handed to
    ``collect`` (download and ingest its packages) at once."""

    def __init__(self, ctx: PassContext, collect: Callable[[RequestRecord], None]) -> None:
        self.ctx = ctx
        self.collect = collect
        self.checks = 0
        self.packages = PackageRepository(ctx.db)
        self.requests = RequestRepository(ctx.db)

    def verify(self, request: RequestRecord) -> None:
        ctx = self.ctx
        if self.checks >= ctx.policy.max_checks_per_pass or not request.sat_request_id:
            return
        self.checks += 1
        try:
            result = ctx.client.verify(request.sat_request_id, request.service)
        except AppError as exc:
            # SAT failed to answer (after the transport's own retries): back off like an unchanged answer, so
            # an outage is not met with a verification per pass, and say so in the history.
            now = ctx.now()
            unchanged = request.check_count + 1
            ctx.ledger.update(
                request.id,
                last_checked_at=now,
                check_count=unchanged,
                next_check_at=ctx.later(ctx.policy.check_interval(unchanged), now),
                _status=status("verify_unreachable", error_code=exc.code, error=exc.message, **cause(exc.details)),
                _event={"operation": "verifica", "message": f"{exc.code}: {exc.message}"},
            )
            raise
        crashpoint("sync.verify.answered")
        ctx.report.verified += 1
        self._record_answer(request, result)

    def _record_answer(self, request: RequestRecord, result: Any) -> None:
        ctx = self.ctx
        now = ctx.now()
        event = {
            "operation": "verifica",
            "code": result.cod_estatus,
            "state": result.estado_solicitud,
            "state_code": result.codigo_estado_solicitud,
            "message": result.mensaje,
        }
        if result.cod_estatus != 5000:
            unchanged = request.check_count + 1
            ctx.ledger.update(
                request.id,
                last_checked_at=now,
                check_count=unchanged,
                next_check_at=ctx.later(ctx.policy.check_interval(unchanged), now),
                _status=status("verify_not_ok", sat_code=result.cod_estatus, sat_message=result.mensaje),
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
            "next_check_at": ctx.later(ctx.policy.check_interval(unchanged), now),
        }
        if state in (1, 2):
            ctx.ledger.update(
                request.id,
                status="accepted" if state == 1 else "processing",
                _status=None,
                _event=event if changed else None,
                **common,
            )
            crashpoint("sync.verify.recorded")
            if changed:
                ctx.emit("verified", request, "SAT is preparing the packages." if state == 2 else "SAT accepted it.")
            return
        if state == 3 and result.numero_cfdis > 0 and not result.package_ids:
            # "Finished, N documents" without a single package id is a broken answer, not an empty result:
            # completing now would lose the N documents. Ask again later.
            ctx.ledger.update(
                request.id,
                _status=status("finished_without_packages", count=result.numero_cfdis),
                _event=event,
                **{**common, "sat_state": request.sat_state},
            )
            return
        if state == 3:
            self._register_packages(request, result, common, event)
            crashpoint("sync.verify.packages_registered")
            self.collect(ctx.ledger.get(request.id))
            return
        self._record_end(request, result, event, common)

    def _record_end(self, request: RequestRecord, result: Any, event: dict[str, Any], common: dict[str, Any]) -> None:
        """SAT ended the request without packages (states 4, 5, 6), or answered a state it should not."""
        ctx = self.ctx
        state, code = result.estado_solicitud, result.codigo_estado_solicitud
        if state == 5 and code == 5004:
            ctx.finish(request, "completed", status("no_documents"), count=0, event=event, **common)
            return
        if state == 5 and code == 5003:
            self._split(request, event, common)
            return
        if state == 6:
            ctx.finish(request, "expired", status("packages_expired"), event=event, **common)
            return
        if state in (4, 5):
            ctx.finish(
                request,
                "failed",
                status(
                    "sat_rejected_request" if state == 5 else "sat_could_not_process",
                    code=code if code is not None else result.cod_estatus,
                    sat_message=result.mensaje,
                ),
                event=event,
                **common,
            )
            return
        # 0 or unknown states: SAT is confused; keep asking, slowly.
        ctx.ledger.update(
            request.id,
            _status=status("unexpected_state", state=state),
            _event=event,
            **common,
        )

    def _register_packages(
        self, request: RequestRecord, result: Any, common: dict[str, Any], event: dict[str, Any]
    ) -> None:
        ctx = self.ctx
        now = ctx.now()
        common = {**common, "next_check_at": now}  # collect at once (again at once after a crash)
        with transaction(ctx.db.get()):
            for package_id in result.package_ids:
                self.packages.add(package_id, request.id, ctx.rfc, now)
            self.requests.update(request.id, {"status": "processing", "invoice_count": result.numero_cfdis, **common})
            ctx.ledger.event(request.id, **event)
        ctx.emit(
            "verified",
            request,
            f"SAT finished: {counted(result.numero_cfdis, 'document', 'documents')} in "
            f"{counted(len(result.package_ids), 'package', 'packages')}.",
        )

    def _split(self, request: RequestRecord, event: dict[str, Any], common: dict[str, Any]) -> None:
        """Too many results (5003): fail this request and queue its two halves — down to an hour.

        SAT hands out up to 200,000 CFDI a request (sat-protocol.md): past an hour that is 55 a second, more than
        any issuer stamps. A SAT that answers 5003 for a smaller period is wrong, and halving on (down to two
        seconds, as before) let one month of 45 invoices spend 1,015 of SAT's requests in 31 s (an outside audit)."""
        ctx = self.ctx
        params = request.params
        # (an end is inclusive, to the second: 10:00:00–11:59:59 is two hours)
        if (
            params.start is None
            or params.end is None
            or params.end + timedelta(seconds=1) - params.start < 2 * MIN_SPLIT
        ):
            ctx.finish(request, "failed", status("split_at_limit"), event=event, **common)
            return
        ctx.finish(request, "failed", status("split"), event=event, **common)
        middle = params.start + (params.end - params.start) / 2
        middle = middle.replace(microsecond=0)
        halves = (
            replace(params, end=middle),
            replace(params, start=middle + timedelta(seconds=1)),
        )
        for half in halves:
            ctx.ledger.create(ctx.rfc, half, request.source, parent_id=request.id)
