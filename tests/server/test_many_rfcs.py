"""Twenty RFCs syncing at once from the sandbox through the office server's scheduler (issue 19): every request
completes with exactly the sandbox's documents, none is sent to SAT twice, no package is downloaded twice, never
two passes of one RFC at once — and several RFCs are in flight together. The RFCs are the sandbox world's
taxpayers, ``&`` and ``Ñ`` included, each with an e.firma of its own (``fiel_maker``)."""

from __future__ import annotations

from collections import Counter

import pytest

from desktop_app.core.scheduler import ProfileScheduler
from desktop_app.sandbox.world_parties import COUNTERPARTS, SUBJECTS
from tests.server.conftest import FIEL, RFC, TEST_PASSWORD, wait_for
from tests.server.fiel_maker import make_fiel
from tests.server.test_scheduler import Recorder

pytestmark = pytest.mark.timeout(240)

COUNT = 20
START, END = "2026-05-01", "2026-05-31"


def _rfcs() -> list[tuple[str, str]]:
    """(RFC, name) of twenty taxpayers of the sandbox's world: its subjects first, then counterparts."""
    seen: dict[str, str] = {}
    for taxpayer in (*SUBJECTS, *COUNTERPARTS):
        seen.setdefault(taxpayer.rfc, taxpayer.name)
    return list(seen.items())[:COUNT]


@pytest.fixture
def twenty(service, tmp_path):
    rfcs = _rfcs()
    assert len(rfcs) == COUNT
    for n, (rfc, name) in enumerate(rfcs):
        folder = (
            FIEL
            if rfc == RFC
            else make_fiel(tmp_path / f"fiel-{n}", rfc, name, TEST_PASSWORD, serial=f"300010000005000{n + 10000:05d}")
        )
        service.add_profile(rfc, accept_check_digit=True)
        service.activate(rfc)
        cer, key = (folder / f"{rfc}.cer").read_bytes(), (folder / f"{rfc}.key").read_bytes()
        assert service.upload_fiel(rfc, cer, key, TEST_PASSWORD)["registered"] is True, rfc
    return service, [rfc for rfc, _name in rfcs]


def test_twenty_rfcs_sync_at_once_and_no_request_reaches_sat_twice(twenty, sandbox):
    service, rfcs = twenty
    ids = {
        (rfc, kind): service.create_request(rfc, start=START, end=END, rfc_type=kind, submit=False)["request_id"]
        for rfc in rfcs
        for kind in ("issued", "received")
    }
    recorder = Recorder(service)
    scheduler = ProfileScheduler(service, workers=8, interval=0.5, min_pause=0.05)
    # The same RFCs kicked over and over while they run: still one pass at a time for each.
    scheduler.start()
    try:
        for _ in range(3):
            scheduler.kick()

        def done() -> dict[tuple[str, str], dict]:
            found = {}
            for rfc in rfcs:
                for item in service.history(rfc, refresh=False)["history"]:
                    if item["status"] == "completed":
                        found[(rfc, item["rfcType"])] = item
            return found if len(found) == len(ids) else {}

        completed = wait_for(done, 180, "every RFC's two requests")
    finally:
        scheduler.stop()
    assert recorder.most_per_rfc == 1  # never two passes of one RFC
    assert recorder.most > 1  # RFCs in flight together
    assert set(recorder.passes) == set(rfcs)

    # SAT saw each request once, and each package was downloaded once.
    sent = Counter(record.key for record in sandbox.state.requests.values())
    assert sent and max(sent.values()) == 1, sent.most_common(3)
    assert len(sent) == len(ids)
    downloads = [n for record in sandbox.state.requests.values() for n in record.downloads.values()]
    assert downloads and max(downloads) == 1

    # Every request holds exactly what the sandbox's world held for that RFC, direction and month when SAT
    # accepted it (the sandbox's own count, made apart from the app).
    world = {
        (record.rfc, {"emitidos": "issued", "recibidos": "received"}[record.operation]): record.count
        for record in sandbox.state.requests.values()
    }
    with_documents = 0
    for (rfc, kind), item in completed.items():
        expected = world[(rfc, kind)]
        assert item["invoiceCount"] == expected, (rfc, kind)
        listed = service.list_invoices(rfc, _filter(kind), sort="date", limit=None, offset=0)
        assert listed["count"] == expected, (rfc, kind)
        with_documents += expected > 0
    assert with_documents >= COUNT  # not a test of empty months
    assert scheduler.running() == []


def _filter(direction: str):
    from desktop_app.core.store.invoices import InvoiceFilter

    return InvoiceFilter(direction=direction, date_from=START, date_to=END)
