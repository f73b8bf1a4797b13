"""Resumen and Configuración pages, against a real service and sandbox."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QTableWidget

from desktop_app.core.index import InvoiceFilter
from tests.gui.conftest import RFC


def test_summary_without_a_profile_invites_to_configure(qtbot, context):
    from desktop_app.gui.summary.page import SummaryPage

    page = SummaryPage(context)
    qtbot.addWidget(page)
    assert page.findChild(QLabel, "summaryEmpty").isVisibleTo(page)
    assert page.findChild(QPushButton, "summarySetupButton").isVisibleTo(page)


def test_summary_shows_profile_fiel_and_months(qtbot, ready_context):
    from desktop_app.gui.summary.page import SummaryPage

    service = ready_context.service
    service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued")
    service.sync_once(RFC)
    page = SummaryPage(ready_context)
    qtbot.addWidget(page)
    months = page.findChild(QTableWidget, "summaryMonths")
    qtbot.waitUntil(lambda: months.rowCount() > 0, timeout=10_000)
    assert page.findChild(QLabel, "summary_rfc").text() == RFC
    assert "Vigente hasta el 17/05/2027" in page.findChild(QLabel, "summary_fiel").text()  # dd/mm/aaaa (16.7)
    assert "Activada" in page.findChild(QLabel, "summary_activation").text()
    assert months.item(0, 0).text() == "may 2026"
    rows = service.list_invoices(RFC, InvoiceFilter())["invoices"]
    kept = [r for r in rows if r["status"] != "cancelado"]
    assert int(months.item(0, 1).text().replace(",", "")) == len(kept)
    # by type (issue 17.1): the issued income invoices' total, in its own column, as the rows add up
    income = sum(Decimal(r["total"]) * Decimal(r["exchange_rate"] or 1) for r in kept if r["type"] == "I")
    assert income > 0
    assert months.item(0, 2).text() == f"${income.quantize(Decimal('0.01')):,}"
    assert int(months.item(0, 8).text()) == 0  # no constancias de retenciones in a CFDI request
    assert int(months.item(0, 9).text()) == len(rows) - len(kept)
    assert page.findChild(QLabel, "summary_last_sync").text() != "Nunca"


def test_settings_lists_profiles_and_deactivates(qtbot, ready_context, monkeypatch):
    from PySide6.QtWidgets import QListWidget, QMessageBox

    from desktop_app.gui.settings.page import SettingsPage

    page = SettingsPage(ready_context)
    qtbot.addWidget(page)
    profiles = page.findChild(QListWidget, "profileList")
    assert profiles.count() == 1 and RFC in profiles.item(0).text()
    assert "Activada" in page.findChild(QLabel, "activationLabel").text()
    assert "30001000000500003415" in page.findChild(QLabel, "fielLabel").text()
    button = page.findChild(QPushButton, "activationButton")
    page.resize(1024, 700)
    page.show()
    qtbot.waitExposed(page)
    # a button as wide as its words, beside the e.firma's buttons, not a bar across the page
    assert button.width() < button.sizeHint().width() * 1.5 < page.width() / 2
    asked: list[str] = []

    def answer(reply):
        def question(parent, title, text, *args, **kwargs):
            asked.append(text)
            return reply

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    button.click()  # deactivate: asked first (it was done at once), and «No» changes nothing
    assert ready_context.service.profiles.get(RFC).activated and "se detendrá de inmediato" in asked[-1]
    page.findChild(QCheckBox, "forgetFielCheck").setChecked(True)
    button.click()
    assert "se borrará la e.firma" in asked[-1] and ready_context.service.fiel_status(RFC).uploaded
    page.findChild(QCheckBox, "forgetFielCheck").setChecked(False)
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    button.click()
    assert not ready_context.service.profiles.get(RFC).activated
    assert "Sin activar" in page.findChild(QLabel, "activationLabel").text()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.findChild(QPushButton, "activationButton").click()  # activate: asks for consent
    assert ready_context.service.profiles.get(RFC).activated


def test_removing_an_rfc_says_its_e_firma_goes_too_and_deletes_it(qtbot, ready_context, monkeypatch):
    """Issue 13: `profile remove` used to leave the .cer/.key on disk; the window asks, naming the e.firma."""
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.core.store.vault import fiel_dir
    from desktop_app.gui.settings.page import SettingsPage

    service = ready_context.service
    folder = fiel_dir(service.home, RFC)
    assert sorted(p.suffix for p in folder.iterdir()) == [".cer", ".key"]
    asked: list[str] = []
    defaults: list[object] = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        defaults.append(args[1] if len(args) > 1 else kwargs.get("defaultButton"))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    page = SettingsPage(ready_context)
    qtbot.addWidget(page)
    page.findChild(QPushButton, "removeProfileButton").click()
    assert len(asked) == 1 and "e.firma (.cer y .key)" in asked[0] and RFC in asked[0]
    assert defaults == [QMessageBox.StandardButton.No]  # Enter keeps the RFC (it removed it)
    assert service.profiles.list() == []
    assert not any(folder.glob("*.cer")) and not any(folder.glob("*.key"))
    assert service.secrets.get_password(RFC) is None


def test_settings_registration_retry_behind_a_proxy_says_what_to_look_at(qtbot, ready_context, monkeypatch, tmp_path):
    """ "Reintentar registro con el SAT" when SAT's certificate is refused: the dialog says to check the computer's
    date and time or the antivirus/proxy that inspects HTTPS, and the profile keeps the failed registration."""
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.core.sat.client import SatClient
    from desktop_app.core.sat.transport import Transport
    from desktop_app.demo import sandbox_endpoints
    from desktop_app.gui.settings.page import SettingsPage
    from tests.tls_support import https_server, self_signed

    shown: list[tuple[str, str]] = []

    def exec_(box: QMessageBox) -> int:
        shown.append((box.text(), box.detailedText()))
        return int(QMessageBox.StandardButton.Ok)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    service = ready_context.service
    page = SettingsPage(ready_context)
    qtbot.addWidget(page)
    cert, key = self_signed(tmp_path)
    with https_server(cert, key, b"") as url:
        endpoints = sandbox_endpoints(url)
        service.sat_factory = lambda fiel: SatClient(
            fiel, endpoints, transport=Transport(sleep=lambda _s: None), clock=service.clock.now
        )
        page.findChild(QPushButton, "registerButton").click()
        qtbot.waitUntil(lambda: bool(shown), timeout=15_000)
    [(text, details)] = shown
    assert text.startswith("No se pudo establecer una conexión segura con el SAT") and "antivirus" in text
    assert "certificate was not accepted" in details  # the facts, for whoever helps the user
    assert not service.profiles.get(RFC).registered
