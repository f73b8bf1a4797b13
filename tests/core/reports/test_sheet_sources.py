"""Each line of the IVA and PPD sheets carries the UUIDs behind its figure (the window's Reportes page opens
them on a click): the IVA summary's lines exactly the detail items of their figures, a PPD line its invoice and
payments, a total every invoice it adds up."""

from __future__ import annotations

from desktop_app.core.reports.kinds import REPORTS
from tests.core.reports.conftest import report


def _line(sheet, title: str) -> tuple[str, ...]:
    for (values, _bold), sources in zip(sheet.rows, sheet.sources, strict=True):
        if values and values[0] == title:
            return sources
    raise AssertionError(f"no line {title!r}")


def _items(data: dict, figure: str, rate: str | None = None) -> set[str]:
    out = set()
    for basis in ("cash", "accrual"):
        for item in data[basis]["detail"].get(figure, []):
            if rate is None or item["rate"] == rate:
                out.add(item["uuid"])
                if item.get("payment_uuid"):
                    out.add(item["payment_uuid"])
    return out


def test_iva_lines_carry_their_figures_uuids(world):
    data = report(world.home, "iva", "--period", "2025-03", "--detail")
    summary = REPORTS["iva"].sheets(data)[0]
    transferred = _line(summary, "IVA trasladado")
    assert transferred and set(transferred) == _items(data, "transferred")
    assert len(transferred) == len(set(transferred))
    creditable = set(_line(summary, "(−) IVA acreditable"))
    assert creditable == _items(data, "creditable") | _items(data, "withheld_from_suppliers") | _items(
        data, "withheld_previous_month"
    )
    sixteen = set(_line(summary, "16 %: IVA trasladado"))
    assert sixteen and sixteen == _items(data, "transferred", "16")
    # without --detail the figures are the same and no line claims any invoice
    plain = REPORTS["iva"].sheets(report(world.home, "iva", "--period", "2025-03"))[0]
    assert not any(plain.sources)


def test_ppd_lines_carry_their_invoice_and_payments(world):
    data = report(world.home, "ppd", "--period", "2025-03", "--detail")
    sheet = REPORTS["ppd"].sheets(data)[0]
    invoices = data["receivable"]["invoices"]
    assert invoices
    for inv in invoices:
        assert _line(sheet, inv["uuid"]) == (inv["uuid"], *dict.fromkeys(p["payment_uuid"] for p in inv["payments"]))
    total = next(s for (values, bold), s in zip(sheet.rows, sheet.sources, strict=True) if bold)
    assert set(total) == {inv["uuid"] for inv in invoices}
