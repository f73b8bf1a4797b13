"""``core.setup``: what the wizard gathered, applied in one step; a profile it created is removed if a step fails."""

from __future__ import annotations

import pytest

from desktop_app.core.errors import AppError
from desktop_app.core.setup import NewFiel, SetupPlan, activation_preview, apply_setup, profile_preview
from tests.conftest import TEST_PASSWORD

RFC = "EKU9003173C9"


@pytest.fixture
def new_fiel(fiel_paths) -> NewFiel:
    cer, key = fiel_paths
    return NewFiel(cer.read_bytes(), key.read_bytes(), TEST_PASSWORD, "2026-04-01", "55 1234 5678")


def test_previews_store_nothing(service):
    assert profile_preview(service, RFC, "Kemper") == {**profile_preview(service, RFC, "Kemper"), "existed": False}
    status = activation_preview(service, RFC)
    assert status["isActivated"] is False and status["usage"]["xmlDownloadedTotal"] == 0
    assert service.profiles.list() == []
    with pytest.raises(AppError) as caught:
        profile_preview(service, "EKU9003173C")
    assert caught.value.code == "invalid_rfc"
    # a check digit that does not verify is left to the e.firma (apply_setup)
    assert profile_preview(service, "EKU9003173C8")["rfc"] == "EKU9003173C8"


def test_a_check_digit_that_does_not_verify_needs_an_e_firma_issued_to_that_rfc(service, new_fiel):
    """Issue 16.3: some RFCs SAT assigned long ago fail the check digit; the e.firma (issued by SAT to an RFC) is
    the evidence. A typo (here the test e.firma of EKU9003173C9 with EKU9003173C8 typed) is rfc_mismatch and
    leaves nothing; without an e.firma in the plan such an RFC is invalid_rfc."""
    with pytest.raises(AppError) as caught:
        apply_setup(service, SetupPlan("EKU9003173C8", "Kemper", fiel=new_fiel))
    assert caught.value.code == "rfc_mismatch"
    assert service.profiles.list() == []
    with pytest.raises(AppError) as caught:
        apply_setup(service, SetupPlan("EKU9003173C8", "Kemper"))
    assert (caught.value.code, caught.value.details["reason"]) == ("invalid_rfc", "check_digit")
    assert service.profiles.list() == []


def test_apply_creates_the_whole_profile(service, new_fiel):
    registration = service.authenticate(service_fiel(service, new_fiel))
    plan = SetupPlan(
        RFC,
        "Kemper",
        fiel=new_fiel,
        registration=registration,
        schedule={"enabled": True, "time": "07:30", "download_types": ["received"], "days_back": 10},
        backfill=True,
    )
    result = apply_setup(service, plan)
    assert result["created"] is True and result["password_in_keyring"] is True
    profile = service.profiles.get(RFC)
    assert profile.name == "Kemper" and profile.activated and profile.has_fiel and profile.sync_enabled
    assert profile.registered and profile.registered_at == registration["registered_at"]
    assert profile.sync_start_date == "2026-04-01" and profile.phone == "+525512345678"
    assert result["backfill"]["requests_created"] > 0


def test_a_failing_step_removes_the_profile_it_created(service, new_fiel):
    plan = SetupPlan(RFC, fiel=new_fiel, schedule={"enabled": True, "time": "25:00"})
    with pytest.raises(AppError) as caught:
        apply_setup(service, plan)
    assert caught.value.code == "invalid_schedule"
    assert service.profiles.list() == []
    assert not any(service.home.glob(f"{RFC}/fiel/*"))
    assert service.secrets.get_password(RFC) is None


def test_an_existing_profile_is_kept_when_a_step_fails(service, new_fiel):
    service.add_profile(RFC, "Kemper")
    with pytest.raises(AppError):
        apply_setup(service, SetupPlan(RFC, schedule={"time": "25:00"}))
    assert [p.rfc for p in service.profiles.list()] == [RFC]


def service_fiel(service, new: NewFiel):
    from desktop_app.core.fiel import load_fiel

    return load_fiel(new.cer, new.key, new.password, now=service.clock.now())
