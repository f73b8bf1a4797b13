"""Many RFCs, one scheduler (core/scheduler.py): passes of different RFCs run at once, never two of one RFC; a
kick during a pass runs another right after it; an RFC another process is syncing is tried again later; an RFC
whose FIEL cannot be unlocked waits for a kick. Against the sandbox, with two RFCs that each have an e.firma."""

from __future__ import annotations

import threading
from collections import Counter

import pytest

from desktop_app.core.locking import ProfileLock
from desktop_app.core.scheduler import ProfileScheduler
from tests.server.conftest import FIEL, RFC, TEST_PASSWORD, wait_for
from tests.server.fiel_maker import make_fiel

pytestmark = pytest.mark.timeout(60)

OTHER = "CACX7605101P8"  # a taxpayer of the sandbox's world


@pytest.fixture
def two_rfcs(service, tmp_path):
    other_fiel = make_fiel(tmp_path / "other-fiel", OTHER, "XOCHILT CASAS CHAVEZ", TEST_PASSWORD)
    for rfc, folder in ((RFC, FIEL), (OTHER, other_fiel)):
        service.add_profile(rfc)
        service.activate(rfc)
        cer, key = (folder / f"{rfc}.cer").read_bytes(), (folder / f"{rfc}.key").read_bytes()
        assert service.upload_fiel(rfc, cer, key, TEST_PASSWORD)["registered"] is True, rfc
    return service


class Recorder:
    """Wraps ``service.sync_once``: who is in flight, the most at once (overall and per RFC), passes per RFC."""

    def __init__(self, service, *, meet: int = 0) -> None:
        self.real = service.sync_once
        self.lock = threading.Lock()
        self.flying: Counter[str] = Counter()
        self.most = 0
        self.most_per_rfc = 0
        self.passes: Counter[str] = Counter()
        # the first pass of each of ``meet`` RFCs waits for the others': they must be in flight together
        self.barrier = threading.Barrier(meet, timeout=10) if meet else None
        self.met: set[str] = set()
        self.during_first: list[callable] = []
        service.sync_once = self

    def __call__(self, rfc, **kwargs):
        with self.lock:
            self.flying[rfc] += 1
            self.most = max(self.most, sum(self.flying.values()))
            self.most_per_rfc = max(self.most_per_rfc, self.flying[rfc])
            self.passes[rfc] += 1
            first = rfc not in self.met
            self.met.add(rfc)
        try:
            if first and self.barrier is not None:
                for action in self.during_first:
                    action(rfc)
                self.barrier.wait()
            return self.real(rfc, **kwargs)
        finally:
            with self.lock:
                self.flying[rfc] -= 1


def _completed(service, rfc, request_id):
    item = next(h for h in service.history(rfc)["history"] if h["id"] == request_id)
    return item if item["status"] == "completed" else None


def test_rfcs_sync_at_once_never_two_passes_of_one(two_rfcs):
    service = two_rfcs
    ids = {
        rfc: service.create_request(rfc, start="2026-05-01", end="2026-05-31", rfc_type=kind, submit=False)[
            "request_id"
        ]
        for rfc, kind in ((RFC, "issued"), (OTHER, "received"))
    }
    recorder = Recorder(service, meet=2)
    scheduler = ProfileScheduler(service, workers=2, interval=0.5, min_pause=0.05)
    # Kicked again and again while its first pass runs: still one pass at a time for that RFC, then another.
    recorder.during_first.append(lambda rfc: [scheduler.kick(rfc) for _ in range(5)])
    scheduler.start()
    try:
        done = {rfc: wait_for(lambda r=rfc: _completed(service, r, ids[r]), 30, f"{rfc}'s request") for rfc in ids}
        wait_for(lambda: all(recorder.passes[rfc] >= 2 for rfc in ids), 10, "the pass a kick asked for")
    finally:
        scheduler.stop()
    assert recorder.most == 2  # both RFCs in flight together (the barrier needed it)
    assert recorder.most_per_rfc == 1  # never two passes of one RFC
    assert all(item["invoiceCount"] > 0 for item in done.values())
    assert scheduler.running() == []


def test_an_rfc_another_process_syncs_is_tried_again_and_one_without_password_waits_for_a_kick(two_rfcs):
    service = two_rfcs
    request_id = service.create_request(RFC, start="2026-05-01", end="2026-05-31", submit=False)["request_id"]
    service.secrets.delete_password(OTHER)  # OTHER cannot unlock its e.firma
    service.create_request(OTHER, start="2026-05-01", end="2026-05-31", submit=False)
    recorder = Recorder(service)
    scheduler = ProfileScheduler(service, workers=2, interval=30, min_pause=0.05, hold=600)
    lock = ProfileLock(service.home / RFC / "sync.lock")  # what `sync` from another process holds
    lock.__enter__()
    try:
        scheduler.start()
        wait_for(lambda: scheduler.status().get(RFC, {}).get("last", {}).get("error", {}).get("code") == "sync_busy")
        wait_for(lambda: recorder.passes[RFC] >= 3, 10, "tries again soon after sync_busy")
        assert _completed(service, RFC, request_id) is None
    finally:
        lock.__exit__(None, None, None)
    try:
        wait_for(lambda: _completed(service, RFC, request_id), 30, "the request once the lock is free")
        status = scheduler.status()
        assert status[OTHER]["on_hold"] is True
        assert status[OTHER]["last"]["error"]["code"] == "password_required"
        held = recorder.passes[OTHER]
        assert held == 1  # on hold: no failed run every turn
        service.secrets.set_password(OTHER, TEST_PASSWORD)
        scheduler.kick(OTHER)
        wait_for(lambda: recorder.passes[OTHER] > held, 10, "the kicked RFC to run")
        wait_for(lambda: not scheduler.status()[OTHER]["on_hold"] and "report" in scheduler.status()[OTHER]["last"])
    finally:
        scheduler.stop()
    assert recorder.most_per_rfc == 1


def test_the_same_request_asked_again_before_the_scheduler_sends_it_is_a_duplicate(two_rfcs):
    """The seed: `duplicate: true` — the same request is already being processed, nothing to do. Before, a second
    POST /request while the first waited for the scheduler answered `duplicate: false, resumed: true` (97 of 100
    identical concurrent POSTs did), so a seed script counted requests that were never made."""
    service = two_rfcs
    first = service.create_request(RFC, start="2026-05-01", end="2026-05-31", submit=False)
    again = service.create_request(RFC, start="2026-05-01", end="2026-05-31", submit=False)
    assert (first["duplicate"], again["duplicate"], again["resumed"]) == (False, True, False)
    assert again["request_id"] == first["request_id"] and again["status"] == "pending"
