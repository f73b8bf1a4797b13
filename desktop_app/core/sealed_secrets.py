"""FIEL passwords on the office server: sealed (AES-256-GCM) with a vault key kept outside the database.

The desktop keeps each password in the OS keyring (:mod:`desktop_app.core.secrets`). A server has no user session
and no keyring, yet it must unlock every RFC's FIEL for the daily sync: :class:`SealedSecretStore` is the same
interface, storing each password encrypted in the database's ``sealed_secrets`` table with a 256-bit key read
from a file of its own (0600, by default ``<home>/server/vault.key``; ``--vault-key FILE`` keeps it elsewhere).
A copy of the database alone opens nothing; the RFC is the cipher's associated data, so a sealed password
cannot be moved to another RFC. Nothing here logs or raises a password.
"""

from __future__ import annotations

import base64
import contextlib
import os
import secrets
import stat
import sys
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop_app.core.clock import Clock, SystemClock, to_ms
from desktop_app.core.errors import AppError
from desktop_app.core.secrets import SecretStore
from desktop_app.core.store.db import ConnectionSource, transaction
from desktop_app.core.store.server_keys import SealedSecretRepository
from desktop_app.core.store.vault import private_dirs

VAULT_KEY_FILE = Path("server") / "vault.key"
_HEADER = b"descarga-masiva vault key v1\n"
_NONCE = 12
_VERSION = b"\x01"


def default_vault_key_path(home: Path) -> Path:
    return Path(home) / VAULT_KEY_FILE


def load_vault_key(path: Path, *, create: bool = True) -> bytes:
    """The 32-byte vault key in ``path``; made (0600, never overwritten) when missing and ``create``.

    Raises ``vault_key_missing``, ``vault_key_insecure`` (readable by other users: POSIX only) or
    ``vault_key_invalid``.
    """
    path = Path(path)
    if not path.exists():
        if not create:
            raise AppError("vault_key_missing", f"There is no vault key at {path}.", path=str(path))
        private_dirs(path.parent)
        key = secrets.token_bytes(32)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        except FileExistsError:  # another process made it first: use that one
            return load_vault_key(path, create=False)
        with os.fdopen(fd, "wb") as fh:
            fh.write(_HEADER + base64.b64encode(key) + b"\n")
            fh.flush()
            os.fsync(fh.fileno())
        return key
    if sys.platform != "win32":
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise AppError(
                "vault_key_insecure",
                f"The vault key {path} can be read by other users (mode {stat.S_IMODE(mode):o}): "
                f"run `chmod 600 {path}`.",
                path=str(path),
            )
    data = path.read_bytes()
    try:
        if not data.startswith(_HEADER):
            raise ValueError("no header")
        key = base64.b64decode(data[len(_HEADER) :].strip(), validate=True)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise AppError("vault_key_invalid", f"{path} is not a vault key of this app.", path=str(path))
    return key


class SealedSecretStore(SecretStore):
    """:class:`SecretStore` for a server: passwords sealed in the database with the vault key.

    Args:
        key: the 32-byte vault key (:func:`load_vault_key`).
        db: the home's connections; may be given later with :meth:`attach` (the service opens them).
    """

    unlock_advice = (
        "The server holds no FIEL password for this RFC: upload its e.firma again with the password "
        "(POST /v2/invoices/download/fiel); the server reads passwords only from its sealed store."
    )

    def __init__(self, key: bytes, db: ConnectionSource | None = None, clock: Clock | None = None) -> None:
        super().__init__()
        if len(key) != 32:
            raise ValueError("the vault key is 32 bytes")
        self._aead = AESGCM(key)
        self._db = db
        self._clock = clock or SystemClock()

    def attach(self, db: ConnectionSource) -> None:
        self._db = db

    def _repo(self) -> SealedSecretRepository:
        if self._db is None:
            raise RuntimeError("SealedSecretStore used before attach()")
        return SealedSecretRepository(self._db)

    @staticmethod
    def _name(rfc: str) -> str:
        return f"fiel_password:{rfc}"

    def keyring_available(self) -> bool:
        return True  # the daily sync runs unattended: the server unseals the password itself

    def set_password(self, rfc: str, password: str, *, persist: bool = True) -> bool:
        name = self._name(rfc)
        nonce = secrets.token_bytes(_NONCE)
        sealed = _VERSION + nonce + self._aead.encrypt(nonce, password.encode("utf-8"), name.encode("utf-8"))
        repo = self._repo()
        conn = repo.db.get()
        if conn.in_transaction:  # join the caller's
            repo.put(name, sealed, to_ms(self._clock.now()))
        else:
            with transaction(conn):
                repo.put(name, sealed, to_ms(self._clock.now()))
        return True

    def get_password(self, rfc: str) -> str | None:
        name = self._name(rfc)
        sealed = self._repo().get(name)
        if sealed is None:
            return None
        try:
            if sealed[:1] != _VERSION:
                raise InvalidTag
            nonce, body = sealed[1 : 1 + _NONCE], sealed[1 + _NONCE :]
            return self._aead.decrypt(nonce, body, name.encode("utf-8")).decode("utf-8")
        except (InvalidTag, UnicodeDecodeError):
            raise AppError(
                "vault_key_mismatch",
                f"The server's vault key does not open the stored FIEL password of {rfc}: start the server with the "
                "vault key it was stored with (--vault-key), or upload the FIEL again.",
                rfc=rfc,
            ) from None

    def delete_password(self, rfc: str) -> bool:
        repo = self._repo()
        conn = repo.db.get()
        with contextlib.ExitStack() as stack:
            if not conn.in_transaction:
                stack.enter_context(transaction(conn))
            repo.delete(self._name(rfc))
        return True
