"""Issue 19.5 end to end: the window, configured in Configuración → «Servidor de la oficina» with the URL and an
API key of a real office server on 127.0.0.1, shows that server's RFC — the same invoice rows and totals as the
server's own data home gives, its requests in the history — and, when the server stops, says it cannot be reached
and keeps what it shows. The key is kept in the keyring, never in the settings or any file."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from desktop_app.core.api import InvoiceCount
from desktop_app.core.apikeys import ApiKeys
from desktop_app.core.browse import PAGE_SIZE, InvoiceQuery
from desktop_app.gui.invoices.model import COL_UUID
from desktop_app.gui.invoices.totals import BREAKDOWN_KEYS, TotalsBar
from desktop_app.gui.main_window import show_page
from tests.gui.conftest import RFC
from tests.gui.invoices import synthetic

pytestmark = pytest.mark.timeout(120)

ROWS = 2_300  # a dozen pages: one deep in the list is read by keyset from the server too


@pytest.fixture
def office_server(qtbot, ready_service):
    """The office server over ``ready_service``'s home (EKU activated with its e.firma, invoices, one request),
    once its scheduler has synced that request: the pass indexes the request's documents, and a window reading the
    server meanwhile would count the rows before it and compare them with a count taken after it."""
    from desktop_app.server.run import ServeOptions, build_parts
    from tests.server.conftest import InProcessServer

    synthetic.fill(ready_service.db.get(), RFC, ROWS)
    ready_service.db.get().commit()
    request = ready_service.create_request(RFC, start="2026-03-01", end="2026-03-31", rfc_type="issued", submit=False)
    key = ApiKeys(ready_service.db, ready_service.clock).create([RFC])["key"]
    server = InProcessServer(build_parts(ready_service, ServeOptions(workers=1, interval=0.5))).start()
    done = ("completed", "failed", "expired", "rejected")
    qtbot.waitUntil(lambda: ready_service.request_record(RFC, request["request_id"]).status in done, timeout=30_000)
    assert ready_service.request_record(RFC, request["request_id"]).status == "completed"
    yield server, key
    server.stop()


@pytest.fixture
def desk(qtbot, make_service, tmp_path):
    """The window on another computer: its own (empty) data home and settings file."""
    from desktop_app.app import build_window

    local = make_service(tmp_path / "desk")
    settings = QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat)
    window = build_window(local, poll_interval_ms=600_000, settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window, local, settings
    window.close()


def _serve_again(service, stopped):
    """The office server started again on the address ``stopped`` had (a restart after an outage)."""
    from desktop_app.server.run import ServeOptions, bind, build_parts
    from tests.server.conftest import InProcessServer

    again = InProcessServer(build_parts(service, ServeOptions(workers=1, interval=0.5)))
    again.sock.close()
    again.sock = bind("127.0.0.1", int(stopped.url.rsplit(":", 1)[1]))
    again.url = stopped.url
    again.thread = threading.Thread(target=again.server.run, kwargs={"sockets": [again.sock]}, daemon=True)
    return again.start()


def _connect(qtbot, window, url: str, key: str) -> None:
    section = window.pages["settings"].office_section
    show_page(window, "settings")
    section.findChild(QLineEdit, "officeServerUrl").setText(url)
    section.findChild(QLineEdit, "officeServerKey").setText(key)
    with qtbot.waitSignal(section.switched, timeout=20_000) as switched:
        section.findChild(QPushButton, "useOfficeServerButton").click()
    assert switched.args == [url]


def test_the_window_works_on_the_office_server_and_says_when_it_is_out_of_reach(
    qtbot, office_server, desk, ready_service, tmp_path
):
    server, key = office_server
    window, local, settings = desk
    assert window.context.rfc == ""  # this computer has no RFC of its own

    section = window.pages["settings"].office_section
    section.findChild(QLineEdit, "officeServerUrl").setText(server.url)
    section.findChild(QLineEdit, "officeServerKey").setText(key)
    with qtbot.waitSignal(section.checked, timeout=20_000) as checked:
        section.findChild(QPushButton, "testOfficeServerButton").click()
    assert [p.rfc for p in checked.args[0]] == [RFC]
    assert RFC in section.findChild(QLabel, "officeServerStatus").text()
    assert window.context.service is local  # a test changes nothing

    _connect(qtbot, window, server.url, key)
    assert window.context.rfc == RFC and window.context.service.data_location() == server.url
    assert window.findChild(QLineEdit, "dataFolderField").text() == server.url

    # The browser: the server's rows, in the same order, to a deep page; the same totals.
    invoices = window.pages["invoices"]
    show_page(window, "invoices")
    model = invoices.model
    query = InvoiceQuery(RFC)
    counted = ready_service.invoice_count(query)
    qtbot.waitUntil(lambda: model.rowCount() == counted.total and model.record_at(0) is not None, timeout=20_000)
    first = ready_service.invoice_rows(query, 0, counted, {})
    assert [model.record_at(row)["uuid"] for row in range(PAGE_SIZE)] == [r["uuid"] for r in first.rows]
    deep = counted.total - 7
    assert model.index(deep, COL_UUID).data() is None
    qtbot.waitUntil(lambda: model.index(deep, COL_UUID).data() is not None, timeout=20_000)
    last_page = ready_service.invoice_rows(query, deep // PAGE_SIZE, InvoiceCount(counted.total, counted.nulls), {})
    assert model.index(deep, COL_UUID).data() == last_page.rows[deep % PAGE_SIZE]["uuid"]
    expected = TotalsBar()
    expected.set_totals(dict(ready_service.invoice_sums(RFC, query.flt, BREAKDOWN_KEYS).totals))
    qtbot.waitUntil(lambda: invoices.totals_bar.values.get("count") == expected.values["count"], timeout=20_000)
    assert invoices.totals_bar.values == expected.values
    expected.deleteLater()

    # One invoice in the detail pane, read from the server.
    invoices.show_invoice(first.rows[0]["id"])
    assert invoices.current_row["uuid"] == first.rows[0]["uuid"]

    # The history: the server's requests.
    history = window.pages["history"]  # refreshed by the switch's signals, as after a sync pass
    server_ids = {r.id for r in ready_service.request_records(RFC)}
    assert server_ids
    qtbot.waitUntil(lambda: all(history.model.row_of(i) >= 0 for i in server_ids), timeout=10_000)

    # The key is in the keyring only: not in the settings file, not in any file of either computer's folder.
    settings.sync()
    assert window.context.office.saved_key() == key
    secret = key.encode()
    leaks = [p for p in Path(tmp_path).rglob("*") if p.is_file() and secret in p.read_bytes()]
    assert leaks == []
    assert settings.value("office_server/url") == server.url

    # The server stops: the window says so, keeps its rows, and nothing breaks.
    shown = model.rowCount()
    server.stop()
    banner = window.findChild(QLabel, "officeServerBanner")
    window.context.poller.sync_now()
    qtbot.waitUntil(banner.isVisible, timeout=20_000)
    assert "No se puede conectar con el servidor de la oficina" in banner.text()
    assert model.rowCount() == shown and model.record_at(0)["uuid"] == first.rows[0]["uuid"]
    history.refresh()
    assert all(history.model.row_of(request_id) >= 0 for request_id in server_ids)  # it keeps what it showed
    window.context.data_changed.emit()  # a refresh asked while the server is away: said, nothing lost
    qtbot.waitUntil(lambda: "servidor de la oficina" in invoices.status_label.text(), timeout=20_000)
    assert model.rowCount() == shown and model.record_at(0)["uuid"] == first.rows[0]["uuid"]
    assert window.context.rfc == RFC

    # The server is back (same address): the next look finds it, the banner goes, the pages read again.
    back = _serve_again(ready_service, server)
    try:
        window.context.poller.sync_now()
        qtbot.waitUntil(lambda: not banner.isVisible(), timeout=20_000)
        qtbot.waitUntil(lambda: "servidor de la oficina" not in invoices.status_label.text(), timeout=20_000)
        assert model.rowCount() == counted.total
    finally:
        back.stop()

    # «Usar este equipo»: back to this computer's (empty) data home.
    show_page(window, "settings")
    with qtbot.waitSignal(section.switched, timeout=10_000):
        section.findChild(QPushButton, "useThisComputerButton").click()
    assert window.context.service is local and window.context.office.remote is None
    assert not banner.isVisible()
    qtbot.waitUntil(lambda: model.rowCount() == 0, timeout=10_000)
    assert window.findChild(QLineEdit, "dataFolderField").text() == str(local.home)


def test_an_office_server_whose_certificate_this_computer_does_not_trust_says_what_to_do(qtbot, desk, tmp_path):
    """«Probar conexión» with an office server on HTTPS whose CA is not installed on this computer: the section
    says to install the office's CA (or get a valid certificate), not only that the server cannot be reached; the
    banner says the same when a pass meets it."""
    from desktop_app.gui.workers.poller import PassResult
    from tests.tls_support import https_server, self_signed

    window, local, _settings = desk
    section = window.pages["settings"].office_section
    show_page(window, "settings")
    cert, private = self_signed(tmp_path)
    with https_server(cert, private, b"{}") as url:
        section.findChild(QLineEdit, "officeServerUrl").setText(url)
        section.findChild(QLineEdit, "officeServerKey").setText("dm_live_0123456789abcdef0123456789abcdef")
        with qtbot.waitSignal(section.checked, timeout=20_000) as checked:
            section.findChild(QPushButton, "testOfficeServerButton").click()
    error = checked.args[0]
    assert error.code == "server_unreachable" and error.details["cause"] == "certificate_rejected"
    status = section.findChild(QLabel, "officeServerStatus").text()
    assert status.startswith("✗ Esta computadora no confía en el certificado de seguridad del servidor de la oficina")
    assert "autoridad certificadora (CA) de la oficina" in status
    assert window.context.service is local

    window._on_poller_pass_finished(
        PassResult("", False, 0, None, 0, 0, 0, "server_unreachable", error.message, error.details["cause"])
    )
    banner = window.findChild(QLabel, "officeServerBanner")
    assert banner.isVisible() and "no confía en el certificado" in banner.text()


def test_the_window_opens_again_on_the_server_it_was_left_on_even_when_it_is_away(
    qtbot, office_server, make_service, secrets, ready_service, tmp_path
):
    from desktop_app.app import build_window
    from desktop_app.core.remote import KEY_SECRET, RemoteService

    server, key = office_server
    local = make_service(tmp_path / "desk")
    settings = QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat)
    settings.setValue("office_server/url", server.url)
    settings.setValue("office_server/enabled", True)
    secrets.set_password(KEY_SECRET, key)  # where «Usar el servidor» left it: the keyring

    window = build_window(local, poll_interval_ms=600_000, settings=settings)
    qtbot.addWidget(window)
    window.show()
    assert isinstance(window.context.service, RemoteService) and window.context.rfc == RFC
    invoices = show_page(window, "invoices")
    total = ready_service.invoice_count(InvoiceQuery(RFC)).total
    qtbot.waitUntil(lambda: invoices.model.rowCount() == total, timeout=20_000)
    window.close()

    server.stop()  # next morning the server is off: the window still opens, on the RFC used last, and says why
    again = build_window(local, poll_interval_ms=600_000, settings=settings)
    qtbot.addWidget(again)
    again.show()
    assert isinstance(again.context.service, RemoteService) and again.context.rfc == RFC
    banner = again.findChild(QLabel, "officeServerBanner")
    again.context.poller.sync_now()
    qtbot.waitUntil(banner.isVisible, timeout=20_000)
    assert "No se puede conectar con el servidor de la oficina" in banner.text()
    again.close()
