"""Downloading a finished request's packages and completing it.

A package's download is counted *before* it is attempted (SAT counts every attempt that reaches it), saved to
disk before it is read, and never downloaded a third time. The next package downloads on a second thread while
this one is ingested; only one SAT call is ever in flight.
"""

from __future__ import annotations

import contextlib
import sqlite3
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, NoReturn

from desktop_app.core.crashpoints import crashpoint
from desktop_app.core.errors import AppError
from desktop_app.core.ledger import RequestRecord
from desktop_app.core.status import size_text, status
from desktop_app.core.store.db import transaction
from desktop_app.core.store.packages import PackageRepository
from desktop_app.core.store.vault import package_path, private_dirs, relative_to_home
from desktop_app.core.sync import disk
from desktop_app.core.sync.ingest import PackageIngester
from desktop_app.core.sync.model import MAX_DOWNLOADS_PER_PACKAGE, UNCONTROLLED_ERROR, USER_NOT_VALID, PassContext

_WAITING = ("available", "downloading")  # states of a package still to download


class PackageCollector:
    """Downloads and ingests every package of a finished request, then completes (or fails) it."""

    def __init__(self, ctx: PassContext) -> None:
        self.ctx = ctx
        self.packages = PackageRepository(ctx.db)
        self.ingester = PackageIngester(ctx)

    def collect(self, request: RequestRecord) -> None:
        """Download and ingest every package of a finished request, then complete it.

        Each download and each ingest is its own state change, so a crash between or during them leaves the
        same states as before."""
        self._download_and_ingest(request, self.ctx.ledger.packages(request.id))
        if self.ctx.report.cancelled:
            return
        self._complete(request)

    def _download_and_ingest(self, request: RequestRecord, packages: list[dict[str, Any]]) -> None:
        ctx = self.ctx
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sat-download") as downloads:
            prefetched: Future[dict[str, Any] | None] | None = None
            try:
                for k, listed in enumerate(packages):
                    if ctx.cancel.is_set():
                        ctx.report.cancelled = True
                        break
                    package: dict[str, Any] | None = listed
                    if prefetched is not None:
                        fetched, prefetched = prefetched.result(), None
                        package = fetched if fetched is not None else self.packages.get(listed["id"])
                    elif listed["state"] in _WAITING:
                        package = self._download(request, listed)
                    following = packages[k + 1] if k + 1 < len(packages) else None
                    if (
                        following is not None
                        and following["state"] in _WAITING
                        # Only a first download runs beside an ingestion: a kill during the ingestion kills it too,
                        # and SAT counted it. The last one is made in the foreground (not prefetched), so kills while
                        # ingesting can never spend both of a package's downloads.
                        and following["download_count"] < MAX_DOWNLOADS_PER_PACKAGE - 1
                        and self._room_to_prefetch(request, package, following)
                    ):
                        prefetched = downloads.submit(self._download, request, following)
                    if package is not None and package["state"] == "downloaded":
                        self.ingester.ingest(request, package)
            except BaseException:
                # A full disk (or any failure) stops the pass: the download in flight ends and is recorded first,
                # and the download thread's connection is closed, as on the way out below.
                if prefetched is not None:
                    with contextlib.suppress(Exception):
                        prefetched.result()
                with contextlib.suppress(Exception):
                    downloads.submit(ctx.db.close).result()
                raise
            if prefetched is not None:
                prefetched.result()  # cancelled meanwhile: let the download in flight end and be recorded
            downloads.submit(ctx.db.close).result()  # the download thread's own connection

    def _complete(self, request: RequestRecord) -> None:
        """Every package ingested: completed; none left to try and some lost: failed (or expired)."""
        packages = self.ctx.ledger.packages(request.id)
        if all(p["state"] == "ingested" for p in packages):
            processed = sum(p["documents"] or 0 for p in packages)
            record = self.ctx.ledger.get(request.id)
            expected = (record.invoice_count if record is not None else request.invoice_count) or 0
            note = status("completed", count=processed)
            if processed < expected:
                # SAT said how many documents the request has (NumeroCFDIs): fewer were read from its packages
                # (entries damaged in both downloads, files that are no CFDI). Said, not hidden behind "completed".
                note = status("completed_short", count=processed, expected=expected, missing=expected - processed)
                self.ctx.error(request, AppError("documents_missing", note.english(), expected=expected))
            self.ctx.finish(request, "completed", note, processed_count=processed)
            crashpoint("sync.request.completed")
        elif any(p["state"] in ("error", "expired") for p in packages) and not any(
            p["state"] in ("available", "downloading", "downloaded") for p in packages
        ):
            bad = [p for p in packages if p["state"] in ("error", "expired")]
            expired = all(p["state"] == "expired" for p in bad)
            self.ctx.finish(
                request,
                "expired" if expired else "failed",
                status(
                    "packages_lost_expired" if expired else "packages_failed",
                    packages=[{"id": p["id"], "error": p["error"]} for p in bad],
                ),
            )

    # -- one download ----------------------------------------------------------------------------------------

    def _download(self, request: RequestRecord, package: dict[str, Any]) -> dict[str, Any] | None:
        ctx = self.ctx
        dest = package_path(ctx.home, ctx.rfc, package["id"])
        private_dirs(dest.parent)
        if package["state"] == "downloading" and disk.is_zip(dest):
            # We crashed after saving it and before recording it: the file on disk is the package.
            self._set_package(
                package["id"], state="downloaded", path=str(dest), size=dest.stat().st_size, downloaded_at=ctx.now()
            )
            return self.packages.get(package["id"])
        if package["download_count"] >= MAX_DOWNLOADS_PER_PACKAGE:
            self._set_package(
                package["id"], state="error", error="SAT allows two downloads of a package and both were used."
            )
            return self.packages.get(package["id"])
        # Room first: a download refused here is not counted and SAT never hears of it (raises ``disk_full``).
        disk.require_free_space(ctx, disk.download_need(ctx, request, package), request, package)
        # Authenticate before counting the attempt (as submitting does before marking ``sending``): a kill or a
        # failure while getting the token must not spend one of the package's two downloads (SAT never saw it).
        try:
            ctx.authenticate(request.service)
        except AppError as exc:
            ctx.error(request, exc)
            return self.packages.get(package["id"])
        with transaction(ctx.db.get()):  # count the attempt before making it: SAT counts every one that arrives
            self.packages.count_attempt(package["id"])
        crashpoint("sync.download.counted")
        try:
            result = ctx.client.download(package["id"], dest, request.service)
        except AppError as exc:
            if exc.code == "disk_full":
                self._download_disk_full(request, package, dest, exc)
            return self._download_failed(request, package, exc)
        except OSError as exc:  # the file system failed before the package stream could say so
            if not disk.is_disk_full(exc):
                raise
            self._download_disk_full(request, package, dest, AppError("disk_full", str(exc), received=0))
        self._set_package(
            package["id"],
            state="downloaded",
            path=relative_to_home(ctx.home, result.path),
            size=result.size,
            downloaded_at=ctx.now(),
            error=None,
        )
        crashpoint("sync.download.recorded")
        ctx.report.downloaded += 1
        ctx.emit("downloaded", request, f"Package {package['id']} saved ({result.size} bytes).")
        return self.packages.get(package["id"])

    def _download_disk_full(
        self, request: RequestRecord, package: dict[str, Any], dest: Path, exc: AppError
    ) -> NoReturn:
        """The disk filled up while the package was being saved: drop the partial file, stop the pass.

        SAT handed the package out, so it counted that download and the attempt stays counted here too (an
        honest count: SAT allows one more). What arrived is a lower bound of the package's size, kept in
        ``size`` while the package is not downloaded: the next (last) download starts only when the room covers
        twice that, or the estimate, plus the margin (:func:`disk.download_need`) — never blindly.
        """
        ctx = self.ctx
        for part in dest.parent.glob(f".{dest.name}.*.part"):
            with contextlib.suppress(OSError):
                part.unlink()
        received = int(exc.details.get("received") or 0)
        with contextlib.suppress(OSError, sqlite3.Error):  # the database may be as stuck as the disk
            disk.rollback_open(ctx)
            self._set_package(
                package["id"],
                state="available",
                size=max(received, package["size"] or 0) or None,
                error="disk_full: the disk filled up while the package was being saved.",
            )
        package = {**package, "state": "available", "size": max(received, package["size"] or 0) or None}
        need = disk.download_need(ctx, request, package)
        error = disk.disk_full_error(
            ctx,
            f"The disk filled up while package {package['id']} was being saved ({size_text(received)} received, "
            f"{{free}} free now in {ctx.home}). SAT counted that download and allows one more, which is used only "
            f"when about {size_text(need)} are free: free some space and sync again.",
            needed=need,
            received=received,
            package_id=package["id"],
        )
        ctx.note(request, status("waiting_for_download_room", package_id=package["id"], need=need))
        raise error from exc

    def _room_to_prefetch(
        self, request: RequestRecord, current: dict[str, Any] | None, following: dict[str, Any]
    ) -> bool:
        """Whether the next package may download while ``current`` is ingested: room for both, else it waits
        for its turn (and its own check then) so that the ingestion cannot fill the disk under a download."""
        ctx = self.ctx
        if following["state"] == "downloading" and disk.is_zip(package_path(ctx.home, ctx.rfc, following["id"])):
            return True  # saved before a crash: nothing to download
        reserve = 0
        if current is not None and current["state"] == "downloaded":
            reserve = (current["size"] or 0) * disk.INGEST_BYTES_PER_ZIP_BYTE
        try:
            return disk.free_bytes(ctx.home) >= disk.download_need(ctx, request, following) + reserve
        except OSError:
            return False

    def _download_failed(self, request: RequestRecord, package: dict[str, Any], exc: AppError) -> dict[str, Any]:
        ctx = self.ctx
        delivered = exc.details.get("delivered", exc.code != "sat_unavailable")
        if exc.details.get("cod_estatus") in (UNCONTROLLED_ERROR, USER_NOT_VALID):
            # "404 Error no controlado" or "300 Usuario No Válido" (a token SAT did not honour, twice: the client
            # already signed in again and resent once) in the answer's status: SAT did not hand the package out;
            # spending one of the two downloads on each would lose the package after two such answers (an outside
            # audit: two such attempts and the package was given up as "both downloads used", never sent).
            delivered = False
        if exc.code == "package_download_limit":
            self._set_package(package["id"], state="error", error="SAT says both downloads were already used (5008).")
        elif (exc.code == "not_found" or exc.details.get("cod_estatus") == 5007) and (
            package["download_count"] + 1 >= MAX_DOWNLOADS_PER_PACKAGE
        ):
            self._set_package(package["id"], state="expired", error="SAT no longer has this package (expired).")
        elif not delivered:
            with transaction(ctx.db.get()):  # it never reached SAT: give the attempt back
                self.packages.give_back_attempt(package["id"], exc.message)
        else:
            self._set_package(package["id"], state="available", error=f"{exc.code}: {exc.message}")
            if package["download_count"] + 1 < MAX_DOWNLOADS_PER_PACKAGE:
                # One of the two downloads went on a broken answer — or on SAT saying the package it just listed
                # is not there (5004/5007; packages live 72 hours): wait before spending the last one, so a
                # passing SAT outage does not take both, and only then give the package up.
                ctx.ledger.update(
                    request.id,
                    next_check_at=ctx.later(ctx.policy.resubmit_after),
                    _status=status("package_answer_broken", package_id=package["id"], error_code=exc.code),
                )
        ctx.error(request, exc)
        return self.packages.get(package["id"])

    def _set_package(self, package_id: str, **fields: Any) -> None:
        with transaction(self.ctx.db.get()):
            self.packages.update(package_id, fields)
