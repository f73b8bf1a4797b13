"""Value normalisation shared by the XML and metadata parsers: exact amounts and naive ISO date-times.

Amounts are kept exact as written (:class:`Decimal`); the index sums them as integer MXN cents. The range it
accepts for one amount, in MXN after the exchange rate, is ``|amount| < AMOUNT_LIMIT_MXN`` (10^13 pesos, a
third of Mexico's yearly GDP, so no real invoice comes near it): 10^15 cents, and a sum of 9,000 such amounts
still fits SQLite's 64-bit integers (sums past that are recomputed exactly in Python, see ``index``). A
schema-valid amount beyond it (``Total="999999999999999999"``) is kept as written and flagged on its document,
never summed.
"""

from __future__ import annotations

import re
from datetime import date, time
from decimal import Decimal, InvalidOperation

_MAX_AMOUNT_CHARS = 40
AMOUNT_LIMIT_MXN = Decimal(10) ** 13
AMOUNT_LIMIT_CENTS = 10**15
# ASCII digits only: ``\d`` would take any script's digits («١٢٣»), which SAT's decimal types never allow.
_AMOUNT_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_DATETIME_RE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?))?")


# Amounts already read, as written → their Decimal (immutable, so shared): a CFDI's rates and zeros ("0.160000",
# "0.00") are most of the ~17 amounts a document has. The first ones a process meets, up to a bound.
_KNOWN_AMOUNTS: dict[str, Decimal] = {}
_KNOWN_AMOUNTS_MAX = 4096


def parse_amount(value: str | None, warnings: list[str] | None = None, what: str = "") -> Decimal | None:
    """An exact :class:`Decimal` as written (``"2010.01"``), or ``None`` for empty/unreadable text (noted)."""
    if value is None:
        return None
    known = _KNOWN_AMOUNTS.get(value)
    if known is not None:
        return known
    written = value
    value = value.strip()
    if not value:
        return None
    # Length cap: a thousand-digit "amount" would overflow Decimal arithmetic later (sums of taxes).
    if len(value) <= _MAX_AMOUNT_CHARS and _AMOUNT_RE.fullmatch(value):
        try:
            amount = Decimal(value)
        except InvalidOperation:  # pragma: no cover - the regex only lets numbers through
            pass
        else:
            if len(_KNOWN_AMOUNTS) < _KNOWN_AMOUNTS_MAX:
                _KNOWN_AMOUNTS[written] = amount
            return amount
    if warnings is not None:
        warnings.append(f"unreadable amount {what}={value[:40]!r}")
    return None


def parse_datetime(value: str | None, warnings: list[str] | None = None, what: str = "") -> str | None:
    """Naive ISO text: ``YYYY-MM-DDTHH:MM:SS`` (offset and fraction dropped) or ``YYYY-MM-DD``."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    match = _DATETIME_RE.match(value)
    if match is None:
        if warnings is not None:
            warnings.append(f"unreadable date {what}={value[:40]!r}")
        return None
    day, clock = match.groups()
    try:  # a real calendar day and time of day: "9999-99-99T99:99:99" matches the pattern but is no date
        date.fromisoformat(day)
        if clock is not None:
            time.fromisoformat(clock)
    except ValueError:
        if warnings is not None:
            warnings.append(f"unreadable date {what}={value[:40]!r}")
        return None
    if clock is None:
        return day
    return f"{day}T{clock}" if len(clock) == 8 else f"{day}T{clock}:00"


def in_range_cents(cents: int) -> bool:
    """Whether an amount in integer MXN cents is inside the range the index sums (module docstring)."""
    return -AMOUNT_LIMIT_CENTS < cents < AMOUNT_LIMIT_CENTS
