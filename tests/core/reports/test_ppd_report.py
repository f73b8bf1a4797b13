"""``report ppd``: open PPD invoices at the end of a period, checked by hand for March 2025 and against the
independent reading of the raw XML for every month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.core.reports import oracle
from tests.core.reports.conftest import report
from tests.core.reports.scenario import E2, I3, I4, I5, P1, P3, P4, R2, R5, R7, RP1

# March 31, 2025, by hand: I3 11600 − P1 5800 (P6 was cancelled) − E2 116 = 5684.00, 39 days; I4 1160 − 580 =
# 580 USD × 17.50 = 10150.00 MXN, 75 days; I5 3480 − 1740 = 1740.00, 30 days; I8 paid in full (P7). Received: R2
# 8960 − 4480 = 4480.00, 49 days; R5 2320.00, 29 days; R7 1160.00, 141 days (issued 2024-11-10).
HAND = {
    I3: ("5684.00", "MXN", "5684.00", 39, "31-60", [P1]),
    I4: ("580.00", "USD", "10150.00", 75, "61-90", [P3]),
    I5: ("1740.00", "MXN", "1740.00", 30, "0-30", [P4]),
    R2: ("4480.00", "MXN", "4480.00", 49, "31-60", [RP1]),
    R5: ("2320.00", "MXN", "2320.00", 29, "0-30", []),
    R7: ("1160.00", "MXN", "1160.00", 141, "90+", []),
}


def test_march_as_worked_by_hand(world):
    data = report(world.home, "ppd", "--period", "2025-03")
    assert data["as_of"] == "2025-03-31"
    receivable, payable = data["receivable"], data["payable"]
    assert receivable["count"] == 3 and receivable["balance"] == "17574.00"
    assert receivable["aging"] == {"0-30": "1740.00", "31-60": "5684.00", "61-90": "10150.00", "90+": "0.00"}
    assert payable["count"] == 3 and payable["balance"] == "7960.00"
    assert payable["aging"] == {"0-30": "2320.00", "31-60": "4480.00", "61-90": "0.00", "90+": "1160.00"}
    invoices = {inv["uuid"]: inv for inv in receivable["invoices"] + payable["invoices"]}
    assert set(invoices) == set(HAND)
    for uuid, (balance, currency, mxn, days, aging, payments) in HAND.items():
        inv = invoices[uuid]
        assert (inv["balance"], inv["currency"], inv["balance_mxn"], inv["days"], inv["aging"]) == (
            balance, currency, mxn, days, aging
        ), uuid  # fmt: skip
        assert [p["payment_uuid"] for p in inv["payments"]] == payments, uuid
    i3 = invoices[I3]
    assert (i3["total"], i3["paid"], i3["credited"]) == ("11600.00", "5800.00", "116.00")
    assert [c["uuid"] for c in i3["credit_notes"] if c["subtracted"]] == [E2]
    assert i3["last_stated_balance"] == "5800.00" and i3["counterpart_rfc"] == "AAA010101AAA"
    # Every stated ImpSaldoInsoluto agrees with the computed balance (no balance_differs); the browser shows I3's
    # 5,800.00 (it subtracts no credit note): the one invoice where the two rules give different figures, named.
    assert i3["stated_balance"] == "5800.00"
    assert {code: note["count"] for code, note in data["notes"].items()} == {"pending_differs": 1}
    detailed = report(world.home, "ppd", "--period", "2025-03", "--detail")
    assert detailed["notes"]["pending_differs"]["uuids"] == [I3]


def test_detail_lists_each_bucket(world):
    data = report(world.home, "ppd", "--period", "2025-03", "--detail")
    assert data["receivable"]["aging_uuids"] == {"0-30": [I5], "31-60": [I3], "61-90": [I4], "90+": []}
    assert data["payable"]["aging_uuids"] == {"0-30": [R5], "31-60": [R2], "61-90": [], "90+": [R7]}


@pytest.mark.parametrize("month", ["2024-11", "2025-01", "2025-02", "2025-03", "2025-04", "2025-05"])
def test_every_open_invoice_matches_an_independent_reading_of_the_xml(world, month):
    data = report(world.home, "ppd", "--period", month)
    as_of = date.fromisoformat(data["as_of"])
    expected = oracle.ppd(world.docs, as_of)
    got = {
        inv["uuid"]: (side, inv) for side in ("receivable", "payable") for inv in data[side]["invoices"]
    }  # fmt: skip
    assert set(got) == set(expected), month
    for uuid, exp in expected.items():
        side, inv = got[uuid]
        assert side == exp["side"]
        assert Decimal(inv["balance"]) == exp["balance"]
        assert int(Decimal(inv["balance_mxn"]) * 100) == exp["mxn"]
        assert (inv["days"], inv["aging"]) == (exp["days"], exp["aging"])
    for side in ("receivable", "payable"):
        mxn = sum(e["mxn"] for e in expected.values() if e["side"] == side)
        assert int(Decimal(data[side]["balance"]) * 100) == mxn
        assert data[side]["count"] == sum(1 for e in expected.values() if e["side"] == side)


def test_the_period_start_does_not_matter_only_its_end(world):
    one = report(world.home, "ppd", "--period", "2025-03")
    span = report(world.home, "ppd", "--period", "2024-01", "--to", "2025-03")
    assert one["receivable"] == span["receivable"] and one["payable"] == span["payable"]


def test_balances_follow_payments_indexed_in_any_order_cancelled_or_replaced(tmp_path):
    """What the writer keeps per PPD invoice to find the open ones fast must never hide one: a payment indexed
    before its invoice, a receipt cancelled later, a receipt indexed again with another amount."""
    from tests.core.reports.builder import DR, Concept, Pago, T, cfdi, metadata, pagos20, payment
    from tests.core.reports.conftest import cli_process

    owner, client = "EKU9003173C9", "AAA010101AAA"
    invoice, receipt = "ABCDEF01-0000-4000-8000-0000000000F1", "ABCDEF01-0000-4000-8000-0000000000F2"

    def paying(amount: str) -> bytes:
        left = str(Decimal("1160.00") - Decimal(amount))
        return payment(receipt, "2025-03-11T09:00:00", issuer=owner, receiver=client, complement=pagos20([
            Pago("2025-03-10T12:00:00", amount, [DR(invoice, amount, "1160.00", left, taxes=[])]),
        ]))  # fmt: skip

    def write(name: str, data: bytes) -> str:
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    home = tmp_path / "home"
    cli_process(home, "profile", "add", owner)
    cli_process(home, "invoices", "import", write("receipt.xml", paying("1160.00")))  # the payment comes first

    def receivable() -> dict[str, str]:
        data = report(home, "ppd", "--period", "2025-03")
        return {inv["uuid"]: inv["balance"] for inv in data["receivable"]["invoices"]}

    assert receivable() == {}
    ppd = cfdi(invoice, "2025-03-01T10:00:00", issuer=owner, receiver=client, method="PPD",
               concepts=[Concept("1000.00", [T("1000.00", "160.00")])])  # fmt: skip
    cli_process(home, "invoices", "import", write("invoice.xml", ppd))
    assert receivable() == {}  # paid in full by the payment indexed before it
    # as of February the invoice did not exist; as of March it was paid on the 10th
    assert report(home, "ppd", "--period", "2025-02")["receivable"]["count"] == 0
    # Another file of the receipt's UUID does not replace the vault's copy (the import says so)...
    other = cli_process(home, "invoices", "import", write("receipt-b.xml", paying("400.00")))
    assert other["conflict"] == 1 and other["conflicts"][0]["reason"] == "first_copy_kept"
    assert receivable() == {}
    # ...but restores it when the vault's copy is gone: the receipt indexed again with another amount
    vault_copy = home / owner / "emitidos" / "2025" / "03" / f"{receipt}.xml"
    vault_copy.unlink()
    cli_process(home, "invoices", "import", str(tmp_path / "receipt-b.xml"))
    assert receivable() == {invoice: "760.00"}
    vault_copy.unlink()
    cli_process(home, "invoices", "import", write("receipt-c.xml", paying("1160.00")))  # and again, in full
    assert receivable() == {}
    cancelled = metadata([(receipt, owner, client, "2025-03-11 09:00:00", "0.00", "P", False, "2025-03-20 10:00:00")])
    cli_process(home, "invoices", "import", write("metadata.txt", cancelled))
    assert receivable() == {invoice: "1160.00"}  # a cancelled receipt pays nothing
