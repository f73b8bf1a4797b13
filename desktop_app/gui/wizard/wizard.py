"""The setup wizard: perfil → activación → e.firma → registro con el SAT → programación → listo.

Opened on first run (no RFC yet), by ``descarga-masiva demo`` (pre-filled with SAT's public test e.firma),
and from Configuración to add another RFC.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget, QWizard

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
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        # Our own words rather than Qt's, so the buttons read the same with or without Qt's translations.
        self.setButtonText(QWizard.WizardButton.BackButton, tr("< &Atrás"))
        self.setButtonText(QWizard.WizardButton.NextButton, tr("&Siguiente >"))
        self.setButtonText(QWizard.WizardButton.CommitButton, tr("&Siguiente >"))
        self.setButtonText(QWizard.WizardButton.FinishButton, tr("&Terminar"))
        self.setButtonText(QWizard.WizardButton.CancelButton, tr("Cancelar"))
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
