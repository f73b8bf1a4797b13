"""``report nomina``: the payroll receipts the taxpayer issued, by FechaPago, per employee and month, checked by
hand and against an independent reading of the raw XML (``oracle_isr.nomina``); the CLI's json, xlsx and txt."""

from __future__ import annotations

import pytest

from tests.core.reports import oracle_isr
from tests.core.reports.conftest import report
from tests.core.reports.scenario_isr import (
    EMP1,
    EMP2,
    N1,
    N2,
    N3,
    N4,
    N5,
    OWNER,
    income_world,  # noqa: F401 - the fixture
)
from tests.core.reports.test_report_cli import _sheets

FIGURES = ("perceptions_taxed", "perceptions_exempt", "other_payments", "employment_subsidy", "subsidy_caused",
           "deductions", "isr_withheld", "net")  # fmt: skip


def _money(value: int) -> str:
    return f"{'-' if value < 0 else ''}{abs(value) // 100}.{abs(value) % 100:02d}"


@pytest.mark.parametrize(("first", "last"), [("2025-02", None), ("2025-03", None), ("2025-04", None),
                                             ("2025-02", "2025-04")])  # fmt: skip
def test_every_employee_matches_the_raw_xml(income_world, first, last):  # noqa: F811
    docs = oracle_isr.read_world(income_world.base, OWNER)
    expected = oracle_isr.nomina(docs, OWNER, first, last or first)
    data = report(income_world.home, "nomina", "--period", first, *(["--to", last] if last else []))
    got = {e["rfc"]: e for e in data["employees"]}
    assert set(got) == set(expected)
    for rfc, want in expected.items():
        assert got[rfc]["receipts"] == want["receipts"]
        for figure in FIGURES:
            assert got[rfc][figure] == _money(want.get(figure, 0)), (rfc, figure)
    for figure in FIGURES:
        assert data["totals"][figure] == _money(sum(e.get(figure, 0) for e in expected.values())), figure
    assert data["totals"]["receipts"] == sum(e["receipts"] for e in expected.values())
    assert data["totals"]["employees"] == len(expected)


def test_march_by_hand(income_world):  # noqa: F811
    data = report(income_world.home, "nomina", "--period", "2025-03", "--detail")
    assert data["date_basis"] == "payment_date"
    people = {e["rfc"]: e for e in data["employees"]}
    # EMP1: N1 (paid 15/03) and N3 (paid 31/03, issued 02/04); EMP2: N2 only (N4 was paid in February, N5 is
    # cancelled). ISR 650.00 + 812.34; EMP2's subsidio para el empleo 150.00 (causado 195.00), no ISR.
    one, two = people[EMP1.rfc], people[EMP2.rfc]
    assert (one["curp"], one["number"], one["name"]) == (EMP1.curp, EMP1.number, EMP1.name)
    assert one["uuids"] == [N1, N3] and two["uuids"] == [N2]
    assert one["perceptions_taxed"] == "15750.00" and one["perceptions_exempt"] == "1000.00"
    assert one["isr_withheld"] == "1462.34" and one["other_deductions"] == "400.00"
    assert one["net"] == "14887.66"  # 16,750.00 − 1,862.34
    assert two["employment_subsidy"] == "150.00" and two["subsidy_caused"] == "195.00"
    assert two["isr_withheld"] == "0.00" and two["net"] == "3070.00"  # 3,000.00 + 150.00 − 80.00
    assert data["totals"]["isr_withheld"] == "1462.34" and data["totals"]["net"] == "17957.66"
    assert data["notes"]["cancelled"]["uuids"] == [N5]
    assert {r["uuid"] for r in data["detail"]["receipts"]} == {N1, N2, N3}
    february = report(income_world.home, "nomina", "--period", "2025-02", "--detail")
    assert [e["uuids"] for e in february["employees"]] == [[N4]]  # issued 01/03, paid 28/02


def test_nomina_cli_formats(income_world, tmp_path):  # noqa: F811
    target = tmp_path / "nomina.xlsx"
    report(income_world.home, "nomina", "--period", "2025-02", "--to", "2025-03", "--format", "xlsx", "--output",
           str(target))  # fmt: skip
    sheets = _sheets(target)
    assert list(sheets) == ["Nómina por empleado", "Nómina por mes"]
    header = sheets["Nómina por empleado"][0]
    assert header[:4] == ["RFC", "CURP", "Nombre", "Núm. empleado"]
    total = next(row for row in sheets["Nómina por empleado"] if row and row[0].startswith("Total del patrón"))
    assert total[header.index("ISR retenido por salarios") - 3] == "1462.34"  # empty cells are not written
    months = {row[0]: row for row in sheets["Nómina por mes"][1:] if row}
    assert months["2025-03"][1] == "3" and months["2025-02"][1] == "1"
    text = tmp_path / "nomina.txt"
    data = report(income_world.home, "nomina", "--period", "2025-03", "--format", "txt", "--output", str(text))
    assert data["totals"]["receipts"] == 3
    body = text.read_text(encoding="utf-8")
    assert "Total del patrón — recibos: 3; empleados: 2" in body and "1,462.34" in body
    assert "MARÍA LÓPEZ MORA" in body


def test_nomina_sheet_rows_carry_their_uuids(income_world):  # noqa: F811
    from desktop_app.core.reports.kinds import REPORTS

    data = report(income_world.home, "nomina", "--period", "2025-03", "--detail")
    people, _months = REPORTS["nomina"].sheets(data)
    by_rfc = {values[0]: uuids for (values, _bold), uuids in zip(people.rows, people.sources, strict=True)}
    assert by_rfc[EMP1.rfc] == (N1, N3) and by_rfc[EMP2.rfc] == (N2,)
