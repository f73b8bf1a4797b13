"""«Importar XML o ZIP» and «Importar una carpeta»: an accountant's years of XML, with its progress and «Detener».

Core does the work (``DescargaService.import_invoices``: the workers, the files the index already holds told by
their bytes, ``progress(done, total)`` a few times a second, ``cancel`` honoured after the batch being written).
Here: a job on the page's own one-thread ``QThreadPool`` (the page waits for it when the window closes, after
asking it to stop, so quitting in the middle of 200,000 files takes a batch, not the rest of the import), and a
progress dialog whose «Detener» stops it. What was imported stays; importing the same files again finishes it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import QProgressDialog

from desktop_app.core.errors import AppError
from desktop_app.gui.formatting import number
from desktop_app.gui.workers.background import StoppableJob


def tr(text: str) -> str:
    return QCoreApplication.translate("FolderImporter", text)


class FolderImporter(StoppableJob):
    """Runs one import at a time for the invoice page and shows its progress.

    Attributes a test may use: ``progress_dialog``, ``running``.

    Signals:
        import_finished(object): core's result (``stopped: true`` when «Detener» stopped it).
        import_failed(object): the ``AppError`` that ended it.
    """

    import_finished = Signal(object)
    import_failed = Signal(object)

    def start(self, service: Any, rfc: str, paths: list[str], window: Any) -> bool:
        """Import ``paths`` into ``rfc``'s index in the background, the progress dialog over ``window``."""
        if self.running or self._closing or not rfc or not paths:
            return False
        chosen = list(paths)

        def job(cancel: threading.Event, progress: Callable[[Any], None]) -> dict[str, Any]:
            result: dict[str, Any] = service.import_invoices(
                rfc, chosen, progress=lambda done, total: progress((done, total)), cancel=cancel
            )
            return result

        dialog = QProgressDialog(tr("Buscando los archivos…"), tr("&Detener"), 0, 0, window)
        dialog.setObjectName("importProgressDialog")
        dialog.setWindowTitle(tr("Importar CFDI"))
        dialog.setAccessibleName(tr("Avance de la importación"))
        dialog.setMinimumDuration(500)  # a handful of files is done before it would flash
        self._launch(job, dialog)
        return True

    def shutdown(self, wait_ms: int = 120_000) -> None:
        """The window is closing: stop the import (after the batch it is writing) and wait for it."""
        super().shutdown(wait_ms)

    def _stopping_text(self) -> str:
        return tr("Deteniendo la importación…")

    @Slot(object)
    def _on_job_progressed(self, step: tuple[int, int]) -> None:
        dialog = self.progress_dialog
        if dialog is None or self._stopping():
            return
        done, total = step
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, total))
        dialog.setLabelText(
            tr("Importando: {done} de {total} archivos.").format(done=number(done), total=number(total))
        )

    @Slot(object)
    def _on_job_finished(self, result: dict[str, Any]) -> None:
        self._ended()
        self.import_finished.emit(result)

    @Slot(object)
    def _on_job_failed(self, error: AppError) -> None:
        self._ended()
        self.import_failed.emit(error)
