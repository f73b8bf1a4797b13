"""A per-profile lock so the GUI's poller and a scheduled CLI run never sync the same RFC at once.

An OS file lock (``fcntl.flock`` / ``msvcrt.locking``) on ``<home>/<RFC>/sync.lock``: the OS releases it
when the process dies, so a killed sync never leaves a stale lock behind.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from desktop_app.core.errors import AppError
from desktop_app.core.store.vault import private_dirs

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class ProfileLock:
    """``with ProfileLock(path): …`` — raises ``sync_busy`` at once, or waits up to ``wait`` seconds."""

    def __init__(
        self, path: Path, *, wait: float = 0.0, sleep: Callable[[float], None] = time.sleep, poll: float = 0.5
    ) -> None:
        self.path = path
        self.wait = wait
        self._sleep = sleep
        self._poll = poll
        self._fd: int | None = None

    def __enter__(self) -> ProfileLock:
        private_dirs(self.path.parent)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + self.wait
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                os.close(fd)
                raise AppError(
                    "sync_busy",
                    "Another sync of this RFC is running (the window or a scheduled task); try again later.",
                )
            self._sleep(self._poll)
        self._fd = fd
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._fd is not None:
            _unlock(self._fd)
            os.close(self._fd)
            self._fd = None


class RunningMark(ProfileLock):
    """``with RunningMark(path): …`` — a file that says a process is at work for as long as it lives: created and
    locked (the lock is what tells; the OS drops it when the process dies, killed or not), removed at the end. A
    :class:`ProfileLock` that never waits (a fresh name of this process and thread: no one else holds it)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        super().__exit__(exc_type, exc, tb)  # unlocked and closed first: Windows keeps an open file from deletion
        self.path.unlink(missing_ok=True)


def abandoned(path: Path) -> bool:
    """Whether the process that left the :class:`RunningMark` at ``path`` is gone (its lock can be taken), or the
    mark was never held (an older version's, a plain file); False while it runs, or when it cannot be opened."""
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return False
    try:
        if _try_lock(fd):
            _unlock(fd)
            return True
        return False
    finally:
        os.close(fd)
