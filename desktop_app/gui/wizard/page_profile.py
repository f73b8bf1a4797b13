"""Perfil: the RFC (checked while typed, check digit included) and a name. An RFC that already has a profile
continues with it; a new one is only created at "Terminar"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_app.core.errors import AppError
from desktop_app.core.profiles import GENERIC_RFCS, normalize_rfc, rfc_problem
from desktop_app.core.setup import profile_preview
from desktop_app.gui.context import AppContext
from desktop_app.gui.wizard.base import (
    INFO,
    OK,
    WARNING,
    WizardPageBase,
    WizardState,
    error_text,
    paragraph,
    status_label,
    tr,
    with_symbol,
)


def rfc_status_text(text: str, known: dict[str, str]) -> str:
    """What the RFC field says about ``text``: why it is not an RFC SAT assigns, or that it is fine."""
    if not text.strip():
        return with_symbol(INFO, tr("Escribe tu RFC con homoclave."))
    rfc = text.strip().upper()
    if rfc in known:  # configured before: taken as it is, whatever a newer check says of it
        return with_symbol(OK, tr("Este RFC ya está configurado: se continuará con su perfil."))
    problem = rfc_problem(text)
    if problem == "format":
        return error_text(AppError("invalid_rfc", ""))
    if rfc in GENERIC_RFCS:
        return with_symbol(
            WARNING,
            tr(
                "{rfc} es el RFC genérico que el SAT usa en las facturas para el público en general o el extranjero; "
                "escribe el RFC del contribuyente cuyas facturas quieres descargar."
            ).format(rfc=rfc),
        )
    if problem == "date":
        return with_symbol(
            WARNING,
            tr(
                "El RFC no es válido: «{date}» no es una fecha (año, mes y día: AAMMDD). Revisa que esté bien escrito."
            ).format(date=rfc[-9:-3]),
        )
    if problem == "check_digit":
        return with_symbol(
            WARNING,
            tr(
                "El último carácter del RFC (el dígito verificador) no corresponde al resto: revisa que esté bien "
                "escrito. Si así aparece en tu constancia de situación fiscal, continúa: tu e.firma lo confirmará."
            ),
        )
    return with_symbol(OK, tr("RFC válido."))


class ProfilePage(WizardPageBase):
    """RFC and name of the taxpayer whose CFDI will be downloaded."""

    def __init__(self, context: AppContext, state: WizardState, parent: QWidget | None = None) -> None:
        super().__init__(context, state, parent)
        self.setObjectName("profilePage")
        self.setTitle(tr("Tu RFC"))
        self.setSubTitle(tr("Escribe el RFC cuyas facturas (CFDI) quieres descargar del SAT."))
        self._known: dict[str, str] = {}  # RFC → name of the profiles already configured

        layout = QVBoxLayout(self)
        if context.demo is not None:
            self.demo_notice = paragraph(
                with_symbol(
                    INFO,
                    tr(
                        "Modo demostración: se usa la e.firma pública de prueba del SAT (RFC EKU9003173C9) "
                        "contra un SAT simulado en esta computadora. No se consulta al SAT real."
                    ),
                ),
                "demoNotice",
            )
            self.demo_notice.setAccessibleName(tr("Aviso de modo demostración"))
            layout.addWidget(self.demo_notice)

        self.rfc_edit = QLineEdit()
        self.rfc_edit.setObjectName("rfcEdit")
        self.rfc_edit.setAccessibleName(tr("RFC"))
        self.rfc_edit.setAccessibleDescription(tr("12 caracteres para personas morales, 13 para personas físicas"))
        self.rfc_edit.setMaxLength(13)
        self.rfc_edit.setPlaceholderText(tr("Por ejemplo: XAXX010101000"))
        self.rfc_status = status_label("rfcStatusLabel", tr("Estado del RFC"))
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("nameEdit")
        self.name_edit.setAccessibleName(tr("Nombre o razón social"))
        self.name_edit.setPlaceholderText(tr("Opcional; si lo dejas vacío se toma de la e.firma"))
        self.commit_status = status_label("profileErrorLabel", tr("Error al guardar el RFC"))

        form = QFormLayout()
        rfc_label = QLabel(tr("&RFC:"))
        rfc_label.setBuddy(self.rfc_edit)
        form.addRow(rfc_label, self.rfc_edit)
        form.addRow("", self.rfc_status)
        name_label = QLabel(tr("&Nombre o razón social:"))
        name_label.setBuddy(self.name_edit)
        form.addRow(name_label, self.name_edit)
        layout.addLayout(form)
        layout.addWidget(self.commit_status)
        layout.addStretch()
        self.setTabOrder(self.rfc_edit, self.name_edit)

        self.rfc_edit.textEdited.connect(self._on_rfc_edit_text_edited)
        self.rfc_edit.textChanged.connect(self._on_rfc_edit_text_changed)
        if context.demo_prefill is not None:
            self.rfc_edit.setText(context.demo_prefill.rfc)
            self.name_edit.setText(context.demo_prefill.name)
        self._on_rfc_edit_text_changed(self.rfc_edit.text())

    def initializePage(self) -> None:
        service = self.context.service
        self.run(lambda: {p.rfc: p.name for p in service.profile_records()}, self._on_profiles_loaded, self._ignore)

    def _on_profiles_loaded(self, known: dict[str, str]) -> None:
        self._known = known
        self._on_rfc_edit_text_changed(self.rfc_edit.text())

    def _ignore(self, _error: AppError) -> None:
        """The list only improves the hint; "Siguiente" checks the profile again."""

    def rfc(self) -> str | None:
        typed = self.rfc_edit.text().strip().upper()
        if typed in self._known:
            return typed
        if typed in GENERIC_RFCS:
            return None  # «Siguiente» stays off: no taxpayer holds it (core.profiles refuses it too)
        try:
            # a check digit that does not verify is a warning here: the e.firma, which names the RFC SAT issued
            # it to, decides at "Terminar" (core.setup.apply_setup)
            return normalize_rfc(typed, accept_check_digit=True)
        except AppError:
            return None

    @Slot(str)
    def _on_rfc_edit_text_edited(self, text: str) -> None:
        upper = text.upper()
        if upper != text:
            cursor = self.rfc_edit.cursorPosition()
            self.rfc_edit.setText(upper)
            self.rfc_edit.setCursorPosition(cursor)

    @Slot(str)
    def _on_rfc_edit_text_changed(self, text: str) -> None:
        self.commit_status.clear()
        self.rfc_status.setText(rfc_status_text(text, self._known))
        rfc = self.rfc()
        if rfc in self._known and not self.name_edit.text().strip():
            self.name_edit.setText(self._known[rfc])
        self.completeChanged.emit()

    def ready(self) -> bool:
        return self.rfc() is not None

    def commit_job(self) -> Callable[[], Any] | None:
        # Nothing is created here: only what the RFC has already (see core.setup).
        service, rfc, name = self.context.service, self.rfc(), self.name_edit.text().strip()
        return lambda: profile_preview(service, rfc, name)

    def on_committed(self, result: dict[str, Any]) -> None:
        if self.state.rfc != result["rfc"]:
            # Another RFC than the last time through: what the later pages learnt no longer applies.
            self.state.reset()
        self.state.rfc = result["rfc"]
        self.state.name = self.name_edit.text().strip()
        self.state.profile = result
        self.state.activated = bool(result["activated"])
        self.state.stored = bool(result["has_fiel"])

    def use_rfc(self, rfc: str) -> None:
        """Another page switched the RFC (the e.firma's): show it here, so going back tells the truth."""
        self.rfc_edit.setText(rfc)

    def on_commit_failed(self, error: AppError) -> None:
        self.commit_status.setText(error_text(error))
