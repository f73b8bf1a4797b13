"""A tiny run of the office server's load benchmark (``benchmarks/server_load.py``): every RFC gets the same
invoices, the server answers every client's requests, none is an error. No timing assertions."""

from __future__ import annotations

import pytest

from benchmarks import _common, server_load
from desktop_app.core.index import InvoiceFilter, totals
from desktop_app.core.store.db import DB_NAME, connect

pytestmark = pytest.mark.timeout(300)


def test_the_home_has_every_rfcs_copy_of_the_index(tmp_path):
    home = server_load.prepared_home(3, 400, tmp_path)
    conn = connect(home / DB_NAME)
    sums = [totals(conn, rfc, InvoiceFilter()) for rfc in server_load.rfcs(3)]
    assert sums[0]["count"] > 300 and sums[1:] == [sums[0], sums[0]]
    text_hits = conn.execute("SELECT count(*) FROM invoices_fts").fetchone()[0]
    assert text_hits == 3 * conn.execute("SELECT count(*) FROM invoices WHERE rfc = ?", ("EKU9003173C9",)).fetchone()[0]


def test_clients_filter_and_page_every_rfc_without_errors(tmp_path, capsys):
    result = server_load.run(2, 400, 3, 20.0, 12, _common.cache_dir(tmp_path), think=0)
    assert result["errors"] == []
    kinds = set(result["samples"])
    assert {"list (filter + totals + page)", "window: count", "window: rows", "window: sums"} <= kinds
    assert sum(len(s) for s in result["samples"].values()) >= 3 * 12
    assert "all requests" in server_load.table(result)


def test_the_same_load_on_postgresql(tmp_path, pg_databases):
    """``--database postgresql``: the SQLite home's rows copied into a PostgreSQL the benchmark starts, the server
    on it, every answer a success; desks pause between their actions (``think``)."""
    result = server_load.run(2, 400, 2, 20.0, 4, _common.cache_dir(tmp_path), think=0.05, database="postgresql")
    assert result["errors"] == [] and result["database"] == "postgresql"
    assert {"list (filter + totals + page)", "window: count", "window: rows", "window: sums"} <= set(result["samples"])
    assert "PostgreSQL" in server_load.table(result)
