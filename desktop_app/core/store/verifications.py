"""The ``verification_runs`` and ``verification_items`` tables: status checks at SAT for many invoices at once
(issue 17.3; the rules are :mod:`desktop_app.core.verify_ops`).

A run's UUIDs are snapshotted when it is made (a list, a filter of the index, or the daily re-check's received
vigente invoices); each item keeps SAT's answer as it comes and the run's counters move in the same transaction,
so a run killed midway resumes with the items still ``pending``. Nothing here reads or writes ``requests``: a
verification is not a Descarga Masiva request.

Every SQL statement about verifications lives here; writes join the caller's transaction (``db.transaction``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from desktop_app.core.store.db import ConnectionSource
from desktop_app.core.store.invoices import InvoiceFilter, build_where

# A run still to be worked on: made and never started, working (or killed while working: see
# :meth:`VerificationRepository.interrupt_running`), paused between slices, stopped by the user, or killed.
UNFINISHED = ("pending", "running", "paused", "cancelled", "interrupted")
_UNFINISHED_SQL = ", ".join(f"'{status}'" for status in UNFINISHED)

# Only CFDI: ConsultaCFDIService does not know Retenciones documents, and a damaged one is not listed anywhere.
_VERIFIABLE = "i.family = 'cfdi'"


class VerificationRepository:
    """Verification runs of every profile and their items."""

    def __init__(self, db: ConnectionSource) -> None:
        self.db = db

    # -- making a run ------------------------------------------------------------------------------------------

    def create_run(self, rfc: str, *, trigger: str, scope: str, rate: float, created_at: int) -> int:
        """A new run (``pending``, no items yet); its id. ``scope`` is JSON saying what was asked."""
        rowid = (
            self.db.get()
            .execute(
                "INSERT INTO verification_runs(rfc, trigger, scope, rate, created_at) VALUES (?, ?, ?, ?, ?)",
                (rfc, trigger, scope, rate, created_at),
            )
            .lastrowid
        )
        assert rowid is not None
        return rowid

    def add_uuids(self, run_id: int, uuids: Iterable[str]) -> int:
        """The run's items from a list of UUIDs (in that order); how many."""
        rows = [(run_id, seq, uuid) for seq, uuid in enumerate(uuids, 1)]
        self.db.get().executemany("INSERT INTO verification_items(run_id, seq, uuid) VALUES (?, ?, ?)", rows)
        return self._set_total(run_id)

    def add_filtered(self, run_id: int, rfc: str, flt: InvoiceFilter) -> int:
        """The run's items: the CFDI ``flt`` lists (newest first); how many."""
        where, params = build_where(rfc, flt)
        self.db.get().execute(
            "INSERT INTO verification_items(run_id, seq, uuid) "  # noqa: S608 - our own SQL
            f"SELECT ?, row_number() OVER (ORDER BY i.issue_date DESC, i.id DESC), i.uuid FROM invoices i "
            f"WHERE {where} AND {_VERIFIABLE}",
            [run_id, *params],
        )
        return self._set_total(run_id)

    def add_recheck(self, run_id: int, rfc: str, *, issued_since: str, verified_before: int) -> int:
        """The daily re-check's items: the profile's received CFDI the index has as vigente — or does not know
        (``unknown``: an XML the user imported, never asked about) —, issued on or after ``issued_since``
        (``YYYY-MM-DD``), that SAT was not asked about since ``verified_before`` (ms); how many."""
        self.db.get().execute(
            "INSERT INTO verification_items(run_id, seq, uuid) "  # noqa: S608 - our own SQL
            "SELECT ?, row_number() OVER (ORDER BY i.issue_date DESC, i.id DESC), i.uuid FROM invoices i "
            "WHERE i.rfc = ? AND i.damaged IS NULL AND i.issue_date >= ? AND i.direction = 'received' "
            f"AND i.status IN ('vigente', 'unknown') AND {_VERIFIABLE} "
            "AND (i.verified_at IS NULL OR i.verified_at < ?)",
            (run_id, rfc, issued_since, verified_before),
        )
        return self._set_total(run_id)

    def _set_total(self, run_id: int) -> int:
        conn = self.db.get()
        total = int(conn.execute("SELECT count(*) FROM verification_items WHERE run_id = ?", (run_id,)).fetchone()[0])
        conn.execute("UPDATE verification_runs SET total = ? WHERE id = ?", (total, run_id))
        return total

    def delete_run(self, run_id: int) -> None:
        self.db.get().execute("DELETE FROM verification_runs WHERE id = ?", (run_id,))

    # -- working on a run --------------------------------------------------------------------------------------

    def interrupt_running(self, rfc: str, message: str) -> int:
        """Runs left ``running`` are ``interrupted`` (called by whoever holds the profile's verification lock:
        a run still ``running`` then belongs to a process that died); how many."""
        cursor = self.db.get().execute(
            "UPDATE verification_runs SET status = 'interrupted', error_code = 'interrupted', error_message = ? "
            "WHERE rfc = ? AND status = 'running'",
            (message, rfc),
        )
        return cursor.rowcount

    def has_running(self, rfc: str) -> bool:
        """Whether some run of the profile says it is ``running`` (working now, or killed while it was)."""
        sql = "SELECT 1 FROM verification_runs WHERE rfc = ? AND status = 'running' LIMIT 1"
        return self.db.get().execute(sql, (rfc,)).fetchone() is not None

    def start(self, run_id: int, at: int, rate: float) -> None:
        """The run works now (again), at ``rate``; a previous stop's error is forgotten."""
        self.db.get().execute(
            "UPDATE verification_runs SET status = 'running', rate = ?, started_at = coalesce(started_at, ?), "
            "finished_at = NULL, error_code = NULL, error_message = NULL WHERE id = ?",
            (rate, at, run_id),
        )

    def requeue_failed(self, run_id: int) -> int:
        """Items that failed in an earlier attempt of the run are asked again; how many."""
        conn = self.db.get()
        cursor = conn.execute(
            "UPDATE verification_items SET state = 'pending' WHERE run_id = ? AND state = 'failed'", (run_id,)
        )
        if cursor.rowcount:
            conn.execute("UPDATE verification_runs SET failed = 0 WHERE id = ?", (run_id,))
        return cursor.rowcount

    def pending(self, run_id: int, *, after: int, limit: int) -> list[tuple[int, str]]:
        """Up to ``limit`` items still to ask about, as (seq, uuid), in order, after item ``after``."""
        rows = (
            self.db.get()
            .execute(
                "SELECT seq, uuid FROM verification_items WHERE run_id = ? AND state = 'pending' AND seq > ? "
                "ORDER BY seq LIMIT ?",
                (run_id, after, limit),
            )
            .fetchall()
        )
        return [(int(row[0]), str(row[1])) for row in rows]

    def record_answer(
        self,
        run_id: int,
        seq: int,
        *,
        previous_status: str | None,
        status: str | None,
        changed: bool,
        answer: str,
        attempts: int,
        at: int,
    ) -> None:
        """SAT answered about item ``seq`` (``status`` None: SAT does not find the CFDI); ``answer`` is JSON."""
        conn = self.db.get()
        conn.execute(
            "UPDATE verification_items SET state = 'answered', previous_status = ?, status = ?, changed = ?, "
            "answer = ?, error_code = NULL, error_message = NULL, attempts = ?, checked_at = ? "
            "WHERE run_id = ? AND seq = ?",
            (previous_status, status, int(changed), answer, attempts, at, run_id, seq),
        )
        conn.execute(
            "UPDATE verification_runs SET answered = answered + 1, changed = changed + ?, not_found = not_found + ? "
            "WHERE id = ?",
            (int(changed), int(status is None), run_id),
        )

    def record_failure(self, run_id: int, seq: int, *, code: str, message: str, attempts: int, at: int) -> None:
        """Item ``seq`` could not be checked (``code``: why); the run goes on with the others."""
        conn = self.db.get()
        conn.execute(
            "UPDATE verification_items SET state = 'failed', error_code = ?, error_message = ?, attempts = ?, "
            "checked_at = ? WHERE run_id = ? AND seq = ?",
            (code, message, attempts, at, run_id, seq),
        )
        conn.execute("UPDATE verification_runs SET failed = failed + 1 WHERE id = ?", (run_id,))

    def finish(self, run_id: int, status: str, at: int, *, code: str | None = None, message: str | None = None) -> None:
        """The run stops as ``status`` (completed, paused, cancelled, interrupted) at ``at``."""
        self.db.get().execute(
            "UPDATE verification_runs SET status = ?, finished_at = ?, error_code = ?, error_message = ? WHERE id = ?",
            (status, at, code, message, run_id),
        )

    # -- reading -------------------------------------------------------------------------------------------------

    def get(self, run_id: int) -> dict[str, Any] | None:
        """One run's row (with ``pending``: items not answered nor failed), or None."""
        row = (
            self.db.get()
            .execute(
                "SELECT r.*, (SELECT count(*) FROM verification_items v WHERE v.run_id = r.id "
                "AND v.state = 'pending') AS pending FROM verification_runs r WHERE r.id = ?",
                (run_id,),
            )
            .fetchone()
        )
        return dict(row) if row is not None else None

    def latest_unfinished(self, rfc: str, trigger: str) -> dict[str, Any] | None:
        """The profile's newest run of ``trigger`` that is still to be worked on (see :data:`UNFINISHED`)."""
        row = (
            self.db.get()
            .execute(
                "SELECT id FROM verification_runs WHERE rfc = ? AND trigger = ? "  # noqa: S608 - our own SQL
                f"AND status IN ({_UNFINISHED_SQL}) ORDER BY id DESC LIMIT 1",
                (rfc, trigger),
            )
            .fetchone()
        )
        return self.get(int(row[0])) if row is not None else None

    def runs(self, rfc: str, limit: int | None = None) -> list[dict[str, Any]]:
        """The profile's runs, newest first (their counters, no items)."""
        sql = "SELECT * FROM verification_runs WHERE rfc = ? ORDER BY id DESC"
        params: list[Any] = [rfc]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [dict(row) for row in self.db.get().execute(sql, params)]

    def changes(self, run_id: int, *, limit: int | None = None) -> list[dict[str, Any]]:
        """The run's items whose status changed, in order, with what the index says of each invoice."""
        return self._items(run_id, "v.changed = 1", limit)

    def failures(self, run_id: int, *, limit: int | None = None) -> list[dict[str, Any]]:
        """The run's items that could not be checked, in order."""
        return self._items(run_id, "v.state = 'failed'", limit)

    def _items(self, run_id: int, condition: str, limit: int | None) -> list[dict[str, Any]]:
        sql = (
            "SELECT v.seq, v.uuid, v.state, v.previous_status, v.status, v.error_code, v.error_message, "  # noqa: S608
            "v.attempts, v.checked_at, i.direction, i.issue_date, i.issuer_rfc, i.issuer_name, i.receiver_rfc, "
            "i.receiver_name, i.total, i.currency FROM verification_items v "
            "JOIN verification_runs r ON r.id = v.run_id "
            "LEFT JOIN invoices i ON i.rfc = r.rfc AND i.uuid = v.uuid "
            f"WHERE v.run_id = ? AND {condition} ORDER BY v.seq"
        )
        params: list[Any] = [run_id]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        rows: list[sqlite3.Row] = self.db.get().execute(sql, params).fetchall()
        return [dict(row) for row in rows]
