"""Nueva solicitud for issued and received at once and for periods longer than a month (issue 16.5): the dialog
says how many requests it will make before the user confirms, and core makes them, one per month and direction,
each through the ledger's de-duplication."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QPushButton

from desktop_app.gui.history.new_request import NewRequestDialog
from tests.gui.conftest import RFC
from tests.gui.history.conftest import WAIT_MS

TODAY = date(2026, 6, 15)


def _choose(dialog: NewRequestDialog, start: QDate, end: QDate, direction: str) -> None:
    dialog.findChild(QDateEdit, "startDateEdit").setDate(start)
    dialog.findChild(QDateEdit, "endDateEdit").setDate(end)
    combo = dialog.findChild(QComboBox, "rfcTypeCombo")
    combo.setCurrentIndex(combo.findData(direction))


def test_the_dialog_offers_both_directions_and_counts_the_requests_before_confirming(qtbot):
    dialog = NewRequestDialog(TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    combo = dialog.findChild(QComboBox, "rfcTypeCombo")
    assert [combo.itemText(i) for i in range(combo.count())] == ["Recibidos", "Emitidos", "Emitidos y recibidos"]
    count = dialog.findChild(QLabel, "requestCountLabel")
    ok = dialog.findChild(QPushButton, "submitRequestButton")
    assert count.isVisible() and count.text().startswith("Se creará 1 solicitud")

    _choose(dialog, QDate(2026, 5, 1), QDate(2026, 5, 31), "both")
    assert count.text().startswith("Se crearán 2 solicitudes al SAT: una de emitidos y una de recibidos.")
    _choose(dialog, QDate(2026, 1, 15), QDate(2026, 3, 10), "both")
    assert count.text().startswith("Se crearán 6 solicitudes al SAT, una por mes de emitidos y otra de recibidos")
    assert ok.isEnabled() and dialog.findChild(QLabel, "dialogErrorLabel").text() == ""
    assert [(d, s[:10], e[:10]) for d, s, e in dialog.plan()] == [
        ("issued", "2026-01-15", "2026-01-31"),
        ("issued", "2026-02-01", "2026-02-28"),
        ("issued", "2026-03-01", "2026-03-10"),
        ("received", "2026-01-15", "2026-01-31"),
        ("received", "2026-02-01", "2026-02-28"),
        ("received", "2026-03-01", "2026-03-10"),
    ]
    values = dialog.values()  # create_requests' arguments: the period as chosen, both directions
    assert (values["start"], values["end"], values["rfc_types"]) == ("2026-01-15", "2026-03-10", ["issued", "received"])
    assert "rfc_type" not in values
    assert values["invoice_status"] is None  # "Todos": all the issued, the received vigentes (SAT's only XML)
    note = dialog.findChild(QLabel, "invoiceStatusNote")
    assert note.isVisible() and "recibidos sólo se piden los vigentes" in note.text()

    status = dialog.findChild(QComboBox, "invoiceStatusCombo")
    status.setCurrentIndex(status.findData("cancelled"))  # SAT has no XML of cancelled received CFDI
    assert "Emitidos y recibidos" in dialog.findChild(QLabel, "dialogErrorLabel").text() and not ok.isEnabled()
    status.setCurrentIndex(status.findData("active"))
    assert ok.isEnabled() and dialog.values()["invoice_status"] == "active"

    _choose(dialog, QDate(2026, 1, 15), QDate(2026, 3, 10), "issued")
    assert count.text().startswith("Se crearán 3 solicitudes al SAT, una por mes")
    assert dialog.values()["rfc_types"] == ["issued"]
    _choose(dialog, QDate(2026, 5, 1), QDate(2026, 5, 31), "issued")
    assert dialog.values()["rfc_type"] == "issued" and "rfc_types" not in dialog.values()  # one: as before


def test_the_page_creates_them_through_the_ledger_once(qtbot, history_page, ready_service):
    def submit(start: QDate, end: QDate) -> NewRequestDialog:
        qtbot.mouseClick(history_page.findChild(QPushButton, "newRequestButton"), Qt.MouseButton.LeftButton)
        dialog = history_page.new_request_dialog
        _choose(dialog, start, end, "both")
        with qtbot.waitSignal(dialog.request_created, timeout=WAIT_MS):
            qtbot.mouseClick(dialog.findChild(QPushButton, "submitRequestButton"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
        return dialog

    message = history_page.findChild(QLabel, "historyMessage")
    first = submit(QDate(2026, 3, 1), QDate(2026, 4, 30))
    assert first.result_data["created"] == 4
    records = ready_service.ledger.history(RFC)
    assert sorted((r.rfc_type, r.start_at[:7]) for r in records) == [
        ("issued", "2026-03"),
        ("issued", "2026-04"),
        ("received", "2026-03"),
        ("received", "2026-04"),
    ]
    assert message.text().startswith("Se crearon 4 solicitudes.")
    assert history_page.model.rowCount() == 4 and history_page.current_request_id()

    submit(QDate(2026, 3, 1), QDate(2026, 4, 30))  # the same again: SAT already has them
    assert len(ready_service.ledger.history(RFC)) == 4
    assert message.text() == "Todas esas solicitudes ya estaban en la lista; no se duplicó ninguna."

    submit(QDate(2026, 3, 1), QDate(2026, 5, 31))  # one month more
    assert len(ready_service.ledger.history(RFC)) == 6
    assert message.text().startswith("Se crearon 2 solicitudes. 4 ya estaban en la lista y no se duplicaron.")


def test_a_period_ending_today_says_it_was_asked_for_up_to_now(qtbot, history_page, ready_service):
    """A period to today is sent up to the present moment; the window said only «Solicitud creada» and showed the
    whole day, so the afternoon looked downloaded when it was never asked for."""
    qtbot.mouseClick(history_page.findChild(QPushButton, "newRequestButton"), Qt.MouseButton.LeftButton)
    dialog = history_page.new_request_dialog
    today = ready_service.profiles.today()
    _choose(dialog, QDate(today.year, today.month, 1), QDate(today.year, today.month, today.day), "issued")
    with qtbot.waitSignal(dialog.request_created, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.findChild(QPushButton, "submitRequestButton"), Qt.MouseButton.LeftButton)
    message = history_page.findChild(QLabel, "historyMessage")
    qtbot.waitUntil(lambda: "termina hoy" in message.text(), timeout=WAIT_MS)
    assert f"se pidió hasta el {today:%d/%m/%Y} " in message.text()
