"""The setup wizard end to end against the SAT sandbox: what a user sees on each page, and what gets stored.

Nothing is stored before "Terminar" (issue 16): the pages check, the last page applies everything at once.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QWidget,
    QWizard,
)

from desktop_app.core.errors import AppError
from desktop_app.core.profiles import earliest_sync_start
from desktop_app.demo import DEMO_PASSWORD, DEMO_RFC
from desktop_app.gui.date_field import DateField
from desktop_app.gui.messages import describe
from desktop_app.gui.wizard.base import ACTIVATION, DONE, FIEL, PROFILE, REGISTRATION, SCHEDULE
from desktop_app.gui.wizard.wizard import SetupWizard
from tests.conftest import CREDENTIALS, TEST_PASSWORD
from tests.gui.conftest import FIEL as FIEL_DIR
from tests.gui.conftest import RFC

CSD_DIR = CREDENTIALS / "eku9003173c9-csd"
EXPIRED_DIR = CREDENTIALS / "aaa010101aaa-fiel-expired"
OTHER_RFC = "AAA010101AAA"
TIMEOUT = 15_000


# -- driving the wizard -----------------------------------------------------------------------------------------


def open_wizard(qtbot, context) -> SetupWizard:
    wizard = SetupWizard(context)
    qtbot.addWidget(wizard)
    wizard.show()
    settle(qtbot, wizard)
    return wizard


def settle(qtbot, wizard: SetupWizard) -> None:
    qtbot.waitUntil(lambda: not wizard.busy(), timeout=TIMEOUT)


def child(wizard: SetupWizard, kind: type[QWidget], name: str):
    widget = wizard.findChild(kind, name)
    assert widget is not None, name
    assert widget.accessibleName(), f"{name} has no accessible name"
    return widget


def text(wizard: SetupWizard, name: str) -> str:
    return wizard.findChild(QLabel, name).text()


def next_enabled(wizard: SetupWizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def go_next(qtbot, wizard: SetupWizard, expected: int) -> None:
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == expected and not wizard.busy(), timeout=TIMEOUT)


def finish(qtbot, wizard: SetupWizard) -> None:
    """Press "Terminar" and wait until everything was saved and the wizard closed."""
    button = wizard.button(QWizard.WizardButton.FinishButton)
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.isVisible() and not wizard.busy(), timeout=TIMEOUT)
    assert wizard.result() == QDialog.DialogCode.Accepted


def nothing_stored(service) -> bool:
    return service.profiles.list() == [] and not any(service.home.glob("*/fiel"))


def to_activation(qtbot, wizard: SetupWizard, rfc: str = RFC, name: str = "Escuela Kemper Urgate") -> None:
    child(wizard, QLineEdit, "rfcEdit").setText(rfc)
    child(wizard, QLineEdit, "nameEdit").setText(name)
    go_next(qtbot, wizard, ACTIVATION)


def activate(qtbot, wizard: SetupWizard) -> None:
    child(wizard, QCheckBox, "consentCheck").setChecked(True)
    qtbot.mouseClick(child(wizard, QPushButton, "activateButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: next_enabled(wizard), timeout=TIMEOUT)


def to_fiel(qtbot, wizard: SetupWizard, rfc: str = RFC) -> None:
    to_activation(qtbot, wizard, rfc)
    activate(qtbot, wizard)
    go_next(qtbot, wizard, FIEL)


def validate(qtbot, wizard: SetupWizard, cer: Path, key: Path, password: str) -> str:
    """Fill the FIEL page as the file dialogs would, press "Validar", return the status line."""
    child(wizard, QLineEdit, "cerPathEdit").setText(str(cer))
    child(wizard, QLineEdit, "keyPathEdit").setText(str(key))
    child(wizard, QLineEdit, "passwordEdit").setText(password)
    button = child(wizard, QPushButton, "validateButton")
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    status = wizard.findChild(QLabel, "fielStatusLabel")
    qtbot.waitUntil(lambda: status.text()[:1] in ("✓", "⚠"), timeout=TIMEOUT)
    settle(qtbot, wizard)
    return status.text()


def fiel_files(folder: Path = FIEL_DIR) -> tuple[Path, Path]:
    return folder / "EKU9003173C9.cer", folder / "EKU9003173C9.key"


def assert_rejected(qtbot, wizard: SetupWizard, service, rfc: str, status: str, code: str | None = None) -> None:
    """The error is told inline in Spanish, "Siguiente" stays off, and nothing was stored."""
    if code is not None:
        assert status == f"⚠ {describe(code)}"
    assert status.startswith("⚠ ")
    assert not wizard.findChild(QWidget, "fielDetails").isVisible()
    assert not next_enabled(wizard)
    wizard.next()
    assert wizard.currentId() == FIEL
    assert nothing_stored(service)
    assert service.secrets.get_password(rfc) is None


# -- the whole way through -----------------------------------------------------------------------------------------


def test_a_generic_rfc_is_no_profile(qtbot, context, service):
    """XAXX010101000 (público en general) was taken as a taxpayer's RFC: its profile could never get an e.firma
    and gathered every client's sales to the general public (outside audit, many RFCs)."""
    wizard = open_wizard(qtbot, context)
    qtbot.keyClicks(child(wizard, QLineEdit, "rfcEdit"), "XAXX010101000")
    assert "RFC genérico" in text(wizard, "rfcStatusLabel")
    assert not next_enabled(wizard)
    with pytest.raises(AppError) as caught:
        service.add_profile("xexx010101000")
    assert (caught.value.code, caught.value.details["reason"]) == ("invalid_rfc", "generic")
    wizard.close()


def test_valid_fiel_configures_everything(qtbot, context, service):
    wizard = open_wizard(qtbot, context)
    assert wizard.currentId() == PROFILE

    rfc_edit = child(wizard, QLineEdit, "rfcEdit")
    assert not next_enabled(wizard)
    qtbot.keyClicks(rfc_edit, "eku9003173")
    assert rfc_edit.text() == "EKU9003173"  # upper case while typing
    assert text(wizard, "rfcStatusLabel") == f"⚠ {describe('invalid_rfc')}"
    assert not next_enabled(wizard)
    qtbot.keyClicks(rfc_edit, "c9")
    assert text(wizard, "rfcStatusLabel") == "✓ RFC válido."
    assert next_enabled(wizard)
    child(wizard, QLineEdit, "nameEdit").setText("Escuela Kemper Urgate")
    go_next(qtbot, wizard, ACTIVATION)
    assert nothing_stored(service)  # the profile is created at "Terminar"

    assert text(wizard, "activationStatusLabel") == "○ Sin activar."
    assert "No tiene costo" in wizard.findChild(QLabel, "activationExplanation").text()
    assert "0 XML descargados este mes" in text(wizard, "usageLabel")
    activate(qtbot, wizard)
    assert text(wizard, "activationStatusLabel").startswith("✓ Consentimiento dado")
    go_next(qtbot, wizard, FIEL)

    assert not next_enabled(wizard)
    start_edit = child(wizard, DateField, "syncStartDateEdit")
    today = service.profiles.today()
    assert start_edit.minimumDate().toPython() == earliest_sync_start(today) == start_edit.date().toPython()
    assert start_edit.maximumDate().toPython() == today
    status = validate(qtbot, wizard, *fiel_files(), TEST_PASSWORD)
    assert status == "✓ e.firma válida para EKU9003173C9."
    assert text(wizard, "fielRfcValue") == RFC
    assert text(wizard, "fielNameValue") == "ESCUELA KEMPER URGATE SA DE CV"
    assert text(wizard, "fielSerialValue") == "30001000000500003415"
    assert text(wizard, "fielValidityValue") == "Del 18/05/2023 al 17/05/2027"
    assert TEST_PASSWORD not in "".join(label.text() for label in wizard.findChildren(QLabel))
    assert next_enabled(wizard)
    start_edit.setDate(QDate(2024, 1, 1))
    phone = child(wizard, QLineEdit, "phoneEdit")
    phone.setText("123")
    assert text(wizard, "phoneStatusLabel") == f"⚠ {describe('invalid_phone')}"
    assert not next_enabled(wizard)
    phone.setText("55 1234 5678")
    assert text(wizard, "phoneStatusLabel") == "✓ +525512345678"
    assert next_enabled(wizard)

    go_next(qtbot, wizard, REGISTRATION)
    assert text(wizard, "registrationStatusLabel").startswith("✓ Registrada con el SAT el 15/06/2026 12:00")
    assert "en el llavero del sistema" in text(wizard, "fielStorageLabel")
    assert not wizard.findChild(QPushButton, "retryButton").isVisible()
    assert nothing_stored(service) and service.secrets.get_password(RFC) is None

    go_next(qtbot, wizard, SCHEDULE)
    assert child(wizard, QCheckBox, "scheduleEnabledCheck").isChecked()
    child(wizard, QTimeEdit, "scheduleTimeEdit").setTime(QTime(7, 30))
    child(wizard, QCheckBox, "issuedCheck").setChecked(False)
    child(wizard, QCheckBox, "receivedCheck").setChecked(False)
    assert not next_enabled(wizard)  # at least one kind of CFDI
    child(wizard, QCheckBox, "receivedCheck").setChecked(True)
    child(wizard, QSpinBox, "daysBackSpin").setValue(10)
    assert child(wizard, QCheckBox, "backfillCheck").isChecked()

    go_next(qtbot, wizard, DONE)
    assert nothing_stored(service)
    summary = text(wizard, "summaryLabel")
    assert "✓ RFC EKU9003173C9 — Escuela Kemper Urgate" in summary
    assert "✓ Descarga masiva activada" in summary
    assert "✓ Registrada con el SAT el 15/06/2026" in summary
    assert "vigente hasta el 17/05/2027" in summary
    assert "Descarga diaria a las 07:30 (hora de la Ciudad de México) de los CFDI recibidos" in summary
    # 30 months (01/2024–06/2026) × received only × XML and metadata: the owner learns what «Siguiente» will ask
    assert "Historial desde el 01/01/2024: se pedirá al SAT mes por mes (60 solicitudes" in summary

    with qtbot.waitSignal(context.profiles_changed, timeout=TIMEOUT):
        finish(qtbot, wizard)
    profile = service.profiles.get(RFC)
    assert profile.name == "Escuela Kemper Urgate"
    assert profile.activated and profile.has_fiel and profile.registered and profile.sync_enabled
    assert profile.registered_at == int(datetime(2026, 6, 15, 18, 0, tzinfo=UTC).timestamp() * 1000)
    assert profile.sync_start_date == "2024-01-01" and profile.phone == "+525512345678"
    assert service.secrets.get_password(RFC) == TEST_PASSWORD
    schedule = service.get_schedule(RFC)["schedule"]
    assert schedule == {**schedule, "enabled": True, "time": "07:30", "downloadTypes": ["received"], "daysBack": 10}
    history = service.history(RFC)["history"]
    assert history and {(r["source"], r["origin"]) for r in history} == {("scheduled", "backfill")}
    assert min(r["startDate"] for r in history) >= "2024-01-01"
    assert context.rfc == RFC


# -- the seed's error rows, inline on the FIEL page ---------------------------------------------------------------


def test_wrong_password_is_told_inline_and_nothing_is_stored(qtbot, context, service):
    wizard = open_wizard(qtbot, context)
    to_fiel(qtbot, wizard)
    status = validate(qtbot, wizard, *fiel_files(), "not-the-password")
    assert_rejected(qtbot, wizard, service, RFC, status, "wrong_password")
    assert "contraseña" in status
    # Typing again clears the verdict; the right password then validates.
    status = validate(qtbot, wizard, *fiel_files(), TEST_PASSWORD)
    assert status.startswith("✓") and next_enabled(wizard)


def test_csd_instead_of_fiel(qtbot, context, service):
    wizard = open_wizard(qtbot, context)
    to_fiel(qtbot, wizard)
    status = validate(qtbot, wizard, *fiel_files(CSD_DIR), TEST_PASSWORD)
    assert_rejected(qtbot, wizard, service, RFC, status, "not_a_fiel")
    assert "CSD" in status


def test_expired_fiel(qtbot, context, service):
    wizard = open_wizard(qtbot, context)
    to_fiel(qtbot, wizard, OTHER_RFC)
    password = (EXPIRED_DIR / "password.txt").read_text().strip()
    status = validate(qtbot, wizard, EXPIRED_DIR / "certificate.cer", EXPIRED_DIR / "private_key.key", password)
    assert_rejected(qtbot, wizard, service, OTHER_RFC, status)
    # Issue 16: when it expired, as people write dates (SAT's test certificate ended on 15/05/2021).
    assert status.startswith("⚠ Esta e.firma venció el 15/05/2021. Renueva tu e.firma en el SAT")


def test_fiel_of_another_rfc_names_both_and_offers_its_rfc(qtbot, context, service):
    wizard = open_wizard(qtbot, context)
    to_fiel(qtbot, wizard, OTHER_RFC)
    status = validate(qtbot, wizard, *fiel_files(), TEST_PASSWORD)
    assert_rejected(qtbot, wizard, service, OTHER_RFC, status)
    assert status == (
        "⚠ Esta e.firma pertenece a EKU9003173C9, no a AAA010101AAA. Elige la e.firma de AAA010101AAA, "
        "o usa EKU9003173C9 como RFC."
    )
    use = child(wizard, QPushButton, "useFielRfcButton")
    assert use.isVisible() and use.text() == "&Usar EKU9003173C9, el RFC de esta e.firma"

    qtbot.mouseClick(use, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: text(wizard, "fielStatusLabel").startswith("✓"), timeout=TIMEOUT)
    settle(qtbot, wizard)
    assert text(wizard, "fielStatusLabel") == "✓ e.firma válida para EKU9003173C9."
    assert not use.isVisible() and next_enabled(wizard)
    assert wizard.state.rfc == RFC
    assert child(wizard, QLineEdit, "rfcEdit").text() == RFC  # going back shows the RFC in use
    go_next(qtbot, wizard, REGISTRATION)
    go_next(qtbot, wizard, SCHEDULE)
    go_next(qtbot, wizard, DONE)
    finish(qtbot, wizard)
    assert [p.rfc for p in service.profiles.list()] == [RFC]  # never a profile for the mistyped RFC


def test_a_missing_key_file_says_it_is_missing(qtbot, context, service, tmp_path):
    wizard = open_wizard(qtbot, context)
    to_fiel(qtbot, wizard)
    cer, _key = fiel_files()
    missing = tmp_path / "EKU9003173C9.key"
    status = validate(qtbot, wizard, cer, missing, TEST_PASSWORD)
    assert_rejected(qtbot, wizard, service, RFC, status)
    assert status == (
        f"⚠ No se encontró el archivo de la llave privada (.key): {missing}. Revisa la ruta o elígelo con «Examinar…»."
    )
    assert "no es una llave privada" not in status


def test_key_given_as_certificate(qtbot, context, service):
    wizard = open_wizard(qtbot, context)
    to_fiel(qtbot, wizard)
    cer, _key = fiel_files()
    status = validate(qtbot, wizard, cer, cer, TEST_PASSWORD)
    assert_rejected(qtbot, wizard, service, RFC, status, "invalid_key_format")


# -- activation and registration --------------------------------------------------------------------------------------


def test_consent_is_required_before_activation(qtbot, context, service):
    wizard = open_wizard(qtbot, context)
    to_activation(qtbot, wizard)
    consent = child(wizard, QCheckBox, "consentCheck")
    button = child(wizard, QPushButton, "activateButton")
    assert not consent.isChecked()
    assert not button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not next_enabled(wizard)
    wizard.next()
    assert wizard.currentId() == ACTIVATION
    assert not wizard.state.activated

    consent.setChecked(True)
    assert button.isEnabled()
    consent.setChecked(False)
    assert not button.isEnabled()
    activate(qtbot, wizard)
    assert wizard.state.activated and nothing_stored(service)  # consent is applied at "Terminar"
    assert not consent.isEnabled() and not button.isEnabled()


def test_registration_failure_then_retry(qtbot, context, service, sandbox):
    wizard = open_wizard(qtbot, context)
    to_fiel(qtbot, wizard)
    assert validate(qtbot, wizard, *fiel_files(), TEST_PASSWORD).startswith("✓")
    sandbox.faults.add("auth", "http500", times=1)

    go_next(qtbot, wizard, REGISTRATION)
    status = text(wizard, "registrationStatusLabel")
    assert status.startswith("⚠ El SAT no completó el registro: ")
    retry = child(wizard, QPushButton, "retryButton")
    assert retry.isVisible()
    assert next_enabled(wizard)  # the user may also go on and retry later

    qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: text(wizard, "registrationStatusLabel").startswith("✓ Registrada"), timeout=TIMEOUT)
    settle(qtbot, wizard)
    assert not retry.isVisible()
    go_next(qtbot, wizard, SCHEDULE)
    go_next(qtbot, wizard, DONE)
    finish(qtbot, wizard)
    assert service.profiles.get(RFC).registered


def test_registration_behind_a_proxy_that_inspects_https_says_what_to_look_at(qtbot, context, service, tmp_path):
    """The first thing a new user behind an antivirus or proxy that inspects HTTPS meets: registration fails on
    SAT's certificate, and the wizard says so and what to check, not only that SAT did not answer."""
    from desktop_app.core.sat.client import SatClient
    from desktop_app.core.sat.transport import Transport
    from desktop_app.demo import sandbox_endpoints
    from tests.tls_support import https_server, self_signed

    wizard = open_wizard(qtbot, context)
    to_fiel(qtbot, wizard)
    assert validate(qtbot, wizard, *fiel_files(), TEST_PASSWORD).startswith("✓")
    cert, key = self_signed(tmp_path)
    with https_server(cert, key, b"") as url:
        endpoints = sandbox_endpoints(url)
        service.sat_factory = lambda fiel: SatClient(
            fiel, endpoints, transport=Transport(sleep=lambda _s: None), clock=service.clock.now
        )
        go_next(qtbot, wizard, REGISTRATION)
        settle(qtbot, wizard)
    status = text(wizard, "registrationStatusLabel")
    assert status.startswith("⚠ El SAT no completó el registro: No se pudo establecer una conexión segura con el SAT")
    assert "fecha y la hora de tu computadora" in status and "antivirus" in status
    assert child(wizard, QPushButton, "retryButton").isVisible()


def test_registration_left_for_later_is_stored_as_pending(qtbot, context, service, sandbox):
    wizard = open_wizard(qtbot, context)
    to_fiel(qtbot, wizard)
    assert validate(qtbot, wizard, *fiel_files(), TEST_PASSWORD).startswith("✓")
    sandbox.faults.add("auth", "http500", times=1)
    go_next(qtbot, wizard, REGISTRATION)
    assert text(wizard, "registrationStatusLabel").startswith("⚠ El SAT no completó el registro: ")
    go_next(qtbot, wizard, SCHEDULE)
    go_next(qtbot, wizard, DONE)
    assert "⚠ Registro con el SAT pendiente" in text(wizard, "summaryLabel")
    assert nothing_stored(service)
    finish(qtbot, wizard)
    profile = service.profiles.get(RFC)
    assert profile.has_fiel and not profile.registered and profile.registration_error  # retried from Configuración


# -- demo and re-entry ----------------------------------------------------------------------------------------------


def test_demo_prefills_sat_test_fiel(qtbot, service):
    from desktop_app.demo import wizard_prefill
    from desktop_app.gui.context import AppContext

    context = AppContext(service, demo=object(), demo_prefill=wizard_prefill())
    wizard = open_wizard(qtbot, context)
    notice = wizard.findChild(QLabel, "demoNotice")
    assert notice.isVisible()
    assert "e.firma pública de prueba del SAT" in notice.text() and "SAT simulado" in notice.text()
    assert child(wizard, QLineEdit, "rfcEdit").text() == DEMO_RFC
    assert child(wizard, QLineEdit, "nameEdit").text()
    assert next_enabled(wizard)
    go_next(qtbot, wizard, ACTIVATION)
    activate(qtbot, wizard)
    go_next(qtbot, wizard, FIEL)
    cer = Path(child(wizard, QLineEdit, "cerPathEdit").text())
    key = Path(child(wizard, QLineEdit, "keyPathEdit").text())
    assert cer.name == "EKU9003173C9.cer" and cer.is_file() and key.suffix == ".key" and key.is_file()
    assert child(wizard, QLineEdit, "passwordEdit").text() == DEMO_PASSWORD
    assert child(wizard, QLineEdit, "passwordEdit").echoMode() == QLineEdit.EchoMode.Password
    assert wizard.findChild(QLabel, "fielDemoNotice").isVisible()
    qtbot.mouseClick(child(wizard, QPushButton, "validateButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: text(wizard, "fielStatusLabel").startswith("✓"), timeout=TIMEOUT)


def test_existing_profile_continues_where_it_is(qtbot, ready_context):
    service = ready_context.service
    wizard = open_wizard(qtbot, ready_context)
    child(wizard, QLineEdit, "rfcEdit").setText(RFC)
    assert "ya está configurado" in text(wizard, "rfcStatusLabel")
    assert child(wizard, QLineEdit, "nameEdit").text() == "Escuela Kemper Urgate"
    go_next(qtbot, wizard, ACTIVATION)
    assert text(wizard, "activationStatusLabel").startswith("✓ Activada")
    assert next_enabled(wizard)
    go_next(qtbot, wizard, FIEL)
    assert "ya tiene una e.firma guardada" in text(wizard, "existingFielLabel")
    assert next_enabled(wizard)  # keep the stored e.firma
    go_next(qtbot, wizard, REGISTRATION)
    assert text(wizard, "registrationStatusLabel").startswith("✓ Registrada")
    go_next(qtbot, wizard, SCHEDULE)
    # What it has is kept: its schedule as it is (off), and its history is not asked for again by default.
    assert not child(wizard, QCheckBox, "scheduleEnabledCheck").isChecked()
    assert not child(wizard, QCheckBox, "backfillCheck").isChecked()
    go_next(qtbot, wizard, DONE)
    finish(qtbot, wizard)
    assert len(service.profiles.list()) == 1
    assert not service.get_schedule(RFC)["schedule"]["enabled"]
    assert service.history(RFC)["history"] == []


@pytest.mark.parametrize("name", ["rfcEdit", "nameEdit"])
def test_profile_labels_have_mnemonic_buddies(qtbot, context, name):
    wizard = open_wizard(qtbot, context)
    target = wizard.findChild(QLineEdit, name)
    buddies = [label for label in wizard.findChildren(QLabel) if label.buddy() is target]
    assert buddies and "&" in buddies[0].text()


def test_sync_start_default_is_71_months_back(qtbot, context, service):
    wizard = open_wizard(qtbot, context)
    to_fiel(qtbot, wizard)
    assert child(wizard, DateField, "syncStartDateEdit").date().toPython() == date(2020, 7, 1)


INTERACTIVE = [
    (QLineEdit, "rfcEdit"),
    (QLineEdit, "nameEdit"),
    (QCheckBox, "consentCheck"),
    (QPushButton, "activateButton"),
    (QLineEdit, "cerPathEdit"),
    (QPushButton, "cerBrowseButton"),
    (QLineEdit, "keyPathEdit"),
    (QPushButton, "keyBrowseButton"),
    (QLineEdit, "passwordEdit"),
    (QPushButton, "validateButton"),
    (QLabel, "fielStatusLabel"),
    (DateField, "syncStartDateEdit"),
    (QLineEdit, "phoneEdit"),
    (QLabel, "registrationStatusLabel"),
    (QPushButton, "retryButton"),
    (QCheckBox, "scheduleEnabledCheck"),
    (QTimeEdit, "scheduleTimeEdit"),
    (QCheckBox, "issuedCheck"),
    (QCheckBox, "receivedCheck"),
    (QSpinBox, "daysBackSpin"),
    (QCheckBox, "backfillCheck"),
    (QLabel, "summaryLabel"),
]


def next_tab_stop(widget: QWidget) -> QWidget:
    candidate = widget.nextInFocusChain()
    while not candidate.focusPolicy().value & Qt.FocusPolicy.TabFocus.value:
        candidate = candidate.nextInFocusChain()
    return candidate


def test_widgets_are_named_for_screen_readers_and_tab_in_order(qtbot, context):
    wizard = open_wizard(qtbot, context)
    for kind, name in INTERACTIVE:
        child(wizard, kind, name)
    chain = ["cerPathEdit", "cerBrowseButton", "keyPathEdit", "keyBrowseButton", "passwordEdit", "validateButton"]
    for first, second in itertools.pairwise(chain):
        assert next_tab_stop(wizard.findChild(QWidget, first)) is wizard.findChild(QWidget, second)
    assert child(wizard, QLineEdit, "passwordEdit").echoMode() == QLineEdit.EchoMode.Password
    assert child(wizard, QTimeEdit, "scheduleTimeEdit").displayFormat() == "HH:mm"
    spin = child(wizard, QSpinBox, "daysBackSpin")
    assert (spin.minimum(), spin.maximum()) == (1, 90)
