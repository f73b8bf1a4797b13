"""``lists import FILE | lists status | lists check``: SAT's list of taxpayers with presumed non-existent
operations (CFF art. 69-B, "EFOS"; issue 18.7). Rules: ``core/efos.py``; the file: ``docs/efos-69b.md``."""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.cli.common import log, open_service


def register(commands: Any) -> None:
    lists = commands.add_parser(
        "lists",
        help="SAT's 69-B list (EFOS): import it, see how old it is, check a profile's counterparts against it",
        description="SAT's list of taxpayers with presumed non-existent operations (CFF art. 69-B): "
        "Listado_Completo_69-B.csv from SAT's Datos Abiertos. One list per data home; an import replaces the "
        "previous one, all or nothing.",
    )
    sub = lists.add_subparsers(dest="lists_command", metavar="ACTION", required=True)
    load = sub.add_parser("import", help="load Listado_Completo_69-B.csv in place of the list loaded before")
    load.add_argument("list_file", metavar="FILE", help="the CSV as SAT publishes it")
    load.set_defaults(handler=_import)
    status = sub.add_parser("status", help="the loaded list: its date, when it was imported, how old it is")
    status.set_defaults(handler=_status)
    check = sub.add_parser(
        "check",
        help="the profile's counterparts (--rfc) on the loaded list, with their invoices issued and received",
    )
    check.set_defaults(handler=_check)


def _import(args: argparse.Namespace) -> dict[str, Any]:
    service = open_service(args)
    try:
        log(f"Importando la lista 69-B del SAT: {args.list_file}")
        return dict(service.import_efos_list(args.list_file))
    finally:
        service.close()


def _status(args: argparse.Namespace) -> dict[str, Any]:
    service = open_service(args)
    try:
        return dict(service.efos_status())
    finally:
        service.close()


def _check(args: argparse.Namespace) -> dict[str, Any]:
    service = open_service(args)
    try:
        return dict(service.efos_counterparts(args.profile_rfc))
    finally:
        service.close()
