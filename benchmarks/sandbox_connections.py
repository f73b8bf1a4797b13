"""The SAT sandbox under bursts of concurrent clients: connections refused or reset, by listen backlog.

    python -m benchmarks.sandbox_connections [--clients 50] [--rounds 40] [--backlogs 5,128]

Each round, ``--clients`` threads wait at a barrier, then each opens a new connection and makes one request
(``GET /DescargaMasivaService.svc``, the cheapest answer, so what is measured is accepting connections). A
client that does not get its 200 (connection reset, refused, closed early, or no answer within 10 s) is a
failure. The sandbox runs in this process, as in the test suite (its accept loop shares the GIL with the
clients). ``request_queue_size`` is set per row; the sandbox used socketserver's default of 5 before issue 13
and 128 since.
"""

from __future__ import annotations

import contextlib
import http.client
import threading
import time
from collections import Counter
from typing import Any

from benchmarks._common import parser, print_machine, print_table


def _one(port: int, barrier: threading.Barrier, outcomes: Counter, lock: threading.Lock) -> None:
    with contextlib.suppress(threading.BrokenBarrierError):
        barrier.wait(timeout=30)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            conn.request("GET", "/DescargaMasivaService.svc")
            response = conn.getresponse()
            response.read()
            outcome = "ok" if response.status == 200 else f"http {response.status}"
        finally:
            conn.close()
    except Exception as exc:  # every way of failing is counted, by its kind
        outcome = type(exc).__name__
    with lock:
        outcomes[outcome] += 1


def run(clients: int, rounds: int, backlog: int) -> dict[str, Any]:
    from desktop_app.sandbox.server import SandboxServer, _HTTPServer

    saved = _HTTPServer.request_queue_size
    _HTTPServer.request_queue_size = backlog
    outcomes: Counter = Counter()
    lock = threading.Lock()
    try:
        with SandboxServer(invoices=10) as sat:
            start = time.perf_counter()
            for _ in range(rounds):
                barrier = threading.Barrier(clients)
                threads = [
                    threading.Thread(target=_one, args=(sat.port, barrier, outcomes, lock)) for _ in range(clients)
                ]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
            seconds = time.perf_counter() - start
    finally:
        _HTTPServer.request_queue_size = saved
    total = clients * rounds
    failed = total - outcomes["ok"]
    return {"backlog": backlog, "total": total, "failed": failed, "outcomes": outcomes, "seconds": seconds}


def main(argv: list[str] | None = None) -> int:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--rounds", type=int, default=40)
    p.add_argument("--backlogs", default="5,128")
    args = p.parse_args(argv)
    print_machine()
    results = [run(args.clients, args.rounds, int(b)) for b in args.backlogs.split(",")]
    print_table(
        f"{args.clients} concurrent clients x {args.rounds} rounds, one new connection each",
        ["listen backlog", "connections", "failed", "failed %", "how", "seconds"],
        [
            [
                r["backlog"],
                r["total"],
                r["failed"],
                f"{100 * r['failed'] / r['total']:.1f}",
                ", ".join(f"{k} {v}" for k, v in sorted(r["outcomes"].items()) if k != "ok") or "-",
                f"{r['seconds']:.1f}",
            ]
            for r in results
        ],
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
