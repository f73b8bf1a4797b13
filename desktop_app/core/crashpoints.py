"""Named crash points: an opt-in, test-only way to SIGKILL the app at an exact step (docs/reliability.md).

The reliability harness (``tests/reliability/``) proves that a sync killed at any step and restarted ends
with the same vault and index as an uninterrupted one. To kill at *named* places rather than at random
moments, the code calls :func:`crashpoint` at the interesting steps (a request marked ``sending`` but not
yet sent, an answer received but not recorded, a package half written, XML written but not committed…).

Off unless the environment says otherwise, read once at import:

``DESCARGA_MASIVA_CRASH_AT="<name>:<n>"``
    kill this process with SIGKILL (no cleanup, no ``finally``, exactly like a power cut for the process)
    on the ``n``-th time point ``<name>`` is reached (``n`` defaults to 1).
``DESCARGA_MASIVA_CRASH_LOG=FILE``
    append one line ``<name> <n>`` per hit, so a harness can learn which points an uninterrupted run
    reaches and how often, and then pick where to kill.

When neither variable is set, :func:`crashpoint` is a function call that returns at once. Never set them
outside tests.
"""

from __future__ import annotations

import os
import signal

ENV_CRASH_AT = "DESCARGA_MASIVA_CRASH_AT"
ENV_CRASH_LOG = "DESCARGA_MASIVA_CRASH_LOG"

# Every point the code calls, by phase (the harness spreads its kills over these).
POINTS = {
    "authentication": ("sat.auth.before_send", "sat.auth.answered"),
    "submission": ("sync.submit.sending", "sync.submit.answered", "sync.submit.recorded"),
    "verification": ("sync.verify.answered", "sync.verify.recorded", "sync.verify.packages_registered"),
    "download": (
        "sync.download.counted",
        "sat.download.partial",
        "sat.download.saved",
        "sync.download.recorded",
    ),
    "ingestion": ("vault.tmp_written", "sync.ingest.item", "sync.ingest.batch_committed"),
    "commit": ("sync.ingest.before_commit", "sync.ingest.package_committed", "sync.request.completed"),
}


def _parse(value: str | None) -> tuple[str, int] | None:
    if not value:
        return None
    name, _, count = value.strip().partition(":")
    return name, int(count) if count else 1


_TARGET = _parse(os.environ.get(ENV_CRASH_AT))
_LOG = os.environ.get(ENV_CRASH_LOG) or None
_ACTIVE = _TARGET is not None or _LOG is not None
_hits: dict[str, int] = {}


def crashpoint(name: str) -> None:
    """Mark a step; SIGKILL this process here if the environment asked for it (see the module doc)."""
    if not _ACTIVE:
        return
    hits = _hits[name] = _hits.get(name, 0) + 1
    if _LOG is not None:
        with open(_LOG, "a", encoding="utf-8") as fh:
            fh.write(f"{name} {hits}\n")
    if _TARGET is not None and (name, hits) == _TARGET:
        kill = getattr(signal, "SIGKILL", None)
        if kill is None:  # pragma: no cover - Windows: no SIGKILL, but _exit skips every cleanup too
            os._exit(137)
        os.kill(os.getpid(), kill)
