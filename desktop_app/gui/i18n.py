"""Languages: Spanish (es_MX) is the source language of the UI; English comes from a compiled .qm.

Qt's own strings (standard buttons, file dialogs, print dialogs) are translated with Qt's ``qtbase_*.qm``
from the Qt installation, so "Cancel" reads "Cancelar" in the Spanish UI.
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

LANGUAGES = {"es": "Español (México)", "en": "English"}
DEFAULT_LANGUAGE = "es"


def translations_dir() -> str:
    return str(resources.files("desktop_app") / "resources" / "translations")


def install_translators(app: QApplication, language: str = DEFAULT_LANGUAGE) -> list[QTranslator]:
    """Load Qt's translations and, for English, ours. Returns the translators (keep them alive)."""
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    installed: list[QTranslator] = []
    QLocale.setDefault(
        QLocale(QLocale.Language.Spanish, QLocale.Country.Mexico)
        if language == "es"
        else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    )
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    if language != "es":
        ours = QTranslator(app)
        if ours.load(f"descarga_masiva_{language}", translations_dir()):
            app.installTranslator(ours)
            installed.append(ours)
    return installed
