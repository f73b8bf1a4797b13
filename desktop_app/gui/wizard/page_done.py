"""Listo: what was configured; the window switches to the new RFC."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop_app.gui.context import AppContext
from desktop_app.gui.wizard.base import (
    OK,
    TODO,
    WARNING,
    WizardPageBase,
    WizardState,
    certificate_day,
    error_text,
    mexico_time,
    paragraph,
    status_label,
    tr,
    with_symbol,
)


def summary_lines(profile: dict[str, Any], schedule: dict[str, Any], backfill: dict[str, Any] | None) -> list[str]:
    """The summary, one line per fact, each with its status symbol."""
    name = f" — {profile['name']}" if profile.get("name") else ""
    lines = [with_symbol(OK, tr("RFC {rfc}{name}").format(rfc=profile["rfc"], name=name))]
    if profile.get("activated"):
        lines.append(with_symbol(OK, tr("Descarga masiva activada")))
    else:
        lines.append(with_symbol(TODO, tr("Descarga masiva sin activar")))
    if profile.get("has_fiel"):
        lines.append(
            with_symbol(
                OK,
                tr("e.firma {serial}, vigente hasta el {date}").format(
                    serial=profile["fiel_serial_number"], date=certificate_day(profile.get("fiel_expires_at"))
                ),
            )
        )
    else:
        lines.append(with_symbol(TODO, tr("Sin e.firma")))
    if profile.get("registered"):
        lines.append(
            with_symbol(
                OK, tr("Registrada con el SAT el {moment}").format(moment=mexico_time(profile["registered_at"]))
            )
        )
    else:
        lines.append(with_symbol(WARNING, tr("Registro con el SAT pendiente: reinténtalo desde Configuración")))
    rules = schedule.get("schedule") or {}
    if rules.get("enabled"):
        daily = {
            ("issued",): tr("Descarga diaria a las {time} (hora de la Ciudad de México) de los CFDI emitidos."),
            ("received",): tr("Descarga diaria a las {time} (hora de la Ciudad de México) de los CFDI recibidos."),
            ("issued", "received"): tr(
                "Descarga diaria a las {time} (hora de la Ciudad de México) de los CFDI emitidos y recibidos."
            ),
        }.get(
            tuple(sorted(rules.get("downloadTypes", []))),
            tr("Descarga diaria a las {time} (hora de la Ciudad de México)."),
        )
        days = int(rules["daysBack"])
        back = (  # %n: Qt's plural forms in English; Spanish needs its own singular
            QCoreApplication.translate("SetupWizard", "Cada descarga revisa %n día hacia atrás.", None, days)
            if days == 1
            else QCoreApplication.translate("SetupWizard", "Cada descarga revisa %n días hacia atrás.", None, days)
        )
        lines.append(with_symbol(OK, f"{daily.format(time=rules['time'])} {back}"))
    else:
        lines.append(with_symbol(TODO, tr("Descarga diaria desactivada")))
    if backfill is not None:
        start = backfill.get("sync_start_date") or ""
        count = backfill.get("requests_created", 0) + backfill.get("requests_already_known", 0)
        queued = (
            QCoreApplication.translate(
                "SetupWizard", "Historial desde el {start}: %n solicitud en cola para el SAT", None, count
            )
            if count == 1
            else QCoreApplication.translate(
                "SetupWizard", "Historial desde el {start}: %n solicitudes en cola para el SAT", None, count
            )
        )
        lines.append(with_symbol(OK, queued.format(start="/".join(reversed(start.split("-"))))))
    return lines


class DonePage(WizardPageBase):
    """The summary; entering it makes the new RFC the window's RFC."""

    def __init__(self, context: AppContext, state: WizardState, parent: QWidget | None = None) -> None:
        super().__init__(context, state, parent)
        self.setObjectName("donePage")
        self.setTitle(tr("Listo"))
        self.setSubTitle(tr("Tu RFC quedó configurado."))
        self.summary_label = status_label("summaryLabel", tr("Resumen de la configuración"))
        closing = paragraph(
            tr(
                "Los XML se guardan en la carpeta de datos, por RFC, en «emitidos» y «recibidos». Puedes ver el "
                "avance en «Solicitudes» y tus facturas en «Facturas»."
            )
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(closing)
        layout.addStretch()

    def initializePage(self) -> None:
        rfc = self.state.rfc
        self.context.set_rfc(rfc)
        self.context.notify_profiles_changed()
        service = self.context.service
        self.summary_label.setText("")

        def job() -> dict[str, Any]:
            return {"profile": service.profiles.get(rfc).to_json(), "schedule": service.get_schedule(rfc)}

        self.run(job, self._on_loaded, lambda error: self.summary_label.setText(error_text(error)))

    def _on_loaded(self, result: dict[str, Any]) -> None:
        self.summary_label.setText("\n".join(summary_lines(result["profile"], result["schedule"], self.state.backfill)))
