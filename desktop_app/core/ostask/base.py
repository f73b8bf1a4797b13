"""What every OS scheduler shares: the task's command and times, the one door to the OS, and the interface
each scheduler (``linux``, ``macos``, ``windows``) implements for the package's ``install``/``uninstall``/
``status``."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path
from typing import Any, Protocol

from desktop_app.core.clock import MEXICO_CITY
from desktop_app.core.errors import AppError
from desktop_app.core.schedule import TIME_RE

KINDS = ("systemd", "cron", "launchd", "schtasks")
TIME_ZONE = "America/Mexico_City"
DEFAULT_TIME = "06:00"
HOURLY_SECONDS = 3600

DESCRIPTION = (
    "Descarga Masiva SAT: daily sync of every activated RFC at the schedule's time (Mexico City) "
    "plus hourly follow-ups; the app decides what is due."
)


# -- running OS commands ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunResult:
    returncode: int
    stdout: str = ""
    stderr: str = ""


Runner = Callable[..., RunResult]
"""``runner(argv, input=None) -> RunResult``: the one door to the OS (tests pass a recorder)."""

NOT_FOUND = 127


def run_command(argv: Sequence[str], input: str | None = None, timeout: float = 60.0) -> RunResult:
    """Run ``argv`` without a shell; a missing program is exit 127, a hang exit 124 — never an exception."""
    try:
        proc = subprocess.run(
            list(argv),
            input=input,
            capture_output=True,
            text=True,
            # the bytes as they are, both ways: a crontab line in Latin-1 (a path with «ñ») read with "replace" was
            # written back with U+FFFD in it — the user's own job broken (an outside audit)
            errors="surrogateescape",
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        return RunResult(NOT_FOUND, "", f"{argv[0]}: command not found")
    except subprocess.TimeoutExpired:
        return RunResult(124, "", f"{argv[0]}: no answer after {timeout:.0f} s")
    except OSError as exc:
        return RunResult(126, "", f"{argv[0]}: {exc}")
    return RunResult(proc.returncode, proc.stdout or "", proc.stderr or "")


# -- what the task runs and when --------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskSpec:
    """What the OS task runs (``argv`` in ``workdir``) and at which Mexico City times (``times``)."""

    argv: tuple[str, ...]
    home: str
    times: tuple[str, ...] = (DEFAULT_TIME,)
    workdir: str | None = None

    @property
    def command_line(self) -> str:
        """For display, in the quoting of this OS's shell."""
        return subprocess.list2cmdline(self.argv) if os.name == "nt" else shlex.join(self.argv)


def launcher() -> tuple[list[str], str | None]:
    """How to start this app again, and from where.

    Frozen (PyInstaller): the executable itself. Otherwise ``python -m desktop_app`` run from the folder
    that holds the package, so it is found whether installed in site-packages or run from a checkout.
    """
    if getattr(sys, "frozen", False):
        return [sys.executable], None
    package_parent = Path(__file__).resolve().parents[3]  # …/desktop_app/core/ostask/base.py → …
    return [sys.executable, "-m", "desktop_app"], str(package_parent)


def normalize_times(times: Sequence[str] | None) -> tuple[str, ...]:
    """Distinct, sorted HH:MM values (``invalid_schedule`` on a bad one); the default time when empty."""
    clean = []
    for value in times or ():
        value = value.strip()
        if not TIME_RE.match(value):
            raise AppError("invalid_schedule", f"{value!r} is not a time HH:MM.", field="time")
        clean.append(value)
    return tuple(sorted(set(clean))) or (DEFAULT_TIME,)


def task_spec(
    home: str | os.PathLike[str],
    times: Sequence[str] | None = None,
    *,
    argv: Sequence[str] | None = None,
    workdir: str | None = None,
) -> TaskSpec:
    """The spec for a data home: ``<launcher> --home <HOME> sync --once --all`` unless ``argv`` is given."""
    home_text = str(Path(home).expanduser().resolve())
    if argv is None:
        base, default_workdir = launcher()
        argv = [*base, "--home", home_text, "sync", "--once", "--all"]
        workdir = workdir if workdir is not None else default_workdir
    for arg in [*argv, home_text, workdir or ""]:
        if any(ch in arg for ch in "\n\r\0"):
            raise AppError("invalid_argument", "A path for the OS task contains a line break or NUL character.")
    return TaskSpec(argv=tuple(argv), home=home_text, times=normalize_times(times), workdir=workdir)


def hour_minute(value: str) -> tuple[int, int]:
    """``"06:30"`` → ``(6, 30)``."""
    hour, minute = value.split(":")
    return int(hour), int(minute)


def _today_mx(now: datetime | None) -> date:
    return (now or datetime.now(UTC)).astimezone(MEXICO_CITY).date()


def mx_slot(time_mx: str, now: datetime | None = None) -> datetime:
    """Today's slot (aware, Mexico City) for a schedule time."""
    hour, minute = hour_minute(time_mx)
    return datetime.combine(_today_mx(now), time(hour, minute), tzinfo=MEXICO_CITY)


def local_time(time_mx: str, *, local_tz: tzinfo | None = None, now: datetime | None = None) -> str:
    """Mexico City HH:MM as the machine's local HH:MM **today** (``local_tz`` None = the system's zone)."""
    slot = mx_slot(time_mx, now)
    local = slot.astimezone(local_tz) if local_tz is not None else slot.astimezone()
    return f"{local:%H:%M}"


def local_times(spec: TaskSpec, *, local_tz: tzinfo | None = None, now: datetime | None = None) -> list[str]:
    return sorted({local_time(t, local_tz=local_tz, now=now) for t in spec.times})


# -- one operation on the OS, and the interface of a scheduler ---------------------------------------------


@dataclass
class TaskContext:
    """One install/uninstall/status call: the scheduler ``kind``, the task's ``name``, and every command run."""

    kind: str
    name: str
    spec: TaskSpec | None
    runner: Runner
    local_tz: tzinfo | None
    now: datetime | None
    commands: list[list[str]] = field(default_factory=list)

    def run(self, argv: list[str], input: str | None = None) -> RunResult:
        self.commands.append(list(argv))
        return self.runner(argv, input=input) if input is not None else self.runner(argv)

    def check(self, argv: list[str], input: str | None = None) -> RunResult:
        result = self.run(argv, input)
        if result.returncode == NOT_FOUND:
            raise AppError(
                "os_task_unavailable",
                f"{argv[0]} is not available on this computer: {result.stderr.strip()}",
                kind=self.kind,
                command=argv,
            )
        if result.returncode != 0:
            output = (result.stderr or result.stdout).strip()
            raise AppError(
                "os_task_failed",
                f"`{shlex.join(argv)}` failed (exit {result.returncode}): {output}",
                kind=self.kind,
                command=argv,
                returncode=result.returncode,
                stderr=output,
            )
        return result


Definition = tuple[Path | None, str]
"""Where a definition goes (None: nowhere on disk, e.g. the crontab block) and its text."""


@dataclass(frozen=True)
class Probe:
    """What a scheduler found out about its task (the scheduler-specific part of ``status()``)."""

    installed: bool
    available: bool = True
    up_to_date: bool | None = None
    details: dict[str, Any] = field(default_factory=dict)


class Scheduler(Protocol):
    """One kind of OS task (``systemd``, ``cron``, ``launchd``, ``schtasks``)."""

    def paths(self, name: str, home: str | None) -> list[Path]:
        """The files of the task called ``name`` (the crontab block has none)."""
        ...

    def definitions(
        self, spec: TaskSpec, name: str, paths: list[Path], *, local_tz: tzinfo | None, now: datetime | None
    ) -> list[Definition]:
        """The texts to install, each with where it goes (one of ``paths``)."""
        ...

    def install(self, ctx: TaskContext, defs: list[Definition]) -> list[str]:
        """Register (or replace) the task from ``defs``; returns the files written."""
        ...

    def uninstall(self, ctx: TaskContext, paths: list[Path]) -> tuple[bool, list[str]]:
        """Remove the task and its ``paths``; returns (whether it was installed, the files removed)."""
        ...

    def status(self, ctx: TaskContext, paths: list[Path], expected: list[Definition] | None) -> Probe:
        """Read-only: installed, reachable, and whether the installed texts are ``expected``."""
        ...


def remove_files(paths: Sequence[Path]) -> list[str]:
    removed = []
    for path in paths:
        if path.exists():
            path.unlink()
            removed.append(str(path))
    return removed
