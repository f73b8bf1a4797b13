"""Facturas, issue 17.2 — the grid: names next to the RFCs, a column chooser that survives a restart, a click on a
header sorts by that column, and the filters an accountant expects (método de pago, forma de pago, uso de CFDI,
"PPD con saldo pendiente", Estado «Desconocido» and «Dañados»).

The index is the sandbox world's XML of the profile plus SAT metadata (conftest), through the real page and
widgets; expected rows are the service's own list for the same filter, or Python's reading of the rows shown.
"""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QComboBox, QTableView, QToolButton

from desktop_app.core.index import InvoiceFilter
from desktop_app.gui.invoices import model as m
from tests.core.store.cfdi_grid import invoice, receipt, uuid_of
from tests.gui.conftest import RFC
from tests.gui.invoices.test_damaged_and_payroll import DAMAGED_UUIDS, damaged_xml
from tests.gui.invoices.test_invoices_page import all_rows, wait_reloaded

# How Python orders each sortable column of the rows a page shows: a missing value first, serie-folio as series,
# then the folio's length, then the folio (numeric folios in numeric order), ties by id.
PYTHON_ORDER = {
    "date": lambda r: (r["issue_date"] is not None, r["issue_date"] or ""),
    "type": lambda r: r["type"] or "",
    "status": lambda r: r["status"],
    "folio": lambda r: (r["series"] or "", len(r["folio"] or ""), r["folio"] or ""),
    "issuer_rfc": lambda r: r["issuer_rfc"] or "",
    "issuer": lambda r: r["issuer_name"] or "",
    "receiver_rfc": lambda r: r["receiver_rfc"] or "",
    "receiver": lambda r: r["receiver_name"] or "",
    "uuid": lambda r: r["uuid"],
}


def listed(service, flt: InvoiceFilter) -> int:
    """How many invoices the service lists for ``flt`` (every row, cancelled ones too: what the grid shows)."""
    return service.list_invoices(RFC, flt)["count"]


def open_page(qtbot, context):
    from desktop_app.gui.invoices.page import InvoicesPage

    page = InvoicesPage(context)
    qtbot.addWidget(page)
    page.resize(1400, 800)
    qtbot.waitUntil(lambda: not page.model.loading and bool(page.totals_bar.values), timeout=10_000)
    return page


def test_issuer_and_receiver_names_sit_beside_their_rfcs(qtbot, page):
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    at = headers.index("RFC emisor")
    assert headers[at : at + 4] == ["RFC emisor", "Emisor", "RFC receptor", "Receptor"]
    for row in range(5):
        record = page.model.record_at(row)
        cells = [page.model.index(row, c).data() for c in (m.COL_ISSUER_RFC, m.COL_ISSUER, m.COL_RECEIVER_RFC)]
        assert cells == [record["issuer_rfc"], record["issuer_name"] or "", record["receiver_rfc"]]
    ppd = next(r for r in range(page.model.rowCount()) if page.model.record_at(r)["payment_method"] == "PPD")
    tip = page.model.index(ppd, m.COL_METHOD).data(Qt.ItemDataRole.ToolTipRole)
    assert page.model.index(ppd, m.COL_METHOD).data() == "PPD"
    assert tip == "PPD — Pago en parcialidades o diferido"  # SAT's catalog name


def test_the_column_chooser_is_remembered_across_restarts(qtbot, filled_context, tmp_path):
    from desktop_app.gui.context import AppContext

    ini = str(tmp_path / "gui.ini")
    first = open_page(qtbot, AppContext(filled_context.service, settings=QSettings(ini, QSettings.Format.IniFormat)))
    table = first.findChild(QTableView, "invoicesTable")
    header = table.horizontalHeader()
    assert header.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    button = first.findChild(QToolButton, "columnsButton")
    assert button is not None and button.accessibleName() == "Columnas"
    menu = first.columns.menu
    assert [a.text() for a in menu.actions()] == [header_text for header_text, _sort in m.COLUMNS]
    assert all(a.isChecked() for a in menu.actions())  # every column shown at first

    first.findChild(object, "columnAction_receiver_rfc").trigger()
    first.findChild(object, "columnAction_payment_form").trigger()
    assert table.isColumnHidden(m.COL_RECEIVER_RFC) and table.isColumnHidden(m.COL_FORM)
    assert not table.isColumnHidden(m.COL_RECEIVER)
    first.context.settings.sync()
    first.close()

    # the window opened again (a new QSettings over the same file, as after a restart)
    again = open_page(qtbot, AppContext(filled_context.service, settings=QSettings(ini, QSettings.Format.IniFormat)))
    table = again.findChild(QTableView, "invoicesTable")
    hidden = [c for c in range(again.model.columnCount()) if table.isColumnHidden(c)]
    assert hidden == [m.COL_RECEIVER_RFC, m.COL_FORM]
    assert not again.findChild(object, "columnAction_receiver_rfc").isChecked()
    again.findChild(object, "columnAction_receiver_rfc").trigger()  # shown again, and remembered so
    assert not table.isColumnHidden(m.COL_RECEIVER_RFC)
    assert again.columns.hidden() == ["payment_form"]
    assert QSettings(ini, QSettings.Format.IniFormat).value("invoices/hidden_columns") == "payment_form"

    # the last column shown cannot be hidden: the list would have nothing left to show or to click
    for key in m.COLUMN_KEYS[1:]:
        again.columns.set_shown(key, False)
    last = again.findChild(object, "columnAction_date")
    assert last.isChecked() and not last.isEnabled()
    assert not table.isColumnHidden(m.COL_DATE)


def click_header(qtbot, page, column: int) -> None:
    """A real mouse click on the middle of a column's header."""
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    with qtbot.waitSignal(page.model.count_changed, timeout=10_000):
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


@pytest.mark.parametrize("name", sorted(PYTHON_ORDER))
def test_clicking_a_header_sorts_the_whole_list_by_it(qtbot, page, name):
    page.show()
    qtbot.waitExposed(page)
    column = next(c for c, (_header, sort) in enumerate(m.COLUMNS) if sort == name)
    page.table.horizontalHeader().resizeSection(column, 120)  # on screen, wide enough to click
    page.table.scrollTo(page.model.index(0, column))
    expected = sorted(all_rows(qtbot, page), key=lambda r: (PYTHON_ORDER[name](r), r["id"]))
    click_header(qtbot, page, column)
    if page.model.query.descending:  # a click on the column the list is already sorted by turns the order over
        click_header(qtbot, page, column)
    assert (page.model.query.sort, page.model.query.descending) == (name, False)
    assert [r["id"] for r in all_rows(qtbot, page)] == [r["id"] for r in expected]
    click_header(qtbot, page, column)
    assert page.model.query.descending
    assert [r["id"] for r in all_rows(qtbot, page)] == [r["id"] for r in expected][::-1]
    header = page.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (column, Qt.SortOrder.DescendingOrder)


def test_a_column_that_cannot_be_sorted_says_so_and_keeps_the_order(qtbot, page):
    page.show()
    qtbot.waitExposed(page)
    header = page.table.horizontalHeader()
    tip = page.model.headerData(m.COL_SUBTOTAL, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "no se puede ordenar" in tip and "serie-folio" in tip
    page.table.sortByColumn(m.COL_SUBTOTAL, Qt.SortOrder.AscendingOrder)
    assert (page.model.query.sort, header.sortIndicatorSection()) == ("date", m.COL_DATE)
    assert "no se puede ordenar" in page.status_label.text()


def combo_choose(qtbot, page, name: str, data) -> int:
    combo = page.findChild(QComboBox, name)
    assert combo is not None and combo.accessibleName(), name
    at = combo.findData(data)
    assert at >= 0, (name, data)
    return wait_reloaded(qtbot, page, lambda: combo.setCurrentIndex(at))


def test_payment_method_form_and_use_narrow_the_rows(qtbot, page):
    service = page.service
    everything = page.model.rowCount()
    shown = all_rows(qtbot, page)
    method = page.findChild(QComboBox, "filterPaymentMethod")
    assert [method.itemText(k) for k in range(method.count())] == [
        "Todos los métodos", "PPD — Pago en parcialidades o diferido", "PUE — Pago en una sola exhibición"
    ]  # fmt: skip
    ppd = combo_choose(qtbot, page, "filterPaymentMethod", "PPD")
    assert ppd == listed(service, InvoiceFilter(payment_methods=("PPD",)))
    assert 0 < ppd < everything
    assert {r["payment_method"] for r in all_rows(qtbot, page)} == {"PPD"}
    combo_choose(qtbot, page, "filterPaymentMethod", None)

    form = Counter(r["payment_form"] for r in shown if r["payment_form"]).most_common(2)[-1][0]
    count = combo_choose(qtbot, page, "filterPaymentForm", form)
    assert count == sum(1 for r in shown if r["payment_form"] == form) > 0
    assert {r["payment_form"] for r in all_rows(qtbot, page)} == {form}
    forms = page.findChild(QComboBox, "filterPaymentForm")
    assert forms.currentText().startswith(f"{form} — ")
    longest = max((forms.itemText(k) for k in range(forms.count())), key=forms.view().fontMetrics().horizontalAdvance)
    assert forms.view().minimumWidth() >= forms.view().fontMetrics().horizontalAdvance(longest)  # SAT's names whole
    combo_choose(qtbot, page, "filterPaymentForm", None)

    use = Counter(r["cfdi_use"] for r in shown if r["cfdi_use"]).most_common(1)[0][0]
    count = combo_choose(qtbot, page, "filterUse", use)
    assert count == sum(1 for r in shown if r["cfdi_use"] == use) > 0
    assert {r["cfdi_use"] for r in all_rows(qtbot, page)} == {use}


def test_ppd_with_a_pending_balance(qtbot, filled_context, tmp_path):
    """The sandbox's PPD invoices of these months are paid in full; two more arrive: one paid in part, one not
    paid at all. Only those two owe something."""
    folder = tmp_path / "ppd"
    folder.mkdir()
    for n, xml in (
        (9001, invoice(9001, "1000.00", fecha="2025-02-10T10:00:00", method="PPD", form="99")),
        (9002, invoice(9002, "250.00", fecha="2025-02-11T10:00:00", method="PPD", form="99")),
        (9003, receipt(9003, [(9001, 1, "1000.00", "400.00")], fecha="2025-02-20T10:00:00")),
    ):
        (folder / f"{n}.xml").write_bytes(xml)
    assert filled_context.service.import_invoices(RFC, [str(folder)])["added"] == 3
    page = open_page(qtbot, filled_context)
    every_ppd = listed(page.service, InvoiceFilter(payment_methods=("PPD",)))
    pending = page.findChild(QCheckBox, "filterPending")
    assert pending is not None and pending.accessibleName() and pending.toolTip()
    assert wait_reloaded(qtbot, page, lambda: pending.setChecked(True)) == 2 < every_ppd
    assert {r["uuid"] for r in all_rows(qtbot, page)} == {uuid_of(9001), uuid_of(9002)}
    qtbot.waitUntil(lambda: page.totals_bar.values.get("count") == "2", timeout=10_000)
    # with another filter at once: both apply
    assert combo_choose(qtbot, page, "filterPaymentForm", "03") == 0
    combo_choose(qtbot, page, "filterPaymentForm", "99")
    assert {r["uuid"] for r in all_rows(qtbot, page)} == {uuid_of(9001), uuid_of(9002)}
    assert wait_reloaded(qtbot, page, lambda: pending.setChecked(False)) > 2


def test_status_unknown_and_damaged_in_the_estado_filter(qtbot, filled_context, tmp_path):
    folder = tmp_path / "damaged"
    folder.mkdir()
    for k, uuid in enumerate(DAMAGED_UUIDS):
        (folder / f"{uuid}.xml").write_bytes(damaged_xml(uuid, f"Escuela & Kemper {k}"))
    assert filled_context.service.import_invoices(RFC, [str(folder)])["damaged"] == 2
    page = open_page(qtbot, filled_context)
    status = page.findChild(QComboBox, "filterStatus")
    assert [status.itemText(k) for k in range(status.count())] == [
        "Todos los estados", "Vigente", "Cancelado", "Desconocido", "Dañados"
    ]  # fmt: skip
    unknown = combo_choose(qtbot, page, "filterStatus", "unknown")
    assert unknown == listed(page.service, InvoiceFilter(status="unknown")) > 0
    assert {r["status"] for r in all_rows(qtbot, page)} == {"unknown"}

    damaged_box = page.findChild(QCheckBox, "filterDamaged")
    assert combo_choose(qtbot, page, "filterStatus", "damaged") == 2
    assert damaged_box.isChecked()  # «Dañados» and «Sólo dañados» are one choice
    assert {r["uuid"] for r in all_rows(qtbot, page)} == set(DAMAGED_UUIDS)
    wait_reloaded(qtbot, page, lambda: damaged_box.setChecked(False))
    assert status.currentData() is None and not page.filters.current().damaged
    assert wait_reloaded(qtbot, page, lambda: damaged_box.setChecked(True)) == 2
    assert status.currentData() == "damaged"
