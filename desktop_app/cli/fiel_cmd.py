"""``fiel check``: validate a FIEL without storing anything."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from desktop_app.cli.common import add_fiel_source_options, read_password


def register(commands: Any) -> None:
    fiel = commands.add_parser("fiel", help="validate or upload the FIEL (e.firma)")
    sub = fiel.add_subparsers(dest="fiel_command", metavar="ACTION", required=True)
    check = sub.add_parser("check", help="validate .cer/.key/password; stores nothing")
    add_fiel_source_options(check, required=True)
    check.add_argument(
        "--rfc", dest="expected_rfc", help="fail with rfc_mismatch unless the FIEL is of this RFC"
    )
    check.set_defaults(handler=_check)


def _check(args: argparse.Namespace) -> dict[str, Any]:
    from desktop_app.core.fiel import load_fiel_files

    password = read_password(args)
    expected = args.expected_rfc or args.profile_rfc
    fiel = load_fiel_files(args.cer, args.key, password, expected_rfc=expected, now=datetime.now(UTC))
    return fiel.info.to_json()
