"""Solicitudes: the live request history (table + detail), "Nueva solicitud" and "Verificar ahora".

The table is refreshed from the ledger (fast SQL on the GUI thread) whenever the context says data changed
or the poller reports a sync event; bursts are coalesced with a short single-shot timer and rows update in
place. Anything that talks to SAT runs in the background (the poller, or ``run_in_background``).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.clock import to_ms
from desktop_app.core.errors import AppError
from desktop_app.core.sync import SyncEvent
from desktop_app.gui.context import AppContext
from desktop_app.gui.dialogs import show_error
from desktop_app.gui.formatting import datetime_text
from desktop_app.gui.history import verifications
from desktop_app.gui.history import vocabulary as voc
from desktop_app.gui.history.detail import HistoryDetail
from desktop_app.gui.history.model import Col, HistoryFilterProxy, HistoryModel, IdRole, status_icon
from desktop_app.gui.history.new_request import NewRequestDialog
from desktop_app.gui.history.vocabulary import tr
from desktop_app.gui.messages import describe
from desktop_app.gui.workers.background import run_in_background

REFRESH_DELAY_MS = 150  # coalesces a burst of sync events into one ledger read


def _clipped_text(answers: list[dict[str, Any]]) -> str:
    """What a period that ends today means: it was asked for up to now (``clipped_end``), so the rest of the day
    is not in it — the window said only «Solicitud creada» and showed the whole day."""
    sent = next((a["clipped_end"]["sent"] for a in answers if a.get("clipped_end")), None)
    if sent is None:
        return ""
    return " " + tr(
        "El periodo termina hoy: se pidió hasta el {moment} (hora de la Ciudad de México); pide el resto del día "
        "cuando haya pasado."
    ).format(moment=datetime_text(sent))


class HistoryPage(QWidget):
    """The request history of the current profile, live."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._rfc = ""
        self._closing = False
        self._jobs = 0
        self.new_request_dialog: NewRequestDialog | None = None

        self.model = HistoryModel(self)
        self.proxy = HistoryFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.status_filter = QComboBox()
        self.status_filter.setObjectName("historyFilterStatus")
        self.status_filter.setAccessibleName(tr("Filtrar por estado"))
        self.status_filter.addItem(tr("Todas"), "")
        self.status_filter.addItem(tr("Abiertas"), "open")
        for code, name in voc.status_names():
            self.status_filter.addItem(status_icon(code), name, code)
        status_label = QLabel(tr("&Estado:"))
        status_label.setBuddy(self.status_filter)

        self.text_filter = QLineEdit()
        self.text_filter.setObjectName("historyFilterText")
        self.text_filter.setAccessibleName(tr("Buscar en las solicitudes"))
        self.text_filter.setPlaceholderText(tr("IdSolicitud, periodo, tipo, mensaje…"))
        self.text_filter.setClearButtonEnabled(True)
        text_label = QLabel(tr("&Buscar:"))
        text_label.setBuddy(self.text_filter)

        self.new_button = QPushButton(tr("&Nueva solicitud…"))
        self.new_button.setObjectName("newRequestButton")
        self.new_button.setAccessibleName(tr("Nueva solicitud al SAT"))
        self.verify_button = QPushButton(tr("&Verificar ahora"))
        self.verify_button.setObjectName("verifyNowButton")
        self.verify_button.setAccessibleName(tr("Verificar ahora con el SAT"))
        self.verify_button.setToolTip(tr("Pregunta al SAT por las solicitudes abiertas y descarga lo que esté listo."))

        self.table = QTableView()
        self.table.setObjectName("historyTable")
        self.table.setAccessibleName(tr("Solicitudes al SAT"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Col.CREATED, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # Every column as wide as its content, the last one too (a stretched last column is cut when the
        # window is narrow): what does not fit scrolls sideways.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self.detail = HistoryDetail()

        self.message = QLabel()
        self.message.setObjectName("historyMessage")
        self.message.setAccessibleName(tr("Aviso de las solicitudes"))
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()

        filters = QHBoxLayout()
        filters.addWidget(status_label)
        filters.addWidget(self.status_filter)
        filters.addWidget(text_label)
        filters.addWidget(self.text_filter, 1)
        filters.addWidget(self.new_button)
        filters.addWidget(self.verify_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("historySplitter")
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        self.setTabOrder(self.status_filter, self.text_filter)
        self.setTabOrder(self.text_filter, self.new_button)
        self.setTabOrder(self.new_button, self.verify_button)
        self.setTabOrder(self.verify_button, self.table)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)

        self.status_filter.currentIndexChanged.connect(self._on_status_filter_changed)
        self.text_filter.textChanged.connect(self.proxy.set_text_filter)
        self.new_button.clicked.connect(self.open_new_request_dialog)
        self.verify_button.clicked.connect(self._on_verify_button_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.detail.retry_requested.connect(self._on_detail_retry_requested)
        context.data_changed.connect(self.schedule_refresh)
        context.profile_changed.connect(self._on_context_profile_changed)
        if context.poller is not None:
            context.poller.sync_event.connect(self._on_poller_sync_event)
            context.poller.busy_changed.connect(self._on_poller_busy_changed)
        self.reload()

    # -- data --------------------------------------------------------------------------------------------------

    def _items(self) -> list[dict[str, Any]] | None:
        """The history's rows; None when the office server cannot be reached (the list keeps what it shows)."""
        if not self._rfc:
            return []
        try:
            requests = [record.to_history() for record in self.context.service.request_records(self._rfc)]
        except AppError as exc:
            return None if exc.code == "server_unreachable" else []
        # …and the status checks at SAT (issue 17.3), which are not requests: rows of their own kind
        return requests + verifications.items(self.context.service, self._rfc)

    @Slot()
    def reload(self) -> None:
        """Load the current profile's history from scratch (construction and profile switches)."""
        self._rfc = self.context.rfc
        self.model.load(self._items() or [])
        self.detail.clear()
        self._update_buttons()

    @Slot()
    def schedule_refresh(self) -> None:
        """Ask for a refresh soon; a burst of calls costs one ledger read."""
        if not self._closing and not self._refresh_timer.isActive():
            self._refresh_timer.start()

    @Slot()
    def refresh(self) -> None:
        """Upsert the ledger's rows into the model (in place) and redraw the detail of the selection."""
        if self._closing:
            return
        if self.context.rfc != self._rfc:
            self.reload()
            return
        items = self._items()
        if items is None:
            return
        self.model.upsert(items)
        self._show_detail(self.current_request_id())
        self._update_buttons()

    def current_request_id(self) -> str:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return ""
        return index.siblingAtColumn(0).data(IdRole) or ""

    def select_request(self, request_id: str) -> bool:
        """Select a request's row (clearing filters that hide it); False when it is not in the history."""
        row = self.model.row_of(request_id)
        if row < 0:
            self.refresh()
            row = self.model.row_of(request_id)
            if row < 0:
                return False
        proxy_index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not proxy_index.isValid():
            self.text_filter.clear()
            self.status_filter.setCurrentIndex(0)
            proxy_index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().setCurrentIndex(
            proxy_index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(proxy_index)
        self._show_detail(request_id)
        return True

    def _show_detail(self, request_id: str) -> None:
        item = self.model.item(request_id) if request_id else None
        if item is None:
            if self.detail.request_id:
                self.detail.clear()
            return
        if verifications.is_verification_id(request_id):
            self._show_verification(item)
            return
        service = self.context.service
        try:
            found = service.request_detail(self._rfc, request_id)
        except AppError:
            return  # gone, or the office server out of reach: the pane keeps what it shows
        packages, events = [dict(p) for p in found.packages], [dict(e) for e in found.events]
        self.detail.show_request(item, packages, events, now_ms=to_ms(service.now()))

    def _show_verification(self, item: dict[str, Any]) -> None:
        try:
            detail = self.context.service.verification(self._rfc, verifications.run_id_of(item["id"]))
        except AppError:
            self.detail.clear()
            return
        self.detail.show_verification(item, verifications.html(item, detail), verifications.guidance(item, detail))

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _update_buttons(self) -> None:
        ready = bool(self._rfc)
        self.new_button.setEnabled(ready)
        request_id = self.current_request_id()
        is_request = bool(request_id) and not verifications.is_verification_id(request_id)
        self.verify_button.setEnabled(ready and (self.context.poller is not None or is_request))

    @property
    def busy(self) -> bool:
        """True while a background job started by this page is running."""
        return self._jobs > 0

    # -- slots -------------------------------------------------------------------------------------------------

    @Slot(int)
    def _on_status_filter_changed(self, index: int) -> None:
        self.proxy.set_status_filter(self.status_filter.itemData(index) or "")

    @Slot(QModelIndex, QModelIndex)
    def _on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        request_id = current.siblingAtColumn(0).data(IdRole) if current.isValid() else None
        self._show_detail(request_id or "")
        self._update_buttons()

    @Slot(str)
    def _on_context_profile_changed(self, _rfc: str) -> None:
        self.show_message("")
        self.reload()

    @Slot(object)
    def _on_poller_sync_event(self, _event: SyncEvent) -> None:
        self.schedule_refresh()

    @Slot(bool)
    def _on_poller_busy_changed(self, busy: bool) -> None:
        if not busy:
            if self.message.text() == tr("Consultando al SAT…"):
                self.show_message("")
            self.schedule_refresh()

    # -- new request -------------------------------------------------------------------------------------------

    def _creator(self) -> Any:
        """What the pool thread runs for a new request: no widget is touched off the GUI thread.

        With a poller the request is only recorded and the poller sends it on its thread (a second sender
        would contend for the profile's sync lock); without one, ``create_request`` sends it itself.
        """
        return partial(_create_request, self.context.service, self._rfc, self.context.poller is None)

    @Slot()
    def open_new_request_dialog(self) -> NewRequestDialog:
        """Open "Nueva solicitud" (window-modal, non-blocking); returns the dialog."""
        old = self.new_request_dialog
        if old is not None:
            if old.isVisible():  # one at a time: bring the open one back
                old.raise_()
                old.activateWindow()
                return old
            old.setParent(None)
            old.deleteLater()
        today = self.context.service.today()
        dialog = NewRequestDialog(today, self._creator(), self)
        dialog.request_created.connect(self._on_dialog_request_created)
        self.new_request_dialog = dialog
        dialog.open()
        return dialog

    @Slot(object)
    def _on_dialog_request_created(self, result: dict[str, Any]) -> None:
        self._after_create(result)

    def _after_create(self, result: dict[str, Any]) -> None:
        if self._closing:
            return
        if "requests" in result:
            self._after_create_several(result)
            return
        self.refresh()
        self.select_request(result["request_id"])
        if result.get("duplicate"):
            self.show_message(
                tr("Ya existe una solicitud igual; no se volvió a pedir al SAT.") + _clipped_text([result])
            )
        else:
            self.show_message(
                tr("Solicitud creada: {status}. La lista se actualiza sola conforme responde el SAT.").format(
                    status=voc.status_name(result.get("status"))
                )
                + _clipped_text([result])
            )
        if self.context.poller is not None and not result.get("duplicate"):
            self.context.poller.sync_now()

    def _after_create_several(self, result: dict[str, Any]) -> None:
        """``create_requests``' answer: select the first new request and say how many were created."""
        self.refresh()
        answers = result["requests"]
        created = int(result["created"])
        known = int(result["duplicates"]) + int(result.get("resumed", 0))  # in the ledger already: not repeated
        first = next((a for a in answers if not a.get("duplicate")), answers[0] if answers else None)
        if first is not None:
            self.select_request(first["request_id"])
        if not created:
            self.show_message(tr("Todas esas solicitudes ya estaban en la lista; no se duplicó ninguna."))
        else:
            text = (  # %n: Qt's plural forms in English; Spanish needs its own singular
                QCoreApplication.translate("HistoryPage", "Se creó %n solicitud.", None, created)
                if created == 1
                else QCoreApplication.translate("HistoryPage", "Se crearon %n solicitudes.", None, created)
            )
            if known:
                text += " " + (
                    QCoreApplication.translate("HistoryPage", "%n ya estaba en la lista y no se duplicó.", None, known)
                    if known == 1
                    else QCoreApplication.translate(
                        "HistoryPage", "%n ya estaban en la lista y no se duplicaron.", None, known
                    )
                )
            self.show_message(
                text + " " + tr("La lista se actualiza sola conforme responde el SAT.") + _clipped_text(answers)
            )
        if self.context.poller is not None and (created or result.get("resumed")):
            self.context.poller.sync_now()

    @Slot(str)
    def _on_detail_retry_requested(self, request_id: str) -> None:
        """ "Volver a solicitar": the same parameters again, through ``create_request``."""
        try:
            record = self.context.service.request_record(self._rfc, request_id)
        except AppError as exc:
            show_error(self, exc)
            return
        values = {
            "start": record.start_at,
            "end": record.end_at,
            "rfc_type": record.rfc_type,
            "request_type": record.request_type,
            "invoice_type": record.invoice_type,
            "invoice_status": record.invoice_status,
            "third_party_rfc": record.third_party_rfc,
            "service": record.service,
        }
        self.detail.retry_button.setEnabled(False)
        self.show_message(tr("Volviendo a solicitar el periodo…"))
        self._start_job(partial(self._creator(), values), self._on_retry_done, self._on_retry_failed)

    def _on_retry_done(self, result: dict[str, Any]) -> None:
        self._job_ended()
        if self._closing:
            return
        self.detail.retry_button.setEnabled(True)
        self._after_create(result)

    def _on_retry_failed(self, error: AppError) -> None:
        self._job_ended()
        if self._closing:
            return
        self.detail.retry_button.setEnabled(True)
        self.show_message(describe(error))
        if error.code == "internal_error":
            show_error(self, error)

    # -- verify now --------------------------------------------------------------------------------------------

    @Slot()
    def _on_verify_button_clicked(self) -> None:
        if self.context.poller is not None:
            self.context.poller.sync_now()
            self.show_message(tr("Consultando al SAT…"))
            return
        request_id = self.current_request_id()
        if not request_id or verifications.is_verification_id(request_id):
            return
        self.verify_button.setEnabled(False)
        self.show_message(tr("Consultando al SAT…"))
        service, rfc = self.context.service, self._rfc
        self._start_job(
            partial(service.request_status, rfc, request_id, send=True), self._on_verify_done, self._on_verify_failed
        )

    def _on_verify_done(self, result: dict[str, Any]) -> None:
        self._job_ended()
        if self._closing:
            return
        self.show_message(
            tr("El SAT respondió: {status}.").format(status=voc.status_name(result["request"].get("status")))
        )
        self.refresh()
        self.context.data_changed.emit()

    def _on_verify_failed(self, error: AppError) -> None:
        self._job_ended()
        if self._closing:
            return
        self.show_message(describe(error))
        self.refresh()
        if error.code == "internal_error":
            show_error(self, error)

    # -- plumbing ----------------------------------------------------------------------------------------------

    def _start_job(self, fn: Any, on_done: Any, on_error: Any) -> None:
        self._jobs += 1
        run_in_background(fn, on_done, on_error)

    def _job_ended(self) -> None:
        self._jobs = max(0, self._jobs - 1)
        if not self._closing:
            self._update_buttons()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and not self._closing:
            rows, columns = self.model.rowCount(), self.model.columnCount()
            if rows:  # every cell again: dates and counts follow the language (gui.formatting)
                self.model.dataChanged.emit(self.model.index(0, 0), self.model.index(rows - 1, columns - 1))
            self._show_detail(self.current_request_id())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.schedule_refresh()

    def shutdown(self) -> None:
        """The window is closing: stop reacting to timers and late background results."""
        self._closing = True
        self._refresh_timer.stop()
        if self.new_request_dialog is not None:
            self.new_request_dialog._closed = True


def _create_request(service: Any, rfc: str, submit: bool, values: dict[str, Any]) -> dict[str, Any]:
    """Runs on a pool thread: ``create_request`` with the dialog's values (plain data in, plain data out), or
    ``create_requests`` when they ask for several (``rfc_types``: both directions, or a period over a month)."""
    if "rfc_types" in values:
        return service.create_requests(rfc, submit=submit, **values)
    return service.create_request(rfc, submit=submit, **values)
