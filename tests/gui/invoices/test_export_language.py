"""Issue 17, item 4: the window's export is written in the window's language (Spanish unless it is in English)."""

from __future__ import annotations

import csv

from PySide6.QtCore import QCoreApplication, QTranslator


class English(QTranslator):
    """Just enough of the English translation for the page to know the window is in English."""

    def translate(self, context, source, disambiguation=None, n=-1):
        return {"Emitida": "Issued"}.get(source, "") if context == "InvoicesPage" else ""

    def isEmpty(self) -> bool:
        return False


def exported_header(qtbot, page, path):
    page.last_export = None
    page.export(path, "csv")
    qtbot.waitUntil(lambda: page.last_export is not None, timeout=10_000)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh))


def test_export_follows_the_windows_language(qtbot, page, tmp_path):
    """Before: the window's CSV had the record field names (``direction``) whatever its language."""
    assert exported_header(qtbot, page, tmp_path / "es.csv")[:2] == ["UUID", "Emitido/Recibido"]
    translator = English()
    QCoreApplication.installTranslator(translator)
    try:
        assert exported_header(qtbot, page, tmp_path / "en.csv")[:2] == ["UUID", "Issued/Received"]
    finally:
        QCoreApplication.removeTranslator(translator)


def test_the_suggested_file_name_is_in_the_windows_language(qtbot, page, monkeypatch):
    """The English window offered «facturas-<RFC>.xlsx» for a workbook whose sheets say «Invoices»."""
    from PySide6.QtWidgets import QApplication, QFileDialog

    from desktop_app.gui.i18n import switch_language

    offered = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (offered.append(a[2]), ("", ""))[1])
    page.ask_export_xlsx()
    switch_language(QApplication.instance(), "en")
    try:
        page.ask_export_csv()
    finally:
        switch_language(QApplication.instance(), "es")
    rfc = page.context.rfc
    assert offered == [f"facturas-{rfc}.xlsx", f"invoices-{rfc}.csv"]
