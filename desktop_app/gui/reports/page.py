"""Reportes: what the accountant files every month (issue 18), over the local index, each figure traceable.

The page knows no report by name: it lists every kind of ``core.reports.kinds.REPORTS`` by its title in the
window's language, offers the basis (flujo de efectivo / devengado) to the kinds that have one, runs
``service.report(…, detail=True)`` in the background and shows the kind's own ``sheets(data, lang)`` — one tab and
one table per sheet, the same sheets the Excel file holds, in the window's language (:func:`report_language`). A
row with invoices behind it opens them (double clic, Enter or «Ver comprobantes»).

The first report of a home indexed before issue 18 reads the vault's XML again (the tax backfill): the progress
bar follows it and «Cancelar» stops it between two committed batches (nothing is lost: the next run goes on).
"""

from __future__ import annotations

import contextlib
import json
import threading
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QModelIndex, QObject, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.core.errors import AppError
from desktop_app.core.months import previous_month
from desktop_app.core.paths import writing_user_file
from desktop_app.core.reports.common import Period
from desktop_app.core.reports.kinds import AVAILABLE_KINDS, REPORTS, report_text, write_report_xlsx
from desktop_app.core.store.vault import atomic_write
from desktop_app.gui import formatting
from desktop_app.gui.context import AppContext
from desktop_app.gui.dialogs import show_error
from desktop_app.gui.messages import describe
from desktop_app.gui.reports.sheet_model import FormattedSheet, SheetTableModel, format_sheet
from desktop_app.gui.reports.sources_dialog import SourcesDialog
from desktop_app.gui.workers.background import run_in_background

YEARS_BACK = 10  # the month lists reach back to January ten years ago (accountants import old XML too)


def tr(text: str) -> str:
    return QCoreApplication.translate("ReportsPage", text)


class _ProgressRelay(QObject):
    """Carries the backfill's progress from the report's thread to the page.

    Signals:
        progressed(int, int, int): generation, documents read, documents to read.
    """

    progressed = Signal(int, int, int)


def month_keys(today: date) -> list[str]:
    """``YYYY-MM`` from this month back to January :data:`YEARS_BACK` years ago, newest first."""
    months = []
    month = f"{today.year:04d}-{today.month:02d}"
    first = f"{today.year - YEARS_BACK:04d}-01"
    while month >= first:
        months.append(month)
        month = previous_month(month)
    return months


def report_language() -> str:
    """The language of a report's own words (its sheets, its title, the Excel file): ``en`` when the window speaks
    English (its locale, ``formatting.app_locale``, follows the installed translation), else ``es``."""
    return "en" if formatting.app_locale().language() == QLocale.Language.English else "es"


def report_json(data: dict[str, Any]) -> bytes:
    """A report as the CLI's ``report KIND --format json --output FILE`` writes it."""
    document = {"success": True, "data": data}
    return json.dumps(document, ensure_ascii=False, default=str, indent=1).encode("utf-8")


def months_text(period: dict[str, str]) -> str:
    """The report's months as the window writes them: ``mar 2025`` or ``ene 2025 a mar 2025``."""
    first, last = period.get("from", ""), period.get("to", "")
    first_text = formatting.month_text(f"{first}-01") if first else ""
    if not last or last == first:
        return first_text
    return tr("{first} a {last}").format(first=first_text, last=formatting.month_text(f"{last}-01"))


def write_export(data: dict[str, Any], path: Path, kind: str, lang: str = "es", home: Path | None = None) -> str:
    """Write report ``data`` to ``path`` as ``xlsx`` (its words in ``lang``) or ``json`` (off the GUI thread); a
    file that cannot be written (or in the data home ``home``) is an error code the window words, never a crash."""
    with writing_user_file(path, home, failed="report_export_failed"):
        if kind == "xlsx":
            write_report_xlsx(data, path, lang)
        elif (
            kind == "txt"
        ):  # the DIOT's carga batch file SAT's loader takes (the same bytes as `report diot --format txt`)
            atomic_write(path, report_text(data, lang).encode("utf-8"))
        else:
            atomic_write(path, report_json(data))
    return str(path)


def uses_69b(data: dict[str, Any]) -> bool:
    """Whether a report's data says what it did with the 69-B list (``list_69b`` and the like): its footer then
    says how old the loaded list is."""
    return any("69b" in key for key in data)


def all_zero(sheets: list[Any]) -> bool:
    """Whether no sheet has a figure other than zero nor an invoice behind a row: nothing in the period."""
    for sheet in sheets:
        if any(sheet.sources):
            return False
        kinds = [kind for _title, kind, _width in sheet.columns]
        for values, _bold in sheet.rows:
            for value, kind in zip(values, kinds, strict=False):
                if kind in ("money", "number") and value not in (None, "") and str(value).strip("-0.") != "":
                    return False
    return True


class ReportsPage(formatting.FollowsLanguage, QWidget):
    """Choose a report and a period, generate it, read its sheets, open the invoices behind a figure, export it.

    Signals:
        report_shown(object): a report's ``data`` is shown (its sheets are in the tabs).
        backfill_progressed(int, int): the first report of an older home read documents again (done, total).
        report_failed(object): generating failed; the ``AppError`` (its Spanish text is on the page).
        exported(str): a file was written (its path).
        export_failed(object): writing a file failed; the ``AppError``.
    """

    report_shown = Signal(object)
    backfill_progressed = Signal(int, int)
    report_failed = Signal(object)
    exported = Signal(str)
    export_failed = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.data: dict[str, Any] | None = None
        self.sheets: list[Any] = []
        self.lang = report_language()  # the language of the kinds' titles and of the sheets shown
        self._generating_lang = self.lang  # the language of the report being generated
        self.models: list[SheetTableModel] = []
        self.tables: list[QTableView] = []
        self._generation = 0
        self._cancel: threading.Event | None = None
        self._busy = False
        self._exporting = False
        self._sources_dialog: SourcesDialog | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one report at a time; shutdown waits for it
        self._relay = _ProgressRelay(self)
        self._relay.progressed.connect(self._on_relay_progressed)

        title = QLabel(tr("Reportes"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)

        self.empty = QLabel(
            tr(
                "Todavía no hay un RFC configurado. Usa el asistente para agregar tu RFC y descargar o importar tus "
                "CFDI; después podrás generar aquí los reportes de cada mes (IVA, PPD y los demás)."
            )
        )
        self.empty.setObjectName("reportsEmpty")
        self.empty.setWordWrap(True)

        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("reportKind")
        self.kind_combo.setAccessibleName(tr("Reporte"))
        for kind in AVAILABLE_KINDS:
            self.kind_combo.addItem(REPORTS[kind].title_in(self.lang), kind)
        self.from_combo = QComboBox()
        self.from_combo.setObjectName("reportFrom")
        self.from_combo.setAccessibleName(tr("Primer mes del periodo"))
        self.to_combo = QComboBox()
        self.to_combo.setObjectName("reportTo")
        self.to_combo.setAccessibleName(tr("Último mes del periodo"))
        self.basis_combo = QComboBox()
        self.basis_combo.setObjectName("reportBasis")
        self.basis_combo.setAccessibleName(tr("Base del cálculo"))
        self.basis_combo.addItem(tr("Flujo de efectivo y devengado"), None)
        self.basis_combo.addItem(tr("Flujo de efectivo"), "cash")
        self.basis_combo.addItem(tr("Devengado"), "accrual")
        self.basis_combo.setToolTip(
            tr(
                "Flujo de efectivo: lo cobrado y pagado en el periodo (lo que se declara cada mes). Devengado: lo "
                "facturado en el periodo."
            )
        )
        self._fill_months()

        self.generate_button = QPushButton(tr("&Generar"))
        self.generate_button.setObjectName("generateReportButton")
        self.generate_button.setAccessibleName(tr("Generar el reporte"))
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.generate)
        self.cancel_button = QPushButton(tr("Ca&ncelar"))
        self.cancel_button.setObjectName("cancelReportButton")
        self.cancel_button.setAccessibleName(tr("Cancelar el reporte"))
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(tr("Rep&orte:"), self.kind_combo)
        period = QHBoxLayout()
        period.addWidget(self.from_combo)
        to_label = QLabel(tr("&hasta"))
        to_label.setBuddy(self.to_combo)
        period.addWidget(to_label)
        period.addWidget(self.to_combo)
        period.addStretch(1)
        self.period_label = QLabel(tr("&Periodo, de:"))
        self.period_label.setBuddy(self.from_combo)
        form.addRow(self.period_label, period)
        self.basis_label = QLabel(tr("&Base:"))
        self.basis_label.setBuddy(self.basis_combo)
        form.addRow(self.basis_label, self.basis_combo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        form.addRow(buttons)

        self.progress = QProgressBar()
        self.progress.setObjectName("reportProgress")
        self.progress.setAccessibleName(tr("Avance del reporte"))
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("reportStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("reportSheets")
        self.tabs.setAccessibleName(tr("Hojas del reporte"))
        self.tabs.currentChanged.connect(self._update_actions)

        self.sources_button = QPushButton(tr("&Ver comprobantes…"))
        self.sources_button.setObjectName("showSourcesButton")
        self.sources_button.setAccessibleName(tr("Ver los comprobantes de la cifra"))
        self.sources_button.clicked.connect(self.open_sources)
        self.xlsx_button = QPushButton(tr("Exportar a &Excel…"))
        self.xlsx_button.setObjectName("exportReportXlsxButton")
        self.xlsx_button.setAccessibleName(tr("Exportar el reporte a Excel"))
        self.xlsx_button.clicked.connect(self.ask_export_xlsx)
        self.json_button = QPushButton(tr("Exportar &JSON…"))
        self.json_button.setObjectName("exportReportJsonButton")
        self.json_button.setAccessibleName(tr("Exportar el reporte a JSON"))
        self.json_button.clicked.connect(self.ask_export_json)
        # The DIOT's «Carga batch» sheet shows the fields; SAT's loader takes them as this text file.
        self.batch_button = QPushButton(tr("Archivo &batch para el SAT…"))
        self.batch_button.setObjectName("exportDiotBatchButton")
        self.batch_button.setAccessibleName(tr("Guardar el archivo de carga batch de la DIOT para el SAT"))
        self.batch_button.clicked.connect(self.ask_export_batch)
        self.batch_button.hide()
        actions = QHBoxLayout()
        actions.addWidget(self.sources_button)
        actions.addStretch(1)
        actions.addWidget(self.batch_button)
        actions.addWidget(self.xlsx_button)
        actions.addWidget(self.json_button)

        self.efos_footer = QLabel()
        self.efos_footer.setObjectName("reportEfosFooter")
        self.efos_footer.setWordWrap(True)
        self.efos_footer.hide()

        self.content = QWidget()
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        content.addLayout(form)
        content.addWidget(self.progress)
        content.addWidget(self.status)
        content.addWidget(self.tabs, 1)
        content.addLayout(actions)
        content.addWidget(self.efos_footer)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.empty)
        layout.addWidget(self.content, 1)

        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_changed)
        context.profile_changed.connect(self._on_context_profile_changed)
        context.profiles_changed.connect(self._show_profile_state)
        context.service_changed.connect(self._on_context_service_changed)  # the office server, or this computer
        self._on_kind_combo_changed()
        self._show_profile_state()
        self._update_actions()

    # -- choices ---------------------------------------------------------------------------------------------

    def _today(self) -> date:
        today: date = self.context.service.today()  # Mexico City's calendar day (core.api.DataService)
        return today

    def _fill_months(self) -> None:
        """Both month lists, newest first; the last complete month chosen (what is filed now)."""
        today = self._today()
        last_complete = previous_month(f"{today.year:04d}-{today.month:02d}")
        for combo in (self.from_combo, self.to_combo):
            chosen = combo.currentData() or last_complete
            combo.blockSignals(True)
            combo.clear()
            for month in month_keys(today):
                combo.addItem(formatting.month_text(f"{month}-01"), month)
            index = combo.findData(chosen)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

    def _follow_language(self) -> None:  # month names, amounts and the reports' own words in the new language
        self._fill_months()
        self.lang = report_language()
        for index in range(self.kind_combo.count()):
            self.kind_combo.setItemText(index, REPORTS[str(self.kind_combo.itemData(index))].title_in(self.lang))
        if self.data is not None:
            sheets = REPORTS[self.data["kind"]].sheets(self.data, self.lang)
            self._show_report(self.data, [(sheet, format_sheet(sheet)) for sheet in sheets])

    def set_period(self, first: str, last: str | None = None) -> None:
        """Choose the months ``first``..``last`` (``YYYY-MM``; tests and other pages use it)."""
        for combo, month in ((self.from_combo, first), (self.to_combo, last or first)):
            index = combo.findData(month)
            if index < 0:  # older than the list: add it, the report can still be asked for
                combo.addItem(formatting.month_text(f"{month}-01"), month)
                index = combo.count() - 1
            combo.setCurrentIndex(index)

    def set_kind(self, kind: str) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))

    def kind(self) -> str:
        return str(self.kind_combo.currentData() or "")

    @Slot()
    def _on_kind_combo_changed(self, *_args: object) -> None:
        kind = self.kind()
        has_basis = bool(kind) and REPORTS[kind].has_basis
        self.basis_label.setVisible(has_basis)
        self.basis_combo.setVisible(has_basis)

    @Slot(str)
    def _on_context_profile_changed(self, _rfc: str) -> None:
        self.cancel()
        self._clear_report()
        self._show_profile_state()

    @Slot()
    def _on_context_service_changed(self) -> None:
        self._on_context_profile_changed(self.context.rfc)

    @Slot()
    def _show_profile_state(self) -> None:
        has_profile = bool(self.context.rfc)
        self.empty.setVisible(not has_profile)
        self.content.setVisible(has_profile)

    # -- generating ------------------------------------------------------------------------------------------

    @Slot()
    def generate(self) -> None:
        """Run the chosen report in the background; its sheets replace the ones shown."""
        rfc = self.context.rfc
        if not rfc:
            self._fail(AppError("profile_not_configured", "No profile is configured."))
            return
        kind = self.kind()
        first, last = str(self.from_combo.currentData()), str(self.to_combo.currentData())
        basis = self.basis_combo.currentData() if REPORTS[kind].has_basis else None
        try:
            period = Period.of(first, last)
        except AppError as exc:
            self._fail(exc)
            return
        if self._cancel is not None:
            self._cancel.set()  # a report still running is stale now
        self._generation += 1
        generation = self._generation
        cancel = self._cancel = threading.Event()
        self._busy = True
        self.status.setText(tr("Generando el reporte…"))
        self.progress.setRange(0, 0)  # busy until the backfill (if any) says how much there is
        self.progress.show()
        self.cancel_button.show()
        self._update_actions()
        service, relay, lang = self.context.service, self._relay, self.lang
        self._generating_lang = lang

        def progress(done: int, total: int) -> None:  # on the report's thread, after each committed batch
            if cancel.is_set():
                raise AppError("report_cancelled", "The report was cancelled.")
            if isValid(relay):
                with contextlib.suppress(RuntimeError):  # the page went away between the check and the emit
                    relay.progressed.emit(generation, done, total)

        def job() -> tuple[int, dict[str, Any], list[tuple[Any, FormattedSheet]], dict[str, Any] | None]:
            if cancel.is_set():
                raise AppError("report_cancelled", "The report was cancelled.")
            data = service.report(rfc, kind, period, basis=basis, detail=True, progress=progress)
            sheets = REPORTS[data["kind"]].sheets(data, lang)
            formatted = [format_sheet(sheet) for sheet in sheets]
            try:
                efos: dict[str, Any] | None = service.efos_status()
            except AppError:
                efos = None
            return generation, data, list(zip(sheets, formatted, strict=True)), efos

        run_in_background(
            job, self._on_report_done, partial(self._on_report_failed, generation), pool=self._pool, owner=self
        )

    @Slot()
    def cancel(self) -> None:
        """Stop the report being generated (between two committed batches of the backfill, or before it
        starts); the sheets shown stay."""
        if self._cancel is not None:
            self._cancel.set()
        if self._busy:
            self._generation += 1  # whatever it answers now is ignored
            self._finish_busy()
            self.status.setText(tr("Reporte cancelado. Lo ya leído de la bóveda se conserva para la próxima vez."))

    def shutdown(self) -> None:
        """The window is closing: stop the report and wait for its thread (it must not outlive the service)."""
        if self._cancel is not None:
            self._cancel.set()
        self._generation += 1
        self._pool.waitForDone(10_000)

    @Slot(int, int, int)
    def _on_relay_progressed(self, generation: int, done: int, total: int) -> None:
        if generation != self._generation or not self._busy:
            return
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))
        self.status.setText(
            tr("Leyendo de nuevo los XML de la bóveda para los reportes (sólo esta vez): {done} de {total}.").format(
                done=formatting.number(done), total=formatting.number(total)
            )
        )
        self.backfill_progressed.emit(done, total)

    def _finish_busy(self) -> None:
        self._busy = False
        self.progress.hide()
        self.cancel_button.hide()
        self._update_actions()

    def _on_report_done(self, result: tuple[int, dict[str, Any], list[Any], dict[str, Any] | None]) -> None:
        """``result``: (generation, data, [(sheet, its FormattedSheet)], the 69-B list's status)."""
        generation, data, shown, efos = result
        if generation != self._generation:
            return
        self._finish_busy()
        if self._generating_lang != self.lang:  # the language changed while the report ran: its words follow
            shown = [(sheet, format_sheet(sheet)) for sheet in REPORTS[data["kind"]].sheets(data, self.lang)]
        self._show_report(data, shown)
        self._show_efos(efos if uses_69b(data) else None)
        self.report_shown.emit(data)

    def _on_report_failed(self, generation: int, error: AppError) -> None:
        if generation != self._generation:
            return
        self._finish_busy()
        if error.code == "report_cancelled":
            return
        self._fail(error)

    def _fail(self, error: AppError) -> None:
        if error.code == "internal_error":  # a bug: the crash dialog, with its report
            self.status.setText(tr("✗ No se pudo generar el reporte."))
            show_error(self, error)
        else:
            self.status.setText("✗ " + describe(error))
        self.report_failed.emit(error)

    # -- showing -----------------------------------------------------------------------------------------------

    def _clear_report(self) -> None:
        self.data = None
        self.sheets = []
        self.tabs.clear()
        for model in self.models:
            model.deleteLater()
        self.models = []
        self.tables = []
        self.status.clear()
        self.efos_footer.hide()
        self._update_actions()

    def _show_report(self, data: dict[str, Any], shown: list[tuple[Any, FormattedSheet]]) -> None:
        current = self.tabs.currentIndex()
        self._clear_report()
        self.data = data
        self.sheets = sheets = [sheet for sheet, _formatted in shown]
        for number, (sheet, formatted) in enumerate(shown):
            model = SheetTableModel(sheet, formatted, self)
            table = QTableView()
            table.setObjectName(f"reportSheet_{number}")
            table.setAccessibleName(sheet.name)
            table.setModel(model)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setWordWrap(False)
            table.verticalHeader().hide()
            # every column as wide as its figures (never "$1,053,6…"), side by side, however wide the window
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            # activated: a double click, Enter (or a single click where the platform activates on one)
            table.activated.connect(self._on_table_activated)
            table.selectionModel().currentRowChanged.connect(self._update_actions)
            notes = QLabel("\n".join(sheet.notes))
            notes.setObjectName(f"reportNotes_{number}")
            notes.setWordWrap(True)
            notes.setTextFormat(Qt.TextFormat.PlainText)
            notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            notes.setVisible(bool(sheet.notes))
            holder = QWidget()
            holder_layout = QVBoxLayout(holder)
            holder_layout.addWidget(table, 1)
            holder_layout.addWidget(notes)
            self.models.append(model)
            self.tables.append(table)
            self.tabs.addTab(holder, sheet.name)
        if 0 <= current < self.tabs.count():
            self.tabs.setCurrentIndex(current)
        self.status.setText(self._summary_text(data, sheets))
        self._update_actions()

    def _summary_text(self, data: dict[str, Any], sheets: list[Any]) -> str:
        text = tr("{title} de {rfc}, {months}; importes en MXN.").format(
            title=REPORTS[data["kind"]].title_in(self.lang),
            rfc=data.get("rfc", ""),
            months=months_text(data.get("period") or {}),
        )
        reindexed = data.get("reindexed")
        if reindexed:
            text += " " + tr("Se leyeron de nuevo {n} XML de la bóveda para los reportes.").format(
                n=formatting.number(int(reindexed.get("read", 0)) + int(reindexed.get("failed", 0)))
            )
        if all_zero(sheets):
            text += " " + tr(
                "No hay comprobantes que cuenten en este reporte en el periodo elegido. Revisa el periodo, o "
                "descarga (Solicitudes) o importa (Facturas) los CFDI de esos meses y vuelve a generarlo."
            )
        return text

    def _show_efos(self, status: dict[str, Any] | None) -> None:
        """How old the loaded 69-B list is: a report's marks of listed taxpayers are only as fresh as the list."""
        if status is None:
            self.efos_footer.hide()
            return
        if not status.get("loaded"):
            self.efos_footer.setText(
                tr(
                    "Lista 69-B del SAT: no se ha cargado, así que no se señala a proveedores con operaciones "
                    "inexistentes. Impórtala en Configuración."
                )
            )
        else:
            age = int(status["age_days"])
            day = formatting.moment_day(status["imported_at_ms"])
            if age <= 0:
                text = tr("Lista 69-B del SAT cargada hoy ({date}).").format(date=day)
            elif age == 1:
                text = tr("Lista 69-B del SAT cargada el {date}, hace 1 día.").format(date=day)
            else:
                text = tr("Lista 69-B del SAT cargada el {date}, hace {n} días.").format(
                    date=day, n=formatting.number(age)
                )
            if status.get("stale"):
                text += " " + tr("⚠ Está desactualizada: importa la versión más reciente en Configuración.")
            self.efos_footer.setText(text)
        self.efos_footer.show()

    # -- drill-down ------------------------------------------------------------------------------------------

    def current_table(self) -> QTableView | None:
        index = self.tabs.currentIndex()
        return self.tables[index] if 0 <= index < len(self.tables) else None

    def current_sources(self) -> tuple[str, ...]:
        table = self.current_table()
        if table is None:
            return ()
        model = table.model()
        assert isinstance(model, SheetTableModel)
        return model.sources(table.currentIndex().row())

    @Slot()
    def _update_actions(self, *_args: object) -> None:
        shown = self.data is not None
        self.sources_button.setEnabled(shown and bool(self.current_sources()))
        self.xlsx_button.setEnabled(shown and not self._exporting)
        self.json_button.setEnabled(shown and not self._exporting)
        self.batch_button.setVisible(shown and (self.data or {}).get("kind") == "diot")
        self.batch_button.setEnabled(shown and not self._exporting)
        self.generate_button.setEnabled(not self._busy)

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        self.open_sources_of(index)

    def open_sources_of(self, index: QModelIndex) -> SourcesDialog | None:
        model = index.model()
        if not isinstance(model, SheetTableModel):
            return None
        uuids = model.sources(index.row())
        if not uuids:
            return None
        return self._open_sources_dialog(model.row_title(index.row()), uuids)

    @Slot()
    def open_sources(self) -> SourcesDialog | None:
        """The invoices behind the selected row of the sheet shown («Ver comprobantes»)."""
        table = self.current_table()
        if table is None or not table.currentIndex().isValid():
            return None
        return self.open_sources_of(table.currentIndex())

    def _open_sources_dialog(self, figure: str, uuids: tuple[str, ...]) -> SourcesDialog:
        if self._sources_dialog is not None and isValid(self._sources_dialog):
            self._sources_dialog.close()
        rfc = str((self.data or {}).get("rfc") or self.context.rfc)
        dialog = SourcesDialog(self.context.service, rfc, figure, uuids, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._sources_dialog = dialog
        dialog.open()
        return dialog

    # -- export ----------------------------------------------------------------------------------------------------

    def _suggested_name(self, extension: str) -> str:
        data = self.data or {}
        period = data.get("period") or {}
        first, last = period.get("from", ""), period.get("to", "")
        months = first if first == last else f"{first}_{last}"
        return f"reporte-{data.get('kind', '')}-{data.get('rfc', '')}-{months}.{extension}"

    def _ask_save_path(self, title: str, suggested: str, pattern: str) -> str:
        """Where to save, or "" when the user cancels (tests replace this)."""
        folder = Path.home() / suggested
        path, _ = QFileDialog.getSaveFileName(self, title, str(folder), pattern)
        return path

    @Slot()
    def ask_export_xlsx(self) -> None:
        if self.data is None:
            return
        path = self._ask_save_path(
            tr("Exportar reporte a Excel"), self._suggested_name("xlsx"), tr("Libro de Excel (*.xlsx)")
        )
        if path:
            self.export(Path(path), "xlsx")

    @Slot()
    def ask_export_json(self) -> None:
        if self.data is None:
            return
        path = self._ask_save_path(tr("Exportar reporte a JSON"), self._suggested_name("json"), tr("JSON (*.json)"))
        if path:
            self.export(Path(path), "json")

    @Slot()
    def ask_export_batch(self) -> None:
        if self.data is None or self.data.get("kind") != "diot":
            return
        path = self._ask_save_path(
            tr("Guardar el archivo de carga batch de la DIOT"), self._suggested_name("txt"), tr("Texto (*.txt)")
        )
        if path:
            self.export(Path(path), "txt")

    def export(self, path: Path, kind: str) -> None:
        """Write the report shown to ``path`` (``xlsx`` or ``json``) in the background."""
        data = self.data
        if data is None or self._exporting:
            return
        self._exporting = True
        self._update_actions()
        self.status.setText(tr("Exportando el reporte…"))

        run_in_background(
            partial(write_export, data, path, kind, self.lang, self.context.service.local_folder()),
            self._on_export_done,
            self._on_export_failed,
            owner=self,
        )

    def _on_export_done(self, path: str) -> None:
        self._exporting = False
        self._update_actions()
        self.status.setText(tr("✓ Reporte guardado en {path}").format(path=path))
        self.exported.emit(path)

    def _on_export_failed(self, error: AppError) -> None:
        self._exporting = False
        self._update_actions()
        if error.code == "internal_error":
            show_error(self, error)
        else:
            self.status.setText("✗ " + describe(error))
        self.export_failed.emit(error)
