"""A date field people can type into: ``dd/mm/aaaa`` as one piece of text, one Tab stop, a calendar on demand.

Why not ``QDateEdit``: its sections fight typing (issue 16). Typing "15/01/2024" into a ``QDateEdit`` limited to
01/07/2020–15/06/2026 gave 15/07/2020: the "/" jumps a section, and a day or month that is out of range *while*
typing (15/01/2020) is refused key by key. Tab also walks its three sections before leaving the field.

Here the text is the user's until they leave the field (or press Enter): then it is read as a date —
``d/m/aaaa``, ``dd/mm/aaaa``, with ``/``, ``-``, ``.`` or spaces, ``ddmmaaaa``, or ISO ``aaaa-mm-dd`` — and shown
again as ``dd/mm/aaaa``. A text that is not a date, or a date out of range, stays as typed and the field says
so (:meth:`problem`); the date is never silently replaced by another one. Alt+↓ or F4 open the calendar.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLineEdit, QToolButton, QVBoxLayout, QWidget

from desktop_app.gui.formatting import date_format

DISPLAY_FORMAT = "dd/MM/yyyy"
_PARTS = re.compile(r"^\s*(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{2}|\d{4})\s*$")
_COMPACT = re.compile(r"^\s*(\d{2})(\d{2})(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def tr(text: str) -> str:
    return QCoreApplication.translate("DateField", text)


def parse_date(text: str, *, month_first: bool = False) -> QDate | None:
    """The date a person wrote (day first, as in Mexico; month first in the English window), or None."""
    if match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _PARTS.match(text) or _COMPACT.match(text):
        day, month, year = (int(part) for part in match.groups())
        if month_first:
            day, month = month, day
        if year < 100:
            year += 2000
    else:
        return None
    value = QDate(year, month, day)
    return value if value.isValid() else None


def month_first() -> bool:
    """Whether the window's language writes the month first (English: 12/7/2026 is 7 December, as every other date
    of the English window; the field alone showed 07/12/2026, read as 12 July — an outside audit)."""
    return date_format().lstrip().upper().startswith("M")


def display_format() -> str:
    """The field's date: ``dd/MM/yyyy`` in Spanish (México), ``MM/dd/yyyy`` in English (two digits: one text to
    type over, as in Spanish)."""
    return "MM/dd/yyyy" if month_first() else DISPLAY_FORMAT


class DateField(QWidget):
    """A typed date with a calendar button (the button is not a Tab stop: Alt+↓ opens the calendar).

    Signals:
        dateChanged(QDate): a new valid date in range (named as ``QDateEdit``'s, which this replaces).
        problem_changed(str): what is wrong with the text changed: ``"format"``, ``"range"`` or "" (nothing).
    """

    dateChanged = Signal(QDate)  # QDateEdit's name, so callers can swap the widgets
    problem_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._date = QDate.currentDate()
        self._minimum = QDate(1900, 1, 1)
        self._maximum = QDate(7999, 12, 31)
        self._problem: str | None = None

        self.edit = QLineEdit(self)
        self.edit.setObjectName("dateText")
        self.edit.setPlaceholderText(tr("dd/mm/aaaa"))
        self.edit.setAccessibleDescription(tr("Fecha en la forma día/mes/año, por ejemplo 15/01/2024"))
        self.edit.setMaxLength(16)
        self.calendar_button = QToolButton(self)
        self.calendar_button.setObjectName("calendarButton")
        self.calendar_button.setArrowType(Qt.ArrowType.DownArrow)
        self.calendar_button.setAccessibleName(tr("Abrir el calendario"))
        self.calendar_button.setToolTip(tr("Abrir el calendario (Alt+↓)"))
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.calendar_button)
        self.setFocusProxy(self.edit)
        self.setFocusPolicy(self.edit.focusPolicy())
        self._popup: QWidget | None = None
        self._calendar: QCalendarWidget | None = None

        self.edit.textEdited.connect(self._on_edit_text_edited)
        self.edit.editingFinished.connect(self._on_edit_editing_finished)
        self.edit.installEventFilter(self)
        self.calendar_button.clicked.connect(self.open_calendar)
        self._show(self._date)

    # -- QDateEdit's API ---------------------------------------------------------------------------------------

    def date(self) -> QDate:
        """The last valid date (what the text says when :meth:`problem` is None)."""
        return QDate(self._date)

    def setDate(self, value: QDate) -> None:
        value = self._bounded(value)
        self._show(value)
        self._accept(value)

    def setDateRange(self, minimum: QDate, maximum: QDate) -> None:
        self._minimum, self._maximum = QDate(minimum), QDate(maximum)
        self.setDate(self._date)

    def minimumDate(self) -> QDate:
        return QDate(self._minimum)

    def maximumDate(self) -> QDate:
        return QDate(self._maximum)

    def text(self) -> str:
        return self.edit.text()

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)

    # -- state -------------------------------------------------------------------------------------------------

    def problem(self) -> str | None:
        """``"format"`` (not a date), ``"range"`` (a date outside the allowed range) or None."""
        return self._problem

    def hasAcceptableInput(self) -> bool:
        return self._problem is None

    def _bounded(self, value: QDate) -> QDate:
        if not value.isValid():
            return QDate(self._minimum)
        return max(self._minimum, min(self._maximum, value))

    def _show(self, value: QDate) -> None:
        self.edit.setText(value.toString(display_format()))

    def _accept(self, value: QDate) -> None:
        changed = value != self._date
        self._date = QDate(value)
        self._set_problem(None)
        if changed:
            self.dateChanged.emit(QDate(value))

    def _set_problem(self, problem: str | None) -> None:
        if problem != self._problem:
            self._problem = problem
            self.problem_changed.emit(problem or "")

    def _read(self, text: str) -> QDate | None:
        value = parse_date(text, month_first=month_first())
        if value is None:
            self._set_problem("format")
            return None
        if not self._minimum <= value <= self._maximum:
            self._set_problem("range")
            return None
        return value

    @Slot(str)
    def _on_edit_text_edited(self, text: str) -> None:
        value = self._read(text)
        if value is not None:
            self._accept(value)  # the text stays as typed until the user leaves the field

    @Slot()
    def _on_edit_editing_finished(self) -> None:
        value = self._read(self.edit.text())
        if value is not None:
            self._show(value)
            self._accept(value)

    # -- the calendar ------------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
            if alt_down or event.key() == Qt.Key.Key_F4:
                self.open_calendar()
                return True
        return super().eventFilter(watched, event)

    @Slot()
    def open_calendar(self) -> None:
        if self._popup is None:
            self._popup = QWidget(self, Qt.WindowType.Popup)
            self._popup.setObjectName("calendarPopup")
            self._calendar = QCalendarWidget(self._popup)
            self._calendar.setObjectName("calendar")
            self._calendar.setAccessibleName(self.accessibleName())
            self._calendar.setGridVisible(True)
            layout = QVBoxLayout(self._popup)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(self._calendar)
            self._calendar.activated.connect(self._on_calendar_chosen)
            self._calendar.clicked.connect(self._on_calendar_chosen)
        assert self._calendar is not None
        self._calendar.setDateRange(self._minimum, self._maximum)
        self._calendar.setSelectedDate(self._date)
        self._popup.move(self.mapToGlobal(self.rect().bottomLeft()))
        self._popup.show()
        self._calendar.setFocus()

    @Slot(QDate)
    def _on_calendar_chosen(self, value: QDate) -> None:
        if self._popup is not None:
            self._popup.hide()
        self.setDate(value)
        self.edit.setFocus()
