"""``report KIND --period YYYY-MM [--to YYYY-MM] [--basis cash|accrual] [--format json|xlsx|txt] [--output FILE]
[--detail] [--lang es|en]``: the accountant's monthly reports over the local index (issue 18; rules in
docs/reports.md)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.cli.common import InvalidArgument, log, open_service, output_file
from desktop_app.core.errors import AppError


def register(commands: Any) -> None:
    report = commands.add_parser(
        "report",
        help="reports over the index: iva (cash and accrual), isr (ingresos cobrados, gastos pagados, ISR retenido), "
        "nomina (payroll issued), ppd (open PPD invoices with aging), diot (DIOT 2025), retenciones (received)",
        description="Reports over the local index, each figure traceable to its CFDI (--detail). Kinds now: "
        "iva, isr, nomina, ppd, diot, retenciones. Rules and their legal sources: docs/reports.md.",
    )
    report.add_argument("kind", type=report_kind, help="iva | isr | nomina | ppd | diot | retenciones")
    report.add_argument("--period", required=True, type=month, help="first month, YYYY-MM")
    report.add_argument("--to", dest="period_to", type=month, help="last month, YYYY-MM (default: --period)")
    report.add_argument("--basis", type=basis, help="iva: cash or accrual only (default: both)")
    report.add_argument(
        "--format",
        choices=("json", "xlsx", "txt"),
        default="json",
        help="json (default), xlsx, or txt: the report as text; for diot, only the SAT carga batch file "
        "(54 pipe-separated fields per supplier, UTF-8, docs/diot-2025.md)",
    )
    report.add_argument("--output", type=output_file, help="file to write (needed for xlsx and txt)")
    report.add_argument("--detail", action="store_true", help="list the CFDI behind every figure")
    report.add_argument(
        "--lang",
        choices=("es", "en"),
        default="es",
        help="language of the xlsx/txt words (sheets, headers, labels, notes); default es. json is data; "
        "diot's txt is SAT's batch file, the same in both",
    )
    report.set_defaults(handler=_report)


def _invalid(exc: AppError) -> InvalidArgument:
    return InvalidArgument(exc.message, exc.code)


def report_kind(value: str) -> str:
    """argparse type of KIND: a report that answers now (``invalid_argument`` names the available ones)."""
    from desktop_app.core.reports import check_kind

    try:
        return check_kind(value)
    except AppError as exc:
        raise _invalid(exc) from None


def month(value: str) -> str:
    """argparse type of ``--period``/``--to``: ``YYYY-MM``."""
    from desktop_app.core.reports.common import check_month

    try:
        return check_month(value)
    except AppError as exc:
        raise _invalid(exc) from None


def basis(value: str) -> str:
    """argparse type of ``--basis``: cash or accrual."""
    from desktop_app.core.reports import BASES

    if value not in BASES:
        raise InvalidArgument(f"{value!r} is not a basis: cash or accrual.")
    return value


def _progress(done: int, total: int) -> None:
    log(f"Leyendo los impuestos de los CFDI indexados antes de los reportes: {done:,} de {total:,}")


def _report(args: argparse.Namespace) -> dict[str, Any]:
    from desktop_app.core.reports import Period

    period = Period.of(args.period, args.period_to)
    if args.format != "json" and not args.output:
        raise AppError("output_required", f"--format {args.format} needs --output FILE.", field="output")
    service = open_service(args)
    data = service.report(args.profile_rfc, args.kind, period, basis=args.basis, detail=args.detail, progress=_progress)
    if args.format == "json" and not args.output:
        return data
    from desktop_app.core.store.vault import atomic_write

    target = Path(args.output)
    if args.format == "json":
        from desktop_app.cli.common import dumps

        atomic_write(target, dumps({"success": True, "data": data}, indent=1))
    elif args.format == "xlsx":
        from desktop_app.core.reports.kinds import write_report_xlsx

        write_report_xlsx(data, target, args.lang)
    else:
        from desktop_app.core.reports.kinds import report_text

        atomic_write(target, report_text(data, args.lang).encode("utf-8"))
    return {"output": args.output, "format": args.format, **summary(data)}


def summary(data: dict[str, Any]) -> dict[str, Any]:
    """A report's data without its long lists (``detail``, ``invoices``, UUIDs of notes): what stdout says when
    the report itself went to a file."""
    return {key: _short(value) for key, value in data.items() if key != "detail"}


def _short(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _short(v) for k, v in value.items() if k not in ("detail", "invoices", "uuids", "aging_uuids")}
    return value
