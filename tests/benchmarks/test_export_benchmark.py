"""A cheap run of the export benchmark's code path (tiny N): it must work and count right. No timing assertions."""

from __future__ import annotations

from benchmarks import _common, export_xlsx


def test_export_benchmark_exports_both_sheets_and_the_csv(tmp_path, monkeypatch):
    monkeypatch.setenv("DESCARGA_BENCH_CACHE", str(tmp_path / "bench-cache"))
    cache = _common.cache_dir()
    result = export_xlsx.run(n=40, cache=cache)
    xlsx = result["xlsx"]
    assert xlsx["code"] == 0 and xlsx["data"]["count"] == 40
    concepts = xlsx["data"]["concepts"]
    assert concepts > 0 and xlsx["data"]["concepts_skipped"] == {"no_xml": 0, "missing_xml": 0, "damaged_xml": 0}
    # header + invoices + totals row (+ its note: the corpus has constancias de retenciones, listed and not
    # summed with the invoices); header + line items
    notes = 1 if xlsx["data"]["totals"]["retenciones"] else 0
    assert xlsx["rows"] == {"sheet1.xml": 40 + 2 + notes, "sheet2.xml": concepts + 1}
    assert result["csv"]["data"]["count"] == 40
    assert xlsx["peak_rss_mb"] >= xlsx["base_rss_mb"] > 0
    assert "both sheets" in export_xlsx.table(result)
    assert export_xlsx.home_for(40, cache) == export_xlsx.home_for(40, cache)  # built once
