"""NewRequestDialog: every seed parameter, inline validation in Spanish, Enter/Escape, errors by code."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QDialog, QLabel, QLineEdit, QPushButton

from desktop_app.core.errors import AppError
from desktop_app.gui.history.new_request import NewRequestDialog
from desktop_app.gui.messages import describe

TODAY = date(2026, 6, 15)


@pytest.fixture
def dialog(qtbot):
    dlg = NewRequestDialog(TODAY)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def widgets(dlg):
    return {
        "start": dlg.findChild(QDateEdit, "startDateEdit"),
        "end": dlg.findChild(QDateEdit, "endDateEdit"),
        "rfc_type": dlg.findChild(QComboBox, "rfcTypeCombo"),
        "request_type": dlg.findChild(QComboBox, "requestTypeCombo"),
        "invoice_type": dlg.findChild(QComboBox, "invoiceTypeCombo"),
        "status": dlg.findChild(QComboBox, "invoiceStatusCombo"),
        "third": dlg.findChild(QLineEdit, "thirdPartyEdit"),
        "error": dlg.findChild(QLabel, "dialogErrorLabel"),
        "note": dlg.findChild(QLabel, "invoiceStatusNote"),
        "ok": dlg.findChild(QPushButton, "submitRequestButton"),
    }


def test_every_widget_is_named_and_has_a_spanish_accessible_name(dialog):
    found = widgets(dialog)
    assert all(found.values()), [k for k, v in found.items() if v is None]
    for name, widget in found.items():
        if name != "note":
            assert widget.accessibleName(), name
    # Every field has a label with a mnemonic pointing at it.
    buddies = {label.buddy() for label in dialog.findChildren(QLabel) if "&" in label.text()}
    for name in ("start", "end", "rfc_type", "request_type", "invoice_type", "status", "third"):
        assert found[name] in buddies, name


def test_defaults_are_the_seeds_and_received_xml_is_forced_to_vigentes(dialog):
    w = widgets(dialog)
    assert w["rfc_type"].currentText() == "Recibidos"
    assert w["request_type"].currentData() == "cfdi"
    assert w["invoice_type"].currentText() == "Todos"
    assert [w["invoice_type"].itemText(i) for i in range(6)] == [
        "Todos",
        "I Ingreso",
        "E Egreso",
        "P Pago",
        "N Nómina",
        "T Traslado",
    ]
    # recibidos + CFDI: SAT no longer hands out cancelled received XML.
    assert w["status"].currentText() == "Vigentes" and not w["status"].isEnabled()
    assert w["note"].isVisible() and "cancelados" in w["note"].text() and "Metadatos" in w["note"].text()
    assert w["error"].text() == "" and w["ok"].isEnabled()
    assert dialog.values() == {
        "start": "2026-05-01",
        "end": "2026-05-31",
        "rfc_type": "received",
        "request_type": "cfdi",
        "invoice_type": None,
        "invoice_status": "active",
        "third_party_rfc": None,
    }


def test_status_is_free_for_issued_or_metadata_and_forced_again_for_received_cfdi(dialog):
    w = widgets(dialog)
    w["request_type"].setCurrentIndex(w["request_type"].findData("metadata"))
    assert w["status"].isEnabled() and w["status"].currentText() == "Todos" and not w["note"].isVisible()
    w["status"].setCurrentIndex(w["status"].findData("cancelled"))
    w["request_type"].setCurrentIndex(w["request_type"].findData("cfdi"))
    assert w["status"].currentText() == "Vigentes" and not w["status"].isEnabled()
    w["rfc_type"].setCurrentIndex(w["rfc_type"].findData("issued"))
    assert w["status"].isEnabled() and w["status"].currentText() == "Cancelados"  # the user's choice comes back
    w["invoice_type"].setCurrentIndex(w["invoice_type"].findData("N"))
    w["third"].setText("aaa010101aaa")
    values = dialog.values()
    assert values["rfc_type"] == "issued" and values["invoice_status"] == "cancelled"
    assert values["invoice_type"] == "N" and values["third_party_rfc"] == "AAA010101AAA"


def test_inline_validation_as_the_user_types(dialog):
    w = widgets(dialog)
    count = dialog.findChild(QLabel, "requestCountLabel")
    w["start"].setDate(QDate(2026, 5, 15))
    w["end"].setDate(QDate(2026, 6, 15))  # over a month: split by calendar month, not refused (issue 16.5)
    assert w["error"].text() == "" and w["ok"].isEnabled()
    assert "Se crearán 2 solicitudes" in count.text() and "una por mes" in count.text()
    w["end"].setDate(QDate(2026, 6, 14))
    assert w["error"].text() == "" and w["ok"].isEnabled()
    assert count.text().startswith("Se creará 1 solicitud")
    w["end"].setDate(QDate(2026, 5, 14))
    assert "anterior a la fecha inicial" in w["error"].text() and not w["ok"].isEnabled()
    w["end"].setDate(QDate(2026, 5, 15))  # one day is a valid period
    assert w["error"].text() == "" and w["ok"].isEnabled()
    w["third"].setText("NOESRFC")
    assert "RFC a cuenta de terceros" in w["error"].text() and not w["ok"].isEnabled()
    w["third"].clear()
    assert w["ok"].isEnabled()


def test_enter_submits_and_escape_cancels(qtbot):
    accepted = NewRequestDialog(TODAY)
    qtbot.addWidget(accepted)
    accepted.show()
    qtbot.keyClick(widgets(accepted)["third"], Qt.Key.Key_Return)
    assert accepted.result() == QDialog.DialogCode.Accepted
    assert accepted.result_data == {"values": accepted.values()}

    rejected = NewRequestDialog(TODAY)
    qtbot.addWidget(rejected)
    rejected.show()
    qtbot.keyClick(rejected, Qt.Key.Key_Escape)
    assert rejected.result() == QDialog.DialogCode.Rejected and not rejected.isVisible()


def test_a_refusal_is_shown_inline_by_its_code_and_the_dialog_stays_open(qtbot):
    def submit(values):
        raise AppError("date_range_too_old", "SAT only serves the last six years")

    dlg = NewRequestDialog(TODAY, submit)
    qtbot.addWidget(dlg)
    dlg.show()
    w = widgets(dlg)
    qtbot.mouseClick(w["ok"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w["error"].text() == describe("date_range_too_old"), timeout=5000)
    assert dlg.isVisible() and w["ok"].isEnabled() and not dlg.busy
