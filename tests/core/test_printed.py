"""Issue 17.5: the representación impresa — one page, the QR with SAT's verification URL, seals, the
certification chain, the total in words; Spanish and English; hostile content stays text."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from desktop_app.core.errors import AppError
from desktop_app.core.printed import amount_in_words, certification_chain, number_in_words, render
from desktop_app.core.sat.envelopes import qr_expression

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CFDI33 = FIXTURES / "cfdi" / "cfdi33-real.xml"
CFDI40_PAGOS = FIXTURES / "cfdi-extra" / "cfdi40-pagos20-ampersand-rfc.xml"
NOMINA = FIXTURES / "cfdi-wild" / "nodecfdi-cfdi40-nomina12.xml"


@pytest.mark.parametrize(
    ("amount", "currency", "words"),
    [
        ("0", "MXN", "CERO PESOS 00/100 M.N."),
        ("1", "MXN", "UN PESO 00/100 M.N."),
        ("1.5", "MXN", "UN PESO 50/100 M.N."),
        ("15", "MXN", "QUINCE PESOS 00/100 M.N."),
        ("16", "MXN", "DIECISÉIS PESOS 00/100 M.N."),
        ("21", "MXN", "VEINTIÚN PESOS 00/100 M.N."),
        ("22", "MXN", "VEINTIDÓS PESOS 00/100 M.N."),
        ("31", "MXN", "TREINTA Y UN PESOS 00/100 M.N."),
        ("100", "MXN", "CIEN PESOS 00/100 M.N."),
        ("101", "MXN", "CIENTO UN PESOS 00/100 M.N."),
        ("500", "MXN", "QUINIENTOS PESOS 00/100 M.N."),
        ("1000", "MXN", "MIL PESOS 00/100 M.N."),
        ("2010.01", "MXN", "DOS MIL DIEZ PESOS 01/100 M.N."),
        ("21000", "MXN", "VEINTIÚN MIL PESOS 00/100 M.N."),
        ("100000", "MXN", "CIEN MIL PESOS 00/100 M.N."),
        ("101000", "MXN", "CIENTO UN MIL PESOS 00/100 M.N."),
        ("1000000", "MXN", "UN MILLÓN DE PESOS 00/100 M.N."),
        ("1000001", "MXN", "UN MILLÓN UN PESOS 00/100 M.N."),
        ("2500000.50", "MXN", "DOS MILLONES QUINIENTOS MIL PESOS 50/100 M.N."),
        ("1000000000", "MXN", "MIL MILLONES DE PESOS 00/100 M.N."),
        ("1000000000000", "MXN", "UN BILLÓN DE PESOS 00/100 M.N."),
        ("9999999999999.99", "MXN",
         "NUEVE BILLONES NOVECIENTOS NOVENTA Y NUEVE MIL NOVECIENTOS NOVENTA Y NUEVE MILLONES NOVECIENTOS "
         "NOVENTA Y NUEVE MIL NOVECIENTOS NOVENTA Y NUEVE PESOS 99/100 M.N."),
        ("1234.565", "MXN", "MIL DOSCIENTOS TREINTA Y CUATRO PESOS 57/100 M.N."),  # half up to the cent
        ("1", "USD", "UN DÓLAR 00/100 USD"),
        ("250.10", "EUR", "DOSCIENTOS CINCUENTA EUROS 10/100 EUR"),
        ("100", "CAD", "CIEN 00/100 CAD"),
    ],
)  # fmt: skip
def test_total_in_words(amount, currency, words):
    assert amount_in_words(Decimal(amount), currency) == words


def _independent_words(n: int) -> str:
    """A second, table-free reading of 1–999: the test's own rules, to cross-check every number below 10^6."""
    ones = "UN DOS TRES CUATRO CINCO SEIS SIETE OCHO NUEVE".split()
    specials = {10: "DIEZ", 11: "ONCE", 12: "DOCE", 13: "TRECE", 14: "CATORCE", 15: "QUINCE", 20: "VEINTE"}
    teen = {16: "DIECISÉIS", 17: "DIECISIETE", 18: "DIECIOCHO", 19: "DIECINUEVE"}
    twenties = {1: "VEINTIÚN", 2: "VEINTIDÓS", 3: "VEINTITRÉS", 6: "VEINTISÉIS"}
    tens = {3: "TREINTA", 4: "CUARENTA", 5: "CINCUENTA", 6: "SESENTA", 7: "SETENTA", 8: "OCHENTA", 9: "NOVENTA"}
    hundreds = {1: "CIENTO", 5: "QUINIENTOS", 7: "SETECIENTOS", 9: "NOVECIENTOS"}
    h, rest = divmod(n, 100)
    out = []
    if h:
        out.append("CIEN" if n == 100 else hundreds.get(h, f"{ones[h - 1]}CIENTOS"))
    if rest:
        if rest < 10:
            out.append(ones[rest - 1])
        elif rest in specials:
            out.append(specials[rest])
        elif rest in teen:
            out.append(teen[rest])
        elif rest < 30:
            out.append(twenties.get(rest - 20, f"VEINTI{ones[rest - 21]}"))
        else:
            t, u = divmod(rest, 10)
            out.append(tens[t] + (f" Y {ones[u - 1]}" if u else ""))
    return " ".join(out)


def test_every_number_below_a_million_reads_as_an_independent_reading():
    for n in range(1, 1_000_000, 7):
        thousands, units = divmod(n, 1000)
        expected = " ".join(
            p
            for p in (
                ("MIL" if thousands == 1 else f"{_independent_words(thousands)} MIL") if thousands else "",
                _independent_words(units) if units else "",
            )
            if p
        )
        assert number_in_words(n) == expected, n


def test_a_real_cfdi_33_prints_everything_an_accountant_checks():
    xml = CFDI33.read_bytes()
    printed = render(xml, status="vigente")
    html = printed.html
    root = etree.fromstring(xml)
    tfd = next(d for d in root.iter() if etree.QName(d).localname == "TimbreFiscalDigital")
    uuid = tfd.get("UUID").upper()
    assert printed.uuid == uuid
    assert printed.qr_url == qr_expression(uuid, "POT9207213D6", "DIM8701081LA", root.get("Total"), root.get("Sello"))
    assert printed.qr_url.startswith("https://verificacfdi.facturaelectronica.sat.gob.mx/default.aspx?id=")
    assert printed.qr_png is not None and printed.qr_png.startswith(b"\x89PNG")
    for text in (
        "PROMOTORA OTIR SA DE CV",
        "POT9207213D6",
        "DIM8701081LA",
        "601 — General de Ley Personas Morales",
        "G03 — Gastos en general",
        "04 — Tarjeta de crédito",
        "$2,010.01",
        "DOS MIL DIEZ PESOS 01/100 M.N.",
        "Traslado IVA 16.00%",
        "12/01/2018 08:15:01",
        "Vigente",
        tfd.get("NoCertificadoSAT"),
        root.get("NoCertificado"),
        "Sello digital del CFDI",
        "Sello digital del SAT",
        "Cadena original del complemento de certificación digital del SAT",
    ):
        assert text in html, text
    chain = certification_chain(tfd)
    assert chain == (
        f"||1.1|{tfd.get('UUID')}|{tfd.get('FechaTimbrado')}|{tfd.get('RfcProvCertif')}|"
        f"{tfd.get('SelloCFD')}|{tfd.get('NoCertificadoSAT')}||"
    )
    unwrapped = html.replace("\u200b", "")
    assert root.get("Sello") in unwrapped and tfd.get("SelloSAT") in unwrapped and chain in unwrapped


def test_english_labels_with_the_same_figures():
    html = render(CFDI33.read_bytes(), lang="en").html
    assert "Issuer" in html or "Receiver" in html
    assert "CFDI digital seal" in html and "Amount in words" in html and "$2,010.01" in html
    assert "Sello digital del CFDI" not in html
    # days as the English window and workbooks write them (M/d/yyyy), never dd/mm/yyyy
    root = etree.fromstring(CFDI33.read_bytes())
    year, month, day = root.get("Fecha")[:10].split("-")
    assert f"{int(month)}/{int(day)}/{year} {root.get('Fecha')[11:19]}" in html
    assert f"{day}/{month}/{year} {root.get('Fecha')[11:19]}" in render(CFDI33.read_bytes()).html


def test_a_payment_has_no_amount_in_words():
    """A Pago's own Total is 0 in XXX: the page said «Importe con letra: CERO 00/100 XXX»."""
    html = render(CFDI40_PAGOS.read_bytes()).html
    assert etree.fromstring(CFDI40_PAGOS.read_bytes()).get("Moneda") == "XXX"
    assert "Importe con letra" not in html and "CERO" not in html


def test_payment_complement_and_payroll_sections():
    pagos = render(CFDI40_PAGOS.read_bytes()).html
    assert "Complemento de pago" in pagos and "Saldo insoluto" in pagos and "Parcialidad" in pagos
    root = etree.fromstring(CFDI40_PAGOS.read_bytes())
    paid = next(d for d in root.iter() if etree.QName(d).localname == "DoctoRelacionado")
    assert paid.get("IdDocumento").upper() in pagos
    assert "&amp;" in pagos  # the RFC with "&" is escaped, not markup
    nomina = render(NOMINA.read_bytes()).html
    assert "Nómina" in nomina and "Total de percepciones" in nomina and "Días pagados" in nomina


def test_hostile_names_stay_text_and_a_non_cfdi_is_refused():
    xml = CFDI33.read_bytes().replace(b'Nombre="PROMOTORA OTIR SA DE CV"', b'Nombre="&lt;b&gt;X&lt;/b&gt; &amp; Y"')
    html = render(xml).html
    assert "&lt;b&gt;X&lt;/b&gt; &amp; Y" in html and "<b>X</b>" not in html
    with pytest.raises(AppError) as caught:
        render(b"<?xml version='1.0'?><nota>hola</nota>")
    assert caught.value.code == "invalid_document"


def test_a_cfdi_32_prints_its_type_once_and_the_qr_of_its_version():
    """CFDI 3.2 writes ``tipoDeComprobante="ingreso"``; its QR expression is 3.2's (no ``fe``)."""
    xml = (FIXTURES / "cfdi" / "cfdi32-fake-tfd.xml").read_bytes()
    printed = render(xml)
    assert "<td>Ingreso</td>" in printed.html and "ingreso Ingreso" not in printed.html
    root = etree.fromstring(xml)
    tfd = next(d for d in root.iter() if etree.QName(d).localname == "TimbreFiscalDigital")
    assert certification_chain(tfd).startswith(f"||{tfd.get('Version')}|{tfd.get('UUID')}|")
    # 3.2's expression: re, rr, tt zero-padded 10.6, id (no fe)
    assert printed.qr_url.startswith("https://verificacfdi.facturaelectronica.sat.gob.mx/default.aspx?re=")
    assert "&fe=" not in printed.qr_url and f"&id={tfd.get('UUID').upper()}" in printed.qr_url
