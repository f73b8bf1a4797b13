"""benchmarks/efos_lookup.py at a small size: it runs, and the counterparts it times are the ones it listed."""

from __future__ import annotations

from benchmarks import efos_lookup


def test_efos_benchmark_finds_the_counterparts_it_put_on_the_list(tmp_path, capsys):
    result = efos_lookup.run(rows=3000, size=400, listed=25, runs=2, cache=tmp_path)
    table = capsys.readouterr().out
    assert "69-B list (400 RFCs) against 3,000 invoices" in table
    counterparts = result["lines"][1]
    assert counterparts[1].startswith("25 listed, ")  # every listed counterpart found, no other
    assert all(ms > 0 for ms in result["counterparts_ms"] + result["situation_ms"])
