"""HistoryPage without a poller: the dialog through the real service, duplicates, detail, filters, names."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QTableView, QWidget

from desktop_app.gui.history.model import Col
from desktop_app.gui.history.new_request import NewRequestDialog
from tests.gui.conftest import RFC
from tests.gui.history.conftest import WAIT_MS, row_texts

DUPLICATE = "Ya existe una solicitud igual; no se volvió a pedir al SAT."


def submit_dialog(qtbot, page, start: QDate, end: QDate) -> NewRequestDialog:
    qtbot.mouseClick(page.findChild(QPushButton, "newRequestButton"), Qt.MouseButton.LeftButton)
    dialog = page.findChild(NewRequestDialog, "newRequestDialog")
    assert dialog is page.new_request_dialog and dialog.isVisible()
    dialog.findChild(QWidget, "startDateEdit").setDate(start)
    dialog.findChild(QWidget, "endDateEdit").setDate(end)
    qtbot.mouseClick(dialog.findChild(QPushButton, "submitRequestButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    return dialog


def test_widgets_have_names_and_spanish_accessible_names(history_page):
    for cls, name in (
        (QTableView, "historyTable"),
        (QComboBox, "historyFilterStatus"),
        (QLineEdit, "historyFilterText"),
        (QPushButton, "newRequestButton"),
        (QPushButton, "verifyNowButton"),
        (QWidget, "historyDetail"),
        (QPushButton, "retryRequestButton"),
        (QLabel, "historyMessage"),
    ):
        widget = history_page.findChild(cls, name)
        assert widget is not None, name
        assert widget.accessibleName(), name
    combo = history_page.findChild(QComboBox, "historyFilterStatus")
    assert [combo.itemText(i) for i in range(2, combo.count())] == [
        "Pendiente",
        "Aceptada",
        "En proceso",
        "Terminada",
        "Con error",
        "Vencida",
    ]


def test_manual_request_through_the_dialog_then_the_duplicate_message(qtbot, history_page, ready_service):
    dialog = submit_dialog(qtbot, history_page, QDate(2026, 5, 1), QDate(2026, 5, 31))
    request_id = dialog.result_data["request_id"]
    assert dialog.result_data["duplicate"] is False
    assert history_page.current_request_id() == request_id
    texts = row_texts(history_page, request_id)
    assert texts[Col.KIND] == "Recibidos · CFDI" and texts[Col.PERIOD] == "01/05/2026 – 31/05/2026"
    assert texts[Col.SOURCE] == "Manual"
    assert ready_service.ledger.get(request_id).invoice_status == "active"
    message = history_page.findChild(QLabel, "historyMessage")
    assert message.isVisible() and message.text().startswith("Solicitud creada")

    # Select something else, ask again for the same period: the ledger says duplicate, the row is selected.
    other = ready_service.create_request(RFC, start="2026-04-01", end="2026-04-30", submit=False)["request_id"]
    history_page.refresh()
    assert history_page.select_request(other)
    again = submit_dialog(qtbot, history_page, QDate(2026, 5, 1), QDate(2026, 5, 31))
    assert again.result_data["duplicate"] is True
    assert message.text() == DUPLICATE
    assert history_page.current_request_id() == request_id
    assert history_page.model.rowCount() == 2


def test_detail_shows_sat_codes_packages_and_events(qtbot, history_page, ready_service):
    result = ready_service.create_request(RFC, start="2026-05-01", end="2026-05-31")  # sandbox: ready at once
    assert result["status"] == "completed"
    history_page.context.data_changed.emit()
    qtbot.waitUntil(lambda: history_page.model.row_of(result["request_id"]) >= 0, timeout=WAIT_MS)
    assert history_page.select_request(result["request_id"])
    texts = row_texts(history_page, result["request_id"])
    count = result["request"]["invoiceCount"]
    assert texts[Col.STATUS] == "Terminada" and texts[Col.COUNT] == str(count) and texts[Col.PROCESSED] == str(count)
    assert texts[Col.COMPLETED] != "—"

    detail = history_page.findChild(QWidget, "historyDetail")
    text = detail.text.toPlainText()
    package = ready_service.ledger.packages(result["request_id"])[0]
    for expected in (
        "CodEstatus",
        "5000 — Solicitud recibida con éxito",
        "EstadoSolicitud",
        "3 — Terminada",
        "CodigoEstadoSolicitud",
        "Solicitud Aceptada",  # SAT's own Mensaje
        result["request"]["satRequestId"],
        package["id"],
        "Integrado",
        "1 de 2",  # downloads used of the two SAT allows
        f"Se descargaron e integraron {count} comprobantes.",  # statusMessage in plain Spanish
        "Verificación",  # the event log
        "Recibidos · CFDI",
        "Vigentes",
    ):
        assert expected in text, expected
    assert not history_page.findChild(QPushButton, "retryRequestButton").isVisible()


def test_filters_by_status_and_text(qtbot, history_page, ready_service, make_requests):
    a, b = make_requests(("2026-03-01", "2026-03-31"), ("2026-04-01", "2026-04-30"))
    make_requests(("2026-05-01", "2026-05-31"), rfc_type="issued", request_type="metadata")
    ready_service.ledger.update(a, status="failed", status_message="SAT rejected the request: 5002 agotadas")
    history_page.refresh()
    table = history_page.findChild(QTableView, "historyTable")
    assert table.model().rowCount() == 3
    combo = history_page.findChild(QComboBox, "historyFilterStatus")
    combo.setCurrentIndex(combo.findData("failed"))
    assert table.model().rowCount() == 1
    assert table.model().index(0, Col.STATUS).data() == "Con error"
    combo.setCurrentIndex(combo.findData("open"))
    assert table.model().rowCount() == 2
    combo.setCurrentIndex(0)
    history_page.findChild(QLineEdit, "historyFilterText").setText("metadatos")
    assert table.model().rowCount() == 1
    assert table.model().index(0, Col.KIND).data() == "Emitidos · Metadatos"
    # Selecting a hidden request clears the filters that hide it.
    assert history_page.select_request(b)
    assert table.model().rowCount() == 3 and history_page.current_request_id() == b


def test_verify_now_without_poller_asks_sat_in_the_background(qtbot, history_page, ready_service, make_requests):
    (request_id,) = make_requests(("2026-05-01", "2026-05-31"))
    history_page.refresh()
    button = history_page.findChild(QPushButton, "verifyNowButton")
    assert not button.isEnabled()  # nothing selected and no poller
    history_page.select_request(request_id)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert history_page.busy  # the click returned at once; SAT is asked on a pool thread
    qtbot.waitUntil(lambda: row_texts(history_page, request_id)[Col.STATUS] == "Terminada", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not history_page.busy, timeout=WAIT_MS)
    assert "El SAT respondió" in history_page.findChild(QLabel, "historyMessage").text()


def test_profile_switch_reloads(qtbot, history_page, ready_service, make_requests):
    make_requests(("2026-05-01", "2026-05-31"))
    history_page.refresh()
    assert history_page.model.rowCount() == 1
    ready_service.add_profile("AAA010101AAA", "Otra")
    history_page.context.set_rfc("AAA010101AAA")
    assert history_page.model.rowCount() == 0
    history_page.context.set_rfc(RFC)
    assert history_page.model.rowCount() == 1


def test_failed_request_explains_in_spanish_and_offers_retry(qtbot, history_page, ready_service, make_requests):
    (request_id,) = make_requests(("2026-05-01", "2026-05-31"))
    ready_service.ledger.update(
        request_id,
        status="failed",
        sat_code=5002,
        sat_message="Se han agotado las solicitudes de por vida",
        status_message="SAT's lifetime limit for identical requests of this period is used up (5002).",
    )
    history_page.context.data_changed.emit()  # coalesced refresh
    qtbot.waitUntil(lambda: row_texts(history_page, request_id)[Col.STATUS] == "Con error", timeout=WAIT_MS)
    history_page.select_request(request_id)
    detail = history_page.findChild(QWidget, "historyDetail")
    guidance = detail.findChild(QLabel, "historyDetailGuidance").text()
    assert "El SAT ya no acepta más solicitudes idénticas de este periodo (5002)." in guidance
    assert "Volver a solicitar" in guidance
    assert "5002 — Se agotaron las solicitudes de por vida" in detail.text.toPlainText()
    assert history_page.findChild(QPushButton, "retryRequestButton").isVisible()
    tip = history_page.proxy.index(0, Col.STATUS).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("El SAT ya no acepta")
