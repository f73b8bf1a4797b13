"""The seed's flow by plain HTTP calls against ``descarga-masiva server --port 0`` (a subprocess), the sandbox as
SAT: activation, FIEL upload (multipart), schedule, a manual request sent by the server's scheduler, history,
the package, one invoice (JSON, XML, PDF), the browser's list in keyset pages with totals and groups, debug,
sync/enable. Then the audit log, the log and the whole data home are searched for every secret of the run."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import httpx
import pytest
from lxml import etree

from tests.server.conftest import FIEL, PREFIX, RFC, TEST_PASSWORD, fiel_upload_files, new_key, run_cli, start_server
from tests.server.conftest import wait_for as poll

pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def sandbox_options() -> dict:
    return {"package_size": 8}


def test_the_seed_flow_over_http(sandbox, tmp_path, server_processes):
    home = tmp_path / "office"
    assert run_cli(home, "profile", "add", RFC)[0] == 0
    key = new_key(home, RFC)
    server = start_server(home, sandbox.url)
    server_processes.append(server)
    assert server.document["success"] is True
    assert server.url.startswith("http://127.0.0.1:")
    assert server.document["data"]["openapi"] == server.url + "/openapi.json"

    with server.client(key) as http:
        status = http.get("/activate/status").json()
        assert status["data"]["status"] == "needs_activation" and status["data"]["isActivated"] is False

        # A request before the FIEL: the seed's error shape, a 4xx status.
        early = http.post("/request", json={"start_date": "2026-05-01", "end_date": "2026-05-31"})
        assert early.status_code == 400 and early.json() == {"success": False, "error": early.json()["error"]}
        assert early.json()["error"]["code"] == "not_activated"

        activated = http.post("/activate").json()
        assert (
            activated["success"] and activated["data"]["activated"] is True and activated["data"]["type"] == "included"
        )
        assert "message" in activated

        wrong = http.post("/fiel", files=fiel_upload_files(), data={"password": "not-it"})
        assert wrong.status_code == 400 and wrong.json()["error"]["code"] == "wrong_password"
        missing = http.post("/fiel", files={"cer": fiel_upload_files()["cer"]}, data={"password": TEST_PASSWORD})
        assert missing.status_code == 400 and missing.json()["error"]["field"] == "key"
        as_json = http.post("/fiel", json={"password": TEST_PASSWORD})
        assert as_json.status_code == 415 and as_json.json()["error"]["code"] == "unsupported_media_type"

        uploaded = http.post(
            "/fiel",
            files=fiel_upload_files(),
            data={"password": TEST_PASSWORD, "sync_start_date": "2026-04-01", "phone": "55 1234 5678"},
        )
        assert uploaded.status_code == 200, uploaded.text
        fiel = uploaded.json()["data"]
        assert fiel["rfc"] == RFC and fiel["registered"] is True and fiel["phone"] == "+525512345678"
        assert fiel["sync_start_date"] == "2026-04-01" and fiel["serial_number"]
        assert uploaded.json()["message"]

        schedule = http.put("/schedule", json={"enabled": True, "time": "07:30", "download_types": ["issued"]})
        assert schedule.status_code == 200, schedule.text
        assert schedule.json()["data"]["schedule"]["time"] == "07:30"
        shown = http.get("/schedule").json()["data"]
        assert shown["schedule"] == {**shown["schedule"], "enabled": True, "downloadTypes": ["issued"]}
        assert shown["fiel"]["uploaded"] is True and shown["warnings"] == []  # the server syncs unattended
        bad = http.put("/schedule", json={"days_back": 500})
        assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_schedule"

        # The manual request: stored at once (the seed's "pending"), sent by the scheduler.
        answer = http.post(
            "/request", json={"start_date": "2026-05-01", "end_date": "2026-05-31", "rfc_type": "issued"}
        )
        assert answer.status_code == 200, answer.text
        request = answer.json()["data"]
        assert request["status"] == "pending" and request["duplicate"] is False
        request_id = request["request_id"]

        def completed():
            item = http.get(f"/status/{request_id}").json()["data"]
            return item if item["request"]["status"] == "completed" else None

        done = poll(completed, 40, "the request to complete")
        expected = sandbox.world.count(
            rfc=RFC,
            direction="issued",
            start=datetime(2026, 5, 1),
            end=datetime(2026, 5, 31, 23, 59, 59),
            status="Todos",
            at=sandbox.clock.now(),
        )
        assert expected > 8  # more than one package
        assert done["request"]["invoiceCount"] == expected
        assert done["request"]["source"] == "manual"
        assert done["packages"] and all("path" not in p for p in done["packages"])  # no place on the server's disk

        again = http.post("/request", json={"start_date": "2026-05-01", "end_date": "2026-05-31", "rfc_type": "issued"})
        assert again.json()["data"]["duplicate"] is True and again.json()["data"]["request_id"] == request_id

        history = http.get("/schedule/history").json()["data"]["history"]
        item = next(h for h in history if h["id"] == request_id)
        for name in ("id", "rfcType", "startDate", "endDate", "status", "invoiceCount", "processedCount", "source"):
            assert name in item
        assert item["rfcType"] == "issued" and item["startDate"] == "2026-05-01"

        package_id = done["packages"][0]["id"]
        package = http.get(f"/package/{package_id}")
        assert package.status_code == 200 and package.headers["content-type"] == "application/zip"
        assert zipfile.ZipFile(io.BytesIO(package.content)).namelist()
        assert http.get("/package/NOPE_01").status_code == 404

        # The browser's list: keyset pages cover the month exactly once, totals and groups with them.
        seen: list[str] = []
        cursor = None
        pages = 0
        while True:
            params = {"from": "2026-05-01", "to": "2026-05-31", "direction": "issued", "limit": 7, "sort": "date"}
            if cursor:
                params["cursor"] = cursor
            page = http.get("/invoices", params={**params, "totals": "false" if cursor else "true"}).json()["data"]
            if not cursor:
                assert page["totals"]["count"] == expected
            else:
                assert "totals" not in page
            seen += [row["uuid"] for row in page["invoices"]]
            pages += 1
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert len(seen) == expected == len(set(seen)) and pages == -(-expected // 7)
        dates = [r["issue_date"] for r in http.get("/invoices", params={"limit": 1000}).json()["data"]["invoices"]]
        assert dates == sorted(dates, reverse=True)
        grouped = http.get("/invoices", params={"group_by": "type,status", "limit": 1}).json()["data"]
        assert sum(g["count"] for g in grouped["groups"]) == grouped["totals"]["count"] == expected
        assert http.get("/invoices", params={"cursor": "garbage"}).json()["error"]["code"] == "invalid_cursor"
        assert http.get("/invoices", params={"from": "May"}).json()["error"]["code"] == "invalid_date"
        assert http.get("/invoices", params={"sort": "nope"}).status_code == 400

        uuid = seen[0]
        one = http.get(f"/invoice/{uuid.lower()}").json()["data"]
        assert one["source"] == "vault" and one["invoice"]["uuid"] == uuid
        xml = http.get(f"/invoice/{uuid}/xml")
        assert xml.headers["content-type"].startswith("application/xml")
        assert etree.fromstring(xml.content).tag.endswith("Comprobante")
        pdf = http.get(f"/invoice/{uuid}/pdf")
        assert pdf.status_code == 200, pdf.text
        assert pdf.content.startswith(b"%PDF") and pdf.headers["content-type"] == "application/pdf"
        assert http.get("/invoice/not-a-uuid").json()["error"]["code"] == "invalid_uuid"

        summary = http.get("/summary").json()["data"]
        assert summary["invoices"] >= expected
        assert http.get("/profiles").json()["data"]["profiles"][0]["rfc"] == RFC

        debug = http.get("/debug").json()["data"]
        assert debug["token"]["obtained"] is True and debug["password_stored"] is True
        assert all(e["reachable"] and e["url"].startswith(sandbox.url) for e in debug["endpoints"])

        enabled = http.post("/sync/enable").json()["data"]
        assert enabled["requests_created"] >= 1 and enabled["schedule"]["enabled"] is True

    openapi = httpx.get(server.url + "/openapi.json").json()
    assert openapi["openapi"].startswith("3.") and f"{PREFIX}/fiel" in openapi["paths"]

    # SIGTERM: a clean stop, nothing more on stdout than the one JSON line.
    assert server.stop() == 0
    assert server.stdout_rest() == b""

    # Every request is in the audit log, and no secret is: not there, not in the log, not anywhere in the home.
    code, audit = run_cli(home, "server", "audit", "--limit", "1000")
    assert code == 0
    entries = audit["data"]["entries"]
    fiel_posts = [e for e in entries if e["path"] == f"{PREFIX}/fiel" and e["method"] == "POST"]
    assert [e["status"] for e in reversed(fiel_posts)] == [400, 400, 415, 200]  # newest first
    assert {e["key_id"] for e in entries} == {key.split("_")[1]}
    assert all(e["client"] == "127.0.0.1" and e["rfc"] in (RFC, None) for e in entries)
    secrets = [TEST_PASSWORD.encode(), key.encode(), key.split("_", 2)[2].encode(), b"not-it"]
    blob = repr(entries).encode()
    assert not [s for s in secrets if s in blob]
    key_bytes = (FIEL / f"{RFC}.key").read_bytes()
    for path in home.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not [s for s in secrets if s in data], path
            if path.suffix != ".key":
                assert key_bytes not in data, path
    # The password is there, sealed: the vault key opens it, nothing else does.
    vault_key = home / "server" / "vault.key"
    assert oct(vault_key.stat().st_mode & 0o777) == "0o600"
