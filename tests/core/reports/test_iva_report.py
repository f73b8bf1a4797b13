"""``report iva``: each figure checked against the hand-worked March 2025 of the scenario and, for every period,
against an independent reading of the raw XML (``oracle``): cash and accrual, by rate, detail and notes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.core.reports import oracle, scenario
from tests.core.reports.conftest import report
from tests.core.reports.scenario import (
    E1,
    E2,
    ER1,
    I1,
    I2,
    I3,
    I4,
    I5,
    I6,
    I7,
    I8,
    M1,
    NOT_INDEXED,
    P1,
    P3,
    P4,
    P6,
    P7,
    R1,
    R2,
    R3,
    R4,
    R5,
    R6,
    RP1,
    RP2,
)


def _rates(issued_base: str, issued_iva: str, received_base: str, received_iva: str) -> dict[str, str]:
    return {
        "issued_base": issued_base,
        "issued_iva": issued_iva,
        "received_base": received_base,
        "received_iva": received_iva,
    }


# March 2025 worked by hand from scenario.py (docs/reports.md's rules):
#  cash, issued: I1 160 (16 %: 1000; 0 %: 500; exento: 200) + I2 8 % 160 + I7 USD 19.75 × 18.2345 = 360.13
#    (base 123.45 × 18.2345 = 2251.05) − E1 16 + P1 800 (DR) + P3 80 USD ÷ 0.0540540541 = 1480.00
#    (base 9250.00) + P4 480 × 1740/3480 = 240 (Pagos 1.0, base 1500) + P7 16 USD × 18.00 = 288 (base 1800)
#    = 3472.13; withheld by clients: I2 106.67. I3/I4/I5/I8 are PPD (counted by payments), I6 cancelled, P6
#    cancelled, M1 has no XML. E2 (116.00) lowered what the PPD I3 still owed (5,800 after P1): April's P2 pays
#    the reduced 5,684 with its IVA of 784, so E2 is not subtracted again (credit_note_on_balance).
#  cash, received: R1 640 − ER1 64 + R4 8 % 120 + RP1 640 (DR of R2) + RP2 16 (DR, invoice not indexed) = 1352.00;
#    withheld from suppliers: R1 426.67 − ER1 42.67 + RP1 160 = 544.00; in February: R3 106.67 (R2 is PPD).
#    creditable = 1352.00 − 544.00 + 106.67 = 914.67; balance = 3472.13 − 106.67 − 914.67 = 2450.79.
#  accrual: issued I1 160 + I2 160 + I5 480 + I7 360.13 − E1 16 − E2 16 = 1128.13; received R1 640 − ER1 64 +
#    R4 120 + R5 320 = 1016.00, withheld 384.00, February's R2 320 + R3 106.67 = 426.67 → creditable 1058.67,
#    balance 1128.13 − 106.67 − 1058.67 = −37.21.
HAND_MARCH = {
    "cash": {
        "transferred": "3472.13",
        "withheld": "106.67",
        "creditable": "914.67",
        "withheld_from_suppliers": "544.00",
        "balance": "2450.79",
        "creditable_breakdown": {
            "transferred_to_taxpayer": "1352.00",
            "less_withheld_from_suppliers": "544.00",
            "plus_withheld_previous_month": "106.67",
        },
        "by_rate": {
            "16": _rates("20701.05", "3312.13", "7700.00", "1232.00"),
            "8": _rates("2000.00", "160.00", "1500.00", "120.00"),
            "0": _rates("500.00", "0.00", "300.00", "0.00"),
            "exento": _rates("200.00", "0.00", "700.00", "0.00"),
        },
    },
    "accrual": {
        "transferred": "1128.13",
        "withheld": "106.67",
        "creditable": "1058.67",
        "withheld_from_suppliers": "384.00",
        "balance": "-37.21",
        "creditable_breakdown": {
            "transferred_to_taxpayer": "1016.00",
            "less_withheld_from_suppliers": "384.00",
            "plus_withheld_previous_month": "426.67",
        },
        "by_rate": {
            "16": _rates("6051.05", "968.13", "5600.00", "896.00"),
            "8": _rates("2000.00", "160.00", "1500.00", "120.00"),
            "0": _rates("500.00", "0.00", "300.00", "0.00"),
            "exento": _rates("200.00", "0.00", "700.00", "0.00"),
        },
    },
}


def _cents(text: str) -> int:
    return int(Decimal(text) * 100)


def test_march_as_worked_by_hand(world):
    data = report(world.home, "iva", "--period", "2025-03")
    assert data["kind"] == "iva" and data["currency"] == "MXN" and data["basis"] == "both"
    assert data["period"] == {"from": "2025-03", "to": "2025-03", "start": "2025-03-01", "end": "2025-03-31"}
    for basis, expected in HAND_MARCH.items():
        got = data[basis]
        for name, value in expected.items():
            assert got[name] == value, (basis, name)
    # the contract's figures are 2-decimal strings
    for basis in ("cash", "accrual"):
        for name in ("transferred", "creditable", "withheld"):
            text = data[basis][name]
            assert isinstance(text, str) and text.split(".")[1].isdigit() and len(text.split(".")[1]) == 2


def test_march_counts_and_notes(world):
    data = report(world.home, "iva", "--period", "2025-03", "--detail")
    cash, accrual = data["cash"], data["accrual"]
    uuids = {code: set(note["uuids"]) for code, note in cash["notes"].items()}
    assert uuids == {
        "cancelled": {I6},
        "cancelled_payments": {P6},
        "without_xml": {M1},
        "status_unknown": {R6},
        "paid_invoice_not_indexed": {NOT_INDEXED},
        "credit_note_on_balance": {E2},  # applied to I3's balance: April's payment is already the lower one
    }
    assert {code: set(note["uuids"]) for code, note in accrual["notes"].items()} == {
        "cancelled": {I6},
        "without_xml": {M1},
        "status_unknown": {R6},
    }
    # documents counted on their issue date / payments (receipt, invoice) counted on their FechaPago
    assert cash["counts"] == {"documents": 8, "payments": 6}  # E2 is not counted (above)
    assert accrual["counts"] == {"documents": 11, "payments": 0}
    # without --detail the notes say how many, not which
    plain = report(world.home, "iva", "--period", "2025-03")
    assert "detail" not in plain["cash"] and "uuids" not in plain["cash"]["notes"]["cancelled"]
    assert plain["cash"]["notes"]["cancelled"]["count"] == 1


def test_march_detail_names_every_document_behind_each_figure(world):
    data = report(world.home, "iva", "--period", "2025-03", "--detail")
    detail = data["cash"]["detail"]

    def who(figure):
        return {(item["uuid"], item.get("payment_uuid")) for item in detail[figure]}

    assert who("transferred") == {
        (I1, None), (I2, None), (I7, None), (E1, None), (I3, P1), (I4, P3), (I5, P4), (I8, P7)
    }  # fmt: skip
    assert who("withheld") == {(I2, None)}
    assert who("creditable") == {(R1, None), (ER1, None), (R4, None), (R6, None), (R2, RP1), (NOT_INDEXED, RP2)}
    assert who("withheld_from_suppliers") == {(R1, None), (ER1, None), (R2, RP1)}
    assert {item["uuid"] for item in detail["withheld_previous_month"]} == {R3}
    sources = {(item["uuid"], item["source"]) for item in detail["transferred"] if item.get("payment_uuid")}
    assert sources == {
        (I3, "payment_taxes"), (I4, "payment_taxes"), (I5, "payment_proportion"), (I8, "payment_proportion")
    }  # fmt: skip
    proportion = next(item for item in detail["transferred"] if item["uuid"] == I5)
    assert proportion["proportion"] == "0.500000" and proportion["amount"] == "240.00"
    accrual = {item["uuid"] for item in data["accrual"]["detail"]["creditable"]}
    assert accrual == {R1, ER1, R4, R5, R6}
    assert {item["uuid"] for item in data["accrual"]["detail"]["withheld_previous_month"]} == {R2, R3}


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("2024-11", None),
        ("2025-01", None),
        ("2025-02", None),
        ("2025-03", None),
        ("2025-04", None),
        ("2025-05", None),
        ("2025-02", "2025-04"),
        ("2025-01", "2025-05"),
    ],
)
def test_every_figure_matches_an_independent_reading_of_the_xml(world, first, last):
    args = ["iva", "--period", first, "--detail"] + (["--to", last] if last else [])
    data = report(world.home, *args)
    for basis in ("cash", "accrual"):
        expected = oracle.iva(world.docs, first, last or first, basis)
        got = data[basis]
        for name in ("transferred", "withheld", "creditable", "withheld_from_suppliers", "balance"):
            assert _cents(got[name]) == expected[name], (basis, name)
        assert _cents(got["creditable_breakdown"]["transferred_to_taxpayer"]) == expected["received"]
        assert _cents(got["creditable_breakdown"]["plus_withheld_previous_month"]) == expected["previous"]
        for key in ("16", "8", "0", "exento"):
            sums = expected["by_rate"].get(key, [0, 0, 0, 0])
            fields = ("issued_base", "issued_iva", "received_base", "received_iva")
            assert [_cents(got["by_rate"][key][f]) for f in fields] == sums, (basis, key)
        assert set(got["by_rate"]) <= {"16", "8", "0", "exento"} | set(expected["by_rate"])
        for figure in ("transferred", "withheld", "creditable", "withheld_from_suppliers"):
            items = {(i["uuid"], i.get("payment_uuid")) for i in got["detail"][figure]}
            assert items == expected["uuids"].get(figure, set()), (basis, figure)


def test_detail_adds_up_to_each_figure(world):
    data = report(world.home, "iva", "--period", "2025-02", "--to", "2025-04", "--detail")
    for basis in ("cash", "accrual"):
        got, detail = data[basis], data[basis]["detail"]
        total = {figure: sum(_cents(i["amount"]) for i in items) for figure, items in detail.items()}
        assert total["transferred"] == _cents(got["transferred"])
        assert total["withheld"] == _cents(got["withheld"])
        assert total["creditable"] == _cents(got["creditable_breakdown"]["transferred_to_taxpayer"])
        assert total["withheld_from_suppliers"] == _cents(got["withheld_from_suppliers"])
        assert total["withheld_previous_month"] == _cents(got["creditable_breakdown"]["plus_withheld_previous_month"])
        for key, sums in got["by_rate"].items():
            issued = [i for i in detail["transferred"] if i["rate"] == key]
            received = [i for i in detail["creditable"] if i["rate"] == key]
            assert sum(_cents(i["base"]) for i in issued) == _cents(sums["issued_base"])
            assert sum(_cents(i["amount"]) for i in issued) == _cents(sums["issued_iva"])
            assert sum(_cents(i["base"]) for i in received) == _cents(sums["received_base"])
            assert sum(_cents(i["amount"]) for i in received) == _cents(sums["received_iva"])


def test_one_basis_only(world):
    cash = report(world.home, "iva", "--period", "2025-03", "--basis", "cash")
    assert "cash" in cash and "accrual" not in cash and cash["basis"] == "cash"
    accrual = report(world.home, "iva", "--period", "2025-03", "--basis", "accrual")
    assert "accrual" in accrual and "cash" not in accrual
    assert accrual["accrual"]["balance"] == HAND_MARCH["accrual"]["balance"]


def test_a_month_without_documents_is_all_zero(world):
    data = report(world.home, "iva", "--period", "2023-06")
    for basis in ("cash", "accrual"):
        assert data[basis]["transferred"] == data[basis]["creditable"] == data[basis]["balance"] == "0.00"
        assert data[basis]["counts"] == {"documents": 0, "payments": 0}


def test_the_oracle_itself_agrees_with_the_hand_worked_month(world):
    """The independent reading is checked too, so the two cannot agree on a shared mistake."""
    for basis, expected in HAND_MARCH.items():
        got = oracle.iva(world.docs, "2025-03", "2025-03", basis)
        assert got["balance"] == _cents(expected["balance"])
        assert got["creditable"] == _cents(expected["creditable"])
    assert scenario.OWNER == "EKU9003173C9"
