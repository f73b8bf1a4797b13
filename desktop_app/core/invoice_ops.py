"""The offline index as the seed's endpoints see it: import, list, one invoice (from the vault or SAT), SAT's
status of one CFDI, a package's ZIP, the Resumen page's summary and the usage meter.

:class:`desktop_app.core.service.DescargaService` delegates here; SQL lives in the repositories
(:mod:`desktop_app.core.store`).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_app.core.cfdi.model import TYPE_RETENCIONES
from desktop_app.core.cfdi.package import iter_files
from desktop_app.core.clock import MEXICO_CITY, to_ms
from desktop_app.core.errors import AppError
from desktop_app.core.index import (
    IMPORT_SOURCE,
    IndexWriter,
    InvoiceFilter,
    group_totals,
    list_invoices,
    month_totals,
    payments_for,
    totals,
    vault_state,
)
from desktop_app.core.index import record as invoice_record
from desktop_app.core.ledger import RequestRecord
from desktop_app.core.locking import ProfileLock, RunningMark, abandoned
from desktop_app.core.parts import HomeParts
from desktop_app.core.profiles import Profile
from desktop_app.core.runner import SyncRunner
from desktop_app.core.sat.query import SERVICES, UUID_RE, folio_params
from desktop_app.core.schedule import describe_next_run
from desktop_app.core.store.db import transaction
from desktop_app.core.store.invoices import PAGE_COLUMNS, PAGE_SORTS, InvoiceRepository, sort_values
from desktop_app.core.store.packages import PackageRepository
from desktop_app.core.store.requests import RequestRepository
from desktop_app.core.store.schedules import ScheduleRepository
from desktop_app.core.store.sync_runs import SyncRunRepository
from desktop_app.core.store.vault import package_path, resolve
from desktop_app.core.sync import ingest_items, sweep_interrupted_writes
from desktop_app.core.sync.ingest import Cancelled

MAX_PAGE = 1000  # rows in one keyset page (invoice_page)


log = logging.getLogger(__name__)


# A temporary vault file untouched this long belongs to no live writer (``InvoiceOps.import_invoices``).
STALE_TEMPORARY_S = 15 * 60
# How long an import waits for another's look at the marks (a sweep after a kill: a fraction of a second).
IMPORTS_LOCK_WAIT = 30.0


class InvoiceOps:
    """The index of one home, per profile (each thread uses its own connection: ``db``)."""

    def __init__(self, parts: HomeParts, *, runner: SyncRunner) -> None:
        self.home = parts.home
        self.db = parts.db
        self.clock = parts.clock
        self.profiles = parts.profiles
        self.ledger = parts.ledger
        self.sat_factory = parts.sat_factory
        self.runner = runner
        self.invoices = InvoiceRepository(parts.db)
        self.packages = PackageRepository(parts.db)
        self.requests = RequestRepository(parts.db)
        self.schedules = ScheduleRepository(parts.db)
        self.runs = SyncRunRepository(parts.db)

    def import_invoices(
        self,
        profile: Profile,
        paths: list[str],
        *,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> dict[str, Any]:
        """Index XML files, folders and ZIPs already on disk (accountants keep years of them).

        ``progress(files_done, files_total)`` now and then (``FilesReader.progress``); ``cancel`` set: the import
        stops after the batch it is writing, which is committed (``stopped: true``; what was read is indexed, the
        rest is not — importing the same paths again finishes it, the files done being ``unchanged``).

        An import marks itself running (``.import-<pid>-<thread>.running`` in the profile's folder, a
        :class:`~desktop_app.core.locking.RunningMark`: locked while its process lives, removed when it ends). One
        that finds a mark whose process is gone — an import killed mid-way — first deletes the temporary vault
        files it left (``*.tmp``, ``*.part``; only a sync found interrupted swept them before): all of them when
        no other import and no sync of the profile is at work (its sync lock taken for the sweep), else those older
        than :data:`STALE_TEMPORARY_S`, which no live writer keeps that long. Before, the sweep waited for a mark
        15 minutes old, so importing again right after a kill kept the temporaries for good (an outside audit:
        41–456 hidden copies of CFDI after the completing run); and a new profile's first import wrote no mark (its
        folder did not exist yet). The marks are looked at and written under ``imports.lock``, so that an import
        starting meanwhile is never taken for a dead one; the vault's walk (~0.1 s for 200,000 files) is paid
        only after a kill."""
        folder = self.home / profile.rfc
        mark = RunningMark(folder / f".import-{os.getpid()}-{threading.get_ident()}.running")
        with ProfileLock(folder / "imports.lock", wait=IMPORTS_LOCK_WAIT, poll=0.02):
            marks = list(folder.glob(".import-*.running"))
            dead = [found for found in marks if abandoned(found)]
            if dead:
                removed = self._sweep(profile.rfc, alone=len(dead) == len(marks))
                for found in dead:
                    found.unlink(missing_ok=True)
                log.info("import of %s: an earlier import was interrupted; removed %d temporary file(s)", profile.rfc,
                         len(removed))  # fmt: skip
            mark.__enter__()
        try:
            return self._import(profile, paths, progress=progress, cancel=cancel)
        finally:
            mark.__exit__(None, None, None)

    def _sweep(self, rfc: str, *, alone: bool) -> list[Path]:
        """The temporary files a killed import left: all of them when ``alone`` (no other import of ``rfc`` at
        work) and no sync of it runs — its sync lock held for the sweep, so none starts — else the stale ones."""
        stale = time.time() - STALE_TEMPORARY_S
        if alone:
            try:
                with ProfileLock(self.home / rfc / "sync.lock"):
                    return sweep_interrupted_writes(self.home, rfc, older_than=time.time() + 1)
            except AppError as exc:
                if exc.code != "sync_busy":
                    raise
        return sweep_interrupted_writes(self.home, rfc, older_than=stale)

    def _import(
        self,
        profile: Profile,
        paths: list[str],
        *,
        progress: Callable[[int, int], None] | None,
        cancel: threading.Event | None,
    ) -> dict[str, Any]:
        conn = self.db.get()
        writer = IndexWriter(conn, self.home, profile.rfc, to_ms(self.clock.now()))
        # Files whose exact bytes the index holds (a folder imported again; SAT's copy of the accountant's files)
        # are told by their SHA-256 before they are walked: 2-3x faster for a folder that is all known.
        reader = iter_files(paths, owner_rfc=profile.rfc, known=writer.known_keys())
        reader.progress = progress
        from desktop_app.core import parallel  # (imported by core.sync already)

        parallel.attach(reader, writer.spec(IMPORT_SOURCE))  # a large folder: read and parsed by worker processes
        items = iter(reader)
        stopped = False
        try:
            stats = ingest_items(conn, writer, items, source=IMPORT_SOURCE, cancel=cancel)
        except Cancelled:
            stats, stopped = writer.stats, True
        finally:
            items.close()  # a stopped read gives its workers back now, not when the generator is collected
        files = reader.summary.to_json()
        result = {"rfc": profile.rfc, **stats.to_json(), "files": files}
        # ``skipped`` is everything not imported: the files refused before a document was read (a total that is
        # no amount, a ZIP bomb, a file that is no XML: ``files.skipped`` lists them) with the documents the index
        # did not take (conflicts, another RFC's). It said 0 beside six refused files.
        refused = files["skipped_by_reason"]
        if refused:
            reasons = dict(result["skipped_reasons"])
            for reason, count in refused.items():
                reasons[reason] = reasons.get(reason, 0) + count
            result["skipped"] += sum(refused.values())
            result["skipped_reasons"] = reasons
        if stopped:
            result["stopped"] = True
        return result

    def list_invoices(
        self,
        profile: Profile,
        flt: InvoiceFilter,
        *,
        sort: str,
        limit: int | None,
        offset: int,
        group_by: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        conn = self.db.get()
        groups = group_totals(conn, profile.rfc, flt, group_by) if group_by else None  # checks the keys first
        rows = list_invoices(conn, profile.rfc, flt, sort=sort, limit=limit, offset=offset, home=self.home)
        result = {"rfc": profile.rfc, "invoices": rows, "count": len(rows), "totals": totals(conn, profile.rfc, flt)}
        if groups is not None:
            result["groups"] = groups
        return result

    def invoice(
        self,
        profile: Profile,
        uuid: str,
        *,
        password: str | None = None,
        submit: bool = True,
        ask_sat: bool = True,
        service: str | None = None,
    ) -> dict[str, Any]:
        """One CFDI from the vault; if it is not there, requested from SAT by folio (seed: GET /invoice/:uuid).

        ``submit=False``: the folio request is stored (de-duplicated) but left for the next sync pass to send (the
        office server's scheduler), and the answer says ``pending``. ``ask_sat=False``: SAT is not asked at all
        (a read-only caller): what the index has, else ``not_found``. The folio goes to the service of the
        document the index knows (a constancia de retenciones known from its metadata, or whose file is gone, to
        Retenciones: the CFDI service never has it, and its «not found» ended the request for good), else to
        ``service`` (default CFDI)."""
        if service is not None and service not in SERVICES:
            raise AppError("invalid_service", f"The service must be one of {', '.join(SERVICES)}.", field="service")
        key = uuid_key(uuid)
        row = self.invoices.by_uuid(profile.rfc, key)
        vault = vault_state(self.home, row) if row is not None and row["has_xml"] else None
        if row is not None and vault == "ok":
            return {
                "invoice": invoice_record(row, self.home),
                "source": "vault",
                "payments": payments_for(self.db.get(), profile.rfc, key),
            }
        if not ask_sat:
            if row is None:
                raise AppError("not_found", f"{key} is not in the index of {profile.rfc}.", uuid=key)
            return {
                "invoice": invoice_record(row, self.home),
                **({"vault": vault} if vault is not None else {}),
                "source": "index",
            }
        if row is not None and vault is not None:
            # The index had this XML but the file is gone or was edited: never serve another file as SAT's;
            # download SAT's again (a folio request) when the profile can, else say exactly what is wrong.
            try:
                self.runner.require_ready(profile)
            except AppError as exc:
                raise AppError(
                    f"vault_file_{vault}",
                    f"The XML of {key} in the data folder is {vault} ({exc.code}: {exc.message}); SAT's copy can be "
                    "downloaded again once the profile can query SAT.",
                    uuid=key,
                    path=invoice_record(row, self.home)["path"],
                    cause=exc.code,
                ) from None
        self.runner.require_ready(profile)
        family = row["family"] if row is not None and row["family"] in SERVICES else service or "cfdi"
        params = folio_params(key, service=family)
        existing, duplicate = self.runner.create_deduplicated(profile.rfc, params, "manual")
        if submit and (not duplicate or existing.is_open):
            self.runner.run_pass(profile, password=password, only={existing.id}, force=True, trigger="invoice")
        record_ = self.ledger.get(existing.id)
        row = self.invoices.by_uuid(profile.rfc, key)
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
            what = "Retenciones document" if family == "retenciones" else "CFDI"
            raise AppError("not_found", f"SAT has no {what} {key} for {profile.rfc}.", request_id=record_.id)
        return {
            "invoice": invoice_record(row, self.home) if row is not None else None,
            **({"vault": vault} if vault is not None else {}),
            "source": "pending",
            "request_id": record_.id,
            "status": record_.status,
            "statusMessage": record_.status_message,
        }

    def verify_invoice(self, profile: Profile, uuid: str) -> dict[str, Any]:
        """SAT's ConsultaCFDIService answer for an indexed CFDI, kept (``DescargaService.verify_invoice``); many at
        once: :mod:`desktop_app.core.verify_ops`, whose expression and reading of the answer this shares."""
        from desktop_app.core.verify_ops import consulta_expression, sat_status

        key = uuid_key(uuid)
        row = self.invoices.by_uuid(profile.rfc, key)
        if row is None:
            raise AppError("not_found", f"{key} is not in the index of {profile.rfc}.", uuid=key)
        if row["family"] != "cfdi":  # as invoices verify: SAT's service would only answer "No Encontrado"
            raise AppError(
                "not_verifiable", f"{key} is a Retenciones document; ConsultaCFDI does not know those.", uuid=key
            )
        with self.sat_factory(None) as client:  # the consulta needs no FIEL
            answer = client.consulta(consulta_expression(row))
        status = sat_status(answer)
        changed = status is not None and status != row["status"]
        now = to_ms(self.clock.now())
        with transaction(self.db.get()):
            if changed:
                assert status is not None
                self.invoices.set_status(row["id"], status, now)
            self.invoices.mark_verified(row["id"], now)  # the daily re-check need not ask again soon
        return {
            "uuid": key,
            "sat": answer.to_json(),
            "status": status or row["status"],
            "previous_status": row["status"],
            "changed": changed,
        }

    def invoice_file(self, profile: Profile, uuid: str) -> Path:
        """The vault's XML of an indexed CFDI, checked to be the file the index wrote (never another as SAT's).

        Raises ``not_found`` (not indexed), ``xml_not_available`` (SAT gave only its metadata) or
        ``vault_file_missing`` / ``vault_file_changed``."""
        key = uuid_key(uuid)
        row = self.invoices.by_uuid(profile.rfc, key)
        if row is None:
            raise AppError("not_found", f"{key} is not in the index of {profile.rfc}.", uuid=key)
        if not row["has_xml"]:
            raise AppError(
                "xml_not_available",
                f"{key} has no XML in the data folder (SAT gave only its metadata).",
                uuid=key,
            )
        state = vault_state(self.home, row)
        if state != "ok":
            raise AppError(f"vault_file_{state}", f"The XML of {key} in the data folder is {state}.", uuid=key)
        path = resolve(self.home, row["path"])
        assert path is not None  # vault_state said "ok": the file is there
        return Path(path)

    def invoice_page(
        self,
        profile: Profile,
        flt: InvoiceFilter,
        *,
        sort: str = "date",
        descending: bool = True,
        after: tuple[tuple[Any, ...], int] | None = None,
        limit: int = 200,
    ) -> dict[str, Any]:
        """One keyset page of the browser's rows (``store.invoices.PAGE_COLUMNS``) in the browser's order ``sort``
        (a ``store.invoices.PAGE_SORTS`` name) and then id: the ``limit`` rows after ``after`` (the order's values
        and the id of the previous page's last row), and ``next``, the ``[values, id]`` to ask the following page
        with (None at the end)."""
        if sort not in PAGE_SORTS:
            raise AppError("invalid_argument", f"sort must be one of {', '.join(PAGE_SORTS)}.", field="sort")
        if not 1 <= limit <= MAX_PAGE:
            raise AppError("invalid_argument", f"limit must be from 1 to {MAX_PAGE}.", field="limit")
        if after is not None and len(after[0]) != len(PAGE_SORTS[sort]):
            raise AppError("invalid_cursor", "The page to continue from is not one of this order.", field="cursor")
        nulls = self.invoices.has_null_keys(profile.rfc, damaged=flt.damaged, sort=sort)
        rows = self.invoices.page(
            profile.rfc, flt, sort=sort, ascending=not descending, after=after, nulls=nulls, limit=limit + 1, offset=0
        )
        more = len(rows) > limit
        rows = rows[:limit]
        last = rows[-1] if rows else None
        return {
            "rfc": profile.rfc,
            "invoices": [{name: row[name] for name in PAGE_COLUMNS} for row in rows],
            "next": [list(sort_values(dict(zip(last.keys(), last, strict=True)), sort)), last["id"]]
            if more and last is not None
            else None,
        }

    def package_file(self, profile: Profile, package_id: str) -> Path:
        """The saved ZIP of a SAT package (seed: GET /package/:id)."""
        row = self.packages.find(profile.rfc, package_id)
        if row is None:
            # SAT names a request's packages ``<IdSolicitud>_NN`` and lists them only when it finishes: the id
            # of a request still running is not known yet, but its request is.
            owner = self._request_of_package(profile.rfc, package_id)
            if owner is not None and owner.is_open:
                raise not_ready(package_id, owner, None)
            raise AppError("not_found", f"There is no package {package_id}.", package_id=package_id)
        path = Path(resolve(self.home, row["path"]) or package_path(self.home, profile.rfc, row["id"]))
        owner = self.ledger.get(row["request_id"]) if not path.exists() else None
        if owner is not None and owner.is_open and row["state"] in ("available", "downloading"):
            raise not_ready(package_id, owner, row["state"])
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
        request_id = self.requests.id_for_sat_request(rfc, sat_request_id)
        return self.ledger.get(request_id) if request_id is not None else None

    def summary(self, profile: Profile, *, months: int) -> dict[str, Any]:
        """What the Resumen page shows: profile, activation, FIEL, last/next sync, and by month: ``issued`` /
        ``received`` (counts) and ``issued_total`` / ``received_total`` (MXN) of the CFDI not cancelled,
        ``cancelled`` (how many, left out of those), ``retenciones`` (constancias de retenciones not cancelled,
        left out of them too: not invoices, ``index.totals``), ``by_type`` (direction → type → ``n`` and
        ``total``; type R the constancias)."""
        schedule, enabled_at = self.schedules.load(profile.rfc)
        by_month: dict[str, dict[str, Any]] = {}
        cents: dict[tuple[str, str], int] = {}
        for row in month_totals(self.db.get(), profile.rfc):
            month, direction = row["month"], row["direction"]
            entry = by_month.setdefault(
                month,
                {
                    "month": month,
                    "issued": 0,
                    "received": 0,
                    "cancelled": 0,
                    "retenciones": 0,
                    "by_type": {"issued": {}, "received": {}},
                },
            )
            entry["cancelled"] += row["cancelled"]
            if direction in ("issued", "received") and row["n"]:
                entry["by_type"][direction][row["type"]] = {"n": row["n"], "total": _money(row["total"])}
                if row["type"] == TYPE_RETENCIONES:
                    entry["retenciones"] += row["n"]
                    continue
                entry[direction] += row["n"]
                cents[(month, direction)] = cents.get((month, direction), 0) + row["total"]
        for month, entry in by_month.items():
            for direction in ("issued", "received"):
                entry[f"{direction}_total"] = _money(cents.get((month, direction), 0))
        open_requests = self.ledger.open_requests(profile.rfc)
        invoices, xml_files = self.invoices.counts(profile.rfc)
        return {
            "profile": profile.to_json(),
            "activation": "active" if profile.activated else "needs_activation",
            "fiel": self.profiles.fiel_status(profile),
            "schedule": schedule.to_json(),
            **describe_next_run(schedule, self.clock.now(), enabled_at=enabled_at),
            "last_sync": self.runs.latest(profile.rfc),
            "open_requests": len(open_requests),
            "invoices": invoices,
            "xml_files": xml_files,
            "by_month": list(by_month.values())[:months],
        }

    def usage(self, rfc: str) -> dict[str, Any]:
        """XML downloaded from SAT per month (local metering, like the seed's billing counter)."""
        by_month = self.packages.xml_by_month(rfc)
        this_month = self.clock.now().astimezone(MEXICO_CITY).strftime("%Y-%m")
        return {
            "xmlDownloadedThisMonth": by_month.get(this_month, 0),
            "xmlDownloadedTotal": sum(by_month.values()),
            "byMonth": by_month,
        }


def _money(cents: Decimal | int) -> str:
    """MXN cents as a 2-decimal string."""
    return str((Decimal(cents) / 100).quantize(Decimal("0.01")))


def not_ready(package_id: str, request: RequestRecord, state: str | None) -> AppError:
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


def uuid_key(uuid: str) -> str:
    """A UUID as the index keys it (upper case), or ``invalid_uuid``."""
    key = uuid.strip().upper()
    if not UUID_RE.match(key):
        raise AppError("invalid_uuid", f"{uuid!r} is not a UUID.", field="uuid")
    return key
