"""Languages (issue 16, item 10): Qt's own file dialog in Mexican Spanish, and a language switch without restart."""

from __future__ import annotations

import importlib.util
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QListWidget,
)

ROOT = Path(__file__).resolve().parents[3]
ENGLISH_WORDS = ("Look in", "Files of type", "File name", "Detail View", "Parent Directory", "Cancel")


@pytest.fixture
def installed(qapp) -> Iterator[list]:
    """Translators installed during the test; removed (and the default locale restored) afterwards."""
    from PySide6.QtCore import QLocale

    saved_locale = QLocale()
    translators: list = []
    yield translators
    for translator in translators:
        qapp.removeTranslator(translator)
    for translator in getattr(qapp, "_translators", []):
        qapp.removeTranslator(translator)
    qapp._translators = []
    QLocale.setDefault(saved_locale)


def dialog_texts(dialog: QFileDialog) -> list[str]:
    texts = []
    for widget in dialog.findChildren(QAbstractButton):
        texts += [widget.text(), widget.toolTip()]
    texts += [label.text() for label in dialog.findChildren(QLabel)]
    for combo in dialog.findChildren(QComboBox):
        texts += [combo.itemText(i) for i in range(combo.count())]
    for header in dialog.findChildren(QHeaderView):
        model = header.model()
        if model is not None:
            texts += [str(model.headerData(i, header.orientation())) for i in range(model.columnCount())]
    return [text for text in texts if text]


def test_qts_file_dialog_speaks_mexican_spanish(qtbot, installed, tmp_path):
    """Before: "Look in" and "Files of type" in English next to Spain's "fichero"."""
    from desktop_app.gui.i18n import install_translators

    installed.extend(install_translators(qtbot_app(), "es"))
    (tmp_path / "EKU9003173C9.cer").write_bytes(b"x")
    dialog = QFileDialog(None, "Elige el certificado (.cer) de tu e.firma", str(tmp_path), "Certificado (*.cer)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # Qt's own, as where there is no native one
    qtbot.addWidget(dialog)
    dialog.show()
    texts = dialog_texts(dialog)
    assert "&Buscar en:" in texts and "&Tipo de archivo:" in texts and "&Nombre del archivo:" in texts
    assert "Cancelar" in [t.replace("&", "") for t in texts]
    joined = "\n".join(texts)
    assert "ichero" not in joined, joined
    assert not [word for word in ENGLISH_WORDS if re.search(rf"\b{word}\b", joined)], joined
    dialog.close()


def test_qts_print_dialog_speaks_mexican_spanish(qtbot, installed):
    """An outside audit: «Double Sided Printing», «Off», «Pages», «Page &Set:» in English, and Spain's «Apaisado»,
    «Recopilar», «Página Actual», in the dialog «Imprimir…» opens."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QWidget

    from desktop_app.gui.i18n import install_translators

    installed.extend(install_translators(qtbot_app(), "es"))
    printer = QPrinter()
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = dialog_texts(dialog) + [w.toolTip() for w in dialog.findChildren(QWidget) if w.toolTip()]
    joined = "\n".join(texts)
    english = ("Double Sided", "Long side", "Short side", "Page &Set", "Specify pages", "Off\n", "Collate")
    assert not [word for word in english if word in joined + "\n"], joined
    assert not [word for word in ("Apaisado", "Recopilar", "Página Actual") if word in joined], joined
    dialog.close()
    for context, source in (("QPrintPropertiesWidget", "Advanced"), ("QCupsJobWidget", "Job &priority:")):
        assert QCoreApplication.translate(context, source) != source  # the «Propiedades» dialog's


def qtbot_app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()


@pytest.fixture
def compiled_qm(tmp_path, monkeypatch) -> Path:
    """descarga_masiva_en.qm built from the committed .ts into a temporary folder, used as the app's."""
    spec = importlib.util.spec_from_file_location("build_scripts_i18n", ROOT / "build_scripts" / "i18n.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    target = tmp_path / "descarga_masiva_en.qm"
    subprocess.run([script.lrelease(), "-silent", str(script.ts_path("en")), "-qm", str(target)], check=True)
    from desktop_app.gui import i18n

    monkeypatch.setattr(i18n, "translations_dir", lambda: str(tmp_path))
    return target


def test_switching_language_needs_no_restart(qtbot, ready_service, compiled_qm, installed, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings

    from desktop_app.app import build_window
    from desktop_app.gui.main_window import show_page

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    window = build_window(ready_service, poll_interval_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    nav = window.findChild(QListWidget, "navigation")
    page = show_page(window, "settings")
    combo = page.findChild(QComboBox, "languageCombo")
    assert nav.item(0).text() == "Resumen"

    combo.setCurrentIndex(combo.findData("en"))
    qtbot.waitUntil(lambda: nav.item(0).text() == "Summary", timeout=5_000)
    assert window.menuBar().actions()[0].text() == "&File"
    assert page.remove_button.text() == "Re&move RFC…"  # Configuración retranslated too
    assert page.title.text() == "Settings"
    status = window.findChild(QLabel, "syncStatus")
    # the status bar too, whatever the poller has it say (an outside audit: it kept the old language)
    assert not any(word in status.text() for word in ("Sincroniz", "Al día", "solicitud"))

    combo.setCurrentIndex(combo.findData("es"))
    qtbot.waitUntil(lambda: nav.item(0).text() == "Resumen", timeout=5_000)
    assert page.remove_button.text() == "&Quitar RFC…"
    assert not any(word in status.text() for word in ("Sync", "Up to date", "request"))
    assert window.context.poller.stop()  # no pass of its own changes the status bar from here on
    QApplication.processEvents()  # (what its last pass sent is delivered now, not during the switch)
    window._say("password", "EKU9003173C9")
    combo.setCurrentIndex(combo.findData("en"))
    qtbot.waitUntil(lambda: nav.item(0).text() == "Summary", timeout=5_000)
    assert status.text().startswith("⚠ EKU9003173C9: ") and "contraseña" not in status.text()
    window.close()
