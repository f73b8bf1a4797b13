"""``SheetTableModel``: one sheet of a report (``core.reports.xlsx.Sheet``) as a read-only table.

A sheet's columns say what each value is (text, money, date, rate, number); the model writes it as the window
writes such values (``$1,234.56``, ``dd/mm/aaaa``, ``1,234``), right-aligns the figures and shows totals rows in
bold — the same sheet the workbook holds, so the window and the Excel file never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont

from desktop_app.gui import formatting

SourcesRole = Qt.ItemDataRole.UserRole + 1  # the UUIDs behind a row (tuple of str)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_FIGURES = frozenset({"money", "number", "rate"})
_UUID = re.compile(r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")


def tr(text: str) -> str:
    return QCoreApplication.translate("ReportsPage", text)


def value_text(value: Any, kind: str) -> str:
    """One value of a sheet as the window shows it."""
    if value is None or value == "":
        return ""
    if kind == "money":
        return formatting.money(value)
    if kind == "date":
        return formatting.day_text(str(value), empty="")
    if kind == "number":
        return formatting.number(value, empty="")
    return str(value)


def row_sources(sheet: Any, row: int) -> tuple[str, ...]:
    """The UUIDs behind ``row`` of ``sheet``: the sheet's own ``sources`` (a report built with ``detail``) or,
    when it names none, the UUIDs the row itself shows (a detail row names its invoice and its payment)."""
    sources = tuple(sheet.sources[row]) if row < len(sheet.sources) else ()
    if sources:
        return sources
    values, _bold = sheet.rows[row]
    found = (str(v).upper() for v in values if isinstance(v, str) and _UUID.match(v))
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class FormattedSheet:
    """A sheet's cell texts and the UUIDs behind each row, worked out once (off the GUI thread: a year's detail
    holds tens of thousands of rows)."""

    cells: tuple[tuple[str, ...], ...]
    sources: tuple[tuple[str, ...], ...]


def format_sheet(sheet: Any) -> FormattedSheet:
    kinds = [kind for _title, kind, _width in sheet.columns]
    cells = tuple(
        tuple(value_text(values[i] if i < len(values) else None, kind) for i, kind in enumerate(kinds))
        for values, _bold in sheet.rows
    )
    return FormattedSheet(cells, tuple(row_sources(sheet, row) for row in range(len(sheet.rows))))


class SheetTableModel(QAbstractTableModel):
    """The rows of one report sheet, formatted once.

    Args:
        sheet: a ``core.reports.xlsx.Sheet`` (its ``columns``, ``rows`` and ``sources``).
        formatted: its :func:`format_sheet`, when the caller worked it out already (in the background).
    """

    def __init__(self, sheet: Any, formatted: FormattedSheet | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sheet = sheet
        self._kinds = [kind for _title, kind, _width in sheet.columns]
        formatted = formatted or format_sheet(sheet)
        self._cells = formatted.cells
        self._bold = [bold for _values, bold in sheet.rows]
        self._sources = formatted.sources
        self._bold_font = QFont()
        self._bold_font.setBold(True)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cells)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._kinds)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._kinds):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return self.sheet.columns[section][0]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return _RIGHT if self._kinds[section] in _FIGURES else _LEFT
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._cells):
            return None
        row, column = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._cells[row][column]
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._cells[row][column]
            if self._sources[row]:
                count = len(self._sources[row])
                hint = (
                    tr("Doble clic o Intro: ver el comprobante detrás de esta cifra.")
                    if count == 1
                    else tr("Doble clic o Intro: ver los {n} comprobantes detrás de esta cifra.").format(
                        n=formatting.number(count)
                    )
                )
                return f"{text}\n{hint}" if text else hint
            return text or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self._kinds[column] in _FIGURES else _LEFT
        if role == Qt.ItemDataRole.FontRole:
            return self._bold_font if self._bold[row] else None
        if role == SourcesRole:
            return self._sources[row]
        return None

    def sources(self, row: int) -> tuple[str, ...]:
        """The UUIDs behind ``row`` (empty for a title, a blank row or a figure built without detail)."""
        return self._sources[row] if 0 <= row < len(self._sources) else ()

    def row_title(self, row: int) -> str:
        """What a row is, for the drill-down's title: the sheet and the row's first words (not its UUIDs)."""
        words = [
            text
            for text, kind in zip(self._cells[row], self._kinds, strict=False)
            if kind == "text" and text and not _UUID.match(text)
        ][:2]
        return " · ".join([self.sheet.name, *words])

    def cell_text(self, row: int, column: int) -> str:
        return self._cells[row][column]
