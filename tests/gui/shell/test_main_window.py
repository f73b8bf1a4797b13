"""The main window as a whole: navigation, live status from the poller, FIEL banner, clean shutdown."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QComboBox, QLabel, QListWidget

from tests.gui.conftest import RFC


def _window(qtbot, service, interval_ms=50):
    from desktop_app.app import build_window

    window = build_window(service, poll_interval_ms=interval_ms)
    qtbot.addWidget(window)
    return window


def test_navigation_shows_every_area(qtbot, ready_service):
    from desktop_app.gui.main_window import show_page

    window = _window(qtbot, ready_service)
    nav = window.findChild(QListWidget, "navigation")
    assert [nav.item(i).text() for i in range(nav.count())] == [
        "Resumen",
        "Solicitudes",
        "Facturas",
        "Reportes",
        "Programación",
        "Configuración",
    ]
    for key in ("history", "invoices", "reports", "schedule", "settings", "summary"):
        page = show_page(window, key)
        assert window.stack.currentWidget().widget() is page  # each page in its scroll area
    combo = window.findChild(QComboBox, "profileSelector")
    assert combo.currentData() == RFC
    window.close()
    assert not window.context.poller.is_running()


def test_poller_drives_requests_to_completion_and_the_status_bar(qtbot, ready_service):
    window = _window(qtbot, ready_service)
    ready_service.create_request(RFC, start="2026-05-01", end="2026-05-31", rfc_type="issued", submit=False)
    status = window.findChild(QLabel, "syncStatus")
    window.sync_now()
    qtbot.waitUntil(lambda: ready_service.history(RFC)["history"][0]["status"] == "completed", timeout=20_000)
    qtbot.waitUntil(lambda: "Al día" in status.text(), timeout=20_000)
    window.close()
    assert not window.context.poller.is_running()


def test_fiel_expiry_banner(qtbot, ready_service, clock):
    clock.set(datetime(2027, 5, 1, tzinfo=UTC))  # sixteen days before SAT's test FIEL expires
    window = _window(qtbot, ready_service, interval_ms=60_000)
    banner = window.findChild(QLabel, "fielBanner")
    assert banner.isVisibleTo(window)
    assert "vence en 16 días" in banner.text()
    # issue 16.7: dates as people write them, in the banner and in Configuración alike
    assert "(17/05/2027)" in banner.text() and "2027-05" not in banner.text()
    from desktop_app.gui.main_window import show_page

    settings = show_page(window, "settings")
    assert "vigente hasta el 17/05/2027" in settings.fiel_label.text()
    window.close()


def test_without_profiles_the_wizard_is_one_click_away(qtbot, service):
    window = _window(qtbot, service, interval_ms=60_000)
    wizard = window.open_wizard()
    assert wizard.objectName() == "setupWizard" and wizard.isVisible()
    wizard.reject()
    window.close()


def test_size_position_and_splitters_are_remembered(qtbot, ready_service, tmp_path):
    """Issue 16.6: a minimum size; size, position and splitters come back as the user left them."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QSplitter

    from desktop_app.app import build_window
    from desktop_app.gui.main_window import MINIMUM_SIZE, show_page

    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = build_window(ready_service, poll_interval_ms=60_000, settings=settings)
    qtbot.addWidget(window)
    assert window.minimumSize() == MINIMUM_SIZE
    window.show()
    qtbot.waitExposed(window)
    window.resize(790, 570)  # within the offscreen platform's 800×600 screen (restoreGeometry keeps it on one)
    show_page(window, "invoices")
    splitter = window.findChild(QSplitter, "invoicesSplitter")
    splitter.setSizes([300, 600])
    qtbot.waitUntil(lambda: window.width() == 790)
    moved = splitter.sizes()
    window.close()

    again = build_window(ready_service, poll_interval_ms=60_000, settings=settings)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert (again.width(), again.height()) == (790, 570)
    show_page(again, "invoices")
    restored = again.findChild(QSplitter, "invoicesSplitter")
    qtbot.waitUntil(lambda: restored.sizes() == moved)
    again.close()


def test_every_page_fits_an_800_by_600_screen(qtbot, ready_service):
    """Issue 16.6: no page forces the window wider or taller than an 800×600 screen can show."""
    from PySide6.QtWidgets import QApplication

    from desktop_app.gui.main_window import show_page

    window = _window(qtbot, ready_service, interval_ms=60_000)
    window.show()
    qtbot.waitExposed(window)
    window.resize(800, 600)
    for key in ("summary", "history", "invoices", "schedule", "settings"):
        page = show_page(window, key)
        hint = window.minimumSizeHint().expandedTo(window.minimumSize())
        assert hint.width() <= 800 and hint.height() <= 600, (key, hint)
        qtbot.waitUntil(lambda: window.width() <= 800)
    # never squeezed: at the window's smallest size (shorter than Programación needs) a page scrolls instead
    from desktop_app.gui.main_window import MINIMUM_SIZE

    window.resize(MINIMUM_SIZE)
    qtbot.waitUntil(lambda: window.size() == MINIMUM_SIZE)
    for key in ("summary", "history", "invoices", "schedule", "settings"):
        page = show_page(window, key)
        QApplication.processEvents()
        need = page.minimumSizeHint()
        assert page.height() >= need.height() and page.width() >= need.width(), (key, page.size(), need)
    assert window.pages["schedule"].minimumSizeHint().height() > window.stack.height(), "the check must bite"
    window.close()
