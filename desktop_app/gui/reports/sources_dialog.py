"""«Comprobantes de la cifra»: the invoices behind one figure of a report (the drill-down), and one of them in
detail as the invoice browser renders it.

The invoices are read in the background (one indexed lookup per UUID: a figure names tens or hundreds of them);
a UUID the index does not hold (a payment of an invoice never downloaded) is listed and said so.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import AppError
from desktop_app.gui import formatting
from desktop_app.gui.invoices import detail, efos
from desktop_app.gui.invoices.model import COL_TYPE, cell_text, status_text
from desktop_app.gui.messages import describe
from desktop_app.gui.workers.background import run_in_background


def tr(text: str) -> str:
    return QCoreApplication.translate("ReportsPage", text)


def invoices_by_uuid(service: Any, rfc: str, uuids: tuple[str, ...]) -> list[dict[str, Any] | None]:
    """The invoice records of ``uuids`` for profile ``rfc``, in order (None where the index has no such UUID):
    the service's ``invoice`` answered from the index alone (never a request to SAT), with the payments of a
    PPD invoice in ``_payments`` and the counterpart's 69-B situation (``efos.EFOS_KEY``). Runs off the GUI thread."""
    out: list[dict[str, Any] | None] = []
    for uuid in uuids:
        try:
            answer = service.invoice(rfc, uuid, ask_sat=False)
        except AppError as exc:
            if exc.code in ("not_found", "invalid_uuid"):
                out.append(None)
                continue
            raise
        record = dict(answer["invoice"])
        record["_payments"] = answer.get("payments") if record.get("payment_method") == "PPD" else None
        out.append(record)
    efos.annotate(service, [record for record in out if record is not None])  # one 69-B lookup for them all
    return out


HEADERS = [
    QT_TRANSLATE_NOOP("ReportsPage", "UUID"),
    QT_TRANSLATE_NOOP("ReportsPage", "Fecha"),
    QT_TRANSLATE_NOOP("ReportsPage", "RFC"),
    QT_TRANSLATE_NOOP("ReportsPage", "Nombre"),
    QT_TRANSLATE_NOOP("ReportsPage", "Tipo"),
    QT_TRANSLATE_NOOP("ReportsPage", "Total"),
    # the total's currency, as the browser shows it: a report's figures are MXN, a USD invoice's total is not
    QT_TRANSLATE_NOOP("ReportsPage", "Moneda"),
    QT_TRANSLATE_NOOP("ReportsPage", "Estado"),
]


class SourcesDialog(QDialog):
    """The invoices behind one figure: UUID, fecha, RFC and nombre of the counterpart, tipo, total, estado.

    Args:
        service: the core service (its ``db`` and ``home``).
        rfc: the profile the report was generated for.
        title: what the figure is (its row's first text).
        uuids: the UUIDs behind it.

    Signals:
        loaded(): the invoices were read and listed.
    """

    loaded = Signal()

    def __init__(
        self, service: Any, rfc: str, title: str, uuids: tuple[str, ...], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reportSourcesDialog")
        self.service = service
        self.rfc = rfc
        self.uuids = tuple(uuids)
        self.records: list[dict[str, Any] | None] = []
        self.setWindowTitle(tr("Comprobantes de la cifra"))
        self.resize(980, 480)

        count = formatting.number(len(self.uuids))
        self.heading = QLabel(
            tr("Comprobantes detrás de «{figure}»: {n}.").format(figure=title or tr("la cifra"), n=count)
        )
        self.heading.setObjectName("reportSourcesHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.status = QLabel(tr("Leyendo los comprobantes…"))
        self.status.setObjectName("reportSourcesStatus")
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("reportSourcesTable")
        self.table.setAccessibleName(tr("Comprobantes detrás de la cifra"))
        self.table.setHorizontalHeaderLabels([tr(h) for h in HEADERS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("&Cerrar"))
        self.detail_button = QPushButton(tr("&Ver detalle…"))
        self.detail_button.setObjectName("reportSourcesDetailButton")
        self.detail_button.setAccessibleName(tr("Ver el detalle del comprobante"))
        self.detail_button.setEnabled(False)
        self.detail_button.clicked.connect(self.open_detail)
        buttons.addButton(self.detail_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

        service_, rfc_, uuids_ = service, rfc, self.uuids
        run_in_background(
            lambda: invoices_by_uuid(service_, rfc_, uuids_), self._on_lookup_done, self._on_lookup_failed, owner=self
        )

    def _on_lookup_done(self, records: list[dict[str, Any] | None]) -> None:
        self.records = records
        self.table.setRowCount(len(records))
        missing = 0
        for row, (uuid, record) in enumerate(zip(self.uuids, records, strict=True)):
            if record is None:
                missing += 1
                values = [uuid, "", "", tr("No está en el índice"), "", "", "", ""]
            else:
                issued = record["direction"] == "issued"
                values = [
                    record["uuid"],
                    formatting.day_text(record.get("issue_date"), empty=""),
                    (record.get("receiver_rfc") if issued else record.get("issuer_rfc")) or "",
                    (record.get("receiver_name") if issued else record.get("issuer_name")) or "",
                    cell_text(record, COL_TYPE),  # "I Ingreso", in the browser's words
                    formatting.money(record.get("total")),
                    record.get("currency") or "",
                    status_text(record.get("status")),
                ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if column == 5:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        if missing:
            self.status.setText(
                tr(
                    "{n} de estos comprobantes no están en el índice (por ejemplo, la factura de un pago que no se "
                    "ha descargado): se listan sólo por su UUID."
                ).format(n=formatting.number(missing))
            )
        else:
            self.status.hide()
        if records:
            self.table.selectRow(0)
        self._update_buttons()
        self.loaded.emit()

    def _on_lookup_failed(self, error: AppError) -> None:
        self.status.setText("✗ " + describe(error))
        self.loaded.emit()

    @Slot()
    def _update_buttons(self) -> None:
        self.detail_button.setEnabled(self.current_record() is not None)

    def current_record(self) -> dict[str, Any] | None:
        row = self.table.currentRow()
        return self.records[row] if 0 <= row < len(self.records) else None

    def listed_uuids(self) -> list[str]:
        """The UUID column, top to bottom (what the user sees)."""
        return [self.table.item(row, 0).text() for row in range(self.table.rowCount())]

    @Slot(QModelIndex)
    def _on_table_double_clicked(self, _index: QModelIndex) -> None:
        self.open_detail()

    @Slot()
    def open_detail(self) -> InvoiceDetailDialog | None:
        record = self.current_record()
        if record is None:
            return None
        dialog = InvoiceDetailDialog(record, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            self.open_detail()  # Enter on a listed invoice opens it, as in the report's table
            return
        super().keyPressEvent(event)


class InvoiceDetailDialog(QDialog):
    """One invoice as the browser's detail pane shows it (``gui.invoices.detail.render``)."""

    def __init__(self, record: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportInvoiceDetailDialog")
        folio = "-".join(p for p in (record.get("series"), record.get("folio")) if p)
        self.setWindowTitle(tr("Comprobante {uuid}").format(uuid=folio or record.get("uuid")))
        self.resize(760, 640)
        self.browser = QTextBrowser()
        self.browser.setObjectName("reportInvoiceDetail")
        self.browser.setAccessibleName(tr("Detalle del comprobante"))
        path = record.get("path")
        root = detail.load_xml(str(path)) if record.get("has_xml") and path else None
        self.browser.setHtml(detail.render(record, root, record.get("_payments"), None, record.get(efos.EFOS_KEY)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("&Cerrar"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)


__all__ = ["InvoiceDetailDialog", "SourcesDialog", "invoices_by_uuid"]
