"""Never a cut number (issue 16.6): the window at 1024×700 and 800×600 with real data, every number whole.

Facturas, Solicitudes, Resumen and Programación are shown in the real main window over the sandbox-backed index
(the world's XML imported, SAT metadata synced, a few thousand more invoices so that counts and sums are long, and
requests in the ledger). Every visible label that shows a digit must be as wide as its text, or wrap with room
for every line; table columns that hold dates, amounts, counts and UUIDs must be as wide as their cells; spin
boxes and buttons keep their natural width instead of stretching across the page.
"""

from __future__ import annotations

import math
import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractSpinBox, QLabel, QPushButton, QTableView, QWidget

from tests.gui.conftest import RFC
from tests.gui.invoices import synthetic
from tests.gui.invoices.conftest import filled_context, xml_folder  # noqa: F401 - fixtures used below

SIZES = [(1024, 700), (800, 600)]
PAGES = ["invoices", "history", "summary", "schedule"]
SHOTS = os.environ.get("DESCARGA_SCREENSHOTS")  # a folder: also save what the test saw, to look at by hand


def is_rich(label: QLabel) -> bool:
    fmt = label.textFormat()
    return fmt == Qt.TextFormat.RichText or (
        fmt == Qt.TextFormat.AutoText and QtGuiNamespace.mightBeRichText(label.text())
    )


def text_width(label: QLabel) -> int:
    """The width the label's text needs on one line (rich text measured as Qt lays it out)."""
    if is_rich(label):
        document = QTextDocument()
        document.setDefaultFont(label.font())
        document.setDocumentMargin(0)
        document.setHtml(label.text())
        return math.ceil(document.idealWidth())
    metrics = label.fontMetrics()
    return max(metrics.horizontalAdvance(line) for line in label.text().splitlines() or [""])


def plain_text(label: QLabel) -> str:
    if is_rich(label):
        document = QTextDocument()
        document.setHtml(label.text())
        return document.toPlainText()
    return label.text()


def cut_labels(root: QWidget) -> list[str]:
    """Visible labels showing a digit whose text does not fit (what the user would see cut)."""
    problems = []
    for label in root.findChildren(QLabel):
        text = plain_text(label)
        if not label.isVisibleTo(root) or not any(ch.isdigit() for ch in text):
            continue
        room = label.contentsRect().width() - 2 * label.margin()
        if label.wordWrap():
            metrics = label.fontMetrics()
            widest = max((metrics.horizontalAdvance(word) for word in text.split()), default=0)
            needed_height = label.heightForWidth(label.width())
            if widest > room or label.height() < needed_height:
                problems.append(f"{label.objectName() or text!r}: wraps in {label.size()} (needs {needed_height})")
        elif label.width() < text_width(label):
            problems.append(f"{label.objectName() or text!r}: {label.width()} < {text_width(label)} px")
    return problems


def cut_columns(table: QTableView, columns: list[int]) -> list[str]:
    header = table.horizontalHeader()
    return [
        f"{table.objectName()} column {column} ({header.model().headerData(column, Qt.Orientation.Horizontal)}): "
        f"{header.sectionSize(column)} < {table.sizeHintForColumn(column)} px"
        for column in columns
        if not header.isSectionHidden(column) and header.sectionSize(column) < table.sizeHintForColumn(column)
    ]


def stretched(root: QWidget) -> list[str]:
    """Spin boxes and push buttons much wider than they need (stretched across the page)."""
    found = []
    for widget in [*root.findChildren(QAbstractSpinBox), *root.findChildren(QPushButton)]:
        if widget.isVisibleTo(root) and widget.width() > 2 * widget.sizeHint().width():
            found.append(f"{widget.objectName() or widget.__class__.__name__}: {widget.width()} px")
    return found


@pytest.fixture
def window(qtbot, filled_context):  # noqa: F811 - the fixture imported above
    """The real main window over a full index: long counts and sums, requests of several months."""
    from desktop_app.app import build_window

    service = filled_context.service
    synthetic.fill(service.db.get(), RFC, 4_000, start=date(2019, 7, 1))  # sums in the hundreds of millions
    service.create_requests(RFC, start="2026-01-01", end="2026-05-31", rfc_types=("issued", "received"), submit=False)
    window = build_window(service, poll_interval_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # No pass of the poller refreshes the pages while they are measured: its first one (at start) ended with a
    # data change that reloaded the list and set its totals computing again under a test's feet.
    assert window.context.poller.stop()
    QCoreApplication.processEvents()  # what that pass sent is delivered now
    yield window
    window.close()


def _settle(qtbot, window, key: str) -> QWidget:
    from desktop_app.gui.main_window import show_page

    page = show_page(window, key)
    if key == "invoices":
        qtbot.waitUntil(lambda: not page.model.loading and bool(page.totals_bar.values), timeout=10_000)
        page.select_row(0)
        qtbot.waitUntil(lambda: page.current_row is not None, timeout=10_000)
    elif key == "summary":
        qtbot.waitUntil(lambda: page.months.rowCount() > 0, timeout=10_000)
    elif key == "history":
        qtbot.waitUntil(lambda: page.model.rowCount() >= 10, timeout=10_000)
    lay_out()
    return page


def lay_out() -> None:
    """Apply every pending layout (nested layouts post their requests one level at a time)."""
    for _ in range(6):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QCoreApplication.processEvents()


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_no_number_is_cut_on_any_page(qtbot, window, size):
    # Configuración (not under test here) is taken out of the stack: its own minimum width would keep the
    # window wider than 800 px, and these pages must be checked at the size the user has.
    window.stack.removeWidget(window.pages["settings"])
    lay_out()
    window.resize(*size)
    problems: list[str] = []
    for key in PAGES:
        page = _settle(qtbot, window, key)
        assert window.size().toTuple() == size
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            window.grab().save(str(Path(SHOTS) / f"{key}-{size[0]}x{size[1]}.png"))
        problems += [f"{key}: {p}" for p in cut_labels(page)]
        problems += [f"{key}: {p}" for p in stretched(page)]
        if key == "invoices":
            model = page.table.model()
            headers = {model.headerData(c, Qt.Orientation.Horizontal): c for c in range(model.columnCount())}
            # dates, statuses, folios, RFCs, amounts, currency and UUID: never cut (names may be elided)
            whole = ("Fecha", "Estado", "Serie-Folio", "RFC emisor", "RFC receptor", "Subtotal", "IVA",
                     "Retenciones", "Total", "Moneda", "UUID")  # fmt: skip
            problems += cut_columns(page.table, [headers[name] for name in whole])
        elif key == "history":
            problems += cut_columns(page.table, list(range(page.model.columnCount())))
        elif key == "summary":
            problems += cut_columns(page.months, list(range(page.months.columnCount())))
    assert problems == []


def test_the_totals_bar_reflows_instead_of_cutting_and_tells_the_whole_value(qtbot, window):
    """At 800×600 the totals ("Comprobantes: 4,0…", "Subtotal: $1,053…") take a second line instead."""
    from desktop_app.gui.formatting import money
    from desktop_app.gui.main_window import show_page

    window.stack.removeWidget(window.pages["settings"])  # (its own minimum width: see above)
    lay_out()
    window.resize(800, 600)
    page = _settle(qtbot, window, "invoices")
    assert window.width() == 800
    bar = page.totals_bar
    labels = list(bar.labels.values())
    assert not cut_labels(bar)
    assert len({label.y() for label in labels}) > 1  # more than one line
    assert bar.height() >= bar.heightForWidth(bar.width())
    subtotal = bar.labels["subtotal"]
    assert subtotal.toolTip() == f"Subtotal: {bar.values['subtotal']}"
    assert bar.values["subtotal"].startswith("$") and len(bar.values["subtotal"]) > len(money("1000000"))
    window.resize(1920, 1080)
    show_page(window, "invoices")
    lay_out()
    assert len({label.y() for label in labels}) == 1  # room again: one line
