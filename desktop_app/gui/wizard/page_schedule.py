"""Programación: the daily sync (seed: PUT /schedule) and, optionally, the history since the start date.

Saved at "Terminar" (``core.setup``). For an RFC configured before, the page starts from what it has: its
schedule as it is, and the history download off — it was asked for (or declined) the first time, and asking
again would queue hundreds of requests without the user meaning to.
"""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import QTime, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import AppError
from desktop_app.core.schedule import MAX_DAYS_BACK, MIN_DAYS_BACK
from desktop_app.gui.context import AppContext
from desktop_app.gui.wizard.base import (
    INFO,
    WARNING,
    WizardPageBase,
    WizardState,
    error_text,
    paragraph,
    status_label,
    tr,
    with_symbol,
)


class SchedulePage(WizardPageBase):
    """Daily time (Mexico City), emitidos/recibidos, days back, and the optional history download."""

    def __init__(self, context: AppContext, state: WizardState, parent: QWidget | None = None) -> None:
        super().__init__(context, state, parent)
        self.setObjectName("schedulePage")
        self.setTitle(tr("Descarga diaria"))
        self.setSubTitle(
            tr("La aplicación puede pedir al SAT cada día los CFDI nuevos, mientras esté abierta o en la bandeja.")
        )
        self.enabled_check = QCheckBox(tr("Descargar &cada día los CFDI nuevos"))
        self.enabled_check.setObjectName("scheduleEnabledCheck")
        self.enabled_check.setAccessibleName(tr("Activar la descarga diaria"))
        self.enabled_check.setChecked(True)
        self.time_edit = QTimeEdit()
        self.time_edit.setObjectName("scheduleTimeEdit")
        self.time_edit.setAccessibleName(tr("Hora de la descarga diaria, hora de la Ciudad de México"))
        self.time_edit.setDisplayFormat("HH:mm")
        self.time_edit.setTime(QTime(6, 0))
        time_hint = QLabel(tr("hora de la Ciudad de México"))
        self.issued_check = QCheckBox(tr("&Emitidos"))
        self.issued_check.setObjectName("issuedCheck")
        self.issued_check.setAccessibleName(tr("Descargar CFDI emitidos"))
        self.issued_check.setChecked(True)
        self.received_check = QCheckBox(tr("&Recibidos"))
        self.received_check.setObjectName("receivedCheck")
        self.received_check.setAccessibleName(tr("Descargar CFDI recibidos"))
        self.received_check.setChecked(True)
        self.days_back_spin = QSpinBox()
        self.days_back_spin.setObjectName("daysBackSpin")
        self.days_back_spin.setAccessibleName(tr("Días hacia atrás que revisa cada descarga"))
        self.days_back_spin.setRange(MIN_DAYS_BACK, MAX_DAYS_BACK)
        self.days_back_spin.setValue(3)
        self.backfill_check = QCheckBox(tr("Descargar también el &historial desde la fecha de inicio"))
        self.backfill_check.setObjectName("backfillCheck")
        self.backfill_check.setAccessibleName(tr("Descargar también el historial desde la fecha de inicio"))
        self.backfill_check.setChecked(True)
        self.backfill_hint = paragraph("", "backfillHint")
        self.status_label = status_label("scheduleStatusLabel", tr("Estado de la programación"))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.enabled_check)
        time_label = QLabel(tr("H&ora:"))
        time_label.setBuddy(self.time_edit)
        time_row = QWidget()
        time_layout = QHBoxLayout(time_row)
        time_layout.setContentsMargins(0, 0, 0, 0)
        time_layout.addWidget(self.time_edit)
        time_layout.addWidget(time_hint)
        time_layout.addStretch()
        form.addRow(time_label, time_row)
        types_row = QWidget()
        types_layout = QHBoxLayout(types_row)
        types_layout.setContentsMargins(0, 0, 0, 0)
        types_layout.addWidget(self.issued_check)
        types_layout.addWidget(self.received_check)
        types_layout.addStretch()
        form.addRow(tr("CFDI:"), types_row)
        days_label = QLabel(tr("&Días hacia atrás:"))
        days_label.setBuddy(self.days_back_spin)
        form.addRow(days_label, self.days_back_spin)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.backfill_check)
        layout.addWidget(self.backfill_hint)
        layout.addWidget(self.status_label)
        layout.addStretch()
        order = [
            self.enabled_check,
            self.time_edit,
            self.issued_check,
            self.received_check,
            self.days_back_spin,
            self.backfill_check,
        ]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)

        for check in (self.enabled_check, self.issued_check, self.received_check, self.backfill_check):
            check.toggled.connect(self._on_option_toggled)
        self._on_option_toggled()
        self._shown_for = ""  # the RFC whose schedule the page shows

    def initializePage(self) -> None:
        self.status_label.clear()
        service, rfc = self.context.service, self.state.rfc
        if self._shown_for != rfc:  # back and forth for the same RFC keeps what the user chose here
            self._shown_for = rfc
            if self.state.profile.get("existed"):
                self.run(lambda: service.get_schedule(rfc), self._on_schedule_loaded, self._on_failed)
            else:
                self._show_defaults()
        if self.state.profile.get("sync_enabled"):
            hint = tr(
                "El historial de este RFC ya se pidió al SAT. Márcalo sólo si quieres volver a pedirlo "
                "completo desde el {start}."
            )
        else:
            hint = tr(
                "Pide al SAT, mes por mes, todo lo emitido y recibido desde el {start}. Puede tardar horas: "
                "el SAT prepara cada paquete a su ritmo y la aplicación lo descarga sola."
            )
        self.backfill_hint.setText(with_symbol(INFO, hint.format(start=self._start_text())))

    def _show_defaults(self) -> None:
        """A new RFC: every day at 06:00, issued and received, 3 days back, and its history."""
        self.enabled_check.setChecked(True)
        self.time_edit.setTime(QTime(6, 0))
        self.issued_check.setChecked(True)
        self.received_check.setChecked(True)
        self.days_back_spin.setValue(3)
        self.backfill_check.setChecked(True)

    def _on_schedule_loaded(self, result: dict[str, Any]) -> None:
        schedule = result["schedule"]
        profile = self.state.profile
        if profile.get("has_fiel") or profile.get("sync_enabled"):
            # Configured before: show what it has, and do not ask for its history again by default.
            self.enabled_check.setChecked(bool(schedule["enabled"]))
            self.backfill_check.setChecked(False)
        hours, minutes = (int(part) for part in schedule["time"].split(":"))
        self.time_edit.setTime(QTime(hours, minutes))
        types = set(schedule["downloadTypes"])
        self.issued_check.setChecked("issued" in types)
        self.received_check.setChecked("received" in types)
        self.days_back_spin.setValue(int(schedule["daysBack"]))

    def _on_failed(self, error: AppError) -> None:
        self.status_label.setText(error_text(error))

    @Slot()
    def _on_option_toggled(self) -> None:
        enabled = self.enabled_check.isChecked()
        for widget in (self.time_edit, self.issued_check, self.received_check, self.days_back_spin):
            widget.setEnabled(enabled)
        # The history and the daily sync go together (seed: enable sync starts both).
        self.backfill_check.setEnabled(enabled)
        if enabled and not self.download_types():
            self.status_label.setText(with_symbol(WARNING, tr("Elige emitidos, recibidos o ambos.")))
        else:
            self.status_label.clear()
        self.completeChanged.emit()

    def download_types(self) -> list[str]:
        types = []
        if self.issued_check.isChecked():
            types.append("issued")
        if self.received_check.isChecked():
            types.append("received")
        return types

    def _start_text(self) -> str:
        upload = self.state.upload
        start = (upload.sync_start_date if upload is not None else None) or self.state.profile.get("sync_start_date")
        return "/".join(reversed(start.split("-"))) if start else "—"

    def ready(self) -> bool:
        return not self.enabled_check.isChecked() or bool(self.download_types())

    def validatePage(self) -> bool:
        if not super().validatePage():
            return False
        enabled = self.enabled_check.isChecked()
        self.state.schedule = {
            "enabled": enabled,
            "time": self.time_edit.time().toString("HH:mm"),
            "download_types": self.download_types() or ["issued", "received"],
            "days_back": self.days_back_spin.value(),
        }
        self.state.backfill = enabled and self.backfill_check.isChecked()
        return True
