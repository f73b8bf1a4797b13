"""DESIGN.md §9, SAT faults: every sandbox fault at every operation → bounded retries with backoff, a clear
status and message, nothing lost; a request stuck in state 1 for three days is not hammered.

Each case: a data home with SAT's test FIEL, one request for May 2026 (issued CFDI, 33 documents in 6
packages), a fault injected into the sandbox, then one sync pass per simulated 5 minutes. The transport's
sleeps are recorded instead of slept. What must hold:

* the request ends ``completed`` with every document of the period in the vault and the index — or, where
  SAT's own rules make that impossible (the answer to a request was lost, or both of a package's two
  downloads were spent on broken answers), ends ``failed`` with a message that says what happened and what
  to do, and nothing else in the store changed;
* retries are bounded (calls per pass) and back off (exponential sleeps inside a pass, growing intervals
  between passes while SAT keeps failing);
* SAT never sees the same request twice from the app nor a package downloaded a third time.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest

from desktop_app.core.index import InvoiceFilter
from desktop_app.core.sat.transport import Transport
from desktop_app.core.secrets import SecretStore
from desktop_app.core.service import DescargaService
from desktop_app.core.sync import SyncPolicy
from desktop_app.demo import sandbox_endpoints
from desktop_app.sandbox.faults import KINDS, OPERATIONS
from tests.conftest import CREDENTIALS, TEST_PASSWORD, MemoryKeyring
from tests.reliability.harness import leftovers

RFC = "EKU9003173C9"
FIEL = CREDENTIALS / "eku9003173c9-fiel"
POLICY = SyncPolicy()  # the production pacing: 1 min first check, 1 → 30 min backoff, 15 min resubmission
PASS_EVERY = 300  # seconds of fake time between passes
MAX_PASSES = 40

# Which kinds make sense where (the sandbox applies download-only kinds to downloads only).
APPLICABLE = {
    "auth": ("http500", "late_http500", "drop", "error404", "delay", "truncate", "token_expiry"),
    "query": ("http500", "late_http500", "drop", "error404", "delay", "truncate", "token_expiry"),
    "verify": ("http500", "late_http500", "drop", "error404", "delay", "truncate", "token_expiry"),
    "download": (
        "http500", "late_http500", "drop", "error404", "delay", "truncate", "token_expiry", "bad_base64", "not_zip",
        "corrupt_entry", "empty_zip", "not_found",
    ),
}  # fmt: skip
assert set(APPLICABLE) | {"consulta"} == set(OPERATIONS) and set(APPLICABLE["download"]) == set(KINDS)
# Where SAT's rules make a loss of the request's *answer* unavoidable, and what the app must then say.
# Solicita answer lost after SAT processed it: never resent on its own (two identical requests, ever).
# (the sandbox drops, and faults with InternalServiceFault, before processing, but a client cannot tell a drop or a
# service's fault before from one after: WCF raises such a fault when the operation failed, perhaps after it
# registered the request.)
LOST_ANSWER = {("query", "truncate"), ("query", "drop"), ("query", "http500"), ("query", "late_http500")}
# Both downloads of a package spent on broken answers: SAT will not hand it out a third time.
# A fault of the service itself (http500's InternalServiceFault, or one after the package was handed out) counts too:
# the client cannot tell one before SAT counted the download from one after.
BOTH_DOWNLOADS_SPENT = {
    ("download", k, 2) for k in ("drop", "truncate", "bad_base64", "not_zip", "http500", "late_http500")
}
# Both downloads of the package arrived with entries that cannot be read: what could be read is indexed, the rest is
# said (completed_short: fewer than SAT's NumeroCFDIs) — before, the first such download completed the request.
BOTH_DOWNLOADS_DAMAGED = {("download", "corrupt_entry", 2), ("download", "empty_zip", 2)}
# SAT said twice that a package it listed is not there: expired (before, at the first answer, with a download left).
NOT_FOUND_TWICE = {("download", "not_found", 2)}
OUTCOMES: dict[tuple[str, str, int], str] = {}

CASES = [(op, kind, times) for op, kinds in APPLICABLE.items() for kind in kinds for times in (1, 2)]


@pytest.fixture
def sleeps():
    return []


def _registered_service(sandbox, clock, tmp_path, sleeps, offset: list[float]):
    """A service with the FIEL uploaded and registered, whose SAT client signs with a clock ``offset[0]`` seconds
    off SAT's (the sandbox's): 0 but where a test moves it."""
    from datetime import timedelta

    from desktop_app.core.sat.client import SatClient

    endpoints = sandbox_endpoints(sandbox.url)

    def factory(fiel):
        transport = Transport(sleep=sleeps.append, read_timeout=5.0)
        return SatClient(fiel, endpoints, transport=transport, clock=lambda: clock.now() + timedelta(seconds=offset[0]))

    service = DescargaService(
        tmp_path / "home", clock=clock, secrets=SecretStore(MemoryKeyring()), sat_factory=factory, policy=POLICY
    )
    service.add_profile(RFC)
    service.activate(RFC)
    cer = (FIEL / "EKU9003173C9.cer").read_bytes()
    key = (FIEL / "EKU9003173C9.key").read_bytes()
    assert service.upload_fiel(RFC, cer, key, TEST_PASSWORD)["registered"] is True
    return service


@pytest.fixture
def fault_service(sandbox, clock, tmp_path, sleeps):
    service = _registered_service(sandbox, clock, tmp_path, sleeps, [0.0])
    yield service
    service.close()


@pytest.fixture
def sandbox_options():
    return {"ready_after": 60, "package_size": 6}


def expected_count(sandbox) -> int:
    return sandbox.world.count(
        rfc=RFC, direction="issued", start=datetime(2026, 5, 1), end=datetime(2026, 5, 31, 23, 59, 59)
    )


def indexed(service) -> int:
    flt = InvoiceFilter(date_from="2026-05-01", date_to="2026-05-31", direction="issued")
    return service.list_invoices(RFC, flt)["count"]


def run_passes(service, clock, passes=MAX_PASSES):
    reports = []
    for _ in range(passes):
        clock.advance(PASS_EVERY)
        reports.append(service.sync_once(RFC))
        if not reports[-1]["open_requests"]:
            break
    return reports


def sat_invariants(sandbox):
    per_key = Counter(r.key for r in sandbox.state.requests.values())
    assert max(per_key.values(), default=0) <= 1, "the app sent the same request twice"
    downloads = [n for r in sandbox.state.requests.values() for n in r.downloads.values()]
    assert max(downloads, default=0) <= 2, "a package was downloaded a third time"


PARAMS = [
    # downloads: one package (100 per package), so that times=2 hits both downloads of the same package
    (op, kind, times, {"ready_after": 60, "package_size": 100 if op == "download" else 6})
    for op, kind, times in CASES
]


@pytest.mark.parametrize(
    ("op", "kind", "times", "sandbox_options"), PARAMS, ids=[f"{o}:{k}:times={t}" for o, k, t, _ in PARAMS]
)
def test_every_fault_at_every_operation(fault_service, sandbox, clock, sleeps, op, kind, times):
    service = fault_service
    fault = sandbox.faults.add(op, kind, times=times, seconds=0.2 if kind == "delay" else None)
    service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued")
    reports = run_passes(service, clock)
    item = service.history(RFC)["history"][0]
    expected = expected_count(sandbox)
    assert fault.fired >= 1, "the fault never fired"
    sat_invariants(sandbox)
    # Bounded retries, with backoff: never more than the transport's attempts per call, sleeps growing.
    assert all(delay in (2.0, 4.0, 8.0) for delay in sleeps), sleeps
    assert len(sleeps) <= 3 * times * 2 + 3
    assert not [p for p in leftovers(service.home) if not p.endswith(".invalid")]
    errors = [e for r in reports for e in r["errors"]]
    for error in errors:
        assert error["code"] and error["message"], error

    if (op, kind) in LOST_ANSWER:
        assert item["status"] == "failed" and "lost" in item["statusMessage"]
        assert indexed(service) == 0
        # what the message asks of the user once SAT works again: create it again (SAT's second of two)
        sandbox.faults.clear()
        again = service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued")
        assert again["duplicate"] is False
        run_passes(service, clock)
        assert service.ledger.get(again["request_id"]).status == "completed"
        assert indexed(service) == expected
        assert len(sandbox.state.requests) <= 2
        OUTCOMES[(op, kind, times)] = "answer lost: surfaced, recreated by the user, completed"
        return
    if (op, kind, times) in BOTH_DOWNLOADS_SPENT:
        status = service.request_status(RFC, item["id"])
        broken = [p for p in status["packages"] if p["state"] == "error"]
        assert item["status"] == "failed" and broken, item
        assert all(p["downloadCount"] == 2 for p in broken)
        assert "two downloads" in item["statusMessage"] or "5008" in item["statusMessage"], item["statusMessage"]
        # every other package is in the vault and the index: only the broken one is missing
        assert indexed(service) == 0  # the one package was the whole period; nothing half-ingested
        OUTCOMES[(op, kind, times)] = "both downloads spent: failed with a clear message"
        return
    if (op, kind, times) in BOTH_DOWNLOADS_DAMAGED:
        lost = 1 if kind == "corrupt_entry" else expected
        assert (item["status"], item["statusCode"]) == ("completed", "completed_short"), item
        assert item["processedCount"] == indexed(service) == expected - lost
        assert item["statusParams"] == {"count": expected - lost, "expected": expected, "missing": lost}
        assert [e["code"] for e in errors].count("package_damaged") == 1  # the first: downloaded again
        assert "documents_missing" in [e["code"] for e in errors]
        status = service.request_status(RFC, item["id"])
        assert [p["downloadCount"] for p in status["packages"]] == [2]
        OUTCOMES[(op, kind, times)] = "both downloads damaged: what was readable indexed, the rest said"
        return
    if (op, kind, times) in NOT_FOUND_TWICE:
        assert item["status"] == "expired" and "expired" in item["statusMessage"], item
        assert any(r["expired"] for r in reports) and indexed(service) == 0
        OUTCOMES[(op, kind, times)] = "SAT said twice it has no such package: expired, counted as such"
        return
    assert item["status"] == "completed", (item["status"], item["statusMessage"], [r["errors"] for r in reports])
    assert item["processedCount"] == expected == indexed(service)
    # The runs' reports count each document once, a package read twice (damaged, then downloaded again) included.
    assert sum(r["documents_ingested"] for r in reports) == expected
    OUTCOMES[(op, kind, times)] = "completed, nothing lost"


@pytest.mark.parametrize("sandbox_options", [{"ready_after": 60, "package_size": 100}])
@pytest.mark.parametrize("op", ["auth", "query", "verify", "download"])
def test_a_permanent_fault_is_retried_with_backoff_and_nothing_is_lost(fault_service, sandbox, clock, sleeps, op):
    """SAT fails one operation for three hours: bounded calls, a clear message, then recovery."""
    service = fault_service
    fault = sandbox.faults.add(op, "http500")
    service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued")
    passes = 3 * 3600 // 60  # the window's poller: one pass a minute for three hours
    for _ in range(passes):
        clock.advance(60)
        report = service.sync_once(RFC)
    calls = fault.fired
    item = service.history(RFC)["history"][0]
    assert item["statusMessage"], "the user is told what is going on"
    if op == "query":
        # The service's fault left open that SAT registered the request: sent once, never again on its own.
        assert calls == 1, calls
        assert item["status"] == "failed" and "lost" in item["statusMessage"], item
        assert indexed(service) == 0
        sat_invariants(sandbox)
        return
    if op == "download":
        # SAT counts downloads that reach it, even failed ones, and allows two: the app spends the second
        # one 15 minutes after the first failed, then stops and says why (never a third).
        assert calls == 2, calls  # two counted attempts, never resent at once with a fresh token
        status = service.request_status(RFC, item["id"])
        assert item["status"] == "failed" and "two downloads" in item["statusMessage"]
        assert [p["downloadCount"] for p in status["packages"]] == [2]
        assert indexed(service) == 0
        sat_invariants(sandbox)
        return
    assert item["status"] in ("pending", "accepted", "processing"), item  # not lost, not given up
    assert item["statusMessage"], "the user is told what is going on"
    assert report["errors"] or report["open_requests"]
    # Not hammered: backoff between passes keeps calls far below one per pass.
    assert calls <= 60, f"{calls} {op} calls in {passes} passes"
    sat_invariants(sandbox)
    sandbox.faults.remove(fault)
    clock.advance(1800)
    run_passes(service, clock)
    item = service.history(RFC)["history"][0]
    assert item["status"] == "completed", item
    assert indexed(service) == expected_count(sandbox)
    sat_invariants(sandbox)


@pytest.fixture
def skewed_service(sandbox, clock, tmp_path, sleeps):
    offset = [0.0]
    service = _registered_service(sandbox, clock, tmp_path, sleeps, offset)
    yield service, offset
    service.close()


def test_a_clock_hours_off_says_so_and_spends_nothing(skewed_service, sandbox, clock):
    """SAT answers a message whose time is off with an InvalidSecurity fault: the request stayed pending with
    «sat_fault: SAT answered with a SOAP fault: An error occurred when verifying security…» and no word of the
    clock. Now the note's cause says it, the window's sentence names the clock, and nothing reaches SAT."""
    from desktop_app.gui.history.status_notes import note_text

    service, offset = skewed_service
    offset[0] = 2 * 3600
    service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued")
    reports = run_passes(service, clock, passes=3)
    item = service.history(RFC)["history"][0]
    assert item["status"] == "pending" and not sandbox.state.requests  # never sent, nothing spent
    assert (item["statusCode"], item["statusParams"]["cause"]) == ("submit_error", "invalid_security")
    errors = [e for r in reports for e in r["errors"]]
    assert errors and all("time zone" in e["message"] for e in errors), errors
    assert "zona horaria" in note_text(item["statusCode"], item["statusParams"])
    offset[0] = 0  # the clock put right: the next pass sends it
    clock.advance(3600)
    run_passes(service, clock)
    assert service.history(RFC)["history"][0]["status"] == "completed"


def test_a_pass_stops_at_a_sign_in_sat_does_not_answer(fault_service, sandbox, clock):
    """With SAT unreachable, one pass signed in again for each open request (4 attempts each, ~14 s apiece): a
    first sync's 288 requests kept the window «Sincronizando…» for an hour (outside audit of the owner's first
    run). Every request needs the same sign-in: the pass stops at the first that SAT does not answer."""
    service = fault_service
    for month in ("02", "03", "04", "05"):
        service.create_request(RFC, start=f"2026-{month}-01", end=f"2026-{month}-28", rfc_type="issued", submit=False)
    fault = sandbox.faults.add("auth", "drop")  # the connection dropped: SAT does not answer
    clock.advance(PASS_EVERY)
    report = service.sync_once(RFC)
    assert 1 <= fault.fired <= 4, fault.fired  # one sign-in's attempts, not one per request
    assert [e["code"] for e in report["errors"]] == ["sat_unavailable"]
    assert report["open_requests"] == 4  # nothing lost: the next pass tries again
    sandbox.faults.remove(fault)
    run_passes(service, clock)
    assert all(item["status"] == "completed" for item in service.history(RFC)["history"])
