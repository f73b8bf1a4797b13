"""Shared plumbing for CLI commands: the JSON envelope, password input, global options."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import math
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from desktop_app.core.errors import AppError

if TYPE_CHECKING:
    from desktop_app.core.sat.protocol import SatClientFactory

Handler = Callable[[Any], Any]


def dumps(document: Any, indent: int | None = None) -> bytes:
    """``document`` as JSON in UTF-8 that always decodes. File names the OS gives as undecodable bytes reach
    Python as lone surrogates (``b"\\xff"`` → ``"\\udcff"``), which UTF-8 cannot carry: they are written as the
    JSON escape ``\\udcff`` (a reader that decodes it gets the same ``str`` Python had, ``os.fsencode`` gives
    the original bytes back)."""
    text = json.dumps(document, ensure_ascii=False, default=str, indent=indent)
    # Outside strings JSON has no non-ASCII characters, so every surrogate left is inside a string, where
    # backslashreplace writes exactly its JSON escape.
    return text.encode("utf-8", "backslashreplace")


_OUTPUT = {"lost": False}  # stdout could not take the document (``emit``): the command then exits 1


def emit(document: dict[str, Any]) -> None:
    """Print the command's one JSON document on stdout, as UTF-8 whatever the console's encoding is. A stdout that
    is gone (its reader closed the pipe: ``| true``) or full (``> /dev/full``) ends the command with exit 1 and no
    traceback (an outside audit): what it did is done, only its answer is lost (:func:`output_lost`)."""
    data = dumps(document) + b"\n"
    stream = sys.stdout
    if stream is None:  # a windowed build started without a console
        return
    try:
        binary = getattr(stream, "buffer", None)
        if binary is None:  # a text-only stream (tests capture stdout in a StringIO)
            stream.write(data.decode("utf-8"))
            stream.flush()
            return
        stream.flush()
        binary.write(data)
        binary.flush()
    except (OSError, ValueError):
        _OUTPUT["lost"] = True
        _silence(stream)


def output_lost() -> bool:
    return _OUTPUT["lost"]


def _silence(stream: Any) -> None:
    """Point the broken stream's descriptor at the null device, so that Python's own flush at exit does not fail
    again with a traceback of its own."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, stream.fileno())
        finally:
            os.close(devnull)


def seconds_up_to(most: float, shown: str) -> Callable[[str], float]:
    """An argparse type of a duration in seconds: a finite number from 0 to ``most`` (said as ``shown``); ``nan``
    made ``sync --wait`` loop for good, ``inf`` raised in a thread, a negative one was taken (an outside audit)."""

    def seconds(value: str) -> float:
        try:
            number = float(value.strip())
        except ValueError:
            raise InvalidArgument(f"{value!r} is not a number of seconds.") from None
        if not math.isfinite(number) or not 0 <= number <= most:
            raise InvalidArgument(f"{value!r} must be a number of seconds from 0 to {shown}.")
        return number

    return seconds


MAX_SECONDS = 30 * 24 * 3600.0
seconds = seconds_up_to(MAX_SECONDS, f"{MAX_SECONDS:,.0f} (30 days)")  # --timeout and the server's durations


@dataclass(frozen=True)
class Reply:
    """What a handler returns when the seed's answer has a top-level ``message`` beside ``data`` (activate,
    deactivate, fiel upload, schedule PUT): printed as ``{"success": true, "data": …, "message": …}``."""

    data: Any
    message: str


def success(data: Any, message: str | None = None) -> dict[str, Any]:
    document: dict[str, Any] = {"success": True, "data": data}
    if message is not None:
        document["message"] = message
    return document


def failure(error: AppError) -> dict[str, Any]:
    return {"success": False, "error": error.to_json()}


def log(message: str) -> None:
    """Progress for humans: stderr, never stdout. A stderr whose reader is gone (``2> >(true)``, a dead log pipe)
    silences the progress instead of stopping the sync or the import half-way with no JSON on stdout (an outside
    audit)."""
    stream = sys.stderr
    if stream is None:
        return
    try:
        print(message, file=stream, flush=True)
    except (OSError, ValueError):
        _silence(stream)


def read_password(args: Any) -> str:
    """The FIEL password from stdin (``--password-stdin``) or an interactive prompt; never from argv."""
    if getattr(args, "password_stdin", False):
        try:
            line = sys.stdin.readline()
            line.encode("utf-8")  # stdin may hand undecodable bytes over as surrogates
        except UnicodeError:  # bytes that are no text: said, never a traceback
            raise AppError(
                "wrong_password",
                "The password read from stdin is not valid text (UTF-8): no e.firma password is written so.",
                field="password",
            ) from None
        return line.rstrip("\r\n")
    if sys.stdin.isatty():
        return getpass.getpass("Contraseña de la FIEL: ")
    raise AppError("password_required", "Pass the FIEL password on stdin with --password-stdin.")


class InvalidArgument(argparse.ArgumentTypeError):
    """A value argparse must refuse with its own error code (``invalid_argument``, ``invalid_amount`` …),
    exit 2 like any usage error (see ``desktop_app.cli._Parser.error``)."""

    def __init__(self, message: str, code: str = "invalid_argument") -> None:
        super().__init__(message)
        self.code = code


def output_file(value: str) -> str:
    """argparse type of ``--output`` (and ``--pdf``): a file to write, not an existing folder, in a folder that
    exists — checked before anything is done (a PDF laid out, a package copied) and said so, never a success with
    no file or a traceback."""
    if os.path.isdir(value):
        raise InvalidArgument(f"{value!r} is a folder: give the name of the file to write.")
    folder = os.path.dirname(os.path.abspath(value))
    if not os.path.isdir(folder):
        raise InvalidArgument(f"The folder {folder!r} does not exist: create it first, or write the file elsewhere.")
    return value


MAX_COUNT = 1_000_000_000  # --limit / --offset: SQLite takes up to 2**63-1; nobody lists a billion rows


def count(value: str) -> int:
    """argparse type of ``--limit``/``--offset``: a whole number from 0 to :data:`MAX_COUNT`."""
    try:
        number = int(value.strip(), 10)
    except ValueError:
        raise InvalidArgument(f"{value!r} is not a whole number.") from None
    if not 0 <= number <= MAX_COUNT:
        raise InvalidArgument(f"{value!r} must be a whole number from 0 to {MAX_COUNT}.")
    return number


MAX_AMOUNT = Decimal("999999999999999.99")  # amounts are kept as integer cents (SQLite INTEGER)


def amount(value: str) -> Decimal:
    """argparse type of ``--min-total``/``--max-total``: a finite number within ±:data:`MAX_AMOUNT`."""
    try:
        number = Decimal(value.strip())
    except (InvalidOperation, ValueError):
        raise InvalidArgument(f"{value!r} is not an amount (digits and a decimal point).", "invalid_amount") from None
    if not number.is_finite() or abs(number) > MAX_AMOUNT:
        raise InvalidArgument(f"{value!r} must be an amount from -{MAX_AMOUNT} to {MAX_AMOUNT}.", "invalid_amount")
    return number


def add_fiel_source_options(parser: Any, *, required: bool) -> None:
    parser.add_argument("--cer", required=required, help="FIEL certificate (.cer)")
    parser.add_argument("--key", required=required, help="FIEL private key (.key)")
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the key's password from the first line of stdin"
    )


# Tests (and the demo) may build the service themselves: a callable ``(home) -> DescargaService``.
SERVICE_FACTORY: Callable[..., Any] | None = None  # (home) or, on PostgreSQL, (home, database=URL)
# …and the SAT client of the raw `sat` commands: a callable ``(fiel) -> SatClientProtocol``.
SAT_CLIENT_FACTORY: SatClientFactory | None = None


# An office server on PostgreSQL (docs/server.md): every command on its database, not <home>/descarga.sqlite3.
DATABASE_ENV = "DESCARGA_MASIVA_DATABASE"


def database_url(value: str | None = None) -> str | None:
    """The PostgreSQL URL of ``value`` or ``$DESCARGA_MASIVA_DATABASE``; None (or ``sqlite``): the home's SQLite
    file. Anything else is ``unsupported_database``."""
    from desktop_app.core.errors import AppError

    text = (value or os.environ.get(DATABASE_ENV, "")).strip()
    if not text or text.lower() == "sqlite":
        return None
    if not text.startswith(("postgresql://", "postgres://")):
        shown = text.split("@")[-1] if "@" in text else text  # never a password
        raise AppError(
            "unsupported_database",
            "The database must be a PostgreSQL URL (postgresql://user@host:5432/database) or 'sqlite' (the "
            f"default: <home>/descarga.sqlite3), not {shown!r}.",
        )
    return text


def open_service(args: Any) -> Any:
    """The core service for ``--home`` (imported lazily: ``--version`` must not pay for it), on the PostgreSQL
    database of ``$DESCARGA_MASIVA_DATABASE`` when it names one."""
    database = database_url()
    if SERVICE_FACTORY is not None:
        return SERVICE_FACTORY(args.home, database=database) if database else SERVICE_FACTORY(args.home)
    from desktop_app.core.paths import resolve_home
    from desktop_app.core.service import DescargaService

    return DescargaService(resolve_home(args.home), database=database)


@contextlib.contextmanager
def stop_on_interrupt(cancel: threading.Event) -> Iterator[None]:
    """Ctrl+C (and SIGTERM) set ``cancel`` meanwhile: a long command (``invoices verify``, ``invoices import``) stops
    at its next safe point and its answer is printed. A second one is not waited on: the usual interruption
    (``interrupted``, exit 130; what was committed stays)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    handled = [signal.SIGINT] + ([signal.SIGTERM] if hasattr(signal, "SIGTERM") else [])
    previous = {sig: signal.getsignal(sig) for sig in handled}

    def stop(_signum: int, _frame: Any) -> None:
        if cancel.is_set():
            raise KeyboardInterrupt
        cancel.set()
        log("Deteniendo… (Ctrl+C otra vez para salir ya)")

    for sig in handled:
        signal.signal(sig, stop)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
