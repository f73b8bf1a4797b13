"""``descarga-masiva report``: the CLI contract (errors, formats, files) over the scenario's home."""

from __future__ import annotations

import json
import zipfile

import pytest
from lxml import etree

from tests.core.reports.conftest import cli, report
from tests.core.reports.test_iva_report import HAND_MARCH

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _sheets(path) -> dict[str, list[list[str]]]:
    """Sheet name → rows of cell texts (inline strings and numbers), by reading the parts themselves."""
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            etree.fromstring(zf.read(name))  # every part is well-formed XML
        book = etree.fromstring(zf.read("xl/workbook.xml"))
        names = [sheet.get("name") for sheet in book.iter(M + "sheet")]
        out = {}
        for number, name in enumerate(names, start=1):
            root = etree.fromstring(zf.read(f"xl/worksheets/sheet{number}.xml"))
            out[name] = [["".join(c.itertext()) for c in row.iter(M + "c")] for row in root.iter(M + "row")]
            assert root.find(f"{M}sheetViews/{M}sheetView/{M}pane").get("state") == "frozen"
            assert len(root.findall(f"{M}cols/{M}col")) >= 2  # column widths
            assert not list(root.iter(M + "f"))  # no formulas anywhere
    return out


@pytest.mark.parametrize(
    ("args", "field", "words"),
    [
        (["ventas", "--period", "2025-03"], "kind", "no 'ventas' report"),
        (["iva", "--period", "2025-13"], "period", "not a month"),
        (["iva", "--period", "2025-3"], "period", "not a month"),
        (["iva", "--period", "2025-03", "--to", "marzo"], "to", "not a month"),
        (["iva", "--period", "2025-03", "--basis", "devengado"], "basis", "not a basis"),
    ],
)
def test_usage_errors_are_invalid_argument(world, args, field, words):
    code, doc = cli(world.home, "report", *args)
    assert code == 2 and doc["success"] is False
    assert doc["error"]["code"] == "invalid_argument" and doc["error"]["field"] == field
    assert words in doc["error"]["message"]
    if field == "kind":
        assert "iva, isr, nomina, ppd" in doc["error"]["message"]


def test_other_errors(world, tmp_path):
    code, doc = cli(world.home, "report", "iva", "--period", "2025-03", "--to", "2025-01")
    assert code == 1 and doc["error"]["code"] == "invalid_date_range"
    code, doc = cli(world.home, "report", "ppd", "--period", "2025-03", "--basis", "cash")
    assert code == 1 and doc["error"]["code"] == "basis_not_applicable"
    code, doc = cli(world.home, "report", "iva", "--period", "2025-03", "--format", "xlsx")
    assert code == 1 and doc["error"]["code"] == "output_required"
    code, doc = cli(world.home, "report", "iva")
    assert code == 2 and doc["success"] is False  # --period is required
    assert not list(tmp_path.iterdir())


def test_json_to_a_file(world, tmp_path):
    target = tmp_path / "iva.json"
    data = report(world.home, "iva", "--period", "2025-03", "--detail", "--output", str(target))
    assert data["output"] == str(target) and data["format"] == "json"
    assert data["cash"]["balance"] == HAND_MARCH["cash"]["balance"]
    assert "detail" not in data["cash"]  # stdout keeps the figures; the file has everything
    saved = json.loads(target.read_text(encoding="utf-8"))
    assert saved["success"] is True and saved["data"]["cash"]["detail"]["transferred"]


def test_iva_as_a_workbook(world, tmp_path):
    target = tmp_path / "iva.xlsx"
    data = report(world.home, "iva", "--period", "2025-03", "--format", "xlsx", "--output", str(target), "--detail")
    assert data["output"] == str(target) and data["cash"]["transferred"] == "3472.13"
    sheets = _sheets(target)
    assert list(sheets) == ["IVA", "Detalle"]
    summary = {row[0]: row[1:] for row in sheets["IVA"] if row}
    assert sheets["IVA"][0] == ["Concepto", "Flujo de efectivo", "Devengado"]
    assert summary["IVA trasladado"] == ["3472.13", "1128.13"]
    assert summary["(−) IVA acreditable"] == ["914.67", "1058.67"]
    assert summary["Saldo: a cargo (+) / a favor (−)"] == ["2450.79", "-37.21"]
    assert summary["16 %: IVA trasladado"] == ["3312.13", "968.13"]
    notes = [row[0] for row in sheets["IVA"] if row and "fuera del cálculo" in row[0]]
    assert notes and "CFDI cancelados" in notes[0] and "(cancelled)" not in notes[0]
    detail = sheets["Detalle"]
    assert detail[0][:3] == ["Base", "Concepto", "UUID"]
    total = next(row for row in detail if row[1].startswith("Total IVA trasladado") and row[0] == "Flujo de efectivo")
    assert total[-1] == "3472.13"


def test_ppd_as_a_workbook_and_as_text(world, tmp_path):
    target = tmp_path / "ppd.xlsx"
    report(world.home, "ppd", "--period", "2025-03", "--format", "xlsx", "--output", str(target))
    sheets = _sheets(target)
    assert list(sheets) == ["Por cobrar", "Por pagar", "Pagos"]
    header = sheets["Por cobrar"][0]
    assert header[0] == "UUID" and "Saldo insoluto" in header and "Antigüedad" in header
    total = next(row for row in sheets["Por cobrar"] if row and row[0].startswith("Total MXN — facturas: 3"))
    assert total[-1] == "17574.00"
    assert len(sheets["Pagos"]) == 1 + 4  # P1, P3, P4 (receivable) and RP1 (payable)
    text = tmp_path / "ppd.txt"
    data = report(world.home, "ppd", "--period", "2025-03", "--format", "txt", "--output", str(text))
    assert "invoices" not in data["receivable"] and data["receivable"]["balance"] == "17574.00"
    body = text.read_text(encoding="utf-8")
    assert "Por cobrar — facturas: 3; saldo 17,574.00 MXN" in body and "Más de 90 días" in body


def test_iva_as_text(world, tmp_path):
    target = tmp_path / "iva.txt"
    report(world.home, "iva", "--period", "2025-03", "--format", "txt", "--output", str(target), "--detail")
    body = target.read_text(encoding="utf-8")
    assert body.startswith("Reporte de IVA — RFC EKU9003173C9")
    line = next(row for row in body.splitlines() if row.startswith("Saldo: a cargo"))
    assert line.split()[-2:] == ["2,450.79", "-37.21"]
    assert "CFDI cancelados, fuera del cálculo" in body
    assert "3,472.13" in body  # the JSON's transferred (cash), grouped
