"""Cheap runs of the benchmark code paths (tiny N): they must work and count right. No timing assertions."""

from __future__ import annotations

import os
import random
import sqlite3
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from benchmarks import _common, big_package, browser, ingest, startup
from desktop_app.core import index
from desktop_app.core.index import InvoiceFilter


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "bench-cache"
    monkeypatch.setenv("DESCARGA_BENCH_CACHE", str(folder))
    return _common.cache_dir()


def test_corpus_is_a_sat_style_package_of_the_owner(cache):
    path = _common.corpus_zip(25, cache=cache)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert len(names) == 25
        assert all(name.endswith(".xml") and name == name.lower() for name in names)
        assert all(archive.getinfo(name).compress_type == zipfile.ZIP_DEFLATED for name in names)
    assert _common.corpus_zip(25, cache=cache) == path  # cached


def test_ingest_benchmark_indexes_every_document(cache, capsys, monkeypatch):
    from desktop_app.core import parallel

    monkeypatch.setattr(parallel, "MIN_DOCUMENTS", 10)  # through the worker processes, as a large package goes
    result = ingest.run(n=30, repeat=1, cache=cache, satcfdi=False)
    assert result["stats"]["added"] == 30
    assert result["stats"]["rows"] == 30
    assert result["stats"]["fts_rows"] == 30
    assert result["stats"]["skipped"] == 0
    for key in ("lxml_unzip_parse", "lxml_parse", "our_parse", "ingest", "ingest_cold", "ingest_one_process"):
        assert result[key] > 0
    assert result["vault_files_disk"] > 0
    text = ingest.table(result)
    assert "package → vault + index" in text
    assert "not installed" in text


def test_folder_import_benchmark_imports_every_file(cache, monkeypatch):
    from benchmarks import folder_import
    from desktop_app.core import parallel

    monkeypatch.setattr(parallel, "MIN_DOCUMENTS", 10)  # through the worker processes, as a large folder goes
    result = folder_import.run(n=30, repeat=1, cache=cache)
    stats = result["stats"]
    assert stats["added"] == stats["rows"] == 30
    assert stats["files"]["documents"] == 30
    assert stats["files"]["skipped_by_reason"] == {"empty": 1}  # the corpus's marker file
    assert stats["skipped"] == 1  # everything not imported: that file
    keys = ("lxml_ram", "import_ram", "import_cold", "import_ram_one_process", "lxml_disk", "import_disk")
    for key in (*keys, "workers_alone", "ingest_alone", "ingest_alone_staged", "reimport_ram"):
        assert result[key] > 0
    assert result["lxml_unzip_parse"] > 0 and result["package_ram"] > 0
    assert result["cpu"]["ingest_process_us"] > 0 and result["cpu"]["seconds"] > 0
    if (os.cpu_count() or 1) > 1:  # the bare loop in as many processes as cores, over every file once
        assert result["lxml_ram_together"] > 0 and result["cores"] == os.cpu_count()
    text = folder_import.table(result)
    assert "`invoices import DIR`" in text and "same documents as one package" in text
    assert "processes at once" in text or (os.cpu_count() or 1) == 1
    assert "workers alone" in text and "files staged by the workers" in text and "CPU per document" in text
    assert "imported again" in text


def test_big_package_benchmark_reports_rss_in_a_child(cache):
    result = big_package.run(n=40, cache=cache)
    assert result["stats"]["added"] == 40
    assert result["peak_rss_mb"] >= result["base_rss_mb"] > 0
    assert "peak RSS" in big_package.table(result)


def test_browser_benchmark_runs_every_query(cache):
    result = browser.run(rows=3000, runs=2, cache=cache)
    groups = {group for group, *_ in result["lines"]}
    assert {"open", "filter + totals", "sort", "GUI page fetch"} <= groups
    assert all(len(samples) >= 2 for _g, _l, samples, _b in result["lines"])
    assert "worst p95" in browser.table(result)


def _filters(seed: int, types: list[tuple[str, ...]]) -> list[InvoiceFilter]:
    """The browser's filters and random periods, directions, types (among ``types``) and statuses."""
    rng = random.Random(seed)
    filters = [InvoiceFilter(), *[flt for _name, flt in browser.filters()]]
    filters += [flt for _name, flt in browser.grid_filters() if not flt.damaged]  # issue 17.2's filters
    for _ in range(40):
        start = f"{rng.randrange(2018, 2028)}-{rng.randrange(1, 13):02d}-{rng.choice([1, 2, 15, 28]):02d}"
        end = f"{rng.randrange(2018, 2028)}-{rng.randrange(1, 13):02d}-{rng.choice([1, 27, 28]):02d}"
        filters.append(
            InvoiceFilter(
                date_from=rng.choice([None, start]),
                date_to=rng.choice([None, end]),
                direction=rng.choice([None, "issued", "received"]),
                types=rng.choice(types),
                status=rng.choice([None, "vigente", "cancelado"]),
            )
        )
    return filters


def _totals_match_plain_sums(path: Path, filters: list[InvoiceFilter]) -> int:
    """``index.totals`` (monthly aggregates + covering indexes) equals plain SUMs over the rows: cancelled documents
    out of them unless the filter asks for a status, Retenciones ones (type R) unless it asks for types, each
    counted apart. Returns how many constancias the filters left out in all."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    left_out = 0
    try:
        for flt in filters:
            where, params = index.build_where(_common.OWNER_RFC, flt)
            if not flt.types:  # constancias out of the sums, counted apart
                where_r = where + " AND coalesce(i.type, '') = 'R'"
                retenciones = conn.execute(f"SELECT COUNT(*) FROM invoices i WHERE {where_r}", params).fetchone()[0]  # noqa: S608
                where += " AND coalesce(i.type, '') <> 'R'"
            else:
                retenciones = 0
            if flt.status is None:  # cancelled documents are out of the sums, counted apart
                where += " AND i.status <> 'cancelado'"
            row = conn.execute(
                f"SELECT COUNT(*) AS n, SUM(total_c) AS total, SUM(iva_t_c) AS iva FROM invoices i WHERE {where}",  # noqa: S608
                params,
            ).fetchone()
            got = index.totals(conn, _common.OWNER_RFC, flt)
            assert got["count"] == row["n"], flt
            assert Decimal(got["total"]) == Decimal(row["total"] or 0) / 100, flt
            assert Decimal(got["iva_transferred"]) == Decimal(row["iva"] or 0) / 100, flt
            assert got["retenciones"] == retenciones, flt
            left_out += retenciones
    finally:
        conn.close()
    return left_out


def test_browser_index_totals_match_plain_sums(cache):
    path = browser.index_db(3000, cache)
    assert _totals_match_plain_sums(path, _filters(5, [(), ("I",), ("P", "E")])) == 0


def test_totals_leave_constancias_apart_as_plain_sums_do(cache):
    """The same with 5 % of the rows made constancias (``benchmarks.totals_retenciones``' copy): three sums."""
    from benchmarks import totals_retenciones

    path = totals_retenciones.with_retenciones(browser.index_db(3000, cache), 0.05)
    assert _totals_match_plain_sums(path, _filters(7, [(), ("I",), ("R",), ("I", "R")])) > 0
    result = totals_retenciones.run(rows=3000, share=0.05, runs=2, cache=cache)
    assert len(result["with"]) == len(result["without"]) == len(browser.filters())
    assert "three sums" in totals_retenciones.table(result)


def test_startup_version_runs():
    assert startup.version_once() > 0


def test_percentiles_and_table(capsys):
    p50, p95, worst = _common.percentiles([0.001, 0.002, 0.003, 0.010])
    assert p50 <= p95 <= worst == pytest.approx(10.0)
    text = _common.print_table("t", ["a", "b"], [["x", 1]])
    assert "| a " in text and "| x " in text


def test_gui_stall_benchmark_syncs_through_the_window(monkeypatch):
    pytest.importorskip("PySide6")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    from benchmarks import gui_stall

    result = gui_stall.run(target=150, timeout=60)
    assert result["error"] is None
    assert result["ingested"] >= 100
    assert result["beats"] > 0
    assert "longest stall" in gui_stall.table(result)


def test_grid_indexes_benchmark_compares_the_same_ingest_with_and_without_them(cache):
    from benchmarks import grid_indexes

    indexes, triggers = grid_indexes.grid_objects()
    assert {"invoices_pending", "invoices_by_issuer_name", "invoices_by_folio"} <= set(indexes)
    assert "payments_pending_insert" in triggers
    result = grid_indexes.run(n=20, rounds=1, cache=cache)
    assert [s[2] for s in result["samples"][True] + result["samples"][False]] == [20, 20]
    assert result["samples"][True][0][3] > result["samples"][False][0][3]  # the indexes take room
    assert "cost of the grid" in grid_indexes.table(result)
