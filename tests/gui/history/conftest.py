"""Fixtures for the Solicitudes page: a page over the sandbox-backed context and requests in the ledger."""

from __future__ import annotations

import pytest

from tests.gui.conftest import RFC

WAIT_MS = 10_000


@pytest.fixture
def make_requests(ready_service):
    """Create requests in the ledger without contacting SAT (``submit=False``): fast, deterministic rows."""

    def make(*periods: tuple[str, str], **options) -> list[str]:
        ids = []
        for start, end in periods:
            result = ready_service.create_request(RFC, start=start, end=end, submit=False, **options)
            ids.append(result["request_id"])
        return ids

    return make


@pytest.fixture
def history_page(qtbot, ready_context):
    from desktop_app.gui.history.page import HistoryPage

    page = HistoryPage(ready_context)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    yield page
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    page.shutdown()


def row_texts(page, request_id: str) -> list[str]:
    """The visible texts of a request's row, through the proxy (what the user sees)."""
    from desktop_app.gui.history.model import Col

    row = page.model.row_of(request_id)
    assert row >= 0, "request not in the model"
    proxy_index = page.proxy.mapFromSource(page.model.index(row, 0))
    assert proxy_index.isValid(), "request filtered out of the view"
    return [page.proxy.index(proxy_index.row(), col).data() for col in Col]
