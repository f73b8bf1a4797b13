"""``descarga-masiva``: the command-line face of the core service (DESIGN.md §3).

Every command prints exactly one JSON document on stdout — ``{"success": true, "data": …}`` or
``{"success": false, "error": {"code", "message"}}`` — and exits 0, 1 (handled error) or 2 (usage error).
Command modules register themselves here; each keeps its heavy imports inside its handlers so that
``--version`` stays instant.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from typing import Any, NoReturn

from desktop_app import __version__
from desktop_app.cli import (
    demo_cmd,
    fiel_cmd,
    invoices_cmd,
    profile_cmd,
    request_cmd,
    sandbox_cmd,
    sat_cmd,
    schedule_cmd,
)
from desktop_app.cli.common import emit, failure, success
from desktop_app.core.errors import AppError

COMMAND_MODULES = (demo_cmd, profile_cmd, fiel_cmd, schedule_cmd, request_cmd, invoices_cmd, sat_cmd, sandbox_cmd)


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as our JSON document instead of exiting on its own."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="descarga-masiva",
        description="Descarga Masiva SAT: download and keep every CFDI of an RFC, offline.",
    )
    parser.add_argument("--version", action="version", version=f"descarga-masiva {__version__}")
    parser.add_argument(
        "--home",
        default=os.environ.get("DESCARGA_MASIVA_HOME"),
        help="data folder (env DESCARGA_MASIVA_HOME; default: the platform's user data folder)",
    )
    parser.add_argument("--rfc", dest="profile_rfc", help="the profile (RFC) to act on")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation headless (imports, resources, sandbox, FIEL, sync, invoices) and exit",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


GLOBAL_OPTIONS = ("--home", "--rfc")


def hoist_global_options(argv: list[str]) -> list[str]:
    """Let ``--home``/``--rfc`` appear anywhere (``fiel upload … --rfc X``), as users write them."""
    hoisted: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest.extend(argv[i:])
            break
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS:
            if "=" in arg:
                hoisted.append(arg)
            elif i + 1 < len(argv):
                hoisted.extend(argv[i : i + 2])
                i += 1
            else:
                rest.append(arg)  # let argparse report the missing value
        else:
            rest.append(arg)
        i += 1
    return hoisted + rest


def _usage_error(message: str) -> int:
    print(message, file=sys.stderr)
    emit(failure(AppError("usage_error", message)))
    return 2


def _self_test(args: argparse.Namespace) -> dict[str, Any]:
    from desktop_app.cli.common import log
    from desktop_app.selftest import run

    return run(log=log)


def main(argv: list[str] | None = None) -> int:
    argv = hoist_global_options(sys.argv[1:] if argv is None else list(argv))
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        return _usage_error(str(exc))
    handler = getattr(args, "handler", None)
    if args.self_test:
        if args.command is not None:
            return _usage_error("descarga-masiva: --self-test takes no command")
        handler = _self_test
    if handler is None:
        if args.command is None:  # no command: open the window
            from desktop_app.app import main as open_window

            return open_window(args.home)
        parser.print_help(sys.stderr)
        return 2
    try:
        data = handler(args)
    except AppError as exc:
        emit(failure(exc))
        return 1
    except KeyboardInterrupt:
        emit(failure(AppError("interrupted", "Interrupted by the user.")))
        return 130
    except Exception:  # a bug: say so in the contract's shape, details on stderr
        traceback.print_exc(file=sys.stderr)
        emit(failure(AppError("internal_error", "Unexpected error; details were printed on stderr.")))
        return 1
    if data is not None:  # long-running commands (sandbox serve) emit their own document
        emit(success(data))
    return 0
