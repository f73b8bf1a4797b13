"""Issue 17.2, the browser's grid in core: every offered order (the browser's keyset pages and ``invoices list``)
against Python's sort of the same rows, and the new filters — método/forma de pago, uso de CFDI, moneda, "PPD con
saldo pendiente", status unknown and damaged documents — against Python's reading of the same rows.

A real data home's database (``store.db.connect``: migrated, triggers) filled by the index writer with stamped
CFDI (``cfdi_grid``), SAT metadata rows and damaged XML; the expected figures are computed here from the rows
read back whole, with the rules written out in Python.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop_app.core import index
from desktop_app.core.cfdi.metadata import MetadataRow
from desktop_app.core.cfdi.parser import parse_document
from desktop_app.core.store import db
from desktop_app.core.store.invoices import PAGE_SORTS, SORTS, InvoiceFilter, InvoiceRepository, sort_values
from tests.core.store.cfdi_grid import RFC, SUPPLIER, invoice, receipt, uuid_of

OTHERS = (SUPPLIER, "BBB020202BB2", "MUÑ800101AB1", "XAXX010101000")
NAMES = ("PROVEEDOR", "PROVEEDOR", "PROVEEDOR", "ÁNGEL MUÑOZ", "ZAPATA Y ASOCIADOS", "abarrotes", None)


@pytest.fixture
def conn(conn):
    """The backend's database (``conftest.conn``: SQLite or PostgreSQL) with a profile."""
    with db.transaction(conn):
        conn.execute("INSERT INTO profiles(rfc, created_at) VALUES (?, 1)", (RFC,))
    return conn


@pytest.fixture
def repo(conn) -> InvoiceRepository:
    return InvoiceRepository(db.Single(conn))


def ingest(conn, home: Path, docs=(), rows=(), *, now_ms: int = 1_000) -> index.IngestStats:
    """Documents (XML bytes) and SAT metadata rows through the index writer, in one transaction."""
    writer = index.IndexWriter(conn, home, RFC, now_ms)
    with db.transaction(conn):
        for xml in docs:
            writer.add_document(xml, parse_document(xml, owner_rfc=RFC), source="pkg")
        for row in rows:
            writer.add_metadata(row, source="pkg")
        writer.flush()
    writer.committed()
    return writer.stats


def meta(n: int, *, status: str, kind: str = "I", issue_date: str | None = "2026-03-05T09:00:00",
         issuer_name: str = "PROVEEDOR", amount: str = "10.00") -> MetadataRow:  # fmt: skip
    return MetadataRow(
        uuid=uuid_of(n),
        issuer_rfc=SUPPLIER,
        issuer_name=issuer_name,
        receiver_rfc=RFC,
        receiver_name="ESCUELA KEMPER URGATE",
        pac_rfc="SAT970701NN3",
        issue_date=issue_date,
        stamp_date=issue_date,
        amount=Decimal(amount),
        type=kind,
        status=status,
        cancelled_at="2026-04-01T00:00:00" if status == "cancelado" else None,
    )


def damaged(n: int) -> bytes:
    """A received CFDI whose issuer name carries a raw "&": not well-formed, indexed as damaged."""
    return invoice(n, "50.00", issuer_name="T&S").replace(b"T&amp;S", b"T&S")


# -- the fixture: ~100 documents with ties, missing values, every code and payments --------------------------------


@pytest.fixture
def grid(conn, tmp_path):
    rng = random.Random(17)
    docs, receipts = [], []
    for n in range(1, 91):
        issued = n % 4 == 0
        other = rng.choice(OTHERS)
        name = rng.choice(NAMES)
        kind = rng.choice("IIIIIIEPNT")
        method = rng.choice(("PUE", "PUE", "PUE", "PPD", "PPD", None)) if kind in "IE" else None
        form = "99" if method == "PPD" else rng.choice(("03", "03", "01", "04", None))
        currency, rate = rng.choice((("MXN", None),) * 6 + (("USD", "17.5"), ("EUR", "20.10"), ("XXX", None)))
        docs.append(
            invoice(
                n,
                rng.choice(("100.00", "100.00", "1160.00", "0", "2500.50", f"{n}.25")),
                # equal dates in threes (a batch stamped at once): the id breaks the tie
                fecha=f"2026-0{1 + n % 5}-{1 + (n // 3) % 27:02d}T10:00:00",
                kind=kind,
                series=rng.choice(("A", "A", "B", None, "")),
                folio=rng.choice((str(n), "9", "10", "100", "2", "F-7", "010", None)),
                issuer=RFC if issued else other,
                issuer_name="ESCUELA KEMPER URGATE" if issued else name,
                receiver=other if issued else RFC,
                receiver_name=name if issued else "ESCUELA KEMPER URGATE",
                method=method,
                form=form,
                use=rng.choice(("G03", "G03", "G01", "S01", "CP01", None)),
                currency=currency,
                rate=rate,
            )
        )
    ppd = [n for n, xml in enumerate(docs, start=1) if b'MetodoPago="PPD"' in xml and b'SubTotal="0"' not in xml]
    # receipts 201…: a partial payment, a full one, two installments (the second indexed first), a cancelled one
    plan = [
        (201, [(ppd[0], 1, "100.00", "40.00")]),
        (202, [(ppd[1], 1, "100.00", "0.00")]),
        (204, [(ppd[2], 2, "60.00", "10.00"), (ppd[3], 1, "100.00", "99.99")]),
        (203, [(ppd[2], 1, "100.00", "60.00")]),
        (205, [(ppd[4], 1, "100.00", "0")]),
        (206, [(ppd[5], 1, "100.00", "0.004")]),  # less than a cent still owed: nothing
    ]
    for n, lines in plan:
        receipts.append(receipt(n, lines, fecha=f"2026-04-{n - 190:02d}T10:00:00"))
    half = len(docs) // 2
    ingest(conn, tmp_path, receipts[:2] + docs[:half])  # some receipts before the invoices they pay
    ingest(conn, tmp_path, docs[half:] + receipts[2:] + [damaged(301), damaged(302)])
    statuses = [meta(n, status=rng.choice(("vigente", "vigente", "cancelado"))) for n in range(1, 91, 2)]
    statuses.append(meta(205, status="cancelado", kind="P"))  # the receipt paying ppd[4] in full: cancelled
    extra = [meta(n, status="vigente", issue_date=None, issuer_name="ÑANDÚ") for n in (401, 402)]  # no date
    ingest(conn, tmp_path, rows=[*statuses, *extra])
    return {"ppd": ppd}


def every_row(conn) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute("SELECT * FROM invoices WHERE rfc = ?", (RFC,))]


def payment_lines(conn) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute("SELECT * FROM payments WHERE rfc = ?", (RFC,))]


def python_pending(row: dict[str, Any], lines: list[dict[str, Any]], by_uuid: dict[str, Any]) -> int | None:
    """The rule of DESIGN.md §3 ("PPD con saldo pendiente"), in Python: the balance of the latest line for the
    invoice in a receipt that is indexed, not cancelled and not damaged (highest installment, then latest payment
    date, then latest receipt), or its total; in MXN cents at its exchange rate."""
    if row["payment_method"] != "PPD" or row["damaged"] is not None:
        return None
    known = []
    for line in lines:
        paid_by = by_uuid.get(line["payment_uuid"])
        if line["paid_uuid"] != row["uuid"] or line["balance"] is None or paid_by is None:
            continue
        if paid_by["status"] == "cancelado" or paid_by["damaged"] is not None:
            continue
        known.append((line, paid_by))
    if not known:
        return row["total_c"]

    def recency(pair: tuple[dict[str, Any], dict[str, Any]]) -> tuple[Any, ...]:
        line, paid_by = pair
        return (
            (line["installment"] is not None, line["installment"] or 0),
            (line["payment_date"] is not None, line["payment_date"] or ""),
            (paid_by["issue_date"] is not None, paid_by["issue_date"] or ""),
            line["payment_uuid"],
            line["line"],
        )

    latest, _ = max(known, key=recency)
    rate = Decimal(1)
    if row["currency"] not in (None, "MXN", "XXX") and row["exchange_rate"] and Decimal(row["exchange_rate"]):
        rate = Decimal(row["exchange_rate"])
    return int((Decimal(latest["balance"]) * rate * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def matches(row: dict[str, Any], flt: InvoiceFilter) -> bool:
    """``flt`` read in Python (the new filters, and those the tests below combine them with)."""
    day = (row["issue_date"] or "")[:10]
    codes = (
        (flt.payment_methods, row["payment_method"]),
        (flt.payment_forms, row["payment_form"]),
        (flt.cfdi_uses, row["cfdi_use"]),
        (flt.currencies, row["currency"]),
    )
    return (
        (row["damaged"] is not None) == flt.damaged
        and (not flt.direction or row["direction"] == flt.direction)
        and (not flt.types or row["type"] in flt.types)
        and (not flt.status or row["status"] == flt.status)
        and all(not wanted or (value or "") in wanted for wanted, value in codes)
        and (not flt.date_from or (row["issue_date"] is not None and day >= flt.date_from))
        and (not flt.date_to or (row["issue_date"] is not None and day <= flt.date_to))
        and (not flt.pending_balance or ((row["pending_c"] or 0) > 0 and row["status"] != "cancelado"))
    )


# Each offered order as Python sees it: a missing value first ('' for text, no date before any date), series and
# folio as series, then the folio's length, then the folio.
PYTHON_KEYS = {
    "date": lambda r: (r["issue_date"] is not None, r["issue_date"] or ""),
    "folio": lambda r: (r["series"] or "", len(r["folio"] or ""), r["folio"] or ""),
    "issuer_rfc": lambda r: r["issuer_rfc"] or "",
    "issuer": lambda r: r["issuer_name"] or "",
    "receiver_rfc": lambda r: r["receiver_rfc"] or "",
    "receiver": lambda r: r["receiver_name"] or "",
    "type": lambda r: r["type"] or "",
    "status": lambda r: r["status"],
    "total": lambda r: r["total_c"],
    "uuid": lambda r: r["uuid"],
}

FILTERS = [
    InvoiceFilter(),
    InvoiceFilter(direction="issued"),
    InvoiceFilter(payment_methods=("PPD",)),
    InvoiceFilter(payment_methods=("PUE",), types=("I",)),
    InvoiceFilter(payment_forms=("03", "99")),
    InvoiceFilter(cfdi_uses=("G01",)),
    InvoiceFilter(currencies=("USD", "EUR")),
    InvoiceFilter(pending_balance=True),
    InvoiceFilter(pending_balance=True, date_from="2026-02-01", date_to="2026-04-30"),
    InvoiceFilter(status="unknown"),
    InvoiceFilter(damaged=True),
]


def test_the_pending_balance_of_every_row_follows_the_rule(conn, grid):
    rows = every_row(conn)
    by_uuid = {r["uuid"]: r for r in rows}
    lines = payment_lines(conn)
    assert len(lines) == 7
    for row in rows:
        assert row["pending_c"] == python_pending(row, lines, by_uuid), row["uuid"]
    assert sum(1 for r in rows if r["pending_c"] is not None) > 10


def test_the_orders_offered_are_the_cli_sorts_too():
    from desktop_app.cli import invoices_cmd

    assert set(PYTHON_KEYS) == set(PAGE_SORTS) == set(SORTS) == set(invoices_cmd.SORTS)
    assert {"date", "folio", "issuer_rfc", "issuer", "receiver_rfc", "receiver", "type", "status", "total", "uuid"} <= (
        set(PAGE_SORTS)
    )


@pytest.mark.parametrize("flt", FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in vars(f).items() if v) or "all")
def test_each_filter_counts_lists_and_sums_what_python_reads(conn, repo, grid, flt):
    expected = [r for r in every_row(conn) if matches(r, flt)]
    assert expected, "every filter of the fixture matches some rows"
    assert repo.count(RFC, flt) == len(expected)
    listed = [r["id"] for r in repo.rows(RFC, flt)]
    assert listed == [r["id"] for r in sorted(expected, key=lambda r: (PYTHON_KEYS["date"](r), r["id"]))]
    if flt.damaged:
        return
    # With a status the totals add every row (no cancelled ones set apart): the sums are the rows' own.
    for status in {r["status"] for r in expected}:
        some = [r for r in expected if r["status"] == status]
        totals = index.totals(conn, RFC, replace(flt, status=status))
        assert totals["count"] == len(some), status
        assert Decimal(totals["total"]) == Decimal(sum(r["total_c"] for r in some)) / 100, status


def test_pending_filter_leaves_out_paid_cancelled_and_pue_invoices(conn, repo, grid):
    pending = {r["uuid"] for r in repo.rows(RFC, InvoiceFilter(pending_balance=True))}
    rows = {r["uuid"]: r for r in every_row(conn)}
    ppd = [uuid_of(n) for n in grid["ppd"]]
    assert uuid_of(201) in rows and rows[ppd[0]]["pending_c"] == 4_000  # 40.00 left after a partial payment
    assert rows[ppd[1]]["pending_c"] == 0 and ppd[1] not in pending  # paid in full
    assert rows[ppd[2]]["pending_c"] == 1_000  # installment 2 (indexed before installment 1) is the latest
    assert rows[ppd[4]]["pending_c"] == rows[ppd[4]]["total_c"]  # its only receipt was cancelled
    assert rows[ppd[5]]["pending_c"] == 0 and ppd[5] not in pending  # 0.004 left: less than a cent
    assert all(rows[u]["payment_method"] == "PPD" and rows[u]["status"] != "cancelado" for u in pending)
    assert all(rows[u]["pending_c"] > 0 for u in pending)


@pytest.mark.parametrize("sort", sorted(PAGE_SORTS))
def test_keyset_pages_walk_every_order_like_python(conn, repo, grid, sort):
    """Forward and backward, page by page from the previous page's edge, and jumps that skip rows from an anchor
    across runs of equal keys: always the rows and the order Python's sort gives (ids break ties)."""
    rng = random.Random(sort)
    for flt in (InvoiceFilter(), InvoiceFilter(direction="received", payment_methods=("PUE", "PPD"))):
        rows = [r for r in every_row(conn) if matches(r, flt)]
        nulls = repo.has_null_keys(RFC, damaged=False, sort=sort)
        assert nulls == (sort == "date")  # only the metadata rows without a date lack a key
        for ascending in (True, False):
            expected = [
                r["id"] for r in sorted(rows, key=lambda r: (PYTHON_KEYS[sort](r), r["id"]), reverse=not ascending)
            ]

            def page(after, limit, offset=0, forward=True, flt=flt, ascending=ascending, nulls=nulls):
                return repo.page(RFC, flt, sort=sort, ascending=ascending == forward, after=after, nulls=nulls,
                                 limit=limit, offset=offset)  # fmt: skip

            first = page(None, len(expected) + 5)
            assert [r["id"] for r in first] == expected, (sort, ascending)
            cli = [r["uuid"] for r in index.list_invoices(conn, RFC, flt, sort=("" if ascending else "-") + sort)]
            assert cli == [r["uuid"] for r in first]
            place = {r["id"]: (sort_values(r, sort), r["id"]) for r in first}
            walked, after = [], None
            while (got := page(after, 4)) and len(walked) <= len(expected):
                walked += [r["id"] for r in got]
                after = place[got[-1]["id"]]
            assert walked == expected
            back, before = [], None
            while (got := page(before, 3, forward=False)) and len(back) <= len(expected):
                back += [r["id"] for r in got]
                before = place[got[-1]["id"]]
            assert back == expected[::-1]
            for _ in range(12):
                at = rng.randrange(len(expected))
                skip = rng.randrange(0, 12)
                ahead = page(place[expected[at]], 5, skip)
                assert [r["id"] for r in ahead] == expected[at + 1 + skip : at + 6 + skip], (at, skip)
                behind = page(place[expected[at]], 5, skip, forward=False)
                start = max(0, at - skip - 5)
                assert [r["id"] for r in behind] == expected[start : max(0, at - skip)][::-1], (at, skip)


def explained(conn: sqlite3.Connection, run) -> list[str]:
    """The query plans of the statements ``run`` executes (their SQL with its parameters, as SQLite ran it)."""
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        run()
    finally:
        conn.set_trace_callback(None)
    plans = []
    for sql in statements:
        if sql.lstrip().upper().startswith("SELECT"):
            plans.append(" | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql)))
    return plans


@pytest.mark.parametrize("backend", ["sqlite"])  # reads SQLite's query plans
@pytest.mark.parametrize("sort", sorted(PAGE_SORTS))
def test_every_order_reads_one_index_range_never_sorts_the_rows(conn, repo, grid, sort):
    """What keeps a first page and every keyset page within the budget at a million rows: each statement of a
    page reads an index in the order's order (the index of the migration; an expression in PAGE_SORTS that is not
    the index's would make SQLite sort every row: "USE TEMP B-TREE")."""
    conn.execute("ANALYZE")
    flt = InvoiceFilter()
    nulls = repo.has_null_keys(RFC, damaged=False, sort=sort)
    some = repo.page(RFC, flt, sort=sort, ascending=True, after=None, nulls=nulls, limit=50, offset=10)
    anchor = (sort_values(some[-1], sort), some[-1]["id"])
    for ascending in (True, False):
        for after, offset in ((None, 0), (anchor, 0), (anchor, 7)):
            plans = explained(
                conn,
                lambda after=after, offset=offset, ascending=ascending: repo.page(
                    RFC, flt, sort=sort, ascending=ascending, after=after, nulls=nulls, limit=5, offset=offset
                ),
            )
            assert plans
            for plan in plans:
                assert "TEMP B-TREE" not in plan, (sort, ascending, plan)
                assert "USING" in plan and "INDEX" in plan, (sort, plan)
    cli = explained(conn, lambda: list(repo.rows(RFC, flt, sort=f"-{sort}", limit=5)))
    assert cli and all("TEMP B-TREE" not in plan for plan in cli), cli


@pytest.mark.parametrize("backend", ["sqlite"])  # reads SQLite's query plans
def test_pending_filter_reads_its_own_small_index(conn, repo, grid):
    conn.execute("ANALYZE")
    flt = InvoiceFilter(pending_balance=True)
    for plan in explained(conn, lambda: repo.page(RFC, flt, sort="date", ascending=False, after=None, nulls=False,
                                                   limit=5, offset=0)):  # fmt: skip
        assert "invoices_pending" in plan and "TEMP B-TREE" not in plan, plan
    for plan in explained(conn, lambda: index.totals(conn, RFC, flt)):
        if "SEARCH i " in plan:  # the filter's own reads (not the damaged documents' probe)
            assert "COVERING INDEX invoices_pending" in plan, plan


def as_if_a_million(conn: sqlite3.Connection) -> None:
    """ANALYZE's statistics as a profile of a million invoices with a handful of damaged ones would have them:
    every invoices index's figures scaled to a million rows, the damaged documents' own index left as counted."""
    conn.execute("ANALYZE")
    (rows,) = conn.execute("SELECT count(*) FROM invoices").fetchone()
    for idx, stat in conn.execute("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'invoices'").fetchall():
        if idx == "invoices_damaged":
            continue
        numbers = [max(1, int(n) * 1_000_000 // rows) for n in stat.split()]
        conn.execute("UPDATE sqlite_stat1 SET stat = ? WHERE idx = ?", (" ".join(map(str, numbers)), idx))
    conn.execute("ANALYZE sqlite_schema")  # the planner reads the statistics again


@pytest.mark.parametrize("backend", ["sqlite"])  # reads SQLite's query plans
@pytest.mark.parametrize("analyzed", [False, True], ids=["as a home is", "analysed, a million rows"])
def test_the_damaged_documents_of_a_filter_are_counted_from_an_index(conn, repo, grid, analyzed):
    """The totals count the damaged documents a filter leaves out (and «Dañados» lists them): a few rows, read
    from an index whatever else the filter asks — not every row of the profile for a filter on a code."""
    if analyzed:
        as_if_a_million(conn)
    for flt in (InvoiceFilter(damaged=True, payment_forms=("03",)), InvoiceFilter(damaged=True, currencies=("USD",))):
        plans = explained(conn, lambda flt=flt: repo.count(RFC, flt))
        assert plans and all("SCAN" not in plan and "INDEX" in plan for plan in plans), plans
        assert repo.count(RFC, flt) == sum(1 for r in every_row(conn) if matches(r, flt))
