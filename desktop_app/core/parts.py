"""What the service's parts share for one data home: built once by ``DescargaService``, handed to each part
(runner, invoice operations) instead of the same six arguments each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.clock import Clock
from desktop_app.core.ledger import Ledger
from desktop_app.core.profiles import Profiles
from desktop_app.core.sat.protocol import SatClientFactory
from desktop_app.core.store.db import ConnectionPerThread


@dataclass(frozen=True)
class HomeParts:
    """One data home's folder, database, clock, profiles and ledger, and how to reach SAT.

    ``sat_factory`` is called at each use, so a service whose factory is replaced (tests, the demo) is obeyed.
    """

    home: Path
    db: ConnectionPerThread
    clock: Clock
    profiles: Profiles
    ledger: Ledger
    sat_factory: SatClientFactory
