"""Issue 15: the ``invoices`` family's statements behind ``store.invoices`` (InvoiceRepository, InvoiceWrites).

Real SQLite files in ``tmp_path`` opened by ``store.db.connect`` (migrated schema, triggers, FTS5); rows written by
the index writer (parsed CFDI and SAT metadata rows) or by the repository, read back through the repository.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.core import index
from desktop_app.core.cfdi.metadata import MetadataRow
from desktop_app.core.cfdi.parser import parse_document
from desktop_app.core.errors import AppError
from desktop_app.core.store import db, schema
from desktop_app.core.store.invoices import (
    CANCELLED_KEY,
    PAGE_COLUMNS,
    SUM_COLUMNS,
    InvoiceFilter,
    InvoiceRepository,
    InvoiceWrites,
    SumOverflow,
    build_where,
    sort_values,
)
from desktop_app.core.store.schema import RECOUNT_MONTHS

RFC = "EKU9003173C9"
OTHER = "AAA010101AAA"
THIRD = "BBB020202BB2"


def cfdi(n: int, subtotal: str, *, fecha: str, issuer: str = OTHER, receiver: str = RFC,
         issuer_name: str = "Proveedor", kind: str = "I") -> bytes:  # fmt: skip
    """A stamped CFDI 4.0 with 16 % IVA."""
    iva = f"{Decimal(subtotal) * Decimal('0.16'):.2f}"
    total = f"{Decimal(subtotal) + Decimal(iva):.2f}"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" '
        f'Version="4.0" TipoDeComprobante="{kind}" Fecha="{fecha}" SubTotal="{subtotal}" Total="{total}" '
        f'Moneda="MXN" MetodoPago="PUE" Serie="A" Folio="{n}" Sello="QUJDREVGR0g=">\n'
        f'  <cfdi:Emisor Rfc="{issuer}" Nombre="{issuer_name}" RegimenFiscal="601"/>\n'
        f'  <cfdi:Receptor Rfc="{receiver}" Nombre="Mi empresa" UsoCFDI="G03"/>\n'
        f'  <cfdi:Conceptos><cfdi:Concepto ClaveProdServ="01010101" Cantidad="1" Descripcion="x" '
        f'ValorUnitario="{subtotal}" Importe="{subtotal}" ObjetoImp="02"/></cfdi:Conceptos>\n'
        f'  <cfdi:Impuestos TotalImpuestosTrasladados="{iva}"><cfdi:Traslados><cfdi:Traslado Base="{subtotal}" '
        f'Impuesto="002" TipoFactor="Tasa" TasaOCuota="0.160000" Importe="{iva}"/></cfdi:Traslados></cfdi:Impuestos>\n'
        f'  <cfdi:Complemento><tfd:TimbreFiscalDigital xmlns:tfd="http://www.sat.gob.mx/TimbreFiscalDigital" '
        f'Version="1.1" UUID="{uuid_of(n)}" FechaTimbrado="{fecha}" RfcProvCertif="SAT970701NN3"/>'
        f"</cfdi:Complemento>\n</cfdi:Comprobante>\n"
    ).encode()


def uuid_of(n: int) -> str:
    return f"{n:08X}-1111-4222-8333-444455556666"


def meta(n: int, amount: str | None, *, issue_date: str | None = "2026-03-05T09:00:00", status: str = "vigente",
         issuer: str = OTHER, issuer_name: str = "Proveedor", kind: str = "I") -> MetadataRow:  # fmt: skip
    return MetadataRow(
        uuid=uuid_of(n).lower(),  # SAT's metadata may spell it in lower case: the index keeps it upper
        issuer_rfc=issuer,
        issuer_name=issuer_name,
        receiver_rfc=RFC,
        receiver_name="Mi empresa",
        pac_rfc="SAT970701NN3",
        issue_date=issue_date,
        stamp_date=issue_date,
        amount=None if amount is None else Decimal(amount),
        type=kind,
        status=status,
        cancelled_at="2026-04-01T00:00:00" if status == "cancelado" else None,
    )


@pytest.fixture
def conn(conn):
    """The backend's database (``conftest.conn``: SQLite or PostgreSQL) with a profile."""
    with db.transaction(conn):
        conn.execute("INSERT INTO profiles(rfc, created_at) VALUES (?, 1)", (RFC,))
    return conn


@pytest.fixture
def repo(conn) -> InvoiceRepository:
    return InvoiceRepository(db.Single(conn))


def ingest(conn, home: Path, docs=(), rows=(), *, source: str = "pkg-1", now_ms: int = 1_000) -> index.IngestStats:
    """Documents (XML bytes) and metadata rows through the index writer, in one transaction."""
    writer = index.IndexWriter(conn, home, RFC, now_ms)
    with db.transaction(conn):
        for xml in docs:
            writer.add_document(xml, parse_document(xml, owner_rfc=RFC), source=source)
        for row in rows:
            writer.add_metadata(row, source=source)
        writer.flush()
    writer.committed()
    return writer.stats


# -- one invoice ----------------------------------------------------------------------------------------------


def test_a_written_document_reads_back_by_uuid_and_by_id(conn, repo, tmp_path):
    stats = ingest(conn, tmp_path, [cfdi(1, "1000.00", fecha="2026-03-05T10:00:00", issuer_name="MUÑOZ")])
    assert stats.added == 1
    row = repo.by_uuid(RFC, uuid_of(1))
    assert row is not None
    assert (row["direction"], row["type"], row["issuer_name"], row["has_xml"]) == ("received", "I", "MUÑOZ", 1)
    assert (row["subtotal_c"], row["iva_t_c"], row["total_c"]) == (100_000, 16_000, 116_000)
    assert row["path"] == f"{RFC}/recibidos/2026/03/{uuid_of(1)}.xml"
    assert (tmp_path / row["path"]).read_bytes().startswith(b"<?xml")
    same = repo.by_id(row["id"])
    assert same is not None and dict(same) == dict(row)
    assert repo.by_id(row["id"] + 1) is None
    assert repo.by_uuid(RFC, uuid_of(2)) is None
    assert repo.by_uuid(OTHER, uuid_of(1)) is None  # another profile's index


def test_reingesting_changes_nothing_and_metadata_adds_rows_without_xml(conn, repo, tmp_path):
    docs = [cfdi(n, f"{n}00.00", fecha=f"2026-0{n}-05T10:00:00") for n in (1, 2)]
    ingest(conn, tmp_path, docs)
    before = [dict(r) for r in repo.rows(RFC, InvoiceFilter())]
    again = ingest(conn, tmp_path, docs, now_ms=2_000)
    assert (again.added, again.unchanged) == (0, 2)
    assert [dict(r) for r in repo.rows(RFC, InvoiceFilter())] == before
    stats = ingest(conn, tmp_path, rows=[meta(1, "116.00", status="cancelado"), meta(3, "50.00")], now_ms=3_000)
    assert (stats.updated, stats.added) == (1, 1)
    assert repo.counts(RFC) == (3, 2)
    known = repo.by_uuid(RFC, uuid_of(1))
    assert (known["status"], known["cancelled_at"], known["updated_at"]) == ("cancelado", "2026-04-01T00:00:00", 3_000)
    new = repo.by_uuid(RFC, uuid_of(3))  # upper-cased
    assert (new["has_xml"], new["total_c"], new["family"], new["source"]) == (0, 5_000, "cfdi", "pkg-1")


def test_set_status_back_to_vigente_clears_the_cancel_date(conn, repo, tmp_path):
    ingest(conn, tmp_path, rows=[meta(1, "10.00", status="cancelado")])
    invoice_id = repo.by_uuid(RFC, uuid_of(1))["id"]
    with db.transaction(conn):
        repo.set_status(invoice_id, "cancelado", 5_000)
    row = repo.by_id(invoice_id)
    assert (row["status"], row["cancelled_at"], row["updated_at"]) == ("cancelado", "2026-04-01T00:00:00", 5_000)
    with db.transaction(conn):
        repo.set_status(invoice_id, "vigente", 6_000)
    row = repo.by_id(invoice_id)
    assert (row["status"], row["cancelled_at"], row["updated_at"]) == ("vigente", None, 6_000)


def test_a_write_joins_the_callers_transaction(conn, repo, tmp_path):
    ingest(conn, tmp_path, rows=[meta(1, "10.00")])
    invoice_id = repo.by_uuid(RFC, uuid_of(1))["id"]
    with pytest.raises(RuntimeError), db.transaction(conn):
        repo.set_status(invoice_id, "cancelado", 5_000)
        raise RuntimeError("rolled back")
    assert repo.by_id(invoice_id)["status"] == "vigente"


def test_mark_retenciones_touches_only_that_packages_metadata_rows(conn, repo, tmp_path):
    ingest(conn, tmp_path, [cfdi(1, "100.00", fecha="2026-03-05T10:00:00")], [meta(2, "10.00")], source="ret-1")
    ingest(conn, tmp_path, rows=[meta(3, "10.00")], source="other")
    with db.transaction(conn):
        repo.mark_retenciones(RFC, "ret-1")
    families = {n: (repo.by_uuid(RFC, uuid_of(n))["family"], repo.by_uuid(RFC, uuid_of(n))["type"]) for n in (1, 2, 3)}
    assert families == {1: ("cfdi", "I"), 2: ("retenciones", "R"), 3: ("cfdi", "I")}
    # a constancia known from metadata only is left out of the invoices' totals as its XML would be
    sums = index.totals(conn, RFC, InvoiceFilter(date_from="2026-03-01", date_to="2026-03-31"))
    assert (sums["count"], sums["retenciones"]) == (2, 1)
    # and the monthly sums moved with it (whole months are read from them)
    assert conn.execute("SELECT SUM(n) FROM invoice_months WHERE type = 'R'").fetchone()[0] == 1


def test_delete_for_removes_one_profiles_index(conn, repo, tmp_path):
    ingest(conn, tmp_path, rows=[meta(1, "10.00"), meta(2, "20.00")])
    writes = InvoiceWrites(db.Single(conn), RFC)
    with db.transaction(conn):
        writes.add_payments([(RFC, uuid_of(2), 0, uuid_of(1), 1, "10.00", "10.00", "0", "MXN", "2026-03-06")])
        repo.delete_for(RFC)
    assert repo.counts(RFC) == (0, 0)
    assert repo.payments_for(RFC, uuid_of(1)) == []
    assert conn.execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 0


# -- the writer's statements ------------------------------------------------------------------------------------


def test_a_party_is_created_once_with_folded_search_text(conn):
    writes = InvoiceWrites(db.Single(conn), RFC)
    party = (OTHER, "Muñoz Pérez", RFC, "Mi empresa")
    with db.transaction(conn):
        first = writes.party_id(party)
        assert writes.party_id(party) == first
        other = writes.party_id((THIRD, "Otro", RFC, "Mi empresa"))
    assert other != first
    text = conn.execute("SELECT text FROM parties_fts WHERE rowid = ?", (first,)).fetchone()[0]
    assert text == f"{OTHER} MUNOZ PEREZ {RFC} MI EMPRESA"
    search = conn.execute("SELECT search FROM parties WHERE id = ?", (first,)).fetchone()[0]
    assert search == text  # the profile's own scan reads the same text as the trigram index


def test_insert_new_says_whether_the_uuid_was_known(conn, repo):
    writes = InvoiceWrites(db.Single(conn), RFC)
    columns = ("rfc", "uuid", "direction", "status", "has_xml", "updated_at")
    with db.transaction(conn):
        new_id = writes.insert_new(columns, (RFC, uuid_of(1), "issued", "vigente", 0, 1))
        assert writes.insert_new(columns, (RFC, uuid_of(1), "received", "vigente", 0, 2)) is None
    assert new_id is not None
    assert repo.by_id(new_id)["direction"] == "issued"
    assert dict(writes.status_of(uuid_of(1))) == {"id": new_id, "status": "vigente", "cancelled_at": None}
    assert writes.status_of(uuid_of(2)) is None


def test_payments_come_back_oldest_first_with_the_receipts_date_and_status(conn, repo, tmp_path):
    ingest(conn, tmp_path, rows=[meta(1, "300.00"), meta(2, "100.00", kind="P"), meta(3, "200.00", kind="P")])
    writes = InvoiceWrites(db.Single(conn), RFC)
    paid = uuid_of(1)
    with db.transaction(conn):
        writes.add_payments([(RFC, uuid_of(3), 0, paid, 2, "200.00", "200.00", "0", "MXN", "2026-03-09")])
        writes.add_payments([(RFC, uuid_of(2), 0, paid, 1, "300.00", "100.00", "200.00", "MXN", "2026-03-07")])
    got = repo.payments_for(RFC, paid.lower())
    assert [(p["payment_uuid"], p["installment"], p["balance"]) for p in got] == [
        (uuid_of(2), 1, "200.00"),
        (uuid_of(3), 2, "0"),
    ]
    assert got[0]["payment_issue_date"] == "2026-03-05T09:00:00" and got[0]["payment_status"] == "vigente"
    with db.transaction(conn):
        writes.replace_payments(uuid_of(3), [])
    assert [p["payment_uuid"] for p in repo.payments_for(RFC, paid)] == [uuid_of(2)]


# -- lists and the browser's pages ------------------------------------------------------------------------------


@pytest.fixture
def many(conn, tmp_path):
    """40 metadata rows over four months, equal totals in pairs (the id breaks ties), two without a date."""
    rows = [
        meta(
            n,
            f"{(n // 2) * 10}.00",
            issue_date=f"2026-0{1 + n % 4}-{1 + n % 27:02d}T10:00:00",
            issuer=THIRD if n % 5 == 0 else OTHER,
            issuer_name="MUÑOZ" if n % 5 == 0 else "Proveedor",
            status="cancelado" if n % 7 == 0 else "vigente",
        )
        for n in range(1, 39)
    ]
    rows += [meta(39, "1.00", issue_date=None), meta(40, "2.00", issue_date=None)]
    ingest(conn, tmp_path, rows=rows)
    return rows


def test_rows_follow_the_sort_and_then_the_id(repo, many):
    every = [dict(r) for r in repo.rows(RFC, InvoiceFilter())]
    assert len(every) == 40
    assert [r["id"] for r in every] == sorted(
        (r["id"] for r in every), key=lambda i: (next(x["issue_date"] or "" for x in every if x["id"] == i), i)
    )
    by_total = [(r["total_c"], r["id"]) for r in repo.rows(RFC, InvoiceFilter(), sort="-total")]
    assert by_total == sorted(by_total, reverse=True)
    assert [(r["total_c"], r["id"]) for r in repo.rows(RFC, InvoiceFilter(), sort="total", descending=True)] == (
        by_total
    )
    window = [(r["total_c"], r["id"]) for r in repo.rows(RFC, InvoiceFilter(), sort="-total", limit=5, offset=3)]
    assert window == by_total[3:8]
    unknown = [r["id"] for r in repo.rows(RFC, InvoiceFilter(), sort="nonsense")]  # falls back to the date
    assert unknown == [r["id"] for r in every]


def test_filters_count_what_rows_list(repo, many):
    cases = [
        InvoiceFilter(),
        InvoiceFilter(date_from="2026-02-01", date_to="2026-03-15"),
        InvoiceFilter(status="cancelado"),
        InvoiceFilter(counterpart_rfc=THIRD.lower()),
        InvoiceFilter(text="munoz"),  # folded: finds MUÑOZ
        InvoiceFilter(text=uuid_of(7)[:13]),  # a piece of a UUID
        InvoiceFilter(min_total=Decimal("50"), max_total=Decimal("120")),
        InvoiceFilter(types=("P",)),
    ]
    counts = [repo.count(RFC, flt) for flt in cases]
    assert counts == [len(list(repo.rows(RFC, flt))) for flt in cases]
    assert counts[0] == 40 and counts[3] == counts[4] == 7 and counts[5] == 1 and counts[7] == 0
    assert all(r["issuer_name"] == "MUÑOZ" for r in repo.rows(RFC, InvoiceFilter(text="munoz")))
    assert {r["uuid"] for r in repo.rows(RFC, InvoiceFilter(text=uuid_of(7)[:13]))} == {uuid_of(7)}
    assert not repo.has_damaged(RFC)
    assert repo.count(RFC, InvoiceFilter(damaged=True)) == 0


def test_a_text_search_reads_a_small_profiles_own_parties_with_the_same_answers(conn, repo, many):
    """Among many profiles a text search reads the profile's own parties (``parties.search``) instead of the
    trigram index of everyone's; the rows, counts and sums are those of the trigram index, and another profile's
    matching parties (a MUÑOZ of its own) never leak in."""
    big = "CCC030303CC3"
    writes = InvoiceWrites(db.Single(conn), big)
    with db.transaction(conn):
        conn.execute("INSERT INTO profiles(rfc, created_at) VALUES (?, 1)", (big,))
        for n in range(12):  # more parties than RFC's three: RFC holds less than half of them
            writes.party_id((f"XAX0101{n:02d}AA1", "MUÑOZ" if n % 2 else f"Cliente {n}", big, "Grande"))
    assert repo._party_scan(RFC) is True
    assert repo._party_scan(big) is False
    cases = [
        InvoiceFilter(text="munoz"),
        InvoiceFilter(text="Proveedor", date_from="2026-02-01", date_to="2026-03-31"),
        InvoiceFilter(text=THIRD[:6]),
        InvoiceFilter(text=uuid_of(7)[:13]),  # a piece of a UUID: the parties and the invoices' trigram index
        InvoiceFilter(text="50%"),  # LIKE's own characters, escaped on both ways
        InvoiceFilter(text="nadie"),
    ]
    for flt in cases:
        answers = []
        for scan in (False, True):
            where, params = build_where(RFC, flt, party_scan=scan)
            listed = f"SELECT i.id FROM invoices i WHERE {where} ORDER BY i.id"  # noqa: S608 - build_where's SQL
            ids = [r[0] for r in conn.execute(listed, params)]
            summed = f"SELECT COUNT(*), SUM(i.total_c) FROM invoices i WHERE {where}"  # noqa: S608 - the same
            sums = conn.execute(summed, params).fetchone()
            answers.append((ids, tuple(sums)))
        assert answers[0] == answers[1], flt
    assert repo.count(RFC, InvoiceFilter(text="munoz")) == 7  # through the repository: the profile's scan
    assert (
        repo.split_sums(RFC, InvoiceFilter(text="munoz"))[0]
        + repo.split_sums(RFC, InvoiceFilter(text="munoz"))[len(SUM_COLUMNS) + 1]
        == 7
    )


@pytest.mark.parametrize("sort", ["date", "total", "uuid"])
@pytest.mark.parametrize("ascending", [True, False])
def test_keyset_pages_equal_offset_pages(repo, many, sort, ascending):
    """Walking by keyset from the previous page's last row gives what OFFSET gives, NULL keys included."""
    flt = InvoiceFilter()
    nulls = repo.has_null_keys(RFC, damaged=False, sort=sort)
    assert nulls == (sort == "date")
    size = 7
    everything = repo.page(RFC, flt, sort=sort, ascending=ascending, after=None, nulls=nulls, limit=100, offset=0)
    assert len(everything) == 40
    assert set(everything[0].keys()) == {*PAGE_COLUMNS, "sort_key_0"}
    keys = [(r["sort_key_0"] is not None, r["sort_key_0"], r["id"]) for r in everything]
    assert keys == sorted(keys, reverse=not ascending)
    walked, after = [], None
    while True:
        page = repo.page(RFC, flt, sort=sort, ascending=ascending, after=after, nulls=nulls, limit=size, offset=0)
        if not page:
            break
        walked += [r["id"] for r in page]
        after = (sort_values(page[-1], sort), page[-1]["id"])
    assert walked == [r["id"] for r in everything]
    # backwards from a page's first row: the rows before it, nearest first
    middle = everything[20]
    back = repo.page(
        RFC,
        flt,
        sort=sort,
        ascending=not ascending,
        after=(sort_values(middle, sort), middle["id"]),
        nulls=nulls,
        limit=5,
        offset=2,
    )
    assert [r["id"] for r in back] == [r["id"] for r in everything[13:18]][::-1]


# -- sums -------------------------------------------------------------------------------------------------------


def python_sums(repo, flt, *, keep=lambda row: True) -> list[int]:
    rows = [r for r in repo.rows(RFC, flt) if keep(r)]
    return [len(rows), *(sum(r[c] or 0 for r in rows) for c in SUM_COLUMNS)]


def month_sums(repo, flt, first, last) -> list[int]:
    """invoice_months' count and sums of whole months, added over its groups."""
    total = [0] * (len(SUM_COLUMNS) + 1)
    for row in repo.month_group_sums(RFC, flt, ("direction",), first=first, last=last):
        for k, value in enumerate(row[1:]):
            total[k] += value
    return total


def not_cancelled(row) -> bool:
    return row["status"] != "cancelado"


def test_split_sums_and_the_monthly_table_agree_with_the_rows(conn, repo, many):
    for flt in [
        InvoiceFilter(),
        InvoiceFilter(date_from="2026-01-15", date_to="2026-03-31"),
        InvoiceFilter(date_from="2026-02-01", date_to="2026-02-28", status="vigente"),
        InvoiceFilter(text="munoz"),
    ]:
        # the rows not cancelled, then the cancelled ones
        split = [value or 0 for value in repo.split_sums(RFC, flt)]
        assert split == python_sums(repo, flt, keep=not_cancelled) + python_sums(
            repo, flt, keep=lambda r: not not_cancelled(r)
        ), flt
        assert sorted(tuple(r[1:]) for r in repo.group_amount_rows(RFC, flt, (CANCELLED_KEY,))) == sorted(
            tuple(r[c] for c in SUM_COLUMNS) for r in repo.rows(RFC, flt)
        )
        got = index.totals(conn, RFC, flt)
        # cancelled documents are out of the sums unless the filter asks for a status, and counted apart
        count, *sums = python_sums(repo, flt, keep=not_cancelled if flt.status is None else lambda r: True)
        assert got["count"] == count and Decimal(got["total"]) == Decimal(sums[SUM_COLUMNS.index("total_c")]) / 100
        cancelled_count, *cancelled_sums = python_sums(repo, flt, keep=lambda r: not not_cancelled(r))
        assert got["cancelled"] == (cancelled_count if flt.status is None else 0)
        if flt.status is None:
            assert Decimal(got["cancelled_total"]) == Decimal(cancelled_sums[SUM_COLUMNS.index("total_c")]) / 100
    whole = InvoiceFilter(date_from="2026-02-01", date_to="2026-03-31")
    assert month_sums(repo, whole, "2026-02", "2026-03") == python_sums(repo, whole)
    cancelled = InvoiceFilter(
        date_from="2026-02-01", date_to="2026-03-31", status="cancelado", types=("I",), direction="received"
    )
    assert month_sums(repo, cancelled, "2026-02", "2026-03") == python_sums(repo, cancelled)
    undated = month_sums(repo, InvoiceFilter(), None, None)
    assert undated[0] == 40  # open on both ends: the rows without a date too


def test_a_sum_past_64_bit_integers_is_refused_and_the_rows_add_up_exactly(conn, repo, many, backend):
    big = 2**62
    with db.transaction(conn):
        conn.execute("UPDATE invoices SET total_c = ? WHERE rfc = ? AND issue_date < '2026-02'", (big, RFC))
    flt = InvoiceFilter(date_from="2026-01-02")  # a partial month: summed from the rows
    n = repo.count(RFC, InvoiceFilter(date_from="2026-01-02", date_to="2026-01-31"))
    assert n >= 2
    exact = python_sums(repo, flt)
    if backend == "sqlite":
        with pytest.raises(SumOverflow):
            repo.split_sums(RFC, flt)
    else:  # PostgreSQL sums bigints as numeric: exact
        split = repo.split_sums(RFC, flt)
        cancelled = python_sums(repo, replace(flt, status="cancelado"))
        assert [a + b for a, b in zip(split[: len(exact)], split[len(exact) :], strict=True)] == exact
        assert list(split[len(exact) :]) == cancelled
    assert exact[1 + SUM_COLUMNS.index("total_c")] >= 2 * big
    total = index.totals(conn, RFC, replace(flt, status="vigente"))
    vigentes = python_sums(repo, replace(flt, status="vigente"))
    assert Decimal(total["total"]) == Decimal(vigentes[1 + SUM_COLUMNS.index("total_c")]) / 100
    january = [r for r in repo.rows(RFC, InvoiceFilter(date_from="2026-01-01", date_to="2026-01-31"))]
    assert january and all(r["total_c"] == big for r in january)
    by_month = {(g["month"], g["direction"], g["type"]): g for g in index.month_totals(conn, RFC)}
    kept = [r for r in january if r["status"] != "cancelado"]
    assert by_month[("2026-01", "received", "I")]["total"] == big * len(kept)
    assert by_month[("2026-01", "received", "I")]["cancelled"] == len(january) - len(kept)


@pytest.mark.parametrize("backend", ["sqlite"])  # PostgreSQL's invoice_months sums are NUMERIC: never a float
def test_a_monthly_sum_past_64_bit_integers_is_stored_as_a_float(conn, repo):
    writes = InvoiceWrites(db.Single(conn), RFC)
    with db.transaction(conn):
        group = ("2026-05", "issued", "I", "vigente", "MXN", "PUE", "03", "G03")
        writes.add_months({group: [1, 0, 0, 2**63, 0, 0, 0, 0, 0, 0]})
        writes.add_months({group: [2, 1, 2, 3, 4, 5, 6, 7, 8, 9]})
    flt = InvoiceFilter(direction="issued", types=("I",))
    [(_direction, *got)] = repo.month_group_sums(RFC, flt, ("direction",), first="2026-05", last="2026-05")
    assert got[0] == 3
    total = got[1 + SUM_COLUMNS.index("total_c")]
    assert isinstance(total, float) and total == float(2**63 + 3)
    assert got[1 + SUM_COLUMNS.index("subtotal_c")] == 1


def test_month_totals_by_direction_and_type_newest_first_cancelled_apart(conn, repo, many):
    """The Resumen's table (issue 17.1): by month, direction and type, from invoice_months; cancelled documents
    out of ``n`` and ``total`` and counted apart; the documents without a date in no month."""
    with db.transaction(conn):
        conn.execute("UPDATE invoices SET type = 'E' WHERE rfc = ? AND id % 3 = 0", (RFC,))
    got = index.month_totals(conn, RFC)
    assert [g["month"] for g in got] == sorted((g["month"] for g in got), reverse=True)
    assert sum(g["n"] + g["cancelled"] for g in got) == 38  # not the two without a date
    expected: dict[tuple[str, str, str], list[int]] = {}
    for r in repo.rows(RFC, InvoiceFilter()):
        if r["issue_date"]:
            entry = expected.setdefault((r["issue_date"][:7], r["direction"], r["type"]), [0, 0, 0])
            if r["status"] == "cancelado":
                entry[2] += 1
            else:
                entry[0] += 1
                entry[1] += r["total_c"]
    assert {(g["month"], g["direction"], g["type"]): [g["n"], g["total"], g["cancelled"]] for g in got} == expected
    assert {kind for _m, _d, kind in expected} == {"I", "E"}


def test_groups_add_up_to_the_totals_and_past_64_bit_integers_exactly(conn, repo, many, backend):
    """Issue 17.1: ``group_totals`` per direction/type/currency/status equals Python's sums of the same rows,
    and still does when a group's sum leaves SQLite's integers (recounted row by row)."""
    flt = InvoiceFilter()
    keys = ("direction", "status", "currency")
    rows = repo.rows(RFC, flt)
    expected: dict[tuple, list[int]] = {}
    for r in rows:
        sums = expected.setdefault((r["direction"], r["status"], r["currency"] or ""), [0] * (len(SUM_COLUMNS) + 1))
        sums[0] += 1
        for k, column in enumerate(SUM_COLUMNS, start=1):
            sums[k] += r[column] or 0

    def as_cents(groups):
        return {
            tuple(g["keys"][k] for k in keys): [g["count"]]
            + [int(Decimal(g[f]) * 100) for f in ("subtotal", "discount", "iva_transferred", "ieps_transferred",
                                                   "iva_withheld", "isr_withheld", "local_taxes", "total",
                                                   "payroll_isr_withheld")]
            for g in groups
        }  # fmt: skip

    assert as_cents(index.group_totals(conn, RFC, flt, keys)) == expected
    everything = index.totals(conn, RFC, flt)
    by_status = index.group_totals(conn, RFC, flt, ("status",))  # by status: the cancelled are a group
    assert sum(g["count"] for g in by_status) == everything["count"] + everything["cancelled"]
    assert all(g["cancelled"] == 0 for g in by_status)
    # not by status: each group leaves its cancelled documents out and counts them
    by_direction = index.group_totals(conn, RFC, flt, ("direction",))
    for g in by_direction:
        mine = [r for r in repo.rows(RFC, flt) if r["direction"] == g["keys"]["direction"]]
        assert g["count"] == sum(1 for r in mine if r["status"] != "cancelado")
        assert g["cancelled"] == sum(1 for r in mine if r["status"] == "cancelado")
        assert Decimal(g["total"]) * 100 == sum(r["total_c"] for r in mine if r["status"] != "cancelado")
    assert sum(g["count"] for g in by_direction) == everything["count"]
    assert sum(g["cancelled"] for g in by_direction) == everything["cancelled"] > 0
    big = 2**62
    with db.transaction(conn):
        conn.execute("UPDATE invoices SET total_c = ? WHERE rfc = ? AND status = 'vigente'", (big, RFC))
    if backend == "sqlite":
        with pytest.raises(SumOverflow):
            repo.group_sums(RFC, flt, keys)
    else:  # PostgreSQL sums bigints as numeric: exact
        assert sum(g[-2] for g in repo.group_sums(RFC, flt, ("status",))) >= big * 2
    groups = {g["keys"]["status"]: g for g in index.group_totals(conn, RFC, flt, ("status",))}
    vigentes = sum(1 for r in repo.rows(RFC, flt) if r["status"] == "vigente")
    assert Decimal(groups["vigente"]["total"]) == Decimal(big * vigentes) / 100
    with pytest.raises(AppError):
        index.group_totals(conn, RFC, flt, ("colour",))


def test_totals_and_groups_in_one_pass_equal_each_read_alone(conn, repo, many):
    """The window's totals bar and breakdown from one reading of the sums (``index.totals_and_groups``) equal
    ``totals`` and ``group_totals`` read apart, for whole months (``invoice_months``, grouped on plain columns
    and the cancelled told from the status) and for rows; a status besides vigente and cancelado (SAT's
    metadata may say another) joins the not-cancelled group of its kind."""
    with db.transaction(conn):
        conn.execute("UPDATE invoices SET status = 'no_encontrado' WHERE rfc = ? AND id % 9 = 0", (RFC,))
    filters = [
        InvoiceFilter(),
        InvoiceFilter(date_from="2026-02-01", date_to="2026-03-31"),  # whole months
        InvoiceFilter(date_from="2026-02-10", date_to="2026-04-30"),  # a partial month and whole ones
        InvoiceFilter(text="munoz"),
        InvoiceFilter(status="cancelado"),
        InvoiceFilter(direction="received", types=("I",)),
    ]
    for flt in filters:
        for keys in (("direction", "type", "currency"), ("direction", "status"), ("status",)):
            together = index.totals_and_groups(conn, RFC, flt, keys)
            assert together == (index.totals(conn, RFC, flt), index.group_totals(conn, RFC, flt, keys)), (flt, keys)
    for flt in [*filters, InvoiceFilter(min_total=Decimal("50")), InvoiceFilter(date_from="2026-03-01")]:
        sums = index.totals(conn, RFC, flt)  # the browser's row count: without a sum, the totals' two counts
        assert index.row_count(conn, RFC, flt) == sums["count"] + sums["cancelled"] == repo.count(RFC, flt), flt
    groups = index.group_totals(conn, RFC, InvoiceFilter(), ("direction",))
    rows = [r for r in repo.rows(RFC, InvoiceFilter()) if r["issue_date"]] + [
        r for r in repo.rows(RFC, InvoiceFilter()) if not r["issue_date"]
    ]
    assert sum(g["count"] for g in groups) == sum(1 for r in rows if r["status"] != "cancelado")
    assert sum(g["cancelled"] for g in groups) == sum(1 for r in rows if r["status"] == "cancelado")
    with pytest.raises(AppError):
        index.totals_and_groups(conn, RFC, InvoiceFilter(), ("colour",))


def test_groups_from_whole_months_and_partial_ones_add_up_like_the_rows(conn, repo, many):
    """Whole months of direction/type/status groups come from invoice_months, the days around them from the
    rows: for every window the groups equal Python's grouping of the filter's rows."""
    keys = ("direction", "type", "status")
    for flt in [
        InvoiceFilter(),
        InvoiceFilter(date_from="2026-01-15", date_to="2026-03-10"),
        InvoiceFilter(date_from="2026-02-01", date_to="2026-03-31", direction="received"),
        InvoiceFilter(date_from="2026-01-02", date_to="2026-01-30", status="vigente"),
    ]:
        expected: dict[tuple, list[int]] = {}
        for r in repo.rows(RFC, flt):
            sums = expected.setdefault((r["direction"], r["type"] or "", r["status"]), [0] * (len(SUM_COLUMNS) + 1))
            sums[0] += 1
            for k, column in enumerate(SUM_COLUMNS, start=1):
                sums[k] += r[column] or 0
        got = {
            tuple(g["keys"][k] for k in keys): (g["count"], int(Decimal(g["total"]) * 100))
            for g in index.group_totals(conn, RFC, flt, keys)
        }
        assert got == {k: (v[0], v[1 + SUM_COLUMNS.index("total_c")]) for k, v in expected.items()}, flt


CODE_KEYS = ("currency", "payment_method", "payment_form", "cfdi_use")


def test_code_filters_and_groups_sum_whole_months_like_the_rows(conn, repo, many):
    """Issue 17: currency, método de pago, forma de pago and uso de CFDI are in invoice_months' key (migration 5),
    kept by the update trigger when a row's codes change; a filter or a grouping on them equals Python's over the
    rows, for whole months, partial ones and everything — cancelled documents out and counted apart."""
    with db.transaction(conn):  # the metadata rows say no codes: give them some, through the update trigger
        conn.execute(
            """UPDATE invoices SET currency = CASE WHEN id % 4 = 1 THEN 'USD' ELSE 'MXN' END,
                   payment_method = CASE WHEN id % 3 = 0 THEN 'PPD' ELSE 'PUE' END,
                   payment_form = CASE WHEN id % 3 = 0 THEN '99' WHEN id % 2 = 0 THEN '03' ELSE '01' END,
                   cfdi_use = CASE WHEN id % 5 = 0 THEN NULL ELSE 'G03' END
               WHERE rfc = ?""",
            (RFC,),
        )
    every = "SELECT * FROM invoice_months WHERE n != 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9"
    kept = [tuple(r) for r in conn.execute(every)]
    with db.transaction(conn):
        for statement in RECOUNT_MONTHS:
            conn.execute(statement, (RFC,))
    assert kept == [tuple(r) for r in conn.execute(every)]

    def field(row, key):
        return row[key] or ""

    for flt in [
        InvoiceFilter(payment_methods=("PPD",)),
        InvoiceFilter(currencies=("USD",), date_from="2026-02-01", date_to="2026-03-31"),
        InvoiceFilter(payment_forms=("03", "99"), date_from="2026-01-10", date_to="2026-04-30"),
        InvoiceFilter(cfdi_uses=("",), direction="received"),
        InvoiceFilter(payment_methods=("PUE",), status="cancelado"),
    ]:
        rows = list(repo.rows(RFC, flt))
        assert rows and all(
            field(r, column) in codes
            for r in rows
            for column, codes in zip(
                CODE_KEYS, (flt.currencies, flt.payment_methods, flt.payment_forms, flt.cfdi_uses), strict=True
            )
            if codes
        ), flt
        keep = not_cancelled if flt.status is None else (lambda r: True)
        got = index.totals(conn, RFC, flt)
        count, *sums = python_sums(repo, flt, keep=keep)
        assert (got["count"], Decimal(got["total"]) * 100) == (count, sums[SUM_COLUMNS.index("total_c")]), flt
        expected: dict[tuple, list[int]] = {}
        for r in rows:
            if keep(r):
                entry = expected.setdefault(tuple(field(r, k) for k in CODE_KEYS), [0, 0])
                entry[0] += 1
                entry[1] += r["total_c"]
        groups = index.group_totals(conn, RFC, flt, CODE_KEYS)
        assert {
            tuple(g["keys"][k] for k in CODE_KEYS): [g["count"], int(Decimal(g["total"]) * 100)]
            for g in groups
            if g["count"]
        } == expected, flt
        assert all(g.get("converted_from") == ("USD" if g["keys"]["currency"] == "USD" else None) for g in groups)


def test_a_text_matching_a_good_share_of_the_rows_pages_by_the_orders_index_with_the_same_rows(
    conn, repo, many, backend, monkeypatch
):
    """A page of a text search that matches one row in DENSE_TEXT or more walks the order's index, testing each
    row's party (``+i.party_id``: 289 → 33 ms for a common surname by issuer at a million), one that matches few
    reads its matches through the parties and sorts them; the rows are the same either way, keyset pages too."""
    from desktop_app.core.store import invoices as store_invoices

    flt = InvoiceFilter(text="munoz")  # 7 of the profile's 40 rows
    matches = store_invoices.WIDE_AMOUNT_RANGE  # as the window says it for a profile of a million rows
    dense, sparse = store_invoices.DENSE_TEXT, 0.01  # dense: 2,000 × 40 ≥ 40 rows; sparse: 20 < 40
    sqls: list[str] = []
    for sort in ("date", "issuer", "folio", "total"):
        for ascending in (True, False):
            read = {}
            for share in (dense, sparse):
                monkeypatch.setattr(store_invoices, "DENSE_TEXT", share)
                if backend == "sqlite":
                    conn.set_trace_callback(sqls.append)
                first = repo.page(RFC, flt, sort=sort, ascending=ascending, after=None, nulls=True, limit=3,
                                  offset=1, matches=matches)  # fmt: skip
                after = (sort_values(first[-1], sort), first[-1]["id"])
                rest = repo.page(RFC, flt, sort=sort, ascending=ascending, after=after, nulls=True, limit=10,
                                 offset=0, matches=matches)  # fmt: skip
                if backend == "sqlite":
                    conn.set_trace_callback(None)
                read[share] = [r["id"] for r in first + rest]
            walked, sorted_ = read.values()
            assert walked == sorted_ and len(walked) == 6, (sort, ascending)
    if backend == "sqlite":
        pages = [sql for sql in sqls if "LIMIT" in sql and "party_id IN" in sql]
        assert any("+i.party_id IN" in sql for sql in pages)
        assert any("+i.party_id IN" not in sql for sql in pages)


@pytest.mark.parametrize("backend", ["sqlite"])  # reads SQLite's statements (its plan hint) through its trace
def test_a_wide_amount_range_pages_by_the_orders_index_with_the_same_rows(conn, repo, many):
    """A page in date order over an amount range that matches many rows walks the date index (``+i.total_c``)
    instead of reading the range and sorting it (27 → 1 ms at a million); the rows are the same either way."""
    from desktop_app.core.store.invoices import WIDE_AMOUNT_RANGE

    flt = InvoiceFilter(min_total=Decimal("20.00"), max_total=Decimal("150.00"))
    sqls: list[str] = []
    for sort in ("date", "issuer", "total"):
        for ascending in (True, False):
            narrow = repo.page(RFC, flt, sort=sort, ascending=ascending, after=None, nulls=True, limit=7, offset=2)
            conn.set_trace_callback(sqls.append)
            wide = repo.page(
                RFC, flt, sort=sort, ascending=ascending, after=None, nulls=True, limit=7, offset=2,
                matches=WIDE_AMOUNT_RANGE,
            )  # fmt: skip
            conn.set_trace_callback(None)
            assert [r["id"] for r in wide] == [r["id"] for r in narrow] and narrow, (sort, ascending)
    by_date = [sql for sql in sqls if "ORDER BY i.issue_date" in sql]
    assert by_date and all("+i.total_c >= 2000" in sql for sql in by_date)
    assert all("+i.total_c" not in sql for sql in sqls if "ORDER BY i.total_c" in sql)  # its own index, always


def test_upgrading_files_the_retenciones_metadata_rows_of_before_as_constancias(tmp_path):
    """Migration 14: rows a Retenciones request's metadata brought before this version kept the metadata's
    EfectoComprobante as their type (here "I"), so the totals added them to the invoices; after the upgrade they
    are type R, left apart, and the monthly sums moved with them."""
    path = tmp_path / db.DB_NAME
    conn = db.connect(path)
    with db.transaction(conn):
        conn.execute("INSERT INTO profiles(rfc, created_at) VALUES (?, 1)", (RFC,))
    ingest(conn, tmp_path, rows=[meta(1, "10.00"), meta(2, "20.00")], source="ret-1")
    ingest(conn, tmp_path, rows=[meta(3, "30.00")], source="cfdi-1")
    with db.transaction(conn):  # as the version before filed them: family retenciones, the metadata's type
        conn.execute("UPDATE invoices SET family = 'retenciones' WHERE source = 'ret-1'")
        conn.execute("ALTER TABLE schedules DROP COLUMN paused")  # migration 16's, which runs again
        conn.execute("PRAGMA user_version = 13")  # the version before migration 14
    flt = InvoiceFilter(date_from="2026-03-01", date_to="2026-03-31")
    assert index.totals(conn, RFC, flt)["count"] == 3  # the old answer: constancias among the invoices
    conn.close()
    conn = db.connect(path)  # the upgrade
    try:
        assert db.schema_version(conn) == schema.SCHEMA_VERSION
        kinds = dict(conn.execute("SELECT uuid, type FROM invoices").fetchall())
        assert kinds == {uuid_of(1): "R", uuid_of(2): "R", uuid_of(3): "I"}
        sums = index.totals(conn, RFC, flt)
        assert (sums["count"], sums["total"], sums["retenciones"]) == (1, "30.00", 2)
        assert dict(conn.execute("SELECT type, SUM(n) FROM invoice_months GROUP BY type").fetchall()) == {
            "I": 1,
            "R": 2,
        }
    finally:
        conn.close()
