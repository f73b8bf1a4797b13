"""The daily schedule: validation, next run, catch-up and each run's request windows.

Times are Mexico City wall clock (America/Mexico_City; no DST since 2022). A run missed while the computer
was off is caught up once at the next start, not once per missed day: only the latest slot that passed
since the last run is due.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from desktop_app.core.clock import MEXICO_CITY, from_ms, to_ms
from desktop_app.core.errors import AppError

# How far a recorded moment may lie after the clock's now before it is taken for one made under a clock set ahead.
CLOCK_SLACK = timedelta(hours=1)

TIME_RE = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
DOWNLOAD_TYPES = ("issued", "received")
MIN_DAYS_BACK, MAX_DAYS_BACK = 1, 90
# The daily re-check of received vigente invoices at SAT (issue 17.3): how many months back, 0 = off. A CFDI can be
# cancelled until the issuer's annual return (months after the year ends): two years covers any that still counts.
MIN_RECHECK_MONTHS, MAX_RECHECK_MONTHS = 0, 24
DEFAULT_RECHECK_MONTHS = 3


@dataclass(frozen=True)
class Schedule:
    enabled: bool = False
    time: str = "06:00"
    download_types: tuple[str, ...] = DOWNLOAD_TYPES
    days_back: int = 3
    last_run_at: int | None = None
    last_run_status: str | None = None
    last_run_error: str | None = None
    recheck_months: int = DEFAULT_RECHECK_MONTHS

    @classmethod
    def from_row(cls, row: Any) -> Schedule:
        return cls(
            enabled=bool(row["enabled"]),
            time=row["time"],
            download_types=tuple(json.loads(row["download_types"])),
            days_back=int(row["days_back"]),
            last_run_at=row["last_run_at"],
            last_run_status=row["last_run_status"],
            last_run_error=row["last_run_error"],
            recheck_months=int(row["recheck_months"]),
        )

    def to_json(self) -> dict[str, Any]:
        """The seed's names."""
        return {
            "enabled": self.enabled,
            "time": self.time,
            "downloadTypes": list(self.download_types),
            "daysBack": self.days_back,
            "lastRunAt": self.last_run_at,
            "lastRunStatus": self.last_run_status,
            "lastRunError": self.last_run_error,
            "recheckMonths": self.recheck_months,
        }

    def updated(
        self,
        *,
        enabled: bool | None = None,
        time: str | None = None,
        download_types: list[str] | tuple[str, ...] | None = None,
        days_back: int | None = None,
        recheck_months: int | None = None,
    ) -> Schedule:
        """A validated copy with the given fields changed (``invalid_schedule`` otherwise)."""
        new = self
        if enabled is not None:
            new = replace(new, enabled=bool(enabled))
        if time is not None:
            if not TIME_RE.match(time.strip()):
                raise AppError("invalid_schedule", "time must be HH:mm (24 h, Mexico City).", field="time")
            new = replace(new, time=time.strip())
        if download_types is not None:
            types = tuple(dict.fromkeys(t.strip().lower() for t in download_types if t.strip()))
            if not types or any(t not in DOWNLOAD_TYPES for t in types):
                raise AppError(
                    "invalid_schedule",
                    "download_types must be issued, received or both.",
                    field="download_types",
                )
            new = replace(new, download_types=types)
        if days_back is not None:
            if not MIN_DAYS_BACK <= int(days_back) <= MAX_DAYS_BACK:
                raise AppError(
                    "invalid_schedule",
                    f"days_back must be between {MIN_DAYS_BACK} and {MAX_DAYS_BACK}.",
                    field="days_back",
                )
            new = replace(new, days_back=int(days_back))
        if recheck_months is not None:
            if not MIN_RECHECK_MONTHS <= int(recheck_months) <= MAX_RECHECK_MONTHS:
                raise AppError(
                    "invalid_schedule",
                    f"recheck_months must be between {MIN_RECHECK_MONTHS} (off) and {MAX_RECHECK_MONTHS}.",
                    field="recheck_months",
                )
            new = replace(new, recheck_months=int(recheck_months))
        return new

    # -- when ----------------------------------------------------------------------------------------------

    def _slot(self, day: date) -> datetime:
        hour, minute = (int(x) for x in self.time.split(":"))
        return datetime.combine(day, time(hour, minute), tzinfo=MEXICO_CITY)

    def next_run(self, now: datetime) -> datetime | None:
        """The next slot strictly after ``now`` (aware), or None when disabled."""
        if not self.enabled:
            return None
        local = now.astimezone(MEXICO_CITY)
        slot = self._slot(local.date())
        if slot <= local:
            slot = self._slot(local.date() + timedelta(days=1))
        return slot

    def due_slot(self, now: datetime, *, enabled_at: int | None = None) -> datetime | None:
        """The latest slot ≤ now that has not run yet (catch-up collapses missed days into one run).

        A last run recorded after ``now`` (a run made while the computer's clock was set ahead, then put right)
        is no run: it held back every daily run until that future date."""
        if not self.enabled:
            return None
        local = now.astimezone(MEXICO_CITY)
        slot = self._slot(local.date())
        if slot > local:
            slot = self._slot(local.date() - timedelta(days=1))
        last_run_at = self.last_run_at
        if last_run_at is not None and from_ms(last_run_at) > now + CLOCK_SLACK:
            last_run_at = None
        if last_run_at is not None and from_ms(last_run_at) >= slot:
            return None
        if last_run_at is None and enabled_at is not None and now + CLOCK_SLACK >= from_ms(enabled_at) > slot:
            return None  # enabled after that slot: the first run is the next one
        return slot

    def window(self, slot: datetime) -> tuple[datetime, datetime]:
        """The period a run at ``slot`` asks for: the last ``days_back`` complete days (naive MX wall clock)."""
        run_day = slot.astimezone(MEXICO_CITY).date()
        start = datetime.combine(run_day - timedelta(days=self.days_back), time(0, 0, 0))
        end = datetime.combine(run_day - timedelta(days=1), time(23, 59, 59))
        return start, end


def describe_next_run(schedule: Schedule, now: datetime, *, enabled_at: int | None = None) -> dict[str, Any]:
    """When the daily run happens next: a slot missed while the app was closed is due now (the next pass, or the
    OS task within the hour, runs it), not tomorrow."""
    due = schedule.due_slot(now, enabled_at=enabled_at)
    moment = now.astimezone(MEXICO_CITY).replace(microsecond=0) if due is not None else schedule.next_run(now)
    if moment is None:
        return {"nextRunAt": None, "nextRunAtLocal": None}
    return {"nextRunAt": to_ms(moment), "nextRunAtLocal": moment.strftime("%Y-%m-%d %H:%M (America/Mexico_City)")}
