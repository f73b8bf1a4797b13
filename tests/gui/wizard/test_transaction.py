"""The wizard is a transaction (issue 16): nothing is stored before "Terminar"; going back or cancelling leaves
no half-made profile; running it again for an RFC keeps what that RFC has."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton, QSpinBox, QTimeEdit

from desktop_app.gui.date_field import DateField
from desktop_app.gui.wizard.base import ACTIVATION, DONE, FIEL, PROFILE, REGISTRATION, SCHEDULE
from tests.conftest import TEST_PASSWORD
from tests.gui.conftest import RFC
from tests.gui.wizard.test_wizard import (
    OTHER_RFC,
    TIMEOUT,
    activate,
    fiel_files,
    finish,
    go_next,
    nothing_stored,
    open_wizard,
    text,
    to_activation,
    to_fiel,
    validate,
)


def test_going_back_to_fix_a_typo_in_the_rfc_leaves_no_profile_behind(qtbot, context, service):
    wizard = open_wizard(qtbot, context)
    to_fiel(qtbot, wizard, OTHER_RFC)  # the wrong RFC, activated (before: a profile, activated, no e.firma)
    assert nothing_stored(service)
    wizard.back()
    wizard.back()
    assert wizard.currentId() == PROFILE
    wizard.findChild(QLineEdit, "rfcEdit").setText(RFC)
    go_next(qtbot, wizard, ACTIVATION)
    activate(qtbot, wizard)
    go_next(qtbot, wizard, FIEL)
    assert validate(qtbot, wizard, *fiel_files(), TEST_PASSWORD).startswith("✓")
    go_next(qtbot, wizard, REGISTRATION)
    go_next(qtbot, wizard, SCHEDULE)
    wizard.findChild(QCheckBox, "backfillCheck").setChecked(False)
    go_next(qtbot, wizard, DONE)
    finish(qtbot, wizard)
    assert [p.rfc for p in service.profiles.list()] == [RFC]


@pytest.mark.parametrize("where", [ACTIVATION, REGISTRATION, DONE])
def test_cancel_leaves_nothing(qtbot, context, service, where):
    wizard = open_wizard(qtbot, context)
    to_activation(qtbot, wizard)
    if where != ACTIVATION:
        activate(qtbot, wizard)
        go_next(qtbot, wizard, FIEL)
        assert validate(qtbot, wizard, *fiel_files(), TEST_PASSWORD).startswith("✓")
        go_next(qtbot, wizard, REGISTRATION)
        assert text(wizard, "registrationStatusLabel").startswith("✓ Registrada")  # SAT was asked …
    else:
        activate(qtbot, wizard)
    if where == DONE:
        go_next(qtbot, wizard, SCHEDULE)
        go_next(qtbot, wizard, DONE)
    wizard.reject()
    assert nothing_stored(service)  # … and still nothing is stored: no profile, no files
    assert service.secrets.get_password(RFC) is None
    assert context.rfc == ""


def test_cancelling_agregar_rfc_keeps_the_selector_as_it_was(qtbot, ready_service, tmp_path):
    from PySide6.QtCore import QSettings

    from desktop_app.app import build_window

    settings = QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat)
    window = build_window(ready_service, poll_interval_ms=600_000, settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.mouseClick(window.findChild(QPushButton, "addProfileButton"), Qt.MouseButton.LeftButton)
    wizard = window._wizard
    qtbot.waitUntil(lambda: wizard.isVisible() and not wizard.busy(), timeout=TIMEOUT)
    to_activation(qtbot, wizard, OTHER_RFC, "Otra empresa")
    activate(qtbot, wizard)
    go_next(qtbot, wizard, FIEL)
    wizard.reject()
    combo = window.findChild(QComboBox, "profileSelector")
    assert [combo.itemData(i) for i in range(combo.count())] == [RFC]
    assert [p.rfc for p in ready_service.profiles.list()] == [RFC]
    window.close()


def test_running_the_wizard_again_keeps_the_previous_choices(qtbot, context, service):
    """Before: a second run turned the history download back on and queued every month again, unasked."""
    wizard = open_wizard(qtbot, context)
    to_fiel(qtbot, wizard)
    assert validate(qtbot, wizard, *fiel_files(), TEST_PASSWORD).startswith("✓")
    wizard.findChild(DateField, "syncStartDateEdit").setDate(QDate(2026, 4, 1))
    go_next(qtbot, wizard, REGISTRATION)
    go_next(qtbot, wizard, SCHEDULE)
    wizard.findChild(QTimeEdit, "scheduleTimeEdit").setTime(QTime(7, 30))
    wizard.findChild(QCheckBox, "issuedCheck").setChecked(False)
    wizard.findChild(QSpinBox, "daysBackSpin").setValue(10)
    go_next(qtbot, wizard, DONE)
    finish(qtbot, wizard)
    queued = len(service.history(RFC)["history"])
    assert queued > 0  # the history since April, received
    before = service.get_schedule(RFC)["schedule"]

    again = open_wizard(qtbot, context)
    again.findChild(QLineEdit, "rfcEdit").setText(RFC)
    go_next(qtbot, again, ACTIVATION)
    go_next(qtbot, again, FIEL)
    go_next(qtbot, again, REGISTRATION)
    go_next(qtbot, again, SCHEDULE)
    assert again.findChild(QCheckBox, "scheduleEnabledCheck").isChecked()
    assert again.findChild(QTimeEdit, "scheduleTimeEdit").time() == QTime(7, 30)
    assert not again.findChild(QCheckBox, "issuedCheck").isChecked()
    assert again.findChild(QCheckBox, "receivedCheck").isChecked()
    assert again.findChild(QSpinBox, "daysBackSpin").value() == 10
    assert not again.findChild(QCheckBox, "backfillCheck").isChecked()
    assert again.findChild(QLabel, "backfillHint").text().startswith("ℹ El historial de este RFC ya se pidió")
    go_next(qtbot, again, DONE)
    assert "Historial" not in text(again, "summaryLabel")
    finish(qtbot, again)
    assert len(service.history(RFC)["history"]) == queued
    assert service.get_schedule(RFC)["schedule"] == before
    assert len(service.profiles.list()) == 1


def test_an_rfc_configured_before_the_check_digit_existed_is_taken_as_it_is(qtbot, context, service):
    """Some RFCs SAT assigned long ago do not follow the check digit; a profile made with one keeps working."""
    from desktop_app.core.store.db import transaction

    legacy = "MUÑ800101AB1"  # its digit does not verify
    with transaction(service.db.get()) as conn:
        conn.execute("INSERT INTO profiles(rfc, name, created_at) VALUES (?, 'Muñoz', 0)", (legacy,))
        conn.execute("INSERT INTO schedules(rfc) VALUES (?)", (legacy,))
    wizard = open_wizard(qtbot, context)
    wizard.findChild(QLineEdit, "rfcEdit").setText(legacy)
    assert text(wizard, "rfcStatusLabel") == "✓ Este RFC ya está configurado: se continuará con su perfil."
    go_next(qtbot, wizard, ACTIVATION)
    assert wizard.state.profile["existed"] and wizard.state.rfc == legacy
    wizard.back()
    # a new RFC with such a digit: a warning, not a dead end — the e.firma decides at "Terminar"
    wizard.findChild(QLineEdit, "rfcEdit").setText("MUÑ800101AB2")
    assert text(wizard, "rfcStatusLabel").startswith("⚠ El último carácter del RFC (el dígito verificador)")
    assert "tu e.firma lo confirmará" in text(wizard, "rfcStatusLabel")
    assert wizard.currentPage().isComplete()
