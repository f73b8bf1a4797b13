"""The ``efos_taxpayers`` and ``efos_import`` tables: SAT's list of taxpayers with presumed non-existent operations
(CFF art. 69-B, "EFOS"; the rules are :mod:`desktop_app.core.efos`, the file's layout ``docs/efos-69b.md``).

``efos_taxpayers`` holds one row per RFC of the list loaded last; ``efos_import`` (one row, id 1) that list's
metadata. An import replaces both inside the caller's transaction (``db.transaction``): until it commits, every
reader keeps seeing the previous list. The list is the data home's, not a profile's: every profile is checked
against the same one.

Every SQL statement about the 69-B list lives here, the read that joins it with ``invoices`` too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from desktop_app.core.store.db import ConnectionSource

# The situations of the procedure, as stored (``efos_taxpayers.situation``), in the order of CFF art. 69-B.
SITUATIONS = ("presunto", "desvirtuado", "definitivo", "sentencia_favorable")
# Each situation's publication dates (SAT's portal, Diario Oficial) and its oficio global: column names.
DATE_COLUMNS = tuple(f"{situation}_{source}" for situation in SITUATIONS for source in ("sat", "dof"))
OFICIO_COLUMNS = tuple(f"{situation}_oficio" for situation in SITUATIONS)
# A row of ``efos_taxpayers`` as :meth:`EfosRepository.add` takes it and the reads give it back.
COLUMNS = ("rfc", "name", "situation", "line", *DATE_COLUMNS, *OFICIO_COLUMNS, "newest")
_COLUMN_LIST = ", ".join(COLUMNS)
_E_COLUMNS = ", ".join(f"e.{c}" for c in COLUMNS)

# A row already there (the same RFC twice in one file) is replaced only by one whose newest date is not older:
# the later step of the procedure wins; on a tie, the later line of the file.
_ADD = (
    f"INSERT INTO efos_taxpayers({_COLUMN_LIST}) VALUES ({', '.join('?' for _ in COLUMNS)}) "  # noqa: S608
    f"ON CONFLICT (rfc) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in COLUMNS[1:])} "
    "WHERE excluded.newest >= efos_taxpayers.newest"
)
_IMPORT_COLUMNS = (
    "file_name",
    "sha256",
    "size",
    "encoding",
    "rows",
    "imported_at",
    "list_date",
    "list_date_source",
    "details",
)
# SQLite's default limit of host parameters is 32,766 (999 before 3.32): stay well under both.
_CHUNK = 500

# A profile's counterparts on the list, one side at a time: the issuers of its received documents, the receivers
# of its issued ones. From the profile's parties (each distinct issuer/receiver pair of its invoices, a few thousand
# rows even at a million invoices) to those whose counterpart RFC is on the list (a primary-key probe each), then
# to their invoices through ``invoices_by_party`` — (rfc, damaged, party_id, issue_date, id, direction, type,
# status, total_c, …) covers every column summed here, so even a counterpart with a hundred thousand invoices is
# summed from the index alone, never from the rows (1,000,000 invoices, 300 counterparts listed with 556,000 of
# them: ~0.3 s; benchmarks/efos_lookup.py). ``INDEXED BY`` names the index the plan depends on: with ANALYZE's
# statistics SQLite chose an automatic index over the profile's invoices for an earlier form of this query (2 s at
# 20,000 invoices); were the index ever dropped, the query fails at once instead of turning slow
# (tests/core/test_efos.py). Cancelled documents are counted apart and never summed (issue 17); damaged ones are
# left out, as in every list of the index.
_COUNTERPARTS = """
    SELECT p.{side}_rfc AS rfc, count(*) AS n,
           total(CASE WHEN i.status = 'cancelado' THEN 0 ELSE i.total_c END) AS total_c,
           total(i.status = 'cancelado') AS cancelled,
           min(i.issue_date) AS first_issue_date, max(i.issue_date) AS last_issue_date
    FROM parties p CROSS JOIN invoices i INDEXED BY invoices_by_party
    WHERE p.rfc = ? AND p.{side}_rfc IN (SELECT rfc FROM efos_taxpayers)
      AND i.rfc = p.rfc AND i.damaged IS NULL AND i.party_id = p.id AND i.direction = ?
    GROUP BY p.{side}_rfc
"""
COUNTERPART_SIDES = {"received": "issuer", "issued": "receiver"}


class EfosRepository:
    """The 69-B list loaded in this data home and its metadata."""

    def __init__(self, db: ConnectionSource) -> None:
        self.db = db

    # -- an import (inside the caller's transaction) -----------------------------------------------------------

    def clear(self) -> None:
        """Forget the list (the caller's transaction adds the new one before it commits)."""
        conn = self.db.get()
        conn.execute("DELETE FROM efos_taxpayers")
        conn.execute("DELETE FROM efos_import")

    def add(self, rows: Iterable[Sequence[Any]]) -> None:
        """Rows in :data:`COLUMNS` order; an RFC already there keeps the row with the newer publication."""
        self.db.get().executemany(_ADD, rows)

    def save_import(self, **meta: Any) -> None:
        """The loaded list's metadata (:data:`_IMPORT_COLUMNS`), replacing the previous one."""
        values = [meta[c] for c in _IMPORT_COLUMNS]
        self.db.get().execute(
            f"INSERT OR REPLACE INTO efos_import(id, {', '.join(_IMPORT_COLUMNS)}) "  # noqa: S608 - our own names
            f"VALUES (1, {', '.join('?' for _ in _IMPORT_COLUMNS)})",
            values,
        )

    # -- reads -----------------------------------------------------------------------------------------------

    def load_import(self) -> dict[str, Any] | None:
        """The loaded list's metadata, or None when no list was ever imported."""
        row = (
            self.db.get()
            .execute(f"SELECT {', '.join(_IMPORT_COLUMNS)} FROM efos_import WHERE id = 1")  # noqa: S608
            .fetchone()
        )
        return dict(row) if row is not None else None

    def count_by_situation(self) -> dict[str, int]:
        """How many RFCs the list has in each situation (every situation named, 0 when none)."""
        counts = dict.fromkeys(SITUATIONS, 0)
        for situation, n in self.db.get().execute("SELECT situation, count(*) FROM efos_taxpayers GROUP BY 1"):
            counts[situation] = int(n)
        return counts

    def find(self, rfcs: Sequence[str]) -> list[sqlite3.Row]:
        """The list's rows of these RFCs (upper-case, as stored); RFCs not on the list are simply absent."""
        conn = self.db.get()
        found: list[sqlite3.Row] = []
        for start in range(0, len(rfcs), _CHUNK):
            chunk = list(rfcs[start : start + _CHUNK])
            found.extend(
                conn.execute(
                    f"SELECT {_COLUMN_LIST} FROM efos_taxpayers "  # noqa: S608 - our own names
                    f"WHERE rfc IN ({', '.join('?' for _ in chunk)})",
                    chunk,
                )
            )
        return found

    def counterpart_totals(self, rfc: str) -> list[tuple[str, sqlite3.Row]]:
        """(direction, row) per counterpart of profile ``rfc`` on the list and direction (issued: the receivers
        of its issued documents; received: the issuers of its received ones): ``rfc``, ``n`` (documents),
        ``total_c`` (MXN cents of those not cancelled), ``cancelled``, ``first_issue_date``, ``last_issue_date``.
        Damaged documents are left out, as in every list of the index."""
        conn = self.db.get()
        out: list[tuple[str, sqlite3.Row]] = []
        for direction, side in COUNTERPART_SIDES.items():
            sql = _COUNTERPARTS.format(side=side)
            out.extend((direction, row) for row in conn.execute(sql, (rfc, direction)))
        return out

    def counterpart_plan(self, rfc: str) -> list[str]:
        """SQLite's plan of :meth:`counterpart_totals` (tests check that the invoices are probed by index)."""
        conn = self.db.get()
        plan: list[str] = []
        for direction, side in COUNTERPART_SIDES.items():
            sql = "EXPLAIN QUERY PLAN " + _COUNTERPARTS.format(side=side)
            plan.extend(str(row[3]) for row in conn.execute(sql, (rfc, direction)))
        return plan

    def rows(self) -> list[sqlite3.Row]:
        """Every row of the list, by RFC (tests and exports; ~14,000 rows)."""
        return list(self.db.get().execute(f"SELECT {_COLUMN_LIST} FROM efos_taxpayers ORDER BY rfc"))  # noqa: S608
