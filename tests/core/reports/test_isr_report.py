"""``report isr`` and the 69-B rule of ``report iva``: each figure checked against the hand-worked March 2025 of the
income world (``scenario_isr``) and, for every period, against an independent reading of the raw XML
(``oracle_isr``); the CLI's json, xlsx and txt."""

from __future__ import annotations

import pytest

from tests.core.reports import oracle_isr
from tests.core.reports.conftest import cli, report
from tests.core.reports.scenario import E2, I2, I3, I6, M1, NOT_INDEXED, P1, P6, R1, R6
from tests.core.reports.scenario_isr import (
    A1,
    D1,
    D2,
    DEFINITIVO,
    H1,
    H2,
    OWNER,
    PR1,
    PRESUNTO,
    RA1,
    RH1,
    RR1,
    income_world,  # noqa: F401 - the fixture
)
from tests.core.reports.test_report_cli import _sheets

# March 2025 by hand (docs/reports.md §4), cash basis:
#  income: I1 1,700.00 + I2 2,000.00 + I7 123.45 USD × 18.2345 = 2,251.05 − E1 100.00 + H1 10,000.00
#    + A1 8,000.00 + P1 5,800/11,600 of I3's 10,000.00 = 5,000.00 + P3 580/1,160 of I4's 1,000 USD ÷ 0.0540540541
#    = 9,250.00 + P4 (Pagos 1.0) 1,740/3,480 of I5's 3,000.00 = 1,500.00 + P7 116/116 of I8's 100 USD × 18.00 =
#    1,800.00 + HP1 500/953.33 of H2's 1,000 USD ÷ 0.0555555556 = 9,440.59 → 50,841.64 (I6 and P6 cancelled, M1
#    metadata only; E2 lowered the PPD I3's balance, which April's payment pays reduced: not subtracted again).
#  expenses: R1 4,000 − ER1 400 + R4 1,500 + R6 1,000 + RH1 5,000 + RA1 12,000 + RR1 3,000 + PR1 1,000 (presunto:
#    counted) + RP1 4,480/8,960 of R2's 8,000 = 4,000 → 31,100.00 (RP2 pays an invoice not indexed: unresolved).
#  not deductible (69-B definitivo): D1 20,000 + DP1 5,800/11,600 of D2's 10,000 = 5,000 → 25,000.00.
#  ISR withheld to the taxpayer: honorarios (612) H1 1,000.00 + HP1's RetencionDR 52.45 USD ÷ 0.0555555556 = 944.10
#    → 1,944.10; arrendamiento (606) A1 800.00; otros (601) I2 200.00.
#  ISR withheld by the taxpayer: honorarios RH1 500.00, arrendamiento RA1 1,200.00, RESICO RR1 37.50 (1.25 %),
#    otros R1 400.00 − ER1 40.00 = 360.00.
HAND_MARCH = {
    "income": "50841.64",
    "expenses": "31100.00",
    "not_deductible_69b": "25000.00",
    "withheld_to_taxpayer": {"honorarios": "1944.10", "arrendamiento": "800.00", "resico": "0.00", "otros": "200.00",
                             "total": "2944.10"},
    "withheld_by_taxpayer": {"honorarios": "500.00", "arrendamiento": "1200.00", "resico": "37.50", "otros": "360.00",
                             "total": "2097.50"},
}  # fmt: skip
PERIODS = [("2025-01", None), ("2025-02", None), ("2025-03", None), ("2025-04", None), ("2025-05", None),
           ("2025-02", "2025-04"), ("2025-01", "2025-12")]  # fmt: skip


def _money(value: int) -> str:
    sign = "-" if value < 0 else ""
    return f"{sign}{abs(value) // 100}.{abs(value) % 100:02d}"


def _args(first: str, last: str | None) -> list[str]:
    return ["--period", first, *(["--to", last] if last else [])]


@pytest.fixture(scope="module")
def docs(income_world):  # noqa: F811 - pytest's fixture injection
    return oracle_isr.read_world(income_world.base, OWNER)


def test_march_by_hand(income_world):  # noqa: F811
    data = report(income_world.home, "isr", "--period", "2025-03")
    assert {key: data[key] for key in HAND_MARCH} == HAND_MARCH
    assert data["by_month"]["2025-03"] == HAND_MARCH
    assert data["list_69b"]["loaded"] is True
    assert [e["rfc"] for e in data["list_69b"]["definitivos"]] == [DEFINITIVO]
    assert [e["rfc"] for e in data["list_69b"]["presuntos"]] == [PRESUNTO]


@pytest.mark.parametrize(("first", "last"), PERIODS)
def test_every_figure_matches_the_raw_xml(income_world, docs, first, last):  # noqa: F811
    data = report(income_world.home, "isr", *_args(first, last), "--detail")
    expected = oracle_isr.isr(docs, first, last or first, {DEFINITIVO})
    sums = expected["sums"]
    for figure in ("income", "expenses", "not_deductible_69b"):
        assert data[figure] == _money(sums.get(figure, 0)), figure
    for side in ("withheld_to_taxpayer", "withheld_by_taxpayer"):
        for kind in ("honorarios", "arrendamiento", "resico", "otros"):
            assert data[side][kind] == _money(sums.get(f"{side}:{kind}", 0)), (side, kind)
        total = sum(v for k, v in sums.items() if k.startswith(side))
        assert data[side]["total"] == _money(total)
    for month, figures in data["by_month"].items():
        want = expected["months"].get(month, {})
        assert figures["income"] == _money(want.get("income", 0)), month
        assert figures["expenses"] == _money(want.get("expenses", 0)), month
        assert figures["withheld_by_taxpayer"]["total"] == _money(
            sum(v for k, v in want.items() if k.startswith("withheld_by"))
        )
    # every figure lists the documents behind it, and only those
    for figure, items in data["detail"].items():
        assert {item["uuid"] for item in items} == expected["uuids"].get(figure, set()), figure
        cents = sum(int(item["amount"].replace(".", "")) for item in items)
        total = data[figure]["total"] if figure.startswith("withheld") else data[figure]
        assert _money(cents) == total, figure


def test_what_is_left_out_is_named(income_world):  # noqa: F811
    notes = report(income_world.home, "isr", "--period", "2025-03", "--detail")["notes"]
    assert notes["cancelled"]["uuids"] == [I6]
    assert notes["cancelled_payments"]["uuids"] == [P6]
    assert notes["without_xml"]["uuids"] == [M1]
    assert notes["payment_unresolved"]["uuids"] == [NOT_INDEXED]
    assert notes["status_unknown"]["uuids"] == [R6]
    assert notes["supplier_69b_presunto"]["uuids"] == [PR1]
    assert notes["credit_note_on_balance"]["uuids"] == [E2]
    assert "regime_unread" not in notes


def test_a_vault_file_changed_since_it_was_indexed_is_not_read_for_its_regime(income_world, tmp_path):  # noqa: F811
    """An outside audit edited RegimenFiscal 612 → 626 in a vault file: the report moved its ISR to another kind
    with no word, where every other read of the vault answers vault_file_changed."""
    import shutil
    from pathlib import Path

    home = tmp_path / "home"
    shutil.copytree(income_world.home, home)
    code, doc = cli(home, "invoice", H1)
    assert code == 0, doc
    path = Path(doc["data"]["invoice"]["path"])
    data = path.read_bytes()
    assert b'RegimenFiscal="612"' in data
    path.write_bytes(data.replace(b'RegimenFiscal="612"', b'RegimenFiscal="626"', 1))
    result = report(home, "isr", "--period", "2025-03", "--detail")
    [item] = [i for i in result["detail"]["withheld_to_taxpayer"] if i["uuid"] == H1 and not i.get("payment_uuid")]
    assert (item["kind"], item["regime"]) == ("otros", None)  # not «resico», 626
    assert H1 in result["notes"]["regime_unread"]["uuids"]


def test_detail_says_where_each_amount_comes_from(income_world):  # noqa: F811
    detail = report(income_world.home, "isr", "--period", "2025-03", "--detail")["detail"]
    by = {(item["uuid"], item.get("payment_uuid")): item for item in detail["withheld_to_taxpayer"]}
    assert by[H1, None]["kind"] == "honorarios" and by[H1, None]["regime"] == "612"
    assert by[A1, None]["kind"] == "arrendamiento"
    assert by[I2, None]["kind"] == "otros"
    [paid] = [item for item in detail["withheld_to_taxpayer"] if item["uuid"] == H2]
    assert paid["source"] == "payment_taxes" and paid["amount"] == "944.10"
    kinds = {item["uuid"]: item["kind"] for item in detail["withheld_by_taxpayer"]}
    assert kinds[RH1] == "honorarios" and kinds[RA1] == "arrendamiento" and kinds[RR1] == "resico"
    assert kinds[R1] == "otros"
    listed = {(item["uuid"], item.get("payment_uuid")) for item in detail["not_deductible_69b"]}
    assert {uuid for uuid, _ in listed} == {D1, D2}
    assert all(item["counterpart_rfc"] == DEFINITIVO for item in detail["not_deductible_69b"])
    ppd = next(item for item in detail["income"] if item.get("payment_uuid") == P1)
    assert ppd["uuid"] == I3 and ppd["source"] == "payment_proportion" and ppd["amount"] == "5000.00"


def test_april_counts_the_rest_of_the_usd_invoice_by_proportion(income_world, docs):  # noqa: F811
    data = report(income_world.home, "isr", "--period", "2025-04", "--detail")
    [rest] = [item for item in data["detail"]["withheld_to_taxpayer"] if item["uuid"] == H2]
    # 453.33/953.33 of H2's 100.00 USD of ISR at the April payment's 18.50 MXN per USD
    assert rest["source"] == "payment_proportion" and rest["amount"] == "879.72"
    assert data["withheld_to_taxpayer"]["honorarios"] == "879.72"


@pytest.mark.parametrize("basis", ["cash", "accrual"])
@pytest.mark.parametrize(("first", "last"), [("2025-03", None), ("2025-02", "2025-04"), ("2025-02", None)])
def test_iva_of_a_definitivo_supplier_is_not_creditable(income_world, basis, first, last):  # noqa: F811
    docs = oracle_isr.iva_docs(income_world.base, OWNER)
    issuers = {uuid: doc.issuer for uuid, doc in oracle_isr.read_world(income_world.base, OWNER).items()}
    data = report(income_world.home, "iva", *_args(first, last), "--basis", basis, "--detail")[basis]
    expected, apart, items = oracle_isr.iva_69b(docs, issuers, first, last or first, basis, {DEFINITIVO})
    assert data["not_creditable_69b"] == _money(apart)
    for figure in ("transferred", "withheld", "creditable", "withheld_from_suppliers", "balance"):
        assert data[figure] == _money(expected[figure]), figure
    for key, sums in expected["by_rate"].items():
        assert data["by_rate"][key]["received_iva"] == _money(sums[3]), key
    got = {(item["uuid"], item.get("payment_uuid")) for item in data["detail"]["not_creditable_69b"]}
    assert got == items


def test_iva_69b_by_hand(income_world):  # noqa: F811
    data = report(income_world.home, "iva", "--period", "2025-03", "--detail")
    # cash: D1's 3,200.00 and DP1's ImpuestosDR 800.00 of D2; accrual: D1 only (D2 was issued in February)
    assert data["cash"]["not_creditable_69b"] == "4000.00"
    assert data["accrual"]["not_creditable_69b"] == "3200.00"
    assert {item["uuid"] for item in data["cash"]["detail"]["not_creditable_69b"]} == {D1, D2}
    assert {item["uuid"] for item in data["cash"]["detail"]["creditable"]}.isdisjoint({D1, D2})
    assert PR1 in {item["uuid"] for item in data["cash"]["detail"]["creditable"]}  # presunto: still creditable


def test_without_a_list_nothing_moves(world):
    """The IVA scenario's home has no 69-B list: the figures are the oracle's with nobody listed."""
    data = report(world.home, "isr", "--period", "2025-03")
    assert data["list_69b"] == {"loaded": False, "list_date": None, "definitivos": [], "presuntos": []}
    assert data["not_deductible_69b"] == "0.00"
    docs = oracle_isr.read_world(world.base, OWNER)
    sums = oracle_isr.isr(docs, "2025-03", "2025-03", set())["sums"]
    assert data["income"] == _money(sums["income"]) and data["expenses"] == _money(sums["expenses"])
    iva = report(world.home, "iva", "--period", "2025-03")
    assert iva["cash"]["not_creditable_69b"] == "0.00" and iva["list_69b"]["loaded"] is False


def test_isr_cli_formats(income_world, tmp_path):  # noqa: F811
    code, doc = cli(income_world.home, "report", "isr", "--period", "2025-03", "--basis", "cash")
    assert code == 1 and doc["error"]["code"] == "basis_not_applicable"
    target = tmp_path / "isr.xlsx"
    data = report(income_world.home, "isr", "--period", "2025-02", "--to", "2025-03", "--format", "xlsx",
                  "--output", str(target), "--detail")  # fmt: skip
    assert data["output"] == str(target) and "detail" not in data
    sheets = _sheets(target)
    assert list(sheets) == ["ISR", "Detalle ISR"]
    assert sheets["ISR"][0] == ["Concepto", "Periodo", "feb 2025", "mar 2025"]  # months as the window writes them
    rows = {row[0]: row[1:] for row in sheets["ISR"] if row}
    assert rows["Ingresos cobrados (antes de impuestos)"][2] == HAND_MARCH["income"]
    assert rows["ISR retenido al contribuyente: Honorarios (612)"][2] == "1944.10"
    assert rows["Gastos no deducibles: proveedores definitivos del 69-B (CFF)"][2] == "25000.00"
    text = tmp_path / "isr.txt"
    report(income_world.home, "isr", "--period", "2025-03", "--format", "txt", "--output", str(text))
    body = text.read_text(encoding="utf-8")
    assert body.startswith("Reporte de ISR (flujo de efectivo) — RFC EKU9003173C9")
    assert "Periodo: 01/03/2025 a 31/03/2025." in body and "2025-03-01" not in body  # dd/mm/aaaa
    line = next(row for row in body.splitlines() if row.startswith("Ingresos cobrados"))
    assert line.split()[-2:] == ["50,841.64", "50,841.64"]
    assert "proveedores definitivos: IMP1104018N5" in body


def test_isr_text_keeps_figures_apart_however_wide(income_world):  # noqa: F811
    """A month's figure that filled its column ran into the one before: «759,937.96108,140,530.52»."""
    from desktop_app.core.reports.isr import isr_text

    data = report(income_world.home, "isr", "--period", "2025-02", "--to", "2025-03")
    month = list(data["by_month"])[-1]
    data["by_month"][month]["income"] = "108140530.52"
    data["income"] = "108190000.00"
    line = next(row for row in isr_text(data).splitlines() if row.startswith("Ingresos cobrados"))
    assert line.split()[-3:] == ["108,190,000.00", line.split()[-2], "108,140,530.52"]


def test_isr_sheet_rows_carry_their_uuids(income_world):  # noqa: F811
    from desktop_app.core.reports.kinds import REPORTS

    data = report(income_world.home, "isr", "--period", "2025-03", "--detail")
    [summary, detail] = REPORTS["isr"].sheets(data)
    rows = {values[0]: uuids for (values, _bold), uuids in zip(summary.rows, summary.sources, strict=True) if values}
    assert set(rows["Gastos no deducibles: proveedores definitivos del 69-B (CFF)"]) == {D1, D2}
    assert set(rows["ISR retenido por el contribuyente a terceros: Arrendamiento (606)"]) == {RA1}
    assert all(uuids for (values, _bold), uuids in zip(detail.rows, detail.sources, strict=True) if values)
