"""The RFC of a profile: shape, date and SAT's check digit (issue 16: ``EKU9003173C8`` was taken as valid)."""

from __future__ import annotations

import pytest

from desktop_app.core.errors import AppError
from desktop_app.core.profiles import RFC_WITHOUT_CHECK_DIGIT, normalize_rfc, rfc_check_digit, rfc_problem

# Real RFCs whose digit SAT assigned with its algorithm (companies: 12 characters, people: 13).
REAL = [
    "SAT970701NN3",  # SAT itself
    "IMS421231I45",  # IMSS
    "CFE370814QI0",  # CFE
    "EKU9003173C9",  # SAT's public test FIEL (the sandbox's taxpayer)
    "GODE561231GR8",  # the worked example of SAT's algorithm (a person)
    "MAB9307148T4",
]


@pytest.mark.parametrize("rfc", REAL)
def test_rfcs_sat_assigned_are_valid(rfc):
    assert rfc_problem(rfc) is None
    assert normalize_rfc(f"  {rfc.lower()} ") == rfc


@pytest.mark.parametrize("rfc", sorted(RFC_WITHOUT_CHECK_DIGIT))
def test_generic_rfcs_and_sats_test_certificates_are_valid(rfc):
    assert normalize_rfc(rfc) == rfc


@pytest.mark.parametrize("rfc", REAL)
def test_any_other_last_character_is_refused(rfc):
    for digit in "0123456789A":
        if digit != rfc[-1]:
            with pytest.raises(AppError) as caught:
                normalize_rfc(rfc[:-1] + digit)
            assert (caught.value.code, caught.value.details["reason"]) == ("invalid_rfc", "check_digit")


def test_a_typo_inside_the_rfc_changes_the_digit():
    assert rfc_problem("EKU9003173C8") == "check_digit"  # the example
    assert rfc_problem("EKU9003137C9") == "check_digit"  # two digits of the date swapped
    assert rfc_problem("EKV9003173C9") == "check_digit"  # one letter of the name


def test_the_digit_follows_sats_worked_example():
    # SAT's example: GODE561231GR → 1026 mod 11 = 3 → 11 - 3 = 8.
    assert rfc_check_digit("GODE561231GR") == "8"
    assert rfc_check_digit("SAT970701NN") == "3"  # a company: 11 characters, padded with a blank


@pytest.mark.parametrize(
    ("rfc", "reason"),
    [
        ("EKU900317", "format"),
        ("EKU9003173C9X", "format"),
        ("123456789012", "format"),
        ("GODE561331GR8", "date"),  # month 13
        ("GODE560230GR8", "date"),  # 30 February
    ],
)
def test_shape_and_date(rfc, reason):
    assert rfc_problem(rfc) == reason
    with pytest.raises(AppError) as caught:
        normalize_rfc(rfc)
    assert caught.value.details["reason"] == reason


def test_29_february_is_a_date_in_a_leap_century():
    rfc = "ABCD000229AB"
    assert rfc_problem(rfc + rfc_check_digit(rfc)) is None  # 2000-02-29


def test_cli_profile_add_refuses_a_wrong_check_digit(cli):
    code, doc = cli("profile", "add", "EKU9003173C8")
    assert code == 1
    assert doc["error"]["code"] == "invalid_rfc" and doc["error"]["reason"] == "check_digit"
    assert cli("profile", "list")[1]["data"]["profiles"] == []
    assert cli("profile", "add", "EKU9003173C9")[0] == 0


def test_the_user_can_vouch_for_an_rfc_whose_digit_does_not_verify(service):
    """Issue 16.3's doubt: SAT assigned some RFCs whose check digit does not follow its algorithm; the CLI takes
    one on the user's explicit word (``profile add --accept-check-digit``), never by default."""
    assert normalize_rfc("eku9003173c8", accept_check_digit=True) == "EKU9003173C8"
    with pytest.raises(AppError):
        normalize_rfc("EKU9003173C8")
    with pytest.raises(AppError):  # the flag covers the digit only, never a date that does not exist
        normalize_rfc("EKU9002303C9", accept_check_digit=True)
    assert service.add_profile("EKU9003173C8", accept_check_digit=True)["rfc"] == "EKU9003173C8"
