"""Ingest through worker processes (core.parallel) gives exactly what the in-process read gives."""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sqlite3
import sys
import threading
import zipfile
from pathlib import Path

import pytest

from desktop_app.core import parallel
from desktop_app.core.cfdi.package import EntryRef, PackageLimits, SkippedEntry, read_package
from desktop_app.core.index import IndexWriter, PreparedDocument
from desktop_app.core.store.db import DB_NAME, connect
from desktop_app.core.sync import ingest_items
from desktop_app.sandbox.world import World

RFC = "EKU9003173C9"
N_DOCS = 120


def _owner_docs(n: int) -> list[tuple[str, bytes]]:
    world = World(7, 5_000)
    docs = []
    for i in range(len(world)):
        header = world.header(i)
        if RFC in (header.issuer_rfc, header.receiver_rfc):
            docs.append((world.uuid(i), world.xml(i)))
            if len(docs) == n:
                return docs
    raise AssertionError("world too small")


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    """A SAT-style package with the junk a real one may carry, spread among the documents."""
    docs = _owner_docs(N_DOCS)
    path = tmp_path_factory.mktemp("pkg") / "package.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for k, (uuid, xml) in enumerate(docs):
            archive.writestr(f"{uuid.lower()}.xml", xml)
            if k == 10:
                archive.writestr("not-a-cfdi.xml", b"<?xml version='1.0'?><Factura/>")
            if k == 50:
                archive.writestr("broken.xml", xml[: len(xml) // 2])
            if k == 90:
                archive.writestr("empty.xml", b"   ")
        archive.writestr("again.xml", docs[3][1])  # the same document twice: "unchanged" the second time
    return path


def _refs(package: Path) -> list[EntryRef]:
    with zipfile.ZipFile(package) as archive:
        return [EntryRef.of(info) for info in archive.infolist()]


@pytest.fixture(scope="module", params=[False, True], ids=["ingest-thread-writes", "workers-stage"])
def pool(request):
    """Two workers that stage each document's file, as every pool does (``DocumentPool.stage``), and
    two that leave the writes to the ingest thread (as it writes what is not staged): both must give the
    in-process result."""
    pool = parallel.DocumentPool(2, stage=request.param)
    yield pool
    pool.close()


def _ingest(home: Path, package: Path, pool: parallel.DocumentPool | None, monkeypatch) -> dict:
    conn = connect(home / DB_NAME)
    try:
        writer = IndexWriter(conn, home, RFC, 1_700_000_000_000)
        with read_package(package, owner_rfc=RFC) as reader:
            if pool is not None:
                monkeypatch.setattr(parallel, "MIN_DOCUMENTS", 1)
                monkeypatch.setattr(parallel, "CHUNK", 7)  # many chunks, several in flight
                monkeypatch.setattr(parallel, "shared_pool", lambda: pool)
                parallel.attach(reader, writer.spec("pkg-1"))
            stats = ingest_items(conn, writer, reader, source="pkg-1")
            summary = reader.summary.to_json()
        return {"stats": stats.to_json(), "summary": summary, **_snapshot(conn, home)}
    finally:
        conn.close()


def _snapshot(conn: sqlite3.Connection, home: Path) -> dict:
    home_text = str(home)
    rows = [
        tuple(v.replace(home_text, "<home>") if isinstance(v, str) else v for v in r)  # vault paths are absolute
        for r in conn.execute("SELECT * FROM invoices ORDER BY id")
    ]
    fts = conn.execute("SELECT rowid, text FROM invoices_fts ORDER BY rowid").fetchall()
    payments = [tuple(r) for r in conn.execute("SELECT * FROM payments ORDER BY payment_uuid, line")]
    months = [tuple(r) for r in conn.execute("SELECT * FROM invoice_months ORDER BY 1, 2, 3, 4, 5")]
    files = {str(p.relative_to(home)): p.read_bytes() for p in sorted((home / RFC).rglob("*")) if p.is_file()}
    return {"rows": rows, "fts": fts, "payments": payments, "months": months, "files": files}


def test_workers_index_exactly_what_the_in_process_read_does(tmp_path, package, pool, monkeypatch):
    serial = _ingest(tmp_path / "serial", package, None, monkeypatch)
    workers = _ingest(tmp_path / "workers", package, pool, monkeypatch)
    assert pool.running  # the workers did the reading
    assert serial["stats"]["added"] == N_DOCS and serial["stats"]["unchanged"] == 1
    assert serial["summary"]["skipped_by_reason"] == {"not_a_cfdi": 1, "invalid_xml": 1, "empty": 1}
    assert workers == serial  # rows (same ids), search text, payments, monthly totals, vault files, skips


def _live_zip_entries() -> int:
    gc.collect()  # only what is still referenced
    return sum(1 for o in gc.get_objects() if isinstance(o, zipfile.ZipInfo))


@pytest.mark.parametrize("workers", [False, True], ids=["in-process", "workers"])
def test_a_read_by_the_workers_lets_go_of_the_archives_entry_list(tmp_path, package, pool, monkeypatch, workers):
    """Peak memory of a 200,000-entry package: once the workers read the entries by their offsets, the reader no
    longer holds a ZipInfo for each of them (113 MB there); an in-process read needs them to the end."""
    spec = IndexWriter(sqlite3.connect(":memory:"), tmp_path, RFC, 0).spec("x")
    before = _live_zip_entries()
    with read_package(package, owner_rfc=RFC) as reader:
        if workers:
            monkeypatch.setattr(parallel, "MIN_DOCUMENTS", 1)
            monkeypatch.setattr(parallel, "shared_pool", lambda: pool)
            parallel.attach(reader, spec)
        items = iter(reader)
        next(items)
        held = _live_zip_entries() - before
        assert sum(1 for _ in items) == N_DOCS  # 121 documents (one twice), the first read above
    if workers:
        assert held <= 1  # (the last entry the reader looked at, still named in its frame)
    else:
        assert held >= N_DOCS


def test_a_worker_killed_mid_package_loses_nothing(tmp_path, package, monkeypatch):
    pool = parallel.DocumentPool(2, stage=True)  # what they had staged for answers never read goes too
    try:
        original = pool.prepared

        def prepared_then_kill(*args, **kwargs):
            items = original(*args, **kwargs)
            yield next(items)  # the pool is running: kill its workers the way the OS's OOM killer would
            for worker in pool._procs:
                os.kill(worker.process.pid, signal.SIGKILL)
            yield from items

        monkeypatch.setattr(pool, "prepared", prepared_then_kill)
        killed = _ingest(tmp_path / "killed", package, pool, monkeypatch)
    finally:
        pool.close()
    serial = _ingest(tmp_path / "serial", package, None, monkeypatch)
    assert killed == serial
    assert not pool.running


def test_an_abandoned_read_gives_the_pool_back(tmp_path, package, pool):
    spec = IndexWriter(sqlite3.connect(":memory:"), tmp_path, RFC, 0).spec("x")
    refs = _refs(package)
    items = pool.prepared(package, refs, RFC, read_package(package).limits, spec)
    first = next(items)
    assert isinstance(first, PreparedDocument | SkippedEntry)
    items.close()  # a cancelled sync stops reading mid-package
    assert not pool._busy and pool._idle_timer is not None  # idle: closes itself later
    # the files staged for documents never handed over are gone; the one handed over is the reader's
    staged = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert staged == ([Path(first.staged)] if isinstance(first, PreparedDocument) and pool.stage else [])
    again = list(pool.prepared(package, refs[:3], RFC, read_package(package).limits, spec))
    assert [d.uuid for d in again] == [first.uuid, *[d.uuid for d in again[1:]]]


def test_small_packages_and_one_cpu_stay_in_process(tmp_path, package, monkeypatch):
    monkeypatch.setenv(parallel.WORKERS_ENV, "1")
    assert parallel.shared_pool() is None
    monkeypatch.setenv(parallel.WORKERS_ENV, "3")
    assert parallel.worker_count() == 3
    # every pool's workers stage the vault's files (two workers on two cores as well: docs/performance.md, stop 10)
    assert parallel.DocumentPool(2).stage and parallel.DocumentPool(3).stage
    monkeypatch.setenv(parallel.WORKERS_ENV, "many")
    assert 1 <= parallel.worker_count() <= parallel.MAX_WORKERS
    reader = read_package(package, owner_rfc=RFC)
    parallel.attach(reader, IndexWriter(sqlite3.connect(":memory:"), tmp_path, RFC, 0).spec("x"))
    assert reader.parallel(package, _refs(package)) is None  # below the threshold
    reader.close()


def test_one_package_at_a_time_uses_the_workers(tmp_path, package, pool):
    spec = IndexWriter(sqlite3.connect(":memory:"), tmp_path, RFC, 0).spec("x")
    limits = read_package(package).limits
    refs = _refs(package)
    first = pool.prepared(package, refs[:3], RFC, limits, spec)
    assert next(first) is not None and pool._busy
    meanwhile = list(pool.prepared(package, refs[3:5], RFC, limits, spec))  # read in-process, same items
    assert len(list(first)) == 2 and not pool._busy
    again = list(pool.prepared(package, refs[3:5], RFC, limits, spec))
    assert [d._replace(staged=None) for d in again] == meanwhile and all(d.staged is None for d in meanwhile)
    if not pool.stage:
        assert all(d.staged is None for d in again)
        return
    # the workers also wrote each document's file beside its vault place, for the writer to rename
    for doc in again:
        assert os.path.dirname(doc.staged) == doc.folder and Path(doc.staged).read_bytes() == doc.xml
        assert not os.path.exists(doc.path)


def test_text_search_over_ingested_documents_finds_exactly_the_matching_ones(tmp_path, package, pool, monkeypatch):
    """The parties (names, RFCs) and UUID search give the same set as a plain scan of the rows."""
    from desktop_app.core.index import InvoiceFilter, list_invoices, search_text, totals

    home = tmp_path / "home"
    _ingest(home, package, pool, monkeypatch)
    conn = connect(home / DB_NAME)
    rows = conn.execute(
        "SELECT uuid, type, status, issuer_rfc, issuer_name, receiver_rfc, receiver_name FROM invoices"
    ).fetchall()
    names = sorted({r["receiver_name"] or "" for r in rows} | {r["issuer_name"] or "" for r in rows})
    needles = [
        names[len(names) // 2][:6],  # a piece of a name
        names[-1].split()[-1][-5:].lower(),  # the end of a word, lower-case
        rows[7]["issuer_rfc"][2:8],  # an RFC fragment
        rows[11]["uuid"][-12:].lower(),  # the end of a UUID
        rows[11]["uuid"][7:13],  # a piece with a dash
        rows[11]["uuid"][24:28],  # four hex digits: names and RFCs only (UUID pieces need 8, or a dash)
        "a",  # one letter: shorter than a trigram
    ]
    for needle in needles:
        folded = search_text(needle)
        uuid_piece = len(folded) >= 8 or "-" in folded
        expected = {
            r["uuid"]
            for r in rows
            if folded in search_text(r["issuer_rfc"], r["issuer_name"], r["receiver_rfc"], r["receiver_name"])
            or (uuid_piece and folded in r["uuid"])
        }
        flt = InvoiceFilter(text=needle)
        assert {r["uuid"] for r in list_invoices(conn, RFC, flt)} == expected, needle
        counted = totals(conn, RFC, flt)  # constancias de retenciones and cancelled CFDI apart
        retenciones = {r["uuid"] for r in rows if r["uuid"] in expected and r["type"] == "R"}
        cancelled = {r["uuid"] for r in rows if r["uuid"] in expected - retenciones and r["status"] == "cancelado"}
        assert (counted["count"], counted["retenciones"], counted["cancelled"]) == (
            len(expected) - len(retenciones) - len(cancelled),
            len(retenciones),
            len(cancelled),
        ), needle
    conn.close()


def test_workers_that_cannot_start_mean_an_in_process_read(tmp_path, package, monkeypatch):
    """A machine that refuses new processes (a security product, a process limit) still ingests, in-process."""
    import multiprocessing.context

    def refused(self):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(multiprocessing.context.SpawnProcess, "start", refused)
    pool = parallel.DocumentPool(2)
    try:
        refused_run = _ingest(tmp_path / "refused", package, pool, monkeypatch)
        assert not pool.running and not pool._busy
    finally:
        pool.close()
    assert refused_run == _ingest(tmp_path / "serial", package, None, monkeypatch)


@pytest.mark.parametrize("then", ["changed document", "metadata"])
def test_monthly_totals_kept_by_the_writer_equal_a_recount(tmp_path, then):
    """invoice_months is added to per batch by the writer (no insert trigger). New documents followed, in the
    very same batch, by a changed copy of one of them, or by metadata that cancels one (both move a row between
    groups through the update trigger) and adds an unknown one: the months equal a plain recount of the rows."""
    from decimal import Decimal

    from desktop_app.core.cfdi.metadata import MetadataRow
    from desktop_app.core.cfdi.parser import parse_document
    from desktop_app.core.store.schema import RECOUNT_MONTHS

    home = tmp_path / "home"
    conn = connect(home / DB_NAME)
    writer = IndexWriter(conn, home, RFC, 1)
    docs = _owner_docs(30)
    first = parse_document(docs[0][1], owner_rfc=RFC)
    conn.execute("BEGIN IMMEDIATE")
    for _uuid, xml in docs:
        writer.add_document(xml, parse_document(xml, owner_rfc=RFC), source="a")
    changed = docs[1][1].replace(b' Total="', b' Total="1', 1)  # the same UUID, other bytes and total
    assert changed != docs[1][1]
    if then == "changed document":
        writer.add_document(changed, parse_document(changed, owner_rfc=RFC), source="b")
    for uuid, status in ((first.uuid, "cancelado"), ("BBBBBBBB-0000-4000-8000-00000000000B", "vigente")):
        row = MetadataRow(
            uuid, first.issuer_rfc, "X", first.receiver_rfc, "Y", "PAC", "2026-02-03T10:00:00", None,
            Decimal("116.00"), "I", status, "2026-02-04T00:00:00" if status == "cancelado" else None,
        )  # fmt: skip
        if then == "metadata":
            writer.add_metadata(row, source="m")
    writer.flush()
    conn.execute("COMMIT")

    def months() -> list[tuple]:
        every = "SELECT * FROM invoice_months WHERE n != 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9"
        return [tuple(r) for r in conn.execute(every)]

    kept = months()
    conn.execute("BEGIN IMMEDIATE")
    for statement in RECOUNT_MONTHS:
        conn.execute(statement, (RFC,))
    recounted = months()
    conn.execute("ROLLBACK")
    assert kept == recounted
    assert sum(r[9] for r in kept) == (31 if then == "metadata" else 30)  # + the metadata-only one
    conn.close()


# -- folder imports (``invoices import DIR``) -------------------------------------------------------------------

SMALL_CAP = 300_000  # bytes: the folder's "too large" files need not be 50 MB


def _other_doc() -> bytes:
    world = World(7, 5_000)
    for i in range(len(world)):
        header = world.header(i)
        if RFC not in (header.issuer_rfc, header.receiver_rfc):
            return world.xml(i)
    raise AssertionError("world too small")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """What an accountant brings: good CFDI in month folders, a loose ZIP (one named .xml), SAT metadata, junk,
    damaged and unreadable documents, a copy that conflicts with SAT's, a duplicate; walked in a fixed order."""
    import re

    docs = _owner_docs(N_DOCS + 20)
    root = tmp_path_factory.mktemp("folder") / "xml"
    for month in ("01", "02", "03"):
        (root / "2023" / month).mkdir(parents=True)
    bad = docs[N_DOCS:]
    files = {
        "._a.xml": b"junk",  # macOS metadata
        ".DS_Store": b"junk",
        "a-empty.xml": b"  \n",
        "b-zero.xml": b"",
        "big.xml": b"<x>" + b" " * SMALL_CAP + b"</x>",  # too_large (the cap is lowered for this test)
        "big.bin": b"<x>" + b" " * SMALL_CAP + b"</x>",  # looks like XML: read as XML, too large too
        "blob.bin": bad[0][1],  # a CFDI without an .xml name: told by its first bytes
        "broken.xml": bad[1][1][: len(bad[1][1]) // 2],  # invalid_xml (no UUID left)
        "damaged.xml": bad[2][1].replace(b"<cfdi:Conceptos>", b"<cfdi:Conceptos><oops", 1),  # kept as damaged
        "date.xml": re.sub(rb' Fecha="[^"]*"', b' Fecha="2023-13-45T99:00:00"', bad[3][1], count=1),
        "amount.xml": re.sub(rb' Total="[^"]*"', b' Total="NaN"', bad[4][1], count=1),
        "foreign.xml": _other_doc(),  # neither issued nor received by RFC: not_this_rfc
        "not-a-cfdi.xml": b"<?xml version='1.0'?><Factura/>",
        "notes.docx": b"PK-not-really",
        "meta.txt": (FIXTURES / "metadata" / "synthetic-metadata-cancelado-crlf.txt").read_bytes(),
        "2023/03/again.xml": docs[3][1],  # the same document twice: "unchanged" the second time
        "2023/03/conflict.xml": docs[5][1].replace(b' Total="', b' Total="1', 1),  # SAT's copy stays (conflict)
    }
    for name, data in files.items():
        (root / name).write_bytes(data)
    with contextlib.suppress(OSError, NotImplementedError):  # (Windows: symlinks need a privilege)
        (root / "link.xml").symlink_to(root / "blob.bin")  # not followed: unsupported_type
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "fifo.xml")  # never opened (a reader would wait for a writer): unsupported_type
    # a ZIP named .xml (read as a package, in its place) and a package among a month's files
    with zipfile.ZipFile(root / "c-zipped.xml", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for uuid, xml in bad[5:10]:
            archive.writestr(f"{uuid.lower()}.xml", xml)
    with zipfile.ZipFile(root / "2023" / "02" / "5-package.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for uuid, xml in bad[10:15]:
            archive.writestr(f"{uuid.lower()}.xml", xml)
        archive.writestr("broken.xml", bad[15][1][:100])
    for k, (uuid, xml) in enumerate(docs[:N_DOCS]):
        (root / "2023" / ("01", "02", "03")[k * 3 // N_DOCS] / f"{uuid.lower()}.xml").write_bytes(xml)
    return root


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _import(
    home: Path,
    folder: Path,
    monkeypatch,
    pool: parallel.DocumentPool | None,
    *,
    again: bool = False,
    recognise: bool = True,
    before_again=None,
    **options,
) -> dict:
    """``DescargaService.import_invoices`` of ``folder`` into a fresh home where SAT's copy of one of its
    documents is already indexed; through ``pool`` (every file run, small chunks), or in-process. ``again``: the
    result of importing it a second time (after ``before_again(home)``); ``recognise`` False: every file parsed,
    none told by its bytes (``IndexWriter.known_keys``)."""
    from datetime import UTC, datetime

    from keyring.backends import fail

    from desktop_app.core import invoice_ops as service_module
    from desktop_app.core.cfdi.package import FilesReader, PackageLimits
    from desktop_app.core.cfdi.parser import parse_document
    from desktop_app.core.clock import FakeClock
    from desktop_app.core.secrets import SecretStore
    from desktop_app.core.service import DescargaService

    limits = PackageLimits(max_xml_bytes=SMALL_CAP)
    monkeypatch.setattr(
        service_module,
        "iter_files",
        lambda paths, owner_rfc, known: FilesReader(paths, owner_rfc=owner_rfc, limits=limits, known=known),
    )
    if not recognise:
        monkeypatch.setattr(IndexWriter, "known_keys", lambda self: None)
    if pool is None:
        monkeypatch.setenv(parallel.WORKERS_ENV, "0")
    else:
        monkeypatch.setenv(parallel.WORKERS_ENV, "2")
        monkeypatch.setenv(parallel.MIN_DOCUMENTS_ENV, "1")
        monkeypatch.setattr(parallel, "CHUNK", 7)  # many chunks, several in flight
        monkeypatch.setattr(parallel, "shared_pool", lambda: pool)
    service = DescargaService(
        home, clock=FakeClock(datetime(2026, 6, 1, tzinfo=UTC)), secrets=SecretStore(fail.Keyring())
    )
    try:
        service.add_profile(RFC)
        conn = service.db.get()
        sat_copy = _owner_docs(6)[5][1]
        writer = IndexWriter(conn, service.home, RFC, 1_700_000_000_000)
        ingest_items(conn, writer, [_sat_document(sat_copy, parse_document(sat_copy, owner_rfc=RFC))], source="pkg-0")
        result = service.import_invoices(RFC, [str(folder)], **options)  # progress, cancel
        if again:
            if before_again is not None:
                before_again(service.home)
            result = service.import_invoices(RFC, [str(folder)])
        return {"result": result, **_snapshot(conn, service.home)}
    finally:
        service.close()
        monkeypatch.undo()


def _sat_document(xml: bytes, invoice):
    from desktop_app.core.cfdi.package import PackageDocument

    return PackageDocument(name="sat.xml", uuid=invoice.uuid, xml_bytes=xml, invoice=invoice)


def test_a_folder_import_goes_through_the_workers_and_gives_the_in_process_result(tmp_path, folder, pool, monkeypatch):
    serial = _import(tmp_path / "serial", folder, monkeypatch, None)
    before = pool.chunks_sent
    workers = _import(tmp_path / "workers", folder, monkeypatch, pool)
    assert pool.chunks_sent - before >= N_DOCS // 7  # the files were read by the worker processes
    result = serial["result"]
    # documents: the months, again, conflict, blob.bin, damaged, foreign and the 5 + 5 in the two ZIPs
    assert result["files"]["documents"] == N_DOCS + 15
    assert result["added"] >= N_DOCS + 12 and result["metadata_rows"] == 3  # (+ new rows of the metadata)
    assert (result["conflict"], result["damaged"]) == (1, 1) and result["unchanged"] >= 1
    refused = result["files"]["skipped_by_reason"]
    # everything not imported, files refused before a document was read included
    assert result["skipped_reasons"] == {"not_this_rfc": 1, "conflict": 1, **refused}
    assert result["skipped"] == 2 + sum(refused.values())
    assert refused == {
        "macos_metadata": 2,
        "empty": 2,
        "too_large": 2,
        "invalid_xml": 2,  # broken.xml, and the broken entry of 5-package.zip
        "invalid_document_date": 1,
        "invalid_document_amount": 1,
        "not_a_cfdi": 1,
        "unsupported_type": 1 + sum(os.path.lexists(folder / n) for n in ("link.xml", "fifo.xml")),  # + notes.docx
    }
    assert workers == serial  # rows (same ids), search text, payments, monthly totals, vault files, every skip


def test_a_folder_import_whose_workers_die_or_cannot_start_gives_the_in_process_result(tmp_path, folder, monkeypatch):
    import multiprocessing.context

    serial = _import(tmp_path / "serial", folder, monkeypatch, None)
    pool = parallel.DocumentPool(2, stage=True)  # what the dead workers had staged goes too
    try:
        original = pool.prepared_files

        def prepared_then_kill(*args, **kwargs):
            items = original(*args, **kwargs)
            yield next(items)  # the workers are running: the OS kills them
            for worker in pool._procs:
                os.kill(worker.process.pid, getattr(signal, "SIGKILL", signal.SIGTERM))
            yield from items

        monkeypatch.setattr(pool, "prepared_files", prepared_then_kill)
        killed = _import(tmp_path / "killed", folder, monkeypatch, pool)
        assert pool.chunks_sent > 0 and not pool.running
    finally:
        pool.close()
    assert killed == serial

    def refused(self):
        raise OSError(1, "Operation not permitted")

    pool = parallel.DocumentPool(2)
    try:
        monkeypatch.setattr(multiprocessing.context.SpawnProcess, "start", refused)
        refused_run = _import(tmp_path / "refused", folder, monkeypatch, pool)
        assert pool.chunks_sent == 0 and not pool.running and not pool._busy
    finally:
        pool.close()
    assert refused_run == serial


def test_a_document_whose_rows_cannot_be_built_is_counted_as_in_process(tmp_path, folder, monkeypatch):
    """``invalid_document`` (prepare_document's own error) is counted by the writer, as add_document does: the
    worker hands the parsed document back instead of its rows. (Forced here in-process: a spawned worker does
    not see a monkeypatch.)"""
    from desktop_app.core.errors import AppError
    from desktop_app.core.index import write as index

    victim = _owner_docs(1)[0][0]
    real = index.prepare_document

    def failing(xml, inv, spec):
        if inv.uuid == victim:
            raise AppError("invalid_document", "The document cannot be indexed: test")
        return real(xml, inv, spec)

    def runs(name: str, pool: parallel.DocumentPool | None) -> dict:
        monkeypatch.setattr(index, "prepare_document", failing)
        monkeypatch.setattr(parallel, "prepare_document", failing)
        return _import(tmp_path / name, folder, monkeypatch, pool)

    serial = runs("serial", None)
    assert serial["result"]["skipped_reasons"]["invalid_document"] == 1
    pool = parallel.DocumentPool(2)
    pool._acquire = lambda: None  # the workers are taken: the pool's in-process path, chunk by chunk
    assert runs("pool", pool) == serial
    # what a worker sends back for it: the parsed document, which crosses the pipe as itself
    import pickle

    from desktop_app.core.cfdi.package import PackageDocument, PackageLimits

    monkeypatch.setattr(parallel, "prepare_document", failing)
    spec = IndexWriter(sqlite3.connect(":memory:"), tmp_path, RFC, 0).spec("import")
    path = folder / "2023" / "01" / f"{victim.lower()}.xml"
    [item] = parallel.prepare_files([str(path)], RFC, PackageLimits(), spec)
    assert isinstance(item, PackageDocument) and item.uuid == victim
    assert pickle.loads(pickle.dumps(item)) == item  # noqa: S301 - our own bytes


def _files_of(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*") if p.is_file() or p.is_symlink() or p.is_fifo())


@pytest.mark.parametrize("source", ["folder", "package"])
def test_a_chunk_is_read_in_runs_before_it_is_parsed_and_gives_what_one_at_a_time_gives(
    tmp_path, folder, package, monkeypatch, source
):
    """Reads between parses slow the parses down (docs/performance.md, stop 10): files and package entries are
    read a run at a time (up to ``READ_AHEAD_BYTES``, one file more), then parsed, in their order — skips, ZIPs
    and all — with the same result as reading and parsing one at a time."""
    from desktop_app.core.cfdi import package as package_module
    from desktop_app.core.cfdi.package import PackageLimits
    from desktop_app.core.index import IMPORT_SOURCE

    limits = PackageLimits(max_xml_bytes=SMALL_CAP)
    spec = IndexWriter(sqlite3.connect(":memory:"), tmp_path, RFC, 0).spec(IMPORT_SOURCE)

    def run() -> list:
        if source == "folder":
            return parallel.prepare_files(_files_of(folder), RFC, limits, spec)
        return parallel.prepare_chunk(str(package), _refs(package), RFC, limits, spec)

    monkeypatch.setattr(parallel, "READ_AHEAD_BYTES", 0)  # a run of one: read, parse, read, parse…
    one_at_a_time = run()
    events: list[str] = []
    for name in ("read_loose_xml", "read_xml_ref"):
        real = getattr(parallel, name)
        monkeypatch.setattr(parallel, name, lambda *a, real=real: events.append("read") or real(*a))
    real_parse = package_module.parse_document
    monkeypatch.setattr(package_module, "parse_document", lambda *a, **k: events.append("parse") or real_parse(*a, **k))
    sizes = [len(xml) for _uuid, xml in _owner_docs(3)]
    monkeypatch.setattr(parallel, "READ_AHEAD_BYTES", sum(sizes) - 1)  # ~3 documents a run
    in_runs = run()
    assert in_runs == one_at_a_time
    assert len(in_runs) > 100 and events.count("read") >= len(in_runs)
    order = "".join("r" if e == "read" else "p" for e in events)
    parses = [len(run) for run in order.split("r") if run]  # the parses between two reads
    assert len(parses) >= 20 and max(parses) >= 3  # runs of documents read before any of them is parsed…
    assert max(parses) <= 8  # …that end near the budget: never the whole chunk at once


# -- a folder imported again: files told by their bytes (``cfdi.package.recognise``) ---------------------------


def _counting_known(monkeypatch) -> list[str]:
    """The files the index writer was handed as known (``KnownFile``), wherever they were told (the app counts)."""
    seen: list[str] = []
    real = IndexWriter.add_known

    def counting(self, known, *, source):
        seen.append(known.name)
        return real(self, known, source=source)

    monkeypatch.setattr(IndexWriter, "add_known", counting)
    return seen


@pytest.mark.parametrize("through", ["in-process", "workers"])
def test_a_folder_imported_again_is_told_by_its_bytes_and_reports_what_parsing_it_does(
    tmp_path, folder, package, monkeypatch, through
):
    """The second import of a folder: the files the index holds byte for byte are not parsed (the workers
    are given the keys once), and the report, rows, vault and every skip are what parsing every file gives."""
    from desktop_app.core.cfdi import package as package_module

    pool = parallel.DocumentPool(2) if through == "workers" else None
    try:
        parsed = _import(tmp_path / "parsed", folder, monkeypatch, pool, again=True, recognise=False)
        seen = _counting_known(monkeypatch)
        given: list[int] = []  # the keys handed to a worker (``_remember_known``)
        real_send = parallel._Worker.send

        def send(self, task):
            if task[0] is parallel._remember_known:
                given.append(len(task[1][0]))
            return real_send(self, task)

        monkeypatch.setattr(parallel._Worker, "send", send)
        parses: list[int] = []
        real_parse = package_module.parse_document
        monkeypatch.setattr(package_module, "parse_document", lambda *a, **k: parses.append(1) or real_parse(*a, **k))
        told = _import(
            tmp_path / "told", folder, monkeypatch, pool, again=True, before_again=lambda home: parses.clear()
        )
        if pool is not None:
            assert pool.chunks_sent > 0
            # once per worker and import, whatever its runs of files and ZIPs: SAT's copy at the first import,
            # then every document that is not damaged
            assert len(given) == 4 and given[:2] == [1, 1] and given[2] == given[3] > N_DOCS
            # the workers keep that import's keys; a sync's package of the same documents is parsed, never told
            seen_in_sync = _counting_known(monkeypatch)  # (``_import`` undid the patches)
            synced = _ingest(tmp_path / "synced", package, pool, monkeypatch)
            assert synced["stats"]["added"] == N_DOCS and seen_in_sync == []
    finally:
        if pool is not None:
            pool.close()
    result = told["result"]
    assert result["added"] == result["updated"] == 0 and result["unchanged"] >= N_DOCS + 12
    assert result["damaged"] == 1 and result["conflict"] == 1  # the damaged one as before; SAT's copy kept
    assert told == parsed  # the report (damaged, conflicts, skips), rows, search text, monthly totals, vault files
    # every document of the month folders and blob.bin, again.xml and SAT's copy among them: told
    months = {str(p) for p in folder.glob("2023/*/*.xml") if p.name != "conflict.xml"}
    assert months <= set(seen)
    assert str(folder / "blob.bin") in seen
    assert str(folder / "damaged.xml") not in seen  # never told by its bytes: parsed, as it is damaged
    assert sum(name.endswith(".xml") and "/" not in name for name in seen) == 10  # the entries of the two ZIPs
    assert str(folder / "2023" / "03" / "conflict.xml") not in seen
    if through == "in-process":  # (a spawned worker does not see the monkeypatch)
        # the second import parses only what the index does not hold byte for byte, or holds damaged: conflict.xml,
        # damaged.xml, the files it refuses (broken, date, amount, foreign, not-a-cfdi), 5-package.zip's broken entry
        assert len(parses) == 2 + 5 + 1


def test_a_known_file_whose_vault_copy_went_or_changed_is_read_and_restored(tmp_path, folder, monkeypatch):
    victims = sorted(folder.glob("2023/01/*.xml"))[:2]

    def harm(home: Path) -> None:
        for k, victim in enumerate(victims):
            [stored] = [p for p in (home / RFC).rglob(_vault_name(victim)) if p.is_file()]
            if k == 0:
                stored.unlink()
            else:
                stored.write_bytes(stored.read_bytes().replace(b"<cfdi:Emisor", b"<cfdi:Emisor ", 1))

    parsed = _import(tmp_path / "parsed", folder, monkeypatch, None, again=True, recognise=False, before_again=harm)
    seen = _counting_known(monkeypatch)
    told = _import(tmp_path / "told", folder, monkeypatch, None, again=True, before_again=harm)
    assert {str(v) for v in victims} <= set(seen)  # told by their bytes, then found not in the vault as they are
    assert told["result"]["updated"] == 2
    assert told == parsed
    for victim in victims:  # the vault holds the file's bytes again
        [stored] = [data for name, data in told["files"].items() if name.endswith("/" + _vault_name(victim))]
        assert stored == victim.read_bytes()


def _vault_name(victim: Path) -> str:
    return f"{victim.stem.upper()}.xml"


def test_a_key_that_names_another_document_is_only_a_hint(tmp_path):
    """``recognise`` matches the first 8 bytes of the SHA-256: the writer checks the whole digest against the
    row, the row against the vault file, and reads the file as any other when they differ."""
    import hashlib
    from array import array

    from desktop_app.core.cfdi.package import KnownFile, digest_key, recognise
    from desktop_app.core.cfdi.parser import parse_document
    from desktop_app.core.store.db import transaction

    (uuid_a, xml_a), (uuid_b, xml_b) = _owner_docs(2)
    sha_a, sha_b = hashlib.sha256(xml_a).hexdigest(), hashlib.sha256(xml_b).hexdigest()
    assert recognise("a.xml", xml_a, None) is None and recognise("a.xml", xml_a, array("Q")) is None
    assert recognise("a.xml", xml_a, array("Q", sorted([digest_key(sha_b)]))) is None
    assert recognise("a.xml", xml_a, array("Q", sorted([digest_key(sha_a), digest_key(sha_b)]))) == KnownFile(
        "a.xml", sha_a, xml_a
    )

    home = tmp_path / "home"
    home.mkdir()
    conn = connect(home / DB_NAME)
    try:
        writer = IndexWriter(conn, home, RFC, 1_700_000_000_000)
        with transaction(conn):
            assert writer.add_document(xml_a, parse_document(xml_a, owner_rfc=RFC), source="import") == "added"
            writer.flush()
        writer = IndexWriter(conn, home, RFC, 1_700_000_000_000)
        keys = writer.known_keys()
        assert keys is not None and list(keys) == [digest_key(sha_a)]
        writer._known_keys = array("Q", [digest_key(sha_b)])  # B's key names A's row: a collision of 8 bytes
        with transaction(conn):
            assert writer.add_known(KnownFile("b.xml", sha_b, xml_b), source="import") == "added"
            writer._known_keys = keys
            assert writer.add_known(KnownFile("a.xml", sha_a, xml_a), source="import") == "unchanged"
            assert writer.add_known(KnownFile("bad.xml", sha_b, b"<x/>"), source="import") == "not_a_cfdi"
            writer.flush()
        uuids = {r[0] for r in conn.execute("SELECT uuid FROM invoices")}
        assert uuids == {uuid_a.upper(), uuid_b.upper()}
    finally:
        conn.close()


# -- a folder import tells its progress, and stops when asked ---------------------------------------------------


@pytest.mark.parametrize("through", ["in-process", "workers"])
def test_a_folder_import_tells_its_progress_file_by_file(tmp_path, folder, monkeypatch, through):
    from desktop_app.core.cfdi import package as package_module

    monkeypatch.setattr(package_module, "PROGRESS_SECONDS", 0.0)  # every file (else at most 4 times a second)
    told: list[tuple[int, int]] = []
    pool = parallel.DocumentPool(2) if through == "workers" else None
    try:
        run = _import(
            tmp_path / "home", folder, monkeypatch, pool, progress=lambda done, total: told.append((done, total))
        )
    finally:
        if pool is not None:
            pool.close()
    files = run["result"]["files"]
    # every file pass 2 reads — all but the two macOS junk files and notes.docx, which pass 1 sets aside — and
    # 5-package.zip's 6 entries in its place (one SAT package is not "0 of 1"; c-zipped.xml is read as a file)
    total = told[-1][1]
    assert total == files["entries"] - 2 - 1 - 1 + 6 and files["skipped_by_reason"]["macos_metadata"] == 2
    assert [done for done, _ in told] == [*range(1, total + 1), total]  # each file once, then the end
    assert {t for _, t in told} == {total}


def _stop_after(monkeypatch, cancel: threading.Event, files: int = 30):
    """The progress callback that presses «Detener» (sets ``cancel``) once ``files`` files are read, with progress
    told at every file and batches of 10 (a stop is honoured after the batch being written). Set again before each
    ``_import``, which undoes the patches."""
    from desktop_app.core.cfdi import package as package_module
    from desktop_app.core.sync import ingest as ingest_module

    monkeypatch.setattr(package_module, "PROGRESS_SECONDS", 0.0)
    monkeypatch.setattr(ingest_module, "INGEST_BATCH", 10)

    def progress(done: int, total: int) -> None:
        if done >= files:
            cancel.set()  # «Detener», from the window's thread

    return progress


@pytest.mark.parametrize("through", ["in-process", "workers"])
def test_a_stopped_folder_import_keeps_what_it_wrote_and_finishes_when_imported_again(
    tmp_path, folder, monkeypatch, through
):
    """«Detener»: the import stops after the batch it is writing (committed, its vault files in place), gives the
    workers back, and importing the same folder again ends exactly as one whole import."""
    whole = _import(tmp_path / "whole", folder, monkeypatch, None)
    cancel = threading.Event()
    pool = parallel.DocumentPool(2) if through == "workers" else None
    try:
        progress = _stop_after(monkeypatch, cancel)
        stopped = _import(tmp_path / "stopped", folder, monkeypatch, pool, progress=progress, cancel=cancel)
        assert stopped["result"]["stopped"] is True
        assert 0 < stopped["result"]["added"] < whole["result"]["added"]
        assert len(stopped["rows"]) < len(whole["rows"])
        if pool is not None:
            assert not pool._busy  # the workers were given back at once
        # the files of the rows it wrote are in the vault; no temporary file is left
        assert all(not name.endswith(".tmp") for name in stopped["files"])
    finally:
        if pool is not None:
            pool.close()
    cancel.clear()
    progress = _stop_after(monkeypatch, cancel)
    again = _import(tmp_path / "again", folder, monkeypatch, None, again=True, progress=progress, cancel=cancel)
    assert "stopped" not in again["result"]
    assert {k: v for k, v in again.items() if k != "result"} == {k: v for k, v in whole.items() if k != "result"}


def test_a_packages_progress_counts_its_entries(tmp_path, package, monkeypatch):
    """One SAT package imported (`invoices import paquete.zip`): its entries are the files of the progress, each
    document as it is handed over and the skipped ones when the package is done; a file that only looks like a
    ZIP counts as one."""
    from desktop_app.core.cfdi import package as package_module
    from desktop_app.core.cfdi.package import FilesReader

    monkeypatch.setattr(package_module, "PROGRESS_SECONDS", 0.0)
    with zipfile.ZipFile(package) as archive:
        entries = len(archive.infolist())
    fake = tmp_path / "roto.zip"
    fake.write_bytes(b"PK\x03\x04 not a zip at all")
    told: list[tuple[int, int]] = []
    reader = FilesReader([package, fake], owner_rfc=RFC)
    reader.progress = lambda done, total: told.append((done, total))
    items = list(reader)
    assert len(items) == N_DOCS + 1  # the documents and the one repeated (skips give no item)
    assert {total for _, total in told} == {entries + 1}
    dones = [done for done, _ in told]
    assert dones[: N_DOCS + 1] == list(range(1, N_DOCS + 2))  # a step a document
    assert dones[N_DOCS + 1 :] == [entries, entries + 1, entries + 1]  # its 3 skipped entries, roto.zip, the end


def test_an_import_stopped_inside_a_package_gives_the_workers_back(tmp_path, package, monkeypatch):
    whole = _import(tmp_path / "whole", package, monkeypatch, None)
    cancel = threading.Event()
    pool = parallel.DocumentPool(2)
    try:
        progress = _stop_after(monkeypatch, cancel)
        stopped = _import(tmp_path / "stopped", package, monkeypatch, pool, progress=progress, cancel=cancel)
        assert pool.chunks_sent > 0 and not pool._busy  # read by the workers, which were given back at once
    finally:
        pool.close()
    assert stopped["result"]["stopped"] is True and 0 < stopped["result"]["added"] < N_DOCS
    assert not any(name.endswith(".tmp") for name in stopped["files"])  # nothing staged was left behind
    # stopped the same way, then imported again in the same home: exactly one whole import
    cancel.clear()
    progress = _stop_after(monkeypatch, cancel)
    again = _import(tmp_path / "again", package, monkeypatch, None, again=True, progress=progress, cancel=cancel)
    assert "stopped" not in again["result"]
    assert {k: v for k, v in again.items() if k != "result"} == {k: v for k, v in whole.items() if k != "result"}


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX terminal's Ctrl+C")
def test_a_worker_still_starting_outlives_a_terminals_ctrl_c(tmp_path):
    """Ctrl+C in a terminal goes to the whole process group, the workers included — one may still be importing
    its modules. It must not die with a traceback: the app decides when its workers stop."""
    import multiprocessing

    worker = parallel._Worker(multiprocessing.get_context("spawn"), stage=False)
    try:
        os.kill(worker.process.pid, signal.SIGINT)  # at once: the new process has not got far
        spec = IndexWriter(sqlite3.connect(":memory:"), tmp_path, RFC, 0).spec("import")
        worker.send((parallel.prepare_files, ([], RFC, PackageLimits(), spec)))
        assert worker.receive() == []  # alive, and answering
    finally:
        worker.stop(wait=5.0)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # the app's own handler given back
