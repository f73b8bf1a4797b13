"""Issue 16.4: honest status. "✓ Al día" only when the RFC can download and nothing waits; never
"Sincronizando" once a pass is over; waiting requests say when SAT is asked next and what the wait means;
no stale "Configura un RFC…" once one is configured."""

from __future__ import annotations

from datetime import timedelta

import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QLabel

from desktop_app.core.clock import to_ms
from desktop_app.gui.workers.poller import PassResult
from tests.gui.conftest import RFC
from tests.gui.shell.test_password import restart  # noqa: F401 - the fixture
from tests.tls_support import https_server, self_signed


@pytest.fixture
def window(qtbot, ready_service):
    """The window with no poller: the test feeds it the passes (a real poller's pass would race them)."""
    from desktop_app.gui.context import AppContext
    from desktop_app.gui.main_window import MainWindow

    window = MainWindow(AppContext(ready_service))
    qtbot.addWidget(window)
    yield window
    window.close()


def _pass(service, *, pending: int = 0, in_minutes: float | None = None) -> PassResult:
    now = service.clock.now()
    at = to_ms(now + timedelta(minutes=in_minutes)) if in_minutes is not None else None
    return PassResult(rfc=RFC, ok=True, open_requests=pending, next_check_at=at, submitted=0, downloaded=0, ingested=0)


def test_up_to_date_only_when_the_rfc_can_download(window, ready_service):
    status = window.findChild(QLabel, "syncStatus")
    window._on_poller_pass_finished(_pass(ready_service))
    assert status.text() == "✓ Al día"
    ready_service.profiles.forget_fiel(RFC)
    window._on_poller_pass_finished(_pass(ready_service))
    assert "Al día" not in status.text() and "no hay e.firma cargada" in status.text()


def test_up_to_date_is_not_said_of_an_rfc_that_is_not_activated(window, ready_service):
    status = window.findChild(QLabel, "syncStatus")
    ready_service.deactivate(RFC)
    window._on_poller_pass_finished(_pass(ready_service))
    assert "Al día" not in status.text() and "no está activada" in status.text()


def test_waiting_requests_count_down_to_the_next_question_and_explain_the_wait(window, ready_service):
    status = window.findChild(QLabel, "syncStatus")
    window._on_poller_pass_finished(_pass(ready_service, pending=3, in_minutes=5))
    assert status.text() == "⟳ 3 solicitudes en proceso en el SAT · el SAT se consulta de nuevo en 5 min"
    assert "uno a dos días" in status.toolTip()
    window._on_poller_pass_finished(_pass(ready_service, pending=1, in_minutes=0.2))
    assert status.text() == "⟳ 1 solicitud en proceso en el SAT · el SAT se consulta de nuevo en menos de un minuto"
    # hours away: said as a request's detail says it (one rule for both), not as 185 minutes
    window._on_poller_pass_finished(_pass(ready_service, pending=2, in_minutes=185))
    assert status.text() == "⟳ 2 solicitudes en proceso en el SAT · el SAT se consulta de nuevo en 3 h 5 min"


def test_never_left_saying_synchronising_when_the_pass_is_over(window, ready_service):
    status = window.findChild(QLabel, "syncStatus")
    window._on_poller_busy_changed(True)
    assert "Sincronizando" in status.text()
    window._on_poller_busy_changed(False)
    assert "Sincronizando" not in status.text()
    window._on_poller_pass_finished(_pass(ready_service))
    window._on_poller_busy_changed(True)
    window._on_poller_busy_changed(False)
    assert status.text() == "✓ Al día"


def test_schedule_page_forgets_configure_an_rfc_once_there_is_one(qtbot, service):
    from desktop_app.gui.context import AppContext
    from desktop_app.gui.schedule.page import SchedulePage

    context = AppContext(service)
    page = SchedulePage(context)
    qtbot.addWidget(page)
    page.refresh()
    assert "Configura un RFC" in page.message.text()
    service.add_profile(RFC, "Escuela Kemper Urgate")
    context.set_rfc(RFC)
    page.refresh()
    assert page.message.text() == ""


def _last_sync_shown(qtbot, service) -> str:
    """The last sync as Resumen shows it, once Programación (read again) shows the same words."""
    from desktop_app.gui.context import AppContext
    from desktop_app.gui.schedule.page import SchedulePage
    from desktop_app.gui.summary.page import SummaryPage

    context = AppContext(service)
    summary, schedule = SummaryPage(context), SchedulePage(context)
    qtbot.addWidget(summary)
    qtbot.addWidget(schedule)
    qtbot.waitUntil(lambda: summary.data is not None, timeout=10_000)
    schedule.refresh()
    shown = summary.fields["last_sync"].text()
    assert schedule.last_sync.text() == shown
    return str(shown)


def test_resumen_and_programacion_agree_on_the_last_sync(qtbot, ready_service):
    """Issue 16.4: the two pages show the same last sync, in the same words (the daily run apart, labelled)."""
    ready_service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued", submit=False)
    ready_service.sync_once(RFC, trigger="manual")
    shown = _last_sync_shown(qtbot, ready_service)
    assert "Correcta" in shown and shown != "Nunca"
    assert ready_service.get_schedule(RFC)["lastSync"]["status"] == "success"  # the CLI's schedule show too


def test_a_failed_last_sync_is_said_in_the_windows_words(qtbot, restart):  # noqa: F811 - the fixture
    """A pass that could not run (no e.firma password: the keyring forgot it) left core's English sentence in the
    Resumen and Programación pages: "✗ Con error (The FIEL password is not in the system keyring: …)"."""
    from desktop_app.core.errors import AppError
    from desktop_app.gui.messages import headline

    ready_service = restart(fail.Keyring())  # the same home, a keyring that cannot give the password
    ready_service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued", submit=False)
    with pytest.raises(AppError) as failed:
        ready_service.sync_once(RFC, trigger="manual")
    assert failed.value.code == "password_required"
    last = ready_service.get_schedule(RFC)["lastSync"]  # the CLI's schedule show: the English stays, the code added
    assert (last["status"], last["error_code"]) == ("failed", "password_required") and "keyring" in last["error"]
    shown = _last_sync_shown(qtbot, ready_service)
    assert shown.endswith(f"✗ Con error ({headline('password_required').rstrip('.')})"), shown
    assert "keyring" not in shown


def test_a_refused_certificate_says_what_to_look_at_not_only_that_sat_is_down(window, ready_service, tmp_path):
    """Behind an antivirus or proxy that inspects HTTPS (or with the computer's clock far off) SAT's certificate
    fails its check on every attempt, and no retry mends it: the status bar and the request's history say what
    to look at, where they said "El SAT no responde en este momento… lo reintentará sola"."""
    from desktop_app.core.sat.client import SatClient
    from desktop_app.core.sat.transport import Transport
    from desktop_app.demo import sandbox_endpoints
    from desktop_app.gui.history import vocabulary as voc
    from desktop_app.gui.workers.poller import SyncWorker

    request_id = ready_service.create_request(RFC, start="2026-05-01", end="2026-05-31", submit=False)["request_id"]
    cert, key = self_signed(tmp_path)
    with https_server(cert, key, b"") as url:  # what a proxy that inspects HTTPS shows instead of SAT
        endpoints = sandbox_endpoints(url)
        ready_service.sat_factory = lambda fiel: SatClient(
            fiel, endpoints, transport=Transport(sleep=lambda _s: None), clock=ready_service.clock.now
        )
        result = SyncWorker(ready_service)._one(ready_service, RFC)
    assert (result.ok, result.error_code, result.error_cause) == (False, "sat_unavailable", "certificate_rejected")
    window._on_poller_pass_finished(result)
    status = window.findChild(QLabel, "syncStatus").text()
    assert "conexión segura con el SAT" in status and "fecha y la hora de tu computadora" in status
    assert "no responde" not in status
    item = next(i for i in ready_service.history(RFC)["history"] if i["id"] == request_id)
    note = voc.status_message_text(item)
    assert "certificado de seguridad no fue aceptado" in note and "antivirus o proxy" in note
    assert "se enviará de nuevo más tarde" in note.lower()
