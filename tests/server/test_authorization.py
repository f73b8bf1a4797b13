"""Who may do what, over real HTTP on 127.0.0.1: every endpoint of the server's table × no key × a bad key × a
revoked key × the key of another RFC × a read-only key on writes; failed attempts rate-limited per address; the
key commands of the CLI."""

from __future__ import annotations

import re

import httpx
import pytest

from desktop_app.core.apikeys import ApiKeys
from desktop_app.server.ratelimit import FailedAttempts
from desktop_app.server.routes import ENDPOINTS
from tests.server.conftest import FIEL, PREFIX, RFC, TEST_PASSWORD, run_cli

pytestmark = pytest.mark.timeout(60)

OTHER = "CACX7605101P8"
SAMPLE = {
    "request_id": "00000000-0000-0000-0000-000000000000",
    "package_id": "X_01",
    "uuid": "0" * 8 + "-0000-4000-8000-" + "0" * 12,
    "invoice_id": "1",
    "run_id": "1",
    "kind": "iva",
}
BODIES = {  # what a write would send: valid enough that only the key can stop it
    "deactivate": {"forget_fiel": True},
    "put_schedule": {"enabled": False},
    "create_request": {"start_date": "2026-05-01", "end_date": "2026-05-31"},
    "upload_fiel": {"password": TEST_PASSWORD},
}
# The seed's 13 endpoints (schedule GET and PUT counted apart) and the window's reads: the table must hold them all.
EXPECTED = {
    ("GET", "/activate/status"), ("POST", "/activate"), ("POST", "/deactivate"), ("POST", "/fiel"),
    ("POST", "/register"), ("GET", "/schedule"), ("PUT", "/schedule"), ("GET", "/schedule/history"),
    ("POST", "/request"), ("POST", "/requests"), ("GET", "/status/{request_id}"), ("GET", "/package/{package_id}"),
    ("GET", "/invoice/{uuid}"), ("GET", "/debug"), ("POST", "/sync/enable"), ("GET", "/invoices"),
    ("GET", "/invoice/{uuid}/xml"), ("GET", "/invoice/{uuid}/pdf"), ("GET", "/summary"), ("GET", "/profiles"),
    # the window as the server's client (core.remote)
    ("GET", "/window/profiles"), ("GET", "/window/requests"), ("GET", "/window/requests/{request_id}"),
    ("GET", "/window/invoices/count"), ("GET", "/window/invoices/rows"), ("GET", "/window/invoices/sums"),
    ("GET", "/window/invoices/records"), ("GET", "/window/invoices/{invoice_id}"), ("GET", "/window/verifications"),
    ("GET", "/window/verifications/{run_id}"),
    # the Reportes page and the 69-B list on the server
    ("GET", "/reports/{kind}"), ("GET", "/lists/69b"), ("GET", "/lists/69b/situations"),
}  # fmt: skip


@pytest.fixture
def office(service):
    """EKU ready to sync (activated, FIEL), another RFC with a bare profile, and keys for each."""
    service.add_profile(RFC)
    service.activate(RFC)
    cer, key = (FIEL / f"{RFC}.cer").read_bytes(), (FIEL / f"{RFC}.key").read_bytes()
    assert service.upload_fiel(RFC, cer, key, TEST_PASSWORD)["registered"] is True
    service.add_profile(OTHER)
    keys = ApiKeys(service.db, service.clock)
    made = {
        "full": keys.create([RFC])["key"],
        "read_only": keys.create([RFC], read_only=True)["key"],
        "other": keys.create([OTHER])["key"],
        "revoked": keys.create([RFC])["key"],
    }
    keys.revoke(made["revoked"].split("_")[1])
    return made


def _path(endpoint) -> str:
    return endpoint.path.format(**SAMPLE)


def _send(http: httpx.Client, endpoint, *, params: dict | None = None) -> httpx.Response:
    path = _path(endpoint).removeprefix(PREFIX)
    body = BODIES.get(endpoint.handler.__name__)
    return http.request(endpoint.method, path, params=params, json=body if endpoint.body else None)


def _state(service) -> dict:
    profile = service.profile(RFC)
    return {
        "activated": profile.activated,
        "has_fiel": profile.has_fiel,
        "schedule": service.get_schedule(RFC)["schedule"],
        "history": service.history(RFC)["history"],
    }


def test_the_table_holds_the_seeds_endpoints_and_the_openapi_document_describes_it(live):
    served = {(e.method, e.path.removeprefix(PREFIX)) for e in ENDPOINTS}
    assert served == EXPECTED
    document = httpx.get(live.url + "/openapi.json").json()  # public: no key
    described = {(m.upper(), p.removeprefix(PREFIX)) for p, ops in document["paths"].items() for m in ops}
    assert described == EXPECTED
    writes = {(e.method, e.path) for e in ENDPOINTS if e.write}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation["responses"]["401"] and operation["responses"]["403"]
            assert ("Changes something" in operation.get("description", "")) == ((method.upper(), path) in writes)


def test_every_endpoint_refuses_no_key_a_bad_key_another_rfcs_key_and_writes_of_a_read_only_key(
    live, parts, office, service
):
    parts.limiter = FailedAttempts(limit=10_000)  # this test is about who, not how often
    before = _state(service)
    bad = "dm_0123456789ab_" + "A" * 43
    clients = {
        "none": live.client(None),
        "bad": live.client(bad),
        "garbage": httpx.Client(base_url=live.url + PREFIX, headers={"Authorization": "Basic dXNlcjpwYXNz"}),
        "revoked": live.client(office["revoked"]),
        "other": live.client(office["other"]),
        "read_only": live.client(office["read_only"]),
        "full": live.client(office["full"]),
    }
    checked = 0
    for endpoint in ENDPOINTS:
        for name in ("none", "bad", "garbage", "revoked"):
            answer = _send(clients[name], endpoint)
            assert answer.status_code == 401, (endpoint.path, name, answer.text)
            assert answer.json() == {"success": False, "error": answer.json()["error"]}
            assert answer.json()["error"]["code"] == "unauthorized"
            assert answer.headers["www-authenticate"] == "Bearer"
            checked += 1
        if endpoint.scoped:
            answer = _send(clients["other"], endpoint, params={"rfc": RFC})
            assert answer.status_code == 403, (endpoint.path, answer.text)
            assert answer.json()["error"]["code"] == "forbidden"
            # the full key is refused another RFC the same way
            answer = _send(clients["full"], endpoint, params={"rfc": OTHER})
            assert answer.status_code == 403 and answer.json()["error"]["code"] == "forbidden"
            checked += 2
        if endpoint.write:
            answer = _send(clients["read_only"], endpoint)
            assert answer.status_code == 403, (endpoint.path, answer.text)
            assert answer.json()["error"]["code"] == "read_only_key"
        else:
            answer = _send(clients["read_only"], endpoint)
            assert answer.status_code not in (401, 403), (endpoint.path, answer.text)
            assert answer.json()["error"]["code"] if answer.status_code >= 400 else answer.json()["success"]
        checked += 1
    assert checked >= len(ENDPOINTS) * 6
    # Nothing any refused request asked for happened.
    assert _state(service) == before

    # The other RFC's key reaches its own RFC, and lists only it.
    other = clients["other"]
    assert other.get("/schedule").json()["data"]["rfc"] == OTHER
    assert [p["rfc"] for p in other.get("/profiles").json()["data"]["profiles"]] == [OTHER]
    assert [p["rfc"] for p in other.get("/window/profiles").json()["data"]["profiles"]] == [OTHER]
    # …and an invoice's row by its id only within the key's RFC (the ids are the server's, of every RFC)
    assert other.get("/window/invoices/1").json()["error"]["code"] == "not_found"
    # A read-only key reads, and never makes SAT look for an invoice the index lacks.
    reader = clients["read_only"]
    assert reader.get("/schedule").json()["data"]["rfc"] == RFC
    missing = reader.get(f"/invoice/{SAMPLE['uuid']}")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert _state(service)["history"] == before["history"] == []
    for client in clients.values():
        client.close()

    # Every refusal is in the audit log, with who (a key's public id or nobody) and never a token.
    parts.audit.close()
    entries = parts.audit.recent(10_000)
    assert sum(1 for e in entries if e["status"] == 401 and e["key_id"] is None) >= len(ENDPOINTS) * 4
    other_id = office["other"].split("_")[1]
    assert sum(1 for e in entries if e["status"] == 403 and e["key_id"] == other_id) == sum(
        1 for e in ENDPOINTS if e.scoped
    )
    text = repr(entries)
    assert not [k for k in (*office.values(), bad) if k in text or k.split("_", 2)[2] in text]


def test_a_key_of_several_rfcs_must_name_one(live, service, office):
    both = ApiKeys(service.db, service.clock).create([RFC, OTHER])["key"]
    with live.client(both) as http:
        unnamed = http.get("/schedule")
        assert unnamed.status_code == 400 and unnamed.json()["error"]["code"] == "profile_required"
        assert sorted(unnamed.json()["error"]["profiles"]) == sorted([RFC, OTHER])
        assert http.get("/schedule", params={"rfc": OTHER.lower()}).json()["data"]["rfc"] == OTHER
        assert {p["rfc"] for p in http.get("/profiles").json()["data"]["profiles"]} == {RFC, OTHER}


def test_failed_attempts_are_limited_per_address(live, parts, office, fake_monotonic):
    good = live.client(office["full"])
    assert good.get("/schedule").status_code == 200
    with live.client("dm_0123456789ab_" + "B" * 43) as guesser:
        for _ in range(5):
            assert guesser.get("/schedule").status_code == 401
        blocked = guesser.get("/schedule")
    assert blocked.status_code == 429 and blocked.json()["error"]["code"] == "too_many_attempts"
    assert 1 <= int(blocked.headers["retry-after"]) <= 60
    # The address is refused whatever key it shows now: guessing keys from it gets nowhere.
    refused = good.get("/schedule")
    assert refused.status_code == 429
    # Another address is not.
    elsewhere = httpx.Client(
        base_url=live.url + PREFIX,
        headers={"Authorization": f"Bearer {office['full']}"},
        transport=httpx.HTTPTransport(local_address="127.0.0.2"),
    )
    assert elsewhere.get("/schedule").status_code == 200
    # Once the failures leave the window, the address may try again.
    fake_monotonic[0] += 61
    assert good.get("/schedule").status_code == 200
    good.close()
    elsewhere.close()
    parts.audit.close()
    statuses = [e["status"] for e in reversed(parts.audit.recent(100))]
    assert statuses == [200, 401, 401, 401, 401, 401, 429, 429, 200, 200]
    assert [e["client"] for e in reversed(parts.audit.recent(100))][-2] == "127.0.0.2"


def test_key_commands_create_list_revoke(tmp_path):
    home = tmp_path / "home"
    assert run_cli(home, "profile", "add", RFC)[0] == 0
    assert run_cli(home, "profile", "add", OTHER)[0] == 0

    code, made = run_cli(home, "server", "keys", "create", "--rfc", RFC, "--rfc", OTHER.lower(), "--name", "desk 1")
    assert code == 0
    key = made["data"]["key"]
    assert re.fullmatch(r"dm_[0-9a-f]{12}_[A-Za-z0-9_-]{43}", key)
    assert made["data"]["rfcs"] == sorted([RFC, OTHER]) and made["data"]["read_only"] is False
    code, reader = run_cli(home, "--rfc", RFC, "server", "keys", "create", "--rfc", f"{OTHER}", "--read-only")
    assert code == 0 and reader["data"]["rfcs"] == sorted([RFC, OTHER]) and reader["data"]["read_only"] is True
    code, unknown = run_cli(home, "server", "keys", "create", "--rfc", "XAXX010101000")
    assert code == 1 and unknown["error"]["code"] == "profile_not_configured"
    code, usage = run_cli(home, "server", "keys", "create")
    assert code == 2

    code, listed = run_cli(home, "server", "keys", "list")
    assert code == 0 and [k["id"] for k in listed["data"]["keys"]] == [made["data"]["id"], reader["data"]["id"]]
    assert key not in repr(listed) and key.split("_", 2)[2] not in repr(listed)
    assert all(k["active"] for k in listed["data"]["keys"])

    code, revoked = run_cli(home, "server", "keys", "revoke", made["data"]["id"])
    assert code == 0 and revoked["data"]["active"] is False and revoked["data"]["revoked_at"]
    listed = run_cli(home, "server", "keys", "list")[1]["data"]["keys"]
    assert [k["active"] for k in listed] == [False, True]
    code, missing = run_cli(home, "server", "keys", "revoke", "ffffffffffff")
    assert code == 1 and missing["error"]["code"] == "not_found"
    # The key's hash is stored, never the key.
    data = (home / "descarga.sqlite3").read_bytes()
    assert key.encode() not in data and key.split("_", 2)[2].encode() not in data


def test_a_key_reads_nothing_of_the_servers_log_nor_other_rfcs_through_debug(live, office, service):
    """Before: `GET /debug` answered the last 40 lines of the server's log — every RFC's passes and the
    console's runs — to any key, a read-only one of another RFC included."""
    import logging

    logging.getLogger("desktop_app.core.runner").warning("sync pass 9 of %s: success", OTHER)
    with live.client(office["read_only"]) as http:
        data = http.get("/debug").json()["data"]
    assert data["rfc"] == RFC and "log" not in data and OTHER not in str(data)


@pytest.mark.parametrize(
    "path",
    [
        "/window/invoices/99999999999999999999999",
        "/window/verifications/99999999999999999999999",
        "/window/invoices/%D9%A3",
        "/window/verifications/%D9%A3",
    ],
)
def test_a_row_id_that_is_no_plain_number_is_a_bad_request(live, office, path):
    """Before: a 23-digit id was an OverflowError (500); an Arabic-Indic «٣» passed str.isdigit and read row 3."""
    with live.client(office["full"]) as http:
        answer = http.get(path)
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "invalid_argument", answer.text


def test_a_chunked_upload_is_held_to_the_same_size_as_a_declared_one(live, office):
    """Before: without Content-Length (chunked) a 400 MB `cer` part was read whole and spooled to the server's
    disk — any writable key could fill it; with Content-Length the cap answered 413."""
    from desktop_app.server.routes import MAX_UPLOAD

    boundary = "descargamasiva"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="cer"; filename="a.cer"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    sent = {"bytes": 0}

    def body():
        yield head
        chunk = b"\0" * 65536
        while sent["bytes"] < 8 * MAX_UPLOAD:  # far past the cap; the server stops reading at it
            sent["bytes"] += len(chunk)
            yield chunk
        yield f"\r\n--{boundary}--\r\n".encode()

    with live.client(office["full"]) as http:
        answer = http.post(
            "/fiel", content=body(), headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )
    assert answer.status_code == 413 and answer.json()["error"]["code"] == "payload_too_large", answer.text


def test_a_nul_character_or_json_nested_past_pythons_limit_is_a_bad_request(live, office):
    """A NUL in a query or a path was a 500 on PostgreSQL (its text refuses it) and lost the audit row; JSON nested
    20,000 deep was a 500 with a RecursionError (outside audit of the office server)."""
    deep = "{" + '"enabled": ' + "[" * 20000 + "]" * 20000 + "}"
    nul_body = {"start_date": "2026-05-01", "end_date": "2026-05-31", "third_party_rfc": "A\x00"}
    with live.client(office["full"]) as http:
        for answer in (
            http.get("/invoices", params={"text": "ab\x00cd"}),
            http.get("/status/abc%00def"),
            http.put("/schedule", content=deep, headers={"Content-Type": "application/json"}),
            http.post("/request", json=nul_body),
        ):
            assert answer.status_code == 400 and answer.json()["error"]["code"] == "invalid_argument", answer.text


def test_a_json_body_sent_as_another_media_type_is_refused(live, office):
    """server.md: 415 for a body of another type. Before, `Content-Type: text/plain` with JSON was read as JSON."""
    with live.client(office["full"]) as http:
        body = '{"start_date": "2026-05-01", "end_date": "2026-05-31"}'
        plain = http.post("/request", content=body, headers={"Content-Type": "text/plain"})
        assert plain.status_code == 415 and plain.json()["error"]["code"] == "unsupported_media_type", plain.text
        answer = http.post("/request", content=body, headers={"Content-Type": "application/json; charset=utf-8"})
        assert answer.status_code == 200, answer.text
        assert http.put("/schedule", content='{"enabled": false}', headers={"Content-Type": "application/json"}).json()[
            "success"
        ]
