"""A bulk status check killed with SIGKILL resumes where it stopped and never asks SAT again what SAT answered
(issue 17.3's budget: "survives a kill").

The real CLI (``tests.reliability.cli_entry``) runs ``invoices verify`` in a subprocess against the sandbox in this
process, which logs every ConsultaCFDI call as it arrives; the process dies at a named crash point (SIGKILL from
``core.crashpoints``) or by a SIGKILL from here once the sandbox has seen a given number of calls.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
from datetime import datetime

import pytest

from desktop_app.core.clock import FakeClock
from desktop_app.core.secrets import SecretStore
from desktop_app.core.service import DescargaService
from desktop_app.core.store.db import DB_NAME
from desktop_app.demo import sandbox_factory
from desktop_app.sandbox import SandboxClock, SandboxServer
from tests.conftest import MemoryKeyring
from tests.reliability.harness import REPO, T0, cli_env, run_cli
from tests.verify_support import RFC, record_consulta, world_headers, write_xml

RATE = "4/s"
FILTER = ("--from", "2026-05-01", "--to", "2026-05-20")


@pytest.fixture
def sandbox():
    server = SandboxServer(clock=SandboxClock(T0), invoices=20_000).start()
    yield server
    server.stop()


@pytest.fixture
def home(tmp_path, sandbox):
    """A data home with May 2026's CFDI of the test RFC imported from XML (no FIEL: the consulta needs none)."""
    home = tmp_path / "home"
    clock = FakeClock(T0)
    found = world_headers(sandbox.world, datetime(2026, 5, 1), datetime(2026, 5, 31, 23, 59), T0.replace(tzinfo=None))
    service = DescargaService(
        home, clock=clock, secrets=SecretStore(MemoryKeyring()), sat_factory=sandbox_factory(sandbox.url, clock)
    )
    try:
        service.add_profile(RFC)
        service.import_invoices(RFC, [str(write_xml(sandbox.world, found, tmp_path / "xml"))])
    finally:
        service.close()
    return home


def verify(home, sandbox, *args, crash_at=None):
    return run_cli(home, sandbox, 0, "invoices", "verify", "--rate", RATE, *args, crash_at=crash_at, stdin="")


def answered(home):
    """The UUIDs whose answer the database kept (committed), and the run's status."""
    conn = sqlite3.connect(home / DB_NAME)
    try:
        uuids = {row[0] for row in conn.execute("SELECT uuid FROM verification_items WHERE state = 'answered'")}
        statuses = [row[0] for row in conn.execute("SELECT status FROM verification_runs")]
        return uuids, statuses
    finally:
        conn.close()


def expected_total(home):
    conn = sqlite3.connect(home / DB_NAME)
    try:
        return conn.execute(
            "SELECT count(*) FROM invoices WHERE issue_date >= '2026-05-01' AND issue_date < '2026-05-21'"
        ).fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize(("point", "asked_twice"), [("verify.item.recorded:6", 0), ("verify.item.answered:6", 1)])
def test_killed_at_a_crash_point_resumes_without_asking_again(home, sandbox, point, asked_twice):
    calls = record_consulta(sandbox)
    total = expected_total(home)
    assert total > 12

    killed = verify(home, sandbox, *FILTER, crash_at=point)
    assert killed.killed, (killed.returncode, killed.stderr[-2000:])
    kept, statuses = answered(home)
    assert statuses == ["running"]  # nobody closed it: the process died
    assert len(kept) == 6 - asked_twice  # answered but not recorded: the sixth answer was lost with the process
    before = calls.uuids()
    assert len(before) == 6

    resumed = verify(home, sandbox, "--resume")
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr[-2000:]
    data = resumed.document["data"]
    assert (data["status"], data["resumed"], data["total"], data["checked"], data["pending"]) == (
        "completed",
        True,
        total,
        total,
        0,
    )
    asked = calls.uuids()
    assert len(asked) == total + asked_twice
    assert not kept & set(asked[len(before) :])  # what SAT answered and was kept is never asked again
    assert set(asked) == answered(home)[0]
    # across both processes no span went faster than the rate
    assert calls.never_faster_than(4.0), calls.gaps()


def test_a_sigkill_at_any_moment_loses_at_most_the_call_in_flight(home, sandbox):
    calls = record_consulta(sandbox)
    total = expected_total(home)
    argv = [sys.executable, "-m", "tests.reliability.cli_entry", "--home", str(home), "invoices", "verify"]
    argv += ["--rate", RATE, *FILTER]
    proc = subprocess.Popen(
        argv, cwd=REPO, env=cli_env(sandbox, T0), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert calls.wait_for(5, timeout=60), proc.stderr
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    kept, statuses = answered(home)
    before = calls.uuids()
    assert statuses == ["running"] and len(before) - 1 <= len(kept) <= len(before)

    resumed = verify(home, sandbox, "--resume")
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr[-2000:]
    assert resumed.document["data"]["checked"] == total
    after = calls.uuids()[len(before) :]
    assert not kept & set(after)
    assert len(after) == total - len(kept)  # only what was not kept: at most the one call in flight again
    assert calls.never_faster_than(4.0), calls.gaps()


def test_the_history_shows_a_killed_run_as_interrupted_until_resumed(home, sandbox):
    verify(home, sandbox, *FILTER, crash_at="verify.item.recorded:2")
    result = run_cli(home, sandbox, 0, "history", "--no-refresh", stdin="")
    assert result.returncode == 0, result.stderr[-2000:]
    runs = json.loads(result.stdout)["data"]["verifications"]
    assert [r["status"] for r in runs] == ["interrupted"]  # no process holds its lock: it died
    assert runs[0]["error"]["code"] == "interrupted" and runs[0]["pending"] == runs[0]["total"] - 2
    again = verify(home, sandbox, "--resume")
    runs = json.loads(run_cli(home, sandbox, 0, "history", "--no-refresh", stdin="").stdout)["data"]["verifications"]
    assert again.returncode == 0 and [r["status"] for r in runs] == ["completed"]
    assert runs[0]["checked"] == expected_total(home) and runs[0]["changed_count"] == runs[0]["total"]
