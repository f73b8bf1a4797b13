"""The ``requests`` and ``request_events`` tables: the ledger of every request made to SAT.

Every SQL statement about requests lives here; writes join the caller's transaction (``db.transaction``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from desktop_app.core.store import dialect
from desktop_app.core.store.db import ConnectionSource

# The columns :meth:`RequestRepository.insert` writes (in this order), and those :meth:`RequestRepository.update`
# may change: a name outside these sets is a programming error, never SQL.
INSERT_COLUMNS = (
    "id",
    "rfc",
    "service",
    "rfc_type",
    "request_type",
    "start_at",
    "end_at",
    "invoice_type",
    "invoice_status",
    "third_party_rfc",
    "counterparts",
    "complement",
    "folio",
    "params_key",
    "source",
    "status",
    "submit_state",
    "parent_id",
    "created_at",
    "next_check_at",
)
UPDATABLE_COLUMNS = frozenset(
    {
        "start_at",
        "end_at",
        "params_key",
        "status",
        "status_message",
        "status_code",
        "status_params",
        "submit_state",
        "sat_request_id",
        "sat_code",
        "sat_message",
        "sat_state",
        "sat_state_code",
        "invoice_count",
        "processed_count",
        "earliest_issue_date",
        "latest_issue_date",
        "submitted_at",
        "completed_at",
        "last_checked_at",
        "next_check_at",
        "check_count",
        "submit_attempts",
    }
)
# Dialect-specific SQL: the order requests were inserted in (ties of ``created_at``). SQLite: the rowid;
# PostgreSQL: the hidden identity column ``requests._seq`` (schema_pg).
_INSERTION_ORDER = {dialect.SQLITE: "rowid", dialect.POSTGRESQL: "_seq"}
EVENT_COLUMNS = ("request_id", "at", "operation", "sat_code", "sat_state", "sat_state_code", "message")


def assignments(fields: Mapping[str, Any], allowed: frozenset[str]) -> str:
    """``a = ?, b = ?`` for ``fields``, refusing any name outside ``allowed`` (names become SQL text)."""
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise ValueError(f"not an updatable column: {', '.join(unknown)}")
    return ", ".join(f"{name} = ?" for name in fields)


class RequestRepository:
    def __init__(self, db: ConnectionSource) -> None:
        self.db = db

    # -- reading -------------------------------------------------------------------------------------------

    def id_for_sat_request(self, rfc: str, sat_request_id: str) -> str | None:
        """Our id of the request SAT calls ``sat_request_id`` (case-insensitive), if we made it."""
        row = (
            self.db.get()
            .execute(
                "SELECT id FROM requests WHERE rfc = ? AND lower(sat_request_id) = lower(?)", (rfc, sat_request_id)
            )
            .fetchone()
        )
        return str(row["id"]) if row is not None else None

    def get(self, request_id: str, rfc: str | None = None) -> sqlite3.Row | None:
        """One request by our id or SAT's (``IdSolicitud``), optionally only if it belongs to ``rfc``."""
        row: sqlite3.Row | None = (
            self.db.get()
            .execute(
                "SELECT * FROM requests WHERE (id = ? OR sat_request_id = ?) AND (? IS NULL OR rfc = ?)",
                (request_id, request_id, rfc, rfc),
            )
            .fetchone()
        )
        return row

    def history(self, rfc: str, limit: int | None = None) -> list[sqlite3.Row]:
        """One RFC's requests, newest first (at most ``limit`` when given and not 0)."""
        conn = self.db.get()
        order = _INSERTION_ORDER[dialect.of(conn)]
        sql = f"SELECT * FROM requests WHERE rfc = ? ORDER BY created_at DESC, {order} DESC"  # noqa: S608
        params: tuple[Any, ...] = (rfc,)
        if limit:
            sql += " LIMIT ?"
            params = (rfc, limit)
        return list(conn.execute(sql, params))

    def open_requests(self, rfc: str) -> list[sqlite3.Row]:
        """Requests still pending, accepted or processing, oldest first."""
        conn = self.db.get()
        return list(
            conn.execute(
                "SELECT * FROM requests WHERE rfc = ? AND status IN ('pending', 'accepted', 'processing') "  # noqa: S608
                f"ORDER BY created_at, {_INSERTION_ORDER[dialect.of(conn)]}",
                (rfc,),
            )
        )

    def identical(self, rfc: str, key: str) -> list[sqlite3.Row]:
        """Requests with the same ``params_key`` (what SAT compares), oldest first."""
        conn = self.db.get()
        order = _INSERTION_ORDER[dialect.of(conn)]
        return list(
            conn.execute(
                f"SELECT * FROM requests WHERE rfc = ? AND params_key = ? ORDER BY created_at, {order}",  # noqa: S608
                (rfc, key),
            )
        )

    def events(self, request_id: str) -> list[dict[str, Any]]:
        rows = self.db.get().execute("SELECT * FROM request_events WHERE request_id = ? ORDER BY id", (request_id,))
        return [dict(r) for r in rows]

    # -- writing (inside the caller's transaction) ---------------------------------------------------------

    def insert(self, values: Mapping[str, Any]) -> None:
        """A new request: ``values`` holds exactly :data:`INSERT_COLUMNS`."""
        if set(values) != set(INSERT_COLUMNS):
            raise ValueError(f"a request needs exactly {INSERT_COLUMNS}")
        self.db.get().execute(
            f"INSERT INTO requests({', '.join(INSERT_COLUMNS)}) "  # noqa: S608 - names are the constant's
            f"VALUES ({', '.join('?' for _ in INSERT_COLUMNS)})",
            tuple(values[name] for name in INSERT_COLUMNS),
        )

    def add_event(
        self,
        request_id: str,
        at: int,
        operation: str,
        sat_code: int | None,
        sat_state: int | None,
        sat_state_code: int | None,
        message: str | None,
    ) -> None:
        self.db.get().execute(
            """INSERT INTO request_events(request_id, at, operation, sat_code, sat_state, sat_state_code, message)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            (request_id, at, operation, sat_code, sat_state, sat_state_code, message),
        )

    def update(self, request_id: str, fields: Mapping[str, Any]) -> None:
        """Set ``fields`` (names from :data:`UPDATABLE_COLUMNS`) of one request."""
        if not fields:
            return
        self.db.get().execute(
            f"UPDATE requests SET {assignments(fields, UPDATABLE_COLUMNS)} WHERE id = ?",  # noqa: S608 - whitelisted
            (*fields.values(), request_id),
        )

    def widen_dates(self, request_id: str, earliest: str | None, latest: str | None) -> None:
        """Stretch the request's earliest/latest issue dates to cover ``earliest``..``latest``."""
        conn = self.db.get()
        if earliest:
            conn.execute(
                "UPDATE requests SET earliest_issue_date = ? WHERE id = ? AND "
                "(earliest_issue_date IS NULL OR earliest_issue_date > ?)",
                (earliest, request_id, earliest),
            )
        if latest:
            conn.execute(
                "UPDATE requests SET latest_issue_date = ? WHERE id = ? AND "
                "(latest_issue_date IS NULL OR latest_issue_date < ?)",
                (latest, request_id, latest),
            )
