"""The wizard without a mouse (issue 16): unique Alt+letters on every page, Enter is "Siguiente"/"Terminar",
dates typed as people write them, and a keyboard-only run from the first RFC to a request at SAT."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QLineEdit, QPushButton, QWidget, QWizard

from desktop_app.gui.date_field import DateField
from desktop_app.gui.wizard.base import ACTIVATION, DONE, FIEL, PROFILE, REGISTRATION, SCHEDULE
from tests.conftest import TEST_PASSWORD
from tests.gui.conftest import RFC
from tests.gui.shell.keyboard import alt, duplicate_mnemonics, focus, press, type_text
from tests.gui.wizard.test_wizard import (
    OTHER_RFC,
    TIMEOUT,
    fiel_files,
    go_next,
    open_wizard,
    settle,
    text,
    to_fiel,
    validate,
)


def on_page(qtbot, wizard, page_id: int) -> None:
    qtbot.waitUntil(lambda: wizard.currentId() == page_id and not wizard.busy(), timeout=TIMEOUT)


def test_every_wizard_page_has_unique_mnemonics(qtbot, context, sandbox):
    """Before: Alt+A was both "‹ Atrás" and "Activar"."""
    wizard = open_wizard(qtbot, context)
    seen = {}

    def check(name: str) -> None:
        settle(qtbot, wizard)
        assert not duplicate_mnemonics(wizard), (name, duplicate_mnemonics(wizard))
        seen[name] = True

    check("perfil")
    to_fiel(qtbot, wizard, OTHER_RFC)
    wizard.back()
    check("activación")
    wizard.next()
    check("e.firma")
    validate(qtbot, wizard, *fiel_files(), TEST_PASSWORD)  # another RFC's: "Usar …" shows up
    assert wizard.findChild(QPushButton, "useFielRfcButton").isVisible()
    check("e.firma de otro RFC")
    qtbot.mouseClick(wizard.findChild(QPushButton, "useFielRfcButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: text(wizard, "fielStatusLabel").startswith("✓"), timeout=TIMEOUT)
    check("e.firma válida")
    sandbox.faults.add("auth", "http500", times=1)
    go_next(qtbot, wizard, REGISTRATION)
    assert wizard.findChild(QPushButton, "retryButton").isVisible()
    check("registro con reintentar")
    go_next(qtbot, wizard, SCHEDULE)
    check("programación")
    go_next(qtbot, wizard, DONE)
    check("revisar y terminar")
    assert len(seen) == 8


def test_enter_after_activating_goes_forward_not_back(qtbot, context):
    wizard = open_wizard(qtbot, context)
    wizard.findChild(QLineEdit, "rfcEdit").setText(RFC)
    go_next(qtbot, wizard, ACTIVATION)
    consent = wizard.findChild(QCheckBox, "consentCheck")
    button = wizard.findChild(QPushButton, "activateButton")
    consent.setChecked(True)
    button.setFocus()
    press(Qt.Key.Key_Space)  # the focused button, as a keyboard user activates it
    qtbot.waitUntil(lambda: wizard.state.activated, timeout=TIMEOUT)
    assert not button.isEnabled()
    assert focus() is wizard.button(QWizard.WizardButton.NextButton)  # not "‹ Atrás", as before
    press(Qt.Key.Key_Return)
    on_page(qtbot, wizard, FIEL)


def test_enter_in_a_field_is_siguiente_and_back_and_cancel_never_take_it(qtbot, context):
    wizard = open_wizard(qtbot, context)
    for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
        assert not wizard.button(which).autoDefault()
    edit = wizard.findChild(QLineEdit, "rfcEdit")
    edit.setFocus()
    type_text(RFC)
    press(Qt.Key.Key_Enter)
    on_page(qtbot, wizard, ACTIVATION)
    wizard.button(QWizard.WizardButton.BackButton).setFocus()
    press(Qt.Key.Key_Return)  # a focused "‹ Atrás" does not take Enter: "Siguiente" is off, nothing happens
    assert wizard.currentId() == ACTIVATION


def test_enter_in_the_password_validates_then_goes_on(qtbot, context):
    wizard = open_wizard(qtbot, context)
    to_fiel(qtbot, wizard)
    cer, key = fiel_files()
    wizard.findChild(QLineEdit, "cerPathEdit").setText(str(cer))
    wizard.findChild(QLineEdit, "keyPathEdit").setText(str(key))
    wizard.findChild(QLineEdit, "passwordEdit").setFocus()
    type_text(TEST_PASSWORD)
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: text(wizard, "fielStatusLabel").startswith("✓"), timeout=TIMEOUT)
    settle(qtbot, wizard)
    assert wizard.currentId() == FIEL
    press(Qt.Key.Key_Return)  # validated: Enter is "Siguiente" now, not "Validar" again
    on_page(qtbot, wizard, REGISTRATION)


def test_a_typed_date_is_kept_as_typed_and_takes_one_tab_stop(qtbot, context):
    wizard = open_wizard(qtbot, context)
    to_fiel(qtbot, wizard)
    field = wizard.findChild(DateField, "syncStartDateEdit")
    phone = wizard.findChild(QLineEdit, "phoneEdit")
    start_label = [label for label in wizard.findChildren(QLabel) if label.buddy() is field]
    assert start_label and "&i" in start_label[0].text()
    alt("i")
    assert field.isAncestorOf(focus())
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text("15/01/2024")  # with QDateEdit this became 15/07/2020
    assert field.text() == "15/01/2024"
    press(Qt.Key.Key_Tab)
    assert focus() is phone  # one Tab stop, not one per day, month and year
    assert field.date() == QDate(2024, 1, 15)

    field.edit.setFocus()
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text("3/2/2025")
    press(Qt.Key.Key_Tab)
    assert field.text() == "03/02/2025" and field.date() == QDate(2025, 2, 3)

    field.edit.setFocus()
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text("31/02/2025")  # not a date: kept as typed, said, and "Siguiente" waits
    press(Qt.Key.Key_Tab)
    assert field.text() == "31/02/2025" and field.problem() == "format"
    assert text(wizard, "syncStartHint").startswith("⚠ Escribe la fecha como dd/mm/aaaa")
    field.edit.setFocus()
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text("01/01/2019")  # before SAT's six years: kept, and the range is told
    press(Qt.Key.Key_Tab)
    assert field.text() == "01/01/2019" and field.problem() == "range"
    assert text(wizard, "syncStartHint") == "⚠ La fecha de inicio debe estar entre el 01/07/2020 y el 15/06/2026."
    assert field.date() == QDate(2025, 2, 3)  # the last good date stays what is used


def test_keyboard_only_from_first_start_to_a_request(qtbot, service):
    """QTest key clicks only: the wizard, then Solicitudes → Nueva solicitud → Enter."""
    from desktop_app.app import build_window

    window = build_window(service, poll_interval_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    wizard = window.open_wizard()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and wizard.isActiveWindow(), timeout=TIMEOUT)
    on_page(qtbot, wizard, PROFILE)

    alt("r")
    type_text("eku9003173c9")
    press(Qt.Key.Key_Tab)
    type_text("Escuela Kemper Urgate")
    press(Qt.Key.Key_Return)
    on_page(qtbot, wizard, ACTIVATION)

    alt("d")  # "&Doy mi consentimiento…"
    qtbot.waitUntil(lambda: wizard.findChild(QCheckBox, "consentCheck").isChecked(), timeout=TIMEOUT)
    alt("t")  # "Ac&tivar"
    qtbot.waitUntil(lambda: wizard.state.activated, timeout=TIMEOUT)
    press(Qt.Key.Key_Return)
    on_page(qtbot, wizard, FIEL)

    cer, key = fiel_files()
    alt("c")
    type_text(str(cer))
    alt("l")
    type_text(str(key))
    alt("o")
    type_text(TEST_PASSWORD)
    press(Qt.Key.Key_Return)  # validates
    qtbot.waitUntil(lambda: text(wizard, "fielStatusLabel").startswith("✓"), timeout=TIMEOUT)
    settle(qtbot, wizard)
    alt("i")
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text("01/05/2026")
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Return)  # from the phone field: "Siguiente"
    on_page(qtbot, wizard, REGISTRATION)
    assert text(wizard, "registrationStatusLabel").startswith("✓ Registrada")

    press(Qt.Key.Key_Return)
    on_page(qtbot, wizard, SCHEDULE)
    alt("h")  # no history download in this test: one request is enough
    qtbot.waitUntil(lambda: not wizard.findChild(QCheckBox, "backfillCheck").isChecked(), timeout=TIMEOUT)
    press(Qt.Key.Key_Return)
    on_page(qtbot, wizard, DONE)
    press(Qt.Key.Key_Return)  # "Terminar"
    qtbot.waitUntil(lambda: not shiboken6.isValid(wizard) or not wizard.isVisible(), timeout=TIMEOUT)
    profile = service.profiles.get(RFC)
    assert profile.activated and profile.has_fiel and profile.registered
    assert profile.sync_start_date == "2026-05-01"

    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=TIMEOUT)
    press(Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # Ir a → Solicitudes
    assert window.stack.currentWidget().widget() is window.pages["history"]
    qtbot.waitUntil(lambda: window.findChild(QPushButton, "newRequestButton").isEnabled(), timeout=TIMEOUT)
    alt("n")  # "&Nueva solicitud…"
    qtbot.waitUntil(lambda: _visible_dialog(window) is not None, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: _visible_dialog(window).isActiveWindow(), timeout=TIMEOUT)
    press(Qt.Key.Key_Return)  # the last month, issued: the dialog's defaults
    qtbot.waitUntil(lambda: len(service.history(RFC)["history"]) == 1, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: _visible_dialog(window) is None, timeout=TIMEOUT)
    window.close()


def _visible_dialog(window) -> QWidget | None:
    dialog = window.findChild(QWidget, "newRequestDialog")
    return dialog if dialog is not None and dialog.isVisible() else None


def test_the_english_window_writes_and_reads_the_date_month_first(qtbot, monkeypatch):
    """An outside audit: the English field showed 07/12/2026 (7 December, day first) where every other date of the
    English window is 12/7/2026: an English reader took it for 12 July."""
    from PySide6.QtCore import QLocale

    from desktop_app.gui import date_field, formatting

    english = formatting.date_format(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    assert english.startswith("M")  # what the English translation's locale (en_US) makes every other date
    monkeypatch.setattr(date_field, "date_format", lambda: english)
    field = DateField()
    qtbot.addWidget(field)
    field.setDate(QDate(2026, 12, 7))
    assert field.text() == "12/07/2026"
    field.edit.setText("1/15/2024")
    field.edit.editingFinished.emit()
    assert field.date() == QDate(2024, 1, 15) and field.text() == "01/15/2024"
    assert date_field.parse_date("15/01/2024", month_first=True) is None  # no month 15
    assert date_field.parse_date("15/01/2024") == QDate(2024, 1, 15)  # the Spanish window: day first
