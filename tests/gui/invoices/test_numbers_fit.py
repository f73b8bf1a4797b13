"""Issue 16.6: never a cut number — at 1024×700, on every page of a window with invoices, a label that shows a
digit is as wide as its text (or wraps it whole)."""

from __future__ import annotations

import re

from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QLabel

PAGES = ("summary", "history", "invoices", "schedule", "settings")


def _width(label: QLabel, text: str) -> int:
    """The text's width as the label draws it (markup such as ``<b>`` laid out, not counted as characters)."""
    if GuiQt.mightBeRichText(text):
        document = QTextDocument()
        document.setDefaultFont(label.font())
        document.setDocumentMargin(0)
        document.setHtml(text)
        return int(document.idealWidth() + 0.999)
    return label.fontMetrics().horizontalAdvance(text)


def cut_labels(window) -> list[str]:
    cut = []
    for label in window.findChildren(QLabel):
        text = label.text()
        if not label.isVisible() or not re.search(r"\d", text):
            continue
        margins = label.contentsMargins()
        room = label.width() - margins.left() - margins.right() - 2 * label.margin()
        name = label.objectName() or type(label.parent()).__name__
        if label.wordWrap():
            needed = label.heightForWidth(label.width())
            if needed > label.height():
                cut.append(f"{name}: {text!r} (needs {needed} px high, has {label.height()})")
        elif _width(label, text) > room:
            cut.append(f"{name}: {text!r} ({_width(label, text)} px in {room})")
    return cut


def test_no_number_is_cut_at_1024_by_700(qtbot, filled_context):
    from desktop_app.app import build_window
    from desktop_app.gui.main_window import show_page

    window = build_window(filled_context.service, poll_interval_ms=600_000)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    problems = {}
    for key in PAGES:
        page = show_page(window, key)
        if key == "invoices":
            qtbot.waitUntil(lambda p=page: p.model.rowCount() > 0 and bool(p.totals_bar.values), timeout=10_000)
            page.select_row(0)
            qtbot.waitUntil(lambda p=page: p.current_row is not None, timeout=5_000)
        if key == "summary":
            qtbot.waitUntil(lambda p=page: p.data is not None, timeout=10_000)
        qtbot.waitUntil(lambda: window.width() <= 1024)
        QApplication.processEvents()  # the layout requests posted by the texts just set
        numbers = [lb for lb in window.findChildren(QLabel) if lb.isVisible() and re.search(r"\d", lb.text())]
        if key in ("summary", "invoices"):  # where the figures are: the check must see them
            assert numbers, f"{key}: no label with a number seen; the check is blind"
        if cut_labels(window):
            problems[key] = cut_labels(window)
    window.close()
    assert not problems, problems
