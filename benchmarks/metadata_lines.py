"""Metadata TXT parsing against hostile line lengths, and its normal rate (issue 13, "a hostile world").

    python -m benchmarks.metadata_lines [--sizes 25,50,100] [--rows 200000]

*One long line*: a metadata file whose header is followed by a single line of N MB without a line break (as a
broken or hostile package could hold), streamed from a file in the parser's read chunks, LF and CRLF. Measured:
seconds and the parser's peak of traced memory (``tracemalloc``, in a separate pass so it does not slow the
timed one). A linear parser's time grows with N and its memory does not; the old one re-split its whole
buffer at every 64 KiB chunk (quadratic time) and held the whole line.
*Normal rows*: the rate of ``iter_metadata`` over ``--rows`` realistic CRLF rows, to show the line-length cap
costs legitimate files nothing.
"""

from __future__ import annotations

import io
import time
import tracemalloc
from typing import Any

from benchmarks._common import parser, print_machine, print_table
from desktop_app.core.cfdi.metadata import METADATA_HEADER, iter_metadata

ROW = (
    "A1B2C3D4-0000-4000-8000-{n:012d}~EKU9003173C9~ESCUELA KEMPER URGATE SA DE CV~XAXX010101000~PUBLICO EN GENERAL~"
    "SAT970701NN3~2025-06-01 10:15:00~2025-06-01 10:15:42~1160.00~I~1~"
)


def long_line_file(megabytes: int, eol: str) -> bytes:
    return (METADATA_HEADER + eol).encode() + b"x" * (megabytes * 2**20) + eol.encode()


def _parse(data: bytes) -> tuple[int, int]:
    rows = skipped = 0

    def on_skip(*_args: Any) -> None:
        nonlocal skipped
        skipped += 1

    try:
        it = iter_metadata(io.BytesIO(data), on_skip=on_skip)
    except TypeError:  # the parser before the line-length cap had no on_skip
        it = iter_metadata(io.BytesIO(data))
    for _row in it:
        rows += 1
    return rows, skipped


def long_line(megabytes: int, eol: str) -> dict[str, Any]:
    data = long_line_file(megabytes, eol)
    start = time.perf_counter()
    rows, skipped = _parse(data)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    _parse(data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"mb": megabytes, "eol": eol, "seconds": seconds, "peak_mb": peak / 2**20, "rows": rows, "skipped": skipped}


def normal_rows(n: int) -> dict[str, Any]:
    data = (METADATA_HEADER + "\r\n" + "".join(ROW.format(n=i) + "\r\n" for i in range(n))).encode()
    best = float("inf")
    rows = 0
    for _ in range(3):
        start = time.perf_counter()
        rows, _skipped = _parse(data)
        best = min(best, time.perf_counter() - start)
    return {"rows": rows, "seconds": best, "rate": rows / best}


def _eol(eol: str) -> str:
    return "CRLF" if eol == "\r\n" else "LF"


def main(argv: list[str] | None = None) -> int:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--sizes", default="25,50,100", help="line lengths in MB, comma-separated")
    p.add_argument("--rows", type=int, default=200_000)
    args = p.parse_args(argv)
    print_machine()
    results = [long_line(int(mb), eol) for mb in args.sizes.split(",") for eol in ("\n", "\r\n")]
    print_table(
        "One metadata line of N MB (no line break)",
        ["line", "EOL", "seconds", "peak traced MB", "rows", "rows skipped"],
        [
            [f"{r['mb']} MB", _eol(r["eol"]), f"{r['seconds']:.2f}", f"{r['peak_mb']:.1f}", r["rows"], r["skipped"]]
            for r in results
        ],
    )
    normal = normal_rows(args.rows)
    print_table(
        "Normal metadata rows (CRLF)",
        ["rows", "seconds (best of 3)", "rows/s"],
        [[f"{normal['rows']:,}", f"{normal['seconds']:.2f}", f"{normal['rate']:,.0f}"]],
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
