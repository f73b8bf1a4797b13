"""Opening a data home that cannot be opened tells the user why, in Spanish, with the way out (issue 13)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from desktop_app import app as app_module
from desktop_app.core.store.db import DB_NAME
from desktop_app.gui.messages import describe


def _capture_boxes(monkeypatch) -> list[dict]:
    shown: list[dict] = []

    def exec_(box: QMessageBox) -> int:
        shown.append({"name": box.objectName(), "text": box.text(), "details": box.detailedText()})
        return int(QMessageBox.StandardButton.Ok)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


def test_a_damaged_database_at_start_names_the_backup_and_the_command(qapp, tmp_path, monkeypatch):
    """Before: a traceback (the crash dialog) — the user had no way to know a backup could be restored."""
    home = tmp_path / "home"
    (home / "EKU9003173C9" / "recibidos").mkdir(parents=True)
    (home / DB_NAME).write_bytes(b"this is not a database" * 100)
    backup = home / f"{DB_NAME}.v2-20261201120000.bak"
    backup.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    shown = _capture_boxes(monkeypatch)
    assert app_module.open_home(home) is None
    [box] = shown
    assert box["name"] == "errorMessage"
    assert box["text"] == describe("database_damaged")
    assert "database restore" in box["details"] and backup.name in box["details"]
    assert (home / DB_NAME).read_bytes().startswith(b"this is not")  # untouched


def test_a_good_home_opens_without_a_word(qapp, tmp_path, monkeypatch):
    shown = _capture_boxes(monkeypatch)
    service = app_module.open_home(tmp_path / "fresh")
    assert service is not None and shown == []
    service.close()


def test_a_home_inside_a_file_says_so_instead_of_crashing(qapp, tmp_path, monkeypatch):
    """Before: NotADirectoryError from creating the folders → the crash dialog."""
    a_file = tmp_path / "archivo"
    a_file.write_text("x")
    shown = _capture_boxes(monkeypatch)
    assert app_module.open_home(a_file / "datos") is None
    assert app_module.open_home(a_file) is None  # the home itself a file
    first, second = shown
    assert first["text"] == second["text"] == describe("invalid_home")
    assert str(a_file) in first["details"] and str(a_file) in second["details"]
