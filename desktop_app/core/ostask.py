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

Everything here is plain functions: the four generators return the definition text, ``install``/
``uninstall``/``status`` act on the current OS. Every OS command goes through one injectable ``runner``
so tests can assert the exact commands; files are written atomically; failures are :class:`AppError`
(``os_task_unavailable`` when no scheduler can be reached, ``os_task_failed`` with the command's output).
"""

from __future__ import annotations

import os
import plistlib
import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path
from typing import Any

from desktop_app.core.clock import MEXICO_CITY
from desktop_app.core.errors import AppError
from desktop_app.core.schedule import TIME_RE
from desktop_app.core.store.vault import atomic_write, private_dirs

KINDS = ("systemd", "cron", "launchd", "schtasks")
TIME_ZONE = "America/Mexico_City"
DEFAULT_TIME = "06:00"
HOURLY_SECONDS = 3600

SYSTEMD_UNIT = "descarga-masiva-sync"  # descarga-masiva-sync.service / .timer (user units)
CRON_TAG = "descarga-masiva-sat"  # "# descarga-masiva-sat BEGIN" … "# descarga-masiva-sat END"
LAUNCHD_LABEL = "mx.descargamasiva.sync"
SCHTASKS_NAME = "DescargaMasivaSAT\\Sync"
DEFAULT_NAMES = {"systemd": SYSTEMD_UNIT, "cron": CRON_TAG, "launchd": LAUNCHD_LABEL, "schtasks": SCHTASKS_NAME}

TASK_NS = "http://schemas.microsoft.com/windows/2004/02/mit/task"
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
            errors="replace",
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
    package_parent = Path(__file__).resolve().parent.parent.parent
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


def _hm(value: str) -> tuple[int, int]:
    hour, minute = value.split(":")
    return int(hour), int(minute)


def _today_mx(now: datetime | None) -> date:
    return (now or datetime.now(UTC)).astimezone(MEXICO_CITY).date()


def mx_slot(time_mx: str, now: datetime | None = None) -> datetime:
    """Today's slot (aware, Mexico City) for a schedule time."""
    hour, minute = _hm(time_mx)
    return datetime.combine(_today_mx(now), time(hour, minute), tzinfo=MEXICO_CITY)


def local_time(time_mx: str, *, local_tz: tzinfo | None = None, now: datetime | None = None) -> str:
    """Mexico City HH:MM as the machine's local HH:MM **today** (``local_tz`` None = the system's zone)."""
    slot = mx_slot(time_mx, now)
    local = slot.astimezone(local_tz) if local_tz is not None else slot.astimezone()
    return f"{local:%H:%M}"


def local_times(spec: TaskSpec, *, local_tz: tzinfo | None = None, now: datetime | None = None) -> list[str]:
    return sorted({local_time(t, local_tz=local_tz, now=now) for t in spec.times})


# -- systemd (Linux) ----------------------------------------------------------------------------------------


def _systemd_escape(text: str) -> str:
    """Specifiers (``%``) and variables (``$``) taken literally."""
    return text.replace("%", "%%").replace("$", "$$")


def _systemd_quote(arg: str) -> str:
    """One ExecStart word: double-quoted, C-style escapes for ``\\`` and ``"``, ``%``/``$`` doubled."""
    return '"' + _systemd_escape(arg.replace("\\", "\\\\").replace('"', '\\"')) + '"'


def systemd_units(spec: TaskSpec, *, name: str = SYSTEMD_UNIT) -> tuple[str, str]:
    """``(<name>.service, <name>.timer)`` texts. The timer carries the Mexico City zone itself."""
    exec_start = " ".join(_systemd_quote(arg) for arg in spec.argv)
    service = [
        "[Unit]",
        f"Description={_systemd_escape(DESCRIPTION)}",
        "",
        "[Service]",
        "Type=oneshot",
        f"ExecStart={exec_start}",
    ]
    if spec.workdir:
        service.append(f"WorkingDirectory={_systemd_escape(spec.workdir)}")
    service += ["Nice=10", ""]
    timer = [
        "[Unit]",
        f"Description={_systemd_escape('Descarga Masiva SAT: daily sync at the schedule time + hourly follow-ups')}",
        "",
        "[Timer]",
        *(f"OnCalendar=*-*-* {t}:00 {TIME_ZONE}" for t in spec.times),
        "OnCalendar=hourly",
        "Persistent=true",
        f"Unit={name}.service",
        "",
        "[Install]",
        "WantedBy=timers.target",
        "",
    ]
    return "\n".join(service), "\n".join(timer)


def systemd_unit_dir() -> Path:
    """``$XDG_CONFIG_HOME/systemd/user`` (``~/.config/systemd/user``)."""
    config = os.environ.get("XDG_CONFIG_HOME", "")
    base = Path(config) if config and Path(config).is_absolute() else Path.home() / ".config"
    return base / "systemd" / "user"


# -- cron (Linux fallback) ----------------------------------------------------------------------------------


def _cron_hours(hours: Sequence[int]) -> str:
    """``[0..11, 13..23]`` → ``0-11,13-23``."""
    runs: list[list[int]] = []
    for hour in sorted(hours):
        if runs and hour == runs[-1][-1] + 1:
            runs[-1].append(hour)
        else:
            runs.append([hour])
    return ",".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def cron_command(spec: TaskSpec) -> str:
    """The shell command for a crontab line: quoted words, ``%`` escaped (cron reads it as a newline)."""
    log_file = str(Path(spec.home) / "logs" / "sync.log")
    command = f"{shlex.join(spec.argv)} >>{shlex.quote(log_file)} 2>&1"
    if spec.workdir:
        command = f"cd {shlex.quote(spec.workdir)} && {command}"
    return command.replace("%", "\\%")


def cron_lines(
    spec: TaskSpec, *, tag: str = CRON_TAG, local_tz: tzinfo | None = None, now: datetime | None = None
) -> str:
    """Our tagged crontab block: one line per daily time (local) + an hourly line that never doubles it."""
    command = cron_command(spec)
    daily = [_hm(t) for t in local_times(spec, local_tz=local_tz, now=now)]
    hours = [h for h in range(24) if (h, 0) not in daily]
    lines = [
        f"# {tag} BEGIN (managed by `descarga-masiva schedule install`; remove with `schedule uninstall`)",
        f"# daily at {', '.join(spec.times)} {TIME_ZONE} = {', '.join(f'{h:02d}:{m:02d}' for h, m in daily)} "
        "local time, plus hourly follow-ups",
        *(f"{m} {h} * * * {command}" for h, m in daily),
        f"0 {_cron_hours(hours) if len(hours) < 24 else '*'} * * * {command}",
        f"# {tag} END",
    ]
    return "\n".join(lines) + "\n"


def _cron_split(existing: str, tag: str) -> tuple[list[str], list[str]]:
    """``(other lines, our block's lines)``. An unterminated block only loses its BEGIN line."""
    begin, end = f"# {tag} BEGIN", f"# {tag} END"
    lines = existing.splitlines()
    others: list[str] = []
    ours: list[str] = []
    i = 0
    while i < len(lines):
        if lines[i].startswith(begin):
            j = next((k for k in range(i + 1, len(lines)) if lines[k].strip() == end), None)
            if j is None:
                ours.append(lines[i])
                i += 1
                continue
            ours.extend(lines[i : j + 1])
            i = j + 1
            continue
        others.append(lines[i])
        i += 1
    return others, ours


def merge_crontab(existing: str, block: str | None, *, tag: str = CRON_TAG) -> str:
    """``existing`` with our block replaced by ``block`` (None: removed); every other line kept as it was."""
    others, _ = _cron_split(existing, tag)
    while others and not others[-1].strip():
        others.pop()
    text = "\n".join(others)
    if block:
        text = f"{text}\n\n{block}" if text else block
    return text if not text or text.endswith("\n") else text + "\n"


def cron_block_in(existing: str, *, tag: str = CRON_TAG) -> str | None:
    _, ours = _cron_split(existing, tag)
    return "\n".join(ours) + "\n" if ours else None


# -- launchd (macOS) ----------------------------------------------------------------------------------------


def launchd_plist(
    spec: TaskSpec, *, label: str = LAUNCHD_LABEL, local_tz: tzinfo | None = None, now: datetime | None = None
) -> bytes:
    """A LaunchAgent: ``StartCalendarInterval`` at the local time(s) + ``StartInterval`` hourly."""
    slots = [dict(zip(("Hour", "Minute"), _hm(t), strict=True)) for t in local_times(spec, local_tz=local_tz, now=now)]
    logs = Path(spec.home) / "logs"
    plist: dict[str, Any] = {
        "Label": label,
        "ProgramArguments": list(spec.argv),
        "StartCalendarInterval": slots[0] if len(slots) == 1 else slots,
        "StartInterval": HOURLY_SECONDS,
        "RunAtLoad": True,  # at login: the catch-up after the machine was off
        "ProcessType": "Background",
        "StandardOutPath": str(logs / "sync.out.log"),
        "StandardErrorPath": str(logs / "sync.err.log"),
    }
    if spec.workdir:
        plist["WorkingDirectory"] = spec.workdir
    return plistlib.dumps(plist, fmt=plistlib.FMT_XML, sort_keys=False)


def launch_agents_dir() -> Path:
    return Path.home() / "Library" / "LaunchAgents"


# -- Task Scheduler (Windows) -------------------------------------------------------------------------------


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def start_boundary(time_mx: str, now: datetime | None = None) -> str:
    """Today's slot with Mexico City's UTC offset: ``2026-11-25T06:00:00-06:00``."""
    return mx_slot(time_mx, now).isoformat(timespec="seconds")


def schtasks_xml(spec: TaskSpec, *, name: str = SCHTASKS_NAME, now: datetime | None = None) -> str:
    """Task Scheduler 1.2 XML (text; :func:`schtasks_xml_bytes` encodes it as the UTF-16 Windows expects)."""
    task = ET.Element("Task", {"version": "1.2", "xmlns": TASK_NS})
    info = _sub(task, "RegistrationInfo")
    _sub(info, "Author", "Descarga Masiva SAT")
    _sub(info, "Description", DESCRIPTION)
    _sub(info, "URI", "\\" + name.lstrip("\\"))
    triggers = _sub(task, "Triggers")
    for index, value in enumerate(spec.times):
        trigger = _sub(triggers, "CalendarTrigger")
        if index == 0:  # the hourly follow-ups, once (several daily times would only overlap)
            repetition = _sub(trigger, "Repetition")
            _sub(repetition, "Interval", "PT1H")
            _sub(repetition, "Duration", "P1D")
            _sub(repetition, "StopAtDurationEnd", "false")
        _sub(trigger, "StartBoundary", start_boundary(value, now))
        _sub(trigger, "Enabled", "true")
        _sub(_sub(trigger, "ScheduleByDay"), "DaysInterval", "1")
    principal = _sub(_sub(task, "Principals"), "Principal")
    principal.set("id", "Author")
    _sub(principal, "LogonType", "InteractiveToken")  # as the signed-in user: no password, no admin rights
    _sub(principal, "RunLevel", "LeastPrivilege")
    settings = _sub(task, "Settings")
    for tag, text in (
        ("MultipleInstancesPolicy", "IgnoreNew"),
        ("DisallowStartIfOnBatteries", "false"),
        ("StopIfGoingOnBatteries", "false"),
        ("AllowHardTerminate", "true"),
        ("StartWhenAvailable", "true"),  # missed while off → runs once at the next start
        ("RunOnlyIfNetworkAvailable", "false"),
        ("AllowStartOnDemand", "true"),
        ("Enabled", "true"),
        ("Hidden", "false"),
        ("RunOnlyIfIdle", "false"),
        ("WakeToRun", "false"),
        ("ExecutionTimeLimit", "PT12H"),
        ("Priority", "7"),
    ):
        _sub(settings, tag, text)
    actions = _sub(task, "Actions")
    actions.set("Context", "Author")
    exec_ = _sub(actions, "Exec")
    _sub(exec_, "Command", spec.argv[0])
    if len(spec.argv) > 1:
        _sub(exec_, "Arguments", subprocess.list2cmdline(spec.argv[1:]))  # parsed back by the C runtime's rules
    if spec.workdir:
        _sub(exec_, "WorkingDirectory", spec.workdir)
    ET.indent(task, space="  ")
    return '<?xml version="1.0" encoding="UTF-16"?>\n' + ET.tostring(task, encoding="unicode") + "\n"


def schtasks_xml_bytes(text: str) -> bytes:
    """UTF-16 little-endian with a BOM: what ``schtasks /Create /XML`` reads."""
    return b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le")


def _schtasks_comparable(text: str) -> str:
    return re.sub(r"<StartBoundary>\d{4}-\d{2}-\d{2}T", "<StartBoundary>T", text)


# -- install / uninstall / status ---------------------------------------------------------------------------


@dataclass
class _Ctx:
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


def _systemd_reachable(ctx: _Ctx) -> bool:
    return ctx.run(["systemctl", "--user", "show-environment"]).returncode == 0


def _cron_reachable(ctx: _Ctx) -> bool:
    return ctx.run(["crontab", "-l"]).returncode != NOT_FOUND


def detect_kind(*, runner: Runner = run_command, platform: str | None = None) -> str | None:
    """The scheduler of this computer: schtasks, launchd, systemd (a reachable user manager), cron, or None."""
    platform = platform or sys.platform
    if platform.startswith("win"):
        return "schtasks"
    if platform == "darwin":
        return "launchd"
    ctx = _Ctx("auto", "", None, runner, None, None)
    if _systemd_reachable(ctx):
        return "systemd"
    if _cron_reachable(ctx):
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
    if kind == "systemd":
        unit_dir = systemd_unit_dir()
        return [unit_dir / f"{name}.service", unit_dir / f"{name}.timer"]
    if kind == "launchd":
        return [launch_agents_dir() / f"{name}.plist"]
    if kind == "schtasks" and home:
        return [Path(home) / "ostask" / (name.replace("\\", "-") + ".xml")]
    return []


def definitions(
    spec: TaskSpec,
    kind: str,
    *,
    name: str | None = None,
    local_tz: tzinfo | None = None,
    now: datetime | None = None,
) -> list[tuple[Path | None, str]]:
    """``[(where it goes, text)]`` for one kind; the cron block has no file (it lives in the crontab)."""
    name = name or DEFAULT_NAMES[kind]
    paths = _paths(kind, name, spec.home)
    if kind == "systemd":
        service, timer = systemd_units(spec, name=name)
        return [(paths[0], service), (paths[1], timer)]
    if kind == "cron":
        return [(None, cron_lines(spec, tag=name, local_tz=local_tz, now=now))]
    if kind == "launchd":
        return [(paths[0], launchd_plist(spec, label=name, local_tz=local_tz, now=now).decode("utf-8"))]
    return [(paths[0], schtasks_xml(spec, name=name, now=now))]


def _describe(ctx: _Ctx, *, installed: bool | None) -> dict[str, Any]:
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


def _uid() -> int:
    return os.getuid() if hasattr(os, "getuid") else 0


def install(
    spec: TaskSpec,
    *,
    kind: str = "auto",
    dry_run: bool = False,
    name: str | None = None,
    runner: Runner = run_command,
    platform: str | None = None,
    local_tz: tzinfo | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Register (or replace) the OS task. ``dry_run``: only return the definitions it would install."""
    resolved = _resolve_kind(kind, runner, platform)
    ctx = _Ctx(resolved, name or DEFAULT_NAMES[resolved], spec, runner, local_tz, now)
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
    written: list[str] = []
    if resolved == "systemd":
        if not _systemd_reachable(ctx):
            raise AppError("os_task_unavailable", "No systemd user manager is reachable (`systemctl --user`).")
        already = all(p.exists() for p, _ in defs if p)
        for path, text in defs:
            assert path is not None
            atomic_write(path, text.encode("utf-8"), mode=0o644)
            written.append(str(path))
        timer = f"{ctx.name}.timer"
        ctx.check(["systemctl", "--user", "daemon-reload"])
        ctx.check(["systemctl", "--user", "enable", "--now", timer])
        if already:  # a changed OnCalendar must re-arm the running timer
            ctx.check(["systemctl", "--user", "restart", timer])
    elif resolved == "cron":
        current = _read_crontab(ctx)
        block = defs[0][1]
        ctx.check(["crontab", "-"], merge_crontab(current, block, tag=ctx.name))
    elif resolved == "launchd":
        path, text = defs[0]
        assert path is not None
        atomic_write(path, text.encode("utf-8"), mode=0o644)
        written.append(str(path))
        domain = f"gui/{_uid()}"
        ctx.run(["launchctl", "bootout", f"{domain}/{ctx.name}"])  # not loaded yet is fine
        ctx.check(["launchctl", "bootstrap", domain, str(path)])
    else:
        path, text = defs[0]
        assert path is not None
        atomic_write(path, schtasks_xml_bytes(text))
        written.append(str(path))
        ctx.check(["schtasks", "/Create", "/TN", ctx.name, "/XML", str(path), "/F"])
    data = _describe(ctx, installed=True)
    data.update(dry_run=False, files_written=written, files_removed=[], commands_run=ctx.commands)
    return data


def _read_crontab(ctx: _Ctx) -> str:
    result = ctx.run(["crontab", "-l"])
    if result.returncode == 0:
        return result.stdout
    if result.returncode == NOT_FOUND:
        raise AppError("os_task_unavailable", "`crontab` is not available on this computer.", kind="cron")
    if "no crontab" in (result.stderr + result.stdout).lower():
        return ""
    raise AppError(
        "os_task_failed",
        f"`crontab -l` failed (exit {result.returncode}): {(result.stderr or result.stdout).strip()}",
        kind="cron",
        command=["crontab", "-l"],
        returncode=result.returncode,
        stderr=result.stderr.strip(),
    )


def uninstall(
    *,
    kind: str = "auto",
    home: str | os.PathLike[str] | None = None,
    name: str | None = None,
    runner: Runner = run_command,
    platform: str | None = None,
) -> dict[str, Any]:
    """Remove the OS task and its files; removing what is not there is not an error (``installed`` false)."""
    resolved = _resolve_kind(kind, runner, platform)
    ctx = _Ctx(resolved, name or DEFAULT_NAMES[resolved], None, runner, None, None)
    home_text = str(Path(home).expanduser().resolve()) if home else None
    paths = _paths(resolved, ctx.name, home_text)
    removed: list[str] = []
    was_installed = False
    if resolved == "systemd":
        timer = f"{ctx.name}.timer"
        if any(p.exists() for p in paths):
            was_installed = True
            if _systemd_reachable(ctx):
                ctx.check(["systemctl", "--user", "disable", "--now", timer])
                ctx.run(["systemctl", "--user", "clean", "--what=state", timer])  # Persistent= stamp; best effort
        removed = _remove(paths)
        if was_installed and _systemd_reachable(ctx):
            ctx.check(["systemctl", "--user", "daemon-reload"])
    elif resolved == "cron":
        current = _read_crontab(ctx)
        if cron_block_in(current, tag=ctx.name) is not None:
            was_installed = True
            ctx.check(["crontab", "-"], merge_crontab(current, None, tag=ctx.name))
    elif resolved == "launchd":
        was_installed = any(p.exists() for p in paths)
        result = ctx.run(["launchctl", "bootout", f"gui/{_uid()}/{ctx.name}"])
        was_installed = was_installed or result.returncode == 0
        removed = _remove(paths)
    else:
        if ctx.run(["schtasks", "/Query", "/TN", ctx.name]).returncode == 0:
            was_installed = True
            ctx.check(["schtasks", "/Delete", "/TN", ctx.name, "/F"])
        removed = _remove(paths)
    data = _describe(ctx, installed=False)
    data.update(was_installed=was_installed, files_written=[], files_removed=removed, commands_run=ctx.commands)
    return data


def _remove(paths: Sequence[Path]) -> list[str]:
    removed = []
    for path in paths:
        if path.exists():
            path.unlink()
            removed.append(str(path))
    return removed


def status(
    spec: TaskSpec | None = None,
    *,
    kind: str = "auto",
    home: str | os.PathLike[str] | None = None,
    name: str | None = None,
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
    ctx = _Ctx(resolved, name or DEFAULT_NAMES[resolved], spec, runner, local_tz, now)
    home_text = spec.home if spec else (str(Path(home).expanduser().resolve()) if home else None)
    paths = _paths(resolved, ctx.name, home_text)
    expected = definitions(spec, resolved, name=ctx.name, local_tz=local_tz, now=now) if spec else None
    installed = False
    up_to_date: bool | None = None
    details: dict[str, Any] = {}
    available = True
    if resolved == "systemd":
        files_ok = all(p.exists() for p in paths)
        if not _systemd_reachable(ctx):
            available = False
            details["reason"] = "No systemd user manager is reachable (`systemctl --user`)."
            installed = files_ok
        else:
            enabled = ctx.run(["systemctl", "--user", "is-enabled", f"{ctx.name}.timer"])
            details["enabled"] = enabled.stdout.strip() or None
            installed = files_ok and enabled.returncode == 0
            if installed:
                shown = ctx.run(
                    [
                        "systemctl",
                        "--user",
                        "show",
                        f"{ctx.name}.timer",
                        "--property=ActiveState,NextElapseUSecRealtime,LastTriggerUSec",
                    ]
                )
                for line in shown.stdout.splitlines():
                    key, _, value = line.partition("=")
                    if key:
                        details[key] = value
        if expected and files_ok:
            up_to_date = all(p is not None and p.read_text("utf-8") == text for p, text in expected)
    elif resolved == "cron":
        result = ctx.run(["crontab", "-l"])
        if result.returncode == NOT_FOUND:
            available = False
        block = cron_block_in(result.stdout if result.returncode == 0 else "", tag=ctx.name)
        installed = block is not None
        if expected and installed:
            up_to_date = block == expected[0][1]
    elif resolved == "launchd":
        files_ok = all(p.exists() for p in paths)
        loaded = ctx.run(["launchctl", "print", f"gui/{_uid()}/{ctx.name}"])
        available = loaded.returncode != NOT_FOUND
        details["loaded"] = loaded.returncode == 0
        installed = files_ok and loaded.returncode == 0
        if expected and files_ok:
            up_to_date = paths[0].read_text("utf-8") == expected[0][1]
    else:
        result = ctx.run(["schtasks", "/Query", "/TN", ctx.name])
        available = result.returncode != NOT_FOUND
        installed = result.returncode == 0
        if expected and installed and paths and paths[0].exists():
            saved = paths[0].read_bytes().decode("utf-16").replace("\r\n", "\n")
            up_to_date = _schtasks_comparable(saved) == _schtasks_comparable(expected[0][1])
    data = _describe(ctx, installed=installed)
    data.update(
        available=available,
        up_to_date=up_to_date,
        files=[str(p) for p in paths if p.exists()],
        details=details,
        commands_run=ctx.commands,
    )
    return data
