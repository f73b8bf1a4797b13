"""The totals bar: count and sums (MXN) of everything the current filter matches, not just what is loaded."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from desktop_app.gui.invoices.model import money


def tr(text: str) -> str:
    return QCoreApplication.translate("InvoicesPage", text)


FIELDS = [
    ("count", QT_TRANSLATE_NOOP("InvoicesPage", "Comprobantes")),
    ("subtotal", QT_TRANSLATE_NOOP("InvoicesPage", "Subtotal")),
    ("iva_transferred", QT_TRANSLATE_NOOP("InvoicesPage", "IVA trasladado")),
    ("withheld", QT_TRANSLATE_NOOP("InvoicesPage", "Retenciones (IVA + ISR)")),
    ("total", QT_TRANSLATE_NOOP("InvoicesPage", "Total")),
]


class TotalsBar(QFrame):
    """Count, subtotal, IVA trasladado, retenciones and total for the current filter (amounts in MXN)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("totalsBar")
        self.setAccessibleName(tr("Totales del filtro"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        self.labels: dict[str, QLabel] = {}
        for key, title in FIELDS:
            label = QLabel(self)
            label.setObjectName(f"totals_{key}")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setProperty("title", tr(title))
            layout.addWidget(label)
            self.labels[key] = label
        layout.addStretch(1)
        self.values: dict[str, str] = {}  # the texts shown, empty while computing
        self.set_pending()

    def set_pending(self) -> None:
        self.values = {}
        for label in self.labels.values():
            label.setText(f"{label.property('title')}: …")
        self.setToolTip(tr("Calculando totales…"))

    def set_totals(self, totals: dict[str, Any]) -> None:
        from decimal import Decimal

        withheld = Decimal(totals["iva_withheld"]) + Decimal(totals["isr_withheld"])
        self.values = {
            "count": f"{int(totals['count']):,}",
            "subtotal": money(totals["subtotal"]),
            "iva_transferred": money(totals["iva_transferred"]),
            "withheld": money(withheld),
            "total": money(totals["total"]),
        }
        for key, label in self.labels.items():
            label.setText(f"{label.property('title')}: <b>{self.values[key]}</b>")
            label.setAccessibleName(f"{label.property('title')}: {self.values[key]}")
        self.setToolTip(tr("Importes en pesos mexicanos (MXN), convertidos con el tipo de cambio de cada CFDI."))
