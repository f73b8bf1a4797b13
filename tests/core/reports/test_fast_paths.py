"""The shortcuts that keep every report under its budget at a million documents (benchmarks/reports_vault.py) give
what the slow ways gave: the nómina amounts without Decimal, the issuer's regime without a tree, the IVA of one
side only for the DIOT."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import pytest

from desktop_app.core.reports import Period
from desktop_app.core.reports.iva import iva_report
from desktop_app.core.reports.nomina import _cents, receipt_amounts
from desktop_app.core.reports.vaultread import Unreadable, issuer_regime
from desktop_app.core.store.db import connect
from desktop_app.core.xmlsafe import parse
from tests.core.reports import scenario, scenario_isr
from tests.core.reports.scenario_isr import income_world  # noqa: F401 - the fixture


def _slow_cents(text: str | None) -> int:
    """What ``_cents`` was: Decimal, half-up."""
    if not text:
        return 0
    try:
        return int((Decimal(text.strip()) / Decimal("0.01")).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    except InvalidOperation:
        return 0


@pytest.mark.parametrize(
    "text",
    ["0", "1", "1.5", "1.05", "12345.67", " 12.34 ", "0.00", "1.005", "1.004999", "-1.50", "1e2", "1_000.00",
     "abc", "", None, "1.", ".5", "١٢.٣", "²", "99999999999.99"],
)  # fmt: skip
def test_cents_without_decimal_are_the_decimal_cents(text):
    assert _cents(text) == _slow_cents(text)


NOMINA11 = """<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/3" xmlns:nomina="http://www.sat.gob.mx/nomina"
 Version="3.2"><cfdi:Complemento><!-- a comment among the complements -->
 <nomina:Nomina Version="1.1" FechaPago="2016-03-15" CURP="AAAA800101HDFRRN09" NumEmpleado="7">
  <nomina:Percepciones TotalGravado="1000.00" TotalExento="250.50">
   <nomina:Percepcion TipoPercepcion="001" Clave="1" Concepto="Sueldo" ImporteGravado="1000.00" ImporteExento="0"/>
   <nomina:Percepcion TipoPercepcion="017" Clave="2" Concepto="Subsidio" ImporteGravado="0" ImporteExento="200.50"/>
   <nomina:Percepcion TipoPercepcion="019" Clave="3" Concepto="Horas" ImporteGravado="0" ImporteExento="50.00"/>
  </nomina:Percepciones>
  <nomina:Deducciones TotalGravado="0" TotalExento="130.00">
   <nomina:Deduccion TipoDeduccion="002" Clave="4" Concepto="ISR" ImporteGravado="0" ImporteExento="100.00"/>
   <nomina:Deduccion TipoDeduccion="001" Clave="5" Concepto="IMSS" ImporteGravado="0" ImporteExento="30.00"/>
  </nomina:Deducciones>
 </nomina:Nomina></cfdi:Complemento></cfdi:Comprobante>"""

NOMINA12_ITEMS = """<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" xmlns:n="http://www.sat.gob.mx/nomina12"
 Version="4.0"><cfdi:Complemento><n:Nomina Version="1.2" FechaPago="2025-03-15">
  <n:Receptor Curp="BBBB800101HDFRRN01" NumEmpleado="8"/>
  <n:Percepciones><n:Percepcion TipoPercepcion="001" ImporteGravado="900.10" ImporteExento="0.005"/>
   <n:Percepcion TipoPercepcion="019" ImporteGravado="10" ImporteExento="20.5"/></n:Percepciones>
  <n:Deducciones><n:Deduccion TipoDeduccion="002" Importe="90.00"/><n:Deduccion TipoDeduccion="004" Importe="5"/>
  </n:Deducciones>
  <n:OtrosPagos><n:OtroPago TipoOtroPago="002" Importe="15.25"><n:SubsidioAlEmpleo SubsidioCausado="20.00"/>
   </n:OtroPago><n:OtroPago TipoOtroPago="001" Importe="1.00"/></n:OtrosPagos>
 </n:Nomina></cfdi:Complemento></cfdi:Comprobante>"""


def test_nomina_11_subsidy_and_deductions_by_hand():
    sums, who = receipt_amounts(parse(NOMINA11.encode()))
    # totals 1000.00 / 250.50 less the 017 subsidy (0 / 200.50); the subsidy is an otro pago
    assert sums == {"perceptions_taxed": 100000, "perceptions_exempt": 5000, "other_payments": 20050,
                    "employment_subsidy": 20050, "subsidy_caused": 0, "deductions": 13000, "isr_withheld": 10000,
                    "net": 100000 + 5000 + 20050 - 13000}  # fmt: skip
    assert who == {"curp": "AAAA800101HDFRRN09", "number": "7", "payment_date": "2016-03-15"}


def test_nomina_12_without_totals_adds_its_items():
    sums, who = receipt_amounts(parse(NOMINA12_ITEMS.encode()))
    assert sums == {"perceptions_taxed": 91010, "perceptions_exempt": 2051, "other_payments": 1625,
                    "employment_subsidy": 1525, "subsidy_caused": 2000, "deductions": 9500, "isr_withheld": 9000,
                    "net": 91010 + 2051 + 1625 - 9500}  # fmt: skip
    assert who == {"curp": "BBBB800101HDFRRN01", "number": "8", "payment_date": "2025-03-15"}


def test_no_payroll_complement_is_none():
    assert receipt_amounts(parse(b'<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4"/>')) is None


@pytest.mark.parametrize(
    ("xml", "regime"),
    [
        ('<cfdi:Comprobante xmlns:cfdi="c" Certificado="MII"><cfdi:Emisor Rfc="A&amp;B" Nombre="X &gt; Y" '
         'RegimenFiscal="612"/></cfdi:Comprobante>', "612"),
        ("<Comprobante><Emisor\n Rfc='X'\n RegimenFiscal = '606'></Emisor></Comprobante>", "606"),
        # a comment before the Emisor: the pattern does not apply, the parser answers
        ('<c:Comprobante xmlns:c="c"><!-- <c:Emisor RegimenFiscal="612"/> --><c:Emisor RegimenFiscal="626"/>'
         "</c:Comprobante>", "626"),
        # CFDI 3.2: the regime is an element, not an attribute: none
        ('<c:Comprobante xmlns:c="c"><c:Emisor Rfc="X"><c:RegimenFiscal Regimen="601"/></c:Emisor>'
         '<c:Complemento><x:Emisor xmlns:x="x" RegimenFiscal="605"/></c:Complemento></c:Comprobante>', None),
        ('<c:Comprobante xmlns:c="c"><c:Emisor Rfc="X" XRegimenFiscal="601"/></c:Comprobante>', None),
    ],
)  # fmt: skip
def test_the_regime_without_a_tree_is_the_parsers(tmp_path, xml, regime):
    (tmp_path / "a.xml").write_text(xml, encoding="utf-8")
    assert issuer_regime(tmp_path, "a.xml") == regime
    emisor = parse(xml.encode()).find("{*}Emisor")
    assert ((emisor.get("RegimenFiscal") or "").strip() or None) == regime


def test_an_unreadable_regime_says_so(tmp_path):
    with pytest.raises(Unreadable):
        issuer_regime(tmp_path, "missing.xml")
    (tmp_path / "bad.xml").write_bytes(b"<c:Comprobante><c:Emisor Rfc='X'>")
    with pytest.raises(Unreadable):
        issuer_regime(tmp_path, "bad.xml")


@pytest.mark.parametrize("month", ["2025-02", "2025-03", "2025-04"])
def test_iva_of_the_received_side_is_that_side_of_the_whole_report(world, month):
    """What ``report diot`` asks for: the received side alone, every figure and item as in the full report."""
    period = Period.of(month)
    with connect(Path(world.home) / "descarga.sqlite3") as conn:
        both = iva_report(conn, scenario.OWNER, period, detail=True, bases=("cash",))["cash"]
        received = iva_report(conn, scenario.OWNER, period, detail=True, bases=("cash",), directions=("received",))
    received = received["cash"]
    assert received["creditable"] == both["creditable"]
    assert received["creditable_breakdown"] == both["creditable_breakdown"]
    assert received["withheld_from_suppliers"] == both["withheld_from_suppliers"]
    assert received["not_creditable_69b"] == both["not_creditable_69b"]
    for key, rates in both["by_rate"].items():
        mine = received["by_rate"].get(key, {"received_base": "0.00", "received_iva": "0.00"})
        assert (mine["received_base"], mine["received_iva"]) == (rates["received_base"], rates["received_iva"])
    for figure in ("creditable", "withheld_from_suppliers", "not_creditable_69b", "withheld_previous_month"):
        assert received["detail"][figure] == both["detail"][figure], figure
    assert received["transferred"] == received["withheld"] == "0.00"
    assert received["detail"]["transferred"] == received["detail"]["withheld"] == []
    for code, note in received["notes"].items():  # of the notes, those of received documents
        assert set(note["uuids"]) <= set(both["notes"][code]["uuids"]), code
    if month == "2025-03":  # the hand-worked month has issued documents: they were left out, not missing
        assert both["detail"]["transferred"] and both["transferred"] != "0.00"


@pytest.mark.parametrize("month", ["2025-02", "2025-03", "2025-04"])
def test_payroll_receipts_narrowed_in_sqlite_are_those_the_report_keeps(income_world, month):  # noqa: F811
    """``report nomina`` asks SQLite only for the receipts paid (else issued) in the period: the same rows the
    report's own rule keeps from the whole window (FechaPago of the index, else the issue date; without XML, the
    issue date)."""
    from desktop_app.core.months import next_month, previous_month
    from desktop_app.core.store.db import Single
    from desktop_app.core.store.taxes import IncomeReads

    period = Period.of(month)
    window = (f"{previous_month(month)}-01", f"{next_month(next_month(month))}-01")
    with connect(Path(income_world.home) / "descarga.sqlite3") as conn:
        reads = IncomeReads(Single(conn))
        every = reads.payroll_receipts(scenario_isr.OWNER, *window)
        narrowed = reads.payroll_receipts(scenario_isr.OWNER, *window, period.start, period.end)

    def kept(row) -> bool:
        issued = (row["issue_date"] or "")[:10]
        day = ((row["paid_on"] or "")[:10] or issued) if row["has_xml"] else issued
        return period.start <= day < period.end

    assert every and [r["uuid"] for r in narrowed] == [r["uuid"] for r in every if kept(r)]
    assert len(narrowed) < len(every)  # the window holds receipts paid in the months around
