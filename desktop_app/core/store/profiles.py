"""The ``profiles`` table: one row per RFC, its activation (the user's consent), its FIEL's metadata and its
registration with SAT.

Every SQL statement about profiles lives here; writes join the caller's transaction (``db.transaction``).
The FIEL files and password are not here: :class:`desktop_app.core.profiles.Profiles` keeps them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from desktop_app.core.store.db import ConnectionSource


@dataclass(frozen=True)
class Profile:
    """One profile as the app and the window read it (a snapshot: change it through the repository)."""

    rfc: str
    name: str
    created_at: int
    activated: bool
    activated_at: int | None
    deactivated_at: int | None
    fiel_serial: str | None
    fiel_legal_name: str | None
    fiel_expires_at: int | None
    fiel_uploaded_at: int | None
    registered: bool
    registered_at: int | None
    registration_error: str | None
    sync_start_date: str | None
    phone: str | None
    sync_enabled: bool

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Profile:
        return cls(
            rfc=row["rfc"],
            name=row["name"],
            created_at=row["created_at"],
            activated=bool(row["activated"]),
            activated_at=row["activated_at"],
            deactivated_at=row["deactivated_at"],
            fiel_serial=row["fiel_serial"],
            fiel_legal_name=row["fiel_legal_name"],
            fiel_expires_at=row["fiel_expires_at"],
            fiel_uploaded_at=row["fiel_uploaded_at"],
            registered=bool(row["registered"]),
            registered_at=row["registered_at"],
            registration_error=row["registration_error"],
            sync_start_date=row["sync_start_date"],
            phone=row["phone"],
            sync_enabled=bool(row["sync_enabled"]),
        )

    @property
    def has_fiel(self) -> bool:
        return self.fiel_serial is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "rfc": self.rfc,
            "name": self.name,
            "created_at": self.created_at,
            "activated": self.activated,
            "has_fiel": self.has_fiel,
            "fiel_serial_number": self.fiel_serial,
            "fiel_expires_at": self.fiel_expires_at,
            "registered": self.registered,
            "registered_at": self.registered_at,
            "sync_start_date": self.sync_start_date,
            "phone": self.phone,
            "sync_enabled": self.sync_enabled,
        }


@dataclass(frozen=True)
class FielMetadata:
    """What the ``profiles`` row keeps of an uploaded FIEL (times in ms)."""

    serial_number: str
    legal_name: str
    valid_from: int
    expires_at: int
    uploaded_at: int


class ProfileRepository:
    """Reads and writes of profile rows. Writes join the caller's transaction (``db.transaction``)."""

    def __init__(self, db: ConnectionSource) -> None:
        self.db = db

    # -- reading -------------------------------------------------------------------------------------------

    def get(self, rfc: str) -> Profile | None:
        row = self.db.get().execute("SELECT * FROM profiles WHERE rfc = ?", (rfc,)).fetchone()
        return Profile.from_row(row) if row is not None else None

    def exists(self, rfc: str) -> bool:
        return self.db.get().execute("SELECT 1 FROM profiles WHERE rfc = ?", (rfc,)).fetchone() is not None

    def list_all(self) -> list[Profile]:
        rows = self.db.get().execute("SELECT * FROM profiles ORDER BY rfc").fetchall()
        return [Profile.from_row(r) for r in rows]

    def rfcs(self) -> list[str]:
        """Every profile's RFC, in order (``database restore`` says which profiles a backup brought back)."""
        return [str(row[0]) for row in self.db.get().execute("SELECT rfc FROM profiles ORDER BY rfc")]

    # -- writing -------------------------------------------------------------------------------------------

    def insert(self, rfc: str, name: str, created_at: int) -> None:
        self.db.get().execute("INSERT INTO profiles(rfc, name, created_at) VALUES (?, ?, ?)", (rfc, name, created_at))

    def delete(self, rfc: str) -> None:
        """The profile row; its schedule goes with it (``ON DELETE CASCADE``). The index of its invoices is
        :meth:`InvoiceRepository.delete_for`'s; the request ledger is kept, as before."""
        self.db.get().execute("DELETE FROM profiles WHERE rfc = ?", (rfc,))

    def activate(self, rfc: str, at: int) -> None:
        self.db.get().execute(
            "UPDATE profiles SET activated = 1, activated_at = ?, deactivated_at = NULL WHERE rfc = ?", (at, rfc)
        )

    def deactivate(self, rfc: str, at: int) -> None:
        self.db.get().execute("UPDATE profiles SET activated = 0, deactivated_at = ? WHERE rfc = ?", (at, rfc))

    def set_fiel(self, rfc: str, fiel: FielMetadata, *, sync_start: str, phone: str | None) -> None:
        """A new FIEL: its metadata, the sync start and phone chosen with it; registration starts over, and an
        unnamed profile takes the FIEL's legal name."""
        self.db.get().execute(
            """UPDATE profiles SET fiel_serial = ?, fiel_legal_name = ?, fiel_valid_from = ?,
                   fiel_expires_at = ?, fiel_uploaded_at = ?, sync_start_date = ?, phone = ?,
                   registered = 0, registered_at = NULL, registration_error = NULL,
                   name = CASE WHEN name = '' THEN ? ELSE name END
               WHERE rfc = ?""",
            (
                fiel.serial_number,
                fiel.legal_name,
                fiel.valid_from,
                fiel.expires_at,
                fiel.uploaded_at,
                sync_start,
                phone,
                fiel.legal_name,
                rfc,
            ),
        )

    def clear_fiel(self, rfc: str) -> None:
        self.db.get().execute(
            """UPDATE profiles SET fiel_serial = NULL, fiel_legal_name = NULL, fiel_valid_from = NULL,
                   fiel_expires_at = NULL, fiel_uploaded_at = NULL, registered = 0, registered_at = NULL
               WHERE rfc = ?""",
            (rfc,),
        )

    def set_registered(self, rfc: str, at: int) -> None:
        self.db.get().execute(
            "UPDATE profiles SET registered = 1, registered_at = ?, registration_error = NULL WHERE rfc = ?",
            (at, rfc),
        )

    def set_registration_failed(self, rfc: str, error: str | None) -> None:
        self.db.get().execute("UPDATE profiles SET registered = 0, registration_error = ? WHERE rfc = ?", (error, rfc))

    def enable_sync(self, rfc: str, at: int) -> None:
        self.db.get().execute("UPDATE profiles SET sync_enabled = 1, sync_enabled_at = ? WHERE rfc = ?", (at, rfc))
