"""Ingesting a downloaded package into the vault and the index, in batches.

Ingestion is idempotent, so a package interrupted half-way is simply ingested again; a disk that fills up
mid-ingestion leaves nothing half-written and the package waits, downloaded, for a pass that finds room.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from desktop_app.core import parallel
from desktop_app.core.cfdi.package import KnownFile, read_package
from desktop_app.core.crashpoints import crashpoint
from desktop_app.core.errors import AppError
from desktop_app.core.index import IndexWriter, PreparedDocument
from desktop_app.core.ledger import RequestRecord
from desktop_app.core.status import counted, status
from desktop_app.core.store.db import begin, bulk_cache, commit, rollback, transaction
from desktop_app.core.store.invoices import InvoiceRepository
from desktop_app.core.store.packages import PackageRepository
from desktop_app.core.store.requests import RequestRepository
from desktop_app.core.store.vault import package_path, resolve
from desktop_app.core.sync import disk
from desktop_app.core.sync.model import MAX_DOWNLOADS_PER_PACKAGE, PassContext, is_metadata

INGEST_BATCH = 2000


class Cancelled(Exception):
    """The pass was cancelled between two batches (what was committed stays; the rest comes next time)."""


def ingest_items(
    conn: sqlite3.Connection,
    writer: IndexWriter,
    items: Iterable[Any],
    *,
    source: str,
    cancel: threading.Event | None = None,
) -> Any:
    """Feed documents and metadata rows to the index, committing every ``INGEST_BATCH`` items.

    Batches keep transactions (and the WAL) small on 200,000-document packages; ingestion is idempotent, so
    a crash between batches only means the remaining items are added on the next try. The connection writes
    with a larger page cache meanwhile (``db.bulk_cache``).
    """
    with bulk_cache(conn):
        return _ingest(conn, writer, items, source, cancel)


def _ingest(
    conn: sqlite3.Connection, writer: IndexWriter, items: Iterable[Any], source: str, cancel: threading.Event | None
) -> Any:
    batch = 0
    begin(conn)
    try:
        for item in items:
            if isinstance(item, PreparedDocument):  # parsed by a worker process (core.parallel)
                writer.add_prepared(item)
            elif isinstance(item, KnownFile):  # a loose file whose bytes the index holds: not parsed
                writer.add_known(item, source=source)
            elif hasattr(item, "xml_bytes"):
                writer.add_document(item.xml_bytes, item.invoice, source=source)
            else:
                writer.add_metadata(item, source=source)
            crashpoint("sync.ingest.item")
            batch += 1
            if batch >= INGEST_BATCH:
                writer.flush()
                crashpoint("sync.ingest.before_commit")
                commit(conn)
                writer.committed()
                crashpoint("sync.ingest.batch_committed")
                if cancel is not None and cancel.is_set():
                    raise Cancelled
                begin(conn)
                batch = 0
        writer.flush()
        crashpoint("sync.ingest.before_commit")
        commit(conn)
        writer.committed()
        crashpoint("sync.ingest.batch_committed")
    except BaseException:
        rollback(conn)
        writer.rolled_back()
        raise
    return writer.stats


class PackageIngester:
    """Adds one downloaded package to the vault and the index and records it ``ingested``."""

    def __init__(self, ctx: PassContext) -> None:
        self.ctx = ctx
        self.packages = PackageRepository(ctx.db)
        self.requests = RequestRepository(ctx.db)
        self.invoices = InvoiceRepository(ctx.db)

    def ingest(self, request: RequestRecord, package: dict[str, Any]) -> None:
        ctx = self.ctx
        conn = ctx.db.get()
        path = Path(resolve(ctx.home, package["path"]) or package_path(ctx.home, ctx.rfc, package["id"]))
        writer = IndexWriter(conn, ctx.home, ctx.rfc, ctx.now())
        try:
            with read_package(path, owner_rfc=ctx.rfc) as reader:
                parallel.attach(reader, writer.spec(package["id"]))
                stats = ingest_items(conn, writer, reader, source=package["id"], cancel=ctx.cancel)
                documents = stats.metadata_rows if is_metadata(request) else stats.processed
                unread = _unread_entries(reader.summary.entries, reader.summary.skipped_by_reason)
                again = unread is not None and (package["download_count"] or 0) < MAX_DOWNLOADS_PER_PACKAGE
                with transaction(conn):
                    if again:
                        # What could be read is in the index; the rest may come whole in SAT's second download.
                        # ``documents`` keeps what this read indexed, so that the second read counts only the rest.
                        self.packages.update(
                            package["id"],
                            {"state": "available", "error": f"damaged_zip: {unread}", "documents": documents},
                        )
                    else:
                        self.packages.mark_ingested(package["id"], documents, ctx.now())
                    self.requests.widen_dates(request.id, stats.earliest_issue_date, stats.latest_issue_date)
                    if request.service == "retenciones" and is_metadata(request):
                        # A metadata row carries no namespace to tell the family by (the index files new rows
                        # as CFDI); the request it came from does. Rows the package only updated keep theirs.
                        self.invoices.mark_retenciones(ctx.rfc, package["id"])
                    # What the package reader refused (unsafe names, bombs, bad metadata rows, the package's
                    # total budget) is part of what this package did: the history shows it, by reason.
                    outcome = {**stats.to_json(), "entries_skipped": dict(reader.summary.skipped_by_reason)}
                    ctx.ledger.event(request.id, "ingest", message=f"{package['id']}: {json.dumps(outcome)}")
                crashpoint("sync.ingest.package_committed")
            if again:
                self._download_again(request, package, path, unread or "")
        except Cancelled:
            ctx.report.cancelled = True
            return
        except AppError as exc:
            with transaction(conn):
                self.packages.update(package["id"], {"state": "error", "error": f"{exc.code}: {exc.message}"})
            ctx.error(request, exc)
            return
        except (OSError, sqlite3.Error) as exc:
            if not disk.is_disk_full(exc):
                raise
            # ingest_items rolled the batch back and the vault removed its temporary file; the package stays
            # ``downloaded`` (its ZIP kept) and the next pass with room ingests it again (idempotent).
            error = disk.disk_full_error(
                ctx,
                f"The disk filled up while package {package['id']} was being added to the vault and the index "
                f"({{free}} free now in {ctx.home}). Nothing was half-written and the package is kept: free some "
                "space and sync again to finish it.",
                package_id=package["id"],
            )
            ctx.note(request, status("waiting_for_ingest_room", package_id=package["id"]))
            raise error from exc
        # A package read again after a damaged download: what its first read indexed was counted then.
        ctx.report.ingested += max(0, writer.stats.processed - (package.get("documents") or 0))
        indexed = counted(writer.stats.processed, "document", "documents")
        ctx.emit("ingested", request, f"Package {package['id']}: {indexed} indexed.")

    def _download_again(self, request: RequestRecord, package: dict[str, Any], path: Path, unread: str) -> None:
        """The package's ZIP arrived with entries that cannot be read: keep it as ``<zip>.invalid`` (as a payload
        that is no ZIP is kept) and wait before spending SAT's last download on it, as for a broken answer."""
        ctx = self.ctx
        with contextlib.suppress(OSError):
            os.replace(path, path.with_name(path.name + ".invalid"))
        ctx.ledger.update(
            request.id,
            next_check_at=ctx.later(ctx.policy.resubmit_after),
            _status=status("package_damaged_retrying", package_id=package["id"], unread=unread),
        )
        ctx.error(
            request,
            AppError(
                "package_damaged",
                f"Package {package['id']} arrived damaged ({unread}); what could be read is indexed and SAT's second "
                "download will be tried later.",
                package_id=package["id"],
            ),
        )


# Reasons a package reader gives for entries it could not read because the ZIP itself is damaged (a bad CRC, a
# header that lies about sizes): a download gone wrong, which SAT's second download may not repeat.
_DAMAGED_ENTRY_REASONS = ("corrupt",)


def _unread_entries(entries: int, skipped: Mapping[str, int]) -> str | None:
    """Why a package should be downloaded again, or None: entries damaged in the ZIP, or a ZIP of no entry at all
    (SAT lists a package only when it holds documents)."""
    damaged = sum(skipped.get(reason, 0) for reason in _DAMAGED_ENTRY_REASONS)
    if damaged:
        return f"{damaged} of its {entries} entries damaged"
    if entries == 0:
        return "no entries"
    return None
