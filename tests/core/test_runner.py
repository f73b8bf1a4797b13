"""The sync runner at its seams: recovery of a run a killed app left open, the daily schedule's slot, the
bookkeeping of a pass and a pass restricted to some requests — real SQLite in ``tmp_path``, no SAT."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime

import pytest
from keyring.backends import fail

from desktop_app.core.clock import FakeClock, to_ms
from desktop_app.core.errors import AppError
from desktop_app.core.ledger import Ledger
from desktop_app.core.parts import HomeParts
from desktop_app.core.profiles import Profiles
from desktop_app.core.runner import ScopedLedger, SyncRunner, add_pass, verifiable
from desktop_app.core.sat.query import params_from_options
from desktop_app.core.schedule import Schedule
from desktop_app.core.secrets import SecretStore
from desktop_app.core.store.db import DB_NAME, transaction
from desktop_app.core.store.schedules import ScheduleRepository
from desktop_app.core.store.sync_runs import RunCounts, SyncRunRepository
from desktop_app.core.sync import SyncPolicy

RFC = "EKU9003173C9"
# 07:00 in Mexico City (UTC-6): an hour after a 06:00 schedule's slot of that day.
MORNING = datetime(2026, 6, 2, 13, 0, tzinfo=UTC)


def _never_called(_fiel):
    raise AssertionError("no SAT client may be built here")


@pytest.fixture
def world(tmp_path, db_source):
    home = tmp_path / "home"
    home.mkdir()
    clock = FakeClock(MORNING)
    db = db_source(home / DB_NAME)  # SQLite and PostgreSQL (tests/core/conftest.py)
    profiles = Profiles(home, db, clock, SecretStore(fail.Keyring()))
    ledger = Ledger(db, clock)
    runner = SyncRunner(HomeParts(home, db, clock, profiles, ledger, _never_called), policy=SyncPolicy())
    profiles.add(RFC)
    profiles.set_activated(RFC, True)
    yield runner
    db.close()


def _enable_schedule(runner: SyncRunner, *, enabled_at: datetime, time_: str = "06:00") -> None:
    with transaction(runner.db.get()):
        runner.schedules.save(RFC, Schedule(enabled=True, time=time_), to_ms(enabled_at))


def _leftover(runner: SyncRunner, name: str = "pkg_01.zip.part"):
    folder = runner.home / RFC / "paquetes"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"half a download")
    old = time.time() - 3600
    os.utime(path, (old, old))
    return path


# -- recovery of a killed run ---------------------------------------------------------------------------


def test_a_killed_run_is_marked_interrupted_and_its_temporary_files_removed(world):
    runs, schedules = SyncRunRepository(world.db), ScheduleRepository(world.db)
    conn = world.db.get()
    with transaction(conn):
        finished = runs.start(RFC, "manual", 1_000)
        runs.finish(finished, finished_at=2_000, status="success", error=None, counts=RunCounts())
        killed = runs.start(RFC, "schedule", 3_000)
        schedules.start_run(RFC, 3_000, "2026-06-01")
    part = _leftover(world)
    world.recover_interrupted_runs(RFC)
    assert not part.exists()
    assert runs.unfinished(RFC) == []
    latest = runs.latest(RFC)
    assert latest["id"] == killed and latest["status"] == "interrupted"
    assert latest["finished_at"] == to_ms(MORNING)
    assert "removed 1 unfinished temporary file(s)" in latest["error"]
    schedule, _ = schedules.load(RFC)
    assert schedule.last_run_status == "interrupted" and schedule.last_run_error == latest["error"]
    rows = {r["id"]: r["status"] for r in conn.execute("SELECT id, status FROM sync_runs")}
    assert rows[finished] == "success"


def test_without_a_killed_run_nothing_is_swept(world):
    part = _leftover(world)
    world.recover_interrupted_runs(RFC)
    assert part.exists()  # it may belong to a live writer: only a killed run's leftovers go


# -- the schedule's slot --------------------------------------------------------------------------------


def test_a_due_slot_queues_the_days_back_once_and_marks_the_run(world):
    # enabled the day before (after that day's slot): the first run asks for its days_back alone (enabled longer
    # ago, it would reach back to that day: test_daily_schedule)
    _enable_schedule(world, enabled_at=datetime(2026, 6, 1, 18, 0, tzinfo=UTC))
    profile = world.profiles.get(RFC)
    slot = world.create_scheduled_requests(profile)
    assert slot is not None and slot.strftime("%Y-%m-%d %H:%M") == "2026-06-02 06:00"
    queued = world.ledger.open_requests(RFC)
    assert queued and {r.source for r in queued} == {"scheduled"}
    assert {r.rfc_type for r in queued} == {"issued", "received"}
    assert min(r.start_at for r in queued)[:10] == "2026-05-30"  # days_back 3
    schedule, _ = world.schedules.load(RFC)
    assert schedule.last_run_status == "running" and schedule.last_run_at == to_ms(MORNING)
    assert world.schedules.last_run_day(RFC) == "2026-06-02"
    # The same slot does not run twice.
    assert world.create_scheduled_requests(world.profiles.get(RFC)) is None
    assert len(world.ledger.open_requests(RFC)) == len(queued)


def test_after_days_off_the_run_reaches_back_to_the_last_one(world):
    _enable_schedule(world, enabled_at=datetime(2026, 5, 1, tzinfo=UTC))
    with transaction(world.db.get()):
        world.schedules.start_run(RFC, to_ms(datetime(2026, 5, 20, 12, 0, tzinfo=UTC)), "2026-05-20")
        world.schedules.finish_run(RFC, "success", None)
    assert world.create_scheduled_requests(world.profiles.get(RFC)) is not None
    starts = sorted(r.start_at for r in world.ledger.open_requests(RFC))
    assert starts[0][:10] == "2026-05-20"  # no day between the two runs is skipped
    assert any(s[:10] == "2026-06-01" for s in starts)  # one request per month


def test_no_slot_before_the_time_nor_for_a_profile_not_activated(world):
    _enable_schedule(world, enabled_at=datetime(2026, 6, 2, 12, 30, tzinfo=UTC))  # enabled after today's slot
    assert world.create_scheduled_requests(world.profiles.get(RFC)) is None
    _enable_schedule(world, enabled_at=datetime(2026, 5, 1, tzinfo=UTC))
    world.profiles.set_activated(RFC, False)  # deactivation also disables the schedule
    with transaction(world.db.get()):
        world.schedules.save(RFC, Schedule(enabled=True), to_ms(datetime(2026, 5, 1, tzinfo=UTC)))
    assert world.create_scheduled_requests(world.profiles.get(RFC)) is None
    assert world.ledger.open_requests(RFC) == []


# -- a pass's bookkeeping -------------------------------------------------------------------------------


def _period(day: str = "2026-05"):
    return params_from_options(f"{day}-01", f"{day}-28", rfc_type="received")


def test_a_pass_with_nothing_due_builds_no_client_and_records_no_run(world):
    report = world.run_pass(world.profiles.get(RFC))
    assert report.open_requests == 0
    assert SyncRunRepository(world.db).latest(RFC) is None


def test_a_pass_that_cannot_unlock_the_fiel_is_recorded_failed_and_raises(world):
    world.ledger.create(RFC, _period(), "manual")
    with pytest.raises(AppError) as info:
        world.run_pass(world.profiles.get(RFC), trigger="manual")
    assert info.value.code == "fiel_missing"
    run = SyncRunRepository(world.db).latest(RFC)
    assert run["status"] == "failed" and run["error"] == info.value.message and run["trigger"] == "manual"
    assert run["finished_at"] == to_ms(MORNING)


def test_a_scheduled_pass_that_fails_says_so_in_the_schedule(world):
    _enable_schedule(world, enabled_at=datetime(2026, 5, 1, tzinfo=UTC))
    with pytest.raises(AppError):
        world.run_pass(world.profiles.get(RFC), run_schedule=True, trigger="schedule")
    schedule, _ = world.schedules.load(RFC)
    assert schedule.last_run_status == "failed" and schedule.last_run_error.startswith("fiel_missing: ")


def test_require_ready_wants_activation_and_a_fiel(world):
    with pytest.raises(AppError) as info:
        world.require_ready(world.profiles.get(RFC))
    assert info.value.code == "fiel_missing"
    world.profiles.set_activated(RFC, False)
    with pytest.raises(AppError) as info:
        world.require_ready(world.profiles.get(RFC))
    assert info.value.code == "not_activated"


# -- a pass restricted to some requests -----------------------------------------------------------------


def test_a_scoped_ledger_sees_only_its_requests_and_forces_their_checks(world):
    mine = world.ledger.create(RFC, _period("2026-04"), "manual")
    other = world.ledger.create(RFC, _period("2026-03"), "manual")
    world.ledger.update(mine.id, next_check_at=to_ms(MORNING) + 60_000)
    scoped = ScopedLedger(world.db, world.clock, only={mine.id}, force=False)
    assert [r.id for r in scoped.open_requests(RFC)] == [mine.id]
    assert scoped.open_requests(RFC)[0].next_check_at == to_ms(MORNING) + 60_000
    forced = ScopedLedger(world.db, world.clock, only={mine.id}, force=True)
    assert forced.open_requests(RFC)[0].next_check_at is None
    assert forced.get(other.id).id == other.id  # everything else is the ledger's own
    # verify_only: a request never sent to SAT has nothing to verify.
    assert ScopedLedger(world.db, world.clock, only={mine.id}, force=True, verify_only=True).open_requests(RFC) == []


def test_the_dedup_keeps_one_request_per_period(world):
    first, duplicate = world.create_deduplicated(RFC, _period(), "manual")
    again, duplicate_again = world.create_deduplicated(RFC, _period(), "manual")
    assert not duplicate and duplicate_again and again.id == first.id


def test_passes_add_up_and_the_last_one_says_what_is_left():
    one = {"submitted": 2, "verified": 1, "errors": [{"code": "a"}], "open_requests": 3}
    two = {"submitted": 1, "failed": 1, "errors": [{"code": "b"}], "open_requests": 0}
    total = add_pass(add_pass({}, one), two)
    assert total["submitted"] == 3 and total["verified"] == 1 and total["failed"] == 1
    assert [e["code"] for e in total["errors"]] == ["a", "b"]
    assert total["open_requests"] == 0 and total["last_pass"] is two


def test_only_an_accepted_request_without_packages_is_verifiable(world):
    record = world.ledger.create(RFC, _period(), "manual")
    assert not verifiable(record, None)
    sent = world.ledger.update(record.id, submit_state="sent", sat_request_id="abc", status="accepted")
    assert verifiable(sent, None)
    assert not verifiable(world.ledger.update(record.id, sat_state=3), None)
