"""Setting up one RFC in one step: what the setup wizard gathered, applied when the user presses "Terminar".

The wizard is a transaction (issue 16): its pages only *check* — the RFC, the user's consent, the e.firma (read
and decrypted), SAT's registration (one authentication with that e.firma, :meth:`DescargaService.authenticate`)
and the schedule — and nothing is written until :func:`apply_setup`. Going back or cancelling leaves no profile,
no files and no password behind; a failure while applying removes a profile this call created, so a half-made
RFC never reaches the RFC selector.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.errors import AppError
from desktop_app.core.fiel import load_fiel
from desktop_app.core.profiles import normalize_phone, normalize_rfc, parse_sync_start


@dataclass(frozen=True)
class NewFiel:
    """An e.firma to store, as the user chose it. The password never shows in a repr."""

    cer: bytes = field(repr=False)
    key: bytes = field(repr=False)
    password: str = field(repr=False)
    sync_start_date: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class SetupPlan:
    """Everything the wizard learnt about one RFC.

    Attributes:
        rfc: the RFC (checked again here).
        name: the name for a new profile ("" to take the e.firma's); an existing profile keeps its own.
        activate: the user gave consent on the activation page.
        fiel: a new e.firma to store, or None to keep the stored one.
        registration: :meth:`DescargaService.authenticate`'s answer for that e.firma, or None (nothing new).
        schedule: ``set_schedule`` keywords (``enabled``, ``time``, ``download_types``, ``days_back``).
        backfill: also queue the history since the start date (``enable_sync``).
    """

    rfc: str
    name: str = ""
    activate: bool = True
    fiel: NewFiel | None = None
    registration: dict[str, Any] | None = None
    schedule: dict[str, Any] = field(default_factory=dict)
    backfill: bool = False


def profile_preview(service: Any, rfc: str, name: str = "") -> dict[str, Any]:
    """The profile of ``rfc`` as ``Profile.to_json()`` with ``existed``: the stored one, or what a new one would be
    (nothing is created). Only a new RFC is checked (``invalid_rfc``; a check digit that does not verify is left
    to the e.firma, see :func:`apply_setup`): a stored one is taken as it is."""
    try:
        return {**service.profiles.get(rfc).to_json(), "existed": True}
    except AppError as exc:
        if exc.code != "profile_not_configured":
            raise
    rfc = normalize_rfc(rfc, accept_check_digit=True)  # the e.firma confirms such an RFC at "Terminar"
    return {
        "rfc": rfc,
        "name": name.strip(),
        "created_at": None,
        "activated": False,
        "has_fiel": False,
        "fiel_serial_number": None,
        "fiel_expires_at": None,
        "registered": False,
        "registered_at": None,
        "sync_start_date": None,
        "phone": None,
        "sync_enabled": False,
        "existed": False,
    }


def activation_preview(service: Any, rfc: str) -> dict[str, Any]:
    """``activation_status`` of ``rfc``, also for an RFC without a profile yet (not activated, its local usage)."""
    from desktop_app.core.service import PRICING

    try:
        status: dict[str, Any] = service.activation_status(rfc)
        return status
    except AppError as exc:
        if exc.code != "profile_not_configured":
            raise
    return {
        "rfc": rfc,
        "status": "needs_activation",
        "planIncludesFeature": True,
        "isActivated": False,
        "activatedAt": None,
        "pricing": dict(PRICING),
        "usage": service.usage(rfc),
    }


def apply_setup(service: Any, plan: SetupPlan) -> dict[str, Any]:
    """Create or update the profile as planned; a profile created here is removed again if any step fails.

    Returns ``created`` (a new profile), ``profile`` (as ``Profile.to_json()``), ``schedule`` (``get_schedule``),
    ``backfill`` (``enable_sync``'s answer or None) and ``password_in_keyring`` (None when no e.firma was stored).
    """
    try:
        profile = service.profiles.get(plan.rfc)
        created = False
    except AppError as exc:
        if exc.code != "profile_not_configured":
            raise
        # Checks the RFC (``invalid_rfc``). A check digit that does not verify is accepted only with an e.firma in
        # the plan: _apply loads it with expected_rfc, so unless SAT issued it to exactly this RFC the setup fails
        # (``rfc_mismatch``) and the profile made here is removed again.
        profile = service.profiles.add(plan.rfc, plan.name, accept_check_digit=plan.fiel is not None)
        created = True
    rfc = profile.rfc
    try:
        return {"created": created, **_apply(service, plan, rfc, activate=plan.activate and not profile.activated)}
    except BaseException:
        if created:
            service.profiles.remove(rfc)
        raise


def _apply(service: Any, plan: SetupPlan, rfc: str, *, activate: bool) -> dict[str, Any]:
    profiles = service.profiles
    if activate:
        profiles.set_activated(rfc, True)
    in_keyring = None
    if plan.fiel is not None:
        new = plan.fiel
        fiel = load_fiel(new.cer, new.key, new.password, now=service.clock.now(), expected_rfc=rfc)
        start = parse_sync_start(new.sync_start_date, profiles.today())
        _profile, in_keyring = profiles.store_fiel(
            profiles.get(rfc), fiel, new.cer, new.key, new.password, start, normalize_phone(new.phone)
        )
    if plan.registration is not None:
        error = plan.registration.get("registration_error")
        profiles.record_registration(
            rfc,
            bool(plan.registration.get("registered")),
            f"{error['code']}: {error['message']}" if error else None,
            at=plan.registration.get("registered_at"),
        )
    if plan.schedule:
        service.set_schedule(rfc, **plan.schedule)
    backfill = service.enable_sync(rfc) if plan.backfill else None
    return {
        "profile": profiles.get(rfc).to_json(),
        "schedule": service.get_schedule(rfc),
        "backfill": backfill,
        "password_in_keyring": in_keyring,
    }
