"""Folder import: ``invoices import DIR`` of N loose CFDI files → vault + index, against a bare lxml loop.

    python -m benchmarks.folder_import [--n 20000] [--repeat 3]

What accountants bring from other tools: years of loose XML files in folders. The corpus is N realistic CFDI of
one RFC (the sandbox world, as the other benchmarks), one ``<uuid>.xml`` file each, in subfolders of 1,000 (a
month's folder of another tool). Measured in the same run over the same files (best of ``--repeat`` interleaved
rounds), once with the files and the data home on a RAM disk (``/dev/shm``; the figure of our code) and once
with both on the machine's disk (the files warm in the page cache, as after any earlier pass over them):

- *lxml ceiling*: walk the folder, read each file and ``lxml.etree.fromstring`` it, nothing else (what any
  import of the folder must at least do). The same loop is also run in one process per core at once, each over
  its share of the subfolders: what the machine's cores give together (a virtual machine's two cores may give
  much less than twice one), for reading the ratio (info, no budget).
- *ours*: ``DescargaService.import_invoices`` (the code of ``descarga-masiva invoices import DIR``) into a
  fresh data home with one profile: every XML written atomically to the vault and indexed (row, parties, FTS,
  payments), one sync per 2,000-document batch before its commit. Worker processes read and parse the files
  when there are enough of them (``core/parallel.py``); the same import in one process
  (``DESCARGA_MASIVA_WORKERS=0``) is shown beside it. Only the import is timed (not creating the data home
  and its profile before, nor deleting it after).
- *for reference*: the same documents as one SAT package, ingested the way a sync does, against its own
  ceiling (unzip + parse), as ``benchmarks.ingest`` measures it: what the folder's ratio is to be compared with
  on a machine as loaded as this one (``--no-package`` leaves it out).

Budget (issue 14): ours ≥ 40 % of the lxml ceiling on the RAM disk; the disk's figure is reported beside it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from benchmarks._common import (
    OWNER_RFC,
    SEED,
    Timer,
    best_of,
    cache_dir,
    corpus_zip,
    iter_owner_xml,
    parser,
    print_machine,
    print_table,
    verdict,
)
from benchmarks.ingest import lxml_unzip_parse, our_ingest, ram_disk

PER_FOLDER = 1_000


def corpus_folder(n: int, *, cache: Path | None = None) -> Path:
    """A folder of ``n`` loose CFDI files of :data:`OWNER_RFC` (subfolders of 1,000), built once and cached."""
    folder = (cache or cache_dir()) / f"folder-v1-seed{SEED}-{n}"
    if (folder / "complete").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    for k, (uuid, xml) in enumerate(iter_owner_xml(n)):
        sub = folder / f"{k // PER_FOLDER:03d}"
        if k % PER_FOLDER == 0:
            sub.mkdir(parents=True)
        (sub / f"{uuid.lower()}.xml").write_bytes(xml)
    (folder / "complete").write_bytes(b"")  # a stray non-XML file, as real folders have: skipped by the import
    return folder


def lxml_read_parse(folder: Path) -> int:
    """The ceiling: walk, read, parse; XML files only."""
    from lxml import etree

    count = 0
    for base, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".xml"):
                with open(os.path.join(base, name), "rb") as fh:
                    etree.fromstring(fh.read())
                count += 1
    return count


def _loop_share(folder: str, share: int, shares: int, ready: Any, go: Any, done: Any) -> None:
    """One process of :func:`lxml_read_parse_together`: the bare loop over every ``shares``-th subfolder."""
    subfolders = sorted(entry.path for entry in os.scandir(folder) if entry.is_dir())
    ready.put(share)
    go.wait()
    count = sum(lxml_read_parse(Path(sub)) for sub in subfolders[share::shares])
    done.put(count)


def lxml_read_parse_together(folder: Path, processes: int) -> float:
    """Seconds for ``processes`` processes at once to run the bare loop, each over its share of the subfolders:
    what this machine's cores give together, against the one loop the budget is a ratio of. (A virtual machine's
    cores may share a physical core or its caches: two such loops give less than twice one; measured, not
    assumed.) The processes start before the clock does."""
    import multiprocessing
    import time

    context = multiprocessing.get_context("spawn")
    ready, done, go = context.Queue(), context.Queue(), context.Event()
    procs = [
        context.Process(target=_loop_share, args=(str(folder), k, processes, ready, go, done)) for k in range(processes)
    ]
    for proc in procs:
        proc.start()
    try:
        for _ in procs:
            ready.get(timeout=60)
        start = time.perf_counter()
        go.set()
        counted = sum(done.get(timeout=600) for _ in procs)
        seconds = time.perf_counter() - start
    finally:
        for proc in procs:
            proc.join(10)
            if proc.is_alive():
                proc.kill()
    if counted != len(_xml_files(folder)):
        raise RuntimeError(f"the processes read {counted} files, not every one of {folder}")
    return seconds


@contextlib.contextmanager
def _fresh_service(base: Path | None) -> Iterator[Any]:
    """A ``DescargaService`` over a new data home under ``base`` with the benchmark's profile; deleted after."""
    from keyring.backends import fail

    from desktop_app.core.secrets import SecretStore
    from desktop_app.core.service import DescargaService

    home = Path(tempfile.mkdtemp(prefix="bench-import-", dir=base))
    try:
        service = DescargaService(home / "home", secrets=SecretStore(fail.Keyring()))
        try:
            service.add_profile(OWNER_RFC, "benchmark")
            yield service
        finally:
            service.close()
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _xml_files(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*.xml"))


@contextlib.contextmanager
def _workers(workers: str | None) -> Iterator[None]:
    """``DESCARGA_MASIVA_WORKERS=workers`` meanwhile (None: as it is)."""
    saved = os.environ.get("DESCARGA_MASIVA_WORKERS")
    if workers is not None:
        os.environ["DESCARGA_MASIVA_WORKERS"] = workers
    try:
        yield
    finally:
        if workers is not None:
            if saved is None:
                os.environ.pop("DESCARGA_MASIVA_WORKERS", None)
            else:
                os.environ["DESCARGA_MASIVA_WORKERS"] = saved


def our_import(folder: Path, base: Path | None, *, workers: str | None = None) -> dict[str, Any]:
    """``import_invoices`` of ``folder`` into a fresh data home under ``base``: its counts and ``seconds``, the
    time of the import alone (not of creating the data home and the profile before, nor of deleting it after)."""
    with _workers(workers), _fresh_service(base) as service:
        with Timer() as timer:
            result = service.import_invoices(OWNER_RFC, [str(folder)])
        rows = service.db.get().execute("SELECT COUNT(*) FROM invoices").fetchone()[0]
    return {
        "added": result["added"],
        "skipped": result["skipped"],
        "files": result["files"],
        "rows": rows,
        "seconds": timer.seconds,
    }


def our_reimport(folder: Path, base: Path | None, *, workers: str | None = None) -> float:
    """Seconds of ``import_invoices`` of ``folder`` into a data home that already holds it (imported just before,
    untimed): every file ``unchanged`` — an accountant importing the same archive again."""
    with _workers(workers), _fresh_service(base) as service:
        first = service.import_invoices(OWNER_RFC, [str(folder)])
        with Timer() as timer:
            again = service.import_invoices(OWNER_RFC, [str(folder)])
    if again["unchanged"] != first["added"] or again["added"] or again["updated"]:
        raise AssertionError(f"the second import changed something: {again}")
    return timer.seconds


def _process_cpu(pid: int) -> float | None:
    """User + system CPU seconds of a process (Linux ``/proc``), or None."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def cpu_of_import(folder: Path, base: Path | None) -> dict[str, float | None]:
    """One import with the workers, and the CPU it cost per document: this process (the ingest thread, the
    background writes, the walk) and the worker processes, in µs. Where the time goes on a machine whose cores
    are all busy: 0.40 of the loop needs ``(this + workers) / cores`` below 0.40 of the loop's time a file."""
    import resource

    from desktop_app.core import parallel

    pool = parallel.shared_pool()
    pids = [worker.process.pid for worker in pool._procs] if pool is not None else []
    before_workers = [_process_cpu(pid) for pid in pids]
    before = resource.getrusage(resource.RUSAGE_SELF)
    stats = our_import(folder, base)
    after = resource.getrusage(resource.RUSAGE_SELF)
    after_workers = [_process_cpu(pid) for pid in pids]
    n = stats["added"] or 1
    own = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / n * 1e6
    workers: float | None = None
    spent = [b - a for a, b in zip(before_workers, after_workers, strict=True) if a is not None and b is not None]
    if pids and len(spent) == len(pids):
        workers = sum(spent) / n * 1e6
    return {"ingest_process_us": own, "workers_us": workers, "seconds": stats["seconds"]}


def workers_alone(folder: Path, base: Path | None) -> float:
    """Seconds for the worker processes alone to read, parse and prepare every file of ``folder`` (any vault file
    they stage goes to a scratch folder), nothing indexed: the most any import can do with the workers this
    machine runs (what the ingest thread does on top shares the same cores)."""
    from desktop_app.core import parallel
    from desktop_app.core.cfdi.package import PackageLimits
    from desktop_app.core.index import IMPORT_SOURCE, PrepareSpec

    files = _xml_files(folder)
    scratch = Path(tempfile.mkdtemp(prefix="bench-workers-", dir=base))
    try:
        spec = PrepareSpec(OWNER_RFC, str(scratch / OWNER_RFC), IMPORT_SOURCE, 0)
        pool = parallel.shared_pool()
        if pool is None:
            return float("nan")
        with Timer() as timer:
            for _item in pool.prepared_files(files, OWNER_RFC, PackageLimits(), spec):
                pass
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return timer.seconds


def ingest_thread_alone(folder: Path, base: Path | None, *, staged: bool) -> float:
    """Seconds for the ingest thread alone to index documents prepared beforehand as the workers hand them over:
    the index's INSERTs, the vault files (``staged``: renamed into place, as the workers' files are,
    ``parallel.DocumentPool.stage``; else written by its background writers, as an in-process read's are), the
    batches' commits and syncs. What an import approaches on a machine with cores enough for the workers."""
    from desktop_app.core import parallel
    from desktop_app.core.cfdi.package import PackageLimits
    from desktop_app.core.index import IMPORT_SOURCE, IndexWriter, PreparedDocument
    from desktop_app.core.store.vault import stage_file
    from desktop_app.core.sync import ingest_items

    files = _xml_files(folder)
    with _fresh_service(base) as service:
        conn = service.db.get()
        writer = IndexWriter(conn, service.home, OWNER_RFC, 0)
        items = [
            item._replace(staged=stage_file(item.folder, item.path, item.xml, f"0-w{k}"))
            if staged and isinstance(item, PreparedDocument)
            else item
            for k, item in enumerate(
                parallel.prepare_files(files, OWNER_RFC, PackageLimits(), writer.spec(IMPORT_SOURCE))
            )
        ]
        with Timer() as timer:
            ingest_items(conn, writer, items, source=IMPORT_SOURCE)
    return timer.seconds


def package_ingest(package: Path, base: Path | None) -> float:
    """The same documents as one SAT package, through the same workers (``benchmarks.ingest``): seconds."""
    home = Path(tempfile.mkdtemp(prefix="bench-import-", dir=base))
    try:
        with Timer() as timer:
            our_ingest(package, home)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return timer.seconds


def run(
    n: int = 20_000, repeat: int = 3, cache: Path | None = None, *, one_process: bool = True, package: bool = True
) -> dict[str, Any]:
    """Every method once per round, ``repeat`` rounds, best per method (a burst of load elsewhere then hurts all
    alike). The disk copy is the cached corpus; the RAM-disk copy is made for this run and removed after.
    ``package``: also the same documents as one SAT package (``benchmarks.ingest``'s path and ceiling), for
    reference."""
    from desktop_app.core import parallel

    disk_folder = corpus_folder(n, cache=cache)
    zipped = corpus_zip(n, cache=cache) if package else None
    ram = ram_disk()
    ram_copy = Path(tempfile.mkdtemp(prefix="bench-folder-", dir=ram)) if ram is not None else None
    try:
        ram_folder = disk_folder
        if ram_copy is not None:
            ram_folder = ram_copy / disk_folder.name
            shutil.copytree(disk_folder, ram_folder)
        stats: dict[str, Any] = {}

        def importing(folder: Path, base: Path | None, workers: str | None = None) -> Callable[[], float]:
            def once() -> float:
                stats.update(our_import(folder, base, workers=workers))
                return stats["seconds"]

            return once

        def timed(fn: Callable[[], Any]) -> Callable[[], float]:
            return lambda: best_of(fn, 1)

        parallel.close_shared_pool()
        cold = importing(ram_folder, ram)()  # starts the workers, as a first large import does
        cores = os.cpu_count() or 1
        methods: dict[str, Callable[[], float] | None] = {
            "lxml_ram": timed(lambda: lxml_read_parse(ram_folder)),
            "lxml_ram_together": (lambda: lxml_read_parse_together(ram_folder, cores)) if cores > 1 else None,
            "import_ram": importing(ram_folder, ram),
            "workers_alone": lambda: workers_alone(ram_folder, ram),
            "ingest_alone": lambda: ingest_thread_alone(ram_folder, ram, staged=False),
            "ingest_alone_staged": lambda: ingest_thread_alone(ram_folder, ram, staged=True),
            "import_ram_one_process": importing(ram_folder, ram, "0") if one_process else None,
            "reimport_ram": lambda: our_reimport(ram_folder, ram),
            "lxml_disk": timed(lambda: lxml_read_parse(disk_folder)),
            "import_disk": importing(disk_folder, None),
            "lxml_unzip_parse": timed(lambda: lxml_unzip_parse(zipped)) if zipped else None,
            "package_ram": (lambda: package_ingest(zipped, ram)) if zipped else None,
        }
        best: dict[str, float] = {}
        for _ in range(repeat):
            for name, fn in methods.items():
                if fn is not None:
                    best[name] = min(best.get(name, float("inf")), fn())
        cpu = cpu_of_import(ram_folder, ram)
    finally:
        if ram_copy is not None:
            shutil.rmtree(ram_copy, ignore_errors=True)
    results: dict[str, Any] = {
        "cpu": cpu,
        "n": n,
        "stats": stats,
        "home": "RAM disk (/dev/shm)" if ram is not None else "temporary folder (no RAM disk)",
        "workers": parallel.worker_count(),
        "cores": cores,
        "import_cold": n / cold,
    }
    for name in methods:
        results[name] = n / best[name] if name in best else None
    return results


def table(r: dict[str, Any]) -> str:
    ram_ceiling, disk_ceiling = r["lxml_ram"], r["lxml_disk"]

    def rate(value: float | None) -> str:
        return f"{value:,.0f}" if value else "n/a"

    def ratio(value: float | None, ceiling: float) -> str:
        return f"{value / ceiling:.2f}" if value else "n/a"

    ours = r["import_ram"]
    package = r["package_ram"]
    rows = [
        [f"lxml: walk + read + parse (ceiling), {r['home']}", rate(ram_ceiling), "1.00", "", ""],
        [
            f"lxml: the same loop in {r['cores']} processes at once (what this machine's {r['cores']} cores give "
            "together; info)",
            rate(r["lxml_ram_together"]),
            ratio(r["lxml_ram_together"], ram_ceiling),
            "",
            "",
        ],
        [
            f"**ours: `invoices import DIR`** ({r['home']}, {r['workers']} workers)",
            f"**{rate(ours)}**",
            ratio(ours, ram_ceiling),
            "≥ 0.40",
            verdict(ours / ram_ceiling >= 0.40),
        ],
        *(
            [label, rate(r[key]), ratio(r[key], ram_ceiling), "", ""]
            for label, key in (
                ("ours, first import (starts the workers)", "import_cold"),
                (
                    f"its parts: the {r['workers']} workers alone (read, parse, prepare; nothing indexed)",
                    "workers_alone",
                ),
                (
                    "its parts: the ingest thread alone (documents prepared beforehand), writing the files itself",
                    "ingest_alone",
                ),
                (
                    "its parts: the ingest thread alone, files staged by the workers (as with workers)",
                    "ingest_alone_staged",
                ),
                ("ours, one process (`DESCARGA_MASIVA_WORKERS=0`)", "import_ram_one_process"),
                ("ours, the same folder imported again (every file `unchanged`; info)", "reimport_ram"),
            )
        ),
        ["lxml: walk + read + parse (ceiling), this machine's disk", rate(disk_ceiling), "1.00", "", ""],
        [
            "ours, files and data home on this machine's disk",
            rate(r["import_disk"]),
            ratio(r["import_disk"], disk_ceiling),
            "(info)",
            "",
        ],
    ]
    if package:
        rows += [
            [
                "for reference — lxml: unzip + parse, the same documents as one package",
                rate(r["lxml_unzip_parse"]),
                "1.00",
                "",
                "",
            ],
            [
                f"for reference — ours: that package → vault + index ({r['home']})",
                rate(package),
                ratio(package, r["lxml_unzip_parse"]),
                "",
                "",
            ],
        ]
    text = print_table(
        f"Folder import: {r['n']:,} loose CFDI files (subfolders of {PER_FOLDER:,}), CFDI/s, best of runs",
        ["what", "CFDI/s", "ratio", "budget", "result"],
        rows,
    )
    cpu = r["cpu"]
    workers = "n/a" if cpu["workers_us"] is None else f"{cpu['workers_us']:.0f}"
    line = (
        f"CPU per document of one more import ({cpu['seconds']:.2f} s): this process {cpu['ingest_process_us']:.0f} µs "
        f"(ingest thread, background writes, walk), the {r['workers']} workers {workers} µs; the loop's time a file "
        f"is {1e6 / ram_ceiling:.0f} µs, so 0.40 of it on {os.cpu_count()} cores allows "
        f"{os.cpu_count() or 1} × {1e6 / ram_ceiling / 0.40:.0f} µs of CPU in all"
    )
    together = r["lxml_ram_together"]
    if together:
        line += (
            f". The loop in {r['cores']} processes at once runs {together / ram_ceiling:.2f}× one loop: the cores "
            f"give that much together, not {r['cores']}×; ours is {ours / together:.2f} of it"
        )
    print(line)
    return text + "\n" + line


def main(argv: list[str] | None = None) -> int:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=20_000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--no-package", action="store_true", help="leave out the same documents as one package")
    args = p.parse_args(argv)
    print_machine()
    r = run(args.n, args.repeat, cache_dir(args.cache), package=not args.no_package)
    table(r)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
