"""Programación says when the daily sync cannot run with the app closed (no working keyring; issue 14)."""

from __future__ import annotations

import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QLabel

from desktop_app.core.secrets import SecretStore
from tests.conftest import MemoryKeyring
from tests.gui.shell.test_schedule_page import _page


@pytest.fixture
def secrets(request) -> SecretStore:
    return SecretStore(fail.Keyring() if getattr(request, "param", "memory") == "none" else MemoryKeyring())


def _warning(qtbot, context, monkeypatch, tmp_path) -> QLabel:
    page, _fake_os = _page(qtbot, context, monkeypatch, tmp_path)
    return page.findChild(QLabel, "scheduleWarnings")


@pytest.mark.parametrize("secrets", ["none"], indirect=True)
def test_no_keyring_is_shown_on_the_schedule_page(qtbot, ready_context, monkeypatch, tmp_path):
    label = _warning(qtbot, ready_context, monkeypatch, tmp_path)
    assert label is not None and not label.isHidden()
    assert "llavero" in label.text() and "cerrada" in label.text()


def test_a_working_keyring_shows_no_warning(qtbot, ready_context, monkeypatch, tmp_path):
    label = _warning(qtbot, ready_context, monkeypatch, tmp_path)
    assert label is not None and label.isHidden()
