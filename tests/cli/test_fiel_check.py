"""`descarga-masiva fiel check`: the CLI contract (one JSON document on stdout, exit codes)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from tests.conftest import CREDENTIALS, TEST_PASSWORD

FIEL = CREDENTIALS / "eku9003173c9-fiel"
CSD = CREDENTIALS / "eku9003173c9-csd"


def run_cli(*args: str, stdin: str = "") -> tuple[int, dict, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "desktop_app", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    assert len(lines) == 1, f"expected exactly one JSON document on stdout, got {proc.stdout!r}"
    return proc.returncode, json.loads(lines[0]), proc.stderr


def test_fiel_check_valid():
    code, doc, _ = run_cli(
        "fiel",
        "check",
        "--cer",
        str(FIEL / "EKU9003173C9.cer"),
        "--key",
        str(FIEL / "EKU9003173C9.key"),
        "--password-stdin",
        stdin=TEST_PASSWORD + "\n",
    )
    if datetime.now(UTC) > datetime(2027, 5, 17, 4, 37, 14, tzinfo=UTC):  # SAT's test FIEL has expired
        assert code == 1 and doc["error"]["code"] == "certificate_expired"
        return
    assert code == 0 and doc["success"] is True, doc
    data = doc["data"]
    assert data["rfc"] == "EKU9003173C9"
    assert data["serial_number"] == "30001000000500003415"
    assert data["kind"] == "fiel"
    assert data["legal_name"] == "ESCUELA KEMPER URGATE SA DE CV"
    assert data["expires_at"] == 1810528634000
    assert data["expires_at_readable"].startswith("2027-05-17")
    assert isinstance(data["valid_from"], int)


@pytest.mark.parametrize(
    ("cer", "key", "password", "extra", "code"),
    [
        (FIEL / "EKU9003173C9.cer", FIEL / "EKU9003173C9.key", "mala", [], "wrong_password"),
        (CSD / "EKU9003173C9.cer", CSD / "EKU9003173C9.key", TEST_PASSWORD, [], "not_a_fiel"),
        (
            FIEL / "EKU9003173C9.cer",
            FIEL / "EKU9003173C9.key",
            TEST_PASSWORD,
            ["--rfc", "AAA010101AAA"],
            "rfc_mismatch",
        ),
        (
            FIEL / "EKU9003173C9.key",
            FIEL / "EKU9003173C9.cer",
            TEST_PASSWORD,
            [],
            "invalid_certificate_format",
        ),
        (
            CREDENTIALS / "aaa010101aaa-fiel-expired" / "certificate.cer",
            CREDENTIALS / "aaa010101aaa-fiel-expired" / "private_key.key",
            TEST_PASSWORD,
            [],
            "certificate_expired",
        ),
    ],
)
def test_fiel_check_errors(cer, key, password, extra, code):
    rc, doc, _ = run_cli(
        "fiel",
        "check",
        "--cer",
        str(cer),
        "--key",
        str(key),
        "--password-stdin",
        *extra,
        stdin=password + "\n",
    )
    assert rc == 1
    assert doc["success"] is False
    assert doc["error"]["code"] == code
    assert doc["error"]["message"]


def test_password_never_appears_in_output():
    rc, doc, stderr = run_cli(
        "fiel",
        "check",
        "--cer",
        str(FIEL / "EKU9003173C9.cer"),
        "--key",
        str(FIEL / "EKU9003173C9.key"),
        "--password-stdin",
        stdin="contraseña-secreta-123\n",
    )
    assert rc == 1 and doc["error"]["code"] == "wrong_password"
    assert "contraseña-secreta-123" not in json.dumps(doc, ensure_ascii=False) + stderr


def test_usage_error_exits_2_with_a_json_document():
    rc, doc, _ = run_cli("fiel", "check", "--cer", "x.cer")
    assert rc == 2
    assert doc["success"] is False and doc["error"]["code"] == "usage_error"


def test_version_is_plain_and_fast():
    proc = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--version"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    assert proc.stdout.startswith("descarga-masiva ")
