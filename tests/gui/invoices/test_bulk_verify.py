"""«Verificar estado de varias en el SAT» (issue 17.3): the selection or the current filter, checked against the
sandbox in the background with a progress dialog that stops it, continued later, shown in Solicitudes; and the
tray's notice when the daily re-check finds a received invoice SAT cancelled.

Waits on signals and conditions only. The page is the real one over the sandbox world's Jan–Feb 2025 XML.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QPushButton, QSpinBox, QToolButton

from desktop_app.core.index import InvoiceFilter
from desktop_app.core.store.invoices import InvoiceRepository
from tests.gui.conftest import RFC
from tests.gui.invoices.test_invoices_page import wait_reloaded
from tests.sandbox_env import NOW
from tests.verify_support import expected_status, record_consulta

TIMEOUT = 30_000
AT = NOW.replace(tzinfo=None)


def _filter(qtbot, page, monkeypatch, flt):
    """Show ``flt`` in the list (the filter bar's own widgets are another test's business)."""
    monkeypatch.setattr(page.filters, "current", lambda: flt)
    return wait_reloaded(qtbot, page, page.reload)


def _statuses(page, uuids):
    repo = InvoiceRepository(page.service.db)
    return {uuid: repo.by_uuid(RFC, uuid)["status"] for uuid in uuids}


def test_the_current_filter_is_checked_with_progress_and_kept(qtbot, page, sandbox, monkeypatch):
    calls = record_consulta(sandbox)
    flt = InvoiceFilter(date_from="2025-02-01", date_to="2025-02-05", direction="issued")
    count = _filter(qtbot, page, monkeypatch, flt)
    listed = {i["uuid"] for i in page.service.list_invoices(RFC, flt)["invoices"]}
    assert 2 <= count == len(listed) <= 20
    verifier = page.bulk_verifier
    verifier.rate = 5.0
    assert page.findChild(QToolButton, "verifyManyButton").defaultAction() is verifier.action
    assert verifier.action in page.actions() and verifier.action.isEnabled()

    verifier.action.trigger()
    dialog = verifier.dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.selection.isEnabled() and dialog.filter.isChecked()  # nothing selected yet
    assert f"({count})" in dialog.filter.text() and not dialog.resume.isVisible()
    with qtbot.waitSignal(verifier.verification_finished, timeout=TIMEOUT) as finished:
        dialog.verify_button.click()
        assert verifier.running and verifier.progress_dialog is not None
        assert not verifier.action.isEnabled()  # one check at a time
    result = finished.args[0]
    assert (result["status"], result["checked"], result["total"]) == ("completed", count, count)
    assert set(calls.uuids()) == listed and len(calls.uuids()) == count
    assert calls.never_faster_than(5.0)
    headers = {h.uuid: h for h in (sandbox.world.by_uuid(u) for u in listed)}
    assert _statuses(page, listed) == {u: expected_status(h, AT) for u, h in headers.items()}
    assert page.status_label.text().startswith("Verificación terminada:")
    assert verifier.progress_dialog is None and verifier.action.isEnabled()

    # Solicitudes shows the check beside the requests, with the invoices that changed
    from desktop_app.gui.history.page import HistoryPage

    history = HistoryPage(page.context)
    qtbot.addWidget(history)
    item_id = f"verification:{result['run_id']}"
    assert history.select_request(item_id)
    row = history.model.item(item_id)
    assert row["requestKind"] == "verification" and row["source"] == "manual"
    from desktop_app.gui.history.vocabulary import kind_text, period_text

    assert kind_text(row) == "Verificación de estado"
    assert period_text(row).startswith("Filtro de la lista: 01/02/2025 – 05/02/2025, Emitidas")
    text = history.detail.text.toPlainText()
    assert "Facturas que cambiaron de estado" in text and all(u in text for u in listed)
    assert not history.verify_button.isEnabled()  # «Verificar ahora» is for requests
    history.shutdown()


def test_stopped_then_continued_without_asking_again(qtbot, page, sandbox, monkeypatch):
    calls = record_consulta(sandbox)
    count = _filter(qtbot, page, monkeypatch, InvoiceFilter(date_from="2025-01-01", date_to="2025-01-20"))
    assert count > 8
    verifier = page.bulk_verifier
    verifier.rate = 2.0
    assert verifier.start("filter")
    qtbot.waitUntil(
        lambda: verifier.progress_dialog is not None and verifier.progress_dialog.value() >= 2, timeout=TIMEOUT
    )
    assert "Verificando en el SAT: " in verifier.progress_dialog.labelText()
    with qtbot.waitSignal(verifier.verification_finished, timeout=TIMEOUT) as finished:
        verifier.progress_dialog.findChild(QPushButton).click()  # «Detener»
    stopped = finished.args[0]
    assert stopped["cancelled"] is True and 2 <= stopped["checked"] < count and stopped["pending"] > 0
    assert page.status_label.text().startswith("Verificación detenida:")
    asked = calls.uuids()
    assert len(asked) == stopped["checked"]  # it stopped before its next call

    dialog = verifier.ask()
    assert dialog.resume.isVisible() and dialog.resume.isChecked()
    assert f"faltan {stopped['pending']} de {count}" in dialog.resume.text()
    verifier.rate = 5.0
    with qtbot.waitSignal(verifier.verification_finished, timeout=TIMEOUT) as finished:
        dialog.verify_button.click()
    done = finished.args[0]
    assert done["run_id"] == stopped["run_id"] and (done["status"], done["checked"]) == ("completed", count)
    assert len(calls.uuids()) == len(set(calls.uuids())) == count  # nothing asked twice


def test_the_selection_is_checked(qtbot, page, sandbox, monkeypatch):
    calls = record_consulta(sandbox)
    _filter(qtbot, page, monkeypatch, InvoiceFilter(date_from="2025-01-01", date_to="2025-01-31"))
    page.select_row(3)
    qtbot.waitUntil(lambda: page.current_row is not None, timeout=TIMEOUT)
    uuid = page.model.record_at(3)["uuid"]
    verifier = page.bulk_verifier
    verifier.rate = 5.0
    dialog = verifier.ask()
    assert dialog.selection.isEnabled() and "(1)" in dialog.selection.text()
    dialog.selection.setChecked(True)
    with qtbot.waitSignal(verifier.verification_finished, timeout=TIMEOUT) as finished:
        dialog.verify_button.click()
    assert finished.args[0]["total"] == 1 and calls.uuids() == [uuid]

    # several at once (Ctrl+click, Shift+click): the list selects rows, not one row
    from PySide6.QtCore import QItemSelectionModel

    selection = page.table.selectionModel()
    for row in (5, 7):
        selection.select(
            page.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    chosen = {page.model.record_at(row)["uuid"] for row in (3, 5, 7)}
    assert set(verifier.selected_uuids()) == chosen
    dialog = verifier.ask()
    assert "(3)" in dialog.selection.text()
    dialog.selection.setChecked(True)
    with qtbot.waitSignal(verifier.verification_finished, timeout=TIMEOUT) as finished:
        dialog.verify_button.click()
    assert finished.args[0]["total"] == 3 and set(calls.uuids()[1:]) == chosen


def test_the_schedule_page_sets_the_months_rechecked(qtbot, ready_context):
    from desktop_app.gui.schedule.page import SchedulePage

    page = SchedulePage(ready_context)
    qtbot.addWidget(page)
    spin = page.findChild(QSpinBox, "scheduleRecheckMonths")
    assert spin.value() == 3 and spin.accessibleName()
    spin.setValue(6)
    page.findChild(QPushButton, "scheduleSave").click()
    assert ready_context.service.get_schedule(RFC)["schedule"]["recheckMonths"] == 6
    spin.setValue(0)
    assert spin.text() == "No revisar"
    page.findChild(QPushButton, "scheduleSave").click()
    assert ready_context.service.get_schedule(RFC)["schedule"]["recheckMonths"] == 0


def test_the_tray_tells_when_the_daily_recheck_finds_a_received_invoice_cancelled(
    qtbot, ready_service, clock, sandbox, tmp_path
):
    """The whole chain: the poller's pass runs the due daily slot, the re-check asks SAT, the window notifies."""
    from desktop_app.core.store.db import transaction
    from tests.gui.shell.test_tray import open_window
    from tests.verify_support import write_xml

    lost = next(
        h
        for h in sandbox.world.find(
            rfc=RFC, direction="received", start=datetime(2026, 3, 20), end=datetime(2026, 6, 14), at=AT
        )
        if h.status_at(AT) == "Cancelado" and "&" not in h.issuer_rfc
    )
    ready_service.import_invoices(RFC, [str(write_xml(sandbox.world, [lost], tmp_path / "xml"))])
    repo = InvoiceRepository(ready_service.db)
    with transaction(ready_service.db.get()):  # what SAT's metadata said before the issuer cancelled it
        repo.set_status(repo.by_uuid(RFC, lost.uuid)["id"], "vigente", 0)
    clock.set(datetime(2026, 6, 15, 11, 0, tzinfo=UTC))  # 05:00 in Mexico City: enabled before the 06:00 slot
    ready_service.set_schedule(RFC, enabled=True, time="06:00", days_back=1)
    clock.set(NOW)  # 12:00: today's slot is due

    window = open_window(qtbot, ready_service)
    window.sync_now()
    qtbot.waitUntil(lambda: any(t == "Factura recibida cancelada" for t, _ in window.notifications), timeout=TIMEOUT)
    title, message = next((t, m) for t, m in window.notifications if t == "Factura recibida cancelada")
    assert lost.uuid in message and "ya no es deducible" in message
    assert repo.by_uuid(RFC, lost.uuid)["status"] == "cancelado"
    window.close()
