"""SAT catalogs (code → Spanish description), loaded once, on first use.

The data is SAT's published catCFDI and the Nómina / Retenciones catalogs as packaged by satcfdi (MIT),
shipped in ``resources/catalogs/sat-catalogs.json`` (30 KB; the 2.5 MB product/service keys
are not shipped: the detail shows the concept's own description instead).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

CATALOGS_FILE = resources.files("desktop_app.resources") / "catalogs" / "sat-catalogs.json"


@cache
def _catalogs() -> dict[str, dict[str, Any]]:
    try:
        return json.loads(CATALOGS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # a broken install still shows codes
        return {}


def description(catalog: str, code: str | None) -> str:
    """The Spanish description of ``code`` in ``catalog`` ("" when unknown)."""
    if not code:
        return ""
    entry = _catalogs().get(catalog, {}).get(code)
    if isinstance(entry, dict):
        entry = entry.get("descripcion")
    return entry if isinstance(entry, str) else ""


def labelled(catalog: str, code: str | None) -> str:
    """``"03 — Transferencia electrónica de fondos"``; the bare code when the catalog does not know it."""
    if not code:
        return ""
    text = description(catalog, code)
    return f"{code} — {text}" if text else code
