"""Shared plumbing for CLI commands: the JSON envelope, password input, global options."""

from __future__ import annotations

import getpass
import json
import sys
from collections.abc import Callable
from typing import Any

from desktop_app.core.errors import AppError

Handler = Callable[[Any], Any]


def emit(document: dict[str, Any]) -> None:
    """Print the command's one JSON document on stdout."""
    sys.stdout.write(json.dumps(document, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def success(data: Any) -> dict[str, Any]:
    return {"success": True, "data": data}


def failure(error: AppError) -> dict[str, Any]:
    return {"success": False, "error": error.to_json()}


def log(message: str) -> None:
    """Progress for humans: stderr, never stdout."""
    print(message, file=sys.stderr, flush=True)


def read_password(args: Any) -> str:
    """The FIEL password from stdin (``--password-stdin``) or an interactive prompt; never from argv."""
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    if sys.stdin.isatty():
        return getpass.getpass("Contraseña de la FIEL: ")
    raise AppError("password_required", "Pass the FIEL password on stdin with --password-stdin.")


def add_fiel_source_options(parser: Any, *, required: bool) -> None:
    parser.add_argument("--cer", required=required, help="FIEL certificate (.cer)")
    parser.add_argument("--key", required=required, help="FIEL private key (.key)")
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the key's password from the first line of stdin"
    )


# Tests (and the demo) may build the service themselves: a callable ``(home) -> DescargaService``.
SERVICE_FACTORY: Callable[[str | None], Any] | None = None
# …and the SAT client of the raw `sat` commands: a callable ``(fiel) -> SatClient``.
SAT_CLIENT_FACTORY: Callable[[Any], Any] | None = None


def open_service(args: Any) -> Any:
    """The core service for ``--home`` (imported lazily: ``--version`` must not pay for it)."""
    if SERVICE_FACTORY is not None:
        return SERVICE_FACTORY(args.home)
    from desktop_app.core.paths import resolve_home
    from desktop_app.core.service import DescargaService

    return DescargaService(resolve_home(args.home))
