"""The reports' tables (``store/taxes.py``): written beside each invoice by the index writer, replaced when a
document is indexed again, gone with their invoice."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop_app.core.store import schema
from tests.core.reports.builder import Concept, T, cfdi
from tests.core.reports.conftest import cli_process, report

RFC = "EKU9003173C9"
U = "ABCDEF01-0000-4000-8000-00000000AAAA"


def _rows(home: Path, table: str) -> list[tuple]:
    conn = sqlite3.connect(home / "descarga.sqlite3")
    try:
        return conn.execute(f"SELECT * FROM {table}").fetchall()  # noqa: S608 - the test's own table names
    finally:
        conn.close()


def _invoice(rate: str, amount: str) -> bytes:
    return cfdi(U, "2025-03-05T10:00:00", issuer=RFC, receiver="AAA010101AAA",
                concepts=[Concept("1000.00", [T("1000.00", amount, rate=rate)])])  # fmt: skip


def test_rows_follow_their_invoice(tmp_path):
    home = tmp_path / "home"
    cli_process(home, "profile", "add", RFC)
    first = tmp_path / "a" / f"{U}.xml"
    first.parent.mkdir()
    first.write_bytes(_invoice("0.160000", "160.00"))
    cli_process(home, "invoices", "import", str(first))
    conn = sqlite3.connect(home / "descarga.sqlite3")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    conn.close()
    assert [row[1:] for row in _rows(home, "invoice_taxes")] == [
        ("T", "002", "Tasa", "0.160000", "1000.00", "160.00", 100000, 16000)
    ]
    assert report(home, "iva", "--period", "2025-03")["accrual"]["transferred"] == "160.00"
    # the same UUID from another file: the vault's copy stays while it is there...
    second = tmp_path / "b" / f"{U}.xml"
    second.parent.mkdir()
    second.write_bytes(_invoice("0.080000", "80.00"))
    assert cli_process(home, "invoices", "import", str(second))["conflict"] == 1
    assert [row[1:5] for row in _rows(home, "invoice_taxes")] == [("T", "002", "Tasa", "0.160000")]
    # ...and when it is gone the file is indexed again: its rows are replaced, not added to
    next((home / RFC).rglob(f"{U}.xml")).unlink()
    assert cli_process(home, "invoices", "import", str(second))["updated"] == 1
    assert [row[1:5] for row in _rows(home, "invoice_taxes")] == [("T", "002", "Tasa", "0.080000")]
    data = report(home, "iva", "--period", "2025-03")["accrual"]
    assert data["transferred"] == "80.00" and data["by_rate"]["16"]["issued_iva"] == "0.00"
    # a removed profile takes its invoices' rows along
    cli_process(home, "profile", "remove", RFC)
    assert _rows(home, "invoice_taxes") == [] and _rows(home, "invoices") == []


def test_a_document_indexed_twice_in_one_batch_keeps_only_its_first_rows(tmp_path):
    """The writer collects a batch's tax rows and writes them before its commit: a UUID that comes twice in one
    import (other bytes) must end with one copy's rows only, not both, and no primary-key clash — the first
    copy's, which the import keeps (the second is a conflict)."""
    home = tmp_path / "home"
    cli_process(home, "profile", "add", RFC)
    paths = []
    for folder, rate, amount in (("a", "0.160000", "160.00"), ("b", "0.080000", "80.00")):
        path = tmp_path / folder / f"{U}.xml"
        path.parent.mkdir()
        path.write_bytes(_invoice(rate, amount))
        paths.append(str(path))
    result = cli_process(home, "invoices", "import", *paths)
    assert (result["added"], result["updated"], result["conflict"]) == (1, 0, 1)
    assert [row[1:5] for row in _rows(home, "invoice_taxes")] == [("T", "002", "Tasa", "0.160000")]
    assert report(home, "iva", "--period", "2025-03")["accrual"]["transferred"] == "160.00"
