"""Languages: Spanish (es_MX) is the source language of the UI; English comes from a compiled .qm.

Qt's own strings (standard buttons, file dialogs, print dialogs) come from Qt's ``qtbase_*.qm``. Its Spanish is
Spain's ("fichero", "¿Desea…?") and misses strings Qt 6 changed ("&Look in:", "Files of &type:" showed in English
in Qt's file dialog, issue 16); :class:`MexicanQtTranslator` is installed over it with Mexico's words for what
the user meets: the file dialog, message boxes, the print-to-file fields.

The language can change while the app runs (:func:`switch_language`): Qt sends every widget a
``LanguageChange`` event and the widgets that handle it retranslate themselves.
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

LANGUAGES = {"es": "Español (México)", "en": "English"}
DEFAULT_LANGUAGE = "es"

# (Qt's context, Qt's English source) → Mexican Spanish. Sources as Qt 6 asks for them (recorded from a live
# QFileDialog and QMessageBox); "&" marks the same mnemonics Qt uses.
MEXICAN_QT: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "&Buscar en:",
    ("QFileDialog", "Look in:"): "Buscar en:",
    ("QFileDialog", "Files of &type:"): "&Tipo de archivo:",
    ("QFileDialog", "Files of type:"): "Tipo de archivo:",
    ("QFileDialog", "File &name:"): "&Nombre del archivo:",
    ("QFileDialog", "All Files (*)"): "Todos los archivos (*)",
    ("QFileDialog", "All files (*)"): "Todos los archivos (*)",
    ("QFileDialog", "Show &hidden files"): "Mostrar archivos &ocultos",
    ("QFileDialog", "Parent Directory"): "Carpeta superior",
    ("QFileDialog", "Go to the parent directory"): "Ir a la carpeta superior",
    ("QFileDialog", "Forward"): "Adelante",
    ("QFileDialog", "Go forward"): "Ir adelante",
    ("QFileDialog", "Change to list view mode"): "Cambiar a vista de lista",
    ("QFileDialog", "Directory:"): "Carpeta:",
    ("QFileDialog", "Directories"): "Carpetas",
    ("QFileDialog", "Find Directory"): "Buscar carpeta",
    ("QFileDialog", "File Folder"): "Carpeta de archivos",
    ("QFileDialog", "Could not delete directory."): "No se pudo borrar la carpeta.",
    ("QFileDialog", "Are you sure you want to delete '%1'?"): "¿Seguro que quieres borrar «%1»?",
    (
        "QFileDialog",
        "'%1' is write protected.\nDo you want to delete it anyway?",
    ): "«%1» está protegido contra escritura.\n¿Quieres borrarlo de todos modos?",
    (
        "QFileDialog",
        "%1 already exists.\nDo you want to replace it?",
    ): "%1 ya existe.\n¿Quieres reemplazarlo?",
    (
        "QFileDialog",
        "%1\nFile not found.\nPlease verify the correct file name was given.",
    ): "%1\nNo se encontró el archivo.\nRevisa que el nombre del archivo sea correcto.",
    (
        "QFileDialog",
        "%1\nDirectory not found.\nPlease verify the correct directory name was given.",
    ): "%1\nNo se encontró la carpeta.\nRevisa que el nombre de la carpeta sea correcto.",
    ("QAbstractFileIconProvider", "Drive"): "Unidad",
    ("QAbstractFileIconProvider", "Folder"): "Carpeta",
    ("QAbstractFileIconProvider", "File"): "Archivo",
    ("QAbstractFileIconProvider", "File Folder"): "Carpeta de archivos",
    ("QAbstractFileIconProvider", "Shortcut"): "Acceso directo",
    ("QAbstractFileIconProvider", "Alias"): "Alias",
    ("QAbstractFileIconProvider", "Unknown"): "Desconocido",
    ("QFileSystemModel", "Invalid filename"): "Nombre de archivo no válido",
    ("QFileSystemModel", "My Computer"): "Mi equipo",
    ("QFileSystemModel", "Kind"): "Tipo",
    (
        "QFileSystemModel",
        '<b>The name "%1" cannot be used.</b><p>Try using another name, with fewer characters or no punctuation marks.',
    ): "<b>No se puede usar el nombre «%1».</b><p>Prueba con otro nombre, con menos caracteres o sin signos de "
    "puntuación.",
    ("QMessageBox", "Show Details..."): "Mostrar detalles…",
    ("QMessageBox", "Hide Details..."): "Ocultar detalles…",
    ("QPlatformTheme", "Reset"): "Restablecer",
    ("QPlatformTheme", "Restore Defaults"): "Restablecer valores predeterminados",
    ("QPrintDialog", "Print To File ..."): "Imprimir a un archivo…",
    (
        "QPrintDialog",
        "%1 is a directory.\nPlease choose a different file name.",
    ): "%1 es una carpeta.\nElige otro nombre de archivo.",
    (
        "QPrintDialog",
        "File %1 is not writable.\nPlease choose a different file name.",
    ): "No se puede escribir en el archivo %1.\nElige otro nombre de archivo.",
    ("QPrintWidget", "Output &file:"): "&Archivo de salida:",
    # The print dialog's options and properties (recorded from a live QPrintDialog with qtbase_es installed: these
    # showed in English, or in Spain's words, in the Spanish window — an outside audit).
    ("QPrintSettingsOutput", "Double Sided Printing"): "Impresión a doble cara",
    ("QPrintSettingsOutput", "Off"): "Desactivada",
    ("QPrintSettingsOutput", "Long side binding"): "Encuadernado por el lado largo",
    ("QPrintSettingsOutput", "Short side binding"): "Encuadernado por el lado corto",
    ("QPrintSettingsOutput", "Pages"): "Páginas",
    ("QPrintSettingsOutput", "Page &Set:"): "&Conjunto de páginas:",
    ("QPrintSettingsOutput", "Collate"): "Intercalar",
    ("QPrintSettingsOutput", "Current Page"): "Página actual",
    (
        "QPrintSettingsOutput",
        "Specify pages or ranges separated by commas. Ranges are specified by two numbers separated by a hyphen. "
        "E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.",
    ): "Escribe páginas o intervalos separados por comas; un intervalo son dos números unidos por un guion. Por "
    "ejemplo, 3,5-7,9 imprime las páginas 3, 5, 6, 7 y 9.",
    ("QPageSetupWidget", "Landscape"): "Horizontal",
    ("QPageSetupWidget", "Reverse landscape"): "Horizontal invertida",
    ("QPageSetupWidget", "Page &order:"): "&Orden de las páginas:",
    ("QPageSetupWidget", "Pages &per sheet:"): "Páginas &por hoja:",
    ("QPrintPropertiesWidget", "Advanced"): "Avanzado",
    (
        "QPrintPropertiesWidget",
        "There are conflicts in some options. Please fix them.",
    ): "Algunas opciones están en conflicto; corrígelas.",
    ("QCupsJobWidget", "Scheduled &printing:"): "Impresión &programada:",
    ("QCupsJobWidget", "&Billing information:"): "Información de &cobro:",
    ("QCupsJobWidget", "Job &priority:"): "&Prioridad del trabajo:",
    ("QCupsJobWidget", "&Start:"): "&Inicio:",
    ("QCupsJobWidget", "&End:"): "&Fin:",
}


class MexicanQtTranslator(QTranslator):
    """Qt's own strings in Mexican Spanish where ``qtbase_es`` is Spain's or silent.

    Returning None (a null QString) lets Qt ask the next translator; an empty string would blank the text.
    """

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        return MEXICAN_QT.get((context, source))

    def isEmpty(self) -> bool:
        return False


def translations_dir() -> str:
    return str(resources.files("desktop_app.resources") / "translations")


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
    if language == "es":
        mexican = MexicanQtTranslator(app)  # installed last, so asked first
        app.installTranslator(mexican)
        installed.append(mexican)
    else:
        ours = QTranslator(app)
        if ours.load(f"descarga_masiva_{language}", translations_dir()):
            app.installTranslator(ours)
            installed.append(ours)
    return installed


def switch_language(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Replace the running app's translators: every widget gets a ``LanguageChange`` and retranslates itself."""
    for translator in getattr(app, "_translators", []):
        app.removeTranslator(translator)
    translators = install_translators(app, language)  # type: ignore[arg-type]
    app._translators = translators  # type: ignore[attr-defined]  # keep them alive
    return translators
