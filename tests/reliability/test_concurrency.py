"""DESIGN.md §7/§9, concurrency: the window's poller and a CLI ``sync`` on the same data home at the same time.

The CLI runs in a subprocess (the real command, as the OS task runs it) and is slowed down by a sandbox
delay so it holds the profile's sync lock for a while; meanwhile the GUI's :class:`Poller` (its own
``QThread``) runs a pass, a second CLI ``sync --once`` starts, and a caller that chose to wait waits.
Nothing may be corrupted: one side runs, the others skip with ``sync_busy`` and say so, or wait their turn;
the final index equals an uninterrupted run's and SQLite's integrity check passes.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop_app.core.clock import FakeClock
from desktop_app.core.errors import AppError
from desktop_app.core.secrets import SecretStore
from desktop_app.core.service import DescargaService
from desktop_app.core.store.db import DB_NAME
from desktop_app.demo import sandbox_factory
from desktop_app.sandbox.world import World
from tests.conftest import TEST_PASSWORD, MemoryKeyring
from tests.reliability import harness as h


def _running_run(home) -> bool:
    conn = sqlite3.connect(home / DB_NAME)
    try:
        return conn.execute("SELECT COUNT(*) FROM sync_runs WHERE finished_at IS NULL").fetchone()[0] > 0
    finally:
        conn.close()


@pytest.fixture
def setup(tmp_path):
    sandbox = h.start_sandbox(World(seed=1, invoices=20_000))
    home = h.make_home(tmp_path / "home", sandbox)
    yield home, sandbox
    sandbox.stop()


def _service(home, sandbox, index):
    clock = FakeClock(h.T0 + index * h.STEP)
    secrets = SecretStore(MemoryKeyring())
    secrets.set_password(h.RFC, TEST_PASSWORD)  # the window's session has the password
    return DescargaService(home, clock=clock, secrets=secrets, sat_factory=sandbox_factory(sandbox.url, clock))


def _start_cli(home, sandbox, index, *args):
    now = h.T0 + index * h.STEP
    sandbox.clock.set(now)
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.cli_entry", "--home", str(home), *args],
        cwd=h.REPO,
        env=h.cli_env(sandbox, now),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.timeout(300)
def test_gui_poller_and_cli_sync_on_the_same_home(setup, qtbot):
    from desktop_app.gui.workers.poller import Poller

    home, sandbox = setup
    first = h.run_cli(home, sandbox, 0)  # submit everything
    assert first.document["success"]
    # Run 1 verifies, run 2 downloads and ingests 17 packages; each download waits 0.5 s at "SAT".
    sandbox.faults.add("download", "delay", seconds=0.5)
    assert h.run_cli(home, sandbox, 1).document["success"]

    cli = _start_cli(home, sandbox, 2, "sync", "--once", "--password-stdin")
    cli.stdin.write(TEST_PASSWORD + "\n")
    cli.stdin.flush()
    deadline = time.monotonic() + 30
    while not _running_run(home):
        assert time.monotonic() < deadline and cli.poll() is None, "the CLI never started its pass"
        time.sleep(0.02)

    # 1) the window's poller, on its own thread: skips and says why
    service = _service(home, sandbox, 2)
    poller = Poller(service, interval_ms=3_600_000)
    results = []
    poller.pass_finished.connect(results.append)
    poller.start()
    try:
        qtbot.waitUntil(lambda: len(results) >= 1, timeout=20_000)
    finally:
        assert poller.stop()
    busy = results[0]
    assert busy.ok is False and busy.error_code == "sync_busy"
    assert "Another sync" in busy.error_message

    # 2) a second CLI (say the OS task) skips too: an error document, exit 1
    second = _start_cli(home, sandbox, 2, "sync", "--once", "--password-stdin")
    out, _err = second.communicate(TEST_PASSWORD + "\n", timeout=60)
    assert second.returncode == 1 and '"sync_busy"' in out, out
    other = _start_cli(home, sandbox, 2, "sync", "--once", "--all")
    out_all, _ = other.communicate("", timeout=60)
    assert other.returncode == 0 and '"skipped"' in out_all, out_all  # --all: no keyring → skipped, said so
    assert cli.poll() is None, "the first CLI must still hold the lock for this test to mean anything"

    # 3) a caller that waits (the window's "Sincronizar ahora" with lock_wait) runs once the CLI is done
    waiting = _service(home, sandbox, 3)
    try:
        report = waiting.sync_once(h.RFC, lock_wait=60)
    finally:
        waiting.close()
        service.close()
        out, err = cli.communicate(timeout=60)
    assert cli.returncode == 0, (out, err[-2000:])
    cli_report = h.Run(2, cli.returncode, out, err, 0).document["data"]
    # serialized, not interleaved: the CLI did all 17 downloads, the waiting pass found nothing left
    assert cli_report["packages_downloaded"] == 17 and report["packages_downloaded"] == 0
    assert report["open_requests"] == 0

    state = h.index_rows(home)
    assert state["counts"]["invoices"] == state["counts"]["distinct_uuids"] == state["counts"]["fts_rows"] == 79
    assert all(p["state"] == "ingested" and p["download_count"] == 1 for p in state["packages"])
    conn = sqlite3.connect(home / DB_NAME)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert h.leftovers(home) == []


def test_two_passes_at_once_in_one_process_one_waits_and_nothing_happens_twice(setup):
    """Two threads (the poller and a "sync now") start a pass together with ``lock_wait``: one runs, the
    other waits for the lock and then finds nothing left; no package is downloaded twice."""
    import threading

    home, sandbox = setup
    assert h.run_cli(home, sandbox, 0).document["success"]
    sandbox.clock.set(h.T0 + 3 * h.STEP)
    errors: list[BaseException] = []
    results: list[dict] = []

    def pass_in_thread():
        service = _service(home, sandbox, 3)
        try:
            results.append(service.sync_once(h.RFC, lock_wait=30))
        except AppError as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            service.close()

    threads = [threading.Thread(target=pass_in_thread) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert sum(r["packages_downloaded"] for r in results) == 17  # one pass did the work, the other waited
    state = h.index_rows(home)
    assert state["counts"]["invoices"] == 79 == state["counts"]["distinct_uuids"]
    assert all(p["download_count"] == 1 for p in state["packages"])


def test_a_cli_killed_while_holding_the_lock_does_not_block_the_window(setup):
    """The OS drops a dead process's file lock: the window's next pass runs at once and finishes the work."""
    home, sandbox = setup
    assert h.run_cli(home, sandbox, 0).document["success"]
    killed = h.run_cli(home, sandbox, 3, crash_at="sync.ingest.item:10")
    assert killed.killed
    service = _service(home, sandbox, 4)
    try:
        report = service.sync_once(h.RFC)  # lock_wait=0: would be sync_busy if the lock had survived
        runs = service.db.get().execute("SELECT status, error FROM sync_runs ORDER BY id").fetchall()
    finally:
        service.close()
    assert report["open_requests"] == 0
    assert [r["status"] for r in runs][-2:] == ["interrupted", "success"]
    assert "stopped during this run" in runs[-2]["error"]
    assert h.index_rows(home)["counts"]["invoices"] == 79
    assert h.leftovers(home) == []
