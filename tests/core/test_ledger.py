"""The ledger as the domain sees it: creating requests, one transaction per change, status notes as codes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from desktop_app.core.clock import FakeClock, to_ms
from desktop_app.core.errors import AppError
from desktop_app.core.ledger import Ledger, RequestRecord, params_key
from desktop_app.core.sat.query import QueryParams, folio_params
from desktop_app.core.status import status
from desktop_app.core.store import db

RFC = "EKU9003173C9"
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
MAY = QueryParams(
    direction="issued",
    start=datetime(2026, 5, 1),
    end=datetime(2026, 5, 31, 23, 59, 59),
    request_type="Metadata",
    status="Vigente",
    counterpart_rfcs=("BBB010101BBB", "AAA010101AAA"),
)


@pytest.fixture
def conn(db_source, tmp_path):
    """A profile's database, on SQLite and on PostgreSQL (``tests/core/conftest.py``)."""
    connection = db_source(tmp_path / db.DB_NAME).get()
    with db.transaction(connection):
        connection.execute("INSERT INTO profiles(rfc, created_at) VALUES (?, 1)", (RFC,))
    return connection


@pytest.fixture
def clock():
    return FakeClock(NOW)


@pytest.fixture
def ledger(conn, clock):
    return Ledger(db.Single(conn), clock)


def test_a_new_request_is_pending_unsent_and_due_now(ledger):
    record = ledger.create(RFC, MAY, "scheduled")
    assert isinstance(record, RequestRecord)
    assert (record.status, record.submit_state, record.source) == ("pending", "unsent", "scheduled")
    assert (record.rfc_type, record.request_type, record.invoice_status) == ("issued", "metadata", "active")
    assert (record.start_at, record.end_at) == ("2026-05-01T00:00:00", "2026-05-31T23:59:59")
    assert record.created_at == record.next_check_at == to_ms(NOW)
    assert record.params == QueryParams(**{**MAY.__dict__, "counterpart_rfcs": ("AAA010101AAA", "BBB010101BBB")})
    assert record.params_key == params_key(MAY)
    assert record.status_code is None and record.status_note is None
    assert ledger.get(record.id) == record


def test_params_key_ignores_the_order_of_counterparts():
    shuffled = QueryParams(**{**MAY.__dict__, "counterpart_rfcs": ("AAA010101AAA", "BBB010101BBB")})
    assert params_key(shuffled) == params_key(MAY)
    assert params_key(MAY) != params_key(QueryParams(**{**MAY.__dict__, "status": "Todos"}))


def test_a_folio_request_is_a_uuid_request(ledger):
    record = ledger.create(RFC, folio_params("5FB2822E-396D-4725-8521-CDC4BDD20CCF"), "manual")
    assert (record.rfc_type, record.request_kind, record.folio) == (
        "folio",
        "uuid",
        "5fb2822e-396d-4725-8521-cdc4bdd20ccf",
    )
    assert record.to_history()["rfcType"] is None
    assert record.to_history(direction="received")["rfcType"] == "received"
    assert ledger.item(record)["rfcType"] is None  # not in the index


def test_an_unknown_source_is_refused(ledger):
    with pytest.raises(ValueError):
        ledger.create(RFC, MAY, "whenever")


def test_get_finds_by_sat_id_and_refuses_another_rfc(ledger):
    record = ledger.update(ledger.create(RFC, MAY, "manual").id, sat_request_id="SAT-1")
    assert ledger.get("SAT-1").id == record.id
    with pytest.raises(AppError) as caught:
        ledger.get(record.id, "AAA010101AAA")
    assert caught.value.code == "not_found"


def test_history_open_and_identical(ledger, clock):
    first = ledger.create(RFC, MAY, "manual")
    clock._now += timedelta(seconds=1)
    second = ledger.create(RFC, MAY, "manual")
    ledger.update(first.id, status="completed")
    assert [r.id for r in ledger.history(RFC)] == [second.id, first.id]
    assert [r.id for r in ledger.history(RFC, limit=1)] == [second.id]
    assert [r.id for r in ledger.open_requests(RFC)] == [second.id]
    assert [r.id for r in ledger.identical(RFC, params_key(MAY))] == [first.id, second.id]


def test_update_with_a_status_note_stores_code_params_and_english(ledger):
    record = ledger.create(RFC, MAY, "manual")
    updated = ledger.update(
        record.id,
        status="failed",
        _status=status("verify_not_ok", sat_code=404, sat_message="Error no controlado"),
        _event={"operation": "verifica", "code": 404, "message": "Error no controlado"},
    )
    assert updated.status_code == "verify_not_ok"
    assert json.loads(updated.status_params) == {"sat_code": 404, "sat_message": "Error no controlado"}
    assert updated.status_message == "SAT answered 404 (Error no controlado) when asked; will ask again."
    assert updated.status_note == status("verify_not_ok", sat_code=404, sat_message="Error no controlado")
    [event] = ledger.events(record.id)
    assert (event["operation"], event["sat_code"], event["at"]) == ("verifica", 404, to_ms(NOW))
    cleared = ledger.update(record.id, _status=None)
    assert (cleared.status_code, cleared.status_params, cleared.status_message) == (None, None, None)


def test_a_plain_message_replaces_a_coded_note(ledger):
    record = ledger.create(RFC, MAY, "manual")
    ledger.update(record.id, _status=status("split"))
    updated = ledger.update(record.id, status_message="something of its own")
    assert (updated.status_code, updated.status_params, updated.status_message) == (
        None,
        None,
        "something of its own",
    )


def test_a_refused_update_changes_nothing(ledger):
    record = ledger.create(RFC, MAY, "manual")
    with pytest.raises(ValueError):
        ledger.update(record.id, status="failed", rfc="AAA010101AAA", _event={"operation": "x"})
    assert ledger.get(record.id) == record
    assert ledger.events(record.id) == []


def test_history_item_carries_the_status_code(ledger):
    record = ledger.update(ledger.create(RFC, MAY, "manual").id, _status=status("completed", count=7))
    item = record.to_history()
    assert item["statusMessage"] == "7 documents downloaded and indexed."
    assert item["statusCode"] == "completed"
    assert item["statusParams"] == {"count": 7}
    plain = ledger.update(record.id, status_message="old style")
    assert (plain.to_history()["statusCode"], plain.to_history()["statusParams"]) == (None, None)


def test_packages_of_a_request(ledger):
    record = ledger.create(RFC, MAY, "manual")
    assert ledger.packages(record.id) == []


def test_rows_from_before_the_status_codes_keep_their_message(tmp_path, monkeypatch, clock):
    from desktop_app.core.store import schema

    path = tmp_path / "old" / db.DB_NAME
    path.parent.mkdir()
    current = list(schema.MIGRATIONS)
    monkeypatch.setattr(schema, "MIGRATIONS", current[:3])  # the schema before issue 15
    old = db.connect(path)
    assert "status_code" not in {r[1] for r in old.execute("PRAGMA table_info(requests)")}
    with db.transaction(old):
        old.execute("INSERT INTO profiles(rfc, created_at) VALUES (?, 1)", (RFC,))
        old.execute(
            "INSERT INTO requests(id, rfc, rfc_type, request_type, params_key, source, status, status_message, "
            "created_at) VALUES ('r1', ?, 'issued', 'cfdi', 'k', 'manual', 'completed', "
            "'3 documents downloaded and indexed.', 1)",
            (RFC,),
        )
    old.close()
    monkeypatch.setattr(schema, "MIGRATIONS", current)
    upgraded = db.connect(path)
    try:
        item = Ledger(db.Single(upgraded), clock).get("r1").to_history()
    finally:
        upgraded.close()
    assert item["statusMessage"] == "3 documents downloaded and indexed."
    assert (item["statusCode"], item["statusParams"]) == (None, None)
