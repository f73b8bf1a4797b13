"""The office server's storage on PostgreSQL (issue 19.4): the whole engine — profiles, FIEL, the SAT request
ledger, packages, the index writer, the browser's reads, API keys and the audit log — on a real PostgreSQL server
(``tests/pg_support.py``), the vault in the data home. In this process through the CLI, and as the server a
deployment runs (``descarga-masiva server --database postgresql://…`` in a subprocess, over HTTP)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.core.service import DescargaService
from tests.conftest import CREDENTIALS, TEST_PASSWORD
from tests.sandbox_env import FAST
from tests.server.conftest import fiel_upload_files, run_cli, start_server
from tests.server.conftest import wait_for as poll

FIEL_DIR = CREDENTIALS / "eku9003173c9-fiel"
CER, KEY = str(FIEL_DIR / "EKU9003173C9.cer"), str(FIEL_DIR / "EKU9003173C9.key")
RFC = "EKU9003173C9"


@pytest.fixture
def make_service(sandbox, clock, secrets, tmp_path, pg_url):
    """``tests/sandbox_env.py``'s service factory, its tables in PostgreSQL (the vault stays in the home); a home
    named ``sqlite-home`` keeps SQLite, for the same flow on both."""
    from desktop_app.core.sat.client import SatClient
    from desktop_app.demo import sandbox_endpoints

    endpoints = sandbox_endpoints(sandbox.url)
    services: list[DescargaService] = []

    def factory(home=None, policy=FAST):
        home = Path(home or tmp_path / "home")
        service = DescargaService(
            home,
            clock=clock,
            secrets=secrets,
            sat_factory=lambda fiel: SatClient(fiel, endpoints, clock=clock.now),
            policy=policy,
            database=None if home.name == "sqlite-home" else pg_url,
        )
        services.append(service)
        return service

    yield factory
    for service in services:
        service.close()


def _flow(cli, home: Path) -> dict[str, object]:
    """Profile, FIEL, a request synced from the sandbox, then what the CLI reads back (without the home's paths
    and SAT's request ids, which differ between two runs)."""

    def run(*args: str, stdin: str = "") -> dict:
        code, doc = cli("--home", str(home), *args, stdin=stdin)
        assert code == 0, doc
        return doc["data"]

    run("profile", "add", RFC, "--name", "Kemper")
    assert run("activation", "on")["activated"] is True
    run("fiel", "upload", "--cer", CER, "--key", KEY, "--password-stdin", "--phone", "5512345678",
        "--sync-start-date", "2026-01-01", stdin=TEST_PASSWORD + "\n")  # fmt: skip
    run("request", "--start", "2026-05-01", "--end", "2026-05-31", "--rfc-type", "issued")
    run("request", "--start", "2026-05-01", "--end", "2026-05-31", "--rfc-type", "received")
    assert run("sync", "--wait", "--timeout", "60")["open_requests"] == 0

    def stripped(doc: dict) -> dict:
        return {k: v for k, v in doc.items() if k not in ("path", "id")}

    verified = run("invoices", "verify", "--from", "2026-05-01", "--to", "2026-05-31", "--direction", "received",
                   "--rate", "5")  # fmt: skip

    def uuids(*args: str) -> list[str]:
        return [i["uuid"] for i in run("invoices", "list", *args)["invoices"]]

    listed = run("invoices", "list", "--from", "2026-05-01", "--to", "2026-05-31")
    issuer = next(i["issuer_name"] for i in listed["invoices"] if i["issuer_name"])
    return {
        "history": [
            {k: v for k, v in h.items() if k in ("status", "invoiceCount", "processedCount", "source", "rfcType")}
            for h in run("history")["history"]
        ],
        "list": [stripped(i) for i in listed["invoices"]],
        "totals": listed["totals"],
        "groups": run("invoices", "list", "--group-by", "direction,status,type,currency")["groups"],
        "text": uuids("--text", issuer[2:8].lower()),
        "uuid_piece": uuids("--text", listed["invoices"][3]["uuid"][9:23]),
        "page": uuids("--sort=-total", "--limit", "5", "--offset", "3"),
        "by_issuer": uuids("--sort", "issuer", "--limit", "7"),
        "pending": uuids("--pending-balance"),
        "verified": {k: verified[k] for k in ("status", "total", "checked", "changed_count", "changed")},
        "after_verify": run("invoices", "list", "--group-by", "status")["groups"],
        # the reports (core.reports over store/taxes.py): the same figures, CFDI by CFDI
        **{
            f"report_{kind}": run("report", kind, "--period", "2026-05", "--detail")
            for kind in ("iva", "isr", "nomina", "ppd", "diot", "retenciones")
        },
    }


def test_the_engine_syncs_indexes_and_reads_on_postgresql_as_on_sqlite(cli, sandbox, tmp_path):
    on_postgresql = _flow(cli, tmp_path / "home")
    assert not (tmp_path / "home" / "descarga.sqlite3").exists()  # every table in PostgreSQL, the vault here
    assert any((tmp_path / "home" / RFC).rglob("*.xml"))
    on_sqlite = _flow(cli, tmp_path / "sqlite-home")
    assert (tmp_path / "sqlite-home" / "descarga.sqlite3").exists()
    expected = sandbox.world.count(
        rfc=RFC, direction="issued", start=datetime(2026, 5, 1), end=datetime(2026, 5, 31, 23, 59, 59), status="Todos"
    )
    assert expected > 20 and len(on_postgresql["list"]) > expected
    assert on_postgresql["text"] and on_postgresql["uuid_piece"] and len(on_postgresql["page"]) == 5
    assert Decimal(on_postgresql["totals"]["total"]) > 0
    for key in on_sqlite:  # the same answers, lists in the same order (every report query says its order)
        assert on_postgresql[key] == on_sqlite[key], key


@pytest.fixture
def sandbox_options() -> dict:
    return {"package_size": 8}


def test_the_office_server_on_postgresql_over_http(sandbox, tmp_path, server_processes, pg_url, monkeypatch):
    """``descarga-masiva server --database postgresql://…``: a key created into PostgreSQL, the seed's FIEL upload,
    a request the server's scheduler syncs, the browser's keyset pages and one invoice's XML; the audit log in
    PostgreSQL; nothing in a SQLite file; the vault (the XML) and the vault key in the home."""
    home = tmp_path / "office"
    database = ("--database", pg_url)
    # The desktop's commands on the server's database: $DESCARGA_MASIVA_DATABASE (the seed's API adds no profile).
    monkeypatch.setenv("DESCARGA_MASIVA_DATABASE", pg_url)
    assert run_cli(home, "profile", "add", RFC)[0] == 0
    monkeypatch.delenv("DESCARGA_MASIVA_DATABASE")
    code, doc = run_cli(tmp_path / "elsewhere", "server", "--database", "mysql://u:secret@h/db", "keys", "list")
    assert code == 1 and doc["error"]["code"] == "unsupported_database" and "secret" not in str(doc)
    code, doc = run_cli(home, "server", *database, "keys", "create", f"--rfc={RFC}")
    assert code == 0, doc
    key = doc["data"]["key"]
    server = start_server(home, sandbox.url, *database)
    server_processes.append(server)
    assert server.document["success"] is True, server.stderr_lines
    assert server.document["data"]["database"] == pg_url  # no password in it to hide
    with server.client(key) as http:
        assert http.post("/activate").json()["data"]["activated"] is True
        uploaded = http.post(
            "/fiel",
            files=fiel_upload_files(),
            data={"password": TEST_PASSWORD, "sync_start_date": "2026-04-01", "phone": "55 1234 5678"},
        )
        assert uploaded.status_code == 200, uploaded.text
        assert uploaded.json()["data"]["registered"] is True
        answer = http.post(
            "/request", json={"start_date": "2026-05-01", "end_date": "2026-05-31", "rfc_type": "issued"}
        )
        assert answer.status_code == 200, answer.text
        request_id = answer.json()["data"]["request_id"]

        def completed():
            item = http.get(f"/status/{request_id}").json()["data"]
            return item if item["request"]["status"] == "completed" else None

        done = poll(completed, 40, "the request to complete")
        expected = sandbox.world.count(
            rfc=RFC, direction="issued", start=datetime(2026, 5, 1), end=datetime(2026, 5, 31, 23, 59, 59),
            status="Todos", at=sandbox.clock.now(),
        )  # fmt: skip
        assert expected > 8 and done["request"]["invoiceCount"] == expected
        seen: list[str] = []
        cursor = None
        while True:
            params = {"from": "2026-05-01", "to": "2026-05-31", "direction": "issued", "limit": 7, "sort": "date"}
            page = http.get("/invoices", params={**params, **({"cursor": cursor} if cursor else {})}).json()["data"]
            if not cursor:
                assert page["totals"]["count"] == expected
            seen += [row["uuid"] for row in page["invoices"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert len(seen) == len(set(seen)) == expected
        xml = http.get(f"/invoice/{seen[0]}/xml")
        assert xml.status_code == 200 and seen[0].encode() in xml.content.upper()
        # a NUL, which PostgreSQL's text refuses: a 500 on ten endpoints and the audit row lost (outside audit)
        for nul in (http.get("/invoices", params={"text": "ab\x00cd"}), http.get("/status/abc%00def")):
            assert nul.status_code == 400 and nul.json()["error"]["code"] == "invalid_argument", nul.text
    assert server.stop() == 0
    assert not (home / "descarga.sqlite3").exists()  # every table in PostgreSQL
    assert any((home / RFC).rglob("*.xml"))  # the vault in the home
    code, doc = run_cli(home, "server", *database, "audit", "--limit", "500")
    assert code == 0 and doc["data"]["count"] > 5
    entries = doc["data"]["entries"]
    assert {e["key_id"] for e in entries} == {key.split("_")[1]}  # who: the key's public id, never the token
    assert {e["rfc"] for e in entries} - {None} == {RFC} and any(e["path"].endswith("/fiel") for e in entries)
    assert any(e["path"].endswith("/status/abc\\x00def") and e["status"] == 400 for e in entries), entries[:3]
    code, doc = run_cli(home, "server", *database, "keys", "list")
    assert code == 0 and [k["rfcs"] for k in doc["data"]["keys"]] == [[RFC]]
