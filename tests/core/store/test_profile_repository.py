"""The ``profiles`` repository against a real SQLite database: rows in, records out, writes in the caller's
transaction."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest

from desktop_app.core.store import db
from desktop_app.core.store.profiles import FielMetadata, Profile, ProfileRepository
from desktop_app.core.store.schedules import ScheduleRepository

RFC = "EKU9003173C9"
OTHER = "AAA010101AAA"


@pytest.fixture
def repo(conn):
    return ProfileRepository(db.Single(conn))


def _add(repo, conn, rfc=RFC, name="Escuela", at=1_000):
    with db.transaction(conn):
        repo.insert(rfc, name, at)


def test_a_new_profile_reads_back_as_a_frozen_record(repo, conn):
    assert repo.get(RFC) is None and not repo.exists(RFC)
    _add(repo, conn)
    profile = repo.get(RFC)
    assert isinstance(profile, Profile)
    assert (profile.rfc, profile.name, profile.created_at) == (RFC, "Escuela", 1_000)
    assert not profile.activated and not profile.has_fiel and not profile.registered and not profile.sync_enabled
    assert repo.exists(RFC)
    with pytest.raises(dataclasses.FrozenInstanceError):
        profile.name = "changed"  # type: ignore[misc]


def test_list_and_rfcs_are_in_rfc_order(repo, conn):
    _add(repo, conn, RFC)
    _add(repo, conn, OTHER)
    assert [p.rfc for p in repo.list_all()] == [OTHER, RFC]
    assert repo.rfcs() == [OTHER, RFC]


def test_the_same_rfc_twice_is_refused_by_the_table(repo, conn):
    _add(repo, conn)
    with pytest.raises(sqlite3.IntegrityError), db.transaction(conn):
        repo.insert(RFC, "again", 2_000)
    assert repo.get(RFC).name == "Escuela"


def test_activation_and_deactivation_keep_their_moments(repo, conn):
    _add(repo, conn)
    with db.transaction(conn):
        repo.activate(RFC, 5_000)
    profile = repo.get(RFC)
    assert profile.activated and profile.activated_at == 5_000 and profile.deactivated_at is None
    with db.transaction(conn):
        repo.deactivate(RFC, 6_000)
    profile = repo.get(RFC)
    assert not profile.activated and profile.activated_at == 5_000 and profile.deactivated_at == 6_000
    with db.transaction(conn):
        repo.activate(RFC, 7_000)
    assert repo.get(RFC).deactivated_at is None


def test_a_fiel_names_an_unnamed_profile_and_restarts_registration(repo, conn):
    _add(repo, conn, name="")
    with db.transaction(conn):
        repo.set_registered(RFC, 3_000)
    fiel = FielMetadata(
        serial_number="300", legal_name="ESCUELA KEMPER", valid_from=1, expires_at=9_000, uploaded_at=4_000
    )
    with db.transaction(conn):
        repo.set_fiel(RFC, fiel, sync_start="2025-01-01", phone="+525512345678")
    profile = repo.get(RFC)
    assert profile.has_fiel and profile.fiel_serial == "300" and profile.fiel_expires_at == 9_000
    assert profile.name == "ESCUELA KEMPER"  # it had none
    assert profile.sync_start_date == "2025-01-01" and profile.phone == "+525512345678"
    assert not profile.registered and profile.registered_at is None


def test_a_fiel_keeps_a_name_the_user_gave(repo, conn):
    _add(repo, conn, name="Mi escuela")
    fiel = FielMetadata(serial_number="1", legal_name="LEGAL", valid_from=1, expires_at=2, uploaded_at=3)
    with db.transaction(conn):
        repo.set_fiel(RFC, fiel, sync_start="2025-01-01", phone=None)
    assert repo.get(RFC).name == "Mi escuela"


def test_forgetting_the_fiel_clears_it_and_its_registration(repo, conn):
    _add(repo, conn)
    fiel = FielMetadata(serial_number="1", legal_name="LEGAL", valid_from=1, expires_at=2, uploaded_at=3)
    with db.transaction(conn):
        repo.set_fiel(RFC, fiel, sync_start="2025-01-01", phone=None)
        repo.set_registered(RFC, 10)
    with db.transaction(conn):
        repo.clear_fiel(RFC)
    profile = repo.get(RFC)
    assert not profile.has_fiel and profile.fiel_expires_at is None and not profile.registered


def test_registration_outcomes(repo, conn):
    _add(repo, conn)
    with db.transaction(conn):
        repo.set_registration_failed(RFC, "sat_fault: 305")
    profile = repo.get(RFC)
    assert not profile.registered and profile.registration_error == "sat_fault: 305"
    with db.transaction(conn):
        repo.set_registered(RFC, 42)
    profile = repo.get(RFC)
    assert profile.registered and profile.registered_at == 42 and profile.registration_error is None


def test_enable_sync(repo, conn):
    _add(repo, conn)
    with db.transaction(conn):
        repo.enable_sync(RFC, 77)
    assert repo.get(RFC).sync_enabled
    assert conn.execute("SELECT sync_enabled_at FROM profiles").fetchone()[0] == 77


def test_delete_takes_the_schedule_and_leaves_other_profiles(repo, conn):
    schedules = ScheduleRepository(db.Single(conn))
    for rfc in (RFC, OTHER):
        with db.transaction(conn):
            repo.insert(rfc, "", 1)
            schedules.create(rfc)
    with db.transaction(conn):
        repo.delete(RFC)
    assert repo.rfcs() == [OTHER]
    assert [tuple(r) for r in conn.execute("SELECT rfc FROM schedules")] == [(OTHER,)]


def test_a_write_outside_the_callers_transaction_rolls_back_with_it(repo, conn):
    _add(repo, conn)
    with pytest.raises(RuntimeError), db.transaction(conn):
        repo.activate(RFC, 1)
        raise RuntimeError("the caller fails after the write")
    assert not repo.get(RFC).activated
