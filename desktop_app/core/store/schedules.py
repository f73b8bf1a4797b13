"""The ``schedules`` table: each profile's daily sync (time, download types, days back, the months of received
invoices re-checked at SAT) and its last run.

Every SQL statement about schedules lives here; writes join the caller's transaction (``db.transaction``).
"""

from __future__ import annotations

import json

from desktop_app.core.schedule import Schedule
from desktop_app.core.store.db import ConnectionSource


class ScheduleRepository:
    """One row per profile (created with the profile, deleted with it: ``ON DELETE CASCADE``)."""

    def __init__(self, db: ConnectionSource) -> None:
        self.db = db

    # -- reading -------------------------------------------------------------------------------------------

    def load(self, rfc: str) -> tuple[Schedule, int | None]:
        """The profile's schedule and when it was last enabled (ms; None if never)."""
        row = self.db.get().execute("SELECT * FROM schedules WHERE rfc = ?", (rfc,)).fetchone()
        if row is None:
            raise LookupError(f"no schedule for {rfc}")
        return Schedule.from_row(row), row["enabled_at"]

    def last_run_day(self, rfc: str) -> str | None:
        """The day (``YYYY-MM-DD``) of the last daily run's slot, if it ever ran."""
        row = self.db.get().execute("SELECT last_run_day FROM schedules WHERE rfc = ?", (rfc,)).fetchone()
        return row["last_run_day"] if row is not None else None

    # -- writing -------------------------------------------------------------------------------------------

    def create(self, rfc: str) -> None:
        """A new profile's schedule: the defaults, disabled."""
        self.db.get().execute("INSERT INTO schedules(rfc) VALUES (?)", (rfc,))

    def save(self, rfc: str, schedule: Schedule, enabled_at: int | None) -> None:
        """The user's settings (enabled, time, download types, days back, months re-checked at SAT); the last run
        is left as it is."""
        self.db.get().execute(
            """UPDATE schedules SET enabled = ?, time = ?, download_types = ?, days_back = ?, enabled_at = ?,
               recheck_months = ?, paused = 0 WHERE rfc = ?""",
            (
                int(schedule.enabled),
                schedule.time,
                json.dumps(list(schedule.download_types)),
                schedule.days_back,
                enabled_at,
                schedule.recheck_months,
                rfc,
            ),
        )

    def pause(self, rfc: str) -> None:
        """A deactivation stops the daily sync; ``paused`` remembers whether it was on, for :meth:`resume`."""
        self.db.get().execute(
            "UPDATE schedules SET paused = CASE WHEN enabled = 1 THEN 1 ELSE paused END, enabled = 0 WHERE rfc = ?",
            (rfc,),
        )

    def resume(self, rfc: str, enabled_at: int) -> bool:
        """Activating again: the daily sync a deactivation paused is on again (True), else nothing changes."""
        cursor = self.db.get().execute(
            "UPDATE schedules SET enabled = 1, enabled_at = ?, paused = 0 WHERE rfc = ? AND paused = 1",
            (enabled_at, rfc),
        )
        return cursor.rowcount > 0

    def start_run(self, rfc: str, at: int, day: str) -> None:
        """The daily run of ``day`` (its slot's date) started at ``at``: it is ``running`` until it ends."""
        self.db.get().execute(
            "UPDATE schedules SET last_run_at = ?, last_run_day = ?, last_run_status = 'running', "
            "last_run_error = NULL WHERE rfc = ?",
            (at, day, rfc),
        )

    def finish_run(self, rfc: str, status: str, error: str | None) -> None:
        self.db.get().execute(
            "UPDATE schedules SET last_run_status = ?, last_run_error = ? WHERE rfc = ?", (status, error, rfc)
        )

    def interrupt_running(self, rfc: str, message: str) -> None:
        """A daily run left ``running`` by a killed app is ``interrupted`` (a finished one is left alone)."""
        self.db.get().execute(
            "UPDATE schedules SET last_run_status = 'interrupted', last_run_error = ? "
            "WHERE rfc = ? AND last_run_status = 'running'",
            (message, rfc),
        )
