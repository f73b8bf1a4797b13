"""The Reportes page over a home with the reports' scenario (``homes.import_scenario``)."""

from __future__ import annotations

import pytest

from tests.gui.reports.homes import import_scenario


@pytest.fixture
def report_context(qtbot, service, tmp_path):
    from desktop_app.gui.context import AppContext

    import_scenario(service, tmp_path / "scenario")
    return AppContext(service)


@pytest.fixture
def reports_page(qtbot, report_context):
    from desktop_app.gui.reports.page import ReportsPage

    page = ReportsPage(report_context)
    qtbot.addWidget(page, before_close_func=lambda widget: widget.shutdown())
    page.resize(1200, 800)
    page.show()
    return page


def generate(qtbot, page, kind: str, first: str, last: str | None = None, basis: str | None = None):
    """Generate ``kind`` over ``first``..``last`` on ``page`` and wait for it; the report's ``data``."""
    page.set_kind(kind)
    page.set_period(first, last)
    if basis is not None:
        page.basis_combo.setCurrentIndex(page.basis_combo.findData(basis))
    with qtbot.waitSignal(page.report_shown, timeout=30_000) as shown:
        page.generate_button.click()
    return shown.args[0]
