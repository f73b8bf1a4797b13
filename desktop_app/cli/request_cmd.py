"""``request``, ``status``, ``history`` and ``sync``: the request ledger and the sync engine."""

from __future__ import annotations

import argparse
import time
from typing import Any

from desktop_app.cli.common import log, open_service, read_password


def add_request_options(parser: argparse.ArgumentParser) -> None:
    """The seed's /request parameters (shared with `sat query`)."""
    parser.add_argument("--start", required=True, help="YYYY-MM-DD (from 00:00:00) or YYYY-MM-DDTHH:MM:SS")
    parser.add_argument("--end", required=True, help="YYYY-MM-DD (through 23:59:59) or YYYY-MM-DDTHH:MM:SS")
    parser.add_argument("--rfc-type", choices=("issued", "received"), default="received")
    parser.add_argument("--request-type", choices=("cfdi", "metadata"), default="cfdi")
    parser.add_argument("--invoice-type", choices=("I", "E", "P", "N", "T"))
    parser.add_argument("--invoice-status", choices=("active", "cancelled", "all"))
    parser.add_argument("--third-party-rfc")


def register(commands: Any) -> None:
    request = commands.add_parser("request", help="ask SAT for a period's CFDI or metadata (at most one month)")
    add_request_options(request)
    request.add_argument("--password-stdin", action="store_true", help="FIEL password (else the keyring's)")
    request.set_defaults(handler=_request)

    status = commands.add_parser("status", help="one request, refreshed from SAT when still open")
    status.add_argument("request_id")
    status.add_argument("--password-stdin", action="store_true", help="FIEL password (else the keyring's)")
    status.set_defaults(handler=_status)

    history = commands.add_parser("history", help="every request, newest first")
    history.add_argument("--limit", type=int)
    history.set_defaults(handler=_history)

    sync = commands.add_parser("sync", help="run what is due now: scheduled requests, checks, downloads")
    sync.add_argument("action", nargs="?", choices=("enable",), help="enable: start the backfill + daily sync")
    sync.add_argument("--once", action="store_true", help="one pass (the default)")
    sync.add_argument("--wait", action="store_true", help="repeat until no request is pending")
    sync.add_argument("--timeout", type=float, default=6 * 3600, help="with --wait: give up after S seconds")
    sync.add_argument("--password-stdin", action="store_true", help="FIEL password (else the keyring's)")
    sync.set_defaults(handler=_sync)


def _password(args: argparse.Namespace) -> str | None:
    return read_password(args) if args.password_stdin else None


def _request(args: argparse.Namespace) -> dict[str, Any]:
    return open_service(args).create_request(
        args.profile_rfc,
        start=args.start,
        end=args.end,
        rfc_type=args.rfc_type,
        request_type=args.request_type,
        invoice_type=args.invoice_type,
        invoice_status=args.invoice_status,
        third_party_rfc=args.third_party_rfc,
        password=_password(args),
    )


def _status(args: argparse.Namespace) -> dict[str, Any]:
    return open_service(args).request_status(args.profile_rfc, args.request_id, password=_password(args))


def _history(args: argparse.Namespace) -> dict[str, Any]:
    return open_service(args).history(args.profile_rfc, args.limit)


def _sync(args: argparse.Namespace) -> dict[str, Any]:
    service = open_service(args)
    if args.action == "enable":
        return service.enable_sync(args.profile_rfc)
    password = _password(args)
    if not args.wait:
        return service.sync_once(args.profile_rfc, password=password, trigger="cli", on_event=_log_event)
    deadline = time.monotonic() + args.timeout
    passes = 0
    while True:
        report = service.sync_once(
            args.profile_rfc, password=password, trigger="cli", lock_wait=args.timeout, on_event=_log_event
        )
        passes += 1
        if not report["open_requests"] or time.monotonic() >= deadline:
            report["passes"] = passes
            return report
        now_ms = int(service.clock.now().timestamp() * 1000)
        pause = max(0.2, min(60.0, ((report["next_check_at"] or now_ms) - now_ms) / 1000))
        log(f"{report['open_requests']} request(s) pending; checking again in {pause:.0f} s")
        time.sleep(pause)


def _log_event(event: Any) -> None:
    log(f"[{event.kind}] {event.request_id or ''} {event.message}".strip())
