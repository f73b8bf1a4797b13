"""The sandbox's notion of "now": real time by default, frozen and steerable in tests."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

MEXICO_TZ = ZoneInfo("America/Mexico_City")


class SandboxClock:
    """Drives tokens, request lifecycle and package expiry.

    ``SandboxClock()`` follows real time (plus whatever was ``advance``-d); ``SandboxClock(start)`` is frozen at
    ``start`` (a UTC datetime; naive values are taken as UTC) and moves only when ``advance``/``set`` is called,
    which is how tests move requests from state 1 to 3 or expire packages without sleeping.
    """

    def __init__(self, start: datetime | None = None) -> None:
        self._lock = threading.Lock()
        self._frozen = _as_utc(start) if start is not None else None
        self._offset = timedelta(0)

    @property
    def frozen(self) -> bool:
        return self._frozen is not None

    def now(self) -> datetime:
        """The current moment, timezone-aware UTC."""
        with self._lock:
            base = self._frozen if self._frozen is not None else datetime.now(UTC)
            return base + self._offset

    def advance(self, seconds: float) -> datetime:
        """Move the clock forward (or back, with a negative value); returns the new now."""
        with self._lock:
            self._offset += timedelta(seconds=seconds)
        return self.now()

    def set(self, moment: datetime) -> None:
        """Freeze the clock at ``moment``."""
        with self._lock:
            self._frozen = _as_utc(moment)
            self._offset = timedelta(0)

    def now_mexico(self) -> datetime:
        """Naive Mexico City wall-clock time: what SAT compares FechaInicial/FechaFinal against."""
        return self.now().astimezone(MEXICO_TZ).replace(tzinfo=None)


def _as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def to_mexico_naive(moment: datetime) -> datetime:
    return _as_utc(moment).astimezone(MEXICO_TZ).replace(tzinfo=None)
