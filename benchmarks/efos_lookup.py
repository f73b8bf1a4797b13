"""SAT's 69-B list against 1,000,000 indexed invoices of one RFC (issue 18.7): import the list, find the profile's
counterparts on it, look RFCs up.

    python -m benchmarks.efos_lookup [--rows 1000000] [--list 14000] [--listed 300] [--runs 20] [--index FILE]

The index is the browser benchmark's (``benchmarks.browser.index_db``: ~5,000 counterparts, Zipf-like), copied so
the list can be written into it. The list has ``--list`` RFCs in SAT's layout (Windows-1252, preamble, 20 columns;
the real one has ~14,000), ``--listed`` of them counterparts of the profile (the most frequent first, so the
listed ones carry tens of thousands of invoices). Each lookup runs ``--runs`` times on a warm connection; the table
shows p50/p95/max. ``--index FILE``: an index database built before (any schema version the app migrates) instead
of the cached one for the current schema (building 1,000,000 rows takes minutes).

- *import*: ``DescargaService.import_efos_list`` of the list (parse, replace, one transaction), best of 3.
- *counterparts*: ``efos_counterparts`` — the profile's counterparts on the list with count, total, cancelled
  and first/last date per direction (``store.efos.EfosRepository.counterpart_totals``).
- *situation_of*: ``efos_situation_of`` of 5,000 RFCs (what a page of the browser or a report asks).

Budget: counterparts p95 < 500 ms (a one-month report at 1,000,000 invoices, issue 18), situation_of p95 < 100 ms
(the browser's filter budget, DESIGN.md §8).
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks._common import OWNER_RFC, parser, percentiles, print_machine, print_table, verdict

COUNTERPARTS_BUDGET_MS = 500
SITUATION_BUDGET_MS = 100


def write_list(path: Path, listed: list[str], total: int) -> None:
    """A 69-B list in SAT's layout: ``listed`` RFCs first (definitivos), then synthetic ones up to ``total``."""
    import csv

    from tests.efos_support import HEADER, PREAMBLE, row, synthetic_rfc

    with open(path, "w", encoding="cp1252", newline="") as fh:
        fh.write("\r\n".join(PREAMBLE) + "\r\n")
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(HEADER)
        situations = ("Definitivo", "Presunto", "Sentencia Favorable", "Desvirtuado")
        for i in range(total):
            rfc = listed[i] if i < len(listed) else synthetic_rfc(i)
            writer.writerow(
                row(i + 1, rfc, f"CONTRIBUYENTE {i}, S.A. DE C.V.", situations[i % 4],
                    presunto=("16/02/2018", "08/03/2018"), definitivo=("28/09/2018", "23/10/2018"))
            )  # fmt: skip


def timed(fn: Any, runs: int) -> list[float]:
    fn()  # warm-up
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def run(
    rows: int = 1_000_000,
    size: int = 14_000,
    listed: int = 300,
    runs: int = 20,
    cache: Path | None = None,
    index: Path | None = None,
) -> dict[str, Any]:
    from benchmarks.browser import index_db
    from desktop_app.core.secrets import SecretStore
    from desktop_app.core.service import DescargaService
    from desktop_app.core.store.db import DB_NAME
    from tests.conftest import MemoryKeyring

    source = index or index_db(rows, cache)
    with tempfile.TemporaryDirectory(prefix="efos-bench-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        shutil.copyfile(source, home / DB_NAME)  # the list is written into the copy, never into the cache
        conn = sqlite3.connect(home / DB_NAME)
        try:  # the profile's counterparts by number of invoices, most frequent first (the benchmark's own read)
            parties = [
                r[0]
                for r in conn.execute(
                    "SELECT CASE WHEN direction = 'received' THEN issuer_rfc ELSE receiver_rfc END AS party, count(*) "
                    "FROM invoices WHERE rfc = ? GROUP BY party ORDER BY 2 DESC LIMIT ?",
                    (OWNER_RFC, listed),
                )
            ]
        finally:
            conn.close()
        csv_path = Path(tmp) / "Listado_Completo_69-B.csv"
        write_list(csv_path, parties, size)
        service = DescargaService(home, secrets=SecretStore(MemoryKeyring()))
        try:
            if not any(p["rfc"] == OWNER_RFC for p in service.list_profiles()):
                service.add_profile(OWNER_RFC)
            imports = []
            for _ in range(3):
                start = time.perf_counter()
                result = service.import_efos_list(csv_path)
                imports.append(time.perf_counter() - start)
            found = service.efos_counterparts(OWNER_RFC)
            invoices = sum(c["issued"]["count"] + c["received"]["count"] for c in found["counterparts"])
            counterparts = timed(lambda: service.efos_counterparts(OWNER_RFC), runs)
            asked = parties + [f"ZZZZ{i:06d}AB1" for i in range(5000 - len(parties))]
            lookups = timed(lambda: service.efos_situation_of(asked), runs)
        finally:
            service.close()
    c50, c95, cmax = percentiles(counterparts)
    s50, s95, smax = percentiles(lookups)
    lines = [
        ("import the list (best of 3)", f"{result['rows']:,} RFCs", f"{min(imports) * 1000:.0f}", "", "", "n/a"),
        (
            "counterparts of the profile",
            f"{found['count']} listed, {invoices:,} invoices",
            f"{c50:.1f}",
            f"{c95:.1f}",
            f"{cmax:.1f}",
            verdict(c95 < COUNTERPARTS_BUDGET_MS),
        ),
        (
            "situation_of 5,000 RFCs",
            f"{len(parties)} on the list",
            f"{s50:.1f}",
            f"{s95:.1f}",
            f"{smax:.1f}",
            verdict(s95 < SITUATION_BUDGET_MS),
        ),
    ]
    print_table(
        f"69-B list ({size:,} RFCs) against {rows:,} invoices",
        ("what", "size", "p50 ms", "p95 ms", "max ms", "budget"),
        lines,
    )
    return {"rows": rows, "counterparts_ms": (c50, c95, cmax), "situation_ms": (s50, s95, smax), "lines": lines}


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--list", dest="size", type=int, default=14_000)
    p.add_argument("--listed", type=int, default=300)
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--index", type=Path, help="an index database built before (copied, then migrated)")
    args = p.parse_args()
    print_machine()
    run(args.rows, args.size, args.listed, args.runs, Path(args.cache) if args.cache else None, args.index)


if __name__ == "__main__":
    main()
