"""Issue 13, item 2: a full disk must not spend SAT's two downloads of a package, nor fail a request.

The rule (``desktop_app/core/sync/``):

* before a download the free space of the data home must cover the package's estimated size plus a margin
  (SAT announces no sizes); if it does not, the pass stops with ``disk_full`` and the attempt is not counted —
  SAT never hears of it;
* a disk that fills up anyway while the package streams in: the partial file goes, the pass stops with
  ``disk_full``, the package stays ready (``available``). SAT handed it out, so SAT counted that download and
  the app's count says so too; the one left is used only by a later pass whose free-space check covers twice
  what had arrived (or the estimate) plus the margin — never in the same pass, never blindly;
* a disk (or SQLite) that fills up while a package is ingested: the batch is rolled back, no temporary file
  stays, the ZIP is kept, the pass stops with ``disk_full``; the next pass with room finishes the package;
* a request is never failed because of the local disk.

The disk is faked (we run as root on a big disk): :class:`FakeDisk` replaces the one free-space seam
(``sync.disk.free_bytes``) and makes the package's and the vault's file writes spend its bytes, failing with ENOSPC
once they run out; SQLite's own "database or disk is full" comes from ``PRAGMA max_page_count``. Everything
runs in-process against the SAT sandbox on 127.0.0.1 with the frozen clock; nothing sleeps.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
from datetime import datetime

import pytest

from desktop_app.core.errors import AppError
from desktop_app.core.index import InvoiceFilter
from desktop_app.core.index import write as index
from desktop_app.core.sat import package_stream
from desktop_app.core.store.db import DB_NAME
from desktop_app.core.sync import disk as sync_disk
from desktop_app.core.sync import ingest as sync_ingest
from tests.conftest import CREDENTIALS, TEST_PASSWORD
from tests.reliability.harness import leftovers, vault_files

RFC = "EKU9003173C9"
FIEL = CREDENTIALS / "eku9003173c9-fiel"
MAY = {"start": "2026-05-01", "end": "2026-05-31", "rfc_type": "issued"}
PLENTY = 10 << 30  # "space is back"
SMALL_MARGIN = 16 * 1024  # the production margin (64 MB) scaled down to the sandbox's ~100 KB packages


class FakeDisk:
    """The data home's file system as the app sees it: ``free`` bytes, reported by ``sync.disk.free_bytes`` and
    spent by the package download's writes (``.part``) and the vault's (``*.tmp``); a write that does not fit
    fails with ENOSPC, as on a real full disk. ``vault_room`` (optional) fills the disk for vault files only."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, home: os.PathLike, free: int) -> None:
        self.free = free
        self.vault_room: int | None = None
        self.home = os.fspath(home)
        self.enospc = 0
        self._fds: set[int] = set()
        self._lock = threading.Lock()
        # raising=False: the seam is new; on the code before the fix the disk is still full for the writes.
        monkeypatch.setattr(sync_disk, "free_bytes", self.free_bytes, raising=False)
        disk = self

        class MeteredSink(package_stream._Base64Sink):  # the package's decoded bytes go through out.write
            def __init__(self, out):
                super().__init__(_Metered(out, disk))

        monkeypatch.setattr(package_stream, "_Base64Sink", MeteredSink)
        real_open, real_write, real_close = os.open, os.write, os.close

        def fake_open(path, flags, mode=0o777, *, dir_fd=None):
            fd = real_open(path, flags, mode, dir_fd=dir_fd)
            name = os.fspath(path)
            if isinstance(name, str) and name.startswith(disk.home) and name.endswith(".tmp"):
                with disk._lock:
                    disk._fds.add(fd)
            return fd

        def fake_write(fd, data):
            if fd in disk._fds:
                disk.spend(len(data), vault=True)
            return real_write(fd, data)

        def fake_close(fd):
            with disk._lock:
                disk._fds.discard(fd)
            return real_close(fd)

        monkeypatch.setattr(os, "open", fake_open)
        monkeypatch.setattr(os, "write", fake_write)
        monkeypatch.setattr(os, "close", fake_close)

    def free_bytes(self, path) -> int:
        return self.free

    def spend(self, size: int, *, vault: bool = False) -> None:
        with self._lock:
            room = self.free if not vault or self.vault_room is None else min(self.free, self.vault_room)
            if size > room:
                self.enospc += 1
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            self.free -= size
            if vault and self.vault_room is not None:
                self.vault_room -= size


class _Metered:
    def __init__(self, out, disk: FakeDisk) -> None:
        self.out, self.disk = out, disk

    def write(self, data) -> int:
        self.disk.spend(len(data))
        return self.out.write(data)


# -- helpers ----------------------------------------------------------------------------------------------------


def ready_service(service):
    service.add_profile(RFC)
    service.activate(RFC)
    cer = (FIEL / "EKU9003173C9.cer").read_bytes()
    key = (FIEL / "EKU9003173C9.key").read_bytes()
    assert service.upload_fiel(RFC, cer, key, TEST_PASSWORD)["registered"] is True
    return service


def expected_count(sandbox) -> int:
    return sandbox.world.count(
        rfc=RFC, direction="issued", start=datetime(2026, 5, 1), end=datetime(2026, 5, 31, 23, 59, 59)
    )


def indexed(service) -> int:
    return service.list_invoices(RFC, InvoiceFilter(date_from="2026-05-01", date_to="2026-05-31"))["count"]


def sat_downloads(sandbox) -> dict[str, int]:
    """The sandbox's own count of each package's downloads (what SAT counts: packages it handed out)."""
    return {p: n for r in sandbox.state.requests.values() for p, n in r.downloads.items()}


def packages(service, request_id):
    """The app's record of the request's packages, read directly (``request_status`` would run a pass)."""
    return service.ledger.packages(request_id)


def disk_full_pass(service) -> AppError:
    """One pass that must stop with ``disk_full`` (the pass runs in this thread, as the CLI's does)."""
    with pytest.raises(AppError) as caught:
        service.sync_once(RFC)
    assert caught.value.code == "disk_full", caught.value
    return caught.value


def until_disk_full(service) -> AppError:
    """Passes until the one that meets the full disk (the first submits; SAT may take a pass to finish)."""
    for _ in range(5):
        try:
            service.sync_once(RFC)
        except AppError as exc:
            assert exc.code == "disk_full", exc
            return exc
    raise AssertionError("the full disk was never noticed")


def sync_until_quiet(service, passes=10):
    for _ in range(passes):
        if not service.sync_once(RFC)["open_requests"]:
            return
    raise AssertionError("requests still open")


def settle_vault_writers() -> None:
    """Wait until the vault's background writers (two threads) finished every write queued before now."""
    pool = index._file_writer()
    barrier = threading.Barrier(2, timeout=30)
    for future in [pool.submit(barrier.wait) for _ in range(2)]:
        future.result(timeout=30)


def request_id(service) -> str:
    return service.history(RFC)["history"][0]["id"]


def zip_size(sandbox) -> int:
    """The size of the one May package the sandbox hands out (built on its first download)."""
    return max(p.stat().st_size for p in sandbox._package_files.values())


# -- downloads ---------------------------------------------------------------------------------------------------


def test_a_nearly_full_disk_never_starts_a_download(service, sandbox, monkeypatch):
    """The reported bug: ENOSPC mid-download, then a second download at once, then the request failed. Now:
    not enough room for the package → ``disk_full`` before downloading, nothing counted, SAT not asked."""
    ready_service(service)
    monkeypatch.setattr(sync_disk, "DISK_MARGIN", SMALL_MARGIN, raising=False)
    disk = FakeDisk(monkeypatch, service.home, free=40 * 1024)  # less than the ~100 KB package
    service.create_request(RFC, **MAY, submit=False)
    error = until_disk_full(service)
    rid = request_id(service)
    # the message says how much is needed and how much is free
    assert error.details["free"] == 40 * 1024 and error.details["needed"] > error.details["free"]
    assert "needs about" in error.message and "40.0 KB are free" in error.message, error.message
    for _ in range(3):  # the poller keeps trying while the disk stays full: still nothing downloaded
        disk_full_pass(service)
    assert sat_downloads(sandbox) == {}  # SAT never handed the package out
    assert [(p["state"], p["download_count"]) for p in packages(service, rid)] == [("available", 0)]
    item = service.history(RFC)["history"][0]
    assert item["status"] == "processing" and "free disk space" in item["statusMessage"]
    assert not leftovers(service.home) and disk.enospc == 0

    disk.free = PLENTY  # space is back
    sync_until_quiet(service)
    item = service.history(RFC)["history"][0]
    assert item["status"] == "completed" and item["processedCount"] == expected_count(sandbox) == indexed(service)
    assert list(sat_downloads(sandbox).values()) == [1]
    assert not leftovers(service.home)


def test_a_disk_that_fills_up_mid_download_waits_for_room_before_the_last_download(service, sandbox, monkeypatch):
    """The estimate was too small (or something else took the space): ENOSPC while the package streams in.
    SAT counted that download; the app stops, keeps the package ready and uses the last download only once the
    free space covers twice what had arrived — never in the same pass, never while the disk is still full."""
    ready_service(service)
    monkeypatch.setattr(sync_disk, "DISK_MARGIN", SMALL_MARGIN, raising=False)
    monkeypatch.setattr(sync_disk, "EST_ZIP_BYTES_PER_CFDI", 64, raising=False)  # a far too small estimate
    disk = FakeDisk(monkeypatch, service.home, free=40 * 1024)
    service.create_request(RFC, **MAY, submit=False)
    error = until_disk_full(service)
    rid = request_id(service)
    assert disk.enospc == 1 and "filled up while package" in error.message, error.message
    received = error.details["received"]  # what had arrived when the write failed: a lower bound of the size
    assert 0 < received <= zip_size(sandbox)
    assert list(sat_downloads(sandbox).values()) == [1]  # SAT handed it out once
    [package] = packages(service, rid)
    assert (package["state"], package["download_count"]) == ("available", 1)  # honest: SAT counted it
    assert not leftovers(service.home), leftovers(service.home)  # the .part is gone
    assert service.history(RFC)["history"][0]["status"] == "processing"  # never failed for a local error

    disk.free = 40 * 1024  # the partial file was deleted: the same room as before
    again = disk_full_pass(service)  # not enough for twice what arrived: the last download is not risked
    assert again.details["needed"] == 2 * received + SMALL_MARGIN and "Nothing was downloaded" in again.message
    disk.free = zip_size(sandbox) + 1024  # room for the package itself, not for the safety factor: still waits
    assert disk.free < again.details["needed"]
    disk_full_pass(service)
    assert list(sat_downloads(sandbox).values()) == [1]

    disk.free = PLENTY  # space is back
    sync_until_quiet(service)
    item = service.history(RFC)["history"][0]
    assert item["status"] == "completed" and item["processedCount"] == expected_count(sandbox) == indexed(service)
    assert list(sat_downloads(sandbox).values()) == [2]  # the one cut short + the one that succeeded
    assert [p["download_count"] for p in packages(service, rid)] == [2]
    assert not leftovers(service.home)


# -- ingestion ---------------------------------------------------------------------------------------------------


def clean_run(make_service, tmp_path, sandbox):
    """The same request synced on a disk with room: what the interrupted home must end equal to."""
    clean = ready_service(make_service(home=tmp_path / "clean"))
    clean.create_request(RFC, **MAY, submit=False)
    sync_until_quiet(clean)
    return clean


_VOLATILE = {"id", "source", "updated_at", "party_id"}  # surrogate keys and the package id SAT assigns


def index_rows(home) -> dict:
    """The index as comparable data (paths relative to the home, whether stored so or not)."""
    conn = sqlite3.connect(home / DB_NAME)
    conn.row_factory = sqlite3.Row
    try:
        invoices = []
        for row in conn.execute("SELECT * FROM invoices ORDER BY rfc, uuid"):
            item = {k: row[k] for k in row.keys() if k not in _VOLATILE}  # noqa: SIM118 - sqlite3.Row
            if item.get("path") and os.path.isabs(item["path"]):
                item["path"] = os.path.relpath(item["path"], home)
            invoices.append(item)
        return {
            "invoices": invoices,
            "payments": [tuple(r) for r in conn.execute("SELECT * FROM payments ORDER BY rfc, payment_uuid, line")],
            "fts": sorted(
                tuple(r)
                for r in conn.execute("SELECT i.uuid, f.text FROM invoices_fts f JOIN invoices i ON i.id = f.rowid")
            ),
            "counts": {
                table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608
                for table in ("invoices", "invoices_fts", "payments", "parties", "parties_fts", "invoice_months")
            },
            "requests": sorted(
                (r["rfc_type"], r["request_type"], r["status"], r["invoice_count"], r["processed_count"])
                for r in conn.execute("SELECT * FROM requests")
            ),
        }
    finally:
        conn.close()


def same_index(a, b) -> None:
    assert index_rows(a) == index_rows(b)
    assert vault_files(a) == vault_files(b)


def test_a_disk_that_fills_up_while_writing_the_vault_leaves_nothing_half_written(
    service, make_service, sandbox, monkeypatch, tmp_path
):
    clean = clean_run(make_service, tmp_path, sandbox)
    ready_service(service)
    disk = FakeDisk(monkeypatch, service.home, free=PLENTY)
    disk.vault_room = 60 * 1024  # some of the package's 33 XML fit, then ENOSPC mid-package
    before = index_rows(service.home)["counts"]
    service.create_request(RFC, **MAY, submit=False)
    error = until_disk_full(service)
    settle_vault_writers()
    rid = request_id(service)
    assert disk.enospc >= 1 and "being added to the vault and the index" in error.message, error.message
    assert index_rows(service.home)["counts"] == before  # the batch was rolled back: no row of the package
    assert not leftovers(service.home), leftovers(service.home)  # no *.tmp in the vault, no *.part
    assert vault_files(service.home) == {}  # nor the XML written before the disk filled: no row names them
    [package] = packages(service, rid)
    assert (package["state"], package["download_count"]) == ("downloaded", 1)  # the ZIP is kept
    assert (service.home / RFC / "paquetes" / f"{package['id']}.zip").is_file()
    assert service.history(RFC)["history"][0]["status"] == "processing"

    disk_full_pass(service)  # still full: stops again, nothing more
    settle_vault_writers()
    assert index_rows(service.home)["counts"] == before and not leftovers(service.home)

    disk.vault_room = None  # space is back
    sync_until_quiet(service)
    assert service.history(RFC)["history"][0]["status"] == "completed"
    assert list(sat_downloads(sandbox).values()) == [1, 1]  # this home's package once, the clean home's once
    same_index(service.home, clean.home)


@pytest.mark.parametrize("sandbox_options", [{"package_size": 6}])
def test_sqlite_full_while_ingesting_rolls_back_and_the_next_pass_finishes_like_a_clean_run(
    service, make_service, sandbox, monkeypatch, tmp_path
):
    """SQLite's own "database or disk is full" in the middle of six packages, with the next one downloading on
    the second thread: the package being ingested is rolled back, the finished ones stay, the pass stops."""
    clean = clean_run(make_service, tmp_path, sandbox)
    ready_service(service)
    disk = FakeDisk(monkeypatch, service.home, free=0)  # first pass: submit and verify, no download
    monkeypatch.setattr(sync_disk, "DISK_MARGIN", 0, raising=False)
    service.create_request(RFC, **MAY, submit=False)
    until_disk_full(service)
    rid = request_id(service)
    assert len(packages(service, rid)) == 6 and sat_downloads(sandbox).keys().isdisjoint(
        p["id"] for p in packages(service, rid)
    )
    disk.free = PLENTY
    conn = service.db.get()  # the pass's own connection: sync_once runs in this thread
    ingest_items, calls = sync_ingest.ingest_items, []

    def third_package_fills_the_database(conn, *args, **kwargs):
        calls.append(1)
        if len(calls) == 3:  # from now on the database cannot grow by a single page: SQLITE_FULL
            conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
        return ingest_items(conn, *args, **kwargs)

    monkeypatch.setattr(sync_ingest, "ingest_items", third_package_fills_the_database)
    error = disk_full_pass(service)
    settle_vault_writers()
    assert "being added to the vault and the index" in error.message, error.message
    state = packages(service, rid)
    ingested = [p for p in state if p["state"] == "ingested"]
    assert len(ingested) == 2 and all(p["state"] in ("ingested", "downloaded", "available") for p in state)
    assert indexed(service) == sum(p["documents"] for p in ingested)  # whole packages only
    assert not leftovers(service.home), leftovers(service.home)
    # and no vault file of the rolled-back package: the index names every XML the vault holds (an outside audit
    # found the rolled-back batches' files left, taking the space the user was asked to free)
    assert len(vault_files(service.home)) == indexed(service)
    ours = {p["id"] for p in state}
    assert all(n == 1 for p, n in sat_downloads(sandbox).items() if p in ours)
    assert service.history(RFC)["history"][0]["status"] == "processing"

    conn.execute("PRAGMA max_page_count = 4294967294")  # space is back
    monkeypatch.setattr(sync_ingest, "ingest_items", ingest_items)
    sync_until_quiet(service)
    assert service.history(RFC)["history"][0]["status"] == "completed"
    assert all(n == 1 for n in sat_downloads(sandbox).values())
    same_index(service.home, clean.home)


# -- the CLI -------------------------------------------------------------------------------------------------


def test_sync_once_answers_disk_full_and_exits_1(cli, make_service, sandbox, monkeypatch, tmp_path):
    service = ready_service(make_service())
    service.create_request(RFC, **MAY, submit=False)
    monkeypatch.setattr(sync_disk, "DISK_MARGIN", SMALL_MARGIN, raising=False)
    FakeDisk(monkeypatch, tmp_path / "home", free=40 * 1024)
    for _ in range(3):
        code, doc = cli("sync", "--once", "--password-stdin", stdin=TEST_PASSWORD + "\n")
        if not doc["success"]:
            break
    assert code == 1 and doc["success"] is False, doc
    assert doc["error"]["code"] == "disk_full", doc
    assert doc["error"]["free"] == 40 * 1024 and doc["error"]["needed"] > doc["error"]["free"]
    assert "free" in doc["error"]["message"]
    assert sat_downloads(sandbox) == {}
