"""``Profiles`` over its repositories: one owner writes a profile, its schedule and its runs (real SQLite)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from keyring.backends import fail

from desktop_app.core.clock import FakeClock, to_ms
from desktop_app.core.errors import AppError
from desktop_app.core.profiles import Profile, Profiles
from desktop_app.core.secrets import SecretStore
from desktop_app.core.store.db import DB_NAME, transaction
from desktop_app.core.store.schedules import ScheduleRepository
from desktop_app.core.store.sync_runs import SyncRunRepository

RFC = "EKU9003173C9"
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def profiles(tmp_path, db_source):
    db = db_source(tmp_path / DB_NAME)  # SQLite and PostgreSQL (tests/core/conftest.py)
    return Profiles(tmp_path, db, FakeClock(NOW), SecretStore(fail.Keyring()))


def test_add_creates_the_profile_and_its_disabled_schedule_at_once(profiles):
    profile = profiles.add(rfc=RFC.lower(), name="  Escuela  ")
    assert isinstance(profile, Profile)
    assert (profile.rfc, profile.name, profile.created_at) == (RFC, "Escuela", to_ms(NOW))
    schedule, enabled_at = profiles.schedules.load(RFC)
    assert not schedule.enabled and enabled_at is None
    with pytest.raises(AppError) as info:
        profiles.add(RFC)
    assert info.value.code == "profile_exists"


def test_get_and_resolve(profiles):
    with pytest.raises(AppError) as info:
        profiles.resolve(None)
    assert info.value.code == "profile_not_configured"
    profiles.add(RFC)
    assert profiles.get(f" {RFC.lower()} ").rfc == RFC
    assert profiles.resolve(None).rfc == RFC
    profiles.add("AAA010101AAA")
    with pytest.raises(AppError) as info:
        profiles.resolve(None)
    assert info.value.code == "profile_required"


def test_deactivating_stops_the_schedule(profiles):
    profiles.add(RFC)
    assert profiles.set_activated(RFC, True).activated
    schedules = ScheduleRepository(profiles._db)
    schedule, enabled_at = schedules.load(RFC)
    with transaction(profiles.conn):
        schedules.save(RFC, schedule.updated(enabled=True), 1)
    profile = profiles.set_activated(RFC, False)
    assert not profile.activated and profile.deactivated_at == to_ms(NOW)
    assert not schedules.load(RFC)[0].enabled


def test_remove_forgets_runs_and_profile_and_keeps_other_profiles(profiles):
    profiles.add(RFC)
    profiles.add("AAA010101AAA")
    runs = SyncRunRepository(profiles._db)
    with transaction(profiles.conn):
        runs.start(RFC, "manual", 1)
        kept = runs.start("AAA010101AAA", "manual", 1)
    result = profiles.remove(RFC)
    assert result["removed"] is True and result["rfc"] == RFC
    assert [p.rfc for p in profiles.list()] == ["AAA010101AAA"]
    assert runs.latest(RFC) is None and runs.latest("AAA010101AAA")["id"] == kept
    with pytest.raises(LookupError):
        profiles.schedules.load(RFC)  # gone with its profile


def test_registration_outcome_is_recorded(profiles):
    profiles.add(RFC)
    failed = profiles.record_registration(RFC, False, "sat_fault: 305")
    assert not failed.registered and failed.registration_error == "sat_fault: 305"
    ok = profiles.record_registration(RFC, True, None)
    assert ok.registered and ok.registered_at == to_ms(NOW) and ok.registration_error is None
    assert profiles.record_registration(RFC, True, None, at=123).registered_at == 123


def test_mark_sync_enabled(profiles):
    profiles.add(RFC)
    profiles.mark_sync_enabled(RFC)
    assert profiles.get(RFC).sync_enabled
