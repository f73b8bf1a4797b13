"""A data home indexed before the reports' tables existed: the first report reads every document's taxes again
from the vault (in committed batches: an interrupted run goes on where it stopped), documents whose XML is gone
or changed are named, and the figures are those of a home indexed with the tables in place."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from desktop_app.core.store import schema
from desktop_app.core.store.db import _split_sql
from tests.core.reports import scenario
from tests.core.reports.conftest import build_home, cli, report
from tests.core.reports.scenario import R4

REPORTS_TABLES = ("invoice_taxes", "payment_docs", "payment_taxes", "invoice_relations", "taxes_pending")


def as_before_the_reports(home: Path) -> None:
    """Undo the reports' migration and run it again over the indexed invoices, as a home of an older version
    that migrates now."""
    migration = next(m for m in schema.MIGRATIONS if "CREATE TABLE invoice_taxes" in m)
    conn = sqlite3.connect(home / "descarga.sqlite3", isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        for kind in ("TRIGGER", "INDEX", "TABLE"):  # everything the migration creates
            for name in re.findall(rf"CREATE {kind} (\w+)", migration):
                conn.execute(f"DROP {kind} IF EXISTS {name}")
        assert set(REPORTS_TABLES) <= set(re.findall(r"CREATE TABLE (\w+)", migration))
        for statement in _split_sql(migration):
            conn.execute(statement)
        conn.execute("COMMIT")
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    finally:
        conn.close()


def _pending(home: Path) -> tuple[int, int]:
    """(documents still to read, documents that could not be read)."""
    conn = sqlite3.connect(home / "descarga.sqlite3")
    try:
        waiting = conn.execute("SELECT count(*) FROM taxes_pending WHERE error IS NULL").fetchone()[0]
        failed = conn.execute("SELECT count(*) FROM taxes_pending WHERE error IS NOT NULL").fetchone()[0]
        return waiting, failed
    finally:
        conn.close()


def _figures(data: dict) -> dict:
    return {basis: {k: v for k, v in data[basis].items() if k != "notes"} for basis in ("cash", "accrual")}


@pytest.fixture
def old_home(tmp_path: Path) -> Path:
    base = scenario.write(tmp_path)
    home = build_home(base, workers=False)
    as_before_the_reports(home)
    return home


def test_the_first_report_reads_the_vault_and_answers_as_a_new_home(world, old_home):
    assert _pending(old_home) == (len(scenario.documents()), 0)
    data = report(old_home, "iva", "--period", "2025-03", "--detail")
    assert data["reindexed"] == {"read": len(scenario.documents()), "failed": 0}
    assert _pending(old_home) == (0, 0)
    fresh = report(world.home, "iva", "--period", "2025-03", "--detail")
    assert _figures(data) == _figures(fresh)
    again = report(old_home, "ppd", "--period", "2025-03")
    assert "reindexed" not in again
    assert again["receivable"] == report(world.home, "ppd", "--period", "2025-03")["receivable"]


def test_an_interrupted_backfill_goes_on_where_it_stopped(world, old_home, monkeypatch):
    from desktop_app.cli import report_cmd
    from desktop_app.core.index import taxes

    monkeypatch.setattr(taxes, "BACKFILL_BATCH", 5)

    def stop(done: int, total: int) -> None:
        raise RuntimeError("the user closed the app")

    monkeypatch.setattr(report_cmd, "_progress", stop)
    code, doc = cli(old_home, "report", "iva", "--period", "2025-03")
    assert code == 1 and doc["success"] is False
    total = len(scenario.documents())
    assert _pending(old_home) == (total - 5, 0)  # the first batch was committed
    monkeypatch.setattr(report_cmd, "_progress", lambda done, total: None)
    data = report(old_home, "iva", "--period", "2025-03")
    assert data["reindexed"] == {"read": total - 5, "failed": 0}
    assert _figures(data) == _figures(report(world.home, "iva", "--period", "2025-03"))


@pytest.mark.parametrize("damage", ["missing", "changed"])
def test_a_document_whose_xml_is_gone_or_changed_is_named_not_guessed(world, old_home, damage):
    vault = old_home / scenario.OWNER / "recibidos" / "2025" / "03" / f"{R4}.xml"
    if damage == "missing":
        vault.unlink()
    else:
        vault.write_bytes(vault.read_bytes().replace(b'Importe="120.00"', b'Importe="999.00"'))
    data = report(old_home, "iva", "--period", "2025-03", "--detail")
    assert data["reindexed"] == {"read": len(scenario.documents()) - 1, "failed": 1}
    for basis in ("cash", "accrual"):
        assert data[basis]["notes"]["taxes_unread"]["uuids"] == [R4]
        assert data[basis]["by_rate"]["8"]["received_iva"] == "0.00"  # R4's 120.00 is not counted, nor 999.00
    fresh = report(world.home, "iva", "--period", "2025-03")
    assert fresh["cash"]["by_rate"]["8"]["received_iva"] == "120.00"
    assert _pending(old_home) == (0, 1)
    again = report(old_home, "iva", "--period", "2025-03", "--detail")
    assert "reindexed" not in again  # not tried again at every report
    assert again["cash"]["notes"]["taxes_unread"]["uuids"] == [R4]
