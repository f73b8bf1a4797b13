"""Status at SAT for many invoices at once (issue 17.3), over real loopback HTTP against the sandbox.

The rate is measured on the sandbox's side (when each ConsultaCFDI call arrived); the index is the sandbox world's
XML imported from a folder (no FIEL: the consulta needs none), so every UUID is one SAT knows.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime

import pytest

from desktop_app.core import verify_ops
from desktop_app.core.errors import AppError
from desktop_app.core.index import InvoiceFilter
from tests.sandbox_env import NOW
from tests.verify_support import RFC, expected_status, record_consulta, world_headers, write_xml

MAY, MAY_END = datetime(2026, 5, 1), datetime(2026, 5, 31, 23, 59, 59)
AT = NOW.replace(tzinfo=None)  # the sandbox's frozen clock (naive: SAT compares Mexico City wall time)


@pytest.fixture
def calls(sandbox):
    return record_consulta(sandbox)


@pytest.fixture
def headers(service, sandbox, tmp_path):
    """May 2026's issued and received CFDI of the test RFC, imported from XML (their status still unknown)."""
    found = world_headers(sandbox.world, MAY, MAY_END, AT)
    service.add_profile(RFC)
    stats = service.import_invoices(RFC, [str(write_xml(sandbox.world, found, tmp_path / "xml"))])
    assert stats["added"] == len(found) > 30
    return sorted(found, key=lambda h: h.uuid)


def status_of(service, uuid):
    from desktop_app.core.store.invoices import InvoiceRepository

    return InvoiceRepository(service.db).by_uuid(RFC, uuid)["status"]


def test_many_at_once_never_faster_than_the_rate_and_the_answers_are_kept(service, headers, calls):
    chosen = headers[:12]
    rate = 4.0
    progress = []
    requests_before = service.history(RFC)["history"]
    result = service.verify_invoices(RFC, uuids=[h.uuid for h in chosen], rate=rate, on_progress=progress.append)

    assert calls.uuids() == [h.uuid for h in chosen]  # each asked once, in the order given
    gaps = calls.gaps()
    # on the sandbox's side, no two calls closer than 1/rate (5 % for the loopback's jitter), and no span of the
    # run faster than the rate
    assert min(gaps) >= 0.95 / rate, gaps
    assert calls.never_faster_than(rate), gaps
    assert (result["status"], result["total"], result["checked"], result["pending"]) == ("completed", 12, 12, 0)
    assert result["failed"] == [] and result["cancelled"] is False and result["rate"] == rate
    # the XML alone did not say; now the index has SAT's answer for each, and changed lists every one
    expected = {h.uuid: expected_status(h, AT) for h in chosen}
    assert {c["uuid"]: (c["previous_status"], c["status"]) for c in result["changed"]} == {
        uuid: ("unknown", status) for uuid, status in expected.items()
    }
    assert {h.uuid: status_of(service, h.uuid) for h in chosen} == expected
    assert "cancelado" in expected.values() and "vigente" in expected.values()
    assert [p.done for p in progress] == list(range(1, 13)) and progress[-1].changed == 12
    # asked again: nothing changes now
    again = service.verify_invoices(RFC, uuids=[h.uuid for h in chosen[:3]], rate=5)
    assert again["changed"] == [] and again["checked"] == 3
    # a verification is not a Descarga Masiva request: the ledger (SAT's quotas) never sees it
    assert service.history(RFC)["history"] == requests_before == []
    runs = service.verifications(RFC)
    assert [r["run_id"] for r in runs] == [again["run_id"], result["run_id"]]
    assert runs[1]["changed_count"] == 12 and len(runs[1]["changed"]) == 12


def test_a_filter_is_snapshotted_and_checked(service, headers, calls):
    flt = InvoiceFilter(date_from="2026-05-01", date_to="2026-05-10", direction="received")
    listed = {i["uuid"] for i in service.list_invoices(RFC, flt)["invoices"]}
    assert listed
    result = service.verify_invoices(RFC, flt=flt, rate=5)
    assert set(calls.uuids()) == listed and len(calls.uuids()) == len(listed)
    assert result["scope"] == {
        "kind": "filter",
        "filter": {"date_from": "2026-05-01", "date_to": "2026-05-10", "direction": "received"},
    }
    assert result["total"] == result["checked"] == len(listed)


def test_a_failing_uuid_does_not_stop_the_others(service, headers, calls, sandbox, monkeypatch):
    monkeypatch.setattr(verify_ops, "BACKOFF", 0.05)
    # SAT faults (its "Error no controlado") on the first three calls: the first UUID's three attempts
    sandbox.faults.add_spec(f"consulta:http500:times={verify_ops.MAX_ATTEMPTS}")
    unknown = "11111111-2222-3333-4444-555555555555"  # not in the index: failed without asking SAT
    chosen = [h.uuid for h in headers[:5]]
    result = service.verify_invoices(RFC, uuids=[chosen[0], unknown, *chosen[1:]], rate=5)
    failed = {f["uuid"]: (f["code"], f["attempts"]) for f in result["failed"]}
    assert failed == {chosen[0]: ("sat_fault", 3), unknown: ("not_found", 0)}
    assert result["status"] == "completed" and result["checked"] == 4
    assert calls.uuids() == [chosen[0]] * 3 + chosen[1:]  # retried, then the others; the unknown one never asked
    assert calls.never_faster_than(5)  # retries are paced too
    assert status_of(service, chosen[0]) == "unknown" and status_of(service, chosen[1]) != "unknown"


def test_cancel_stops_promptly_and_a_resume_never_asks_again(service, headers, calls):
    chosen = [h.uuid for h in headers[:8]]
    cancel = threading.Event()
    stopped_at: list[float] = []

    def on_progress(step):
        if step.done == 2:  # cancel while the run waits for its third turn (5 s at 0.2/s)
            timer = threading.Timer(0.3, lambda: (stopped_at.append(time.monotonic()), cancel.set()))
            timer.start()

    result = service.verify_invoices(RFC, uuids=chosen, rate=0.2, cancel=cancel, on_progress=on_progress)
    returned = time.monotonic()
    assert returned - stopped_at[0] < 0.5  # the wait ended at once
    assert result["status"] == "cancelled" and result["cancelled"] is True
    assert (result["checked"], result["pending"]) == (2, 6)
    assert calls.uuids() == chosen[:2]
    assert service.resumable_verification(RFC)["run_id"] == result["run_id"]

    resumed = service.verify_invoices(RFC, resume=True, rate=5)
    assert calls.uuids() == chosen  # the two answered ones were not asked again
    assert (resumed["status"], resumed["checked"], resumed["pending"]) == ("completed", 8, 0)
    assert len(resumed["changed"]) == 8  # over the whole run
    assert service.resumable_verification(RFC) is None
    with pytest.raises(AppError) as info:
        service.verify_invoices(RFC, resume=True)
    assert info.value.code == "not_found"


def test_sat_down_pauses_the_run_which_resumes_later(service, headers, calls, sandbox, monkeypatch):
    monkeypatch.setattr(verify_ops, "BACKOFF", 0.01)
    sandbox.faults.add_spec("consulta:drop")  # SAT closes every connection without answering
    chosen = [h.uuid for h in headers[:9]]
    with pytest.raises(AppError) as info:
        service.verify_invoices(RFC, uuids=chosen, rate=5)
    error = info.value
    assert error.code == "sat_unavailable" and error.details["status"] == "paused"
    # TRIP_AFTER UUIDs in a row failed (each tried MAX_ATTEMPTS times): the rest were not asked
    assert error.details["failed_count"] == verify_ops.TRIP_AFTER
    assert error.details["pending"] == len(chosen) - verify_ops.TRIP_AFTER
    assert len(calls.uuids()) == verify_ops.TRIP_AFTER * verify_ops.MAX_ATTEMPTS
    sandbox.faults.clear()
    before = len(calls.uuids())
    resumed = service.verify_invoices(RFC, resume=True, rate=5)
    assert resumed["status"] == "completed" and resumed["checked"] == len(chosen) and resumed["failed"] == []
    assert sorted(calls.uuids()[before:]) == sorted(chosen)  # each asked once more


def test_another_check_of_the_same_rfc_waits_its_turn(service, headers):
    from desktop_app.core.locking import ProfileLock

    with ProfileLock(service.verify_ops.lock_path(RFC)), pytest.raises(AppError) as info:
        service.verify_invoices(RFC, uuids=[headers[0].uuid], rate=5)
    assert info.value.code == "verification_busy"


def test_rates_out_of_bounds_and_bad_uuids_are_refused(service, headers):
    for rate in (0, 0.01, 6, float("nan")):
        with pytest.raises(AppError) as info:
            service.verify_invoices(RFC, uuids=[headers[0].uuid], rate=rate)
        assert (info.value.code, info.value.details["field"]) == ("invalid_argument", "rate")
    with pytest.raises(AppError) as info:
        service.verify_invoices(RFC, uuids=["not-a-uuid"])
    assert info.value.code == "invalid_uuid"
    assert service.verifications(RFC) == []


# -- the daily re-check's choice ---------------------------------------------------------------------------------


def test_the_daily_recheck_picks_received_vigente_recent_invoices_not_asked_lately(service, sandbox, tmp_path):
    """Received, issued in the last N months, vigente or unknown (an imported XML nobody asked SAT about: a
    cancellation would be a deduction lost all the same), not asked about in a week; never the cancelled ones,
    the issued ones or older ones."""
    from desktop_app.core.clock import to_ms
    from desktop_app.core.store.db import transaction
    from desktop_app.core.store.invoices import InvoiceRepository

    found = world_headers(sandbox.world, datetime(2026, 1, 1), datetime(2026, 6, 14, 23, 59, 59), AT)
    service.add_profile(RFC)
    service.import_invoices(RFC, [str(write_xml(sandbox.world, found, tmp_path / "xml"))])
    repo = InvoiceRepository(service.db)
    now = to_ms(NOW)
    day = 24 * 3600 * 1000
    received = [h for h in found if h.receiver_rfc == RFC]
    recent = [h for h in received if h.issue_date >= datetime(2026, 3, 15)]  # 3 months before 15/06/2026
    old = [h for h in received if h.issue_date < datetime(2026, 3, 15)]
    issued = [h for h in found if h.issuer_rfc == RFC and h.issue_date >= datetime(2026, 3, 15)]
    asked_lately, asked_long_ago, cancelled, unknown = recent[0], recent[1], recent[2], recent[3]
    with transaction(service.db.get()):
        for header in [*recent, *old, *issued]:
            row = repo.by_uuid(RFC, header.uuid)
            if header is not unknown:
                repo.set_status(row["id"], "cancelado" if header is cancelled else "vigente", now)
        repo.mark_verified(repo.by_uuid(RFC, asked_lately.uuid)["id"], now - 2 * day)
        repo.mark_verified(repo.by_uuid(RFC, asked_long_ago.uuid)["id"], now - 8 * day)
        run_id = service.verify_ops.queue_recheck(service.profile(RFC), 3, rate=50)
    assert run_id is not None
    picked = {item for _, item in service.verify_ops.repo.pending(run_id, after=0, limit=1000)}
    expected = {h.uuid for h in recent} - {asked_lately.uuid, cancelled.uuid}
    assert picked == expected and {asked_long_ago.uuid, unknown.uuid} <= picked
    assert old and issued and not picked & {h.uuid for h in [*old, *issued]}
    # while it is unfinished no second one is queued; months = 0 queues nothing
    with transaction(service.db.get()):
        assert service.verify_ops.queue_recheck(service.profile(RFC), 3, rate=50) is None
    run = service.verifications(RFC)[0]
    assert run["trigger"] == "scheduled" and run["scope"]["issued_since"] == "2026-03-15"
    service.verify_ops.repo.finish(run_id, "completed", now)
    with transaction(service.db.get()):
        assert service.verify_ops.queue_recheck(service.profile(RFC), 0, rate=50) is None


# -- the CLI ------------------------------------------------------------------------------------------------------


def test_cli_invoices_verify_prints_the_contract(cli, headers, calls, capsys):
    a, b = headers[0].uuid, headers[1].uuid
    code, doc = cli("invoices", "verify", a, b.lower(), "--rate", "5/s")
    assert code == 0 and doc["success"] is True, doc
    data = doc["data"]
    assert {"run_id", "status", "total", "checked", "changed", "failed", "not_found", "pending", "cancelled",
            "resumed", "rate", "scope"} <= set(data)  # fmt: skip
    assert (data["status"], data["checked"], data["failed"], data["rate"]) == ("completed", 2, [], 5.0)
    assert {(c["uuid"], c["previous_status"]) for c in data["changed"]} == {(a, "unknown"), (b, "unknown")}
    assert all(c["status"] in ("vigente", "cancelado") for c in data["changed"])
    assert "[verify] 2/2 asked" in capsys.readouterr().err  # progress on stderr, never stdout

    # the filters of `invoices list` choose the same invoices; a rate per minute
    code, listed = cli("invoices", "list", "--direction", "received", "--from", "2026-05-01", "--to", "2026-05-08")
    code, doc = cli(
        "invoices", "verify", "--direction", "received", "--from", "2026-05-01", "--to", "2026-05-08",
        "--rate", "300/min",
    )  # fmt: skip
    assert code == 0 and doc["data"]["rate"] == 5.0
    assert doc["data"]["total"] == listed["data"]["count"] == len(calls.uuids()) - 2
    assert {i["uuid"] for i in listed["data"]["invoices"]} == set(calls.uuids()[2:])

    # what is refused
    code, doc = cli("invoices", "verify", a, "--rate", "50")
    assert (code, doc["error"]["code"]) == (2, "invalid_argument")
    code, doc = cli("invoices", "verify", a, "--rate", "fast")
    assert (code, doc["error"]["code"]) == (2, "invalid_argument")
    code, doc = cli("invoices", "verify", "--resume")
    assert (code, doc["error"]["code"]) == (1, "not_found")
    code, doc = cli("invoices", "verify", a, "--direction", "issued")
    assert (code, doc["error"]["code"]) == (2, "usage_error")
    code, doc = cli("invoices", "verify", "--resume", "--direction", "issued")
    assert (code, doc["error"]["code"]) == (2, "usage_error")

    # the history lists the runs beside the requests, with what changed
    code, doc = cli("history", "--no-refresh")
    assert code == 0 and doc["data"]["history"] == []
    runs = doc["data"]["verifications"]
    assert [r["trigger"] for r in runs] == ["manual", "manual"]
    assert runs[1]["scope"] == {"kind": "uuids", "count": 2}
    assert {c["uuid"] for c in runs[1]["changed"]} == {a, b}
