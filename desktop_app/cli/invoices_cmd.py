"""``invoices import|list``, ``invoice UUID`` and ``package ID``: the offline vault and index."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop_app.cli.common import (
    InvalidArgument,
    amount,
    count,
    log,
    open_service,
    output_file,
    read_password,
    stop_on_interrupt,
)
from desktop_app.core.errors import AppError
from desktop_app.core.store.vault import copy_private

# The orders of ``invoices list`` (``store.invoices.SORTS``, written out: the CLI starts without importing the
# store): issuer/receiver = the name, *_rfc the RFC, folio = serie then folio (numeric folios as numbers).
SORTS = ("date", "folio", "issuer_rfc", "issuer", "receiver_rfc", "receiver", "type", "status", "total", "uuid")
SORT_CHOICES = (*SORTS, *(f"-{name}" for name in SORTS))


def register(commands: Any) -> None:
    invoices = commands.add_parser("invoices", help="the offline invoice index")
    sub = invoices.add_subparsers(dest="invoices_command", metavar="ACTION", required=True)
    imp = sub.add_parser("import", help="index XML files, folders or ZIPs already on disk")
    imp.add_argument("paths", nargs="+")
    imp.set_defaults(handler=_import)
    lst = sub.add_parser("list", help="list, total and export invoices")
    add_filter_arguments(lst)
    lst.add_argument("--sort", choices=SORT_CHOICES, default="date", help="a leading - sorts descending")
    lst.add_argument("--desc", action="store_true", help="sort descending")
    lst.add_argument("--limit", type=count)
    lst.add_argument("--offset", type=count, default=0)
    lst.add_argument(
        "--group-by",
        type=group_keys,
        metavar="KEYS",
        help="comma-separated: direction,type,currency,status,payment_method,payment_form,cfdi_use — adds "
        "data.groups (each: keys, count, every sum of the totals, in MXN; a currency group of another currency says "
        "converted_from); --format xlsx also writes them in a «Resumen» sheet",
    )
    lst.add_argument("--format", choices=("json", "csv", "xlsx"), default="json")
    lst.add_argument("--output", type=output_file, help="file to write (csv/xlsx)")
    lst.add_argument(
        "--lang",
        choices=("es", "en"),
        default="es",
        help="language of the csv/xlsx headers and words (Emitido/Recibido, Vigente…); default es",
    )
    lst.set_defaults(handler=_list)
    from desktop_app.cli import verify_cmd  # (imports this module's filters)

    verify_cmd.register(sub)

    invoice = commands.add_parser("invoice", help="one CFDI: from the vault, else requested from SAT by folio")
    invoice.add_argument("uuid")
    invoice.add_argument("--output", type=output_file, help="copy the XML to this file")
    invoice.add_argument(
        "--service",
        choices=("cfdi", "retenciones"),
        help="SAT's service to ask for a UUID the index does not know (default cfdi; a known one: its own)",
    )
    invoice.add_argument("--password-stdin", action="store_true", help="FIEL password (else the keyring's)")
    invoice.add_argument(
        "--verify", action="store_true", help="also ask SAT for its status now (no FIEL) and keep the answer"
    )
    invoice.add_argument(
        "--pdf",
        type=output_file,
        metavar="FILE",
        help="write the printed representation (one Letter page: QR, seals, importe con letra) as a PDF",
    )
    invoice.add_argument("--lang", choices=("es", "en"), default="es", help="language of the PDF's labels")
    invoice.set_defaults(handler=_invoice)

    package = commands.add_parser("package", help="the ZIP of a downloaded SAT package")
    package.add_argument("package_id")
    package.add_argument("--output", type=output_file, required=True, help="where to copy the ZIP")
    package.set_defaults(handler=_package)


def group_keys(value: str) -> tuple[str, ...]:
    """argparse type of ``--group-by``: the comma-separated keys core accepts (``index.check_group_keys``)."""
    from desktop_app.core.index import check_group_keys

    try:
        return check_group_keys(tuple(key.strip() for key in value.split(",")))
    except AppError as exc:
        raise InvalidArgument(exc.message) from None


PROGRESS_EVERY = 2.0  # seconds between the import's progress lines on stderr


def _import(args: argparse.Namespace) -> dict[str, Any]:
    """Progress on stderr; Ctrl+C (or SIGTERM) stops after the batch being written: ``stopped: true``, what was
    written stays, and the same command again finishes it."""
    import threading
    import time

    service = open_service(args)
    cancel = threading.Event()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY or done == total:
            last[0] = now
            log(f"[import] {done:,} de {total:,} archivos leídos")

    with stop_on_interrupt(cancel):
        result: dict[str, Any] = service.import_invoices(args.profile_rfc, args.paths, progress=progress, cancel=cancel)
    if result.get("stopped"):
        log("[import] detenida: lo importado se conserva; el mismo comando otra vez termina la importación")
    return result


def add_filter_arguments(parser: Any) -> None:
    """The filters of ``invoices list``, shared with ``invoices verify`` (the same words select the same
    invoices); :func:`invoice_filter` reads them back."""
    parser.add_argument("--from", dest="date_from", help="issue date from (YYYY-MM-DD)")
    parser.add_argument("--to", dest="date_to", help="issue date to, inclusive (YYYY-MM-DD)")
    parser.add_argument("--direction", choices=("issued", "received"))
    parser.add_argument("--type", action="append", choices=("I", "E", "P", "N", "T", "R"), help="repeatable")
    parser.add_argument("--status", choices=("vigente", "cancelado", "unknown"))
    parser.add_argument("--counterpart", dest="counterpart_rfc", help="issuer or receiver RFC")
    parser.add_argument(
        "--text", help="search RFCs and names (accent- and case-free); a UUID piece needs 8+ characters or a dash"
    )
    parser.add_argument(
        "--min-total", type=amount, help="total of at least this many pesos (another currency's × its TipoCambio)"
    )
    parser.add_argument("--max-total", type=amount, help="total of at most this many pesos (likewise in MXN)")
    parser.add_argument(
        "--damaged",
        action="store_true",
        help="only the damaged documents (not well-formed XML kept in the vault; never in lists or totals otherwise)",
    )
    parser.add_argument(
        "--payment-method", type=payment_methods, metavar="CODES", help="método de pago, comma-separated: PUE,PPD"
    )
    parser.add_argument(
        "--payment-form", type=catalog_codes, metavar="CODES", help="forma de pago (c_FormaPago), comma-separated: 03"
    )
    parser.add_argument(
        "--use", dest="cfdi_use", type=catalog_codes, metavar="CODES", help="uso de CFDI (c_UsoCFDI), comma-separated"
    )
    parser.add_argument("--currency", type=currencies, metavar="CODES", help="currency, comma-separated: MXN,USD")
    parser.add_argument(
        "--pending-balance",
        action="store_true",
        help="only PPD invoices, not cancelled, that still owe something: the ImpSaldoInsoluto of the latest "
        "payment receipt (complemento de pago) that is not cancelled, or their total when none is known",
    )


def _codes(value: str, what: str, valid: Any) -> tuple[str, ...]:
    """Comma-separated codes, upper-cased, each once; ``invalid_argument`` when one is empty or not ``valid``."""
    codes = tuple(dict.fromkeys(code.strip().upper() for code in value.split(",")))
    bad = [code for code in codes if not code or not valid(code)]
    if bad:
        raise InvalidArgument(f"{value!r}: {what}, comma-separated; not {', '.join(repr(c) for c in bad)}.")
    return codes


def payment_methods(value: str) -> tuple[str, ...]:
    """argparse type of ``--payment-method``: PUE and/or PPD."""
    return _codes(value, "PUE or PPD", lambda code: code in ("PUE", "PPD"))


def catalog_codes(value: str) -> tuple[str, ...]:
    """argparse type of ``--payment-form`` / ``--use``: SAT catalog codes (letters and digits, 1–5); a one-digit
    form is SAT's two-digit code (3 → 03)."""
    codes = _codes(value, "SAT catalog codes such as 03 or G03", lambda code: code.isalnum() and len(code) <= 5)
    return tuple(code.zfill(2) if code.isdigit() else code for code in codes)


def currencies(value: str) -> tuple[str, ...]:
    """argparse type of ``--currency``: ISO 4217 codes (three letters: MXN, USD, XXX)."""
    return _codes(value, "three-letter currency codes such as MXN or USD", lambda c: len(c) == 3 and c.isalpha())


def invoice_filter(args: argparse.Namespace) -> Any:
    """The ``InvoiceFilter`` of :func:`add_filter_arguments`' options (``invalid_date`` for a date that is not)."""
    from desktop_app.core.index import InvoiceFilter

    flt = InvoiceFilter(
        date_from=args.date_from,
        date_to=args.date_to,
        direction=args.direction,
        types=tuple(args.type or ()),
        status=args.status,
        counterpart_rfc=args.counterpart_rfc,
        text=args.text,
        min_total=args.min_total,
        max_total=args.max_total,
        damaged=args.damaged,
        payment_methods=args.payment_method or (),
        payment_forms=args.payment_form or (),
        cfdi_uses=args.cfdi_use or (),
        currencies=args.currency or (),
        pending_balance=args.pending_balance,
    )
    for name in ("date_from", "date_to"):
        value = getattr(flt, name)
        if value:
            from datetime import date

            try:
                date.fromisoformat(value[:10])
            except ValueError:
                raise AppError("invalid_date", f"{value!r} is not a date (YYYY-MM-DD).", field=name) from None
    return flt


def _list(args: argparse.Namespace) -> dict[str, Any]:
    flt = invoice_filter(args)
    sort = ("-" + args.sort.lstrip("-")) if args.desc else args.sort
    service = open_service(args)
    group_by: tuple[str, ...] = args.group_by or ()
    if args.format == "json":
        result = service.list_invoices(
            args.profile_rfc, flt, sort=sort, limit=args.limit, offset=args.offset, group_by=group_by
        )
        if args.output:
            from desktop_app.cli.common import dumps
            from desktop_app.core.store.vault import atomic_write

            atomic_write(Path(args.output), dumps(result, indent=1))
            return {
                "output": args.output,
                "count": result["count"],
                "totals": result["totals"],
                **({"groups": result["groups"]} if "groups" in result else {}),
            }
        return result
    if not args.output:
        raise AppError("output_required", f"--format {args.format} needs --output FILE.")
    from desktop_app.core.export import efos_lookup, write_csv, write_xlsx

    groups = service.list_invoices(args.profile_rfc, flt, limit=0, group_by=group_by)["groups"] if group_by else None
    report: dict[str, int] = {}
    records, totals = _stream(service, args.profile_rfc, flt, sort=sort, limit=args.limit, offset=args.offset)
    efos = efos_lookup(service)  # a loaded 69-B list adds the counterpart's situation as the last column
    if args.format == "csv":
        count = write_csv(records, Path(args.output), report=report, lang=args.lang, efos=efos)
    else:  # the totals row leaves out what data.totals leaves out: cancelled and Retenciones, unless asked for
        count = write_xlsx(
            records,
            Path(args.output),
            report=report,
            lang=args.lang,
            efos=efos,
            cancelled_out=not flt.status,
            retenciones_out=not flt.types,
            group_keys=group_by,
            groups=groups or (),
        )
    result = {
        "output": args.output,
        "format": args.format,
        "lang": args.lang,
        "count": count,
        "efos_69b": efos is not None,
        "totals": totals,
        # cells that looked like formulas (written as text), cut at Excel's 32,767 characters, characters
        # the format cannot carry replaced by U+FFFD
        "neutralized_cells": report.get("neutralized_cells", 0),
        "truncated_cells": report.get("truncated_cells", 0),
        "replaced_characters": report.get("replaced_characters", 0),
    }
    if groups is not None:
        result["groups"] = groups
    if args.format == "xlsx":
        # the Conceptos sheet: its rows, and the invoices whose line items could not be read from the vault
        result["concepts"] = report.get("concept_rows", 0)
        result["concepts_skipped"] = {
            reason: report.get(f"concepts_skipped_{reason}", 0) for reason in ("no_xml", "missing_xml", "damaged_xml")
        }
        # rows past Excel's 1,048,576 per sheet: not written
        result["rows_left_out"] = report.get("rows_left_out", 0)
        result["concept_rows_left_out"] = report.get("concept_rows_left_out", 0)
    return result


def _stream(
    service: Any, rfc: str | None, flt: Any, *, sort: str, limit: int | None, offset: int
) -> tuple[Iterator[dict[str, Any]], dict[str, Any]]:
    """The records of ``invoices list`` one at a time (what ``service.list_invoices`` returns as a list: an export
    of 100,000 invoices must not hold them all), and the filter's totals."""
    from desktop_app.core.index import record, totals
    from desktop_app.core.store.db import Single
    from desktop_app.core.store.invoices import InvoiceRepository

    profile = service.profile(rfc)
    conn = service.db.get()
    sums = totals(conn, profile.rfc, flt)
    rows = InvoiceRepository(Single(conn)).rows(profile.rfc, flt, sort=sort, limit=limit, offset=offset)
    return (record(row, service.home) for row in rows), sums


def _invoice(args: argparse.Namespace) -> dict[str, Any]:
    password = read_password(args) if args.password_stdin else None
    service = open_service(args)
    result = service.invoice(args.profile_rfc, args.uuid, password=password, service=args.service)
    if args.verify and result.get("invoice"):
        result["verified"] = service.verify_invoice(args.profile_rfc, args.uuid)
        result["invoice"]["status"] = result["verified"]["status"]
    invoice = result.get("invoice")
    if args.output and invoice and invoice.get("path") and invoice.get("has_xml"):
        copy_private(invoice["path"], args.output)
        result["output"] = args.output
    if args.pdf and invoice:
        result["pdf"] = _write_pdf(invoice, args.pdf, args.lang)
    return result


def _write_pdf(invoice: dict[str, Any], target: str, lang: str) -> str:
    """The representación impresa of ``invoice`` at ``target`` (Qt lays it out, offscreen: no display needed)."""
    from pathlib import Path

    from desktop_app.core.printed import render

    if not (invoice.get("has_xml") and invoice.get("path")):
        raise AppError(
            "xml_not_available",
            f"{invoice['uuid']} has no XML in the data folder (SAT gave only its metadata); the printed CFDI is made "
            "from the XML.",
            uuid=invoice["uuid"],
        )
    printed = render(
        Path(invoice["path"]).read_bytes(),
        status=invoice.get("status"),
        lang=lang,
        cancelled_at=invoice.get("cancelled_at"),
    )
    from desktop_app.gui.invoices.printing import ensure_application, save_printed_pdf

    ensure_application()
    save_printed_pdf(printed, Path(target))
    return target


def _package(args: argparse.Namespace) -> dict[str, Any]:
    path = open_service(args).package_file(args.profile_rfc, args.package_id)
    copy_private(path, args.output)
    return {"package_id": args.package_id, "output": args.output, "size": path.stat().st_size}
