"""e.firma: the .cer, the .key and its password, checked in the background with every error row of the seed.

Also the start date of the history (up to 71 months back) and an optional phone (+52). "Siguiente" is
enabled only once the files validated (or, for a profile that already has an e.firma, while nothing new
was chosen). Nothing is stored here: the e.firma is saved at "Terminar".

Errors say what to do: an e.firma of another RFC names both RFCs and offers to use the e.firma's; an expired
one says when it expired; a file that is not there says so.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import AppError
from desktop_app.core.fiel import CertificateInfo, load_fiel, read_file_capped
from desktop_app.core.profiles import MAX_SYNC_MONTHS_BACK, earliest_sync_start, normalize_phone
from desktop_app.core.setup import profile_preview
from desktop_app.gui import formatting
from desktop_app.gui.context import AppContext
from desktop_app.gui.date_field import DateField
from desktop_app.gui.dialogs import choose_open_file
from desktop_app.gui.wizard.base import (
    BUSY,
    INFO,
    OK,
    PROFILE,
    WARNING,
    FielUpload,
    WizardPageBase,
    WizardState,
    certificate_day,
    error_text,
    paragraph,
    status_label,
    tr,
    with_symbol,
)


@dataclass(frozen=True)
class CheckedFiel:
    """The bytes that validated (uploaded as they are, not read again) and what the certificate says."""

    cer: bytes = field(repr=False)
    key: bytes = field(repr=False)
    info: CertificateInfo


def check_fiel(service: Any, rfc: str, cer_path: str, key_path: str, password: str) -> CheckedFiel:
    """Read and validate a FIEL for ``rfc`` at the service's "now" (runs off the GUI thread: PBKDF2, disk)."""
    cer = read_file_capped(cer_path, what="certificate")
    key = read_file_capped(key_path, what="key")
    fiel = load_fiel(cer, key, password, now=service.now(), expected_rfc=rfc)
    return CheckedFiel(cer, key, fiel.info)


def fiel_error_text(error: AppError, rfc: str) -> str:
    """The error of a FIEL check as the user needs it: which RFC, since when, which file."""
    details = error.details
    if error.code == "rfc_mismatch" and details.get("certificate_rfc"):
        return with_symbol(
            WARNING,
            tr(
                "Esta e.firma pertenece a {other}, no a {rfc}. Elige la e.firma de {rfc}, o usa {other} como RFC."
            ).format(other=details["certificate_rfc"], rfc=rfc),
        )
    if error.code == "certificate_expired" and details.get("expired_at"):
        return with_symbol(
            WARNING,
            tr(
                "Esta e.firma venció el {date}. Renueva tu e.firma en el SAT (SAT ID o en una oficina) y vuelve a "
                "cargarla."
            ).format(date=certificate_day(int(details["expired_at"]))),
        )
    if error.code == "certificate_expired" and details.get("valid_from"):
        return with_symbol(
            WARNING,
            tr(
                "Esta e.firma es válida a partir del {date}. Revisa que la fecha de tu computadora sea correcta."
            ).format(date=certificate_day(int(details["valid_from"]))),
        )
    reason, path = details.get("reason"), details.get("path", "")
    certificate = details.get("field") == "certificate"
    if reason == "missing":
        text = (
            tr("No se encontró el archivo del certificado (.cer): {path}. Revisa la ruta o elígelo con «Examinar…».")
            if certificate
            else tr(
                "No se encontró el archivo de la llave privada (.key): {path}. Revisa la ruta o elígelo con "
                "«Examinar…»."
            )
        )
        return with_symbol(WARNING, text.format(path=path))
    if reason == "folder":
        text = (
            tr("{path} es una carpeta: elige el archivo del certificado (.cer) que está dentro.")
            if certificate
            else tr("{path} es una carpeta: elige el archivo de la llave privada (.key) que está dentro.")
        )
        return with_symbol(WARNING, text.format(path=path))
    return error_text(error)


class FielPage(WizardPageBase):
    """File pickers, password, inline validation, history start date and phone."""

    def __init__(self, context: AppContext, state: WizardState, parent: QWidget | None = None) -> None:
        super().__init__(context, state, parent)
        self.setObjectName("fielPage")
        self.setTitle(tr("Tu e.firma (FIEL)"))
        self.setSubTitle(
            tr(
                "Elige el certificado (.cer) y la llave privada (.key) de tu e.firma y escribe su contraseña. "
                "No uses el CSD (sello digital): el SAT sólo acepta la e.firma para la descarga masiva."
            )
        )
        self._checked: CheckedFiel | None = None
        self._generation = 0  # bumps on every change, so a late result for old inputs is dropped
        self._phone: str | None = None
        self._phone_ok = True

        layout = QVBoxLayout(self)
        if context.demo is not None:
            demo_notice = paragraph(
                with_symbol(
                    INFO,
                    tr(
                        "Modo demostración: ya están elegidos los archivos y la contraseña de la e.firma pública "
                        "de prueba del SAT (EKU9003173C9). Se valida contra un SAT simulado en esta computadora."
                    ),
                ),
                "fielDemoNotice",
            )
            demo_notice.setAccessibleName(tr("Aviso de modo demostración"))
            layout.addWidget(demo_notice)
        self.existing_label = status_label("existingFielLabel", tr("e.firma ya guardada"))
        self.existing_label.hide()
        layout.addWidget(self.existing_label)

        self.cer_edit = QLineEdit()
        self.cer_edit.setObjectName("cerPathEdit")
        self.cer_edit.setAccessibleName(tr("Archivo del certificado (.cer)"))
        self.cer_browse = QPushButton(tr("&Examinar…"))
        self.cer_browse.setObjectName("cerBrowseButton")
        self.cer_browse.setAccessibleName(tr("Elegir el certificado (.cer)"))
        self.key_edit = QLineEdit()
        self.key_edit.setObjectName("keyPathEdit")
        self.key_edit.setAccessibleName(tr("Archivo de la llave privada (.key)"))
        self.key_browse = QPushButton(tr("E&xaminar…"))
        self.key_browse.setObjectName("keyBrowseButton")
        self.key_browse.setAccessibleName(tr("Elegir la llave privada (.key)"))
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setAccessibleName(tr("Contraseña de la llave privada"))
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.validate_button = QPushButton(tr("&Validar"))
        self.validate_button.setObjectName("validateButton")
        self.validate_button.setAccessibleName(tr("Validar la e.firma"))
        self.fiel_status = status_label("fielStatusLabel", tr("Resultado de la validación"))
        self.fiel_status.setText(with_symbol(INFO, tr("Elige los archivos, escribe la contraseña y pulsa «Validar».")))
        self.use_rfc_button = QPushButton()
        self.use_rfc_button.setObjectName("useFielRfcButton")
        self._other_rfc = ""  # the RFC of an e.firma that belongs to another RFC

        self.use_rfc_row = self._row(self.use_rfc_button, None)
        self.use_rfc_row.hide()

        self.details = QWidget()
        self.details.setObjectName("fielDetails")
        self.rfc_value = status_label("fielRfcValue", tr("RFC del certificado"))
        self.name_value = status_label("fielNameValue", tr("Nombre del titular"))
        self.serial_value = status_label("fielSerialValue", tr("Número de certificado"))
        self.validity_value = status_label("fielValidityValue", tr("Vigencia"))
        details_form = QFormLayout(self.details)
        details_form.setContentsMargins(0, 0, 0, 0)
        details_form.addRow(tr("RFC:"), self.rfc_value)
        details_form.addRow(tr("Nombre:"), self.name_value)
        details_form.addRow(tr("Número de certificado:"), self.serial_value)
        details_form.addRow(tr("Vigencia:"), self.validity_value)
        self.details.hide()

        self.sync_start_edit = DateField()
        self.sync_start_edit.setObjectName("syncStartDateEdit")
        self.sync_start_edit.setAccessibleName(tr("Fecha de inicio de la descarga del historial"))
        self.sync_start_hint = status_label("syncStartHint", tr("Ayuda de la fecha de inicio"))
        self._start_info = ""
        self.phone_edit = QLineEdit()
        self.phone_edit.setObjectName("phoneEdit")
        self.phone_edit.setAccessibleName(tr("Teléfono (opcional)"))
        self.phone_edit.setPlaceholderText(tr("+52 y 10 dígitos, por ejemplo +52 55 1234 5678"))
        self.phone_status = status_label("phoneStatusLabel", tr("Estado del teléfono"))

        # A grid rather than a QFormLayout: forms give word-wrapped notes rows far taller than their text.
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        rows: list[tuple[str, QWidget | None, QWidget]] = [
            (tr("&Certificado (.cer):"), self.cer_edit, self._row(self.cer_edit, self.cer_browse)),
            (tr("&Llave privada (.key):"), self.key_edit, self._row(self.key_edit, self.key_browse)),
            (
                tr("C&ontraseña de la llave privada:"),
                self.password_edit,
                self._row(self.password_edit, self.validate_button),
            ),
            ("", None, self.fiel_status),
            ("", None, self.use_rfc_row),
            ("", None, self.details),
            (tr("Fecha de &inicio del historial:"), self.sync_start_edit, self._row(self.sync_start_edit, None)),
            ("", None, self.sync_start_hint),
            (tr("&Teléfono (opcional):"), self.phone_edit, self.phone_edit),
            ("", None, self.phone_status),
        ]
        for row, (caption, buddy, field_widget) in enumerate(rows):
            if caption:
                label = QLabel(caption)
                label.setBuddy(buddy)
                grid.addWidget(label, row, 0)
            grid.addWidget(field_widget, row, 1)
        layout.addLayout(grid)
        layout.addStretch()

        order = [
            self.cer_edit,
            self.cer_browse,
            self.key_edit,
            self.key_browse,
            self.password_edit,
            self.validate_button,
            self.use_rfc_button,
            self.sync_start_edit,
            self.phone_edit,
        ]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)

        self.cer_browse.clicked.connect(self._on_cer_browse_clicked)
        self.key_browse.clicked.connect(self._on_key_browse_clicked)
        for edit in (self.cer_edit, self.key_edit, self.password_edit):
            edit.textChanged.connect(self._on_credentials_changed)
        self.password_edit.returnPressed.connect(self._on_password_edit_return_pressed)
        self.validate_button.clicked.connect(self._on_validate_button_clicked)
        self.use_rfc_button.clicked.connect(self._on_use_rfc_button_clicked)
        self.sync_start_edit.problem_changed.connect(self._on_sync_start_problem_changed)
        self.phone_edit.textChanged.connect(self._on_phone_edit_text_changed)

        if context.demo_prefill is not None:
            self.cer_edit.setText(context.demo_prefill.cer_path)
            self.key_edit.setText(context.demo_prefill.key_path)
            self.password_edit.setText(context.demo_prefill.password)
        self._update_validate_button()

    @staticmethod
    def _row(main: QWidget, side: QWidget | None) -> QWidget:
        """``main`` with a button beside it, or (no button) kept at its natural width."""
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(main, 1 if side is not None else 0)
        if side is not None:
            layout.addWidget(side)
        else:
            layout.addStretch(1)
        return row

    # -- page lifecycle ----------------------------------------------------------------------------------------

    def initializePage(self) -> None:
        today = self.context.service.today()  # Mexico City's date from the service clock; no I/O
        earliest = earliest_sync_start(today)
        first, last = QDate(earliest.year, earliest.month, earliest.day), QDate(today.year, today.month, today.day)
        self.sync_start_edit.setDateRange(first, last)
        chosen = self.state.profile.get("sync_start_date")
        if self.sync_start_edit.hasAcceptableInput():  # a date the user is still fixing stays as typed
            self.sync_start_edit.setDate(QDate.fromString(chosen, "yyyy-MM-dd") if chosen else first)
        self._start_info = with_symbol(
            INFO,
            tr(
                "El SAT entrega hasta {months} meses hacia atrás: desde el {earliest}. Al final del asistente "
                "puedes pedir que se descargue todo desde esta fecha."
            ).format(months=MAX_SYNC_MONTHS_BACK, earliest=formatting.day_text(first.toPython())),
        )
        self._on_sync_start_problem_changed(self.sync_start_edit.problem() or "")
        if not self.phone_edit.text() and self.state.profile.get("phone"):
            self.phone_edit.setText(self.state.profile["phone"])
        if self.state.stored and self.state.profile.get("fiel_serial_number"):
            self.existing_label.setText(
                with_symbol(
                    INFO,
                    tr(
                        "Este RFC ya tiene una e.firma guardada (certificado {serial}, vigente hasta el {date}). "
                        "Puedes continuar con ella o elegir otra."
                    ).format(
                        serial=self.state.profile["fiel_serial_number"],
                        date=certificate_day(self.state.profile.get("fiel_expires_at")),
                    ),
                )
            )
            self.existing_label.show()
        else:
            self.existing_label.hide()
        if self._checked is not None and self._checked.info.rfc != self.state.rfc:
            self._forget_result()  # validated for another RFC the last time through

    def ready(self) -> bool:
        if not self._phone_ok or not self.sync_start_edit.hasAcceptableInput():
            return False
        if self._checked is not None:
            return True
        nothing_chosen = not (self.cer_edit.text() or self.key_edit.text() or self.password_edit.text())
        return self.state.stored and nothing_chosen

    def validatePage(self) -> bool:
        if not super().validatePage():
            return False
        if self._checked is None:
            self.state.upload = None  # keep the stored e.firma
            return True
        self.state.upload = FielUpload(
            cer=self._checked.cer,
            key=self._checked.key,
            password=self.password_edit.text(),
            info=self._checked.info,
            sync_start_date=self.sync_start_edit.date().toString("yyyy-MM-dd"),
            phone=self._phone,
        )
        return True

    # -- files and password ------------------------------------------------------------------------------------

    @Slot()
    def _on_cer_browse_clicked(self) -> None:
        path = self._choose(self.cer_edit, tr("Elige el certificado (.cer) de tu e.firma"), tr("Certificado (*.cer)"))
        if path:
            self.cer_edit.setText(path)

    @Slot()
    def _on_key_browse_clicked(self) -> None:
        path = self._choose(
            self.key_edit, tr("Elige la llave privada (.key) de tu e.firma"), tr("Llave privada (*.key)")
        )
        if path:
            self.key_edit.setText(path)

    def _choose(self, edit: QLineEdit, title: str, name_filter: str) -> str:
        current = edit.text() or self.cer_edit.text() or self.key_edit.text()
        folder = str(Path(current).parent) if current else str(Path.home())
        return choose_open_file(self, title, folder, name_filter)

    @Slot()
    def _on_credentials_changed(self) -> None:
        self._forget_result()
        self.fiel_status.setText(with_symbol(INFO, tr("Elige los archivos, escribe la contraseña y pulsa «Validar».")))
        self._update_validate_button()

    def _forget_result(self) -> None:
        self._generation += 1
        self._checked = None
        self.details.hide()
        self.use_rfc_row.hide()
        self.completeChanged.emit()

    def _update_validate_button(self) -> None:
        self.validate_button.setEnabled(
            bool(self.cer_edit.text() and self.key_edit.text() and self.password_edit.text()) and not self.busy
        )

    @Slot()
    def _on_password_edit_return_pressed(self) -> None:
        # Enter validates; once validated, the same Enter is "Siguiente" (the wizard's default button) instead.
        if self._checked is None:
            self._on_validate_button_clicked()

    @Slot()
    def _on_validate_button_clicked(self) -> None:
        if not self.validate_button.isEnabled():
            return
        self._forget_result()
        generation = self._generation
        service, rfc = self.context.service, self.state.rfc
        cer, key, password = self.cer_edit.text(), self.key_edit.text(), self.password_edit.text()
        self.fiel_status.setText(with_symbol(BUSY, tr("Validando la e.firma…")))
        self.validate_button.setEnabled(False)

        def done(checked: CheckedFiel) -> None:
            if generation == self._generation:
                self._show_valid(checked)
            self._update_validate_button()

        def failed(error: AppError) -> None:
            if generation == self._generation:
                self.fiel_status.setText(fiel_error_text(error, rfc))
                self._offer_rfc(error)
            self._update_validate_button()

        self.run(lambda: check_fiel(service, rfc, cer, key, password), done, failed)

    def _offer_rfc(self, error: AppError) -> None:
        """An e.firma of another RFC: one click makes that RFC the one being configured."""
        other = error.details.get("certificate_rfc") if error.code == "rfc_mismatch" else None
        if not other:
            return
        self._other_rfc = other
        self.use_rfc_button.setText(tr("&Usar {rfc}, el RFC de esta e.firma").format(rfc=other))
        self.use_rfc_button.setAccessibleName(tr("Usar {rfc}, el RFC de esta e.firma").format(rfc=other))
        self.use_rfc_row.show()

    @Slot()
    def _on_use_rfc_button_clicked(self) -> None:
        rfc, name = self._other_rfc, self.state.name
        if not rfc or self.busy:
            return
        service = self.context.service
        self.use_rfc_row.hide()
        self.fiel_status.setText(with_symbol(BUSY, tr("Validando la e.firma…")))
        self.run(lambda: profile_preview(service, rfc, name), self._on_rfc_switched, self._on_rfc_switch_failed)

    def _on_rfc_switched(self, profile: dict[str, Any]) -> None:
        # The consent given on the activation page was for this e.firma; the rest starts again for its RFC.
        activated = self.state.activated or bool(profile["activated"])
        name = self.state.name
        self.state.reset()
        self.state.rfc, self.state.name, self.state.profile = profile["rfc"], name, profile
        self.state.activated, self.state.stored = activated, bool(profile["has_fiel"])
        wizard = self.wizard()
        profile_page = wizard.page(PROFILE) if wizard is not None else None
        if profile_page is not None and hasattr(profile_page, "use_rfc"):
            profile_page.use_rfc(profile["rfc"])
        self.initializePage()
        self._update_validate_button()
        self._on_validate_button_clicked()  # the same files and password, now for their own RFC

    def _on_rfc_switch_failed(self, error: AppError) -> None:
        self.fiel_status.setText(error_text(error))

    def _show_valid(self, checked: CheckedFiel) -> None:
        self._checked = checked
        info = checked.info
        self.fiel_status.setText(with_symbol(OK, tr("e.firma válida para {rfc}.").format(rfc=info.rfc)))
        self.rfc_value.setText(info.rfc)
        self.name_value.setText(info.legal_name or "—")
        self.serial_value.setText(info.serial_number)
        self.validity_value.setText(
            tr("Del {start} al {end}").format(
                start=certificate_day(info.valid_from), end=certificate_day(info.valid_to)
            )
        )
        self.details.show()

    # -- start date -------------------------------------------------------------------------------------------

    @Slot(str)
    def _on_sync_start_problem_changed(self, problem: str) -> None:
        if not problem:
            self.sync_start_hint.setText(self._start_info)
        elif problem == "range":
            self.sync_start_hint.setText(
                with_symbol(
                    WARNING,
                    tr("La fecha de inicio debe estar entre el {first} y el {last}.").format(
                        first=formatting.day_text(self.sync_start_edit.minimumDate().toPython()),
                        last=formatting.day_text(self.sync_start_edit.maximumDate().toPython()),
                    ),
                )
            )
        else:
            self.sync_start_hint.setText(
                with_symbol(WARNING, tr("Escribe la fecha como dd/mm/aaaa, por ejemplo 01/01/2024."))
            )
        self.completeChanged.emit()

    # -- phone --------------------------------------------------------------------------------------------------

    @Slot(str)
    def _on_phone_edit_text_changed(self, text: str) -> None:
        try:
            self._phone = normalize_phone(text)
        except AppError as exc:
            self._phone, self._phone_ok = None, False
            self.phone_status.setText(error_text(exc))
        else:
            self._phone_ok = True
            self.phone_status.setText(with_symbol(OK, self._phone) if self._phone else "")
        self.completeChanged.emit()
