"""Manual requests and the history: the seed's ``/request``, ``/status/:id`` and ``/history``.

A manual request is checked as SAT would check it, de-duplicated against the ledger
(:meth:`desktop_app.core.runner.SyncRunner.create_deduplicated`) and sent by a pass restricted to it.
:class:`desktop_app.core.service.DescargaService` delegates here.
"""

from __future__ import annotations

import calendar
import dataclasses
import threading
import time as _time
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop_app.core.clock import Clock, mexico_now, to_ms
from desktop_app.core.errors import AppError
from desktop_app.core.ledger import Ledger, RequestRecord, params_key
from desktop_app.core.months import add_months
from desktop_app.core.profiles import Profile
from desktop_app.core.runner import VERIFY_ONLY_REASON, SyncRunner, verifiable
from desktop_app.core.sat.query import QueryParams, params_from_options, parse_moment
from desktop_app.core.sat.query import validate as validate_query
from desktop_app.core.store.vault import resolve
from desktop_app.core.sync import month_periods

# `history` asks SAT about due pending requests for at most this long before answering (seconds).
REFRESH_TIMEOUT = 5.0


class RequestOps:
    """Manual requests, one request's status and the history of one home."""

    def __init__(self, *, home: Path, clock: Clock, ledger: Ledger, runner: SyncRunner) -> None:
        self.home = home
        self.clock = clock
        self.ledger = ledger
        self.runner = runner

    def create_request(
        self,
        profile: Profile,
        *,
        start: str,
        end: str,
        submit: bool = True,
        password: str | None = None,
        **options: Any,
    ) -> dict[str, Any]:
        """The seed's manual request: validated, de-duplicated against the ledger, then sent to SAT.

        ``options`` are its filters (``rfc_type``, ``request_type``, ``invoice_type``, ``invoice_status``,
        ``third_party_rfc``, ``service``). ``service`` is SAT's family: ``cfdi`` or ``retenciones`` (Retenciones e
        información de pagos, its own endpoints and rules: ``sat.query.validate``). The ledger keys requests by
        every parameter, the service included, so a CFDI and a Retenciones request of the same period are two
        requests.
        """
        self.runner.require_ready(profile)
        params, requested_end = self.manual_params(profile, start, end, **options)
        record, duplicate, resumed = self.store_manual(profile.rfc, params, requested_end)
        if resumed and not submit:
            # Left for the next pass (the office server's scheduler) as it was already: to the caller, the seed's
            # «duplicate» — the same request is being processed, nothing to do (it is only made due now).
            duplicate, resumed = True, False
        if submit and not duplicate:
            try:
                self.runner.run_pass(profile, password=password, only={record.id}, force=resumed, trigger="manual")
            except AppError as exc:
                # The pass could not run (no password, the RFC busy...), but the request is in the ledger: say so,
                # with its id — the same command again (it is resumed, not duplicated) or the next sync sends it.
                raise AppError(
                    exc.code,
                    f"{exc.message} The request is stored as {record.id}: the same command again, or the next "
                    "sync, sends it.",
                    **{**exc.details, "request_id": record.id, "stored": True},
                ) from exc
            record = self.ledger.get(record.id)
        return self.manual_answer(record, duplicate, resumed, params, requested_end)

    def create_requests(
        self,
        profile: Profile,
        *,
        start: str,
        end: str,
        rfc_types: tuple[str, ...] | list[str],
        submit: bool = True,
        password: str | None = None,
        **options: Any,
    ) -> dict[str, Any]:
        """Manual requests for a period of any length, issued and received at once: one request per direction
        in ``rfc_types`` and per SAT-sized piece of the period (:func:`request_periods`: the period itself when it
        spans at most a month, else its calendar months), each de-duplicated against the ledger exactly like
        :meth:`create_request`.

        Every piece is checked before any is stored, so a refusal (a piece beyond six years, SAT's two identical
        requests already spent) stores nothing; then one sync pass sends the new ones. ``data``: ``requests``
        (:meth:`create_request`'s answer for each, direction by direction, oldest piece first), ``count``,
        ``created`` (new in the ledger), ``resumed`` (stored before but never sent: sent now) and ``duplicates``
        (SAT already has them: not asked again).
        """
        self.runner.require_ready(profile)
        directions = list(dict.fromkeys(rfc_types))
        if not directions:
            raise AppError("invalid_direction", "rfc_types must name issued, received or both.", field="rfc_type")
        planned: list[tuple[QueryParams, datetime]] = []
        for direction in directions:
            for piece_start, piece_end in request_periods(start, end):
                params, requested_end = self.manual_params(
                    profile, piece_start, piece_end, rfc_type=direction, **options
                )
                self.runner.known_identical(profile.rfc, params, clipped=params.end != requested_end)  # quota, early
                planned.append((params, requested_end))
        stored = [(*self.store_manual(profile.rfc, params, end_), params, end_) for params, end_ in planned]
        fresh = {record.id for record, duplicate, _resumed, _params, _end in stored if not duplicate}
        if submit and fresh:
            force = any(resumed for _record, _duplicate, resumed, _params, _end in stored)
            try:
                self.runner.run_pass(profile, password=password, only=fresh, force=force, trigger="manual")
            except AppError as exc:
                # As for one request: they are in the ledger — say so, with their ids (an outside audit: the error
                # hid that they were queued, and the next sync sent them).
                ids = [record.id for record, *_rest in stored]
                raise AppError(
                    exc.code,
                    f"{exc.message} The requests are stored ({len(ids)}): the same command again, or the next sync, "
                    "sends them.",
                    **{**exc.details, "request_ids": ids, "stored": True},
                ) from exc
        answers = [
            self.manual_answer(
                self.ledger.get(record.id) if submit and record.id in fresh else record,
                duplicate,
                resumed,
                params,
                end_,
            )
            for record, duplicate, resumed, params, end_ in stored
        ]
        duplicates = sum(1 for answer in answers if answer["duplicate"])
        resumed = sum(1 for answer in answers if answer["resumed"])
        return {
            "requests": answers,
            "count": len(answers),
            "created": len(answers) - duplicates - resumed,
            "resumed": resumed,
            "duplicates": duplicates,
        }

    def manual_params(self, profile: Profile, start: str, end: str, **options: Any) -> tuple[QueryParams, datetime]:
        """A manual request's parameters, checked as SAT would (``create_request``), and the end asked for
        (a future end is sent as now)."""
        params = params_from_options(start, end, **options)
        assert params.start is not None and params.end is not None
        if not within_a_month(params.start, params.end):
            raise AppError(
                "date_range_too_long",
                "A request can cover at most one month; longer periods are one request per month.",
            )
        # SAT has nothing after "now": a period that starts later would spend a request for nothing, and one
        # that ends later is sent up to now (and says so), so its record never claims days SAT did not cover.
        now_mx = mexico_now(self.clock).replace(microsecond=0)
        if params.start > now_mx:
            raise AppError(
                "invalid_date_range",
                f"The period starts in the future ({params.start.isoformat()}; now it is {now_mx.isoformat()} in "
                "Mexico City): SAT has nothing to send yet.",
                field="start",
                start=params.start.isoformat(),
                now=now_mx.isoformat(),
            )
        requested_end = params.end
        if params.end > now_mx:
            params = dataclasses.replace(params, end=now_mx)
        validate_query(params, profile.rfc, self.clock.now())
        return params, requested_end

    def store_manual(self, rfc: str, params: QueryParams, requested_end: datetime) -> tuple[RequestRecord, bool, bool]:
        """Store a checked manual request through the ledger's de-duplication: (record, duplicate, resumed)."""
        assert params.end is not None
        clipped = params.end != requested_end
        record, duplicate = self.runner.create_deduplicated(rfc, params, "manual", clipped=clipped)
        # A request stored but never sent (no password, SAT unreachable, a pass that failed before sending)
        # spent nothing at SAT: asking again sends it now instead of answering "duplicate" and doing nothing.
        resumed = duplicate and record.status == "pending" and record.submit_state == "unsent"
        if resumed:
            fields: dict[str, Any] = {"next_check_at": to_ms(self.clock.now())}
            if record.params_key != params_key(params):  # an unsent clipped twin: it now reaches up to now
                fields.update(end_at=params.end.isoformat(timespec="seconds"), params_key=params_key(params))
            record = self.ledger.update(record.id, **fields)
            duplicate = False
        return record, duplicate, resumed

    def manual_answer(
        self, record: RequestRecord, duplicate: bool, resumed: bool, params: QueryParams, requested_end: datetime
    ) -> dict[str, Any]:
        """``create_request``'s answer for one stored request."""
        assert params.end is not None
        clipped = params.end != requested_end
        data: dict[str, Any] = {
            "request_id": record.id,
            "status": record.status,
            "duplicate": duplicate,
            "resumed": resumed,
            "request": self.ledger.item(record),
        }
        if clipped:
            sent_end = record.end_at or params.end.isoformat(timespec="seconds")
            data["clipped_end"] = {"requested": requested_end.isoformat(timespec="seconds"), "sent": sent_end}
            data["note"] = (
                f"The end {requested_end.isoformat(timespec='seconds')} is in the future: the request covers the "
                f"period up to now ({sent_end}, Mexico City); request the rest once it has passed."
            )
        return data

    # -- one request, the history --------------------------------------------------------------------------

    def request_status(
        self,
        profile: Profile,
        request_id: str,
        *,
        password: str | None = None,
        refresh: bool = True,
        send: bool = False,
    ) -> dict[str, Any]:
        """One request; refreshed from SAT first when it is still open (``refresh=False``: as the ledger has it,
        for a caller whose scheduler keeps it fresh — the office server).

        Refreshing asks SAT about a request it accepted and fetches the packages it found ready (what the request
        is for, and what the next sync would fetch); a request SAT never received is not sent from here — a look
        at one request never spends one of SAT's two requests for its period (a queued backfill whose daily sync
        is off was sent by `status`) — the next sync sends it, or ``send`` (the window's «Verificar ahora», a
        click on that very request)."""
        record = self.ledger.get(request_id, profile.rfc)
        accepted = bool(record.sat_request_id) or send
        if refresh and record.is_open and accepted and profile.activated and profile.has_fiel:
            self.runner.run_pass(profile, password=password, only={record.id}, force=True, trigger="status")
            record = self.ledger.get(record.id)
        return {
            "request": self.ledger.item(record),
            "packages": [package_json(p, self.home) for p in self.ledger.packages(record.id)],
            "events": self.ledger.events(record.id),
        }

    def history(
        self, profile: Profile, limit: int | None, *, refresh: bool, refresh_timeout: float, password: str | None
    ) -> dict[str, Any]:
        """``DescargaService.history``: newest first, after a refresh of the due checks when asked."""
        refreshed: dict[str, Any] = {"refreshed": False}
        if refresh:
            refreshed = self.refresh_pending(profile, timeout=refresh_timeout, password=password)
        items = [self.ledger.item(r) for r in self.ledger.history(profile.rfc, limit)]
        return {"rfc": profile.rfc, "history": items, **refreshed}

    def refresh_pending(self, profile: Profile, *, timeout: float, password: str | None) -> dict[str, Any]:
        """Ask SAT about the open requests it already accepted whose next check is due, within ``timeout`` s.

        Only Verifica (and the token it needs) is called: nothing is submitted (a request not yet sent waits for
        a sync, so a look at the history never spends one of SAT's requests) and no package is downloaded (SAT
        counts two downloads per package; the next sync fetches what a check found ready). A refresh that cannot
        run (no password without a keyring, a sync already running, no FIEL) or that SAT answered no check of
        (offline, too short a limit) leaves the history as it is and says why: ``refreshed: false`` and
        ``refreshError``.
        """
        from desktop_app.core.sat.transport import sat_deadline

        now_ms = to_ms(self.clock.now())
        due = [r for r in self.ledger.open_requests(profile.rfc) if verifiable(r, now_ms)]
        summary: dict[str, Any] = {"due": len(due), "verified": 0, "completed": 0, "failed": 0, "timedOut": False}
        if not due:
            return {"refreshed": True, "refresh": summary}
        timeout = max(0.0, float(timeout))
        started = _time.monotonic()
        cancel = threading.Event()
        timer = threading.Timer(timeout, cancel.set)
        timer.daemon = True
        timer.start()
        try:
            self.runner.require_ready(profile)
            # start_margin = the whole limit: no call that costs something (Solicita*, Descargar) may start.
            with sat_deadline(timeout, start_margin=timeout):
                report = self.runner.run_pass(
                    profile,
                    password=password,
                    only={r.id for r in due},
                    cancel=cancel,
                    trigger="history",
                    verify_only=True,
                )
        except AppError as exc:
            return {"refreshed": False, "refresh": summary, "refreshError": exc.to_json()}
        finally:
            timer.cancel()
        summary.update(
            verified=report.verified,
            completed=report.completed,
            failed=report.failed,
            timedOut=cancel.is_set() or report.cancelled or _time.monotonic() - started >= timeout,
        )
        errors = [e for e in report.errors if e.get("reason") != VERIFY_ONLY_REASON]
        if errors:
            summary["errors"] = errors
        if errors and not report.verified:  # SAT answered none of the checks (offline, too short a limit)
            error = errors[0]
            return {
                "refreshed": False,
                "refresh": summary,
                "refreshError": {"code": error["code"], "message": error["message"]},
            }
        return {"refreshed": True, "refresh": summary}


def within_a_month(start: datetime, end: datetime) -> bool:
    """Whether a period spans at most a month of days, the seed's limit for one request: its last day before the
    same day of the next month (2026-01-15 → 2026-02-14), or, when the next month has no such day, up to that
    month's last day (2026-01-31 and 2026-01-30 → 2026-02-28: they were refused, the day clipped to 02-28 first)."""
    year, month = divmod(start.year * 12 + start.month, 12)  # the next month (``month`` 0-based)
    if start.day <= calendar.monthrange(year, month + 1)[1]:
        limit = date(year, month + 1, start.day)
    else:
        year, month = divmod(year * 12 + month + 1, 12)
        limit = date(year, month + 1, 1)
    # (a period given to the second: up to the same moment a month later, as before)
    return end.date() < limit or end <= add_months(start, 1)


def request_periods(start: str, end: str) -> list[tuple[str, str]]:
    """The SAT-sized pieces of a manual request's period (SAT takes at most a month per request): the period
    itself, as given, when it spans at most a month; else its calendar months clipped to it (``month_periods``,
    as the backfill asks), as ``YYYY-MM-DDTHH:MM:SS`` texts. A backwards period is returned as given, for
    :meth:`DescargaService.create_request` to refuse."""
    first = parse_moment(start, end=False)
    last = parse_moment(end, end=True)
    if within_a_month(first, last):
        return [(start, end)]
    return [(a.isoformat(timespec="seconds"), b.isoformat(timespec="seconds")) for a, b in month_periods(first, last)]


def package_json(row: dict[str, Any], home: Path) -> dict[str, Any]:
    return {
        "id": row["id"],
        "state": row["state"],
        "downloadCount": row["download_count"],
        "documents": row["documents"],
        "size": row["size"],
        "path": resolve(home, row["path"]),
        "error": row["error"],
        "downloadedAt": row["downloaded_at"],
        "ingestedAt": row["ingested_at"],
    }
