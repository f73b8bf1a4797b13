"""Issue 17.5: the representación impresa — one page, the QR with SAT's verification URL, seals, the
certification chain, the total in words; Spanish and English; hostile content stays text."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from desktop_app.core.cfdi.parser import parse_document, repaired_root
from desktop_app.core.errors import AppError
from desktop_app.core.printed import (
    MAX_IN_WORDS,
    amount_in_words,
    certification_chain,
    currency_code,
    number_in_words,
    render,
)
from desktop_app.core.sat.envelopes import QR_URL, qr_expression

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
    # in English as the window and the payroll report say it (the PDF alone said «Total perceptions»)
    english = render(NOMINA.read_bytes(), lang="en").html
    assert "Total earnings" in english and "perceptions" not in english.lower()


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
    # 3.2's expression: re, rr, tt zero-padded 10.6, id (no fe) — and only it, no URL in front (Anexo 20 3.2)
    assert printed.qr_url.startswith("?re=")
    assert "&fe=" not in printed.qr_url and f"&id={tfd.get('UUID').upper()}" in printed.qr_url


EXTRA = FIXTURES / "cfdi-extra"
# tests/fixtures/cfdi-extra/README.md: what the importer repairs (read normally, indexed, summed) and what it keeps
# as damaged (never summed).
REPAIRED = [
    "cfdi33-implocal-terceros-unescaped-lt.xml",  # raw "<" in attribute values
    "cfdi40-bom-sello-line-breaks-charref-no-semicolon.xml",  # &#xA without ";"
    "cfdi40-text-outside-root.xml",
    "cfdi40-mismatched-tags-addenda.xml",  # the malformed Addenda dropped
]
DAMAGED = ["cfdi40-truncated.xml", "cfdi40-mismatched-tags-body.xml"]


@pytest.mark.parametrize("name", REPAIRED)
def test_a_document_the_importer_repaired_prints_with_its_qr_and_seals(name):
    """It was indexed and summed, but ``invoice UUID --pdf`` failed with invalid_xml (the page read the bytes
    strictly, without the importer's repairs)."""
    xml = (EXTRA / name).read_bytes()
    invoice = parse_document(xml)
    assert invoice.damaged is None and any(w.startswith("repaired") for w in invoice.warnings)
    printed = render(xml)
    assert printed.uuid == invoice.uuid
    assert printed.qr_png is not None and printed.qr_url.startswith(QR_URL)
    assert "Sello digital del SAT" in printed.html and invoice.uuid in printed.html
    assert etree.QName(repaired_root(xml)).localname == "Comprobante"


@pytest.mark.parametrize("name", DAMAGED)
def test_a_damaged_document_stays_unprintable_never_recovered(name):
    xml = (EXTRA / name).read_bytes()
    assert parse_document(xml).damaged
    for read in (repaired_root, render):
        with pytest.raises(AppError) as caught:
            read(xml)
        assert caught.value.code == "invalid_xml"


def test_repaired_root_refuses_what_the_importer_refuses():
    with pytest.raises(AppError) as caught:
        repaired_root(b"  ")
    assert caught.value.code == "invalid_xml"
    doctype = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x a="&a;"/>'
    with pytest.raises(AppError) as caught:
        repaired_root(doctype)
    assert caught.value.code == "invalid_xml"


def _implocal_well_formed() -> bytes:
    xml = (EXTRA / "cfdi33-implocal-terceros-unescaped-lt.xml").read_bytes()
    return xml.replace(b'"KEMPER <URGATE> CO"', b'"KEMPER URGATE CO"').replace(b'"a < b"', b'"a b"')


def test_impuestos_locales_print_after_the_federal_taxes_so_the_figures_add_up_to_the_total():
    """1000 + IVA 96 − ISR 10 + ISH 50 − cedular 1 = 1135: without the local taxes the page did not add up."""
    xml = _implocal_well_formed()
    etree.fromstring(xml)  # well-formed: the test is about the complement, not the repairs
    html = render(xml).html
    federal, local, total = html.index("Retención ISR"), html.index("Impuestos locales"), html.index("<b>Total</b>")
    assert federal < local < total
    assert "Traslado local ISH 5.00%" in html and "Retención local CEDULAR 0.10%" in html
    section = html[local:total]
    assert "$50.00" in section and "$1.00" in section
    english = render(xml, lang="en").html
    assert "Local taxes" in english and "Local tax transferred ISH" in english and "Local tax withheld" in english
    assert "Impuestos locales" not in english


@pytest.mark.parametrize(
    "total", ["1000000000000000000.00", "99999999999999999999.999999", "1000000000000000000000000000000.00"]
)
def test_a_total_beyond_what_can_be_written_in_words_prints_without_them(total):
    """A Total ≥ 10^18 crashed the page (IndexError in number_in_words: internal_error)."""
    xml = CFDI33.read_bytes().replace(b'Total="2010.01"', f'Total="{total}"'.encode())
    assert f'Total="{total}"'.encode() in xml
    html = render(xml).html
    assert "Importe con letra" not in html and "PESOS" not in html
    assert amount_in_words(Decimal(total), "MXN") == ""
    with pytest.raises(ValueError):
        number_in_words(MAX_IN_WORDS + 1)


def test_the_largest_amount_in_words_is_still_written_right():
    assert amount_in_words(Decimal("999999999999999999.99"), "MXN") == (
        "NOVECIENTOS NOVENTA Y NUEVE MIL NOVECIENTOS NOVENTA Y NUEVE BILLONES NOVECIENTOS NOVENTA Y NUEVE MIL "
        "NOVECIENTOS NOVENTA Y NUEVE MILLONES NOVECIENTOS NOVENTA Y NUEVE MIL NOVECIENTOS NOVENTA Y NUEVE PESOS "
        "99/100 M.N."
    )
    assert amount_in_words(Decimal("999999999999999999.999"), "MXN") == ""  # rounds to 10^18


@pytest.mark.parametrize("version", ["3.0", "3.2", "2.2"])
def test_before_33_the_qr_is_only_sats_expression_with_tt_ten_dot_six(version):
    """CFDI 3.0 printed a 3.3 QR (URL, tt without padding, fe); 3.2 put the URL before its expression. SAT's rule
    for them (Anexo 20 3.2): ``?re=…&rr=…&tt=0000000000.000000&id=…`` alone."""
    xml = (
        (FIXTURES / "cfdi" / "cfdi32-fake-tfd.xml")
        .read_bytes()
        .replace(b'version="3.2"', f'version="{version}"'.encode(), 1)
    )
    printed = render(xml)
    root = etree.fromstring(xml)
    assert root.get("version") == version
    tfd = next(d for d in root.iter() if etree.QName(d).localname == "TimbreFiscalDigital")
    uuid = tfd.get("UUID").upper()
    assert printed.qr_url == f"?re=AAA010101AAA&rr=E&amp;Ñ831019M53&tt=0000040600.000000&id={uuid}"
    assert printed.qr_url == qr_expression(uuid, "AAA010101AAA", "E&Ñ831019M53", "40600.00", version="3.2")
    # the page names the site to verify at, not a URL the QR does not hold
    assert f"Verifique este comprobante en {QR_URL}" in printed.html.replace("\u200b", "")


def test_a_real_cfdi_30_prints_the_qr_of_its_version():
    xml = (FIXTURES / "cfdi-wild" / "bigdata-cfdi30-tfd10-empty-addenda.xml").read_bytes()
    printed = render(xml)
    assert printed.qr_url is not None and printed.qr_url.startswith(
        "?re=PPL961114GZ1&rr=PEPJ8001019Q8&tt=0000000488.500000&id="
    )
    assert "&fe=" not in printed.qr_url


@pytest.mark.parametrize("moneda", ["MXP", "Pesos", "pesos", "M.N.", "MN", "Peso Mexicano", "MXN", None])
def test_the_ways_documents_before_33_wrote_pesos_print_as_pesos(moneda):
    xml = CFDI33.read_bytes()
    xml = xml.replace(b' Moneda="MXN"', b"" if moneda is None else f' Moneda="{moneda}"'.encode())
    html = render(xml).html
    assert "DOS MIL DIEZ PESOS 01/100 M.N." in html
    assert "$2,010.01</b>" in html  # no currency after the amounts
    assert currency_code(moneda) == "MXN"
    if moneda not in (None, "MXN"):
        assert f"MXN — Peso Mexicano ({moneda})" in html  # what the document wrote stays visible
    assert amount_in_words(Decimal("1.5"), moneda) == "UN PESO 50/100 M.N."


def test_another_currency_is_named_by_its_code_on_every_amount():
    xml = CFDI33.read_bytes().replace(b'Moneda="MXN"', b'Moneda="GBP" TipoCambio="25.10"')
    html = render(xml).html
    assert "DOS MIL DIEZ 01/100 GBP" in html and "PESOS" not in html and "M.N." not in html
    assert "$2,010.01 GBP" in html
    assert amount_in_words(Decimal("1"), "gbp") == "UN 00/100 GBP"


def _tax_label(tax) -> str:
    return f"Traslado IVA {Decimal(tax.get('TasaOCuota')) * 100:.2f}%"


def test_line_items_and_their_taxes_carry_a_foreign_currency():
    """Totals said «$2,010.01 USD» but the concepts above them read as pesos."""
    xml = CFDI33.read_bytes().replace(b'Moneda="MXN"', b'Moneda="USD" TipoCambio="18.50"')
    root = etree.fromstring(xml)
    html = render(xml).html
    concepts = html[html.index("Conceptos") : html.index("Importe con letra")]
    for concept in (d for d in root.iter() if etree.QName(d).localname == "Concepto"):
        importe = f"${Decimal(concept.get('Importe')):,.2f} USD"
        assert importe in concepts, importe
    concept = next(d for d in root.iter() if etree.QName(d).localname == "Concepto")
    tax = next(d for d in concept.iter() if etree.QName(d).localname == "Traslado")
    assert f"{_tax_label(tax)}: ${Decimal(tax.get('Importe')):,.2f} USD" in concepts
    assert " USD" not in render(CFDI33.read_bytes()).html.split("Conceptos", 1)[1].split("Importe con letra")[0]


def test_a_cancelled_invoice_says_so_across_the_top_with_its_date():
    xml = CFDI33.read_bytes()
    html = render(xml, status="cancelado", cancelled_at="2024-03-05T10:11:12").html
    banner = html.index("CANCELADO")
    assert banner < html.index("PROMOTORA OTIR SA DE CV")  # before the header
    assert "Cancelado el 05/03/2024 10:11:12" in html
    english = render(xml, status="cancelado", cancelled_at="2024-03-05T10:11:12", lang="en").html
    assert "CANCELLED" in english and "Cancelled on 3/5/2024 10:11:12" in english and "CANCELADO" not in english
    assert "CANCELADO" in render(xml, status="cancelado").html  # without a known date, the banner alone
    assert "CANCELADO" not in render(xml, status="vigente").html and "CANCELADO" not in render(xml).html


def test_certificate_numbers_and_the_uuid_are_never_cut():
    html = render(CFDI33.read_bytes()).html
    root = etree.fromstring(CFDI33.read_bytes())
    tfd = next(d for d in root.iter() if etree.QName(d).localname == "TimbreFiscalDigital")
    for value in (root.get("NoCertificado"), tfd.get("NoCertificadoSAT"), f"<b>{tfd.get('UUID').upper()}</b>"):
        assert f'<td style="white-space: nowrap">{value}</td>' in html, value
