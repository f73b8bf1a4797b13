"""Value normalisation shared by the XML and metadata parsers: exact amounts and naive ISO date-times."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_MAX_AMOUNT_CHARS = 40
_AMOUNT_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_DATETIME_RE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?))?")


def parse_amount(value: str | None, warnings: list[str] | None = None, what: str = "") -> Decimal | None:
    """An exact :class:`Decimal` as written (``"2010.01"``), or ``None`` for empty/unreadable text (noted)."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    # Length cap: a thousand-digit "amount" would overflow Decimal arithmetic later (sums of taxes).
    if len(value) <= _MAX_AMOUNT_CHARS and _AMOUNT_RE.fullmatch(value):
        try:
            return Decimal(value)
        except InvalidOperation:  # pragma: no cover - the regex only lets numbers through
            pass
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
    day, time = match.groups()
    if time is None:
        return day
    return f"{day}T{time}" if len(time) == 8 else f"{day}T{time}:00"
