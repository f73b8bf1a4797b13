"""Issue 18.7 in the browser: the «69-B» column shows the counterpart's situation on the loaded 69-B list (a
*definitivo* marked in red with a warning icon and «no deducible»), the detail pane says it, and the exports carry
«Situación 69-B» when a list is loaded. The list is imported with the real ``lists import`` path; the invoices
are the reports' scenario, imported from a folder."""

from __future__ import annotations

import csv
import zipfile

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from tests.core.reports import scenario
from tests.gui.reports.homes import import_efos, import_scenario


def _counterpart(record):
    return record["receiver_rfc"] if record["direction"] == "issued" else record["issuer_rfc"]


def _open_page(qtbot, service):
    from desktop_app.gui.context import AppContext
    from desktop_app.gui.invoices.page import InvoicesPage

    page = InvoicesPage(AppContext(service))
    qtbot.addWidget(page)
    page.resize(1400, 800)
    qtbot.waitUntil(lambda: not page.model.loading and page.model.rowCount() > 0, timeout=10_000)
    qtbot.waitUntil(lambda: page.model.record_at(page.model.rowCount() - 1) is not None, timeout=10_000)
    return page


@pytest.fixture
def lookups(service, monkeypatch):
    """Every ``efos_situation_of`` call the window makes (the RFCs asked), the real lookup answering."""
    calls: list[list[str]] = []
    real = service.efos_situation_of

    def counted(rfcs):
        calls.append(list(rfcs))
        return real(rfcs)

    monkeypatch.setattr(service, "efos_situation_of", counted)
    return calls


@pytest.fixture
def listed_page(qtbot, service, tmp_path, lookups):
    import_scenario(service, tmp_path / "scenario")
    result = import_efos(service, tmp_path / "efos")
    assert result["by_situation"]["definitivo"] == 1 and result["by_situation"]["presunto"] == 1
    return _open_page(qtbot, service)


def test_the_column_shows_the_counterparts_situation(listed_page, lookups):
    from desktop_app.gui.invoices.model import COL_EFOS, COLUMN_KEYS

    model = listed_page.model
    assert model.headerData(COL_EFOS, Qt.Orientation.Horizontal) == "69-B"
    assert COLUMN_KEYS[COL_EFOS] == "efos_69b"
    seen = set()
    for row in range(model.rowCount()):
        record = model.record_at(row)
        index = model.index(row, COL_EFOS)
        text = model.data(index)
        counterpart = _counterpart(record)
        seen.add(counterpart)
        if counterpart == scenario.SUPPLIER:
            assert text == "Definitivo"
            assert model.data(index, Qt.ItemDataRole.ForegroundRole) == QColor("#c62828")
            assert model.data(index, Qt.ItemDataRole.DecorationRole) is not None
            tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
            assert tip.startswith("Operaciones inexistentes: no deducible.")
            assert "05/10/2018" in tip  # the Diario Oficial's date of the definitivo
        elif counterpart == scenario.CLIENT:
            assert text == "Presunto"
            assert model.data(index, Qt.ItemDataRole.ForegroundRole) is None
            assert "presume" in model.data(index, Qt.ItemDataRole.ToolTipRole)
        else:
            assert text == ""
            assert model.data(index, Qt.ItemDataRole.ToolTipRole) is None
    assert {scenario.SUPPLIER, scenario.CLIENT} <= seen
    # one lookup for the page (every counterpart of it at once), never one per row
    page_calls = [call for call in lookups if len(call) > 1]
    assert len(page_calls) == 1
    assert set(page_calls[0]) == seen - {""}
    assert len(lookups) <= 2  # the page, and the detail pane's one invoice


def test_the_column_is_in_the_chooser(listed_page):
    from desktop_app.gui.invoices.model import COL_EFOS

    action = listed_page.findChild(type(listed_page.export_action), "columnAction_efos_69b")
    assert action is not None and action.text() == "69-B" and action.isChecked()
    action.setChecked(False)
    assert listed_page.table.isColumnHidden(COL_EFOS)
    action.setChecked(True)
    assert not listed_page.table.isColumnHidden(COL_EFOS)


def test_the_detail_says_a_definitivo_is_not_deductible(qtbot, listed_page):
    model = listed_page.model
    row = next(r for r in range(model.rowCount()) if _counterpart(model.record_at(r)) == scenario.SUPPLIER)
    listed_page.select_row(row)
    qtbot.waitUntil(lambda: "Lista 69-B del SAT: Definitivo" in listed_page.detail.toPlainText(), timeout=5_000)
    assert "Operaciones inexistentes: no deducible." in listed_page.detail.toPlainText()
    other = next(r for r in range(model.rowCount()) if _counterpart(model.record_at(r)) == scenario.SUPPLIER_PF)
    listed_page.select_row(other)
    qtbot.waitUntil(lambda: "Lista 69-B" not in listed_page.detail.toPlainText(), timeout=5_000)


def _export(qtbot, page, path, kind):
    page.last_export = None
    page.export(path, kind)
    qtbot.waitUntil(lambda: page.last_export is not None, timeout=20_000)


def test_exports_carry_the_situation_when_a_list_is_loaded(qtbot, listed_page, tmp_path):
    target = tmp_path / "facturas.csv"
    _export(qtbot, listed_page, target, "csv")
    with open(target, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0])[-1] == "Situación 69-B"
    by_counterpart = {}
    for row in rows:
        counterpart = row["RFC receptor"] if row["Emitido/Recibido"].startswith("Emitid") else row["RFC emisor"]
        by_counterpart.setdefault(counterpart, set()).add(row["Situación 69-B"])
    assert by_counterpart[scenario.SUPPLIER] == {"Definitivo"}
    assert by_counterpart[scenario.CLIENT] == {"Presunto"}
    assert by_counterpart[scenario.SUPPLIER_PF] == {""}

    book = tmp_path / "facturas.xlsx"
    _export(qtbot, listed_page, book, "xlsx")
    with zipfile.ZipFile(book) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "Situación 69-B" in sheet
    assert "<t>Definitivo</t>" in sheet and "<t>Presunto</t>" in sheet


def test_without_a_list_the_column_is_empty_and_exports_leave_it_out(qtbot, service, tmp_path):
    from desktop_app.gui.invoices.model import COL_EFOS

    import_scenario(service, tmp_path / "scenario")
    page = _open_page(qtbot, service)
    model = page.model
    assert all(model.data(model.index(r, COL_EFOS)) == "" for r in range(model.rowCount()))
    target = tmp_path / "facturas.csv"
    _export(qtbot, page, target, "csv")
    with open(target, encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    assert "Situación 69-B" not in header
    assert header[-1] == "Archivo XML"
