"""Live history against the sandbox with SAT taking its time (``ready_after``) and the shared fake clock.

A real Poller (worker QObject on its own QThread, short interval) drives requests through SAT's states while
the test moves the clock; the view must follow in place and the GUI thread must keep running meanwhile.
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QDate, QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from desktop_app.gui.history.model import Col
from tests.gui.conftest import RFC
from tests.gui.history.conftest import WAIT_MS, row_texts
from tests.gui.history.test_page import DUPLICATE, submit_dialog

READY_AFTER = 60  # sandbox seconds per SAT state (1 → 2 → 3)
PACKAGE_LIFETIME = 72 * 3600


@pytest.fixture
def sandbox_options():
    return {"ready_after": READY_AFTER}


@pytest.fixture
def poller(qtbot, ready_service):
    from desktop_app.gui.workers.poller import Poller

    poller = Poller(ready_service, interval_ms=40)
    yield poller
    poller.stop()


@pytest.fixture
def live_page(qtbot, ready_service, poller):
    from desktop_app.gui.context import AppContext
    from desktop_app.gui.history.page import HistoryPage

    context = AppContext(ready_service, poller)
    page = HistoryPage(context)
    qtbot.addWidget(page)
    page.show()
    yield page
    page.shutdown()


class Heartbeat:
    """A GUI-thread timer that records the longest gap between its ticks."""

    def __init__(self) -> None:
        self.beats = 0
        self.longest_gap_ms = 0
        self.elapsed_ms = 0
        self._clock = QElapsedTimer()
        self._whole = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> None:
        self._clock.start()
        self._whole.start()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self.elapsed_ms = self._whole.elapsed()

    def _on_timer_timeout(self) -> None:
        self.beats += 1
        self.longest_gap_ms = max(self.longest_gap_ms, self._clock.restart())


def test_manual_request_goes_from_pending_to_completed_in_the_view(qtbot, live_page, poller, clock, ready_service):
    seen: list[str] = []
    heartbeat = Heartbeat()
    heartbeat.start()
    poller.start()

    dialog = submit_dialog(qtbot, live_page, QDate(2026, 5, 1), QDate(2026, 5, 31))
    request_id = dialog.result_data["request_id"]
    assert dialog.result_data["status"] == "pending"  # recorded; the poller sends it to SAT

    def status_is(expected: str) -> None:
        status = row_texts(live_page, request_id)[Col.STATUS]
        if not seen or seen[-1] != status:
            seen.append(status)
        assert status == expected

    qtbot.waitUntil(lambda: status_is("Aceptada"), timeout=WAIT_MS)
    row = live_page.model.row_of(request_id)
    clock.advance(READY_AFTER + 1)
    qtbot.waitUntil(lambda: status_is("En proceso"), timeout=WAIT_MS)
    clock.advance(READY_AFTER + 1)
    qtbot.waitUntil(lambda: status_is("Terminada"), timeout=WAIT_MS)
    heartbeat.stop()

    texts = row_texts(live_page, request_id)
    count = ready_service.ledger.get(request_id).invoice_count
    assert count and texts[Col.COUNT] == str(count) and texts[Col.PROCESSED] == str(count)
    assert live_page.model.row_of(request_id) == row  # updated in place, same row
    assert seen[-3:] == ["Aceptada", "En proceso", "Terminada"]
    # The detail of the selected (new) request followed along.
    assert live_page.current_request_id() == request_id
    assert "3 — Terminada" in live_page.findChild(QWidget, "historyDetail").text.toPlainText()
    # The GUI thread never waited on SAT: the heartbeat (every 10 ms) kept ticking — at least one beat per 100 ms of
    # the flow, however long it took (a fixed «more than 20» failed when the flow itself took under 200 ms).
    assert heartbeat.beats >= heartbeat.elapsed_ms // 100, (heartbeat.beats, heartbeat.elapsed_ms)
    assert heartbeat.longest_gap_ms < 1000, heartbeat.longest_gap_ms

    started = time.monotonic()
    assert poller.stop() is True
    assert time.monotonic() - started < 5
    assert not poller.is_running()


def test_expired_request_offers_volver_a_solicitar(qtbot, live_page, poller, clock, ready_service):
    # Sent now (SAT accepts it), then nobody downloads its packages for more than 72 hours.
    result = ready_service.create_request(RFC, start="2026-04-01", end="2026-04-30")
    request_id = result["request_id"]
    assert result["status"] == "accepted"
    clock.advance(2 * READY_AFTER + PACKAGE_LIFETIME + 60)
    poller.start()
    live_page.refresh()
    live_page.select_request(request_id)
    qtbot.mouseClick(live_page.findChild(QPushButton, "verifyNowButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row_texts(live_page, request_id)[Col.STATUS] == "Vencida", timeout=WAIT_MS)

    detail = live_page.findChild(QWidget, "historyDetail")
    retry = live_page.findChild(QPushButton, "retryRequestButton")
    qtbot.waitUntil(lambda: retry.isVisible(), timeout=WAIT_MS)
    guidance = detail.findChild(QLabel, "historyDetailGuidance").text()
    assert "vencieron" in guidance and "Volver a solicitar" in guidance
    assert "6 — Vencida" in detail.text.toPlainText()

    qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: live_page.model.rowCount() == 2, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not live_page.busy, timeout=WAIT_MS)
    new_id = next(i for i in live_page.model.ids() if i != request_id)
    assert live_page.current_request_id() == new_id
    assert live_page.findChild(QLabel, "historyMessage").text().startswith("Solicitud creada")
    again = ready_service.ledger.get(new_id)
    assert (again.start_at, again.end_at, again.rfc_type) == ("2026-04-01T00:00:00", "2026-04-30T23:59:59", "received")
    qtbot.waitUntil(lambda: row_texts(live_page, new_id)[Col.STATUS] == "Aceptada", timeout=WAIT_MS)

    # Asking again while the new one is open: the ledger says duplicate and nothing goes to SAT.
    live_page.select_request(request_id)
    qtbot.waitUntil(lambda: retry.isVisible() and retry.isEnabled(), timeout=WAIT_MS)
    qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: live_page.findChild(QLabel, "historyMessage").text() == DUPLICATE, timeout=WAIT_MS)
    assert live_page.model.rowCount() == 2 and live_page.current_request_id() == new_id
    assert poller.stop() is True
