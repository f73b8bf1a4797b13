"""Issue 16.4: a request SAT is still working on says when SAT is asked next and that nothing is needed."""

from __future__ import annotations

import pytest

from desktop_app.gui.history.detail import HistoryDetail

NOW = 1_780_000_000_000


def item(status: str, next_check_in_s: float | None) -> dict:
    return {
        "id": "r1",
        "status": status,
        "rfcType": "issued",
        "requestType": "cfdi",
        "startDate": "2026-05-01",
        "endDate": "2026-05-31",
        "nextCheckAt": None if next_check_in_s is None else NOW + int(next_check_in_s * 1000),
    }


@pytest.mark.parametrize(
    ("status", "seconds", "expected"),
    [
        ("accepted", 30, "le vuelve a preguntar en menos de un minuto"),
        ("processing", 12 * 60, "le vuelve a preguntar en 12 min"),
        ("pending", 2 * 3600 + 5 * 60, "le vuelve a preguntar en 2 h 5 min"),
    ],
)
def test_a_waiting_request_counts_down_to_the_next_question(qtbot, status, seconds, expected):
    detail = HistoryDetail()
    qtbot.addWidget(detail)
    detail.show_request(item(status, seconds), [], [], now_ms=NOW)
    assert detail.guidance.isVisibleTo(detail)
    assert expected in detail.guidance.text() and "no tienes que hacer nada" in detail.guidance.text()


def test_a_finished_request_says_nothing_of_the_next_question(qtbot):
    detail = HistoryDetail()
    qtbot.addWidget(detail)
    detail.show_request(item("completed", 60), [], [], now_ms=NOW)
    assert not detail.guidance.isVisibleTo(detail)
