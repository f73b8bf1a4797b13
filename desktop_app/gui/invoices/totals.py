"""The totals bar: count and sums (MXN) of everything the current filter matches, not just what is loaded.

Never a cut number: the figures sit in a flow layout that moves them to a new line when the window is narrow
(a label always gets its whole text's width), and each one repeats its full value in its tooltip.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QWidget,
)

from desktop_app.gui.formatting import number
from desktop_app.gui.invoices.flow import FlowLayout
from desktop_app.gui.invoices.model import DIRECTION_TEXT, TYPE_TEXT, money


def tr(text: str) -> str:
    return QCoreApplication.translate("InvoicesPage", text)


FIELDS = [
    ("count", QT_TRANSLATE_NOOP("InvoicesPage", "Comprobantes")),
    ("subtotal", QT_TRANSLATE_NOOP("InvoicesPage", "Subtotal")),
    ("iva_transferred", QT_TRANSLATE_NOOP("InvoicesPage", "IVA trasladado")),
    ("ieps_transferred", QT_TRANSLATE_NOOP("InvoicesPage", "IEPS")),
    ("iva_withheld", QT_TRANSLATE_NOOP("InvoicesPage", "IVA retenido")),
    ("isr_withheld", QT_TRANSLATE_NOOP("InvoicesPage", "ISR retenido")),
    ("payroll_isr", QT_TRANSLATE_NOOP("InvoicesPage", "ISR retenido de nómina")),
    ("total", QT_TRANSLATE_NOOP("InvoicesPage", "Total")),
]


# What the breakdown groups the filter's totals by (``index.group_totals``): each direction, type and currency
# apart — issued and received, or an invoice and a credit note, never added into one figure.
BREAKDOWN_KEYS = ("direction", "type", "currency")
BREAKDOWN_COLUMNS = [
    QT_TRANSLATE_NOOP("InvoicesPage", "Dirección"),
    QT_TRANSLATE_NOOP("InvoicesPage", "Tipo"),
    QT_TRANSLATE_NOOP("InvoicesPage", "Moneda"),
    QT_TRANSLATE_NOOP("InvoicesPage", "Comprobantes"),
    QT_TRANSLATE_NOOP("InvoicesPage", "Subtotal"),
    QT_TRANSLATE_NOOP("InvoicesPage", "IVA trasladado"),
    QT_TRANSLATE_NOOP("InvoicesPage", "IEPS"),
    QT_TRANSLATE_NOOP("InvoicesPage", "IVA retenido"),
    QT_TRANSLATE_NOOP("InvoicesPage", "ISR retenido"),
    QT_TRANSLATE_NOOP("InvoicesPage", "ISR retenido de nómina"),
    QT_TRANSLATE_NOOP("InvoicesPage", "Total (MXN)"),
    QT_TRANSLATE_NOOP("InvoicesPage", "Cancelados"),
]
_BREAKDOWN_SUMS = (
    "subtotal", "iva_transferred", "ieps_transferred", "iva_withheld", "isr_withheld", "payroll_isr_withheld", "total"
)  # fmt: skip


class TotalsBar(QFrame):
    """Count, subtotal, IVA trasladado, IEPS, IVA retenido, ISR retenido, the ISR withheld from salaries (payroll
    receipts; declared apart) and total for the current filter (amounts in MXN); how many cancelled documents
    it leaves out of them (``cancelled_label``), how many constancias de retenciones (``retenciones_label``) and
    how many damaged ones (``damaged_label``), each hidden when none; and a breakdown by direction, type and
    currency (``breakdown``, shown by ``breakdown_button``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("totalsBar")
        self.setAccessibleName(tr("Totales del filtro"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        layout = FlowLayout(self, gap=3)
        self.labels: dict[str, QLabel] = {}
        for key, title in FIELDS:
            label = QLabel(self)
            label.setObjectName(f"totals_{key}")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setProperty("title", tr(title))
            layout.addWidget(label)
            self.labels[key] = label
        self.damaged_label = self._apart_label("totals_damaged")
        layout.addWidget(self.damaged_label)
        self.cancelled_label = self._apart_label("totals_cancelled")
        layout.addWidget(self.cancelled_label)
        self.retenciones_label = self._apart_label("totals_retenciones")
        layout.addWidget(self.retenciones_label)
        self.breakdown_button = QToolButton(self)
        self.breakdown_button.setObjectName("totalsBreakdownButton")
        self.breakdown_button.setText(tr("Desglose"))
        self.breakdown_button.setAccessibleName(tr("Mostrar el desglose por dirección, tipo y moneda"))
        self.breakdown_button.setToolTip(tr("Totales por emitidos y recibidos, tipo de comprobante y moneda"))
        self.breakdown_button.setCheckable(True)
        layout.addWidget(self.breakdown_button)
        self.breakdown = QTableWidget(0, len(BREAKDOWN_COLUMNS))
        self.breakdown.setObjectName("totalsBreakdown")
        self.breakdown.setAccessibleName(tr("Desglose de los totales"))
        self.breakdown.setHorizontalHeaderLabels([tr(c) for c in BREAKDOWN_COLUMNS])
        self.breakdown.verticalHeader().hide()
        self.breakdown.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.breakdown.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.breakdown.setWordWrap(False)
        self.breakdown.setVisible(False)
        self.breakdown_button.toggled.connect(self.breakdown.setVisible)
        self.values: dict[str, str] = {}  # the texts shown, empty while computing
        self.set_pending()

    def _apart_label(self, name: str) -> QLabel:
        """A line saying what the totals leave out, hidden until there is some."""
        label = QLabel(self)
        label.setObjectName(name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setVisible(False)
        return label

    def set_pending(self) -> None:
        self.values = {}
        for label in self.labels.values():
            label.setText(f"{label.property('title')}: …")
            label.setToolTip("")
        for apart in (self.damaged_label, self.cancelled_label, self.retenciones_label):
            apart.setVisible(False)
        self.breakdown.setRowCount(0)
        self.setToolTip(tr("Calculando totales…"))

    def set_totals(self, totals: dict[str, Any]) -> None:
        # each tax apart (issue 17.1): what a return asks for, never IVA and ISR withheld added into one figure
        self.values = {
            "count": number(totals["count"]),
            "subtotal": money(totals["subtotal"]),
            "iva_transferred": money(totals["iva_transferred"]),
            "ieps_transferred": money(totals.get("ieps_transferred", "0")),
            "iva_withheld": money(totals["iva_withheld"]),
            "isr_withheld": money(totals["isr_withheld"]),
            "payroll_isr": money(totals.get("payroll_isr_withheld", "0")),
            "total": money(totals["total"]),
        }
        for key, label in self.labels.items():
            label.setText(f"{label.property('title')}: <b>{self.values[key]}</b>")
            label.setAccessibleName(f"{label.property('title')}: {self.values[key]}")
            label.setToolTip(f"{label.property('title')}: {self.values[key]}")  # the whole figure, always
        # IEPS only where there is some (most businesses never charge it): one figure less to read past
        self.labels["ieps_transferred"].setVisible(Decimal(totals.get("ieps_transferred") or 0) != 0)
        self._show_apart(
            "damaged",
            self.damaged_label,
            totals,
            tr("Dañados (no sumados): {0}"),
            tr(
                "Comprobantes de este filtro con el XML dañado: no se muestran ni se suman. "
                "Activa «Sólo dañados» para verlos."
            ),
        )
        self._show_apart(
            "cancelled",
            self.cancelled_label,
            totals,
            tr("Cancelados (fuera de los totales): {0}"),
            tr("Los cancelados no se suman (su total: {0}). Filtra por Estado «Cancelado» para verlos.").format(
                money(totals.get("cancelled_total", "0"))
            ),
        )
        self._show_apart(
            "retenciones",
            self.retenciones_label,
            totals,
            tr("Constancias de retenciones (fuera de los totales): {0}"),
            tr(
                "Las constancias de retenciones no son facturas: su total es el monto de la operación y sus "
                "retenciones suelen estar también en los CFDI de esos pagos, así que no se suman con ellas. "
                "Filtra por Tipo «R Retenciones» para verlas y sumarlas; el desglose las muestra aparte."
            ),
        )
        self.setToolTip(tr("Importes en pesos mexicanos (MXN), convertidos con el tipo de cambio de cada CFDI."))

    def _show_apart(self, key: str, label: QLabel, totals: dict[str, Any], text: str, why: str) -> None:
        """``label`` says how many documents of ``totals[key]`` the totals leave out (``text`` with the number in
        ``{0}``, ``why`` its tooltip); hidden when none."""
        count = int(totals.get(key) or 0)
        self.values[key] = number(count)
        if count:
            shown = text.format(number(count))
            label.setText(shown)
            label.setAccessibleName(shown)
            label.setToolTip(why)
        label.setVisible(bool(count))

    def set_groups(self, groups: list[dict[str, Any]]) -> None:
        """The breakdown: one row per direction, type and currency of the filter (``index.group_totals``)."""
        self.breakdown.setRowCount(len(groups))
        for row, group in enumerate(groups):
            keys = group["keys"]
            direction = DIRECTION_TEXT.get(keys["direction"])
            kind = TYPE_TEXT.get(keys["type"])
            currency = keys["currency"] or tr("(sin moneda)")
            if group.get("converted_from"):
                currency = tr("{0}, convertido a MXN").format(currency)
            values = [
                tr(direction) if direction else keys["direction"],
                tr(kind) if kind else (keys["type"] or tr("(sin tipo)")),
                currency,
                number(group["count"]),
                *(money(group[key]) for key in _BREAKDOWN_SUMS),
                number(group.get("cancelled", 0)),
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if column >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.breakdown.setItem(row, column, item)
