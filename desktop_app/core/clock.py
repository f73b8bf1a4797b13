"""Time, injectable: the app's clock, SAT's time zone, and millisecond timestamps.

Everything that depends on "now" takes a :class:`Clock` so tests drive days of schedule and SAT
lifecycle without waiting. Mexico has had no daylight saving time since 2022; zoneinfo + tzdata know.
"""

from __future__ import annotations

import importlib.util
import threading
import zoneinfo
from datetime import UTC, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo


def _shipped_zones() -> None:
    """Time zones from the ``tzdata`` package the app ships, never the operating system's files, which zoneinfo
    reads first: a system not updated since 2022 still gives Mexico City daylight saving time, and the app then ran
    the daily sync an hour early, sent "today" an hour into SAT's future and showed moments an hour off (an outside
    audit, with a pre-2022 zone file). Without that package (never in an install) the system's are used."""
    if importlib.util.find_spec("tzdata") is None:  # pragma: no cover - a base dependency
        return
    zoneinfo.reset_tzpath(to=())
    ZoneInfo.clear_cache()


_shipped_zones()
MEXICO_CITY = ZoneInfo("America/Mexico_City")


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware UTC."""


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    """A clock tests move by hand."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = start.astimezone(UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, seconds: float = 0, **delta: float) -> datetime:
        with self._lock:
            self._now += timedelta(seconds=seconds, **delta)
            return self._now

    def set(self, moment: datetime) -> None:
        with self._lock:
            self._now = moment.astimezone(UTC)


def to_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def from_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


def mexico_now(clock: Clock) -> datetime:
    """Naive Mexico City wall-clock time: what SAT compares request periods against."""
    return clock.now().astimezone(MEXICO_CITY).replace(tzinfo=None)


def mexico_text(ms: int) -> str:
    """Milliseconds since the epoch as users read it: Mexico City wall clock, ``dd/mm/yyyy hh:mm``."""
    return from_ms(ms).astimezone(MEXICO_CITY).strftime("%d/%m/%Y %H:%M")
