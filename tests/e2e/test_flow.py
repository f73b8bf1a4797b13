"""The whole system over real loopback HTTP: profile → activation → FIEL → request → sync → invoices."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from lxml import etree

from tests.conftest import CREDENTIALS, TEST_PASSWORD

FIEL = CREDENTIALS / "eku9003173c9-fiel"
CER, KEY = str(FIEL / "EKU9003173C9.cer"), str(FIEL / "EKU9003173C9.key")
RFC = "EKU9003173C9"
CFDI4 = "{http://www.sat.gob.mx/cfd/4}"


def _setup(cli) -> dict:
    assert cli("profile", "add", RFC, "--name", "Kemper")[0] == 0
    code, doc = cli("activation", "status")
    assert code == 0 and doc["data"]["status"] == "needs_activation"
    assert cli("activation", "on")[1]["data"]["activated"] is True
    code, doc = cli(
        "fiel",
        "upload",
        "--cer",
        CER,
        "--key",
        KEY,
        "--password-stdin",
        "--phone",
        "5512345678",
        "--sync-start-date",
        "2026-01-01",
        stdin=TEST_PASSWORD + "\n",
    )
    assert code == 0, doc
    return doc["data"]


def test_end_to_end_issued_month(cli, sandbox):
    upload = _setup(cli)
    assert upload["registered"] is True and upload["registered_at"]
    assert upload["serial_number"] == "30001000000500003415"
    assert upload["phone"] == "+525512345678"
    assert upload["sync_start_date"] == "2026-01-01"

    code, doc = cli("request", "--start", "2026-05-01", "--end", "2026-05-31", "--rfc-type", "issued")
    assert code == 0, doc
    request_id = doc["data"]["request_id"]
    assert doc["data"]["duplicate"] is False
    assert doc["data"]["status"] in ("accepted", "processing", "completed")

    code, doc = cli("sync", "--wait", "--timeout", "60")
    assert code == 0 and doc["data"]["open_requests"] == 0, doc

    code, doc = cli("history")
    item = next(h for h in doc["data"]["history"] if h["id"] == request_id)
    expected = sandbox.world.count(
        rfc=RFC,
        direction="issued",
        start=datetime(2026, 5, 1),
        end=datetime(2026, 5, 31, 23, 59, 59),
        status="Todos",
    )
    assert expected > 20
    assert item["status"] == "completed"
    assert item["invoiceCount"] == item["processedCount"] == expected
    assert item["source"] == "manual" and item["completedAt"] >= item["createdAt"]
    assert item["earliestIssueDate"] >= "2026-05-01" and item["latestIssueDate"] <= "2026-05-31T23:59:59"

    code, doc = cli("invoices", "list", "--from", "2026-05-01", "--to", "2026-05-31", "--direction", "issued")
    assert code == 0
    invoices = doc["data"]["invoices"]
    assert doc["data"]["count"] == len(invoices) == expected
    # totals are exactly the sums of the XML SAT handed out
    total = iva = Decimal(0)
    for record in invoices:
        root = etree.parse(record["path"]).getroot()
        assert root.get("Total") == record["total"] or Decimal(root.get("Total")) == Decimal(record["total"])
        assert record["issuer_rfc"] == RFC and record["direction"] == "issued"
        total += Decimal(record["total"]) if record["currency"] in (None, "MXN") else 0
        iva += Decimal(record["iva_transferred"]) if record["currency"] in (None, "MXN") else 0
    totals = doc["data"]["totals"]
    assert totals["count"] == expected
    if all(r["currency"] in (None, "MXN") for r in invoices):
        assert Decimal(totals["total"]) == total
        assert Decimal(totals["iva_transferred"]) == iva


def test_duplicate_requests_are_caught_by_the_ledger(cli, sandbox):
    _setup(cli)
    args = ("request", "--start", "2026-04-01", "--end", "2026-04-30", "--rfc-type", "issued")
    first = cli(*args)[1]["data"]
    second = cli(*args)[1]["data"]
    assert second["duplicate"] is True and second["request_id"] == first["request_id"]
    # nothing more reached SAT: the sandbox saw exactly one request with those parameters
    assert len([r for r in sandbox.state.requests.values() if r.rfc == RFC]) == 1


def test_received_metadata_marks_cancellations(cli, sandbox, service):
    _setup(cli)
    cli("request", "--start", "2026-05-01", "--end", "2026-05-31")  # received XML (vigentes)
    cli("request", "--start", "2026-05-01", "--end", "2026-05-31", "--request-type", "metadata")
    code, doc = cli("sync", "--wait", "--timeout", "60")
    assert code == 0
    code, doc = cli("invoices", "list", "--direction", "received", "--status", "cancelado")
    cancelled = sandbox.world.count(
        rfc=RFC,
        direction="received",
        start=datetime(2026, 5, 1),
        end=datetime(2026, 5, 31, 23, 59, 59),
        status="Cancelado",
    )
    assert doc["data"]["count"] == cancelled
    assert all(not r["has_xml"] and r["cancelled_at"] for r in doc["data"]["invoices"])


def test_received_cfdi_cannot_ask_for_cancelled(cli):
    _setup(cli)
    code, doc = cli("request", "--start", "2026-05-01", "--end", "2026-05-31", "--invoice-status", "cancelled")
    assert code == 1 and doc["error"]["code"] == "received_cfdi_requires_active"
    assert "metadata" in doc["error"]["message"].lower()
    assert cli("history")[1]["data"]["history"] == []


def test_request_validation(cli):
    _setup(cli)
    too_long = cli("request", "--start", "2026-01-01", "--end", "2026-03-01")
    assert too_long[1]["error"]["code"] == "date_range_too_long"
    backwards = cli("request", "--start", "2026-03-02", "--end", "2026-03-01")
    assert backwards[1]["error"]["code"] == "invalid_date_range"


def test_commands_need_a_profile_then_activation(cli):
    assert cli("history")[1]["error"]["code"] == "profile_not_configured"
    cli("profile", "add", RFC)
    code, doc = cli("fiel", "upload", "--cer", CER, "--key", KEY, "--password-stdin", stdin=TEST_PASSWORD + "\n")
    assert code == 1 and doc["error"]["code"] == "not_activated"
    cli("activation", "on")
    code, doc = cli("request", "--start", "2026-05-01", "--end", "2026-05-31")
    assert doc["error"]["code"] == "fiel_missing"
