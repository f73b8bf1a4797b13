"""The new-request dialog's "Servicio": Retenciones e información de pagos through the real service and sandbox."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QWidget

from desktop_app.gui.history.model import Col
from desktop_app.gui.history.new_request import NewRequestDialog
from tests.gui.conftest import RFC
from tests.gui.history.conftest import WAIT_MS, row_texts

TODAY = date(2026, 6, 15)
RETENCIONES = "Retenciones e información de pagos"


def _choose(combo: QComboBox, data: str) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


@pytest.fixture
def dialog(qtbot):
    dlg = NewRequestDialog(TODAY)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def test_service_choice_hides_what_does_not_apply_to_retenciones(dialog):
    service = dialog.findChild(QComboBox, "serviceCombo")
    invoice_type = dialog.findChild(QComboBox, "invoiceTypeCombo")
    third = dialog.findChild(QLineEdit, "thirdPartyEdit")
    status = dialog.findChild(QComboBox, "invoiceStatusCombo")
    assert service is not None and service.accessibleName()
    assert [service.itemText(i) for i in range(service.count())] == ["CFDI", RETENCIONES]
    assert service.currentData() == "cfdi" and "service" not in dialog.values()
    # a label with a mnemonic points at it, like every other field
    assert service in {label.buddy() for label in dialog.findChildren(QLabel) if "&" in label.text()}

    _choose(invoice_type, "N")
    third.setText("AAA010101AAA")
    _choose(service, "retenciones")
    assert not invoice_type.isVisible() and not third.isVisible()
    assert not dialog.form.isRowVisible(invoice_type) and not dialog.form.isRowVisible(third)
    # received XML: only Vigentes, for Retenciones as for CFDI
    assert status.currentData() == "active" and not status.isEnabled()
    values = dialog.values()
    assert values["service"] == "retenciones"
    assert values["invoice_type"] is None and values["third_party_rfc"] is None  # hidden: not sent
    assert values["invoice_status"] == "active"

    third.setText("NOESRFC")  # a hidden field cannot block the request
    assert dialog.findChild(QPushButton, "submitRequestButton").isEnabled()
    _choose(service, "cfdi")
    assert invoice_type.isVisible() and third.isVisible()
    assert not dialog.findChild(QPushButton, "submitRequestButton").isEnabled()
    third.setText("AAA010101AAA")
    assert dialog.values()["invoice_type"] == "N" and dialog.values()["third_party_rfc"] == "AAA010101AAA"


def test_dialog_creates_a_retenciones_request_through_the_service(qtbot, history_page, ready_service, sandbox):
    qtbot.mouseClick(history_page.findChild(QPushButton, "newRequestButton"), Qt.MouseButton.LeftButton)
    dialog = history_page.findChild(NewRequestDialog, "newRequestDialog")
    assert dialog is not None and dialog.isVisible()
    _choose(dialog.findChild(QComboBox, "serviceCombo"), "retenciones")
    _choose(dialog.findChild(QComboBox, "rfcTypeCombo"), "issued")
    dialog.findChild(QWidget, "startDateEdit").setDate(QDate(2026, 5, 1))
    dialog.findChild(QWidget, "endDateEdit").setDate(QDate(2026, 5, 31))
    with qtbot.waitSignal(dialog.request_created, timeout=WAIT_MS) as created:
        qtbot.mouseClick(dialog.findChild(QPushButton, "submitRequestButton"), Qt.MouseButton.LeftButton)
    result = created.args[0]
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)

    request_id = result["request_id"]
    assert result["duplicate"] is False and result["request"]["service"] == "retenciones"
    record = ready_service.ledger.get(request_id)
    assert record.service == "retenciones" and record.rfc_type == "issued" and record.invoice_type is None
    # SAT's Retenciones family got it (the sandbox's /ret services) and, ready at once, it is complete.
    assert [r.family for r in sandbox.state.requests.values() if r.rfc == RFC] == ["retenciones"]
    expected = sandbox.world.count(
        rfc=RFC,
        direction="issued",
        start=datetime(2026, 5, 1),
        end=datetime(2026, 5, 31, 23, 59, 59),
        family="retenciones",
        status="Todos",
    )
    assert expected > 0 and record.status == "completed" and record.invoice_count == expected

    qtbot.waitUntil(lambda: history_page.current_request_id() == request_id, timeout=WAIT_MS)
    texts = row_texts(history_page, request_id)
    assert texts[Col.KIND] == "Retenciones · Emitidos · CFDI"
    assert texts[Col.STATUS] == "Terminada" and texts[Col.COUNT] == texts[Col.PROCESSED] == str(expected)
    detail = history_page.findChild(QWidget, "historyDetail")
    qtbot.waitUntil(lambda: RETENCIONES in detail.text.toPlainText(), timeout=WAIT_MS)
    assert "Servicio" in detail.text.toPlainText()

    # The same period as CFDI is another request; the same Retenciones request again is a duplicate.
    cfdi = ready_service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued", submit=False)
    assert cfdi["duplicate"] is False and cfdi["request_id"] != request_id
    history_page.refresh()
    qtbot.waitUntil(lambda: history_page.model.row_of(cfdi["request_id"]) >= 0, timeout=WAIT_MS)
    assert row_texts(history_page, cfdi["request_id"])[Col.KIND] == "Emitidos · CFDI"
