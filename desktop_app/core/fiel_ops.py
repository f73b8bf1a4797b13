"""The e.firma of a profile: upload (validated, stored securely) and SAT's "registration" (one authentication).

:class:`desktop_app.core.service.DescargaService` delegates its FIEL methods here; the files, the keyring and
the profile's row are :class:`desktop_app.core.profiles.Profiles`'s.
"""

from __future__ import annotations

from typing import Any

from desktop_app.core.clock import Clock, to_ms
from desktop_app.core.errors import AppError
from desktop_app.core.fiel import Fiel, load_fiel
from desktop_app.core.profiles import Profile, Profiles, normalize_phone, parse_sync_start
from desktop_app.core.sat.protocol import SatClientFactory
from desktop_app.core.status import cause


class FielOps:
    """Uploading and registering e.firmas (``sat_factory``: the service's current SAT client factory)."""

    def __init__(self, *, clock: Clock, profiles: Profiles, sat_factory: SatClientFactory) -> None:
        self.clock = clock
        self.profiles = profiles
        self.sat_factory = sat_factory

    def upload_fiel(
        self,
        profile: Profile,
        cer: bytes,
        key: bytes,
        password: str,
        *,
        sync_start_date: str | None = None,
        phone: str | None = None,
    ) -> dict[str, Any]:
        """Validate (every seed error row), store securely, and register with SAT (authenticate once).

        A FIEL uploaded again (renewed) without ``sync_start_date`` or ``phone`` keeps the ones given before —
        the sync start while SAT still allows it — instead of going back to the defaults."""
        self.profiles.require_active(profile)
        fiel = load_fiel(cer, key, password, now=self.clock.now(), expected_rfc=profile.rfc)
        today = self.profiles.today()
        if not (sync_start_date or "").strip() and profile.sync_start_date:
            try:
                sync_start = parse_sync_start(profile.sync_start_date, today)
            except AppError:  # gone past what SAT keeps: as far back as it allows now
                sync_start = parse_sync_start(None, today)
        else:
            sync_start = parse_sync_start(sync_start_date, today)
        phone_norm = normalize_phone(phone) if phone is not None and phone.strip() else profile.phone
        profile, in_keyring = self.profiles.store_fiel(profile, fiel, cer, key, password, sync_start, phone_norm)
        registration = self.record_registration(profile, fiel)
        described = fiel.info.to_json()
        return {
            "rfc": profile.rfc,
            **{k: described[k] for k in ("expires_at", "expires_at_readable", "serial_number", "legal_name")},
            "sync_start_date": profile.sync_start_date,
            "phone": profile.phone,
            "password_in_keyring": in_keyring,
            **registration,
        }

    def register(self, profile: Profile, *, password: str | None = None) -> dict[str, Any]:
        """Retry SAT's authentication ("registration") with the stored FIEL."""
        self.profiles.require_active(profile)
        fiel = self.profiles.load_fiel(profile, password)
        result = self.record_registration(profile, fiel)
        return {"rfc": profile.rfc, **result}

    def record_registration(self, profile: Profile, fiel: Fiel) -> dict[str, Any]:
        """Authenticate with ``fiel`` and keep SAT's answer in the profile."""
        result = self.authenticate(fiel)
        error = result.get("registration_error")
        updated = self.profiles.record_registration(
            profile.rfc,
            result["registered"],
            f"{error['code']}: {error['message']}" if error else None,
            at=result["registered_at"],
        )
        return {**result, "registered_at": updated.registered_at if result["registered"] else None}

    def authenticate(self, fiel: Fiel) -> dict[str, Any]:
        """Authenticate once with SAT ("registration") with ``fiel`` and store nothing.

        The setup wizard registers an e.firma before its profile exists (the profile is created when the user
        finishes the wizard, see :mod:`desktop_app.core.setup`); :meth:`register` records the outcome.
        """
        client = self.sat_factory(fiel)
        try:
            client.authenticate("cfdi")
        except AppError as exc:
            return {
                "registered": False,
                "registered_at": None,
                "registration_error": {"code": exc.code, "message": exc.message, **cause(exc.details)},
            }
        finally:
            getattr(client, "close", lambda: None)()
        return {"registered": True, "registered_at": to_ms(self.clock.now())}
