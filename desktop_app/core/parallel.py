"""Reading and parsing a large package or folder in worker processes while the ingest thread writes SQL.

A package of thousands of CFDI spends most of its ingest in Python-level work that needs no database: reading
each ZIP entry, parsing it, building its index row and search text (``index.prepare_document``). Worker
processes do that part in parallel, in entry order, and hand back :class:`~desktop_app.core.index.PreparedDocument`
objects; the ingest thread keeps the decisions with side effects — the SQL, which vault file goes where (staged
by the worker beside its place and renamed into place, ``DocumentPool.stage``; synced before each commit as
always) and the crash-safety rules — so the result is the same as an in-process read.
A folder import (``FilesReader``: accountants' years of loose XML) goes the same way: its runs of XML files go
to the workers as paths, in the walk's order; the workers open, check (:func:`read_loose_xml`, the same caps),
parse and prepare them. Its ZIPs and metadata files are read by the reader itself, in their place (a ZIP
through the package path above).

- Only packages made of XML entries and at least :data:`MIN_DOCUMENTS` long use the workers (starting them
  costs ~0.2 s; SAT's metadata packages are one text file), and folders with that many files to read as XML.
- A document whose rows cannot be built (``invalid_document``) comes back as the parsed document itself: the
  ingest thread's ``add_document`` then meets the same error and counts it where an in-process read does.
- One pool per process, started on first use with ``spawn`` (safe beside Qt's and our threads, and the only
  method on Windows and in frozen apps), closed after :data:`IDLE_SECONDS` without work and at exit; one
  package at a time uses it (another one meanwhile is read in-process).
- Plain processes with a pipe each, not ``ProcessPoolExecutor``: chunk *k* goes to worker *k mod n*, which
  answers in order, and a worker that dies is seen at once (its pipe closes) — CPython 3.11's executor can
  hang for good when a worker is killed mid-task, which a test here hit.
- At most ``AHEAD_PER_WORKER`` chunks per worker are in flight, so a 200,000-CFDI package never sits in memory.
- A worker that dies (killed by the OS) stops the pool; the rest of the package is read in-process.
- ``DESCARGA_MASIVA_WORKERS=0`` (or 1) keeps everything in-process; a number sets the pool size.
  ``DESCARGA_MASIVA_PARALLEL_MIN=N`` lowers the threshold (the crash tests send small packages through).
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from desktop_app.core.cfdi.package import (
    READABLE_BY_REF,
    EntryRef,
    FilesReader,
    KnownFile,
    KnownKeys,
    LooseZip,
    PackageDocument,
    PackageLimits,
    PackageReader,
    SkippedEntry,
    document_from_bytes,
    open_regular_file,
    read_loose_xml,
    read_xml_ref,
    recognise,
)
from desktop_app.core.errors import AppError
from desktop_app.core.index import PreparedDocument, PrepareSpec, prepare_document
from desktop_app.core.store.vault import discard_staged, stage_file, sweep_staged

log = logging.getLogger(__name__)

WORKERS_ENV = "DESCARGA_MASIVA_WORKERS"
MIN_DOCUMENTS_ENV = "DESCARGA_MASIVA_PARALLEL_MIN"  # tests: send small packages through the workers too
MIN_DOCUMENTS = 2_000
CHUNK = 250
IDLE_SECONDS = 60.0
MAX_WORKERS = 4

EntryItem = PreparedDocument | SkippedEntry | PackageDocument | KnownFile  # what a package's XML entries become
Item = EntryItem | LooseZip  # what loose files become (one may turn out to be a ZIP)
T = TypeVar("T", bound=Item)
Task = tuple[Callable[..., list[T]], tuple[Any, ...]]  # (prepare_chunk | prepare_files, its arguments)


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


def attach(reader: PackageReader | FilesReader, spec: PrepareSpec) -> None:
    """Let ``reader`` hand large all-XML packages (a folder's ZIPs too) and a large folder's XML files to the
    worker pool; it yields prepared documents then."""
    owner_rfc, limits = reader.owner_rfc, reader.limits

    def parallel(path: Path, entries: list[EntryRef]) -> Iterator[EntryItem] | None:
        if len(entries) < _min_documents() or any(e.compress_type not in READABLE_BY_REF for e in entries):
            return None
        pool = shared_pool()
        if pool is None:
            return None
        return pool.prepared(path, entries, owner_rfc, limits, spec, reader.known)

    reader.parallel = parallel
    if isinstance(reader, FilesReader):

        def parallel_files(count: int) -> Callable[[list[str]], Iterator[Item]] | None:
            if count < _min_documents():
                return None
            pool = shared_pool()
            if pool is None:
                return None
            return lambda paths: pool.prepared_files(paths, owner_rfc, limits, spec, reader.known)

        reader.parallel_files = parallel_files


def _min_documents() -> int:
    raw = os.environ.get(MIN_DOCUMENTS_ENV, "").strip()
    return int(raw) if raw.isdigit() else MIN_DOCUMENTS


class WorkerDied(Exception):
    """A worker process ended without answering (killed by the OS, out of memory)."""


class _Worker:
    """One spawned process and its end of a pipe; tasks are answered in the order they were sent."""

    def __init__(self, context: Any, *, stage: bool) -> None:
        self.conn, child = context.Pipe(duplex=True)
        self.process = context.Process(target=worker_main, args=(child, stage), daemon=True, name="descarga-parser")
        try:
            with _sigint_ignored():
                self.process.start()
        except BaseException:
            self.conn.close()
            raise
        finally:
            child.close()  # the worker has its own copy now (or never will)
        self.in_flight = 0
        self.known: KnownKeys | None = None  # the keys this worker was given last (``_remember_known``)

    def send(self, task: tuple[Any, ...]) -> None:
        try:
            self.conn.send(task)
        except (OSError, EOFError, ValueError) as exc:
            raise WorkerDied(str(exc)) from None
        self.in_flight += 1

    def receive(self) -> list[Any]:
        """The answer to the oldest task sent: what its function returned (run_task), as it crossed the pipe."""
        while True:
            try:
                if self.conn.poll(_POLL_SECONDS):
                    kind, value = self.conn.recv()
                    break
            except (OSError, EOFError, ValueError) as exc:
                raise WorkerDied(str(exc)) from None
            if not self.process.is_alive():
                raise WorkerDied(f"exit code {self.process.exitcode}")
        self.in_flight -= 1
        if kind == "error":
            raise value
        # Documents cross the pipe as plain tuples (the fastest thing to unpickle); skips as themselves.
        return [_as_prepared(item) if type(item) is tuple else item for item in value]

    def stop(self, *, wait: float) -> None:
        with contextlib.suppress(OSError, EOFError, ValueError):
            self.conn.send(None)
        self.process.join(wait)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(1.0)
        self.conn.close()


_POLL_SECONDS = 0.5


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """SIGINT ignored while a worker starts, so that it inherits that from its first instruction: a terminal's
    Ctrl+C reaches the whole process group, and a worker still importing its modules would die of it with a
    traceback (``worker_main`` ignores it too, for a worker started off the main thread, where signals cannot be
    set; the app itself decides when its workers stop). A Ctrl+C in these few milliseconds is not seen."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (ValueError, OSError):  # pragma: no cover - no signals here (an embedded interpreter)
        yield
        return
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def _as_prepared(item: tuple[Any, ...]) -> PreparedDocument:
    return tuple.__new__(PreparedDocument, item)  # no per-field Python call: ~0.3 µs


_TAXES = PreparedDocument._fields.index("taxes")


def _as_tuple(doc: PreparedDocument) -> tuple[Any, ...]:
    """A prepared document as plain tuples for the pipe: its tax rows too (a named tuple pickles by a call to
    its class, ~5 µs a document each way; ``TaxWrites.add`` reads them by position)."""
    return (*doc[:_TAXES], tuple(doc.taxes), *doc[_TAXES + 1 :])


def _discard(items: Sequence[Any]) -> None:
    """Delete the vault files workers staged for documents that will never be indexed (an abandoned read)."""
    for item in items:
        if isinstance(item, PreparedDocument):
            discard_staged(item.staged)


class DocumentPool:
    """Worker processes that turn ZIP entries or loose files into prepared documents, in order; one reader at a
    time."""

    AHEAD_PER_WORKER = 2

    def __init__(self, workers: int, *, stage: bool = True) -> None:
        self.workers = workers
        # Whether the workers also write each document's vault file beside its place (``vault.stage_file``, once
        # their chunk is prepared) for the ingest thread to rename: with cores to spare the ingest thread is what
        # limits an import (1.5–1.8× more CFDI/s through it, measured), and on two cores a worker's batched writes
        # cost less CPU than the ingest thread's background writers (the folder import 5–15 % faster, packages the
        # same; docs/performance.md, stops 8 and 10). The ingest thread still writes what was not staged (a write
        # that failed in the worker, a document it already knew) and everything of an in-process read. False only
        # in tests, which cover the ingest thread writing a pool's documents.
        self.stage = stage
        self.chunks_sent = 0  # tasks handed to worker processes so far (tests see the workers used by it)
        self._lock = threading.Lock()
        self._procs: list[_Worker] = []
        self._busy = False
        self._idle_timer: threading.Timer | None = None

    def _acquire(self) -> list[_Worker] | None:
        """The workers (started if needed), or None while another package is using them or they cannot start."""
        with self._lock:
            if self._busy:
                return None
            if self._idle_timer is not None:
                self._idle_timer.cancel()
                self._idle_timer = None
            self._busy = True
        started: list[_Worker] = []
        try:
            if not self._procs:
                context = multiprocessing.get_context("spawn")
                for _ in range(self.workers):
                    started.append(_Worker(context, stage=self.stage))
                self._procs = started
        except Exception as exc:  # e.g. a security product refusing new processes: read in-process instead
            log.warning("worker processes could not start (%s); reading in-process", exc)
            for worker in started:
                worker.stop(wait=0.0)
            with self._lock:
                self._busy = False
            return None
        except BaseException:
            with self._lock:
                self._busy = False
            raise
        return self._procs

    def _release(self, *, healthy: bool) -> None:
        if not healthy:
            self._stop_workers(wait=0.0)
        with self._lock:
            self._busy = False
            if self._procs:
                self._idle_timer = threading.Timer(IDLE_SECONDS, self._close_if_idle)
                self._idle_timer.daemon = True
                self._idle_timer.start()

    def _close_if_idle(self) -> None:
        with self._lock:
            if self._busy:
                return
            self._busy = True
        try:
            self._stop_workers(wait=2.0)
        finally:
            with self._lock:
                self._busy = False

    def _stop_workers(self, *, wait: float) -> None:
        procs, self._procs = self._procs, []
        for worker in procs:
            worker.stop(wait=wait)

    def close(self) -> None:
        with self._lock:
            if self._idle_timer is not None:
                self._idle_timer.cancel()
                self._idle_timer = None
        self._stop_workers(wait=2.0)

    @property
    def running(self) -> bool:
        return bool(self._procs)

    def prepared(
        self,
        path: Path,
        entries: list[EntryRef],
        owner_rfc: str | None,
        limits: PackageLimits,
        spec: PrepareSpec,
        known: KnownKeys | None = None,
    ) -> Iterator[EntryItem]:
        """The items of ``entries`` of the ZIP at ``path``, in that order (read in-process while another package
        has the workers, or when they cannot start); entries among ``known`` as :class:`KnownFile`."""
        return self._items(
            entries, lambda chunk, keys: (prepare_chunk, (str(path), chunk, owner_rfc, limits, spec, keys)), spec, known
        )

    def prepared_files(
        self,
        paths: list[str],
        owner_rfc: str | None,
        limits: PackageLimits,
        spec: PrepareSpec,
        known: KnownKeys | None = None,
    ) -> Iterator[Item]:
        """The items of the loose files ``paths`` (to be read as XML), in that order; as :meth:`prepared`. Files
        whose SHA-256 is among ``known`` come as :class:`KnownFile` (each worker is given ``known`` once)."""
        return self._items(
            paths, lambda chunk, keys: (prepare_files, (chunk, owner_rfc, limits, spec, keys)), spec, known
        )

    def _items(
        self,
        work: Sequence[Any],
        task_of: Callable[[Sequence[Any], KnownKeys | str | None], Task[T]],
        spec: PrepareSpec,
        known: KnownKeys | None,
    ) -> Iterator[T]:
        """``task_of(chunk, keys)`` is a chunk's task: with ``known`` itself in-process, with :data:`_REMEMBERED`
        in a worker, which is given ``known`` first unless it has it (an import's runs of files and its ZIPs share
        one array: sent once), and None for a read without keys — never those a worker kept from an import."""
        known = known or None
        procs = self._acquire()
        if procs is None:
            for k in range(0, len(work), CHUNK):  # a chunk at a time: never a whole package's rows in memory
                yield from run_task(task_of(work[k : k + CHUNK], known))
            return
        yield from self._prepared(procs, work, task_of, known, spec)

    def _prepared(
        self,
        procs: list[_Worker],
        work: Sequence[Any],
        task_of: Callable[[Sequence[Any], KnownKeys | str | None], Task[T]],
        known: KnownKeys | None,
        spec: PrepareSpec,
    ) -> Iterator[T]:
        chunks = [work[k : k + CHUNK] for k in range(0, len(work), CHUNK)]
        sent = 0  # chunks handed to workers (chunk k goes to worker k % n, which answers in order)
        healthy = True
        items: list[T] = []
        handed = 0  # of ``items``: how many the reader was given (each one's staged file is then its business)
        remembered = _REMEMBERED if known is not None else None  # what a worker's chunk says of the keys
        try:
            if known is not None:
                try:
                    told = [worker for worker in procs if worker.known is not known]
                    for worker in told:
                        worker.send((_remember_known, (known,)))
                    for worker in told:
                        worker.receive()
                        worker.known = known
                except WorkerDied:
                    healthy = False  # every chunk in-process
            for k, chunk in enumerate(chunks):
                received: list[T] | None = None
                if healthy:
                    try:
                        while sent < len(chunks) and sent < k + len(procs) * self.AHEAD_PER_WORKER:
                            procs[sent % len(procs)].send(task_of(chunks[sent], remembered))
                            sent += 1
                            self.chunks_sent += 1
                        received = procs[k % len(procs)].receive()
                    except WorkerDied:
                        healthy = False  # this chunk and the rest: in-process
                items = run_task(task_of(chunk, known)) if received is None else received
                for item in items:
                    handed += 1
                    yield item
                items, handed = [], 0
        finally:
            _discard(items[handed:])
            if healthy:
                try:  # an abandoned read (cancelled sync): collect the answers still due, for the next reader
                    for worker in procs:
                        while worker.in_flight:
                            _discard(worker.receive())
                except Exception:  # whatever it is, these workers are not to be trusted again
                    healthy = False
            self._release(healthy=healthy)
            if not healthy and self.stage:  # stopped now: what they staged for answers never received goes
                sweep_staged(spec.vault_base, [_staging_tag(worker.process.pid) for worker in procs])


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


# In a worker process: the documents' vault files are staged (``vault.stage_file``) for the ingest thread to
# rename into place; an in-process read leaves them to the writer (``IndexWriter``'s background writes).
_staging: dict[str, Any] = {"on": False, "parent": 0, "tag": "", "seq": 0}


def _staging_tag(pid: int | None) -> str:
    """The start of the tag of every file a worker process stages (``vault.sweep_staged`` finds them by it)."""
    return f"{pid}-w"


def worker_main(conn: Any, stage: bool = False) -> None:
    """A worker's loop: a :data:`Task` in, ``("ok", items)`` out, None to stop; ``stage``: write each document's
    vault file beside its place (:func:`_stage`)."""
    _staging.update(on=stage, parent=os.getppid(), tag=_staging_tag(os.getpid()))
    # Ctrl+C in a terminal reaches the whole process group: the app decides (it stops after the batch being
    # written, and then stops its workers), a worker does not die with a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # What the worker loaded (modules, lxml, the catalogs) lives as long as it does: never scanned again by the
    # cycle collector. A chunk's documents are freed as their counts drop, so the collector rests while one is
    # read and collects whatever cycles it left between chunks: ~5 % of a worker's CPU a document, measured.
    gc.freeze()
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return  # the app is gone
        if task is None:
            return
        gc.disable()
        try:
            items = _staged_chunk(run_task(task))
            answer: tuple[str, Any] = ("ok", [_as_tuple(i) if isinstance(i, PreparedDocument) else i for i in items])
        except Exception as exc:  # the in-process read would raise it: so does the reader of the answer
            answer = ("error", exc)
        finally:
            gc.enable()
        conn.send(answer)


def run_task(task: Task[T]) -> list[T]:
    function, args = task
    return function(*args)


def _prepared_or_document(document: PackageDocument, spec: PrepareSpec) -> PreparedDocument | PackageDocument:
    """The document's rows, or the document itself when they cannot be built (``invalid_document``): the ingest
    thread's ``add_document`` meets the same error and counts it as it does for an in-process read."""
    try:
        return prepare_document(document.xml_bytes, document.invoice, spec)
    except AppError:
        return document


def _staged_chunk(items: list[T]) -> list[T]:
    """``items`` with each of its documents' vault file staged (:func:`_stage`), in a worker that stages.

    Once the whole chunk is read and prepared, not between its documents: a file written between two parses
    costs the parses more than the write itself (~60 µs a document in all, against ~22 for the same writes done
    together; docs/performance.md, stop 10)."""
    if not _staging["on"]:
        return items
    return [
        item._replace(staged=_stage(item))
        if isinstance(item, PreparedDocument) and item.direction is not None
        else item
        for item in items
    ]


def _stage(doc: PreparedDocument) -> str | None:
    """Write the document's vault file beside its place (:func:`vault.stage_file`), unless the app that asked is
    gone: a worker whose parent was killed must not leave files in a data home another run may be sweeping."""
    if os.getppid() != _staging["parent"]:
        return None
    _staging["seq"] += 1
    return stage_file(doc.folder, doc.path, doc.xml, f"{_staging['tag']}{_staging['seq']}")


# In a worker: the keys of the documents the folder import it serves already holds (:func:`_remember_known`).
_known: dict[str, KnownKeys | None] = {"keys": None}
_REMEMBERED = "remembered"  # a chunk's ``known`` in a worker: the keys its setup task gave


def _remember_known(keys: KnownKeys | None) -> list[Item]:
    """The setup task of a folder import (:meth:`DocumentPool.prepared_files`): keep ``keys`` for its chunks."""
    _known["keys"] = keys
    return []


def _keys(known: KnownKeys | str | None) -> KnownKeys | None:
    """A chunk's keys: given (in-process), those of the worker's setup task (:data:`_REMEMBERED`), or none."""
    return _known["keys"] if isinstance(known, str) else known


def prepare_files(
    paths: list[str],
    owner_rfc: str | None,
    limits: PackageLimits,
    spec: PrepareSpec,
    known: KnownKeys | str | None = None,
) -> list[Item]:
    """Read (:func:`read_loose_xml`: the same checks and caps as an in-process read), parse and prepare loose
    files, in a worker or in-process; a file that turns out to be a ZIP comes back as :class:`LooseZip`, one whose
    bytes the index holds (``known``, or :data:`_REMEMBERED` in a worker) as :class:`KnownFile`, unparsed."""
    read = _read_in_runs(paths, lambda file: read_loose_xml(file, limits))
    return _prepared_items(read, owner_rfc, spec, _keys(known))


READ_AHEAD_BYTES = 4 * 1024 * 1024
_K = TypeVar("_K")
_R = TypeVar("_R")


def _read_in_runs(keys: Sequence[_K], read: Callable[[_K], _R]) -> Iterator[tuple[_K, _R]]:
    """``(key, read(key))`` for each of ``keys``, in order, a run of them read (up to :data:`READ_AHEAD_BYTES` of
    XML, and one file more) before the first is parsed: reads between parses cost the parses more than the reads
    themselves (as writes do, :func:`_staged_chunk`)."""
    run: list[tuple[_K, _R]] = []
    size = 0
    for key in keys:
        data = read(key)
        run.append((key, data))
        if isinstance(data, bytes):
            size += len(data)
            if size >= READ_AHEAD_BYTES:
                yield from run
                run, size = [], 0
    yield from run


def prepare_chunk(
    path: str,
    entries: list[EntryRef],
    owner_rfc: str | None,
    limits: PackageLimits,
    spec: PrepareSpec,
    known: KnownKeys | str | None = None,
) -> list[EntryItem]:
    """Read, parse and prepare ``entries`` (in a worker, or in-process). The entries come with their offsets,
    so a worker never builds the package's entry list (~100 MB at 200,000 entries). ``known``: as for
    :func:`prepare_files` (an import's ZIP)."""
    with open_regular_file(path) as fp:  # the package: never a FIFO put in its place since (no waiting on it)
        read = _read_in_runs(entries, lambda entry: read_xml_ref(fp, entry, limits))
        return _prepared_items(((ref.name, data) for ref, data in read), owner_rfc, spec, _keys(known))


def _prepared_items(
    read: Iterable[tuple[str, bytes | SkippedEntry | LooseZip]],
    owner_rfc: str | None,
    spec: PrepareSpec,
    keys: KnownKeys | None,
) -> list[Any]:
    """Each read file or entry, by name, as the ingest thread takes it: what the read already decided (skipped,
    a ZIP), a :class:`KnownFile` for bytes the index holds (``keys``), else the parsed and prepared document."""
    items: list[Any] = []

    def skip(name: str, reason: str, detail: str = "") -> None:
        items.append(SkippedEntry(name, reason, detail))

    for name, data in read:
        if not isinstance(data, bytes):
            items.append(data)
            continue
        recognised = recognise(name, data, keys)
        if recognised is not None:
            items.append(recognised)
            continue
        document = document_from_bytes(name, data, owner_rfc, skip)
        if document is not None:
            items.append(_prepared_or_document(document, spec))
    return items
