"""``fiel check``: validate a FIEL without storing anything."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from desktop_app.cli.common import Reply, add_fiel_source_options, open_service, read_password


def register(commands: Any) -> None:
    fiel = commands.add_parser("fiel", help="validate or upload the FIEL (e.firma)")
    sub = fiel.add_subparsers(dest="fiel_command", metavar="ACTION", required=True)
    check = sub.add_parser("check", help="validate .cer/.key/password; stores nothing")
    add_fiel_source_options(check, required=True)
    check.set_defaults(handler=_check)
    upload = sub.add_parser("upload", help="validate, store securely and register the FIEL with SAT")
    add_fiel_source_options(upload, required=True)
    upload.add_argument("--sync-start-date", help="YYYY-MM-DD, up to 71 months back (default: as far as allowed)")
    upload.add_argument(
        "--phone",
        help="contact phone: +52 and 10 digits (also +52 1 and 10 digits, spaces, dashes, parentheses); "
        "kept as +52XXXXXXXXXX",
    )
    upload.set_defaults(handler=_upload)

    register_cmd = commands.add_parser("register", help="retry the SAT registration (authentication)")
    register_cmd.add_argument(
        "--password-stdin", action="store_true", help="use this password instead of the keyring's"
    )
    register_cmd.set_defaults(handler=_register)

    debug = commands.add_parser("debug", help="SAT connectivity and registration report")
    debug.add_argument("--password-stdin", action="store_true", help="use this password instead of the keyring's")
    debug.set_defaults(handler=_debug)


def _check(args: argparse.Namespace) -> dict[str, Any]:
    from desktop_app.core.fiel import load_fiel_files

    password = read_password(args)
    expected = args.profile_rfc  # with --rfc: fail with rfc_mismatch unless the FIEL is of this RFC
    fiel = load_fiel_files(args.cer, args.key, password, expected_rfc=expected, now=datetime.now(UTC))
    return fiel.info.to_json()


UPLOADED_MESSAGE = "e.firma validada y guardada; el RFC quedó registrado con el SAT."
UPLOADED_NOT_REGISTERED_MESSAGE = (
    "e.firma validada y guardada, pero el registro con el SAT no se completó; vuelve a intentarlo con `register`."
)

NOT_KEPT_MESSAGE = (
    "La contraseña no se guardó: en esta computadora no funciona un llavero del sistema. Cada comando que consulte "
    "al SAT la pedirá (--password-stdin) y la sincronización diaria no correrá con la aplicación cerrada."
)


def _upload(args: argparse.Namespace) -> Reply:
    from desktop_app.core.fiel import read_file_capped

    cer = read_file_capped(args.cer, what="certificate")
    key = read_file_capped(args.key, what="key")
    password = read_password(args)
    service = open_service(args)
    data = service.upload_fiel(
        args.profile_rfc, cer, key, password, sync_start_date=args.sync_start_date, phone=args.phone
    )
    message = UPLOADED_MESSAGE if data.get("registered") else UPLOADED_NOT_REGISTERED_MESSAGE
    if not data.get("password_in_keyring"):  # said where it is read, not only as a false flag (an outside audit)
        message += " " + NOT_KEPT_MESSAGE
    return Reply(data, message)


def _register(args: argparse.Namespace) -> dict[str, Any]:
    from desktop_app.core.errors import AppError

    password = read_password(args) if args.password_stdin else None
    data = open_service(args).register(args.profile_rfc, password=password)
    failure = data.get("registration_error")
    if not data.get("registered") and failure:
        # Registering is this command's whole job: SAT's refusal or silence is its error (exit 1), with what
        # the profile records beside it (`fiel upload` keeps the e.firma and answers success: the seed's).
        details = {k: v for k, v in data.items() if k != "registration_error"}
        extra = {k: v for k, v in failure.items() if k not in ("code", "message")}  # the cause, when known
        raise AppError(failure["code"], failure["message"], **details, **extra)
    return data


def _debug(args: argparse.Namespace) -> dict[str, Any]:
    password = read_password(args) if args.password_stdin else None
    return open_service(args).debug(args.profile_rfc, password=password)
