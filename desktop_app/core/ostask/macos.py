"""macOS: a launchd LaunchAgent (``~/Library/LaunchAgents/<label>.plist``) loaded with ``launchctl``.

launchd runs missed calendar jobs on wake, and ``RunAtLoad`` at login. It cannot carry a zone: the time is
converted to the machine's local time for today (see the package's docstring)."""

from __future__ import annotations

import os
import plistlib
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from desktop_app.core.ostask.base import (
    HOURLY_SECONDS,
    NOT_FOUND,
    Definition,
    Probe,
    TaskContext,
    TaskSpec,
    hour_minute,
    local_times,
    remove_files,
)
from desktop_app.core.store.vault import atomic_write

LAUNCHD_LABEL = "mx.descargamasiva.sync"


def launchd_plist(
    spec: TaskSpec, *, label: str = LAUNCHD_LABEL, local_tz: tzinfo | None = None, now: datetime | None = None
) -> bytes:
    """A LaunchAgent: ``StartCalendarInterval`` at the local time(s) + ``StartInterval`` hourly."""
    slots = [
        dict(zip(("Hour", "Minute"), hour_minute(t), strict=True))
        for t in local_times(spec, local_tz=local_tz, now=now)
    ]
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


def _uid() -> int:
    return os.getuid() if hasattr(os, "getuid") else 0


class Launchd:
    """A LaunchAgent in the user's GUI domain (``gui/<uid>``)."""

    def paths(self, name: str, home: str | None) -> list[Path]:
        return [launch_agents_dir() / f"{name}.plist"]

    def definitions(
        self, spec: TaskSpec, name: str, paths: list[Path], *, local_tz: tzinfo | None, now: datetime | None
    ) -> list[Definition]:
        return [(paths[0], launchd_plist(spec, label=name, local_tz=local_tz, now=now).decode("utf-8"))]

    def install(self, ctx: TaskContext, defs: list[Definition]) -> list[str]:
        path, text = defs[0]
        assert path is not None
        atomic_write(path, text.encode("utf-8"), mode=0o644)
        domain = f"gui/{_uid()}"
        ctx.run(["launchctl", "bootout", f"{domain}/{ctx.name}"])  # not loaded yet is fine
        ctx.check(["launchctl", "bootstrap", domain, str(path)])
        return [str(path)]

    def uninstall(self, ctx: TaskContext, paths: list[Path]) -> tuple[bool, list[str]]:
        was_installed = any(p.exists() for p in paths)
        result = ctx.run(["launchctl", "bootout", f"gui/{_uid()}/{ctx.name}"])
        was_installed = was_installed or result.returncode == 0
        return was_installed, remove_files(paths)

    def status(self, ctx: TaskContext, paths: list[Path], expected: list[Definition] | None) -> Probe:
        files_ok = all(p.exists() for p in paths)
        loaded = ctx.run(["launchctl", "print", f"gui/{_uid()}/{ctx.name}"])
        installed = files_ok and loaded.returncode == 0
        up_to_date = paths[0].read_text("utf-8") == expected[0][1] if expected and files_ok else None
        return Probe(
            installed=installed,
            available=loaded.returncode != NOT_FOUND,
            up_to_date=up_to_date,
            details={"loaded": loaded.returncode == 0},
        )


LAUNCHD = Launchd()
