"""Export: N indexed invoices → .xlsx (both sheets: Facturas + Conceptos read from the vault) and .csv.

    python -m benchmarks.export_xlsx [--n 100000]

The data home is built once (cached in ``$DESCARGA_BENCH_CACHE``): N realistic CFDI of one RFC from the sandbox
world (``corpus_zip``) ingested the way a sync does, with a profile, so the real CLI can list them. Each export
then runs the real command, ``invoices list --format xlsx|csv --output F``, in a fresh interpreter (the CLI's
``main()`` in-process): wall time of the command and the interpreter's peak RSS (``VmHWM``). The .xlsx is opened
afterwards and its rows counted (a streaming read), so a broken file cannot pass.

For comparison, when XlsxWriter is installed (optional dependency group ``bench``), the same two sheets are
written with it in ``constant_memory`` mode from the same records and line items (``XLSXWRITER_CHILD``: one
``write_string``/``write_number``/``write_datetime`` per cell, formats for money, dates and quote prefixes, the
frozen header and filters) — the library issue 17 suggested; the reason the app writes its own SpreadsheetML.

Budget (issue 17): 100,000 invoices to .xlsx with both sheets in < 30 s, peak RSS < 300 MB.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from benchmarks._common import (
    cache_dir,
    corpus_zip,
    parser,
    print_machine,
    print_table,
    run_python,
    verdict,
)

HOME_VERSION = 1  # bump when the data home's layout changes (schema migrations are applied when it is opened)


def home_for(n: int, cache: Path | None = None) -> Path:
    """A data home with ``n`` indexed CFDI of :data:`OWNER_RFC` (their XML in the vault) and its profile, cached."""
    folder = cache or cache_dir()
    home = folder / f"export-home-v{HOME_VERSION}-{n}"
    if (home / ".complete").exists():
        return home
    shutil.rmtree(home, ignore_errors=True)
    package = corpus_zip(n, cache=folder)
    run_python(BUILD_CHILD, str(package), str(home))
    (home / ".complete").write_text("ok\n")
    return home


BUILD_CHILD = r"""
import sys
from pathlib import Path
from keyring.backends import fail
from benchmarks._common import OWNER_RFC
from benchmarks.ingest import our_ingest
from desktop_app.core.secrets import SecretStore
from desktop_app.core.service import DescargaService
home = Path(sys.argv[2])
service = DescargaService(home, secrets=SecretStore(fail.Keyring()))
service.add_profile(OWNER_RFC, "benchmark")
service.close()
print(our_ingest(Path(sys.argv[1]), home))
"""

EXPORT_CHILD = r"""
import json, sys, time
from benchmarks._common import peak_rss_mb
import desktop_app.cli, desktop_app.core.export, desktop_app.core.service  # noqa: F401  (imports not timed)
base = peak_rss_mb()
start = time.perf_counter()
code = desktop_app.cli.main(["--home", sys.argv[1], "invoices", "list", "--format", sys.argv[2],
                             "--output", sys.argv[3]])
seconds = time.perf_counter() - start
print(json.dumps({"code": code, "seconds": seconds, "peak_rss_mb": peak_rss_mb(), "base_rss_mb": base}))
"""


XLSXWRITER_CHILD = r"""
import json, sys, time
from datetime import datetime
from pathlib import Path
from benchmarks._common import peak_rss_mb
import xlsxwriter
from desktop_app.cli.invoices_cmd import _stream
from desktop_app.core import export as ex
from desktop_app.core.index import InvoiceFilter
from desktop_app.core.service import DescargaService
from desktop_app.core.vocabulary import value_text
base = peak_rss_mb()
start = time.perf_counter()
service = DescargaService(Path(sys.argv[1]))
records, _ = _stream(service, None, InvoiceFilter(), sort="date", limit=None, offset=0)
book = xlsxwriter.Workbook(sys.argv[2], {"constant_memory": True, "strings_to_numbers": False,
                                         "strings_to_formulas": False, "strings_to_urls": False})
money = book.add_format({"num_format": '"$"#,##0.00'})
date = book.add_format({"num_format": "dd/mm/yyyy"})
quoted = book.add_format({"quote_prefix": True})
bold = book.add_format({"bold": True})
sheets = [(book.add_worksheet("Facturas"), ex.COLUMNS), (book.add_worksheet("Conceptos"), ex.CONCEPT_COLUMNS)]
for sheet, columns in sheets:
    sheet.freeze_panes(1, 0)
    for c, column in enumerate(columns):
        sheet.set_column(c, c, 16)
        sheet.write_string(0, c, column[1], bold)
def put(sheet, r, c, v, kind):
    if v is None or v == "":
        return
    if kind != "text" and kind != "date" and ex._NUMBER.fullmatch(str(v)):
        sheet.write_number(r, c, float(v), money)
        return
    if kind == "date":
        try:
            sheet.write_datetime(r, c, datetime.fromisoformat(v), date)
            return
        except ValueError:
            pass
    text = ex.xlsx_text(ex._cell_text(v))
    sheet.write_string(r, c, text, quoted if text.startswith(ex.FORMULA_START) else None)
(invoices, _), (concepts, _) = sheets
r = 0
r2 = 1
for r, rec in enumerate(records, start=1):
    for c, (name, _, kind) in enumerate(ex.COLUMNS):
        put(invoices, r, c, value_text(name, rec.get(name), "es") if name in ex._WORD_FIELDS else rec.get(name), kind)
    reason, items = ex.read_concepts(rec["path"] if rec["has_xml"] else None, damaged=bool(rec["damaged"]))
    head = (rec["uuid"], rec["issue_date"], value_text("direction", rec["direction"], "es"), rec["issuer_rfc"],
            rec["receiver_rfc"])
    for item in items:
        for c, (v, column) in enumerate(zip((*head, *item, rec["currency"]), ex.CONCEPT_COLUMNS)):
            put(concepts, r2, c, v, column[3])
        r2 += 1
invoices.autofilter(0, 0, r, len(ex.COLUMNS) - 1)
concepts.autofilter(0, 0, r2 - 1, len(ex.CONCEPT_COLUMNS) - 1)
book.close()
print(json.dumps({"seconds": time.perf_counter() - start, "peak_rss_mb": peak_rss_mb(), "base_rss_mb": base,
                  "count": r, "concepts": r2 - 1}))
"""


def has_xlsxwriter() -> bool:
    try:
        import xlsxwriter  # noqa: F401
    except ImportError:
        return False
    return True


def count_rows(path: Path) -> dict[str, int]:
    """Rows of each sheet of an .xlsx (a streaming read of its XML)."""
    from lxml import etree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    counts: dict[str, int] = {}
    with zipfile.ZipFile(path) as zf:
        for name in sorted(n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")):
            rows = 0
            with zf.open(name) as fh:
                for _event, el in etree.iterparse(fh, tag=f"{main}row", huge_tree=True):
                    rows += 1
                    el.clear()
            counts[name.rsplit("/", 1)[1]] = rows
    return counts


def run(n: int = 100_000, cache: Path | None = None, xlsxwriter: bool | None = None) -> dict[str, Any]:
    home = home_for(n, cache)
    out_dir = Path(tempfile.mkdtemp(prefix="bench-export-"))
    result: dict[str, Any] = {"n": n}
    try:
        for fmt in ("xlsx", "csv"):
            target = out_dir / f"facturas.{fmt}"
            lines = run_python(EXPORT_CHILD, str(home), fmt, str(target)).strip().splitlines()
            doc = json.loads(lines[-2])  # the CLI's JSON document, then ours
            measured = json.loads(lines[-1])
            measured["size_mb"] = target.stat().st_size / 2**20
            measured["data"] = doc["data"]
            if fmt == "xlsx":
                measured["rows"] = count_rows(target)
            result[fmt] = measured
        if has_xlsxwriter() if xlsxwriter is None else xlsxwriter:
            target = out_dir / "xlsxwriter.xlsx"
            measured = json.loads(run_python(XLSXWRITER_CHILD, str(home), str(target)).strip().splitlines()[-1])
            measured["size_mb"] = target.stat().st_size / 2**20
            result["xlsxwriter"] = measured
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)
    return result


def table(r: dict[str, Any]) -> str:
    x, c = r["xlsx"], r["csv"]
    data = x["data"]
    skipped = data.get("concepts_skipped") or {}
    rows = [
        [
            "invoices exported (Facturas rows)",
            f"{data['count']:,} of {r['n']:,}",
            "all",
            verdict(data["count"] == r["n"]),
        ],
        ["concept rows (Conceptos)", f"{data.get('concepts', 0):,}", "", ""],
        ["invoices whose concepts were skipped", ", ".join(f"{k} {v:,}" for k, v in skipped.items()) or "0", "", ""],
        ["sheet rows read back", ", ".join(f"{k} {v:,}" for k, v in x["rows"].items()), "", ""],
        [".xlsx size", f"{x['size_mb']:,.1f} MB", "", ""],
        ["**.xlsx, both sheets: time**", f"**{x['seconds']:,.1f} s**", "< 30 s", verdict(x["seconds"] < 30)],
        ["**.xlsx: peak RSS**", f"**{x['peak_rss_mb']:,.0f} MB**", "< 300 MB", verdict(x["peak_rss_mb"] < 300)],
        ["RSS after imports", f"{x['base_rss_mb']:,.0f} MB", "", ""],
        [".csv: time", f"{c['seconds']:,.1f} s", "", ""],
        [".csv: peak RSS / size", f"{c['peak_rss_mb']:,.0f} MB / {c['size_mb']:,.1f} MB", "", ""],
    ]
    w = r.get("xlsxwriter")
    if w is None:
        rows.append(["the same with XlsxWriter (constant memory)", "not installed (`pip install -e .[bench]`)", "", ""])
    else:
        rows.append(
            [
                "the same with XlsxWriter (constant memory): time / RSS / size",
                f"{w['seconds']:,.1f} s / {w['peak_rss_mb']:,.0f} MB / {w['size_mb']:,.1f} MB",
                "< 30 s",
                verdict(w["seconds"] < 30),
            ]
        )
    return print_table(
        f"Export of {r['n']:,} invoices of one RFC (`invoices list --format xlsx|csv`)",
        ["what", "measured", "budget", "result"],
        rows,
    )


def main(argv: list[str] | None = None) -> int:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=100_000)
    args = p.parse_args(argv)
    print_machine()
    table(run(args.n, cache_dir(args.cache)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
