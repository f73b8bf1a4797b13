"""Facturas as an accountant reads it (issue 16.6, 16.7, 16.9): dates dd/mm/aaaa, no word broken inside a cell,
a detail pane that stays where the reader left it while a sync adds invoices, the XML inside the app, and a
"Mostrar en carpeta" that says so when the system cannot open the folder."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from lxml import etree
from PySide6.QtCore import Qt, QTranslator
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDateEdit, QLabel, QPlainTextEdit, QPushButton, QTextBrowser

from desktop_app.core.store.db import connect
from desktop_app.gui.invoices.model import COL_DATE
from desktop_app.gui.invoices.xml_viewer import XmlViewerDialog, pretty_xml
from tests.gui.conftest import RFC
from tests.gui.invoices import synthetic
from tests.gui.invoices.test_invoices_page import row_id

DAY = re.compile(r"^\d{2}/\d{2}/\d{4}$")
MOMENT = re.compile(r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$")


def broken_words(browser: QTextBrowser) -> list[str]:
    """Words the layout split across two lines: a line ends inside a word or a number ("Descripció/n",
    "441218/06"). Breaking after a hyphen or a slash between words is allowed (a one-token cell, such as a
    UUID, is kept whole on its own)."""
    found = []
    block = browser.document().begin()
    while block.isValid():
        layout, text = block.layout(), block.text()
        for i in range(layout.lineCount() - 1):
            end = layout.lineAt(i).textStart() + layout.lineAt(i).textLength()
            if 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
                found.append(f"{text[:end]}/{text[end:]}")
        block = block.next()
    return found


def split_tokens(browser: QTextBrowser, token: str) -> int:
    """How many times a line break falls inside ``token`` (a UUID must stay on one line)."""
    splits = 0
    block = browser.document().begin()
    while block.isValid():
        layout, text = block.layout(), block.text()
        ends = [layout.lineAt(i).textStart() + layout.lineAt(i).textLength() for i in range(layout.lineCount() - 1)]
        for start in (m.start() for m in re.finditer(re.escape(token), text)):
            splits += sum(1 for end in ends if start < end < start + len(token))
        block = block.next()
    return splits


def test_dates_read_dd_mm_aaaa_in_the_list_the_filters_and_the_detail(qtbot, page):
    invoice_id = row_id(page, "type = 'P' AND has_xml = 1")  # a payment: dates in its complement too
    issued = page.service.db.get().execute("SELECT issue_date FROM invoices WHERE id = ?", (invoice_id,)).fetchone()[0]
    page.show_invoice(invoice_id)
    text = page.detail.toPlainText()
    year, month, day = issued[:10].split("-")
    assert f"{day}/{month}/{year} {issued[11:19]}" in text  # Fecha de emisión, to the second
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text.replace(page.current_row["uuid"], ""))  # no ISO date left
    shown = page.model.index(0, COL_DATE).data()
    assert MOMENT.match(shown), shown
    for name in ("filterFrom", "filterTo"):
        edit = page.findChild(QDateEdit, name)
        assert edit.displayFormat() == "dd/MM/yyyy" and DAY.match(edit.text()), edit.text()


class EnglishFormats(QTranslator):
    """What the English translation does: it names its locale for the Formatting context."""

    def translate(self, context, source, disambiguation=None, n=-1):
        return "en_US" if (context, source) == ("Formatting", "es_MX") else None  # None: not translated

    def isEmpty(self):
        return False


def test_english_uses_the_english_locale_and_spanish_the_mexican_one(qtbot):
    from desktop_app.gui import formatting

    assert (formatting.day_text("2026-12-05"), formatting.month_text("2026-12")) == ("05/12/2026", "dic 2026")
    assert formatting.datetime_text("2025-01-15T10:20:30") == "15/01/2025 10:20"
    assert formatting.money("1053634.24") == "$1,053,634.24" and formatting.number(4339) == "4,339"
    english = EnglishFormats()
    QApplication.instance().installTranslator(english)
    try:
        assert formatting.day_text("2026-12-05") == "12/5/2026" and formatting.month_text("2026-12") == "Dec 2026"
        assert formatting.date_format() == "M/d/yyyy"
    finally:
        QApplication.instance().removeTranslator(english)
    assert formatting.day_text(date(2026, 12, 5)) == "05/12/2026"


def test_no_word_is_broken_inside_a_table_cell_of_the_detail(qtbot, page):
    page.show()
    page.resize(900, 700)
    qtbot.waitExposed(page)
    page.detail.setFixedWidth(260)  # a narrow pane: the concept table cannot fit
    for where in ("type = 'I' AND has_xml = 1", "type = 'P' AND has_xml = 1", "type = 'N' AND has_xml = 1"):
        page.show_invoice(row_id(page, where))
        assert "Conceptos" in page.detail.toPlainText()
        assert broken_words(page.detail) == [], where
        assert split_tokens(page.detail, page.current_row["uuid"]) == 0, where


def test_the_detail_stays_put_while_a_sync_adds_invoices(qtbot, page):
    """Every refresh selects the shown invoice again: the pane used to be rendered anew and jump to the top,
    which during a backfill (a refresh every few seconds) made it impossible to scroll."""
    page.show()
    page.resize(1200, 500)
    qtbot.waitExposed(page)
    page.select_row(5)
    qtbot.waitUntil(lambda: page.current_row is not None and page.current_row["id"] == page.model.record_at(5)["id"])
    chosen = page.current_row["id"]
    bar = page.detail.verticalScrollBar()
    assert bar.maximum() > 100
    rows = page.model.rowCount()
    for k in range(3):  # three sync passes, each adding invoices above the one shown
        bar.setValue(bar.maximum() // 2 + 10 * k)
        kept = bar.value()
        writer = connect(page.service.db.path, migrate=False)  # as a sync pass writes: its own connection
        try:
            synthetic.fill(writer, RFC, 2, seed=k, start=date(2027, 1, 1 + k))
        finally:
            writer.close()
        rows += 2
        page.context.data_changed.emit()
        qtbot.waitUntil(lambda r=rows: page.model.rowCount() == r and page.table.currentIndex().row() >= 0)
        qtbot.waitUntil(lambda: bool(page.totals_bar.values))
        assert page.current_row["id"] == chosen
        assert bar.value() == kept


def test_a_change_to_the_shown_invoice_is_shown_in_place(qtbot, page):
    page.show()
    page.resize(1200, 500)
    qtbot.waitExposed(page)
    page.select_row(3)
    qtbot.waitUntil(lambda: page.current_row is not None)
    invoice_id = page.current_row["id"]
    bar = page.detail.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    kept = bar.value()
    conn = page.service.db.get()
    with conn:
        conn.execute(
            "UPDATE invoices SET status = 'cancelado', cancelled_at = '2026-06-10T09:30:00' WHERE id = ?",
            (invoice_id,),
        )
    page.context.data_changed.emit()
    qtbot.waitUntil(lambda: "Estado: Cancelado" in page.detail.toPlainText())
    assert "cancelado el 10/06/2026 09:30" in page.detail.toPlainText()
    assert bar.value() == kept


def test_abrir_xml_shows_it_indented_and_highlighted_inside_the_app(qtbot, page, monkeypatch):
    opened: list[object] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or False)
    page.show_invoice(row_id(page, "type = 'I' AND has_xml = 1"))
    assert page.open_xml_action.isEnabled()
    page.open_xml_action.trigger()
    viewer = page.xml_viewer
    assert isinstance(viewer, XmlViewerDialog) and viewer.isVisible() and viewer.well_formed
    assert opened == []  # no other program needed
    text = viewer.findChild(QPlainTextEdit, "xmlViewerText")
    assert text.isReadOnly()
    lines = text.toPlainText().splitlines()
    assert len(lines) > 10 and any(line.startswith("  <cfdi:Emisor") for line in lines)
    assert page.current_row["uuid"].upper() in text.toPlainText().upper()
    emisor = text.document().findBlockByNumber(next(i for i, ln in enumerate(lines) if "<cfdi:Emisor" in ln))
    assert emisor.layout().formats()  # the highlighter coloured the tag and its attributes

    # "Abrir con otro programa": when the system has none, the viewer says so and where the file is.
    qtbot.mouseClick(viewer.findChild(QPushButton, "xmlViewerExternalButton"), Qt.MouseButton.LeftButton)
    assert len(opened) == 1
    note = viewer.findChild(QLabel, "xmlViewerNote")
    assert "No hay un programa" in note.text() and str(viewer.path) in note.text()
    viewer.close()


def test_pretty_printing_is_safe_and_a_damaged_xml_is_shown_raw(qtbot, tmp_path):
    good = b'<?xml version="1.0" encoding="UTF-8"?><a x="1"><b>t &amp; u</b><!-- nota --></a>'
    text, ok = pretty_xml(good)
    assert ok and text.splitlines() == [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<a x="1">',
        "  <b>t &amp; u</b>",
        "  <!-- nota -->",
        "</a>",
    ]
    bomb = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "EXPANDED">]><a>&e;</a>'
    text, ok = pretty_xml(bomb)  # a DTD is refused by the safe parser: shown as stored, never expanded
    assert not ok and text == bomb.decode() and "EXPANDED</a>" not in text
    damaged = b'<cfdi:Comprobante><cfdi:Emisor Nombre="A & B"/>'
    path = tmp_path / "dañado.xml"
    path.write_bytes(damaged)
    viewer = XmlViewerDialog(path, "XML")
    qtbot.addWidget(viewer)
    assert not viewer.well_formed
    assert viewer.findChild(QPlainTextEdit, "xmlViewerText").toPlainText() == damaged.decode()
    assert "dañado" in viewer.findChild(QLabel, "xmlViewerNote").text()
    assert etree  # (lxml parsed the good one above)


def test_mostrar_en_carpeta_says_when_the_system_cannot_open_it(qtbot, page, monkeypatch):
    page.show_invoice(row_id(page, "type = 'I' AND has_xml = 1"))
    asked: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: asked.append(url.toLocalFile()) or False)
    assert page.show_in_folder() is False
    folder = str(Path(page.current_row["path"]).parent)
    assert asked == [folder]
    assert "No se pudo abrir la carpeta" in page.status_label.text()
    assert page.current_row["path"] in page.status_label.text()
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    page.status_label.clear()
    assert page.show_in_folder() is True and page.status_label.text() == ""


@pytest.fixture(autouse=True)
def _close_viewers(qtbot):
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, XmlViewerDialog):
            widget.close()


def test_switching_to_english_rewrites_the_dates_in_place(qtbot, page):
    from desktop_app.gui.formatting import datetime_text

    page.show_invoice(row_id(page, "type = 'I' AND has_xml = 1"))
    issued = page.model.record_at(0)["issue_date"]  # e.g. 2025-02-28T22:06:00
    spanish = page.model.index(0, COL_DATE).data()
    assert spanish == f"{issued[8:10]}/{issued[5:7]}/{issued[:4]} {issued[11:16]}"
    english = EnglishFormats()
    QApplication.instance().installTranslator(english)  # what switch_language does: Qt sends LanguageChange
    try:
        written = datetime_text(issued)  # M/d/yyyy HH:mm
        assert written != spanish
        qtbot.waitUntil(lambda: page.model.index(0, COL_DATE).data() == written)
        assert page.findChild(QDateEdit, "filterFrom").displayFormat() == "M/d/yyyy"
        assert page.current_row is not None and "Fecha de emisión" in page.detail.toPlainText()
    finally:
        QApplication.instance().removeTranslator(english)
    qtbot.waitUntil(lambda: page.findChild(QDateEdit, "filterFrom").displayFormat() == "dd/MM/yyyy")
    qtbot.waitUntil(lambda: page.model.index(0, COL_DATE).data() == spanish)
