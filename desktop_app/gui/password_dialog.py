"""The e.firma password when the keyring cannot give it (no keyring, a locked one, access denied).

Core raises ``password_required`` then (``Profiles.load_fiel``); the window asks here instead of sending the user
back to the wizard. The typed password is checked by opening the stored e.firma with it (core's
``DescargaService.load_fiel``), off the GUI thread: a wrong one is said at once and asked again. A right one is
kept in this process's memory (``SecretStore``'s fallback), and in the system keyring too when one works and the
user keeps "Recordar en el llavero del sistema" checked; then the poller goes on.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import AppError
from desktop_app.gui.messages import describe
from desktop_app.gui.workers.background import run_in_background


def tr(text: str) -> str:
    return QCoreApplication.translate("PasswordDialog", text)


def unlock(service: Any, rfc: str, password: str, remember: bool) -> bool:
    """Open the stored e.firma with ``password`` (``wrong_password`` etc. otherwise), then keep the password.

    Returns whether the keyring holds it now. Runs off the GUI thread (PBKDF2, disk, the keyring).
    """
    service.load_fiel(rfc, password)
    return bool(service.remember_password(rfc, password, persist=remember))


class PasswordDialog(QDialog):
    """Asks for one RFC's e.firma password, checks it, keeps it.

    Signals:
        password_given(str): the RFC whose password is now known (the dialog then closes as accepted).
    """

    password_given = Signal(str)

    def __init__(self, context: Any, rfc: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.rfc = rfc
        self._busy = False
        self.setObjectName("passwordDialog")
        self.setWindowTitle(tr("Contraseña de la e.firma"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        keyring = context.service.keyring_available()

        intro = QLabel(
            tr(
                "Para seguir descargando tus CFDI de {rfc}, escribe la contraseña de la llave privada (.key) de tu "
                "e.firma."
            ).format(rfc=rfc)
        )
        intro.setObjectName("passwordDialogIntro")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("passwordDialogEdit")
        self.password_edit.setAccessibleName(tr("Contraseña de la llave privada"))
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        label = QLabel(tr("&Contraseña:"))
        label.setBuddy(self.password_edit)
        self.remember_check = QCheckBox(tr("&Recordar en el llavero del sistema"))
        self.remember_check.setObjectName("rememberPasswordCheck")
        self.remember_check.setAccessibleName(tr("Recordar la contraseña en el llavero del sistema"))
        self.remember_check.setChecked(True)
        self.remember_check.setVisible(keyring)
        self.note = QLabel(
            tr(
                "ℹ Se recordará mientras la aplicación esté abierta; con el llavero, también la próxima vez y para la "
                "descarga desatendida."
            )
            if keyring
            else tr(
                "ℹ Esta computadora no tiene un llavero del sistema que funcione: la contraseña se recordará sólo "
                "mientras la aplicación esté abierta."
            )
        )
        self.note.setObjectName("passwordDialogNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label = QLabel()
        self.error_label.setObjectName("passwordDialogError")
        self.error_label.setAccessibleName(tr("Error de la contraseña"))
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(tr("Con&tinuar"))
        ok.setObjectName("passwordDialogOk")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(tr("Cancelar"))
        cancel.setObjectName("passwordDialogCancel")
        cancel.setAutoDefault(False)

        form = QFormLayout()
        form.addRow(label, self.password_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.remember_check)
        layout.addWidget(self.note)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.password_edit.textChanged.connect(self._on_password_edit_text_changed)
        self._on_password_edit_text_changed("")
        self.resize(460, self.sizeHint().height())

    @property
    def busy(self) -> bool:
        return self._busy

    @Slot(str)
    def _on_password_edit_text_changed(self, text: str) -> None:
        self.error_label.clear()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(text) and not self._busy)

    def accept(self) -> None:
        """Check the password in the background; the dialog closes only once it opened the e.firma."""
        password = self.password_edit.text()
        if not password or self._busy:
            return
        self._busy = True
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.error_label.setText(tr("⟳ Comprobando la contraseña…"))
        service, rfc = self.context.service, self.rfc
        remember = not self.remember_check.isHidden() and self.remember_check.isChecked()
        run_in_background(
            lambda: unlock(service, rfc, password, remember), self._on_unlocked, self._on_unlock_failed, owner=self
        )

    def reject(self) -> None:
        if self._busy:
            return  # the check finishes first (a second or so); then the user can cancel
        super().reject()

    def _on_unlocked(self, _in_keyring: bool) -> None:
        if not shiboken6.isValid(self):
            return
        self._busy = False
        self.password_edit.clear()
        self.password_given.emit(self.rfc)
        super().accept()

    def _on_unlock_failed(self, error: AppError) -> None:
        if not shiboken6.isValid(self):
            return
        self._busy = False
        if error.code == "wrong_password":
            text = tr("⚠ Esa contraseña no abre la llave privada (.key) de {rfc}. Revísala y escríbela de nuevo.")
            self.error_label.setText(text.format(rfc=self.rfc))
        else:
            self.error_label.setText(f"⚠ {describe(error)}")
        self.password_edit.selectAll()
        self.password_edit.setFocus()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.password_edit.text()))
