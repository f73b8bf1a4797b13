"""Issue 14, item 13: the ISR withheld from salaries is not supplier ISR.

Before: on a payroll receipt (a CFDI with a Nómina complement) the Nómina's ISR deductions were added to
``isr_withheld``, so the totals mixed the employer's withholding on salaries with what clients withheld from
suppliers (honorarios, arrendamiento), which are paid and declared apart. Now ``isr_withheld`` is the
``cfdi:Impuestos`` withholding of documents that are not payroll and ``payroll_isr_withheld`` the salary ISR, in
records, totals, the monthly totals table, exports, and the upgrade of an older index.

Every expected figure is computed here from the raw XML with lxml XPath (DESIGN.md §3), not with the app's parser.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from lxml import etree

from desktop_app.core.export import write_csv, write_xlsx
from desktop_app.core.index import InvoiceFilter
from desktop_app.core.secrets import SecretStore
from desktop_app.core.service import DescargaService
from desktop_app.core.store.db import DB_NAME
from tests.conftest import MemoryKeyring
from tests.core.cfdi.conftest import EXTRA
from tests.legacy_schema import downgrade_to_v2

RFC = "EKU9003173C9"
SUPPLIER = "AAA010101AAA"
EMPLOYEE = "XEXX010101000"
TFD_NS = "http://www.sat.gob.mx/TimbreFiscalDigital"


def uuid_of(n: int) -> str:
    return f"{n:08X}-2222-4333-8444-555566667777"


def _stamp(n: int, fecha: str) -> str:
    return (
        f'<cfdi:Complemento><tfd:TimbreFiscalDigital xmlns:tfd="{TFD_NS}" Version="1.1" UUID="{uuid_of(n)}" '
        f'FechaTimbrado="{fecha}"/></cfdi:Complemento>'
    )


def payroll_40(n: int, isr: str, *, fecha: str, perceptions: str = "20000.00", imss: str = "500.00") -> bytes:
    """A CFDI 4.0 payroll receipt (Nómina 1.2 rev. E: no cfdi:Impuestos, ISR as deduction 002)."""
    deductions = f"{Decimal(isr) + Decimal(imss):.2f}"
    total = f"{Decimal(perceptions) - Decimal(deductions):.2f}"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" '
        f'xmlns:nomina12="http://www.sat.gob.mx/nomina12" Version="4.0" Serie="N" Folio="{n}" Fecha="{fecha}" '
        f'SubTotal="{perceptions}" Descuento="{deductions}" Moneda="MXN" Total="{total}" TipoDeComprobante="N" '
        f'Exportacion="01" MetodoPago="PUE" LugarExpedicion="06000">'
        f'<cfdi:Emisor Rfc="{RFC}" Nombre="ESCUELA KEMPER URGATE" RegimenFiscal="601"/>'
        f'<cfdi:Receptor Rfc="{EMPLOYEE}" Nombre="EMPLEADO" UsoCFDI="CN01"/>'
        f'<cfdi:Conceptos><cfdi:Concepto ClaveProdServ="84111505" Cantidad="1" ClaveUnidad="ACT" '
        f'Descripcion="Pago de nómina" ValorUnitario="{perceptions}" Importe="{perceptions}" '
        f'Descuento="{deductions}" ObjetoImp="01"/></cfdi:Conceptos>'
        f'<cfdi:Complemento><nomina12:Nomina Version="1.2" TipoNomina="O" FechaPago="{fecha[:10]}" '
        f'FechaInicialPago="{fecha[:8]}01" FechaFinalPago="{fecha[:10]}" NumDiasPagados="15" '
        f'TotalPercepciones="{perceptions}" TotalDeducciones="{deductions}">'
        f'<nomina12:Percepciones TotalSueldos="{perceptions}" TotalGravado="{perceptions}" TotalExento="0.00">'
        f'<nomina12:Percepcion TipoPercepcion="001" Clave="1" Concepto="Sueldo" ImporteGravado="{perceptions}" '
        f'ImporteExento="0.00"/></nomina12:Percepciones>'
        f'<nomina12:Deducciones TotalOtrasDeducciones="{imss}" TotalImpuestosRetenidos="{isr}">'
        f'<nomina12:Deduccion TipoDeduccion="002" Clave="2" Concepto="ISR" Importe="{isr}"/>'
        f'<nomina12:Deduccion TipoDeduccion="001" Clave="1" Concepto="IMSS" Importe="{imss}"/>'
        f"</nomina12:Deducciones></nomina12:Nomina>"
        f'<tfd:TimbreFiscalDigital xmlns:tfd="{TFD_NS}" Version="1.1" UUID="{uuid_of(n)}" FechaTimbrado="{fecha}"/>'
        f"</cfdi:Complemento></cfdi:Comprobante>"
    ).encode()


def supplier_invoice(n: int, subtotal: str, *, fecha: str, currency: str = "MXN", rate: str | None = None) -> bytes:
    """Honorarios received by the profile: IVA 16 % transferred, 10 % ISR and two thirds of the IVA withheld."""
    base = Decimal(subtotal)
    iva, isr, iva_w = (base * Decimal("0.16")).quantize(Decimal("0.01")), base / 10, (base * Decimal("0.106667"))
    iva_w = iva_w.quantize(Decimal("0.01"))
    total = base + iva - isr - iva_w
    tc = f' TipoCambio="{rate}"' if rate else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" '
        f'Version="4.0" Serie="H" Folio="{n}" Fecha="{fecha}" SubTotal="{subtotal}" Moneda="{currency}"{tc} '
        f'Total="{total:.2f}" TipoDeComprobante="I" Exportacion="01" MetodoPago="PUE" LugarExpedicion="06000">'
        f'<cfdi:Emisor Rfc="{SUPPLIER}" Nombre="PROFESIONISTA" RegimenFiscal="612"/>'
        f'<cfdi:Receptor Rfc="{RFC}" Nombre="ESCUELA KEMPER URGATE" UsoCFDI="G03"/>'
        f'<cfdi:Conceptos><cfdi:Concepto ClaveProdServ="80111600" Cantidad="1" Descripcion="Honorarios" '
        f'ValorUnitario="{subtotal}" Importe="{subtotal}" ObjetoImp="02"/></cfdi:Conceptos>'
        f'<cfdi:Impuestos TotalImpuestosRetenidos="{isr + iva_w:.2f}" TotalImpuestosTrasladados="{iva:.2f}">'
        f'<cfdi:Retenciones><cfdi:Retencion Impuesto="001" Importe="{isr:.2f}"/>'
        f'<cfdi:Retencion Impuesto="002" Importe="{iva_w:.2f}"/></cfdi:Retenciones>'
        f'<cfdi:Traslados><cfdi:Traslado Base="{subtotal}" Impuesto="002" TipoFactor="Tasa" TasaOCuota="0.160000" '
        f'Importe="{iva:.2f}"/></cfdi:Traslados></cfdi:Impuestos>'
        f"{_stamp(n, fecha)}</cfdi:Comprobante>"
    ).encode()


# A CFDI 3.2 payroll whose cfdi:Impuestos (300.00) disagrees with its Nómina's ISR deduction (250.00).
DISAGREEING_32 = (
    (EXTRA / "cfdi32-nomina11-iso-8859-1.xml")
    .read_bytes()
    .replace(b'ImporteExento="300.00"', b'ImporteExento="250.00"')
    .replace(b"a0a0a0a0-1111-4222-8333-444455556666", uuid_of(99).lower().encode())
)
DOCS = {
    "nomina12-two.xml": (EXTRA / "cfdi33-two-nomina12-related.xml").read_bytes(),  # ISR 500 + 100 in two Nómina
    "nomina11-latin1.xml": (EXTRA / "cfdi32-nomina11-iso-8859-1.xml").read_bytes(),  # 300 in Impuestos and Nómina
    "nomina11-disagrees.xml": DISAGREEING_32,
    "implocal.xml": (EXTRA / "cfdi33-implocal-terceros-unescaped-lt.xml").read_bytes(),  # issued, ISR 10 withheld
    "payroll-may.xml": payroll_40(1, "3210.55", fecha="2026-05-15T10:00:00"),
    "payroll-may-2.xml": payroll_40(2, "2100.45", fecha="2026-05-31T10:00:00"),
    "payroll-jun.xml": payroll_40(3, "3333.33", fecha="2026-06-15T10:00:00"),
    "honorarios-may.xml": supplier_invoice(4, "10000.00", fecha="2026-05-20T10:00:00"),
    "honorarios-jun.xml": supplier_invoice(5, "12345.67", fecha="2026-06-03T10:00:00"),
    "honorarios-usd.xml": supplier_invoice(6, "1000.00", fecha="2026-06-10T10:00:00", currency="USD", rate="17.2534"),
}


def expected(data: bytes) -> dict:
    """uuid, isr_withheld, payroll_isr_withheld (as written) and the MXN rate, by XPath over the raw XML."""
    # recover: the implocal fixture has a raw "<" in a name (its taxes are untouched by it)
    root = etree.fromstring(data, parser=etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
    ns = {"c": etree.QName(root).namespace, "t": TFD_NS}
    uuid = root.xpath("string(c:Complemento/t:TimbreFiscalDigital/@UUID)", namespaces=ns).upper()
    supplier_isr = sum(
        (Decimal(r.get("Importe") or r.get("importe")) for r in root.xpath(
            "c:Impuestos/c:Retenciones/c:Retencion[@Impuesto='001' or @impuesto='ISR']", namespaces=ns)),
        Decimal(0),
    )  # fmt: skip
    payroll = root.xpath("c:Complemento/*[local-name()='Nomina']", namespaces=ns)
    salary_isr = Decimal(0)
    for deduction in root.xpath(
        "c:Complemento/*[local-name()='Nomina']/*[local-name()='Deducciones']/*[local-name()='Deduccion']"
        "[@TipoDeduccion='002']",
        namespaces=ns,
    ):
        if deduction.get("Importe") is not None:  # Nómina 1.2
            salary_isr += Decimal(deduction.get("Importe"))
        else:  # Nómina 1.1
            salary_isr += Decimal(deduction.get("ImporteGravado")) + Decimal(deduction.get("ImporteExento"))
    currency = root.get("Moneda") or "MXN"
    rate = Decimal(root.get("TipoCambio")) if currency not in ("MXN", "XXX") and root.get("TipoCambio") else 1
    if payroll:  # a payroll receipt: all its ISR is salary ISR, the Nómina's figure first
        isr, payroll_isr = Decimal(0), salary_isr or supplier_isr
    else:
        isr, payroll_isr = supplier_isr, Decimal(0)
    return {
        "uuid": uuid,
        "isr": isr,
        "payroll_isr": payroll_isr,
        "rate": Decimal(rate),
        "date": root.get("Fecha") or root.get("fecha"),
        "issued": root.xpath("string(c:Emisor/@Rfc|c:Emisor/@rfc)", namespaces=ns) == RFC,
    }


def cents(amount: Decimal, rate: Decimal) -> int:
    return int((amount * rate * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


EXPECTED = [expected(data) for data in DOCS.values()]


@pytest.fixture
def home(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in DOCS.items():
        (folder / name).write_bytes(data)
    service = DescargaService(tmp_path / "home", secrets=SecretStore(MemoryKeyring()))
    try:
        service.add_profile(RFC)
        report = service.import_invoices(RFC, [str(folder)])
        assert report["added"] == len(DOCS), report
    finally:
        service.close()
    return tmp_path / "home"


def open_service(home: Path) -> DescargaService:
    return DescargaService(home, secrets=SecretStore(MemoryKeyring()))


def _sum(kind: str, docs: list[dict] = EXPECTED) -> str:
    return f"{Decimal(sum(cents(d[kind], d['rate']) for d in docs)) / 100:.2f}"


def test_records_keep_salary_isr_apart_from_supplier_isr(home):
    service = open_service(home)
    try:
        records = {r["uuid"]: r for r in service.list_invoices(RFC, InvoiceFilter())["invoices"]}
    finally:
        service.close()
    assert set(records) == {d["uuid"] for d in EXPECTED}
    for doc in EXPECTED:
        record = records[doc["uuid"]]
        assert Decimal(record["isr_withheld"]) == doc["isr"], doc["uuid"]
        assert Decimal(record["payroll_isr_withheld"]) == doc["payroll_isr"], doc["uuid"]
    # the CFDI 3.2 payroll writes its salary ISR twice (cfdi:Impuestos and Nómina): counted once, as payroll
    latin1 = records["A0A0A0A0-1111-4222-8333-444455556666"]
    assert (latin1["isr_withheld"], latin1["payroll_isr_withheld"]) == ("0", "300.00")
    assert records[uuid_of(99)]["payroll_isr_withheld"] == "250.00"  # the Nómina's figure wins


def test_totals_and_the_monthly_table_sum_each_kind_of_isr_on_its_own(home):
    service = open_service(home)
    try:
        everything = service.list_invoices(RFC, InvoiceFilter())["totals"]
        assert everything["isr_withheld"] == _sum("isr") != "0.00"
        assert everything["payroll_isr_withheld"] == _sum("payroll_isr") != "0.00"
        # partial first and last months (rows) around whole months (the monthly table): the same sums
        partial = service.list_invoices(RFC, InvoiceFilter(date_from="2015-12-02", date_to="2026-06-30"))["totals"]
        assert partial == everything
        may = [d for d in EXPECTED if d["date"].startswith("2026-05")]
        in_may = service.list_invoices(RFC, InvoiceFilter(date_from="2026-05-01", date_to="2026-05-31"))["totals"]
        assert (in_may["isr_withheld"], in_may["payroll_isr_withheld"]) == (_sum("isr", may), _sum("payroll_isr", may))
        issued = [d for d in EXPECTED if d["issued"]]
        by_issued = service.list_invoices(RFC, InvoiceFilter(direction="issued"))["totals"]
        assert (by_issued["isr_withheld"], by_issued["payroll_isr_withheld"]) == (
            _sum("isr", issued),
            _sum("payroll_isr", issued),
        )
        conn = service.db.get()
        isr_c, payroll_c = conn.execute("SELECT sum(isr_w_c), sum(payroll_isr_c) FROM invoice_months").fetchone()
        assert (isr_c, payroll_c) == (
            sum(cents(d["isr"], d["rate"]) for d in EXPECTED),
            sum(cents(d["payroll_isr"], d["rate"]) for d in EXPECTED),
        )
    finally:
        service.close()


def test_exports_put_payroll_isr_beside_isr(home, tmp_path):
    service = open_service(home)
    try:
        records = service.list_invoices(RFC, InvoiceFilter())["invoices"]
    finally:
        service.close()
    write_csv(records, tmp_path / "f.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "f.csv").read_bytes().decode("utf-8-sig"), newline="")))
    header = rows[0]
    at = header.index("ISR retenido")  # Spanish headers (issue 17)
    assert header[at + 1] == "ISR retenido de nómina"
    by_uuid = {row[0]: row for row in rows[1:]}
    for doc in EXPECTED:
        assert Decimal(by_uuid[doc["uuid"]][at + 1]) == doc["payroll_isr"]
        assert Decimal(by_uuid[doc["uuid"]][at]) == doc["isr"]
    write_xlsx(records, tmp_path / "f.xlsx")
    with zipfile.ZipFile(tmp_path / "f.xlsx") as zf:
        sheet = etree.fromstring(zf.read("xl/worksheets/sheet1.xml"))
    m = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    titles = [t.text for t in sheet.xpath("//m:row[@r='1']/m:c/m:is/m:t", namespaces=m)]
    at = titles.index("ISR retenido")
    assert titles[at + 1] == "ISR retenido de nómina"


def _months(conn: sqlite3.Connection) -> list[tuple]:
    return [tuple(r) for r in conn.execute("SELECT * FROM invoice_months WHERE n != 0 ORDER BY 1, 2, 3, 4, 5")]


def test_upgrading_an_older_index_moves_salary_isr_out_of_isr_withheld(home):
    service = open_service(home)
    try:
        fresh = {r["uuid"]: r for r in service.list_invoices(RFC, InvoiceFilter())["invoices"]}
        fresh_totals = service.list_invoices(RFC, InvoiceFilter())["totals"]
        fresh_months = _months(service.db.get())
    finally:
        service.close()
    downgrade_to_v2(home / DB_NAME, home=home)
    conn = sqlite3.connect(home / DB_NAME)
    with conn:
        # What version 2 stored for the 3.2 payroll whose cfdi:Impuestos says 300.00: that figure, as ISR.
        conn.execute("UPDATE invoices SET isr_withheld = '300.00', isr_w_c = 30000 WHERE uuid = ?", (uuid_of(99),))
        conn.execute("DELETE FROM invoice_months")
        conn.execute(
            """INSERT INTO invoice_months SELECT rfc, substr(issue_date, 1, 7), direction, type, status, count(*),
                   sum(subtotal_c), sum(discount_c), sum(total_c), sum(iva_t_c), sum(ieps_t_c), sum(iva_w_c),
                   sum(isr_w_c), sum(local_c) FROM invoices GROUP BY 1, 2, 3, 4, 5"""
        )
    old = {r[0]: r[1:] for r in conn.execute("SELECT uuid, isr_withheld, isr_w_c FROM invoices")}
    conn.close()
    assert old["A0A0A0A0-1111-4222-8333-444455556666"] == ("300.00", 30000)  # version 2 mixed them
    assert old[uuid_of(1)] == ("3210.55", 321055)

    service = open_service(home)  # migrates
    try:
        upgraded = {r["uuid"]: r for r in service.list_invoices(RFC, InvoiceFilter())["invoices"]}
        for uuid, record in fresh.items():
            got = upgraded[uuid]
            assert (got["isr_withheld"], got["payroll_isr_withheld"]) == (
                record["isr_withheld"],
                record["payroll_isr_withheld"],
            ), uuid
        assert service.list_invoices(RFC, InvoiceFilter())["totals"] == fresh_totals
        assert _months(service.db.get()) == fresh_months
    finally:
        service.close()
