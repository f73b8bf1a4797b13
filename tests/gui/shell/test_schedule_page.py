"""Programación: edit the schedule, see runs, install/remove the OS task (through a recording runner)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QSpinBox, QTimeEdit

from tests.core.test_ostask import FakeOS
from tests.gui.conftest import RFC


def _page(qtbot, context, monkeypatch, tmp_path):
    from desktop_app.gui.schedule.page import SchedulePage

    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "user" / ".config"))
    fake = FakeOS()
    context.service.ostask_overrides = {
        "runner": fake,
        "platform": "linux",
        "local_tz": ZoneInfo("UTC"),
        "now": datetime(2026, 6, 15, 18, tzinfo=UTC),
    }
    page = SchedulePage(context)
    qtbot.addWidget(page)
    return page, fake


def test_edit_and_save_the_schedule(qtbot, ready_context, monkeypatch, tmp_path):
    page, _ = _page(qtbot, ready_context, monkeypatch, tmp_path)
    page.findChild(QCheckBox, "scheduleEnabled").setChecked(True)
    page.findChild(QTimeEdit, "scheduleTime").setTime(QTime(7, 30))
    page.findChild(QCheckBox, "scheduleIssued").setChecked(False)
    page.findChild(QSpinBox, "scheduleDaysBack").setValue(10)
    page.findChild(QPushButton, "scheduleSave").click()
    schedule = ready_context.service.get_schedule(RFC)["schedule"]
    assert schedule == {**schedule, "enabled": True, "time": "07:30", "downloadTypes": ["received"], "daysBack": 10}
    assert "guardada" in page.findChild(QLabel, "scheduleMessage").text()
    assert page.findChild(QLabel, "scheduleNextRun").text() != "Desactivada"
    assert "Vence en" in page.findChild(QLabel, "scheduleFiel").text()


def test_invalid_schedule_is_explained(qtbot, ready_context, monkeypatch, tmp_path):
    page, _ = _page(qtbot, ready_context, monkeypatch, tmp_path)
    page.findChild(QCheckBox, "scheduleIssued").setChecked(False)
    page.findChild(QCheckBox, "scheduleReceived").setChecked(False)
    page.findChild(QPushButton, "scheduleSave").click()
    assert page.findChild(QLabel, "scheduleMessage").text().startswith("✗")


def test_install_and_remove_the_os_task(qtbot, ready_context, monkeypatch, tmp_path):
    # the window's data home as the user's default one: its task keeps the scheduler's plain name
    monkeypatch.setenv("DESCARGA_MASIVA_HOME", str(ready_context.service.local_folder()))
    page, fake = _page(qtbot, ready_context, monkeypatch, tmp_path)
    status = page.findChild(QLabel, "osTaskStatus")
    qtbot.waitUntil(lambda: "No instalada" in status.text(), timeout=5000)
    page.findChild(QPushButton, "osTaskInstall").click()
    qtbot.waitUntil(lambda: "Instalada" in status.text() and "No" not in status.text(), timeout=5000)
    timer = tmp_path / "user" / ".config" / "systemd" / "user" / "descarga-masiva-sync.timer"
    assert timer.exists()
    page.findChild(QPushButton, "osTaskUninstall").click()
    qtbot.waitUntil(lambda: "No instalada" in status.text(), timeout=5000)
    assert not timer.exists()


def test_the_last_daily_runs_error_is_said_in_the_windows_words(qtbot, ready_context, monkeypatch, tmp_path):
    """Core keeps a daily run's error as "code: English message"; the page showed it as it was ("Último error:
    sat_unavailable: SAT did not answer…" in the Spanish window)."""
    from desktop_app.gui.messages import describe

    schedules = ready_context.service.schedule_ops.schedules
    schedules.start_run(RFC, 1_780_000_000_000, "2026-05-28")
    schedules.finish_run(RFC, "failed", "sat_unavailable: SAT did not answer in time (Autentica).")
    ready_context.service.db.get().commit()
    page, _ = _page(qtbot, ready_context, monkeypatch, tmp_path)
    label = page.findChild(QLabel, "scheduleLastError")
    qtbot.waitUntil(lambda: label.text() == describe("sat_unavailable"), timeout=10_000)
    assert "did not answer" in label.toolTip()  # core's words stay at hand, not in the page

    schedules.start_run(RFC, 1_780_100_000_000, "2026-05-29")
    schedules.interrupt_running(RFC, "The app stopped during this run; the next run resumed it.")
    ready_context.service.db.get().commit()
    page.refresh()
    closed = "La aplicación se cerró durante la descarga diaria"
    qtbot.waitUntil(lambda: label.text().startswith(closed), timeout=10_000)


def test_a_refused_change_leaves_the_page_showing_what_is_stored(qtbot, ready_context, monkeypatch, tmp_path):
    """Enabling a deactivated RFC's schedule is refused; the box stayed ticked beside the ✗, showing a daily
    download that is not stored."""
    ready_context.service.deactivate(RFC)
    page, _ = _page(qtbot, ready_context, monkeypatch, tmp_path)
    box = page.findChild(QCheckBox, "scheduleEnabled")
    box.setChecked(True)
    page.findChild(QPushButton, "scheduleSave").click()
    assert page.findChild(QLabel, "scheduleMessage").text().startswith("✗")
    assert not box.isChecked() and ready_context.service.get_schedule(RFC)["schedule"]["enabled"] is False


def test_an_installed_task_says_when_it_will_download_nothing(qtbot, ready_context, monkeypatch, tmp_path):
    """«✓ Instalada, al día» while the RFC's daily download was off: the task runs, and downloads nothing."""
    ready_context.service.set_schedule(RFC, enabled=False)
    page, _ = _page(qtbot, ready_context, monkeypatch, tmp_path)
    status = page.findChild(QLabel, "osTaskStatus")
    qtbot.waitUntil(lambda: "No instalada" in status.text(), timeout=5000)
    page.findChild(QPushButton, "osTaskInstall").click()
    qtbot.waitUntil(lambda: "✓ Instalada" in status.text(), timeout=5000)
    assert "la tarea no descargará nada" in status.text()
