"""The request history as a table model that *upserts* by request id, and the proxy that sorts and filters it.

Modelled on Vorta's event-log model, made incremental: a refresh updates known rows in place (``dataChanged``),
appends new ones (``beginInsertRows``) and removes vanished ones, so selection, scroll position and persistent
indexes survive the live updates. Only a profile switch resets the model.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from desktop_app.gui.formatting import number
from desktop_app.gui.history import vocabulary as voc
from desktop_app.gui.history.vocabulary import tr

ModelIndex = QModelIndex | QPersistentModelIndex


class Col(IntEnum):
    STATUS = 0
    KIND = 1
    PERIOD = 2
    COUNT = 3
    PROCESSED = 4
    SOURCE = 5
    CREATED = 6
    COMPLETED = 7


HEADERS = {
    Col.STATUS: QT_TRANSLATE_NOOP("HistoryPage", "Estado"),
    Col.KIND: QT_TRANSLATE_NOOP("HistoryPage", "Tipo"),
    Col.PERIOD: QT_TRANSLATE_NOOP("HistoryPage", "Periodo"),
    Col.COUNT: QT_TRANSLATE_NOOP("HistoryPage", "Comprobantes"),
    Col.PROCESSED: QT_TRANSLATE_NOOP("HistoryPage", "Procesados"),
    Col.SOURCE: QT_TRANSLATE_NOOP("HistoryPage", "Origen"),
    Col.CREATED: QT_TRANSLATE_NOOP("HistoryPage", "Creada"),
    Col.COMPLETED: QT_TRANSLATE_NOOP("HistoryPage", "Terminada"),
}
HEADER_TIPS = {
    Col.COUNT: QT_TRANSLATE_NOOP("HistoryPage", "Comprobantes que el SAT encontró en el periodo"),
    Col.PROCESSED: QT_TRANSLATE_NOOP("HistoryPage", "Comprobantes descargados e integrados a tus facturas"),
}

ItemRole = Qt.ItemDataRole.UserRole  # the seed's history item (a dict), for the controller
SortRole = Qt.ItemDataRole.UserRole + 1  # a comparable value per column
StatusRole = Qt.ItemDataRole.UserRole + 2  # the raw status code
IdRole = Qt.ItemDataRole.UserRole + 3  # the request id

_STATUS_ICONS = {
    "pending": QStyle.StandardPixmap.SP_ArrowUp,
    "accepted": QStyle.StandardPixmap.SP_FileDialogInfoView,
    "processing": QStyle.StandardPixmap.SP_BrowserReload,
    "completed": QStyle.StandardPixmap.SP_DialogApplyButton,
    "failed": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "expired": QStyle.StandardPixmap.SP_MessageBoxWarning,
    # status checks at SAT that stopped before asking everything (issue 17.3)
    "paused": QStyle.StandardPixmap.SP_MediaPause,
    "cancelled": QStyle.StandardPixmap.SP_MediaStop,
    "interrupted": QStyle.StandardPixmap.SP_MessageBoxWarning,
}
_icons: dict[str, QIcon] = {}


def status_icon(status: str | None) -> QIcon:
    """The status's standard icon (shown with its text: never colour alone)."""
    key = status or ""
    if key not in _icons:
        if not isinstance(QApplication.instance(), QApplication):
            return QIcon()  # no widgets application (a bare model in a test): no style to draw with
        pixmap = _STATUS_ICONS.get(key, QStyle.StandardPixmap.SP_MessageBoxQuestion)
        _icons[key] = QApplication.style().standardIcon(pixmap)
    return _icons[key]


class HistoryModel(QAbstractTableModel):
    """The seed's history items (dicts from ``RequestRecord.to_history()``), one row per request id."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[dict[str, Any]] = []
        self._rows: dict[str, int] = {}  # request id → row

    # -- Qt's interface -------------------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Col)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Col):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(HEADERS[Col(section)])
        if role == Qt.ItemDataRole.ToolTipRole and Col(section) in HEADER_TIPS:
            return tr(HEADER_TIPS[Col(section)])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        col = Col(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(item, col)
        if role == Qt.ItemDataRole.DecorationRole and col == Col.STATUS:
            return status_icon(item.get("status"))
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == Col.STATUS:
                return voc.status_message_text(item)
            return self._display(item, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (Col.COUNT, Col.PROCESSED):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SortRole:
            return self._sort_key(item, col)
        if role == ItemRole:
            return item
        if role == StatusRole:
            return item.get("status")
        if role == IdRole:
            return item.get("id")
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    # -- content ------------------------------------------------------------------------------------------------

    @staticmethod
    def _display(item: dict[str, Any], col: Col) -> str:
        if col == Col.STATUS:
            return voc.status_name(item.get("status"))
        if col == Col.KIND:
            return voc.kind_text(item)
        if col == Col.PERIOD:
            return voc.period_text(item)
        if col == Col.COUNT:
            count = item.get("invoiceCount")
            return "—" if count is None else number(count)
        if col == Col.PROCESSED:
            return number(item.get("processedCount") or 0)
        if col == Col.SOURCE:
            return voc.origin_text(item)
        if col == Col.CREATED:
            return voc.moment_text(item.get("createdAt"))
        return voc.moment_text(item.get("completedAt"))

    @staticmethod
    def _sort_key(item: dict[str, Any], col: Col) -> Any:
        if col == Col.STATUS:
            status = item.get("status")
            return voc.STATUSES.index(status) if status in voc.STATUSES else len(voc.STATUSES)
        if col == Col.KIND:
            return voc.kind_text(item)
        if col == Col.PERIOD:
            return item.get("startAt") or item.get("startDate") or item.get("folio") or ""
        if col == Col.COUNT:
            count = item.get("invoiceCount")
            return -1 if count is None else int(count)
        if col == Col.PROCESSED:
            return int(item.get("processedCount") or 0)
        if col == Col.SOURCE:
            return voc.origin_text(item)
        if col == Col.CREATED:
            return int(item.get("createdAt") or 0)
        return int(item.get("completedAt") or 0)

    # -- updates ----------------------------------------------------------------------------------------------

    def item(self, request_id: str) -> dict[str, Any] | None:
        row = self._rows.get(request_id)
        return None if row is None else self._items[row]

    def row_of(self, request_id: str) -> int:
        """The row of a request id, or -1."""
        return self._rows.get(request_id, -1)

    def ids(self) -> list[str]:
        return [item["id"] for item in self._items]

    def load(self, items: list[dict[str, Any]]) -> None:
        """Replace everything (a different profile): the only place the model resets."""
        self.beginResetModel()
        self._items = [dict(item) for item in items]
        self._rows = {item["id"]: row for row, item in enumerate(self._items)}
        self.endResetModel()

    def upsert(self, items: list[dict[str, Any]], *, remove_missing: bool = True) -> None:
        """Update known rows in place, append new ones, and (by default) drop rows not in ``items``."""
        fresh: list[dict[str, Any]] = []
        seen: set[str] = set()
        last = len(Col) - 1
        for item in items:
            request_id = item["id"]
            seen.add(request_id)
            row = self._rows.get(request_id)
            if row is None:
                fresh.append(dict(item))
            elif self._items[row] != item:
                self._items[row] = dict(item)
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))
        if remove_missing:
            gone = sorted((self._rows[i] for i in self._rows.keys() - seen), reverse=True)
            for row in gone:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._items[row]
                self.endRemoveRows()
            if gone:
                self._rows = {item["id"]: row for row, item in enumerate(self._items)}
        if fresh:
            first = len(self._items)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            for offset, item in enumerate(fresh):
                self._items.append(item)
                self._rows[item["id"]] = first + offset
            self.endInsertRows()


class HistoryFilterProxy(QSortFilterProxyModel):
    """Sorts by a comparable key per column and filters by status and free text."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._status = ""
        self._text = ""
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    @property
    def status_filter(self) -> str:
        return self._status

    def set_status_filter(self, status: str) -> None:
        """A status code (``pending`` … ``expired``), ``open`` for the three open ones, or "" for all."""
        if status != self._status:
            self._begin_filter_change()
            self._status = status
            self._end_filter_change()

    def set_text_filter(self, text: str) -> None:
        text = text.strip().casefold()
        if text != self._text:
            self._begin_filter_change()
            self._text = text
            self._end_filter_change()

    def _begin_filter_change(self) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.9; invalidateRowsFilter() is deprecated there
            self.beginFilterChange()

    def _end_filter_change(self) -> None:
        if hasattr(self, "endFilterChange"):
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self.sourceModel()
        item = model.index(source_row, 0, source_parent).data(ItemRole)
        if item is None:
            return False
        status = item.get("status")
        if self._status == "open":
            if status not in ("pending", "accepted", "processing"):
                return False
        elif self._status and status != self._status:
            return False
        if not self._text:
            return True
        haystack = " ".join(
            str(part)
            for part in (
                item.get("id"),
                item.get("satRequestId"),
                item.get("folio"),
                item.get("thirdPartyRfc"),
                voc.status_name(status),
                voc.kind_text(item),
                voc.period_text(item),
                voc.origin_text(item),
                voc.status_message_text(item),
            )
            if part
        ).casefold()
        return self._text in haystack
