"""The ``requests`` and ``request_events`` tables: the ledger of every request made to SAT.

Every SQL statement about requests lives here; writes join the caller's transaction (``db.transaction``).
"""

from __future__ import annotations

from desktop_app.core.store.db import ConnectionSource


class RequestRepository:
    def __init__(self, db: ConnectionSource) -> None:
        self.db = db

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
