"""``sat …``: raw SAT calls for diagnosis (DESIGN.md §3). Prints SAT's answers; never the token or password.

Each command takes the FIEL as ``--cer F --key F --password-stdin`` or, without them, the profile's
stored FIEL. Endpoints follow ``DESCARGA_MASIVA_SAT_URL`` / ``_SAT_RET_URL`` / ``_CONSULTA_URL``.
Heavy imports stay inside the handlers so ``descarga-masiva --version`` stays instant.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from desktop_app.cli.common import add_fiel_source_options, output_file, read_password
from desktop_app.cli.request_cmd import add_request_options
from desktop_app.core.errors import AppError

if TYPE_CHECKING:
    from desktop_app.core.fiel import Fiel
    from desktop_app.core.sat.protocol import SatClientProtocol


def register(commands: Any) -> None:
    sat = commands.add_parser("sat", help="raw SAT web-service calls, for diagnosis")
    sub = sat.add_subparsers(dest="sat_command", metavar="ACTION", required=True)

    auth = sub.add_parser("auth", help="authenticate with the FIEL (the token is not printed)")
    _add_common(auth)
    auth.set_defaults(handler=_auth)

    query = sub.add_parser(
        "query",
        help="create a download request (SolicitaDescargaEmitidos/Recibidos); it spends one of SAT's two identical "
        "requests for the period, which the app's ledger does not see: `request` is the command that keeps count",
    )
    _add_common(query)
    add_request_options(query)
    query.add_argument(
        "--counterpart-rfc",
        action="append",
        default=[],
        help="issued: a receiver to filter by (up to 5); received: the one issuer to filter by",
    )
    query.add_argument("--complement", help="complement code, e.g. pagos20, nomina12")
    query.set_defaults(handler=_query)

    folio = sub.add_parser("folio", help="request one CFDI by UUID (SolicitaDescargaFolio)")
    _add_common(folio)
    folio.add_argument("uuid")
    folio.set_defaults(handler=_folio)

    verify = sub.add_parser("verify", help="state of a request and its package ids")
    _add_common(verify)
    verify.add_argument("request_id")
    verify.set_defaults(handler=_verify)

    download = sub.add_parser("download", help="download one package (SAT allows two downloads, ever)")
    _add_common(download)
    download.add_argument("package_id")
    download.add_argument("--output", type=output_file, required=True, help="where to write the ZIP")
    download.set_defaults(handler=_download)

    status = sub.add_parser("status", help="status of one CFDI at ConsultaCFDIService (no FIEL needed)")
    status.add_argument("--uuid", required=True)
    status.add_argument("--issuer", required=True, help="issuer RFC")
    status.add_argument("--receiver", required=True, help="receiver RFC")
    status.add_argument("--total", required=True, help="the CFDI's total")
    status.add_argument("--seal-tail", default="", help="the CFDI's Sello (its last 8 characters are used)")
    status.add_argument("--cfdi-version", choices=("3.2", "3.3", "4.0"), default="4.0")
    status.set_defaults(handler=_status)


def _add_common(parser: argparse.ArgumentParser) -> None:
    add_fiel_source_options(parser, required=False)
    parser.add_argument("--service", choices=("cfdi", "retenciones"), default="cfdi")


def resolve_profile_fiel(args: argparse.Namespace) -> Fiel:
    """The profile's stored FIEL (password from the keyring, or from stdin with --password-stdin)."""
    from desktop_app.cli.common import open_service

    password = read_password(args) if getattr(args, "password_stdin", False) else None
    return open_service(args).load_fiel(args.profile_rfc, password)


def _fiel(args: argparse.Namespace) -> Fiel:
    if not args.cer and not args.key:
        return resolve_profile_fiel(args)
    if not (args.cer and args.key):
        raise AppError("fiel_missing", "Pass both --cer and --key.")
    from datetime import UTC, datetime

    from desktop_app.core.fiel import load_fiel_files

    # Diagnosis: an expired FIEL is still sent, so SAT itself can say what it thinks of it (304).
    return load_fiel_files(args.cer, args.key, read_password(args), now=datetime.now(UTC), check_validity=False)


def _client(fiel: Fiel) -> SatClientProtocol:
    from desktop_app.cli import common
    from desktop_app.core.sat.client import SatClient
    from desktop_app.core.sat.endpoints import from_env

    if common.SAT_CLIENT_FACTORY is not None:
        return common.SAT_CLIENT_FACTORY(fiel)
    return SatClient(fiel, from_env())


def _auth(args: argparse.Namespace) -> dict[str, Any]:
    fiel = _fiel(args)
    with _client(fiel) as client:
        token = client.authenticate(args.service)
    return {
        "service": args.service,
        "rfc": fiel.rfc,
        "authenticated": True,
        "created": token.created.isoformat() if token.created else None,
        "expires": token.expires.isoformat() if token.expires else None,
    }


def _query(args: argparse.Namespace) -> dict[str, Any]:
    from desktop_app.core.sat.query import params_from_options

    params = params_from_options(
        args.start,
        args.end,
        rfc_type=args.rfc_type,
        request_type=args.request_type,
        invoice_type=args.invoice_type,
        invoice_status=args.invoice_status,
        third_party_rfc=args.third_party_rfc,
        counterpart_rfcs=tuple(args.counterpart_rfc),
        complement=args.complement,
        service=args.service,
    )
    fiel = _fiel(args)
    with _client(fiel) as client:
        result = client.query(params)
    return {
        "operation": params.operation,
        "service": args.service,
        **result.to_json(),
        # an outside audit: a later `request` of the same period was sent anyway and SAT refused it (5002)
        "warning": "A raw request: SAT counts it among the two identical requests it allows for this period, and the "
        "app's ledger does not know of it; use `request` to have the app keep count.",
    }


def _folio(args: argparse.Namespace) -> dict[str, Any]:
    from desktop_app.core.sat.query import folio_params

    params = folio_params(args.uuid, service=args.service)
    fiel = _fiel(args)
    with _client(fiel) as client:
        result = client.query(params)
    return {"operation": params.operation, "service": args.service, **result.to_json()}


def _verify(args: argparse.Namespace) -> dict[str, Any]:
    fiel = _fiel(args)
    with _client(fiel) as client:
        result = client.verify(args.request_id, args.service)
    return {"request_id": args.request_id, "service": args.service, **result.to_json()}


def _download(args: argparse.Namespace) -> dict[str, Any]:
    from pathlib import Path

    output = Path(args.output)
    if not output.parent.is_dir():
        raise AppError("invalid_output", f"The folder {output.parent} does not exist.", field="output")
    fiel = _fiel(args)
    with _client(fiel) as client:
        result = client.download(args.package_id, output, args.service)
    return {"service": args.service, **result.to_json()}


def _status(args: argparse.Namespace) -> dict[str, Any]:
    from desktop_app.core.sat.client import SatClient
    from desktop_app.core.sat.endpoints import from_env
    from desktop_app.core.sat.envelopes import qr_expression
    from desktop_app.core.sat.query import UUID_RE

    if not UUID_RE.match(args.uuid.strip()):
        raise AppError("invalid_uuid", f"{args.uuid!r} is not a UUID.", field="uuid")
    expression = qr_expression(
        args.uuid.strip(), args.issuer, args.receiver, args.total, args.seal_tail, version=args.cfdi_version
    )
    with SatClient(None, from_env()) as client:  # ConsultaCFDIService needs no FIEL
        result = client.consulta(expression)
    return {"expression": expression, **result.to_json()}
