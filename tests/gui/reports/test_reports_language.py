"""Reportes in English: the window running in English shows each report's title, tabs, headers and labels in
English (the kinds' own ``sheets(data, "en")``), exports the workbook in English, and follows a language switch."""

from __future__ import annotations

import zipfile

import pytest
from PySide6.QtCore import Qt

from desktop_app.core.reports.kinds import AVAILABLE_KINDS, REPORTS
from tests.gui.reports.conftest import generate
from tests.gui.shell.test_language import compiled_qm, installed  # noqa: F401  (fixtures)

# The English .qm built from the committed .ts, and every translator a test installs removed afterwards.
pytestmark = pytest.mark.usefixtures("compiled_qm", "installed")


def _english_page(qtbot, qapp, report_context):
    """A Reportes page built while the app runs in English (``switch_language``: what the window's language switch
    does; the ``installed`` fixture removes its translators afterwards)."""
    from desktop_app.gui.i18n import switch_language
    from desktop_app.gui.reports.page import ReportsPage, report_language

    switch_language(qapp, "en")
    assert report_language() == "en"
    page = ReportsPage(report_context)
    qtbot.addWidget(page, before_close_func=lambda widget: widget.shutdown())
    page.resize(1200, 800)
    page.show()
    return page


def test_the_page_in_english_shows_english_reports(qtbot, qapp, report_context, tmp_path, monkeypatch):
    page = _english_page(qtbot, qapp, report_context)
    combo = page.kind_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [REPORTS[k].title_in("en") for k in AVAILABLE_KINDS]

    data = generate(qtbot, page, "iva", "2025-03")
    tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert tabs == [sheet.name for sheet in REPORTS["iva"].sheets(data, "en")] == ["VAT (IVA)", "Detail"]
    summary = page.models[0]
    assert summary.headerData(0, Qt.Orientation.Horizontal) == "Item"
    assert summary.headerData(1, Qt.Orientation.Horizontal) == "Cash basis"
    row = next(r for r in range(summary.rowCount()) if summary.cell_text(r, 0) == "VAT (IVA) transferred")
    assert summary.cell_text(row, 1) == "$3,472.13"
    assert page.status.text().startswith("VAT (IVA) ")

    target = tmp_path / "report.xlsx"
    monkeypatch.setattr(page, "_ask_save_path", lambda *_args: str(target))
    with qtbot.waitSignal(page.exported, timeout=10_000):
        page.xlsx_button.click()
    with zipfile.ZipFile(target) as book:
        names = book.read("xl/workbook.xml").decode()
        assert 'name="VAT (IVA)"' in names and 'name="Detail"' in names
        assert "Cash basis" in book.read("xl/worksheets/sheet1.xml").decode()

    for kind in ("ppd", "nomina"):
        data = generate(qtbot, page, kind, "2025-03")
        tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]
        assert tabs == [sheet.name for sheet in REPORTS[kind].sheets(data, "en")], kind
    assert tabs == ["Payroll by employee", "Payroll by month"]


def test_switching_back_to_spanish_rewrites_the_report(qtbot, qapp, report_context, compiled_qm, installed):  # noqa: F811
    from desktop_app.gui.i18n import switch_language

    page = _english_page(qtbot, qapp, report_context)
    generate(qtbot, page, "ppd", "2025-03")
    assert page.tabs.tabText(0) == "Receivable"
    switch_language(qapp, "es")  # every widget gets LanguageChange, as the window's switch does
    qtbot.waitUntil(lambda: page.tabs.tabText(0) == "Por cobrar")
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == ["Por cobrar", "Por pagar", "Pagos"]
    assert page.kind_combo.itemText(page.kind_combo.findData("ppd")) == REPORTS["ppd"].title
