"""Opening a data home written by an older version: the schema migrates once, with a note on screen.

Migrating a big index (schema 2 rebuilds the search index: ~3 s per 100,000 invoices here) must not look like a
frozen app. The migration runs on a plain thread (``store.db.connect`` does it, with its backup first) while a
modal note with a busy bar is shown; its error, if any, is raised here for the caller to report.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog

from desktop_app.core.store.db import DB_NAME, connect, needs_migration


def tr(text: str) -> str:
    return QCoreApplication.translate("upgrade", text)


def migrate_with_progress(home: Path, *, show_after_ms: int = 400) -> bool:
    """Bring the home's database up to date, showing a note if it takes more than ``show_after_ms``.
    Returns whether a migration ran."""
    path = home / DB_NAME
    if not needs_migration(path):
        return False
    outcome: dict[str, Any] = {}

    def migrate() -> None:
        try:
            connect(path).close()
        except BaseException as exc:  # handed to the GUI thread below
            outcome["error"] = exc

    dialog = QProgressDialog(
        tr("Actualizando el índice de facturas a esta versión (sólo esta vez; puede tardar un minuto)…"), "", 0, 0
    )
    dialog.setObjectName("upgradeProgress")
    dialog.setWindowTitle(tr("Descarga Masiva SAT"))
    dialog.setCancelButton(None)  # the migration is one transaction: it ends on its own
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(show_after_ms)
    worker = threading.Thread(target=migrate, name="schema-migration", daemon=True)
    worker.start()
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(50)
    poll.timeout.connect(lambda: None if worker.is_alive() else loop.quit())
    poll.start()
    dialog.setValue(0)  # starts the minimum-duration clock
    loop.exec()
    poll.stop()
    dialog.close()
    dialog.deleteLater()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return True
