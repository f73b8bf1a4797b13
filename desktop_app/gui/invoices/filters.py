"""The filter bar: period, emitidas/recibidas, tipo, estado (vigente, cancelado, desconocido, or the damaged
documents), text (RFC/nombre/UUID), amount range, método de pago, forma de pago, uso de CFDI (SAT's catalogs),
"PPD con saldo pendiente" and "Sólo dañados" (the damaged documents, which every other view leaves out; the same
as the Estado «Dañados»)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    QEvent,
    QRegularExpression,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from desktop_app.core.index import InvoiceFilter
from desktop_app.gui.formatting import date_format
from desktop_app.gui.invoices.catalogs import codes, labelled
from desktop_app.gui.invoices.flow import FlowLayout
from desktop_app.gui.invoices.model import TYPE_TEXT

TEXT_DEBOUNCE_MS = 300


def tr(text: str) -> str:
    return QCoreApplication.translate("InvoicesPage", text)


PERIODS = [
    ("all", QT_TRANSLATE_NOOP("InvoicesPage", "Todo")),
    ("this_month", QT_TRANSLATE_NOOP("InvoicesPage", "Este mes")),
    ("last_month", QT_TRANSLATE_NOOP("InvoicesPage", "Mes anterior")),
    ("this_year", QT_TRANSLATE_NOOP("InvoicesPage", "Este año")),
    ("custom", QT_TRANSLATE_NOOP("InvoicesPage", "Personalizado")),
]
DIRECTIONS = [
    (None, QT_TRANSLATE_NOOP("InvoicesPage", "Todas")),
    ("issued", QT_TRANSLATE_NOOP("InvoicesPage", "Emitidas")),
    ("received", QT_TRANSLATE_NOOP("InvoicesPage", "Recibidas")),
]
TYPES = [(None, QT_TRANSLATE_NOOP("InvoicesPage", "Todos los tipos")), *TYPE_TEXT.items()]
DAMAGED = "damaged"  # the Estado entry of the damaged documents (InvoiceFilter.damaged, not a status)
STATUSES = [
    (None, QT_TRANSLATE_NOOP("InvoicesPage", "Todos los estados")),
    ("vigente", QT_TRANSLATE_NOOP("InvoicesPage", "Vigente")),
    ("cancelado", QT_TRANSLATE_NOOP("InvoicesPage", "Cancelado")),
    ("unknown", QT_TRANSLATE_NOOP("InvoicesPage", "Desconocido")),
    (DAMAGED, QT_TRANSLATE_NOOP("InvoicesPage", "Dañados")),
]
# The first entry of each catalog filter; the others are SAT's codes with their names ("03 — Transferencia…").
ANY_CODE = [
    ("c_MetodoPago", QT_TRANSLATE_NOOP("InvoicesPage", "Todos los métodos")),
    ("c_FormaPago", QT_TRANSLATE_NOOP("InvoicesPage", "Todas las formas")),
    ("c_UsoCFDI", QT_TRANSLATE_NOOP("InvoicesPage", "Todos los usos")),
]


def period_range(choice: str, today: date) -> tuple[date, date] | None:
    """The dates of a quick choice (None for "Todo"/"Personalizado")."""
    if choice == "this_month":
        start = today.replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return start, end
    if choice == "last_month":
        end = today.replace(day=1) - timedelta(days=1)
        return end.replace(day=1), end
    if choice == "this_year":
        return date(today.year, 1, 1), date(today.year, 12, 31)
    return None


class FilterBar(QWidget):
    """Edits an :class:`InvoiceFilter`; text waits for a pause in typing before it filters.

    Args:
        today: returns today's date (the service clock, so tests and the demo agree with the data).

    Signals:
        filter_changed(object): the new InvoiceFilter.
    """

    filter_changed = Signal(object)

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._quiet = False
        # Label + field pairs that wrap to another line in a narrow window (800×600) instead of widening it.
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        layout = FlowLayout(self, gap=2)
        layout.setContentsMargins(0, 0, 0, 0)

        self.period = self._combo("filterPeriodCombo", tr("Periodo"), [(k, tr(t)) for k, t in PERIODS])
        self.date_from = self._date("filterFrom", tr("Desde"))
        self.date_to = self._date("filterTo", tr("Hasta"))
        self.direction = self._combo("filterDirection", tr("Emitidas o recibidas"), [(k, tr(t)) for k, t in DIRECTIONS])
        self.type = self._combo("filterType", tr("Tipo de comprobante"), [(k, tr(t)) for k, t in TYPES])
        self.status = self._combo("filterStatus", tr("Estado"), [(k, tr(t)) for k, t in STATUSES])
        any_code = {catalog: tr(text) for catalog, text in ANY_CODE}
        self.payment_method, self.payment_form, self.cfdi_use = (
            self._combo(
                name, accessible, [(None, any_code[catalog]), *((c, labelled(catalog, c)) for c in codes(catalog))]
            )
            for name, accessible, catalog in (
                ("filterPaymentMethod", tr("Método de pago"), "c_MetodoPago"),
                ("filterPaymentForm", tr("Forma de pago"), "c_FormaPago"),
                ("filterUse", tr("Uso de CFDI"), "c_UsoCFDI"),
            )
        )
        for combo in (self.payment_method, self.payment_form, self.cfdi_use):
            # SAT's names are long ("03 — Transferencia electrónica de fondos"): the box shows their start, the
            # list opens wide enough for them whole
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(18)
            view = combo.view()
            widest = max(view.fontMetrics().horizontalAdvance(combo.itemText(k)) for k in range(combo.count()))
            view.setMinimumWidth(
                widest + 4 * view.fontMetrics().averageCharWidth() + view.verticalScrollBar().sizeHint().width()
            )
        self.pending = QCheckBox(tr("PPD con saldo pe&ndiente"), self)
        self.pending.setObjectName("filterPending")
        self.pending.setAccessibleName(tr("Sólo facturas PPD con saldo pendiente"))
        self.pending.setToolTip(
            tr(
                "Facturas con método de pago PPD, no canceladas, a las que les falta por pagar: el saldo insoluto "
                "del último complemento de pago no cancelado que las paga o, si no hay ninguno, su total."
            )
        )
        self.text = QLineEdit(self)
        self.text.setObjectName("filterText")
        self.text.setAccessibleName(tr("Buscar por RFC, nombre o UUID"))
        self.text.setPlaceholderText(tr("RFC, nombre o UUID"))
        self.text.setToolTip(
            tr(
                "Busca en el RFC y el nombre del emisor y del receptor, sin importar acentos ni mayúsculas. "
                "Para buscar por UUID escribe al menos 8 caracteres de él."
            )
        )
        self.text.setClearButtonEnabled(True)
        self.text.setMinimumWidth(self.text.fontMetrics().averageCharWidth() * 24)
        amount = QRegularExpressionValidator(QRegularExpression(r"^\d{0,15}([.]\d{0,2})?$"), self)
        self.min_total = QLineEdit(self)
        self.min_total.setObjectName("filterMinTotal")
        self.min_total.setAccessibleName(tr("Total mínimo"))
        self.min_total.setPlaceholderText(tr("mínimo"))
        self.min_total.setValidator(amount)
        self.max_total = QLineEdit(self)
        self.max_total.setObjectName("filterMaxTotal")
        self.max_total.setAccessibleName(tr("Total máximo"))
        self.max_total.setPlaceholderText(tr("máximo"))
        self.max_total.setValidator(amount)
        self.damaged = QCheckBox(tr("&Sólo dañados"), self)
        self.damaged.setObjectName("filterDamaged")
        self.damaged.setAccessibleName(tr("Mostrar sólo los comprobantes dañados"))
        self.damaged.setToolTip(
            tr(
                "Comprobantes cuyo XML está dañado (no es XML válido): se guardan en la bóveda, pero no aparecen "
                "en la lista ni se suman en los totales. Pide una copia nueva al SAT o al emisor."
            )
        )

        cells = [
            (tr("&Periodo:"), self.period),
            (tr("&Desde:"), self.date_from),
            (tr("&Hasta:"), self.date_to),
            (tr("&Ver:"), self.direction),
            (tr("&Tipo:"), self.type),
            (tr("&Estado:"), self.status),
            (tr("&Buscar:"), self.text),
            (tr("Total &mín.:"), self.min_total),
            (tr("Total má&x.:"), self.max_total),
            (tr("Método de pa&go:"), self.payment_method),
            (tr("&Forma de pago:"), self.payment_form),
            (tr("&Uso de CFDI:"), self.cfdi_use),
        ]
        for caption, widget in cells:
            pair = QWidget(self)
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 0, 0)
            label = QLabel(caption, pair)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget)
            layout.addWidget(pair)
        layout.addWidget(self.pending)
        layout.addWidget(self.damaged)

        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(TEXT_DEBOUNCE_MS)
        self._text_timer.timeout.connect(self._emit)
        self.text.textChanged.connect(self._text_timer.start)
        self.period.currentIndexChanged.connect(self._on_period_changed)
        self.date_from.dateChanged.connect(self._on_date_edited)
        self.date_to.dateChanged.connect(self._on_date_edited)
        for combo in (self.direction, self.type, self.payment_method, self.payment_form, self.cfdi_use):
            combo.currentIndexChanged.connect(self._emit)
        self.status.currentIndexChanged.connect(self._on_status_changed)
        self.min_total.editingFinished.connect(self._emit)
        self.max_total.editingFinished.connect(self._emit)
        self.pending.toggled.connect(self._emit)
        self.damaged.toggled.connect(self._on_damaged_toggled)
        self._set_dates(None)
        self._dates_apply(self.period.currentData() != "all")
        self._last: InvoiceFilter | None = None

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:  # the dates as the new language writes them
            for edit in (self.date_from, self.date_to):
                edit.setDisplayFormat(date_format())

    def _combo(self, name: str, accessible: str, items: list[tuple[str | None, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        for key, text in items:
            combo.addItem(text, key)
        return combo

    def _date(self, name: str, accessible: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(date_format())  # dd/MM/yyyy in Spanish (México), like every date in the window
        return edit

    def _set_dates(self, span: tuple[date, date] | None) -> None:
        self._quiet = True
        try:
            if span is None:
                today = self._today()
                span = (date(today.year, 1, 1), today)
            self.date_from.setDate(QDate(span[0].year, span[0].month, span[0].day))
            self.date_to.setDate(QDate(span[1].year, span[1].month, span[1].day))
        finally:
            self._quiet = False

    def _dates_apply(self, apply: bool) -> None:
        """«Todo» filters by no date: its Desde and Hasta are greyed out, so that the dates they still hold
        (today's year, or the period chosen before) are never read as the span of the list and its totals."""
        hint = "" if apply else tr("Con «Todo» no se filtra por fecha: elige otro periodo o «Personalizado».")
        for edit in (self.date_from, self.date_to):
            edit.setEnabled(apply)
            edit.setToolTip(hint)

    @Slot(int)
    def _on_period_changed(self, _index: int) -> None:
        choice = self.period.currentData()
        span = period_range(choice, self._today())
        if span is not None:
            self._set_dates(span)
        self._dates_apply(choice != "all")
        self._emit()

    @Slot()
    def _on_date_edited(self) -> None:
        if self._quiet:
            return
        self._quiet = True
        self.period.setCurrentIndex([k for k, _ in PERIODS].index("custom"))
        self._quiet = False
        self._emit()

    @Slot(int)
    def _on_status_changed(self, _index: int) -> None:
        """Estado «Dañados» and «Sólo dañados» are one choice: each shows the other's."""
        damaged = self.status.currentData() == DAMAGED
        if damaged != self.damaged.isChecked():
            self.damaged.blockSignals(True)
            self.damaged.setChecked(damaged)
            self.damaged.blockSignals(False)
        self._emit()

    @Slot(bool)
    def _on_damaged_toggled(self, checked: bool) -> None:
        if checked != (self.status.currentData() == DAMAGED):
            self.status.blockSignals(True)
            self.status.setCurrentIndex(self.status.findData(DAMAGED) if checked else 0)
            self.status.blockSignals(False)
        self._emit()

    @staticmethod
    def _amount(edit: QLineEdit) -> Decimal | None:
        text = edit.text().strip()
        if not text:
            return None
        try:
            return Decimal(text)
        except InvalidOperation:
            return None

    def current(self) -> InvoiceFilter:
        date_from = date_to = None
        if self.period.currentData() != "all":
            date_from = self.date_from.date().toString("yyyy-MM-dd")
            date_to = self.date_to.date().toString("yyyy-MM-dd")
        kind = self.type.currentData()
        status = self.status.currentData()
        method, form, use = (combo.currentData() for combo in (self.payment_method, self.payment_form, self.cfdi_use))
        return InvoiceFilter(
            date_from=date_from,
            date_to=date_to,
            direction=self.direction.currentData(),
            types=(kind,) if kind else (),
            status=None if status == DAMAGED else status,
            text=self.text.text().strip() or None,
            min_total=self._amount(self.min_total),
            max_total=self._amount(self.max_total),
            damaged=self.damaged.isChecked(),
            payment_methods=(method,) if method else (),
            payment_forms=(form,) if form else (),
            cfdi_uses=(use,) if use else (),
            pending_balance=self.pending.isChecked(),
        )

    @Slot()
    def _emit(self) -> None:
        if self._quiet:
            return
        self._text_timer.stop()
        flt = self.current()
        if flt != self._last:
            self._last = flt
            self.filter_changed.emit(flt)

    def apply_now(self) -> None:
        """Filter at once (Enter in the search box; tests) instead of waiting for the typing pause."""
        self._emit()
