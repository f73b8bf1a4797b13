"""One 200,000-CFDI SAT package end to end: time and peak RSS of ingesting it into a fresh data home.

    python -m benchmarks.big_package [--n 200000]

The package is generated once from the sandbox world (cached; about a minute and ~600 MB of disk). The ingest
runs in a fresh interpreter so its peak RSS (``getrusage`` ``ru_maxrss``) is the ingest's alone; the RSS of
that interpreter right after its imports is shown for reference, and so are the worker processes' peaks
(``VmHWM``, Linux) and the sum of all peaks (an upper bound of what the ingest held at once).
Budget (DESIGN.md §8): peak RSS < 300 MB, streaming (never the whole ZIP in memory).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from benchmarks._common import cache_dir, corpus_zip, parser, print_machine, print_table, run_python, verdict

CHILD = r"""
import json, sys, time
from pathlib import Path
from benchmarks._common import peak_rss_mb
from benchmarks.ingest import our_ingest
import desktop_app.core.sync, desktop_app.core.cfdi.package, desktop_app.core.index  # noqa: F401
base = peak_rss_mb()
start = time.perf_counter()
stats = our_ingest(Path(sys.argv[1]), Path(sys.argv[2]))
seconds = time.perf_counter() - start
from desktop_app.core import parallel
workers = []
for worker in (parallel._pool._procs if parallel._pool is not None else []):  # Linux: each worker's VmHWM
    try:
        status = Path(f"/proc/{worker.process.pid}/status").read_text()
    except OSError:
        continue
    workers += [int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")]
print(json.dumps({"seconds": seconds, "peak_rss_mb": peak_rss_mb(), "base_rss_mb": base, "stats": stats,
                  "worker_peak_rss_mb": workers}))
"""


def run(n: int = 200_000, cache: Path | None = None) -> dict[str, Any]:
    package = corpus_zip(n, cache=cache)
    home = Path(tempfile.mkdtemp(prefix="bench-big-"))
    try:
        out = run_python(CHILD, str(package), str(home))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    result = json.loads(out.strip().splitlines()[-1])
    result["n"] = n
    result["package_mb"] = package.stat().st_size / 2**20
    return result


def table(r: dict[str, Any]) -> str:
    rows = [
        ["documents indexed", f"{r['stats']['added']:,} of {r['n']:,}", "all", verdict(r["stats"]["added"] == r["n"])],
        ["package size", f"{r['package_mb']:,.0f} MB", "", ""],
        ["time", f"{r['seconds']:,.1f} s ({r['n'] / r['seconds']:,.0f} CFDI/s)", "", ""],
        ["RSS after imports", f"{r['base_rss_mb']:,.0f} MB", "", ""],
        [
            "**peak RSS**, the app's process",
            f"**{r['peak_rss_mb']:,.0f} MB**",
            "< 300 MB",
            verdict(r["peak_rss_mb"] < 300),
        ],
    ]
    workers = r.get("worker_peak_rss_mb") or []
    if workers:
        together = r["peak_rss_mb"] + sum(workers)
        rows += [
            [f"peak RSS, each of {len(workers)} workers", ", ".join(f"{w:,.0f} MB" for w in workers), "", ""],
            [
                "**all processes together** (sum of peaks)",
                f"**{together:,.0f} MB**",
                "< 300 MB",
                verdict(together < 300),
            ],
        ]
    return print_table(f"One {r['n']:,}-CFDI package, end to end", ["what", "measured", "budget", "result"], rows)


def main(argv: list[str] | None = None) -> int:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=200_000)
    args = p.parse_args(argv)
    print_machine()
    table(run(args.n, cache_dir(args.cache)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
