"""``profile add|list|remove`` and ``activation status|on|off``."""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.cli.common import Reply, open_service


def register(commands: Any) -> None:
    profile = commands.add_parser("profile", help="RFC profiles (one per taxpayer)")
    sub = profile.add_subparsers(dest="profile_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add an RFC")
    add.add_argument("rfc")
    add.add_argument("--name", default="", help="a name to show for this RFC")
    add.add_argument(
        "--accept-check-digit",
        action="store_true",
        help="take the RFC although its check digit does not verify (some RFCs SAT assigned long ago); "
        "`fiel upload` still refuses an e.firma issued to another RFC",
    )
    add.set_defaults(handler=_add)
    sub.add_parser("list", help="list the RFCs").set_defaults(handler=_list)
    remove = sub.add_parser("remove", help="forget an RFC (its XML files stay on disk)")
    remove.add_argument("rfc")
    remove.set_defaults(handler=_remove)

    activation = commands.add_parser("activation", help="consent to query SAT with the FIEL")
    sub = activation.add_subparsers(dest="activation_command", metavar="ACTION", required=True)
    sub.add_parser("status", help="activation state and local usage").set_defaults(handler=_status)
    sub.add_parser("on", help="give consent: the app may query SAT with this RFC's FIEL").set_defaults(handler=_on)
    off = sub.add_parser("off", help="stop at once; history and invoices stay")
    off.add_argument("--forget-fiel", action="store_true", help="also delete the stored FIEL and its password")
    off.set_defaults(handler=_off)


def _add(args: argparse.Namespace) -> dict[str, Any]:
    service = open_service(args)
    return {"profile": service.add_profile(args.rfc, args.name, accept_check_digit=args.accept_check_digit)}


def _list(args: argparse.Namespace) -> dict[str, Any]:
    profiles = open_service(args).list_profiles()
    return {"profiles": profiles, "count": len(profiles)}


def _remove(args: argparse.Namespace) -> dict[str, Any]:
    return open_service(args).remove_profile(args.rfc)


def _status(args: argparse.Namespace) -> dict[str, Any]:
    return open_service(args).activation_status(args.profile_rfc)


ACTIVATED_MESSAGE = (
    "Descarga masiva activada: la aplicación ya puede usar la e.firma de este RFC para consultar al SAT en tu "
    "nombre. Cada XML se descarga directo del SAT a esta computadora, sin costo."
)
DEACTIVATED_MESSAGE = (
    "Descarga masiva desactivada: la programación se detuvo; el historial y las facturas se conservan."
)
FIEL_FORGOTTEN = " Se borró la e.firma guardada y su contraseña."


def _on(args: argparse.Namespace) -> Reply:
    return Reply(open_service(args).activate(args.profile_rfc), ACTIVATED_MESSAGE)


def _off(args: argparse.Namespace) -> Reply:
    data = open_service(args).deactivate(args.profile_rfc, forget_fiel=args.forget_fiel)
    return Reply(data, DEACTIVATED_MESSAGE + (FIEL_FORGOTTEN if args.forget_fiel else ""))
