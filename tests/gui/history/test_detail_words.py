"""The request detail never breaks a word or an id across lines (issue 16.6): a narrow pane scrolls sideways."""

from __future__ import annotations

from tests.gui.conftest import RFC
from tests.gui.invoices.test_reading import broken_words


def test_the_request_detail_breaks_lines_only_between_words(qtbot, history_page, ready_service):
    result = ready_service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued")
    ready_service.sync_once(RFC)  # SAT's answers, packages and events to show
    history_page.refresh()
    assert history_page.select_request(result["request_id"])
    text = history_page.detail.text
    text.setFixedWidth(240)
    qtbot.waitUntil(lambda: "Bitácora" in text.toPlainText())
    assert "Paquetes" in text.toPlainText() and "de 2" in text.toPlainText()  # a package, its downloads used
    assert broken_words(text) == []


def test_the_log_says_our_side_s_failures_in_the_windows_words(qtbot, history_page, ready_service):
    """The «Bitácora» keeps SAT's own messages as SAT wrote them; a call that failed on our side was core's English
    («sat_unavailable: SAT did not answer in time.») and a request the app's exit left unsure «outcome unknown
    after an interruption»."""
    from desktop_app.gui.messages import headline

    result = ready_service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued")
    request_id = result["request_id"]
    ledger = ready_service.ledger
    with ready_service.db.get():
        ledger.event(request_id, "verifica", message="sat_unavailable: SAT did not answer in time (VerificaSolicitud).")
        ledger.event(request_id, "recover", message="outcome unknown after an interruption")
    history_page.refresh()
    assert history_page.select_request(request_id)
    text = history_page.detail.text
    qtbot.waitUntil(lambda: "Bitácora" in text.toPlainText())
    shown = text.toPlainText()
    assert "Solicitud Aceptada" in shown  # SAT's own answer, as SAT wrote it
    assert f"{headline('sat_unavailable').rstrip('.')} (sat_unavailable)" in shown
    assert "no se sabe si el SAT la recibió" in shown
    assert "did not answer" not in shown and "outcome unknown" not in shown


def test_the_log_shows_sats_codes_as_written_and_an_ingest_in_words(qtbot, history_page, ready_service):
    """An outside audit: the «Bitácora» showed CodEstatus «5,000» (a code, not a quantity) and a package's ingest
    as core's JSON with English keys («{"added": 1, "updated": 0, …}»), in both languages."""
    result = ready_service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued")
    ready_service.sync_once(RFC)
    history_page.refresh()
    assert history_page.select_request(result["request_id"])
    text = history_page.detail.text
    qtbot.waitUntil(lambda: "Bitácora" in text.toPlainText())
    shown = text.toPlainText()
    assert "5000" in shown and "5,000" not in shown
    assert '"added"' not in shown and "{" not in shown
    assert "nuevos: " in shown and "sin cambios: " in shown
