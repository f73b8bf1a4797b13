"""The Descarga Masiva system as one object: each method is a row of DESIGN.md §2 (the seed's endpoints).

The CLI and the GUI are two faces of this class. It is a facade: it resolves the profile each call names and
hands the work to the pieces that do it —

* :mod:`desktop_app.core.profiles` — profiles, activation, the stored FIEL;
* :mod:`desktop_app.core.fiel_ops` — uploading an e.firma and SAT's registration;
* :mod:`desktop_app.core.schedule_ops` — the daily schedule and the unattended OS task;
* :mod:`desktop_app.core.runner` — sync passes, the backfill, the schedule's runs, recovery of killed runs;
* :mod:`desktop_app.core.request_ops` — manual requests, one request's status, the history;
* :mod:`desktop_app.core.invoice_ops` — the invoice index, a package's ZIP, the summary and usage;
* :mod:`desktop_app.core.verify_ops` — status checks at SAT for many invoices, the daily re-check;
* :mod:`desktop_app.core.diagnostics` — ``debug``;
* :mod:`desktop_app.core.window_ops` — the window's reads (:class:`desktop_app.core.api.DataService`, which this
  class and the office server's client :class:`desktop_app.core.remote.RemoteService` both implement).

Each thread that uses it gets its own SQLite connection; every SQL statement lives in
:mod:`desktop_app.core.store`.
"""

from __future__ import annotations

import errno
import threading
import time as _time
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from desktop_app.core import diagnostics
from desktop_app.core.api import (
    FielStatus,
    InvoiceCount,
    InvoiceDetail,
    InvoiceRows,
    InvoiceSums,
    ReadStop,
    RequestDetail,
)
from desktop_app.core.browse import Anchor, InvoiceQuery, PageRead
from desktop_app.core.clock import Clock, SystemClock
from desktop_app.core.fiel import Fiel
from desktop_app.core.fiel_ops import FielOps
from desktop_app.core.index import InvoiceFilter
from desktop_app.core.invoice_ops import InvoiceOps
from desktop_app.core.ledger import Ledger, RequestRecord
from desktop_app.core.parts import HomeParts
from desktop_app.core.profiles import RFC_RE, Profile, Profiles
from desktop_app.core.request_ops import REFRESH_TIMEOUT, RequestOps, request_periods
from desktop_app.core.runner import SyncRunner
from desktop_app.core.sat.protocol import SatClientFactory
from desktop_app.core.sat.query import lookback_limit
from desktop_app.core.schedule_ops import ScheduleOps
from desktop_app.core.secrets import SecretStore
from desktop_app.core.store.db import DB_NAME, ConnectionPerThread, home_error
from desktop_app.core.store.vault import make_private, private_dirs, tighten_home
from desktop_app.core.sync import SyncEvent, SyncPolicy
from desktop_app.core.verify_ops import VerificationOps, VerifyProgress
from desktop_app.core.window_ops import WindowReads

__all__ = ["PRICING", "REFRESH_TIMEOUT", "DescargaService", "default_sat_factory", "request_periods"]


PRICING = {
    # The app runs on the user's computer and talks to SAT directly: there is nothing to pay for.
    "perDownload": "$0.00 MXN",
    "addonMonthly": "$0.00 MXN",
}


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
        sat_factory: builds a SAT client for a FIEL (tests and the demo point it at the sandbox); it may be
            replaced on a live service (each pass asks for the current one).
        policy: pacing of SAT calls (how soon and how often pending requests are checked).
        database: a ``postgresql://`` URL to keep the tables in PostgreSQL (the office server, ``store/pg.py``)
            instead of the home's SQLite file; the vault, logs and locks stay in ``home``.
    """

    def __init__(
        self,
        home: Path,
        *,
        clock: Clock | None = None,
        secrets: SecretStore | None = None,
        sat_factory: SatClientFactory | None = None,
        policy: SyncPolicy | None = None,
        database: str | None = None,
    ) -> None:
        # Absolute once: every path the index keeps is relative to it, so the home can move between sessions.
        self.home = Path(home).absolute()
        try:
            private_dirs(self.home)
            if not self.home.is_dir():
                raise FileExistsError(errno.EEXIST, "not a folder", str(self.home))
            tighten_home(self.home, lambda name: RFC_RE.match(name) is not None)
        except OSError as exc:  # a home that cannot be made: said with its code, in every face (not a traceback)
            known = home_error(exc, self.home)
            if known is None:
                raise
            raise known from exc
        self.clock = clock or SystemClock()
        self.secrets = secrets or SecretStore()
        self.sat_factory = sat_factory or default_sat_factory
        self.database = database  # a postgresql:// URL (the office server), or None: <home>/descarga.sqlite3
        if database is not None:
            from desktop_app.core.store.pg import PgConnectionSource  # psycopg: the [server] extra only

            self.db: ConnectionPerThread = PgConnectionSource(database)
        else:
            self.db = ConnectionPerThread(self.home / DB_NAME)
            for suffix in ("", "-wal", "-shm"):  # SQLite creates them with the umask's mode; invoices are private
                make_private(self.home / f"{DB_NAME}{suffix}")
        self.profiles = Profiles(self.home, self.db, self.clock, self.secrets)
        self.ledger = Ledger(self.db, self.clock)
        self.policy = policy or SyncPolicy()
        self.fiel_ops = FielOps(clock=self.clock, profiles=self.profiles, sat_factory=self._client)
        self.schedule_ops = ScheduleOps(
            home=self.home, db=self.db, clock=self.clock, profiles=self.profiles, secrets=self.secrets
        )
        parts = HomeParts(self.home, self.db, self.clock, self.profiles, self.ledger, self._client)
        self.verify_ops = VerificationOps(parts)
        self.runner = SyncRunner(parts, policy=self.policy, verifications=self.verify_ops)
        self.request_ops = RequestOps(home=self.home, clock=self.clock, ledger=self.ledger, runner=self.runner)
        self.invoice_ops = InvoiceOps(parts, runner=self.runner)
        self.window = WindowReads(parts, self.secrets)
        # Tests inject ``runner``/``platform``/``local_tz``/``now`` for the OS scheduler calls.
        self.ostask_overrides: dict[str, Any] = {}

    def _client(self, fiel: Fiel | None) -> Any:
        """A SAT client from the current ``sat_factory`` (``None``: the consulta, which needs no FIEL)."""
        return self.sat_factory(fiel)  # type: ignore[arg-type]

    def close(self) -> None:
        self.db.close()

    # -- the window's reads (core.api.DataService; delegated to core.window_ops) ------------------------------

    def data_location(self) -> str:
        return str(self.home)

    def local_folder(self) -> Path | None:
        return self.home

    def now(self) -> datetime:
        return self.window.now()

    def today(self) -> date:
        return self.window.today()

    def keyring_available(self) -> bool:
        return self.window.keyring_available()

    def remember_password(self, rfc: str, password: str, *, persist: bool) -> bool:
        return self.window.remember_password(rfc, password, persist=persist)

    def profile_records(self) -> tuple[Profile, ...]:
        return self.window.profile_records()

    def profile_record(self, rfc: str) -> Profile:
        return self.window.profile_record(rfc)

    def fiel_status(self, rfc: str) -> FielStatus:
        return self.window.fiel_status(rfc)

    def request_records(self, rfc: str) -> tuple[RequestRecord, ...]:
        return self.window.request_records(rfc)

    def request_record(self, rfc: str, request_id: str) -> RequestRecord:
        return self.window.request_record(rfc, request_id)

    def request_detail(self, rfc: str, request_id: str) -> RequestDetail:
        return self.window.request_detail(rfc, request_id)

    def invoice_count(self, query: InvoiceQuery, *, stop: ReadStop | None = None) -> InvoiceCount:
        return self.window.invoice_count(query, stop=stop)

    def invoice_rows(
        self,
        query: InvoiceQuery,
        page: int,
        count: InvoiceCount,
        anchors: Mapping[int, Anchor],
        *,
        stop: ReadStop | None = None,
    ) -> InvoiceRows:
        return self.window.invoice_rows(query, page, count, anchors, stop=stop)

    def invoice_window_rows(
        self, query: InvoiceQuery, read: PageRead, *, nulls: bool, matches: int | None
    ) -> tuple[Mapping[str, Any], ...]:
        return self.window.invoice_window_rows(query, read, nulls=nulls, matches=matches)

    def invoice_sums(
        self, rfc: str, flt: InvoiceFilter, group_by: tuple[str, ...], *, stop: ReadStop | None = None
    ) -> InvoiceSums:
        return self.window.invoice_sums(rfc, flt, group_by, stop=stop)

    def invoice_detail(self, rfc: str, invoice_id: int) -> InvoiceDetail | None:
        return self.window.invoice_detail(rfc, invoice_id)

    def invoice_records(self, query: InvoiceQuery) -> Iterator[dict[str, Any]]:
        return self.window.invoice_records(query)

    def invoice_record_page(self, query: InvoiceQuery, offset: int, limit: int) -> list[dict[str, Any]]:
        return self.window.invoice_record_page(query, offset, limit)

    # -- profiles ----------------------------------------------------------------------------------------

    def add_profile(self, rfc: str, name: str = "", *, accept_check_digit: bool = False) -> dict[str, Any]:
        return self.profiles.add(rfc, name, accept_check_digit=accept_check_digit).to_json()

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
        return self.invoice_ops.usage(rfc)

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
        """Validate (every seed error row), store securely, and register with SAT (authenticate once); without a
        keyring (the password kept by nobody) ``warnings`` as ``schedule show`` gives them."""
        result = self.fiel_ops.upload_fiel(
            self.profile(rfc), cer, key, password, sync_start_date=sync_start_date, phone=phone
        )
        if not result["password_in_keyring"]:
            result["warnings"] = self.unattended_warnings()
        return result

    def register(self, rfc: str | None, *, password: str | None = None) -> dict[str, Any]:
        """Retry SAT's authentication ("registration") with the stored FIEL."""
        return self.fiel_ops.register(self.profile(rfc), password=password)

    def authenticate(self, fiel: Fiel) -> dict[str, Any]:
        """Authenticate once with SAT ("registration") with ``fiel`` and store nothing (the setup wizard's)."""
        return self.fiel_ops.authenticate(fiel)

    def load_fiel(self, rfc: str | None, password: str | None = None) -> Fiel:
        return self.profiles.load_fiel(self.profile(rfc), password)

    # -- schedule and the unattended OS task ---------------------------------------------------------------

    def get_schedule(self, rfc: str | None) -> dict[str, Any]:
        """The seed's schedule, plus the FIEL status and the next run."""
        return self.schedule_ops.get_schedule(self.profile(rfc))

    def note_unattended_skip(self, rfc: str, code: str, message: str) -> bool:
        """The OS task skipped ``rfc`` while its daily run was due: recorded as that run's failure (:meth:`ScheduleOps
        .note_unattended_skip <desktop_app.core.schedule_ops.ScheduleOps.note_unattended_skip>`)."""
        return self.schedule_ops.note_unattended_skip(rfc, code, message)

    def unattended_warnings(self) -> list[dict[str, str]]:
        """Why the daily sync cannot run with the app closed, as ``{code, message}`` items (empty: it can)."""
        return self.schedule_ops.unattended_warnings()

    def set_schedule(
        self,
        rfc: str | None,
        *,
        enabled: bool | None = None,
        time: str | None = None,
        download_types: list[str] | None = None,
        days_back: int | None = None,
        recheck_months: int | None = None,
    ) -> dict[str, Any]:
        """``recheck_months``: the daily run re-checks at SAT the received vigente invoices of that many months
        (0: off; issue 17.3)."""
        return self.schedule_ops.set_schedule(
            self.profile(rfc),
            enabled=enabled,
            time=time,
            download_types=download_types,
            days_back=days_back,
            recheck_months=recheck_months,
        )

    def os_task_times(self) -> tuple[list[str], list[str]]:
        """The Mexico City times the OS task fires daily, and warnings about what unattended sync won't do."""
        return self.schedule_ops.os_task_times()

    def os_task_spec(self) -> Any:
        return self.schedule_ops.os_task_spec()

    def os_task_status(self, kind: str = "auto") -> dict[str, Any]:
        return self.schedule_ops.os_task_status(kind, self.ostask_overrides)

    def install_os_task(self, kind: str = "auto", *, dry_run: bool = False) -> dict[str, Any]:
        return self.schedule_ops.install_os_task(kind, self.ostask_overrides, dry_run=dry_run)

    def uninstall_os_task(self, kind: str = "auto") -> dict[str, Any]:
        return self.schedule_ops.uninstall_os_task(kind, self.ostask_overrides)

    def refresh_os_task(self) -> dict[str, Any] | None:
        """After a schedule change: reinstall the OS task if it is installed and no longer matches."""
        return self.schedule_ops.refresh_os_task(self.ostask_overrides)

    # -- requests and history --------------------------------------------------------------------------------

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
        """The seed's manual request: validated, de-duplicated against the ledger, then sent to SAT
        (:meth:`RequestOps.create_request <desktop_app.core.request_ops.RequestOps.create_request>`)."""
        return self.request_ops.create_request(
            self.profile(rfc),
            start=start,
            end=end,
            submit=submit,
            password=password,
            rfc_type=rfc_type,
            request_type=request_type,
            invoice_type=invoice_type,
            invoice_status=invoice_status,
            third_party_rfc=third_party_rfc,
            service=service,
        )

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
        """Manual requests for a period of any length: one per direction in ``rfc_types`` and per
        SAT-sized piece of the period (:func:`request_periods`), all checked before any is stored, then sent by
        one pass (:meth:`RequestOps.create_requests <desktop_app.core.request_ops.RequestOps.create_requests>`)."""
        return self.request_ops.create_requests(
            self.profile(rfc),
            start=start,
            end=end,
            rfc_types=rfc_types,
            submit=submit,
            password=password,
            request_type=request_type,
            invoice_type=invoice_type,
            invoice_status=invoice_status,
            third_party_rfc=third_party_rfc,
            service=service,
        )

    def request_status(
        self,
        rfc: str | None,
        request_id: str,
        *,
        password: str | None = None,
        refresh: bool = True,
        send: bool = False,
    ) -> dict[str, Any]:
        """One request; refreshed from SAT first when it is still open (unless ``refresh`` is False); one SAT never
        received is sent only with ``send`` (the window's click on it), never by a look (`status ID`)."""
        return self.request_ops.request_status(
            self.profile(rfc), request_id, password=password, refresh=refresh, send=send
        )

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
        return self.request_ops.history(
            self.profile(rfc), limit, refresh=refresh, refresh_timeout=refresh_timeout, password=password
        )

    def refresh_pending(
        self, rfc: str | None, *, timeout: float = REFRESH_TIMEOUT, password: str | None = None
    ) -> dict[str, Any]:
        """Ask SAT (Verifica only: nothing sent, nothing downloaded) about the open requests it already
        accepted whose next check is due, within ``timeout`` s (:meth:`RequestOps.refresh_pending
        <desktop_app.core.request_ops.RequestOps.refresh_pending>`)."""
        return self.request_ops.refresh_pending(self.profile(rfc), timeout=timeout, password=password)

    # -- sync ------------------------------------------------------------------------------------------------

    def enable_sync(self, rfc: str | None) -> dict[str, Any]:
        """Backfill from ``sync_start_date``: one request per month and download type, then the daily schedule."""
        profile = self.profile(rfc)
        self.runner.require_ready(profile)
        schedule, _ = self.schedule_ops.schedules.load(profile.rfc)
        today = self.profiles.today()
        start = datetime.fromisoformat(profile.sync_start_date or today.isoformat())
        # The start was checked when it was set; months later part of its first month may be past SAT's six years
        # (a request for it could never be sent): from the oldest day SAT still serves.
        start = max(start, lookback_limit(self.clock.now()))
        end = datetime.combine(today - timedelta(days=1), time(23, 59, 59))
        created, duplicates = self.runner.backfill(profile, schedule, start, end)
        self.profiles.mark_sync_enabled(profile.rfc)
        if not schedule.enabled:
            self.set_schedule(profile.rfc, enabled=True)
        # The schedule as `schedule show` says it (DESIGN §3: schedule, FIEL status, next run, lastSync, warnings).
        return {
            **self.get_schedule(profile.rfc),
            "sync_start_date": profile.sync_start_date,
            "requests_created": created,
            "requests_already_known": duplicates,
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
        return self.runner.sync_once(
            rfc, password=password, cancel=cancel, on_event=on_event, trigger=trigger, lock_wait=lock_wait
        )

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
        """Repeat passes until no request is open, ``timeout`` seconds passed (``timed_out`` then) or ``stop`` is
        set (``stopped``); see
        :meth:`SyncRunner.sync_until_done <desktop_app.core.runner.SyncRunner.sync_until_done>`."""
        return self.runner.sync_until_done(
            rfc,
            timeout=timeout,
            password=password,
            on_event=on_event,
            on_wait=on_wait,
            trigger=trigger,
            lock_wait=lock_wait,
            sleep=sleep,
            stop=stop,
            monotonic=monotonic,
        )

    # -- the offline index --------------------------------------------------------------------------------

    def import_invoices(
        self,
        rfc: str | None,
        paths: list[str],
        *,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> dict[str, Any]:
        """Index XML files, folders and ZIPs already on disk (accountants keep years of them); ``progress`` and
        ``cancel``: ``InvoiceOps.import_invoices``."""
        return self.invoice_ops.import_invoices(self.profile(rfc), paths, progress=progress, cancel=cancel)

    def list_invoices(
        self,
        rfc: str | None,
        flt: InvoiceFilter,
        *,
        sort: str = "date",
        limit: int | None = None,
        offset: int = 0,
        group_by: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        """The filter's invoices and totals; ``group_by`` (direction, type, currency, status) adds ``groups``."""
        return self.invoice_ops.list_invoices(
            self.profile(rfc), flt, sort=sort, limit=limit, offset=offset, group_by=group_by
        )

    def invoice(
        self,
        rfc: str | None,
        uuid: str,
        *,
        password: str | None = None,
        submit: bool = True,
        ask_sat: bool = True,
        service: str | None = None,
    ) -> dict[str, Any]:
        """One CFDI from the vault; if it is not there, requested from SAT by folio (seed: GET /invoice/:uuid).
        ``submit=False`` leaves the folio request for the next sync pass; ``ask_sat=False`` answers from the index
        only; ``service`` for a UUID the index does not know (:meth:`InvoiceOps.invoice
        <desktop_app.core.invoice_ops.InvoiceOps.invoice>`)."""
        return self.invoice_ops.invoice(
            self.profile(rfc), uuid, password=password, submit=submit, ask_sat=ask_sat, service=service
        )

    def invoice_file(self, rfc: str | None, uuid: str) -> Path:
        """The vault's XML of an indexed CFDI, checked against the index (the office server's ``…/xml``)."""
        return self.invoice_ops.invoice_file(self.profile(rfc), uuid)

    def invoice_page(
        self,
        rfc: str | None,
        flt: InvoiceFilter,
        *,
        sort: str = "date",
        descending: bool = True,
        after: tuple[tuple[Any, ...], int] | None = None,
        limit: int = 200,
    ) -> dict[str, Any]:
        """One keyset page of the browser's rows and the ``next`` key to continue from (the office server's
        invoice list; :meth:`InvoiceOps.invoice_page <desktop_app.core.invoice_ops.InvoiceOps.invoice_page>`)."""
        return self.invoice_ops.invoice_page(
            self.profile(rfc), flt, sort=sort, descending=descending, after=after, limit=limit
        )

    def invoice_totals(self, rfc: str | None, flt: InvoiceFilter, *, group_by: tuple[str, ...] = ()) -> dict[str, Any]:
        """The filter's totals (and ``groups`` with ``group_by``) without listing a row."""
        result = self.list_invoices(rfc, flt, limit=0, group_by=group_by)
        return {k: v for k, v in result.items() if k not in ("invoices", "count")}

    def verify_invoice(self, rfc: str | None, uuid: str) -> dict[str, Any]:
        """Ask SAT's ConsultaCFDIService (no FIEL) for an indexed CFDI's status now, and keep the answer: one
        SAT has cancelled since the last sync leaves the totals at once (and one it says is vigente again
        returns to them)."""
        return self.invoice_ops.verify_invoice(self.profile(rfc), uuid)

    def verify_invoices(
        self,
        rfc: str | None,
        *,
        uuids: list[str] | None = None,
        flt: InvoiceFilter | None = None,
        rate: float | None = None,
        resume: bool = False,
        cancel: threading.Event | None = None,
        on_progress: Callable[[VerifyProgress], None] | None = None,
    ) -> dict[str, Any]:
        """SAT's status of many CFDI (``uuids``, or what ``flt`` lists), asked at ``rate`` calls per second and
        kept; ``resume`` goes on with the last unfinished check (:meth:`VerificationOps.verify
        <desktop_app.core.verify_ops.VerificationOps.verify>`)."""
        return self.verify_ops.verify(
            self.profile(rfc),
            uuids=uuids,
            flt=flt,
            rate=rate,
            resume=resume,
            cancel=cancel,
            on_progress=on_progress,
        )

    def resumable_verification(self, rfc: str | None) -> dict[str, Any] | None:
        """The last status check someone started that did not ask everything (killed, stopped), or None."""
        return self.verify_ops.resumable(self.profile(rfc))

    def verifications(self, rfc: str | None, limit: int | None = None, *, changes: bool = True) -> list[dict[str, Any]]:
        """The status checks at SAT (asked for, and the daily re-checks), newest first, with what changed
        (``changes`` False: counters only)."""
        return self.verify_ops.history(self.profile(rfc), limit, changes=changes)

    def verification(self, rfc: str | None, run_id: int) -> dict[str, Any]:
        """One status check with every change and failure."""
        return self.verify_ops.detail(self.profile(rfc), run_id)

    def package_file(self, rfc: str | None, package_id: str) -> Path:
        """The saved ZIP of a SAT package (seed: GET /package/:id)."""
        return self.invoice_ops.package_file(self.profile(rfc), package_id)

    def summary(self, rfc: str | None, *, months: int = 12) -> dict[str, Any]:
        """What the Resumen page shows: profile, activation, FIEL, last/next sync, counts by month."""
        return self.invoice_ops.summary(self.profile(rfc), months=months)

    def report(
        self,
        rfc: str | None,
        kind: str,
        period: Any,
        *,
        basis: str | None = None,
        detail: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[str, Any]:
        """Report ``kind`` (iva, isr, nomina, ppd, diot, retenciones) over ``period`` (a ``core.reports.Period``):
        issue 18, docs/reports.md."""
        from desktop_app.core import reports

        profile = self.profile(rfc)
        return reports.run(
            self.db.get(), self.home, profile.rfc, kind, period, basis=basis, detail=detail, progress=progress
        )

    # -- diagnosis -------------------------------------------------------------------------------------------

    def debug(self, rfc: str | None, *, password: str | None = None, timeout: float = 15.0) -> dict[str, Any]:
        """Connectivity and registration report: each SAT endpoint, token, clock skew, FIEL validity."""
        return diagnostics.connectivity_report(
            self.profile(rfc),
            home=self.home,
            clock=self.clock,
            profiles=self.profiles,
            secrets=self.secrets,
            sat_factory=self._client,
            password=password,
            timeout=timeout,
        )

    # -- SAT's 69-B list (EFOS; issue 18.7, core/efos.py) ---------------------------------------------------------

    def _efos(self) -> Any:
        from desktop_app.core.efos import EfosOps

        return EfosOps(self.db, self.clock)

    def import_efos_list(self, path: str | Path) -> dict[str, Any]:
        """Load SAT's ``Listado_Completo_69-B.csv`` in place of the list loaded before, all or nothing."""
        return dict(self._efos().import_list(path))

    def efos_status(self) -> dict[str, Any]:
        """The loaded 69-B list's metadata and age in days (``loaded`` false when none was imported)."""
        return dict(self._efos().status())

    def efos_situation_of(self, rfcs: list[str]) -> dict[str, dict[str, Any]]:
        """{rfc: entry} of those RFCs that are on the loaded 69-B list."""
        return dict(self._efos().situation_of(rfcs))

    def efos_counterparts(self, rfc: str | None) -> dict[str, Any]:
        """The profile's counterparts on the loaded 69-B list, with its invoices issued to / received from each."""
        return dict(self._efos().counterparts(self.profile(rfc).rfc))
