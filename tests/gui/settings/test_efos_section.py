"""Issue 18.7 in the window: Configuración's "Lista 69-B del SAT (EFOS)" — how old the loaded list is, a warning
after 30 days, "Importar lista…" in the background, the outcome or the error in Spanish. Widgets are found by
objectName; waits are on signals and conditions."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from desktop_app.gui.settings.efos_section import EfosSection
from tests.efos_support import FIXTURE
from tests.sandbox_env import NOW


@pytest.fixture
def page(qtbot, context):
    from desktop_app.gui.settings.page import SettingsPage

    page = SettingsPage(context)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def _parts(page) -> tuple[EfosSection, QLabel, QLabel, QLabel, QPushButton]:
    section = page.findChild(EfosSection, "efosSection")
    assert section is not None and section.title() == "Lista 69-B del SAT (EFOS)"
    return (
        section,
        section.findChild(QLabel, "efosStatusLabel"),
        section.findChild(QLabel, "efosWarningLabel"),
        section.findChild(QLabel, "efosResultLabel"),
        section.findChild(QPushButton, "importEfosButton"),
    )


def _import(qtbot, section, button, path, monkeypatch, signal="list_imported"):
    monkeypatch.setattr(section, "_choose_file", lambda: str(path))
    with qtbot.waitSignal(getattr(section, signal), timeout=20_000) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_no_list_then_an_import_in_the_background(qtbot, page, context, monkeypatch):
    section, status, warning, result, button = _parts(page)
    assert status.text().startswith("No se ha cargado la lista.")
    assert not warning.isVisible() and not result.isVisible()
    assert button.text() == "Importar &lista…" and button.accessibleName() == "Importar lista 69-B del SAT"

    # the import waits until the test lets it go: meanwhile the window is responsive and says what it does
    release = threading.Event()
    real = context.service.import_efos_list

    def held(path):
        assert release.wait(10)
        return real(path)

    monkeypatch.setattr(context.service, "import_efos_list", held)
    monkeypatch.setattr(section, "_choose_file", lambda: str(FIXTURE))
    with qtbot.waitSignal(section.list_imported, timeout=20_000) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert not button.isEnabled()
        assert result.isVisible() and result.text() == "Importando la lista…"
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # ignored: one import at a time
        release.set()
    assert blocker.args[0]["rows"] == 6
    assert button.isEnabled()
    assert result.text() == (
        "✓ Lista importada: 6 contribuyentes. Definitivos: 2 · Presuntos: 2 · Desvirtuados: 1 · Sentencia favorable: 1."
    )
    assert status.text() == (
        "Cargada hoy (15/06/2026). Información del SAT actualizada al 31/05/2026; 6 contribuyentes en la lista."
    )
    assert not warning.isVisible()


def test_the_age_in_days_and_the_warning_after_30(qtbot, page, context, clock, monkeypatch):
    section, status, warning, _result, button = _parts(page)
    _import(qtbot, section, button, FIXTURE, monkeypatch)
    clock.set(NOW + timedelta(days=1))
    section.refresh()
    assert status.text().startswith("Cargada el 15/06/2026, hace 1 día. ")
    clock.set(NOW + timedelta(days=30))
    page.hide()
    page.show()  # shown again: the age is read again
    qtbot.waitUntil(lambda: "hace 30 días" in status.text())
    assert not warning.isVisible()
    clock.set(NOW + timedelta(days=45))
    section.refresh()
    assert status.text().startswith("Cargada el 15/06/2026, hace 45 días. ")
    assert warning.isVisible()
    assert warning.text().startswith("⚠ La lista se cargó hace más de 30 días: descarga del SAT la versión")


def test_a_refused_file_is_said_in_spanish_and_the_list_stays(qtbot, page, monkeypatch, tmp_path):
    section, status, _warning, result, button = _parts(page)
    _import(qtbot, section, button, FIXTURE, monkeypatch)
    before = status.text()

    garbage = tmp_path / "otra_cosa.csv"
    garbage.write_text("hola, mundo\r\n" * 30, encoding="utf-8")
    error = _import(qtbot, section, button, garbage, monkeypatch, "import_failed")
    assert error.code == "efos_not_a_list"
    assert result.text() == (
        "✗ El archivo no es la lista 69-B del SAT: no tiene el encabezado con la columna RFC. Elige el archivo "
        "Listado_Completo_69-B.csv de los Datos Abiertos del SAT. Se conserva la lista que ya estaba cargada."
    )
    assert status.text() == before and button.isEnabled()

    cut = tmp_path / "cortado.csv"
    cut.write_bytes(FIXTURE.read_bytes()[:-60])
    error = _import(qtbot, section, button, cut, monkeypatch, "import_failed")
    assert error.code == "efos_truncated"
    assert result.text().startswith("✗ El archivo está incompleto: termina a la mitad de un renglón; no se cargó nada.")
    assert "(Renglón 11 del archivo.)" in result.text()
    assert status.text() == before


def test_without_a_list_a_refusal_does_not_claim_one_is_kept(qtbot, page, monkeypatch, tmp_path):
    section, status, _warning, result, button = _parts(page)
    workbook = tmp_path / "Listado.xlsx"
    workbook.write_bytes(b"PK\x03\x04" + b"\0" * 64)
    error = _import(qtbot, section, button, workbook, monkeypatch, "import_failed")
    assert error.code == "efos_spreadsheet"
    assert result.text().startswith("✗ El archivo es un libro de Excel, no el CSV que publica el SAT.")
    assert "Se conserva" not in result.text()
    assert status.text().startswith("No se ha cargado la lista.")


def test_a_cancelled_file_dialog_does_nothing(qtbot, page, monkeypatch):
    section, _status, _warning, result, button = _parts(page)
    monkeypatch.setattr(section, "_choose_file", lambda: "")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert button.isEnabled() and not result.isVisible()
