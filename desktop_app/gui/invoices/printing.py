"""Printing with Qt's own printing: the detail of an invoice, or its representación impresa
(``core/printed.py``), to a printer (QPrintDialog) or to a PDF file.

The CLI (``invoice UUID --pdf FILE``) uses :func:`save_printed_pdf` too: one layout for the window and the
command line. It needs only a ``QGuiApplication``, which :func:`ensure_application` makes offscreen when the
process has none.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMarginsF, QUrl
from PySide6.QtGui import QGuiApplication, QImage, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.core.printed import QR_RESOURCE, PrintedInvoice
from desktop_app.core.store.vault import private_temporary

_MARGINS_MM = QMarginsF(10, 10, 10, 10)


def _document(html: str, printed: PrintedInvoice | None = None) -> QTextDocument:
    document = QTextDocument()
    document.setDocumentMargin(0)
    if printed is not None and printed.qr_png:
        image = QImage.fromData(printed.qr_png, "PNG")
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(QR_RESOURCE), image)
    document.setHtml(html)
    return document


def _setup(printer: QPrinter) -> None:
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))  # Mexico prints on carta
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setPageMargins(_MARGINS_MM, QPageLayout.Unit.Millimeter)


def _pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _setup(printer)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setCreator("Descarga Masiva SAT")
    return printer


def save_pdf(html: str, path: Path) -> Path:
    """Write ``html`` as a PDF file at ``path``."""
    _document(html).print_(_pdf_printer(path))
    return path


def save_printed_pdf(printed: PrintedInvoice, path: Path) -> Path:
    """The representación impresa of one CFDI as a PDF file at ``path`` (the QR drawn from ``printed``): private
    (0600) like every file the app writes, through a temporary sibling Qt's printer fills."""
    tmp = private_temporary(Path(path))
    try:
        _document(printed.html, printed).print_(_pdf_printer(tmp))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def print_with_dialog(html: str, parent: QWidget | None = None, printed: PrintedInvoice | None = None) -> bool:
    """Ask for a printer (the dialog also offers "Imprimir a archivo"); True when it printed."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _setup(printer)
    dialog = QPrintDialog(printer, parent)
    dialog.setObjectName("printDialog")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    _document(html, printed).print_(printer)
    return True


def ensure_application() -> QGuiApplication:
    """The running Qt application, or an offscreen one for a command-line process (a ``QApplication``, like
    the window's: a process holds one kind of Qt application for its whole life)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(["descarga-masiva", "-platform", "offscreen"])
    assert isinstance(app, QGuiApplication)
    return app
