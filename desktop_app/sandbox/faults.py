"""Fault injection: make the sandbox misbehave the ways SAT does (sat-protocol.md §9).

Spec grammar (CLI ``--fault SPEC``, Python ``FaultSet.add_spec``)::

    SPEC   := OP ":" KIND { ":" OPTION }
    OP     := auth | query | verify | download | consulta | *      (* = every operation)
    KIND   := http500 | late_http500 | delay | drop | error404 | truncate | token_expiry | bad_base64 | not_zip
            | corrupt_entry | empty_zip | not_found
    OPTION := times=N | p=P | seconds=S

* ``http500``      HTTP 500 with a SOAP ``s:Fault`` (WCF InternalServiceFault); nothing is processed.
* ``late_http500`` processes the call (a request is registered, a download counted), then answers HTTP 500 with a
                   SOAP fault instead (WCF's "the request channel timed out while waiting for a reply").
* ``delay``        waits ``seconds`` (default 5) before answering normally.
* ``drop``         closes the connection without answering; nothing is processed.
* ``error404``     the operation's normal answer with ``CodEstatus 404`` "Error no controlado."; nothing processed.
* ``truncate``     processes the call, then sends only the first half of the body (Content-Length matches the
                   truncated body, so the HTTP exchange is valid but the XML is not).
* ``token_expiry`` on ``auth``: the token issued now dies after ``seconds`` (default 0) although the answer
                   still says 5 minutes; on other operations: the presented token is revoked and the call is
                   answered as with an expired token.
* ``bad_base64``   (download) the call is processed (it counts) but ``Paquete`` is not valid base64.
* ``not_zip``      (download) the call is processed (it counts) but ``Paquete`` decodes to bytes that are no ZIP.
* ``corrupt_entry`` (download) the call is processed (it counts) but the ZIP's first entry fails its CRC check.
* ``empty_zip``    (download) the call is processed (it counts) but the ZIP holds no entry.
* ``not_found``    (download) answers 5004 "No se encontró la información" for a package it listed; not counted.

A fault fires on every matching call unless ``times=N`` (the first N matching calls) or ``p=P`` (each call
with probability P, drawn from a generator seeded with the sandbox seed) limit it; both may be combined.
Examples: ``download:http500:times=2``, ``*:delay:seconds=1.5:p=0.2``, ``auth:token_expiry:seconds=10``.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass

OPERATIONS = ("auth", "query", "verify", "download", "consulta")
KINDS = (
    "http500",
    "late_http500",
    "delay",
    "drop",
    "error404",
    "truncate",
    "token_expiry",
    "bad_base64",
    "not_zip",
    "corrupt_entry",
    "empty_zip",
    "not_found",
)
# Faults that replace the answer before anything is processed, vs. ones that alter a processed answer.
PRE_KINDS = ("http500", "drop", "error404")


class FaultSpecError(ValueError):
    """A ``--fault`` spec that does not follow the grammar."""


@dataclass
class Fault:
    """One injected fault. ``times`` None = unlimited; ``probability`` None = always."""

    op: str
    kind: str
    times: int | None = None
    probability: float | None = None
    seconds: float | None = None
    fired: int = 0

    def __post_init__(self) -> None:
        if self.op != "*" and self.op not in OPERATIONS:
            raise FaultSpecError(f"unknown operation {self.op!r} (one of {', '.join(OPERATIONS)}, *)")
        if self.kind not in KINDS:
            raise FaultSpecError(f"unknown fault kind {self.kind!r} (one of {', '.join(KINDS)})")
        if self.times is not None and self.times < 0:
            raise FaultSpecError("times must be >= 0")
        if self.probability is not None and not 0 <= self.probability <= 1:
            raise FaultSpecError("p must be between 0 and 1")

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.fired >= self.times

    def matches(self, op: str) -> bool:
        return self.op in ("*", op)

    def to_spec(self) -> str:
        parts = [self.op, self.kind]
        if self.times is not None:
            parts.append(f"times={self.times}")
        if self.probability is not None:
            parts.append(f"p={self.probability:g}")
        if self.seconds is not None:
            parts.append(f"seconds={self.seconds:g}")
        return ":".join(parts)


def parse_fault_spec(spec: str) -> Fault:
    """``"download:http500:times=2"`` → ``Fault("download", "http500", times=2)``."""
    parts = [p.strip() for p in spec.strip().split(":")]
    if len(parts) < 2 or not parts[0] or not parts[1]:
        raise FaultSpecError(f"fault spec {spec!r}: expected OP:KIND[:times=N][:p=P][:seconds=S]")
    options: dict[str, str] = {}
    for option in parts[2:]:
        key, sep, value = option.partition("=")
        if not sep or key not in ("times", "p", "seconds"):
            raise FaultSpecError(f"fault spec {spec!r}: bad option {option!r}")
        options[key] = value
    try:
        return Fault(
            op=parts[0],
            kind=parts[1],
            times=int(options["times"]) if "times" in options else None,
            probability=float(options["p"]) if "p" in options else None,
            seconds=float(options["seconds"]) if "seconds" in options else None,
        )
    except ValueError as exc:
        if isinstance(exc, FaultSpecError):
            raise
        raise FaultSpecError(f"fault spec {spec!r}: {exc}") from None


class FaultSet:
    """The active faults of one server; thread-safe. ``server.faults.add("download", "http500", times=2)``."""

    def __init__(self, seed: int = 1) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._random = random.Random(seed)  # noqa: S311 - reproducible fault draws, not crypto

    def add(
        self,
        op: str,
        kind: str,
        *,
        times: int | None = None,
        probability: float | None = None,
        seconds: float | None = None,
    ) -> Fault:
        return self.add_fault(Fault(op, kind, times=times, probability=probability, seconds=seconds))

    def add_fault(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def add_spec(self, spec: str) -> Fault:
        return self.add_fault(parse_fault_spec(spec))

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def remove(self, fault: Fault) -> None:
        with self._lock:
            if fault in self._faults:
                self._faults.remove(fault)

    def __iter__(self):
        with self._lock:
            return iter(list(self._faults))

    def __len__(self) -> int:
        with self._lock:
            return len(self._faults)

    def draw(self, op: str) -> list[Fault]:
        """The faults that fire for this call (each counted as fired)."""
        fired = []
        with self._lock:
            for fault in self._faults:
                if not fault.matches(op) or fault.exhausted:
                    continue
                if fault.probability is not None and self._random.random() >= fault.probability:
                    continue
                fault.fired += 1
                fired.append(fault)
        return fired
