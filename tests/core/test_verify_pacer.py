"""The bulk status check's pieces without SAT (issue 17.3): the pacer, the rate's bounds, the UUID list, and the
repository's snapshot and counters on a real SQLite database."""

from __future__ import annotations

import itertools
import threading
import time

import pytest

from desktop_app.core import verify_ops
from desktop_app.core.errors import AppError
from desktop_app.core.store import db
from desktop_app.core.store.invoices import InvoiceFilter
from desktop_app.core.store.verifications import VerificationRepository
from desktop_app.core.verify_ops import Pacer, check_rate, normalize_uuids

RFC = "EKU9003173C9"
A, B, C = (f"{n}0000000-0000-4000-8000-000000000000" for n in "ABC")


def test_turns_are_spaced_by_the_interval_across_every_pacer_of_the_process():
    cancel = threading.Event()
    stamps: list[float] = []
    lock = threading.Lock()

    def work(pacer: Pacer) -> None:
        for _ in range(5):
            assert pacer.turn()
            with lock:
                stamps.append(time.monotonic())

    threads = [threading.Thread(target=work, args=(Pacer(20.0, cancel),)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stamps.sort()
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert len(stamps) == 10 and min(gaps) >= 1 / 20  # two runs together never beat one run's rate


def test_a_cancelled_wait_ends_at_once_and_gives_its_turn_back():
    cancel = threading.Event()
    slow = Pacer(1.0, cancel)  # a turn every second
    assert slow.turn()
    first = time.monotonic()
    threading.Timer(0.1, cancel.set).start()
    assert slow.turn() is False  # cancelled while waiting for the turn one second after the first
    assert time.monotonic() - first < 0.5
    # the turn it did not use is free again: the next call waits for the first's second only, not two
    assert Pacer(5.0, threading.Event()).turn()
    assert 1.0 <= time.monotonic() - first < 1.5
    assert Pacer(5.0, cancel).pause(1.0) is False  # a backoff ends too


def test_a_call_that_goes_late_pushes_the_next_one_back(monkeypatch):
    """The interval counts from when a turn was actually given: a thread that wakes 45 ms late (a busy machine)
    goes 45 ms late, and the call after it still waits a whole interval after that — not the interval after the
    time the late one had booked (which let two calls reach SAT 220 ms apart at 4 calls/s)."""
    clock = [1_000.0]

    class Clock:
        @staticmethod
        def monotonic() -> float:
            return clock[0]

    class LateWake:  # each wait ends 45 ms after it was asked to
        def wait(self, seconds: float) -> bool:
            clock[0] += seconds + 0.045
            return False

        def is_set(self) -> bool:
            return False

    monkeypatch.setattr(verify_ops, "time", Clock)
    monkeypatch.setattr(Pacer, "_next_free", 0.0)
    pacer = Pacer(4.0, LateWake())  # type: ignore[arg-type]
    went = []
    for _ in range(4):
        assert pacer.turn()
        went.append(clock[0])
    gaps = [b - a for a, b in itertools.pairwise(went)]
    assert min(gaps) >= pacer.interval, gaps


@pytest.mark.parametrize("rate", [0, -1, 0.049, 5.01, float("nan"), float("inf")])
def test_rates_outside_the_bounds_are_refused(rate):
    with pytest.raises(AppError) as info:
        check_rate(rate)
    assert (info.value.code, info.value.details["field"]) == ("invalid_argument", "rate")
    assert check_rate(verify_ops.MIN_RATE) == 0.05 and check_rate(verify_ops.MAX_RATE) == 5.0


def test_uuids_are_keyed_once_in_order_and_bad_ones_refused():
    assert normalize_uuids([B.lower(), " " + A, B]) == [B, A]
    with pytest.raises(AppError) as info:
        normalize_uuids([A, "1234"])
    assert info.value.code == "invalid_uuid"


# -- the repository ------------------------------------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path):
    conn = db.connect(tmp_path / db.DB_NAME)
    with db.transaction(conn):
        conn.execute("INSERT INTO profiles(rfc, created_at) VALUES (?, 1)", (RFC,))
        for n, (uuid, day, direction) in enumerate(
            [(A, "2026-05-01", "issued"), (B, "2026-05-03", "received"), (C, "2026-05-02", "received")], 1
        ):
            conn.execute(
                "INSERT INTO invoices(id, rfc, uuid, direction, issue_date, status, updated_at) "
                "VALUES (?, ?, ?, ?, ?, 'vigente', 1)",
                (n, RFC, uuid, direction, day),
            )
    yield VerificationRepository(db.Single(conn))
    conn.close()


def test_a_filter_is_snapshotted_newest_first_and_the_counters_follow_each_item(repo):
    conn = repo.db.get()
    with db.transaction(conn):
        run = repo.create_run(RFC, trigger="manual", scope="{}", rate=2.0, created_at=1)
        assert repo.add_filtered(run, RFC, InvoiceFilter(direction="received")) == 2
    assert repo.pending(run, after=0, limit=10) == [(1, B), (2, C)]
    with db.transaction(conn):
        repo.start(run, 5, 2.0)
        repo.record_answer(
            run, 1, previous_status="vigente", status="cancelado", changed=True, answer="{}", attempts=1, at=6
        )
        repo.record_failure(run, 2, code="sat_fault", message="m", attempts=3, at=7)
    row = repo.get(run)
    assert (row["answered"], row["changed"], row["not_found"], row["failed"], row["pending"]) == (1, 1, 0, 1, 0)
    assert [c["uuid"] for c in repo.changes(run)] == [B] and repo.changes(run)[0]["direction"] == "received"
    assert [(f["uuid"], f["error_code"]) for f in repo.failures(run)] == [(C, "sat_fault")]
    # a resume asks the failed one again
    with db.transaction(conn):
        assert repo.requeue_failed(run) == 1
    assert repo.pending(run, after=0, limit=10) == [(2, C)] and repo.get(run)["failed"] == 0
    # a run left running by a dead process is interrupted by the next lock holder; finished runs are not touched
    with db.transaction(conn):
        assert repo.interrupt_running(RFC, "gone") == 1
    assert repo.latest_unfinished(RFC, "manual")["status"] == "interrupted"
    with db.transaction(conn):
        repo.finish(run, "completed", 9)
        assert repo.interrupt_running(RFC, "gone") == 0
    assert repo.latest_unfinished(RFC, "manual") is None


def test_runs_go_with_their_profile(repo):
    conn = repo.db.get()
    with db.transaction(conn):
        run = repo.create_run(RFC, trigger="manual", scope="{}", rate=2.0, created_at=1)
        repo.add_uuids(run, [A, B])
        conn.execute("DELETE FROM invoices WHERE rfc = ?", (RFC,))
        conn.execute("DELETE FROM profiles WHERE rfc = ?", (RFC,))
    assert repo.runs(RFC) == [] and conn.execute("SELECT count(*) FROM verification_items").fetchone()[0] == 0
