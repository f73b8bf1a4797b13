"""Retenciones e información de pagos as a first-class request (issue 14, item 7), over real loopback HTTP.

profile → activation → FIEL → ``request --service retenciones`` → ``sync --wait`` → history → invoices, with the
Retenciones family of SAT's endpoints (the sandbox's ``/ret`` services), the ledger telling a CFDI request from a
Retenciones one of the same period, and SAT's rules for that service refused before anything is sent.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from desktop_app.core.errors import AppError
from desktop_app.core.store.db import DB_NAME
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_flow import CER, KEY, RFC

RET2 = "{http://www.sat.gob.mx/esquemas/retencionpago/2}"
MAY = ("--start", "2026-05-01", "--end", "2026-05-31")
MAY_START, MAY_END = datetime(2026, 5, 1), datetime(2026, 5, 31, 23, 59, 59)


def _setup(cli) -> None:
    assert cli("profile", "add", RFC, "--name", "Kemper")[0] == 0
    assert cli("activation", "on")[0] == 0
    code, doc = cli(
        "fiel",
        "upload",
        "--cer",
        CER,
        "--key",
        KEY,
        "--password-stdin",
        "--sync-start-date",
        "2026-01-01",
        stdin=TEST_PASSWORD + "\n",
    )
    assert code == 0, doc


def _world_retenciones(sandbox, direction: str, start: datetime, end: datetime) -> list:
    return list(
        sandbox.world.find(rfc=RFC, direction=direction, start=start, end=end, family="retenciones", status="Todos")
    )


def _sat_requests(sandbox) -> list:
    return [r for r in sandbox.state.requests.values() if r.rfc == RFC]


def _index_families(tmp_path, uuids: set[str]) -> set[str]:
    """The ``family`` column the index keeps for these documents (not part of the CLI's invoice record)."""
    with closing(sqlite3.connect(tmp_path / "home" / DB_NAME)) as db:
        marks = ",".join("?" * len(uuids))
        rows = db.execute(f"SELECT family FROM invoices WHERE uuid IN ({marks})", sorted(uuids)).fetchall()  # noqa: S608
    assert len(rows) == len(uuids)
    return {family for (family,) in rows}


def test_retenciones_request_end_to_end(cli, sandbox, tmp_path):
    _setup(cli)
    documents = _world_retenciones(sandbox, "issued", MAY_START, MAY_END)
    assert len(documents) >= 2  # the sandbox's Retenciones for the test RFC in May 2026

    sandbox.set_stuck(True)  # SAT accepts it and keeps it at state 1: the sync below does the rest
    code, doc = cli("request", *MAY, "--rfc-type", "issued", "--service", "retenciones")
    assert code == 0, doc
    request_id = doc["data"]["request_id"]
    assert doc["data"]["duplicate"] is False and doc["data"]["status"] == "accepted"
    assert doc["data"]["request"]["service"] == "retenciones"
    # It went to SAT's Retenciones family (the sandbox's /ret services), as a request for XML.
    [sent] = _sat_requests(sandbox)
    assert sent.family == "retenciones" and sent.operation == "emitidos"
    assert sent.params["TipoSolicitud"] == "CFDI" and "TipoComprobante" not in sent.params

    sandbox.set_stuck(False)
    sandbox.release()
    code, doc = cli("sync", "--wait", "--timeout", "60")
    assert code == 0 and doc["data"]["open_requests"] == 0, doc
    assert doc["data"]["completed"] == 1 and doc["data"]["packages_downloaded"] >= 1
    assert doc["data"]["documents_ingested"] == len(documents)
    # Verified and downloaded through the Retenciones family too: SAT counted the download on its request.
    assert sandbox.request(sent.id).downloads

    code, doc = cli("history", "--no-refresh")
    item = next(h for h in doc["data"]["history"] if h["id"] == request_id)
    assert item["service"] == "retenciones"
    assert item["status"] == "completed"
    assert item["invoiceCount"] == item["processedCount"] == len(documents)
    # The seed's fields are all still there, in the seed's shapes.
    assert item["rfcType"] == "issued" and item["requestType"] == "cfdi" and item["source"] == "manual"
    assert item["startDate"] == "2026-05-01" and item["endDate"] == "2026-05-31"
    assert "2026-05-01" <= item["earliestIssueDate"] <= item["latestIssueDate"] <= "2026-05-31"
    assert item["completedAt"] >= item["createdAt"]

    code, doc = cli("invoices", "list", "--from", "2026-05-01", "--to", "2026-05-31", "--type", "R")
    assert code == 0, doc
    invoices = doc["data"]["invoices"]
    assert {r["uuid"] for r in invoices} == {d.uuid.upper() for d in documents}
    assert doc["data"]["count"] == len(documents)
    # Totals are the sums of the XML SAT handed out, computed here straight from the files.
    total = isr = iva = Decimal(0)
    assert _index_families(tmp_path, {r["uuid"] for r in invoices}) == {"retenciones"}
    for record in invoices:
        assert record["type"] == "R" and record["has_xml"] is True
        assert record["direction"] == "issued" and record["issuer_rfc"] == RFC
        root = etree.parse(record["path"]).getroot()
        assert root.tag == RET2 + "Retenciones"
        totales = root.find(RET2 + "Totales")
        assert Decimal(record["total"]) == Decimal(totales.get("MontoTotOperacion"))
        total += Decimal(totales.get("MontoTotOperacion"))
        for withheld in totales.findall(RET2 + "ImpRetenidos"):
            if withheld.get("ImpuestoRet") == "001":
                isr += Decimal(withheld.get("MontoRet"))
            elif withheld.get("ImpuestoRet") == "002":
                iva += Decimal(withheld.get("MontoRet"))
    totals = doc["data"]["totals"]
    assert totals["count"] == len(documents)
    assert Decimal(totals["total"]) == total
    assert Decimal(totals["isr_withheld"]) == isr
    assert Decimal(totals["iva_withheld"]) == iva
    assert isr > 0


def test_cfdi_and_retenciones_of_the_same_period_are_distinct_and_duplicates_are_caught(cli, sandbox):
    _setup(cli)
    cfdi = cli("request", *MAY, "--rfc-type", "issued")[1]["data"]
    retenciones = cli("request", *MAY, "--rfc-type", "issued", "--service", "retenciones")[1]["data"]
    assert cfdi["duplicate"] is False and retenciones["duplicate"] is False
    assert cfdi["request_id"] != retenciones["request_id"]
    assert cfdi["request"]["service"] == "cfdi" and retenciones["request"]["service"] == "retenciones"

    again = cli("request", *MAY, "--rfc-type", "issued", "--service", "retenciones")[1]["data"]
    assert again["duplicate"] is True and again["request_id"] == retenciones["request_id"]
    again_cfdi = cli("request", *MAY, "--rfc-type", "issued", "--service", "cfdi")[1]["data"]
    assert again_cfdi["duplicate"] is True and again_cfdi["request_id"] == cfdi["request_id"]

    # SAT saw one request per family, nothing more.
    assert sorted(r.family for r in _sat_requests(sandbox)) == ["cfdi", "retenciones"]
    history = cli("history", "--no-refresh")[1]["data"]["history"]
    assert sorted(h["service"] for h in history) == ["cfdi", "retenciones"]


def test_retenciones_metadata_is_indexed_as_retenciones(cli, sandbox, tmp_path):
    _setup(cli)
    start, end = datetime(2026, 3, 1), datetime(2026, 3, 31, 23, 59, 59)
    documents = _world_retenciones(sandbox, "issued", start, end)
    assert documents
    args = ("--start", "2026-03-01", "--end", "2026-03-31", "--rfc-type", "issued")
    code, doc = cli("request", *args, "--service", "retenciones", "--request-type", "metadata")
    assert code == 0, doc
    assert cli("sync", "--wait", "--timeout", "60")[0] == 0
    item = cli("history", "--no-refresh")[1]["data"]["history"][0]
    assert item["service"] == "retenciones" and item["requestType"] == "metadata"
    assert item["status"] == "completed" and item["invoiceCount"] == len(documents)
    doc = cli("invoices", "list", "--from", "2026-03-01", "--to", "2026-03-31", "--type", "R")[1]
    assert {r["uuid"] for r in doc["data"]["invoices"]} == {d.uuid.upper() for d in documents}
    assert all(r["type"] == "R" and r["has_xml"] is False for r in doc["data"]["invoices"])
    assert _index_families(tmp_path, {d.uuid.upper() for d in documents}) == {"retenciones"}
    # its XML asked for by UUID goes to the Retenciones service: the CFDI one never has it, and its «not found»
    # ended the folio request for good (an outside audit)
    known = documents[0].uuid.upper()
    code, doc = cli("invoice", known)
    assert code == 0 and doc["data"]["source"] == "sat" and doc["data"]["invoice"]["has_xml"] is True, doc
    folio = cli("history", "--no-refresh")[1]["data"]["history"][0]
    assert (folio["requestKind"], folio["service"]) == ("uuid", "retenciones")
    # one the index does not know goes where --service says
    unknown = _world_retenciones(sandbox, "issued", datetime(2026, 1, 1), datetime(2026, 2, 28, 23, 59, 59))[0]
    assert cli("invoice", unknown.uuid, "--service", "retenciones")[1]["data"]["invoice"]["type"] == "R"
    assert cli("invoice", unknown.uuid, "--service", "nomina")[0] == 2


@pytest.mark.parametrize(
    ("options", "code"),
    [
        # Retenciones take no TipoComprobante nor RfcACuentaTerceros (sat-protocol.md §3.1).
        (("--rfc-type", "issued", "--invoice-type", "I"), "invalid_invoice_type"),
        (("--rfc-type", "issued", "--third-party-rfc", "AAA010101AAA"), "invalid_rfc"),
        # Received XML: only Vigentes, as for CFDI.
        (("--invoice-status", "cancelled"), "received_cfdi_requires_active"),
        (("--invoice-status", "all"), "received_cfdi_requires_active"),
    ],
)
def test_retenciones_filters_that_do_not_apply_are_refused_locally(cli, sandbox, options, code):
    _setup(cli)
    result = cli("request", *MAY, "--service", "retenciones", *options)
    assert result[0] == 1 and result[1]["error"]["code"] == code, result
    assert _sat_requests(sandbox) == []
    assert cli("history", "--no-refresh")[1]["data"]["history"] == []


def test_retenciones_periods_follow_the_cfdi_rules(cli, sandbox):
    _setup(cli)
    cases = [
        (("--start", "2026-01-01", "--end", "2026-03-01"), "date_range_too_long"),
        (("--start", "2026-03-02", "--end", "2026-03-01"), "invalid_date_range"),
        (("--start", "2026-07-01", "--end", "2026-07-15"), "invalid_date_range"),  # the future
        (("--start", "2019-01-01", "--end", "2019-01-31"), "date_range_too_old"),  # beyond six years
    ]
    for period, code in cases:
        cfdi = cli("request", *period, "--rfc-type", "issued")
        retenciones = cli("request", *period, "--rfc-type", "issued", "--service", "retenciones")
        assert cfdi[1]["error"]["code"] == retenciones[1]["error"]["code"] == code, (period, retenciones)
    assert _sat_requests(sandbox) == []
    assert cli("request", *MAY, "--service", "nomina")[0] == 2  # not a service: a usage error


def test_service_create_request_takes_the_service(service, sandbox):
    service.add_profile(RFC, "Kemper")
    service.activate(RFC)
    cer, key = Path(CER).read_bytes(), Path(KEY).read_bytes()
    service.upload_fiel(RFC, cer, key, TEST_PASSWORD)
    with pytest.raises(AppError) as refused:
        service.create_request(RFC, start="2026-05-01", end="2026-05-31", service="nomina", submit=False)
    assert refused.value.code == "invalid_service"
    result = service.create_request(
        RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued", service="retenciones", submit=False
    )
    record = service.ledger.get(result["request_id"])
    assert record.service == "retenciones" and record.params.service == "retenciones"
    assert result["request"]["service"] == "retenciones" and result["status"] == "pending"
