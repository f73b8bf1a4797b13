"""Sending requests to SAT: mark ``sending``, send, record SAT's answer — and never resend one whose outcome
is unknown (SAT allows two identical requests per period, ever)."""

from __future__ import annotations

import dataclasses
from typing import Any

from desktop_app.core.crashpoints import crashpoint
from desktop_app.core.errors import AppError
from desktop_app.core.ledger import RequestRecord, params_key
from desktop_app.core.sat.query import RequestRefused, lookback_limit
from desktop_app.core.status import Status, cause, rejection, status
from desktop_app.core.sync.model import MAX_TOKEN_REJECTED_SUBMITS, USER_NOT_VALID, PassContext


class Submitter:
    """Submits a pass's due requests (at most ``policy.max_submits_per_pass``)."""

    def __init__(self, ctx: PassContext) -> None:
        self.ctx = ctx
        self.submits = 0

    def recover_interrupted(self) -> None:
        """A request left ``sending`` by a crash may or may not have reached SAT: never resend it."""
        for request in self.ctx.ledger.open_requests(self.ctx.rfc):
            if request.submit_state == "sending":
                self._outcome_unknown(
                    request,
                    status("interrupted_while_sending"),
                    {"operation": "recover", "message": "outcome unknown after an interruption"},
                )

    def submit(self, request: RequestRecord) -> None:
        ctx = self.ctx
        if self.submits >= ctx.policy.max_submits_per_pass:
            return
        self.submits += 1
        request = self._within_reach(request)
        params = request.params
        # Authenticate *before* marking the request ``sending``: a crash or a fault while getting the token
        # must not leave a request whose outcome looks unknown (it never left).
        try:
            ctx.authenticate(params.service)
        except AppError as exc:
            self._submit_failed(request, exc)
            ctx.sign_in_failed = exc.code == "sat_unavailable"
            return
        request = ctx.ledger.update(request.id, submit_state="sending", submit_attempts=request.submit_attempts + 1)
        crashpoint("sync.submit.sending")
        try:
            result = ctx.client.query(params)
        except AppError as exc:
            self._submit_failed(request, exc)
            return
        crashpoint("sync.submit.answered")
        self._record_answer(request, result)

    def _within_reach(self, request: RequestRecord) -> RequestRecord:
        """The request with its start moved up to the oldest day SAT still serves, when that day passed it since
        the request was made (sent a day late: SAT down, the computer off, no password): refusing the whole period
        (``date_range_too_old``) left the days SAT still had undownloaded for good — a backfill's oldest month.
        The days before that limit SAT no longer gives anyone. Said in the request's log; unchanged when another
        request of the clipped period already stands or spent SAT's two (the ledger's de-duplication decides)."""
        params = request.params
        if params.folio is not None or params.start is None or params.end is None:
            return request
        limit = lookback_limit(self.ctx.clock.now())
        if params.start >= limit or params.end <= limit:
            return request  # within reach, or wholly past it (refused, said, by ``validate``)
        clipped = dataclasses.replace(params, start=limit)
        key = params_key(clipped)
        others = [r for r in self.ctx.ledger.identical(self.ctx.rfc, key) if r.id != request.id]
        if (
            any(r.is_open or r.status == "completed" for r in others)
            or sum(r.submit_state in ("sent", "unknown") for r in others) >= 2
        ):
            return request
        return self.ctx.ledger.update(
            request.id,
            start_at=limit.isoformat(timespec="seconds"),
            params_key=key,
            _event={
                "operation": "solicita",
                "message": f"start_clipped: The start was moved from {params.start:%Y-%m-%d} to {limit:%Y-%m-%d}, "
                "the oldest day SAT serves (six years).",
            },
        )

    def _record_answer(self, request: RequestRecord, result: Any) -> None:
        """SAT answered the submission: accepted, to be sent again, finished, or refused."""
        ctx = self.ctx
        now = ctx.now()
        event = {"operation": "solicita", "code": result.cod_estatus, "message": result.mensaje}
        if result.accepted and result.request_id:
            ctx.ledger.update(
                request.id,
                status="accepted",
                submit_state="sent",
                sat_request_id=result.request_id,
                sat_code=result.cod_estatus,
                sat_message=result.mensaje,
                sat_state=1,
                submitted_at=now,
                next_check_at=ctx.later(ctx.policy.first_check_after, now),
                check_count=0,
                _status=None,
                _event=event,
            )
            crashpoint("sync.submit.recorded")
            ctx.report.submitted += 1
            ctx.emit("submitted", request, f"SAT accepted the request ({result.request_id}).")
            return
        if result.cod_estatus == 404:  # "Error no controlado": SAT did not take it; try again later
            self._send_later(request, result, event, status("resend_uncontrolled_error"))
            return
        if result.cod_estatus == 5000:  # "accepted" without an IdSolicitud: registered at SAT, but untraceable
            self._outcome_unknown(
                request,
                status("accepted_without_id"),
                event,
                sat_code=result.cod_estatus,
                sat_message=result.mensaje,
                completed_at=now,
            )
            ctx.error(request, AppError("sat_bad_response", "SAT accepted the request without an IdSolicitud."))
            return
        if result.cod_estatus == USER_NOT_VALID and request.submit_attempts < MAX_TOKEN_REJECTED_SUBMITS:
            # 300 "Usuario No Válido" is how SAT answers a token it no longer honours; the client already got
            # a fresh one and resent once. SAT did not act on the call, so it is not spent: try again later.
            self._send_later(request, result, event, status("resend_token_rejected"))
            ctx.error(request, AppError("sat_rejected", f"SAT answered 300 {result.mensaje}", cod_estatus=300))
            return
        if result.cod_estatus == 5004:  # folio not found: a definitive, empty answer
            ctx.finish(request, "completed", status("folio_not_found"), count=0, event=event)
            return
        ctx.ledger.update(
            request.id,
            status="failed",
            submit_state="sent",
            sat_code=result.cod_estatus,
            sat_message=result.mensaje,
            completed_at=now,
            _status=rejection(result.cod_estatus, result.mensaje),
            _event=event,
        )
        ctx.report.failed += 1
        ctx.emit("failed", request, f"SAT rejected the request: {result.cod_estatus} {result.mensaje}")

    def _outcome_unknown(self, request: RequestRecord, why: Status, event: dict[str, Any], **fields: Any) -> None:
        """SAT may or may not have registered this request: fail it and never resend it on our own."""
        self.ctx.ledger.update(
            request.id,
            status="failed",
            submit_state="unknown",
            _status=why,
            _event=event,
            **fields,
        )
        self.ctx.report.failed += 1

    def _send_later(self, request: RequestRecord, result: Any, event: dict[str, Any], note: Status) -> None:
        """SAT answered but did not take the request (so nothing was spent): queue it again after a pause."""
        ctx = self.ctx
        ctx.ledger.update(
            request.id,
            submit_state="unsent",
            sat_code=result.cod_estatus,
            sat_message=result.mensaje,
            next_check_at=ctx.later(ctx.policy.resubmit_after),
            _status=note,
            _event=event,
        )

    def _submit_failed(self, request: RequestRecord, exc: AppError) -> None:
        ctx = self.ctx
        now = ctx.now()
        if isinstance(exc, RequestRefused):
            # The client refused it before sending (``sat.query.validate``: SAT would refuse it too): no pass can
            # send it, so it ends here, said — it was resent every 15 minutes for good (a backfill month past
            # SAT's six years, a period a clock set ahead put in the future).
            ctx.finish(
                request,
                "failed",
                status("submit_error", error_code=exc.code, error=exc.message),
                event={"operation": "solicita", "message": f"{exc.code}: {exc.message}"},
                submit_state="unsent",
            )
            ctx.error(request, exc)
            return
        delivered = exc.code != "sat_unavailable" or exc.details.get("delivered", False)
        if exc.code == "sat_outcome_unknown":
            self._outcome_unknown(
                request,
                status("answer_lost"),
                {"operation": "solicita", "message": f"{exc.code}: {exc.message}"},
            )
            ctx.error(request, exc)
            return
        if not delivered or exc.code in ("sat_unavailable",):
            ctx.ledger.update(
                request.id,
                submit_state="unsent",
                next_check_at=ctx.later(ctx.policy.resubmit_after, now),
                _status=status("resend_unreachable", error=exc.message, **cause(exc.details)),
                _event={"operation": "solicita", "message": f"{exc.code}: {exc.message}"},
            )
            ctx.error(request, exc)
            return
        # Authentication or validation errors: the request itself was not accepted.
        ctx.ledger.update(
            request.id,
            submit_state="unsent",
            next_check_at=ctx.later(ctx.policy.resubmit_after, now),
            _status=status("submit_error", error_code=exc.code, error=exc.message, **cause(exc.details)),
            _event={"operation": "solicita", "message": f"{exc.code}: {exc.message}"},
        )
        raise exc
