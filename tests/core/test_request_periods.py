"""A manual period of any length, issued and received at once (issue 16.5): core cuts it into SAT-sized
requests (one per calendar month, as the backfill asks) and each one goes through the ledger's de-duplication."""

from __future__ import annotations

import pytest

from desktop_app.core.errors import AppError
from desktop_app.core.service import request_periods
from tests.conftest import CREDENTIALS, TEST_PASSWORD

RFC = "EKU9003173C9"
FIEL = CREDENTIALS / "eku9003173c9-fiel"


@pytest.fixture
def ready(service):
    service.add_profile(RFC, "Escuela Kemper Urgate")
    service.activate(RFC)
    cer, key = (FIEL / "EKU9003173C9.cer").read_bytes(), (FIEL / "EKU9003173C9.key").read_bytes()
    service.upload_fiel(RFC, cer, key, TEST_PASSWORD)
    return service


def test_a_period_up_to_a_month_stays_one_request_as_given():
    assert request_periods("2026-05-01", "2026-05-31") == [("2026-05-01", "2026-05-31")]
    assert request_periods("2026-01-15", "2026-02-14") == [("2026-01-15", "2026-02-14")]  # a month, to the day
    assert len(request_periods("2026-01-15", "2026-02-15")) == 2  # a day more: 15–31 January, 1–15 February
    assert request_periods("2026-03-02", "2026-03-01") == [("2026-03-02", "2026-03-01")]  # for create_request
    # a month from a day the next month lacks ends with that month (an outside audit: these were refused, the
    # 31st clipped to 28 February first, while 1–31 October was taken)
    assert request_periods("2026-01-31", "2026-02-28") == [("2026-01-31", "2026-02-28")]
    assert request_periods("2026-01-30", "2026-02-28") == [("2026-01-30", "2026-02-28")]
    assert request_periods("2024-01-31", "2024-02-29") == [("2024-01-31", "2024-02-29")]
    assert len(request_periods("2026-01-31", "2026-03-01")) == 3  # a day more: its calendar months
    assert request_periods("2026-12-31", "2027-01-30") == [("2026-12-31", "2027-01-30")]
    # to the second: up to the same moment of the next month
    assert len(request_periods("2026-01-15T10:00:00", "2026-02-15T09:00:00")) == 1


def test_a_longer_period_becomes_its_calendar_months():
    assert request_periods("2026-01-15", "2026-03-10") == [
        ("2026-01-15T00:00:00", "2026-01-31T23:59:59"),
        ("2026-02-01T00:00:00", "2026-02-28T23:59:59"),
        ("2026-03-01T00:00:00", "2026-03-10T23:59:59"),
    ]
    assert len(request_periods("2025-01-01", "2025-12-31")) == 12
    assert request_periods("2025-12-20", "2026-01-25")[0] == ("2025-12-20T00:00:00", "2025-12-31T23:59:59")


def test_create_requests_makes_one_request_per_month_and_direction_through_the_ledger(ready):
    first = ready.create_requests(
        RFC, start="2026-01-15", end="2026-03-31", rfc_types=["issued", "received"], submit=False
    )
    assert (first["count"], first["created"], first["resumed"], first["duplicates"]) == (6, 6, 0, 0)
    records = [ready.ledger.get(answer["request_id"]) for answer in first["requests"]]
    assert [(r.rfc_type, r.start_at[:10], r.end_at[:10]) for r in records] == [
        ("issued", "2026-01-15", "2026-01-31"),
        ("issued", "2026-02-01", "2026-02-28"),
        ("issued", "2026-03-01", "2026-03-31"),
        ("received", "2026-01-15", "2026-01-31"),
        ("received", "2026-02-01", "2026-02-28"),
        ("received", "2026-03-01", "2026-03-31"),
    ]
    # No status asked: each direction gets SAT's own (all the issued, the received vigentes).
    assert {r.rfc_type: r.invoice_status for r in records} == {"issued": "all", "received": "active"}
    assert all(r.source == "manual" and r.status == "pending" for r in records)

    # Asked again with a wider period: the three known months are the same requests (stored, not sent yet:
    # sent now, like create_request's "resumed"), only April is new.
    again = ready.create_requests(RFC, start="2026-01-15", end="2026-04-30", rfc_types=["received"], submit=False)
    assert (again["count"], again["created"], again["resumed"], again["duplicates"]) == (4, 1, 3, 0)
    assert [a["request_id"] for a in again["requests"][:3]] == [a["request_id"] for a in first["requests"][3:]]
    assert len(ready.ledger.history(RFC)) == 7


def test_one_refused_piece_stores_nothing(ready):
    with pytest.raises(AppError) as refused:  # the first months are beyond SAT's six years
        ready.create_requests(RFC, start="2019-11-01", end="2020-02-29", rfc_types=["issued"], submit=False)
    assert refused.value.code == "date_range_too_old"
    with pytest.raises(AppError) as future:  # the last month has not begun (the sandbox's now: June 2026)
        ready.create_requests(RFC, start="2026-05-01", end="2026-07-31", rfc_types=["issued"], submit=False)
    assert future.value.code == "invalid_date_range"
    assert ready.ledger.history(RFC) == []


def test_create_requests_sends_the_new_ones_in_one_pass_and_never_twice(ready, sandbox):
    result = ready.create_requests(RFC, start="2026-03-01", end="2026-04-30", rfc_types=["issued"])
    assert result["created"] == 2
    assert all(a["status"] in ("accepted", "processing", "completed") for a in result["requests"])
    assert len([r for r in sandbox.state.requests.values() if r.rfc == RFC]) == 2
    again = ready.create_requests(RFC, start="2026-03-01", end="2026-05-31", rfc_types=["issued"])
    assert (again["created"], again["resumed"], again["duplicates"]) == (1, 0, 2)  # SAT has March and April
    assert len([r for r in sandbox.state.requests.values() if r.rfc == RFC]) == 3


def test_the_cli_splits_by_month_when_asked_and_keeps_its_single_request_shape(cli):
    from tests.e2e.test_flow import _setup

    _setup(cli)
    code, doc = cli("request", "--start", "2026-01-01", "--end", "2026-03-31", "--rfc-type", "issued", "--by-month")
    assert code == 0, doc
    data = doc["data"]
    assert (data["count"], data["created"], data["resumed"], data["duplicates"]) == (3, 3, 0, 0)
    assert [r["request"]["startDate"][:7] for r in data["requests"]] == ["2026-01", "2026-02", "2026-03"]
    # Without --by-month: the seed's contract, unchanged (one request, or date_range_too_long).
    code, doc = cli("request", "--start", "2026-05-01", "--end", "2026-05-31")
    assert code == 0 and "request_id" in doc["data"] and "requests" not in doc["data"]
    code, doc = cli("request", "--start", "2026-01-01", "--end", "2026-03-31")
    assert code == 1 and doc["error"]["code"] == "date_range_too_long"


def test_a_month_from_a_day_february_lacks_is_one_request(ready):
    """2026-01-31 → 2026-02-28 (29 days) was date_range_too_long while 1–31 October (31 days) was taken."""
    made = ready.create_request(RFC, start="2026-01-31", end="2026-02-28", rfc_type="issued", submit=False)
    assert ready.ledger.get(made["request_id"]).end_at[:10] == "2026-02-28"
    with pytest.raises(AppError) as caught:
        ready.create_request(RFC, start="2026-01-31", end="2026-03-01", rfc_type="issued", submit=False)
    assert caught.value.code == "date_range_too_long"
