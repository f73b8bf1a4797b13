"""A data home's database as an older version of the app wrote it, built from a current one (migration tests).

Rows are made with today's code (an import), then rewritten into a database made by the released migrations
only, with each table's columns of that version and the values that version stored.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop_app.core.store.db import _split_sql, register_functions
from desktop_app.core.store.schema import MIGRATIONS

_FTS_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")


def downgrade_to_v2(db: Path, *, home: Path | None = None) -> None:
    """Rewrite ``db`` (closed by every user) as schema version 2 stored it.

    Version 2 kept the ISR withheld from salaries in ``isr_withheld`` (``cfdi:Impuestos``' ISR when not zero, else
    the Nómina's), had no damaged documents (it indexed recovered trees as good: such rows are kept as plain rows
    here), no payroll/damaged/warnings/flags/size/hash columns, and stored absolute vault paths when ``home`` is
    given (relative ones otherwise). ``invoice_months`` is recounted as version 2 counted it.
    """
    old = db.with_name(db.name + ".v2-build")
    old.unlink(missing_ok=True)
    conn = sqlite3.connect(old, isolation_level=None)
    register_functions(conn)
    conn.execute("BEGIN")
    for migration in MIGRATIONS[:2]:
        for statement in _split_sql(migration):
            conn.execute(statement)
    conn.execute("ATTACH DATABASE ? AS cur", (str(db),))
    tables = [
        name
        for (name,) in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")
        if not name.endswith(_FTS_SHADOWS) and name != "invoice_months"
    ]
    for table in tables:
        columns = [row[1] for row in conn.execute(f"PRAGMA main.table_info({table})")]
        if table.endswith("_fts"):
            conn.execute(f"DELETE FROM main.{table}")  # noqa: S608 - our own table names
            conn.execute(f"INSERT INTO main.{table}(rowid, text) SELECT rowid, text FROM cur.{table}")  # noqa: S608
            continue
        conn.execute(f"DELETE FROM main.{table}")  # noqa: S608
        current = {row[1] for row in conn.execute(f"PRAGMA cur.table_info({table})")}
        kept = [c for c in columns if c in current]
        values = list(kept)
        if table == "invoices":
            values = [
                {
                    "isr_withheld": "CASE WHEN payroll_isr_c <> 0 THEN payroll_isr_withheld ELSE isr_withheld END",
                    "isr_w_c": "isr_w_c + payroll_isr_c",
                    "path": "CASE WHEN path IS NULL OR ? IS NULL THEN path ELSE ? || '/' || path END",
                }.get(c, c)
                for c in kept
            ]
        sql = f"INSERT INTO main.{table}({', '.join(kept)}) SELECT {', '.join(values)} FROM cur.{table}"  # noqa: S608
        params = [str(home.absolute()) if home else None] * 2 if table == "invoices" and "path" in kept else []
        conn.execute(sql, params)
    conn.execute("DELETE FROM main.invoice_months")
    conn.execute(
        """INSERT INTO main.invoice_months(rfc, month, direction, type, status, n, subtotal_c, discount_c, total_c,
               iva_t_c, ieps_t_c, iva_w_c, isr_w_c, local_c)
           SELECT rfc, substr(coalesce(issue_date, ''), 1, 7), direction, coalesce(type, ''), status, count(*),
               sum(subtotal_c), sum(discount_c), sum(total_c), sum(iva_t_c), sum(ieps_t_c), sum(iva_w_c),
               sum(isr_w_c), sum(local_c)
           FROM main.invoices GROUP BY 1, 2, 3, 4, 5"""
    )
    conn.execute("PRAGMA main.user_version = 2")
    conn.execute("COMMIT")
    conn.execute("DETACH DATABASE cur")
    conn.close()
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    old.replace(db)


def downgrade_to(db: Path, version: int) -> None:
    """Rewrite ``db`` (closed by every user) as the first ``version`` migrations made it, for ``version`` from 5 on
    (``invoice_months``' key of migration 5): every table of that version with the columns it had, filled from the
    current rows; what later migrations added (tables, columns, indexes, triggers) is gone, and no value a later
    migration computes is kept."""
    old = db.with_name(f"{db.name}.v{version}-build")
    old.unlink(missing_ok=True)
    conn = sqlite3.connect(old, isolation_level=None)
    register_functions(conn)
    conn.execute("BEGIN")
    for migration in MIGRATIONS[:version]:
        for statement in _split_sql(migration):
            conn.execute(statement)
    conn.execute("ATTACH DATABASE ? AS cur", (str(db),))
    current = {name for (name,) in conn.execute("SELECT name FROM cur.sqlite_master WHERE type = 'table'")}
    tables = [
        name
        for (name,) in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")
        if not name.endswith(_FTS_SHADOWS) and name in current
    ]
    for table in tables:
        conn.execute(f"DELETE FROM main.{table}")  # noqa: S608 - our own table names
        if table.endswith("_fts"):
            conn.execute(f"INSERT INTO main.{table}(rowid, text) SELECT rowid, text FROM cur.{table}")  # noqa: S608
            continue
        columns = {row[1] for row in conn.execute(f"PRAGMA cur.table_info({table})")}
        kept = ", ".join(row[1] for row in conn.execute(f"PRAGMA main.table_info({table})") if row[1] in columns)
        conn.execute(f"INSERT INTO main.{table}({kept}) SELECT {kept} FROM cur.{table}")  # noqa: S608
    conn.execute(f"PRAGMA main.user_version = {int(version)}")
    conn.execute("COMMIT")
    conn.execute("DETACH DATABASE cur")
    conn.close()
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    old.replace(db)
