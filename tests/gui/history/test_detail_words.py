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
