"""Registro con el SAT: authenticate once with SAT with the e.firma (seed: POST /fiel, retry: /register).

Nothing is stored here: SAT's answer waits in the wizard's state and is recorded at "Terminar" together with
the e.firma (``core.setup``). A stored e.firma whose password the keyring cannot give is unlocked through the
password dialog, never by sending the user back to choose the files again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.errors import AppError
from desktop_app.core.fiel import load_fiel
from desktop_app.gui.context import AppContext
from desktop_app.gui.messages import describe
from desktop_app.gui.wizard.base import (
    BUSY,
    INFO,
    OK,
    WARNING,
    FielUpload,
    WizardPageBase,
    WizardState,
    error_text,
    mexico_time,
    status_label,
    tr,
    with_symbol,
)


def authenticate_upload(service: Any, rfc: str, upload: FielUpload) -> dict[str, Any]:
    """SAT's answer for a chosen (not yet stored) e.firma, and whether a keyring will keep its password."""
    fiel = load_fiel(upload.cer, upload.key, upload.password, now=service.now(), expected_rfc=rfc)
    return {**service.authenticate(fiel), "keyring": service.keyring_available()}


def authenticate_stored(service: Any, rfc: str) -> dict[str, Any]:
    """SAT's answer for the e.firma stored for ``rfc`` (``password_required`` when its password is unknown)."""
    return service.authenticate(service.load_fiel(rfc))


class RegistrationPage(WizardPageBase):
    """Progress, then the registration time, or SAT's reason in Spanish with "Reintentar"."""

    def __init__(self, context: AppContext, state: WizardState, parent: QWidget | None = None) -> None:
        super().__init__(context, state, parent)
        self.setObjectName("registrationPage")
        self.setTitle(tr("Registro con el SAT"))
        self.setSubTitle(
            tr("La aplicación se autentica una vez con el SAT con tu e.firma, para comprobar que la acepta.")
        )
        self.progress = QProgressBar()
        self.progress.setObjectName("registrationProgress")
        self.progress.setAccessibleName(tr("Progreso del registro"))
        self.progress.setRange(0, 0)  # SAT does not say how long it takes
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status_label = status_label("registrationStatusLabel", tr("Estado del registro con el SAT"))
        self.storage_label = status_label("fielStorageLabel", tr("Dónde se guardará la e.firma"))
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
        if upload is not None:
            if upload != self.state.registered:
                self._authenticate_upload()
            elif self.state.registration is not None:
                self._show_result(self.state.registration)
        else:
            self.storage_label.clear()
            if self.state.registration is not None:
                self._show_result(self.state.registration)
            elif self.state.profile.get("registered"):
                self._show_registered(self.state.profile.get("registered_at"))
            elif self.state.stored:
                self._authenticate_stored()

    def ready(self) -> bool:
        upload = self.state.upload
        if upload is not None:
            return self.state.registered == upload  # SAT answered (yes, or no: retried later from Configuración)
        return self.state.stored

    # -- jobs ---------------------------------------------------------------------------------------------------

    def _authenticate_upload(self) -> None:
        upload, service, rfc = self.state.upload, self.context.service, self.state.rfc
        assert upload is not None
        self._working()

        def done(result: dict[str, Any]) -> None:
            self.state.registration = result
            self.state.registered = upload
            self._show_result(result)

        self.run(lambda: authenticate_upload(service, rfc, upload), done, self._on_failed)

    def _authenticate_stored(self) -> None:
        service, rfc = self.context.service, self.state.rfc
        self._working()

        def done(result: dict[str, Any]) -> None:
            self.state.registration = result
            self._show_result(result)

        self.run(lambda: authenticate_stored(service, rfc), done, self._on_failed)

    def _working(self) -> None:
        self.retry_button.hide()
        self.progress.show()
        self.status_label.setText(with_symbol(BUSY, tr("Autenticando con el SAT…")))

    @Slot()
    def _on_retry_button_clicked(self) -> None:
        if self.busy:
            return
        if self.state.upload is not None:
            self._authenticate_upload()
        else:
            self._authenticate_stored()

    # -- outcomes -------------------------------------------------------------------------------------------------

    def _show_result(self, result: dict[str, Any]) -> None:
        self.progress.hide()
        if "keyring" in result:
            if result["keyring"]:
                text = with_symbol(
                    OK,
                    tr(
                        "Al pulsar «Terminar», la e.firma se guardará en esta computadora y su contraseña, en el "
                        "llavero del sistema."
                    ),
                )
            else:
                text = with_symbol(
                    INFO,
                    tr(
                        "Al pulsar «Terminar», la e.firma se guardará en esta computadora. El llavero del sistema no "
                        "está disponible: la aplicación te pedirá la contraseña cuando la necesite y la "
                        "sincronización desatendida no funcionará."
                    ),
                )
            self.storage_label.setText(text)
        if result.get("registered"):
            self._show_registered(result.get("registered_at"))
            return
        error = result.get("registration_error") or {}
        reason = describe(error.get("code", "sat_unavailable"), error.get("message"), cause=error.get("cause"))
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
        if error.code == "password_required":
            self._ask_password()

    def _ask_password(self) -> None:
        """The stored e.firma's password is not in a keyring: ask for it here and try again."""
        from desktop_app.gui.password_dialog import PasswordDialog

        dialog = PasswordDialog(self.context, self.state.rfc, self)
        dialog.accepted.connect(self._on_password_dialog_accepted)
        dialog.open()

    @Slot()
    def _on_password_dialog_accepted(self) -> None:
        if not self.busy:
            self._authenticate_stored()
