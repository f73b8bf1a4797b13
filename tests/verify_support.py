"""Helpers for the bulk status checks' tests (issue 17.3): what the sandbox saw, and an index of its world's XML.

The sandbox is the judge of the rate: :func:`record_consulta` timestamps every ConsultaCFDI call when the server
receives it (``time.monotonic()``, on the server's side of the loopback), whoever made it — this process, or a CLI
in a subprocess.
"""

from __future__ import annotations

import itertools
import re
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

RFC = "EKU9003173C9"
CONSULTA_ACTION = "IConsultaCFDIService/Consulta"
_UUID = re.compile(rb"id=([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})")


class ConsultaLog:
    """(arrival time, UUID) of every ConsultaCFDI call the sandbox received, in order."""

    def __init__(self) -> None:
        self.calls: list[tuple[float, str]] = []
        self._lock = threading.Lock()
        self.arrived = threading.Condition(self._lock)

    def add(self, uuid: str) -> None:
        with self._lock:
            self.calls.append((time.monotonic(), uuid))
            self.arrived.notify_all()

    def uuids(self) -> list[str]:
        with self._lock:
            return [uuid for _, uuid in self.calls]

    def times(self) -> list[float]:
        with self._lock:
            return [moment for moment, _ in self.calls]

    def wait_for(self, count: int, timeout: float) -> bool:
        """Block until ``count`` calls arrived (a condition, not a sleep); False on timeout."""
        with self._lock:
            return self.arrived.wait_for(lambda: len(self.calls) >= count, timeout)

    def never_faster_than(self, rate: float, jitter: float = 0.02) -> bool:
        """True when no span of the calls went faster than ``rate``: calls i and j (i < j) are at least
        (j - i) / rate seconds apart, less ``jitter`` (the loopback's, on a busy machine)."""
        moments = self.times()
        return all(
            moments[j] - moments[i] >= (j - i) / rate - jitter
            for i in range(len(moments))
            for j in range(i + 1, len(moments))
        )

    def gaps(self) -> list[float]:
        moments = self.times()
        return [b - a for a, b in itertools.pairwise(moments)]


def record_consulta(sandbox: Any) -> ConsultaLog:
    """Wrap the sandbox's dispatcher so every ConsultaCFDI call is logged as it arrives."""
    log = ConsultaLog()
    handle = sandbox.handle

    def recording(path: str, headers: Any, body: bytes) -> Any:
        if CONSULTA_ACTION in (headers.get("SOAPAction") or ""):
            found = _UUID.search(body)
            log.add(found.group(1).decode().upper() if found else "")
        return handle(path, headers, body)

    sandbox.handle = recording
    return log


def world_headers(world: Any, start: datetime, end: datetime, at: datetime) -> list[Any]:
    """The world's CFDI of RFC issued and received in [start, end] as SAT knows them at ``at`` (naive Mexico
    City); RFCs with "&" left out (the sandbox matches the raw expression, see test_consulta)."""
    found = []
    for direction in ("issued", "received"):
        for header in world.find(rfc=RFC, direction=direction, start=start, end=end, at=at):
            if "&" not in header.issuer_rfc + header.receiver_rfc:
                found.append(header)
    return found


def write_xml(world: Any, headers: list[Any], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for header in headers:
        (folder / f"{header.uuid}.xml").write_bytes(world.xml(header))
    return folder


def expected_status(header: Any, at: datetime) -> str:
    """What SAT answers of ``header`` at ``at``, as the index writes it."""
    return "cancelado" if header.status_at(at) == "Cancelado" else "vigente"
