"""``schedule show|set``: the daily sync's settings (Mexico City time)."""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.cli.common import open_service


def _bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("true", "1", "yes", "si", "sí", "on"):
        return True
    if lowered in ("false", "0", "no", "off"):
        return False
    raise argparse.ArgumentTypeError("expected true or false")


def register(commands: Any) -> None:
    schedule = commands.add_parser("schedule", help="the daily sync schedule")
    sub = schedule.add_subparsers(dest="schedule_command", metavar="ACTION", required=True)
    sub.add_parser("show", help="the schedule, FIEL status and next run").set_defaults(handler=_show)
    set_ = sub.add_parser("set", help="change the schedule")
    set_.add_argument("--enabled", type=_bool, help="true or false")
    set_.add_argument("--time", help="HH:MM, Mexico City time")
    set_.add_argument("--types", help="issued, received or issued,received")
    set_.add_argument("--days-back", type=int, help="1 to 90")
    set_.set_defaults(handler=_set)


def _show(args: argparse.Namespace) -> dict[str, Any]:
    return open_service(args).get_schedule(args.profile_rfc)


def _set(args: argparse.Namespace) -> dict[str, Any]:
    types = args.types.split(",") if args.types is not None else None
    return open_service(args).set_schedule(
        args.profile_rfc, enabled=args.enabled, time=args.time, download_types=types, days_back=args.days_back
    )
