"""``descarga-masiva``: the command-line face of the core service (DESIGN.md §3).

Every command prints exactly one JSON document on stdout — ``{"success": true, "data": …}`` or
``{"success": false, "error": {"code", "message"}}`` — and exits 0, 1 (handled error) or 2 (usage error).
Command modules register themselves here; each keeps its heavy imports inside its handlers so that
``--version`` stays instant.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import re
import sys
import time
import traceback
from pathlib import Path
from typing import Any, NoReturn

from desktop_app import __version__
from desktop_app.cli import (
    database_cmd,
    demo_cmd,
    fiel_cmd,
    invoices_cmd,
    lists_cmd,
    profile_cmd,
    report_cmd,
    request_cmd,
    sandbox_cmd,
    sat_cmd,
    schedule_cmd,
    server_cmd,
)
from desktop_app.cli.common import InvalidArgument, Reply, emit, failure, output_lost, success
from desktop_app.core.errors import AppError

log = logging.getLogger("desktop_app.cli")

COMMAND_MODULES = (
    demo_cmd,
    profile_cmd,
    fiel_cmd,
    schedule_cmd,
    request_cmd,
    invoices_cmd,
    report_cmd,
    lists_cmd,
    sat_cmd,
    sandbox_cmd,
    database_cmd,
    server_cmd,
)


class UsageError(Exception):
    def __init__(self, message: str, code: str = "usage_error", **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.details = details


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as our JSON document instead of exiting on its own.

    No abbreviated options: ``--password`` would otherwise be taken for ``--password-stdin`` and the password
    typed after it reported back as an unrecognized argument. And an unrecognized argument's value is never
    echoed (it may be a secret typed where an option was expected): only the options' names are."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        if message.startswith(_UNRECOGNIZED):
            message = _UNRECOGNIZED + " ".join(_redacted(token) for token in message[len(_UNRECOGNIZED) :].split())
        # argparse's own messages that quote what was typed: a value given to a flag (--password-stdin=SECRET),
        # a subcommand or choice it does not know, a value its type refused. The option stays named.
        message = _QUOTED_VALUE.sub(r"\1…", message)
        # argparse calls this while handling the ArgumentError it raised for a value its ``type`` refused;
        # a refusal of ours (InvalidArgument) carries the code to report.
        handled = sys.exc_info()[1]
        cause = handled
        while cause is not None:
            if isinstance(cause, InvalidArgument):
                name = getattr(handled, "argument_name", None) or ""
                field = name.split("/")[0].lstrip("-").replace("-", "_")
                raise UsageError(f"{self.prog}: {message}", cause.code, **({"field": field} if field else {}))
            cause = cause.__context__
        raise UsageError(f"{self.prog}: {message}")


_UNRECOGNIZED = "unrecognized arguments: "
_QUOTED_VALUE = re.compile(
    r"""(ignored explicit argument |invalid choice: |invalid [\w.]+ value: )(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
)


def _redacted(token: str) -> str:
    """An unrecognized argument as a usage error shows it: an option's name, never a value."""
    if token.startswith("-"):
        name, equals, _value = token.partition("=")
        return name + ("=…" if equals else "")
    return "…"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="descarga-masiva",
        description="Descarga Masiva SAT: download and keep every CFDI of an RFC, offline.",
    )
    parser.add_argument("--version", action="version", version=f"descarga-masiva {__version__}")
    parser.add_argument(
        "--home",
        type=_folder,
        default=os.environ.get("DESCARGA_MASIVA_HOME") or None,  # set but empty: not set
        help="data folder (env DESCARGA_MASIVA_HOME; default: the platform's user data folder)",
    )
    parser.add_argument("--rfc", dest="profile_rfc", type=_rfc_option, help="the profile (RFC) to act on")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation headless (imports, resources, sandbox, FIEL, sync, invoices) and exit",
    )
    parser.add_argument(
        "--check-window",
        action="store_true",
        help="say whether this session can show the window (Linux: display, Qt's system libraries) and exit",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def _folder(value: str) -> str:
    """``--home``: a folder's name; an empty one was taken for none — the user's real data folder used instead of
    the one a script meant (an outside audit)."""
    if not value.strip():
        raise InvalidArgument("--home is empty: give the data folder, or leave the option out for the default one.")
    return value


def _rfc_option(value: str) -> str:
    """``--rfc``: an RFC; an empty one was taken for none (the only profile, or profile_required) — an outside
    audit."""
    if not value.strip():
        raise InvalidArgument("--rfc is empty: give the profile's RFC, or leave the option out.")
    return value


GLOBAL_OPTIONS = ("--home", "--rfc")


# Commands with an ``--rfc`` of their own (several RFCs): there it is not the global option.
OWN_RFC_COMMANDS = (("server", "keys"),)


def _own_rfc_from(argv: list[str]) -> int:
    """The index from which ``--rfc`` belongs to the command (``server keys create --rfc A --rfc B``), or past
    the end when the command has none."""
    words = [(i, arg) for i, arg in enumerate(argv) if not arg.startswith("-")]
    for command in OWN_RFC_COMMANDS:
        names = [arg for _i, arg in words]
        for start in range(len(names) - len(command) + 1):
            if tuple(names[start : start + len(command)]) == command:
                return words[start + len(command) - 1][0]
        # an option's value between the words (``server --database URL keys create --rfc A``)
        found = [i for i, arg in words if arg == command[0]]
        if found:
            later = [i for i, arg in words if i > found[0] and arg == command[-1]]
            if later and all(any(arg == word for _i, arg in words) for word in command):
                return later[0]
    return len(argv)


def hoist_global_options(argv: list[str]) -> list[str]:
    """Let ``--home``/``--rfc`` appear anywhere (``fiel upload … --rfc X``), as users write them."""
    hoisted: list[str] = []
    rest: list[str] = []
    own_rfc = _own_rfc_from(argv)
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest.extend(argv[i:])
            break
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS and not (name == "--rfc" and i > own_rfc):
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


def _usage_error(message: str, code: str = "usage_error", **details: Any) -> int:
    print(message, file=sys.stderr)
    emit(failure(AppError(code, message, **details)))
    return 2


# Arguments that name files or folders: the OS may give their names as undecodable bytes (lone surrogates),
# which are fine there. Anywhere else such bytes cannot be text (and SQLite would refuse them as a crash).
PATH_ARGUMENTS = frozenset(
    {"home", "cer", "key", "backup", "keep", "paths", "output", "state", "tls_cert", "tls_key", "vault_key"}
    | {"list_file"}
)


def _undecodable_argument(args: argparse.Namespace) -> str | None:
    for name, value in vars(args).items():
        if name in PATH_ARGUMENTS:
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and any("\ud800" <= ch <= "\udfff" for ch in item):
                return name
    return None


def _known_failure(exc: BaseException, home_arg: str | None) -> AppError | None:
    """A failure of the world, not a bug: a damaged or read-only database, a data folder this user cannot
    write, a full disk. Said with its code instead of ``internal_error`` and a traceback."""
    import errno
    import sqlite3

    from desktop_app.core.paths import resolve_home
    from desktop_app.core.store import db
    from desktop_app.core.store.vault import named_target

    try:
        home = resolve_home(home_arg).absolute()
    except Exception:  # no home to speak of: the generic report stands
        return None
    if isinstance(exc, sqlite3.Error):
        return db.known_error(exc, home / db.DB_NAME)
    if not isinstance(exc, OSError):
        return None
    known = db.home_error(exc, home)
    if known is not None:
        return known
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        where = exc.filename
        if where is None:
            return None
        target = named_target(Path(os.path.abspath(os.fsdecode(where))))
        return AppError(
            "permission_denied",
            f"This user may not use {target}: {exc.strerror or 'permission denied'}. "
            "Choose another file or folder, or give your user permission on it.",
            path=str(target),
        )
    return None


def _check_window() -> int:
    """``--check-window``: what the window's start would find (``gui/display.py``), without opening it: the
    contract's JSON on stdout (``window_unavailable`` with the reason, the missing libraries and the command that
    installs them), the user's own words on stderr. The Linux installer runs it, so a missing library is said in
    the terminal at install time rather than when the menu entry is clicked."""
    from desktop_app.gui.display import explain, prepare_window, saved_language

    check = prepare_window()
    facts: dict[str, Any] = {"platforms": list(check.platforms), "use_platform": check.use_platform}
    if check.ok:
        emit(success({"can_open": True, **facts}))
        return 0
    print(explain(check, saved_language()), file=sys.stderr, flush=True)
    emit(
        failure(
            AppError(
                "window_unavailable",
                explain(check, "en"),
                reason=check.reason,
                missing=list(check.missing),
                install_command=check.install_command,
                displays=list(check.displays),
                detail=check.detail or None,
                **facts,
            )
        )
    )
    return 1


def _self_test(args: argparse.Namespace) -> dict[str, Any]:
    from desktop_app.cli.common import log
    from desktop_app.selftest import run

    return run(log=log)


def _start_log(args: argparse.Namespace) -> str:
    """Log to the data home's log (``core.logs``) and say which command runs: its name only, never an argument's
    value (a path, an RFC's data, a password source). The sandbox and the demo keep their own output."""
    words = [args.command or "?"]
    sub = getattr(args, f"{args.command}_command", None) if args.command else None
    if sub:
        words.append(sub)
    command = " ".join(words)
    if args.command not in ("sandbox", "demo", None):
        from desktop_app.core.logs import echo_warnings_to_stderr, setup
        from desktop_app.core.paths import resolve_home

        echo_warnings_to_stderr()
        try:
            setup(resolve_home(args.home))
        except OSError:  # no usable home: the command itself will say so
            return command
        log.info("%s: started (descarga-masiva %s, pid %d)", command, __version__, os.getpid())
    return command


def main(argv: list[str] | None = None) -> int:
    """The command line: one JSON document on stdout, exit 0, 1 (handled error) or 2 (usage error)."""
    if sys.stderr is None:  # started with stderr closed (`2>&-`): print() would write progress to stdout
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the process's life
    code = _main(argv)
    if output_lost():  # the answer could not be written: whatever it said, the caller did not get it
        return code or 1
    return code


def _main(argv: list[str] | None = None) -> int:
    argv = hoist_global_options(sys.argv[1:] if argv is None else list(argv))
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        return _usage_error(str(exc), exc.code, **exc.details)
    handler = getattr(args, "handler", None)
    undecodable = _undecodable_argument(args)
    if undecodable is not None:
        return _usage_error(
            f"descarga-masiva: {undecodable}: the value has bytes that are not UTF-8 text",
            "invalid_argument",
            field=undecodable,
        )
    if args.self_test:
        if args.command is not None:
            return _usage_error("descarga-masiva: --self-test takes no command")
        handler = _self_test
    if args.check_window:
        if args.command is not None or args.self_test:
            return _usage_error("descarga-masiva: --check-window takes no command")
        return _check_window()
    if handler is None:
        if args.command is None:  # no command: open the window
            from desktop_app.app import main as open_window

            return open_window(args.home)
        parser.print_help(sys.stderr)
        return 2
    command = _start_log(args)
    started = time.monotonic()
    try:
        _refuse_outputs_in_home(args)
        data = handler(args)
    except AppError as exc:
        log.warning("%s: %s (%s) after %.1f s", command, exc.code, exc.message, time.monotonic() - started)
        emit(failure(exc))
        return 2 if exc.code == "usage_error" else 1  # a usage error found by a handler is one too (exit 2)
    except KeyboardInterrupt:
        log.warning("%s: interrupted after %.1f s", command, time.monotonic() - started)
        emit(failure(AppError("interrupted", "Interrupted by the user.")))
        return 130
    except Exception as exc:  # a bug: say so in the contract's shape, details on stderr
        known = _known_failure(exc, args.home)
        if known is not None:
            log.warning("%s: %s (%s: %s)", command, known.code, type(exc).__name__, exc)
            with contextlib.suppress(OSError, ValueError):  # (a stderr that is gone: the JSON still goes out)
                print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
            emit(failure(known))
            return 1
        log.exception("%s: unexpected error", command)
        with contextlib.suppress(OSError, ValueError):
            traceback.print_exc(file=sys.stderr)
        emit(failure(AppError("internal_error", "Unexpected error; details were printed on stderr.")))
        return 1
    log.info("%s: done in %.1f s", command, time.monotonic() - started)
    if isinstance(data, Reply):  # the seed's top-level message beside the data
        emit(success(data.data, data.message))
    elif data is not None:  # long-running commands (sandbox serve) emit their own document
        emit(success(data))
    return 0


def _refuse_outputs_in_home(args: argparse.Namespace) -> None:
    """A command's ``--output`` / ``--pdf`` never in the data home (``paths.refuse_inside_home``)."""
    targets = [getattr(args, name, None) for name in ("output", "pdf")]
    if not any(isinstance(t, str) and t for t in targets):
        return
    from desktop_app.core.paths import refuse_inside_home, resolve_home

    home = resolve_home(args.home)
    for target in targets:
        if isinstance(target, str) and target:
            refuse_inside_home(home, target)
