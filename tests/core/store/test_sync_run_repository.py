"""The ``sync_runs`` repository against a real SQLite database."""

from __future__ import annotations

import pytest

from desktop_app.core.store import db
from desktop_app.core.store.sync_runs import RunCounts, SyncRunRepository

RFC = "EKU9003173C9"
OTHER = "AAA010101AAA"


@pytest.fixture
def repo(conn):
    return SyncRunRepository(db.Single(conn))


def _start(repo, conn, rfc=RFC, trigger="manual", at=1_000):
    with db.transaction(conn):
        return repo.start(rfc, trigger, at)


def test_a_started_run_is_unfinished_and_the_latest(repo, conn):
    assert repo.latest(RFC) is None and repo.unfinished(RFC) == []
    first = _start(repo, conn)
    second = _start(repo, conn, trigger="schedule", at=2_000)
    assert second > first
    assert repo.unfinished(RFC) == [first, second]
    latest = repo.latest(RFC)
    assert latest["id"] == second and latest["trigger"] == "schedule" and latest["status"] == "running"
    assert latest["finished_at"] is None


def test_finish_records_outcome_and_counters(repo, conn):
    run = _start(repo, conn)
    with db.transaction(conn):
        repo.finish(run, finished_at=3_000, status="partial", error=None, counts=RunCounts(1, 2, 3, 4))
    latest = repo.latest(RFC)
    assert (latest["finished_at"], latest["status"], latest["error"]) == (3_000, "partial", None)
    assert (latest["submitted"], latest["verified"], latest["downloaded"], latest["ingested"]) == (1, 2, 3, 4)
    assert repo.unfinished(RFC) == []


def test_interrupting_closes_only_this_profiles_unfinished_runs(repo, conn):
    done = _start(repo, conn)
    with db.transaction(conn):
        repo.finish(done, finished_at=1_500, status="success", error=None, counts=RunCounts())
    killed = _start(repo, conn, at=2_000)
    elsewhere = _start(repo, conn, rfc=OTHER)
    with db.transaction(conn):
        repo.interrupt_unfinished(RFC, at=9_000, message="The app stopped")
    assert repo.unfinished(RFC) == [] and repo.unfinished(OTHER) == [elsewhere]
    rows = {r["id"]: dict(r) for r in conn.execute("SELECT * FROM sync_runs")}
    assert (rows[killed]["status"], rows[killed]["finished_at"], rows[killed]["error"]) == (
        "interrupted",
        9_000,
        "The app stopped",
    )
    assert rows[done]["status"] == "success" and rows[done]["finished_at"] == 1_500


def test_delete_for_removes_one_profiles_runs(repo, conn):
    _start(repo, conn)
    kept = _start(repo, conn, rfc=OTHER)
    with db.transaction(conn):
        repo.delete_for(RFC)
    assert repo.latest(RFC) is None and repo.latest(OTHER)["id"] == kept
