"""The composition root: builds the core service, the poller and the window (no singletons elsewhere).

``descarga-masiva`` without arguments lands here; ``descarga-masiva demo`` too, wired to the in-process
SAT sandbox with SAT's public test FIEL in a throw-away data home.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path
from typing import Any


def build_window(
    service: Any,
    *,
    demo: Any = None,
    demo_prefill: Any = None,
    poll_interval_ms: int = 60_000,
    settings: Any = None,
) -> Any:
    """The main window over ``service`` with its poller running (the wizard first if there is no RFC).

    ``settings`` (a ``QSettings``) is where the window remembers the last RFC used; None remembers nothing.
    ``demo``: the running demo; ``demo_prefill``: what its wizard shows already filled in (default: the demo's).
    """
    from desktop_app.core.remote import OfficeLink
    from desktop_app.gui.context import AppContext
    from desktop_app.gui.main_window import MainWindow
    from desktop_app.gui.settings.office_server import saved_server
    from desktop_app.gui.workers.poller import Poller

    # This computer's data home and the firm's office server (Configuración → «Servidor de la oficina»); the demo
    # stays on its own throw-away home.
    office = OfficeLink(service, service.secrets) if demo is None else None
    current = service
    url, on_server = saved_server(settings)
    key = office.saved_key() if office is not None and on_server else None
    if office is not None and key:  # the window closed working on the server: open on it (offline: it says so)
        from desktop_app.core.errors import AppError

        try:
            office.remote = current = office.service(url, key)
        except AppError:
            current = service  # a setting edited by hand into something that is not an address
    poller = Poller(current, interval_ms=poll_interval_ms)
    context = AppContext(current, poller, demo=demo, demo_prefill=demo_prefill, settings=settings, office=office)
    window = MainWindow(context)
    poller.start()
    return window


def create_application(argv: list[str] | None = None, language: str | None = None) -> Any:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop_app.gui.dialogs import install_excepthook
    from desktop_app.gui.i18n import install_translators

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setOrganizationName("DescargaMasivaSAT")
    app.setApplicationName("Descarga Masiva SAT")
    app.setApplicationDisplayName("Descarga Masiva SAT")
    settings = QSettings()
    private_settings(settings.fileName())
    chosen = language or str(settings.value("language", "es"))
    app._translators = install_translators(app, chosen)  # type: ignore[attr-defined]  # keep them alive
    install_excepthook()
    return app


def private_settings(file_name: str) -> None:
    """The window's settings file (the last RFC, the office server's address) 0600 in a 0700 folder, as the app's
    other files: Qt writes it with the process's umask — 0666 in 0777 folders under umask 000 —, and whoever could
    edit it pointed the window at their own «office server», which then received the API key from the keyring (an
    outside audit). Created empty when missing, since Qt keeps an existing file's permissions when it rewrites it.
    Windows keeps it in the registry (nothing to do)."""
    if os.name != "posix" or not file_name.startswith("/"):
        return
    from desktop_app.core.store.vault import DIR_MODE, FILE_MODE, private_dirs

    path = Path(file_name)
    with contextlib.suppress(OSError):
        private_dirs(path.parent)
        os.chmod(path.parent, DIR_MODE)
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
        os.chmod(path, FILE_MODE)


def main(home: str | None = None, *, language: str | None = None) -> int:
    """Open the window on the user's data home; 1 with the reason said (never Qt's abort) when this session
    cannot show one (:mod:`desktop_app.gui.display`)."""
    from desktop_app.core.logs import setup as log_to
    from desktop_app.core.paths import resolve_home
    from desktop_app.gui.display import prepare_window, saved_language
    from desktop_app.gui.single_instance import UNRESPONSIVE, InstanceGate, already_open, not_responding

    check = prepare_window()
    if not check.ok:
        cannot_open(check, home, language)
        return 1
    data_home = resolve_home(home)
    with contextlib.suppress(OSError):  # open_home says what is wrong with a home that cannot be used
        log_to(data_home)
    gate = InstanceGate(data_home)
    running = gate.ask_running()
    if running == UNRESPONSIVE:  # never a second copy beside a frozen one: say so, where the user will see it
        message = not_responding(language or saved_language())
        logging.getLogger("desktop_app.window").warning("window: already open on this data home, not responding")
        print(message, file=sys.stderr, flush=True)
        if not _reads_stderr():
            from desktop_app.gui.display import tell_desktop

            tell_desktop(message)
        return 1
    if running is not None:  # the window open on this home showed itself instead (it may have been in the tray)
        logging.getLogger("desktop_app.window").info("window: already open on this data home; it was asked to show")
        print(already_open(language or saved_language()), file=sys.stderr, flush=True)
        return 0
    gate.listen()
    try:
        return _run_window(create_application(language=language), data_home, gate)
    finally:
        gate.close()


def _run_window(app: Any, data_home: Path, gate: Any) -> int:
    from PySide6.QtCore import QSettings

    service = open_home(data_home)
    if service is None:
        return 1
    window = build_window(service, settings=QSettings())
    gate.activated.connect(window.show_from_tray)
    window.show()
    if window.context.service is service and not service.profiles.list():
        window.open_wizard()
    if os.environ.get("DESCARGA_MASIVA_QUIT_WHEN_SHOWN"):  # build_scripts/build.py measure: cold start
        _quit_when_shown(app)
    code = app.exec()
    gate.close()  # a start from now on opens its own window: this one is going away
    shut_down(window)
    if window.context.office is not None:
        window.context.office.release()
    service.close()
    return int(code)


def cannot_open(check: Any, home: str | None, language: str | None = None) -> str:
    """Say why the window cannot open: on stderr, in the data home's log, and in a dialog of the desktop's own
    when nobody reads stderr (started from the menu) and there is a display to show it on. Returns the words."""
    from desktop_app.core.logs import setup as log_to
    from desktop_app.core.paths import resolve_home
    from desktop_app.gui.display import (
        DISPLAY_UNREACHABLE,
        NO_DISPLAY,
        explain,
        saved_language,
        tell_desktop,
    )

    message = explain(check, language or saved_language())
    print(message, file=sys.stderr, flush=True)
    with contextlib.suppress(OSError):  # no usable home: stderr (and the dialog) are all there is
        log_to(resolve_home(home))
    logging.getLogger("desktop_app.window").error(
        "window: cannot open (%s; plugins %s; missing %s): %s",
        check.reason,
        ",".join(check.platforms) or "-",
        ",".join(check.missing) or "-",
        check.detail or "-",
    )
    if check.reason not in (NO_DISPLAY, DISPLAY_UNREACHABLE) and not _reads_stderr():
        tell_desktop(message)
    return message


def _reads_stderr() -> bool:
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def open_home(data_home: Path) -> Any | None:
    """The core service over the user's data home, or ``None`` once the user has been told why it cannot open:
    a damaged database (which backup to restore, and the command that does it), a home this user cannot write,
    a full disk — in Spanish, with the exact paths in the details, never a crash dialog."""
    from desktop_app.core.errors import AppError
    from desktop_app.core.logs import setup as log_to
    from desktop_app.core.service import DescargaService
    from desktop_app.gui.dialogs import show_error
    from desktop_app.gui.upgrade import migrate_with_progress

    try:
        log_to(data_home)
        migrate_with_progress(data_home)  # a home from an older version: migrated once, with a note on screen
        return DescargaService(data_home)
    except AppError as exc:
        show_error(None, exc)
        return None


def shut_down(window: Any) -> None:
    """After the event loop: the pages stop and wait for their background readers, then the shared pool, so no
    job touches the database or the GUI once they are gone."""
    from PySide6.QtCore import QThreadPool

    window.close()  # closeEvent: every page's shutdown() (idempotent if the user closed it already)
    QThreadPool.globalInstance().waitForDone(10_000)


def _quit_when_shown(app: Any) -> None:
    """Once the event loop has shown and painted the window: print ``shown <epoch seconds>``, then quit."""
    import time

    from PySide6.QtCore import QThreadPool, QTimer

    def done() -> None:
        print(f"shown {time.time():.6f}", file=sys.stderr, flush=True)
        app.closeAllWindows()  # as a user would: pages and poller shut down, then background jobs end
        QThreadPool.globalInstance().waitForDone(10_000)
        app.quit()

    QTimer.singleShot(0, done)


def demo(*, keep: Path | None = None, language: str | None = None, invoices: int = 50_000) -> int:
    """The demo: the whole app on the built-in sandbox, the wizard pre-filled with SAT's test FIEL."""
    from desktop_app.demo import start_demo, wizard_prefill

    app = create_application(language=language)
    env = start_demo(keep, invoices=invoices)
    window = None
    try:
        window = build_window(env.service, demo=env, demo_prefill=wizard_prefill(), poll_interval_ms=2_000)
        window.show()
        window.open_wizard()
        return int(app.exec())
    finally:
        if window is not None:
            shut_down(window)
        env.close()
