"""The office server killed mid-sync (SIGKILL at a named crash point, as tests/reliability does it) and started
again: the same request ends completed with every invoice once, nothing half-written, no package downloaded a
third time, no request sent to SAT twice — with its tables in SQLite (the home's file) and in PostgreSQL."""

from __future__ import annotations

import contextlib
import signal
import sqlite3
from datetime import datetime

import httpx
import pytest

from desktop_app.core.store.db import DB_NAME
from tests.reliability.harness import leftovers, vault_files
from tests.server.conftest import RFC, TEST_PASSWORD, fiel_upload_files, new_key, run_cli, start_server, wait_for

pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def sandbox_options() -> dict:
    return {"package_size": 6}


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, monkeypatch) -> dict[str, str]:
    """The server's (and the in-process CLI's) database: the home's SQLite file, or a PostgreSQL one."""
    if request.param == "sqlite":
        return {}
    url = request.getfixturevalue("pg_url")
    monkeypatch.setenv("DESCARGA_MASIVA_DATABASE", url)  # the in-process CLI (profile, keys, history)
    return {"DESCARGA_MASIVA_DATABASE": url}


def _sync_runs(home, database: dict[str, str]) -> list[str]:
    if database:
        from desktop_app.core.store import pg

        conn = pg.connect(database["DESCARGA_MASIVA_DATABASE"], migrate=False)
    else:
        conn = sqlite3.connect(home / DB_NAME)
    try:
        return [row[0] for row in conn.execute("SELECT status FROM sync_runs WHERE rfc = ? ORDER BY id", (RFC,))]
    finally:
        conn.close()


def test_sigkill_mid_sync_then_restart_loses_nothing(sandbox, tmp_path, server_processes, database):
    home = tmp_path / "office"
    assert run_cli(home, "profile", "add", RFC)[0] == 0
    key = new_key(home, RFC)
    crash = {"DESCARGA_MASIVA_CRASH_AT": "sync.ingest.batch_committed:3", "SERVER_TEST_INGEST_BATCH": "2"}
    first = start_server(home, sandbox.url, env={**database, **crash})
    server_processes.append(first)
    with first.client(key) as http:
        assert http.post("/activate").status_code == 200
        assert http.post("/fiel", files=fiel_upload_files(), data={"password": TEST_PASSWORD}).status_code == 200
        # On a busy machine the kill may come before the answer: then the ledger says which request it was.
        with contextlib.suppress(httpx.TransportError):
            http.post("/request", json={"start_date": "2026-05-01", "end_date": "2026-05-31", "rfc_type": "issued"})
        # The scheduler sends it and starts ingesting; the third committed batch kills the process.
        assert first.proc.wait(40) == -signal.SIGKILL

    code, history = run_cli(home, "history", "--no-refresh")
    (interrupted,) = history["data"]["history"]
    request_id = interrupted["id"]
    assert interrupted["status"] != "completed"
    expected = sandbox.world.count(
        rfc=RFC,
        direction="issued",
        start=datetime(2026, 5, 1),
        end=datetime(2026, 5, 31, 23, 59, 59),
        status="Todos",
        at=sandbox.clock.now(),
    )
    partial = len(vault_files(home))
    assert 0 < partial < expected  # killed halfway through, as meant

    second = start_server(home, sandbox.url, env=database)
    server_processes.append(second)
    with second.client(key) as http:

        def completed():
            item = http.get(f"/status/{request_id}").json()["data"]
            return item if item["request"]["status"] == "completed" else None

        done = wait_for(completed, 40, "the request to complete after the restart")
        assert done["request"]["invoiceCount"] == expected
        listed = http.get("/invoices", params={"limit": 1000}).json()["data"]
        uuids = [row["uuid"] for row in listed["invoices"]]
        assert len(uuids) == len(set(uuids)) == listed["totals"]["count"] == expected
        assert http.get("/schedule").json()["data"]["lastSync"]["status"] == "success"
    assert second.stop() == 0

    assert len(vault_files(home)) == expected
    assert leftovers(home) == []
    sent = [r for r in sandbox.state.requests.values() if r.rfc == RFC]
    assert len(sent) == 1  # SAT was asked once
    assert sent[0].downloads and max(sent[0].downloads.values()) <= 2
    # The killed pass is on record as interrupted; the restart's passes resumed it.
    runs = _sync_runs(home, database)
    assert runs[0] == "interrupted" and runs[-1] == "success"
    assert (home / DB_NAME).exists() == (not database)  # on PostgreSQL every table is there, the vault here
