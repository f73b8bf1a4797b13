"""SAT catalogs (code → Spanish description) for the invoice list and detail: the core's (one loader,
``core.vocabulary``), which reads ``resources/catalogs/sat-catalogs.json`` once, on first use.

The data is SAT's published catCFDI and the Nómina / Retenciones catalogs as packaged by satcfdi (MIT), 30 KB;
the 2.5 MB product/service keys are not shipped: the detail shows the concept's own description instead.
"""

from __future__ import annotations

from desktop_app.core.vocabulary import catalog_codes as codes
from desktop_app.core.vocabulary import catalog_label as labelled
from desktop_app.core.vocabulary import catalog_name

__all__ = ["codes", "description", "labelled"]


def description(catalog: str, code: str | None) -> str:
    """The Spanish description of ``code`` in ``catalog`` ("" when unknown)."""
    return catalog_name(catalog, code) if code else ""
