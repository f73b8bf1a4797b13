"""A credit note on a PPD invoice that still owed money: the payments that settle the rest carry the reduced amount,
so a cash basis must not subtract the credit note again (IVA, ISR, DIOT). Found by an outside audit: an invoice of
10,000 + IVA 1,600, a nota de crédito of 1,000 / 160 in March, the rest (10,440) paid in April with ImpuestosDR of
9,000 / 1,440 — `report iva` said −160 in March and +1,440 in April (1,280 collected in all), `report isr` −1,000
then +9,000. What was collected is 1,440 and 9,000. Each figure below is worked by hand and checked against the
independent reading of the raw XML (``oracle.cash_share``)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.core.reports import oracle
from tests.core.reports.builder import DR, Concept, Pago, T, cfdi, pagos20, payment
from tests.core.reports.conftest import cli, report

OWNER, CLIENT, SUPPLIER = "EKU9003173C9", "AAA010101AAA", "CACX7605101P8"
V16 = "0.160000"


def u(n: int) -> str:
    return f"AAAAAAAA-0000-4000-8000-{n:012d}"


def _invoice(uuid: str, day: str, issuer: str, receiver: str, amount: str = "10000.00") -> bytes:
    iva = f"{Decimal(amount) * Decimal('0.16'):.2f}"
    return cfdi(uuid, day, issuer=issuer, receiver=receiver, method="PPD",
                concepts=[Concept(amount, [T(amount, iva)])])  # fmt: skip


def _credit(uuid: str, day: str, issuer: str, receiver: str, invoice: str, amount: str = "1000.00") -> bytes:
    iva = f"{Decimal(amount) * Decimal('0.16'):.2f}"
    return cfdi(uuid, day, issuer=issuer, receiver=receiver, kind="E", related=(("01", invoice),),
                concepts=[Concept(amount, [T(amount, iva)], description="Bonificación")])  # fmt: skip


def _paying(uuid: str, day: str, issuer: str, receiver: str, invoice: str, paid: str, before: str, base: str,
            iva: str, installment: int = 1) -> bytes:  # fmt: skip
    after = str(Decimal(before) - Decimal(paid))
    return payment(uuid, day, issuer=issuer, receiver=receiver, complement=pagos20([
        Pago(day, paid, [DR(invoice, paid, before, after, installment=installment, taxes=[(V16, base, iva)])]),
    ]))  # fmt: skip


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """Four stories, each in its own months of 2025:
    - issued, Jan–Apr: PPD invoice u1 (Jan), credit note u2 of 1,160 in March on its unpaid balance, u3 pays the
      remaining 10,440 in April (ImpuestosDR 9,000 / 1,440).
    - received, May–Jun: the same from a supplier: u21 (May 2), credit note u22 (May 20), u23 pays June 10.
    - issued, Jul–Aug, partly beyond the balance: invoice u31 of 11,600; u33 pays 11,000 in July (ImpuestosDR
      9,482.76 / 1,517.24); credit note u32 of 1,160 in August when 600 was owed: 600 lowered the balance, the
      other 560 was given back → 560/1,160 of it subtracts: IVA 160 × 560/1,160 = 77.24, income 482.76.
    - issued, Sep–Oct, a refund: invoice u41 paid in full in September (u43), credit note u42 in October: all of
      it subtracts, as before (nothing was owed)."""
    base = tmp_path_factory.mktemp("credits")
    docs = {
        u(1): _invoice(u(1), "2025-01-15T10:00:00", OWNER, CLIENT),
        u(2): _credit(u(2), "2025-03-10T10:00:00", OWNER, CLIENT, u(1)),
        u(3): _paying(u(3), "2025-04-05T10:00:00", OWNER, CLIENT, u(1), "10440.00", "10440.00", "9000.00", "1440.00"),
        u(21): _invoice(u(21), "2025-05-02T10:00:00", SUPPLIER, OWNER),
        u(22): _credit(u(22), "2025-05-20T10:00:00", SUPPLIER, OWNER, u(21)),
        u(23): _paying(
            u(23), "2025-06-10T10:00:00", SUPPLIER, OWNER, u(21), "10440.00", "10440.00", "9000.00", "1440.00"
        ),
        u(31): _invoice(u(31), "2025-07-01T10:00:00", OWNER, CLIENT),
        u(33): _paying(
            u(33), "2025-07-20T10:00:00", OWNER, CLIENT, u(31), "11000.00", "11600.00", "9482.76", "1517.24"
        ),
        u(32): _credit(u(32), "2025-08-05T10:00:00", OWNER, CLIENT, u(31)),
        u(41): _invoice(u(41), "2025-09-01T10:00:00", OWNER, CLIENT),
        u(43): _paying(
            u(43), "2025-09-10T10:00:00", OWNER, CLIENT, u(41), "11600.00", "11600.00", "10000.00", "1600.00"
        ),
        u(42): _credit(u(42), "2025-10-03T10:00:00", OWNER, CLIENT, u(41)),
    }
    folder = base / "xml"
    folder.mkdir()
    for uuid, data in docs.items():
        (folder / f"{uuid}.xml").write_bytes(data)
    (base / "metadata.txt").write_text("header\n")  # the oracle's world: no statuses known
    target = base / "home"
    assert cli(target, "profile", "add", OWNER)[0] == 0
    code, doc = cli(target, "invoices", "import", str(folder))
    assert code == 0 and doc["data"]["added"] == len(docs), doc
    return target


def _iva(home: Path, month: str) -> dict:
    return report(home, "iva", "--period", month, "--basis", "cash", "--detail")["cash"]


@pytest.mark.parametrize(
    ("month", "transferred", "noted"),
    [
        ("2025-01", "0.00", []),  # PPD: counted through its payments
        ("2025-03", "0.00", [u(2)]),  # before: -160.00
        ("2025-04", "1440.00", []),
        ("2025-07", "1517.24", []),
        ("2025-08", "-77.24", [u(32)]),  # before: -160.00
        ("2025-09", "1600.00", []),
        ("2025-10", "-160.00", []),  # a refund of money collected: subtracts whole, as before
    ],
)
def test_iva_cash_basis_subtracts_only_what_was_collected_and_given_back(home, month, transferred, noted):
    data = _iva(home, month)
    assert data["transferred"] == transferred
    assert data["notes"].get("credit_note_on_balance", {}).get("uuids", []) == noted


def test_over_each_story_what_is_collected_is_the_invoice_less_the_credit_note(home):
    # issued Jan–Apr: 1,440.00 in all (was 1,280.00); Jul–Aug: 1,517.24 − 77.24 = 1,440.00
    assert report(home, "iva", "--period", "2025-01", "--to", "2025-04")["cash"]["transferred"] == "1440.00"
    assert report(home, "iva", "--period", "2025-07", "--to", "2025-08")["cash"]["transferred"] == "1440.00"
    # received May–Jun: creditable 1,440.00 (was 1,280.00)
    may, june = _iva(home, "2025-05"), _iva(home, "2025-06")
    assert (may["creditable"], june["creditable"]) == ("0.00", "1440.00")
    assert may["notes"]["credit_note_on_balance"]["uuids"] == [u(22)]


def test_isr_income_and_expenses_follow_the_same_rule(home):
    def isr(first: str, last: str) -> dict:
        return report(home, "isr", "--period", first, "--to", last)

    assert isr("2025-03", "2025-03")["income"] == "0.00"  # before: -1,000.00
    assert isr("2025-01", "2025-04")["income"] == "9000.00"  # before: 8,000.00
    assert isr("2025-05", "2025-06")["expenses"] == "9000.00"
    # July: 11,000 of 11,600 paid → 9,482.76; August: 560/1,160 of the credit note's 1,000 → 482.76 back
    assert isr("2025-08", "2025-08")["income"] == "-482.76"
    assert isr("2025-07", "2025-08")["income"] == "9000.00"
    assert isr("2025-10", "2025-10")["income"] == "-1000.00"


def test_the_diot_has_no_devolucion_for_a_credit_note_applied_to_the_balance(home):
    def supplier(month: str) -> dict | None:
        data = report(home, "diot", "--period", month)
        return next((s for s in data["suppliers"] if s["rfc"] == SUPPLIER), None)

    assert supplier("2025-05") is None  # before: devoluciones 1,000 with nothing paid (the layout rejects it)
    june = supplier("2025-06")
    assert june is not None
    assert (june["by_rate"]["16"]["paid_base"], june["by_rate"]["16"]["returns_base"]) == ("9000.00", "0.00")


def test_the_independent_reading_agrees(home):
    docs, _status, _only = oracle.read_world(home.parent, OWNER)
    for month in ("2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10"):
        expected = oracle.iva(docs, month, month, "cash")
        got = _iva(home, month)
        for figure in ("transferred", "creditable"):
            assert int(Decimal(got[figure]) * 100) == expected[figure], (month, figure)
    assert oracle.cash_share(docs, docs[u(32)]) == Decimal(560) / Decimal(1160)
    assert oracle.cash_share(docs, docs[u(2)]) == 0 and oracle.cash_share(docs, docs[u(42)]) == 1
