"""The FIEL password in the OS keyring (service ``descarga-masiva-sat``, user = RFC), never on disk.

Where no keyring works (a headless Linux box without Secret Service, say) the password is kept only in
this process's memory for the session: the app asks for it when it needs it, and unattended sync (the OS
task) cannot run for that profile — ``keyring_available()`` lets the UI say so.
"""

from __future__ import annotations

import contextlib
import threading

import keyring
from keyring.errors import KeyringError

SERVICE = "descarga-masiva-sat"


class SecretStore:
    """Password storage with a per-process memory fallback.

    Args:
        backend: a ``keyring`` backend to use instead of the system's (tests pass an in-memory one).
    """

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._backend = backend
        self._memory: dict[str, str] = {}
        self._lock = threading.Lock()

    def _ring(self) -> keyring.backend.KeyringBackend:
        return self._backend or keyring.get_keyring()

    def keyring_available(self) -> bool:
        ring = self._ring()
        priority = getattr(ring, "priority", 0)
        return priority > 0 and type(ring).__module__ != "keyring.backends.fail"

    def set_password(self, rfc: str, password: str) -> bool:
        """Store it; returns True when it went to the keyring, False when only to memory."""
        with self._lock:
            self._memory[rfc] = password
        if not self.keyring_available():
            return False
        try:
            self._ring().set_password(SERVICE, rfc, password)
        except (KeyringError, RuntimeError, OSError):
            return False
        return True

    def get_password(self, rfc: str) -> str | None:
        with self._lock:
            if rfc in self._memory:
                return self._memory[rfc]
        if not self.keyring_available():
            return None
        try:
            return self._ring().get_password(SERVICE, rfc)
        except (KeyringError, RuntimeError, OSError):
            return None

    def delete_password(self, rfc: str) -> None:
        with self._lock:
            self._memory.pop(rfc, None)
        if not self.keyring_available():
            return
        with contextlib.suppress(KeyringError, RuntimeError, OSError):
            self._ring().delete_password(SERVICE, rfc)
