"""What PostgreSQL needs to plan the browser's reads as SQLite does (``schema_pg`` migration 4, ``pg.connect``'s
session settings), and that every order still gives the same pages on both backends."""

from __future__ import annotations

from typing import Any

import pytest

from desktop_app.core.store import db, dialect, pg
from desktop_app.core.store.invoices import HAS_TYPE_SQL, PAGE_SORTS, InvoiceFilter, InvoiceRepository, sort_values
from tests.core.store.test_invoice_repository import OTHER, RFC, THIRD, ingest, meta

# The browser's orders and the partial index PostgreSQL walks for each (``uuid``: the unique (rfc, uuid) index).
PAGE_INDEXES = {
    "date": "invoices_page_date",
    "folio": "invoices_page_folio",
    "issuer_rfc": "invoices_page_issuer_rfc",
    "issuer": "invoices_page_issuer_name",
    "receiver_rfc": "invoices_page_receiver_rfc",
    "receiver": "invoices_page_receiver_name",
    "type": "invoices_page_type",
    "status": "invoices_page_status",
    "total": "invoices_page_total",
}


def test_every_order_of_the_browser_has_an_index_whose_key_follows_the_rfc(pg_url):
    """``damaged IS NULL`` is no equality to PostgreSQL's planner: an index (rfc, damaged, key…, id) does not give
    the key's order, and a page sorted a whole profile (0.5–0.8 s at 100,000 rows). Each order's index is partial
    instead, its key right after the RFC."""
    assert set(PAGE_INDEXES) | {"uuid"} == set(PAGE_SORTS)
    conn = pg.connect(pg_url)
    try:
        found = {
            row[0]: row[1]
            for row in conn.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'invoices'")
        }
    finally:
        conn.close()
    for sort, name in PAGE_INDEXES.items():
        definition = found.get(name)
        assert definition is not None, f"{sort}: no index {name}"
        columns = definition.split(" USING btree (", 1)[1].rsplit(") WHERE ", 1)
        assert columns[1] == "(damaged IS NULL)", definition
        assert columns[0].startswith("rfc, ") and columns[0].endswith(", id"), definition
        assert "damaged" not in columns[0], definition
    # the narrow order indexes of migration 1 are gone (the partial ones replace them); the covering ones stay
    assert "invoices_by_issuer_name" not in found and "invoices_by_folio" not in found
    assert {"invoices_by_date", "invoices_by_total", "invoices_by_party", "invoices_damaged"} <= set(found)


def test_the_totals_probe_for_constancias_is_an_index_probe_on_both_backends(conn, backend, tmp_path):
    """``InvoiceRepository.has_type`` runs before every reading of totals: it must find the type through an
    index's key (SQLite's ``invoices_by_type``, PostgreSQL's partial ``invoices_page_type``), never by reading a
    profile's rows one by one (3,000 invoices of one profile, none of them constancias, statistics gathered)."""
    with db.transaction(conn):
        conn.execute("INSERT INTO profiles(rfc, created_at) VALUES (?, 1)", (RFC,))
    ingest(conn, tmp_path, rows=[meta(n, "10.00", kind="IEP"[n % 3]) for n in range(1, 3001)])
    conn.execute("ANALYZE")
    if backend == "postgresql":
        conn.execute("SET enable_seqscan = off")
        sql = HAS_TYPE_SQL[dialect.POSTGRESQL]
        plan = " ".join(str(row[0]) for row in conn.execute("EXPLAIN " + sql, (RFC, "R")).fetchall())
        assert "invoices_page_type" in plan and "Filter" not in plan, plan
    else:
        sql = HAS_TYPE_SQL[dialect.SQLITE]
        plan = " ".join(str(row[-1]) for row in conn.execute("EXPLAIN QUERY PLAN " + sql, (RFC, "R")))
        assert "INDEX invoices_by_type (rfc=? AND damaged=? AND <expr>=?)" in plan, plan
    assert InvoiceRepository(db.Single(conn)).has_type(RFC, "R") is False
    assert InvoiceRepository(db.Single(conn)).has_type(RFC, "P") is True


def test_each_connection_turns_jit_and_parallel_workers_off(pg_url):
    conn = pg.connect(pg_url)
    try:
        assert conn.execute("SHOW jit").fetchone()[0] == "off"
        assert conn.execute("SHOW max_parallel_workers_per_gather").fetchone()[0] == "0"
    finally:
        conn.close()


@pytest.fixture
def profile(conn, tmp_path) -> InvoiceRepository:
    """40 rows of one profile (equal keys in pairs, two without a date), eight of them damaged."""
    with db.transaction(conn):
        conn.execute("INSERT INTO profiles(rfc, created_at) VALUES (?, 1)", (RFC,))
    rows = [
        meta(
            n,
            f"{(n // 2) * 10}.00",
            issue_date=None if n > 38 else f"2026-0{1 + n % 4}-{1 + n % 27:02d}T10:00:00",
            issuer=THIRD if n % 5 == 0 else OTHER,
            issuer_name=["MUÑOZ", "Proveedor", "proveedor", "Ábaco"][n % 4],
            status="cancelado" if n % 7 == 0 else "vigente",
            kind="P" if n % 6 == 0 else "I",
        )
        for n in range(1, 41)
    ]
    ingest(conn, tmp_path, rows=rows)
    with db.transaction(conn):
        conn.execute("UPDATE invoices SET damaged = 'malformed_xml: test' WHERE rfc = ? AND id % 5 = 2", (RFC,))
    return InvoiceRepository(db.Single(conn))


def _expected(rows: list[Any], sort: str, ascending: bool) -> list[int]:
    """The ids in the order's key (NULL first ascending, by bytes, as SQLite sorts) and then the id."""

    def key(row: Any) -> tuple[Any, ...]:
        values = sort_values(row, sort)
        return (*((value is not None, value) for value in values), row["id"])

    return [row["id"] for row in sorted(rows, key=key, reverse=not ascending)]


@pytest.mark.parametrize("damaged", [False, True])
@pytest.mark.parametrize("ascending", [True, False])
def test_every_order_pages_the_same_rows_on_both_backends(profile, damaged, ascending):
    """Every browser order, both ways, among the damaged documents and the others: the whole list in the order's
    key and then the id, and the keyset walk from each page's last row gives the same rows."""
    flt = InvoiceFilter(damaged=damaged)
    for sort in PAGE_SORTS:
        nulls = profile.has_null_keys(RFC, damaged=damaged, sort=sort)
        every = profile.page(RFC, flt, sort=sort, ascending=ascending, after=None, nulls=nulls, limit=100, offset=0)
        assert len(every) == (8 if damaged else 32), sort
        assert all((row["damaged"] is not None) == damaged for row in every), sort
        ids = [row["id"] for row in every]
        assert ids == _expected(every, sort, ascending), sort
        walked: list[int] = []
        after = None
        while True:
            page = profile.page(RFC, flt, sort=sort, ascending=ascending, after=after, nulls=nulls, limit=3, offset=0)
            if not page:
                break
            walked += [row["id"] for row in page]
            after = (sort_values(page[-1], sort), page[-1]["id"])
        assert walked == ids, sort
        listed = [row["id"] for row in profile.rows(RFC, flt, sort=sort, descending=not ascending)]
        assert listed == ids, sort
