"""``InvoiceTableModel``: a million invoices behind a table, read page by page (Anki's browser DataModel).

The model holds the row count of the current query and a bounded LRU cache of pages. ``data()`` never reads:
a row whose page is not cached shows "Cargando…" and asks the data service for the page (``invoice_rows``: the
local data home with the reading thread's own SQLite connection, or the office server), which a background
thread reads and hands back; the rows then appear through ``dataChanged``. The COUNT of a new filter runs in the
background too (an unindexed filter can take a second at a million rows).
"""

from __future__ import annotations

import contextlib
import re
from collections import OrderedDict
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    Qt,
    QThreadPool,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QStyle

from desktop_app.core.api import Interrupted, InvoiceCount, InvoiceRows, ReadStop
from desktop_app.core.errors import AppError
from desktop_app.gui.formatting import datetime_text, money
from desktop_app.gui.invoices import efos
from desktop_app.gui.invoices import query as q
from desktop_app.gui.invoices.catalogs import description, labelled
from desktop_app.gui.workers.background import run_in_background

MAX_PAGES = 40  # 8,000 rows cached at most
MAX_PENDING = 6  # pages asked for and not read yet; older wishes are dropped while the user scrolls fast


def tr(text: str) -> str:
    return QCoreApplication.translate("InvoicesPage", text)


# The document types in the window's language (SAT's catalog holds only the Spanish names); the filter offers
# the same texts.
TYPE_TEXT = {
    "I": QT_TRANSLATE_NOOP("InvoicesPage", "I Ingreso"),
    "E": QT_TRANSLATE_NOOP("InvoicesPage", "E Egreso"),
    "P": QT_TRANSLATE_NOOP("InvoicesPage", "P Pago"),
    "N": QT_TRANSLATE_NOOP("InvoicesPage", "N Nómina"),
    "T": QT_TRANSLATE_NOOP("InvoicesPage", "T Traslado"),
    "R": QT_TRANSLATE_NOOP("InvoicesPage", "R Retenciones"),  # a constancia de retenciones (its own family)
}
STATUS_TEXT = {
    "vigente": QT_TRANSLATE_NOOP("InvoicesPage", "Vigente"),
    "cancelado": QT_TRANSLATE_NOOP("InvoicesPage", "Cancelado"),
    "unknown": QT_TRANSLATE_NOOP("InvoicesPage", "Desconocido"),
}
# The reason codes of a damaged document (``Invoice.damaged``: "<code>: <libxml2's message>").
DAMAGED_TEXT = {
    "malformed_xml": QT_TRANSLATE_NOOP("InvoicesPage", "XML dañado: no es XML válido"),
    "truncated_xml": QT_TRANSLATE_NOOP("InvoicesPage", "XML dañado: el archivo está incompleto"),
    "several_documents": QT_TRANSLATE_NOOP(
        "InvoicesPage", "XML dañado: el archivo contiene varios comprobantes seguidos; guarda cada uno por separado"
    ),
}


def damaged_text(reason: str | None) -> str:
    """A damaged document's reason in Spanish, with libxml2's own message after it."""
    if not reason:
        return ""
    code, _, detail = reason.partition(": ")
    text = tr(DAMAGED_TEXT[code]) if code in DAMAGED_TEXT else tr("XML dañado")
    if not detail or code in _OWN_REASONS:  # the details of our own reasons are already in their text
        return text
    # libxml2's message says where the XML breaks, in English («expected '>', line 2, column 5182»): the window
    # says the place in its own words.
    place = _PLACE_RE.search(detail)
    if place is None:
        return text
    line, column = place.groups()
    where = tr("línea {0}, columna {1}").format(line, column) if column else tr("línea {0}").format(line)
    return f"{text} ({where})"


_PLACE_RE = re.compile(r"line (\d+)(?:, column (\d+))?")


_OWN_REASONS = frozenset({"several_documents"})


DIRECTION_TEXT = {
    "issued": QT_TRANSLATE_NOOP("InvoicesPage", "Emitida"),
    "received": QT_TRANSLATE_NOOP("InvoicesPage", "Recibida"),
}

# The grid's columns: (header, the order a click on it sorts by, or None), and each column's stable name (what the
# column chooser remembers). Sortable: every column with an index of its own (``store.invoices.PAGE_SORTS``). Not
# sortable: subtotal, IVA and withholdings (withholdings add three amounts; the total orders by amount), currency
# and the payment/use codes (a handful of values each: filter by them instead) — an index more per column would
# slow every ingest and grow the index file for orders accountants do not ask for.
COLUMNS: list[tuple[str, str | None]] = [
    (QT_TRANSLATE_NOOP("InvoicesPage", "Fecha"), "date"),
    (QT_TRANSLATE_NOOP("InvoicesPage", "Tipo"), "type"),
    (QT_TRANSLATE_NOOP("InvoicesPage", "Estado"), "status"),
    (QT_TRANSLATE_NOOP("InvoicesPage", "Serie-Folio"), "folio"),
    (QT_TRANSLATE_NOOP("InvoicesPage", "RFC emisor"), "issuer_rfc"),
    (QT_TRANSLATE_NOOP("InvoicesPage", "Emisor"), "issuer"),
    (QT_TRANSLATE_NOOP("InvoicesPage", "RFC receptor"), "receiver_rfc"),
    (QT_TRANSLATE_NOOP("InvoicesPage", "Receptor"), "receiver"),
    (QT_TRANSLATE_NOOP("InvoicesPage", "Subtotal"), None),
    (QT_TRANSLATE_NOOP("InvoicesPage", "IVA"), None),
    (QT_TRANSLATE_NOOP("InvoicesPage", "Retenciones"), None),
    (QT_TRANSLATE_NOOP("InvoicesPage", "Total"), "total"),
    (QT_TRANSLATE_NOOP("InvoicesPage", "Moneda"), None),
    (QT_TRANSLATE_NOOP("InvoicesPage", "Método de pago"), None),
    (QT_TRANSLATE_NOOP("InvoicesPage", "Forma de pago"), None),
    (QT_TRANSLATE_NOOP("InvoicesPage", "Uso de CFDI"), None),
    (QT_TRANSLATE_NOOP("InvoicesPage", "UUID"), "uuid"),
    (QT_TRANSLATE_NOOP("InvoicesPage", "69-B"), None),  # the counterpart on SAT's 69-B list (gui/invoices/efos.py)
]
COLUMN_KEYS = (
    "date", "type", "status", "folio", "issuer_rfc", "issuer_name", "receiver_rfc", "receiver_name", "subtotal",
    "iva", "withheld", "total", "currency", "payment_method", "payment_form", "cfdi_use", "uuid", "efos_69b",
)  # fmt: skip
(
    COL_DATE, COL_TYPE, COL_STATUS, COL_FOLIO, COL_ISSUER_RFC, COL_ISSUER, COL_RECEIVER_RFC, COL_RECEIVER,
    COL_SUBTOTAL, COL_IVA, COL_WITHHELD, COL_TOTAL, COL_CURRENCY, COL_METHOD, COL_FORM, COL_USE, COL_UUID,
    COL_EFOS,
) = range(len(COLUMNS))  # fmt: skip
AMOUNT_COLUMNS = {COL_SUBTOTAL, COL_IVA, COL_WITHHELD, COL_TOTAL}
# Free text: as wide as its text up to a cap (gui/invoices/page.fit_columns), the rest in the tooltip.
TEXT_COLUMNS = {COL_TYPE, COL_ISSUER, COL_RECEIVER}
# The SAT catalog of each code column, whose name a cell's tooltip gives.
CODE_CATALOGS = {COL_METHOD: "c_MetodoPago", COL_FORM: "c_FormaPago", COL_USE: "c_UsoCFDI"}
RecordRole = Qt.ItemDataRole.UserRole + 1  # the row's data as a dict
_ALIGN_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ALIGN_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ForegroundRole,
        RecordRole,
    }
)


def status_text(status: str | None) -> str:
    return tr(STATUS_TEXT.get(status or "unknown", "Desconocido"))


_ICONS: dict[str, Any] = {}


def status_icon(status: str | None) -> Any:
    """Vigente ✓, Cancelado ✗, Desconocido ?, Dañado ⚠ — always next to the status text, never colour alone."""
    key = status or ""
    icon = _ICONS.get(key)
    if icon is None:
        pixmap = {
            "vigente": QStyle.StandardPixmap.SP_DialogApplyButton,
            "cancelado": QStyle.StandardPixmap.SP_DialogCancelButton,
            "damaged": QStyle.StandardPixmap.SP_MessageBoxWarning,
        }.get(key, QStyle.StandardPixmap.SP_MessageBoxQuestion)
        icon = _ICONS[key] = QApplication.style().standardIcon(pixmap)
    return icon


_WITHHELD = ("iva_withheld", "isr_withheld", "payroll_isr_withheld")


def _withheld(row: dict[str, Any]) -> str:
    """Everything the document withholds: IVA, ISR and, on a payroll receipt, the ISR withheld from salaries."""
    total = Decimal(0)
    for name in _WITHHELD:
        with contextlib.suppress(InvalidOperation):
            total += Decimal(row.get(name) or 0)
    return money(total) if any(row.get(name) for name in _WITHHELD) else ""


def cell_text(row: dict[str, Any], column: int) -> str:
    if column == COL_DATE:
        return datetime_text(row["issue_date"], empty="")  # dd/mm/aaaa hh:mm, as the CFDI says it
    if column == COL_TYPE:
        kind = row["type"] or ""
        if kind in TYPE_TEXT:
            return tr(TYPE_TEXT[kind])
        return f"{kind} {description('c_TipoDeComprobante', kind)}".strip()
    if column == COL_STATUS:
        return tr("Dañado") if row.get("damaged") else status_text(row["status"])
    if column == COL_FOLIO:
        return "-".join(p for p in (row["series"], row["folio"]) if p)
    if column in _TEXT_FIELDS:
        return row[_TEXT_FIELDS[column]] or ""
    if column == COL_SUBTOTAL:
        return money(row["subtotal"])
    if column == COL_IVA:
        return money(row["iva_transferred"])
    if column == COL_WITHHELD:
        return _withheld(row)
    if column == COL_TOTAL:
        return money(row["total"])
    if column == COL_EFOS:
        return efos.situation_text(row.get(efos.EFOS_KEY))
    return ""


# Columns shown as the row has them.
_TEXT_FIELDS = {
    COL_ISSUER_RFC: "issuer_rfc",
    COL_ISSUER: "issuer_name",
    COL_RECEIVER_RFC: "receiver_rfc",
    COL_RECEIVER: "receiver_name",
    COL_CURRENCY: "currency",
    COL_METHOD: "payment_method",
    COL_FORM: "payment_form",
    COL_USE: "cfdi_use",
    COL_UUID: "uuid",
}


_EFOS_ROLES = frozenset({Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole})
_DEFINITIVO_COLOR = QColor("#c62828")  # with the warning icon and the text: never colour alone


def efos_cell(row: dict[str, Any], role: int) -> Any:
    """The «69-B» cell's icon, tooltip and colour: a *definitivo* counterpart in red with a warning icon."""
    entry = row.get(efos.EFOS_KEY)
    if role == Qt.ItemDataRole.ToolTipRole:
        return efos.tooltip(entry) or None
    if not efos.is_definitivo(entry):
        return None
    if role == Qt.ItemDataRole.ForegroundRole:
        return _DEFINITIVO_COLOR
    return status_icon("damaged")  # the warning triangle


def _records(rows: tuple[Any, ...], service: Any = None) -> list[dict[str, Any]]:
    """Rows as dicts with their cell texts (``_display``) formatted once, in the reading thread; with ``service``,
    each with its counterpart's 69-B situation (one lookup for the whole page: ``efos.annotate``)."""
    records = [dict(r) for r in rows]
    if service is not None:
        efos.annotate(service, records)
    for record in records:
        record["_display"] = tuple(cell_text(record, column) for column in range(len(COLUMNS)))
    return records


class InvoiceTableModel(QAbstractTableModel):
    """The invoices of one profile matching a filter, sorted by SQL, read lazily in pages.

    Args:
        service: the window's data service (``core.api.DataService``: ``invoice_count``, ``invoice_rows``);
            ``service`` may be replaced (the window switched to the office server) before the next query.

    Signals:
        count_changed(int): the row count of a new query is known (the model was reset).
        page_loaded(int): a page arrived from the background (its rows were announced with dataChanged).
        failed(object): an AppError from a background read.
    """

    count_changed = Signal(int)
    page_loaded = Signal(int)
    failed = Signal(object)

    def __init__(self, service: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self._query: q.InvoiceQuery | None = None
        self._count = 0
        self._generation = 0
        self._pages: OrderedDict[int, list[dict[str, Any]]] = OrderedDict()
        self._anchors: dict[int, q.Anchor] = {}
        self._pending: OrderedDict[int, None] = OrderedDict()  # pages asked for, newest last
        self._in_flight: set[int] = set()
        self._counted = InvoiceCount(0, True)  # the rows and whether the sort key has NULLs (keyset needs them)
        self._status_overrides: dict[int, str] = {}  # id → status SAT answered this session
        self._running: ReadStop | None = None  # stops the reader's query while it runs
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # pages in the order asked; one reader is enough and keeps SQLite calm
        self.count_queries = 0
        self.page_queries = 0
        self.loading = False
        self._closing = False

    # -- the query -------------------------------------------------------------------------------------------

    @property
    def query(self) -> q.InvoiceQuery | None:
        return self._query

    def set_query(self, query: q.InvoiceQuery | None) -> None:
        """Show another filter/profile: counts in the background, then resets."""
        if self._closing:
            return
        self._generation += 1
        self._query = query
        running = self._running
        if running is not None:
            running.interrupt()  # a stale COUNT over a million rows would hold the reader for a second
        generation = self._generation
        if query is None or not query.rfc:
            self._reset(0)
            self.count_changed.emit(0)
            return
        self.loading = True
        service = self.service

        def job() -> tuple[int, InvoiceCount, list[dict[str, Any]], q.Anchor | None] | None:
            if generation != self._generation:
                return None
            stop = self._running = ReadStop()
            try:
                counted = service.invoice_count(query, stop=stop)
                page: InvoiceRows = service.invoice_rows(query, 0, counted, {}, stop=stop)
            except Interrupted:
                return None  # a newer query replaced this one
            except AppError:
                if generation != self._generation:
                    return None
                raise
            finally:
                self._running = None
            return generation, counted, _records(page.rows, service), page.anchor

        self.count_queries += 1
        run_in_background(job, self._on_count_done, self._on_job_failed, pool=self._pool, owner=self)

    def shutdown(self, wait_ms: int = 10_000) -> None:
        """The window is closing: stop the reader's query and wait for it (it must not outlive the app)."""
        self._closing = True
        self._generation += 1  # whatever finishes now is stale and ignored
        running = self._running
        if running is not None:
            running.interrupt()
        self._pool.waitForDone(wait_ms)

    def refresh(self) -> None:
        """Read the current query again (new invoices arrived)."""
        self.set_query(self._query)

    @Slot(object)
    def _on_count_done(self, result: tuple[int, InvoiceCount, list[dict[str, Any]], q.Anchor | None] | None) -> None:
        if result is None or result[0] != self._generation:
            return
        _generation, counted, rows, anchor = result
        total = counted.total
        self._counted = counted
        self.page_queries += 1
        self.loading = False
        self._reset(total)
        if rows:
            self._store(0, rows, anchor)
        self.count_changed.emit(total)

    def _reset(self, total: int) -> None:
        self.beginResetModel()
        self._count = total
        self._pages.clear()
        self._anchors.clear()
        self._pending.clear()
        self._in_flight.clear()
        self.endResetModel()

    # -- pages -------------------------------------------------------------------------------------------------

    @property
    def cached_pages(self) -> int:
        return len(self._pages)

    def _row(self, row: int) -> dict[str, Any] | None:
        page, offset = divmod(row, q.PAGE_SIZE)
        rows = self._pages.get(page)
        if rows is None:
            self._request(page)
            return None
        self._pages.move_to_end(page)
        return rows[offset] if offset < len(rows) else None

    def _request(self, page: int) -> None:
        if page in self._in_flight or self._query is None or self._closing:
            return
        self._pending[page] = None
        self._pending.move_to_end(page)
        while len(self._pending) > MAX_PENDING:
            self._pending.popitem(last=False)
        self._in_flight.add(page)
        query, counted, generation, service = self._query, self._counted, self._generation, self.service
        anchors = dict(self._anchors)
        pending = self._pending

        def job() -> tuple[int, int, list[dict[str, Any]] | None, q.Anchor | None]:
            if generation != self._generation or page not in pending:
                return generation, page, None, None  # scrolled past it before its turn came
            stop = self._running = ReadStop()
            try:
                read = service.invoice_rows(query, page, counted, anchors, stop=stop)
            except Interrupted:
                return generation, page, None, None
            except AppError:
                if generation != self._generation:
                    return generation, page, None, None
                raise
            finally:
                self._running = None
            return generation, page, _records(read.rows, service), read.anchor

        run_in_background(job, self._on_page_done, self._on_job_failed, pool=self._pool, owner=self)

    @Slot(object)
    def _on_page_done(self, result: tuple[int, int, list[dict[str, Any]] | None, q.Anchor | None]) -> None:
        generation, page, rows, anchor = result
        if generation != self._generation:
            return
        self._in_flight.discard(page)
        self._pending.pop(page, None)
        if rows is None:
            first = page * q.PAGE_SIZE
            last = min(self._count, first + q.PAGE_SIZE) - 1
            if last >= first:  # still on screen? then the view asks again
                self.dataChanged.emit(self.index(first, 0), self.index(last, 0))
            return
        self.page_queries += 1
        self._store(page, rows, anchor)
        first = page * q.PAGE_SIZE
        last = min(self._count, first + len(rows)) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
        self.page_loaded.emit(page)

    def _store(self, page: int, rows: list[dict[str, Any]], anchor: q.Anchor | None) -> None:
        self._pages[page] = rows
        self._pages.move_to_end(page)
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        if anchor is not None:
            self._anchors[page] = anchor

    @Slot(object)
    def _on_job_failed(self, error: AppError) -> None:
        self.loading = False
        self._in_flight.clear()
        self.failed.emit(error)

    # -- Qt's model interface --------------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return tr(COLUMNS[section][0])
            if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section][1] is None:
                return tr(
                    "Esta columna no se puede ordenar. Se puede ordenar por fecha, tipo, estado, serie-folio, RFC y "
                    "nombre del emisor o del receptor, total y UUID."
                )
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _ROW_FLAGS

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._count:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGN_RIGHT if column in AMOUNT_COLUMNS else _ALIGN_LEFT
        if role not in _ROLES:
            return None
        row = self._row(index.row())
        if row is None:
            return tr("Cargando…") if role == Qt.ItemDataRole.DisplayRole and column == 0 else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole) and (
            column != COL_STATUS or row["id"] not in self._status_overrides
        ):
            return row["_display"][column]  # formatted once, off the GUI thread, when the page was read
        if row["id"] in self._status_overrides:
            row = {**row, "status": self._status_overrides[row["id"]]}
        if role == RecordRole:
            return row
        if column == COL_EFOS and role in _EFOS_ROLES:
            return efos_cell(row, role)
        if role == Qt.ItemDataRole.DecorationRole:
            if column != COL_STATUS:
                return None
            return status_icon("damaged" if row.get("damaged") else row["status"])
        if role == Qt.ItemDataRole.ForegroundRole:
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_STATUS and row.get("damaged"):
                return damaged_text(row["damaged"])
            if column == COL_STATUS and row.get("cancelled_at"):
                return tr("Cancelado el {0}").format(datetime_text(row["cancelled_at"]))
            if column == COL_TYPE:
                return tr("Emitida") if row["direction"] == "issued" else tr("Recibida")
            if column in CODE_CATALOGS:
                return labelled(CODE_CATALOGS[column], row[_TEXT_FIELDS[column]]) or None
            return None
        return cell_text(row, column)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS) or self._query is None:
            return
        name = COLUMNS[column][1]
        if name is None:
            return  # not indexed: the page keeps the current order (see headerData's tooltip)
        descending = order == Qt.SortOrder.DescendingOrder
        if (name, descending) == (self._query.sort, self._query.descending):
            return
        self.set_query(q.InvoiceQuery(self._query.rfc, self._query.flt, name, descending))

    # -- for the page ---------------------------------------------------------------------------------------------

    def row_of(self, invoice_id: int) -> int | None:
        """The row of an invoice among the pages already read (None if it is not in one of them)."""
        for page, rows in self._pages.items():
            for k, record in enumerate(rows):
                if record["id"] == invoice_id:
                    return page * q.PAGE_SIZE + k
        return None

    def record_at(self, row: int) -> dict[str, Any] | None:
        """The cached data of ``row`` (None while its page loads)."""
        if not 0 <= row < self._count:
            return None
        return self.data(self.index(row, 0), RecordRole)

    def set_status(self, invoice_id: int, status: str) -> None:
        """Show the status SAT just answered for one invoice."""
        self._status_overrides[invoice_id] = status
        for page, rows in self._pages.items():
            for offset, row in enumerate(rows):
                if row["id"] == invoice_id:
                    index = self.index(page * q.PAGE_SIZE + offset, COL_STATUS)
                    self.dataChanged.emit(index, index)
