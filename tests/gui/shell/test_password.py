"""The e.firma password when the keyring cannot give it (issue 16, item 1).

Before: after a restart without a keyring, requests stayed "Pendiente" and the status bar said "Escríbela para
continuar" with nowhere to type it. Now the window asks in a dialog, checks the password by opening the e.firma,
and the poller goes on with it; cancelling stops everything for that RFC and leaves a way back in the status bar.
"""

from __future__ import annotations

import keyring.backend
import pytest
from keyring.backends import fail
from keyring.errors import KeyringLocked
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QLineEdit, QPushButton

from desktop_app.core.secrets import SERVICE, SecretStore
from desktop_app.core.service import DescargaService
from tests.conftest import TEST_PASSWORD
from tests.gui.conftest import RFC
from tests.sandbox_env import FAST

TIMEOUT = 20_000


class LockedKeyring(keyring.backend.KeyringBackend):
    """A keyring that exists but will not give the password (locked, or the user denied access)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        raise KeyringLocked("the keyring is locked")

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        self.items.pop((service, username), None)


@pytest.fixture
def restart(ready_service, clock):
    """The same data home opened again by a new process whose keyring cannot give the password."""
    opened = []

    def start(backend) -> DescargaService:
        service = DescargaService(
            ready_service.home,
            clock=clock,
            secrets=SecretStore(backend),
            sat_factory=ready_service.sat_factory,
            policy=FAST,
        )
        opened.append(service)
        return service

    yield start
    for service in opened:
        service.close()


def open_window(qtbot, service):
    from desktop_app.app import build_window

    window = build_window(service, poll_interval_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    return window


def dialog_of(window) -> QDialog | None:
    dialog = window.findChild(QDialog, "passwordDialog")
    return dialog if dialog is not None and dialog.isVisible() else None


def submit(qtbot, dialog: QDialog, password: str) -> None:
    edit = dialog.findChild(QLineEdit, "passwordDialogEdit")
    edit.clear()
    qtbot.keyClicks(edit, password)
    qtbot.mouseClick(dialog.findChild(QPushButton, "passwordDialogOk"), Qt.MouseButton.LeftButton)


def runs(service) -> int:
    return service.db.get().execute("SELECT COUNT(*) FROM sync_runs WHERE rfc = ?", (RFC,)).fetchone()[0]


def test_without_a_keyring_the_window_asks_checks_and_goes_on(qtbot, restart):
    service = restart(fail.Keyring())
    service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued", submit=False)
    window = open_window(qtbot, service)
    qtbot.waitUntil(lambda: dialog_of(window) is not None, timeout=TIMEOUT)  # the first pass needed it
    dialog = dialog_of(window)
    assert RFC in dialog.findChild(QLabel, "passwordDialogIntro").text()
    assert not dialog.findChild(QCheckBox, "rememberPasswordCheck").isVisibleTo(dialog)  # no keyring to offer
    assert "no tiene un llavero del sistema" in dialog.findChild(QLabel, "passwordDialogNote").text()
    assert service.history(RFC)["history"][0]["status"] != "completed"

    submit(qtbot, dialog, "not-the-password")
    error = dialog.findChild(QLabel, "passwordDialogError")
    qtbot.waitUntil(lambda: error.text().startswith("⚠"), timeout=TIMEOUT)
    assert error.text() == (
        f"⚠ Esa contraseña no abre la llave privada (.key) de {RFC}. Revísala y escríbela de nuevo."
    )
    assert dialog.isVisible()  # asked again, never sent back to the wizard
    assert service.secrets.get_password(RFC) is None

    submit(qtbot, dialog, TEST_PASSWORD)
    qtbot.waitUntil(lambda: dialog_of(window) is None, timeout=TIMEOUT)
    assert service.secrets.get_password(RFC) == TEST_PASSWORD  # in this process's memory
    qtbot.waitUntil(lambda: service.history(RFC)["history"][0]["status"] == "completed", timeout=TIMEOUT)
    assert not window.findChild(QPushButton, "passwordButton").isVisible()
    assert window.findChild(QDialog, "setupWizard") is None
    window.close()


def test_cancel_runs_nothing_and_the_status_bar_offers_to_type_it_later(qtbot, restart):
    service = restart(fail.Keyring())
    service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued", submit=False)
    window = open_window(qtbot, service)
    qtbot.waitUntil(lambda: dialog_of(window) is not None, timeout=TIMEOUT)
    dialog_of(window).reject()
    qtbot.waitUntil(lambda: dialog_of(window) is None, timeout=TIMEOUT)
    button = window.findChild(QPushButton, "passwordButton")
    status = window.findChild(QLabel, "syncStatus")
    assert button.isVisible() and button.text() == "Escribir la contraseña de la e.firma…"
    assert status.text() == f"⚠ {RFC}: falta la contraseña de la e.firma; no se descarga nada hasta que la escribas."
    before = runs(service)

    poller = window.context.poller
    with qtbot.waitSignal(poller.pass_finished, timeout=TIMEOUT) as blocker:
        poller.sync_now()  # the timer's next pass
    assert blocker.args[0].error_code == "password_required"
    assert runs(service) == before  # on hold: nothing ran, no failed run in the history
    assert dialog_of(window) is None  # and the user is not nagged by it

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog_of(window) is not None, timeout=TIMEOUT)
    submit(qtbot, dialog_of(window), TEST_PASSWORD)
    qtbot.waitUntil(lambda: service.history(RFC)["history"][0]["status"] == "completed", timeout=TIMEOUT)
    assert not button.isVisible()
    window.close()


def test_a_locked_keyring_offers_to_remember_it(qtbot, restart):
    backend = LockedKeyring()
    service = restart(backend)
    service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued", submit=False)
    window = open_window(qtbot, service)
    qtbot.waitUntil(lambda: dialog_of(window) is not None, timeout=TIMEOUT)
    dialog = dialog_of(window)
    remember = dialog.findChild(QCheckBox, "rememberPasswordCheck")
    assert remember.isVisible() and remember.isChecked()
    assert remember.text() == "&Recordar en el llavero del sistema"
    submit(qtbot, dialog, TEST_PASSWORD)
    qtbot.waitUntil(lambda: dialog_of(window) is None, timeout=TIMEOUT)
    assert backend.items == {(SERVICE, RFC): TEST_PASSWORD}
    window.close()


def test_unticking_remember_keeps_it_in_memory_only(qtbot, restart):
    backend = LockedKeyring()
    service = restart(backend)
    service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued", submit=False)
    window = open_window(qtbot, service)
    qtbot.waitUntil(lambda: dialog_of(window) is not None, timeout=TIMEOUT)
    dialog = dialog_of(window)
    dialog.findChild(QCheckBox, "rememberPasswordCheck").setChecked(False)
    submit(qtbot, dialog, TEST_PASSWORD)
    qtbot.waitUntil(lambda: dialog_of(window) is None, timeout=TIMEOUT)
    assert backend.items == {}
    assert service.secrets.get_password(RFC) == TEST_PASSWORD
    window.close()
