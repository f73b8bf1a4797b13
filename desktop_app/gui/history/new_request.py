"""Nueva solicitud: the seed's manual request parameters, validated as the user types.

The dialog submits through a function it is given (the page passes one that calls
``DescargaService.create_request``, or ``create_requests`` for several), run in the background; SAT's and the
ledger's refusals come back as error codes and are shown inline with :func:`desktop_app.gui.messages.describe`.

"Emitidos y recibidos" and periods longer than a month become several requests, one per direction and per
calendar month (core's :func:`desktop_app.core.service.request_periods`, SAT takes at most a month per request);
the dialog says how many before the user confirms, and each one goes through the ledger's de-duplication.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import AppError
from desktop_app.core.service import request_periods
from desktop_app.gui.formatting import date_format
from desktop_app.gui.history.vocabulary import tr
from desktop_app.gui.messages import describe
from desktop_app.gui.workers.background import run_in_background

RFC_RE = re.compile(r"^[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}$")
LOOKBACK_YEARS = 6  # SAT serves the last six fiscal years
BOTH = "both"  # the "Emitidos y recibidos" choice: one request per direction


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class NewRequestDialog(QDialog):
    """Servicio, periodo, emitidos/recibidos, CFDI/Metadatos, tipo y estado de comprobante, RFC a cuenta de terceros.

    Servicio: CFDI or Retenciones e información de pagos (SAT's other family of the service). Retenciones take
    no tipo de comprobante nor RFC a cuenta de terceros (``core.sat.query.validate``), so those rows are hidden
    while it is chosen; everything else, received XML only Vigentes included, is the same for both.

    Descargar: Emitidos, Recibidos, or both (two requests); a period longer than a month is split into calendar
    months (:meth:`plan`), and ``count_label`` says how many requests that makes before the user confirms.

    Signals:
        request_created(object): the ``create_request`` answer (``request_id``, ``status``, ``duplicate`` …), or
            for several requests ``create_requests``' (``requests``: one such answer each, ``created``,
            ``resumed``, ``duplicates``), emitted just before the dialog closes with ``accept()``.
    """

    request_created = Signal(object)

    def __init__(
        self,
        today: date,
        submit: Callable[[dict[str, Any]], Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newRequestDialog")
        self.setWindowTitle(tr("Nueva solicitud al SAT"))
        self.setAccessibleName(tr("Nueva solicitud al SAT"))
        self._submit = submit
        self._today = today
        self._busy = False
        self._closed = False
        self._status_choice = "all"  # what the user picked before recibidos + CFDI forced Vigentes
        self.result_data: dict[str, Any] | None = None

        first = today.replace(day=1)
        previous_end = date.fromordinal(first.toordinal() - 1)
        previous_start = previous_end.replace(day=1)
        oldest = date(today.year - LOOKBACK_YEARS, 1, 1)

        self.start_edit = self._date_edit("startDateEdit", tr("Fecha inicial del periodo"), previous_start, oldest)
        self.end_edit = self._date_edit("endDateEdit", tr("Fecha final del periodo"), previous_end, oldest)

        self.service = QComboBox()
        self.service.setObjectName("serviceCombo")
        self.service.setAccessibleName(tr("Servicio del SAT"))
        self.service.addItem(tr("CFDI"), "cfdi")
        self.service.addItem(tr("Retenciones e información de pagos"), "retenciones")

        self.rfc_type = QComboBox()
        self.rfc_type.setObjectName("rfcTypeCombo")
        self.rfc_type.setAccessibleName(tr("Emitidos o recibidos"))
        self.rfc_type.addItem(tr("Recibidos"), "received")
        self.rfc_type.addItem(tr("Emitidos"), "issued")
        self.rfc_type.addItem(tr("Emitidos y recibidos"), BOTH)

        self.request_type = QComboBox()
        self.request_type.setObjectName("requestTypeCombo")
        self.request_type.setAccessibleName(tr("CFDI o metadatos"))
        self.request_type.addItem(tr("CFDI (XML)"), "cfdi")
        self.request_type.addItem(tr("Metadatos"), "metadata")

        self.invoice_type = QComboBox()
        self.invoice_type.setObjectName("invoiceTypeCombo")
        self.invoice_type.setAccessibleName(tr("Tipo de comprobante"))
        self.invoice_type.addItem(tr("Todos"), None)
        for code, name in (
            ("I", QT_TRANSLATE_NOOP("HistoryPage", "Ingreso")),
            ("E", QT_TRANSLATE_NOOP("HistoryPage", "Egreso")),
            ("P", QT_TRANSLATE_NOOP("HistoryPage", "Pago")),
            ("N", QT_TRANSLATE_NOOP("HistoryPage", "Nómina")),
            ("T", QT_TRANSLATE_NOOP("HistoryPage", "Traslado")),
        ):
            self.invoice_type.addItem(f"{code} {tr(name)}", code)

        self.invoice_status = QComboBox()
        self.invoice_status.setObjectName("invoiceStatusCombo")
        self.invoice_status.setAccessibleName(tr("Estado del comprobante"))
        self.invoice_status.addItem(tr("Todos"), "all")
        self.invoice_status.addItem(tr("Vigentes"), "active")
        self.invoice_status.addItem(tr("Cancelados"), "cancelled")
        self.status_note = QLabel()
        self.status_note.setObjectName("invoiceStatusNote")
        self.status_note.setWordWrap(True)
        self.status_note.setAccessibleName(tr("Nota sobre el estado del comprobante"))

        self.third_party = QLineEdit()
        self.third_party.setObjectName("thirdPartyEdit")
        self.third_party.setAccessibleName(tr("RFC a cuenta de terceros (opcional)"))
        self.third_party.setPlaceholderText(tr("Opcional"))
        self.third_party.setMaxLength(13)

        self.count_label = QLabel()
        self.count_label.setObjectName("requestCountLabel")
        self.count_label.setAccessibleName(tr("Solicitudes que se crearán"))
        self.count_label.setWordWrap(True)
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)

        self.error_label = QLabel()
        self.error_label.setObjectName("dialogErrorLabel")
        self.error_label.setAccessibleName(tr("Error en la solicitud"))
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("&Solicitar"))
        self.ok_button.setObjectName("submitRequestButton")
        self.ok_button.setAccessibleName(tr("Enviar la solicitud al SAT"))
        self.ok_button.setDefault(True)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(tr("Cancelar"))  # Escape; "C" is Contenido's mnemonic
        cancel.setObjectName("cancelRequestButton")
        cancel.setAccessibleName(tr("Cancelar"))
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

        period = QHBoxLayout()
        period.addWidget(self.start_edit)
        to_label = QLabel(tr("&al"))
        to_label.setBuddy(self.end_edit)
        period.addWidget(to_label)
        period.addWidget(self.end_edit)
        period.addStretch(1)
        form = QFormLayout()
        self.form = form
        self._row(form, tr("Ser&vicio:"), self.service)
        self._row(form, tr("&Periodo del:"), self.start_edit, period)
        self._row(form, tr("&Descargar:"), self.rfc_type)
        self._row(form, tr("&Contenido:"), self.request_type)
        self._row(form, tr("&Tipo de comprobante:"), self.invoice_type)
        self._row(form, tr("&Estado del comprobante:"), self.invoice_status)
        form.addRow("", self.status_note)
        self._row(form, tr("&RFC a cuenta de terceros:"), self.third_party)
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "Pide al SAT los comprobantes de un periodo. El SAT entrega hasta un mes por solicitud: un periodo "
                "más largo se pide en una solicitud por mes, y «Emitidos y recibidos» en una de cada uno."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.count_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 72)

        for edit in (self.start_edit, self.end_edit):
            edit.dateChanged.connect(self._on_input_changed)
        self.service.currentIndexChanged.connect(self._on_service_changed)
        self.rfc_type.currentIndexChanged.connect(self._on_kind_changed)
        self.request_type.currentIndexChanged.connect(self._on_kind_changed)
        self.invoice_status.currentIndexChanged.connect(self._on_status_changed)
        self.third_party.textChanged.connect(self._on_input_changed)
        self._on_kind_changed()

    # -- construction helpers -----------------------------------------------------------------------------------

    def _date_edit(self, name: str, accessible: str, value: date, oldest: date) -> QDateEdit:
        edit = QDateEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(date_format())  # dd/MM/yyyy in Spanish (México)
        edit.setDateRange(_qdate(oldest), _qdate(self._today))
        edit.setDate(_qdate(value))
        return edit

    @staticmethod
    def _row(form: QFormLayout, text: str, buddy: QWidget, field: Any = None) -> None:
        label = QLabel(text)
        label.setBuddy(buddy)
        form.addRow(label, field if field is not None else buddy)

    # -- validation --------------------------------------------------------------------------------------------

    def is_retenciones(self) -> bool:
        return self.service.currentData() == "retenciones"

    @Slot()
    def _on_service_changed(self) -> None:
        """Retenciones: no tipo de comprobante nor RFC a cuenta de terceros (SAT's rules for that service)."""
        cfdi = not self.is_retenciones()
        self.form.setRowVisible(self.invoice_type, cfdi)
        self.form.setRowVisible(self.third_party, cfdi)
        self._on_input_changed()

    def forced_active(self) -> bool:
        """Received XML: SAT only hands out Vigentes (metadata carries the cancelled ones' status)."""
        return self.rfc_type.currentData() == "received" and self.request_type.currentData() == "cfdi"

    def both_cfdi(self) -> bool:
        """Issued and received XML at once: the received request asks for Vigentes whatever the choice."""
        return self.rfc_type.currentData() == BOTH and self.request_type.currentData() == "cfdi"

    @Slot()
    def _on_kind_changed(self) -> None:
        self.invoice_status.blockSignals(True)
        if self.forced_active():
            self.invoice_status.setCurrentIndex(self.invoice_status.findData("active"))
            self.invoice_status.setEnabled(False)
            self.status_note.setText(
                tr(
                    "Para CFDI recibidos sólo se piden los vigentes: el SAT ya no entrega el XML de los recibidos "
                    "cancelados. Pide Metadatos para conocer el estado de los cancelados."
                )
            )
            self.status_note.show()
        else:
            self.invoice_status.setEnabled(True)
            self.invoice_status.setCurrentIndex(max(0, self.invoice_status.findData(self._status_choice)))
            if self.both_cfdi():
                self.status_note.setText(
                    tr(
                        "De los recibidos sólo se piden los vigentes: el SAT ya no entrega el XML de los recibidos "
                        "cancelados. Pide Metadatos para conocer el estado de los cancelados."
                    )
                )
                self.status_note.show()
            else:
                self.status_note.clear()
                self.status_note.hide()
        self.invoice_status.blockSignals(False)
        self._on_input_changed()

    @Slot(int)
    def _on_status_changed(self, _index: int) -> None:
        if not self.forced_active():
            self._status_choice = self.invoice_status.currentData()
        self._on_input_changed()

    def validation_error(self) -> str:
        """The first problem with the current values, in Spanish ("" when there is none)."""
        start = _pydate(self.start_edit.date())
        end = _pydate(self.end_edit.date())
        if end < start:
            return tr("La fecha final no puede ser anterior a la fecha inicial.")
        if self.both_cfdi() and self.invoice_status.currentData() == "cancelled":
            return tr(
                "El SAT no entrega el XML de los recibidos cancelados: con «Emitidos y recibidos» elige Todos o "
                "Vigentes, o pide Metadatos."
            )
        third = self.third_party.text().strip().upper()
        if third and not self.is_retenciones() and not RFC_RE.match(third):
            return tr("El RFC a cuenta de terceros no es válido: tiene 12 (moral) o 13 (física) caracteres.")
        return ""

    def directions(self) -> list[str]:
        choice = self.rfc_type.currentData()
        return ["issued", "received"] if choice == BOTH else [choice]

    def plan(self) -> list[tuple[str, str, str]]:
        """``(rfc_type, start, end)`` of every request the dialog will create: each direction over each piece
        core cuts the period into (the period itself up to a month, else its calendar months)."""
        start = _pydate(self.start_edit.date()).isoformat()
        end = _pydate(self.end_edit.date()).isoformat()
        pieces = request_periods(start, end) if start <= end else [(start, end)]
        return [(direction, first, last) for direction in self.directions() for first, last in pieces]

    def count_text(self) -> str:
        """How many requests "Solicitar" creates, and why when it is more than one."""
        plan = self.plan()
        count = len(plan)
        months = count // len(self.directions())
        if count == 1:
            return tr("Se creará 1 solicitud al SAT.")
        if months == 1:
            text = tr("Se crearán 2 solicitudes al SAT: una de emitidos y una de recibidos.")
        elif len(self.directions()) == 1:
            text = QCoreApplication.translate(
                "HistoryPage",
                "Se crearán %n solicitudes al SAT, una por mes: el SAT entrega hasta un mes por solicitud.",
                None,
                count,
            )
        else:
            text = QCoreApplication.translate(
                "HistoryPage",
                "Se crearán %n solicitudes al SAT, una por mes de emitidos y otra de recibidos: el SAT entrega "
                "hasta un mes por solicitud.",
                None,
                count,
            )
        return text + " " + tr("Las que ya se pidieron no se vuelven a pedir.")

    @Slot()
    def _on_input_changed(self) -> None:
        error = self.validation_error()
        self.error_label.setText(error)
        self.count_label.setText("" if error else self.count_text())
        self.count_label.setVisible(not error)
        self.ok_button.setEnabled(not error and not self._busy)
        self._fit()

    def _fit(self) -> None:
        """Grow with the inline messages instead of clipping them (large fonts, long Spanish sentences)."""
        layout = self.layout()
        if layout is None:
            return
        width = max(self.width(), self.minimumWidth())
        needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
        if needed > self.height():
            self.resize(width, needed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit()

    # -- result ----------------------------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The keyword arguments of ``DescargaService.create_request`` (besides the RFC) for one request; for
        several (:meth:`plan`), those of ``create_requests``: ``rfc_types`` instead of ``rfc_type``.

        ``service`` is given only for Retenciones (CFDI is ``create_request``'s default); the hidden rows'
        values are not sent then. Issued and received XML with status "Todos" sends no status: each request
        gets SAT's own (all issued, the received vigentes).
        """
        retenciones = self.is_retenciones()
        third = self.third_party.text().strip().upper()
        status = "active" if self.forced_active() else self.invoice_status.currentData()
        if self.both_cfdi() and status == "all":
            status = None
        values: dict[str, Any] = {
            "start": _pydate(self.start_edit.date()).isoformat(),
            "end": _pydate(self.end_edit.date()).isoformat(),
            "rfc_type": self.rfc_type.currentData(),
            "request_type": self.request_type.currentData(),
            "invoice_type": None if retenciones else self.invoice_type.currentData(),
            "invoice_status": status,
            "third_party_rfc": None if retenciones else third or None,
        }
        if len(self.plan()) > 1:
            del values["rfc_type"]
            values = {"start": values.pop("start"), "end": values.pop("end"), "rfc_types": self.directions(), **values}
        if retenciones:
            values["service"] = "retenciones"
        return values

    @Slot()
    def _on_buttons_accepted(self) -> None:
        error = self.validation_error()
        if error or self._busy:
            self.error_label.setText(error)
            return
        values = self.values()
        if self._submit is None:
            self.result_data = {"values": values}
            self.accept()
            return
        self._set_busy(True)
        self.error_label.setText(tr("Enviando la solicitud…"))
        self._fit()
        submit = self._submit
        run_in_background(lambda: submit(values), self._on_submit_done, self._on_submit_failed)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (
            self.service,
            self.start_edit,
            self.end_edit,
            self.rfc_type,
            self.request_type,
            self.invoice_type,
        ):
            widget.setEnabled(not busy)
        self.invoice_status.setEnabled(not busy and not self.forced_active())
        self.third_party.setEnabled(not busy)
        self.ok_button.setEnabled(not busy)

    def _on_submit_done(self, result: Any) -> None:
        if self._closed:
            return
        self._set_busy(False)
        self.result_data = result
        self.request_created.emit(result)
        self.accept()

    def _on_submit_failed(self, error: AppError) -> None:
        if self._closed:
            return
        self._set_busy(False)
        if error.code == "internal_error":
            from desktop_app.gui.dialogs import show_error

            self.error_label.setText("")
            show_error(self, error)
            return
        self.error_label.setText(describe(error))
        self._fit()

    def done(self, result: int) -> None:
        if self._busy and result == QDialog.DialogCode.Rejected:
            return  # the submission is on its way: wait for SAT's answer
        self._closed = True
        super().done(result)

    @property
    def busy(self) -> bool:
        return self._busy
