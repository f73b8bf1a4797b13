"""The totals when a profile has constancias de retenciones: three plain sums instead of two (DESIGN.md §3).

    python -m benchmarks.totals_retenciones [--share 0.01] [--runs 15]

The browser benchmark's 1,000,000-row index has no Retenciones document (type R). This copies it once (cached),
makes ``--share`` of its rows type R (the ``invoice_months`` triggers move their sums), and times ``index.totals``
alone for the browser's filters on both: what the same filters cost for a profile without constancias (two sums,
plus the probe that finds none) and with them (three sums). Budget (DESIGN.md §8): filter + totals p95 < 100 ms.
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import time
from pathlib import Path
from typing import Any

from benchmarks import browser
from benchmarks._common import OWNER_RFC, cache_dir, parser, print_table


def with_retenciones(source: Path, share: float) -> Path:
    """A copy of the browser's index with ``share`` of its (undamaged) rows made type R, built once."""
    every = max(1, round(1 / share))
    path = source.with_name(f"{source.stem}-r{every}.sqlite3")
    if not path.exists():
        scratch = path.with_suffix(".part")
        shutil.copy(source, scratch)
        conn = sqlite3.connect(scratch)
        with conn:
            conn.execute("UPDATE invoices SET type = 'R' WHERE id % ? = 0 AND damaged IS NULL", (every,))
        conn.close()
        scratch.rename(path)
    return path


def time_totals(path: Path, runs: int) -> list[tuple[str, float, float, int]]:
    """(filter, p50 ms, p95 ms, constancias left out) of ``index.totals`` per browser filter."""
    from desktop_app.core import index

    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    lines = []
    try:
        for name, flt in browser.filters():
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                result = index.totals(conn, OWNER_RFC, flt)
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
            lines.append((name, statistics.median(times), p95, result["retenciones"]))
    finally:
        conn.close()
    return lines


def run(rows: int = 1_000_000, share: float = 0.01, runs: int = 15, cache: Path | None = None) -> dict[str, Any]:
    source = browser.index_db(rows, cache)
    copy = with_retenciones(source, share)
    return {"rows": rows, "share": share, "without": time_totals(source, runs), "with": time_totals(copy, runs)}


def table(result: dict[str, Any]) -> str:
    lines = []
    for (name, p50, p95, _), (_, r50, r95, left_out) in zip(result["without"], result["with"], strict=True):
        verdict = "PASS" if max(p95, r95) < 100 else "FAIL"
        lines.append((name, f"{p50:.1f} / {p95:.1f}", f"{r50:.1f} / {r95:.1f}", f"{left_out:,}", verdict))
    return print_table(
        f"index.totals over {result['rows']:,} invoices, without constancias and with {result['share']:.0%} "
        "of them type R (p50 / p95 ms)",
        ("filter", "no R: two sums", "R: three sums", "R left out", "p95 < 100 ms"),
        lines,
    )


def main(argv: list[str] | None = None) -> int:
    p = parser(__doc__)
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--share", type=float, default=0.01)
    p.add_argument("--runs", type=int, default=15)
    args = p.parse_args(argv)
    table(run(args.rows, args.share, args.runs, cache_dir(args.cache)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
