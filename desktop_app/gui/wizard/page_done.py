"""Revisar y terminar: what will be configured; "Terminar" saves it all at once (``core.setup.apply_setup``).

Until then nothing is stored, so "Cancelar" leaves nothing behind. Once saved, the window switches to the RFC.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop_app.core.errors import AppError
from desktop_app.core.setup import NewFiel, SetupPlan, apply_setup
from desktop_app.gui import formatting
from desktop_app.gui.context import AppContext
from desktop_app.gui.wizard.base import (
    BUSY,
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


def plan_of(state: WizardState) -> SetupPlan:
    """What "Terminar" applies, from what the pages learnt."""
    upload = state.upload
    fiel = (
        NewFiel(upload.cer, upload.key, upload.password, upload.sync_start_date, upload.phone)
        if upload is not None
        else None
    )
    return SetupPlan(
        rfc=state.rfc,
        name=state.name,
        activate=state.activated,
        fiel=fiel,
        registration=state.registration,
        schedule=dict(state.schedule),
        backfill=state.backfill,
    )


def backfill_requests(start: str, download_types: list[str], today: date) -> int:
    """How many requests the history download sends SAT: per month from ``start`` to ``today``, per download type,
    the XML and the metadata (``core.sync.periods.scheduled_params``)."""
    try:
        first = date.fromisoformat(start[:10])
    except ValueError:
        return 0
    months = max(0, (today.year - first.year) * 12 + today.month - first.month + 1)
    return months * 2 * len(download_types or ("issued", "received"))


def summary_lines(state: WizardState, today: date | None = None) -> list[str]:
    """The review, one line per fact, each with its status symbol."""
    profile = state.profile
    display = profile.get("name") if profile.get("existed") else state.name
    name = f" — {display}" if display else ""
    lines = [with_symbol(OK, tr("RFC {rfc}{name}").format(rfc=state.rfc, name=name))]
    if state.activated:
        lines.append(with_symbol(OK, tr("Descarga masiva activada")))
    else:
        lines.append(with_symbol(TODO, tr("Descarga masiva sin activar")))
    upload = state.upload
    if upload is not None:
        serial, expires = upload.info.serial_number, certificate_day(upload.info.valid_to)
    elif profile.get("has_fiel"):
        serial, expires = profile["fiel_serial_number"], certificate_day(profile.get("fiel_expires_at"))
    else:
        serial = expires = None
    if serial:
        lines.append(
            with_symbol(OK, tr("e.firma {serial}, vigente hasta el {date}").format(serial=serial, date=expires))
        )
    else:
        lines.append(with_symbol(TODO, tr("Sin e.firma")))
    registration = state.registration
    registered_at = registration.get("registered_at") if registration else profile.get("registered_at")
    if (registration or profile).get("registered"):
        lines.append(with_symbol(OK, tr("Registrada con el SAT el {moment}").format(moment=mexico_time(registered_at))))
    else:
        lines.append(with_symbol(WARNING, tr("Registro con el SAT pendiente: reinténtalo desde Configuración")))
    rules = state.schedule
    if rules.get("enabled"):
        daily = {
            ("issued",): tr("Descarga diaria a las {time} (hora de la Ciudad de México) de los CFDI emitidos."),
            ("received",): tr("Descarga diaria a las {time} (hora de la Ciudad de México) de los CFDI recibidos."),
            ("issued", "received"): tr(
                "Descarga diaria a las {time} (hora de la Ciudad de México) de los CFDI emitidos y recibidos."
            ),
        }.get(
            tuple(sorted(rules.get("download_types", []))),
            tr("Descarga diaria a las {time} (hora de la Ciudad de México)."),
        )
        days = int(rules["days_back"])
        back = (  # %n: Qt's plural forms in English; Spanish needs its own singular
            QCoreApplication.translate("SetupWizard", "Cada descarga revisa %n día hacia atrás.", None, days)
            if days == 1
            else QCoreApplication.translate("SetupWizard", "Cada descarga revisa %n días hacia atrás.", None, days)
        )
        lines.append(with_symbol(OK, f"{daily.format(time=rules['time'])} {back}"))
    else:
        lines.append(with_symbol(TODO, tr("Descarga diaria desactivada")))
    if state.backfill:
        start = (upload.sync_start_date if upload is not None else None) or profile.get("sync_start_date") or ""
        lines.append(
            with_symbol(
                OK,
                tr(
                    "Historial desde el {start}: se pedirá al SAT mes por mes ({count} solicitudes: emitidos y "
                    "recibidos, en XML y en metadatos); suele tomar de uno a dos días"
                ).format(
                    start="/".join(reversed(start.split("-"))),
                    count=formatting.number(
                        backfill_requests(start, list(rules.get("download_types") or []), today or date.today())
                    ),
                ),
            )
        )
    return lines


class DonePage(WizardPageBase):
    """The review; "Terminar" stores everything and makes the RFC the window's RFC."""

    def __init__(self, context: AppContext, state: WizardState, parent: QWidget | None = None) -> None:
        super().__init__(context, state, parent)
        self.setObjectName("donePage")
        self.setTitle(tr("Revisa y termina"))
        self.setSubTitle(tr("Pulsa «Terminar» para guardar esta configuración. Si cancelas, no se guarda nada."))
        self.summary_label = status_label("summaryLabel", tr("Resumen de la configuración"))
        self.commit_status = status_label("finishStatusLabel", tr("Resultado de guardar la configuración"))
        closing = paragraph(
            tr(
                "Los XML se guardan en la carpeta de datos, por RFC, en «emitidos» y «recibidos». Puedes ver el "
                "avance en «Solicitudes» y tus facturas en «Facturas»."
            )
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(closing)
        layout.addWidget(self.commit_status)
        layout.addStretch()

    def initializePage(self) -> None:
        self.commit_status.clear()
        today = self.context.service.today()  # Mexico City's date from the service clock
        self.summary_label.setText("\n".join(summary_lines(self.state, today)))

    def commit_job(self) -> Callable[[], Any] | None:
        service, plan = self.context.service, plan_of(self.state)
        self.commit_status.setText(with_symbol(BUSY, tr("Guardando la configuración…")))
        return lambda: apply_setup(service, plan)

    def on_committed(self, result: dict[str, Any]) -> None:
        self.state.result = result
        self.commit_status.clear()
        self.context.set_rfc(self.state.rfc)
        self.context.notify_profiles_changed()
        if self.state.upload is not None:  # its password is known now: jobs waiting for it go on
            self.context.password_given.emit(self.state.rfc)

    def on_commit_failed(self, error: AppError) -> None:
        self.commit_status.setText(error_text(error))
