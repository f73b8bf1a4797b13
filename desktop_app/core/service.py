"""The Descarga Masiva system as one object: each method is a row of DESIGN.md §2 (the seed's endpoints).

The CLI and the GUI are two faces of this class. It composes the pieces that do the work (profiles, the
request ledger, the sync engine, the invoice index) and owns nothing but their wiring. Each thread that
uses it gets its own SQLite connection.
"""

from __future__ import annotations

import calendar
import dataclasses
import json
import logging
import threading
import time as _time
from collections.abc import Callable
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_app.core.cfdi.package import iter_files
from desktop_app.core.clock import MEXICO_CITY, Clock, SystemClock, from_ms, mexico_now, to_ms
from desktop_app.core.errors import AppError
from desktop_app.core.fiel import Fiel, load_fiel
from desktop_app.core.index import (
    IMPORT_SOURCE,
    IndexWriter,
    InvoiceFilter,
    list_invoices,
    month_direction_totals,
    payments_for,
    totals,
    vault_state,
)
from desktop_app.core.index import record as invoice_record
from desktop_app.core.ledger import Ledger, RequestRecord, params_key
from desktop_app.core.locking import ProfileLock
from desktop_app.core.logs import log_path
from desktop_app.core.logs import tail as log_tail
from desktop_app.core.profiles import Profile, Profiles, normalize_phone, parse_sync_start
from desktop_app.core.sat.query import UUID_RE, QueryParams, folio_params, params_from_options, parse_moment
from desktop_app.core.sat.query import validate as validate_query
from desktop_app.core.schedule import Schedule, describe_next_run
from desktop_app.core.secrets import SecretStore
from desktop_app.core.store.db import DB_NAME, ConnectionPerThread, transaction
from desktop_app.core.store.vault import make_private, package_path, private_dirs, resolve
from desktop_app.core.sync import (
    SyncEvent,
    SyncPass,
    SyncPolicy,
    SyncReport,
    idle_report,
    ingest_items,
    month_periods,
    scheduled_params,
    sweep_interrupted_writes,
    work_due,
)

SatClientFactory = Callable[[Fiel], Any]

# `history` asks SAT about due pending requests for at most this long before answering (seconds).
REFRESH_TIMEOUT = 5.0

PRICING = {
    # The app runs on the user's computer and talks to SAT directly: there is nothing to pay for.
    "perDownload": "$0.00 MXN",
    "addonMonthly": "$0.00 MXN",
}

log = logging.getLogger(__name__)


def default_sat_factory(fiel: Fiel) -> Any:
    from desktop_app.core.sat.client import SatClient
    from desktop_app.core.sat.endpoints import from_env

    return SatClient(fiel, from_env())


class DescargaService:
    """Everything the app does, for one data home.

    Args:
        home: the data folder.
        clock: the source of "now" (tests inject a fake one).
        secrets: where FIEL passwords live.
        sat_factory: builds a SAT client for a FIEL (tests and the demo point it at the sandbox).
        policy: pacing of SAT calls (how soon and how often pending requests are checked).
    """

    def __init__(
        self,
        home: Path,
        *,
        clock: Clock | None = None,
        secrets: SecretStore | None = None,
        sat_factory: SatClientFactory | None = None,
        policy: SyncPolicy | None = None,
    ) -> None:
        # Absolute once: every path the index keeps is relative to it, so the home can move between sessions.
        self.home = Path(home).absolute()
        private_dirs(self.home)
        self.clock = clock or SystemClock()
        self.secrets = secrets or SecretStore()
        self.sat_factory = sat_factory or default_sat_factory
        self.db = ConnectionPerThread(self.home / DB_NAME)
        for suffix in ("", "-wal", "-shm"):  # SQLite creates them with the umask's mode; invoices are private
            make_private(self.home / f"{DB_NAME}{suffix}")
        self.profiles = Profiles(self.home, self.db, self.clock, self.secrets)
        self.ledger = Ledger(self.db, self.clock)
        self.policy = policy or SyncPolicy()
        # Tests inject ``runner``/``platform``/``local_tz``/``now`` for the OS scheduler calls.
        self.ostask_overrides: dict[str, Any] = {}

    def close(self) -> None:
        self.db.close()

    # -- profiles ----------------------------------------------------------------------------------------

    def add_profile(self, rfc: str, name: str = "") -> dict[str, Any]:
        return self.profiles.add(rfc, name).to_json()

    def list_profiles(self) -> list[dict[str, Any]]:
        return [p.to_json() for p in self.profiles.list()]

    def remove_profile(self, rfc: str) -> dict[str, Any]:
        return self.profiles.remove(rfc)

    def profile(self, rfc: str | None) -> Profile:
        return self.profiles.resolve(rfc)

    # -- activation ----------------------------------------------------------------------------------------

    def activation_status(self, rfc: str | None) -> dict[str, Any]:
        profile = self.profile(rfc)
        return {
            "rfc": profile.rfc,
            "status": "active" if profile.activated else "needs_activation",
            "planIncludesFeature": True,
            "isActivated": profile.activated,
            "activatedAt": profile.activated_at,
            "pricing": dict(PRICING),
            "usage": self.usage(profile.rfc),
        }

    def activate(self, rfc: str | None) -> dict[str, Any]:
        profile = self.profiles.set_activated(self.profile(rfc).rfc, True)
        return {
            "rfc": profile.rfc,
            "type": "included",
            "activated": True,
            "activatedAt": profile.activated_at,
            "message": (
                "Activated: the app may now use this RFC's FIEL to query SAT on your behalf. Each XML is "
                "downloaded straight from SAT to this computer; nothing is charged."
            ),
        }

    def deactivate(self, rfc: str | None, *, forget_fiel: bool = False) -> dict[str, Any]:
        profile = self.profiles.set_activated(self.profile(rfc).rfc, False)
        if forget_fiel:
            self.profiles.forget_fiel(profile.rfc)
        return {
            "rfc": profile.rfc,
            "activated": False,
            "schedule_enabled": False,
            "fiel_forgotten": forget_fiel,
            "message": "Deactivated: the schedule stopped; history and invoices are kept.",
        }

    def usage(self, rfc: str) -> dict[str, Any]:
        """XML downloaded from SAT per month (local metering, like the seed's billing counter)."""
        conn = self.db.get()
        rows = conn.execute(
            """SELECT strftime('%Y-%m', p.downloaded_at / 1000, 'unixepoch') AS month,
                      SUM(COALESCE(p.documents, 0)) AS xml
               FROM packages p JOIN requests r ON r.id = p.request_id
               WHERE p.rfc = ? AND r.request_type = 'cfdi' AND p.downloaded_at IS NOT NULL
               GROUP BY month ORDER BY month""",
            (rfc,),
        ).fetchall()
        by_month = {r["month"]: int(r["xml"]) for r in rows}
        this_month = self.clock.now().strftime("%Y-%m")
        return {
            "xmlDownloadedThisMonth": by_month.get(this_month, 0),
            "xmlDownloadedTotal": sum(by_month.values()),
            "byMonth": by_month,
        }

    # -- FIEL and registration -----------------------------------------------------------------------------

    def upload_fiel(
        self,
        rfc: str | None,
        cer: bytes,
        key: bytes,
        password: str,
        *,
        sync_start_date: str | None = None,
        phone: str | None = None,
    ) -> dict[str, Any]:
        """Validate (every seed error row), store securely, and register with SAT (authenticate once)."""
        profile = self.profile(rfc)
        self.profiles.require_active(profile)
        fiel = load_fiel(cer, key, password, now=self.clock.now(), expected_rfc=profile.rfc)
        sync_start = parse_sync_start(sync_start_date, self.profiles.today())
        phone_norm = normalize_phone(phone)
        profile, in_keyring = self.profiles.store_fiel(profile, fiel, cer, key, password, sync_start, phone_norm)
        registration = self._register(profile, fiel)
        described = fiel.info.to_json()
        return {
            "rfc": profile.rfc,
            **{k: described[k] for k in ("expires_at", "expires_at_readable", "serial_number", "legal_name")},
            "sync_start_date": profile.sync_start_date,
            "phone": profile.phone,
            "password_in_keyring": in_keyring,
            **registration,
        }

    def register(self, rfc: str | None, *, password: str | None = None) -> dict[str, Any]:
        """Retry SAT's authentication ("registration") with the stored FIEL."""
        profile = self.profile(rfc)
        self.profiles.require_active(profile)
        fiel = self.profiles.load_fiel(profile, password)
        result = self._register(profile, fiel)
        return {"rfc": profile.rfc, **result}

    def _register(self, profile: Profile, fiel: Fiel) -> dict[str, Any]:
        result = self.authenticate(fiel)
        error = result.get("registration_error")
        updated = self.profiles.record_registration(
            profile.rfc,
            result["registered"],
            f"{error['code']}: {error['message']}" if error else None,
            at=result["registered_at"],
        )
        return {**result, "registered_at": updated.registered_at if result["registered"] else None}

    def authenticate(self, fiel: Fiel) -> dict[str, Any]:
        """Authenticate once with SAT ("registration") with ``fiel`` and store nothing.

        The setup wizard registers an e.firma before its profile exists (the profile is created when the user
        finishes the wizard, see :mod:`desktop_app.core.setup`); :meth:`register` records the outcome.
        """
        client = self.sat_factory(fiel)
        try:
            client.authenticate("cfdi")
        except AppError as exc:
            return {
                "registered": False,
                "registered_at": None,
                "registration_error": {"code": exc.code, "message": exc.message},
            }
        finally:
            getattr(client, "close", lambda: None)()
        return {"registered": True, "registered_at": to_ms(self.clock.now())}

    def load_fiel(self, rfc: str | None, password: str | None = None) -> Fiel:
        return self.profiles.load_fiel(self.profile(rfc), password)

    # -- schedule ------------------------------------------------------------------------------------------

    def _load_schedule(self, rfc: str) -> tuple[Schedule, int | None]:
        row = self.db.get().execute("SELECT * FROM schedules WHERE rfc = ?", (rfc,)).fetchone()
        return Schedule.from_row(row), row["enabled_at"]

    def get_schedule(self, rfc: str | None) -> dict[str, Any]:
        """The seed's schedule, plus the FIEL status and the next run."""
        profile = self.profile(rfc)
        schedule, _ = self._load_schedule(profile.rfc)
        return {
            "rfc": profile.rfc,
            "schedule": schedule.to_json(),
            "fiel": self.profiles.fiel_status(profile),
            **describe_next_run(schedule, self.clock.now()),
            "warnings": self.unattended_warnings(),
        }

    def unattended_warnings(self) -> list[dict[str, str]]:
        """Why the daily sync cannot run with the app closed, as ``{code, message}`` items (empty: it can)."""
        if self.secrets.keyring_available():
            return []
        return [
            {
                "code": "keyring_unavailable",
                "message": (
                    "No system keyring works here, so the FIEL password is kept in memory only while the app runs: "
                    "the daily sync runs only while the app is open (after you type the password), never from the "
                    "OS task. Set up a keyring (Secret Service on Linux, Keychain, Windows Credential Manager) and "
                    "upload the FIEL again to sync unattended."
                ),
            }
        ]

    def set_schedule(
        self,
        rfc: str | None,
        *,
        enabled: bool | None = None,
        time: str | None = None,
        download_types: list[str] | None = None,
        days_back: int | None = None,
    ) -> dict[str, Any]:
        profile = self.profile(rfc)
        current, enabled_at = self._load_schedule(profile.rfc)
        new = current.updated(enabled=enabled, time=time, download_types=download_types, days_back=days_back)
        if new.enabled:
            self.profiles.require_active(profile)
            if not profile.has_fiel:
                raise AppError("fiel_missing", "Upload the FIEL before enabling the daily sync.", rfc=profile.rfc)
        if new.enabled and not current.enabled:
            enabled_at = to_ms(self.clock.now())
        conn = self.db.get()
        with transaction(conn):
            conn.execute(
                """UPDATE schedules SET enabled = ?, time = ?, download_types = ?, days_back = ?, enabled_at = ?
                   WHERE rfc = ?""",
                (
                    int(new.enabled),
                    new.time,
                    json.dumps(list(new.download_types)),
                    new.days_back,
                    enabled_at,
                    profile.rfc,
                ),
            )
        return self.get_schedule(profile.rfc)

    # -- the unattended OS task ----------------------------------------------------------------------------

    def os_task_times(self) -> tuple[list[str], list[str]]:
        """The Mexico City times the OS task fires daily, and warnings about what unattended sync won't do.

        One task serves every profile (``sync --once --all``): the distinct times of the enabled schedules of
        profiles that are activated and have a FIEL; else those profiles' times; else the default. Between
        daily runs the hourly heartbeat lets each profile's own schedule run anyway.
        """
        ready = [p for p in self.profiles.list() if p.activated and p.has_fiel]
        schedules = [self._load_schedule(p.rfc)[0] for p in ready]
        times = sorted({s.time for s in schedules if s.enabled}) or sorted({s.time for s in schedules})
        warnings: list[str] = []
        if not ready:
            warnings.append("No profile is activated with a FIEL yet: the task has nothing to do until one is.")
        elif not any(s.enabled for s in schedules):
            warnings.append("No profile has its daily schedule enabled (`schedule set --enabled true`).")
        if ready and not self.secrets.keyring_available():
            warnings.append(
                "No system keyring works here: unattended sync cannot unlock the FIEL and will skip every profile."
            )
        return times, warnings

    def os_task_spec(self) -> Any:
        from desktop_app.core import ostask

        times, _ = self.os_task_times()
        return ostask.task_spec(self.home, times)

    def os_task_status(self, kind: str = "auto") -> dict[str, Any]:
        from desktop_app.core import ostask

        return ostask.status(self.os_task_spec(), kind=kind, **self.ostask_overrides)

    def install_os_task(self, kind: str = "auto", *, dry_run: bool = False) -> dict[str, Any]:
        from desktop_app.core import ostask

        _, warnings = self.os_task_times()
        data = ostask.install(self.os_task_spec(), kind=kind, dry_run=dry_run, **self.ostask_overrides)
        data["warnings"] = warnings
        return data

    def uninstall_os_task(self, kind: str = "auto") -> dict[str, Any]:
        from desktop_app.core import ostask

        overrides = {k: v for k, v in self.ostask_overrides.items() if k in ("runner", "platform")}
        return ostask.uninstall(kind=kind, home=self.home, **overrides)

    def refresh_os_task(self) -> dict[str, Any] | None:
        """After a schedule change: reinstall the OS task if it is installed and no longer matches."""
        try:
            status = self.os_task_status()
        except AppError:
            return None
        if status.get("installed") and not status.get("up_to_date", True):
            return self.install_os_task(status.get("kind") or "auto")
        return None

    # -- requests and history --------------------------------------------------------------------------------

    def _require_ready(self, profile: Profile) -> None:
        self.profiles.require_active(profile)
        if not profile.has_fiel:
            raise AppError("fiel_missing", f"No FIEL is stored for {profile.rfc}: upload it first.", rfc=profile.rfc)

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
        """The seed's manual request: validated, de-duplicated against the ledger, then sent to SAT.

        ``service`` is SAT's family: ``cfdi`` or ``retenciones`` (Retenciones e información de pagos, its own
        endpoints and rules: ``sat.query.validate``). The ledger keys requests by every parameter, the service
        included, so a CFDI and a Retenciones request of the same period are two requests.
        """
        profile = self.profile(rfc)
        self._require_ready(profile)
        params, requested_end = self._manual_params(
            profile,
            start,
            end,
            rfc_type=rfc_type,
            request_type=request_type,
            invoice_type=invoice_type,
            invoice_status=invoice_status,
            third_party_rfc=third_party_rfc,
            service=service,
        )
        record, duplicate, resumed = self._store_manual(profile.rfc, params, requested_end)
        if submit and not duplicate:
            self._run_pass(profile, password=password, only={record.id}, force=resumed, trigger="manual")
            record = self.ledger.get(record.id)
        return self._manual_answer(record, duplicate, resumed, params, requested_end)

    def create_requests(
        self,
        rfc: str | None,
        *,
        start: str,
        end: str,
        rfc_types: tuple[str, ...] | list[str] = ("received",),
        request_type: str = "cfdi",
        invoice_type: str | None = None,
        invoice_status: str | None = None,
        third_party_rfc: str | None = None,
        service: str = "cfdi",
        submit: bool = True,
        password: str | None = None,
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
        profile = self.profile(rfc)
        self._require_ready(profile)
        directions = list(dict.fromkeys(rfc_types))
        if not directions:
            raise AppError("invalid_direction", "rfc_types must name issued, received or both.", field="rfc_type")
        options: dict[str, Any] = {
            "request_type": request_type,
            "invoice_type": invoice_type,
            "invoice_status": invoice_status,
            "third_party_rfc": third_party_rfc,
            "service": service,
        }
        planned: list[tuple[QueryParams, datetime]] = []
        for direction in directions:
            for piece_start, piece_end in request_periods(start, end):
                params, requested_end = self._manual_params(
                    profile, piece_start, piece_end, rfc_type=direction, **options
                )
                self._known_identical(profile.rfc, params, clipped=params.end != requested_end)  # quota, early
                planned.append((params, requested_end))
        stored = [(*self._store_manual(profile.rfc, params, end_), params, end_) for params, end_ in planned]
        fresh = {record.id for record, duplicate, _resumed, _params, _end in stored if not duplicate}
        if submit and fresh:
            force = any(resumed for _record, _duplicate, resumed, _params, _end in stored)
            self._run_pass(profile, password=password, only=fresh, force=force, trigger="manual")
        answers = [
            self._manual_answer(
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

    def _manual_params(self, profile: Profile, start: str, end: str, **options: Any) -> tuple[QueryParams, datetime]:
        """A manual request's parameters, checked as SAT would (:meth:`create_request`), and the end asked for
        (a future end is sent as now)."""
        params = params_from_options(start, end, **options)
        assert params.start is not None and params.end is not None
        if params.end > add_months(params.start, 1):
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

    def _store_manual(self, rfc: str, params: QueryParams, requested_end: datetime) -> tuple[RequestRecord, bool, bool]:
        """Store a checked manual request through the ledger's de-duplication: (record, duplicate, resumed)."""
        clipped = params.end != requested_end
        record, duplicate = self._create_deduplicated(rfc, params, "manual", clipped=clipped)
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

    def _manual_answer(
        self, record: RequestRecord, duplicate: bool, resumed: bool, params: QueryParams, requested_end: datetime
    ) -> dict[str, Any]:
        """:meth:`create_request`'s answer for one stored request."""
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

    def _create_deduplicated(
        self, rfc: str, params: QueryParams, source: str, *, clipped: bool = False
    ) -> tuple[RequestRecord, bool]:
        known = self._known_identical(rfc, params, clipped=clipped)
        if known is not None:
            return known, True
        return self.ledger.create(rfc, params, source), False

    def _known_identical(self, rfc: str, params: QueryParams, *, clipped: bool = False) -> RequestRecord | None:
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

    def request_status(self, rfc: str | None, request_id: str, *, password: str | None = None) -> dict[str, Any]:
        """One request; refreshed from SAT first when it is still open."""
        profile = self.profile(rfc)
        record = self.ledger.get(request_id, profile.rfc)
        if record.is_open and profile.activated and profile.has_fiel:
            self._run_pass(profile, password=password, only={record.id}, force=True, trigger="status")
            record = self.ledger.get(record.id)
        return {
            "request": self.ledger.item(record),
            "packages": [_package_json(p, self.home) for p in self.ledger.packages(record.id)],
            "events": self.ledger.events(record.id),
        }

    def history(
        self,
        rfc: str | None,
        limit: int | None = None,
        *,
        refresh: bool = False,
        refresh_timeout: float = REFRESH_TIMEOUT,
        password: str | None = None,
    ) -> dict[str, Any]:
        """The seed's history, newest first. With ``refresh``, SAT is first asked about the requests already
        sent whose check is due (:meth:`refresh_pending`, at most ``refresh_timeout`` seconds)."""
        profile = self.profile(rfc)
        refreshed: dict[str, Any] = {"refreshed": False}
        if refresh:
            refreshed = self.refresh_pending(profile.rfc, timeout=refresh_timeout, password=password)
        items = [self.ledger.item(r) for r in self.ledger.history(profile.rfc, limit)]
        return {"rfc": profile.rfc, "history": items, **refreshed}

    def refresh_pending(
        self, rfc: str | None, *, timeout: float = REFRESH_TIMEOUT, password: str | None = None
    ) -> dict[str, Any]:
        """Ask SAT about the open requests it already accepted whose next check is due, within ``timeout`` s.

        Only Verifica (and the token it needs) is called: nothing is submitted (a request not yet sent waits for
        a sync, so a look at the history never spends one of SAT's requests) and no package is downloaded (SAT
        counts two downloads per package; the next sync fetches what a check found ready). A refresh that cannot
        run (no password without a keyring, a sync already running, no FIEL) or that SAT answered no check of
        (offline, too short a limit) leaves the history as it is and says why: ``refreshed: false`` and
        ``refreshError``.
        """
        from desktop_app.core.sat.transport import sat_deadline

        profile = self.profile(rfc)
        now_ms = to_ms(self.clock.now())
        due = [r for r in self.ledger.open_requests(profile.rfc) if _verifiable(r, now_ms)]
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
            self._require_ready(profile)
            # start_margin = the whole limit: no call that costs something (Solicita*, Descargar) may start.
            with sat_deadline(timeout, start_margin=timeout):
                report = self._run_pass(
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

    # -- sync ------------------------------------------------------------------------------------------------

    def enable_sync(self, rfc: str | None) -> dict[str, Any]:
        """Backfill from ``sync_start_date``: one request per month and download type, then the daily schedule."""
        profile = self.profile(rfc)
        self._require_ready(profile)
        schedule, _ = self._load_schedule(profile.rfc)
        today = self.profiles.today()
        start = datetime.fromisoformat(profile.sync_start_date or today.isoformat())
        end = datetime.combine(today - timedelta(days=1), time(23, 59, 59))
        created = duplicates = 0
        for first, last in month_periods(start, end):
            for kind in schedule.download_types:
                for params in scheduled_params(kind, first, last):
                    _record, duplicate = self._create_deduplicated(profile.rfc, params, "backfill")
                    duplicates += duplicate
                    created += not duplicate
        conn = self.db.get()
        with transaction(conn):
            conn.execute(
                "UPDATE profiles SET sync_enabled = 1, sync_enabled_at = ? WHERE rfc = ?",
                (to_ms(self.clock.now()), profile.rfc),
            )
        if not schedule.enabled:
            self.set_schedule(profile.rfc, enabled=True)
        return {
            "rfc": profile.rfc,
            "sync_start_date": profile.sync_start_date,
            "requests_created": created,
            "requests_already_known": duplicates,
            "schedule": self.get_schedule(profile.rfc)["schedule"],
            "warnings": self.unattended_warnings(),
        }

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
        """One pass: the schedule's due run (if any), then submit → verify → download → ingest."""
        profile = self.profile(rfc)
        self._require_ready(profile)
        report = self._run_pass(
            profile,
            password=password,
            cancel=cancel,
            on_event=on_event,
            trigger=trigger,
            lock_wait=lock_wait,
            run_schedule=True,
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
    ) -> dict[str, Any]:
        """Repeat passes until no request is open or ``timeout`` seconds passed (``timed_out`` then).

        Between passes it pauses until the earliest check is due (0.2–60 s), so a request SAT keeps waiting is
        not asked about more often than the backoff allows.

        ``timeout`` bounds the whole wait (a second or so more at most): every SAT call of a pass ends by the
        deadline (``sat_deadline``: calls in flight are cut, a request or download is not started in the last
        ``START_MARGIN`` s or quarter of the timeout), the pass stops between steps when the deadline comes
        (``cancel``), waiting for the profile lock and pausing between passes never go past it.
        """
        from desktop_app.core.sat.transport import START_MARGIN, sat_deadline

        deadline = _time.monotonic() + timeout
        margin = min(START_MARGIN, max(0.0, timeout) / 4)
        passes = 0
        totals: dict[str, Any] = {}
        while True:
            left = max(0.0, deadline - _time.monotonic())
            cancel = threading.Event()
            timer = threading.Timer(left, cancel.set)
            timer.daemon = True
            timer.start()
            try:
                with sat_deadline(left, start_margin=margin):
                    report = self.sync_once(
                        rfc,
                        password=password,
                        cancel=cancel,
                        on_event=on_event,
                        trigger=trigger,
                        lock_wait=min(lock_wait, left),
                    )
            finally:
                timer.cancel()
            passes += 1
            totals = _add_pass(totals, report)
            left = deadline - _time.monotonic()
            if not report["open_requests"] or left <= 0:
                return {**totals, "passes": passes, "timed_out": bool(report["open_requests"])}
            now_ms = to_ms(self.clock.now())
            pause = max(0.2, min(60.0, ((report["next_check_at"] or now_ms) - now_ms) / 1000))
            pause = min(pause, left)
            if on_wait is not None:
                on_wait(report, pause)
            sleep(pause)
            if _time.monotonic() >= deadline:
                return {**totals, "passes": passes, "timed_out": True}

    def _run_pass(
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
        lock = ProfileLock(self.home / profile.rfc / "sync.lock", wait=lock_wait)
        with lock:
            self._recover_interrupted_runs(profile.rfc)
            slot = self._create_scheduled_requests(profile) if run_schedule else None
            ledger = _Restricted(self.ledger, only, force, verify_only) if only else self.ledger
            if slot is None and not work_due(ledger.open_requests(profile.rfc), to_ms(self.clock.now())):
                return idle_report(profile.rfc, ledger.open_requests(profile.rfc))
            conn = self.db.get()
            started = to_ms(self.clock.now())
            with transaction(conn):
                run_id = conn.execute(
                    "INSERT INTO sync_runs(rfc, trigger, started_at) VALUES (?, ?, ?)", (profile.rfc, trigger, started)
                ).lastrowid
            report = SyncReport(rfc=profile.rfc)
            error: AppError | None = None
            began = _time.monotonic()
            log.info("sync pass %d of %s started (trigger %s)", run_id, profile.rfc, trigger)
            try:
                fiel = self.profiles.load_fiel(profile, password)
                client = self.sat_factory(fiel)
                try:
                    if verify_only:
                        client = _VerifyOnly(client)
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
            with transaction(conn):
                conn.execute(
                    """UPDATE sync_runs SET finished_at = ?, status = ?, error = ?, submitted = ?, verified = ?,
                           downloaded = ?, ingested = ? WHERE id = ?""",
                    (
                        to_ms(self.clock.now()),
                        status,
                        error.message if error else None,
                        report.submitted,
                        report.verified,
                        report.downloaded,
                        report.ingested,
                        run_id,
                    ),
                )
                if slot is not None:
                    first = report.errors[0] if report.errors else None
                    conn.execute(
                        "UPDATE schedules SET last_run_status = ?, last_run_error = ? WHERE rfc = ?",
                        (status, f"{first['code']}: {first['message']}" if first else None, profile.rfc),
                    )
            if error is not None:
                # The pass could not run at all (no password, expired FIEL…): say so as an error — a report
                # with ``open_requests: 0`` would read as "nothing left to do" (and end `sync --wait`).
                raise error
            return report

    def _recover_interrupted_runs(self, rfc: str) -> None:
        """A run with no end was killed (power cut, SIGKILL): close it and delete the temporary files it left.

        Called under the profile lock, so no other sync of this RFC is writing now.
        """
        conn = self.db.get()
        rows = conn.execute("SELECT id FROM sync_runs WHERE rfc = ? AND finished_at IS NULL", (rfc,)).fetchall()
        if not rows:
            return
        removed = sweep_interrupted_writes(self.home, rfc, older_than=_time.time())
        message = "The app stopped during this run; the next run resumed it" + (
            f" and removed {len(removed)} unfinished temporary file(s)." if removed else "."
        )
        with transaction(conn):
            conn.execute(
                "UPDATE sync_runs SET finished_at = ?, status = 'interrupted', error = ? "
                "WHERE rfc = ? AND finished_at IS NULL",
                (to_ms(self.clock.now()), message, rfc),
            )
            conn.execute(
                "UPDATE schedules SET last_run_status = 'interrupted', last_run_error = ? "
                "WHERE rfc = ? AND last_run_status = 'running'",
                (message, rfc),
            )

    def _create_scheduled_requests(self, profile: Profile) -> datetime | None:
        """If the daily run is due, queue its requests (once, even after days off) and mark it run."""
        schedule, enabled_at = self._load_schedule(profile.rfc)
        if not profile.activated:
            return None
        slot = schedule.due_slot(self.clock.now(), enabled_at=enabled_at)
        if slot is None:
            return None
        first, last = schedule.window(slot)
        row = self.db.get().execute("SELECT last_run_day FROM schedules WHERE rfc = ?", (profile.rfc,)).fetchone()
        if row["last_run_day"]:
            # Off for longer than days_back: reach back to where the previous run's window ended, so no day
            # is ever skipped (one request per month, as SAT prefers).
            previous_end = datetime.fromisoformat(row["last_run_day"])
            first = min(first, previous_end)
        for period_start, period_end in month_periods(first, last):
            for kind in schedule.download_types:
                for params in scheduled_params(kind, period_start, period_end):
                    try:
                        self._create_deduplicated(profile.rfc, params, "scheduled")
                    except AppError:
                        continue
        conn = self.db.get()
        with transaction(conn):
            conn.execute(
                "UPDATE schedules SET last_run_at = ?, last_run_day = ?, last_run_status = 'running', "
                "last_run_error = NULL WHERE rfc = ?",
                (to_ms(self.clock.now()), slot.date().isoformat(), profile.rfc),
            )
        return slot

    # -- the offline index --------------------------------------------------------------------------------

    def import_invoices(self, rfc: str | None, paths: list[str]) -> dict[str, Any]:
        """Index XML files, folders and ZIPs already on disk (accountants keep years of them)."""
        profile = self.profile(rfc)
        conn = self.db.get()
        writer = IndexWriter(conn, self.home, profile.rfc, to_ms(self.clock.now()))
        reader = iter_files(paths, owner_rfc=profile.rfc)
        from desktop_app.core import parallel  # (imported by core.sync already)

        parallel.attach(reader, writer.spec(IMPORT_SOURCE))  # a large folder: read and parsed by worker processes
        stats = ingest_items(conn, writer, reader, source=IMPORT_SOURCE)
        return {"rfc": profile.rfc, **stats.to_json(), "files": reader.summary.to_json()}

    def list_invoices(
        self,
        rfc: str | None,
        flt: InvoiceFilter,
        *,
        sort: str = "date",
        limit: int | None = None,
        offset: int = 0,
    ) -> dict[str, Any]:
        profile = self.profile(rfc)
        conn = self.db.get()
        rows = list_invoices(conn, profile.rfc, flt, sort=sort, limit=limit, offset=offset, home=self.home)
        return {"rfc": profile.rfc, "invoices": rows, "count": len(rows), "totals": totals(conn, profile.rfc, flt)}

    def invoice(self, rfc: str | None, uuid: str, *, password: str | None = None) -> dict[str, Any]:
        """One CFDI from the vault; if it is not there, requested from SAT by folio (seed: GET /invoice/:uuid)."""
        profile = self.profile(rfc)
        key = _uuid_key(uuid)
        conn = self.db.get()
        row = self._indexed(profile.rfc, key)
        vault = vault_state(self.home, row) if row is not None and row["has_xml"] else None
        if vault == "ok":
            return {
                "invoice": invoice_record(row, self.home),
                "source": "vault",
                "payments": payments_for(conn, profile.rfc, key),
            }
        if vault is not None:
            # The index had this XML but the file is gone or was edited: never serve another file as SAT's;
            # download SAT's again (a folio request) when the profile can, else say exactly what is wrong.
            try:
                self._require_ready(profile)
            except AppError as exc:
                raise AppError(
                    f"vault_file_{vault}",
                    f"The XML of {key} in the data folder is {vault} ({exc.code}: {exc.message}); SAT's copy can be "
                    "downloaded again once the profile can query SAT.",
                    uuid=key,
                    path=invoice_record(row, self.home)["path"],
                    cause=exc.code,
                ) from None
        self._require_ready(profile)
        params = folio_params(key)
        existing, duplicate = self._create_deduplicated(profile.rfc, params, "manual")
        if not duplicate or existing.is_open:
            self._run_pass(profile, password=password, only={existing.id}, force=True, trigger="invoice")
        record_ = self.ledger.get(existing.id)
        row = self._indexed(profile.rfc, key)
        if row is not None and row["has_xml"] and vault_state(self.home, row) == "ok":
            return {"invoice": invoice_record(row, self.home), "source": "sat", "request_id": record_.id}
        if record_.status == "completed" and vault is not None:
            raise AppError(
                f"vault_file_{vault}",
                f"The XML of {key} in the data folder is {vault}, and SAT's copy could not be downloaded again "
                f"(request {record_.id}: {record_.status_message or record_.status}).",
                uuid=key,
                request_id=record_.id,
            )
        if record_.status == "completed":
            raise AppError("not_found", f"SAT has no CFDI {key} for {profile.rfc}.", request_id=record_.id)
        return {
            "invoice": invoice_record(row, self.home) if row is not None else None,
            **({"vault": vault} if vault is not None else {}),
            "source": "pending",
            "request_id": record_.id,
            "status": record_.status,
            "statusMessage": record_.status_message,
        }

    def _indexed(self, rfc: str, key: str) -> Any:
        """The index's row of one invoice (``key``: an upper-case UUID), or None."""
        return self.db.get().execute("SELECT * FROM invoices WHERE rfc = ? AND uuid = ?", (rfc, key)).fetchone()

    def verify_invoice(self, rfc: str | None, uuid: str) -> dict[str, Any]:
        """Ask SAT's ConsultaCFDIService (no FIEL) for an indexed CFDI's status now, and keep the answer: one
        SAT has cancelled since the last sync leaves the totals at once (and one it says is vigente again
        returns to them)."""
        from desktop_app.core.sat.envelopes import qr_expression

        profile = self.profile(rfc)
        key = _uuid_key(uuid)
        row = self._indexed(profile.rfc, key)
        if row is None:
            raise AppError("not_found", f"{key} is not in the index of {profile.rfc}.", uuid=key)
        details = json.loads(row["details"] or "{}")
        expression = qr_expression(
            key,
            row["issuer_rfc"] or "",
            row["receiver_rfc"] or "",
            row["total"] or "0",
            details.get("seal_tail") or "",
            version=row["version"] or "4.0",
        )
        with self.sat_factory(None) as client:  # the consulta needs no FIEL
            answer = client.consulta(expression)
        status = {"vigente": "vigente", "cancelado": "cancelado"}.get(answer.estado.strip().lower())
        changed = status is not None and status != row["status"]
        if changed:
            conn = self.db.get()
            with transaction(conn):
                conn.execute(
                    "UPDATE invoices SET status = ?, cancelled_at = CASE WHEN ? = 'vigente' THEN NULL "
                    "ELSE cancelled_at END, updated_at = ? WHERE id = ?",
                    (status, status, to_ms(self.clock.now()), row["id"]),
                )
        return {
            "uuid": key,
            "sat": answer.to_json(),
            "status": status or row["status"],
            "previous_status": row["status"],
            "changed": changed,
        }

    def package_file(self, rfc: str | None, package_id: str) -> Path:
        """The saved ZIP of a SAT package (seed: GET /package/:id)."""
        profile = self.profile(rfc)
        row = (
            self.db.get()
            .execute("SELECT * FROM packages WHERE rfc = ? AND lower(id) = lower(?)", (profile.rfc, package_id))
            .fetchone()
        )
        if row is None:
            # SAT names a request's packages ``<IdSolicitud>_NN`` and lists them only when it finishes: the id
            # of a request still running is not known yet, but its request is.
            owner = self._request_of_package(profile.rfc, package_id)
            if owner is not None and owner.is_open:
                raise _not_ready(package_id, owner, None)
            raise AppError("not_found", f"There is no package {package_id}.", package_id=package_id)
        path = Path(resolve(self.home, row["path"]) or package_path(self.home, profile.rfc, row["id"]))
        owner = self.ledger.get(row["request_id"]) if not path.exists() else None
        if owner is not None and owner.is_open and row["state"] in ("available", "downloading"):
            raise _not_ready(package_id, owner, row["state"])
        if not path.exists():
            raise AppError(
                "not_found",
                f"Package {package_id} is not on disk (state {row['state']}).",
                package_id=package_id,
                state=row["state"],
            )
        return path

    def _request_of_package(self, rfc: str, package_id: str) -> RequestRecord | None:
        sat_request_id, underscore, number = package_id.strip().rpartition("_")
        if not underscore or not number.isdigit() or not sat_request_id:
            return None
        row = (
            self.db.get()
            .execute(
                "SELECT id FROM requests WHERE rfc = ? AND lower(sat_request_id) = lower(?)", (rfc, sat_request_id)
            )
            .fetchone()
        )
        return self.ledger.get(row["id"]) if row is not None else None

    def summary(self, rfc: str | None, *, months: int = 12) -> dict[str, Any]:
        """What the Resumen page shows: profile, activation, FIEL, last/next sync, counts by month."""
        profile = self.profile(rfc)
        schedule, _ = self._load_schedule(profile.rfc)
        conn = self.db.get()
        rows = month_direction_totals(conn, profile.rfc)
        by_month: dict[str, dict[str, Any]] = {}
        for row in rows:
            entry = by_month.setdefault(row["month"], {"month": row["month"], "issued": 0, "received": 0})
            entry[row["direction"]] = row["n"]
            entry[f"{row['direction']}_total"] = str((Decimal(row["total"] or 0) / 100).quantize(Decimal("0.01")))
        open_requests = self.ledger.open_requests(profile.rfc)
        last_run = conn.execute(
            "SELECT * FROM sync_runs WHERE rfc = ? ORDER BY id DESC LIMIT 1", (profile.rfc,)
        ).fetchone()
        totals_row = conn.execute(
            "SELECT COUNT(*) AS n, SUM(has_xml) AS xml FROM invoices WHERE rfc = ?", (profile.rfc,)
        ).fetchone()
        return {
            "profile": profile.to_json(),
            "activation": "active" if profile.activated else "needs_activation",
            "fiel": self.profiles.fiel_status(profile),
            "schedule": schedule.to_json(),
            **describe_next_run(schedule, self.clock.now()),
            "last_sync": dict(last_run) if last_run else None,
            "open_requests": len(open_requests),
            "invoices": totals_row["n"],
            "xml_files": totals_row["xml"] or 0,
            "by_month": list(by_month.values())[:months],
        }

    # -- diagnosis -------------------------------------------------------------------------------------------

    def debug(self, rfc: str | None, *, password: str | None = None, timeout: float = 15.0) -> dict[str, Any]:
        """Connectivity and registration report: each SAT endpoint, token, clock skew, FIEL validity."""
        import httpx

        from desktop_app.core.sat.endpoints import from_env

        profile = self.profile(rfc)
        endpoints = from_env()
        report: dict[str, Any] = {
            "rfc": profile.rfc,
            "activated": profile.activated,
            "registered": profile.registered,
            "registered_at": profile.registered_at,
            "registration_error": profile.registration_error,
            "fiel": self.profiles.fiel_status(profile),
            "keyring_available": self.secrets.keyring_available(),
            "password_stored": self.secrets.get_password(profile.rfc) is not None,
            "endpoints": [],
        }
        skews = []
        targets = [
            ("cfdi", "auth", endpoints.cfdi.auth),
            ("cfdi", "query", endpoints.cfdi.query),
            ("cfdi", "verify", endpoints.cfdi.verify),
            ("cfdi", "download", endpoints.cfdi.download),
            ("retenciones", "auth", endpoints.retenciones.auth),
            ("consulta", "consulta", endpoints.consulta),
        ]
        with httpx.Client(timeout=timeout, verify=True) as http:
            for family, name, url in targets:
                started = self.clock.now()
                entry: dict[str, Any] = {"service": family, "operation": name, "url": url}
                try:
                    response = http.get(url)
                except httpx.HTTPError as exc:
                    entry.update(reachable=False, error=f"{type(exc).__name__}: {exc}")
                else:
                    elapsed = (self.clock.now() - started).total_seconds()
                    entry.update(reachable=True, http_status=response.status_code, seconds=round(elapsed, 3))
                    skew = _clock_skew(response.headers.get("date"), self.clock.now())
                    if skew is not None:
                        skews.append(skew)
                report["endpoints"].append(entry)
        report["clock_skew_seconds"] = round(sorted(skews)[len(skews) // 2], 1) if skews else None
        # What a support person reads next: where the log is and how it ends (never a secret: core.logs).
        report["log"] = {"path": str(log_path(self.home)), "tail": log_tail(self.home, 40)}
        try:
            fiel = self.profiles.load_fiel(profile, password)
            client = self.sat_factory(fiel)
            try:
                token = client.authenticate("cfdi", force=True)
                report["token"] = {"obtained": True, "expires": token.expires.isoformat() if token.expires else None}
            finally:
                getattr(client, "close", lambda: None)()
        except AppError as exc:
            report["token"] = {"obtained": False, "error": {"code": exc.code, "message": exc.message}}
        return report


class _Restricted:
    """The ledger as a pass restricted to some requests sees it (``status ID``, a fresh manual request).

    ``verify_only``: only requests SAT already accepted and that have no packages to fetch (a history refresh).
    """

    def __init__(self, ledger: Ledger, only: set[str], force: bool, verify_only: bool = False) -> None:
        self._ledger = ledger
        self._only = only
        self._force = force
        self._verify_only = verify_only

    def open_requests(self, rfc: str) -> list[RequestRecord]:
        records = [r for r in self._ledger.open_requests(rfc) if r.id in self._only]
        if self._verify_only:
            records = [r for r in records if _verifiable(r, None)]
        if self._force:
            return [dataclasses.replace(r, next_check_at=None) for r in records]
        return records

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ledger, name)


VERIFY_ONLY_REASON = "verify_only"


class _VerifyOnly:
    """A SAT client that only authenticates and verifies (a history refresh): Solicita* and Descargar are
    refused before anything is sent, as calls that never left (``delivered: false``), so nothing is spent."""

    def __init__(self, client: Any) -> None:
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


# The counters of a pass's report that `sync --wait` adds up over its passes.
PASS_COUNTERS = ("submitted", "verified", "packages_downloaded", "documents_ingested", "completed", "failed")


def _add_pass(totals: dict[str, Any], report: dict[str, Any]) -> dict[str, Any]:
    """The totals of the passes so far plus ``report``: counters and errors add up; what is left to do
    (``open_requests``, ``next_check_at``, ``cancelled``) is the last pass's, kept whole in ``last_pass``."""
    added = {**report, "last_pass": report}
    for name in PASS_COUNTERS:
        added[name] = totals.get(name, 0) + report.get(name, 0)
    added["errors"] = [*totals.get("errors", []), *report.get("errors", [])]
    return added


def _not_ready(package_id: str, request: RequestRecord, state: str | None) -> AppError:
    """``request_not_ready``: the package belongs to a request whose packages are not downloaded yet."""
    where = f"SAT is still preparing request {request.id}" if state is None else "it is not downloaded yet"
    return AppError(
        "request_not_ready",
        f"Package {package_id} is not ready: {where} (status {request.status}). `sync` downloads it once SAT "
        "has it; try again then.",
        package_id=package_id,
        request_id=request.id,
        status=request.status,
        **({"state": state} if state is not None else {}),
    )


def _verifiable(record: RequestRecord, now_ms: int | None) -> bool:
    """SAT accepted it, it has no packages waiting to be fetched, and (with ``now_ms``) its check is due."""
    if record.submit_state != "sent" or not record.sat_request_id or record.sat_state == 3:
        return False
    return now_ms is None or record.next_check_at is None or record.next_check_at <= now_ms


def _uuid_key(uuid: str) -> str:
    """A UUID as the index keys it (upper case), or ``invalid_uuid``."""
    key = uuid.strip().upper()
    if not UUID_RE.match(key):
        raise AppError("invalid_uuid", f"{uuid!r} is not a UUID.", field="uuid")
    return key


def _clock_skew(header: str | None, now: datetime) -> float | None:
    """Seconds our clock is ahead of the server's (from its HTTP ``Date`` header)."""
    if not header:
        return None
    from email.utils import parsedate_to_datetime

    try:
        server = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    return (now - server).total_seconds()


def request_periods(start: str, end: str) -> list[tuple[str, str]]:
    """The SAT-sized pieces of a manual request's period (SAT takes at most a month per request): the period
    itself, as given, when it spans at most a month; else its calendar months clipped to it (``month_periods``,
    as the backfill asks), as ``YYYY-MM-DDTHH:MM:SS`` texts. A backwards period is returned as given, for
    :meth:`DescargaService.create_request` to refuse."""
    first = parse_moment(start, end=False)
    last = parse_moment(end, end=True)
    if last <= add_months(first, 1):
        return [(start, end)]
    return [(a.isoformat(timespec="seconds"), b.isoformat(timespec="seconds")) for a, b in month_periods(first, last)]


def add_months(moment: datetime, months: int) -> datetime:
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _package_json(row: dict[str, Any], home: Path) -> dict[str, Any]:
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
