"""The daily schedule of each profile and the one OS task that runs every profile's schedule unattended.

:class:`desktop_app.core.service.DescargaService` delegates its ``schedule`` and ``os_task`` methods here;
the schedule's rules are :mod:`desktop_app.core.schedule`, its rows :mod:`desktop_app.core.store.schedules`,
the OS scheduler calls :mod:`desktop_app.core.ostask`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop_app.core.clock import Clock, to_ms
from desktop_app.core.errors import AppError
from desktop_app.core.profiles import Profile, Profiles
from desktop_app.core.schedule import describe_next_run
from desktop_app.core.secrets import SecretStore
from desktop_app.core.store.db import ConnectionPerThread, transaction
from desktop_app.core.store.schedules import ScheduleRepository
from desktop_app.core.store.sync_runs import SyncRunRepository


class ScheduleOps:
    """Schedules and the unattended OS task of one home.

    The OS task methods take ``overrides``: what tests inject for the OS scheduler calls (``runner``,
    ``platform``, ``local_tz``, ``now``; ``DescargaService.ostask_overrides``), empty in the app.
    """

    def __init__(
        self, *, home: Path, db: ConnectionPerThread, clock: Clock, profiles: Profiles, secrets: SecretStore
    ) -> None:
        self.home = home
        self.db = db
        self.clock = clock
        self.profiles = profiles
        self.secrets = secrets
        self.schedules = ScheduleRepository(db)

    def get_schedule(self, profile: Profile) -> dict[str, Any]:
        """The seed's schedule, plus the FIEL status and the next run."""
        schedule, enabled_at = self.schedules.load(profile.rfc)
        return {
            "rfc": profile.rfc,
            "schedule": schedule.to_json(),
            "fiel": self.profiles.fiel_status(profile),
            **describe_next_run(schedule, self.clock.now(), enabled_at=enabled_at),
            # the newest sync run of any kind (the Resumen page's "last sync"): Programación shows the same
            "lastSync": SyncRunRepository(self.db).latest(profile.rfc),
            "warnings": self.unattended_warnings(),
        }

    def unattended_warnings(self) -> list[dict[str, str]]:
        """Why the daily sync cannot run with the app closed, as ``{code, message}`` items (empty: it can)."""
        if self.secrets.keyring_available():
            return []
        return [
            {
                "code": "keyring_unavailable",
                "message": (
                    "No system keyring works here, so the FIEL password is kept in memory only while the app runs: "
                    "the daily sync runs only while the app is open (after you type the password), never from the "
                    "OS task. Set up a keyring (Secret Service on Linux, Keychain, Windows Credential Manager) and "
                    "upload the FIEL again to sync unattended."
                ),
            }
        ]

    def set_schedule(
        self,
        profile: Profile,
        *,
        enabled: bool | None = None,
        time: str | None = None,
        download_types: list[str] | None = None,
        days_back: int | None = None,
        recheck_months: int | None = None,
    ) -> dict[str, Any]:
        """Change the given settings (validated: ``invalid_schedule``); enabling needs activation and a FIEL."""
        current, enabled_at = self.schedules.load(profile.rfc)
        new = current.updated(
            enabled=enabled,
            time=time,
            download_types=download_types,
            days_back=days_back,
            recheck_months=recheck_months,
        )
        if new.enabled:
            self.profiles.require_active(profile)
            if not profile.has_fiel:
                raise AppError("fiel_missing", "Upload the FIEL before enabling the daily sync.", rfc=profile.rfc)
        if new.enabled and not current.enabled:
            enabled_at = to_ms(self.clock.now())
        with transaction(self.db.get()):
            self.schedules.save(profile.rfc, new, enabled_at)
        return self.get_schedule(profile)

    # -- the unattended OS task ----------------------------------------------------------------------------

    def os_task_times(self) -> tuple[list[str], list[str]]:
        """The Mexico City times the OS task fires daily, and warnings about what unattended sync won't do.

        One task serves every profile (``sync --once --all``): the distinct times of the enabled schedules of
        profiles that are activated and have a FIEL; else those profiles' times; else the default. Between
        daily runs the hourly heartbeat lets each profile's own schedule run anyway.
        """
        ready = [p for p in self.profiles.list() if p.activated and p.has_fiel]
        schedules = [self.schedules.load(p.rfc)[0] for p in ready]
        times = sorted({s.time for s in schedules if s.enabled}) or sorted({s.time for s in schedules})
        warnings: list[str] = []
        if not ready:
            warnings.append("No profile is activated with a FIEL yet: the task has nothing to do until one is.")
        elif not any(s.enabled for s in schedules):
            warnings.append("No profile has its daily schedule enabled (`schedule set --enabled true`).")
        if ready and not self.secrets.keyring_available():
            warnings.append(
                "No system keyring works here: unattended sync cannot unlock the FIEL and will skip every profile."
            )
        return times, warnings

    def note_unattended_skip(self, rfc: str, code: str, message: str) -> bool:
        """The OS task skipped ``rfc`` (``code``: its password could not be read) while its daily run is due: say
        so where the schedule is shown (``lastRunStatus: failed``, ``lastRunError``) — such skips left no trace and
        `schedule show` went on saying the last real run's «success» (an outside audit, cron with no keyring). The
        run stays due: the next pass that can read the password (the window, the next hour's task) makes it."""
        schedule, enabled_at = self.schedules.load(rfc)
        if not schedule.enabled or schedule.due_slot(self.clock.now(), enabled_at=enabled_at) is None:
            return False
        with transaction(self.db.get()):
            self.schedules.finish_run(rfc, "failed", f"{code}: {message}")
        return True

    def _task_suffix(self) -> str:
        """This data home's part of the OS task's name (``ostask.home_suffix``): one task per data home."""
        from desktop_app.core import ostask
        from desktop_app.core.paths import default_home

        return str(ostask.home_suffix(self.home, default_home()))

    def os_task_spec(self) -> Any:
        from desktop_app.core import ostask

        times, _ = self.os_task_times()
        return ostask.task_spec(self.home, times)

    def os_task_status(self, kind: str, overrides: dict[str, Any]) -> dict[str, Any]:
        from desktop_app.core import ostask

        return ostask.status(self.os_task_spec(), kind=kind, suffix=self._task_suffix(), **overrides)

    def install_os_task(self, kind: str, overrides: dict[str, Any], *, dry_run: bool = False) -> dict[str, Any]:
        from desktop_app.core import ostask

        _, warnings = self.os_task_times()
        data = ostask.install(self.os_task_spec(), kind=kind, dry_run=dry_run, suffix=self._task_suffix(), **overrides)
        data["warnings"] = warnings
        return data

    def uninstall_os_task(self, kind: str, overrides: dict[str, Any]) -> dict[str, Any]:
        from desktop_app.core import ostask

        chosen = {k: v for k, v in overrides.items() if k in ("runner", "platform")}
        return ostask.uninstall(kind=kind, home=self.home, suffix=self._task_suffix(), **chosen)

    def refresh_os_task(self, overrides: dict[str, Any]) -> dict[str, Any] | None:
        """After a schedule change: reinstall the OS task if it is installed and no longer matches."""
        try:
            status = self.os_task_status("auto", overrides)
        except AppError:
            return None
        if status.get("installed") and not status.get("up_to_date", True):
            return self.install_os_task(status.get("kind") or "auto", overrides)
        return None
