"""``Invoice.taxes`` and ``PaidDocument.taxes``: every tax of a document by kind, tax, factor and rate, as written,
for the reports (issue 18)."""

from __future__ import annotations

from decimal import Decimal

from desktop_app.core.cfdi import parse_document
from desktop_app.core.cfdi.model import TaxLine
from tests.core.cfdi.conftest import CFDI, EXTRA
from tests.core.reports.builder import DR, Concept, Pago, R, T, cfdi, pagos10, pagos20, payment

U = "ABCDEF01-0000-4000-8000-000000000001"
D = Decimal


def _lines(xml: bytes) -> set[TaxLine]:
    return set(parse_document(xml).taxes)


def _doc(version: str) -> bytes:
    return cfdi(U, "2025-03-05T10:00:00", issuer="AAA010101AAA", receiver="EKU9003173C9", version=version, concepts=[
        Concept("1000.00", [T("1000.00", "160.00")],
                [R("1000.00", "100.00", "0.100000", tax="001"), R("1000.00", "106.67", "0.106667")]),
        Concept("250.00", [T("250.00", "40.00")]),
        Concept("500.00", [T("500.00", "0.00", rate="0.000000")]),
        Concept("200.00", [T("200.00", factor="Exento", rate=None)]),
    ])  # fmt: skip


def test_cfdi40_summary_carries_bases_and_exentos():
    assert _lines(_doc("4.0")) == {
        TaxLine("T", "002", "Tasa", "0.160000", D("1250.00"), D("200.00")),
        TaxLine("T", "002", "Tasa", "0.000000", D("500.00"), D("0.00")),
        TaxLine("T", "002", "Exento", "", D("200.00"), D("0")),
        # a 4.0 summary Retencion says only the tax and the amount
        TaxLine("R", "001", "", "", None, D("100.00")),
        TaxLine("R", "002", "", "", None, D("106.67")),
    }


def test_cfdi33_takes_bases_exentos_and_withholding_rates_from_the_concepts():
    assert _lines(_doc("3.3")) == {
        TaxLine("T", "002", "Tasa", "0.160000", D("1250.00"), D("200.00")),
        TaxLine("T", "002", "Tasa", "0.000000", D("500.00"), D("0.00")),
        TaxLine("T", "002", "Exento", "", D("200.00"), D("0")),
        TaxLine("R", "001", "Tasa", "0.100000", D("1000.00"), D("100.00")),
        TaxLine("R", "002", "Tasa", "0.106667", D("1000.00"), D("106.67")),
    }


def test_cfdi33_keeps_the_summary_when_the_concepts_do_not_add_up_to_it():
    xml = _doc("3.3").replace(
        b'<cfdi:Retencion Impuesto="002" Importe="106.67"/>', b'<cfdi:Retencion Impuesto="002" Importe="106.66"/>'
    )
    lines = _lines(xml)
    assert TaxLine("R", "002", "", "", None, D("106.66")) in lines
    assert not any(line.kind == "R" and line.tax == "002" and line.rate for line in lines)


def test_cfdi32_rates_in_percent_and_no_base():
    inv = parse_document((CFDI / "cfdi32-fake-tfd.xml").read_bytes())
    assert TaxLine("T", "002", "Tasa", "0.160000", None, D("5600.00")) in inv.taxes


def test_pagos20_impuestos_dr_and_objeto():
    complement = pagos20([
        Pago("2025-03-20T12:00:00", "10730.00", [
            DR("A1B2C3D4-0000-4000-8000-000000000001", "580.00", "1160.00", "580.00", currency="USD",
               equivalence="0.0540540541", taxes=[("0.160000", "500.00", "80.00"), ("Exento", "20.00", "0")],
               withheld=[("0.040000", "500.00", "20.00")]),
            DR("A1B2C3D4-0000-4000-8000-000000000002", "100.00", "100.00", "0.00", objeto="01"),
        ]),
    ])  # fmt: skip
    inv = parse_document(payment(U, "2025-03-21T09:00:00", issuer="AAA010101AAA", receiver="EKU9003173C9",
                                 complement=complement))  # fmt: skip
    first, second = inv.payments
    assert first.tax_object == "02" and first.equivalence == D("0.0540540541")
    assert set(first.taxes or ()) == {
        TaxLine("T", "002", "Tasa", "0.160000", D("500.00"), D("80.00")),
        TaxLine("T", "002", "Exento", "", D("20.00"), D("0")),
        TaxLine("R", "002", "Tasa", "0.040000", D("500.00"), D("20.00")),
    }
    assert second.tax_object == "01" and second.taxes is None
    assert inv.to_json()["payments"][0]["taxes"][0]["kind"] in ("T", "R")


def test_pagos10_has_no_taxes_per_document():
    complement = pagos10(
        [
            Pago(
                "2025-03-25T12:00:00",
                "1740.00",
                [DR("A1B2C3D4-0000-4000-8000-000000000003", "1740.00", "3480.00", "1740.00")],
            )
        ]
    )
    inv = parse_document(payment(U, "2025-03-26T09:00:00", issuer="AAA010101AAA", receiver="EKU9003173C9",
                                 complement=complement, version="3.3"))  # fmt: skip
    (paid,) = inv.payments
    assert paid.taxes is None and paid.tax_object is None and paid.amount_paid == D("1740.00")
    real = parse_document((EXTRA / "cfdi33-pagos10-ampersand-rfc.xml").read_bytes())
    assert all(p.taxes is None for p in real.payments)
