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
