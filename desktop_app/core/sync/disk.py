"""A full disk (issue 13): the room a download needs, the check before spending anything, the ``disk_full`` error.

SAT does not announce a package's size (the verification gives package ids and the request's document count,
nothing else), so the room a download needs is estimated on the safe side: the documents the package can hold
(the request's count, at most what SAT puts in one request) times a generous share of the ZIP per document.

Tests fake a full disk by replacing :func:`free_bytes` and the constants here (``monkeypatch.setattr(disk, …)``):
every use reads them from this module at call time.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

from desktop_app.core.errors import AppError
from desktop_app.core.ledger import RequestRecord
from desktop_app.core.sat.package_stream import DISK_FULL_ERRNOS
from desktop_app.core.status import size_text, status
from desktop_app.core.store.db import rollback
from desktop_app.core.sync.model import PassContext, is_metadata

EST_ZIP_BYTES_PER_CFDI = 8 * 1024  # real CFDI compress to 1–4 KB (the 200,000-CFDI benchmark package: 3.1 KB each)
EST_ZIP_BYTES_PER_METADATA_ROW = 256  # a metadata line is ~250 characters, ~60–100 bytes once zipped
MAX_CFDI_PER_PACKAGE = 200_000  # SAT's most XML per request (more → 5003), so never more in one package
MAX_METADATA_ROWS_PER_PACKAGE = 1_000_000
DISK_MARGIN = 64 * 1024 * 1024  # always left free on top: SQLite's journal, the logs, the rest of the computer
# While one package is ingested the next one downloads: the prefetch starts only if the room also covers the
# first one's ingestion (its XML unpacked into the vault, 4–8× the ZIP, and its index rows); else it waits.
INGEST_BYTES_PER_ZIP_BYTE = 10


def free_bytes(path: Path) -> int:
    """Free space of the file system holding ``path`` (the one seam tests replace to fake a full disk)."""
    return shutil.disk_usage(path).free


def is_disk_full(exc: BaseException) -> bool:
    """ENOSPC/EDQUOT from the file system, or SQLite's SQLITE_FULL ("database or disk is full")."""
    if isinstance(exc, OSError):
        return exc.errno in DISK_FULL_ERRNOS
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        return code is not None and code & 0xFF == sqlite3.SQLITE_FULL
    return False


def is_zip(path: Path) -> bool:
    try:
        return path.is_file() and zipfile.is_zipfile(path)
    except OSError:
        return False


def download_need(ctx: PassContext, request: RequestRecord, package: dict[str, Any]) -> int:
    """The free space a download of ``package`` needs: its estimated size plus :data:`DISK_MARGIN`."""
    if is_metadata(request):
        per_document, most = EST_ZIP_BYTES_PER_METADATA_ROW, MAX_METADATA_ROWS_PER_PACKAGE
    else:
        per_document, most = EST_ZIP_BYTES_PER_CFDI, MAX_CFDI_PER_PACKAGE
    documents = min(request.invoice_count or most, most)
    packages = len(ctx.ledger.packages(request.id))
    if packages > 1:  # SAT fills its packages evenly (the last one less): twice a fair share is generous
        documents = min(documents, 2 * -(-documents // packages))
    estimate = documents * per_document
    if package["state"] != "downloaded" and package["size"]:
        estimate = max(estimate, 2 * package["size"])  # a failed attempt's lower bound (see packages.py)
    return estimate + DISK_MARGIN


def require_free_space(
    ctx: PassContext, need: int, request: RequestRecord | None, package: dict[str, Any] | None
) -> None:
    """Raise ``disk_full`` (spending nothing) unless the data home has ``need`` bytes free."""
    free = free_bytes(ctx.home)
    if free >= need:
        return
    if package is None:
        message = (
            f"The disk is almost full: {size_text(free)} free in {ctx.home}, and the sync needs at least "
            f"{size_text(need)} to work safely. Free some space and sync again."
        )
    else:
        message = (
            f"Not enough free disk space to download package {package['id']}: it needs about "
            f"{size_text(need)} and {size_text(free)} are free in {ctx.home}. Nothing was downloaded (SAT "
            "allows only two downloads of a package); free some space and sync again."
        )
        ctx.note(request, status("waiting_for_download_room", package_id=package["id"], need=need))
    raise AppError(
        "disk_full",
        message,
        needed=need,
        free=free,
        path=str(ctx.home),
        **({"package_id": package["id"]} if package is not None else {}),
    )


def disk_full_error(ctx: PassContext, message: str, **details: Any) -> AppError:
    """``disk_full`` with the free space now (``{free}`` in ``message``); rolls back this thread's transaction."""
    with contextlib.suppress(OSError, sqlite3.Error):
        rollback_open(ctx)
    try:
        free = free_bytes(ctx.home)
    except OSError:
        free = 0
    return AppError("disk_full", message.replace("{free}", size_text(free)), free=free, path=str(ctx.home), **details)


def rollback_open(ctx: PassContext) -> None:
    """A write that failed on a full disk may leave this thread's transaction open (a failed COMMIT)."""
    rollback(ctx.db.get())
