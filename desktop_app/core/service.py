"""The Descarga Masiva system as one object: each method is a row of DESIGN.md §2 (the seed's endpoints).

The CLI and the GUI are two faces of this class. It composes the pieces that do the work (profiles, the
request ledger, the sync engine, the invoice index) and owns nothing but their wiring. Each thread that
uses it gets its own SQLite connection.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop_app.core.clock import Clock, SystemClock, to_ms
from desktop_app.core.errors import AppError
from desktop_app.core.fiel import Fiel, load_fiel
from desktop_app.core.profiles import Profile, Profiles, normalize_phone, parse_sync_start
from desktop_app.core.schedule import Schedule, describe_next_run
from desktop_app.core.secrets import SecretStore
from desktop_app.core.store.db import DB_NAME, ConnectionPerThread, transaction

SatClientFactory = Callable[[Fiel], Any]

PRICING = {
    # The app runs on the user's computer and talks to SAT directly: there is nothing to pay for.
    "perDownload": "$0.00 MXN",
    "addonMonthly": "$0.00 MXN",
}


def default_sat_factory(fiel: Fiel) -> Any:
    from desktop_app.core.sat.client import SatClient
    from desktop_app.core.sat.endpoints import from_env

    return SatClient(fiel, from_env())


class DescargaService:
    """Everything the app does, for one data home.

    Args:
        home: the data folder.
        clock: the source of "now" (tests inject a fake one).
        secrets: where FIEL passwords live.
        sat_factory: builds a SAT client for a FIEL (tests and the demo point it at the sandbox).
    """

    def __init__(
        self,
        home: Path,
        *,
        clock: Clock | None = None,
        secrets: SecretStore | None = None,
        sat_factory: SatClientFactory | None = None,
    ) -> None:
        self.home = Path(home)
        self.home.mkdir(parents=True, exist_ok=True)
        self.clock = clock or SystemClock()
        self.secrets = secrets or SecretStore()
        self.sat_factory = sat_factory or default_sat_factory
        self.db = ConnectionPerThread(self.home / DB_NAME)
        self.profiles = Profiles(self.home, self.db, self.clock, self.secrets)

    def close(self) -> None:
        self.db.close()

    # -- profiles ----------------------------------------------------------------------------------------

    def add_profile(self, rfc: str, name: str = "") -> dict[str, Any]:
        return self.profiles.add(rfc, name).to_json()

    def list_profiles(self) -> list[dict[str, Any]]:
        return [p.to_json() for p in self.profiles.list()]

    def remove_profile(self, rfc: str) -> dict[str, Any]:
        return self.profiles.remove(rfc)

    def profile(self, rfc: str | None) -> Profile:
        return self.profiles.resolve(rfc)

    # -- activation ----------------------------------------------------------------------------------------

    def activation_status(self, rfc: str | None) -> dict[str, Any]:
        profile = self.profile(rfc)
        return {
            "rfc": profile.rfc,
            "status": "active" if profile.activated else "needs_activation",
            "planIncludesFeature": True,
            "isActivated": profile.activated,
            "activatedAt": profile.activated_at,
            "pricing": dict(PRICING),
            "usage": self.usage(profile.rfc),
        }

    def activate(self, rfc: str | None) -> dict[str, Any]:
        profile = self.profiles.set_activated(self.profile(rfc).rfc, True)
        return {
            "rfc": profile.rfc,
            "type": "included",
            "activated": True,
            "activatedAt": profile.activated_at,
            "message": (
                "Activated: the app may now use this RFC's FIEL to query SAT on your behalf. Each XML is "
                "downloaded straight from SAT to this computer; nothing is charged."
            ),
        }

    def deactivate(self, rfc: str | None, *, forget_fiel: bool = False) -> dict[str, Any]:
        profile = self.profiles.set_activated(self.profile(rfc).rfc, False)
        if forget_fiel:
            self.profiles.forget_fiel(profile.rfc)
        return {
            "rfc": profile.rfc,
            "activated": False,
            "schedule_enabled": False,
            "fiel_forgotten": forget_fiel,
            "message": "Deactivated: the schedule stopped; history and invoices are kept.",
        }

    def usage(self, rfc: str) -> dict[str, Any]:
        """XML downloaded from SAT per month (local metering, like the seed's billing counter)."""
        conn = self.db.get()
        rows = conn.execute(
            """SELECT strftime('%Y-%m', p.downloaded_at / 1000, 'unixepoch') AS month,
                      SUM(COALESCE(p.documents, 0)) AS xml
               FROM packages p JOIN requests r ON r.id = p.request_id
               WHERE p.rfc = ? AND r.request_type = 'cfdi' AND p.downloaded_at IS NOT NULL
               GROUP BY month ORDER BY month""",
            (rfc,),
        ).fetchall()
        by_month = {r["month"]: int(r["xml"]) for r in rows}
        this_month = self.clock.now().strftime("%Y-%m")
        return {
            "xmlDownloadedThisMonth": by_month.get(this_month, 0),
            "xmlDownloadedTotal": sum(by_month.values()),
            "byMonth": by_month,
        }

    # -- FIEL and registration -----------------------------------------------------------------------------

    def upload_fiel(
        self,
        rfc: str | None,
        cer: bytes,
        key: bytes,
        password: str,
        *,
        sync_start_date: str | None = None,
        phone: str | None = None,
    ) -> dict[str, Any]:
        """Validate (every seed error row), store securely, and register with SAT (authenticate once)."""
        profile = self.profile(rfc)
        self.profiles.require_active(profile)
        fiel = load_fiel(cer, key, password, now=self.clock.now(), expected_rfc=profile.rfc)
        sync_start = parse_sync_start(sync_start_date, self.profiles.today())
        phone_norm = normalize_phone(phone)
        profile, in_keyring = self.profiles.store_fiel(profile, fiel, cer, key, password, sync_start, phone_norm)
        registration = self._register(profile, fiel)
        info = fiel.info
        return {
            "rfc": profile.rfc,
            "expires_at": to_ms(info.valid_to),
            "expires_at_readable": info.valid_to.strftime("%Y-%m-%d %H:%M:%S UTC"),
            "serial_number": info.serial_number,
            "legal_name": info.legal_name,
            "sync_start_date": profile.sync_start_date,
            "phone": profile.phone,
            "password_in_keyring": in_keyring,
            **registration,
        }

    def register(self, rfc: str | None, *, password: str | None = None) -> dict[str, Any]:
        """Retry SAT's authentication ("registration") with the stored FIEL."""
        profile = self.profile(rfc)
        self.profiles.require_active(profile)
        fiel = self.profiles.load_fiel(profile, password)
        result = self._register(profile, fiel)
        return {"rfc": profile.rfc, **result}

    def _register(self, profile: Profile, fiel: Fiel) -> dict[str, Any]:
        try:
            self.sat_factory(fiel).authenticate("cfdi")
        except AppError as exc:
            updated = self.profiles.record_registration(profile.rfc, False, f"{exc.code}: {exc.message}")
            return {
                "registered": False,
                "registered_at": None,
                "registration_error": {"code": exc.code, "message": exc.message},
            }
        updated = self.profiles.record_registration(profile.rfc, True, None)
        return {"registered": True, "registered_at": updated.registered_at}

    def load_fiel(self, rfc: str | None, password: str | None = None) -> Fiel:
        return self.profiles.load_fiel(self.profile(rfc), password)

    # -- schedule ------------------------------------------------------------------------------------------

    def _load_schedule(self, rfc: str) -> tuple[Schedule, int | None]:
        row = self.db.get().execute("SELECT * FROM schedules WHERE rfc = ?", (rfc,)).fetchone()
        return Schedule.from_row(row), row["enabled_at"]

    def get_schedule(self, rfc: str | None) -> dict[str, Any]:
        """The seed's schedule, plus the FIEL status and the next run."""
        profile = self.profile(rfc)
        schedule, _ = self._load_schedule(profile.rfc)
        return {
            "rfc": profile.rfc,
            "schedule": schedule.to_json(),
            "fiel": self.profiles.fiel_status(profile),
            **describe_next_run(schedule, self.clock.now()),
        }

    def set_schedule(
        self,
        rfc: str | None,
        *,
        enabled: bool | None = None,
        time: str | None = None,
        download_types: list[str] | None = None,
        days_back: int | None = None,
    ) -> dict[str, Any]:
        profile = self.profile(rfc)
        current, enabled_at = self._load_schedule(profile.rfc)
        new = current.updated(enabled=enabled, time=time, download_types=download_types, days_back=days_back)
        if new.enabled:
            self.profiles.require_active(profile)
            if not profile.has_fiel:
                raise AppError("fiel_missing", "Upload the FIEL before enabling the daily sync.", rfc=profile.rfc)
        if new.enabled and not current.enabled:
            enabled_at = to_ms(self.clock.now())
        conn = self.db.get()
        with transaction(conn):
            conn.execute(
                """UPDATE schedules SET enabled = ?, time = ?, download_types = ?, days_back = ?, enabled_at = ?
                   WHERE rfc = ?""",
                (
                    int(new.enabled),
                    new.time,
                    json.dumps(list(new.download_types)),
                    new.days_back,
                    enabled_at,
                    profile.rfc,
                ),
            )
        return self.get_schedule(profile.rfc)
