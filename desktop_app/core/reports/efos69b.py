"""The 69-B rule of the reports (CFF art. 69-B; the list: ``core.efos``): a CFDI issued by a taxpayer whose
situation on SAT's list is *definitivo* has no fiscal effect — what the taxpayer received from it is neither
deductible (``report isr``) nor creditable (``report iva``); it is shown apart, with its UUIDs.

The list is the one loaded last (``lists import``), read as it is when the report runs: CFF art. 69-B fourth
paragraph takes away the effects of *every* comprobante the definitivo taxpayer issued ("no producen ni produjeron
efecto fiscal alguno"), whatever its date. Counterparts listed as *presunto* are counted and named in the notes:
nothing is final yet. *Desvirtuado* and *sentencia favorable* are counted as any other.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.store.db import Single
from desktop_app.core.store.efos import EfosRepository
from desktop_app.core.store.taxes import IncomeReads


@dataclass
class Listed69B:
    """The profile's suppliers on the loaded 69-B list."""

    loaded: bool
    list_date: str | None
    definitivos: dict[str, dict[str, Any]] = field(default_factory=dict)
    presuntos: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, conn: sqlite3.Connection, rfc: str) -> Listed69B:
        meta = EfosRepository(Single(conn)).load_import()
        out = cls(meta is not None, meta["list_date"] if meta else None)
        if meta is None:
            return out
        for row in IncomeReads(Single(conn)).listed_issuers(rfc):
            entry = {"rfc": row["rfc"], "name": row["name"], "situation": row["situation"]}
            if row["situation"] == "definitivo":
                entry["definitivo_date"] = row["definitivo_dof"] or row["definitivo_sat"]
                out.definitivos[row["rfc"]] = entry
            elif row["situation"] == "presunto":
                out.presuntos[row["rfc"]] = entry
        return out

    def definitivo_documents(self, conn: sqlite3.Connection, rfc: str, start: str, end: str) -> set[str]:
        """UUIDs of the documents ``rfc`` received from a definitivo issuer, issued in [start, end)."""
        if not self.definitivos:
            return set()
        rows = IncomeReads(Single(conn)).received_from(rfc, list(self.definitivos), start, end)
        return {row["uuid"] for row in rows}

    def definitivo_receipts(self, conn: sqlite3.Connection, receipt_ids: Iterable[int]) -> set[int]:
        """Of these complementos de pago (``invoices.id``), those issued by a definitivo taxpayer."""
        if not self.definitivos:
            return set()
        rows = IncomeReads(Single(conn)).receipts(receipt_ids)
        return {int(row["id"]) for row in rows if (row["issuer_rfc"] or "") in self.definitivos}

    def to_json(self) -> dict[str, Any]:
        """What the report says about the list: loaded, its date, the definitivo and presunto suppliers."""
        return {
            "loaded": self.loaded,
            "list_date": self.list_date,
            "definitivos": sorted(self.definitivos.values(), key=lambda e: e["rfc"]),
            "presuntos": sorted(self.presuntos.values(), key=lambda e: e["rfc"]),
        }
