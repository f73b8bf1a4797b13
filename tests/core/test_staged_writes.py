"""Vault files staged by the worker processes (issue 14, item 14): a worker writes each document's XML beside its
place in the vault, the ingest thread renames it into place for a new row and deletes it for every other outcome,
so the vault and the index end exactly as when the ingest thread wrote the files itself — with no temporary file
left, whatever happens (a known UUID, a conflict with SAT's copy, a failed INSERT, a read abandoned, a worker or
the app killed). Real files and real SQLite."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
from pathlib import Path

import pytest

from desktop_app.core import parallel
from desktop_app.core.cfdi.package import PackageDocument, PackageLimits
from desktop_app.core.cfdi.parser import parse_document
from desktop_app.core.index import IMPORT_SOURCE, IndexWriter, PreparedDocument, prepare_document
from desktop_app.core.store.db import DB_NAME, connect
from desktop_app.core.store.vault import discard_staged, stage_file, sweep_staged
from desktop_app.core.sync import ingest_items
from tests.core.test_damaged_documents import RFC, cfdi


def _tmp_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.tmp"))


@pytest.fixture
def home(tmp_path: Path) -> Path:
    conn = connect(tmp_path / DB_NAME)
    conn.close()
    return tmp_path


def _prepared(xml: bytes, writer: IndexWriter, source: str, *, staged: bool, tag: str = "1-w1") -> PreparedDocument:
    doc = prepare_document(xml, parse_document(xml, owner_rfc=RFC), writer.spec(source))
    return doc._replace(staged=stage_file(doc.folder, doc.path, doc.xml, tag)) if staged else doc


def _ingest(home: Path, items: list, source: str) -> tuple[dict, sqlite3.Connection]:
    conn = connect(home / DB_NAME)
    writer = IndexWriter(conn, home, RFC, 1_700_000_000_000)
    stats = ingest_items(conn, writer, [f(writer) for f in items], source=source)
    return stats.to_json(), conn


def test_stage_file_writes_a_private_sibling_and_nothing_when_the_file_is_there(tmp_path):
    folder = tmp_path / "RFC" / "recibidos" / "2026" / "05"
    path = folder / "A.xml"
    tmp = stage_file(str(folder), str(path), b"<x/>", "7-w1")  # the month's folders are created, 0700
    assert tmp is not None and Path(tmp).parent == folder and Path(tmp).name == ".A.xml.7-w1.tmp"
    assert Path(tmp).read_bytes() == b"<x/>" and not path.exists()
    if os.name == "posix":
        assert stat.S_IMODE(os.stat(tmp).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(folder).st_mode) == stat.S_IMODE(os.stat(folder.parent).st_mode) == 0o700
    os.replace(tmp, path)
    assert stage_file(str(folder), str(path), b"<x/>", "7-w2") is None  # the same bytes are there already
    assert stage_file(str(folder), str(path), b"<y/>", "7-w3") is not None  # other bytes: staged
    blocked = tmp_path / "file"
    blocked.write_bytes(b"")
    assert stage_file(str(blocked / "05"), str(blocked / "05" / "B.xml"), b"<x/>", "7-w4") is None  # cannot write
    discard_staged(None)


def test_sweep_staged_removes_only_the_files_of_the_dead_workers(tmp_path):
    base = tmp_path / RFC
    mine = [stage_file(str(base / kind / "2026" / "05"), str(base / kind / "2026" / "05" / "A.xml"), b"x", tag)
            for kind, tag in (("emitidos", "41-w1"), ("recibidos", "41-w2"), ("otros", "42-w9"))]  # fmt: skip
    other = stage_file(str(base / "emitidos" / "2026" / "05"), str(base / "emitidos" / "2026" / "05" / "A.xml"),
                       b"x", "141-w1")  # fmt: skip
    interrupted = base / "emitidos" / "2026" / "05" / ".B.xml.99-140.tmp"  # the ingest thread's own
    interrupted.write_bytes(b"x")
    assert sweep_staged(str(base), ["41-w", "42-w"]) == 3
    assert not any(Path(p).exists() for p in mine if p) and Path(other).exists() and interrupted.exists()


def test_a_staged_file_is_renamed_into_place_for_a_new_document(home):
    xml = cfdi(1, "100.00")
    stats, conn = _ingest(home, [lambda w: _prepared(xml, w, IMPORT_SOURCE, staged=True)], IMPORT_SOURCE)
    (path,) = (home / RFC).rglob("*.xml")
    assert stats["added"] == 1 and path.read_bytes() == xml and not _tmp_files(home)
    assert conn.execute("SELECT path FROM invoices").fetchone()[0] == f"{path.relative_to(home).as_posix()}"
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_known_document_decides_from_the_vault_as_if_nothing_were_staged(home):
    """SAT's copy is kept; an imported file with its UUID and other bytes is never put in its place — not even
    when SAT's file went missing from the vault, which the staged copy must not fill."""
    sat = cfdi(2, "100.00")
    imported = cfdi(2, "100.00", receiver_name="Otra razón social")  # same UUID, other bytes
    _ingest(home, [lambda w: _prepared(sat, w, "pkg-1", staged=False)], "pkg-1")
    (sat_path,) = (home / RFC).rglob("*.xml")
    stats, _conn = _ingest(home, [lambda w: _prepared(imported, w, IMPORT_SOURCE, staged=True)], IMPORT_SOURCE)
    assert stats["conflict"] == 1 and sat_path.read_bytes() == sat and not _tmp_files(home)
    sat_path.unlink()
    stats, conn = _ingest(home, [lambda w: _prepared(imported, w, IMPORT_SOURCE, staged=True)], IMPORT_SOURCE)
    assert stats["conflict"] == 1 and not sat_path.exists() and not _tmp_files(home)
    assert conn.execute("SELECT source FROM invoices").fetchone()[0] == "pkg-1"
    # SAT's package again: the file comes back; a second staged copy of the same bytes is "unchanged"
    stats, _conn = _ingest(home, [lambda w: _prepared(sat, w, "pkg-1", staged=True)], "pkg-1")
    assert sat_path.read_bytes() == sat and not _tmp_files(home)
    stats, _conn = _ingest(home, [lambda w: _prepared(sat, w, "pkg-1", staged=True, tag="1-w2")], "pkg-1")
    assert stats["unchanged"] == 1 and not _tmp_files(home)


def test_two_staged_copies_of_one_uuid_in_one_batch_end_as_the_last_one_from_sat(home):
    first, second = cfdi(3, "100.00"), cfdi(3, "100.00", fecha="2026-06-10T10:00:00")  # another month
    items = [
        lambda w: _prepared(first, w, "pkg-1", staged=True, tag="1-w1"),
        lambda w: _prepared(second, w, "pkg-1", staged=True, tag="2-w1"),
    ]
    stats, conn = _ingest(home, items, "pkg-1")
    files = sorted((home / RFC).rglob("*.xml"))
    assert (stats["added"], stats["updated"]) == (1, 1) and not _tmp_files(home)
    assert [p.read_bytes() for p in files] == [second] and "/2026/06/" in files[0].as_posix()
    assert conn.execute("SELECT path FROM invoices").fetchone()[0] == files[0].relative_to(home).as_posix()


def test_two_imported_copies_of_one_uuid_in_one_batch_keep_the_first(home):
    """Of two imported files with one UUID and other bytes, neither is known to be the right one: the first one
    indexed stays, in the vault and in the index; the second is a conflict and its staged file is removed."""
    first, second = cfdi(3, "100.00"), cfdi(3, "100.00", fecha="2026-06-10T10:00:00")  # another month
    items = [
        lambda w: _prepared(first, w, IMPORT_SOURCE, staged=True, tag="1-w1"),
        lambda w: _prepared(second, w, IMPORT_SOURCE, staged=True, tag="2-w1"),
    ]
    stats, conn = _ingest(home, items, IMPORT_SOURCE)
    files = sorted((home / RFC).rglob("*.xml"))
    assert (stats["added"], stats["updated"], stats["conflict"]) == (1, 0, 1) and not _tmp_files(home)
    assert stats["conflicts"][0]["reason"] == "first_copy_kept"
    assert [p.read_bytes() for p in files] == [first] and "/2026/05/" in files[0].as_posix()
    assert conn.execute("SELECT path FROM invoices").fetchone()[0] == files[0].relative_to(home).as_posix()


def test_a_failed_insert_leaves_no_staged_file(home, monkeypatch):
    conn = connect(home / DB_NAME)
    writer = IndexWriter(conn, home, RFC, 1)
    doc = _prepared(cfdi(4, "100.00"), writer, IMPORT_SOURCE, staged=True)

    def full(columns, values):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(writer, "_insert_new", full)
    with pytest.raises(sqlite3.OperationalError):
        ingest_items(conn, writer, [doc], source=IMPORT_SOURCE)
    assert not _tmp_files(home) and not list((home / RFC).rglob("*.xml"))
    other = doc._replace(direction=None)  # (never staged by a worker, but a writer that meets one deletes it)
    other = other._replace(staged=stage_file(doc.folder, doc.path, doc.xml, "1-w5"))
    assert IndexWriter(conn, home, RFC, 1).add_prepared(other) == "not_this_rfc" and not _tmp_files(home)


def test_a_worker_stages_while_its_app_lives_and_never_after(tmp_path, monkeypatch):
    xml = cfdi(5, "100.00")
    spec = IndexWriter(sqlite3.connect(":memory:"), tmp_path, RFC, 0).spec(IMPORT_SOURCE)
    document = PackageDocument(name="a.xml", uuid="x", xml_bytes=xml, invoice=parse_document(xml, owner_rfc=RFC))

    def staged_once() -> PreparedDocument:
        (item,) = parallel._staged_chunk([parallel._prepared_or_document(document, spec)])
        assert isinstance(item, PreparedDocument)
        return item

    assert staged_once().staged is None  # in-process: the writer writes
    monkeypatch.setattr(parallel, "_staging", {"on": True, "parent": os.getppid(), "tag": "5-w", "seq": 0})
    staged = staged_once()
    assert staged.staged is not None and Path(staged.staged).read_bytes() == xml
    assert Path(staged.staged).name.endswith(".5-w1.tmp")
    discard_staged(staged.staged)
    monkeypatch.setitem(parallel._staging, "parent", -1)  # the app that started this worker is gone
    assert staged_once().staged is None and not _tmp_files(tmp_path)


class _Pipe:
    """The worker's end of its pipe, in-process: the tasks it will receive, the answers it sent."""

    def __init__(self, *tasks: object) -> None:
        self.tasks = [*tasks, None]
        self.sent: list[object] = []

    def recv(self) -> object:
        return self.tasks.pop(0)

    def send(self, answer: object) -> None:
        self.sent.append(answer)


@pytest.mark.parametrize("stage", [True, False])
def test_a_worker_writes_a_chunks_files_once_every_document_of_it_is_prepared(tmp_path, monkeypatch, stage):
    """Files written between parses slow the parses down (docs/performance.md, stop 10): a staging worker
    prepares its whole chunk, then writes the chunk's files; one that does not stage writes none."""
    import gc

    folder = tmp_path / "in"
    folder.mkdir()
    paths = []
    for n in range(3):
        (folder / f"{n}.xml").write_bytes(cfdi(300 + n, f"{n + 1}.00"))
        paths.append(str(folder / f"{n}.xml"))
    (folder / "empty.xml").write_bytes(b"")
    paths.insert(1, str(folder / "empty.xml"))  # a skip keeps its place among the documents
    spec = IndexWriter(sqlite3.connect(":memory:"), tmp_path, RFC, 0).spec(IMPORT_SOURCE)
    events: list[str] = []
    real_prepare, real_stage = parallel.prepare_document, parallel.stage_file
    monkeypatch.setattr(parallel, "prepare_document", lambda *a: events.append("prepare") or real_prepare(*a))
    monkeypatch.setattr(parallel, "stage_file", lambda *a: events.append("stage") or real_stage(*a))
    monkeypatch.setattr(parallel, "_staging", dict(parallel._staging))
    monkeypatch.setattr(gc, "freeze", lambda: None)  # (the worker's, not this test process's)
    pipe = _Pipe((parallel.prepare_files, (paths, RFC, PackageLimits(), spec)))
    handler = signal.getsignal(signal.SIGINT)
    try:
        parallel.worker_main(pipe, stage)
    finally:  # a worker ignores Ctrl+C: this test process must not (test_parallel checks its handler after)
        signal.signal(signal.SIGINT, handler)
    assert events == ["prepare"] * 3 + (["stage"] * 3 if stage else [])
    ((kind, items),) = pipe.sent
    assert kind == "ok" and [type(item).__name__ for item in items] == ["tuple", "SkippedEntry", "tuple", "tuple"]
    docs = [parallel._as_prepared(item) for item in items if type(item) is tuple]
    if stage:
        assert all(doc.staged and Path(doc.staged).read_bytes() == doc.xml for doc in docs)
        assert len(_tmp_files(tmp_path)) == 3
    else:
        assert all(doc.staged is None for doc in docs) and not _tmp_files(tmp_path)


def test_files_from_the_pool_end_in_the_vault_with_nothing_staged_left(tmp_path, monkeypatch):
    """Real worker processes: every file they staged is either in its place or gone once the import ends."""
    from tests.core.test_damaged_documents import uuid_of

    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(30):
        (folder / f"{n}.xml").write_bytes(cfdi(100 + n, f"{n + 1}.00"))
    (folder / "again.xml").write_bytes(cfdi(100, "1.00"))  # the same document twice: "unchanged"
    home = tmp_path / "home"
    home.mkdir()
    conn = connect(home / DB_NAME)
    pool = parallel.DocumentPool(2, stage=True)
    try:
        from desktop_app.core.cfdi.package import FilesReader

        monkeypatch.setattr(parallel, "CHUNK", 4)
        monkeypatch.setenv(parallel.MIN_DOCUMENTS_ENV, "1")
        monkeypatch.setattr(parallel, "shared_pool", lambda: pool)
        writer = IndexWriter(conn, home, RFC, 1)
        reader = FilesReader([folder], owner_rfc=RFC, limits=PackageLimits())
        parallel.attach(reader, writer.spec(IMPORT_SOURCE))
        stats = ingest_items(conn, writer, reader, source=IMPORT_SOURCE).to_json()
        assert pool.chunks_sent >= 7
    finally:
        pool.close()
        conn.close()
    assert (stats["added"], stats["unchanged"]) == (30, 1) and not _tmp_files(home)
    files = {p.name for p in (home / RFC).rglob("*.xml")}
    assert files == {f"{uuid_of(100 + n)}.xml" for n in range(30)}
