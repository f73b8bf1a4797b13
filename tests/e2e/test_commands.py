"""Every other command of DESIGN.md §3 against the sandbox: shapes, side effects, errors."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import signal
import sqlite3
import sys
import threading
import time
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from desktop_app.core.locking import ProfileLock
from tests.conftest import CREDENTIALS, FIXTURES, TEST_PASSWORD

FIEL = CREDENTIALS / "eku9003173c9-fiel"
CER, KEY = str(FIEL / "EKU9003173C9.cer"), str(FIEL / "EKU9003173C9.key")
RFC = "EKU9003173C9"


@pytest.fixture
def ready(cli):
    cli("profile", "add", RFC)
    cli("activation", "on")
    code, doc = cli("fiel", "upload", "--cer", CER, "--key", KEY, "--password-stdin", stdin=TEST_PASSWORD + "\n")
    assert code == 0, doc
    return cli


def _month(cli, start="2026-05-01", end="2026-05-31", *extra):
    code, doc = cli("request", "--start", start, "--end", end, "--rfc-type", "issued", *extra)
    assert code == 0, doc
    cli("sync", "--wait", "--timeout", "60")
    return doc["data"]["request_id"]


def test_fiel_upload_errors_change_nothing(cli, tmp_path):
    cli("profile", "add", "AAA010101AAA")
    cli("activation", "on")
    code, doc = cli("fiel", "upload", "--cer", CER, "--key", KEY, "--password-stdin", stdin=TEST_PASSWORD + "\n")
    assert code == 1 and doc["error"]["code"] == "rfc_mismatch"
    for bad, code_expected in [
        (("--cer", CER, "--key", KEY), "wrong_password"),
        (("--cer", KEY, "--key", CER), "invalid_certificate_format"),
    ]:
        code, doc = cli("fiel", "upload", *bad, "--password-stdin", "--rfc", "AAA010101AAA", stdin="nope\n")
        assert doc["error"]["code"] == code_expected
    assert not (tmp_path / "home" / "AAA010101AAA" / "fiel").exists()
    profile = cli("profile", "list")[1]["data"]["profiles"][0]
    assert profile["has_fiel"] is False


def test_fiel_files_are_private_and_password_is_not_on_disk(ready, tmp_path, secrets):
    folder = tmp_path / "home" / RFC / "fiel"
    for path in folder.iterdir():
        assert path.stat().st_mode & 0o777 == 0o600
    assert secrets.get_password(RFC) == TEST_PASSWORD
    for path in (tmp_path / "home").rglob("*"):
        if path.is_file():
            assert TEST_PASSWORD.encode() not in path.read_bytes(), path


def test_fiel_sync_start_date_and_phone_validation(cli):
    cli("profile", "add", RFC)
    cli("activation", "on")
    for option, value, code in [
        ("--sync-start-date", "2019-01-01", "invalid_sync_start_date"),
        ("--sync-start-date", "2026-13-01", "invalid_sync_start_date"),
        ("--phone", "12345", "invalid_phone"),
    ]:
        _, doc = cli(
            "fiel", "upload", "--cer", CER, "--key", KEY, "--password-stdin", option, value, stdin=TEST_PASSWORD
        )
        assert doc["error"]["code"] == code


def test_an_efirma_uploaded_again_keeps_the_sync_start_date_and_phone_given_before(cli):
    """A renewed e.firma uploaded without --sync-start-date / --phone: before, the sync start went back to the
    default (as far as SAT allows) and the phone was erased, without a word."""
    cli("profile", "add", RFC)
    cli("activation", "on")
    first = cli("fiel", "upload", "--cer", CER, "--key", KEY, "--password-stdin", "--sync-start-date", "2022-03-01",
                "--phone", "55 1234 5678", stdin=TEST_PASSWORD)[1]["data"]  # fmt: skip
    assert (first["sync_start_date"], first["phone"]) == ("2022-03-01", "+525512345678")
    again = cli("fiel", "upload", "--cer", CER, "--key", KEY, "--password-stdin", stdin=TEST_PASSWORD)[1]["data"]
    assert (again["sync_start_date"], again["phone"]) == ("2022-03-01", "+525512345678")
    chosen = cli("fiel", "upload", "--cer", CER, "--key", KEY, "--password-stdin", "--sync-start-date", "2023-01-01",
                 stdin=TEST_PASSWORD)[1]["data"]  # fmt: skip
    assert (chosen["sync_start_date"], chosen["phone"]) == ("2023-01-01", "+525512345678")  # a new one is taken


def test_register_retries_sat(ready, sandbox):
    code, doc = ready("register")
    assert code == 0 and doc["data"]["registered"] is True
    # SAT's refusal or silence is this command's error: it exited 0 with «registered: false» (outside audit)
    sandbox.faults.add("auth", "error404")
    code, doc = ready("register")
    assert code == 1 and doc["success"] is False and doc["error"]["code"] == "sat_fault", doc
    assert doc["error"]["registered"] is False


def test_status_refreshes_and_shows_packages(ready):
    code, doc = ready("request", "--start", "2026-05-01", "--end", "2026-05-31", "--rfc-type", "issued")
    request_id = doc["data"]["request_id"]
    code, doc = ready("status", request_id)
    assert code == 0
    data = doc["data"]
    assert data["request"]["status"] == "completed"
    assert data["packages"] and all(p["state"] == "ingested" for p in data["packages"])
    assert all(p["downloadCount"] == 1 for p in data["packages"])
    assert [e["operation"] for e in data["events"]][:2] == ["solicita", "verifica"]
    # what each package's ingest did, as JSON after the package's id (was a Python dict's repr)
    ingest = next(e for e in data["events"] if e["operation"] == "ingest")
    package_id, _, outcome = ingest["message"].partition(": ")
    assert package_id == data["packages"][0]["id"] and json.loads(outcome)["added"] > 0
    assert ready("status", "no-such-request")[1]["error"]["code"] == "not_found"


def test_package_and_invoice_from_vault(ready, tmp_path):
    request_id = _month(ready)
    package = ready("status", request_id)[1]["data"]["packages"][0]
    out = tmp_path / "copy.zip"
    code, doc = ready("package", package["id"], "--output", str(out))
    assert code == 0 and zipfile.is_zipfile(out)
    invoice = ready("invoices", "list", "--limit", "1")[1]["data"]["invoices"][0]
    xml_out = tmp_path / "one.xml"
    code, doc = ready("invoice", invoice["uuid"].lower(), "--output", str(xml_out))
    assert code == 0 and doc["data"]["source"] == "vault"
    assert xml_out.read_bytes() == Path(invoice["path"]).read_bytes()
    assert ready("package", "nope_01", "--output", str(out))[1]["error"]["code"] == "not_found"


def test_invoice_as_a_printed_pdf(ready, tmp_path):
    """Issue 17.5: ``invoice UUID --pdf FILE`` — the representación impresa, one page, in either language."""
    import re

    _month(ready)
    invoice = ready("invoices", "list", "--limit", "1")[1]["data"]["invoices"][0]
    for lang in ("es", "en"):
        pdf = tmp_path / f"factura-{lang}.pdf"
        code, doc = ready("invoice", invoice["uuid"], "--pdf", str(pdf), "--lang", lang)
        assert code == 0, doc
        assert doc["data"]["pdf"] == str(pdf)
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page[^s]", data)) == 1
    # a document the index knows only from SAT's metadata: its XML comes from SAT first, then the page
    code, doc = ready("request", "--start", "2026-04-01", "--end", "2026-04-30", "--rfc-type", "issued",
                      "--request-type", "metadata")  # fmt: skip
    ready("sync", "--wait", "--timeout", "60")
    listed = ready("invoices", "list", "--from", "2026-04-01", "--to", "2026-04-30")[1]["data"]["invoices"]
    metadata_only = next(i for i in listed if not i["has_xml"])
    code, doc = ready("invoice", metadata_only["uuid"], "--pdf", str(tmp_path / "fetched.pdf"))
    assert code == 0 and doc["data"]["source"] == "sat", doc
    assert (tmp_path / "fetched.pdf").read_bytes().startswith(b"%PDF")


def test_a_printed_cfdi_needs_its_xml():
    from desktop_app.cli.invoices_cmd import _write_pdf
    from desktop_app.core.errors import AppError

    with pytest.raises(AppError) as caught:
        _write_pdf({"uuid": "ABC", "has_xml": 0, "path": None}, "/nonexistent/x.pdf", "es")
    assert caught.value.code == "xml_not_available"


def test_invoice_not_in_vault_is_fetched_from_sat_by_folio(ready, sandbox):
    header = next(
        sandbox.world.find(
            rfc=RFC, direction="issued", start=datetime(2026, 3, 1), end=datetime(2026, 3, 31, 23, 59, 59)
        )
    )
    code, doc = ready("invoice", header.uuid)
    assert code == 0, doc
    assert doc["data"]["source"] == "sat"
    assert doc["data"]["invoice"]["uuid"] == header.uuid
    assert ready("invoice", "not-a-uuid")[1]["error"]["code"] == "invalid_uuid"


def test_invoices_list_filters_and_exports(ready, tmp_path):
    _month(ready)
    all_ = ready("invoices", "list")[1]["data"]
    assert all_["count"] > 0
    some = all_["invoices"][0]
    by_text = ready("invoices", "list", "--text", some["receiver_name"][:5].lower())[1]["data"]
    assert some["uuid"] in {r["uuid"] for r in by_text["invoices"]}
    by_uuid = ready("invoices", "list", "--text", some["uuid"][-12:])[1]["data"]
    assert [r["uuid"] for r in by_uuid["invoices"]] == [some["uuid"]]
    ingresos = ready("invoices", "list", "--type", "I")[1]["data"]
    assert ingresos["count"] and all(r["type"] == "I" for r in ingresos["invoices"])
    big = ready("invoices", "list", "--min-total", "10000", "--sort", "total", "--desc")[1]["data"]
    totals = [float(r["total"]) for r in big["invoices"]]
    assert totals == sorted(totals, reverse=True) and all(t >= 10000 for t in totals)
    assert ready("invoices", "list", "--min-total", "abc")[1]["error"]["code"] == "invalid_amount"
    assert ready("invoices", "list", "--from", "2026-02-30")[1]["error"]["code"] == "invalid_date"
    # the last days a date can have: an accountant's "no end" (9999-12-31) crashed the list (an outside audit)
    open_ended = ready("invoices", "list", "--from", "2020-01-01", "--to", "9999-12-31")[1]["data"]
    assert open_ended["count"] == all_["count"]
    for bounds in (("--to", "9999-12-30"), ("--from", "9999-12-02"), ("--from", "9999-12-31", "--to", "9999-12-31")):
        code, doc = ready("invoices", "list", *bounds)
        assert code == 0 and doc["data"]["count"] == (all_["count"] if bounds[0] == "--to" else 0), bounds

    csv_path = tmp_path / "f.csv"
    code, doc = ready("invoices", "list", "--format", "csv", "--output", str(csv_path))
    assert code == 0 and doc["data"]["count"] == all_["count"]
    rows = list(csv.DictReader(csv_path.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == all_["count"] and rows[0]["UUID"]  # Spanish headers (issue 17)

    xlsx = tmp_path / "f.xlsx"
    code, doc = ready("invoices", "list", "--format", "xlsx", "--output", str(xlsx))
    assert code == 0
    with zipfile.ZipFile(xlsx) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
        assert zf.testzip() is None
    assert sheet.count("<row ") == all_["count"] + 2  # the header, the invoices, the totals row
    assert 's="1"><v>' in sheet  # money cells are numbers with a currency format
    assert 's="2"><v>' in sheet  # dates are real dates
    assert ready("invoices", "list", "--format", "xlsx")[1]["error"]["code"] == "output_required"


def test_import_is_idempotent(ready, tmp_path):
    def snapshot():
        conn = sqlite3.connect(tmp_path / "home" / "descarga.sqlite3")
        rows = conn.execute("SELECT uuid, status, total, path, updated_at FROM invoices ORDER BY uuid").fetchall()
        conn.close()
        return rows

    folder = tmp_path / "mis-xml"
    folder.mkdir()
    source = tmp_path / "home" / RFC / "emitidos"
    _month(ready)
    before = snapshot()
    for path in source.rglob("*.xml"):
        (folder / path.name).write_bytes(path.read_bytes())
    code, doc = ready("invoices", "import", str(folder))
    assert code == 0 and doc["data"]["unchanged"] == len(before) and doc["data"]["added"] == 0
    assert snapshot() == before
    code, doc = ready("invoices", "import", str(FIXTURES / "packages"))
    assert doc["data"]["skipped_reasons"].get("not_this_rfc")  # other RFCs' documents are not indexed
    assert snapshot() == before


def test_activation_off_stops_schedule_and_can_forget_the_fiel(ready, tmp_path, secrets):
    ready("schedule", "set", "--enabled", "true")
    code, doc = ready("activation", "off")
    assert code == 0 and doc["data"]["schedule_enabled"] is False
    assert ready("schedule", "show")[1]["data"]["schedule"]["enabled"] is False
    assert (tmp_path / "home" / RFC / "fiel" / f"{RFC}.key").exists()
    code, doc = ready("activation", "off", "--forget-fiel")
    assert not (tmp_path / "home" / RFC / "fiel" / f"{RFC}.key").exists()
    assert secrets.get_password(RFC) is None
    status = ready("activation", "status")[1]["data"]
    assert status["status"] == "needs_activation" and status["isActivated"] is False


def test_usage_counts_downloaded_xml(ready):
    _month(ready)
    usage = ready("activation", "status")[1]["data"]["usage"]
    count = ready("invoices", "list")[1]["data"]["count"]
    assert usage["xmlDownloadedTotal"] == count


def test_schedule_show_reports_fiel_and_next_run(ready):
    code, doc = ready("schedule", "set", "--enabled", "true", "--time", "07:15", "--days-back", "2")
    data = doc["data"]
    assert data["schedule"]["enabled"] is True and data["schedule"]["time"] == "07:15"
    assert data["fiel"]["days_left"] > 300 and data["fiel"]["expires_soon"] is False
    assert data["nextRunAtLocal"].startswith("2026-06-16 07:15")


def test_sync_enable_backfills_one_request_per_month(ready):
    code, doc = ready("sync", "enable")
    assert code == 0, doc
    # sync_start_date defaulted to 71 months back: 2020-07 … 2026-06, four requests per month
    # (issued XML + metadata, received XML + metadata)
    months = 12 * (2026 - 2020) + (6 - 7) + 1
    assert doc["data"]["requests_created"] == months * 4
    # and the schedule as `schedule show` says it (DESIGN §3): before, only the schedule and warnings
    shown = ready("schedule", "show")[1]["data"]
    for key in ("rfc", "schedule", "fiel", "nextRunAt", "nextRunAtLocal", "warnings"):
        assert doc["data"][key] == shown[key], key
    assert "lastSync" in doc["data"] and doc["data"]["fiel"]["uploaded"] is True
    again = ready("sync", "enable")[1]["data"]
    assert again["requests_created"] == 0 and again["requests_already_known"] == months * 4
    history = ready("history")[1]["data"]["history"]
    assert {(h["source"], h["origin"]) for h in history} == {("scheduled", "backfill")}


def test_a_second_sync_of_the_same_profile_is_refused(ready, tmp_path):
    with ProfileLock(tmp_path / "home" / RFC / "sync.lock"):
        code, doc = ready("sync", "--once")
    assert code == 1 and doc["error"]["code"] == "sync_busy"


def test_debug_report(ready):
    code, doc = ready("debug")
    assert code == 0
    data = doc["data"]
    assert data["token"]["obtained"] is True
    assert data["tls_trust"] in ("system_bundle", "certifi")  # on Windows and macOS: os_store
    assert all(e["reachable"] for e in data["endpoints"] if e["url"].startswith("http://127.0.0.1"))
    assert data["fiel"]["days_left"] > 0
    assert "access_token" not in str(data)


def test_a_refused_certificate_is_named_in_the_json(ready, make_service, monkeypatch, tmp_path):
    """SAT's certificate refused (an antivirus or proxy that inspects HTTPS, a clock far off): `request`, `sync`
    and `debug` say so in a field a script can test, ``cause``, beside the reason."""
    from desktop_app.cli import common
    from desktop_app.core.sat.client import SatClient
    from desktop_app.core.sat.transport import Transport
    from desktop_app.demo import sandbox_endpoints
    from tests.tls_support import https_server, self_signed

    cert, key = self_signed(tmp_path)
    with https_server(cert, key, b"") as url:
        endpoints = sandbox_endpoints(url)

        def behind_a_proxy(home=None, **kwargs):
            service = make_service(home, **kwargs)
            service.sat_factory = lambda fiel: SatClient(
                fiel, endpoints, transport=Transport(sleep=lambda _s: None), clock=service.clock.now
            )
            return service

        monkeypatch.setattr(common, "SERVICE_FACTORY", behind_a_proxy)
        code, doc = ready("request", "--start", "2026-05-01", "--end", "2026-05-31")
        assert code == 0 and doc["data"]["status"] == "pending", doc  # kept, sent again later
        note = doc["data"]["request"]
        assert note["statusCode"] == "resend_unreachable" and note["statusParams"]["cause"] == "certificate_rejected"
        assert "certificate was not accepted" in note["statusMessage"]
        code, doc = ready("sync", "--once")
        assert [(e["code"], e.get("cause")) for e in doc["data"]["errors"]] == [
            ("sat_unavailable", "certificate_rejected")
        ], doc
        code, doc = ready("debug")
        assert doc["data"]["token"]["error"]["cause"] == "certificate_rejected"
    history = ready("history", "--no-refresh")[1]["data"]["history"]
    assert history[0]["statusParams"]["cause"] == "certificate_rejected"


def test_profile_remove_keeps_files(ready, tmp_path):
    _month(ready)
    code, doc = ready("profile", "remove", RFC)
    assert code == 0 and doc["data"]["removed"] is True
    assert any((tmp_path / "home" / RFC / "emitidos").rglob("*.xml"))
    assert ready("profile", "list")[1]["data"]["count"] == 0


def test_sat_commands_use_the_profiles_stored_fiel(ready):
    code, doc = ready("sat", "auth")
    assert code == 0 and doc["data"]["authenticated"] is True
    assert TEST_PASSWORD not in str(doc)


def test_invoice_verify_asks_sat_and_keeps_the_status(ready, sandbox):
    from tests.sandbox_env import NOW

    _month(ready)
    moment = NOW.replace(tzinfo=None)
    headers = list(
        sandbox.world.find(rfc=RFC, direction="issued", start=datetime(2026, 5, 1), end=datetime(2026, 5, 31, 23, 59))
    )
    # (the sandbox does not un-escape "&amp;" in the expression: RFCs with "&" are left out)
    cancelled = next(h for h in headers if h.status_at(moment) == "Cancelado" and "&" not in h.receiver_rfc)
    vigente = next(h for h in headers if h.status_at(moment) == "Vigente" and "&" not in h.receiver_rfc)
    listed = ready("invoices", "list", "--status", "cancelado")[1]["data"]
    assert cancelled.uuid not in {i["uuid"] for i in listed["invoices"]}  # CFDI alone do not say it

    code, doc = ready("invoice", cancelled.uuid, "--verify")
    assert code == 0, doc
    verified = doc["data"]["verified"]
    assert (verified["status"], verified["previous_status"], verified["changed"]) == ("cancelado", "unknown", True)
    assert verified["sat"]["estado"] == "Cancelado"
    assert doc["data"]["invoice"]["status"] == "cancelado"
    after = ready("invoices", "list", "--status", "cancelado")[1]["data"]
    assert cancelled.uuid in {i["uuid"] for i in after["invoices"]}
    assert after["totals"]["count"] == listed["totals"]["count"] + 1

    assert ready("invoice", cancelled.uuid, "--verify")[1]["data"]["verified"]["changed"] is False
    assert ready("invoice", vigente.uuid, "--verify")[1]["data"]["verified"]["status"] == "vigente"


def test_profile_add_takes_an_rfc_whose_digit_does_not_verify_only_when_told(cli):
    code, doc = cli("profile", "add", "EKU9003173C8")
    assert code == 1 and (doc["error"]["code"], doc["error"]["reason"]) == ("invalid_rfc", "check_digit")
    code, doc = cli("profile", "add", "EKU9003173C8", "--accept-check-digit")
    assert code == 0 and doc["data"]["profile"]["rfc"] == "EKU9003173C8"
    cli("activation", "on", "--rfc", "EKU9003173C8")
    code, doc = cli(
        "fiel", "upload", "--rfc", "EKU9003173C8", "--cer", CER, "--key", KEY, "--password-stdin",
        stdin=TEST_PASSWORD + "\n",
    )  # fmt: skip
    assert code == 1 and doc["error"]["code"] == "rfc_mismatch"  # the e.firma still names its own RFC


def _groups_from_the_raw_xml(home: Path) -> dict[tuple[str, str, str], list]:
    """(direction, type, currency) → [count, subtotal, total] read from the vault's XML with lxml, not our parser:
    amounts × TipoCambio in MXN, rounded half up to the cent, per document."""
    from collections import defaultdict
    from decimal import ROUND_HALF_UP, Decimal

    from lxml import etree

    expected: dict[tuple[str, str, str], list] = defaultdict(lambda: [0, Decimal(0), Decimal(0)])
    for path in (home / RFC).rglob("*.xml"):
        root = etree.parse(str(path)).getroot()
        issuer = next(e for e in root if etree.QName(e).localname == "Emisor").get("Rfc")
        currency = root.get("Moneda") or ""
        rate = Decimal(root.get("TipoCambio") or 1) if currency not in ("MXN", "XXX", "") else Decimal(1)

        def mxn(value, rate=rate):
            return (Decimal(value or 0) * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

        key = ("issued" if issuer == RFC else "received", root.get("TipoDeComprobante"), currency)
        expected[key][0] += 1
        expected[key][1] += mxn(root.get("SubTotal"))
        expected[key][2] += mxn(root.get("Total"))
    return dict(expected)


def test_invoices_list_group_by_matches_the_raw_xml(ready, tmp_path):
    """Issue 17.1: ``--group-by direction,type,currency`` adds data.groups; each group's count, subtotal and
    total equal an independent reading of the vault's XML."""
    from decimal import Decimal

    _month(ready)
    code, doc = ready("invoices", "list", "--group-by", "direction,type,currency", "--limit", "1")
    assert code == 0, doc
    groups = doc["data"]["groups"]
    got = {
        (g["keys"]["direction"], g["keys"]["type"], g["keys"]["currency"]): [
            g["count"], Decimal(g["subtotal"]), Decimal(g["total"])
        ]
        for g in groups
    }  # fmt: skip
    assert got == _groups_from_the_raw_xml(tmp_path / "home") and len(got) > 1
    assert sum(g["count"] for g in groups) == doc["data"]["totals"]["count"]
    for g in groups:
        assert (g.get("converted_from") is not None) == (g["keys"]["currency"] not in ("MXN", "XXX", ""))
    code, doc = ready("invoices", "list", "--group-by", "direction,colour")
    assert code == 2 and doc["error"]["code"] == "invalid_argument" and doc["error"]["field"] == "group_by"


def test_an_excel_export_grouped_has_a_summary_sheet_of_the_same_groups(ready, tmp_path):
    """``--group-by`` with ``--format xlsx``: the groups were only in data.groups on stdout; the workbook now has a
    «Resumen» sheet, a row per group, whose figures are the raw XML's (and data.groups')."""
    import zipfile
    from decimal import Decimal

    from lxml import etree

    from desktop_app.core.vocabulary import value_text

    _month(ready)
    out = tmp_path / "agrupado.xlsx"
    code, doc = ready(
        "invoices", "list", "--group-by", "direction,type,currency", "--format", "xlsx", "--output", str(out)
    )  # fmt: skip
    assert code == 0, doc
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(out) as zf:
        book = etree.fromstring(zf.read("xl/workbook.xml"))
        sheet = etree.fromstring(zf.read("xl/worksheets/sheet3.xml"))
        assert 'Target="worksheets/sheet3.xml"' in zf.read("xl/_rels/workbook.xml.rels").decode()
        assert "/xl/worksheets/sheet3.xml" in zf.read("[Content_Types].xml").decode()
    assert [e.get("name") for e in book.iterfind(".//m:sheet", ns)] == ["Facturas", "Conceptos", "Resumen"]

    def text(c):
        node = c.find("m:is/m:t", ns)
        return node.text if node is not None else c.findtext("m:v", namespaces=ns)

    rows = [[text(c) for c in row.iterfind("m:c", ns)] for row in sheet.iterfind(".//m:sheetData/m:row", ns)]
    header = rows[0]
    assert header[:4] == ["Emitido/Recibido", "Tipo de comprobante", "Moneda", "Comprobantes sumados"]
    subtotal, total = header.index("Subtotal"), header.index("Total")
    groups = doc["data"]["groups"]
    expected = _groups_from_the_raw_xml(tmp_path / "home")
    assert len(groups) == len(expected) > 1
    for row, group in zip(rows[1 : 1 + len(groups)], groups, strict=True):
        keys = group["keys"]
        assert row[:3] == [value_text(k, keys[k], "es") for k in ("direction", "type", "currency")]
        count, sub, tot = expected[(keys["direction"], keys["type"], keys["currency"])]
        assert (int(row[3]), Decimal(row[subtotal]), Decimal(row[total])) == (count, sub, tot)
    assert rows[len(groups) + 1][0].startswith("Importes en MXN")
    # a CSV holds one table: its groups stay in data.groups, as before
    code, doc = ready("invoices", "list", "--group-by", "type", "--format", "csv", "--output", str(tmp_path / "a.csv"))
    assert code == 0 and doc["data"]["groups"]


def _signal_when(tmp_path, sql: str, least: int, signum: int) -> threading.Thread:
    """A thread that sends ``signum`` to this process (the in-process CLI) once the data home's ``sql`` counts at
    least ``least`` (read-only; at most 60 s): the moment a user presses Ctrl+C, or the system stops the task."""
    from desktop_app.core.store.db import DB_NAME

    database = tmp_path / "home" / DB_NAME

    def count() -> int:
        with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5)) as conn:
            return int(conn.execute(sql).fetchone()[0])

    def send() -> None:
        deadline = time.monotonic() + 60
        while count() < least and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(os.getpid(), signum)

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    return thread


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX Ctrl+C")
@pytest.mark.parametrize("sandbox_options", [{"ready_after": 86_400}])  # SAT keeps the request waiting
def test_ctrl_c_stops_sync_wait_and_prints_what_it_did(ready, tmp_path, capsys):
    """`sync --wait` can wait for hours while SAT keeps a request: Ctrl+C stops it between two steps of the pass
    (or in the pause between passes) and the totals are printed, exit 0 — not `interrupted` (exit 130)."""
    code, doc = ready("request", "--start", "2026-05-01", "--end", "2026-05-31", "--rfc-type", "issued")
    assert code == 0, doc
    # Ctrl+C once the request, sent by `request`, was asked about by the sync: two passes ended
    finished = "SELECT COUNT(*) FROM sync_runs WHERE finished_at IS NOT NULL"
    presser = _signal_when(tmp_path, finished, 2, signal.SIGINT)
    started = time.monotonic()
    code, doc = ready("sync", "--wait", "--timeout", "300")
    presser.join(10)
    assert code == 0, doc
    data = doc["data"]
    assert data["stopped"] is True and data["timed_out"] is False and data["passes"] >= 1
    assert data["verified"] >= 1 and data["open_requests"] == 1  # still waiting at SAT: the next sync goes on
    assert time.monotonic() - started < 60
    assert "Deteniendo… (Ctrl+C otra vez para salir ya)" in capsys.readouterr().err


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX SIGTERM")
@pytest.mark.parametrize("sandbox_options", [{"ready_after": 86_400, "faults": ["verify:delay:seconds=3"]}])
def test_sigterm_stops_the_os_tasks_sync_between_steps(ready, tmp_path):
    """`sync --all` is what the OS task runs; a system shutting down sends it SIGTERM: the pass stops after the
    SAT call in flight (here a 3 s verification), the answer is printed with `stopped: true`, exit 0."""
    assert ready("schedule", "set", "--enabled", "true")[0] == 0  # the OS task runs RFCs whose daily sync is on
    code, doc = ready("request", "--start", "2026-05-01", "--end", "2026-05-31", "--rfc-type", "issued")
    assert code == 0, doc
    late: list[int] = []  # a SIGTERM after the command gave its handlers back must not end the test run
    previous = signal.signal(signal.SIGTERM, lambda *_: late.append(1))
    try:  # SIGTERM once the OS task's pass has begun
        stopper = _signal_when(tmp_path, "SELECT COUNT(*) FROM sync_runs WHERE trigger = 'os_task'", 1, signal.SIGTERM)
        code, doc = ready("sync", "--all")
        stopper.join(10)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert not late, "the signal came after the pass had ended"
    assert code == 0, doc
    data = doc["data"]
    assert data["stopped"] is True and data["ran"] == 1 and data["failed"] == 0
    [profile] = data["profiles"]
    assert profile["rfc"] == RFC and profile["report"]["open_requests"] == 1


def test_status_never_sends_a_request_sat_has_not_received(ready, sandbox):
    """`status ID` ran a whole pass for the request: one SAT had never received (its first try failed before
    reaching SAT) was submitted — by a look at it, also for a queued backfill whose daily sync was off (outside
    audit of the seed's interface). It is sent by the next sync."""
    fault = sandbox.faults.add("auth", "http500", times=20)
    code, doc = ready("request", "--start", "2026-05-01", "--end", "2026-05-31", "--rfc-type", "issued")
    assert code == 0 and doc["data"]["status"] == "pending", doc
    request_id = doc["data"]["request_id"]
    sandbox.faults.remove(fault)
    code, doc = ready("status", request_id)
    assert code == 0 and doc["data"]["request"]["status"] == "pending", doc
    assert len(sandbox.state.requests) == 0  # nothing sent to SAT
    ready("sync", "--wait", "--timeout", "60")
    assert ready("status", request_id)[1]["data"]["request"]["status"] == "completed"
    assert len(sandbox.state.requests) == 1


@pytest.mark.parametrize("sandbox_options", [{"ready_after": 3600}])
def test_status_without_the_password_shows_the_request_as_stored(ready, sandbox, secrets):
    """Without the FIEL password (no keyring), `status ID` answered password_required and showed nothing, where
    `history` shows the records and why they are not fresher."""
    code, doc = ready("request", "--start", "2026-05-01", "--end", "2026-05-31", "--rfc-type", "issued")
    request_id = doc["data"]["request_id"]
    assert doc["data"]["status"] == "accepted", doc  # SAT has it, and is still preparing it
    secrets.delete_password(RFC)
    code, doc = ready("status", request_id)
    assert code == 0, doc
    data = doc["data"]
    assert data["request"]["id"] == request_id and data["refreshed"] is False
    assert data["refreshError"]["code"] == "password_required"


def test_a_cancelled_invoice_prints_its_cancellation_date(ready, tmp_path, monkeypatch):
    """The printed CFDI of a cancelled invoice says «CANCELADO» across the top with the date SAT's metadata gave
    (outside audit of the printed CFDI: only «Estado en el SAT: Cancelado», small, without a date)."""
    from desktop_app.core import printed

    _month(ready)
    _month(ready, "2026-05-01", "2026-05-31", "--request-type", "metadata")  # SAT's statuses
    listed = ready("invoices", "list", "--status", "cancelado")[1]["data"]["invoices"]
    cancelled = next(i for i in listed if i["has_xml"] and i["cancelled_at"])
    pages: list[str] = []
    real = printed.render

    def render(xml, **kwargs):
        page = real(xml, **kwargs)
        pages.append(page.html)
        return page

    monkeypatch.setattr(printed, "render", render)
    code, doc = ready("invoice", cancelled["uuid"], "--pdf", str(tmp_path / "cancelada.pdf"))
    assert code == 0, doc
    day = cancelled["cancelled_at"][:10]
    assert "CANCELADO" in pages[0] and f"Cancelado el {day[8:10]}/{day[5:7]}/{day[:4]}" in pages[0]
