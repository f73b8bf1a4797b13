"""Issue 17.2, "PPD con saldo pendiente": what a PPD invoice still owes (``invoices.pending_c``), kept right as
payment receipts arrive before or after it, pay part or all of it, are cancelled or come back; and the migration
that adds it to a data home of the previous schema.

The rule (DESIGN.md §3): the ImpSaldoInsoluto of the latest payment line for the invoice in a receipt that is
indexed, not cancelled and not damaged (highest NumParcialidad, then latest FechaPago, then latest receipt), else
its total; in MXN cents at its TipoCambio. The filter lists the PPD invoices, not cancelled, that owe a cent or more.
"""

from __future__ import annotations

import pytest

from desktop_app.core import index
from desktop_app.core.store import db, schema
from desktop_app.core.store.invoices import InvoiceFilter, InvoiceRepository
from tests.core.store.cfdi_grid import RFC, invoice, receipt, uuid_of
from tests.core.store.test_grid import every_row, explained, ingest, meta, payment_lines, python_pending
from tests.legacy_schema import downgrade_to

PENDING = InvoiceFilter(pending_balance=True)


@pytest.fixture
def conn(conn):
    """The backend's database (``conftest.conn``: SQLite or PostgreSQL) with a profile."""
    with db.transaction(conn):
        conn.execute("INSERT INTO profiles(rfc, created_at) VALUES (?, 1)", (RFC,))
    return conn


@pytest.fixture
def repo(conn) -> InvoiceRepository:
    return InvoiceRepository(db.Single(conn))


def owed(repo: InvoiceRepository, n: int) -> int | None:
    return repo.by_uuid(RFC, uuid_of(n))["pending_c"]


def listed(repo: InvoiceRepository) -> set[int]:
    return {int(r["uuid"][:8], 16) for r in repo.rows(RFC, PENDING)}


def ppd(n: int, total: str = "1000.00", **kw) -> bytes:
    return invoice(n, total, method="PPD", form="99", **kw)


def test_partial_payments_then_full_then_a_cancelled_receipt(conn, repo, tmp_path):
    ingest(conn, tmp_path, [ppd(1), invoice(2, "500.00")])  # a PPD invoice and a PUE one
    assert (owed(repo, 1), owed(repo, 2)) == (100_000, None)  # nothing paid yet: its total; PUE owes nothing here
    assert listed(repo) == {1}
    ingest(conn, tmp_path, [receipt(11, [(1, 1, "1000.00", "600.00")], fecha="2026-04-01T10:00:00")])
    assert owed(repo, 1) == 60_000 and listed(repo) == {1}
    ingest(conn, tmp_path, [receipt(12, [(1, 2, "600.00", "0.00")], fecha="2026-05-01T10:00:00")])
    assert owed(repo, 1) == 0 and listed(repo) == set()
    # SAT says the second receipt was cancelled: it paid nothing, 600.00 are owed again
    ingest(conn, tmp_path, rows=[meta(12, status="cancelado", kind="P")])
    assert owed(repo, 1) == 60_000 and listed(repo) == {1}
    # and a later check at SAT (ConsultaCFDI) says it is vigente after all
    with db.transaction(conn):
        repo.set_status(repo.by_uuid(RFC, uuid_of(12))["id"], "vigente", 5_000)
    assert owed(repo, 1) == 0 and listed(repo) == set()
    counted = index.totals(conn, RFC, PENDING)
    assert counted["count"] == 0 and counted["total"] == "0.00"


def test_payments_indexed_before_the_invoice_settle_it(conn, repo, tmp_path):
    # invoice 1: its receipt comes in an earlier package; invoice 2: the same package, the receipt first
    ingest(conn, tmp_path, [receipt(11, [(1, 1, "1000.00", "250.00")])])
    assert repo.by_uuid(RFC, uuid_of(1)) is None
    ingest(conn, tmp_path, [receipt(12, [(2, 1, "1000.00", "0")]), ppd(2), ppd(1)])
    assert (owed(repo, 1), owed(repo, 2)) == (25_000, 0)
    assert listed(repo) == {1}


def test_the_latest_installment_wins_whatever_order_the_receipts_arrive_in(conn, repo, tmp_path):
    ingest(conn, tmp_path, [ppd(1)])
    ingest(conn, tmp_path, [receipt(13, [(1, 3, "300.00", "100.00")], fecha="2026-03-01T10:00:00")])
    ingest(conn, tmp_path, [receipt(11, [(1, 1, "1000.00", "700.00")], fecha="2026-05-01T10:00:00")])
    ingest(conn, tmp_path, [receipt(12, [(1, 2, "700.00", "300.00")], fecha="2026-06-01T10:00:00")])
    assert owed(repo, 1) == 10_000  # NumParcialidad 3, although its payment date is the earliest


def test_reindexing_the_invoice_or_the_receipt_keeps_the_balance_right(conn, repo, tmp_path):
    ingest(conn, tmp_path, [ppd(1), receipt(11, [(1, 1, "1000.00", "400.00")])])
    assert owed(repo, 1) == 40_000
    # a corrected copy of the invoice (same UUID, other bytes): written again with its total, then settled
    stats = ingest(conn, tmp_path, [ppd(1, receiver_name="ESCUELA KEMPER URGATE SA DE CV")])
    assert stats.updated == 1 and owed(repo, 1) == 40_000
    # a corrected copy of the receipt, with another balance: its lines are replaced
    stats = ingest(conn, tmp_path, [receipt(11, [(1, 1, "1000.00", "150.00")], fecha="2026-04-06T10:00:00")])
    assert stats.updated == 1 and owed(repo, 1) == 15_000


def test_another_currency_owes_its_balance_in_mxn_and_cancelled_invoices_are_not_listed(conn, repo, tmp_path):
    ingest(conn, tmp_path, [ppd(1, "100.00", currency="USD", rate="17.50"), ppd(2, "80.00")])
    ingest(conn, tmp_path, [receipt(11, [(1, 1, "100.00", "40.00")])])
    assert owed(repo, 1) == 70_000  # 40.00 USD × 17.50
    assert listed(repo) == {1, 2}
    ingest(conn, tmp_path, rows=[meta(2, status="cancelado")])  # a cancelled invoice is owed nothing
    assert owed(repo, 2) == 8_000 and listed(repo) == {1}
    totals = index.totals(conn, RFC, PENDING)
    assert (totals["count"], totals["total"]) == (1, "1750.00")  # its total in MXN, not what it owes
    assert index.totals(conn, RFC, InvoiceFilter(pending_balance=True, status="cancelado"))["count"] == 0


def test_removing_the_profile_removes_its_payments_too(conn, repo, tmp_path):
    ingest(conn, tmp_path, [ppd(1), receipt(11, [(1, 1, "1000.00", "400.00")])])
    with db.transaction(conn):
        repo.delete_for(RFC)
    assert repo.counts(RFC) == (0, 0)
    assert conn.execute("SELECT count(*) FROM payments").fetchone()[0] == 0


def test_the_migration_gives_every_indexed_invoice_its_balance(tmp_path):
    """A data home of the previous schema (no pending_c, no sort indexes) opened by this version: after the
    backup, every row has the balance the rule gives, and the filter and the new orders work."""
    home = tmp_path / "home"
    home.mkdir()
    path = home / db.DB_NAME
    conn = db.connect(path)
    with db.transaction(conn):
        conn.execute("INSERT INTO profiles(rfc, created_at) VALUES (?, 1)", (RFC,))
    ingest(conn, home, [receipt(11, [(1, 1, "1000.00", "250.00")]), ppd(1), ppd(2), ppd(3, "10.00")])
    ingest(conn, home, [receipt(12, [(2, 1, "1000.00", "0")]), receipt(13, [(3, 1, "10.00", "0")])])
    ingest(conn, home, [invoice(4, "70.00"), ppd(5, "100.00", currency="USD", rate="18")])
    ingest(conn, home, rows=[meta(13, status="cancelado", kind="P")])  # invoice 3 owes its total again
    expected = {r["uuid"]: r["pending_c"] for r in every_row(conn)}
    conn.close()

    mine = next(k for k, sql in enumerate(schema.MIGRATIONS) if "ADD COLUMN pending_c" in sql)
    downgrade_to(path, mine)
    old = db.connect(path, migrate=False)
    assert db.schema_version(old) == mine
    assert "pending_c" not in {row[1] for row in old.execute("PRAGMA table_info(invoices)")}
    assert old.execute("SELECT count(*) FROM payments").fetchone()[0] == 3
    old.close()

    conn = db.connect(path)
    try:
        assert db.schema_version(conn) == schema.SCHEMA_VERSION
        assert len(db.backups(path)) == 1
        rows = every_row(conn)
        by_uuid = {r["uuid"]: r for r in rows}
        lines = payment_lines(conn)
        assert {r["uuid"]: r["pending_c"] for r in rows} == expected
        assert all(r["pending_c"] == python_pending(r, lines, by_uuid) for r in rows)
        assert {uuid_of(n): expected[uuid_of(n)] for n in (1, 2, 3, 4, 5)} == {
            uuid_of(1): 25_000, uuid_of(2): 0, uuid_of(3): 1_000, uuid_of(4): None, uuid_of(5): 180_000
        }  # fmt: skip
        repo = InvoiceRepository(db.Single(conn))
        assert listed(repo) == {1, 3, 5}
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger')")}
        assert {"invoices_pending", "invoices_by_issuer_name", "invoices_by_folio", "payments_pending_insert"} <= names
        # the triggers work on the migrated home: a new receipt settles invoice 5
        ingest(conn, home, [receipt(14, [(5, 1, "100.00", "0")])])
        assert listed(repo) == {1, 3}
    finally:
        conn.close()


@pytest.mark.parametrize("backend", ["sqlite"])  # reads SQLite's query plans
def test_a_balance_reads_only_the_payment_lines_of_its_invoice(conn, repo):
    """A home is seldom analysed: without statistics SQLite would read every payment line of the profile (its
    primary key's RFC) for each invoice whose balance it settles — 53 s for 200,000 invoices. The rule, in the
    triggers and the writer's statements alike, reads the invoice's own lines (payments_by_paid)."""
    assert conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone() is None
    statements = (
        (f"UPDATE invoices SET pending_c = {schema.PENDING_SQL} WHERE rfc = ? AND uuid = ?", (RFC, uuid_of(1))),  # noqa: S608
        (schema.RECOUNT_PENDING, (RFC,)),
    )
    for sql, params in statements:
        plan = " | ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params))
        assert "SEARCH p USING INDEX payments_by_paid (rfc=? AND paid_uuid=?)" in plan, plan
    for plan in explained(conn, lambda: repo.payments_for(RFC, uuid_of(1))):  # the detail pane's payments
        assert "SEARCH p USING INDEX payments_by_paid (rfc=? AND paid_uuid=?)" in plan, plan
    triggers = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    for name in ("payments_pending_insert", "payments_pending_delete", "invoices_pending_receipt"):
        assert "INDEXED BY payments_by_paid" in triggers[name], name
