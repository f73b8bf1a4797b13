"""The setup wizard: perfil → activación → e.firma → registro con el SAT → programación → revisar y terminar.

Opened on first run (no RFC yet), by ``descarga-masiva demo`` (pre-filled with SAT's public test e.firma),
and from Configuración to add another RFC. Nothing is stored before "Terminar" (see ``base``): cancelling, or
going back to fix the RFC, leaves no half-made profile behind.

Keyboard: each page's mnemonics are unique (with the buttons'), Enter is "Siguiente"/"Terminar" — never
"Atrás" or "Cancelar" — and Escape cancels.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QPushButton, QWidget, QWizard

from desktop_app.gui.context import AppContext
from desktop_app.gui.wizard.base import (
    ACTIVATION,
    DONE,
    FIEL,
    PROFILE,
    REGISTRATION,
    SCHEDULE,
    WizardPageBase,
    WizardState,
    tr,
)
from desktop_app.gui.wizard.page_activation import ActivationPage
from desktop_app.gui.wizard.page_done import DonePage
from desktop_app.gui.wizard.page_fiel import FielPage
from desktop_app.gui.wizard.page_profile import ProfilePage
from desktop_app.gui.wizard.page_registration import RegistrationPage
from desktop_app.gui.wizard.page_schedule import SchedulePage


class SetupWizard(QWizard):
    """Configure one RFC from scratch (or finish configuring one that exists).

    Attributes:
        state: what the pages learnt so far (the RFC, the validated e.firma, the results).
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.state = WizardState()
        self.setObjectName("setupWizard")
        title = tr("Configurar Descarga Masiva SAT")
        if context.demo is not None:
            title += tr(" — demostración")
        self.setWindowTitle(title)
        self.setAccessibleName(tr("Asistente de configuración"))
        # The last page is where the user reviews and presses "Terminar": "Atrás" and "Cancelar" stay there.
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, False)
        # Our own words rather than Qt's, so the buttons read the same with or without Qt's translations.
        self.setButtonText(QWizard.WizardButton.BackButton, tr("< &Atrás"))
        self.setButtonText(QWizard.WizardButton.NextButton, tr("&Siguiente >"))
        self.setButtonText(QWizard.WizardButton.CommitButton, tr("&Siguiente >"))
        self.setButtonText(QWizard.WizardButton.FinishButton, tr("&Terminar"))
        self.setButtonText(QWizard.WizardButton.CancelButton, tr("Cancelar"))
        # Enter is the default button ("Siguiente"/"Terminar"): a focused "Atrás" or "Cancelar" never takes it.
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            button = self.button(which)
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        pages: list[tuple[int, type[WizardPageBase]]] = [
            (PROFILE, ProfilePage),
            (ACTIVATION, ActivationPage),
            (FIEL, FielPage),
            (REGISTRATION, RegistrationPage),
            (SCHEDULE, SchedulePage),
            (DONE, DonePage),
        ]
        for page_id, page_class in pages:
            self.setPage(page_id, page_class(context, self.state, self))
        self.setStartId(PROFILE)
        self.resize(720, 560)

    def busy(self) -> bool:
        """A page is waiting on a background job (tests wait for this to settle)."""
        return any(page.busy for page in (self.page(i) for i in self.pageIds()) if isinstance(page, WizardPageBase))

    def done(self, result: int) -> None:
        # While "Terminar" is saving, cancelling (Escape, the window's close button) would leave it half done.
        if result == QDialog.DialogCode.Rejected and self.currentId() == DONE and self.busy():
            return
        super().done(result)

    def focus_default_button(self) -> None:
        """Give the keyboard to "Siguiente" (or "Terminar"), e.g. once the focused button got disabled."""
        for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.FinishButton):
            button = self.button(which)
            if button.isVisible() and button.isEnabled():
                button.setFocus()
                return
