"""``debug``: what a support person asks first — can this computer reach each SAT endpoint, is its clock
right, does the e.firma still authenticate, and how does the log end.

:meth:`desktop_app.core.service.DescargaService.debug` delegates here.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from desktop_app.core.clock import Clock
from desktop_app.core.errors import AppError
from desktop_app.core.logs import log_path
from desktop_app.core.logs import tail as log_tail
from desktop_app.core.profiles import Profile, Profiles
from desktop_app.core.sat.protocol import SatClientFactory
from desktop_app.core.secrets import SecretStore
from desktop_app.core.status import cause
from desktop_app.core.tls import CERTIFICATE_REJECTED, certificate_failure, trust_source, verified_context

LOG_TAIL_LINES = 40


def connectivity_report(
    profile: Profile,
    *,
    home: Path,
    clock: Clock,
    profiles: Profiles,
    secrets: SecretStore,
    sat_factory: SatClientFactory,
    password: str | None = None,
    timeout: float = 15.0,
) -> dict[str, Any]:
    """Connectivity and registration report: each SAT endpoint, token, clock skew, FIEL validity."""
    report: dict[str, Any] = {
        "rfc": profile.rfc,
        "activated": profile.activated,
        "registered": profile.registered,
        "registered_at": profile.registered_at,
        "registration_error": profile.registration_error,
        "fiel": profiles.fiel_status(profile),
        "keyring_available": secrets.keyring_available(),
        "password_stored": secrets.get_password(profile.rfc) is not None,
        "endpoints": [],
        "tls_trust": trust_source(),  # what SAT's certificate is checked against (core/tls.py)
    }
    report["endpoints"], skews = probe_endpoints(clock, timeout=timeout)
    report["clock_skew_seconds"] = round(sorted(skews)[len(skews) // 2], 1) if skews else None
    # What a support person reads next: where the log is and how it ends (never a secret: core.logs).
    report["log"] = {"path": str(log_path(home)), "tail": log_tail(home, LOG_TAIL_LINES)}
    try:
        fiel = profiles.load_fiel(profile, password)
        client = sat_factory(fiel)
        try:
            token = client.authenticate("cfdi", force=True)
            report["token"] = {"obtained": True, "expires": token.expires.isoformat() if token.expires else None}
        finally:
            getattr(client, "close", lambda: None)()
    except AppError as exc:
        report["token"] = {"obtained": False, "error": {"code": exc.code, "message": exc.message, **cause(exc.details)}}
    return report


def probe_endpoints(clock: Clock, *, timeout: float = 15.0) -> tuple[list[dict[str, Any]], list[float]]:
    """Whether each SAT endpoint (``DESCARGA_MASIVA_SAT_URL`` & co. when set) answers HTTP at all (any status:
    the host is reachable), and the clock skews their ``Date`` headers show (``debug``, ``server check``)."""
    import httpx

    from desktop_app.core.sat.endpoints import from_env

    endpoints = from_env()
    targets = [
        ("cfdi", "auth", endpoints.cfdi.auth),
        ("cfdi", "query", endpoints.cfdi.query),
        ("cfdi", "verify", endpoints.cfdi.verify),
        ("cfdi", "download", endpoints.cfdi.download),
        ("retenciones", "auth", endpoints.retenciones.auth),
        ("consulta", "consulta", endpoints.consulta),
    ]
    entries: list[dict[str, Any]] = []
    skews: list[float] = []
    with httpx.Client(timeout=timeout, verify=verified_context()) as http:  # what the SAT client trusts
        for family, name, url in targets:
            started = clock.now()
            entry: dict[str, Any] = {"service": family, "operation": name, "url": url}
            try:
                response = http.get(url)
            except httpx.HTTPError as exc:
                entry.update(reachable=False, error=f"{type(exc).__name__}: {exc}")
                if certificate_failure(exc) is not None:
                    entry["cause"] = CERTIFICATE_REJECTED
            else:
                elapsed = (clock.now() - started).total_seconds()
                entry.update(reachable=True, http_status=response.status_code, seconds=round(elapsed, 3))
                skew = clock_skew(response.headers.get("date"), clock.now())
                if skew is not None:
                    skews.append(skew)
            entries.append(entry)
    return entries, skews


def clock_skew(header: str | None, now: datetime) -> float | None:
    """Seconds our clock is ahead of the server's (from its HTTP ``Date`` header)."""
    if not header:
        return None
    from email.utils import parsedate_to_datetime

    try:
        server = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    return (now - server).total_seconds()
