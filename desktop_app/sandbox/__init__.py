"""The SAT simulator ("sandbox"): a loopback HTTP server that speaks SAT's Descarga Masiva SOAP v1.5.

Start it from Python with :class:`SandboxServer` (see :mod:`desktop_app.sandbox.server`) or from the CLI with
``descarga-masiva sandbox serve``. Names are imported lazily so that importing this package stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "SandboxClock": "desktop_app.sandbox.clock",
    "SandboxConfig": "desktop_app.sandbox.config",
    "Fault": "desktop_app.sandbox.faults",
    "FaultSet": "desktop_app.sandbox.faults",
    "parse_fault_spec": "desktop_app.sandbox.faults",
    "SandboxServer": "desktop_app.sandbox.server",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(name)
    return getattr(importlib.import_module(module), name)
