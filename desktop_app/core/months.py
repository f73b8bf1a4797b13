"""Calendar months: the one place that adds months, splits ranges into months and steps ``YYYY-MM`` keys.

SAT prefers one request per calendar month; the index keeps totals per month; the schedule reaches back by
whole months. All of them use these helpers.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta


def add_months(moment: datetime, months: int) -> datetime:
    """``moment`` moved by ``months`` calendar months, the day clipped to the target month's last day."""
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def month_periods(start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """Calendar months covering [start, end], each ``00:00:00``–``23:59:59`` and clipped to the range."""
    periods = []
    cursor = datetime(start.year, start.month, 1)
    while cursor <= end:
        nxt = datetime(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
        first = max(cursor, start)
        last = min(nxt - timedelta(seconds=1), end)
        if first < last:
            periods.append((first, last))
        cursor = nxt
    return periods


def previous_month_bounds(today: date) -> tuple[date, date]:
    """First and last day of the whole month before ``today``'s."""
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def next_month(month: str) -> str:
    """``YYYY-MM`` → the following ``YYYY-MM``."""
    year, mon = int(month[:4]), int(month[5:7])
    return f"{year + mon // 12:04d}-{mon % 12 + 1:02d}"


def previous_month(month: str) -> str:
    """``YYYY-MM`` → the preceding ``YYYY-MM``."""
    year, mon = int(month[:4]), int(month[5:7])
    return f"{year - (mon == 1):04d}-{(mon - 2) % 12 + 1:02d}"


def day_before(day: str) -> str:
    """``YYYY-MM-DD`` → the day before."""
    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()
