"""The office server's audit log (issue 19): who did what, when — never a secret.

Each request to the server is one :class:`AuditEntry` (the key's public id, the client's address, the method, the
path without its query string, the RFC, the HTTP status and the error code). Headers, bodies and query strings
are never recorded, so a password, a token or an uploaded file cannot end up here.

Entries are written by one thread of their own, in batches, so that a reader never waits for SQLite's write lock
behind a sync pass's commit; a change (``wait=True``) is on disk before its answer goes out. SQL:
:mod:`desktop_app.core.store.server_keys`.
"""

from __future__ import annotations

import logging
import queue
import threading
from typing import Any

from desktop_app.core.store.db import ConnectionPerThread, transaction
from desktop_app.core.store.server_keys import AuditEntry, AuditLogRepository

__all__ = ["AuditEntry", "AuditTrail"]

log = logging.getLogger(__name__)

_STOP = object()
BATCH = 500


class AuditTrail:
    """Appends :class:`AuditEntry` rows from any thread; one writer thread commits them.

    Args:
        db: the home's connections (the writer thread gets its own).
    """

    def __init__(self, db: ConnectionPerThread) -> None:
        self.db = db
        self.repo = AuditLogRepository(db)
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=100_000)
        self._thread = threading.Thread(target=self._run, name="audit-writer", daemon=True)
        self._started = False
        self._lock = threading.Lock()

    def start(self) -> AuditTrail:
        with self._lock:
            if not self._started:
                self._thread.start()
                self._started = True
        return self

    def record(self, entry: AuditEntry, *, wait: bool = False) -> None:
        """Queue ``entry``; with ``wait``, return once it is committed (or after 5 s, logged)."""
        done = threading.Event() if wait else None
        try:
            self._queue.put((entry, done), timeout=5)
        except queue.Full:  # never block the server on its own log: say so
            log.error("audit log queue full; entry dropped: %s %s %s", entry.method, entry.path, entry.status)
            return
        if done is not None and not done.wait(5):
            log.warning("audit entry not committed within 5 s: %s %s", entry.method, entry.path)

    def recent(self, limit: int = 100, *, key_id: str | None = None) -> list[dict[str, Any]]:
        return self.repo.recent(limit, key_id=key_id)

    def close(self, timeout: float = 10.0) -> None:
        """Commit what is queued and stop the writer."""
        with self._lock:
            if not self._started:
                return
            self._started = False
        self._queue.put((_STOP, None))
        self._thread.join(timeout)

    def _run(self) -> None:
        try:
            while True:
                batch = [self._queue.get()]
                while len(batch) < BATCH:
                    try:
                        batch.append(self._queue.get_nowait())
                    except queue.Empty:
                        break
                entries = [entry for entry, _done in batch if entry is not _STOP]
                if entries:
                    self._write(entries)
                for _entry, done in batch:
                    if done is not None:
                        done.set()
                if any(entry is _STOP for entry, _done in batch):
                    return
        finally:
            self.db.close()

    def _write(self, entries: list[AuditEntry]) -> None:
        try:
            with transaction(self.db.get()):
                self.repo.insert_many(entries)
        except Exception:  # a full disk must not stop the server; it is logged, with the entries' shape only
            log.exception("could not write %d audit entries", len(entries))
