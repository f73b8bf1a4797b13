"""Homes for the Reportes and 69-B tests: the reports' scenario (tests/core/reports/scenario.py: Jan–May 2025,
PUE and PPD with payments, credit notes, USD, cancelled documents) imported the way a user does it — the XML
folder, then SAT's metadata — and a small 69-B list in SAT's layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.core.reports import scenario
from tests.efos_support import list_text, row


def import_scenario(service: Any, folder: Path) -> None:
    base = scenario.write(folder)
    service.add_profile(scenario.OWNER, "Escuela Kemper Urgate")
    imported = service.import_invoices(scenario.OWNER, [str(base / "xml")])
    assert imported["added"] == len(scenario.documents()), imported
    service.import_invoices(scenario.OWNER, [str(base / "metadata.txt")])


def import_efos(service: Any, folder: Path) -> dict[str, Any]:
    """A 69-B list where the scenario's supplier is *definitivo* and its client *presunto*, loaded with the real
    import (``lists import``'s path)."""
    rows = [
        row(1, scenario.SUPPLIER, "INDUSTRIAS INEXISTENTES SA DE CV", "Definitivo",
            presunto=("16/02/2018", "08/03/2018"), definitivo=("20/09/2018", "05/10/2018")),
        row(2, scenario.CLIENT, "CLIENTE PRESUNTO SA", "Presunto", presunto=("01/02/2024", "15/02/2024")),
    ]  # fmt: skip
    path = folder / "Listado_Completo_69-B.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(list_text(rows).encode("cp1252"))
    return service.import_efos_list(path)
