"""Issue 14, the seed's interface and the engine as a new user meets them, through the CLI and the sandbox.

Phone forms, converted (unencrypted) keys, the seed's history shapes, a history that refreshes pending
requests, ``expires_at_readable``, the seed's top-level ``message``, future periods, a request that failed
before it was sent, ``sync --wait`` totals, ``package`` of a running request, and unattended sync without a
keyring.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime, timedelta

import pytest
from cryptography.hazmat.primitives import serialization
from keyring.backends import fail

from desktop_app.core.secrets import SecretStore
from desktop_app.core.sync import SyncPolicy
from tests.conftest import CREDENTIALS, TEST_PASSWORD, MemoryKeyring

FIEL = CREDENTIALS / "eku9003173c9-fiel"
CER, KEY = str(FIEL / "EKU9003173C9.cer"), str(FIEL / "EKU9003173C9.key")
RFC = "EKU9003173C9"
MAY = ("--start", "2026-05-01", "--end", "2026-05-31", "--rfc-type", "issued")


@pytest.fixture
def secrets(request) -> SecretStore:
    """A working keyring, or (``indirect`` param ``"none"``) a computer where no keyring works."""
    return SecretStore(fail.Keyring() if getattr(request, "param", "memory") == "none" else MemoryKeyring())


NO_KEYRING = pytest.mark.parametrize("secrets", ["none"], indirect=True)


def _upload(cli, *extra: str, key: str = KEY, password: str = TEST_PASSWORD) -> tuple[int, dict]:
    return cli("fiel", "upload", "--cer", CER, "--key", key, "--password-stdin", *extra, stdin=password + "\n")


@pytest.fixture
def activated(cli):
    assert cli("profile", "add", RFC)[0] == 0
    assert cli("activation", "on")[0] == 0
    return cli


@pytest.fixture
def ready(activated):
    code, doc = _upload(activated)
    assert code == 0, doc
    return activated


def _packages(tmp_path, request_id: str) -> list[sqlite3.Row]:
    conn = sqlite3.connect(tmp_path / "home" / "descarga.sqlite3")
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute("SELECT * FROM packages WHERE request_id = ? ORDER BY id", (request_id,)).fetchall()
    finally:
        conn.close()


# -- 1. phone ------------------------------------------------------------------------------------------------------


def test_the_seeds_phone_forms_are_stored_in_one_normal_form(activated):
    # the seed's own example first (refused before issue 14), then the forms people write
    for phone in ("+5215512345678", "+52 1 (55) 1234-5678", "+52 55 1234 5678", "+52-55-1234-5678", "55 1234 5678"):
        code, doc = _upload(activated, "--phone", phone)
        assert code == 0, (phone, doc)
        assert doc["data"]["phone"] == "+525512345678", phone
        assert activated("profile", "list")[1]["data"]["profiles"][0]["phone"] == "+525512345678"


# -- 2. converted keys ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "form"),
    [
        (serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8),
        (serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL),
        (serialization.Encoding.DER, serialization.PrivateFormat.PKCS8),
        (serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL),
    ],
)
def test_an_unencrypted_key_is_refused_and_never_stored(activated, tmp_path, encoding, form):
    key = serialization.load_der_private_key((FIEL / "EKU9003173C9.key").read_bytes(), TEST_PASSWORD.encode())
    clear = key.private_bytes(encoding, form, serialization.NoEncryption())
    path = tmp_path / "converted.key"
    path.write_bytes(clear)
    for password in ("anything", TEST_PASSWORD):
        code, doc = _upload(activated, key=str(path), password=password)
        assert code == 1 and doc["error"]["code"] == "invalid_key_format", doc
        assert ".key" in doc["error"]["message"] and "convert" in doc["error"]["message"]
    assert not (tmp_path / "home" / RFC / "fiel").exists()
    for stored in (tmp_path / "home").rglob("*"):
        assert not stored.is_file() or clear not in stored.read_bytes(), stored
    assert activated("profile", "list")[1]["data"]["profiles"][0]["has_fiel"] is False


# -- 3. history shapes ---------------------------------------------------------------------------------------------


def test_history_items_have_the_seeds_shapes(ready, sandbox):
    code, doc = ready("request", "--start", "2026-05-01T08:30:00", "--end", "2026-05-31", "--rfc-type", "issued")
    assert code == 0, doc
    header = next(
        sandbox.world.find(
            rfc=RFC, direction="issued", start=datetime(2026, 3, 1), end=datetime(2026, 3, 31, 23, 59, 59)
        )
    )
    assert ready("invoice", header.uuid)[1]["data"]["source"] == "sat"
    code, doc = ready("history", "--no-refresh")
    assert code == 0, doc
    by_kind = {item["requestKind"]: item for item in doc["data"]["history"]}
    period, uuid = by_kind["period"], by_kind["uuid"]
    assert (period["startDate"], period["endDate"]) == ("2026-05-01", "2026-05-31")
    assert (period["startAt"], period["endAt"]) == ("2026-05-01T08:30:00", "2026-05-31T23:59:59")
    assert period["rfcType"] == "issued"
    for name in ("earliestIssueDate", "latestIssueDate"):
        assert len(period[name]) == 10 and datetime.strptime(period[name], "%Y-%m-%d")
        assert period[name.replace("Date", "At")].startswith(period[name])
    assert "2026-05-01" <= period["earliestIssueDate"] <= period["latestIssueDate"] <= "2026-05-31"
    # a request by UUID: its kind in requestKind, rfcType only the seed's values (the CFDI's direction)
    assert uuid["folio"].upper() == header.uuid.upper() and uuid["status"] == "completed"
    assert uuid["rfcType"] == "issued"
    assert {item["rfcType"] for item in doc["data"]["history"]} <= {"issued", "received"}


# -- 4. history refreshes pending requests -----------------------------------------------------------------------


@pytest.mark.parametrize("sandbox_options", [{"ready_after": 600}])
def test_history_asks_sat_about_due_requests_without_spending_anything(ready, clock, sandbox, tmp_path):
    code, doc = ready("request", *MAY)
    assert code == 0 and doc["data"]["status"] == "accepted", doc
    request_id = doc["data"]["request_id"]
    clock.advance(601)  # SAT is now building the packages (state 2)
    code, doc = ready("history", "--no-refresh")
    assert code == 0 and doc["data"]["refreshed"] is False
    assert doc["data"]["history"][0]["status"] == "accepted"
    code, doc = ready("history")
    assert code == 0 and doc["data"]["refreshed"] is True, doc
    assert doc["data"]["refresh"]["verified"] == 1
    assert doc["data"]["history"][0]["status"] == "processing"

    clock.advance(600)  # SAT finished: the refresh learns it, but downloads nothing and sends nothing
    item = ready("history")[1]["data"]["history"][0]
    assert item["status"] == "processing" and item["invoiceCount"] > 0, item
    packages = _packages(tmp_path, request_id)
    assert packages and all(p["state"] == "available" and p["download_count"] == 0 for p in packages)
    assert len(sandbox.state.requests) == 1
    assert not any(sandbox.state.requests[item["satRequestId"]].downloads.values())
    # 11: the package SAT listed is not downloaded yet: not ready (not "not found")
    code, doc = ready("package", packages[0]["id"], "--output", str(tmp_path / "p.zip"))
    assert code == 1 and doc["error"]["code"] == "request_not_ready", doc
    assert doc["error"]["status"] == "processing" and doc["error"]["state"] == "available"

    assert ready("sync", "--wait", "--timeout", "60")[0] == 0
    assert ready("history")[1]["data"]["history"][0]["status"] == "completed"
    assert all(p["download_count"] == 1 for p in _packages(tmp_path, request_id))


@pytest.mark.parametrize("sandbox_options", [{"ready_after": 600}])
def test_history_refresh_is_bounded(ready, clock, sandbox):
    assert ready("request", *MAY)[1]["data"]["status"] == "accepted"
    clock.advance(601)
    sandbox.faults.add_spec("verify:delay:seconds=4:times=1")
    started = time.monotonic()
    code, doc = ready("history", "--refresh-timeout", "0.5")
    assert time.monotonic() - started < 3.0
    assert code == 0 and doc["data"]["refresh"]["timedOut"] is True, doc
    assert doc["data"]["refreshed"] is False and doc["data"]["refreshError"]["code"], doc
    assert doc["data"]["history"][0]["status"] == "accepted"  # unchanged: SAT did not answer in time
    assert ready("history", "--refresh-timeout", "-1")[1]["error"]["code"] == "invalid_argument"


@NO_KEYRING
@pytest.mark.parametrize("sandbox_options", [{"ready_after": 600}])
def test_history_answers_without_a_password(ready, clock, secrets):
    assert ready("request", *MAY)[1]["data"]["status"] == "accepted"
    secrets.delete_password(RFC)  # a new session: no keyring, so the password is gone
    clock.advance(601)
    code, doc = ready("history")
    assert code == 0, doc
    assert doc["data"]["refreshed"] is False
    assert doc["data"]["refreshError"]["code"] == "password_required"
    assert doc["data"]["history"][0]["status"] == "accepted"
    code, doc = ready("history", "--password-stdin", stdin=TEST_PASSWORD + "\n")
    assert doc["data"]["refreshed"] is True and doc["data"]["history"][0]["status"] == "processing"


# -- 5, 6. expires_at_readable and the seed's message ------------------------------------------------------------


def test_readable_expiry_and_top_level_messages(activated):
    code, doc = activated("activation", "on")
    assert code == 0 and "activada" in doc["message"] and doc["data"]["activated"] is True
    code, doc = _upload(activated)
    assert code == 0 and "e.firma" in doc["message"] and "registrado" in doc["message"]
    assert doc["data"]["expires_at_readable"] == "2027-05-17T04:37:14.000Z"
    code, doc = activated("schedule", "set", "--enabled", "true", "--time", "07:15")
    assert code == 0 and "07:15" in doc["message"] and doc["data"]["schedule"]["enabled"] is True
    show = activated("schedule", "show")[1]
    assert "message" not in show and show["data"]["fiel"]["expires_at_readable"] == "2027-05-17T04:37:14.000Z"
    code, doc = activated("activation", "off")
    assert code == 0 and "desactivada" in doc["message"]


# -- 8. future periods ---------------------------------------------------------------------------------------------


def test_a_period_in_the_future_is_refused_and_an_end_in_the_future_clipped(ready, sandbox):
    code, doc = ready("request", "--start", "2027-01-01", "--end", "2027-01-15")  # the clock: 2026-06-15 12:00
    assert code == 1 and doc["error"]["code"] == "invalid_date_range", doc
    assert not sandbox.state.requests
    code, doc = ready("request", "--start", "2026-06-01", "--end", "2026-06-30", "--rfc-type", "issued")
    assert code == 0, doc
    data = doc["data"]
    assert data["clipped_end"] == {"requested": "2026-06-30T23:59:59", "sent": "2026-06-15T12:00:00"}
    assert data["note"] and data["request"]["endAt"] == "2026-06-15T12:00:00"
    assert data["request"]["endDate"] == "2026-06-15"
    (sent,) = sandbox.state.requests.values()
    assert "2026-06-15T12:00:00" in str(sent.params) and "2026-06-30" not in str(sent.params)


@pytest.mark.parametrize("sandbox_options", [{"ready_after": 600}])
def test_a_clipped_request_asked_again_while_open_is_the_same_request(ready, clock, sandbox):
    first = ready("request", "--start", "2026-06-01", "--end", "2026-06-30", "--rfc-type", "issued")[1]["data"]
    clock.advance(90)
    again = ready("request", "--start", "2026-06-01", "--end", "2026-06-30", "--rfc-type", "issued")[1]["data"]
    assert first["clipped_end"]["sent"] == "2026-06-15T12:00:00"
    assert again["duplicate"] is True and again["request_id"] == first["request_id"]
    assert len(sandbox.state.requests) == 1


# -- 9. a request that failed before it was sent ---------------------------------------------------------------------


@NO_KEYRING
def test_a_request_never_sent_is_sent_when_asked_again(ready, secrets, sandbox):
    secrets.delete_password(RFC)
    code, doc = ready("request", *MAY)
    assert code == 1 and doc["error"]["code"] == "password_required", doc
    (stored,) = ready("history", "--no-refresh")[1]["data"]["history"]
    assert stored["status"] == "pending" and not sandbox.state.requests
    # the error says the request is stored, and which (before: nothing told a script it was kept)
    assert doc["error"]["request_id"] == stored["id"] and doc["error"]["stored"] is True
    assert stored["id"] in doc["error"]["message"]
    code, doc = ready("request", *MAY, "--password-stdin", stdin=TEST_PASSWORD + "\n")
    assert code == 0, doc
    assert doc["data"]["duplicate"] is False and doc["data"]["resumed"] is True
    assert doc["data"]["request_id"] == stored["id"] and doc["data"]["status"] != "pending"
    assert len(sandbox.state.requests) == 1
    # now it was sent: asking again is a true duplicate, and nothing more goes to SAT
    code, doc = ready("request", *MAY, "--password-stdin", stdin=TEST_PASSWORD + "\n")
    assert doc["data"]["duplicate"] is True and doc["data"]["resumed"] is False
    assert len(sandbox.state.requests) == 1
    # the same for the pieces of --by-month (an outside audit: the error hid that they were queued)
    code, doc = ready("request", "--start", "2026-03-01", "--end", "2026-04-30", "--by-month")
    assert code == 1 and doc["error"]["code"] == "password_required" and doc["error"]["stored"] is True, doc
    history = ready("history", "--no-refresh")[1]["data"]["history"]
    queued = {h["id"] for h in history if h["status"] == "pending"}
    assert set(doc["error"]["request_ids"]) == queued and len(queued) == 2


# -- 10. sync --wait totals ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("sandbox_options", [{"ready_after": 600, "invoices": 2_000}])
def test_sync_wait_reports_the_totals_of_every_pass(ready, make_service, clock, tmp_path):
    service = make_service(tmp_path / "home")
    for month in (3, 4, 5):
        start = datetime(2026, month, 1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(seconds=1)
        service.create_request(RFC, start=start.isoformat(), end=end.isoformat(), rfc_type="issued", submit=False)
    result = service.sync_until_done(RFC, timeout=60, sleep=lambda _s: clock.advance(601))
    assert result["passes"] >= 3 and result["timed_out"] is False
    history = service.history(RFC)["history"]
    assert [r["status"] for r in history] == ["completed"] * 3
    assert result["submitted"] == 3 and result["completed"] == 3
    assert result["documents_ingested"] == sum(r["processedCount"] for r in history) > 0
    assert result["packages_downloaded"] >= 3 and result["verified"] >= 6
    assert result["last_pass"]["submitted"] == 0  # what the answer used to report


@pytest.mark.parametrize("sandbox_options", [{"ready_after": 30, "invoices": 2_000}])
def test_sync_wait_runs_no_pass_that_could_not_start_the_download(ready, make_service, clock, tmp_path):
    """``sync --wait --timeout 61``: the first check is due after 60 s, SAT has finished by then, and one second
    is too little to start a download (a download SAT counts is not started in the last margin). That pass is the
    last: no «checking again in 0 s» followed by passes that only repeat the same deferral (a real run printed two,
    each with the same error)."""
    service = make_service(tmp_path / "home", policy=SyncPolicy())  # SAT's real pacing: first check after 60 s
    service.create_request(RFC, start="2026-05-01T00:00:00", end="2026-05-31T23:59:59", rfc_type="issued", submit=False)
    elapsed = [0.0]

    def sleep(seconds: float) -> None:
        clock.advance(seconds)
        elapsed[0] += seconds

    waits: list[float] = []
    first_check = service.policy.first_check_after
    result = service.sync_until_done(
        RFC,
        timeout=first_check + 1,
        sleep=sleep,
        monotonic=lambda: elapsed[0],
        on_wait=lambda _report, pause: waits.append(pause),
    )
    assert waits == [first_check]  # every pause announced is followed by its pass
    assert result["passes"] == 2 and result["timed_out"] is True and result["open_requests"] == 1
    assert result["submitted"] == 1 and result["verified"] == 1 and result["packages_downloaded"] == 0
    assert [e["reason"] for e in result["errors"]] == ["time_limit"]
    assert service.history(RFC)["history"][0]["status"] == "processing"
    finished = service.sync_until_done(RFC, timeout=60, sleep=sleep)  # the next run downloads it at once
    assert finished["passes"] == 1 and finished["completed"] == 1 and finished["errors"] == []


# -- 11. package of a request still running ------------------------------------------------------------------------


@pytest.mark.parametrize("sandbox_options", [{"ready_after": 600}])
def test_package_of_a_running_request_is_not_ready(ready, tmp_path):
    doc = ready("request", *MAY)[1]
    sat_id = doc["data"]["request"]["satRequestId"]
    code, doc = ready("package", f"{sat_id}_01", "--output", str(tmp_path / "p.zip"))
    assert code == 1 and doc["error"]["code"] == "request_not_ready", doc
    assert doc["error"]["status"] == "accepted" and doc["error"]["request_id"] == doc["error"]["request_id"]
    assert ready("package", "nope_01", "--output", str(tmp_path / "p.zip"))[1]["error"]["code"] == "not_found"
    assert not (tmp_path / "p.zip").exists()


# -- keyring absent --------------------------------------------------------------------------------------------------


@NO_KEYRING
def test_enabling_unattended_sync_without_a_keyring_warns(ready):
    for args in (("schedule", "set", "--enabled", "true"), ("schedule", "show"), ("sync", "enable")):
        code, doc = ready(*args)
        assert code == 0, doc
        assert [w["code"] for w in doc["data"]["warnings"]] == ["keyring_unavailable"], args
        assert "keyring" in doc["data"]["warnings"][0]["message"]


def test_no_warning_where_a_keyring_works(ready):
    for args in (("schedule", "set", "--enabled", "true"), ("schedule", "show"), ("sync", "enable")):
        assert ready(*args)[1]["data"]["warnings"] == [], args
