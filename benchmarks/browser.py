"""The invoice browser at scale: 1,000,000 indexed invoices of one RFC — open, filters, sorts, totals, pages.

    python -m benchmarks.browser [--rows 1000000] [--runs 20]

The index is built once (cached) straight into the app's schema with ``executemany``: plausible rows (dates over
eight years, types, amounts, statuses, ~5,000 counterparts with real-looking names and RFCs), the UUIDs in the
invoice-level FTS and the parties (and their search text) by ``schema.ASSIGN_PARTIES``, as the ingest makes them.
The grid's columns (issue 17.2) are skewed as in a real index: mostly PUE with ~12 % of the income invoices PPD,
a few payment forms and CFDI uses dominating, ~5 % in USD and a few EUR with their exchange rate, series A/B/F and
some without one, payment receipts paying PPD invoices in one or two installments (what each still owes by
``schema.RECOUNT_PENDING``), a few damaged documents.
Each query then runs ``--runs`` times on a warm connection; the table shows p50/p95/max.

- *open*: a new connection (schema check) + the count and totals of everything + the first page, newest first.
- *filter + totals*: ``index.totals`` (count and every sum, what the browser's footer and the CLI show) plus the
  first page of the GUI's keyset pager (``gui/invoices/query.fetch_page``) for the same filter.
- *sorts*: the first page under each sort the browser offers (both directions), a keyset page deep inside a run of
  equal keys, and the CLI's ``list_invoices`` first page.
- *GUI count*: the model's row count for the new filters (``gui/invoices/query.count``).
- *pages*: the GUI model's page fetch: the next page by keyset while scrolling, and a jump to the middle.

Budgets (DESIGN.md §8): open < 1 s; filter + totals p95 < 100 ms.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks._common import (
    OWNER_RFC,
    cache_dir,
    parser,
    percentiles,
    print_machine,
    print_table,
    verdict,
)

OWNER_NAME = "ESCUELA KEMPER URGATE SA DE CV"
FIRST = "JOSE MARIA JUAN LUIS CARLOS ANA SOFIA LAURA MIGUEL JORGE ROSA PATRICIA ELENA RAUL ÁNGEL JOSÉ MARÍA".split()
LAST = (
    "GONZALEZ HERNANDEZ GARCIA MARTINEZ LOPEZ RODRIGUEZ PEREZ SANCHEZ RAMIREZ CRUZ FLORES GOMEZ MUÑOZ "
    "CASTAÑEDA NÚÑEZ PEÑA ORDOÑEZ IBARRA VARGAS OROZCO"
).split()
TYPES = ["I"] * 80 + ["E"] * 4 + ["P"] * 8 + ["N"] * 6 + ["T"] * 2
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# c_FormaPago of PUE documents and c_UsoCFDI of income/expense ones, skewed as an accountant's index is.
FORMS = ["03"] * 55 + ["01"] * 12 + ["04"] * 10 + ["28"] * 8 + ["02"] * 5 + ["99"] * 5 + ["06", "06", "05", "08", "17"]
USES = ["G03"] * 55 + ["G01"] * 18 + ["S01"] * 8 + ["G02"] * 4 + ["I04"] * 4 + ["D01"] * 3 + ["I08", "I08", "D10"]
SERIES = ["A"] * 6 + ["B"] * 2 + ["F", None]


def _parties(rng: random.Random, n: int = 5000) -> list[tuple[str, str]]:
    from desktop_app.sandbox.world_parties import COUNTERPARTS

    parties = [(t.rfc, t.name) for t in COUNTERPARTS]
    while len(parties) < n:
        first, last1, last2 = rng.choice(FIRST), rng.choice(LAST), rng.choice(LAST)
        rfc = (
            "".join(rng.choice(LETTERS) for _ in range(4))
            + f"{rng.randrange(60, 100):02d}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
            + "".join(rng.choice(LETTERS + "0123456789") for _ in range(3))
        )
        parties.append((rfc, f"{first} {last1} {last2}"))
    return parties


def _money(cents: int) -> str:
    return str(Decimal(cents).scaleb(-2))


def _written(mxn_cents: int, rate: float | None) -> str:
    """An amount as the document writes it, in its own currency (the index keeps it in MXN cents too)."""
    return _money(round(mxn_cents / rate) if rate else mxn_cents)


def build_index(path: Path, rows: int, seed: int = 1) -> None:
    """A data home's database with ``rows`` invoices of :data:`OWNER_RFC` (written to ``path``)."""
    from desktop_app.core.store.db import connect, register_functions
    from desktop_app.core.store.schema import ASSIGN_PARTIES, RECOUNT_MONTHS, RECOUNT_PENDING

    tmp = path.with_suffix(".part")
    for suffix in ("", "-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    rng = random.Random(seed)
    parties = _parties(rng)
    # Zipf-like: the main counterpart has ~1.5 % of the invoices, the 5,000th a few dozen.
    weights = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(parties))))
    conn = connect(tmp)
    register_functions(conn)
    conn.execute("PRAGMA synchronous = OFF")
    columns = (
        "rfc uuid direction family version type series folio issue_date stamp_date issuer_rfc issuer_name "
        "receiver_rfc receiver_name currency exchange_rate subtotal total payment_method payment_form cfdi_use "
        "iva_transferred iva_withheld isr_withheld status cancelled_at related_uuids subtotal_c total_c iva_t_c "
        "iva_w_c isr_w_c details path has_xml source updated_at damaged"
    ).split()
    sql = f"INSERT INTO invoices ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"  # noqa: S608
    span = 8 * 365 * 86400
    t0 = 1546322400  # 2019-01-01 06:00 UTC
    chunk = 50_000
    next_id = 1
    folios: dict[str | None, int] = {}
    open_ppd: list[list[Any]] = []  # [uuid, balance in its currency's cents, installments so far, currency]
    payments: list[tuple[Any, ...]] = []
    for start in range(0, rows, chunk):
        batch, texts = [], []
        # dates grow with the id, like a real index filled month by month
        for i in range(start, min(rows, start + chunk)):
            moment = t0 + int(i * span / rows) + rng.randrange(0, 600)
            issue = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(moment))
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(moment + rng.randrange(60, 7200)))
            kind = rng.choice(TYPES)
            other_rfc, other_name = parties[bisect.bisect(weights, rng.random() * weights[-1])]
            issued = rng.random() < 0.45
            issuer = (OWNER_RFC, OWNER_NAME) if issued else (other_rfc, other_name)
            receiver = (other_rfc, other_name) if issued else (OWNER_RFC, OWNER_NAME)
            written = 0 if kind in ("P", "T") else int(rng.lognormvariate(8.5, 1.6) * 100)  # in its currency
            currency, rate = "MXN", None
            if kind in ("P", "T"):
                currency = "XXX"
            elif kind in ("I", "E") and rng.random() < 0.055:  # ~5 % in dollars, a few in euros
                dollars = rng.random() < 0.9
                currency = "USD" if dollars else "EUR"
                rate = round(16.5 + rng.random() * 4.5 if dollars else 18 + rng.random() * 5, 4)
            cents = round(written * rate) if rate else written  # MXN cents, as the index keeps them
            subtotal = round(cents / 1.16)
            iva = cents - subtotal
            isr = round(subtotal * 0.10) if kind == "I" and len(issuer[0]) == 13 and rng.random() < 0.3 else 0
            status = "cancelado" if rng.random() < 0.03 else ("vigente" if rng.random() < 0.97 else "unknown")
            method, form, use = {"P": (None, None, "CP01"), "T": (None, None, "S01"), "N": ("PUE", "99", "CN01")}.get(
                kind, (None, None, None)
            )
            if kind in ("I", "E"):
                method = "PPD" if kind == "I" and rng.random() < 0.12 else "PUE"
                form = "99" if method == "PPD" else rng.choice(FORMS)
                use = "G02" if kind == "E" and rng.random() < 0.7 else rng.choice(USES)
            h = rng.getrandbits(128)
            uuid = (
                f"{h >> 96:08X}-{(h >> 80) & 0xFFFF:04X}-4{(h >> 68) & 0xFFF:03X}-"
                f"A{(h >> 56) & 0xFFF:03X}-{h & (2**48 - 1):012X}"
            )
            series = rng.choice(SERIES)
            folio = str(folios.get(series, 0) + 1)
            folios[series] = int(folio)
            damaged = "malformed_xml: bench" if i % 20_011 == 7 else None
            batch.append(
                (
                    OWNER_RFC, uuid, "issued" if issued else "received", "cfdi", "4.0", kind,
                    series, folio, issue, stamp, issuer[0], issuer[1], receiver[0], receiver[1], currency,
                    None if rate is None else str(rate), _written(subtotal, rate), _written(cents, rate), method, form,
                    use, _written(iva, rate), "0", _written(isr, rate), status,
                    issue if status == "cancelado" else None, "[]", subtotal, cents, iva, 0, isr,
                    json.dumps({"family": "cfdi"}), f"/vault/{uuid}.xml", 1, "bench", 0, damaged,
                )
            )  # fmt: skip
            if method == "PPD" and status != "cancelado":
                open_ppd.append([uuid, written, 0, currency])
            elif kind == "P" and open_ppd:
                # a receipt pays the oldest open PPD invoices (one or two): all that is left, or half of it
                for line in range(1 if rng.random() < 0.7 else 2):
                    if not open_ppd:
                        break
                    paid = open_ppd.pop(rng.randrange(min(8, len(open_ppd))))
                    paid[2] += 1
                    before = paid[1]
                    after = 0 if rng.random() < 0.55 else before // 2
                    payments.append(
                        (OWNER_RFC, uuid, line, paid[0], paid[2], _money(before), _money(before - after),
                         _money(after), paid[3], issue)
                    )  # fmt: skip
                    if after:
                        paid[1] = after
                        open_ppd.append(paid)
            texts.append((next_id, uuid))
            next_id += 1
        conn.execute("BEGIN")
        conn.executemany(sql, batch)
        conn.executemany("INSERT INTO invoices_fts(rowid, text) VALUES (?, ?)", texts)
        conn.execute("COMMIT")
    conn.execute("BEGIN")
    for statement in ASSIGN_PARTIES:  # the parties of the search, as the ingest (and migration 2) make them
        conn.execute(statement)
    for statement in RECOUNT_MONTHS:  # the monthly totals, which the ingest adds per batch
        conn.execute(statement, (OWNER_RFC,))
    # the payment receipts' lines (their triggers settle each invoice paid), then every PPD invoice's balance
    conn.executemany(
        "INSERT INTO payments(rfc, payment_uuid, line, paid_uuid, installment, previous_balance, amount_paid, "
        "balance, currency, payment_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        payments,
    )
    conn.execute(RECOUNT_PENDING, (OWNER_RFC,))
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    tmp.replace(path)
    for suffix in ("-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)


def index_db(rows: int, cache: Path | None = None) -> Path:
    folder = cache or cache_dir()
    # the schema's text is part of the key: a new index in the schema means a new database
    path = folder / f"browser-{rows}-{_schema_key()}.sqlite3"
    if not path.exists():
        build_index(path, rows)
    return path


def _schema_key() -> str:
    import hashlib

    from desktop_app.core.store import schema

    return hashlib.sha256("".join(schema.MIGRATIONS).encode()).hexdigest()[:10]


def timed(fn: Callable[[], Any], runs: int) -> list[float]:
    fn()  # warm-up (first touch of the pages)
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def filters() -> list[tuple[str, Any]]:
    from desktop_app.core.index import InvoiceFilter

    return [
        ("everything", InvoiceFilter()),
        ("period: one month", InvoiceFilter(date_from="2024-05-01", date_to="2024-05-31")),
        ("period: one year", InvoiceFilter(date_from="2023-01-01", date_to="2023-12-31")),
        ("type: P (payments)", InvoiceFilter(types=("P",))),
        ("amount: 10,000–20,000 MXN", InvoiceFilter(min_total=Decimal(10000), max_total=Decimal(20000))),
        ("text: common surname 'gonzalez'", InvoiceFilter(text="gonzalez")),
        ("text: accent-free 'castaneda'", InvoiceFilter(text="castaneda")),
        ("text: company name 'guadalupana'", InvoiceFilter(text="guadalupana")),
        ("text: RFC fragment 'CGU840'", InvoiceFilter(text="CGU840")),
        ("text: UUID piece '4A1B-A'", InvoiceFilter(text="4a1b-a")),
        ("text: digits '840'", InvoiceFilter(text="840")),
        ("text + year + type I",
         InvoiceFilter(text="lopez", date_from="2022-01-01", date_to="2022-12-31", types=("I",))),
        ("received + cancelled, one year",
         InvoiceFilter(direction="received", status="cancelado", date_from="2025-01-01", date_to="2025-12-31")),
    ]  # fmt: skip


def grid_filters() -> list[tuple[str, Any]]:
    """The filters of issue 17.2 (método/forma de pago, uso, moneda, saldo pendiente, estado, dañados)."""
    from desktop_app.core.index import InvoiceFilter

    return [
        ("método de pago: PPD", InvoiceFilter(payment_methods=("PPD",))),
        ("forma de pago: 04 (tarjeta de crédito)", InvoiceFilter(payment_forms=("04",))),
        ("forma de pago: 17 (compensación, rare)", InvoiceFilter(payment_forms=("17",))),
        ("uso de CFDI: S01", InvoiceFilter(cfdi_uses=("S01",))),
        ("moneda: USD", InvoiceFilter(currencies=("USD",))),
        ("PPD con saldo pendiente", InvoiceFilter(pending_balance=True)),
        ("PPD con saldo pendiente, one year",
         InvoiceFilter(pending_balance=True, date_from="2024-01-01", date_to="2024-12-31")),
        ("PPD + received, one year",
         InvoiceFilter(payment_methods=("PPD",), direction="received", date_from="2023-01-01", date_to="2023-12-31")),
        ("forma 03 + text 'gonzalez'", InvoiceFilter(payment_forms=("03",), text="gonzalez")),
        ("estado: desconocido", InvoiceFilter(status="unknown")),
        ("dañados", InvoiceFilter(damaged=True)),
    ]  # fmt: skip


def run(rows: int = 1_000_000, runs: int = 20, cache: Path | None = None) -> dict[str, Any]:
    from desktop_app.core import index
    from desktop_app.core.store.db import connect
    from desktop_app.gui.invoices import query as q

    build_start = time.perf_counter()
    path = index_db(rows, cache)
    result: dict[str, Any] = {"rows": rows, "build_s": time.perf_counter() - build_start, "lines": []}
    conn = connect(path)
    rfc = OWNER_RFC

    def open_browser() -> None:
        fresh = connect(path)
        index.totals(fresh, rfc, index.InvoiceFilter())
        query = q.InvoiceQuery(rfc)
        total = q.count(fresh, query)
        q.fetch_page(fresh, query, 0, total, {}, nulls=q.has_null_keys(fresh, query))
        fresh.close()

    result["lines"].append(("open", "new connection + totals + first page", timed(open_browser, min(runs, 10)), 1000))
    counts = {}
    for name, flt in filters():
        query = q.InvoiceQuery(rfc, flt)
        counts[name] = index.totals(conn, rfc, flt)["count"]

        def filter_and_totals(flt: Any = flt, query: Any = query) -> None:
            totals = index.totals(conn, rfc, flt)
            q.fetch_page(conn, query, 0, totals["count"], {}, nulls=False)

        result["lines"].append(
            ("filter + totals", f"{name} ({counts[name]:,} rows)", timed(filter_and_totals, runs), 100)
        )
    for name, flt in grid_filters():  # issue 17.2
        query = q.InvoiceQuery(rfc, flt)
        counts[name] = q.count(conn, query)

        def filter_and_totals(flt: Any = flt, query: Any = query, name: str = name) -> None:
            index.totals(conn, rfc, flt)
            q.fetch_page(conn, query, 0, counts[name], {}, nulls=False)

        result["lines"].append(
            ("filter + totals", f"{name} ({counts[name]:,} rows)", timed(filter_and_totals, runs), 100)
        )
        result["lines"].append(
            ("GUI count", f"{name} (the model's row count)", timed(lambda query=query: q.count(conn, query), runs), 100)
        )
    # issue 17.1: totals per group (invoices list --group-by), over everything and over one month
    for name, flt in filters():
        if name not in ("everything", "period: one month", "period: one year"):
            continue
        for keys in (("direction", "type"), ("direction", "type", "currency")):
            label = f"--group-by {','.join(keys)}, {name} ({counts[name]:,} rows)"
            result["lines"].append(
                (
                    "groups",
                    label,
                    timed(lambda flt=flt, keys=keys: index.group_totals(conn, rfc, flt, keys), runs),
                    100,
                )
            )
    everything = q.InvoiceQuery(rfc)
    total = counts["everything"]
    for sort in q.SORT_KEYS:  # every order the grid offers (issue 17.2)
        for descending in (True, False):
            query = q.InvoiceQuery(rfc, sort=sort, descending=descending)
            label = f"GUI first page by {sort} {'desc' if descending else 'asc'}"
            result["lines"].append(
                (
                    "sort",
                    label,
                    timed(lambda query=query: q.fetch_page(conn, query, 0, total, {}, nulls=False), runs),
                    100,
                )
            )
    # a keyset page in the middle of a long run of equal keys (the profile's own name: 45 % of the rows as issuer;
    # vigente; type I), read from the page before it
    for sort, column, value in (
        ("issuer", "issuer_name", OWNER_NAME),
        ("status", "status", "vigente"),
        ("type", "type", "I"),
    ):
        below, run_length = conn.execute(
            f"SELECT sum({column} < ?), sum({column} = ?) FROM invoices WHERE rfc = ? AND damaged IS NULL",  # noqa: S608
            (value, value, rfc),
        ).fetchone()
        deep = max(1, (below + run_length // 2) // q.PAGE_SIZE)
        query = q.InvoiceQuery(rfc, sort=sort, descending=False)
        before = q.fetch_page(conn, query, deep - 1, total, {}, nulls=False)  # an OFFSET walk, once
        anchors_deep = {deep - 1: q.anchor_of(before)}
        label = f"GUI next page by {sort} at row {deep * q.PAGE_SIZE:,}, among {run_length:,} equal keys (keyset)"
        result["lines"].append(
            (
                "sort",
                label,
                timed(lambda query=query, a=anchors_deep, d=deep: q.fetch_page(conn, query, d, total, a), runs),
                50,
            )
        )
    for sort in ("issuer", "-total", "folio", "-receiver_rfc"):
        label = f"CLI list_invoices first 200 by {sort}"
        result["lines"].append(
            (
                "sort (CLI)",
                label,
                timed(
                    lambda sort=sort: index.list_invoices(conn, rfc, index.InvoiceFilter(), sort=sort, limit=200),
                    max(3, runs // 4),
                ),
                100,
            )
        )

    # the model's page fetch: scroll forward page by page (keyset from the previous page), and jump
    anchors: dict[int, Any] = {}
    rows0 = q.fetch_page(conn, everything, 0, total, anchors, nulls=False)
    anchors[0] = q.anchor_of(rows0)
    page = [0]

    def next_page() -> None:
        page[0] += 1
        got = q.fetch_page(conn, everything, page[0], total, anchors, nulls=False)
        anchors[page[0]] = q.anchor_of(got)

    result["lines"].append(("GUI page fetch", "next page while scrolling (keyset)", timed(next_page, runs), 50))
    middle = total // q.PAGE_SIZE // 2
    result["lines"].append(
        (
            "GUI page fetch",
            "jump to the middle (no anchor near)",
            timed(
                lambda: q.fetch_page(conn, everything, middle, total, {0: anchors[0]}, nulls=False), max(3, runs // 4)
            ),
            50,
        )
    )
    result["lines"].append(
        (
            "GUI page fetch",
            "jump to the last page",
            timed(lambda: q.fetch_page(conn, everything, (total - 1) // q.PAGE_SIZE, total, {}, nulls=False), runs),
            50,
        )
    )
    conn.close()
    return result


def table(r: dict[str, Any]) -> str:
    out = []
    worst_filter = 0.0
    for group, label, samples, budget in r["lines"]:
        p50, p95, worst = percentiles(samples)
        if group == "filter + totals":
            worst_filter = max(worst_filter, p95)
        if budget is None:
            out.append([group, label, f"{p50:.1f}", f"{p95:.1f}", f"{worst:.1f}", "(info)", ""])
            continue
        out.append(
            [group, label, f"{p50:.1f}", f"{p95:.1f}", f"{worst:.1f}", f"p95 < {budget} ms", verdict(p95 < budget)]
        )
    out.append(
        [
            "**filter + totals, worst p95**",
            "",
            "",
            f"**{worst_filter:.1f}**",
            "",
            "< 100 ms",
            verdict(worst_filter < 100),
        ]
    )
    return print_table(
        f"Browser over {r['rows']:,} indexed invoices of one RFC (ms; index build/cache {r['build_s']:.0f} s)",
        ["what", "query", "p50", "p95", "max", "budget", "result"],
        out,
    )


def main(argv: list[str] | None = None) -> int:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--runs", type=int, default=20)
    args = p.parse_args(argv)
    print_machine()
    table(run(args.rows, args.runs, cache_dir(args.cache)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
