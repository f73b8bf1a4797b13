"""Constancias de retenciones are not invoices: the totals leave them apart unless the filter asks for types.

Before: with «Todos los tipos» the browser's totals bar and ``invoices list``'s ``data.totals`` added a Retenciones
document's ``MontoTotOperacion`` to the invoices' totals and its ``ImpRetenidos`` to the CFDI's withholdings (the
demo's «Total» was twice its «Subtotal»: 13 constancias added $1.1 M of operations to $1.2 M of invoices), though a
constancia's total is an operation's amount, and its withholdings are those of payments whose CFDI already carry
them. Now they are counted apart (``retenciones``) — as cancelled documents are — and summed exactly when the filter
asks for type R, or in a breakdown by type, where R is a group of its own.

Every expected figure is computed here from the raw XML with lxml XPath, not with the app's parser.
"""

from __future__ import annotations

import sqlite3
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from desktop_app.core.index import InvoiceFilter, group_totals, totals, totals_and_groups
from desktop_app.core.secrets import SecretStore
from desktop_app.core.service import DescargaService
from tests.conftest import MemoryKeyring

RFC = "EKU9003173C9"
SUPPLIER = "AAA010101AAA"
BANK = "BIN940223KE0"
TFD_NS = "http://www.sat.gob.mx/TimbreFiscalDigital"
RET_NS = "http://www.sat.gob.mx/esquemas/retencionpago/2"


def uuid_of(n: int) -> str:
    return f"{n:08X}-3333-4444-8555-666677778888"


def _tfd(n: int, fecha: str) -> str:
    return f'<tfd:TimbreFiscalDigital xmlns:tfd="{TFD_NS}" Version="1.1" UUID="{uuid_of(n)}" FechaTimbrado="{fecha}"/>'


def honorarios(n: int, subtotal: str, fecha: str) -> bytes:
    """A CFDI 4.0 the profile received: IVA 16 % transferred, 10 % ISR withheld."""
    base = Decimal(subtotal)
    iva, isr = (base * Decimal("0.16")).quantize(Decimal("0.01")), (base / 10).quantize(Decimal("0.01"))
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" '
        f'Version="4.0" Serie="H" Folio="{n}" Fecha="{fecha}" SubTotal="{subtotal}" Moneda="MXN" '
        f'Total="{base + iva - isr:.2f}" TipoDeComprobante="I" Exportacion="01" MetodoPago="PUE" '
        f'LugarExpedicion="06000"><cfdi:Emisor Rfc="{SUPPLIER}" Nombre="PROFESIONISTA" RegimenFiscal="612"/>'
        f'<cfdi:Receptor Rfc="{RFC}" Nombre="ESCUELA KEMPER URGATE" UsoCFDI="G03"/>'
        f'<cfdi:Conceptos><cfdi:Concepto ClaveProdServ="80111600" Cantidad="1" Descripcion="Honorarios" '
        f'ValorUnitario="{subtotal}" Importe="{subtotal}" ObjetoImp="02"/></cfdi:Conceptos>'
        f'<cfdi:Impuestos TotalImpuestosRetenidos="{isr:.2f}" TotalImpuestosTrasladados="{iva:.2f}">'
        f'<cfdi:Retenciones><cfdi:Retencion Impuesto="001" Importe="{isr:.2f}"/></cfdi:Retenciones>'
        f'<cfdi:Traslados><cfdi:Traslado Base="{subtotal}" Impuesto="002" TipoFactor="Tasa" TasaOCuota="0.160000" '
        f'Importe="{iva:.2f}"/></cfdi:Traslados></cfdi:Impuestos>'
        f"<cfdi:Complemento>{_tfd(n, fecha)}</cfdi:Complemento></cfdi:Comprobante>"
    ).encode()


def constancia(n: int, operation: str, isr: str, iva: str, fecha: str) -> bytes:
    """A Retenciones 2.0 document the profile received: a bank's interest, its ISR and IVA withheld."""
    month = int(fecha[5:7])
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><retenciones:Retenciones xmlns:retenciones="{RET_NS}" '
        f'Version="2.0" FolioInt="R{n}" FechaExp="{fecha}" CveRetenc="16" LugarExpRetenc="06000">'
        f'<retenciones:Emisor RfcE="{BANK}" NomDenRazSocE="BANCO INVERSIONES" RegimenFiscalE="601"/>'
        f'<retenciones:Receptor NacionalidadR="Nacional"><retenciones:Nacional RfcR="{RFC}" '
        f'NomDenRazSocR="ESCUELA KEMPER URGATE" DomicilioFiscalR="06000"/></retenciones:Receptor>'
        f'<retenciones:Periodo MesIni="{month}" MesFin="{month}" Ejercicio="2026"/>'
        f'<retenciones:Totales MontoTotOperacion="{operation}" MontoTotGrav="{operation}" MontoTotExent="0" '
        f'MontoTotRet="{Decimal(isr) + Decimal(iva):.2f}">'
        f'<retenciones:ImpRetenidos BaseRet="{operation}" ImpuestoRet="001" MontoRet="{isr}" TipoPagoRet="01"/>'
        f'<retenciones:ImpRetenidos ImpuestoRet="002" MontoRet="{iva}" TipoPagoRet="01"/></retenciones:Totales>'
        f"<retenciones:Complemento>{_tfd(n, fecha)}</retenciones:Complemento></retenciones:Retenciones>"
    ).encode()


DOCS = {
    "h1.xml": honorarios(1, "10000.00", "2026-05-03T10:00:00"),
    "h2.xml": honorarios(2, "12345.67", "2026-05-20T10:00:00"),
    "h3.xml": honorarios(3, "8000.00", "2026-06-10T10:00:00"),
    "r1.xml": constancia(4, "250000.00", "1450.00", "0.00", "2026-05-31T12:00:00"),
    "r2.xml": constancia(5, "180000.50", "1044.00", "320.10", "2026-06-30T12:00:00"),
}


def figures(data: bytes) -> dict:
    """type, date, total, ISR and IVA withheld as written, by XPath over the raw XML."""
    root = etree.fromstring(data)
    if etree.QName(root).localname == "Retenciones":
        ns = {"r": RET_NS}

        def withheld(code: str) -> Decimal:
            path = f"r:Totales/r:ImpRetenidos[@ImpuestoRet='{code}']/@MontoRet"
            return sum((Decimal(v) for v in root.xpath(path, namespaces=ns)), Decimal(0))

        total = Decimal(root.xpath("string(r:Totales/@MontoTotOperacion)", namespaces=ns))
        return {
            "type": "R",
            "date": root.get("FechaExp"),
            "total": total,
            "isr": withheld("001"),
            "iva": withheld("002"),
        }
    ns = {"c": "http://www.sat.gob.mx/cfd/4"}

    def cfdi_withheld(code: str) -> Decimal:
        path = f"c:Impuestos/c:Retenciones/c:Retencion[@Impuesto='{code}']/@Importe"
        return sum((Decimal(v) for v in root.xpath(path, namespaces=ns)), Decimal(0))

    return {
        "type": root.get("TipoDeComprobante"),
        "date": root.get("Fecha"),
        "total": Decimal(root.get("Total")),
        "isr": cfdi_withheld("001"),
        "iva": cfdi_withheld("002"),
    }


EXPECTED = [figures(data) for data in DOCS.values()]
CFDI = [d for d in EXPECTED if d["type"] != "R"]
CONSTANCIAS = [d for d in EXPECTED if d["type"] == "R"]


def money(docs: list[dict], field: str) -> str:
    return f"{sum((d[field] for d in docs), Decimal(0)):.2f}"


def folder_of(tmp_path: Path, *names: str) -> Path:
    """A folder of the user's with the documents ``names`` of :data:`DOCS` (all of them when none is named)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for file_name in names or DOCS:
        (folder / file_name).write_bytes(DOCS[file_name])
    return folder


def imported_by_cli(cli, tmp_path: Path, *names: str) -> None:
    """``profile add`` and ``invoices import`` of the documents ``names`` (all when none), every one added."""
    assert cli("profile", "add", RFC)[0] == 0
    added = cli("invoices", "import", str(folder_of(tmp_path, *names)))[1]["data"]["added"]
    assert added == len(names or DOCS)


@pytest.fixture
def service(tmp_path, backend, request) -> DescargaService:
    """The documents imported into a home on SQLite and on PostgreSQL (``backend``: tests/core/conftest.py)."""
    database = request.getfixturevalue("pg_url") if backend == "postgresql" else None
    service = DescargaService(tmp_path / "home", secrets=SecretStore(MemoryKeyring()), database=database)
    service.add_profile(RFC)
    report = service.import_invoices(RFC, [str(folder_of(tmp_path))])
    assert report["added"] == len(DOCS), report
    yield service
    service.close()


def _sums(totals_or_group: dict) -> tuple[int, str, str, str]:
    t = totals_or_group
    return t["count"], t["total"], t["isr_withheld"], t["iva_withheld"]


def _of(docs: list[dict]) -> tuple[int, str, str, str]:
    return len(docs), money(docs, "total"), money(docs, "isr"), money(docs, "iva")


@pytest.mark.parametrize(
    "period",
    [
        InvoiceFilter(),  # no dates
        InvoiceFilter(date_from="2026-05-01", date_to="2026-06-30"),  # whole months: invoice_months
        InvoiceFilter(date_from="2026-05-02", date_to="2026-06-30"),  # a partial month: rows and months
        InvoiceFilter(text="ESCUELA"),  # a text filter: the rows alone
    ],
    ids=["all", "months", "partial", "text"],
)
def test_the_totals_leave_constancias_apart(service, period):
    conn = service.db.get()
    every = totals(conn, RFC, period)
    assert _sums(every) == _of(CFDI)
    assert every["retenciones"] == len(CONSTANCIAS) == 2 and every["cancelled"] == 0
    assert every["total"] != money(EXPECTED, "total")  # what it was before: operations added to invoices
    assert service.list_invoices(RFC, period)["count"] == len(EXPECTED)  # listed, all of them
    # asked for: exactly them, or them with the invoices
    only = totals(conn, RFC, InvoiceFilter(**{**vars(period), "types": ("R",)}))
    assert _sums(only) == _of(CONSTANCIAS) and only["retenciones"] == 0
    both = totals(conn, RFC, InvoiceFilter(**{**vars(period), "types": ("I", "R")}))
    assert _sums(both) == _of(EXPECTED) and both["retenciones"] == 0


def test_a_month_of_constancias_alone(service):
    conn = service.db.get()
    june = InvoiceFilter(date_from="2026-06-01", date_to="2026-06-30")
    in_june = [d for d in EXPECTED if d["date"].startswith("2026-06")]
    assert _sums(totals(conn, RFC, june)) == _of([d for d in in_june if d["type"] != "R"])
    assert totals(conn, RFC, june)["retenciones"] == 1


def test_the_breakdown_sets_them_apart_unless_it_is_by_type(service):
    conn = service.db.get()
    flt = InvoiceFilter()
    (received,) = group_totals(conn, RFC, flt, ("direction",))
    assert received["keys"] == {"direction": "received"}
    assert _sums(received) == _of(CFDI) and received["retenciones"] == 2
    by_type = {g["keys"]["type"]: g for g in group_totals(conn, RFC, flt, ("type",))}
    assert _sums(by_type["I"]) == _of(CFDI) and _sums(by_type["R"]) == _of(CONSTANCIAS)
    assert by_type["R"]["retenciones"] == by_type["I"]["retenciones"] == 0
    # the window's one reading: the totals bar and a breakdown that add up to it
    sums, groups = totals_and_groups(conn, RFC, flt, ("direction", "currency"))
    assert _sums(sums) == _of(CFDI) and sums["retenciones"] == 2
    assert sum(g["count"] for g in groups) == sums["count"]
    assert sum(g["retenciones"] for g in groups) == sums["retenciones"]
    sums, groups = totals_and_groups(conn, RFC, flt, ("type",))
    assert _sums(sums) == _of(CFDI) and sums["retenciones"] == 2  # the totals bar still leaves them apart


def test_a_profile_without_constancias_reads_as_before(tmp_path):
    folder = folder_of(tmp_path, *(name for name in DOCS if name.startswith("h")))
    service = DescargaService(Path(tmp_path / "home"), secrets=SecretStore(MemoryKeyring()))
    try:
        service.add_profile(RFC)
        service.import_invoices(RFC, [str(folder)])
        every = totals(service.db.get(), RFC, InvoiceFilter())
        assert _sums(every) == _of(CFDI) and every["retenciones"] == 0
    finally:
        service.close()


def _xlsx_totals(path: Path) -> tuple[str, str, list[str]]:
    """The Excel export's totals row (its label and its «Total» cell) and the notes under it."""
    m = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(path) as zf:
        sheet = etree.fromstring(zf.read("xl/worksheets/sheet1.xml"))
    rows = [  # each row's cells by column letter (the totals row has no cell under a text column)
        {
            c.get("r").rstrip("0123456789"): "".join(c.xpath(".//m:t/text()", namespaces=m))
            or (c.findtext("m:v", namespaces=m) or "")
            for c in row
        }
        for row in sheet.xpath("//m:sheetData/m:row", namespaces=m)
    ]
    (total_column,) = [letter for letter, title in rows[0].items() if title == "Total"]
    (k,) = [k for k, row in enumerate(rows) if row.get("A", "").startswith("Total MXN")]
    return rows[k]["A"], rows[k][total_column], [row["A"] for row in rows[k + 1 :] if "A" in row]


def test_the_excel_totals_row_follows_the_same_rule(cli, tmp_path):
    imported_by_cli(cli, tmp_path)
    code, doc = cli("invoices", "list", "--format", "xlsx", "--output", str(tmp_path / "all.xlsx"))
    assert code == 0 and doc["data"]["count"] == len(EXPECTED), doc  # every document listed
    assert doc["data"]["totals"]["retenciones"] == 2
    label, total, notes = _xlsx_totals(tmp_path / "all.xlsx")
    assert (label, Decimal(total)) == (f"Total MXN — comprobantes: {len(CFDI)}", Decimal(money(CFDI, "total")))
    assert "Constancias de retenciones, listadas y no sumadas con las facturas: 2" in notes
    code, doc = cli("invoices", "list", "--type", "R", "--format", "xlsx", "--output", str(tmp_path / "r.xlsx"))
    assert code == 0 and doc["data"]["count"] == len(CONSTANCIAS), doc
    label, total, notes = _xlsx_totals(tmp_path / "r.xlsx")
    assert (label, Decimal(total)) == ("Total MXN — comprobantes: 2", Decimal(money(CONSTANCIAS, "total")))
    assert not any("retenciones" in note for note in notes)


def test_the_resumen_months_count_constancias_apart(service):
    months = {m["month"]: m for m in service.summary(RFC)["by_month"]}
    for month in ("2026-05", "2026-06"):
        cfdi = [d for d in CFDI if d["date"].startswith(month)]
        constancias = [d for d in CONSTANCIAS if d["date"].startswith(month)]
        entry = months[month]
        assert (entry["received"], entry["received_total"], entry["retenciones"]) == (
            len(cfdi),
            money(cfdi, "total"),
            len(constancias),
        )
        assert entry["by_type"]["received"]["R"] == {"n": 1, "total": money(constancias, "total")}


def test_the_excel_totals_row_sums_cancelled_documents_when_asked_for_them(cli, tmp_path):
    """``--status cancelado`` sums exactly them in data.totals; the totals row under the rows did not (it always
    left cancelled documents out, so it said 0 comprobantes under a list of them)."""
    imported_by_cli(cli, tmp_path, "h1.xml")
    conn = sqlite3.connect(tmp_path / "home" / "descarga.sqlite3")
    with conn:  # SAT said so (what `invoices verify` keeps)
        conn.execute("UPDATE invoices SET status = 'cancelado'")
    conn.close()
    out = str(tmp_path / "c.xlsx")
    code, doc = cli("invoices", "list", "--status", "cancelado", "--format", "xlsx", "--output", out)
    assert code == 0 and doc["data"]["totals"]["count"] == 1, doc
    label, total, notes = _xlsx_totals(Path(out))
    assert (label, Decimal(total)) == ("Total MXN — comprobantes: 1", EXPECTED[0]["total"])
    assert notes == []
    code, doc = cli("invoices", "list", "--format", "xlsx", "--output", out)  # no status asked: left out
    assert doc["data"]["totals"]["count"] == 0 and doc["data"]["totals"]["cancelled"] == 1
    label, total, notes = _xlsx_totals(Path(out))
    assert (label, Decimal(total)) == ("Total MXN — comprobantes: 0", 0)
    assert notes == ["Comprobantes cancelados, listados y no sumados: 1"]


def test_invoice_pdf_prints_a_constancia(cli, tmp_path):
    """``invoice UUID --pdf`` of a constancia de retenciones: «The file is not a CFDI» before."""
    imported_by_cli(cli, tmp_path, "r2.xml")
    pdf = tmp_path / "constancia.pdf"
    code, doc = cli("invoice", uuid_of(5), "--pdf", str(pdf))
    assert code == 0, doc
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_constancia_is_not_sent_to_the_cfdi_status_service(cli, tmp_path):
    """``invoice UUID --verify``: ConsultaCFDI does not know constancias (``invoices verify`` already said so):
    refused with ``not_verifiable`` before any call, and the index keeps no «verified» mark for it."""
    imported_by_cli(cli, tmp_path, "r2.xml")
    code, doc = cli("invoice", uuid_of(5), "--verify")
    assert code == 1 and doc["error"]["code"] == "not_verifiable", doc
    conn = sqlite3.connect(tmp_path / "home" / "descarga.sqlite3")
    try:
        assert conn.execute("SELECT verified_at FROM invoices").fetchall() == [(None,)]
    finally:
        conn.close()


def test_a_damaged_constancia_is_counted_with_the_damaged_ones(service, tmp_path):
    """«Sólo dañados» counts every damaged document the list shows, constancias included (none is summed)."""
    broken = constancia(9, "1000.00", "10.00", "0.00", "2026-05-15T12:00:00").replace(
        b"</retenciones:Totales>", b"</retenciones:Totalez>"
    )
    folder = tmp_path / "damaged"
    folder.mkdir()
    (folder / "r9.xml").write_bytes(broken)
    assert service.import_invoices(RFC, [str(folder)])["damaged"] == 1
    conn = service.db.get()
    damaged = totals(conn, RFC, InvoiceFilter(damaged=True))
    assert (damaged["count"], damaged["retenciones"], damaged["total"]) == (1, 0, "0.00")
    assert totals(conn, RFC, InvoiceFilter())["damaged"] == 1  # and left out of the others, as before
