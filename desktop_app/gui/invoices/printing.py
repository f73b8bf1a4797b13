"""Printing with Qt's own printing: the detail of an invoice, or its representación impresa
(``core/printed.py``), to a printer (QPrintDialog) or to a PDF file.

The CLI (``invoice UUID --pdf FILE``) uses :func:`save_printed_pdf` too: one layout for the window and the
command line. It needs only a ``QGuiApplication``, which :func:`ensure_application` makes offscreen when the
process has none.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from PySide6.QtCore import QMarginsF, QUrl
from PySide6.QtGui import QGuiApplication, QImage, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.core.errors import AppError
from desktop_app.core.printed import QR_RESOURCE, PrintedInvoice
from desktop_app.core.store.vault import private_temporary

_MARGINS_MM = QMarginsF(10, 10, 10, 10)
# What a PDF ends with (then at most a line break); a file without it was cut short.
_PDF_END = b"%%EOF"
# How much a failed PDF's folder is asked to take, to tell a full disk from any other failure: more than a page.
_PROBE_BYTES = 1024 * 1024
_DISK_FULL_ERRNOS = frozenset(code for code in (errno.ENOSPC, getattr(errno, "EDQUOT", None)) if code is not None)


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
    (0600) like every file the app writes, through a temporary sibling Qt's printer fills.

    Qt's printer says nothing when it cannot write (a full disk leaves an empty file), so the temporary file is
    checked — a whole PDF, ``%%EOF`` at its end — before it replaces ``path``; otherwise ``path`` is left as it
    was and this raises ``disk_full`` (the folder cannot take the file) or ``pdf_not_written``.
    """
    tmp = private_temporary(Path(path))
    try:
        _document(printed.html, printed).print_(_pdf_printer(tmp))
        _check_written(tmp, Path(path))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _check_written(tmp: Path, path: Path) -> None:
    """Raise unless ``tmp`` holds a whole PDF (:func:`save_printed_pdf`)."""
    try:
        with tmp.open("rb") as file:
            head = file.read(5)
            size = file.seek(0, os.SEEK_END)
            file.seek(max(0, size - 64))
            tail = file.read()
    except OSError:
        head, tail = b"", b""
    if head == b"%PDF-" and _PDF_END in tail:
        return
    if _disk_full(tmp):
        raise AppError(
            "disk_full", f"The disk is full: the PDF {path} could not be written. Free some space and try again.",
            path=str(path),
        )  # fmt: skip
    raise AppError("pdf_not_written", f"The PDF {path} could not be written; nothing was saved.", path=str(path))


def _disk_full(tmp: Path) -> bool:
    """Whether ``tmp``'s folder refuses more data for want of space (Qt does not say why it failed): a
    megabyte written to ``tmp`` and dropped."""
    try:
        with tmp.open("wb") as file:
            chunk = bytes(64 * 1024)
            for _ in range(_PROBE_BYTES // len(chunk)):
                file.write(chunk)
            file.flush()
            os.fsync(file.fileno())
    except OSError as exc:
        return exc.errno in _DISK_FULL_ERRNOS
    return False


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
