"""Issue 16.8: unique mnemonics on every page of a window that has invoices, with one shown (the detail's
buttons and the totals bar are visible then; the shell's walk runs on an empty index)."""

from __future__ import annotations

from tests.gui.shell.keyboard import duplicate_mnemonics, visible_mnemonics


def test_every_page_has_unique_mnemonics_with_an_invoice_shown(qtbot, filled_context):
    from desktop_app.app import build_window
    from desktop_app.gui.main_window import show_page

    window = build_window(filled_context.service, poll_interval_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    duplicates = {}
    for key in ("summary", "history", "invoices", "schedule", "settings"):
        page = show_page(window, key)
        if key == "invoices":
            qtbot.waitUntil(lambda p=page: p.model.rowCount() > 0, timeout=10_000)
            page.select_row(0)
            qtbot.waitUntil(lambda p=page: p.current_row is not None, timeout=5_000)
            assert len(visible_mnemonics(window)) >= 8, "the walk must see the invoice page's own buttons"
        if duplicate_mnemonics(window):
            duplicates[key] = duplicate_mnemonics(window)
    window.close()
    assert not duplicates, duplicates
