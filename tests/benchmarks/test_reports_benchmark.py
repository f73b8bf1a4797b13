"""A cheap run of ``benchmarks.reports`` (tiny N): the synthetic index must be one the reports read right."""

from __future__ import annotations

import sqlite3

from benchmarks import _common
from benchmarks import reports as bench


def test_reports_benchmark_runs_over_an_index_it_builds_right(tmp_path, monkeypatch):
    monkeypatch.setenv("DESCARGA_BENCH_CACHE", str(tmp_path / "cache"))
    result = bench.run(rows=3000, runs=1, cache=_common.cache_dir())
    assert result["counts"]["invoices"] >= 3000 and result["counts"]["payments"] > 0
    assert result["month"]["documents"] > 0
    text = bench.table(result)
    assert "report iva" in text and "report ppd" in text
    # what the report says of the month, against the rows the builder wrote (SQL here, not the app's)
    home, _counts = bench.index_home(3000, _common.cache_dir())
    from desktop_app.core import reports
    from desktop_app.core.store.db import connect

    conn = connect(home / "descarga.sqlite3")
    data = reports.run(conn, home, _common.OWNER_RFC, "iva", reports.Period.of(bench.MONTH), basis="accrual")
    conn.close()
    raw = sqlite3.connect(home / "descarga.sqlite3")
    expected = raw.execute(
        """SELECT coalesce(sum(CASE i.type WHEN 'E' THEN -t.amount_c ELSE t.amount_c END), 0)
           FROM invoices i JOIN invoice_taxes t ON t.invoice_id = i.id
           WHERE i.rfc = ? AND i.direction = 'issued' AND i.type IN ('I', 'E') AND i.status <> 'cancelado'
             AND t.kind = 'T' AND t.tax = '002' AND substr(i.issue_date, 1, 7) = ?""",
        (_common.OWNER_RFC, bench.MONTH),
    ).fetchone()[0]
    raw.close()
    assert expected != 0
    assert data["accrual"]["transferred"] == reports.money(expected)
