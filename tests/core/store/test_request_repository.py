"""The ``requests`` / ``request_events`` repository against a real SQLite database."""

from __future__ import annotations

import pytest

from desktop_app.core.store import db
from desktop_app.core.store.requests import INSERT_COLUMNS, UPDATABLE_COLUMNS, RequestRepository

RFC = "EKU9003173C9"
OTHER = "AAA010101AAA"


@pytest.fixture
def conn(conn):
    """The backend's database (``conftest.conn``) with two profiles."""
    with db.transaction(conn):
        for rfc in (RFC, OTHER):
            conn.execute("INSERT INTO profiles(rfc, created_at) VALUES (?, 1)", (rfc,))
    return conn


@pytest.fixture
def repo(conn):
    return RequestRepository(db.Single(conn))


def _values(request_id, *, rfc=RFC, key="k", created_at=1_000, status="pending"):
    values = dict.fromkeys(INSERT_COLUMNS)
    values.update(
        id=request_id,
        rfc=rfc,
        service="cfdi",
        rfc_type="issued",
        request_type="cfdi",
        params_key=key,
        source="manual",
        status=status,
        submit_state="unsent",
        created_at=created_at,
        next_check_at=created_at,
    )
    return values


def _insert(repo, conn, request_id, **kwargs):
    with db.transaction(conn):
        repo.insert(_values(request_id, **kwargs))


def test_an_inserted_request_reads_back_by_our_id_or_sats(repo, conn):
    _insert(repo, conn, "r1")
    row = repo.get("r1")
    assert row["rfc"] == RFC and row["status"] == "pending" and row["submit_state"] == "unsent"
    assert row["status_code"] is None and row["status_params"] is None  # the issue-15 columns exist
    with db.transaction(conn):
        repo.update("r1", {"sat_request_id": "ABC-123"})
    assert repo.get("ABC-123")["id"] == "r1"
    assert repo.get("r1", RFC)["id"] == "r1"
    assert repo.get("r1", OTHER) is None
    assert repo.get("nope") is None
    assert repo.id_for_sat_request(RFC, "abc-123") == "r1"
    assert repo.id_for_sat_request(OTHER, "ABC-123") is None


def test_insert_needs_exactly_the_columns(repo):
    values = _values("r1")
    del values["source"]
    with pytest.raises(ValueError):
        repo.insert(values)


def test_history_is_newest_first_and_limited(repo, conn):
    for k, created in enumerate((1_000, 3_000, 2_000)):
        _insert(repo, conn, f"r{k}", created_at=created)
    _insert(repo, conn, "other", rfc=OTHER)
    assert [r["id"] for r in repo.history(RFC)] == ["r1", "r2", "r0"]
    assert [r["id"] for r in repo.history(RFC, 2)] == ["r1", "r2"]
    assert [r["id"] for r in repo.history(RFC, 0)] == ["r1", "r2", "r0"]  # 0: no limit


def test_open_requests_and_identical_ones_are_oldest_first(repo, conn):
    _insert(repo, conn, "a", created_at=2_000, key="same")
    _insert(repo, conn, "b", created_at=1_000, key="same", status="accepted")
    _insert(repo, conn, "c", created_at=3_000, key="other", status="completed")
    _insert(repo, conn, "d", created_at=500, key="same", rfc=OTHER)
    assert [r["id"] for r in repo.open_requests(RFC)] == ["b", "a"]
    assert [r["id"] for r in repo.identical(RFC, "same")] == ["b", "a"]
    assert [r["id"] for r in repo.identical(RFC, "other")] == ["c"]


def test_update_sets_only_whitelisted_columns(repo, conn):
    _insert(repo, conn, "r1")
    with db.transaction(conn):
        repo.update("r1", {"status": "failed", "status_code": "split", "status_params": "{}", "check_count": 3})
        repo.update("r1", {})  # nothing to do
    row = repo.get("r1")
    assert (row["status"], row["status_code"], row["check_count"]) == ("failed", "split", 3)
    for bad in ("rfc", "id", "status = 'x', rfc", "created_at"):
        with pytest.raises(ValueError):
            repo.update("r1", {bad: "x"})
    assert repo.get("r1")["rfc"] == RFC
    assert {"rfc", "id", "created_at", "source"}.isdisjoint(UPDATABLE_COLUMNS)


def test_writes_join_the_callers_transaction(repo, conn):
    _insert(repo, conn, "r1")
    with pytest.raises(RuntimeError), db.transaction(conn):
        repo.update("r1", {"status": "failed"})
        repo.add_event("r1", 5, "solicita", 5000, None, None, "ok")
        raise RuntimeError
    assert repo.get("r1")["status"] == "pending"
    assert repo.events("r1") == []


def test_events_keep_their_order_and_fields(repo, conn):
    _insert(repo, conn, "r1")
    with db.transaction(conn):
        repo.add_event("r1", 10, "solicita", 5000, None, None, "Solicitud Aceptada")
        repo.add_event("r1", 20, "verifica", 5000, 3, 5000, None)
    events = repo.events("r1")
    assert [e["operation"] for e in events] == ["solicita", "verifica"]
    assert events[1] | {"id": None} == {
        "id": None,
        "request_id": "r1",
        "at": 20,
        "operation": "verifica",
        "sat_code": 5000,
        "sat_state": 3,
        "sat_state_code": 5000,
        "message": None,
    }


def test_widen_dates_only_widens(repo, conn):
    _insert(repo, conn, "r1")
    with db.transaction(conn):
        repo.widen_dates("r1", "2026-05-10T00:00:00", "2026-05-20T00:00:00")
        repo.widen_dates("r1", "2026-05-12T00:00:00", "2026-05-15T00:00:00")  # inside: no change
        repo.widen_dates("r1", None, "2026-05-25T00:00:00")
    row = repo.get("r1")
    assert (row["earliest_issue_date"], row["latest_issue_date"]) == ("2026-05-10T00:00:00", "2026-05-25T00:00:00")
    with db.transaction(conn):
        repo.widen_dates("r1", "2026-05-01T00:00:00", None)
    assert repo.get("r1")["earliest_issue_date"] == "2026-05-01T00:00:00"
