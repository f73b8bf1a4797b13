"""Dates, months, amounts and counts as the window shows them: one place, through ``QLocale``.

Spanish (México) writes dates ``dd/mm/aaaa`` (``17/05/2027``), months ``dic 2026``, amounts ``$1,234.56`` and
counts ``1,234``. The locale follows the window's language: the translatable marker ``"es_MX"`` (context
``Formatting``) names it, so the English translation switches dates and months to its own locale (the Qt idiom
of a translatable locale name); until a translation says otherwise, or with no translator installed (tests), it
is es_MX whatever the computer's own locale is.

Moments the app stores as milliseconds are shown on Mexico City's wall clock (SAT's time), 24-hour ``HH:mm``;
the dates written inside a CFDI (its ``Fecha``, local time of the issuer) are shown as written, reordered.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QEvent, QLocale, QTime
from PySide6.QtGui import QShowEvent

from desktop_app.core.clock import MEXICO_CITY, from_ms
from desktop_app.gui.messages import headline

LOCALE_MARKER = QT_TRANSLATE_NOOP("Formatting", "es_MX")  # the English .ts translates it to its locale, "en_US"
TIME_FORMAT = "HH:mm"  # SAT's and the schedule's 24-hour clock, in both languages
EMPTY = "—"


def app_locale() -> QLocale:
    """The locale of the window's language (es_MX unless the translation names another)."""
    name = QCoreApplication.translate("Formatting", LOCALE_MARKER) or LOCALE_MARKER
    locale = QLocale(name)
    if locale.language() == QLocale.Language.C:
        return QLocale(QLocale.Language.Spanish, QLocale.Country.Mexico)
    return locale


def date_format(locale: QLocale | None = None) -> str:
    """The locale's short date with a four-digit year: ``dd/MM/yyyy`` in Spanish (México), for ``QDateEdit``."""
    text = (locale or app_locale()).dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in text:
        text = text.replace("yy", "yyyy")
    return text


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def day_text(value: date | datetime | str | None, empty: str = EMPTY) -> str:
    """A day: ``date``, ``datetime`` or ISO text (``2026-05-01``, ``2026-05-01T10:00:00``) → ``01/05/2026``.

    Text that is not an ISO date is returned as it is (never hidden)."""
    if value is None or value == "":
        return empty
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return value
    day = value.date() if isinstance(value, datetime) else value
    locale = app_locale()
    return locale.toString(_qdate(day), date_format(locale))


def datetime_text(value: datetime | str | None, *, seconds: bool = False, empty: str = EMPTY) -> str:
    """A wall-clock moment as written (a CFDI's ``Fecha``, SAT's ``FechaTimbrado``): ``15/01/2025 10:20``.

    ISO text without a time is a day; text that is not ISO is returned as it is."""
    if value is None or value == "":
        return empty
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 10:
            return day_text(text, empty)
        try:
            value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return text
    locale = app_locale()
    time = QTime(value.hour, value.minute, value.second)
    clock = time.toString(TIME_FORMAT + (":ss" if seconds else ""))
    return f"{locale.toString(_qdate(value.date()), date_format(locale))} {clock}"


def moment_text(ms: int | None, empty: str = EMPTY) -> str:
    """Milliseconds since the epoch on Mexico City's wall clock: ``01/06/2026 06:00``."""
    if not ms:
        return empty
    return datetime_text(from_ms(ms).astimezone(MEXICO_CITY).replace(tzinfo=None))


# A sync run's outcome (``sync_runs.status``), as Resumen and Programación both show the last one.
RUN_STATUS_TEXT = {
    "success": QT_TRANSLATE_NOOP("SummaryPage", "✓ Correcta"),
    "partial": QT_TRANSLATE_NOOP("SummaryPage", "⚠ Con avisos"),
    "failed": QT_TRANSLATE_NOOP("SummaryPage", "✗ Con error"),
    "running": QT_TRANSLATE_NOOP("SummaryPage", "⟳ En curso"),
    "interrupted": QT_TRANSLATE_NOOP("SummaryPage", "⚠ Interrumpida (se retoma en la siguiente)"),
}


def until_text(seconds: float) -> str:
    """When something happens next, from now: «en menos de un minuto», «en 25 min», «en 3 h 5 min» (the main
    window's status line and a request's detail say SAT's next check the same way)."""
    if seconds < 60:
        return QCoreApplication.translate("HistoryPage", "en menos de un minuto")
    if seconds < 3600:
        return QCoreApplication.translate("HistoryPage", "en %n min", None, round(seconds / 60))
    hours, minutes = divmod(round(seconds / 60), 60)
    return QCoreApplication.translate("HistoryPage", "en {hours} h {minutes} min").format(hours=hours, minutes=minutes)


def last_sync_text(run: dict[str, Any] | None) -> str:
    """The last sync run of a profile in one line — ``05/12/2026 06:31 — ✓ Correcta`` (its end, or its start while
    it runs), with its error — the same words on every page that shows it."""
    if not run:
        return QCoreApplication.translate("SummaryPage", "Nunca")
    status = run.get("status") or ""
    text = f"{moment_text(run.get('finished_at') or run.get('started_at'))} — "
    text += QCoreApplication.translate("SummaryPage", RUN_STATUS_TEXT.get(status, status))
    if run.get("error_code"):  # the window's words for it; core's ``error`` is its English sentence
        text += f" ({headline(run['error_code']).rstrip('.')})"
    elif run.get("error") and status != "interrupted":  # a run from before codes were kept (its status says the
        text += f" ({run['error']})"  # rest of an interrupted one: core's sentence adds nothing but English)
    return text


def moment_day(ms: int | None, empty: str = EMPTY) -> str:
    """Milliseconds since the epoch as the day it is in Mexico City: ``01/06/2026``."""
    if not ms:
        return empty
    return day_text(from_ms(ms).astimezone(MEXICO_CITY).date())


def certificate_day(ms: int | None, empty: str = EMPTY) -> str:
    """A certificate's validity day as SAT writes it (UTC), like the wizard: ``17/05/2027``."""
    if not ms:
        return empty
    return day_text(from_ms(ms).astimezone(UTC).date())


def month_text(value: date | str | None, empty: str = EMPTY) -> str:
    """A month, ``2026-12`` (or any day of it) → ``dic 2026``."""
    if value is None or value == "":
        return empty
    if isinstance(value, str):
        try:
            year, month = (int(part) for part in value.strip()[:7].split("-"))
            value = date(year, month, 1)
        except ValueError:
            return value
    return app_locale().toString(_qdate(value), "MMM yyyy")


def number(value: Any, empty: str = EMPTY) -> str:
    """A count with the locale's thousands separator: ``1,234``."""
    if value is None or value == "":
        return empty
    try:
        return app_locale().toString(int(value))
    except (TypeError, ValueError):
        return str(value)


def money(value: Any) -> str:
    """An amount in pesos, exact to the cent (no float): ``$1,234.56``, ``-$12.00``; "" for no value.

    Mexico's and the United States' currency format agree (``$``, ``,`` and ``.``), so this is one format."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


class FollowsLanguage:
    """A page whose texts come from the database formatted for the language (dates, months, amounts): a visible
    page reads them again at once when the language changes, a hidden one when it is next shown — so a page of a
    window that has closed (its service gone) never reads at all. Put it before ``QWidget`` in the bases and
    give the page ``_follow_language()``."""

    _language_stale = False

    def _follow_language(self) -> None:  # pragma: no cover - every page defines it
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)  # type: ignore[misc]
        if event.type() == QEvent.Type.LanguageChange:
            if self.isVisible():  # type: ignore[attr-defined]
                self._follow_language()
            else:
                self._language_stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)  # type: ignore[misc]
        if self._language_stale:
            self._language_stale = False
            self._follow_language()
