"""``report retenciones``: the CFDI de Retenciones the taxpayer received (2.0 and 1.0), by year and CveRetenc,
selected by their Periodo, checked by hand and against an independent reading of the raw XML
(``oracle_isr.retenciones``); the CLI's json, xlsx and txt."""

from __future__ import annotations

import pytest

from tests.core.reports import oracle_isr
from tests.core.reports.conftest import report
from tests.core.reports.scenario_isr import (
    OWNER,
    RT1,
    RT2,
    RT3,
    RT4,
    RT5,
    income_world,  # noqa: F401 - the fixture
)
from tests.core.reports.test_report_cli import _sheets

AMOUNTS = ("documents", "operation", "taxed", "exempt", "withheld_total", "isr", "iva", "ieps")


def _money(value: int) -> str:
    return f"{'-' if value < 0 else ''}{abs(value) // 100}.{abs(value) % 100:02d}"


@pytest.mark.parametrize(("first", "last"), [("2025-03", None), ("2025-01", "2025-03"), ("2025-01", "2025-12"),
                                             ("2025-01", "2025-02"), ("2024-01", "2024-12")])  # fmt: skip
def test_every_group_matches_the_raw_xml(income_world, first, last):  # noqa: F811
    docs = oracle_isr.read_world(income_world.base, OWNER)
    expected = oracle_isr.retenciones(docs, first, last or first)
    data = report(income_world.home, "retenciones", "--period", first, *(["--to", last] if last else []))
    got = {(g["year"], g["key"]): g for g in data["groups"]}
    assert set(got) == set(expected)
    for key, want in expected.items():
        assert got[key]["documents"] == want["documents"]
        for name in AMOUNTS[1:]:
            assert got[key][name] == _money(want.get(name, 0)), (key, name)
    for name in AMOUNTS[1:]:
        assert data["totals"][name] == _money(sum(g.get(name, 0) for g in expected.values())), name


def test_march_by_hand(income_world):  # noqa: F811
    data = report(income_world.home, "retenciones", "--period", "2025-03", "--detail")
    assert data["selection"] == "periodo_within"
    groups = {g["key"]: g for g in data["groups"]}
    # intereses of March: RT1 (2.0) 5,000.00 with 48.50 of ISR and RT4 (1.0) 1,234.56 with 12.35; RT5 cancelled
    assert groups["16"]["description"] == "Intereses" and groups["16"]["uuids"] == [RT1, RT4]
    assert groups["16"]["operation"] == "6234.56" and groups["16"]["isr"] == "60.85"
    assert groups["16"]["exempt"] == "234.56"
    # key 25 (otro tipo) carries its own DescRetenc; its ImpRetenidos (10.00 + 4.00) do not add up to 20.00
    assert groups["25"]["description"] == "Premios de lotería estatal" and groups["25"]["ieps"] == "4.00"
    assert groups["25"]["withheld_total"] == "20.00"
    assert data["notes"]["withheld_breakdown_differs"]["uuids"] == [RT3]
    assert data["notes"]["cancelled"]["uuids"] == [RT5]
    # RT2 covers January–March: only partly within March
    assert data["notes"]["period_partly_outside"]["uuids"] == [RT2]
    quarter = report(income_world.home, "retenciones", "--period", "2025-01", "--to", "2025-03")
    fees = next(g for g in quarter["groups"] if g["key"] == "01")
    assert fees["description"] == "Servicios profesionales"
    assert (fees["isr"], fees["iva"], fees["withheld_total"]) == ("3000.00", "3200.00", "6200.00")
    assert "period_partly_outside" not in quarter["notes"]


def test_retenciones_cli_formats(income_world, tmp_path):  # noqa: F811
    target = tmp_path / "retenciones.xlsx"
    report(income_world.home, "retenciones", "--period", "2025-01", "--to", "2025-12", "--format", "xlsx",
           "--output", str(target))  # fmt: skip
    sheets = _sheets(target)
    assert list(sheets) == ["Retenciones", "Constancias"]
    rows = {(row[0], row[1]): row for row in sheets["Retenciones"][1:] if len(row) > 2}
    assert rows["2025", "16"][2] == "Intereses" and rows["2025", "16"][-1] == "60.85"
    total = next(row for row in sheets["Retenciones"] if row and row[0] == "Total")
    assert total[1] == "4"  # documents (the empty key and description cells are not written)
    assert len(sheets["Constancias"]) == 1 + 4
    text = tmp_path / "retenciones.txt"
    report(income_world.home, "retenciones", "--period", "2025-03", "--format", "txt", "--output", str(text))
    body = text.read_text(encoding="utf-8")
    assert "2025 — 16 Intereses (2 documentos)" in body and "60.85" in body
    assert "CFDI cuyo periodo queda sólo en parte dentro de los meses pedidos: no incluidos — 1" in body


def test_what_the_report_cannot_add_is_left_out_and_named_and_the_index_agrees(tmp_path):
    """An outside audit's hostile constancias: an ISR of 10^20 pesos made the year's «ISR retenido» 21 digits long
    (the index keeps such an amount out of its sums; the report added it); ``1e3`` was 1,000.00 in the report and 0
    in the list, ``abc`` 0 in both, neither said; a negative MontoRet lowered every total; inverted months, no
    Periodo, no Totales were dropped or mislabelled without a word; one without FechaExp never reached the report."""
    from tests.core.reports.conftest import cli_process
    from tests.core.reports.scenario_isr import BANK, retention20, u

    def constancia(n: int, *, isr: str = "10.00", months=(10, 10), total_ret: str | None = None) -> bytes:
        return retention20(u(0x600 + n), "2025-11-05T10:00:00", BANK, "16", months, 2025,
                           ("1000.00", "1000.00", "0.00", total_ret or isr), [("001", "1000.00", isr)])  # fmt: skip

    good = constancia(1)
    docs = {
        1: good,
        2: constancia(2, isr="1e3"),
        3: constancia(3, isr="abc", total_ret="0.00"),
        4: constancia(4, isr="-500.00", total_ret="0.00"),
        5: constancia(5, isr="99999999999999999999.99"),
        6: constancia(6, months=(12, 1)),
        7: constancia(7).replace(b'<retenciones:Periodo MesIni="10" MesFin="10" Ejercicio="2025"/>', b""),
        8: constancia(8).split(b"<retenciones:Totales")[0]
        + b"<retenciones:Complemento"
        + constancia(8).split(b"<retenciones:Complemento")[1],
        9: constancia(9).replace(b' FechaExp="2025-11-05T10:00:00"', b""),
    }
    folder = tmp_path / "xml"
    folder.mkdir()
    for n, xml in docs.items():
        (folder / f"{n}.xml").write_bytes(xml)
    home = tmp_path / "home"
    cli_process(home, "profile", "add", OWNER)
    imported = cli_process(home, "invoices", "import", str(folder))
    assert imported["added"] == len(docs), imported
    data = report(home, "retenciones", "--period", "2025-01", "--to", "2025-12", "--detail")
    counted = {u(0x601), u(0x609)}  # the good one, and the one without FechaExp (selected by its Periodo)
    assert {d["uuid"] for d in data["documents"]} == counted
    assert data["totals"]["isr"] == "20.00" and data["totals"]["operation"] == "2000.00"
    named = {code: set(note["uuids"]) for code, note in data["notes"].items() if code != "status_unknown"}
    assert named == {
        "amount_not_summable": {u(0x602), u(0x603), u(0x604), u(0x605)},
        "invalid_period": {u(0x606)},
        "no_period": {u(0x607)},
        "no_totals": {u(0x608)},
    }
    # the index: the unreadable and the negative MontoRet are summed as nothing, each with its warning
    listed = cli_process(home, "invoices", "list", "--type", "R")
    rows = {r["uuid"]: r for r in listed["invoices"]}
    assert [float(rows[u(0x600 + n)]["isr_withheld"]) for n in (2, 3, 4)] == [0, 0, 0]
    shown = cli_process(home, "invoice", u(0x604))["invoice"]
    assert any("negative amount MontoRet" in w for w in shown["warnings"]), shown
    assert any("unreadable amount MontoRet" in w for w in cli_process(home, "invoice", u(0x602))["invoice"]["warnings"])
