"""The sync engine against SAT's harder behaviours: too many results, stuck requests, lost answers,
download limits, crashes between steps. Time is the shared fake clock; nothing sleeps."""

from __future__ import annotations

import itertools
from datetime import datetime

import pytest

from desktop_app.core.sync import SyncPolicy
from tests.conftest import CREDENTIALS, TEST_PASSWORD

RFC = "EKU9003173C9"
FIEL = CREDENTIALS / "eku9003173c9-fiel"


def ready_service(service):
    service.add_profile(RFC)
    service.activate(RFC)
    cer = (FIEL / "EKU9003173C9.cer").read_bytes()
    key = (FIEL / "EKU9003173C9.key").read_bytes()
    assert service.upload_fiel(RFC, cer, key, TEST_PASSWORD)["registered"] is True
    return service


def sync_until_quiet(service, passes=20):
    for _ in range(passes):
        report = service.sync_once(RFC)
        if not report["open_requests"]:
            return report
    raise AssertionError("requests still open")


@pytest.mark.parametrize("sandbox_options", [{"max_cfdi_results": 20}])
def test_too_many_results_splits_the_period_until_it_fits(service, sandbox):
    ready_service(service)
    service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued")
    sync_until_quiet(service)
    history = service.history(RFC)["history"]
    parent = history[-1]
    assert parent["status"] == "failed" and "split" in parent["statusMessage"]
    done = [h for h in history if h["status"] == "completed"]
    expected = sandbox.world.count(
        rfc=RFC, direction="issued", start=datetime(2026, 5, 1), end=datetime(2026, 5, 31, 23, 59, 59)
    )
    assert expected > 20
    assert sum(h["processedCount"] for h in done) == expected
    assert all(h["invoiceCount"] <= 20 for h in done)
    indexed = service.list_invoices(RFC, _filter("2026-05-01", "2026-05-31", "issued"))["count"]
    assert indexed == expected


def _filter(start, end, direction):
    from desktop_app.core.index import InvoiceFilter

    return InvoiceFilter(date_from=start, date_to=end, direction=direction)


@pytest.mark.parametrize("sandbox_options", [{"stuck": True}])
def test_a_stuck_request_is_checked_at_growing_intervals(make_service, sandbox, clock):
    policy = SyncPolicy(first_check_after=60, min_check_interval=60, max_check_interval=1800)
    service = ready_service(make_service(policy=policy))
    service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued")
    verifications = 0
    for _ in range(3 * 24 * 60):  # three days, one sync attempt per simulated minute
        clock.advance(60)
        verifications += service.sync_once(RFC)["verified"]
    # 1, 2, 4, 8, 16 minutes, then every 30 minutes: about 150 checks in three days, not 4,320
    assert 100 < verifications < 160
    item = service.history(RFC)["history"][0]
    assert item["status"] == "accepted"
    sandbox.set_stuck(False)
    sandbox.release()
    clock.advance(1800)
    sync_until_quiet(service)
    assert service.history(RFC)["history"][0]["status"] == "completed"


def test_a_request_interrupted_while_sending_is_never_resent(service, sandbox):
    ready_service(service)
    result = service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued", submit=False)
    # simulate a crash after the request was marked as going out
    service.ledger.update(result["request_id"], submit_state="sending")
    before = len(sandbox.state.requests)
    service.sync_once(RFC)
    item = service.history(RFC)["history"][0]
    assert item["status"] == "failed" and "may or may not" in item["statusMessage"]
    assert len(sandbox.state.requests) == before


@pytest.mark.parametrize("sandbox_options", [{"faults": ["query:truncate:times=1"]}])
def test_a_lost_answer_to_a_request_is_surfaced_not_resent(service, sandbox):
    ready_service(service)
    result = service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued")
    assert result["status"] == "failed"
    assert "lost" in result["request"]["statusMessage"]
    service.sync_once(RFC)
    assert len([r for r in sandbox.state.requests.values()]) == 1
    # a second identical request is the user's explicit choice: allowed once more (SAT's second of two)
    again = service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued")
    assert again["duplicate"] is False and again["status"] in ("accepted", "completed")


@pytest.mark.parametrize("sandbox_options", [{"faults": ["download:drop:times=1"]}])
def test_a_dropped_download_counts_and_the_second_attempt_succeeds(service, sandbox):
    ready_service(service)
    service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued")
    sync_until_quiet(service)
    item = service.history(RFC)["history"][0]
    assert item["status"] == "completed"
    status = service.request_status(RFC, item["id"])
    assert [p["downloadCount"] for p in status["packages"]] == [2]


@pytest.mark.parametrize("sandbox_options", [{"faults": ["download:drop:times=2"]}])
def test_never_a_third_download(service, sandbox):
    ready_service(service)
    service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued")
    for _ in range(5):
        service.sync_once(RFC)
    item = service.history(RFC)["history"][0]
    assert item["status"] == "failed"
    record = next(iter(sandbox.state.requests.values()))
    assert all(count <= 2 for count in record.downloads.values())
    status = service.request_status(RFC, item["id"])
    assert status["packages"][0]["downloadCount"] == 2 and status["packages"][0]["state"] == "error"


def test_payments_link_to_the_invoices_they_pay(service):
    ready_service(service)
    for month in ("2026-03", "2026-04", "2026-05"):
        service.create_request(RFC, start=f"{month}-01", end=f"{month}-28", rfc_type="issued")
    sync_until_quiet(service)
    conn = service.db.get()
    row = conn.execute(
        "SELECT paid_uuid FROM payments p JOIN invoices i ON i.uuid = p.paid_uuid AND i.rfc = p.rfc LIMIT 1"
    ).fetchone()
    assert row is not None, "no payment in three months pays an indexed PPD invoice"
    from desktop_app.core.index import payments_for

    paid = payments_for(conn, RFC, row["paid_uuid"])
    invoice = conn.execute("SELECT total, payment_method FROM invoices WHERE uuid = ?", (row["paid_uuid"],)).fetchone()
    assert invoice["payment_method"] == "PPD"
    from decimal import Decimal

    first = paid[0]
    assert Decimal(first["previous_balance"]) - Decimal(first["amount_paid"]) == Decimal(first["balance"])
    for earlier, later in itertools.pairwise(paid):
        assert Decimal(later["previous_balance"]) == Decimal(earlier["balance"])


def test_a_sync_sat_signed_in_to_completes_a_pending_registration(service, sandbox):
    """SAT unreachable at the upload left «Registro con el SAT: ✗ Pendiente», and it stayed so beside «✓ Al día»
    and completed requests until the owner found «Reintentar registro» (outside audit of the owner's first run)."""
    service.add_profile(RFC)
    service.activate(RFC)
    cer, key = (FIEL / "EKU9003173C9.cer").read_bytes(), (FIEL / "EKU9003173C9.key").read_bytes()
    fault = sandbox.faults.add("auth", "error404")  # SAT's endpoint not found: no retries, no waiting
    assert service.upload_fiel(RFC, cer, key, TEST_PASSWORD)["registered"] is False
    sandbox.faults.remove(fault)
    service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued", submit=False)
    sync_until_quiet(service)
    assert service.profiles.get(RFC).registered is True
