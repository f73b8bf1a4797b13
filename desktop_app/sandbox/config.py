"""Settings of one sandbox run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.sandbox.clock import SandboxClock

STUCK_SELECTORS = ("all", "cfdi", "metadata", "emitidos", "recibidos", "folio", "ret")


def stuck_predicate(spec: str) -> Callable[[Any], bool]:
    """A predicate from the CLI's ``--stuck SELECTORS``: comma-separated conditions that must all hold.

    Selectors: ``all``; ``cfdi`` / ``metadata`` (TipoSolicitud); ``emitidos`` / ``recibidos`` / ``folio``
    (operation); ``ret`` (Retenciones family); anything else is taken as the requester's RFC.
    Example: ``--stuck recibidos,metadata`` keeps only received-metadata requests in state 1.
    """
    selectors = [part.strip() for part in spec.split(",") if part.strip()]
    if not selectors:
        raise ValueError("empty --stuck selector")

    def matches(record: Any, selector: str) -> bool:
        key = selector.lower()
        if key == "all":
            return True
        if key in ("cfdi", "metadata"):
            return str(record.params.get("TipoSolicitud", "CFDI")).lower() == key
        if key in ("emitidos", "recibidos", "folio"):
            return record.operation == key
        if key == "ret":
            return record.family == "retenciones"
        return record.rfc == selector.upper()

    return lambda record: all(matches(record, selector) for selector in selectors)


@dataclass
class SandboxConfig:
    """Everything a :class:`~desktop_app.sandbox.server.SandboxServer` needs.

    Attributes:
        seed / invoices: the synthetic world (``World(seed, invoices)``).
        port: 0 picks a free port.
        ready_after: seconds per lifecycle step (1 → 2 → 3); 0 = finished at once.
        package_size: documents (or metadata rows) per package.
        max_cfdi_results / max_metadata_results: per-request limits; above them the request ends with
            EstadoSolicitud 5 + CodigoEstadoSolicitud 5003.
        lifetime_requests: identical requests accepted per (RFC, parameters); the next one gets 5002.
        package_downloads: downloads allowed per package; the next one gets 5008.
        package_lifetime: seconds a finished request's packages live (5007 / EstadoSolicitud 6 afterwards).
        token_lifetime: seconds a token is accepted (SAT: 5 minutes).
        token_error: how a call with a missing/unknown/expired token is answered: ``"soap300"`` (HTTP 200, the
            operation's normal answer with CodEstatus 300 "Usuario No Válido", default) or ``"http401"``
            (HTTP 401 with a SOAP fault).
        stuck: keep requests in state 1 forever: ``True`` for all, or a predicate over the request record.
        faults: fault specs (``"download:http500:times=2"``) or :class:`~desktop_app.sandbox.faults.Fault`.
        state_file: JSON file persisting requests, download counts and tokens across restarts.
        clock: the clock; real time by default.
        world: an already built world object (tests); built from seed/invoices when None.
        connection_timeout: seconds a connection may take to send a whole request (request line, headers and
            body; on a kept-alive connection, counted from the previous answer) and each write of an answer
            may wait; past it the connection is closed. 0 or None: no limit.
    """

    seed: int = 1
    invoices: int = 50_000
    port: int = 0
    host: str = "127.0.0.1"
    ready_after: float = 3.0
    package_size: int = 1000
    max_cfdi_results: int = 200_000
    max_metadata_results: int = 1_000_000
    lifetime_requests: int = 2
    package_downloads: int = 2
    package_lifetime: float = 72 * 3600
    token_lifetime: float = 300
    token_error: str = "soap300"  # noqa: S105 - a mode name, not a secret
    stuck: bool | Callable[[Any], bool] = False
    faults: list[Any] = field(default_factory=list)
    state_file: Path | str | None = None
    clock: SandboxClock = field(default_factory=SandboxClock)
    world: Any = None
    connection_timeout: float | None = 30.0
