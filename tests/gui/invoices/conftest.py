"""An index with known invoices: the sandbox world's XML for EKU9003173C9 (Jan–Feb 2025) imported from a
folder, plus SAT metadata for received January (statuses, and cancelled received CFDI whose XML SAT no longer
hands out, which stay metadata-only rows)."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.gui.conftest import RFC
from tests.sandbox_env import NOW

START, END = datetime(2025, 1, 1), datetime(2025, 2, 28, 23, 59, 59)


def world_headers(sandbox, direction: str):
    return list(sandbox.world.find(rfc=RFC, direction=direction, start=START, end=END, at=NOW.replace(tzinfo=None)))


@pytest.fixture
def xml_folder(sandbox, tmp_path):
    """The XML a user keeps on disk: every issued CFDI and the received ones SAT still hands out (vigentes)."""
    folder = tmp_path / "cfdi"
    folder.mkdir()
    moment = NOW.replace(tzinfo=None)
    for direction in ("issued", "received"):
        for header in world_headers(sandbox, direction):
            if direction == "received" and header.status_at(moment) == "Cancelado":
                continue
            (folder / f"{header.uuid}.xml").write_bytes(sandbox.world.xml(header))
    return folder


@pytest.fixture
def filled_context(ready_context, xml_folder):
    service = ready_context.service
    stats = service.import_invoices(RFC, [str(xml_folder)])
    assert stats["added"] > 50
    service.create_request(RFC, start="2025-01-01", end="2025-01-31", rfc_type="received", request_type="metadata")
    service.sync_once(RFC)
    return ready_context


def open_page(qtbot, context):
    """Facturas over ``context``, 1400×800, once its first rows and totals are in."""
    from desktop_app.gui.invoices.page import InvoicesPage

    widget = InvoicesPage(context)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    qtbot.waitUntil(lambda: not widget.model.loading and bool(widget.totals_bar.values), timeout=10_000)
    return widget


@pytest.fixture
def page(qtbot, filled_context):
    return open_page(qtbot, filled_context)
