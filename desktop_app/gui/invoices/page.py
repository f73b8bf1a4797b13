"""Facturas: the offline invoice browser — filters, a lazy table, totals, the detail and the actions on it.

Everything slow runs off the GUI thread with ``run_in_background`` (each pool thread has its own SQLite
connection): counts and pages (in the model), totals, exports, imports and the status check at SAT.
"""

from __future__ import annotations

import errno
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    QPoint,
    Qt,
    QThreadPool,
    QTimer,
    QUrl,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QShowEvent,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMenu,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.api import Interrupted, ReadStop
from desktop_app.core.errors import AppError
from desktop_app.core.export import write_csv, write_xlsx
from desktop_app.core.paths import refuse_inside_home, writing_user_file
from desktop_app.core.printed import PrintedInvoice
from desktop_app.core.printed import render as render_printed
from desktop_app.gui.dialogs import show_error
from desktop_app.gui.formatting import number
from desktop_app.gui.invoices import detail, efos, printing
from desktop_app.gui.invoices import query as q
from desktop_app.gui.invoices.columns import ColumnChooser
from desktop_app.gui.invoices.filters import FilterBar
from desktop_app.gui.invoices.flow import flow_widget
from desktop_app.gui.invoices.importer import FolderImporter
from desktop_app.gui.invoices.model import COLUMNS, TEXT_COLUMNS, InvoiceTableModel
from desktop_app.gui.invoices.totals import BREAKDOWN_KEYS, TotalsBar
from desktop_app.gui.invoices.verify import BulkVerifier
from desktop_app.gui.invoices.xml_viewer import XmlViewerDialog
from desktop_app.gui.messages import describe
from desktop_app.gui.workers.background import run_in_background


def tr(text: str) -> str:
    return QCoreApplication.translate("InvoicesPage", text)


# Columns of free text (model.TEXT_COLUMNS: type, names): as wide as their text up to this many characters, the
# rest in the tooltip; dates, amounts, folios, RFCs, codes and UUIDs always get their whole text.
TEXT_COLUMN_CHARS = 40


class InvoicesPage(QWidget):
    """The accountant's invoice browser for the window's current profile.

    Attributes a test (or the rest of the window) may use: ``model``, ``filters``, ``totals_bar``, ``table``,
    ``detail``, ``status_label``, ``current_row`` (the index row shown in the detail, as a dict).
    """

    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setAcceptDrops(True)
        self.current_row: dict[str, Any] | None = None
        self._payments: list[dict[str, Any]] | None = None  # of the shown invoice, when it is PPD
        self._sat_status: dict[str, Any] | None = None
        self._rendered: tuple[Any, ...] | None = None  # what the detail shows: re-rendered only when it changes
        self.xml_viewer: XmlViewerDialog | None = None
        self._totals_generation = 0
        self._closing = False
        self._fit_pending = False  # the columns to fit when the list is shown (``fit_columns``)
        # Over a refresh: (scroll position, invoice shown, its row); then the same, until its page is read.
        self._keep_place: tuple[int, int | None, int] | None = None
        self._reselect: tuple[int, int | None, int] | None = None
        self._totals_stop: ReadStop | None = None  # stops the totals reader's sums while it runs
        self._totals_pool = QThreadPool(self)
        self._totals_pool.setMaxThreadCount(1)  # one sum at a time; stale ones are skipped or interrupted
        self._busy: set[str] = set()
        self.last_export: dict[str, Any] | None = None
        self.last_import: dict[str, Any] | None = None
        self.last_verify: dict[str, Any] | None = None

        self.model = InvoiceTableModel(self.service, self)
        self.filters = FilterBar(self._today, self)
        self.totals_bar = TotalsBar(self)
        self.table = QTableView(self)
        # Tab leaves the list for the detail (it walked the list's cells for good: the detail was out of the
        # keyboard's reach); the arrows move within it.
        self.table.setTabKeyNavigation(False)
        self.table.setObjectName("invoicesTable")
        self.table.setAccessibleName(tr("Lista de facturas"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.horizontalHeader().setStretchLastSection(True)
        # What fit_columns measures: the rows on screen. Qt's default reads 1,000 rows through the model for each
        # column's width — 18 columns, six times a filter change: a 3–4 s freeze at 10,000 invoices (an outside
        # audit of the browser; DESIGN §8: the GUI never stalls more than 50 ms).
        self.table.horizontalHeader().setResizeContentsPrecision(0)
        self.table.verticalHeader().setVisible(False)
        # Uniform row heights: with per-row sizes QHeaderView keeps per-section state, and resetting a model of
        # a million rows after a deep scroll stalled the GUI for seconds (measured: 5.9 s → 36 ms).
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setWordWrap(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.setAlternatingRowColors(True)
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("invoiceDetail")
        self.detail.setAccessibleName(tr("Detalle de la factura"))
        self.detail.setOpenLinks(False)
        self.detail.setPlaceholderText(tr("Selecciona una factura para ver su detalle."))
        # Qt's default also breaks inside words ("Descripció/n", "441218/06"): wrap between words only, and
        # let a table that needs more room scroll sideways.
        self.detail.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("invoicesStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._build_actions()
        self.columns = ColumnChooser(self.table, context.settings, self)  # remembered (gui/invoices/columns.py)
        self.columns_action = QAction(tr("&Columnas"), self)
        self.columns_action.setObjectName("columnsAction")
        self.columns_action.setMenu(self.columns.menu)
        self.bulk_verifier = BulkVerifier(self)  # «Verificar estado de varias en el SAT…» (gui/invoices/verify.py)
        # the imports, with their progress and «Detener» (gui/invoices/importer.py)
        self.importer = FolderImporter(self)
        self.importer.import_finished.connect(self._on_import_done)
        self.importer.import_failed.connect(self._on_import_failed)
        toolbar_widget, toolbar = flow_widget(self)  # wraps in a narrow window instead of widening it
        toolbar_widget.setObjectName("invoicesToolbar")
        for name, action in (
            ("importButton", self.import_action),
            ("exportButton", self.export_action),
            ("openXmlButton", self.open_xml_action),
            ("showInFolderButton", self.show_folder_action),
            ("printButton", self.print_action),
            ("verifyStatusButton", self.verify_action),
            ("verifyManyButton", self.bulk_verifier.action),
            ("columnsButton", self.columns_action),
        ):
            button = QToolButton(self)
            button.setObjectName(name)
            button.setDefaultAction(action)
            button.setAccessibleName(action.text().replace("&", ""))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            if action.menu() is not None:
                button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            toolbar.addWidget(button)
            setattr(self, name, button)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("invoicesSplitter")
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(toolbar_widget)
        layout.addWidget(self.filters)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status_label)
        layout.addWidget(self.totals_bar)
        layout.addWidget(self.totals_bar.breakdown)  # by direction, type and currency; shown on request

        self.filters.filter_changed.connect(self._on_filters_filter_changed)
        self.filters.text.returnPressed.connect(self.filters.apply_now)
        self.model.count_changed.connect(self._on_model_count_changed)
        self.model.failed.connect(self._on_job_failed)
        self.model.page_loaded.connect(self._on_model_page_loaded)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._on_header_sort_changed)
        self.table.horizontalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.horizontalHeader().customContextMenuRequested.connect(self._on_header_context_menu)
        context.profile_changed.connect(self._on_context_profile_changed)
        context.data_changed.connect(self._on_context_data_changed)
        context.service_changed.connect(self._on_context_service_changed)
        self._update_actions()
        self.reload()

    # -- construction -------------------------------------------------------------------------------------------

    def _action(self, text: str, name: str, shortcut: str | QKeySequence.StandardKey | None, slot: Any) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.open_xml_action = self._action(tr("&Abrir XML"), "openXmlAction", "Ctrl+O", self.open_xml)
        self.show_folder_action = self._action(
            tr("&Mostrar en carpeta"), "showInFolderAction", "Ctrl+Shift+O", self.show_in_folder
        )
        self.print_action = self._action(tr("&Imprimir / Guardar PDF"), "printAction", "Ctrl+P", self.print_detail)
        self.verify_action = self._action(
            tr("&Verificar estado en el SAT"), "verifyStatusAction", "Ctrl+Shift+V", self.verify_status
        )
        self.copy_uuid_action = self._action(tr("Copiar &UUID"), "copyUuidAction", "Ctrl+Shift+C", self.copy_uuid)
        self.find_action = self._action(tr("&Buscar"), "findAction", QKeySequence.StandardKey.Find, self.focus_search)
        self.export_action = QAction(tr("E&xportar"), self)
        self.export_action.setObjectName("exportAction")
        export_menu = QMenu(self)
        export_menu.addAction(self._action(tr("A &Excel (.xlsx)…"), "exportXlsxAction", "Ctrl+E", self.ask_export_xlsx))
        export_menu.addAction(self._action(tr("A &CSV…"), "exportCsvAction", None, self.ask_export_csv))
        self.export_action.setMenu(export_menu)
        self.import_action = QAction(tr("I&mportar XML/ZIP"), self)
        self.import_action.setObjectName("importAction")
        import_menu = QMenu(self)
        import_menu.addAction(
            self._action(tr("&Archivos XML o ZIP…"), "importFilesAction", "Ctrl+I", self.ask_import_files)
        )
        import_menu.addAction(self._action(tr("Una &carpeta…"), "importFolderAction", None, self.ask_import_folder))
        self.import_action.setMenu(import_menu)

    @property
    def service(self) -> Any:
        """The window's data service (this computer's data home or the office server)."""
        return self.context.service

    def _today(self) -> date:
        return self.service.now().date()

    # -- the query ---------------------------------------------------------------------------------------------

    def current_query(self) -> q.InvoiceQuery | None:
        rfc = self.context.rfc
        if not rfc:
            return None
        old = self.model.query
        sort, descending = (old.sort, old.descending) if old is not None else ("date", True)
        return q.InvoiceQuery(rfc, self.filters.current(), sort, descending)

    def reload(self) -> None:
        """Query again with the current filter (rows, count and totals)."""
        if self._closing:
            return
        self._keep_place = None
        self._reselect = None
        self.current_row = None
        self._sat_status = None
        self._rendered = None
        self.detail.clear()
        self.model.set_query(self.current_query())
        self._recompute_totals()
        self._update_actions()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._fit_pending:
            self.fit_columns()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and not self._closing:
            # Dates and amounts follow the language (gui.formatting): read the list again, keeping the reader's
            # place, and render the detail again.
            self._rendered = None
            self._render()
            self._on_context_data_changed()

    def shutdown(self) -> None:
        """The window is closing: interrupt and wait for the background readers (pages and totals); nothing
        starts after this (a filter's pending change, a late data change)."""
        self._closing = True
        self._totals_generation += 1
        self._keep_place = self._reselect = None
        running = self._totals_stop
        if running is not None:
            running.interrupt()
        self.model.shutdown()
        self._totals_pool.waitForDone(10_000)
        self.bulk_verifier.shutdown()
        self.importer.shutdown()

    def _recompute_totals(self) -> None:
        if self._closing:
            return
        query = self.model.query
        self._totals_generation += 1
        generation = self._totals_generation
        self.totals_bar.set_pending()
        if query is None:
            return
        running = self._totals_stop
        if running is not None:
            running.interrupt()
        service = self.service

        def job() -> tuple[int, dict[str, Any], list[dict[str, Any]]] | None:
            # Totals at a million rows take a second or more (no covering index): never on the GUI thread.
            if generation != self._totals_generation:
                return None
            stop = self._totals_stop = ReadStop()
            try:
                sums = service.invoice_sums(query.rfc, query.flt, BREAKDOWN_KEYS, stop=stop)
                return generation, dict(sums.totals), [dict(g) for g in sums.groups]
            except Interrupted:
                return None  # interrupted by a newer filter
            except AppError:
                if generation != self._totals_generation:
                    return None
                raise
            finally:
                self._totals_stop = None

        run_in_background(job, self._on_totals_done, self._on_job_failed, pool=self._totals_pool, owner=self)

    @Slot(object)
    def _on_totals_done(self, result: tuple[int, dict[str, Any], list[dict[str, Any]]] | None) -> None:
        if result is not None and result[0] == self._totals_generation:
            self.totals_bar.set_totals(result[1])
            self.totals_bar.set_groups(result[2])

    @Slot(object)
    def _on_filters_filter_changed(self, _flt: object) -> None:
        self.reload()

    @Slot(str)
    def _on_context_profile_changed(self, _rfc: str) -> None:
        self.reload()

    @Slot()
    def _on_context_service_changed(self) -> None:
        """Another data service (the office server, or this computer's again): the same filter, read there."""
        self.model.service = self.service
        self.reload()

    @Slot()
    def _on_context_data_changed(self) -> None:
        """New invoices arrived (a sync pass, an import): read the same filter again without losing the reader's
        place — the list keeps its scroll position, the invoice in the detail pane stays, and it is selected
        again where the new list has it."""
        if self._closing:
            return
        query = self.current_query()
        if query is None or query != self.model.query:
            self.reload()
            return
        invoice_id = self.current_row["id"] if self.current_row else None
        current = self.table.currentIndex()
        self._keep_place = (self.table.verticalScrollBar().value(), invoice_id, current.row())
        self._reselect = None
        self.model.refresh()
        self._recompute_totals()

    def _restore_place(self) -> None:
        place, self._keep_place = self._keep_place, None
        if place is None:
            return
        self.table.verticalScrollBar().setValue(place[0])
        self._reselect = place
        self._select_kept_invoice()

    def _select_kept_invoice(self) -> None:
        """Select the kept invoice once its page is read; rows that arrived above it scroll the list by as many,
        so the invoice stays where the reader had it on screen."""
        if self._reselect is None or self._reselect[1] is None:
            return
        scroll, invoice_id, old_row = self._reselect
        row = self.model.row_of(invoice_id)
        if row is None:
            return
        self._reselect = None
        if old_row >= 0:
            shift = row - old_row
            if self.table.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerPixel:
                shift *= self.table.rowHeight(row)
            self.table.verticalScrollBar().setValue(scroll + shift)
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )

    def fit_columns(self) -> None:
        """Each column as wide as the widest text on screen, so no date, amount or UUID is cut; free-text columns
        up to :data:`TEXT_COLUMN_CHARS` characters. Columns only grow: the list never jumps while it refreshes,
        and a column the user widened stays so.

        Only while the list is on screen, else when it is shown again (:meth:`showEvent`): of a hidden table Qt
        measures every row, not the ones on screen — each page read while the window sat in the tray or on another
        section read all the list's rows, ~3 s of CPU at 10,000 invoices (found timing the tests)."""
        if not self.table.isVisible():
            self._fit_pending = True
            return
        self._fit_pending = False
        header = self.table.horizontalHeader()
        cap = self.table.fontMetrics().averageCharWidth() * TEXT_COLUMN_CHARS
        for column in range(self.model.columnCount()):
            wanted = max(self.table.sizeHintForColumn(column), header.sectionSizeHint(column))
            if column in TEXT_COLUMNS:
                wanted = min(wanted, cap)
            if wanted > header.sectionSize(column):
                header.resizeSection(column, wanted)

    @Slot(int)
    def _on_model_count_changed(self, count: int) -> None:
        self.fit_columns()
        if self._keep_place is not None:
            # After the reset the view lays its rows out on the next turn of the event loop; scroll then.
            QTimer.singleShot(0, self, self._restore_place)  # dropped if the page is gone by then
        if count == 0 and self.context.rfc:
            flt = self.model.query.flt if self.model.query is not None else None
            if flt is not None and flt.date_from and flt.date_to and flt.date_from > flt.date_to:
                # nothing said why the list was empty (the reports answer invalid_date_range)
                self.status_label.setText(tr("«Desde» es posterior a «Hasta»: no hay días entre ellas."))
            else:
                self.status_label.setText(tr("No hay facturas con este filtro."))
        elif self.status_label.text() in (tr("No hay facturas con este filtro."), describe("server_unreachable")):
            self.status_label.clear()  # (the office server answers again: what was said of its absence is old)

    @Slot(int, Qt.SortOrder)
    def _on_header_sort_changed(self, column: int, _order: Qt.SortOrder) -> None:
        if COLUMNS[column][1] is None and self.model.query is not None:
            query = self.model.query
            shown = next(i for i, (_, name) in enumerate(COLUMNS) if name == query.sort)
            order = Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
            self.status_label.setText(tr("Esta columna no se puede ordenar; pase el puntero sobre su título."))
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(shown, order)
            header.blockSignals(False)

    @Slot(QPoint)
    def _on_header_context_menu(self, pos: QPoint) -> None:
        self.columns.popup(self.table.horizontalHeader().mapToGlobal(pos))

    # -- selection and detail --------------------------------------------------------------------------------------

    @Slot(QModelIndex, QModelIndex)
    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        record = self.model.record_at(current.row()) if current.isValid() else None
        if record is None:
            return
        self.show_invoice(record["id"])

    @Slot(int)
    def _on_model_page_loaded(self, page: int) -> None:
        # One more try once the rows around the kept scroll position are read, then give up: an invoice that
        # left the filter (or moved far) must not grab the selection later when its page happens to load.
        self._select_kept_invoice()
        self._reselect = None
        self.fit_columns()
        # The current row was still loading when it became current (End, a scrollbar drag): show it now.
        current = self.table.currentIndex()
        if current.isValid() and current.row() // q.PAGE_SIZE == page:
            record = self.model.record_at(current.row())
            if record is not None and (self.current_row is None or self.current_row["id"] != record["id"]):
                self.show_invoice(record["id"])

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )

    def show_invoice(self, invoice_id: int) -> None:
        """Show one invoice in the detail pane (one row, one XML file: quick enough for the GUI thread).

        The list selects the shown invoice again after every refresh (a sync adds invoices every few seconds
        during a backfill): the pane is rendered again only when what it shows changed, and then keeps the
        reader's scroll position, so it neither jumps to the top nor stops scrolling."""
        try:
            found = self.service.invoice_detail(self.context.rfc, invoice_id)
        except AppError as exc:
            if exc.code == "server_unreachable":
                return  # the pane keeps what it shows
            raise
        if found is None:
            return
        if self.current_row is None or self.current_row["id"] != invoice_id:
            self._sat_status = None  # SAT's answer belongs to the invoice it was asked for (kept over a refresh)
        self.current_row = dict(found.row)  # its path: the XML file to read here
        self._payments = [dict(p) for p in found.payments] if found.payments is not None else None
        self._render()

    def _render(self) -> None:
        row = self.current_row
        if row is None:
            self._rendered = None
            self.detail.clear()
            self._update_actions()
            return
        payments = self._payments if row.get("payment_method") == "PPD" else None
        shown = (row, payments, self._sat_status)
        if shown != self._rendered:
            same_invoice = self._rendered is not None and self._rendered[0]["id"] == row["id"]
            bars = (self.detail.verticalScrollBar(), self.detail.horizontalScrollBar())
            place = [bar.value() for bar in bars]
            root = detail.load_xml(row["path"]) if row.get("has_xml") else None
            listed = efos.entry_of(self.service, row)  # the counterpart on SAT's 69-B list (one small query)
            self.detail.setHtml(detail.render(row, root, payments, self._sat_status, listed))
            self._rendered = (dict(row), payments, self._sat_status and dict(self._sat_status))
            if same_invoice:  # the same invoice, updated (its status, a new payment): stay where the reader was
                for bar, value in zip(bars, place, strict=True):
                    bar.setValue(value)
        self._update_actions()

    def detail_html(self) -> str:
        return self.detail.toHtml()

    def _update_actions(self) -> None:
        row = self.current_row
        has_file = bool(row and row.get("has_xml") and row.get("path") and Path(row["path"]).exists())
        self.open_xml_action.setEnabled(has_file)
        self.show_folder_action.setEnabled(has_file)
        self.print_action.setEnabled(row is not None)
        # a constancia de retenciones: SAT's CFDI status service does not know it (its status comes with metadata)
        verifiable = row is not None and (row.get("family") or "cfdi") == "cfdi"
        self.verify_action.setEnabled(verifiable and "verify" not in self._busy)
        has_profile = bool(self.context.rfc)
        self.export_action.setEnabled(has_profile and "export" not in self._busy)
        self.import_action.setEnabled(has_profile and "import" not in self._busy)

    @Slot(object)
    def _on_table_context_menu(self, pos: Any) -> None:
        menu = QMenu(self)
        menu.setObjectName("invoicesContextMenu")
        for action in (self.open_xml_action, self.copy_uuid_action, self.show_folder_action, self.print_action,
                       self.verify_action, self.bulk_verifier.action):  # fmt: skip
            menu.addAction(action)
        menu.addSeparator()
        menu.addActions(self.export_action.menu().actions())
        menu.popup(self.table.viewport().mapToGlobal(pos))

    # -- actions on one invoice ---------------------------------------------------------------------------------------

    @Slot()
    def copy_uuid(self) -> str | None:
        """The shown invoice's UUID on the clipboard (Ctrl+C copies the cell the cursor is on)."""
        row = self.current_row
        if not (row and row.get("uuid")):
            return None
        QGuiApplication.clipboard().setText(row["uuid"])
        self.status_label.setText(tr("UUID copiado: {0}").format(row["uuid"]))
        return str(row["uuid"])

    @Slot()
    def focus_search(self) -> None:
        """Ctrl+F: to the search box, its text selected to type over."""
        self.filters.text.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.text.selectAll()

    @Slot()
    def open_xml(self) -> XmlViewerDialog | None:
        """Show the invoice's XML in the app's own viewer (no other program needed); returns the viewer."""
        row = self.current_row
        if not (row and row.get("path")):
            return None
        path = Path(row["path"])
        try:
            viewer = XmlViewerDialog(path, tr("XML del comprobante {0}").format(row.get("uuid") or path.name), self)
        except OSError:
            self.status_label.setText(tr("No se pudo leer el XML en {0}.").format(path))
            return None
        if self.xml_viewer is not None:  # one viewer at a time; the old one's end must not forget the new one
            self.xml_viewer.destroyed.disconnect(self._on_xml_viewer_destroyed)
            self.xml_viewer.close()
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.destroyed.connect(self._on_xml_viewer_destroyed)
        self.xml_viewer = viewer
        viewer.show()
        return viewer

    @Slot()
    def _on_xml_viewer_destroyed(self) -> None:
        self.xml_viewer = None

    @Slot()
    def show_in_folder(self) -> bool:
        """Open the invoice's folder in the system's file manager; when there is none (or it refuses), say so
        and where the file is. Returns whether the system opened it."""
        if not (self.current_row and self.current_row.get("path")):
            return False
        path = Path(self.current_row["path"])
        opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
        if not opened:
            self.status_label.setText(
                tr("No se pudo abrir la carpeta: esta computadora no tiene un explorador de archivos para ella. "
                   "El XML está en {0}").format(path)
            )  # fmt: skip
        return opened

    @Slot()
    def print_detail(self) -> None:
        if self.current_row is None:
            return
        menu = QMenu(self)
        to_printer = menu.addAction(tr("&Imprimir…"))
        to_pdf = menu.addAction(tr("&Guardar como PDF…"))
        chosen = menu.exec(self.printButton.mapToGlobal(self.printButton.rect().bottomLeft()))
        if chosen is to_printer:
            printed = self.printed()
            printing.print_with_dialog(printed.html if printed else self.detail.toHtml(), self, printed)
        elif chosen is to_pdf:
            suggested = f"{self.current_row['uuid']}.pdf"
            path, _ = QFileDialog.getSaveFileName(self, tr("Guardar PDF"), suggested, tr("Documento PDF (*.pdf)"))
            if path:
                self.save_pdf(Path(path))

    def printed(self) -> PrintedInvoice | None:
        """The representación impresa of the shown invoice (QR, seals, importe con letra) when its XML is in
        the vault; None for a metadata-only or damaged one, whose detail is what prints."""
        row = self.current_row
        if row is None or not row.get("has_xml") or row.get("damaged") or not row.get("path"):
            return None
        lang = "en" if QLocale().language() == QLocale.Language.English else "es"
        try:
            return render_printed(
                Path(row["path"]).read_bytes(),
                status=row.get("status"),
                lang=lang,
                cancelled_at=row.get("cancelled_at"),
            )
        except (OSError, AppError):
            return None

    def save_pdf(self, path: Path) -> Path | None:
        """The invoice as a PDF file: its representación impresa, or the detail when there is no XML; None, said
        in the status line, when the file could not be written (a full disk, a folder it may not write)."""
        printed = self.printed()
        try:
            refuse_inside_home(self.service.local_folder(), path)
            if printed is not None:
                printing.save_printed_pdf(printed, path)
            else:
                printing.save_pdf(self.detail.toHtml(), path)
        except (OSError, AppError) as exc:
            full = getattr(exc, "code", None) == "disk_full" or getattr(exc, "errno", None) == errno.ENOSPC
            message = (
                tr("No se pudo guardar el PDF en {0}: el disco está lleno. Libera espacio e inténtalo de nuevo.")
                if full
                else tr("No se pudo guardar el PDF en {0}; no se guardó nada. Elige otra carpeta.")
            )
            self.status_label.setText(message.format(path))
            return None
        self.status_label.setText(tr("PDF guardado en {0}").format(path))
        return path

    @Slot()
    def verify_status(self) -> None:
        """Ask SAT's ConsultaCFDIService for the current status (no FIEL needed) in the background."""
        row = self.current_row
        if row is None or "verify" in self._busy:
            return
        self._busy.add("verify")
        self._update_actions()
        self.status_label.setText(tr("Consultando el estado en el SAT…"))
        service, rfc, invoice_id, uuid = self.service, self.context.rfc, row["id"], row["uuid"]

        def job() -> tuple[int, dict[str, Any]]:
            return invoice_id, service.verify_invoice(rfc, uuid)  # the answer is kept in the index

        run_in_background(job, self._on_verify_done, self._on_verify_failed, owner=self)

    @Slot(object)
    def _on_verify_done(self, result: tuple[int, dict[str, Any]]) -> None:
        invoice_id, verified = result
        self._busy.discard("verify")
        answer = verified["sat"]
        self.last_verify = answer
        status = verified["status"]
        self.model.set_status(invoice_id, status)
        if self.current_row is not None and self.current_row["id"] == invoice_id:
            self._sat_status = answer
            self.current_row["status"] = status
            self._render()
        if verified["changed"]:
            self.context.data_changed.emit()  # the totals (and the other pages) count it anew
        self.status_label.setText(
            tr("El SAT responde: {0}").format(answer.get("estado") or answer.get("codigo_estatus"))
        )
        self._update_actions()

    @Slot(object)
    def _on_verify_failed(self, error: AppError) -> None:
        self._busy.discard("verify")
        self._update_actions()
        self.status_label.setText(describe(error))

    # -- export ----------------------------------------------------------------------------------------------------

    @Slot()
    def ask_export_xlsx(self) -> None:
        self._ask_export("xlsx", tr("Libro de Excel (*.xlsx)"))

    @Slot()
    def ask_export_csv(self) -> None:
        self._ask_export("csv", tr("Valores separados por comas (*.csv)"))

    def _ask_export(self, kind: str, pattern: str) -> None:
        # the file's name in the window's language, as its sheets and headers are («invoices-…» in English)
        suggested = tr("facturas-{rfc}.{kind}").format(rfc=self.context.rfc, kind=kind)
        path, _ = QFileDialog.getSaveFileName(self, tr("Exportar facturas"), suggested, pattern)
        if path:
            self.export(Path(path), kind)

    def export(self, path: Path, kind: str) -> None:
        """Write every row of the current filter (not just the loaded pages) in the background."""
        query = self.model.query
        if query is None or "export" in self._busy:
            return
        self._busy.add("export")
        self._update_actions()
        self.status_label.setText(tr("Exportando…"))
        service = self.service
        lang = "en" if tr("Emitida") != "Emitida" else "es"  # the file in the window's language (issue 17)
        flt = query.flt

        def job() -> dict[str, Any]:
            with writing_user_file(path, service.local_folder()):
                records, lookup = service.invoice_records(query), efos.export_lookup(service)
                if kind != "xlsx":
                    return {"path": str(path), "rows": write_csv(records, path, lang=lang, efos=lookup)}
                # the totals row leaves out what the totals bar leaves out (cancelled and Retenciones, unless asked)
                rows = write_xlsx(
                    records, path, lang=lang, efos=lookup, cancelled_out=not flt.status, retenciones_out=not flt.types
                )
                return {"path": str(path), "rows": rows}

        run_in_background(job, self._on_export_done, self._on_export_failed, owner=self)

    @Slot(object)
    def _on_export_done(self, result: dict[str, Any]) -> None:
        self._busy.discard("export")
        self.last_export = result
        self._update_actions()
        rows = int(result["rows"])
        text = (  # %Ln: the count with the locale's thousands separator; Spanish needs its own singular
            QCoreApplication.translate("InvoicesPage", "Se exportó %Ln factura a {path}", None, rows)
            if rows == 1
            else QCoreApplication.translate("InvoicesPage", "Se exportaron %Ln facturas a {path}", None, rows)
        )
        self.status_label.setText(text.format(path=result["path"]))

    @Slot(object)
    def _on_export_failed(self, error: AppError) -> None:
        self._busy.discard("export")
        self._update_actions()
        self._on_job_failed(error)

    # -- import ------------------------------------------------------------------------------------------------------

    @Slot()
    def ask_import_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, tr("Importar XML o ZIP"), "", tr("CFDI y paquetes (*.xml *.XML *.zip *.ZIP);;Todos (*)")
        )
        if paths:
            self.import_paths(paths)

    @Slot()
    def ask_import_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, tr("Importar una carpeta de CFDI"))
        if path:
            self.import_paths([path])

    def import_paths(self, paths: list[str]) -> None:
        """Index files, folders and ZIPs in the background, with its progress (``importer``); then every page
        refreshes."""
        rfc = self.context.rfc
        if not rfc or not paths or "import" in self._busy or self._closing:
            return
        if not self.importer.start(self.service, rfc, paths, self.window()):
            return
        self._busy.add("import")
        self._update_actions()
        self.status_label.setText(tr("Importando…"))

    @Slot(object)
    def _on_import_done(self, result: dict[str, Any]) -> None:
        self._busy.discard("import")
        self.last_import = result
        if self._closing:
            return
        self._update_actions()
        counts = (number(result.get(key, 0)) for key in ("added", "updated", "unchanged", "skipped"))
        # Each count after its label, as in the exports' notes: «nuevas: 1» reads right for one and for many.
        if result.get("stopped"):
            text = tr(
                "Importación detenida. Nuevas: {0}; actualizadas: {1}; sin cambios: {2}; omitidas: {3}. Lo importado"
                " se conserva; importa lo mismo otra vez para terminar."
            ).format(*counts)
        else:
            text = tr("Importación terminada. Nuevas: {0}; actualizadas: {1}; sin cambios: {2}; omitidas: {3}.").format(
                *counts
            )
        if result.get("damaged"):
            text += " " + tr(
                "Con el XML dañado: {0} (se guardaron, pero no se listan ni se suman; ve «Sólo dañados»)."
            ).format(number(result["damaged"]))
        if result.get("conflict"):
            text += " " + tr(
                "Con un UUID que ya estaba guardado con otro contenido: {0} (se conservó la copia guardada, la del SAT"
                " o la primera importada; sus archivos no se tocaron)."
            ).format(number(result["conflict"]))
        self.context.data_changed.emit()
        self.status_label.setText(text)

    @Slot(object)
    def _on_import_failed(self, error: AppError) -> None:
        self._busy.discard("import")
        if self._closing:
            return
        self._update_actions()
        self._on_job_failed(error)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- errors ------------------------------------------------------------------------------------------------------

    @Slot(object)
    def _on_job_failed(self, error: AppError) -> None:
        if error.code == "internal_error":
            show_error(self, error)
        self.status_label.setText(describe(error))
