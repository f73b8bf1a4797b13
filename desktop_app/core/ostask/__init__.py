"""The unattended daily sync as an OS task: systemd user timer or cron (Linux), launchd (macOS), Task Scheduler.

The task is a **heartbeat**: it runs ``<launcher> --home <HOME> sync --once --all`` once a day at the
schedule's time and then every hour. The engine decides on every run, with :meth:`Schedule.due_slot`,
whether the daily requests are due, so the app's own rules stay the single source of truth (including
"a run missed while the computer was off happens once at the next start, not once per missed day"); an idle
pass costs nothing because the engine skips SAT when nothing is due, and the hourly runs pick up the packages
SAT takes hours to prepare. Catch-up after the machine was off: systemd ``Persistent=true``, launchd runs
missed calendar jobs on wake (and ``RunAtLoad`` at login), Task Scheduler ``StartWhenAvailable``.

Times. The schedule's time is Mexico City wall clock (America/Mexico_City, no DST since 2022).
- systemd carries the zone itself: ``OnCalendar=*-*-* 06:00:00 America/Mexico_City``.
- Task Scheduler carries a UTC offset: ``StartBoundary`` is today's slot with Mexico City's offset (computed
  with zoneinfo), i.e. "synchronize across time zones", so the daily run stays at the Mexico City time even
  where the machine's own zone observes DST (Tijuana, Ciudad Juárez…).
- cron and launchd cannot carry a zone: the time is converted to the machine's local time **for today**. If
  the machine's zone later changes its UTC offset (DST), the daily trigger is off by an hour until the task
  is installed again (``status()`` then reports ``up_to_date: false``); the hourly runs make the engine's
  own schedule run anyway, at most an hour late.

Layout: ``base`` holds what every scheduler shares (:class:`TaskSpec`, the times, the one ``runner`` door to
the OS, the :class:`~desktop_app.core.ostask.base.Scheduler` interface); ``linux`` (systemd, cron), ``macos``
(launchd) and ``windows`` (Task Scheduler) each generate their definition text and install, remove and inspect
their task; this package picks the scheduler and exposes every name (``from desktop_app.core import ostask``).
Every OS command goes through one injectable ``runner`` so tests can assert the exact commands; files are
written atomically; failures are :class:`AppError` (``os_task_unavailable`` when no scheduler can be reached,
``os_task_failed`` with the command's output).
"""

from __future__ import annotations

import hashlib
import os
import sys
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from desktop_app.core.errors import AppError
from desktop_app.core.ostask.base import (
    DEFAULT_TIME,
    DESCRIPTION,
    HOURLY_SECONDS,
    KINDS,
    NOT_FOUND,
    TIME_ZONE,
    Definition,
    Probe,
    Runner,
    RunResult,
    Scheduler,
    TaskContext,
    TaskSpec,
    launcher,
    local_time,
    local_times,
    mx_slot,
    normalize_times,
    run_command,
    task_spec,
)
from desktop_app.core.ostask.linux import (
    CRON,
    CRON_TAG,
    SYSTEMD,
    SYSTEMD_UNIT,
    cron_block_in,
    cron_command,
    cron_lines,
    cron_reachable,
    merge_crontab,
    systemd_reachable,
    systemd_unit_dir,
    systemd_units,
)
from desktop_app.core.ostask.macos import LAUNCHD, LAUNCHD_LABEL, launch_agents_dir, launchd_plist
from desktop_app.core.ostask.macos import _uid as _uid
from desktop_app.core.ostask.windows import (
    SCHTASKS,
    SCHTASKS_NAME,
    TASK_NS,
    schtasks_xml,
    schtasks_xml_bytes,
    start_boundary,
)
from desktop_app.core.store.vault import private_dirs

__all__ = [
    "CRON_TAG",
    "DEFAULT_NAMES",
    "DEFAULT_TIME",
    "DESCRIPTION",
    "HOURLY_SECONDS",
    "KINDS",
    "LAUNCHD_LABEL",
    "NOT_FOUND",
    "SCHEDULERS",
    "SCHTASKS_NAME",
    "SYSTEMD_UNIT",
    "TASK_NS",
    "TIME_ZONE",
    "Definition",
    "Probe",
    "RunResult",
    "Runner",
    "Scheduler",
    "TaskContext",
    "TaskSpec",
    "cron_block_in",
    "cron_command",
    "cron_lines",
    "definitions",
    "detect_kind",
    "home_suffix",
    "install",
    "launch_agents_dir",
    "launchd_plist",
    "launcher",
    "local_time",
    "local_times",
    "merge_crontab",
    "mx_slot",
    "normalize_times",
    "run_command",
    "schtasks_xml",
    "schtasks_xml_bytes",
    "start_boundary",
    "status",
    "systemd_unit_dir",
    "systemd_units",
    "task_spec",
    "uninstall",
]

DEFAULT_NAMES = {"systemd": SYSTEMD_UNIT, "cron": CRON_TAG, "launchd": LAUNCHD_LABEL, "schtasks": SCHTASKS_NAME}
SCHEDULERS: dict[str, Scheduler] = {"systemd": SYSTEMD, "cron": CRON, "launchd": LAUNCHD, "schtasks": SCHTASKS}


def home_suffix(home: str | os.PathLike[str], default: str | os.PathLike[str]) -> str:
    """The part of the OS task's name that tells one data home's task from another's: none for the user's default
    data home (the name every install before this had), else ``-`` and 8 hex digits of the home's path. One task
    for every home: installing for a second home replaced the first one's task, and uninstalling from the first
    removed the second's (an outside audit)."""
    mine = os.path.normcase(os.path.realpath(os.path.expanduser(home)))
    if mine == os.path.normcase(os.path.realpath(os.path.expanduser(default))):
        return ""
    return "-" + hashlib.sha256(mine.encode("utf-8", "surrogateescape")).hexdigest()[:8]


def _named(kind: str, suffix: str) -> str:
    return DEFAULT_NAMES[kind] + suffix


def _installed_kind(resolved: str, kind: str, runner: Runner, suffix: str, home: str | None) -> str:
    """``resolved``, unless ``kind`` was ``auto`` and the task this home has is cron's where systemd works: one
    installed with ``--kind cron`` (the app's own advice for a path systemd cannot hold) was invisible to status,
    uninstall and the refresh after a schedule change — its old time kept, a second task added by the next install
    (an outside audit)."""
    if kind != "auto" or resolved != "systemd":
        return resolved
    systemd = TaskContext("systemd", _named("systemd", suffix), None, runner, None, None)
    if SYSTEMD.status(systemd, _paths("systemd", systemd.name, home), None).installed:
        return resolved
    cron = TaskContext("cron", _named("cron", suffix), None, runner, None, None)
    if CRON.status(cron, [], None).installed:  # (no crontab at all: not installed)
        return "cron"
    return resolved


def detect_kind(*, runner: Runner = run_command, platform: str | None = None) -> str | None:
    """The scheduler of this computer: schtasks, launchd, systemd (a reachable user manager), cron, or None."""
    platform = platform or sys.platform
    if platform.startswith("win"):
        return "schtasks"
    if platform == "darwin":
        return "launchd"
    ctx = TaskContext("auto", "", None, runner, None, None)
    if systemd_reachable(ctx):
        return "systemd"
    if cron_reachable(ctx):
        return "cron"
    return None


def _resolve_kind(kind: str, runner: Runner, platform: str | None) -> str:
    if kind in KINDS:
        return kind
    if kind != "auto":
        raise AppError("invalid_argument", f"kind must be auto or one of {', '.join(KINDS)}.", field="kind")
    found = detect_kind(runner=runner, platform=platform)
    if found is None:
        raise AppError(
            "os_task_unavailable",
            "No task scheduler can be reached on this computer: no systemd user manager "
            "(`systemctl --user`) and no `crontab`.",
        )
    return found


def _paths(kind: str, name: str, home: str | None) -> list[Path]:
    return SCHEDULERS[kind].paths(name, home)


def definitions(
    spec: TaskSpec,
    kind: str,
    *,
    name: str | None = None,
    local_tz: tzinfo | None = None,
    now: datetime | None = None,
) -> list[Definition]:
    """``[(where it goes, text)]`` for one kind; the cron block has no file (it lives in the crontab)."""
    name = name or DEFAULT_NAMES[kind]
    paths = _paths(kind, name, spec.home)
    return SCHEDULERS[kind].definitions(spec, name, paths, local_tz=local_tz, now=now)


def _describe(ctx: TaskContext, *, installed: bool | None) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": ctx.kind, "name": ctx.name}
    if installed is not None:
        data["installed"] = installed
    if ctx.spec is not None:
        local = local_times(ctx.spec, local_tz=ctx.local_tz, now=ctx.now)
        data.update(
            command=list(ctx.spec.argv),
            command_line=ctx.spec.command_line,
            workdir=ctx.spec.workdir,
            daily_times=list(ctx.spec.times),
            time_zone=TIME_ZONE,
            daily_time_local=local[0],
            daily_times_local=local,
            hourly=True,
        )
    return data


def install(
    spec: TaskSpec,
    *,
    kind: str = "auto",
    dry_run: bool = False,
    name: str | None = None,
    suffix: str = "",
    runner: Runner = run_command,
    platform: str | None = None,
    local_tz: tzinfo | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Register (or replace) the OS task. ``dry_run``: only return the definitions it would install. ``suffix``:
    the data home's part of the task's name (:func:`home_suffix`)."""
    resolved = _installed_kind(_resolve_kind(kind, runner, platform), kind, runner, suffix, spec.home)
    ctx = TaskContext(resolved, name or _named(resolved, suffix), spec, runner, local_tz, now)
    defs = definitions(spec, resolved, name=ctx.name, local_tz=local_tz, now=now)
    if dry_run:
        data = _describe(ctx, installed=False)
        data.update(
            dry_run=True,
            definitions=[{"path": str(p) if p else None, "text": text} for p, text in defs],
            files_written=[],
            files_removed=[],
            commands_run=ctx.commands,
        )
        return data
    private_dirs(Path(spec.home) / "logs")
    written = SCHEDULERS[resolved].install(ctx, defs)
    data = _describe(ctx, installed=True)
    data.update(dry_run=False, files_written=written, files_removed=[], commands_run=ctx.commands)
    return data


def uninstall(
    *,
    kind: str = "auto",
    home: str | os.PathLike[str] | None = None,
    name: str | None = None,
    suffix: str = "",
    runner: Runner = run_command,
    platform: str | None = None,
) -> dict[str, Any]:
    """Remove the OS task and its files; removing what is not there is not an error (``installed`` false)."""
    home_text = str(Path(home).expanduser().resolve()) if home else None
    resolved = _installed_kind(_resolve_kind(kind, runner, platform), kind, runner, suffix, home_text)
    ctx = TaskContext(resolved, name or _named(resolved, suffix), None, runner, None, None)
    paths = _paths(resolved, ctx.name, home_text)
    was_installed, removed = SCHEDULERS[resolved].uninstall(ctx, paths)
    data = _describe(ctx, installed=False)
    data.update(was_installed=was_installed, files_written=[], files_removed=removed, commands_run=ctx.commands)
    return data


def status(
    spec: TaskSpec | None = None,
    *,
    kind: str = "auto",
    home: str | os.PathLike[str] | None = None,
    name: str | None = None,
    suffix: str = "",
    runner: Runner = run_command,
    platform: str | None = None,
    local_tz: tzinfo | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Is the task installed, and does it match ``spec`` (``up_to_date``)? Never raises for an absent
    scheduler: ``available: false`` then. Read-only."""
    try:
        resolved = _resolve_kind(kind, runner, platform)
    except AppError as exc:
        if exc.code != "os_task_unavailable":
            raise
        return {"kind": None, "available": False, "installed": False, "reason": exc.message}
    home_text = spec.home if spec else (str(Path(home).expanduser().resolve()) if home else None)
    resolved = _installed_kind(resolved, kind, runner, suffix, home_text)
    ctx = TaskContext(resolved, name or _named(resolved, suffix), spec, runner, local_tz, now)
    paths = _paths(resolved, ctx.name, home_text)
    expected = definitions(spec, resolved, name=ctx.name, local_tz=local_tz, now=now) if spec else None
    probe = SCHEDULERS[resolved].status(ctx, paths, expected)
    data = _describe(ctx, installed=probe.installed)
    data.update(
        available=probe.available,
        up_to_date=probe.up_to_date,
        files=[str(p) for p in paths if p.exists()],
        details=probe.details,
        commands_run=ctx.commands,
    )
    return data
