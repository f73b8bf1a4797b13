"""The window opens on the RFC used last (issue 16), not on whichever RFC sorts first."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox

from tests.gui.conftest import RFC


def test_the_last_rfc_used_is_opened_at_start(qtbot, ready_service, tmp_path):
    from desktop_app.app import build_window

    ready_service.add_profile("AAA010101AAA", "Otra")  # sorts first
    settings = QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat)
    first = build_window(ready_service, poll_interval_ms=600_000, settings=settings)
    qtbot.addWidget(first)
    combo = first.findChild(QComboBox, "profileSelector")
    assert first.context.rfc == "AAA010101AAA"
    combo.setCurrentIndex(combo.findData(RFC))  # the user picks their RFC
    assert first.context.rfc == RFC
    first.close()

    again = build_window(ready_service, poll_interval_ms=600_000, settings=settings)  # the next start
    qtbot.addWidget(again)
    assert again.context.rfc == RFC
    assert again.findChild(QComboBox, "profileSelector").currentData() == RFC
    again.close()


def test_a_removed_last_rfc_falls_back_to_the_first(qtbot, ready_service, tmp_path):
    from desktop_app.gui.context import LAST_RFC_KEY, AppContext

    settings = QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat)
    settings.setValue(LAST_RFC_KEY, "AAA010101AAA")  # removed since
    assert AppContext(ready_service, settings=settings).rfc == RFC


def test_the_settings_file_is_private_whatever_the_umask(qtbot, tmp_path):
    """An outside audit: under umask 000 Qt wrote it 0666 in 0777 folders; whoever edited it pointed the window at
    their own «office server», which received the API key. It stays 0600 when Qt rewrites it."""
    import os
    import stat

    from desktop_app.app import private_settings

    path = tmp_path / "config" / "DescargaMasivaSAT" / "Descarga Masiva SAT.conf"
    old = os.umask(0)
    try:
        private_settings(str(path))
        settings = QSettings(str(path), QSettings.Format.IniFormat)
        settings.setValue("office_server/url", "https://servidor.despacho.mx")
        settings.sync()
    finally:
        os.umask(old)
    assert settings.status() == QSettings.Status.NoError
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and "servidor.despacho.mx" in path.read_text()
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "config").stat().st_mode) == 0o700
