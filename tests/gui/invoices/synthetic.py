"""A synthetic invoice index written straight with SQL: hundreds of thousands of rows in seconds, no XML.

Used by the scaling test and, by hand, to measure the browser at a million rows
(``python -m tests.gui.invoices.synthetic HOME N``).
"""

from __future__ import annotations

import random
import sqlite3
import sys
from datetime import date, timedelta
from pathlib import Path

from desktop_app.core.store.db import register_functions
from desktop_app.core.store.schema import ASSIGN_PARTIES, RECOUNT_MONTHS, RECOUNT_PENDING

NAMES = ("ABARROTES LA ESPERANZA", "T&S CONSULTORES", 'GRUPO "EL ÁGUILA"', "MUÑOZ Y ASOCIADOS", "PAPELERÍA ÑANDÚ")
TYPES = "IIIIIEPNT"


def fill(conn: sqlite3.Connection, rfc: str, n: int, *, seed: int = 7, start: date = date(2019, 1, 1)) -> None:
    """Insert ``n`` metadata-only invoices of ``rfc`` (dates over ~7 years) with their search text and parties."""
    rng = random.Random(seed)
    span = 7 * 365
    first_id = (conn.execute("SELECT MAX(id) FROM invoices").fetchone()[0] or 0) + 1
    texts: list[tuple[int, str]] = []

    def rows():
        for i in range(n):
            day = start + timedelta(days=i * span // n)
            issued = rng.random() < 0.5
            other = f"XAX{rng.randrange(10**6):06d}AB{i % 10}"
            name = f"{rng.choice(NAMES)} {i % 997}"
            issuer, receiver = ((rfc, "YO MISMO"), (other, name)) if issued else ((other, name), (rfc, "YO MISMO"))
            subtotal = rng.randrange(100, 10_000_000)
            iva = subtotal * 16 // 100
            total = subtotal + iva
            uuid = f"{rng.getrandbits(32):08X}-{i >> 16 & 0xFFFF:04X}-4{i & 0xFFF:03X}-8000-{i:012X}"
            texts.append((first_id + i, uuid))
            yield (
                first_id + i,
                rfc,
                uuid,
                "issued" if issued else "received",
                TYPES[i % len(TYPES)],
                f"{day.isoformat()}T{i % 24:02d}:00:00",
                issuer[0],
                issuer[1],
                receiver[0],
                receiver[1],
                "MXN",
                f"{subtotal / 100:.2f}",
                f"{total / 100:.2f}",
                f"{iva / 100:.2f}",
                "cancelado" if i % 23 == 0 else "vigente",
                subtotal,
                total,
                iva,
                "PUE" if i % 3 else "PPD",
                "03",
                0,
            )

    conn.execute("BEGIN")
    conn.executemany(
        """INSERT INTO invoices(id, rfc, uuid, direction, type, issue_date, issuer_rfc, issuer_name, receiver_rfc,
               receiver_name, currency, subtotal, total, iva_transferred, status, subtotal_c, total_c, iva_t_c,
               payment_method, payment_form, has_xml, related_uuids, details, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', '{}', 0)""",
        rows(),
    )
    conn.executemany("INSERT INTO invoices_fts(rowid, text) VALUES (?, ?)", texts)
    register_functions(conn)
    for statement in ASSIGN_PARTIES:  # names and RFCs are searched through parties, as the ingest makes them
        conn.execute(statement)
    for statement in RECOUNT_MONTHS:  # the monthly totals, which the ingest adds per batch
        conn.execute(statement, (rfc,))
    conn.execute(RECOUNT_PENDING, (rfc,))  # what each PPD invoice owes (no payments here: its total)
    conn.execute("COMMIT")


if __name__ == "__main__":  # pragma: no cover - manual benchmark helper
    from desktop_app.core.store.db import DB_NAME, connect

    home, count = Path(sys.argv[1]), int(sys.argv[2])
    home.mkdir(parents=True, exist_ok=True)
    connection = connect(home / DB_NAME)
    connection.isolation_level = None
    fill(connection, sys.argv[3] if len(sys.argv) > 3 else "EKU9003173C9", count)
