"""The ``sync_runs`` table: one row per sync pass (its trigger, outcome and counters).

Every SQL statement about sync runs lives here; writes join the caller's transaction (``db.transaction``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop_app.core.store.db import ConnectionSource


@dataclass(frozen=True)
class RunCounts:
    """What a pass did, as its row keeps it."""

    submitted: int = 0
    verified: int = 0
    downloaded: int = 0
    ingested: int = 0


class SyncRunRepository:
    def __init__(self, db: ConnectionSource) -> None:
        self.db = db

    # -- reading -------------------------------------------------------------------------------------------

    def unfinished(self, rfc: str) -> list[int]:
        """The ids of the profile's runs that never ended (the app was killed during them)."""
        rows = self.db.get().execute("SELECT id FROM sync_runs WHERE rfc = ? AND finished_at IS NULL", (rfc,))
        return [int(row["id"]) for row in rows]

    def latest(self, rfc: str) -> dict[str, Any] | None:
        """The profile's newest run, as a dict of its columns (the Resumen page shows it), or None."""
        row = self.db.get().execute("SELECT * FROM sync_runs WHERE rfc = ? ORDER BY id DESC LIMIT 1", (rfc,)).fetchone()
        return dict(row) if row is not None else None

    # -- writing -------------------------------------------------------------------------------------------

    def start(self, rfc: str, trigger: str, started_at: int) -> int:
        """A new run (``running``, no end yet); its id."""
        cursor = self.db.get().execute(
            "INSERT INTO sync_runs(rfc, trigger, started_at) VALUES (?, ?, ?)", (rfc, trigger, started_at)
        )
        assert cursor.lastrowid is not None
        return int(cursor.lastrowid)

    def finish(
        self,
        run_id: int,
        *,
        finished_at: int,
        status: str,
        error: str | None,
        counts: RunCounts,
        error_code: str | None = None,
    ) -> None:
        """End a run: its status, its error (core's English sentence, and its code) and what it did."""
        self.db.get().execute(
            """UPDATE sync_runs SET finished_at = ?, status = ?, error = ?, error_code = ?, submitted = ?,
                   verified = ?, downloaded = ?, ingested = ? WHERE id = ?""",
            (
                finished_at,
                status,
                error,
                error_code,
                counts.submitted,
                counts.verified,
                counts.downloaded,
                counts.ingested,
                run_id,
            ),
        )

    def interrupt_unfinished(self, rfc: str, *, at: int, message: str) -> None:
        """Close the profile's runs that never ended as ``interrupted``, saying why."""
        self.db.get().execute(
            "UPDATE sync_runs SET finished_at = ?, status = 'interrupted', error = ? "
            "WHERE rfc = ? AND finished_at IS NULL",
            (at, message, rfc),
        )

    def delete_for(self, rfc: str) -> None:
        """Every run of a profile that is removed."""
        self.db.get().execute("DELETE FROM sync_runs WHERE rfc = ?", (rfc,))
