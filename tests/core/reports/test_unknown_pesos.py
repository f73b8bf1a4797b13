"""Amounts whose value in pesos is not known are never added to pesos one for one (found by an outside audit of
money, stop 19): a foreign currency without TipoCambio (or with «0»), a Pagos 2.0 MonedaP other than pesos without
TipoCambioP, a tax amount the parser could not read. The index already flagged the first (``no_exchange_rate``)
and left it out of `invoices list`'s totals; the reports, the Excel totals row and the amount filters took each
of them as pesos (1 USD = $1, an unreadable IVA = $0). Each is now left out and named."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from tests.core.reports.builder import DR, Concept, Pago, T, cfdi, pagos20, payment
from tests.core.reports.conftest import cli, report

OWNER, CLIENT, SUPPLIER = "EKU9003173C9", "AAA010101AAA", "CACX7605101P8"
V16 = "0.160000"
DAY = "2025-03-10T10:00:00"


def u(n: int) -> str:
    return f"BBBBBBBB-0000-4000-8000-{n:012d}"


def _with_iva(uuid: str, issuer: str, receiver: str, amount: str, **kw) -> bytes:
    iva = f"{Decimal(amount) * Decimal('0.16'):.2f}"
    return cfdi(uuid, DAY, issuer=issuer, receiver=receiver, concepts=[Concept(amount, [T(amount, iva)])], **kw)


def _paid_in_usd_without_rate() -> bytes:
    """u5 pays u4 (1,740 MXN) with 100 USD and no TipoCambioP; its ImpuestosDR: IVA 240 of a 1,500 base."""
    dr = DR(u(4), "1740.00", "1740.00", "0.00", equivalence="17.4", taxes=[(V16, "1500.00", "240.00")])
    complement = pagos20([Pago(DAY, "100.00", [dr], currency="USD")])
    return payment(u(5), DAY, issuer=OWNER, receiver=CLIENT, complement=complement).replace(b' TipoCambioP="1"', b"")


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("unknown_pesos")
    unreadable = _with_iva(u(7), OWNER, CLIENT, "500.00").replace(b'Importe="80.00"', b'Importe="NaN"')
    assert unreadable.count(b'Importe="NaN"') == 2  # the concept's and the summary's
    docs = {
        u(1): _with_iva(u(1), SUPPLIER, OWNER, "1000.00", currency="USD"),  # received, no TipoCambio
        u(2): _with_iva(u(2), OWNER, CLIENT, "2000.00", currency="USD", rate="0"),  # issued, TipoCambio 0
        u(3): _with_iva(u(3), SUPPLIER, OWNER, "1000.00", currency="USD", method="PPD"),  # open, no TipoCambio
        u(4): _with_iva(u(4), OWNER, CLIENT, "1500.00", method="PPD"),  # MXN, paid by u5
        u(5): _paid_in_usd_without_rate(),
        u(6): _with_iva(u(6), OWNER, CLIENT, "100.00"),  # an ordinary MXN invoice: 16.00 of IVA
        u(7): unreadable,  # issued, IVA «NaN»
    }
    folder = base / "xml"
    folder.mkdir()
    for uuid, data in docs.items():
        (folder / f"{uuid}.xml").write_bytes(data)
    target = base / "home"
    assert cli(target, "profile", "add", OWNER)[0] == 0
    code, doc = cli(target, "invoices", "import", str(folder))
    assert code == 0 and doc["data"]["added"] == len(docs), doc
    return target


def _uuids(notes: dict, code: str) -> list[str]:
    return sorted(notes.get(code, {}).get("uuids", []))


def test_iva_leaves_out_what_has_no_value_in_pesos_and_names_it(home):
    data = report(home, "iva", "--period", "2025-03", "--detail")
    # cash: u6's 16.00 only — not u2's 320 USD «at 0», u5's 240 «at 1 ÷ 17.4» (13.79), u7's «NaN» as 0;
    # accrual: and u4's 240.00 (an MXN PPD invoice, counted on its issue date)
    for basis, transferred in (("cash", "16.00"), ("accrual", "256.00")):
        assert data[basis]["transferred"] == transferred, (basis, data[basis]["transferred"])
        assert data[basis]["creditable"] == "0.00"  # not u1's 160 USD as $160
        # cash: the IVA u5 paid on u4; accrual: the open PPD USD invoice u3 on its issue date
        assert _uuids(data[basis]["notes"], "not_summed") == sorted(
            [u(1), u(2), u(7), u(4) if basis == "cash" else u(3)]
        ), basis


def test_isr_leaves_them_out_too(home):
    data = report(home, "isr", "--period", "2025-03", "--detail")
    # income: u6 (100) and u7 (500, its IVA unreadable but its subtotal known); u2 (2,000 USD at 0) and u5's
    # share of u4 (1,500 paid in USD without TipoCambioP) are not known in pesos
    assert data["income"] == "600.00", data["income"]
    assert data["expenses"] == "0.00"  # not u1's 1,000 USD
    assert {u(1), u(2), u(4)} <= set(_uuids(data["notes"], "not_summed"))


def test_the_diot_counts_no_supplier_iva_of_unknown_value(home):
    data = report(home, "diot", "--period", "2025-03")
    supplier = next((s for s in data["suppliers"] if s["rfc"] == SUPPLIER), None)
    assert supplier is None or (supplier["paid_base"], supplier["paid_iva"]) in (("0.00", "0.00"), (None, None))


def test_ppd_lists_the_open_usd_invoice_without_a_balance_in_pesos(home):
    data = report(home, "ppd", "--period", "2025-03", "--detail")
    payable = data["payable"]
    entry = next(i for i in payable["invoices"] if i["uuid"] == u(3))
    assert entry["balance"] == "1160.00" and entry["currency"] == "USD" and entry["balance_mxn"] is None
    assert payable["balance"] == "0.00"  # not «1160.00» pesos
    assert _uuids(data["notes"], "balance_not_in_pesos") == [u(3)]


def test_the_excel_totals_row_agrees_with_the_listing(home, tmp_path):
    code, doc = cli(home, "invoices", "list", "--from", "2025-03-01", "--to", "2025-03-31")
    totals = doc["data"]["totals"]
    out = tmp_path / "march.xlsx"
    code, doc = cli(home, "invoices", "list", "--from", "2025-03-01", "--to", "2025-03-31", "--format", "xlsx",
                    "--output", str(out))  # fmt: skip
    assert code == 0, doc
    with zipfile.ZipFile(out) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    last_row = sheet[sheet.index("Total MXN") :]
    last_row = last_row[: last_row.index("</row>")]
    assert f"<v>{Decimal(totals['total'])}</v>" in last_row or f"<v>{totals['total']}</v>" in last_row, (
        totals["total"],
        last_row[:600],
    )
    # the USD documents without a usable rate are not in it: 2,320 and 1,160 and 1,160 USD
    assert "<v>4640" not in last_row and "<v>5800" not in last_row


def test_an_amount_filter_never_matches_a_total_of_unknown_value(home):
    def listed(*bounds: str) -> list[str]:
        code, doc = cli(home, "invoices", "list", *bounds)
        assert code == 0, doc
        return sorted(r["uuid"] for r in doc["data"]["invoices"])

    assert not {u(1), u(2), u(3)} & set(listed("--max-total", "0"))
    assert not {u(1), u(2), u(3)} & set(listed("--min-total", "0"))
    assert u(6) in listed("--min-total", "0")


def test_an_unreadable_tax_amount_is_noted_on_the_invoice(home):
    code, doc = cli(home, "invoice", u(7))
    assert code == 0, doc
    warnings = doc["data"]["invoice"]["warnings"]
    assert any("Importe" in w and "NaN" in w for w in warnings), warnings


def test_migration_17_reads_again_the_taxes_an_older_index_took_one_for_one(tmp_path):
    """An index written before this fix holds u1's IVA as 160 pesos: the upgrade marks it to be read again, and the
    next report reads it from the vault and leaves it out."""
    from desktop_app.core.store import db, schema

    folder = tmp_path / "xml"
    folder.mkdir()
    (folder / "u1.xml").write_bytes(_with_iva(u(1), SUPPLIER, OWNER, "1000.00", currency="USD"))
    target = tmp_path / "home"
    assert cli(target, "profile", "add", OWNER)[0] == 0
    assert cli(target, "invoices", "import", str(folder))[1]["data"]["added"] == 1

    def older_index(version: int) -> None:  # what the older index wrote: its amounts as pesos, nothing pending
        conn = db.connect(target / db.DB_NAME)
        with db.transaction(conn):
            conn.execute("UPDATE invoice_taxes SET base_c = 100000, amount_c = 16000")
            conn.execute("DELETE FROM taxes_pending")
            conn.execute(f"PRAGMA user_version = {version}")
        conn.close()

    older_index(schema.SCHEMA_VERSION)  # the same rows, no upgrade to run: the old answer
    assert report(target, "iva", "--period", "2025-03")["accrual"]["creditable"] == "160.00"
    older_index(schema.SCHEMA_VERSION - 1)
    data = report(target, "iva", "--period", "2025-03", "--detail")["accrual"]
    assert data["creditable"] == "0.00" and _uuids(data["notes"], "not_summed") == [u(1)]
