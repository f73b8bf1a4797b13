"""Printing the detail of an invoice with Qt's own printing: to a printer (QPrintDialog) or to a PDF file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget


def _document(html: str) -> QTextDocument:
    document = QTextDocument()
    document.setHtml(html)
    return document


def _setup(printer: QPrinter) -> None:
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))  # Mexico prints on carta
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)


def save_pdf(html: str, path: Path) -> Path:
    """Write ``html`` as a PDF file at ``path``."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _setup(printer)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    _document(html).print_(printer)
    return path


def print_with_dialog(html: str, parent: QWidget | None = None) -> bool:
    """Ask for a printer (the dialog also offers "Imprimir a archivo"); True when it printed."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _setup(printer)
    dialog = QPrintDialog(printer, parent)
    dialog.setObjectName("printDialog")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    _document(html).print_(printer)
    return True
