"""The Reportes page with the window on the office server (issue 19.5): the report is computed on the server and
shows the same figures as at home; a figure opens the CFDI behind it, read from the server's index (never a SAT
request); the counterpart's 69-B situation comes from the server's list."""

from __future__ import annotations

import pytest

from desktop_app.core import reports
from desktop_app.core.apikeys import ApiKeys
from desktop_app.core.remote import RemoteService
from desktop_app.core.reports import Period
from tests.core.reports import scenario
from tests.gui.reports.conftest import generate
from tests.gui.reports.homes import import_efos, import_scenario

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def on_server(qtbot, service, clock, secrets, tmp_path):
    """A page whose context is a RemoteService over a real server on 127.0.0.1 serving ``service``'s home."""
    from desktop_app.gui.context import AppContext
    from desktop_app.gui.reports.page import ReportsPage
    from desktop_app.server.run import ServeOptions, build_parts
    from tests.server.conftest import InProcessServer

    import_scenario(service, tmp_path / "scenario")
    import_efos(service, tmp_path / "efos")
    key = ApiKeys(service.db, service.clock).create([scenario.OWNER], read_only=True)["key"]
    server = InProcessServer(build_parts(service, ServeOptions(workers=1, interval=600))).start()
    remote = RemoteService(server.url, key, clock=clock, secrets=secrets)
    page = ReportsPage(AppContext(remote))
    qtbot.addWidget(page, before_close_func=lambda widget: widget.shutdown())
    page.resize(1200, 800)
    page.show()
    yield page, service
    remote.close()
    server.stop()


def test_a_report_and_its_invoices_come_from_the_server(qtbot, on_server):
    page, home = on_server
    data = generate(qtbot, page, "iva", "2025-03")
    at_home = reports.run(home.db.get(), home.home, scenario.OWNER, "iva", Period.of("2025-03"), detail=True)
    assert data == at_home and data["cash"]["transferred"] == "3472.13"
    first_item = data["cash"]["detail"]["transferred"][0]
    detail_tab = [page.tabs.tabText(i) for i in range(page.tabs.count())].index("Detalle")
    page.tabs.setCurrentIndex(detail_tab)
    table = page.current_table()
    table.setCurrentIndex(table.model().index(0, 0))
    page.sources_button.click()
    dialog = page._sources_dialog
    assert dialog is not None
    expected = table.model().sources(0)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == len(expected), timeout=10_000)
    listed = {dialog.table.item(r, 0).text(): r for r in range(dialog.table.rowCount())}
    r = listed[first_item["uuid"]]
    assert dialog.table.item(r, 2).text() == scenario.CLIENT
    dialog.table.selectRow(r)
    shown = dialog.open_detail()
    assert shown is not None and "Lista 69-B del SAT: Presunto" in shown.browser.toPlainText()
    shown.close()
    dialog.close()
