"""Error reporting: known errors as calm Spanish messages, bugs as a dialog with "Copiar informe".

The crash report never contains secrets: it carries the traceback and versions, and the FIEL password
or SAT token never reach an exception message in the first place (core keeps them out of reprs).
"""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app import __version__
from desktop_app.core.errors import AppError
from desktop_app.gui.messages import describe, headline


def tr(text: str) -> str:
    return QCoreApplication.translate("dialogs", text)


def show_error(parent: QWidget | None, error: AppError) -> None:
    """A known error (user, environment or SAT): what happened and what to do. Bugs get the crash dialog."""
    if error.code == "internal_error":
        CrashDialog(error.details.get("traceback") or error.message, parent).exec()
        return
    box = QMessageBox(QMessageBox.Icon.Warning, headline(error), describe(error), QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorMessage")
    # The exact facts behind the sentence (paths, the backup, the command to run) for whoever helps the user.
    box.setDetailedText(error.message)
    box.exec()


def choose_open_file(parent: QWidget | None, title: str, folder: str, name_filter: str) -> str:
    """One existing file, or "" when the user cancels.

    The platform's own file dialog where there is one (Windows, macOS, a Linux desktop with a portal or GTK
    theme); elsewhere Qt's, which :func:`desktop_app.gui.i18n.install_translators` completes in Mexican Spanish.
    """
    dialog = QFileDialog(parent, title, folder, name_filter)
    dialog.setObjectName("openFileDialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return ""
    return dialog.selectedFiles()[0]


def crash_report(text: str) -> str:
    """The report a user copies: versions, the error, and where the data home's log is with its last lines
    (``core.logs`` never writes a secret into it)."""
    from desktop_app.core.logs import current_path, tail_file

    report = f"Descarga Masiva SAT {__version__}\nPython {sys.version.split()[0]} on {platform.platform()}\n\n{text}"
    path = current_path()
    if path is not None:
        lines = tail_file(path, 30)
        report += f"\n\nLog: {path}\n" + "\n".join(lines)
    return report


class CrashDialog(QDialog):
    """An unexpected error: the report, a "Copiar informe" button, and the window keeps running."""

    def __init__(self, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle(tr("Error inesperado"))
        self.report = crash_report(report)
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "Ocurrió un error que no esperábamos. Tus datos están a salvo. Copia este informe y "
                "envíalo a los desarrolladores para que lo corrijan."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        text = QPlainTextEdit(self.report)
        text.setReadOnly(True)
        text.setObjectName("crashReport")
        text.setAccessibleName(tr("Informe del error"))
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(tr("&Copiar informe"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.setObjectName("copyReportButton")
        copy.clicked.connect(self._copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.report)


def install_excepthook() -> None:
    """Unhandled exceptions in slots open the crash dialog instead of killing the window."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, value, tb))
        print(text, file=sys.stderr)
        logging.getLogger("desktop_app.gui").error("unexpected error in the window:\n%s", text)
        app = QApplication.instance()
        if app is not None and QApplication.activeModalWidget() is None:
            dialog = CrashDialog(text, QApplication.activeWindow())
            dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
            dialog.show()

    sys.excepthook = hook
