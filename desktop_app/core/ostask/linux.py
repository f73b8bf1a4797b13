"""Linux: a systemd user timer (``~/.config/systemd/user``), or a tagged block in the user's crontab when no
systemd user manager is reachable.

systemd carries the zone itself (``OnCalendar=*-*-* 06:00:00 America/Mexico_City``) and catches up on a run
missed while the machine was off (``Persistent=true``). cron cannot carry a zone: the time is converted to the
machine's local time for today (see the package's docstring)."""

from __future__ import annotations

import os
import shlex
from collections.abc import Sequence
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from desktop_app.core.errors import AppError
from desktop_app.core.ostask.base import (
    DESCRIPTION,
    NOT_FOUND,
    TIME_ZONE,
    Definition,
    Probe,
    TaskContext,
    TaskSpec,
    hour_minute,
    local_times,
    remove_files,
)
from desktop_app.core.store.vault import atomic_write

SYSTEMD_UNIT = "descarga-masiva-sync"  # descarga-masiva-sync.service / .timer (user units)
CRON_TAG = "descarga-masiva-sat"  # "# descarga-masiva-sat BEGIN" … "# descarga-masiva-sat END"


# -- systemd ----------------------------------------------------------------------------------------------


def _systemd_escape(text: str) -> str:
    """Specifiers (``%``) and variables (``$``) taken literally."""
    return text.replace("%", "%%").replace("$", "$$")


def _systemd_quote(arg: str) -> str:
    """One ExecStart word: double-quoted, C-style escapes for ``\\`` and ``"``, ``%``/``$`` doubled."""
    return '"' + _systemd_escape(arg.replace("\\", "\\\\").replace('"', '\\"')) + '"'


def _systemd_executable(path: str) -> str:
    """ExecStart's program: systemd takes no quote or backslash in it (the unit is refused: «Executable name
    contains special characters») and expands no ``$`` there (a doubled one stays doubled): said before anything
    is installed, instead of a timer that never starts."""
    if any(c in path for c in "'\"\\") or not path.isprintable():
        raise AppError(
            "os_task_unavailable",
            f"systemd cannot run a program whose path has quotes or backslashes ({path}): install the app in "
            "another folder, or use the crontab (schedule install --kind cron).",
            reason="systemd_path",
        )
    return '"' + path.replace("%", "%%") + '"'


def systemd_units(spec: TaskSpec, *, name: str = SYSTEMD_UNIT) -> tuple[str, str]:
    """``(<name>.service, <name>.timer)`` texts. The timer carries the Mexico City zone itself."""
    program, *args = spec.argv
    exec_start = " ".join([_systemd_executable(program), *(_systemd_quote(arg) for arg in args)])
    service = [
        "[Unit]",
        f"Description={_systemd_escape(DESCRIPTION)}",
        "",
        "[Service]",
        "Type=oneshot",
        f"ExecStart={exec_start}",
    ]
    if spec.workdir:
        # specifiers are expanded here, variables are not: a «$» doubled would stay doubled
        service.append(f"WorkingDirectory={spec.workdir.replace('%', '%%')}")
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


def systemd_reachable(ctx: TaskContext) -> bool:
    return ctx.run(["systemctl", "--user", "show-environment"]).returncode == 0


class Systemd:
    """``<name>.service`` + ``<name>.timer`` user units, enabled with ``systemctl --user``."""

    def paths(self, name: str, home: str | None) -> list[Path]:
        unit_dir = systemd_unit_dir()
        return [unit_dir / f"{name}.service", unit_dir / f"{name}.timer"]

    def definitions(
        self, spec: TaskSpec, name: str, paths: list[Path], *, local_tz: tzinfo | None, now: datetime | None
    ) -> list[Definition]:
        service, timer = systemd_units(spec, name=name)
        return [(paths[0], service), (paths[1], timer)]

    def install(self, ctx: TaskContext, defs: list[Definition]) -> list[str]:
        if not systemd_reachable(ctx):
            raise AppError("os_task_unavailable", "No systemd user manager is reachable (`systemctl --user`).")
        written: list[str] = []
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
        return written

    def uninstall(self, ctx: TaskContext, paths: list[Path]) -> tuple[bool, list[str]]:
        was_installed = False
        timer = f"{ctx.name}.timer"
        if any(p.exists() for p in paths):
            was_installed = True
            if systemd_reachable(ctx):
                ctx.check(["systemctl", "--user", "disable", "--now", timer])
                ctx.run(["systemctl", "--user", "clean", "--what=state", timer])  # Persistent= stamp; best effort
        removed = remove_files(paths)
        if was_installed and systemd_reachable(ctx):
            ctx.check(["systemctl", "--user", "daemon-reload"])
        return was_installed, removed

    def status(self, ctx: TaskContext, paths: list[Path], expected: list[Definition] | None) -> Probe:
        details: dict[str, Any] = {}
        available = True
        files_ok = all(p.exists() for p in paths)
        if not systemd_reachable(ctx):
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
        up_to_date: bool | None = None
        if expected and files_ok:
            up_to_date = all(p is not None and p.read_text("utf-8") == text for p, text in expected)
        return Probe(installed=installed, available=available, up_to_date=up_to_date, details=details)


# -- cron (the fallback) ----------------------------------------------------------------------------------


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
    # cron's umask (022) would make the log it appends to readable by anyone: the run's output is the user's.
    command = f"{shlex.join(spec.argv)} >>{shlex.quote(log_file)} 2>&1"
    if spec.workdir:
        command = f"cd {shlex.quote(spec.workdir)} && {command}"
    # The log's folder first: without it the shell's redirect fails before the app starts (and so never makes it
    # again): one deleted `logs` folder stopped the daily sync for good (an outside audit).
    logs = shlex.quote(str(Path(spec.home) / "logs"))
    return f"umask 077; mkdir -p {logs}; {command}".replace("%", "\\%")


def cron_lines(
    spec: TaskSpec, *, tag: str = CRON_TAG, local_tz: tzinfo | None = None, now: datetime | None = None
) -> str:
    """Our tagged crontab block: one line per daily time (local) + an hourly line that never doubles it."""
    command = cron_command(spec)
    daily = [hour_minute(t) for t in local_times(spec, local_tz=local_tz, now=now)]
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


def _our_cron_line(line: str) -> bool:
    """A line of our block (``cron_lines``): its comment, or a job running ``sync --once --all`` into the data home's
    ``logs/sync.log``."""
    text = line.strip()
    if text.startswith("# daily at ") and text.endswith("plus hourly follow-ups"):
        return True
    return not text.startswith("#") and "sync --once --all" in text and "logs/sync.log" in text


def _cron_split(existing: str, tag: str) -> tuple[list[str], list[str]]:
    """``(other lines, our block's lines)``. An unterminated block only loses its BEGIN line."""
    begin, end = f"# {tag} BEGIN", f"# {tag} END"
    lines = existing.splitlines()
    others: list[str] = []
    ours: list[str] = []
    i = 0
    while i < len(lines):
        if lines[i] == begin or lines[i].startswith(begin + " "):  # not a comment of the user's that starts so
            j = next((k for k in range(i + 1, len(lines)) if lines[k].strip() == end), None)
            if j is None:
                # Its END line deleted by hand: the lines that follow and are plainly ours (our comment, our
                # command) go with it — they stayed, and every install added its lines again (an outside audit:
                # four sync lines after one reinstall, two of them past `uninstall`). Anything else is the user's.
                k = i + 1
                while k < len(lines) and _our_cron_line(lines[k]):
                    k += 1
                ours.extend(lines[i:k])
                i = k
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


def cron_reachable(ctx: TaskContext) -> bool:
    return ctx.run(["crontab", "-l"]).returncode != NOT_FOUND


def _read_crontab(ctx: TaskContext) -> str:
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


class Cron:
    """A tagged block in the user's crontab (``crontab -l`` / ``crontab -``); no file of its own."""

    def paths(self, name: str, home: str | None) -> list[Path]:
        return []

    def definitions(
        self, spec: TaskSpec, name: str, paths: list[Path], *, local_tz: tzinfo | None, now: datetime | None
    ) -> list[Definition]:
        return [(None, cron_lines(spec, tag=name, local_tz=local_tz, now=now))]

    def install(self, ctx: TaskContext, defs: list[Definition]) -> list[str]:
        current = _read_crontab(ctx)
        block = defs[0][1]
        ctx.check(["crontab", "-"], merge_crontab(current, block, tag=ctx.name))
        return []

    def uninstall(self, ctx: TaskContext, paths: list[Path]) -> tuple[bool, list[str]]:
        current = _read_crontab(ctx)
        if cron_block_in(current, tag=ctx.name) is None:
            return False, []
        ctx.check(["crontab", "-"], merge_crontab(current, None, tag=ctx.name))
        return True, []

    def status(self, ctx: TaskContext, paths: list[Path], expected: list[Definition] | None) -> Probe:
        result = ctx.run(["crontab", "-l"])
        block = cron_block_in(result.stdout if result.returncode == 0 else "", tag=ctx.name)
        installed = block is not None
        up_to_date = block == expected[0][1] if expected and installed else None
        return Probe(installed=installed, available=result.returncode != NOT_FOUND, up_to_date=up_to_date)


SYSTEMD = Systemd()
CRON = Cron()
