"""Reportes (issue 18): every kind of ``REPORTS`` listed, the figures the window shows are core's, each figure opens
the invoices behind it, the exports open, and errors read in Spanish. Real homes (the reports' scenario imported
through the real import), real threads; waits on signals and conditions only."""

from __future__ import annotations

import json
import threading
import zipfile

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont

from desktop_app.core import reports
from desktop_app.core.errors import AppError
from desktop_app.core.reports.common import Period
from desktop_app.core.reports.kinds import AVAILABLE_KINDS, REPORTS
from desktop_app.gui.messages import describe
from tests.core.reports import scenario
from tests.gui.reports.conftest import generate
from tests.gui.reports.homes import import_efos


def _row(model, title: str) -> int:
    for row in range(model.rowCount()):
        if model.cell_text(row, 0) == title:
            return row
    raise AssertionError(f"no row {title!r}")


def test_the_page_lists_every_kind_of_the_table_by_its_title(reports_page):
    combo = reports_page.kind_combo
    kinds = [combo.itemData(i) for i in range(combo.count())]
    assert kinds == list(AVAILABLE_KINDS)
    assert sorted(kinds) == sorted(REPORTS)
    assert [combo.itemText(i) for i in range(combo.count())] == [REPORTS[k].title for k in kinds]


def test_the_period_starts_on_the_last_complete_month(reports_page, report_context):
    today = report_context.service.today()  # 15/06/2026 in the sandbox's clock
    assert (today.year, today.month) == (2026, 6)
    assert reports_page.from_combo.currentData() == "2026-05"
    assert reports_page.to_combo.currentData() == "2026-05"
    assert reports_page.from_combo.currentText() == "may 2026"


def test_the_basis_is_offered_only_to_kinds_that_have_one(reports_page):
    for kind in AVAILABLE_KINDS:
        reports_page.set_kind(kind)
        assert reports_page.basis_combo.isVisibleTo(reports_page) is REPORTS[kind].has_basis, kind
    reports_page.set_kind("ppd")
    assert not reports_page.basis_combo.isVisibleTo(reports_page)
    reports_page.set_kind("iva")
    assert reports_page.basis_combo.isVisibleTo(reports_page)


def test_iva_shows_cores_figures_formatted(qtbot, reports_page, report_context):
    service = report_context.service
    data = generate(qtbot, reports_page, "iva", "2025-03")
    expected = reports.run(service.db.get(), service.home, scenario.OWNER, "iva", Period.of("2025-03"), detail=True)
    assert data["cash"]["transferred"] == expected["cash"]["transferred"] == "3472.13"  # worked by hand
    sheets = REPORTS["iva"].sheets(expected)
    tabs = reports_page.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == [sheet.name for sheet in sheets]

    summary = reports_page.models[0]
    assert summary.headerData(1, Qt.Orientation.Horizontal) == "Flujo de efectivo"
    assert summary.headerData(2, Qt.Orientation.Horizontal) == "Devengado"
    row = _row(summary, "IVA trasladado")
    assert summary.cell_text(row, 1) == "$3,472.13"
    assert summary.cell_text(row, 2) == "$1,128.13"
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert summary.data(summary.index(row, 1), Qt.ItemDataRole.TextAlignmentRole) == right
    balance = _row(summary, "Saldo: a cargo (+) / a favor (−)")
    assert summary.cell_text(balance, 1) == "$2,450.79"
    assert summary.cell_text(balance, 2) == "-$37.21"
    font = summary.data(summary.index(balance, 0), Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    assert summary.data(summary.index(row, 0), Qt.ItemDataRole.FontRole) is None
    # every figure of every sheet is core's, as the window writes money and dates
    for model, sheet in zip(reports_page.models, sheets, strict=True):
        assert model.rowCount() == len(sheet.rows)
        for r, (values, _bold) in enumerate(sheet.rows):
            for c, (_title, kind, _width) in enumerate(sheet.columns):
                value = values[c] if c < len(values) else None
                if kind == "money" and value not in (None, ""):
                    amount = f"{abs(float(value)):,.2f}"
                    assert model.cell_text(r, c) == ("-$" if value.startswith("-") else "$") + amount
                elif kind == "date" and value:
                    y, m, d = str(value)[:10].split("-")
                    assert model.cell_text(r, c) == f"{d}/{m}/{y}"
    notes = reports_page.findChild(type(reports_page.status), "reportNotes_0")
    assert notes.text() == "\n".join(sheets[0].notes)
    assert "RFC EKU9003173C9" in notes.text()
    assert "IVA de EKU9003173C9, mar 2025; importes en MXN." in reports_page.status.text()


def test_cash_basis_alone_has_one_column(qtbot, reports_page):
    data = generate(qtbot, reports_page, "iva", "2025-03", basis="cash")
    assert "accrual" not in data and data["basis"] == "cash"
    assert reports_page.models[0].columnCount() == 2


def test_a_row_opens_exactly_the_invoices_behind_it(qtbot, reports_page, report_context, tmp_path):
    import_efos(report_context.service, tmp_path / "efos")  # the client is a presunto on the 69-B list
    data = generate(qtbot, reports_page, "iva", "2025-03")
    first_item = data["cash"]["detail"]["transferred"][0]
    detail_tab = [reports_page.tabs.tabText(i) for i in range(reports_page.tabs.count())].index("Detalle")
    reports_page.tabs.setCurrentIndex(detail_tab)
    table = reports_page.current_table()
    model = table.model()
    assert model.cell_text(0, 2) == first_item["uuid"]
    table.setCurrentIndex(model.index(0, 0))
    expected = model.sources(0)
    payment = [first_item["payment_uuid"]] if first_item.get("payment_uuid") else []
    assert set(expected) == {first_item["uuid"], *payment}  # the UUIDs the row names
    assert reports_page.sources_button.isEnabled()
    reports_page.sources_button.click()
    dialog = reports_page._sources_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.table.rowCount() == len(expected), timeout=10_000)
    assert dialog.listed_uuids() == list(expected)
    listed = {dialog.table.item(r, 0).text(): r for r in range(dialog.table.rowCount())}
    r = listed[first_item["uuid"]]
    assert dialog.table.item(r, 2).text() == scenario.CLIENT  # the counterpart of an issued invoice
    assert dialog.table.item(r, 7).text() == "Vigente"
    # the invoice in detail, as the browser renders it
    dialog.table.selectRow(r)
    shown = dialog.open_detail()
    assert shown is not None and first_item["uuid"] in shown.browser.toPlainText()
    assert "Lista 69-B del SAT: Presunto" in shown.browser.toPlainText()
    shown.close()
    dialog.close()

    # Enter on a row opens the same dialog
    table.setFocus()
    table.setCurrentIndex(model.index(0, 0))
    reports_page._sources_dialog = None
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: reports_page._sources_dialog is not None, timeout=5_000)
    assert reports_page._sources_dialog.uuids == expected


def test_the_invoices_behind_a_figure_say_the_currency_of_their_totals(qtbot, reports_page):
    """The report's figures are MXN; a USD invoice behind one was listed as «$143.20» with no currency (its MXN
    figure is 18.2345 times that), as if it were pesos. Its currency is now a column, as in the browser."""
    data = generate(qtbot, reports_page, "iva", "2025-03")
    usd = next(i for i in data["cash"]["detail"]["transferred"] if i["uuid"] == scenario.I7)
    detail_tab = [reports_page.tabs.tabText(i) for i in range(reports_page.tabs.count())].index("Detalle")
    reports_page.tabs.setCurrentIndex(detail_tab)
    table = reports_page.current_table()
    model = table.model()
    row = next(r for r in range(model.rowCount()) if model.cell_text(r, 2) == usd["uuid"])
    table.setCurrentIndex(model.index(row, 0))
    reports_page.sources_button.click()
    dialog = reports_page._sources_dialog
    qtbot.waitUntil(lambda: dialog.table.rowCount() >= 1, timeout=10_000)
    headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())]
    listed = {dialog.table.item(r, 0).text(): r for r in range(dialog.table.rowCount())}
    r = listed[scenario.I7]
    assert dialog.table.item(r, headers.index("Moneda")).text() == "USD"
    assert dialog.table.item(r, headers.index("Total")).text() == "$143.20"
    dialog.close()


def test_a_figure_without_invoices_opens_nothing(qtbot, reports_page):
    generate(qtbot, reports_page, "iva", "2025-03")
    table = reports_page.current_table()
    model = table.model()
    title = _row(model, "Por tasa")  # a heading row
    table.setCurrentIndex(model.index(title, 0))
    assert model.sources(title) == ()
    assert not reports_page.sources_button.isEnabled()
    assert reports_page.open_sources() is None


def test_the_diot_batch_file_for_sat_is_saved_from_the_window(
    qtbot, reports_page, report_context, tmp_path, monkeypatch
):
    """The window showed the «Carga batch» sheet but could not save the .txt SAT's DIOT loader takes: only the
    console's `report diot --format txt` wrote it. The same bytes now, from a button shown for the DIOT alone."""
    from desktop_app.core.reports.diot import diot_text

    generate(qtbot, reports_page, "iva", "2025-03")
    assert reports_page.batch_button.isHidden()
    data = generate(qtbot, reports_page, "diot", "2025-03")
    assert not reports_page.batch_button.isHidden() and reports_page.batch_button.isEnabled()
    target = tmp_path / "diot.txt"
    asked = []
    monkeypatch.setattr(reports_page, "_ask_save_path", lambda *a: (asked.append(a), str(target))[1])
    with qtbot.waitSignal(reports_page.exported, timeout=10_000):
        reports_page.batch_button.click()
    assert asked[0][1] == "reporte-diot-EKU9003173C9-2025-03.txt"
    written = target.read_bytes()
    assert written == diot_text(data).encode("utf-8") and written.count(b"|") >= 53


def test_exports_write_a_workbook_and_json_that_open(qtbot, reports_page, tmp_path, monkeypatch):
    generate(qtbot, reports_page, "iva", "2025-03")
    target = tmp_path / "salida" / "reporte.xlsx"
    target.parent.mkdir()
    asked = []

    def ask(title, suggested, pattern):
        asked.append((title, suggested, pattern))
        return str(target)

    monkeypatch.setattr(reports_page, "_ask_save_path", ask)
    with qtbot.waitSignal(reports_page.exported, timeout=10_000) as done:
        reports_page.xlsx_button.click()
    assert done.args == [str(target)]
    assert asked[0][0] == "Exportar reporte a Excel"
    assert asked[0][1] == "reporte-iva-EKU9003173C9-2025-03.xlsx"
    with zipfile.ZipFile(target) as book:
        assert book.testzip() is None
        assert 'name="IVA"' in book.read("xl/workbook.xml").decode()
        assert "<v>3472.13</v>" in book.read("xl/worksheets/sheet1.xml").decode()
    assert reports_page.status.text() == f"✓ Reporte guardado en {target}"

    json_target = tmp_path / "salida" / "reporte.json"
    monkeypatch.setattr(reports_page, "_ask_save_path", lambda *_args: str(json_target))
    with qtbot.waitSignal(reports_page.exported, timeout=10_000):
        reports_page.json_button.click()
    document = json.loads(json_target.read_text(encoding="utf-8"))
    assert document["success"] is True
    assert document["data"]["cash"]["transferred"] == "3472.13"
    assert document["data"]["period"]["from"] == "2025-03"


def test_an_export_that_cannot_be_written_says_so_in_spanish(qtbot, reports_page, tmp_path, monkeypatch):
    generate(qtbot, reports_page, "ppd", "2025-03")
    blocker = tmp_path / "un-archivo"
    blocker.write_text("no es una carpeta")
    monkeypatch.setattr(reports_page, "_ask_save_path", lambda *_args: str(blocker / "r.xlsx"))
    with qtbot.waitSignal(reports_page.export_failed, timeout=10_000) as failed:
        reports_page.xlsx_button.click()
    error = failed.args[0]
    assert isinstance(error, AppError) and error.code == "report_export_failed"
    assert reports_page.status.text() == "✗ " + describe(error)
    assert "No se pudo guardar el reporte" in reports_page.status.text()


def test_an_export_over_the_apps_own_database_is_refused(qtbot, reports_page, monkeypatch):
    """An outside audit: a report saved as ``<home>/descarga.sqlite3`` replaced the database."""
    generate(qtbot, reports_page, "ppd", "2025-03")
    database = reports_page.context.service.local_folder() / "descarga.sqlite3"
    before = database.read_bytes()
    monkeypatch.setattr(reports_page, "_ask_save_path", lambda *_args: str(database))
    with qtbot.waitSignal(reports_page.export_failed, timeout=10_000) as failed:
        reports_page.xlsx_button.click()
    assert failed.args[0].code == "output_in_data_home" and database.read_bytes() == before
    assert "dentro de la carpeta de datos" in reports_page.status.text()


def test_ppd_shows_its_sheets_without_a_basis(qtbot, reports_page):
    data = generate(qtbot, reports_page, "ppd", "2025-03")
    assert "basis" not in data
    names = [reports_page.tabs.tabText(i) for i in range(reports_page.tabs.count())]
    assert names == [sheet.name for sheet in REPORTS["ppd"].sheets(data)]
    receivable = reports_page.models[0]
    total_row = next(r for r in range(receivable.rowCount()) if receivable.cell_text(r, 0).startswith("Total MXN — "))
    assert receivable.cell_text(total_row, 12) == "$" + f"{float(data['receivable']['balance']):,.2f}"


def test_a_period_with_nothing_says_what_to_do(qtbot, reports_page):
    generate(qtbot, reports_page, "iva", "2026-05")
    assert "No hay comprobantes que cuenten en este reporte en el periodo elegido" in reports_page.status.text()


def test_a_period_backwards_is_refused_in_spanish(qtbot, reports_page):
    reports_page.set_kind("iva")
    reports_page.set_period("2025-04", "2025-03")
    with qtbot.waitSignal(reports_page.report_failed, timeout=5_000) as failed:
        reports_page.generate_button.click()
    assert failed.args[0].code == "invalid_date_range"
    assert reports_page.status.text() == "✗ " + describe("invalid_date_range")
    assert reports_page.data is None


def test_without_a_profile_the_page_says_what_to_do(qtbot, context):
    from desktop_app.gui.reports.page import ReportsPage

    page = ReportsPage(context)
    qtbot.addWidget(page, before_close_func=lambda widget: widget.shutdown())
    page.show()
    assert page.empty.isVisible()
    assert "Todavía no hay un RFC configurado" in page.empty.text()
    assert not page.content.isVisible()
    with qtbot.waitSignal(page.report_failed, timeout=5_000) as failed:
        page.generate()
    assert failed.args[0].code == "profile_not_configured"
    assert page.status.text() == "✗ " + describe("profile_not_configured")


def test_a_report_that_uses_the_69b_list_says_how_old_it_is(qtbot, reports_page, report_context, tmp_path):
    footer = reports_page.efos_footer
    data = generate(qtbot, reports_page, "iva", "2025-03")
    assert "list_69b" in data  # iva reads the list (a definitivo's IVA is not creditable)
    assert footer.isVisible()
    assert footer.text().startswith("Lista 69-B del SAT: no se ha cargado")
    import_efos(report_context.service, tmp_path / "efos")
    generate(qtbot, reports_page, "iva", "2025-03")
    assert footer.text() == "Lista 69-B del SAT cargada hoy (15/06/2026)."


def test_cancel_leaves_the_page_as_it_was(qtbot, reports_page):
    reports_page.set_kind("iva")
    reports_page.set_period("2025-03")
    reports_page.generate_button.click()
    assert reports_page.cancel_button.isVisibleTo(reports_page)
    assert not reports_page.generate_button.isEnabled()
    reports_page.cancel_button.click()
    assert reports_page.status.text().startswith("Reporte cancelado.")
    assert reports_page.generate_button.isEnabled()
    reports_page._pool.waitForDone(30_000)  # whatever the job answered is stale now
    qtbot.waitUntil(lambda: reports_page._pool.activeThreadCount() == 0, timeout=5_000)
    QCoreApplication.processEvents()  # deliver the stale answer, if it came
    assert reports_page.data is None
    assert reports_page.tabs.count() == 0


def test_the_window_lists_reportes_after_facturas(qtbot, report_context):
    from desktop_app.gui.main_window import MainWindow, show_page
    from desktop_app.gui.reports.page import ReportsPage

    window = MainWindow(report_context)
    qtbot.addWidget(window)
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles.index("Reportes") == titles.index("Facturas") + 1
    assert isinstance(show_page(window, "reports"), ReportsPage)


def test_every_kind_of_the_table_generates_and_shows_its_sheets(qtbot, reports_page, report_context):
    service = report_context.service
    for kind in AVAILABLE_KINDS:
        data = generate(qtbot, reports_page, kind, "2025-03")
        assert data["kind"] == kind
        expected = REPORTS[kind].sheets(
            reports.run(service.db.get(), service.home, scenario.OWNER, kind, Period.of("2025-03"), detail=True)
        )
        tabs = reports_page.tabs
        assert [tabs.tabText(i) for i in range(tabs.count())] == [sheet.name for sheet in expected], kind
        assert [m.rowCount() for m in reports_page.models] == [len(sheet.rows) for sheet in expected], kind


def test_a_figure_opens_the_invoices_core_lists_behind_it(qtbot, reports_page, report_context):
    """A row whose sheet names its sources (``Sheet.sources``, a report built with detail): the dialog lists exactly
    those UUIDs."""
    service = report_context.service
    found = None
    for kind in AVAILABLE_KINDS:
        data = reports.run(service.db.get(), service.home, scenario.OWNER, kind, Period.of("2025-03"), detail=True)
        for number, sheet in enumerate(REPORTS[kind].sheets(data)):
            rows = [r for r, uuids in enumerate(sheet.sources) if len(uuids) > 1]
            if rows:
                found = (kind, number, rows[0], sheet.sources[rows[0]])
                break
        if found:
            break
    assert found, "no report names the invoices behind a figure"
    kind, number, row, uuids = found
    generate(qtbot, reports_page, kind, "2025-03")
    reports_page.tabs.setCurrentIndex(number)
    table = reports_page.current_table()
    table.setCurrentIndex(table.model().index(row, 0))
    dialog = reports_page.open_sources()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.table.rowCount() == len(uuids), timeout=10_000)
    assert dialog.listed_uuids() == list(uuids)
    assert dialog.status.isHidden()  # every one of them is in the index


def test_an_older_home_reads_its_xml_again_with_progress_and_can_be_cancelled(
    qtbot, reports_page, report_context, monkeypatch
):
    """A home indexed before the reports' tables: the first report reads the vault again in committed batches,
    the page follows it, «Cancelar» stops it between two batches keeping what was read, the next run goes on."""
    from desktop_app.core.index import taxes
    from tests.core.reports.test_backfill import _pending, as_before_the_reports

    service = report_context.service
    as_before_the_reports(service.home)
    total = len(scenario.documents())
    assert _pending(service.home) == (total, 0)
    monkeypatch.setattr(taxes, "BACKFILL_BATCH", 5)
    gate = threading.Event()
    parsed = []
    real_parse = taxes.parse_document

    def parse(data, **kwargs):
        parsed.append(1)
        if len(parsed) == 6:  # the second batch waits until the test has pressed «Cancelar»
            assert gate.wait(20)
        return real_parse(data, **kwargs)

    monkeypatch.setattr(taxes, "parse_document", parse)
    reports_page.set_kind("iva")
    reports_page.set_period("2025-03")
    with qtbot.waitSignal(reports_page.backfill_progressed, timeout=20_000) as progressed:
        reports_page.generate_button.click()
    assert progressed.args == [5, total]
    assert reports_page.progress.isVisibleTo(reports_page)
    assert reports_page.progress.maximum() == total and reports_page.progress.value() == 5
    assert reports_page.status.text() == (
        f"Leyendo de nuevo los XML de la bóveda para los reportes (sólo esta vez): 5 de {total}."
    )
    with qtbot.assertNotEmitted(reports_page.report_shown):
        reports_page.cancel_button.click()
        gate.set()
        assert reports_page._pool.waitForDone(20_000)
        QCoreApplication.processEvents()
    assert reports_page.status.text().startswith("Reporte cancelado.")
    assert not reports_page.progress.isVisibleTo(reports_page)
    assert _pending(service.home) == (total - 10, 0)  # two batches committed, the third never started

    monkeypatch.setattr(taxes, "parse_document", real_parse)
    data = generate(qtbot, reports_page, "iva", "2025-03")
    assert data["reindexed"] == {"read": total - 10, "failed": 0}
    assert f"Se leyeron de nuevo {total - 10} XML de la bóveda para los reportes." in reports_page.status.text()
    assert data["cash"]["transferred"] == "3472.13"
    assert _pending(service.home) == (0, 0)


def test_the_sheet_models_pass_qts_model_checks(qtbot, qtmodeltester, reports_page):
    generate(qtbot, reports_page, "iva", "2025-03")
    assert reports_page.models
    for model in reports_page.models:
        qtmodeltester.check(model, force_py=True)
