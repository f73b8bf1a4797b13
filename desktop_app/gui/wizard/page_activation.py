"""Activación: what activating means, the local usage, and the user's explicit consent (seed: POST /activate).

The consent is remembered and applied at "Terminar" with the rest (``core.setup``); nothing is stored here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.errors import AppError
from desktop_app.core.setup import activation_preview
from desktop_app.gui.context import AppContext
from desktop_app.gui.wizard.base import (
    BUSY,
    OK,
    TODO,
    WizardPageBase,
    WizardState,
    error_text,
    mexico_time,
    paragraph,
    status_label,
    tr,
    with_symbol,
)


class ActivationPage(WizardPageBase):
    """Explains the feature and asks for consent before turning it on."""

    def __init__(self, context: AppContext, state: WizardState, parent: QWidget | None = None) -> None:
        super().__init__(context, state, parent)
        self.setObjectName("activationPage")
        self.setTitle(tr("Activar la descarga masiva"))
        self.setSubTitle(tr("Antes de continuar, lee qué hará la aplicación con tu e.firma."))

        explanation = paragraph(
            tr(
                "Al activar la descarga masiva, esta aplicación usará tu e.firma para consultar al SAT en tu "
                "nombre y descargar los CFDI emitidos y recibidos de este RFC.\n\n"
                "Todo se queda en esta computadora: tus archivos de e.firma, su contraseña (en el llavero del "
                "sistema) y tus facturas. Nada se envía a otro servidor que no sea el SAT.\n\n"
                "No tiene costo: la aplicación habla directamente con el SAT."
            ),
            "activationExplanation",
        )
        explanation.setAccessibleName(tr("Qué significa activar"))
        self.status_label = status_label("activationStatusLabel", tr("Estado de la activación"))
        self.pricing_label = status_label("pricingLabel", tr("Costo"))
        self.usage_label = status_label("usageLabel", tr("Uso en esta computadora"))
        self.consent_check = QCheckBox(
            tr("&Doy mi consentimiento para que la aplicación use mi e.firma para consultar al SAT en mi nombre")
        )
        self.consent_check.setObjectName("consentCheck")
        self.consent_check.setAccessibleName(tr("Consentimiento para usar la e.firma"))
        self.activate_button = QPushButton(tr("Ac&tivar"))  # Alt+A is "‹ Atrás"
        self.activate_button.setObjectName("activateButton")
        self.activate_button.setAccessibleName(tr("Activar la descarga masiva"))
        self.activate_button.setEnabled(False)

        facts = QFormLayout()
        facts.addRow(tr("Estado:"), self.status_label)
        facts.addRow(tr("Costo:"), self.pricing_label)
        facts.addRow(tr("Uso:"), self.usage_label)
        button_row = QHBoxLayout()
        button_row.addWidget(self.activate_button)
        button_row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(facts)
        layout.addWidget(self.consent_check)
        layout.addLayout(button_row)
        layout.addStretch()
        self.setTabOrder(self.consent_check, self.activate_button)

        self.consent_check.toggled.connect(self._on_consent_check_toggled)
        self.activate_button.clicked.connect(self._on_activate_button_clicked)

    def initializePage(self) -> None:
        self.consent_check.setChecked(False)  # consent is given here, each time, for this RFC
        self.status_label.setText(with_symbol(BUSY, tr("Consultando el estado…")))
        self._refresh()

    def _refresh(self) -> None:
        service, rfc = self.context.service, self.state.rfc
        self.run(lambda: activation_preview(service, rfc), self._on_status_loaded, self._on_failed)

    def _on_status_loaded(self, status: dict[str, Any]) -> None:
        self.state.activated = bool(status["isActivated"])
        if self.state.activated:
            self.status_label.setText(
                with_symbol(OK, tr("Activada el {moment}.").format(moment=mexico_time(status.get("activatedAt"))))
            )
            self.consent_check.setChecked(True)
        else:
            self.status_label.setText(with_symbol(TODO, tr("Sin activar.")))
        self.consent_check.setEnabled(not self.state.activated)
        pricing = status.get("pricing") or {}
        self.pricing_label.setText(
            tr("Sin costo ({per} por XML descargado, {monthly} al mes).").format(
                per=pricing.get("perDownload", "$0.00 MXN"), monthly=pricing.get("addonMonthly", "$0.00 MXN")
            )
        )
        usage = status.get("usage") or {}
        self.usage_label.setText(
            tr("{month} XML descargados este mes; {total} en total.").format(
                month=usage.get("xmlDownloadedThisMonth", 0), total=usage.get("xmlDownloadedTotal", 0)
            )
        )
        self._update_button()

    def _on_failed(self, error: AppError) -> None:
        self.status_label.setText(error_text(error))
        self._update_button()

    @Slot(bool)
    def _on_consent_check_toggled(self, _checked: bool) -> None:
        self._update_button()

    def _update_button(self) -> None:
        self.activate_button.setEnabled(self.consent_check.isChecked() and not self.state.activated and not self.busy)

    @Slot()
    def _on_activate_button_clicked(self) -> None:
        if not self.consent_check.isChecked() or self.state.activated or self.busy:
            return
        self.state.activated = True
        self.status_label.setText(
            with_symbol(OK, tr("Consentimiento dado: la descarga masiva se activa al pulsar «Terminar»."))
        )
        self.consent_check.setEnabled(False)
        self._update_button()
        self.completeChanged.emit()
        # The focused button just got disabled: Enter must now mean "Siguiente", not "‹ Atrás".
        wizard = self.wizard()
        if wizard is not None and hasattr(wizard, "focus_default_button"):
            wizard.focus_default_button()

    def ready(self) -> bool:
        return self.state.activated
