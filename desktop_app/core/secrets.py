"""The FIEL password in the OS keyring (service ``descarga-masiva-sat``, user = RFC), never on disk.

Where no keyring works (a headless Linux box without Secret Service, say) the password is kept only in
this process's memory for the session: the app asks for it when it needs it, and unattended sync (the OS
task) cannot run for that profile — ``keyring_available()`` lets the UI say so.

The same holds when the keyring cannot even be loaded (``PYTHON_KEYRING_BACKEND=nonexistent.Backend``, a broken
keyring configuration or plug-in): a warning on stderr, ``keyring_problem`` says why, never a traceback.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import keyring
from keyring.backends import fail
from keyring.errors import PasswordDeleteError

SERVICE = "descarga-masiva-sat"

log = logging.getLogger(__name__)


class SecretStore:
    """Password storage with a per-process memory fallback.

    Args:
        backend: a ``keyring`` backend to use instead of the system's (tests pass an in-memory one).
    """

    # The ``password_required`` message: where the password was looked for, and what gives it.
    unlock_advice = (
        "The FIEL password is not in the system keyring: give it with --password-stdin "
        "(unattended sync needs a working keyring)."
    )

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._backend = backend
        self._memory: dict[str, str] = {}
        self._lock = threading.Lock()
        self._broken: keyring.backend.KeyringBackend | None = None
        self.keyring_problem: str | None = None  # why the system keyring could not be used, if it could not

    def _ring(self) -> keyring.backend.KeyringBackend:
        if self._backend is not None:
            return self._backend
        if self._broken is not None:
            return self._broken
        try:
            return keyring.get_keyring()
        except Exception as exc:  # a keyring that cannot load is "no keyring", not a crash
            self._broken = fail.Keyring()  # type: ignore[no-untyped-call]  # KeyringBackend.__init__ is unannotated
            self._warn(f"the system keyring cannot be loaded ({type(exc).__name__}: {exc})")
            return self._broken

    def _warn(self, problem: str) -> None:
        if self.keyring_problem is None:
            self.keyring_problem = problem
            log.warning(
                "%s; FIEL passwords are kept in this process's memory only (unattended sync needs a working "
                "keyring; check PYTHON_KEYRING_BACKEND and the keyring's configuration).",
                problem,
            )

    def keyring_available(self) -> bool:
        ring = self._ring()
        try:
            priority = ring.priority
        except Exception:  # a backend that cannot even say its priority does not work
            return False
        if not isinstance(priority, int | float) or priority <= 0 or type(ring).__module__ == "keyring.backends.fail":
            return False
        # Where no system keyring runs, ``keyring`` falls back to any backend installed, keyrings.alt's plain-text
        # file among them (priority 0.5): the password would go to a file. Such a store is no keyring here.
        return not any(_stores_in_a_file(backend) for backend in [ring, *getattr(ring, "backends", [])])

    def set_password(self, rfc: str, password: str, *, persist: bool = True) -> bool:
        """Store it; returns True when it went to the keyring, False when only to memory.

        ``persist=False`` keeps it in this process's memory only (the user typed it and chose not to have the
        keyring remember it).
        """
        with self._lock:
            self._memory[rfc] = password
        if not persist or not self.keyring_available():
            return False
        try:
            self._ring().set_password(SERVICE, rfc, password)
        except Exception as exc:  # any backend failure means "memory only"
            self._warn(f"the system keyring refused to store the password ({type(exc).__name__})")
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
        except Exception as exc:
            self._warn(f"the system keyring could not be read ({type(exc).__name__})")
            return None

    def delete_password(self, rfc: str) -> bool:
        """Forget it (memory and keyring); returns False when the keyring had to be left as it was."""
        with self._lock:
            self._memory.pop(rfc, None)
        if not self.keyring_available():
            return True
        try:
            self._ring().delete_password(SERVICE, rfc)
        except PasswordDeleteError:
            return True  # there was none
        except Exception as exc:
            self._warn(f"the system keyring could not delete the password ({type(exc).__name__})")
            return False
        return True


def _stores_in_a_file(backend: Any) -> bool:
    """Whether a ``keyring`` backend keeps passwords in a file of its own (keyrings.alt's plain-text and
    "encrypted" files, or any backend named so) rather than in the operating system's keyring."""
    kind = type(backend)
    return kind.__module__.startswith("keyrings.alt") or any(
        word in kind.__name__ for word in ("Plaintext", "File", "Uncrypted")
    )
