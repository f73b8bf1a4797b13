"""Registro con el SAT: store the e.firma and authenticate once with SAT (seed: POST /fiel, retry: /register)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.errors import AppError
from desktop_app.gui.context import AppContext
from desktop_app.gui.messages import describe
from desktop_app.gui.wizard.base import (
    BUSY,
    INFO,
    OK,
    WARNING,
    WizardPageBase,
    WizardState,
    error_text,
    mexico_time,
    status_label,
    tr,
    with_symbol,
)


class RegistrationPage(WizardPageBase):
    """Progress, then the registration time, or SAT's reason in Spanish with "Reintentar"."""

    def __init__(self, context: AppContext, state: WizardState, parent: QWidget | None = None) -> None:
        super().__init__(context, state, parent)
        self.setObjectName("registrationPage")
        self.setTitle(tr("Registro con el SAT"))
        self.setSubTitle(tr("La aplicación guarda tu e.firma en esta computadora y se autentica una vez con el SAT."))
        self.progress = QProgressBar()
        self.progress.setObjectName("registrationProgress")
        self.progress.setAccessibleName(tr("Progreso del registro"))
        self.progress.setRange(0, 0)  # SAT does not say how long it takes
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status_label = status_label("registrationStatusLabel", tr("Estado del registro con el SAT"))
        self.storage_label = status_label("fielStorageLabel", tr("Dónde se guardó la e.firma"))
        self.retry_button = QPushButton(tr("&Reintentar"))
        self.retry_button.setObjectName("retryButton")
        self.retry_button.setAccessibleName(tr("Reintentar el registro con el SAT"))
        self.retry_button.hide()

        row = QHBoxLayout()
        row.addWidget(self.retry_button)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)
        layout.addWidget(self.storage_label)
        layout.addLayout(row)
        layout.addStretch()

        self.retry_button.clicked.connect(self._on_retry_button_clicked)

    def initializePage(self) -> None:
        if self.busy:
            return  # the job started the last time is still running; its answer lands here
        upload = self.state.upload
        if upload is not None and upload != self.state.uploaded:
            self._upload()
        elif self.state.fiel.get("registered") or (upload is None and self.state.profile.get("registered")):
            self._show_registered(self.state.fiel.get("registered_at") or self.state.profile.get("registered_at"))
        elif self.state.stored:
            self._register()

    def ready(self) -> bool:
        return self.state.stored

    # -- jobs ---------------------------------------------------------------------------------------------------

    def _upload(self) -> None:
        upload, service, rfc = self.state.upload, self.context.service, self.state.rfc
        assert upload is not None
        self._working(tr("Guardando la e.firma y autenticando con el SAT…"))
        self.storage_label.clear()

        def job() -> dict[str, Any]:
            return service.upload_fiel(
                rfc,
                upload.cer,
                upload.key,
                upload.password,
                sync_start_date=upload.sync_start_date,
                phone=upload.phone,
            )

        def done(result: dict[str, Any]) -> None:
            self.state.uploaded = upload
            self.state.stored = True
            self._show_result(result)

        self.run(job, done, self._on_failed)

    def _register(self) -> None:
        service, rfc = self.context.service, self.state.rfc
        self._working(tr("Autenticando con el SAT…"))
        self.run(lambda: service.register(rfc), self._show_result, self._on_failed)

    def _working(self, text: str) -> None:
        self.retry_button.hide()
        self.progress.show()
        self.status_label.setText(with_symbol(BUSY, text))

    @Slot()
    def _on_retry_button_clicked(self) -> None:
        if self.busy:
            return
        if self.state.stored and self.state.upload == self.state.uploaded:
            self._register()  # the e.firma is saved: only SAT's authentication is missing
        elif self.state.upload is not None:
            self._upload()
        else:
            self._register()

    # -- outcomes -------------------------------------------------------------------------------------------------

    def _show_result(self, result: dict[str, Any]) -> None:
        self.progress.hide()
        self.state.fiel = {**self.state.fiel, **result}
        if "password_in_keyring" in result:
            if result["password_in_keyring"]:
                text = with_symbol(
                    OK, tr("e.firma guardada en esta computadora; su contraseña, en el llavero del sistema.")
                )
            else:
                text = with_symbol(
                    INFO,
                    tr(
                        "e.firma guardada en esta computadora. El llavero del sistema no está disponible: la "
                        "aplicación te pedirá la contraseña cuando la necesite y la sincronización desatendida "
                        "no funcionará."
                    ),
                )
            self.storage_label.setText(text)
        if result.get("registered"):
            self._show_registered(result.get("registered_at"))
            return
        error = result.get("registration_error") or {}
        reason = describe(error.get("code", "sat_unavailable"), error.get("message"))
        self.status_label.setText(
            with_symbol(
                WARNING,
                tr(
                    "El SAT no completó el registro: {reason} Puedes reintentar ahora, o continuar y "
                    "reintentarlo después desde Configuración."
                ).format(reason=reason),
            )
        )
        self.retry_button.show()

    def _show_registered(self, registered_at: int | None) -> None:
        self.progress.hide()
        self.retry_button.hide()
        self.status_label.setText(
            with_symbol(
                OK,
                tr("Registrada con el SAT el {moment} (hora de la Ciudad de México).").format(
                    moment=mexico_time(registered_at)
                ),
            )
        )

    def _on_failed(self, error: AppError) -> None:
        self.progress.hide()
        self.status_label.setText(error_text(error))
        self.retry_button.show()
