"""What every report shares: the period asked for, money as exact cents, the list of kinds.

Money is never a float: MXN amounts are integer cents (each document's or payment's share rounded half-up
once, then added as integers) and are printed as 2-decimal strings (``"-1234.50"``).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from desktop_app.core.errors import AppError
from desktop_app.core.months import next_month, previous_month
from desktop_app.core.vocabulary import day_text

# The kinds of issue 18, in its order; those of ``kinds.REPORTS`` answer now (``core.reports.run``).
ALL_KINDS = ("iva", "isr", "nomina", "ppd", "diot", "retenciones")
BASES = ("cash", "accrual")

_MONTH_RE = re.compile(r"(\d{4})-(\d{2})")


def money(cents: int) -> str:
    """Integer cents as a 2-decimal string: ``123456`` → ``"1234.56"``, ``-5`` → ``"-0.05"``."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


def decimal_text(value: Decimal) -> str:
    """An exact amount in its own currency as plain text (no exponent): ``Decimal("1E+2")`` → ``"100"``."""
    return format(value, "f")


def period_days(period: dict[str, str], lang: str) -> dict[str, str]:
    """A report's ``period`` (its JSON: ISO ``start`` and ``end``) as the words of its notes and text write it:
    ``{"start": "01/03/2025", "end": "31/03/2025"}`` (``vocabulary.day_text``)."""
    return {"start": day_text(period["start"], lang), "end": day_text(period["end"], lang)}


def check_month(value: str, field: str = "period") -> str:
    """``YYYY-MM`` of a real month (1900–9999), else ``invalid_argument`` (+ ``field``)."""
    text = (value or "").strip()
    match = _MONTH_RE.fullmatch(text)
    if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        raise AppError("invalid_argument", f"{value!r} is not a month: write it as YYYY-MM (2025-03).", field=field)
    return text


@dataclass(frozen=True)
class Period:
    """Whole calendar months ``first``..``last`` (``YYYY-MM``, both included)."""

    first: str
    last: str

    @classmethod
    def of(cls, first: str, last: str | None = None) -> Period:
        """The months asked for; ``invalid_argument`` for a bad month, ``invalid_date_range`` for ``last`` before
        ``first``."""
        first = check_month(first, "period")
        last = check_month(last, "to") if last else first
        if last < first:
            raise AppError(
                "invalid_date_range", f"--to {last} is before --period {first}: the period runs forwards.", field="to"
            )
        return cls(first, last)

    @property
    def start(self) -> str:
        """The first day, ``YYYY-MM-DD`` (inclusive)."""
        return f"{self.first}-01"

    @property
    def end(self) -> str:
        """The day after the last one, ``YYYY-MM-DD`` (exclusive: dates are compared as ISO text)."""
        return f"{next_month(self.last)}-01"

    @property
    def last_day(self) -> date:
        year, month = int(self.last[:4]), int(self.last[5:7])
        return date(year, month, calendar.monthrange(year, month)[1])

    @property
    def before(self) -> str:
        """The month before the first, ``YYYY-MM``."""
        return previous_month(self.first)

    def to_json(self) -> dict[str, str]:
        return {"from": self.first, "to": self.last, "start": self.start, "end": self.last_day.isoformat()}
