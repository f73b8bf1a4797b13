"""The sandbox's world (what ``descarga-masiva demo`` downloads) gives every income report something real to show:
a month of the demo taxpayer (EKU9003173C9, a company that runs a payroll) with payroll receipts, PPD invoices paid
in installments in later months, ISR withheld from the persons it pays, and the constancias of its bank's interest.

The documents are the sandbox's own XML and metadata (``World.xml``, ``World.metadata_line``), indexed through the
real CLI, three months of them so the month's payments find the invoices they pay."""

from __future__ import annotations

import time
from datetime import datetime

import pytest

from desktop_app.sandbox.config import SandboxConfig
from desktop_app.sandbox.world import METADATA_HEADER, World
from tests.core.reports.conftest import cli_process, report

RFC = "EKU9003173C9"
AT = datetime(2025, 6, 1)  # what SAT knows on that day (cancellations included)


@pytest.fixture(scope="module")
def sandbox_home(tmp_path_factory):
    world = World(seed=SandboxConfig().seed, invoices=50_000)
    base = tmp_path_factory.mktemp("sandbox-reports")
    xml = base / "xml"
    xml.mkdir()
    lines = [METADATA_HEADER]
    start, end = datetime(2025, 2, 1), datetime(2025, 4, 30, 23, 59, 59)
    count = 0
    for direction in ("issued", "received"):
        for family in ("cfdi", "retenciones"):
            for header in world.find(rfc=RFC, direction=direction, start=start, end=end, family=family, at=AT):
                (xml / f"{header.uuid}.xml").write_bytes(world.xml(header))
                lines.append(world.metadata_line(header, AT))
                count += 1
    (base / "metadata.txt").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    home = base / "home"
    cli_process(home, "profile", "add", RFC)
    imported = cli_process(home, "invoices", "import", str(xml))
    assert imported["added"] == count, imported
    cli_process(home, "invoices", "import", str(base / "metadata.txt"))
    return home


def test_the_demo_month_has_payroll(sandbox_home):
    data = report(sandbox_home, "nomina", "--period", "2025-04")
    assert data["totals"]["employees"] >= 3 and data["totals"]["receipts"] >= data["totals"]["employees"]
    assert float(data["totals"]["isr_withheld"]) > 0 and float(data["totals"]["employment_subsidy"]) > 0
    assert all(e["rfc"] and e["curp"] and e["number"] for e in data["employees"])


def test_the_demo_month_has_income_payments_and_withholdings(sandbox_home):
    data = report(sandbox_home, "isr", "--period", "2025-04", "--detail")
    assert float(data["income"]) > 0 and float(data["expenses"]) > 0
    assert float(data["withheld_by_taxpayer"]["total"]) > 0  # persons' fees the company withheld ISR from
    sources = {item["source"] for item in data["detail"]["income"]}
    assert "payment_proportion" in sources  # PPD invoices paid in April
    iva = report(sandbox_home, "iva", "--period", "2025-04")
    ppd = report(sandbox_home, "ppd", "--period", "2025-04")
    partly = [i for i in ppd["receivable"]["invoices"] + ppd["payable"]["invoices"] if i["payments_count"]]
    assert partly, "PPD invoices paid in part, still open"
    assert iva["cash"]["counts"]["payments"] > 0


def test_the_demo_year_has_retenciones(sandbox_home):
    data = report(sandbox_home, "retenciones", "--period", "2025-01", "--to", "2025-04", "--detail")
    assert data["totals"]["documents"] >= 1
    assert {g["key"] for g in data["groups"]} == {"16"} and float(data["totals"]["isr"]) > 0


def test_reports_of_a_demo_month_are_quick(sandbox_home):
    """Reading the payroll XML from the vault is the slow part of ``nomina``: a month of the demo, measured."""
    for kind in ("isr", "nomina", "retenciones"):
        begin = time.perf_counter()
        report(sandbox_home, kind, "--period", "2025-04")
        assert time.perf_counter() - begin < 2.0, kind
