"""Facturas: constancias de retenciones are listed, but the totals bar leaves them apart and says how many; the
type filter «R Retenciones» sums exactly them, and the breakdown shows them as a row of their own.

The documents and the expected figures (read from the raw XML with lxml XPath) are the core test's.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop_app.gui.formatting import money
from tests.core.test_retenciones_totals import CFDI, CONSTANCIAS, DOCS, EXPECTED, folder_of
from tests.core.test_retenciones_totals import money as add
from tests.gui.conftest import RFC
from tests.gui.invoices.conftest import open_page
from tests.gui.invoices.test_invoices_page import wait_reloaded


@pytest.fixture
def imported(ready_context, tmp_path):
    assert ready_context.service.import_invoices(RFC, [str(folder_of(tmp_path))])["added"] == len(DOCS)
    return ready_context


@pytest.fixture
def page(qtbot, imported):
    widget = open_page(qtbot, imported)
    period = widget.filters.period
    if period.currentData() != "all":
        wait_reloaded(qtbot, widget, lambda: period.setCurrentIndex(period.findData("all")))
    return widget


def test_constancias_are_listed_but_left_out_of_the_invoices_totals(qtbot, page):
    bar = page.totals_bar
    qtbot.waitUntil(lambda: page.model.rowCount() == len(EXPECTED), timeout=10_000)
    assert bar.values["count"] == str(len(CFDI))
    assert bar.values["total"] == money(add(CFDI, "total"))
    assert bar.values["isr_withheld"] == money(add(CFDI, "isr"))
    assert not bar.retenciones_label.isHidden()
    assert bar.retenciones_label.text() == "Constancias de retenciones (fuera de los totales): 2"
    assert "R Retenciones" in bar.retenciones_label.toolTip()

    qtbot.mouseClick(bar.breakdown_button, Qt.MouseButton.LeftButton)
    table = bar.breakdown
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    rows = {
        table.item(r, headers.index("Tipo")).text(): table.item(r, headers.index("Total (MXN)")).text()
        for r in range(table.rowCount())
    }
    assert rows == {"I Ingreso": money(add(CFDI, "total")), "R Retenciones": money(add(CONSTANCIAS, "total"))}

    kind = page.filters.type
    wait_reloaded(qtbot, page, lambda: kind.setCurrentIndex(kind.findData("R")))
    assert kind.currentText() == "R Retenciones"
    qtbot.waitUntil(lambda: page.model.rowCount() == len(CONSTANCIAS), timeout=10_000)
    assert bar.values["count"] == str(len(CONSTANCIAS))
    assert bar.values["total"] == money(add(CONSTANCIAS, "total"))
    assert (bar.values["isr_withheld"], bar.values["iva_withheld"]) == (
        money(add(CONSTANCIAS, "isr")),
        money(add(CONSTANCIAS, "iva")),
    )
    assert bar.retenciones_label.isHidden()


def test_the_detail_of_a_constancia_says_what_it_is_and_what_was_withheld(qtbot, page):
    conn = page.service.db.get()
    (invoice_id,) = conn.execute("SELECT id FROM invoices WHERE type = 'R' AND issue_date LIKE '2026-06%'").fetchone()
    page.show_invoice(invoice_id)
    text = page.detail.toPlainText()
    assert "R — Retenciones e información de pagos" in text  # was the bare code «R»
    assert "Monto total de la operación" in text and money(add([CONSTANCIAS[1]], "total")) in text
    assert "Clave de retención" in text and "16 — Intereses" in text  # SAT's c_CveRetenc name beside the code
    assert "Periodo (meses y ejercicio)" in text and "6–6 2026" in text
    # each tax withheld, as the XML says it (ISR 1,044.00 and IVA 320.10 of the June constancia)
    assert "ISR" in text and money(CONSTANCIAS[1]["isr"]) in text
    assert "IVA" in text and money(CONSTANCIAS[1]["iva"]) in text
    assert "01 — Pago definitivo IVA" in text  # the payment type with SAT's c_TipoPagoRet name (was «01»)
    assert "Conceptos" not in text


def test_the_resumen_counts_constancias_in_their_own_column(qtbot, imported):
    from PySide6.QtWidgets import QTableWidget

    from desktop_app.gui.summary.page import SummaryPage

    page = SummaryPage(imported)
    qtbot.addWidget(page)
    months = page.findChild(QTableWidget, "summaryMonths")
    qtbot.waitUntil(lambda: months.rowCount() >= 2, timeout=10_000)
    headers = [months.horizontalHeaderItem(c).text() for c in range(months.columnCount())]
    shown = {
        months.item(r, 0).text(): {h: months.item(r, c).text() for c, h in enumerate(headers)}
        for r in range(months.rowCount())
    }
    for month, text in (("2026-05", "may 2026"), ("2026-06", "jun 2026")):
        cfdi = [d for d in CFDI if d["date"].startswith(month)]
        assert shown[text]["Recibidos"] == str(len(cfdi))  # the constancia is not one of them
        assert shown[text]["Ingresos recibidos"] == money(add(cfdi, "total"))
        assert shown[text]["Retenciones"] == "1"


def test_verificar_estado_is_off_for_a_constancia(qtbot, page):
    conn = page.service.db.get()
    for kind, enabled in (("R", False), ("I", True)):
        (invoice_id,) = conn.execute("SELECT id FROM invoices WHERE type = ? LIMIT 1", (kind,)).fetchone()
        page.show_invoice(invoice_id)
        assert page.current_row["type"] == kind
        assert page.verify_action.isEnabled() is enabled, kind
