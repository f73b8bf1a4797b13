"""The ``schedules`` repository against a real SQLite database."""

from __future__ import annotations

import pytest

from desktop_app.core.schedule import Schedule
from desktop_app.core.store import db
from desktop_app.core.store.profiles import ProfileRepository
from desktop_app.core.store.schedules import ScheduleRepository

RFC = "EKU9003173C9"


@pytest.fixture
def conn(conn):
    """The backend's database (``conftest.conn``) with a profile."""
    with db.transaction(conn):
        ProfileRepository(db.Single(conn)).insert(RFC, "", 1)
    return conn


@pytest.fixture
def repo(conn):
    schedules = ScheduleRepository(db.Single(conn))
    with db.transaction(conn):
        schedules.create(RFC)
    return schedules


def test_a_new_schedule_is_the_default_and_disabled(repo):
    schedule, enabled_at = repo.load(RFC)
    assert schedule == Schedule()
    assert not schedule.enabled and enabled_at is None
    assert repo.last_run_day(RFC) is None


def test_a_missing_schedule_is_an_error_not_a_default(repo):
    with pytest.raises(LookupError):
        repo.load("AAA010101AAA")


def test_save_round_trips_the_users_settings(repo, conn):
    wanted = Schedule().updated(enabled=True, time="07:30", download_types=["received"], days_back=10)
    with db.transaction(conn):
        repo.save(RFC, wanted, 1_234)
    schedule, enabled_at = repo.load(RFC)
    assert schedule == wanted and enabled_at == 1_234
    with db.transaction(conn):
        repo.pause(RFC)
    schedule, enabled_at = repo.load(RFC)
    assert not schedule.enabled and schedule.time == "07:30" and enabled_at == 1_234


def test_a_paused_schedule_resumes_once_and_a_saved_one_forgets_the_pause(repo, conn):
    """A deactivation pauses the daily sync it finds on; activating resumes it; the user's own setting wins."""
    with db.transaction(conn):
        repo.save(RFC, Schedule().updated(enabled=True), 1_000)
        repo.pause(RFC)
        repo.pause(RFC)  # a second deactivation finds it stopped and keeps the pause
    assert repo.load(RFC)[0].enabled is False
    with db.transaction(conn):
        assert repo.resume(RFC, 2_000) is True
        assert repo.resume(RFC, 3_000) is False  # once
    schedule, enabled_at = repo.load(RFC)
    assert schedule.enabled and enabled_at == 2_000
    with db.transaction(conn):
        repo.pause(RFC)
        repo.save(RFC, Schedule().updated(enabled=False), 2_000)
        assert repo.resume(RFC, 4_000) is False
    assert repo.load(RFC)[0].enabled is False


def test_a_run_starts_running_and_finishes_with_its_outcome(repo, conn):
    with db.transaction(conn):
        repo.start_run(RFC, 5_000, "2026-06-01")
    schedule, _ = repo.load(RFC)
    assert (schedule.last_run_at, schedule.last_run_status, schedule.last_run_error) == (5_000, "running", None)
    assert repo.last_run_day(RFC) == "2026-06-01"
    with db.transaction(conn):
        repo.finish_run(RFC, "partial", "sat_unavailable: down")
    schedule, _ = repo.load(RFC)
    assert (schedule.last_run_status, schedule.last_run_error) == ("partial", "sat_unavailable: down")


def test_saving_settings_leaves_the_last_run_alone(repo, conn):
    with db.transaction(conn):
        repo.start_run(RFC, 5_000, "2026-06-01")
        repo.save(RFC, Schedule(enabled=True, time="08:00"), 9)
    schedule, _ = repo.load(RFC)
    assert schedule.last_run_at == 5_000 and schedule.last_run_status == "running"


def test_only_a_running_run_is_interrupted(repo, conn):
    with db.transaction(conn):
        repo.start_run(RFC, 5_000, "2026-06-01")
        repo.interrupt_running(RFC, "killed")
    schedule, _ = repo.load(RFC)
    assert (schedule.last_run_status, schedule.last_run_error) == ("interrupted", "killed")
    with db.transaction(conn):
        repo.finish_run(RFC, "success", None)
        repo.interrupt_running(RFC, "killed again")
    schedule, _ = repo.load(RFC)
    assert (schedule.last_run_status, schedule.last_run_error) == ("success", None)
