"""The grid's column chooser: which columns the invoice list shows, from the header's context menu or the
«Columnas» button, remembered across restarts in the window's settings (``AppContext.settings``, a ``QSettings``).

Columns are remembered by name (``model.COLUMN_KEYS``), not by position, so a column added in a later version
shows up and one removed is forgotten.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QPoint, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTableView

from desktop_app.gui.invoices.model import COLUMN_KEYS, COLUMNS

HIDDEN_KEY = "invoices/hidden_columns"  # comma-separated column names


def tr(text: str) -> str:
    return QCoreApplication.translate("InvoicesPage", text)


class ColumnChooser(QObject):
    """Shows and hides the columns of ``table``; ``menu`` lists them, each checkable.

    Args:
        table: the invoice list (its model has :data:`COLUMNS`).
        settings: where the choice is kept (a ``QSettings``), or None: nothing remembered (tests, no settings).

    Signals:
        columns_changed(): a column was shown or hidden.
    """

    columns_changed = Signal()

    def __init__(self, table: QTableView, settings: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._table = table
        self._settings = settings
        self.menu = QMenu(table)
        self.menu.setObjectName("invoiceColumnsMenu")
        self.menu.setTitle(tr("&Columnas"))
        self.actions: dict[str, QAction] = {}
        for column, (key, (header, _sort)) in enumerate(zip(COLUMN_KEYS, COLUMNS, strict=True)):
            action = QAction(tr(header), self.menu)
            action.setObjectName(f"columnAction_{key}")
            action.setCheckable(True)
            action.setData(column)
            action.toggled.connect(self._on_action_toggled)
            self.menu.addAction(action)
            self.actions[key] = action
        self._apply(self._remembered())

    def _remembered(self) -> set[str]:
        if self._settings is None:
            return set()
        value = self._settings.value(HIDDEN_KEY, "")
        names = value if isinstance(value, list) else str(value or "").split(",")
        hidden = {name.strip() for name in names if name.strip() in COLUMN_KEYS}
        return hidden if len(hidden) < len(COLUMN_KEYS) else set()  # never every column

    def _apply(self, hidden: set[str]) -> None:
        for column, key in enumerate(COLUMN_KEYS):
            self._table.setColumnHidden(column, key in hidden)
            action = self.actions[key]
            action.blockSignals(True)
            action.setChecked(key not in hidden)
            action.blockSignals(False)
        self._keep_one()

    def _keep_one(self) -> None:
        """The last shown column cannot be hidden (a list without columns shows nothing to click to undo it)."""
        shown = [key for key in COLUMN_KEYS if self.actions[key].isChecked()]
        for key, action in self.actions.items():
            action.setEnabled(shown != [key])

    def hidden(self) -> list[str]:
        """The names of the hidden columns, in the grid's order."""
        return [key for column, key in enumerate(COLUMN_KEYS) if self._table.isColumnHidden(column)]

    def set_shown(self, key: str, shown: bool) -> None:
        """Show or hide one column (what its menu entry does)."""
        self.actions[key].setChecked(shown)

    def popup(self, where: QPoint) -> None:
        self.menu.popup(where)

    @Slot(bool)
    def _on_action_toggled(self, checked: bool) -> None:
        action = self.sender()
        assert isinstance(action, QAction)
        self._table.setColumnHidden(int(action.data()), not checked)
        self._keep_one()
        if self._settings is not None:
            self._settings.setValue(HIDDEN_KEY, ",".join(self.hidden()))
        self.columns_changed.emit()
