"""The representación impresa of a constancia de retenciones (CFDI de retenciones e información de pagos 1.0 and
2.0): ``invoice UUID --pdf`` and the window's «Imprimir / Guardar PDF» refused it before («The file is not a CFDI
(no cfdi:Comprobante)»). The QR expressions are checked against the ones phpcfdi/cfdi-expresiones' tests publish
for the same fixture files (facts of SAT's Anexo 20 of Retenciones)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from lxml import etree

from desktop_app.core.printed import render
from desktop_app.core.sat.envelopes import retenciones_qr_expression
from tests.conftest import FIXTURES

RET10 = (FIXTURES / "cfdi" / "ret10-mexican-fake.xml").read_bytes()
RET20 = (FIXTURES / "cfdi" / "ret20-mexican-fake.xml").read_bytes()


def _foreign(xml: bytes, national: bytes, foreign: bytes) -> bytes:
    return xml.replace(national, foreign)


def test_the_qr_expressions_of_both_versions():
    assert render(RET20).qr_url == (
        "https://prodretencionverificacion.clouda.sat.gob.mx/?id=4E3DD8EA-5220-8C42-85A8-E37F9D7502F8"
        "&re=AAA010101AAA&rr=SUL010720JN8&tt=4076.73&fe=qsIe6w=="
    )
    foreign20 = RET20.replace(
        b'<retenciones:Nacional RfcR="SUL010720JN8" />',
        b'<retenciones:Extranjero NumRegIdTribR="1234567890" NomDenRazSocR="WORLD WIDE" />',
    ).replace(b'MontoTotOperacion="4076.73"', b'MontoTotOperacion="2000000.00"')
    assert render(foreign20).qr_url == (
        "https://prodretencionverificacion.clouda.sat.gob.mx/?id=4E3DD8EA-5220-8C42-85A8-E37F9D7502F8"
        "&re=AAA010101AAA&nr=00000000001234567890&tt=2000000.0&fe=qsIe6w=="
    )
    assert render(RET10).qr_url == (
        "?re=AAA010101AAA&rr=SUL010720JN8&tt=0002000000.000000&id=fc1b47b2-42f3-4ca2-8587-36e0a216c4d5"
    )
    foreign10 = RET10.replace(
        b'<retenciones:Nacional RFCRecep="SUL010720JN8"/>',
        b'<retenciones:Extranjero NumRegIdTrib="1234567890" NomDenRazSocR="WORLD WIDE"/>',
    )
    assert render(foreign10).qr_url == (
        "?re=AAA010101AAA&nr=00000000001234567890&tt=0002000000.000000&id=fc1b47b2-42f3-4ca2-8587-36e0a216c4d5"
    )
    # RFCs written as XML inside the expression, as SAT prints them (an "&" in an RFC)
    assert "&re=Ñ&amp;A010101AAA&rr=Ñ&amp;A991231AA0&" in retenciones_qr_expression(
        "AAAAAAAA-BBBB-CCCC-DDDD-000000000000", "Ñ&A010101AAA", "Ñ&A991231AA0", "123456.78", "...qsIe6w=="
    )


def _text(html: str) -> str:
    return " ".join(etree.fromstring(html, etree.HTMLParser()).itertext())


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_constancia_prints_what_was_paid_and_withheld(lang):
    xml = (
        RET20.replace(b'<retenciones:Totales MontoTotOperacion="4076.73" />', b"")
        .replace(
            b"<retenciones:Complemento>",
            b'<retenciones:Periodo MesIni="3" MesFin="3" Ejercicio="2026"/>'
            b'<retenciones:Totales MontoTotOperacion="4076.73" MontoTotGrav="4076.73" MontoTotExent="0" '
            b'MontoTotRet="448.44"><retenciones:ImpRetenidos BaseRet="4076.73" ImpuestoRet="001" MontoRet="40.77" '
            b'TipoPagoRet="04"/><retenciones:ImpRetenidos ImpuestoRet="002" MontoRet="407.67" TipoPagoRet="01"/>'
            b"</retenciones:Totales><retenciones:Complemento>",
        )
        .replace(b'Version="2.0"', b'Version="2.0" CveRetenc="18" DescRetenc="Intereses" FolioInt="77"')
    )
    text = _text(render(xml, status="vigente", lang=lang).html)
    words = {
        "es": ("Retenciones e información de pagos", "Monto total de la operación", "Impuestos retenidos", "Vigente"),
        "en": ("Withholdings and payment information", "Total amount of the operation", "Taxes withheld", "Active"),
    }[lang]
    for word in words:
        assert word in text, word
    # the key with SAT's catalog name (c_CveRetenc 18: payments to residents abroad), the description as written
    assert "18 — Pagos realizados a favor de residentes en el extranjero" in text
    # each tax's payment type with its name (c_TipoPagoRet, the same in both languages: SAT's own words)
    assert "04 — Pago provisional ISR" in text and "01 — Pago definitivo IVA" in text
    for figure in ("$4,076.73", "$40.77", "$407.67", "$448.44", "ISR", "IVA", "Intereses", "3–3 2026", "77"):
        assert figure in text, figure
    assert "4E3DD8EA-5220-8C42-85A8-E37F9D7502F8" in text and "AAA010101AAA" in text and "SUL010720JN8" in text
    assert Decimal("40.77") + Decimal("407.67") == Decimal("448.44")


def test_a_retenciones_1_0_payment_type_is_printed_as_written():
    """1.0 wrote the payment type in words («Pago definitivo»), not as 2.0's c_TipoPagoRet code."""
    text = _text(render((FIXTURES / "cfdi-wild" / "satcfdi-ret10-pagosaextranjeros.xml").read_bytes()).html)
    assert "Pago definitivo" in text and "Pago provisional" in text
    assert "— Pago definitivo" not in text and "— Pago provisional" not in text


def test_without_a_receiver_tax_id_it_still_prints_without_a_qr():
    bare = RET20.replace(b'<retenciones:Nacional RfcR="SUL010720JN8" />', b"")
    printed = render(bare)
    assert printed.qr_url is None and printed.qr_png is None
    assert "4E3DD8EA-5220-8C42-85A8-E37F9D7502F8" in _text(printed.html)


def test_a_retenciones_1_0_issuers_curp_is_printed():
    """1.0 spells it ``CURPE`` (2.0 ``CurpE``): the page left it out (an outside audit)."""
    with_curp = RET10.replace(
        b'<retenciones:Emisor RFCEmisor="AAA010101AAA"/>',
        b'<retenciones:Emisor RFCEmisor="AAA010101AAA" CURPE="AAAA010101HNLMNLD2"/>',
    )
    assert with_curp != RET10
    assert "AAAA010101HNLMNLD2" in _text(render(with_curp).html)
