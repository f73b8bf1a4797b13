"""The totals bar: count and sums (MXN) of everything the current filter matches, not just what is loaded.

Never a cut number: the figures sit in a flow layout that moves them to a new line when the window is narrow
(a label always gets its whole text's width), and each one repeats its full value in its tooltip.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QWidget

from desktop_app.gui.formatting import number
from desktop_app.gui.invoices.flow import FlowLayout
from desktop_app.gui.invoices.model import money


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


class TotalsBar(QFrame):
    """Count, subtotal, IVA trasladado, retenciones (IVA + ISR of the documents' taxes), the ISR withheld from
    salaries (payroll receipts; declared apart) and total for the current filter (amounts in MXN); and, when the
    filter leaves damaged documents out, how many (``damaged_label``, hidden otherwise)."""

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
        self.damaged_label = QLabel(self)
        self.damaged_label.setObjectName("totals_damaged")
        self.damaged_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.damaged_label.setVisible(False)
        layout.addWidget(self.damaged_label)
        self.values: dict[str, str] = {}  # the texts shown, empty while computing
        self.set_pending()

    def set_pending(self) -> None:
        self.values = {}
        for label in self.labels.values():
            label.setText(f"{label.property('title')}: …")
            label.setToolTip("")
        self.damaged_label.setVisible(False)
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
        damaged = int(totals.get("damaged") or 0)
        self.values["damaged"] = number(damaged)
        if damaged:
            text = tr("Dañados (no sumados): {0}").format(number(damaged))
            self.damaged_label.setText(text)
            self.damaged_label.setAccessibleName(text)
            self.damaged_label.setToolTip(
                tr(
                    "Comprobantes de este filtro con el XML dañado: no se muestran ni se suman. "
                    "Active «Sólo dañados» para verlos."
                )
            )
        self.damaged_label.setVisible(bool(damaged))
        self.setToolTip(tr("Importes en pesos mexicanos (MXN), convertidos con el tipo de cambio de cada CFDI."))
