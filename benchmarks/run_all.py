"""Every benchmark, one after the other, each printing its table (Markdown, for docs/performance.md).

    python -m benchmarks.run_all [--quick] [--only ingest,browser,...]

``--quick`` uses small sizes (a smoke run of a few minutes, numbers not comparable with the budgets).
The first full run generates its corpora (the 200,000-CFDI package, the 1,000,000-row index) into
``$DESCARGA_BENCH_CACHE`` (default: ``<tmp>/descarga-bench``): a few minutes and ~2 GB of disk.
"""

from __future__ import annotations

import argparse
import time
import traceback

from benchmarks import (
    _common,
    big_package,
    browser,
    e2e_sandbox,
    export_xlsx,
    folder_import,
    gui_stall,
    ingest,
    reports,
    server_load,
    startup,
    totals_retenciones,
)

FULL = {
    "ingest": lambda: ingest.table(ingest.run(10_000, 3)),
    "folder_import": lambda: folder_import.table(folder_import.run(20_000, 3)),
    "big_package": lambda: big_package.table(big_package.run(200_000)),
    "browser": lambda: browser.table(browser.run(1_000_000, 20)),
    "totals_retenciones": lambda: totals_retenciones.table(totals_retenciones.run(1_000_000, 0.01, 15)),
    "reports": lambda: reports.table(reports.run(1_000_000, 20)),
    "export_xlsx": lambda: export_xlsx.table(export_xlsx.run(100_000)),
    "gui_stall": lambda: gui_stall.table(gui_stall.run(20_000)),
    "startup": lambda: startup.table(startup.run(10)),
    "e2e_sandbox": lambda: e2e_sandbox.table(e2e_sandbox.run(10_000)),
    "server_load": lambda: server_load.table(server_load.run(20, 100_000, 50, 60.0, 200, _common.cache_dir())),
}
QUICK = {
    "ingest": lambda: ingest.table(ingest.run(1_000, 2)),
    "folder_import": lambda: folder_import.table(folder_import.run(1_000, 2)),
    "big_package": lambda: big_package.table(big_package.run(5_000)),
    "browser": lambda: browser.table(browser.run(50_000, 5)),
    "totals_retenciones": lambda: totals_retenciones.table(totals_retenciones.run(50_000, 0.01, 5)),
    "reports": lambda: reports.table(reports.run(50_000, 5)),
    "export_xlsx": lambda: export_xlsx.table(export_xlsx.run(2_000)),
    "gui_stall": lambda: gui_stall.table(gui_stall.run(1_000)),
    "startup": lambda: startup.table(startup.run(3)),
    "e2e_sandbox": lambda: e2e_sandbox.table(e2e_sandbox.run(1_000)),
    "server_load": lambda: server_load.table(server_load.run(3, 2_000, 5, 5.0, 20, _common.cache_dir())),
}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    p.add_argument("--only", default="", help=f"comma-separated subset of: {', '.join(FULL)}")
    args = p.parse_args(argv)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()] or list(FULL)
    unknown = set(chosen) - set(FULL)
    if unknown:
        p.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    _common.print_machine()
    failures = 0
    for name in chosen:
        start = time.perf_counter()
        print(f"\n## {name}\n", flush=True)
        try:
            (QUICK if args.quick else FULL)[name]()
        except Exception:  # one broken benchmark must not hide the others' tables
            failures += 1
            traceback.print_exc()
        print(f"({name}: {time.perf_counter() - start:.0f} s)", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
