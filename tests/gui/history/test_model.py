"""HistoryModel / HistoryFilterProxy: Qt's model tester with real ledger rows, and upsert without resets."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QPersistentModelIndex, Qt

from desktop_app.gui.history.model import Col, HistoryFilterProxy, HistoryModel, ItemRole, SortRole
from tests.gui.conftest import RFC


def _items(service):
    return [r.to_history() for r in service.ledger.history(RFC)]


def test_model_and_proxy_pass_qt_model_tester(qtbot, qtmodeltester, ready_service, make_requests):
    make_requests(("2026-03-01", "2026-03-31"), ("2026-04-01", "2026-04-30"))
    make_requests(("2026-05-01", "2026-05-31"), rfc_type="issued", request_type="metadata")
    model = HistoryModel()
    model.load(_items(ready_service))
    assert model.rowCount() == 3
    qtmodeltester.check(model)
    proxy = HistoryFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(Col.PERIOD, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(proxy)
    proxy.set_status_filter("pending")
    proxy.set_text_filter("emitidos")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1


def test_columns_read_in_spanish(qtbot, ready_service, make_requests):
    (request_id,) = make_requests(("2026-05-01", "2026-05-31"))
    model = HistoryModel()
    model.load(_items(ready_service))
    texts = [model.index(0, col).data() for col in Col]
    assert texts[Col.STATUS] == "Pendiente"
    assert texts[Col.KIND] == "Recibidos · CFDI"
    assert texts[Col.PERIOD] == "01/05/2026 – 31/05/2026"
    assert texts[Col.COUNT] == "—"
    assert texts[Col.PROCESSED] == "0"
    assert texts[Col.SOURCE] == "Manual"
    assert texts[Col.CREATED] == "15/06/2026 12:00"  # the frozen clock, in Mexico City time
    assert texts[Col.COMPLETED] == "—"
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in Col] == [
        "Estado",
        "Tipo",
        "Periodo",
        "Comprobantes",
        "Procesados",
        "Origen",
        "Creada",
        "Terminada",
    ]
    # Status is icon + text, never colour alone.
    assert not model.index(0, Col.STATUS).data(Qt.ItemDataRole.DecorationRole).isNull()
    assert model.index(0, Col.STATUS).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(0, 0).data(ItemRole)["id"] == request_id


def test_upsert_updates_in_place_and_keeps_persistent_indexes(qtbot, qtmodeltester, ready_service, make_requests):
    first, second = make_requests(("2026-03-01", "2026-03-31"), ("2026-04-01", "2026-04-30"))
    model = HistoryModel()
    model.load(_items(ready_service))
    qtmodeltester.check(model)  # keeps checking every later change
    resets = []
    model.modelAboutToBeReset.connect(lambda: resets.append(True))
    row = model.row_of(first)
    persistent = QPersistentModelIndex(model.index(row, Col.STATUS))

    ready_service.ledger.update(first, status="processing", invoice_count=42, sat_state=2)
    with qtbot.waitSignal(model.dataChanged, timeout=1000) as changed:
        model.upsert(_items(ready_service))
    assert changed.args[0].row() == row and changed.args[1].column() == len(Col) - 1
    assert persistent.isValid() and persistent.row() == row
    assert persistent.data() == "En proceso"
    assert model.index(row, Col.COUNT).data() == "42"

    # An unchanged refresh emits nothing.
    with qtbot.assertNotEmitted(model.dataChanged), qtbot.assertNotEmitted(model.rowsInserted):
        model.upsert(_items(ready_service))

    (third,) = make_requests(("2026-05-01", "2026-05-31"))
    with qtbot.waitSignal(model.rowsInserted, timeout=1000):
        model.upsert(_items(ready_service))
    assert model.rowCount() == 3 and model.row_of(third) == 2
    assert persistent.row() == row and persistent.data() == "En proceso"
    assert model.item(second)["status"] == "pending"
    assert resets == []


def test_upsert_removes_vanished_rows(ready_service, make_requests):
    make_requests(("2026-03-01", "2026-03-31"), ("2026-04-01", "2026-04-30"))
    model = HistoryModel()
    items = _items(ready_service)
    model.load(items)
    model.upsert(items[1:])
    assert model.rowCount() == 1 and model.ids() == [items[1]["id"]]
    assert model.row_of(items[0]["id"]) == -1


def test_proxy_sorts_by_lifecycle_and_numbers(ready_service, make_requests):
    a, b, c = make_requests(("2026-03-01", "2026-03-31"), ("2026-04-01", "2026-04-30"), ("2026-05-01", "2026-05-31"))
    ready_service.ledger.update(a, status="completed", invoice_count=9)
    ready_service.ledger.update(b, status="expired", invoice_count=100)
    model = HistoryModel()
    model.load(_items(ready_service))
    proxy = HistoryFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(Col.STATUS, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, Col.STATUS).data() for r in range(3)] == ["Pendiente", "Terminada", "Vencida"]
    proxy.sort(Col.COUNT, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, Col.COUNT).data() for r in range(3)] == ["100", "9", "—"]
    assert proxy.index(0, Col.COUNT).data(SortRole) == 100
    proxy.set_status_filter("open")
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data(ItemRole)["id"] == c
    proxy.set_status_filter("")
    proxy.set_text_filter("vencida")
    assert proxy.rowCount() == 1
    # The record is frozen; the model keeps its own copies.
    assert dataclasses.is_dataclass(ready_service.ledger.get(a))
