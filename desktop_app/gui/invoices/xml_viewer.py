"""The XML of one CFDI inside the app: read-only, indented and highlighted, so "Abrir XML" needs no other program.

The file is parsed with the project's hardened parser (:mod:`desktop_app.core.xmlsafe`: entities never expanded,
no DTD, no network) and printed again indented; a file that is not well-formed XML (a damaged document) is shown
exactly as stored, with a note. Colours come from the palette (dark mode), and the highlighting only adds
colour to text that is there: nothing depends on it.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree
from PySide6.QtCore import QCoreApplication, Qt, QUrl, Slot
from PySide6.QtGui import (
    QDesktopServices,
    QFont,
    QFontDatabase,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import AppError
from desktop_app.core.xmlsafe import parse as parse_xml

MAX_BYTES = 50 * 1024 * 1024  # a CFDI is kilobytes; anything this large is shown by the system's program


def tr(text: str) -> str:
    return QCoreApplication.translate("InvoicesPage", text)


def pretty_xml(data: bytes) -> tuple[str, bool]:
    """``(text, well_formed)``: the document indented two spaces per level, or, when it is not well-formed XML
    (or declares a DTD, which the safe parser refuses), its bytes as text, unchanged."""
    try:
        root = parse_xml(data)
    except AppError:
        return data.decode("utf-8", errors="replace"), False
    etree.indent(root, space="  ")  # our own parsed copy; CFDI have no mixed content to disturb
    docinfo = root.getroottree().docinfo
    declaration = ""
    if data.lstrip().startswith(b"<?xml"):
        declaration = f'<?xml version="{docinfo.xml_version or "1.0"}" encoding="{docinfo.encoding or "UTF-8"}"?>\n'
    return declaration + etree.tostring(root, encoding="unicode"), True


class XmlHighlighter(QSyntaxHighlighter):
    """Tags, attribute names, attribute values, comments and the declaration, in the palette's colours."""

    _TAG = re.compile(r"</?[\w:.-]+|/?>|<\?[\w:.-]+|\?>")
    _ATTRIBUTE = re.compile(r"([\w:.-]+)(\s*=\s*)(\"[^\"]*\"?|'[^']*'?)")
    _COMMENT = re.compile(r"<!--.*?(-->|$)")

    def __init__(self, document: QTextDocument, palette: QPalette) -> None:
        super().__init__(document)
        self.tag_format = QTextCharFormat()
        self.tag_format.setForeground(palette.color(QPalette.ColorRole.Link))
        self.tag_format.setFontWeight(QFont.Weight.Bold)
        self.name_format = QTextCharFormat()
        self.name_format.setForeground(palette.color(QPalette.ColorRole.LinkVisited))
        self.value_format = QTextCharFormat()
        self.value_format.setForeground(palette.color(QPalette.ColorRole.Text))
        self.value_format.setFontItalic(True)
        self.comment_format = QTextCharFormat()
        self.comment_format.setForeground(palette.color(QPalette.ColorRole.PlaceholderText))
        self.comment_format.setFontItalic(True)

    def highlightBlock(self, text: str) -> None:
        for match in self._TAG.finditer(text):
            self.setFormat(match.start(), match.end() - match.start(), self.tag_format)
            if match.group().startswith("<"):  # attributes only inside this tag, not in the text after it
                end = text.find(">", match.end())
                for attribute in self._ATTRIBUTE.finditer(text, match.end(), len(text) if end < 0 else end):
                    self.setFormat(attribute.start(1), len(attribute.group(1)), self.name_format)
                    self.setFormat(attribute.start(3), len(attribute.group(3)), self.value_format)
        for comment in self._COMMENT.finditer(text):
            self.setFormat(comment.start(), comment.end() - comment.start(), self.comment_format)


class XmlViewerDialog(QDialog):
    """One XML file, read-only. ``well_formed`` says whether it was indented or shown raw."""

    def __init__(self, path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("xmlViewerDialog")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.path = path
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise OSError(f"{path} is {size} bytes")
        text, self.well_formed = pretty_xml(path.read_bytes())

        self.note = QLabel(self)
        self.note.setObjectName("xmlViewerNote")
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note.setText(
            tr("Archivo: {0}").format(path)
            if self.well_formed
            else tr("Este XML está dañado (no es XML válido): se muestra tal como está guardado en {0}.").format(path)
        )
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("xmlViewerText")
        self.text.setAccessibleName(tr("Contenido del XML"))
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.highlighter = XmlHighlighter(self.text.document(), self.text.palette())
        self.text.setPlainText(text)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(tr("&Cerrar"))
        close.setObjectName("xmlViewerCloseButton")
        self.external_button = QPushButton(tr("Abrir con &otro programa"), self)
        self.external_button.setObjectName("xmlViewerExternalButton")
        self.external_button.setAccessibleName(tr("Abrir el XML con el programa del sistema"))
        self.external_button.setAutoDefault(False)
        self.buttons.addButton(self.external_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.external_button.clicked.connect(self._on_external_button_clicked)

        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.buttons)
        metrics = self.text.fontMetrics()
        self.resize(metrics.averageCharWidth() * 110, metrics.height() * 36)

    @Slot()
    def _on_external_button_clicked(self) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path))):
            self.note.setText(
                tr("No hay un programa del sistema para abrir archivos XML. El archivo está en: {0}").format(self.path)
            )
