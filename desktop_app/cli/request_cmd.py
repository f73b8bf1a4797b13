"""``request``, ``status``, ``history`` and ``sync``: the request ledger and the sync engine."""

from __future__ import annotations

import argparse
import threading
from typing import Any

from desktop_app.cli.common import (
    count,
    log,
    open_service,
    read_password,
    seconds,
    seconds_up_to,
    stop_on_interrupt,
)
from desktop_app.core.status import counted

REFRESH_TIMEOUT = 5.0  # desktop_app.core.service.REFRESH_TIMEOUT (not imported: `--version` stays instant)
MAX_REFRESH_TIMEOUT = 600.0


refresh_seconds = seconds_up_to(MAX_REFRESH_TIMEOUT, f"{MAX_REFRESH_TIMEOUT:g}")  # history's --refresh-timeout


def add_request_options(parser: argparse.ArgumentParser) -> None:
    """The seed's /request parameters: declared once, for `request` and `sat query`."""
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
    request.add_argument(
        "--service",
        choices=("cfdi", "retenciones"),
        default="cfdi",
        help="SAT's service: cfdi (default) or retenciones (Retenciones e información de pagos)",
    )
    request.add_argument(
        "--by-month",
        action="store_true",
        help="a period longer than a month becomes one request per calendar month (data.requests: [...])",
    )
    request.add_argument("--password-stdin", action="store_true", help="FIEL password (else the keyring's)")
    request.set_defaults(handler=_request)

    status = commands.add_parser("status", help="one request, refreshed from SAT when still open")
    status.add_argument("request_id")
    status.add_argument("--password-stdin", action="store_true", help="FIEL password (else the keyring's)")
    status.set_defaults(handler=_status)

    history = commands.add_parser(
        "history", help="every request, newest first; SAT is first asked about due pending requests"
    )
    history.add_argument("--limit", type=count)
    history.add_argument("--no-refresh", action="store_true", help="answer from the ledger without asking SAT")
    history.add_argument(
        "--refresh-timeout",
        type=refresh_seconds,
        default=REFRESH_TIMEOUT,
        help=f"ask SAT for at most S seconds before answering (default {REFRESH_TIMEOUT:g})",
    )
    history.add_argument("--password-stdin", action="store_true", help="FIEL password (else the keyring's)")
    history.set_defaults(handler=_history)

    sync = commands.add_parser("sync", help="run what is due now: scheduled requests, checks, downloads")
    sync.add_argument("action", nargs="?", choices=("enable",), help="enable: start the backfill + daily sync")
    sync.add_argument("--once", action="store_true", help="one pass (the default)")
    sync.add_argument("--wait", action="store_true", help="repeat until no request is pending")
    sync.add_argument(
        "--timeout", type=seconds, default=6 * 3600, help="with --wait: give up after S seconds (0 to 30 days)"
    )
    sync.add_argument("--password-stdin", action="store_true", help="FIEL password (else the keyring's)")
    sync.add_argument(
        "--all",
        dest="all_profiles",
        action="store_true",
        help="one pass for every activated profile with a FIEL, passwords from the keyring (the OS task's run)",
    )
    sync.set_defaults(handler=_sync)


def _password(args: argparse.Namespace) -> str | None:
    return read_password(args) if args.password_stdin else None


def _request(args: argparse.Namespace) -> dict[str, Any]:
    if args.by_month:  # any length: create_requests' answer, {requests: [...], count, created, duplicates}
        return open_service(args).create_requests(
            args.profile_rfc,
            start=args.start,
            end=args.end,
            rfc_types=(args.rfc_type,),
            request_type=args.request_type,
            invoice_type=args.invoice_type,
            invoice_status=args.invoice_status,
            third_party_rfc=args.third_party_rfc,
            service=args.service,
            password=_password(args),
        )
    return open_service(args).create_request(
        args.profile_rfc,
        start=args.start,
        end=args.end,
        rfc_type=args.rfc_type,
        request_type=args.request_type,
        invoice_type=args.invoice_type,
        invoice_status=args.invoice_status,
        third_party_rfc=args.third_party_rfc,
        service=args.service,
        password=_password(args),
    )


def _status(args: argparse.Namespace) -> dict[str, Any]:
    from desktop_app.core.errors import AppError

    service = open_service(args)
    try:
        return service.request_status(args.profile_rfc, args.request_id, password=_password(args))
    except AppError as exc:
        if exc.code in ("not_found", "profile_not_configured", "profile_required", "invalid_identifier"):
            raise
        # The refresh could not run (no password without a keyring, a sync running, SAT unreachable): the request
        # as the ledger has it, and why it is not fresher — as `history` answers (refreshed, refreshError).
        data = service.request_status(args.profile_rfc, args.request_id, refresh=False)
        return {**data, "refreshed": False, "refreshError": exc.to_json()}


def _history(args: argparse.Namespace) -> dict[str, Any]:
    service = open_service(args)
    data: dict[str, Any] = service.history(
        args.profile_rfc,
        args.limit,
        refresh=not args.no_refresh,
        refresh_timeout=args.refresh_timeout,
        password=_password(args),
    )
    # Status checks at SAT (`invoices verify`, the daily re-check) beside the requests, never among the seed's
    # items: they are not Descarga Masiva requests.
    data["verifications"] = service.verifications(args.profile_rfc, args.limit)
    return data


def _sync(args: argparse.Namespace) -> dict[str, Any]:
    service = open_service(args)
    if getattr(args, "all_profiles", False):
        return _sync_all(service, args)
    if args.action == "enable":
        return service.enable_sync(args.profile_rfc)
    password = _password(args)
    stop = threading.Event()  # Ctrl+C or SIGTERM: the pass stops between its steps and the answer is printed
    with stop_on_interrupt(stop):
        if not args.wait:
            return service.sync_once(
                args.profile_rfc, password=password, trigger="cli", on_event=_log_event, cancel=stop
            )
        return service.sync_until_done(
            args.profile_rfc,
            timeout=args.timeout,
            password=password,
            trigger="cli",
            lock_wait=args.timeout,
            on_event=_log_event,
            on_wait=lambda report, pause: log(
                f"{counted(report['open_requests'], 'request', 'requests')} pending; checking again in {pause:.0f} s"
            ),
            stop=stop,
        )


def _log_event(event: Any) -> None:
    log(f"[{event.kind}] {event.request_id or ''} {event.message}".strip())


# Profiles that are not failures of an unattended pass: nothing to unlock the FIEL with, or already syncing.
SKIPPED_CODES = ("password_required", "sync_busy")


def _sync_all(service: Any, args: argparse.Namespace) -> dict[str, Any]:
    """``sync --all``: what the OS task runs. One pass per activated profile with a FIEL; a profile whose
    password is not in the keyring (or that the window is syncing right now) is skipped, not failed.
    Exit 1 only when every profile that ran failed."""
    from desktop_app.core.errors import AppError

    if args.action or args.wait or args.password_stdin or args.profile_rfc:
        raise AppError(
            "usage_error",
            "sync --all runs one unattended pass per profile: it takes no action, --rfc, --wait or --password-stdin.",
        )
    from desktop_app.core.logs import rotate_task_log

    rotate_task_log(service.home)  # the cron task's output file (its own log is rotated as it is written)
    results: list[dict[str, Any]] = []
    stop = threading.Event()  # SIGTERM (the system shutting down) or Ctrl+C: the pass stops between its steps
    with stop_on_interrupt(stop):
        for profile in service.profiles.list():
            if profile.activated and profile.has_fiel:
                results.append(_sync_unattended(service, profile, stop))
    ran = [r for r in results if "skipped" not in r]
    failed = [r for r in ran if "error" in r]
    data = {
        "profiles": results,
        "ran": len(ran),
        "failed": len(failed),
        "skipped": len(results) - len(ran),
    }
    if stop.is_set():
        data["stopped"] = True
    if ran and len(failed) == len(ran):
        raise AppError("sync_failed", "The sync failed for every profile.", **data)
    return data


def _sync_unattended(service: Any, profile: Any, stop: threading.Event) -> dict[str, Any]:
    """One profile's pass of ``sync --all``: its report, its error, or why it was skipped."""
    from desktop_app.core.errors import AppError

    if stop.is_set():
        return {"rfc": profile.rfc, "skipped": "stopped", "message": "The sync was stopped before this profile."}
    try:
        if not service.get_schedule(profile.rfc)["schedule"]["enabled"]:
            # Turned off: nothing more is sent for it unattended, its queued backfill included (the window and
            # `sync` still run it when asked); before, the OS task went on sending until activation was turned off.
            return {
                "rfc": profile.rfc,
                "skipped": "schedule_disabled",
                "message": "The daily sync of this RFC is off (schedule set --enabled true turns it on).",
            }
        if service.secrets.get_password(profile.rfc) is None:
            message = (
                "The FIEL password is not in the system keyring; unattended sync needs it there."
                if service.secrets.keyring_available()
                else "No system keyring can be reached from this unattended run (a task started by cron has no "
                "desktop session, where the keyring lives), so the FIEL password cannot be read: use the systemd "
                "timer (schedule install --kind systemd) or keep the app open in the tray."
            )
            service.note_unattended_skip(profile.rfc, "password_required", message)
            return {"rfc": profile.rfc, "skipped": "password_required", "message": message}
        report = service.sync_once(profile.rfc, trigger="os_task", on_event=_log_event, cancel=stop)
    except AppError as exc:
        if exc.code == "profile_not_configured":
            # Removed («Quitar RFC», `profile remove`) after the run listed it: the profiles after it still run.
            return {"rfc": profile.rfc, "skipped": "profile_removed", "message": "This RFC was removed meanwhile."}
        if exc.code in SKIPPED_CODES:
            return {"rfc": profile.rfc, "skipped": exc.code, "message": exc.message}
        log(f"{profile.rfc}: {exc.code}: {exc.message}")
        return {"rfc": profile.rfc, "error": exc.to_json()}
    return {"rfc": profile.rfc, "report": report}
