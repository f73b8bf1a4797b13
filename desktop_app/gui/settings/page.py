"""Configuración: the RFC profiles, activation and e.firma of each, the data folder, the language and SAT's 69-B
list (``efos_section``).

The language changes at once (``i18n.switch_language``); this page and the window's frame retranslate on Qt's
``LanguageChange``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import AppError
from desktop_app.gui import formatting
from desktop_app.gui.context import AppContext
from desktop_app.gui.dialogs import show_error
from desktop_app.gui.i18n import LANGUAGES, switch_language
from desktop_app.gui.settings.diagnostics import ConnectionCheckDialog
from desktop_app.gui.settings.efos_section import EfosSection
from desktop_app.gui.settings.office_server import OfficeServerSection
from desktop_app.gui.workers.background import run_in_background


def tr(text: str) -> str:
    return QCoreApplication.translate("SettingsPage", text)


class SettingsPage(QWidget):
    """Profiles (one per RFC), activation and e.firma, data folder, language."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context

        self.profile_list = QListWidget()
        self.profile_list.setObjectName("profileList")
        self.add_button = QPushButton()
        self.add_button.setObjectName("addProfileButton")
        self.add_button.clicked.connect(self._add_profile)
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("removeProfileButton")
        self.remove_button.clicked.connect(self._remove_profile)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        self.profiles_box = profiles_box = QGroupBox()
        profiles_layout = QVBoxLayout(profiles_box)
        profiles_layout.addWidget(self.profile_list)
        profiles_layout.addLayout(buttons)

        self.activation_label = QLabel()
        self.activation_label.setObjectName("activationLabel")
        self.activation_button = QPushButton()
        self.activation_button.setObjectName("activationButton")
        self.activation_button.clicked.connect(self._toggle_activation)
        self.forget_fiel = QCheckBox()
        self.forget_fiel.setObjectName("forgetFielCheck")
        self.fiel_label = QLabel()
        self.fiel_label.setObjectName("fielLabel")
        self.fiel_label.setWordWrap(True)
        self.fiel_button = QPushButton()
        self.fiel_button.setObjectName("changeFielButton")
        self.fiel_button.clicked.connect(self._add_profile)
        self.register_button = QPushButton()
        self.register_button.setObjectName("registerButton")
        self.register_button.clicked.connect(self._register)
        self.check_button = QPushButton()
        self.check_button.setObjectName("connectionCheckButton")
        self.check_button.clicked.connect(self._check_connection)
        self.account_box = account_box = QGroupBox()
        account = QFormLayout(account_box)
        self.state_caption = QLabel()
        self.fiel_caption = QLabel()
        account.addRow(self.state_caption, self.activation_label)
        activation_row = QHBoxLayout()  # its own width, not the form's (a button as wide as the page)
        activation_row.addWidget(self.activation_button)
        activation_row.addStretch()
        account.addRow("", self._wrap(activation_row))
        account.addRow("", self.forget_fiel)
        account.addRow(self.fiel_caption, self.fiel_label)
        row = QHBoxLayout()
        row.addWidget(self.fiel_button)
        row.addWidget(self.register_button)
        row.addWidget(self.check_button)
        row.addStretch()
        account.addRow("", self._wrap(row))

        # A read-only field, not a label: a long path (a test's, or C:\Users\<name>\AppData\…) scrolls inside
        # it instead of widening the window past an 800-pixel screen; it still selects and copies whole.
        self.folder_label = QLineEdit(context.service.data_location())
        self.folder_label.setObjectName("dataFolderField")
        self.folder_label.setReadOnly(True)
        self.folder_label.setCursorPosition(0)
        self.folder_label.setToolTip(context.service.data_location())
        self.open_folder_button = open_folder = QPushButton()
        open_folder.setObjectName("openDataFolderButton")
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.context.service.local_folder() or "")))
        )
        self.language = QComboBox()
        self.language.setObjectName("languageCombo")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        current = str(QSettings().value("language", "es"))
        self.language.setCurrentIndex(max(0, self.language.findData(current)))
        self.language.currentIndexChanged.connect(self._language_changed)
        self.general_box = general_box = QGroupBox()
        general = QFormLayout(general_box)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(open_folder)
        self.folder_caption = QLabel()
        general.addRow(self.folder_caption, self._wrap(folder_row))
        # Alt+I is the window's "Ir a" menu; Alt+A its "Archivo" menu (unique mnemonics per page, issue 16).
        self.language_label = language_label = QLabel()
        language_label.setBuddy(self.language)
        general.addRow(language_label, self.language)

        layout = QVBoxLayout(self)
        self.title = title = QLabel()
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        layout.addWidget(profiles_box, 1)
        layout.addWidget(account_box)
        layout.addWidget(general_box)
        # SAT's 69-B list (issue 18.7): one per data home, whichever RFC is chosen
        self.efos_section = EfosSection(context.service)
        layout.addWidget(self.efos_section)
        # The firm's office server (issue 19.5): where the composition root can switch the window to it
        self.office_section = OfficeServerSection(context) if context.office is not None else None
        if self.office_section is not None:
            layout.addWidget(self.office_section)
        context.service_changed.connect(self._on_context_service_changed)

        self.profile_list.currentItemChanged.connect(self._on_profile_selected)
        context.profiles_changed.connect(self.refresh)
        context.profile_changed.connect(lambda _rfc: self.refresh())
        self._retranslate()
        self.refresh()

    @Slot()
    def _on_context_service_changed(self) -> None:
        """The window works on the office server now, or on this computer again: say where the data is."""
        self.folder_label.setText(self.context.service.data_location())
        self.folder_label.setToolTip(self.context.service.data_location())
        self.folder_label.setCursorPosition(0)
        self.open_folder_button.setEnabled(self.context.service.local_folder() is not None)

    def _retranslate(self) -> None:
        """The page's fixed texts in the current language (again on a LanguageChange)."""
        self.profile_list.setAccessibleName(tr("RFC configurados"))
        self.add_button.setText(tr("A&gregar RFC…"))
        self.add_button.setAccessibleName(tr("Agregar RFC"))
        self.remove_button.setText(tr("&Quitar RFC…"))
        self.remove_button.setAccessibleName(tr("Quitar RFC"))
        self.profiles_box.setTitle(tr("RFC"))
        self.forget_fiel.setText(tr("Al desactivar, borrar también la e.firma y su contraseña"))
        self.fiel_button.setText(tr("Cambiar &e.firma…"))
        self.fiel_button.setAccessibleName(tr("Cambiar e.firma"))
        self.register_button.setText(tr("Reintentar registro con el &SAT"))
        self.register_button.setAccessibleName(tr("Reintentar registro con el SAT"))
        self.check_button.setText(tr("Co&mprobar conexión con el SAT…"))
        self.check_button.setAccessibleName(tr("Comprobar conexión con el SAT"))
        self.check_button.setToolTip(
            tr("Revisa los servidores del SAT, el reloj, la sesión con tu e.firma y su vigencia, y dice qué corregir.")
        )
        self.account_box.setTitle(tr("Descarga masiva y e.firma del RFC elegido"))
        self.state_caption.setText(tr("Estado:"))
        self.fiel_caption.setText(tr("e.firma:"))
        self.open_folder_button.setText(tr("Abrir &carpeta"))
        self.language.setAccessibleName(tr("Idioma"))
        self.general_box.setTitle(tr("General"))
        self.folder_caption.setText(tr("Carpeta de datos:"))
        self.folder_label.setAccessibleName(tr("Carpeta de datos"))
        self.language_label.setText(tr("Idi&oma:"))
        self.title.setText(tr("Configuración"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            if self.isVisible():  # the texts that come from the database; a closed window has none to ask
                self._show_profile()
        super().changeEvent(event)

    @staticmethod
    def _wrap(layout: QHBoxLayout) -> QWidget:
        widget = QWidget()
        layout.setContentsMargins(0, 0, 0, 0)
        widget.setLayout(layout)
        return widget

    @Slot()
    def refresh(self) -> None:
        try:
            profiles = self.context.service.profile_records()
        except AppError:  # the office server out of reach: the list stays as it was
            return
        self.profile_list.blockSignals(True)
        self.profile_list.clear()
        for profile in profiles:
            mark = "✓" if profile.activated and profile.has_fiel else "○"
            item = QListWidgetItem(f"{mark} {profile.rfc}" + (f" — {profile.name}" if profile.name else ""))
            item.setData(Qt.ItemDataRole.UserRole, profile.rfc)
            self.profile_list.addItem(item)
            if profile.rfc == self.context.rfc:
                self.profile_list.setCurrentItem(item)
        self.profile_list.blockSignals(False)
        self._show_profile()

    def _show_profile(self) -> None:
        profile = self.context.profile()
        enabled = profile is not None
        for widget in (self.activation_button, self.fiel_button, self.register_button, self.remove_button):
            widget.setEnabled(enabled)
        # the office server makes its own report (`debug` on its computer); this one asks SAT from here
        self.check_button.setEnabled(enabled and self.context.service.local_folder() is not None)
        if profile is None:
            self.activation_label.setText("—")
            self.fiel_label.setText("—")
            self.activation_button.setText(tr("Ac&tivar"))
            return
        if profile.activated:
            self.activation_label.setText(tr("✓ Activada: la aplicación consulta al SAT con tu e.firma"))
            self.activation_button.setText(tr("&Desactivar"))
        else:
            self.activation_label.setText(tr("✗ Sin activar"))
            self.activation_button.setText(tr("Ac&tivar"))
        self.activation_button.setAccessibleName(self.activation_button.text().replace("&", ""))
        try:
            status = self.context.service.fiel_status(profile.rfc)
        except AppError:
            return
        if not status.uploaded:
            self.fiel_label.setText(tr("✗ No cargada"))
        else:
            certificate = (
                tr("Certificado {serial}, venció el {date}.")
                if status.expired
                else tr("Certificado {serial}, vigente hasta el {date}.")
            )
            registration = (
                tr("Registro con el SAT: ✓ hecho.") if profile.registered else tr("Registro con el SAT: ✗ pendiente.")
            )
            expiry = formatting.certificate_day(status.expires_at)
            self.fiel_label.setText(certificate.format(serial=status.serial_number, date=expiry) + " " + registration)
        self.register_button.setVisible(profile.has_fiel and not profile.registered)

    @Slot()
    def _on_profile_selected(self, current: QListWidgetItem | None, _previous: object = None) -> None:
        if current is not None:
            self.context.set_rfc(current.data(Qt.ItemDataRole.UserRole))

    def _add_profile(self) -> None:
        open_wizard = getattr(self.window(), "open_wizard", None)
        if open_wizard is not None:
            open_wizard()

    def _remove_profile(self) -> None:
        rfc = self.context.rfc
        if not rfc:
            return
        answer = QMessageBox.question(
            self,
            tr("Quitar RFC"),
            tr(
                "¿Quitar {rfc} de la aplicación? Se olvidan su historial y su índice, y se borran de este equipo "
                "su e.firma (.cer y .key) y su contraseña guardada; los XML descargados se quedan en la carpeta "
                "de datos."
            ).format(rfc=rfc),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,  # Enter must not forget an RFC and delete its e.firma
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.context.service.remove_profile(rfc)
        except AppError as exc:
            show_error(self, exc)
        self.context.notify_profiles_changed()

    def _toggle_activation(self) -> None:
        profile = self.context.profile()
        if profile is None:
            return
        try:
            if profile.activated:
                forget = self.forget_fiel.isChecked()
                text = tr(
                    "La descarga programada de {rfc} se detendrá de inmediato; tus facturas y el historial se "
                    "conservan y puedes activarla de nuevo cuando quieras."
                ).format(rfc=profile.rfc)
                if forget:
                    text += " " + tr(
                        "También se borrará la e.firma guardada en esta computadora: para activarla de nuevo "
                        "tendrás que cargarla otra vez."
                    )
                answer = QMessageBox.question(
                    self,
                    tr("Desactivar la descarga masiva"),
                    text,
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    QMessageBox.StandardButton.No,  # an accidental click must not stop the downloads
                )
                if answer != QMessageBox.StandardButton.Yes:
                    return
                self.context.service.deactivate(profile.rfc, forget_fiel=forget)
            else:
                answer = QMessageBox.question(
                    self,
                    tr("Activar la descarga masiva"),
                    tr(
                        "La aplicación usará la e.firma de {rfc} para consultar al SAT en tu nombre y descargar "
                        "tus CFDI a esta computadora. Nada se guarda fuera de ella. ¿Das tu consentimiento?"
                    ).format(rfc=profile.rfc),
                )
                if answer != QMessageBox.StandardButton.Yes:
                    return
                self.context.service.activate(profile.rfc)
        except AppError as exc:
            show_error(self, exc)
        self.context.notify_profiles_changed()

    def _check_connection(self) -> None:
        dialog = ConnectionCheckDialog(self.context.service, self.context.rfc, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _register(self) -> None:
        rfc = self.context.rfc
        self.register_button.setEnabled(False)

        def done(result: dict[str, Any]) -> None:
            self.register_button.setEnabled(True)
            if not result.get("registered"):
                error = result.get("registration_error") or {}
                show_error(
                    self,
                    AppError(error.get("code", "sat_unavailable"), error.get("message", ""), cause=error.get("cause")),
                )
            self.context.notify_profiles_changed()

        def failed(error: AppError) -> None:
            self.register_button.setEnabled(True)
            if error.code == "password_required":
                self.context.password_needed.emit(rfc)  # the window asks for it; then "Reintentar" works
                return
            show_error(self, error)

        run_in_background(lambda: self.context.service.register(rfc), done, failed, owner=self)

    def _language_changed(self, index: int) -> None:
        language = self.language.itemData(index)
        QSettings().setValue("language", language)
        app = QCoreApplication.instance()
        if app is not None:
            # LanguageChange: this page and the window retranslate now, the other pages are built again
            switch_language(app, language)
