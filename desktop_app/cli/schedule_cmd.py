"""``schedule show|set``: the daily sync's settings (Mexico City time).

``schedule install|uninstall|status``: the OS task that runs ``sync --once --all`` daily at the schedule's
time plus hourly, without the app open (:mod:`desktop_app.core.ostask`).
"""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.cli.common import Reply, open_service
from desktop_app.core.errors import AppError

# Tests inject ``runner``/``platform``/``local_tz``/``now`` for the ostask calls here.
OSTASK_OVERRIDES: dict[str, Any] = {}


def _bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("true", "1", "yes", "si", "sí", "on"):
        return True
    if lowered in ("false", "0", "no", "off"):
        return False
    raise argparse.ArgumentTypeError("expected true or false")


KIND_CHOICES = ("systemd", "cron", "launchd", "schtasks")


def register(commands: Any) -> None:
    schedule = commands.add_parser("schedule", help="the daily sync schedule")
    sub = schedule.add_subparsers(dest="schedule_command", metavar="ACTION", required=True)
    sub.add_parser("show", help="the schedule, FIEL status and next run").set_defaults(handler=_show)
    set_ = sub.add_parser("set", help="change the schedule")
    set_.add_argument("--enabled", type=_bool, help="true or false")
    set_.add_argument("--time", help="HH:MM, Mexico City time")
    set_.add_argument("--types", help="issued, received or issued,received")
    set_.add_argument("--days-back", type=int, help="1 to 90")
    set_.add_argument(
        "--recheck-months",
        type=int,
        help="the daily run re-checks at SAT the received vigente invoices of the last N months, 0 to 24 (0: off)",
    )
    set_.set_defaults(handler=_set)

    install = sub.add_parser("install", help="register the OS task: daily sync at the schedule's time + hourly")
    install.add_argument("--kind", choices=KIND_CHOICES, help="the scheduler (default: this computer's)")
    install.add_argument("--dry-run", action="store_true", help="print the definitions, install nothing")
    install.set_defaults(handler=_install)
    uninstall = sub.add_parser("uninstall", help="remove the OS task")
    uninstall.add_argument("--kind", choices=KIND_CHOICES, help="the scheduler (default: this computer's)")
    uninstall.set_defaults(handler=_uninstall)
    status = sub.add_parser("status", help="is the OS task installed and up to date")
    status.add_argument("--kind", choices=KIND_CHOICES, help="the scheduler (default: this computer's)")
    status.set_defaults(handler=_status)


def _show(args: argparse.Namespace) -> dict[str, Any]:
    service = open_service(args)
    data = service.get_schedule(args.profile_rfc)
    try:  # informative only: `show` must work wherever it worked before
        data["os_task"] = _os_task_status(service, kind="auto")
    except (AppError, OSError) as exc:
        error = exc.to_json() if isinstance(exc, AppError) else {"code": "os_task_failed", "message": str(exc)}
        data["os_task"] = {"kind": None, "available": False, "installed": False, "error": error}
    return data


def _set(args: argparse.Namespace) -> Reply:
    types = args.types.split(",") if args.types is not None else None
    service = open_service(args)
    data = service.set_schedule(
        args.profile_rfc,
        enabled=args.enabled,
        time=args.time,
        download_types=types,
        days_back=args.days_back,
        recheck_months=args.recheck_months,
    )
    _apply_overrides(service)
    refreshed = service.refresh_os_task()  # an installed OS task follows the new time at once
    if refreshed is not None:
        data["os_task"] = refreshed
    return Reply(data, schedule_message(data["schedule"]))


def schedule_message(schedule: dict[str, Any]) -> str:
    """The seed's message after a schedule change (the CLI's and the office server's PUT /schedule)."""
    if schedule["enabled"]:
        return (
            f"Programación actualizada: la descarga diaria corre a las {schedule['time']} "
            "(hora de la Ciudad de México)."
        )
    return "Programación actualizada: la descarga diaria está desactivada."


# -- the OS task -----------------------------------------------------------------------------------------------


def _apply_overrides(service: Any) -> Any:
    service.ostask_overrides = dict(OSTASK_OVERRIDES)
    return service


def _kind(args: argparse.Namespace) -> str:
    return getattr(args, "kind", None) or "auto"


def _os_task_status(service: Any, *, kind: str) -> dict[str, Any]:
    return _apply_overrides(service).os_task_status(kind)


def _install(args: argparse.Namespace) -> dict[str, Any]:
    return _apply_overrides(open_service(args)).install_os_task(_kind(args), dry_run=args.dry_run)


def _uninstall(args: argparse.Namespace) -> dict[str, Any]:
    return _apply_overrides(open_service(args)).uninstall_os_task(_kind(args))


def _status(args: argparse.Namespace) -> dict[str, Any]:
    return _os_task_status(open_service(args), kind=_kind(args))
