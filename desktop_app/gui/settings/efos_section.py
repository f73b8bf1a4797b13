"""Configuración's "Lista 69-B del SAT (EFOS)": how old the loaded list is, and "Importar lista…" (issue 18.7).

The import runs in the background (``run_in_background``); core answers with counts or an error code, which this
section words in Spanish (``gui.messages``). A refused file never replaces the list already loaded.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.errors import AppError
from desktop_app.gui import formatting
from desktop_app.gui.dialogs import choose_open_file, show_error
from desktop_app.gui.messages import describe
from desktop_app.gui.workers.background import run_in_background


def tr(text: str) -> str:
    return QCoreApplication.translate("SettingsPage", text)


class EfosSection(QGroupBox):
    """The 69-B list's date and age, a warning when it is old, and the button that imports a new one.

    Args:
        service: the core service (``efos_status``, ``import_efos_list``).

    Signals:
        list_imported(object): an import finished; core's answer (rows, by_situation, list_date…).
        import_failed(object): an import was refused or failed; the ``AppError``.
    """

    list_imported = Signal(object)
    import_failed = Signal(object)

    def __init__(self, service: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("efosSection")
        self.service = service
        self._status: dict[str, Any] = {"loaded": False}
        self._last: tuple[str, Any] | None = None  # the last import's outcome, re-worded on a language change
        self._busy = False

        self.status_label = QLabel()
        self.status_label.setObjectName("efosStatusLabel")
        self.status_label.setWordWrap(True)
        self.warning_label = QLabel()
        self.warning_label.setObjectName("efosWarningLabel")
        self.warning_label.setWordWrap(True)
        self.warning_label.hide()
        self.import_button = QPushButton()
        self.import_button.setObjectName("importEfosButton")
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.result_label = QLabel()
        self.result_label.setObjectName("efosResultLabel")
        self.result_label.setWordWrap(True)
        self.result_label.hide()

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.import_button)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self.warning_label)
        layout.addLayout(row)
        layout.addWidget(self.result_label)
        self._retranslate()
        self.refresh()

    # -- texts ---------------------------------------------------------------------------------------------------

    def _retranslate(self) -> None:
        self.setTitle(tr("Lista 69-B del SAT (EFOS)"))
        # Alt+L: Alt+A and Alt+I belong to the window's menus, the page's other buttons use G, Q, T/D, E, S, C, O.
        self.import_button.setText(tr("Importar &lista…"))
        self.import_button.setAccessibleName(tr("Importar lista 69-B del SAT"))
        self.import_button.setToolTip(
            tr(
                "El archivo Listado_Completo_69-B.csv de los Datos Abiertos del SAT: contribuyentes con operaciones "
                "presuntamente inexistentes (artículo 69-B del CFF). Reemplaza la lista cargada antes."
            )
        )
        self.status_label.setAccessibleName(tr("Estado de la lista 69-B"))
        self._show_status()
        self._show_result()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()  # "hace N días" moves on with the calendar
        super().showEvent(event)

    @Slot()
    def refresh(self) -> None:
        """Read the loaded list's status again (one small query) and show it."""
        try:
            self._status = self.service.efos_status()
        except AppError as exc:  # a damaged or unreadable database: say it here, the window reports it elsewhere
            self._status = {"loaded": False, "error": exc}
        self._show_status()

    def _show_status(self) -> None:
        status = self._status
        if not status.get("loaded"):
            self.status_label.setText(
                tr(
                    "No se ha cargado la lista. Descarga del SAT el «Listado completo» del artículo 69-B (archivo "
                    "Listado_Completo_69-B.csv, en Datos Abiertos) e impórtalo aquí."
                )
            )
            self.warning_label.hide()
            return
        age = int(status["age_days"])
        day = formatting.moment_day(status["imported_at_ms"])
        if age <= 0:
            loaded = tr("Cargada hoy ({date}).").format(date=day)
        elif age == 1:  # Spanish needs its own singular; %n gives English its plural forms
            loaded = QCoreApplication.translate("SettingsPage", "Cargada el {date}, hace %n día.", None, age)
            loaded = loaded.format(date=day)
        else:
            loaded = QCoreApplication.translate("SettingsPage", "Cargada el {date}, hace %n días.", None, age)
            loaded = loaded.format(date=day)
        rows = formatting.number(status["rows"])
        if status.get("list_date") and status.get("list_date_source") == "file":
            about = tr("Información del SAT actualizada al {date}; {rows} contribuyentes en la lista.")
        elif status.get("list_date"):
            about = tr("Publicación más reciente en la lista: {date}; {rows} contribuyentes en la lista.")
        else:
            about = tr("{rows} contribuyentes en la lista.")
        about = about.format(date=formatting.day_text(status.get("list_date")), rows=rows)
        self.status_label.setText(f"{loaded} {about}")
        if status.get("stale"):
            self.warning_label.setText(
                tr(
                    "⚠ La lista se cargó hace más de {days} días: descarga del SAT la versión más reciente e "
                    "impórtala para revisar a tus proveedores con datos al día."
                ).format(days=status["stale_after_days"])
            )
            self.warning_label.show()
        else:
            self.warning_label.hide()

    def _show_result(self) -> None:
        if self._last is None:
            self.result_label.hide()
            return
        kind, value = self._last
        if kind == "busy":
            text = tr("Importando la lista…")
        elif kind == "done":
            counts = value["by_situation"]
            text = tr(
                "✓ Lista importada: {rows} contribuyentes. Definitivos: {definitivo} · Presuntos: {presunto} · "
                "Desvirtuados: {desvirtuado} · Sentencia favorable: {sentencia}."
            ).format(
                rows=formatting.number(value["rows"]),
                definitivo=formatting.number(counts["definitivo"]),
                presunto=formatting.number(counts["presunto"]),
                desvirtuado=formatting.number(counts["desvirtuado"]),
                sentencia=formatting.number(counts["sentencia_favorable"]),
            )
        else:
            error: AppError = value
            text = "✗ " + describe(error)
            if "line" in error.details:
                text += " " + tr("(Renglón {line} del archivo.)").format(line=formatting.number(error.details["line"]))
            if self._status.get("loaded"):
                text += " " + tr("Se conserva la lista que ya estaba cargada.")
        self.result_label.setText(text)
        self.result_label.show()

    # -- the import ----------------------------------------------------------------------------------------------

    def _choose_file(self) -> str:
        """The CSV to import, or "" when the user cancels (tests replace this)."""
        return choose_open_file(
            self,
            tr("Importar lista 69-B del SAT"),
            str(Path.home()),
            tr("Archivos CSV (*.csv);;Todos los archivos (*)"),
        )

    @Slot()
    def _on_import_button_clicked(self) -> None:
        if self._busy:
            return
        path = self._choose_file()
        if not path:
            return
        self.start_import(path)

    def start_import(self, path: str) -> None:
        """Import ``path`` in the background; the section shows the outcome and emits a signal."""
        self._busy = True
        self.import_button.setEnabled(False)
        self._last = ("busy", None)
        self._show_result()
        run_in_background(
            partial(self.service.import_efos_list, path), self._on_import_done, self._on_import_failed, owner=self
        )

    def _on_import_done(self, result: dict[str, Any]) -> None:
        self._busy = False
        self.import_button.setEnabled(True)
        self._last = ("done", result)
        self.refresh()
        self._show_result()
        self.list_imported.emit(result)

    def _on_import_failed(self, error: AppError) -> None:
        self._busy = False
        self.import_button.setEnabled(True)
        if error.code == "internal_error":  # a bug: the crash dialog, with its report
            self._last = None
            self._show_result()
            show_error(self, error)
        else:
            self._last = ("failed", error)
            self.refresh()
            self._show_result()
        self.import_failed.emit(error)
