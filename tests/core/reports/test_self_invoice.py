"""A CFDI an RFC issued to itself (Emisor = Receptor): SAT lists it among the issued and the received, the index
keeps it once, as issued. The reports added its IVA to what is transferred with nothing creditable beside it, and
its subtotal to income with no expense (outside audit, many RFCs): IVA to pay and taxable income with nothing
behind them. It is left out of both and named (``self_invoice``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.reports.builder import Concept, T, cfdi
from tests.core.reports.conftest import cli, report

OWNER, CLIENT = "EKU9003173C9", "AAA010101AAA"
DAY = "2025-03-10T10:00:00"
SELF, OTHER = "CCCCCCCC-0000-4000-8000-000000000001", "CCCCCCCC-0000-4000-8000-000000000002"


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("self_invoice")
    folder = base / "xml"
    folder.mkdir()
    own = cfdi(SELF, DAY, issuer=OWNER, receiver=OWNER, concepts=[Concept("1000.00", [T("1000.00", "160.00")])])
    sale = cfdi(OTHER, DAY, issuer=OWNER, receiver=CLIENT, concepts=[Concept("100.00", [T("100.00", "16.00")])])
    (folder / "own.xml").write_bytes(own)
    (folder / "sale.xml").write_bytes(sale)
    target = base / "home"
    assert cli(target, "profile", "add", OWNER)[0] == 0
    assert cli(target, "invoices", "import", str(folder))[1]["data"]["added"] == 2
    return target


def test_iva_leaves_out_a_cfdi_issued_to_itself_and_names_it(home):
    data = report(home, "iva", "--period", "2025-03", "--detail")
    for basis in ("cash", "accrual"):
        assert (data[basis]["transferred"], data[basis]["creditable"]) == ("16.00", "0.00"), basis  # was 176.00
        assert data[basis]["notes"]["self_invoice"]["uuids"] == [SELF]


def test_isr_leaves_it_out_too(home):
    data = report(home, "isr", "--period", "2025-03", "--detail")
    assert (data["income"], data["expenses"]) == ("100.00", "0.00")  # was 1,100.00 of income
    assert data["notes"]["self_invoice"]["uuids"] == [SELF]


def test_the_note_reads_in_spanish_in_the_workbook(home, tmp_path):
    from tests.core.reports.test_report_cli import _sheets

    out = tmp_path / "iva.xlsx"
    code, doc = cli(home, "report", "iva", "--period", "2025-03", "--format", "xlsx", "--output", str(out))
    assert code == 0, doc
    texts = " ".join(str(cell) for sheet in _sheets(out).values() for row in sheet for cell in row)
    assert "CFDI que el RFC se emitió a sí mismo: fuera del cálculo" in texts
