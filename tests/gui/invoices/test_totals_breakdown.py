"""Issue 17.1 in the window: the totals leave cancelled documents out (and say how many), and a breakdown shows
each direction, type and currency apart, as Python adds up the listed rows."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from PySide6.QtCore import Qt

from desktop_app.core.index import InvoiceFilter
from desktop_app.gui.formatting import money
from tests.gui.conftest import RFC

TYPE_WORDS = {"I": "I Ingreso", "E": "E Egreso", "P": "P Pago", "N": "N Nómina", "T": "T Traslado"}
DIRECTION_WORDS = {"issued": "Emitida", "received": "Recibida"}


def _mxn_cents(record: dict) -> int:
    """A record's total in MXN cents: × its exchange rate when in another currency, half-up per document."""
    total = Decimal(record["total"] or "0")
    if record["currency"] not in (None, "MXN", "XXX") and record["exchange_rate"]:
        total *= Decimal(record["exchange_rate"])
    return int((total * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_cancelled_documents_are_left_out_and_each_group_is_apart(qtbot, page, filled_context):
    rows = filled_context.service.list_invoices(RFC, InvoiceFilter())["invoices"]
    cancelled = [r for r in rows if r["status"] == "cancelado"]
    kept = [r for r in rows if r["status"] != "cancelado"]
    assert cancelled and kept  # the world has cancelled received CFDI (metadata rows)

    bar = page.totals_bar
    assert bar.values["count"] == f"{len(kept):,}"
    assert bar.values["total"] == money(Decimal(sum(_mxn_cents(r) for r in kept)) / 100)
    assert not bar.cancelled_label.isHidden()
    assert bar.cancelled_label.text() == f"Cancelados (fuera de los totales): {len(cancelled)}"
    assert money(Decimal(sum(_mxn_cents(r) for r in cancelled)) / 100) in bar.cancelled_label.toolTip()

    # The breakdown: one row per direction, type and currency, each as the rows add up.
    expected: dict[tuple[str, str, str], list[int]] = {}
    for r in rows:
        key = (DIRECTION_WORDS[r["direction"]], TYPE_WORDS[r["type"]], r["currency"] or "(sin moneda)")
        entry = expected.setdefault(key, [0, 0, 0])
        if r["status"] == "cancelado":
            entry[2] += 1
        else:
            entry[0] += 1
            entry[1] += _mxn_cents(r)
    table = bar.breakdown
    assert table.isHidden()
    qtbot.mouseClick(bar.breakdown_button, Qt.MouseButton.LeftButton)
    assert table.isVisibleTo(page)
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    got = {}
    for row in range(table.rowCount()):
        cells = {h: table.item(row, c).text() for c, h in enumerate(headers)}
        got[(cells["Dirección"], cells["Tipo"], cells["Moneda"])] = [
            cells["Comprobantes"],
            cells["Total (MXN)"],
            cells["Cancelados"],
        ]
    assert got == {key: [f"{n:,}", money(Decimal(cents) / 100), f"{c:,}"] for key, (n, cents, c) in expected.items()}
    assert len({key[1] for key in got}) > 1  # more than one type: never one figure for all of them

    # Asking for the cancelled ones sums exactly them, and nothing is left out.
    status = page.filters.status
    index = status.findData("cancelado")
    with qtbot.waitSignal(page.model.modelReset, timeout=10_000):
        status.setCurrentIndex(index)
    qtbot.waitUntil(lambda: bool(bar.values), timeout=10_000)
    assert bar.values["count"] == f"{len(cancelled):,}"
    assert bar.cancelled_label.isHidden()
