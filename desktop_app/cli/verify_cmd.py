"""``invoices verify``: SAT's status of many invoices at once (ConsultaCFDIService, no FIEL), paced, resumable.

Prints ``data`` = the run (:meth:`desktop_app.core.verify_ops.VerificationOps.result`): ``checked``, ``changed``
[{uuid, previous_status, status, …}], ``failed`` [{uuid, code, message, attempts}], ``not_found``, ``pending``,
``cancelled``… Progress goes to stderr. Ctrl+C stops after the invoice being asked about (``cancelled: true``);
``--resume`` goes on where a stopped or killed run left off, never asking again what SAT answered.
"""

from __future__ import annotations

import argparse
import threading
import time
from typing import Any

from desktop_app.cli.common import InvalidArgument, log, open_service, stop_on_interrupt
from desktop_app.cli.invoices_cmd import add_filter_arguments, invoice_filter
from desktop_app.core.errors import AppError

# desktop_app.core.verify_ops' bounds (not imported here: `--version` must stay instant)
DEFAULT_RATE = 2.0
MIN_RATE, MAX_RATE = 0.05, 5.0
PROGRESS_EVERY = 2.0  # seconds between progress lines on stderr
_UNITS = {"s": 1.0, "sec": 1.0, "min": 60.0, "m": 60.0, "h": 3600.0}


def rate(value: str) -> float:
    """argparse type of ``--rate``: calls per second as ``N``, ``N/s``, ``N/min`` or ``N/h``."""
    number, _, unit = value.strip().lower().partition("/")
    try:
        per_second = float(number) / _UNITS[unit.strip() or "s"]
    except (ValueError, KeyError):
        raise InvalidArgument(f"{value!r} is not a rate: write it as 2, 2/s, 30/min or 600/h.") from None
    if not MIN_RATE <= per_second <= MAX_RATE:  # also refuses nan
        raise InvalidArgument(f"{value!r} must be from {MIN_RATE:g}/s to {MAX_RATE:g}/s.")
    return per_second


def register(sub: Any) -> None:
    verify = sub.add_parser(
        "verify",
        help="ask SAT for the status of many invoices (UUIDs, or the filters of `invoices list`) and keep it",
    )
    verify.add_argument("uuids", nargs="*", metavar="UUID", help="invoices to check (else the filters below)")
    add_filter_arguments(verify)
    verify.add_argument(
        "--rate",
        type=rate,
        metavar="N/s",
        help=f"calls to SAT per second, at most (default {DEFAULT_RATE:g}/s; {MIN_RATE:g}/s to {MAX_RATE:g}/s)",
    )
    verify.add_argument(
        "--resume",
        action="store_true",
        help="go on with the last check that did not finish (stopped, killed); asks only what SAT did not answer",
    )
    verify.set_defaults(handler=_verify)


def _verify(args: argparse.Namespace) -> dict[str, Any]:
    from desktop_app.core.index import InvoiceFilter

    flt = invoice_filter(args)
    filtered = flt != InvoiceFilter()
    if args.resume and (args.uuids or filtered):
        raise AppError("usage_error", "--resume goes on with the last check: it takes no UUIDs or filters.")
    if args.uuids and filtered:
        raise AppError("usage_error", "Give UUIDs or filters, not both.")
    service = open_service(args)
    cancel = threading.Event()
    progress = _Progress()
    with stop_on_interrupt(cancel):
        result: dict[str, Any] = service.verify_invoices(
            args.profile_rfc,
            uuids=list(args.uuids) if args.uuids else None,
            flt=None if args.uuids or args.resume else flt,
            rate=args.rate,
            resume=args.resume,
            cancel=cancel,
            on_progress=progress,
        )
    progress.final(result)
    return result


class _Progress:
    """A line on stderr every :data:`PROGRESS_EVERY` seconds, at the end, and for every status that changed."""

    def __init__(self) -> None:
        self._last = 0.0
        self._changed = 0

    def __call__(self, step: Any) -> None:
        if step.changed > self._changed:
            log(f"[verify] {step.uuid}: now {step.status}")
        self._changed = step.changed
        now = time.monotonic()
        if now - self._last >= PROGRESS_EVERY or step.done == step.total:
            self._last = now
            log(
                f"[verify] {step.done}/{step.total} asked: {step.changed} changed, {step.not_found} not found, "
                f"{step.failed} failed"
            )

    @staticmethod
    def final(result: dict[str, Any]) -> None:
        if result["cancelled"]:
            log(f"[verify] stopped with {result['pending']} left: `invoices verify --resume` goes on")
