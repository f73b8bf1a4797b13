"""Profiles (one per RFC), activation (the user's consent) and the stored FIEL.

"Team RFC" of the seed becomes a profile: each has its own FIEL, schedule and history. The FIEL files are
kept as given (the ``.key`` still encrypted) under ``<home>/<RFC>/fiel/`` with mode 0600; the password
goes to the keyring (:mod:`desktop_app.core.secrets`), never to disk.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop_app.core.clock import Clock, from_ms, mexico_now, to_ms
from desktop_app.core.errors import AppError
from desktop_app.core.fiel import Fiel, load_fiel, readable_utc, require_encrypted_key
from desktop_app.core.secrets import SecretStore
from desktop_app.core.store.db import ConnectionSource, transaction
from desktop_app.core.store.invoices import InvoiceRepository
from desktop_app.core.store.profiles import FielMetadata, ProfileRepository
from desktop_app.core.store.profiles import Profile as Profile  # the record crosses here to the CLI and GUI
from desktop_app.core.store.schedules import ScheduleRepository
from desktop_app.core.store.sync_runs import SyncRunRepository
from desktop_app.core.store.vault import atomic_write, fiel_dir, private_dirs

# RFC: 3 (company) or 4 (person) letters incl. Ñ and &, date YYMMDD, 3-char homoclave.
RFC_RE = re.compile(r"^[A-ZÑ&]{3,4}[0-9]{6}[A-Z0-9]{3}$")
PHONE_RE = re.compile(r"^\+52[0-9]{10}$")
MAX_SYNC_MONTHS_BACK = 71

# SAT's check digit (the last character of the homoclave), from SAT's «Algoritmo para generar el RFC con
# homoclave para personas físicas y morales» (answer to INFOMEX request 0610100135506, 18/10/2006, Anexo 3),
# reproduced at https://solucionfactible.com/sfic/capitulos/timbrado/rfc-digito-verificador.jsp and implemented
# the same way by python-stdnum (stdnum/mx/rfc.py). Each of the 12 characters before the digit (a company's 11
# get a leading blank) takes its value in this table, weighted 13 down to 2; the digit is 11 − (sum mod 11), with
# 11 → "0" and 10 → "A". Checked against SAT970701NN3, IMS421231I45, CFE370814QI0 and EKU9003173C9.
_CHECK_DIGIT_VALUES = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ"
# RFCs that SAT itself uses without a matching digit: the generic RFCs of the CFDI rules (público en general,
# extranjeros) and AAA010101AAA, the RFC of the test certificates (FIEL and CSD) SAT publishes for developers.
# A taxpayer's own RFC never needs this list: SAT assigns the digit with the algorithm above.
RFC_WITHOUT_CHECK_DIGIT = frozenset({"XAXX010101000", "XEXX010101000", "AAA010101AAA"})
# SAT's generic RFCs: a counterpart without one, never a profile's own.
GENERIC_RFCS = {"XAXX010101000": "the general public (público en general)", "XEXX010101000": "a foreign party"}


def rfc_check_digit(rfc_without_digit: str) -> str:
    """The check digit SAT's algorithm gives for the first 11 (company) or 12 (person) characters of an RFC."""
    padded = rfc_without_digit.rjust(12)[-12:]
    total = sum(_CHECK_DIGIT_VALUES.index(char) * (13 - i) for i, char in enumerate(padded))
    return _CHECK_DIGIT_VALUES[(11 - total) % 11]


def rfc_problem(value: str) -> str | None:
    """Why ``value`` is not an RFC SAT could have assigned (``format``, ``date``, ``check_digit``), or None."""
    rfc = (value or "").strip().upper()
    if not RFC_RE.match(rfc):
        return "format"
    if rfc in RFC_WITHOUT_CHECK_DIGIT:
        return None
    digits = rfc[-9:-3]
    year, month, day = int(digits[:2]), int(digits[2:4]), int(digits[4:])
    # Two-digit year: 19yy or 20yy, so 29 February is a date when either century makes it one.
    if not any(_is_date(century + year, month, day) for century in (1900, 2000)):
        return "date"
    if rfc_check_digit(rfc[:-1]) != rfc[-1]:
        return "check_digit"
    return None


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def normalize_rfc(value: str, *, accept_check_digit: bool = False) -> str:
    """The RFC in upper case; ``invalid_rfc`` (with ``reason``) unless SAT could have assigned it.

    Strict: the date must exist and the check digit must match (a typo in any character changes the digit).
    ``accept_check_digit``: a digit that does not verify is let through — SAT assigned some RFCs, long ago,
    whose digit does not follow its own algorithm; the caller must have better evidence (the taxpayer's
    e.firma, which names the RFC SAT issued it to, or the user's explicit word in the CLI).
    Counterpart RFCs in SAT queries are checked elsewhere (``sat.query``) and only for their shape.
    """
    rfc = (value or "").strip().upper()
    problem = rfc_problem(rfc)
    if problem == "format":
        raise AppError(
            "invalid_rfc", f"{value!r} is not a valid RFC (12 or 13 characters).", field="rfc", reason=problem
        )
    if problem == "date":
        raise AppError(
            "invalid_rfc",
            f"{rfc} is not a valid RFC: {rfc[-9:-3]} is not a date (YYMMDD).",
            field="rfc",
            reason=problem,
        )
    if problem == "check_digit" and not accept_check_digit:
        raise AppError(
            "invalid_rfc",
            f"{rfc} is not a valid RFC: its last character (the check digit) does not match the rest; check it.",
            field="rfc",
            reason=problem,
        )
    return rfc


def normalize_phone(value: str | None) -> str | None:
    """A Mexican phone in the seed's one form, ``+52`` and 10 digits (``+525512345678``); None when empty.

    Accepted as people write them, with spaces, dashes, dots or parentheses: ``+52`` + 10 digits, the old
    mobile form ``+52 1`` + 10 digits (the ``1`` is dropped: Mexico stopped using it in 2019, and the 10
    digits are the whole number), and the same without the ``+`` (``52…``, ``521…``) or a bare 10-digit
    national number, taken as ``+52``.
    """
    if value is None or not value.strip():
        return None
    text = re.sub(r"[\s\-().]", "", value)
    plus = text.startswith("+")
    digits = text[1:] if plus else text
    number = None
    if digits.isascii() and digits.isdigit():
        if len(digits) == 12 and digits.startswith("52"):
            number = digits[2:]
        elif len(digits) == 13 and digits.startswith("521"):
            number = digits[3:]
        elif len(digits) == 10 and not plus:
            number = digits
    if number is None or not PHONE_RE.match("+52" + number):
        raise AppError(
            "invalid_phone",
            "The phone must be a Mexican number: +52 and 10 digits (the mobile form +52 1 and 10 digits is "
            "accepted too), e.g. +52 55 1234 5678.",
            field="phone",
        )
    return "+52" + number


def earliest_sync_start(today: date) -> date:
    """The first day of the month 71 months back: the oldest period SAT's six-year window still serves."""
    months = today.year * 12 + (today.month - 1) - MAX_SYNC_MONTHS_BACK
    return date(months // 12, months % 12 + 1, 1)


def parse_sync_start(value: str | None, today: date) -> str:
    earliest = earliest_sync_start(today)
    if value is None or not value.strip():
        return earliest.isoformat()
    try:
        chosen = date.fromisoformat(value.strip())
    except ValueError:
        raise AppError(
            "invalid_sync_start_date", "sync_start_date must be a date YYYY-MM-DD.", field="sync_start_date"
        ) from None
    if chosen < earliest:
        raise AppError(
            "invalid_sync_start_date",
            f"sync_start_date can go back at most {MAX_SYNC_MONTHS_BACK} months (not before {earliest}).",
            field="sync_start_date",
            earliest=earliest.isoformat(),
        )
    if chosen > today:
        raise AppError("invalid_sync_start_date", "sync_start_date cannot be in the future.", field="sync_start_date")
    return chosen.isoformat()


class Profiles:
    """Profile rows, activation and FIEL storage for one data home."""

    def __init__(self, home: Path, db: ConnectionSource, clock: Clock, secrets: SecretStore) -> None:
        self.home = home
        self._db = db
        self.store = ProfileRepository(db)
        self.schedules = ScheduleRepository(db)
        self.runs = SyncRunRepository(db)
        self.clock = clock
        self.secrets = secrets
        # Decrypting a FIEL key (PBKDF2) takes tens of ms: keep the unlocked FIEL for the session.
        self._unlocked: dict[str, Fiel] = {}

    @property
    def conn(self) -> sqlite3.Connection:
        return self._db.get()

    # -- profiles -------------------------------------------------------------------------------------

    def add(self, rfc: str, name: str = "", *, accept_check_digit: bool = False) -> Profile:
        """A new profile (``invalid_rfc``, ``profile_exists``); see :func:`normalize_rfc` for the check digit."""
        rfc = normalize_rfc(rfc, accept_check_digit=accept_check_digit)
        if rfc in GENERIC_RFCS:
            # «Público en general» and «extranjero» stand for a counterpart without an RFC on an invoice; no
            # taxpayer holds them (no e.firma is issued to them), and their profile would gather every client's
            # sales to the general public.
            raise AppError(
                "invalid_rfc",
                f"{rfc} is SAT's generic RFC for {GENERIC_RFCS[rfc]} on an invoice, not a taxpayer's: add the RFC of "
                "the taxpayer whose invoices you want.",
                field="rfc",
                reason="generic",
            )
        with transaction(self.conn):
            if self.store.exists(rfc):
                raise AppError("profile_exists", f"There is already a profile for {rfc}.", rfc=rfc)
            self.store.insert(rfc, name.strip(), to_ms(self.clock.now()))
            self.schedules.create(rfc)
        return self.get(rfc)

    def list(self) -> list[Profile]:
        return self.store.list_all()

    def get(self, rfc: str) -> Profile:
        profile = self.store.get((rfc or "").strip().upper())
        if profile is None:
            raise AppError(
                "profile_not_configured",
                f"There is no profile for {rfc}: add it with `profile add RFC`.",
                rfc=rfc,
            )
        return profile

    def resolve(self, rfc: str | None) -> Profile:
        """The profile named, or the only one; ``profile_not_configured`` when there is none to pick."""
        if rfc:
            return self.get(rfc)
        profiles = self.list()
        if not profiles:
            raise AppError("profile_not_configured", "No RFC is configured yet: add one with `profile add RFC`.")
        if len(profiles) > 1:
            raise AppError(
                "profile_required",
                "There are several profiles: choose one with --rfc.",
                profiles=[p.rfc for p in profiles],
            )
        return profiles[0]

    def remove(self, rfc: str) -> dict[str, Any]:
        """Forget the profile's ledger and index; its XML files stay on disk (nothing is ever lost).

        The e.firma does not stay: its ``.cer``/``.key`` (and the folder, when nothing else is in it) are
        deleted and its password leaves the keyring — a profile that is gone must not leave a usable FIEL
        behind. ``fiel_removed`` says whether that worked; when not, ``fiel_kept`` says what is left and why.
        """
        profile = self.get(rfc)
        with transaction(self.conn):
            self.runs.delete_for(profile.rfc)
            InvoiceRepository(self._db).delete_for(profile.rfc)
            self.store.delete(profile.rfc)
        self._unlocked.pop(profile.rfc, None)
        kept: list[dict[str, str]] = []
        for path in self.fiel_paths(profile.rfc):
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                kept.append({"path": str(path), "reason": exc.strerror or type(exc).__name__})
        with contextlib.suppress(OSError):
            fiel_dir(self.home, profile.rfc).rmdir()  # only when empty: a file the user put there stays
        if self.secrets.delete_password(profile.rfc) is False:
            kept.append({"path": "keyring", "reason": self.secrets.keyring_problem or "the keyring refused"})
        result: dict[str, Any] = {
            "rfc": profile.rfc,
            "removed": True,
            "files_kept_at": str(self.home / profile.rfc),
            "fiel_removed": not kept,
        }
        if kept:
            result["fiel_kept"] = kept
        return result

    # -- activation ------------------------------------------------------------------------------------

    def set_activated(self, rfc: str, activated: bool) -> Profile:
        profile = self.get(rfc)
        now = to_ms(self.clock.now())
        with transaction(self.conn):
            if activated:
                self.store.activate(profile.rfc, now)
                if not profile.activated:
                    # The daily sync a deactivation stopped comes back with the activation: «puedes activarla de
                    # nuevo» left it off, with «✓ Al día» beside it. Its next run catches up from its last one. One
                    # the owner had turned off before deactivating stays off.
                    self.schedules.resume(profile.rfc, now)
            else:
                self.store.deactivate(profile.rfc, now)
                self.schedules.pause(profile.rfc)
        return self.get(profile.rfc)

    def require_active(self, profile: Profile) -> None:
        if not profile.activated:
            raise AppError(
                "not_activated",
                "Descarga Masiva is not activated for this RFC: run `activation on` to give your consent.",
                rfc=profile.rfc,
            )

    # -- FIEL ------------------------------------------------------------------------------------------

    def fiel_paths(self, rfc: str) -> tuple[Path, Path]:
        folder = fiel_dir(self.home, rfc)
        return folder / f"{rfc}.cer", folder / f"{rfc}.key"

    def store_fiel(
        self,
        profile: Profile,
        fiel: Fiel,
        cer: bytes,
        key: bytes,
        password: str,
        sync_start: str,
        phone: str | None,
    ) -> tuple[Profile, bool]:
        """Save files (0600), password (keyring) and metadata; returns (profile, password_in_keyring)."""
        require_encrypted_key(key)  # never a private key in clear on disk, whatever the caller checked
        cer_path, key_path = self.fiel_paths(profile.rfc)
        private_dirs(cer_path.parent)
        cer_path.parent.chmod(0o700)
        atomic_write(cer_path, cer, mode=0o600)
        atomic_write(key_path, key, mode=0o600)
        in_keyring = self.secrets.set_password(profile.rfc, password)
        info = fiel.info
        metadata = FielMetadata(
            serial_number=info.serial_number,
            legal_name=info.legal_name,
            valid_from=to_ms(info.valid_from),
            expires_at=to_ms(info.valid_to),
            uploaded_at=to_ms(self.clock.now()),
        )
        with transaction(self.conn):
            self.store.set_fiel(profile.rfc, metadata, sync_start=sync_start, phone=phone)
        return self.get(profile.rfc), in_keyring

    def forget_fiel(self, rfc: str) -> None:
        self._unlocked.pop(rfc, None)
        for path in self.fiel_paths(rfc):
            path.unlink(missing_ok=True)
        self.secrets.delete_password(rfc)
        with transaction(self.conn):
            self.store.clear_fiel(rfc)

    def load_fiel(self, profile: Profile, password: str | None = None) -> Fiel:
        """The stored FIEL, decrypted with the keyring's password (or the one given)."""
        cer_path, key_path = self.fiel_paths(profile.rfc)
        if not profile.has_fiel or not cer_path.exists() or not key_path.exists():
            raise AppError(
                "fiel_missing",
                f"No FIEL is stored for {profile.rfc}: upload it with `fiel upload`.",
                rfc=profile.rfc,
            )
        cached = self._unlocked.get(profile.rfc)
        if password is None and cached is not None and cached.info.serial_number == profile.fiel_serial:
            now = self.clock.now()
            if not cached.info.is_valid_at(now):
                raise AppError(
                    "certificate_expired",
                    f"The certificate expired on {cached.info.valid_to:%Y-%m-%d}: renew the e.firma at SAT.",
                )
            return cached
        secret = password if password is not None else self.secrets.get_password(profile.rfc)
        if secret is None:
            raise AppError("password_required", self.secrets.unlock_advice, rfc=profile.rfc)
        return load_fiel(
            cer_path.read_bytes(),
            key_path.read_bytes(),
            secret,
            now=self.clock.now(),
            expected_rfc=profile.rfc,
        )

    def record_registration(self, rfc: str, ok: bool, error: str | None, *, at: int | None = None) -> Profile:
        """SAT's answer to the registration (``at``: when SAT answered, in ms; now by default)."""
        with transaction(self.conn):
            if ok:
                self.store.set_registered(rfc, at or to_ms(self.clock.now()))
            else:
                self.store.set_registration_failed(rfc, error)
        return self.get(rfc)

    def mark_sync_enabled(self, rfc: str) -> None:
        """The backfill and daily sync were switched on (``sync enable``)."""
        with transaction(self.conn):
            self.store.enable_sync(rfc, to_ms(self.clock.now()))

    def today(self) -> date:
        return mexico_now(self.clock).date()

    def fiel_status(self, profile: Profile) -> dict[str, Any]:
        """Expiry facts for `schedule show`, `debug` and the GUI banner (warn within 30 days)."""
        return fiel_facts(profile, self.clock.now())


def fiel_facts(profile: Profile, now: datetime) -> dict[str, Any]:
    """:meth:`Profiles.fiel_status` at ``now`` (the office server's client computes it from the profile it got)."""
    if profile.fiel_expires_at is None:
        return {"uploaded": False}
    expires = from_ms(profile.fiel_expires_at)
    days_left = (expires - now).days
    return {
        "uploaded": True,
        "serial_number": profile.fiel_serial,
        "expires_at": profile.fiel_expires_at,
        "expires_at_readable": readable_utc(expires),
        "days_left": days_left,
        "expired": now > expires,
        "expires_soon": now <= expires and days_left < 30,
    }
