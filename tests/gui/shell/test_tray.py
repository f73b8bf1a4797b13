"""Tray and notifications (issue 16, item 11), offscreen: the platform may have no tray there, so the tray's menu
and :meth:`MainWindow.notify` (the seam every notification goes through) are tested directly."""

from __future__ import annotations

from keyring.backends import fail
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from desktop_app.core.sync import SyncEvent
from tests.gui.conftest import RFC
from tests.gui.shell.test_password import (
    TIMEOUT,
    dialog_of,
    restart,  # noqa: F401 - the fixture
)


def open_window(qtbot, service, interval_ms=600_000):
    from desktop_app.app import build_window

    window = build_window(service, poll_interval_ms=interval_ms)
    qtbot.addWidget(window)
    window.show()
    return window


def action(window, name: str) -> QAction:
    menu = window.findChild(QMenu, "trayMenu")
    assert menu is window.tray_menu
    found = [a for a in menu.actions() if a.objectName() == name]
    assert len(found) == 1 and found[0].text(), name
    return found[0]


def test_tray_menu_opens_the_window_syncs_now_and_quits(qtbot, ready_service):
    window = open_window(qtbot, ready_service)
    assert [a.text() for a in window.tray_menu.actions() if a.text()] == ["Mostrar", "Sincronizar ahora", "Salir"]
    window.hide()  # minimised to the tray
    action(window, "trayShowAction").trigger()
    assert window.isVisible()

    poller = window.context.poller
    with qtbot.waitSignal(poller.pass_finished, timeout=TIMEOUT) as blocker:
        action(window, "traySyncAction").trigger()
    assert blocker.args[0].rfc == RFC and blocker.args[0].ok

    action(window, "trayQuitAction").trigger()
    assert not window.isVisible()
    assert not poller.is_running()  # quitting stops the poller (and with it, every page's readers)


def test_a_request_that_finishes_notifies(qtbot, ready_service):
    window = open_window(qtbot, ready_service)
    made = ready_service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued", submit=False)
    window.sync_now()
    qtbot.waitUntil(lambda: any(title == "Solicitud terminada" for title, _ in window.notifications), timeout=TIMEOUT)
    count = ready_service.request_record(RFC, made["request_id"]).invoice_count
    body = next(body for title, body in window.notifications if title == "Solicitud terminada")
    # the window's words for the request's note, not core's English ("69 documents downloaded and indexed.")
    assert count and body == f"Se descargaron e integraron {count} comprobantes."
    window.close()


def test_a_pass_that_finishes_several_requests_notifies_once(qtbot, ready_service):
    """A first sync finished 283 requests: 283 balloons «Solicitud terminada», and every daily run four identical
    «El SAT no encontró comprobantes en el periodo.» (outside audit of the owner's first run)."""
    from desktop_app.core.status import status
    from desktop_app.gui.workers.poller import PassResult

    window = open_window(qtbot, ready_service)
    poller = window.context.poller
    done = PassResult(RFC, True, 0, None, 0, 0, 0)
    for count in (3, 0, 5):  # as the poller's thread reports a pass
        note = status("completed", count=count) if count else status("no_documents")
        poller.sync_event.emit(SyncEvent("completed", f"req-{count}", note.english(), "completed", note=note))
    poller.pass_finished.emit(done)
    qtbot.waitUntil(lambda: bool(window.notifications), timeout=TIMEOUT)
    assert window.notifications == [
        ("Solicitudes terminadas", "Comprobantes descargados e integrados: 8 (solicitudes terminadas: 3).")
    ]
    for n in range(4):  # a daily run that found nothing new: no balloon
        note = status("no_documents")
        poller.sync_event.emit(SyncEvent("completed", f"day-{n}", note.english(), "completed", note=note))
    with qtbot.waitSignal(poller.pass_finished, timeout=TIMEOUT):
        poller.pass_finished.emit(done)
    assert len(window.notifications) == 1
    window.close()


def test_a_request_that_fails_notifies_in_the_windows_words(qtbot, ready_service):
    from desktop_app.core.status import status

    window = open_window(qtbot, ready_service)
    note = status("rejected", sat_code="5006", sat_message="Error interno en el proceso")
    event = SyncEvent("failed", "req-1", note.english(), "failed", note=note)
    window.context.poller.sync_event.emit(event)  # as the poller's thread reports it
    qtbot.waitUntil(lambda: bool(window.notifications), timeout=TIMEOUT)
    assert window.notifications == [
        ("Solicitud con error", "El SAT rechazó la solicitud: 5006 Error interno en el proceso")
    ]
    unknown = SyncEvent("expired", "req-2", "Something in English.", "expired", note=None)  # a note it cannot tell
    window.context.poller.sync_event.emit(unknown)
    qtbot.waitUntil(lambda: len(window.notifications) == 2, timeout=TIMEOUT)
    assert window.notifications[1] == ("Paquetes vencidos", "El detalle está en Solicitudes.")
    window.close()


def test_a_missing_password_while_in_the_tray_notifies_once(qtbot, restart):  # noqa: F811 - the fixture
    service = restart(fail.Keyring())
    service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued", submit=False)
    from desktop_app.app import build_window

    window = build_window(service, poll_interval_ms=600_000)  # started hidden, as in the tray
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(window.notifications), timeout=TIMEOUT)
    assert window.notifications == [
        (
            "Falta la contraseña de la e.firma",
            f"Abre la ventana y escribe la contraseña de la e.firma de {RFC} para seguir descargando.",
        )
    ]
    with qtbot.waitSignal(window.context.poller.pass_finished, timeout=TIMEOUT):
        window.context.poller.sync_now()
    assert len(window.notifications) == 1
    if dialog_of(window) is not None:
        dialog_of(window).reject()
    window.close()


def test_the_close_button_leaves_the_app_in_the_tray_and_salir_ends_it(qtbot, ready_service):
    """The window's close button ended the app — the daily download and a history download under way with it —
    without a word, while the wizard promised «mientras esté abierta o en la bandeja» (outside audit of the owner's
    first run). With a tray it hides there and says so once; «Salir» ends it."""
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QSystemTrayIcon

    class UserClose(QCloseEvent):  # as the window system sends it (a close() of the program's is not)
        def spontaneous(self) -> bool:
            return True

    window = open_window(qtbot, ready_service)
    if window.tray is None:  # offscreen platforms may have no tray: give the window one, as a desktop does
        window.tray = QSystemTrayIcon(window)
    for _ in range(2):
        event = UserClose()
        window.closeEvent(event)
        assert not event.isAccepted() and not window.isVisible()
        assert window.context.poller.is_running()  # the schedule goes on
        window.show()
    assert [title for title, _ in window.notifications] == ["Descarga Masiva sigue en la bandeja"]  # once
    action(window, "trayQuitAction").trigger()
    assert not window.isVisible() and not window.context.poller.is_running()


def test_the_session_ending_closes_the_window_instead_of_hiding_it(qtbot, ready_service):
    """Logging out or shutting down closes the windows: one that hides in the tray instead may hold it up."""
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QSystemTrayIcon

    class UserClose(QCloseEvent):
        def spontaneous(self) -> bool:
            return True

    window = open_window(qtbot, ready_service)
    if window.tray is None:
        window.tray = QSystemTrayIcon(window)
    window._on_session_ending()  # what QGuiApplication.commitDataRequest calls
    event = UserClose()
    window.closeEvent(event)
    assert event.isAccepted() and not window.context.poller.is_running()
