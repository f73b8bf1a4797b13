"""The ``packages`` repository against a real SQLite database."""

from __future__ import annotations

import pytest

from desktop_app.core.store import db
from desktop_app.core.store.packages import UPDATABLE_COLUMNS, PackageRepository
from desktop_app.core.store.requests import INSERT_COLUMNS, RequestRepository

RFC = "EKU9003173C9"


@pytest.fixture
def conn(conn):
    """The backend's database (``conftest.conn``) with a profile and two requests."""
    connection = conn
    values = dict.fromkeys(INSERT_COLUMNS)
    with db.transaction(connection):
        connection.execute("INSERT INTO profiles(rfc, created_at) VALUES (?, 1)", (RFC,))
        for request_id, request_type in (("req", "cfdi"), ("meta", "metadata")):
            values.update(
                id=request_id,
                rfc=RFC,
                service="cfdi",
                rfc_type="issued",
                request_type=request_type,
                params_key=request_id,
                source="manual",
                status="processing",
                submit_state="sent",
                created_at=1,
                next_check_at=1,
            )
            RequestRepository(db.Single(connection)).insert(values)
    return connection


@pytest.fixture
def repo(conn):
    return PackageRepository(db.Single(conn))


def _add(repo, conn, *ids, request_id="req", now=1_000):
    with db.transaction(conn):
        for package_id in ids:
            repo.add(package_id, request_id, RFC, now)


def test_added_packages_are_available_and_adding_again_changes_nothing(repo, conn):
    _add(repo, conn, "REQ_02", "REQ_01")
    with db.transaction(conn):
        repo.update("REQ_01", {"state": "downloaded", "size": 10})
    _add(repo, conn, "REQ_01", now=9_999)  # registered again after a crash
    rows = repo.for_request("req")
    assert [p["id"] for p in rows] == ["REQ_01", "REQ_02"]
    assert rows[0]["state"] == "downloaded" and rows[0]["created_at"] == 1_000
    assert rows[1]["state"] == "available" and rows[1]["download_count"] == 0
    assert repo.get("REQ_02")["request_id"] == "req"
    assert repo.find(RFC, "req_02")["id"] == "REQ_02"
    assert repo.find("AAA010101AAA", "REQ_02") is None


def test_an_attempt_is_counted_and_can_be_given_back(repo, conn):
    _add(repo, conn, "P1")
    with db.transaction(conn):
        repo.count_attempt("P1")
    assert (repo.get("P1")["state"], repo.get("P1")["download_count"]) == ("downloading", 1)
    with db.transaction(conn):
        repo.count_attempt("P1")
        repo.give_back_attempt("P1", "SAT could not be reached")
    package = repo.get("P1")
    assert (package["state"], package["download_count"], package["error"]) == (
        "available",
        1,
        "SAT could not be reached",
    )


def test_mark_ingested_clears_the_error(repo, conn):
    _add(repo, conn, "P1")
    with db.transaction(conn):
        repo.update("P1", {"state": "downloaded", "error": "earlier trouble"})
        repo.mark_ingested("P1", 42, 5_000)
    package = repo.get("P1")
    assert (package["state"], package["documents"], package["ingested_at"], package["error"]) == (
        "ingested",
        42,
        5_000,
        None,
    )


def test_update_refuses_columns_outside_the_whitelist(repo, conn):
    _add(repo, conn, "P1")
    for bad in ("download_count", "request_id", "rfc", "id", "state = 'x', rfc"):
        with pytest.raises(ValueError):
            repo.update("P1", {bad: 1})
    assert {"download_count", "request_id", "rfc", "id"}.isdisjoint(UPDATABLE_COLUMNS)
    with db.transaction(conn):
        repo.update("P1", {})
    assert repo.get("P1")["state"] == "available"


def test_xml_by_month_counts_downloaded_cfdi_only(repo, conn):
    _add(repo, conn, "C1", "C2")
    _add(repo, conn, "M1", request_id="meta")
    may, june = 1_778_000_000_000, 1_780_700_000_000  # 2026-05-05, 2026-06-05 (UTC)
    with db.transaction(conn):
        repo.update("C1", {"downloaded_at": may, "documents": 3})
        repo.update("C2", {"downloaded_at": june, "documents": None})
        repo.update("M1", {"downloaded_at": may, "documents": 100})
    assert repo.xml_by_month(RFC) == {"2026-05": 3, "2026-06": 0}


def test_xml_by_month_counts_by_mexico_citys_month(repo, conn):
    """A download at 20:00 of 30 June in Mexico City (02:00 of 1 July, UTC) is June's (an outside audit: the usage
    meter and the wizard's «este mes» counted it in July)."""
    from datetime import UTC, datetime

    from desktop_app.core.clock import to_ms

    _add(repo, conn, "C1", "C2")
    with db.transaction(conn):
        repo.update("C1", {"downloaded_at": to_ms(datetime(2026, 7, 1, 2, 0, tzinfo=UTC)), "documents": 19})
        repo.update("C2", {"downloaded_at": to_ms(datetime(2026, 7, 1, 6, 0, tzinfo=UTC)), "documents": 2})
    assert repo.xml_by_month(RFC) == {"2026-06": 19, "2026-07": 2}
