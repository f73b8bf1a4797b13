"""The window without a mouse (issue 16, item 8): each page's Alt+letters are unique (the menu bar's and the RFC
selector's included)."""

from __future__ import annotations

import pytest

from desktop_app.gui.main_window import SECTIONS, show_page
from tests.gui.shell.keyboard import duplicate_mnemonics, visible_mnemonics


@pytest.fixture
def window(qtbot, ready_service):
    from desktop_app.app import build_window

    window = build_window(ready_service, poll_interval_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    yield window
    window.close()


def test_every_page_has_unique_mnemonics(window):
    """Before: Configuración had Alt+A three times (Archivo, Agregar RFC, Activar), Programación had Alt+H, Alt+R
    and Alt+I twice each."""
    duplicates = {}
    for key, _title in SECTIONS:
        show_page(window, key)
        assert visible_mnemonics(window), f"{key}: no mnemonic found, the walk is blind"
        if duplicate_mnemonics(window):
            duplicates[key] = duplicate_mnemonics(window)
    assert not duplicates, duplicates


def test_settings_in_both_activation_states(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page = show_page(window, "settings")
    page.findChild(type(page.activation_button), "activationButton").click()  # deactivate
    assert page.activation_button.text() == "Ac&tivar"
    assert not duplicate_mnemonics(window), duplicate_mnemonics(window)
