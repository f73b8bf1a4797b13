"""The daily schedule watches received invoices (issue 17.3): after its sync it re-checks at SAT the received
vigente invoices of the last ``recheck_months`` months, skips those asked within a week, and tells (one
``invoices_cancelled`` event: the tray's notification) when SAT cancelled one — a deduction lost.

Days pass on the shared fake clock; SAT's metadata taught the index which received invoices were vigente.
"""

from __future__ import annotations

from datetime import UTC, datetime

from desktop_app.core.verify_ops import StatusChange
from tests.e2e.test_sync_engine import ready_service, sync_until_quiet
from tests.verify_support import RFC, record_consulta

BEFORE = datetime(2026, 4, 10, 18, 0, tzinfo=UTC)  # 12:00 in Mexico City
SLOT_DAY = datetime(2026, 4, 20, 13, 0, tzinfo=UTC)  # 07:00: the 06:00 slot of 20/04 is due


def _received(sandbox, start, end, at):
    return list(sandbox.world.find(rfc=RFC, direction="received", start=start, end=end, at=at.replace(tzinfo=None)))


def _mexico(moment):
    from desktop_app.core.clock import MEXICO_CITY

    return moment.astimezone(MEXICO_CITY).replace(tzinfo=None)


def test_the_daily_run_rechecks_received_vigentes_and_tells_which_sat_cancelled(service, clock, sandbox):
    clock.set(BEFORE)
    ready_service(service)
    for start, end in (("2026-02-01", "2026-02-28"), ("2026-03-01", "2026-03-31"), ("2026-04-01", "2026-04-09")):
        service.create_request(RFC, start=start, end=end, rfc_type="received", request_type="metadata")
    sync_until_quiet(service)
    # enabled the day before its first run: that run asks for 19/04 alone (it reaches back to the day the schedule
    # was enabled), so what the next days ask about is only what the re-check itself is for
    clock.set(datetime(2026, 4, 19, 18, 0, tzinfo=UTC))
    service.set_schedule(RFC, enabled=True, time="06:00", days_back=1, recheck_months=3)
    assert service.get_schedule(RFC)["schedule"]["recheckMonths"] == 3

    # (the index has February on: what the metadata brought)
    window = _received(sandbox, datetime(2026, 2, 1), datetime(2026, 4, 9, 23, 59, 59), _mexico(BEFORE))
    vigente_then = {h.uuid for h in window if h.status_at(_mexico(BEFORE)) == "Vigente"}
    lost = {h.uuid for h in window if h.uuid in vigente_then and h.status_at(_mexico(SLOT_DAY)) == "Cancelado"}
    assert lost, "the world has received invoices cancelled between the metadata and the slot"
    calls = record_consulta(sandbox)

    clock.set(SLOT_DAY)
    events = []
    service.sync_once(RFC, trigger="scheduled", on_event=events.append)
    asked = set(calls.uuids())
    # every received vigente invoice issued since 20/01 (3 months back) was asked about, nothing else
    assert vigente_then == asked
    rows = service.list_invoices(RFC, _flt(direction="received"))["invoices"]
    by_uuid = {r["uuid"]: r for r in rows}
    assert all(by_uuid[u]["direction"] == "received" for u in asked if u in by_uuid)
    assert not asked & {u for u, r in by_uuid.items() if r["issue_date"] < "2026-01-20"}
    assert all(by_uuid[u]["status"] == "cancelado" for u in lost)

    told = [e for e in events if e.kind == "invoices_cancelled"]
    assert len(told) == 1 and told[0].status == "cancelado"
    assert {c.uuid for c in told[0].invoices} == lost
    assert all(isinstance(c, StatusChange) and c.previous_status == "vigente" for c in told[0].invoices)
    run = service.verifications(RFC)[0]
    assert told[0].request_id == f"verification:{run['run_id']}"
    assert (run["trigger"], run["status"], run["scope"]["issued_since"]) == ("scheduled", "completed", "2026-01-20")
    assert {c["uuid"] for c in run["changed"] if c["status"] == "cancelado"} >= lost
    assert all(item["requestKind"] != "verification" for item in service.history(RFC)["history"])

    # the next day: all of them were asked within the week, nothing is asked again
    before = len(calls.uuids())
    clock.set(datetime(2026, 4, 21, 13, 0, tzinfo=UTC))
    events.clear()
    service.sync_once(RFC, trigger="scheduled", on_event=events.append)
    assert len(calls.uuids()) == before and not [e for e in events if e.kind == "invoices_cancelled"]
    assert len(service.verifications(RFC)) == 1

    # eight days later the vigentes are due again (not the cancelled ones); recheck_months 0 turns it off
    clock.set(datetime(2026, 4, 28, 13, 0, tzinfo=UTC))
    service.sync_once(RFC, trigger="scheduled")
    again = set(calls.uuids()[before:])
    assert again and not again & lost and len(service.verifications(RFC)) == 2
    service.set_schedule(RFC, recheck_months=0)
    clock.set(datetime(2026, 5, 10, 13, 0, tzinfo=UTC))
    after = len(calls.uuids())
    service.sync_once(RFC, trigger="scheduled")
    assert len(calls.uuids()) == after and len(service.verifications(RFC)) == 2


def _flt(**kwargs):
    from desktop_app.core.index import InvoiceFilter

    return InvoiceFilter(**kwargs)
