"""Reading and parsing a large package in worker processes while the ingest thread writes SQL.

A package of thousands of CFDI spends most of its ingest in Python-level work that needs no database: reading
each ZIP entry, parsing it, building its index row and search text (``index.prepare_document``). Worker
processes do that part in parallel, in entry order, and hand back :class:`~desktop_app.core.index.PreparedDocument`
objects; the ingest thread keeps everything with side effects — the SQL, the vault files (written and synced
before each commit, as always) and the crash-safety rules — so the result is the same as an in-process read.

- Only packages made of XML entries and at least :data:`MIN_DOCUMENTS` long use the workers (starting them
  costs ~0.2 s; SAT's metadata packages are one text file).
- One pool per process, started on first use with ``spawn`` (safe beside Qt's and our threads, and the only
  method on Windows and in frozen apps), closed after :data:`IDLE_SECONDS` without work and at exit.
- At most :data:`AHEAD` chunks are in flight, so a 200,000-CFDI package never sits in memory.
- A pool that breaks (a worker killed by the OS) is dropped and the rest of the package is read in-process.
- ``DESCARGA_MASIVA_WORKERS=0`` (or 1) keeps everything in-process; a number sets the pool size.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
import zipfile
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from desktop_app.core.cfdi.package import (
    PackageLimits,
    PackageReader,
    SkippedEntry,
    document_from_bytes,
    read_xml_entry,
)
from desktop_app.core.index import PreparedDocument, PrepareSpec, prepare_document

WORKERS_ENV = "DESCARGA_MASIVA_WORKERS"
MIN_DOCUMENTS = 2_000
CHUNK = 250
IDLE_SECONDS = 60.0
MAX_WORKERS = 4

Item = PreparedDocument | SkippedEntry


def worker_count() -> int:
    """Processes to use: the CPUs this process may run on (at most :data:`MAX_WORKERS`), or the override."""
    raw = os.environ.get(WORKERS_ENV, "").strip()
    if raw:
        try:
            return max(0, int(raw))
        except ValueError:
            pass
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - Windows, macOS
        cpus = os.cpu_count() or 1
    return min(cpus, MAX_WORKERS)


def attach(reader: PackageReader, spec: PrepareSpec) -> None:
    """Let ``reader`` hand large all-XML packages to the worker pool; it yields prepared documents then."""
    owner_rfc, limits = reader.owner_rfc, reader.limits

    def parallel(path: Path, indices: list[int]) -> Iterator[Item] | None:
        if len(indices) < MIN_DOCUMENTS:
            return None
        pool = shared_pool()
        if pool is None:
            return None
        return pool.prepared(path, indices, owner_rfc, limits, spec)

    reader.parallel = parallel


class DocumentPool:
    """Worker processes that turn ZIP entries into prepared documents, in order."""

    AHEAD_PER_WORKER = 2

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._busy = 0
        self._idle_timer: threading.Timer | None = None

    def _get(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._idle_timer is not None:
                self._idle_timer.cancel()
                self._idle_timer = None
            if self._executor is None:
                self._executor = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
            self._busy += 1
            return self._executor

    def _release(self) -> None:
        with self._lock:
            self._busy -= 1
            if self._busy == 0 and self._executor is not None:
                self._idle_timer = threading.Timer(IDLE_SECONDS, self._close_if_idle)
                self._idle_timer.daemon = True
                self._idle_timer.start()

    def _close_if_idle(self) -> None:
        with self._lock:
            if self._busy:
                return
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    def _broken(self, executor: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is executor:
                self._executor = None
        executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            if self._idle_timer is not None:
                self._idle_timer.cancel()
                self._idle_timer = None
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    @property
    def running(self) -> bool:
        return self._executor is not None

    def prepared(
        self, path: Path, indices: list[int], owner_rfc: str | None, limits: PackageLimits, spec: PrepareSpec
    ) -> Iterator[Item]:
        """The items of the entries ``indices`` of the ZIP at ``path``, in that order."""
        executor: ProcessPoolExecutor | None = self._get()
        used = executor
        chunks = iter([indices[k : k + CHUNK] for k in range(0, len(indices), CHUNK)])
        pending: deque[tuple[list[int], Future[list[Item]] | None]] = deque()

        def submit(chunk: list[int]) -> None:
            if executor is None:
                pending.append((chunk, None))
            else:
                pending.append((chunk, executor.submit(prepare_chunk, str(path), chunk, owner_rfc, limits, spec)))

        try:
            for _ in range(self.workers * self.AHEAD_PER_WORKER):
                chunk = next(chunks, None)
                if chunk is None:
                    break
                submit(chunk)
            while pending:
                chunk, future = pending.popleft()
                items: list[Item] | None = None
                if future is not None:
                    try:
                        items = future.result()
                    except BrokenProcessPool:
                        self._broken(used)
                        executor = None  # this chunk and the rest: in-process
                if items is None:
                    with zipfile.ZipFile(path) as archive:
                        items = _prepare(archive, chunk, owner_rfc, limits, spec)
                following = next(chunks, None)
                if following is not None:
                    submit(following)
                yield from items
        finally:
            for _chunk, future in pending:
                if future is not None:
                    future.cancel()
            self._release()


_pool_lock = threading.Lock()
_pool: DocumentPool | None = None


def shared_pool() -> DocumentPool | None:
    """The process's pool, or None when one CPU (or the override) says in-process."""
    global _pool
    workers = worker_count()
    if workers < 2:
        return None
    with _pool_lock:
        if _pool is None or _pool.workers != workers:
            if _pool is not None:
                _pool.close()
            _pool = DocumentPool(workers)
        return _pool


@atexit.register
def close_shared_pool() -> None:
    """Stop the workers (also called at exit)."""
    with _pool_lock:
        pool = _pool
    if pool is not None:
        pool.close()


# -- in the worker ------------------------------------------------------------------------------------------

_open_zip: tuple[tuple[str, int, int], zipfile.ZipFile] | None = None


def _archive(path: str) -> zipfile.ZipFile:
    """The worker keeps the package open between chunks: its central directory (a ``ZipInfo`` per entry, ~1 s
    at 200,000 entries) is read once per package, not once per chunk. Closed with the next package or when
    the idle pool stops (packages are kept, so a handle open a little longer harms nothing)."""
    global _open_zip
    stat = os.stat(path)
    key = (path, stat.st_size, stat.st_mtime_ns)
    if _open_zip is not None and _open_zip[0] == key:
        return _open_zip[1]
    if _open_zip is not None:
        _open_zip[1].close()
        _open_zip = None
    archive = zipfile.ZipFile(path)
    _open_zip = (key, archive)
    return archive


def prepare_chunk(
    path: str, indices: list[int], owner_rfc: str | None, limits: PackageLimits, spec: PrepareSpec
) -> list[Item]:
    """Read, parse and prepare the entries ``indices`` (runs in a worker)."""
    return _prepare(_archive(path), indices, owner_rfc, limits, spec)


def _prepare(
    archive: zipfile.ZipFile, indices: list[int], owner_rfc: str | None, limits: PackageLimits, spec: PrepareSpec
) -> list[Item]:
    infos = archive.infolist()
    items: list[Item] = []

    def skip(name: str, reason: str, detail: str = "") -> None:
        items.append(SkippedEntry(name, reason, detail))

    for index in indices:
        info = infos[index]
        data = read_xml_entry(archive, info, limits)
        if isinstance(data, SkippedEntry):
            items.append(data)
            continue
        document = document_from_bytes(info.filename, data, owner_rfc, skip)
        if document is not None:
            items.append(prepare_document(document.xml_bytes, document.invoice, spec))
    return items
