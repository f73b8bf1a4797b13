"""What the browser's grid (issue 17.2) costs the ingest: the same SAT package into fresh data homes with and without
its indexes (one per order the grid offers, the pending-balance and damaged partial indexes) and the balance upkeep
(the payments' and receipts' triggers, the writer's settle step), in interleaved rounds.

    python -m benchmarks.grid_indexes [--n 10000] [--rounds 6] [--workers]

For each variant: CFDI per wall second and per CPU second of this process (with ``--workers`` the documents are
parsed by worker processes and this process is the ingest thread, the serial part), medians and best, and the
database's size. The data homes are on a RAM disk where there is one. CPU seconds move less than wall seconds on a
shared machine.
"""

from __future__ import annotations

import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks._common import cache_dir, corpus_zip, parser, print_machine, print_table
from benchmarks.ingest import our_ingest, ram_disk


def grid_objects() -> tuple[list[str], list[str]]:
    """The indexes and triggers issue 17.2's migration creates (read from it, so they stay in step)."""
    from desktop_app.core.store import schema

    sql = next(text for text in schema.MIGRATIONS if "ADD COLUMN pending_c" in text)
    return re.findall(r"CREATE INDEX (\w+)", sql), re.findall(r"CREATE TRIGGER (\w+)", sql)


def ingest_once(package: Path, with_grid: bool, workers: bool, base: Path | None) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds of this process, rows, database bytes) of one ingest into a fresh home."""
    from desktop_app.core.store import db
    from desktop_app.core.store.invoices import InvoiceWrites

    home = Path(tempfile.mkdtemp(prefix="bench-grid-", dir=base))
    settle = InvoiceWrites.settle_pending
    try:
        conn = db.connect(home / db.DB_NAME)
        if not with_grid:
            indexes, triggers = grid_objects()
            for name in indexes:
                conn.execute(f"DROP INDEX {name}")
            for name in triggers:
                conn.execute(f"DROP TRIGGER {name}")
            InvoiceWrites.settle_pending = lambda self, uuids: None  # type: ignore[method-assign]
        conn.close()
        wall, cpu = time.perf_counter(), time.process_time()
        stats = our_ingest(package, home, parallel_ok=workers)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        return wall, cpu, stats["rows"], (home / db.DB_NAME).stat().st_size
    finally:
        InvoiceWrites.settle_pending = settle  # type: ignore[method-assign]
        shutil.rmtree(home, ignore_errors=True)


def run(n: int = 10_000, rounds: int = 6, workers: bool = False, cache: Path | None = None) -> dict[str, Any]:
    package = corpus_zip(n, cache=cache)
    base = ram_disk()
    ingest_once(package, True, workers, base)  # warm-up (the page cache, the workers)
    samples: dict[bool, list[tuple[float, float, int, int]]] = {True: [], False: []}
    for k in range(rounds):
        for with_grid in (True, False) if k % 2 == 0 else (False, True):
            samples[with_grid].append(ingest_once(package, with_grid, workers, base))
    return {"n": n, "rounds": rounds, "workers": workers, "samples": samples}


def table(r: dict[str, Any]) -> str:
    n = r["n"]
    rows, medians = [], {}
    for with_grid in (True, False):
        got = r["samples"][with_grid]
        wall = [n / s[0] for s in got]
        cpu = [n / s[1] for s in got]
        medians[with_grid] = (statistics.median(wall), statistics.median(cpu))
        assert all(s[2] == n for s in got), "every document indexed"
        rows.append(
            [
                "with the grid's indexes" if with_grid else "without them",
                f"{medians[with_grid][0]:,.0f} (best {max(wall):,.0f})",
                f"{medians[with_grid][1]:,.0f} (best {max(cpu):,.0f})",
                f"{got[-1][3] / 1e6:.1f}",
            ]
        )
    wall_cost = 1 - medians[True][0] / medians[False][0]
    cpu_cost = 1 - medians[True][1] / medians[False][1]
    rows.append(["cost of the grid", f"{wall_cost:+.1%}", f"{cpu_cost:+.1%}", ""])
    who = "the ingest thread's process (2 worker processes parse)" if r["workers"] else "one process"
    return print_table(
        f"Ingest of {n:,} CFDI, {r['rounds']} interleaved rounds, {who}: CFDI/s (median)",
        ["home", "per wall second", "per CPU second", "database MB"],
        rows,
    )


def main(argv: list[str] | None = None) -> int:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=10_000)
    p.add_argument("--rounds", type=int, default=6)
    p.add_argument("--workers", action="store_true", help="parse in worker processes, as a sync does")
    args = p.parse_args(argv)
    print_machine()
    table(run(args.n, args.rounds, args.workers, cache_dir(args.cache)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
