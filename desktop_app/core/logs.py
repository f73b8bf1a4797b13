"""The data home's log (DESIGN.md §4): what a support person needs, never a secret.

``<home>/logs/descarga-masiva.log``, rotated at 2 MB with 5 older files kept, 0600 like every file of the home.
It records sync passes (trigger, counts, seconds), every SAT call (operation, answer or failure, seconds), the
CLI's commands (name, exit code, seconds) and errors with their tracebacks. It never records a password, a token,
a private key or an argument's value: the FIEL password never reaches a message in the first place (core keeps it
out of reprs and exceptions), SAT tokens travel only in headers, and as a last guard every line is scrubbed of
anything shaped like a token or a ``password=…``. The secrets test greps the whole data home, this file included.

Set up once per process by the entry points (the CLI, the window, the demo) with :func:`setup`; opening is lazy
(a command that logs nothing leaves no file) and a home that cannot be written simply gets no log.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import threading
from collections import deque
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FOLDER = "logs"
LOG_NAME = "descarga-masiva.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 5
_FORMAT = "%(asctime)s %(levelname)s [%(process)d %(threadName)s] %(name)s: %(message)s"
_ROOT = "desktop_app"  # every module's logger is a child of this one

# A JWT-like or long base64 run (SAT's tokens, signatures, certificates) and "password=…"/"token: …" pairs.
_SCRUB = (
    (re.compile(r"eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*"), "[token]"),
    (
        re.compile(r"(?i)\b(password|contrase(?:ñ|n)a|token|authorization|wrap_access_token)\b(\s*[=:]\s*)\S+"),
        r"\1\2[…]",
    ),
    (re.compile(r"[A-Za-z0-9+/]{120,}={0,2}"), "[base64]"),
    # a URL's password (a PostgreSQL URL libpq quoted in its error): scheme://user:PASSWORD@host
    (re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/@\s]+):[^@/\s]*@"), r"\1:***@"),
)

_lock = threading.Lock()
_handler: _HomeLog | None = None


def log_path(home: Path) -> Path:
    return Path(home) / LOG_FOLDER / LOG_NAME


TASK_LOG_NAME = "sync.log"  # what the cron task appends the output of `sync --all` to (``ostask.linux``)


def rotate_task_log(home: Path) -> bool:
    """Keep the cron task's output file bounded as the app's own log is: past :data:`MAX_BYTES` it becomes
    ``sync.log.1`` (replacing the older one) and the next run starts a new one — it grew forever, a JSON answer an
    hour (an outside audit: ~60 MB a year at 30 RFCs). The run that rotates it goes on writing into the renamed file
    (its shell holds it open). True when rotated."""
    path = Path(home) / LOG_FOLDER / TASK_LOG_NAME
    try:
        if path.stat().st_size <= MAX_BYTES:
            return False
        os.replace(path, path.with_name(TASK_LOG_NAME + ".1"))
    except OSError:
        return False
    return True


def scrub(text: str) -> str:
    for pattern, replacement in _SCRUB:
        text = pattern.sub(replacement, text)
    return text


class _Scrubbing(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


class _HomeLog(RotatingFileHandler):
    """A rotating file in the home, created 0600 (folder 0700) on the first record; a failure to write turns
    the log off for this process instead of printing "--- Logging error ---" into the CLI's stderr."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
        self.path = path
        self.setFormatter(_Scrubbing(_FORMAT))

    def _open(self):  # type: ignore[no-untyped-def]
        from desktop_app.core.store.vault import private_dirs

        private_dirs(self.path.parent)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0), 0o600)
        return os.fdopen(fd, "a", encoding="utf-8")

    def doRollover(self) -> None:
        super().doRollover()
        for number in range(1, BACKUPS + 1):
            with contextlib.suppress(OSError):
                os.chmod(f"{self.baseFilename}.{number}", 0o600)

    def handleError(self, record: logging.LogRecord) -> None:
        self.setLevel(logging.CRITICAL + 1)  # read-only home, full disk: no log rather than noise


def setup(home: Path, *, level: int = logging.INFO) -> Path:
    """Send the app's log records to ``home``'s log (replacing another home's, if a process switches)."""
    global _handler
    path = log_path(Path(home).absolute())
    with _lock:
        logger = logging.getLogger(_ROOT)
        if _handler is not None:
            if _handler.path == path:
                return path
            logger.removeHandler(_handler)
            _handler.close()
        _handler = _HomeLog(path)
        _handler.setLevel(level)
        logger.addHandler(_handler)
        if logger.level == logging.NOTSET or logger.level > level:
            logger.setLevel(level)
    return path


_echo: logging.Handler | None = None


def echo_warnings_to_stderr() -> None:
    """The CLI's stderr keeps showing warnings as it did before there was a log (Python's last-resort handler
    stops once a handler exists): the message alone, never the command summaries the CLI logs for itself."""
    global _echo
    with _lock:
        if _echo is not None:
            return
        import sys

        _echo = logging.StreamHandler(sys.stderr)
        _echo.setLevel(logging.WARNING)
        _echo.setFormatter(_Scrubbing("%(message)s"))
        _echo.addFilter(lambda record: record.name != f"{_ROOT}.cli")
        logging.getLogger(_ROOT).addHandler(_echo)


def shutdown() -> None:
    """Detach and close the log (tests; a process that changes homes does it through :func:`setup`)."""
    global _handler, _echo
    with _lock:
        if _handler is not None:
            logging.getLogger(_ROOT).removeHandler(_handler)
            _handler.close()
            _handler = None
        if _echo is not None:
            logging.getLogger(_ROOT).removeHandler(_echo)
            _echo = None


def current_path() -> Path | None:
    """The log this process writes to (set by :func:`setup`), if any."""
    with _lock:
        return _handler.path if _handler is not None else None


def tail(home: Path, lines: int = 40) -> list[str]:
    """The last ``lines`` lines of the home's log (what ``debug`` shows); [] when none."""
    return tail_file(log_path(home), lines)


def tail_file(path: Path, lines: int = 40) -> list[str]:
    """The last ``lines`` lines of a log file (the crash dialog reads the one this process writes); [] when none."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return [line.rstrip("\n") for line in deque(fh, maxlen=lines)]
    except OSError:
        return []
