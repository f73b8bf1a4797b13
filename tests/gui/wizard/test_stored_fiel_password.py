"""A stored e.firma whose password the keyring cannot give: the wizard asks for it, never for the files again."""

from __future__ import annotations

from keyring.backends import fail
from PySide6.QtWidgets import QDialog, QLineEdit

from desktop_app.gui.context import AppContext
from desktop_app.gui.wizard.base import ACTIVATION, FIEL, REGISTRATION, SCHEDULE
from tests.conftest import TEST_PASSWORD
from tests.gui.conftest import RFC
from tests.gui.shell.test_password import restart, submit  # noqa: F401 - the fixture
from tests.gui.wizard.test_wizard import TIMEOUT, go_next, open_wizard, text


def test_registration_of_a_stored_fiel_asks_for_its_password(qtbot, ready_service, restart):  # noqa: F811
    ready_service.profiles.record_registration(RFC, False, "sat_unavailable: SAT did not answer")
    service = restart(fail.Keyring())
    wizard = open_wizard(qtbot, AppContext(service))
    wizard.findChild(QLineEdit, "rfcEdit").setText(RFC)
    go_next(qtbot, wizard, ACTIVATION)
    go_next(qtbot, wizard, FIEL)
    wizard.next()  # keep the stored e.firma
    qtbot.waitUntil(lambda: wizard.currentId() == REGISTRATION, timeout=TIMEOUT)
    dialog = None

    def asked() -> bool:
        nonlocal dialog
        dialog = wizard.findChild(QDialog, "passwordDialog")
        return dialog is not None and dialog.isVisible()

    qtbot.waitUntil(asked, timeout=TIMEOUT)
    submit(qtbot, dialog, TEST_PASSWORD)
    qtbot.waitUntil(lambda: text(wizard, "registrationStatusLabel").startswith("✓ Registrada"), timeout=TIMEOUT)
    assert not service.profiles.get(RFC).registered  # recorded at "Terminar", like everything else
    go_next(qtbot, wizard, SCHEDULE)
