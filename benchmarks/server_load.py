"""The office server under load (issue 19): many desks filtering and paging many RFCs at once, over loopback.

    python -m benchmarks.server_load [--rfcs 20] [--rows 100000] [--clients 50] [--seconds 60] [--requests 200]
                                     [--think 5.0] [--database sqlite|postgresql [--pg-url URL]]

The data home is built once (cached) from the browser benchmark's index (:func:`benchmarks.browser.index_db`: its
plausible rows, parties, payments, monthly totals and search text) copied under ``--rfcs`` profiles, so every RFC
has ``--rows`` invoices. ``descarga-masiva server`` then runs in its own process (uvicorn, SQLite) on 127.0.0.1
with one API key covering every RFC, and ``--clients`` threads, each with its own ``httpx`` connection, do what a
desk's window and a script do, bounded in count (``--requests`` each) and in time (``--seconds`` in all):

- *list*: ``GET /invoices`` with a filter (the browser's filters: period, type, direction, status, amount, text)
  and its totals, then the next page by ``next_cursor``;
- *window*: the window's reads (``/window/invoices/count``, ``/window/invoices/rows``, ``/window/invoices/sums``
  with the totals bar's breakdown) for a filter and order.

Each client is a desk: after each of its actions (a filter with its page, or a window's count + rows + sums) it
waits ``--think`` seconds (uniform between half and one and a half times that), as a person reading a page does,
and starts somewhere in its first such pause (desks do not all click in the same instant). The default, 5 s, is a
person reading the page of 100–200 invoices and the totals they asked for before the next click: 50 desks then ask
~25 requests a second. Shorter pauses are the same desks clicking faster (docs/performance.md gives 2 s and 1 s:
where one server process on 2 cores shared with the 50 clients saturates); ``--think 0`` makes every client
hammer the server back to back (its saturation: the latency is then mostly the queue).

``--database postgresql`` serves the same rows from PostgreSQL: a throw-away cluster started as the tests start
theirs (``tests/pg_support.py``; durability off, as there), migrated, and loaded from the SQLite home with ``COPY``
(triggers off while loading: the rows already carry what they compute), then vacuumed and analysed; ``--pg-url``
serves a copy loaded earlier instead. The SQLite database is read once before the desks start (a server that has
been running has it in the page cache; PostgreSQL's tables and indexes likewise, by ``pg_prewarm``; ``--cold``
measures the first minute after something else evicted them).

Every HTTP request's latency is measured (p50/p95/max per kind and over all) and every answer that is not a 200 with
``success: true`` is an error. Budget (issue 19): p95 < 100 ms, zero errors.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks._common import OWNER_RFC, REPO, cache_dir, parser, percentiles, print_machine, print_table, verdict

PREFIX = "/v2/invoices/download"
# The window's totals bar asks for its breakdown by these (``gui.invoices.totals.BREAKDOWN_KEYS``; the cancelled
# ones apart, as every breakdown does).
BREAKDOWN = "direction,type,currency"


def rfcs(n: int) -> list[str]:
    """``n`` RFCs: the browser index's owner and ``n - 1`` made-up companies (check digit not verified)."""
    return [OWNER_RFC] + [f"BEN{k:02d}0101{chr(65 + k % 26)}{k % 10}{chr(65 + (k * 7) % 26)}" for k in range(1, n)]


def build_home(home: Path, n_rfcs: int, rows: int, cache: Path) -> None:
    """A data home with ``n_rfcs`` profiles of ``rows`` invoices each (the browser index, copied per RFC)."""
    from benchmarks.browser import index_db
    from desktop_app.core.store.db import DB_NAME, connect, register_functions
    from desktop_app.core.store.schema import ASSIGN_PARTIES, RECOUNT_MONTHS, RECOUNT_PENDING

    base = index_db(rows, cache)
    home.mkdir(parents=True, exist_ok=True)
    target = home / DB_NAME
    shutil.copyfile(base, target)
    conn = connect(target)
    register_functions(conn)
    conn.execute("PRAGMA synchronous = OFF")
    columns = [r[1] for r in conn.execute("PRAGMA table_info(invoices)") if r[1] not in ("id", "rfc", "party_id")]
    payment_columns = [r[1] for r in conn.execute("PRAGMA table_info(payments)") if r[1] not in ("id", "rfc")]
    top = conn.execute("SELECT max(id) FROM invoices").fetchone()[0]
    names = ", ".join(columns)
    for k, rfc in enumerate(rfcs(n_rfcs)[1:], start=1):
        conn.execute("BEGIN")
        conn.execute(
            f"INSERT INTO invoices(id, rfc, {names}) SELECT id + ?, ?, {names} FROM invoices WHERE rfc = ?",  # noqa: S608
            (k * top, rfc, OWNER_RFC),
        )
        conn.execute(
            "INSERT INTO invoices_fts(rowid, text) SELECT rowid + ?, text FROM invoices_fts WHERE rowid <= ?",
            (k * top, top),
        )
        pay = ", ".join(payment_columns)
        conn.execute(
            f"INSERT INTO payments(rfc, {pay}) SELECT ?, {pay} FROM payments WHERE rfc = ?",  # noqa: S608
            (rfc, OWNER_RFC),
        )
        for statement in RECOUNT_MONTHS:
            conn.execute(statement, (rfc,))
        conn.execute(RECOUNT_PENDING, (rfc,))
        conn.execute("COMMIT")
        print(f"  {rfc}: {rows:,} invoices", flush=True)
    conn.execute("BEGIN")
    for statement in ASSIGN_PARTIES:
        conn.execute(statement)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def prepared_home(n_rfcs: int, rows: int, cache: Path) -> Path:
    from benchmarks.browser import _schema_key

    home = cache / f"server-load-{n_rfcs}x{rows}-{_schema_key()}"
    if not (home / "ready").exists():
        shutil.rmtree(home, ignore_errors=True)
        start = time.perf_counter()
        build_home(home, n_rfcs, rows, cache)
        (home / "ready").write_text(f"{time.perf_counter() - start:.1f}")
    return home


# What a desk reads, copied from the SQLite home into PostgreSQL (the tables the benchmark's index fills).
_PG_TABLES = ("profiles", "parties", "parties_fts", "invoices", "invoices_fts", "payments", "invoice_months")


def postgres_copy(home: Path) -> tuple[Any, str]:
    """A throw-away PostgreSQL cluster holding the SQLite home's rows: (the cluster, its database URL)."""
    import sqlite3

    import psycopg

    from desktop_app.core.store import pg
    from desktop_app.core.store.db import DB_NAME
    from tests.pg_support import start_cluster

    cluster = start_cluster()
    with psycopg.connect(cluster.admin_url, autocommit=True) as admin:
        admin.execute("CREATE DATABASE bench")
    url = cluster.url("bench")
    pg.connect(url).close()  # migrated
    source = sqlite3.connect(home / DB_NAME)
    start = time.perf_counter()
    with psycopg.connect(url) as target:
        target.execute("SET session_replication_role = replica")  # the rows already carry what triggers compute
        for table in _PG_TABLES:
            wanted = [r[0] for r in target.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
                (table,),
            )]  # fmt: skip
            have = [r[1] for r in source.execute(f"PRAGMA table_info({table})")] or ["rowid", "text"]
            columns = [c for c in wanted if c in have or (c == "rowid" and table.endswith("_fts"))]
            names = ", ".join(columns)
            with target.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {names} FROM {table}"):  # noqa: S608
                    copy.write_row(row)
            if "id" in columns:
                top = f"SELECT max(id) FROM {table}"  # noqa: S608 - our own table names
                target.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), ({top}))")
            copied = target.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608
            expected = source.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            if copied is None or copied[0] != expected:
                raise RuntimeError(f"{table}: {copied} rows copied into PostgreSQL, {expected} in SQLite")
            print(f"  PostgreSQL: {table}: {expected:,} rows", flush=True)
        target.commit()
    # VACUUM as well as ANALYZE, as docs/server.md asks after a bulk load: the totals are index-only scans, which
    # need the visibility map; left to autovacuum, it would run during the measurement.
    with psycopg.connect(url, autocommit=True) as target:
        target.execute("VACUUM (ANALYZE)")
    source.close()
    print(f"  PostgreSQL loaded in {time.perf_counter() - start:.0f} s", flush=True)
    return cluster, url


def warm_page_cache(home: Path) -> None:
    """Read the SQLite database once, as a server that has been serving for a while has it in the page cache: the
    first minute after other work evicted it measures the disk (a first run at 13:26 after the test suite: p95 110
    ms, one page 1.7 s; the next run 32 ms). ``--cold`` leaves it out."""
    from desktop_app.core.store.db import DB_NAME

    start = time.perf_counter()
    size = 0
    with open(home / DB_NAME, "rb") as fh:
        while chunk := fh.read(8 << 20):
            size += len(chunk)
    print(f"  page cache warmed: {size / 1e9:.1f} GB read in {time.perf_counter() - start:.1f} s", flush=True)


def warm_postgresql(url: str) -> None:
    """The same for PostgreSQL: every table and index of the copy read into the OS's page cache (``pg_prewarm``'s
    ``read`` mode; the copy's user is the throw-away cluster's superuser)."""
    import psycopg

    start = time.perf_counter()
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            row = conn.execute(
                "SELECT sum(pg_prewarm(c.oid, 'read')) FROM pg_class c "
                "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'i')"
            ).fetchone()
    except psycopg.Error as exc:  # a --pg-url whose user may not create the extension: measured as it is
        print(f"  page cache not warmed ({type(exc).__name__}: {exc})", flush=True)
        return
    blocks = int(row[0] or 0) if row else 0
    print(f"  page cache warmed: {blocks * 8192 / 1e9:.1f} GB read in {time.perf_counter() - start:.1f} s", flush=True)


def _cli(home: Path, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    env = env or {**os.environ, "PYTHONPATH": str(REPO), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    out = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--home", str(home), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=600,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _filters(rng: random.Random) -> list[tuple[str, str]]:
    """One of the browser's filters, as query parameters."""
    year = rng.randrange(2019, 2027)
    month = rng.randrange(1, 13)
    choices: list[list[tuple[str, str]]] = [
        [],
        [("from", f"{year}-{month:02d}-01"), ("to", f"{year}-{month:02d}-28")],
        [("from", f"{year}-01-01"), ("to", f"{year}-12-31")],
        [("type", "P")],
        [("direction", "received"), ("status", "cancelado")],
        [("min_total", "10000"), ("max_total", "20000")],
        [("text", rng.choice(["gonzalez", "castaneda", "guadalupana", "lopez"]))],
        [("text", "lopez"), ("from", f"{year}-01-01"), ("to", f"{year}-12-31"), ("type", "I")],
    ]
    return rng.choice(choices)


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.samples[kind].append(seconds)
            if error:
                self.errors.append(f"{kind}: {error}")


def client(
    url: str, key: str, names: list[str], seed: int, deadline: float, requests: int, results: Results, think: float
) -> None:
    import httpx

    rng = random.Random(seed)
    sent = 0
    with httpx.Client(base_url=url + PREFIX, headers={"Authorization": f"Bearer {key}"}, timeout=60) as http:

        def get(kind: str, path: str, params: list[tuple[str, str]]) -> dict[str, Any] | None:
            nonlocal sent
            sent += 1
            start = time.perf_counter()
            try:
                answer = http.get(path, params=params)
                body = answer.json()
                ok = answer.status_code == 200 and body.get("success") is True
                error = None if ok else f"HTTP {answer.status_code} {body.get('error', {}).get('code')}"
            except Exception as exc:  # a failure is a number here, not a crash of the benchmark
                body, error = None, f"{type(exc).__name__}: {exc}"
            results.add(kind, time.perf_counter() - start, error)
            return body["data"] if error is None and body is not None else None

        if think:  # desks do not all click in the same instant: each starts somewhere in its first pause
            time.sleep(rng.uniform(0, think))
        while sent < requests and time.monotonic() < deadline:
            rfc = rng.choice(names)
            flt = [*_filters(rng), ("rfc", rfc)]
            if rng.random() < 0.5:
                data = get("list (filter + totals + page)", "/invoices", [*flt, ("limit", "100")])
                if data and data.get("next_cursor") and time.monotonic() < deadline:
                    get("list: next page", "/invoices", [*flt, ("limit", "100"), ("totals", "false"),
                                                        ("cursor", data["next_cursor"])])  # fmt: skip
            else:
                order = [
                    ("sort", rng.choice(["date", "issuer", "total", "folio"])),
                    ("order", rng.choice(["asc", "desc"])),
                ]
                counted = get("window: count", "/window/invoices/count", [*flt, *order])
                if counted is not None:
                    walk = next(v for k, v in order if k == "order")
                    get("window: rows", "/window/invoices/rows", [*flt, *order, ("walk", walk), ("limit", "200"),
                                                                  ("nulls", str(counted["nulls"]).lower()),
                                                                  ("matches", str(counted["total"]))])  # fmt: skip
                    get("window: sums", "/window/invoices/sums", [*flt, ("group_by", BREAKDOWN)])
            if think:
                pause = rng.uniform(0.5 * think, 1.5 * think)
                time.sleep(max(0.0, min(pause, deadline - time.monotonic())))


def run(
    n_rfcs: int,
    rows: int,
    clients: int,
    seconds: float,
    requests: int,
    cache: Path,
    *,
    think: float = 5.0,
    database: str = "sqlite",
    pg_url: str | None = None,
    cold: bool = False,
) -> dict[str, Any]:
    build_start = time.perf_counter()
    home = prepared_home(n_rfcs, rows, cache)
    names = rfcs(n_rfcs)
    for rfc in names:
        _cli(home, "profile", "add", rfc, "--accept-check-digit")  # idempotent enough: an existing one says so
    cluster = None
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    if database == "postgresql":
        cluster, url = postgres_copy(home) if pg_url is None else (None, pg_url)
        env["DESCARGA_MASIVA_DATABASE"] = url
    if not cold:
        if database == "sqlite":
            warm_page_cache(home)
        else:
            warm_postgresql(env["DESCARGA_MASIVA_DATABASE"])
    built = time.perf_counter() - build_start
    key = _cli(home, "server", "keys", "create", *(f"--rfc={rfc}" for rfc in names), "--read-only", env=env)["data"][
        "key"
    ]
    server = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "--home", str(home), "server", "--port", "0", "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        assert server.stdout is not None
        url = json.loads(server.stdout.readline())["data"]["url"]
        results = Results()
        deadline = time.monotonic() + seconds
        threads = [
            threading.Thread(target=client, args=(url, key, names, n, deadline, requests, results, think), daemon=True)
            for n in range(clients)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(seconds + 120)
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(60)
        if server.stdout is not None:
            server.stdout.close()
        if cluster is not None:
            cluster.stop()
    return {
        "rfcs": n_rfcs,
        "rows": rows,
        "clients": clients,
        "think": think,
        "database": database,
        "build_s": built,
        "wall_s": wall,
        "samples": dict(results.samples),
        "errors": results.errors,
    }


def table(r: dict[str, Any]) -> str:
    out = []
    everything: list[float] = []
    for kind, samples in sorted(r["samples"].items()):
        everything += samples
        p50, p95, worst = percentiles(samples)
        out.append([kind, f"{len(samples):,}", f"{p50:.1f}", f"{p95:.1f}", f"{worst:.1f}", "", ""])
    p50, p95, worst = percentiles(everything) if everything else (0.0, 0.0, 0.0)
    ok = bool(everything) and p95 < 100 and not r["errors"]
    out.append(
        ["**all requests**", f"**{len(everything):,}**", f"{p50:.1f}", f"**{p95:.1f}**", f"{worst:.1f}",
         f"{len(r['errors'])} errors", verdict(ok)]
    )  # fmt: skip
    rate = len(everything) / r["wall_s"] if r["wall_s"] else 0
    title = (
        f"Office server: {r['clients']} clients × {r['rfcs']} RFCs × {r['rows']:,} invoices, "
        f"{'PostgreSQL' if r.get('database') == 'postgresql' else 'SQLite'}, think {r.get('think', 0):g} s "
        f"({rate:.0f} requests/s over {r['wall_s']:.0f} s; ms; home build/cache {r['build_s']:.0f} s)"
    )
    text = print_table(title, ["request", "n", "p50", "p95", "max", "errors", "p95 < 100 ms, 0 errors"], out)
    for error in r["errors"][:10]:
        print("  error:", error)
    return text


def main(argv: list[str] | None = None) -> int:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--rfcs", type=int, default=20)
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--requests", type=int, default=200, help="requests per client at most")
    p.add_argument("--think", type=float, default=5.0, help="a desk's pause between actions, s (0: hammer)")
    p.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    p.add_argument("--cold", action="store_true", help="do not read the database into the page cache first")
    p.add_argument(
        "--pg-url",
        help="with --database postgresql: serve this database, already loaded by an earlier postgres_copy of the "
        "same home (instead of loading a new cluster, ~3.5 min)",
    )
    args = p.parse_args(argv)
    print_machine()
    result = run(
        args.rfcs,
        args.rows,
        args.clients,
        args.seconds,
        args.requests,
        cache_dir(args.cache),
        think=args.think,
        database=args.database,
        pg_url=args.pg_url,
        cold=args.cold,
    )
    table(result)
    return 0 if not result["errors"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
