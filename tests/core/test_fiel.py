"""FIEL loading against every credential set in the fixtures and against hostile files."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop_app.core.errors import AppError
from desktop_app.core.fiel import MAX_CREDENTIAL_FILE_SIZE, load_fiel, load_fiel_files, parse_certificate
from tests.conftest import CREDENTIALS, FIEL_VALID_AT, TEST_PASSWORD

FIEL = CREDENTIALS / "eku9003173c9-fiel"
CSD = CREDENTIALS / "eku9003173c9-csd"
FIEL_EXPIRED = CREDENTIALS / "aaa010101aaa-fiel-expired"
CSD_EXPIRED = CREDENTIALS / "aaa010101aaa-csd-expired"

FIEL_CER = (FIEL / "EKU9003173C9.cer").read_bytes()
FIEL_KEY = (FIEL / "EKU9003173C9.key").read_bytes()


def _code(fn, *args, **kwargs) -> str:
    with pytest.raises(AppError) as info:
        fn(*args, **kwargs)
    return info.value.code


def test_valid_fiel_exposes_what_sat_and_the_user_need():
    fiel = load_fiel(FIEL_CER, FIEL_KEY, TEST_PASSWORD, now=FIEL_VALID_AT)
    info = fiel.info
    assert info.rfc == "EKU9003173C9"
    assert info.representative_rfc == "VADA800927DJ3"
    assert info.curp == ""  # a company: the CURP field is " / <representative's CURP>"
    assert info.representative_curp == "VADA800927HSRSRL05"
    assert info.legal_name == "ESCUELA KEMPER URGATE SA DE CV"
    assert info.serial_number == "30001000000500003415"
    assert info.serial_int == 292233162870206001759766198462772978647764840757
    assert info.kind == "fiel"
    assert info.valid_from == datetime(2023, 5, 18, 4, 37, 14, tzinfo=UTC)
    assert info.valid_to == datetime(2027, 5, 17, 4, 37, 14, tzinfo=UTC)
    assert info.issuer_name.startswith("CN=AC UAT,O=SERVICIO DE ADMINISTRACION TRIBUTARIA,OU=SAT-IES Authority")
    payload = info.to_json()
    assert payload["expires_at"] == 1810528634000
    assert payload["expires_at_readable"] == "2027-05-17T04:37:14.000Z"  # the seed's form: ISO 8601 UTC, ms
    assert "12345678a" not in repr(fiel)


def test_fiel_signature_verifies_with_the_certificate():
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    fiel = load_fiel(FIEL_CER, FIEL_KEY, TEST_PASSWORD, now=FIEL_VALID_AT)
    signature = fiel.sign_sha1(b"hola SAT")
    fiel.certificate.public_key().verify(signature, b"hola SAT", padding.PKCS1v15(), hashes.SHA1())


def test_pem_certificate_is_accepted_and_an_unencrypted_pem_key_refused(tmp_path: Path):
    import base64
    import textwrap

    pem = b"-----BEGIN CERTIFICATE-----\n"
    pem += "\n".join(textwrap.wrap(base64.b64encode(FIEL_CER).decode(), 64)).encode()
    pem += b"\n-----END CERTIFICATE-----\n"
    assert load_fiel(pem, FIEL_KEY, TEST_PASSWORD, now=FIEL_VALID_AT).rfc == "EKU9003173C9"
    # the key converted to unencrypted PEM (issue 14: it used to open with any password): refused
    key_pem = (FIEL / "EKU9003173C9.key.pem").read_bytes()
    for password in ("", "anything", TEST_PASSWORD):
        assert _code(load_fiel, pem, key_pem, password, now=FIEL_VALID_AT) == "invalid_key_format"


def test_a_key_file_of_an_encrypted_key_and_the_same_key_in_clear_is_refused_and_never_stored(tmp_path: Path):
    """PEM is read up to its first block: an encrypted key followed by the same key in clear passed as encrypted,
    and the upload wrote the whole file (the clear block with it) to the data home."""
    from cryptography.hazmat.primitives import serialization

    from desktop_app.core.fiel import require_encrypted_key

    key = serialization.load_der_private_key(FIEL_KEY, TEST_PASSWORD.encode())
    encrypted = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(TEST_PASSWORD.encode()),
    )
    clear = (FIEL / "EKU9003173C9.key.pem").read_bytes()
    assert b"ENCRYPTED" in encrypted and b"ENCRYPTED" not in clear
    assert load_fiel(FIEL_CER, encrypted, TEST_PASSWORD, now=FIEL_VALID_AT).rfc == "EKU9003173C9"  # one block: fine
    for both in (encrypted + clear, encrypted + b"\n" + encrypted):
        assert _code(load_fiel, FIEL_CER, both, TEST_PASSWORD, now=FIEL_VALID_AT) == "invalid_key_format"
        assert _code(require_encrypted_key, both) == "invalid_key_format"


@pytest.mark.parametrize(
    ("folder", "cer", "key", "code"),
    [
        (CSD, "EKU9003173C9.cer", "EKU9003173C9.key", "not_a_fiel"),
        (CSD_EXPIRED, "certificate.cer", "private_key.key", "not_a_fiel"),
        (FIEL_EXPIRED, "certificate.cer", "private_key.key", "certificate_expired"),
    ],
)
def test_every_credential_fixture_gives_its_answer(folder, cer, key, code):
    assert _code(load_fiel_files, folder / cer, folder / key, TEST_PASSWORD, now=FIEL_VALID_AT) == code


def test_csd_is_recognised_but_loadable_when_a_csd_is_what_is_wanted():
    fiel = load_fiel_files(
        CSD / "EKU9003173C9.cer",
        CSD / "EKU9003173C9.key",
        TEST_PASSWORD,
        now=FIEL_VALID_AT,
        require_fiel=False,
    )
    assert fiel.info.kind == "csd"
    assert fiel.info.serial_number == "30001000000500003416"


def test_expired_fiel_still_describes_itself():
    _, info = parse_certificate((FIEL_EXPIRED / "certificate.cer").read_bytes())
    assert (info.rfc, info.kind, info.serial_number) == ("AAA010101AAA", "fiel", "30001000000300023685")
    assert info.valid_to.date().isoformat() == "2021-05-15"


def test_validity_uses_the_injected_now():
    after_expiry = datetime(2027, 5, 18, tzinfo=UTC)
    assert _code(load_fiel, FIEL_CER, FIEL_KEY, TEST_PASSWORD, now=after_expiry) == "certificate_expired"
    before = datetime(2023, 5, 1, tzinfo=UTC)
    assert _code(load_fiel, FIEL_CER, FIEL_KEY, TEST_PASSWORD, now=before) == "certificate_expired"
    just_inside = datetime(2027, 5, 17, 4, 37, tzinfo=UTC)
    assert load_fiel(FIEL_CER, FIEL_KEY, TEST_PASSWORD, now=just_inside).info.days_left(just_inside) == 0


def test_wrong_password():
    assert _code(load_fiel, FIEL_CER, FIEL_KEY, "12345678b", now=FIEL_VALID_AT) == "wrong_password"
    assert _code(load_fiel, FIEL_CER, FIEL_KEY, "", now=FIEL_VALID_AT) == "wrong_password"


def test_rfc_mismatch_only_when_an_rfc_is_expected():
    assert (
        _code(load_fiel, FIEL_CER, FIEL_KEY, TEST_PASSWORD, now=FIEL_VALID_AT, expected_rfc="AAA010101AAA")
        == "rfc_mismatch"
    )
    ok = load_fiel(FIEL_CER, FIEL_KEY, TEST_PASSWORD, now=FIEL_VALID_AT, expected_rfc=" eku9003173c9 ")
    assert ok.rfc == "EKU9003173C9"


def test_key_of_another_certificate_is_a_mismatch():
    csd_key = (CSD / "EKU9003173C9.key").read_bytes()
    assert _code(load_fiel, FIEL_CER, csd_key, TEST_PASSWORD, now=FIEL_VALID_AT) == "key_certificate_mismatch"


def test_swapped_files():
    assert _code(load_fiel, FIEL_KEY, FIEL_CER, TEST_PASSWORD, now=FIEL_VALID_AT) == "invalid_certificate_format"
    assert _code(load_fiel, FIEL_CER, FIEL_CER, TEST_PASSWORD, now=FIEL_VALID_AT) == "invalid_key_format"


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"   \n",
        b"hola, esto no es un certificado",
        os.urandom(1500),
        FIEL_CER[: len(FIEL_CER) // 2],  # truncated
        FIEL_CER[:-1],
        b"-----BEGIN CERTIFICATE-----\nnot base64!!\n-----END CERTIFICATE-----\n",
        b"\x30\x82\xff\xff" + b"\x00" * 100,
    ],
)
def test_garbage_certificates(garbage):
    assert _code(load_fiel, garbage, FIEL_KEY, TEST_PASSWORD, now=FIEL_VALID_AT) == "invalid_certificate_format"


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"hola",
        os.urandom(1300),
        FIEL_KEY[: len(FIEL_KEY) // 2],
        FIEL_KEY[:-3],
        b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n",
        b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
    ],
)
def test_garbage_keys(garbage):
    assert _code(load_fiel, FIEL_CER, garbage, TEST_PASSWORD, now=FIEL_VALID_AT) == "invalid_key_format"


def test_very_large_files_are_refused_without_reading_them_whole(tmp_path: Path):
    huge = tmp_path / "huge.cer"
    with huge.open("wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing on disk
    key = FIEL / "EKU9003173C9.key"
    assert _code(load_fiel_files, huge, key, TEST_PASSWORD) == "invalid_certificate_format"
    assert _code(load_fiel_files, FIEL / "EKU9003173C9.cer", huge, TEST_PASSWORD) == "invalid_key_format"
    big = FIEL_CER + b"\x00" * MAX_CREDENTIAL_FILE_SIZE
    assert _code(load_fiel, big, FIEL_KEY, TEST_PASSWORD) == "invalid_certificate_format"


def test_missing_files_and_folders(tmp_path: Path):
    key = FIEL / "EKU9003173C9.key"
    assert _code(load_fiel_files, tmp_path / "nope.cer", key, TEST_PASSWORD) == "invalid_certificate_format"
    assert _code(load_fiel_files, tmp_path, key, TEST_PASSWORD) == "invalid_certificate_format"


def test_default_now_is_the_real_clock():
    """Without an injected now the real clock decides (this test holds before and after 2027-05-17)."""
    now = datetime.now(UTC)
    fiel_valid = now < datetime(2027, 5, 17, 4, 37, 14, tzinfo=UTC)
    if fiel_valid:
        assert load_fiel(FIEL_CER, FIEL_KEY, TEST_PASSWORD).rfc == "EKU9003173C9"
    else:
        assert _code(load_fiel, FIEL_CER, FIEL_KEY, TEST_PASSWORD) == "certificate_expired"


def test_a_damaged_field_inside_a_wellformed_certificate_is_a_format_error():
    damaged = FIEL_CER.replace(b"AC UAT", b"AC\xff\xfeAT", 1)  # invalid text in the issuer's CN
    assert damaged != FIEL_CER
    assert _code(load_fiel, damaged, FIEL_KEY, TEST_PASSWORD, now=FIEL_VALID_AT) == "invalid_certificate_format"


def test_a_certificate_with_a_non_positive_serial_is_refused():
    serial_at = FIEL_CER.index(bytes.fromhex("02143330"))  # INTEGER of 20 bytes, the ASCII digits "30…"
    negative = FIEL_CER[: serial_at + 2] + b"\x80" + FIEL_CER[serial_at + 3 :]
    assert _code(load_fiel, negative, FIEL_KEY, TEST_PASSWORD, now=FIEL_VALID_AT) == "invalid_certificate_format"


def test_what_the_certificate_alone_says_comes_before_the_password():
    """A CSD opened with the e.firma's password was «wrong password» (the owner retried passwords, never told it was
    a CSD); an expired e.firma of another RFC was first offered as that RFC to use (outside audit of the owner's
    first run)."""
    csd_cer, csd_key = (CSD / "EKU9003173C9.cer").read_bytes(), (CSD / "EKU9003173C9.key").read_bytes()
    with pytest.raises(AppError) as caught:
        load_fiel(csd_cer, csd_key, "not the CSD's password", now=FIEL_VALID_AT)
    assert caught.value.code == "not_a_fiel"
    expired = CREDENTIALS / "aaa010101aaa-fiel-expired"
    cer, key = (expired / "certificate.cer").read_bytes(), (expired / "private_key.key").read_bytes()
    with pytest.raises(AppError) as caught:
        load_fiel(cer, key, "any password", now=FIEL_VALID_AT, expected_rfc="EKU9003173C9")
    assert caught.value.code == "certificate_expired"
